"""Data types passed between the analyzer (finds spans) and the anonymizer (replaces them)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

TAGS: tuple[str, ...] = (
    "PATIENT",
    "PERSON",
    "LOCATION",
    "INSTITUTION",
    "DATE",
    "AGE",
    "ID",
    "PHONE",
    "EMAIL",
    "URL",
)


@dataclass(frozen=True, order=True)
class Span:
    """One piece of PHI: character offsets into the text it was found in, its tag and its text."""

    start_char: int
    end_char: int
    tag: str
    text: str

    def to_dict(self) -> dict[str, object]:
        """JSON-friendly form (deduce's annotation format)."""
        return {"text": self.text, "start_char": self.start_char, "end_char": self.end_char, "tag": self.tag}


@dataclass
class Patient:
    """What the hospital knows about the report's patient, used to find their name and ids in any form."""

    first_names: list[str] = field(default_factory=list)
    surname: str | None = None
    birth_date: str | dt.date | None = None
    ids: list[str] = field(default_factory=list)
    sex: str | None = None

    @classmethod
    def from_dict(cls, data: dict[str, object] | None) -> Patient | None:
        """Build from a regression case's ``patient`` object (missing keys allowed)."""
        if not data:
            return None
        first = data.get("first_names") or []
        if isinstance(first, str):
            first = first.split()
        ids = data.get("ids") or []
        if isinstance(ids, str):
            ids = [ids]
        return cls(
            first_names=[str(x) for x in first],  # type: ignore[union-attr]
            surname=str(data["surname"]) if data.get("surname") else None,
            birth_date=str(data["birth_date"]) if data.get("birth_date") else None,
            ids=[str(x) for x in ids],  # type: ignore[union-attr]
            sex=str(data["sex"]) if data.get("sex") else None,
        )

    def birth(self) -> dt.date | None:
        """Birth date as a date, or None when absent or unparseable."""
        if isinstance(self.birth_date, dt.date):
            return self.birth_date
        if not self.birth_date:
            return None
        try:
            return dt.date.fromisoformat(str(self.birth_date)[:10])
        except ValueError:
            return None


@dataclass
class Document:
    """Result of the analyzer: the text and its sorted, non-overlapping PHI spans."""

    text: str
    spans: list[Span]
    patient: Patient | None = None


@dataclass
class PseudonymizedText:
    """Result of the anonymizer: surrogate text, spans located in it, and the date offset used."""

    text: str
    spans: list[Span]
    date_shift_days: int
