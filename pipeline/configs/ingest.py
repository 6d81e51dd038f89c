"""Configuration of the `ingest` stage."""

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
