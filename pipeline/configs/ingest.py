"""Configuration of the `ingest` stage."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

#: DICOM attributes copied to out/: technical only, nothing that identifies anyone.
DEFAULT_KEEP_TAGS = [
    "Modality",
    "BodyPartExamined",
    "ViewPosition",
    "ImageLaterality",
    "Laterality",
    "PixelSpacing",
    "PhotometricInterpretation",
    "BitsStored",
    "BurnedInAnnotation",
]

#: Projection radiography and its relatives. US/CT/MR/NM/PT frames are other kinds of image the
#: CLIP model is not trained on; secondary captures of film are usually OT.
DEFAULT_MODALITIES = ["CR", "DX", "DR", "RG", "RF", "MG", "PX", "IO", "OT"]


class IngestConfig(BaseModel):
    """How source files are found, converted and linked."""

    model_config = ConfigDict(extra="forbid")

    longest_side: int = Field(1024, ge=16, description="Longest side (px) of the PNG written to out/images.")
    dicom_extensions: list[str] = Field(
        [".dcm", ".dicom", ".ima", ""],
        description="File name endings read as DICOM ('' = files without extension, common in PACS exports).",
    )
    image_extensions: list[str] = Field(
        [".png", ".jpg", ".jpeg"],
        description="Plain image files; they need a row in paths.image_manifest to know their patient/study.",
    )
    pdf_extensions: list[str] = Field([".pdf"], description="Report files.")
    keep_tags: list[str] = Field(
        DEFAULT_KEEP_TAGS, description="Whitelisted technical DICOM attributes kept in out/images."
    )
    max_file_mb: float = Field(
        512.0, gt=0, description="Files larger than this go to rejects instead of being read into memory."
    )
    id_length: int = Field(16, ge=8, le=64, description="Hex characters of the new random ids.")
    modalities: list[str] | None = Field(
        DEFAULT_MODALITIES,
        description="DICOM Modality values kept; others are rejected as 'modality XX not kept'. "
        "null keeps every modality; files without a Modality are kept.",
    )
    max_pixels: int = Field(
        50_000_000, gt=0,
        description="Largest rows x columns x samples of the (first) frame decoded; checked on the header "
        "before decoding, and compressed streams must declare the same size as the header.",
    )
    max_bytes: int = Field(
        4 * 1024**3, gt=0,
        description="Largest declared uncompressed pixel data (rows x columns x frames x samples x bytes).",
    )
    max_item_memory_mb: float | None = Field(
        2048, gt=0,
        description="Address space one file's conversion may add (a limited child process per worker, "
        "replaced when an item kills it); null: no child process and no limit.",
    )
    max_item_seconds: float = Field(120, gt=0, description="Wall-clock limit of one file's conversion.")
    follow_symlinks: Literal["inside-only", "never"] = Field(
        "inside-only",
        description="Symbolic links under dicom_dir/pdf_dir: followed only when their target is inside the "
        "same tree ('inside-only'), or never; others are rejected with a reason.",
    )
    manifest_encodings: list[str] = Field(
        ["utf-8"],
        description="Encodings tried in order for the manifests (a UTF-8 BOM is always accepted), "
        "e.g. ['utf-8', 'cp1252'].",
    )
    manifest_max_field_chars: int = Field(
        10_000, gt=0, description="Longest manifest field; a longer one stops the run with a one-line error."
    )
    manifest_conflicts: Literal["error", "reject"] = Field(
        "error",
        description="Same file listed twice with different patient ids: stop with a one-line error listing "
        "the first rows, or reject that file with a reason.",
    )
