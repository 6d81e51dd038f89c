"""The structured report: its JSON schema (given to guided decoding) and its validation (always).

Why a schema with explicit `findings`: the guard that compares a structured report with the
study's pseudo-labels needs the model to commit, per finding, to present / absent / uncertain; the
free text is checked as well (the rule-based labeler is run over it), so neither can slip through.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, create_model

FindingStatus = Literal["present", "absent", "uncertain"]
Sentence = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=300)]


class StructuredReportBase(BaseModel):
    """Title, observations (what the images show), conclusion; `findings` is added per configured task."""

    model_config = ConfigDict(extra="forbid")

    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=120)]
    observations: list[Sentence] = Field(min_length=1, max_length=12)
    conclusion: Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=400)]


@lru_cache(maxsize=16)
def report_model(tasks: tuple[str, ...], max_observations: int = 12,
                 sentence_chars: int = 300) -> type[StructuredReportBase]:
    """The pydantic model of a structured report with one finding field per task.

    `max_observations` and `sentence_chars` bound the output, which bounds guided decoding too (a
    string must close by its maxLength); the defaults fit real reports, small models need tighter ones.
    """
    if (max_observations, sentence_chars) == (12, 300):
        base: type[StructuredReportBase] = StructuredReportBase
    else:
        text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=sentence_chars)]
        base = create_model(  # type: ignore[call-overload]
            "BoundedReport", __base__=StructuredReportBase, title=(text, ...), conclusion=(text, ...),
            observations=(list[text], Field(min_length=1, max_length=max_observations)))
    findings = create_model(  # type: ignore[call-overload]
        "Findings", __config__=ConfigDict(extra="forbid"), **{t: (FindingStatus, ...) for t in tasks}
    )
    return create_model("StructuredReport", __base__=base, findings=(findings, ...))


def json_schema(tasks: tuple[str, ...], max_observations: int = 12, sentence_chars: int = 300) -> dict[str, Any]:
    """The JSON schema sent to guided decoding (vLLM guided_json, lm-format-enforcer, structured outputs)."""
    return report_model(tasks, max_observations, sentence_chars).model_json_schema()


_FENCE = re.compile(r"^\s*```(?:json)?\s*|\s*```\s*$", re.IGNORECASE)


def parse_report(text: str | None, tasks: tuple[str, ...], max_observations: int = 12,
                 sentence_chars: int = 300) -> tuple[dict[str, Any] | None, str]:
    """(validated report as a dict, '') or (None, the first reason it is not valid)."""
    if text is None or not text.strip():
        return None, "empty output"
    raw = _FENCE.sub("", text.strip())
    try:
        data = json.loads(raw, strict=False)  # a raw newline inside a string is formatting, not an error
    except json.JSONDecodeError as err:
        return None, f"not JSON ({err.msg} at char {err.pos})"
    try:
        return report_model(tasks, max_observations, sentence_chars).model_validate(data).model_dump(), ""
    except ValidationError as err:
        first = err.errors()[0]
        loc = ".".join(str(p) for p in first["loc"]) or "<root>"
        return None, f"schema: {loc}: {first['msg']}"


def render_text(report: dict[str, Any]) -> str:
    """The structured report as the French text a VLM is trained to write."""
    lines = [report["title"], "", "Observations :"]
    lines += [f"- {o}" for o in report["observations"]]
    lines += ["", f"Conclusion : {report['conclusion']}"]
    return "\n".join(lines)
