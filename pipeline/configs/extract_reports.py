"""Configuration of the `extract-reports` stage (PDF -> report body text)."""

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator


class ExtractReportsConfig(BaseModel):
    """PDF text extraction and header/footer (letterhead) removal."""

    model_config = ConfigDict(extra="forbid")

    header_footer: Literal["auto", "template", "none"] = Field(
        "auto",
        description="'auto': learn the letterhead from the reports (recurring lines at the same place) and also "
        "apply header_mm/footer_mm/boilerplate_regexes; 'template': only those configured rules; 'none': keep all.",
    )
    header_mm: float | None = Field(
        None, ge=0, description="Drop every line whose top is less than this many mm below the page's top edge."
    )
    footer_mm: float | None = Field(
        None, ge=0, description="Drop every line whose bottom is less than this many mm above the page's bottom edge."
    )
    boilerplate_regexes: list[str] = Field(
        [], description="Lines fully matching one of these regexes (case-insensitive) are dropped, anywhere."
    )
    min_share: float = Field(
        0.05, gt=0, le=1,
        description="Auto mode: a line is letterhead if it recurs at the same place on at least this share of "
        "reports (low, because one export mixes several sites' letterheads).",
    )
    min_reports: int = Field(
        5, ge=2, description="Auto mode: fewest reports to learn from, and fewest that must share a letterhead line."
    )
    position_tolerance_mm: float = Field(
        1.5, gt=0, description="Auto mode: how far (mm) the same line may move between reports and still match."
    )
    contested_ratio: float = Field(
        0.5, gt=0,
        description="Auto mode: a recurring line is body text, not letterhead, if reports with varying text at "
        "its place number at least this ratio of the reports with it (protects frequent titles).",
    )
    learn_sample: int = Field(
        20000, ge=1,
        description="Auto mode: learn from at most this many reports (a seeded sample; all of them below it). "
        "Learning keeps every line of the sample in memory.",
    )
    paragraph_gap: float = Field(
        0.5, gt=0, description="A vertical gap larger than this many line heights starts a new paragraph."
    )

    @field_validator("boilerplate_regexes")
    @classmethod
    def _compiles(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as err:
                raise ValueError(f"invalid regex {pattern!r}: {err}") from None
        return patterns
