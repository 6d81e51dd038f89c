"""What the regression modules ask of an analysis, written once: the spans as (text, tag) pairs, and whether a part
of the text is masked. Each module pins rules with these; keeping one definition means a change in how spans are
read (a patient given, whitespace ignored) changes every module alike."""

from __future__ import annotations

from deduce_fr import Deidentifier
from deduce_fr.types import Patient


def tagged(deid: Deidentifier, text: str, patient: Patient | None = None) -> set[tuple[str, str]]:
    """The analysis's spans as (covered text, tag)."""
    return {(text[s.start_char : s.end_char], s.tag) for s in deid.annotate(text, patient=patient).spans}


def covered(deid: Deidentifier, text: str, part: str, patient: Patient | None = None, spaces: bool = False) -> bool:
    """Every non-space character of ``part`` (its first occurrence) lies inside some span, whatever its tag: the
    part would not survive redaction. With ``spaces`` its spaces too: one span (or touching spans) over the whole
    part, so no gap shows where a word was cut out."""
    at = text.index(part)
    cover = bytearray(len(text))
    for s in deid.annotate(text, patient=patient).spans:
        cover[s.start_char : s.end_char] = b"\x01" * (s.end_char - s.start_char)
    return all(cover[k] for k in range(at, at + len(part)) if spaces or not text[k].isspace())
