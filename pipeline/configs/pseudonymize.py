"""Configuration of the `pseudonymize` stage."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class PseudonymizeConfig(BaseModel):
    """How report text is de-identified by deduce_fr before it goes to out/."""

    model_config = ConfigDict(extra="forbid")

    mode: Literal["surrogate", "redact"] = Field(
        "surrogate",
        description="'surrogate': realistic replacements, consistent per patient, dates shifted per patient; "
        "'redact': '[TAG-n]' tokens (dates then carry no information).",
    )
    deduce_config: Path | None = Field(
        None,
        description="deduce_fr YAML config (e.g. with the hospital's staff, referrer and institution lists); "
        "None uses the one shipped in the package.",
    )
    max_chars: int = Field(
        200_000, ge=1, description="Reports longer than this many characters go to rejects (not a radiology report)."
    )
    min_chars: int = Field(1, ge=0, description="Reports with fewer non-blank characters go to rejects.")
