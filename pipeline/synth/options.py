"""Options of the synthetic hospital generator."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class SynthOptions(BaseModel):
    """Knobs of `generate_hospital`; every rate is a share in [0, 1].

    Defaults give a small but complete hospital (every bad-file kind, same-day
    studies, two-page reports...) suited to tests and the demo.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    n_patients: int = Field(40, ge=1)
    seed: int = 0
    image_size: int = Field(384, ge=32, description="longest side of generated pixel arrays")
    image_shape: tuple[int, int] | None = Field(
        None, description="(rows, cols) override of every image's shape, e.g. (2500, 2048) for benchmarks"
    )
    bad_file_rate: float = Field(0.03, ge=0, le=1)
    burned_phi_rate: float = Field(0.05, ge=0, le=1)
    laterality_marker_rate: float = Field(0.3, ge=0, le=1)
    small_text_rate: float = Field(
        0.0, ge=0, le=1,
        description="share of radiographs with small burned-in annotations (name, birth date, ID, exam date in "
        "corners and along an edge), the hard case for the OCR filter; 0 keeps the default hospital unchanged",
    )
    small_text_px: tuple[int, int] = Field(
        (8, 16), description="height range of that text in pixels at a longest side of 1024 (scaled to the image)"
    )
    fracture_rate: float = Field(0.4, ge=0, le=1)
    cast_rate_fracture: float = Field(0.0, ge=0, le=1, description="images of fracture studies with a plaster cast")
    cast_rate_normal: float = Field(0.0, ge=0, le=1, description="images of other studies with a plaster cast "
                                    "(below cast_rate_fracture: casts become a confounder of fracture)")
    same_day_rate: float = Field(0.05, ge=0, le=1)
    two_page_rate: float = Field(0.15, ge=0, le=1)
    non_radiology_rate: float = Field(0.05, ge=0, le=1)
    png_rate: float = Field(0.0, ge=0, le=1)
    missing_report_rate: float = Field(0.02, ge=0, le=1, description="studies whose report never reached the PDF tree")
    min_studies: int = Field(1, ge=1)
    max_studies: int = Field(5, ge=1)
    min_images: int = Field(1, ge=1)
    max_images: int = Field(6, ge=1)
    workers: int = Field(1, ge=1, description="processes rendering images and PDFs; output does not depend on it")
