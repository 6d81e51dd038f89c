"""Configuration of the `align` stage (report <-> study pairing)."""

import re

from pydantic import BaseModel, ConfigDict, Field, field_validator


class AlignConfig(BaseModel):
    """Pair each radiology report with its study by patient and date."""

    model_config = ConfigDict(extra="forbid")

    radiology_types: list[str] = Field(
        ["radiologie", "radiology", "imagerie", "imagerie médicale", "radio", "rx"],
        description="Manifest report_type values (case-insensitive) that mark a radiology report.",
    )
    radiology_title_regex: str = Field(
        r"\b(radiographi\w*|radiologi\w*|rx|radio|imagerie|clich[ée]s?|incidences?)\b",
        description="When report_type is empty: the report is radiology if its first paragraph matches this.",
    )
    use_accession: bool = Field(
        True, description="Pair first by accession number when the report manifest gives one that matches a study."
    )
    check_order: bool = Field(
        True,
        description="On a day with several studies and reports, also require each report to be written after its "
        "study (otherwise the day is ambiguous).",
    )

    @field_validator("radiology_title_regex")
    @classmethod
    def _compiles(cls, pattern: str) -> str:
        try:
            re.compile(pattern)
        except re.error as err:
            raise ValueError(f"invalid regex {pattern!r}: {err}") from None
        return pattern
