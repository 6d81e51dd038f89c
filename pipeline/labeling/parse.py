"""Robust parsing of a model's answer into one allowed value (or an abstention).

A sampled answer may carry quotes, a trailing period, a 'Réponse :' prefix, a JSON object, or be
plain garbage. Anything that does not map to exactly one allowed answer is an abstention (None),
counted in the votes, never a crash.
"""

from __future__ import annotations

import json
import re

from pipeline.labeling.text import fold

_PREFIX = re.compile(r"^(la )?(reponse|answer|label|valeur|resultat)\s*(finale)?\s*[:=-]\s*")
_TOKEN = re.compile(r"[a-z0-9]+")


def parse_answer(raw: str | None, answers: list[str], synonyms: dict[str, str] | None = None) -> str | None:
    """Map a generated text to an allowed answer, or None (abstention) if it is empty or ambiguous."""
    if raw is None:
        return None
    table = {fold(a): a for a in answers}
    for key, value in (synonyms or {}).items():
        table.setdefault(fold(key), value)
    text = fold(raw)
    if text.startswith("{"):
        try:
            data = json.loads(raw)
        except json.JSONDecodeError:
            data = None
        if isinstance(data, dict) and len(data) == 1:
            text = fold(str(next(iter(data.values()))))
    text = _PREFIX.sub("", text).strip(" \t\"'`*.,;:!()[]")
    if text in table:
        return table[text]
    # Otherwise only the first word counts ("1 (fracture du radius)", "non."); anything else abstains.
    first = _TOKEN.match(text)
    if first and first.group(0) in table and _only_one_answer(text, table):
        return table[first.group(0)]
    return None


def _only_one_answer(text: str, table: dict[str, str]) -> bool:
    """'oui ou non' names two answers: that is a refusal to choose, so an abstention."""
    found = {table[t] for t in _TOKEN.findall(text) if t in table}
    return len(found) == 1
