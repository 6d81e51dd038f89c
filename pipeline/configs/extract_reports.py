"""Configuration of the `extract-reports` stage (PDF -> report body text)."""

import re
from pathlib import Path
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
    template_file: Path | None = Field(
        None,
        description="Auto mode: a reviewed letterhead template (the JSON of vault/report_template/template.json, "
        "edited as needed) used instead of learning one; header_mm/footer_mm/boilerplate_regexes still apply.",
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
        0.1, gt=0, le=1,
        description="Auto mode: a line is letterhead if it recurs at the same place on at least this share of "
        "the first pages of its cluster (reports sharing a producer and a letterhead); low, because one cluster "
        "may mix variants (a doctor's name in the header).",
    )
    min_reports: int = Field(
        3, ge=2, description="Auto mode: fewest reports of one cluster to learn from, and fewest first pages that "
        "must share a letterhead line.",
    )
    header_zone_mm: float = Field(
        100.0, gt=0, description="Auto mode: only lines within this distance (mm) of the top edge can be letterhead."
    )
    footer_zone_mm: float = Field(
        60.0, gt=0, description="Auto mode: only lines within this distance (mm) of the bottom edge can be footer."
    )
    remove_page_labels: bool = Field(
        True, description="Drop page labels ('Page 1/2', 'Page 1 sur 3', '1/3', '- 2 -') near the top/bottom edges."
    )
    label_zone_mm: float = Field(
        30.0, gt=0, description="How close (mm) to the top or bottom edge a page label must be to be dropped."
    )
    max_pages: int = Field(
        200, ge=1, description="Reject a PDF with more pages (read from the page tree before parsing any page)."
    )
    max_inflated_mb: int = Field(
        256, ge=1, description="Reject a PDF whose compressed streams inflate to more than this (MiB): "
        "decompression bombs.",
    )
    max_item_memory_mb: float | None = Field(
        2048, gt=0,
        description="Address space one PDF's parsing may add (a limited child process per worker, replaced when a "
        "PDF kills it); null: parse in the worker itself, with no memory or time limit.",
    )
    max_item_seconds: float = Field(120, gt=0, description="Wall-clock limit of one PDF's parsing.")
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
