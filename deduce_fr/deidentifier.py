"""The Deidentifier: analyzer (annotators + overlap resolution) and anonymizers (redact, surrogates)."""

from __future__ import annotations

import datetime as dt
import gc
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import yaml

from deduce_fr.annotators import (
    ANNOTATOR_TYPES,
    Annotator,
    Candidate,
    Context,
    PersonAnnotator,
    link_towns,
)
from deduce_fr.config import ConfigError, validate_config
from deduce_fr.dates import parse_date
from deduce_fr.hl7 import HL7Annotator, drop_structural_noise
from deduce_fr.institution_heads import HeadMerger
from deduce_fr.learned import LearnedAnnotator
from deduce_fr.lookups import Lookups, fold, load_lookups
from deduce_fr.ner import NerUnavailable
from deduce_fr.noisy import _fuzzy_first, keep_relatives
from deduce_fr.surrogates import FEMALE_TITLES, MALE_TITLES, SurrogateGenerator, date_offset
from deduce_fr.tokenizer import tokenize
from deduce_fr.types import TAGS, Document, Patient, PseudonymizedText, Span

DEFAULT_CONFIG = Path(__file__).resolve().parent / "config.yaml"
_TITLE_BEFORE = re.compile(r"([^\W\d_]+)\.?\s*$")
_LOOKUP_CACHE: dict[tuple[str, str], Lookups] = {}
_WHOLE_TAGS = frozenset({"EMAIL", "URL"})
# names that run on past a kept span's end: organisations and places ('aéroport de Nice' + 'Nice Côte d'Azur'); a
# person's candidate running on takes in the next field's label ('PN:X^Y DOB:...' -> 'Y DOB')
_RUN_ON_TAGS = frozenset({"INSTITUTION", "LOCATION"})
# a street address's start (house number, street type): a patient's name inside such a span is the street's
_STREET_START = re.compile(r"(?:\d{1,4}(?:[ \t]?(?:bis|ter|[a-c]))?,?[ \t]+)?(?i:rue|avenue|av\.|boulevard|bd|place|chemin|"
                           r"allée|impasse|quai|chaussée|route|square|clos|cours|passage|drève|sentier|esplanade)[ \t]")
_WORD_TAGS = frozenset({"PATIENT", "PERSON", "LOCATION", "INSTITUTION"})
# kin words naming a relative (never the patient: no 'enfant', 'bébé', 'femme', which also describe the patient)
_KIN = (r"fils|fille|m[eè]re|p[eè]re|maman|papa|mari|[eé]poux|[eé]pouse|conjointe?|compagnon|compagne|fr[eè]re|s[oœ]e?ur"
        r"|oncle|tante|neveu|ni[eè]ce|cousine?|parents|gendre|belle-fille|beau-fils|belle-m[eè]re|beau-p[eè]re"
        r"|belle-s[oœ]e?ur|beau-fr[eè]re|petit-fils|petite-fille|grand-m[eè]re|grand-p[eè]re|tuteur|tutrice")
_CIVILITY = r"(?:M|Mr|MR|Mme|MME|Mlle|Monsieur|Madame|Mademoiselle)\.?[ \t]+"
# a kin word right before the name (not after 'ma', 'mon', 'notre': the writer's relative is often the patient), maybe with a colon or an opening bracket, one word ('Parents prévenus (M. X)'),
# a civility, or a couple's two ('Fille Mme X', 'Mari M. X', 'Maman (Mme X)', 'Parents : M. et Mme X', 'sa mère (X')
_KIN_BEFORE = re.compile(rf"(?<![\w-])(?<!(?i:ma) )(?<!(?i:mon|mes|nos) )(?<!(?i:notre) )(?i:{_KIN})(?:[ \t]*[:,(][ \t]*|[ \t]+[^\W\d_]+[ \t]*\([ \t]*|[ \t]+)"
                         rf"(?:{_CIVILITY}(?:et[ \t]+{_CIVILITY})?)?$")
# ... or in a bracket right after it ('Mme X (belle-fille)', 'Mme X (épouse)')
_KIN_AFTER = re.compile(rf"[ \t]*\([ \t]*(?:(?:sa|son)[ \t]+)?(?i:{_KIN})[ \t]*[),;]")
# a newborn or a child named by the family name, right before it ('Bébé Robin (fille)', 'nouveau-né X (garçon)'):
# a bracketed 'fille' / 'fils' after such a name is the child's sex, not a relative of the patient
_CHILD_BEFORE = re.compile(r"(?<![\w-])(?i:b[ée]b[ée]|bb|nouveau-n[ée]e?|nourrisson|enfant|jumeau|jumelle)[ \t]+$")
_SEX_AFTER = re.compile(r"[ \t]*\([ \t]*(?i:fille|fils|gar[çc]on)[ \t]*[),;]")
# a kin word after a third person's possessive ('son épouse Nicole', 'sa fille, Mme X'): the name after it is a
# relative's whatever it reads like (an 'épouse' after the patient's surname is not a married name then)
_POSSESSIVE_KIN_BEFORE = re.compile(rf"(?<![\w-])(?i:son|sa|ses|leurs?)[ \t]+(?i:{_KIN})[ \t]*[:,(]?[ \t]*(?:{_CIVILITY})?$")
# a couple named by the family name alone ('M. et Mme Lefèvre', 'Monsieur et Madame X'): two people, the writers tag
# PERSON (the parents of a child, the patient's relatives) even when the name is the patient's
_COUPLE_BEFORE = re.compile(r"(?<![\w-])(?:(?:M|Mr|MR|Monsieur|MM)\.?[ \t]+(?:et|&)[ \t]+(?:Mme|MME|Madame)|"
                            r"(?:Mme|MME|Madame)[ \t]+(?:et|&)[ \t]+(?:M|Mr|MR|Monsieur)\.?)[ \t]+$")
# where someone lives or comes from, right before a name: the name is a place ('habite Schiltigheim', 'arrivée en
# Lorraine', 'originaire de Gap', 'vit à Yutz'). A verb of residence may stand alone; a verb of moving or birth needs its
# preposition ('née Martin' is a maiden name); 'en' + a capitalised word is a region or a country, never a person
_PLACE_CUE_BEFORE = re.compile(
    r"(?i:(?<![\w'’-])(?:habit(?:e|ent|ait|aient|ant|ante|ants)|r[ée]sid(?:e|ent|ait|ant|ante)|domicili[ée]e?s?|demeur(?:e|ant))"
    r"(?:[ \t]+(?:[àa]|au|aux|en|dans|sur|pr[èe]s[ \t]+de|vers))?[ \t]+"
    r"|(?<![\w'’-])(?:vi(?:t|vait|vent|vant)|n[ée]e?s?|originaires?|install[ée]e?s?|arriv[ée]e?s?|d[ée]m[ée]nag[ée]e?s?|"
    r"(?:re)?venue?s?|parti(?:e|s|es)?|rentr[ée]e?s?|s[ée]jour(?:ne|nant|nait)?|r[ée]fugi[ée]e?s?)"
    r"[ \t]+(?:[àa]|au|aux|en|dans|de|d['’]|du|des|pr[èe]s[ \t]+de)[ \t]*"
    r"|(?<![\w'’-])en[ \t]+)$")
BATCH_SIZE = 256  # texts per annotator-major block of the *_batch methods (16: 2.56, 64: 2.37, 256: 2.23, 1000: 2.20 ms/report)


def load_config(config: str | Path | dict[str, Any] | None) -> tuple[dict[str, Any], Path]:
    """Parse and validate the YAML config (a path or an already-parsed dict); return it with its folder.

    Raises :class:`~deduce_fr.config.ConfigError` (one line naming the bad key) on an unknown key,
    a wrong type, an unreadable file or invalid YAML.
    """
    if config is None:
        config = DEFAULT_CONFIG
    if isinstance(config, dict):
        return validate_config(config), DEFAULT_CONFIG.parent
    path = Path(config)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"deduce_fr config {path}: cannot read it ({exc.strerror or exc})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" at line {mark.line + 1}" if mark is not None else ""
        raise ConfigError(f"deduce_fr config {path}: invalid YAML{at}") from None
    return validate_config(data, f"deduce_fr config {path}"), path.resolve().parent


def config_without(config: str | Path | dict[str, Any] | None, *names: str) -> dict[str, Any]:
    """The config with the named annotators left out: e.g. ``config_without(None, "learned")`` is the rule layer
    alone, what the regression cases pin and what `deduce-fr evaluate --disable learned` measures."""
    cfg, _ = load_config(config)
    known = {a.get("name") for a in cfg["annotators"]}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise ConfigError(f"no annotator named {unknown[0]!r} in the config (one of {', '.join(sorted(known))})")
    return {**cfg, "annotators": [a for a in cfg["annotators"] if a.get("name") not in names]}


def _extend_right(taken: list[Candidate], runs_on: list[Candidate]) -> list[Candidate]:
    """A candidate that lost to kept spans of its own tag, starting inside the first and covering words they leave out,
    joins them: 'aéroport de Nice' kept and 'Nice Côte d'Azur' lost leave 'Côte d'Azur' readable otherwise; the union
    is one name. Only rightwards, only within a tag, only organisations and places: a loser reaching LEFT is mostly
    a cue word an eager pattern took in ('Me X', 'IRM au Centre X'), one of another tag names something else, and a
    person's runs into the next label ('X^Y DOB') (measured on the dev halves: those added masked words, not names)."""
    spans = list(taken)
    for s, e, t in runs_on:
        over = [x for x in spans if x[0] < e and s < x[1]]
        if not over or any(x[2] != t for x in over) or s < min(x[0] for x in over):
            continue
        if sum(min(e, x[1]) - max(s, x[0]) for x in over) >= e - s:
            continue  # (covered by now: the kept spans do not overlap each other)
        spans = [x for x in spans if x not in over]
        spans.append((min(x[0] for x in over), max(e, max(x[1] for x in over)), t))
    return spans


class Deidentifier:
    """Finds PHI in French radiology text and replaces it (redaction or realistic surrogates).

    ``seed`` makes surrogates and date offsets differ between deployments while staying
    deterministic for a given (seed, key).
    """

    def __init__(self, config: str | Path | dict[str, Any] | None = None, seed: object = 0) -> None:
        cfg, base = load_config(config)
        cache_key = (repr(sorted(cfg.get("lookups", {}).items())), str(base))
        self._fresh_lists = cache_key not in _LOOKUP_CACHE
        if cache_key not in _LOOKUP_CACHE:
            _LOOKUP_CACHE[cache_key] = load_lookups(cfg.get("lookups", {}), base)
        self.lookups = _LOOKUP_CACHE[cache_key]
        self.priority = {t: i for i, t in enumerate(cfg.get("tag_priority", TAGS))}
        self.annotators: list[Annotator] = []
        for k, spec in enumerate(cfg.get("annotators", [])):
            spec = dict(spec)
            kind = spec.pop("type")
            try:
                self.annotators.append(ANNOTATOR_TYPES[kind](**spec))
            except re.error as exc:
                raise ConfigError(f"deduce_fr config: annotators[{k}] ({spec.get('name', kind)}): "
                                  f"invalid regular expression: {exc}") from None
            except NerUnavailable as exc:
                raise ConfigError(f"deduce_fr config: annotators[{k}] ({spec.get('name', kind)}): {exc}") from None
        # the learned residual annotator is no ordinary annotator: it reads the rules' RESOLVED spans (its features
        # stack on them) and runs after resolution and head merging (see _add_learned); a disabled one does nothing
        self.learned = [a for a in self.annotators if isinstance(a, LearnedAnnotator) and a.enabled]
        self.annotators = [a for a in self.annotators if not isinstance(a, LearnedAnnotator)]
        self.surrogates = SurrogateGenerator(self.lookups, seed=seed)
        # with the HL7 annotator on, what other annotators read into the coded fields it reads whole
        # ('ORU^R01' as a name, the patient class 'O' as an institution) is dropped before resolution
        self._hl7_fields = any(isinstance(a, HL7Annotator) for a in self.annotators)
        heads_cfg = cfg.get("institution_heads") or {}
        self.head_merger = (HeadMerger(heads_cfg["heads"], heads_cfg.get("max_words", 4),
                                       heads_cfg.get("bare_heads_refused", []), heads_cfg.get("join_towns", True))
                            if heads_cfg.get("enabled") and heads_cfg.get("heads") else None)
        # The lists (tens of thousands of entries: the shared lookups, and the place and register indexes
        # the annotators just built) live as long as the process: moved out of the collector's sight, full
        # collections triggered by each report's short-lived tokens stop re-scanning them (a fifth to a
        # third of the analysis time otherwise). Only the first Deidentifier of a config builds them.
        if self._fresh_lists:
            gc.freeze()
        self.seed = seed
        persons = [a for a in self.annotators if isinstance(a, PersonAnnotator)]
        link_towns(self.annotators)
        self.female_titles = {fold(t) for t in FEMALE_TITLES} | (persons[0].female_titles if persons else set())
        self.male_titles = {fold(t) for t in MALE_TITLES} | (persons[0].male_titles if persons else set())

    # analyzer ----------------------------------------------------------------
    def annotate(self, text: str, patient: Patient | dict[str, Any] | None = None) -> Document:
        """Find PHI spans: sorted, non-overlapping, one of the ten tags each."""
        if isinstance(patient, dict):
            patient = Patient.from_dict(patient)
        text = text if isinstance(text, str) else str(text)
        # A report allocates a few thousand short-lived tuples and lists (tokens, folded forms,
        # candidates) and no reference cycle: the cyclic collector's generation-0 passes over them
        # are pure cost (3-10% of the analysis, measured), so it pauses for the call and resumes after
        # (left alone when the caller has switched it off; another thread's collections only wait).
        # (the analysis runs in its own frame: its tokens, Context and candidates are freed before the
        # collector resumes, so the collection the next allocation triggers does not walk them all)
        collecting = gc.isenabled()
        if collecting:
            gc.disable()
        try:
            spans = self._spans(text, patient)
        finally:
            if collecting:
                gc.enable()
        return Document(text=text, spans=spans, patient=patient)

    def annotate_batch(self, texts: Iterable[str], patients: Iterable[Patient | dict[str, Any] | None] | None = None,
                       batch_size: int = BATCH_SIZE) -> list[Document]:
        """:meth:`annotate` of many texts: the same documents, in order, in about a third less time.

        The annotators run one after the other over a block of ``batch_size`` texts (annotator-major)
        instead of all of them over one text: each annotator's code and lists stay in the CPU caches
        for the whole block, where one report at a time evicts them some thirty times per report
        (measured on 600 bench reports: 3.2 -> 2.2 ms per report; a block of 256 peaks at ~21 MB).
        Every annotator is a function of its text's Context, so the spans are exactly those of
        :meth:`annotate` (``bench/deid_outputs.py check --batch`` proves it on every case and report).
        """
        texts = [t if isinstance(t, str) else str(t) for t in texts]
        found = [None] * len(texts) if patients is None else [
            Patient.from_dict(p) if isinstance(p, dict) else p for p in patients]
        if len(found) != len(texts):
            raise ValueError(f"annotate_batch: {len(texts)} texts but {len(found)} patients")
        size = max(1, int(batch_size))
        spans: list[list[Span]] = []
        collecting = gc.isenabled()  # (paused as in annotate: the blocks allocate much and hold no cycle)
        if collecting:
            gc.disable()
        try:
            for b in range(0, len(texts), size):
                spans.extend(self._spans_block(texts[b : b + size], found[b : b + size]))
        finally:
            if collecting:
                gc.enable()
        return [Document(text=t, spans=s, patient=p) for t, s, p in zip(texts, spans, found)]

    def _spans_block(self, texts: list[str], patients: list[Patient | None]) -> list[list[Span]]:
        """:meth:`_spans` of a block of texts, stage-major: each step (tokenizer, Context, every annotator,
        then each step of :meth:`_finish`) runs over the whole block before the next (in its own frame: the
        Contexts die with it). Only the order of the calls changes: each is a function of its own text."""
        lookups = self.lookups
        tokens = [tokenize(t) for t in texts]
        contexts = [Context(text=t, tokens=k, lookups=lookups, patient=p) for t, k, p in zip(texts, tokens, patients)]
        found: list[list[Candidate]] = [[] for _ in texts]
        for annotator in self.annotators:
            run = annotator.annotate
            for candidates, ctx in zip(found, contexts):
                candidates.extend(run(ctx))
        del contexts
        # the same (start, end, tag) proposed by several annotators (a quarter of all candidates on the bench's
        # reports) is one candidate: every step below treats each on its own or keeps the first of equal ones
        found = [list(dict.fromkeys(c)) for c in found]
        # (as _finish, one step at a time: measured 2.40 -> 2.20 ms per report over the text-by-text _finish)
        if self._hl7_fields:
            found = [drop_structural_noise(c, t, lookups) for c, t in zip(found, texts)]
        found = [place_cued(towns_named_like_the_patient(kin_relatives(keep_relatives(drop_lot_numbers(c, t), t, p,
                                                                                        lookups), t, p), t, p), t)
                 for c, t, p in zip(found, texts, patients)]
        resolve = self.resolve
        resolved = [resolve(c, t) for c, t in zip(found, texts)]
        if self.head_merger is not None:
            merge = self.head_merger.merge
            resolved = [merge(r, t) for r, t in zip(resolved, texts)]
        if self.learned:
            resolved = [self._add_learned(r, t, k) for r, t, k in zip(resolved, texts, tokens)]
        return [[_span(s, e, tag, t[s:e]) for s, e, tag in r] for r, t in zip(resolved, texts)]

    def _spans(self, text: str, patient: Patient | None) -> list[Span]:
        """The analysis proper: annotators, then overlap resolution."""
        tokens = tokenize(text)
        ctx = Context(text=text, tokens=tokens, lookups=self.lookups, patient=patient)
        candidates: list[Candidate] = []
        for annotator in self.annotators:
            candidates.extend(annotator.annotate(ctx))
        return self._finish(candidates, text, patient, tokens)

    def _finish(self, candidates: list[Candidate], text: str, patient: Patient | None,
                tokens: list | None = None) -> list[Span]:
        """A text's candidates -> its spans: relatives retagged, overlaps resolved, institution heads merged."""
        candidates = list(dict.fromkeys(candidates))  # (duplicates dropped, first kept: see _spans_block)
        if self._hl7_fields:
            candidates = drop_structural_noise(candidates, text, self.lookups)
        # a relative sharing the patient's surname ('son fils Didier Caucheteux') stays PERSON
        candidates = drop_lot_numbers(candidates, text)  # (a product's batch: no person's identifier)
        candidates = place_cued(towns_named_like_the_patient(
            kin_relatives(keep_relatives(candidates, text, patient, self.lookups), text, patient), text, patient), text)
        resolved = self.resolve(candidates, text)
        if self.head_merger is not None:
            resolved = self.head_merger.merge(resolved, text)
        if self.learned:
            resolved = self._add_learned(resolved, text, tokens)
        return [_span(s, e, t, text[s:e]) for s, e, t in resolved]

    def _add_learned(self, resolved: list[Candidate], text: str, tokens: list | None) -> list[Candidate]:
        """The learned annotators' spans over a text's final rule spans (resolved, heads merged): the model's
        features stack on exactly the spans it was trained on (scripts/train_learned.py reads this same output).
        A learned span fills a gap (it overlaps no rule span) or, when its gate widens organisations, replaces the
        rule spans it wholly contains ('pharmacie [Martin]' -> '[pharmacie Martin]'); one that cuts a rule span is
        dropped. The rules' spans are never cut, and the list stays sorted and non-overlapping. The spans the layer
        added then take in their heads and towns (the head merge before it never saw them: 'centre aquatique [X]')."""
        rules = resolved
        for model in self.learned:
            found = model.annotate_with(text, tokens, resolved, self.lookups)
            if not found:
                continue
            out = list(resolved)
            for s, e, t in sorted(found):
                inside = [r for r in out if s <= r[0] and r[1] <= e]
                if any(r[0] < e and s < r[1] for r in out if r not in inside):
                    continue  # (cuts a rule span, or another learned one: the rules' spans stay whole)
                out = [r for r in out if r not in inside] + [(s, e, t)]
            resolved = sorted(out)
        if self.head_merger is not None and resolved is not rules:
            resolved = self.head_merger.merge_learned(rules, resolved, text)
        return resolved

    def resolve(self, candidates: list[Candidate], text: str) -> list[Candidate]:
        """Trim, merge a person name with the patient's name it contains, place patient names first,
        then keep the longest, then the higher-priority tag, so the result never overlaps."""
        cleaned: list[Candidate] = []
        for s, e, t in candidates:
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if e > s and t in self.priority:
                cleaned.append((s, e, t))
        patients = [c for c in cleaned if c[2] == "PATIENT"]
        if patients:
            # an e-mail or web address is one identifier: a patient name inside it ('marie.dupont@...')
            # is covered by it, and placed first it would cut the address in pieces
            whole = [(s, e) for s, e, t in cleaned if t in _WHOLE_TAGS]
            if whole:
                cleaned = [c for c in cleaned if c[2] != "PATIENT" or not any(
                    s <= c[0] and c[1] <= e and e - s > c[1] - c[0] for s, e in whole)]
                patients = [c for c in cleaned if c[2] == "PATIENT"]
            # a street named like the patient ('12 rue Victor Hugo' for M. Victor Hugo) is one address: the name
            # inside it (never at its start: 'Ruelle Monique, 26') is covered by it, not cut out of it
            streets = [(s, e) for s, e, t in cleaned if t == "LOCATION" and _STREET_START.match(text, s)]
            if streets:
                cleaned = [c for c in cleaned if c[2] != "PATIENT" or not any(
                    s < c[0] and c[1] <= e for s, e in streets)]
                patients = [c for c in cleaned if c[2] == "PATIENT"]
            merged = []
            for s, e, t in cleaned:
                if t == "PERSON":
                    for ps, pe, _ in patients:
                        if ps < e and s < pe:
                            s, e, t = min(s, ps), max(e, pe), "PATIENT"
                merged.append((s, e, t))
            cleaned = merged
        # Patient-name spans come from the metadata and are the surest: placed first, so a longer
        # guess (e.g. "Ruelle Monique, 26" read as a street address) can never swallow and keep them.
        cleaned.sort(key=lambda c: (c[2] != "PATIENT", -(c[1] - c[0]), self.priority[c[2]], c[0]))
        taken: list[Candidate] = []
        occupied = bytearray(len(text) + 1)
        runs_on: list[Candidate] = []
        for s, e, t in cleaned:
            if any(occupied[s:e]):
                if t in _RUN_ON_TAGS and occupied.find(0, s, e) >= 0:
                    runs_on.append((s, e, t))
                continue
            occupied[s:e] = b"\x01" * (e - s)
            taken.append((s, e, t))
        return sorted(_extend_right(taken, runs_on) if runs_on else taken)

    # anonymizers -------------------------------------------------------------
    def redact(self, text: str, patient: Patient | dict[str, Any] | None = None) -> str:
        """Replace each span by '[TAG-n]' (n numbers distinct originals per tag), '[PATIENT]' for the patient."""
        return self.redact_with_spans(text, patient).text

    def redact_with_spans(self, text: str, patient: Patient | dict[str, Any] | None = None) -> PseudonymizedText:
        """Like :meth:`redact`, with the spans of the redaction tokens (date_shift_days is 0: dates are gone)."""
        return self._redacted(self.annotate(text, patient))

    def redact_batch(self, texts: Iterable[str], patients: Iterable[Patient | dict[str, Any] | None] | None = None,
                     batch_size: int = BATCH_SIZE) -> list[PseudonymizedText]:
        """:meth:`redact_with_spans` of many texts (analysed by :meth:`annotate_batch`): the same results, in order."""
        return [self._redacted(doc) for doc in self.annotate_batch(texts, patients, batch_size)]

    @staticmethod
    def _redacted(doc: Document) -> PseudonymizedText:
        """'[TAG-n]' tokens in place of a document's spans."""
        seen: dict[str, dict[str, int]] = {}

        def token(span: Span) -> str:
            if span.tag == "PATIENT":
                return "[PATIENT]"
            numbers = seen.setdefault(span.tag, {})
            return f"[{span.tag}-{numbers.setdefault(fold(span.text), len(numbers) + 1)}]"

        new_text, spans = _replace_spans(doc.text, doc.spans, token)
        return PseudonymizedText(text=new_text, spans=spans, date_shift_days=0)

    def date_shift(self, key: object, avoid: Iterable[dt.date] = (), landing: Iterable[dt.date] = ()) -> int:
        """Days every date of this key (patient) is shifted by.

        With ``avoid`` (the patient's real dates), the first offset of the key's deterministic
        sequence that moves none of them onto a real date (theirs, or one in ``landing``, e.g.
        other patients' exam dates) is chosen, so a surrogate date does not read like a true one.
        When every candidate collides (a large hospital has a real date every day), the last is kept.
        """
        real = set(avoid)
        forbidden = real | set(landing)
        offset = date_offset(self.seed, key)
        for attempt in range(1, 50):
            if not real or not any(d + dt.timedelta(days=offset) in forbidden for d in real):
                break
            offset = date_offset(self.seed, f"{key}\x1f{attempt}")
        return offset

    def dates_of(self, text: str, patient: Patient | dict[str, Any] | None = None) -> set[dt.date]:
        """Calendar dates (day precision) written in a text: what ``date_shift(avoid=...)`` needs."""
        return self.profile(text, patient)[0]

    def profile(self, text: str, patient: Patient | dict[str, Any] | None = None) -> tuple[set[dt.date], set[str]]:
        """(calendar dates, folded name/place words) of a text's PHI.

        Gathered over all of a patient's reports, they make ``date_shift(avoid=...)`` and
        ``pseudonymize(avoid_words=...)`` keep surrogates off every real value of the patient.
        """
        return self.profile_document(self.annotate(text, patient))

    @staticmethod
    def profile_document(doc: Document) -> tuple[set[dt.date], set[str]]:
        """:meth:`profile` of an already analysed text (a Document from :meth:`annotate` or
        :meth:`annotate_batch`): a caller that profiles and then pseudonymizes each report analyses it once,
        with :meth:`pseudonymize_document`, instead of twice."""
        dates, words = set(), set()
        for span in doc.spans:
            if span.tag == "DATE" and any(c.isdigit() for c in span.text) and len(span.text) > 5:
                day = parse_date(span.text)
                if day is not None:
                    dates.add(day)
            elif span.tag in _WORD_TAGS:
                words |= {w for w in re.findall(r"[^\W\d_]+", fold(span.text)) if len(w) >= 3}
        return dates, words

    def pseudonymize(self, text: str, patient: Patient | dict[str, Any] | None = None,
                     key: object = None, date_shift: int | None = None,
                     avoid_words: Iterable[str] = ()) -> PseudonymizedText:
        """Replace each span by a surrogate; spans of the result point into the surrogate text.

        Deterministic from (seed, key): separate calls with the same key agree on every surrogate
        and on the date offset. Without a key, the patient's surname and birth date stand in.
        ``date_shift`` overrides the key's offset (e.g. one chosen with ``date_shift(key, avoid)``);
        ``avoid_words`` (folded) are words no surrogate may contain: pass the same set for every
        report of a patient (see :meth:`profile`), or surrogates may differ between reports.
        """
        if isinstance(patient, dict):
            patient = Patient.from_dict(patient)
        return self._pseudonymized(self.annotate(text, patient), key, date_shift, frozenset(avoid_words))

    def pseudonymize_batch(self, texts: Iterable[str], patients: Iterable[Patient | dict[str, Any] | None] | None = None,
                           keys: Iterable[object] | None = None, date_shifts: Iterable[int | None] | None = None,
                           avoid_words: Iterable[Iterable[str]] | None = None,
                           batch_size: int = BATCH_SIZE) -> list[PseudonymizedText]:
        """:meth:`pseudonymize` of many texts (analysed by :meth:`annotate_batch`): the same results, in order.

        ``patients``, ``keys``, ``date_shifts`` and ``avoid_words`` give one value per text (None: the default
        of :meth:`pseudonymize` for every text).
        """
        docs = self.annotate_batch(texts, patients, batch_size)
        n = len(docs)
        keys = [None] * n if keys is None else list(keys)
        shifts = [None] * n if date_shifts is None else list(date_shifts)
        avoid = [()] * n if avoid_words is None else list(avoid_words)
        if not len(keys) == len(shifts) == len(avoid) == n:
            raise ValueError(f"pseudonymize_batch: {n} texts but {len(keys)} keys, {len(shifts)} date shifts, "
                             f"{len(avoid)} avoid_words")
        return [self._pseudonymized(doc, key, shift, frozenset(words))
                for doc, key, shift, words in zip(docs, keys, shifts, avoid)]

    def pseudonymize_document(self, doc: Document, key: object = None, date_shift: int | None = None,
                              avoid_words: Iterable[str] = ()) -> PseudonymizedText:
        """:meth:`pseudonymize` of an already analysed text (its Document, patient included): the same result,
        without analysing the text again."""
        return self._pseudonymized(doc, key, date_shift, frozenset(avoid_words))

    def redact_document(self, doc: Document) -> PseudonymizedText:
        """:meth:`redact_with_spans` of an already analysed text (its Document)."""
        return self._redacted(doc)

    def _pseudonymized(self, doc: Document, key: object, date_shift: int | None,
                       avoid: frozenset[str]) -> PseudonymizedText:
        """Surrogates in place of a document's spans (the anonymizer half of :meth:`pseudonymize`)."""
        text, patient = doc.text, doc.patient
        if key is None:
            key = f"{fold(patient.surname or '')}|{patient.birth_date}" if patient else "no-key"
        offset = self.date_shift(key) if date_shift is None else date_shift

        def surrogate(span: Span) -> str:
            gender = self._gender_before(text, span.start_char) if span.tag in ("PATIENT", "PERSON") else "U"
            return self.surrogates.replace(span.tag, span.text, key, patient, offset, gender, avoid)

        new_text, spans = _replace_spans(text, doc.spans, surrogate)
        return PseudonymizedText(text=new_text, spans=spans, date_shift_days=offset)

    def _gender_before(self, text: str, start: int) -> str:
        """Gender shown by a title just before a name ('Mme', 'M.'), 'U' when none."""
        word = _last_word(text[max(0, start - 16) : start])
        if not word:
            return "U"
        word = fold(word)
        return "F" if word in self.female_titles else "M" if word in self.male_titles else "U"


def _last_word(window: str) -> str:
    """The letters closing ``window`` before an optional dot and trailing spaces ('' if none): the group of
    ``_TITLE_BEFORE.search(window)``, found from the end instead of a regex tried at every offset (a letter of
    ``[^\\W\\d_]`` is an alphanumeric character that is no decimal digit nor '_'; the tests compare the two on every script)."""
    end = len(window.rstrip())
    if end and window[end - 1] == ".":
        end -= 1
    start = end
    while start and (c := window[start - 1]).isalnum() and not c.isdecimal() and c != "_":
        start -= 1
    return window[start:end]


def _span(start: int, end: int, tag: str, text: str) -> Span:
    """A :class:`Span` without the frozen dataclass's ``__init__`` (one ``object.__setattr__`` per field):
    the same object, made several times faster, for the dozens of spans of every report."""
    span = object.__new__(Span)
    span.__dict__.update(start_char=start, end_char=end, tag=tag, text=text)
    return span


def _replace_spans(text: str, spans: list[Span], replacement: Callable[[Span], str]) -> tuple[str, list[Span]]:
    """Anonymizer core shared by redaction and surrogates: replace each span, return the spans in the new text."""
    out: list[str] = []
    new_spans: list[Span] = []
    pos, length = 0, 0
    for span in spans:
        chunk = text[pos : span.start_char]
        out.append(chunk)
        length += len(chunk)
        new = replacement(span)
        out.append(new)
        new_spans.append(_span(length, length + len(new), span.tag, new))
        length += len(new)
        pos = span.end_char
    out.append(text[pos:])
    return "".join(out), new_spans


# a batch or lot number of a drug, a device, a contrast agent or a radiopharmaceutical ('lot 0823117', 'N° de lot :
# C1644578', 'Lot FDG-250417-02', 'batch 22K104'): it names a product run, not a person, and every independent
# writer leaves it untagged (dev halves: 0 of the lot numbers tagged); the ID rules read such codes as file numbers
_LOT_GATE = re.compile(r"(?i)(?<![^\W\d_])(?:lot|lots|batch)(?![^\W\d_])")
_LOT_BEFORE = re.compile(r"(?i)(?<![^\W\d_])(?:lots?|batch)(?:[ \t]+(?:n[°ºo]\.?|num(?:éro|ero)?\.?|no\.?))?[ \t]*[:#]?[ \t]*$")
_LOT_INSIDE = re.compile(r"(?i)(?:lots?|batch)(?:[ \t]+(?:n[°ºo]\.?|no\.?))?[ \t]*[:#]?[ \t]*(?=[\w])")


def drop_lot_numbers(candidates: list[Candidate], text: str) -> list[Candidate]:
    """ID candidates that are a product's lot or batch number (right after 'lot', 'lot n°', 'batch', or holding
    that label first) are dropped: no patient, staff member or file is identified by them."""
    # (a substring test first: no upper-case letter lowers to 'l', 'o', 't', 'b', 'a', 'c' or 'h' but their own
    # capitals, so a text without 'lot' and 'batch' in its lower-case form has no match of the case-insensitive
    # regex, whose lookbehind at every position costs ten times the lower() and two finds; outputs unchanged)
    low = text.lower()
    if ("lot" not in low and "batch" not in low) or not _LOT_GATE.search(text):
        return candidates
    out = []
    for c in candidates:
        s, e, t = c
        if t == "ID" and (_LOT_BEFORE.search(text, max(text.rfind("\n", 0, s) + 1, s - 24), s)
                          or _LOT_INSIDE.match(text, s, e)):
            continue
        out.append(c)
    return out


def _place_spans_also_tagged(candidates: list[Candidate], tag: str) -> set[tuple[int, int]]:
    """Spans that a LOCATION candidate and a ``tag`` candidate cover exactly: where resolution would give a place to
    a name at equal length."""
    places = {(s, e) for s, e, t in candidates if t == "LOCATION"}
    if not places:
        return set()
    return places.intersection([(s, e) for s, e, t in candidates if t == tag])


def place_cued(candidates: list[Candidate], text: str) -> list[Candidate]:
    """A PERSON candidate with exactly the span of a LOCATION candidate, right after a verb of residence, birth or
    moving and its preposition ('habite Schiltigheim', 'arrivée en Lorraine', 'originaire de Gap') is the place:
    the PERSON is dropped. Resolution would otherwise give the span to PERSON (higher priority at equal length),
    and a town that is also a first name or read by the name fallback would be surrogated as a person."""
    both = _place_spans_also_tagged(candidates, "PERSON")
    if not both:
        return candidates
    cued = {(s, e) for s, e in both if _PLACE_CUE_BEFORE.search(text, max(text.rfind("\n", 0, s) + 1, s - 40), s)}
    if not cued:
        return candidates
    return [c for c in candidates if c[2] != "PERSON" or (c[0], c[1]) not in cued]


def towns_named_like_the_patient(candidates: list[Candidate], text: str, patient: Patient | None) -> list[Candidate]:
    """A PATIENT candidate with exactly the span of a LOCATION candidate, holding a word that is none of the
    patient's names ('Saint-Martin-d'Hères' for a patient called Martin, 'Fontaine-lès-Dijon' for Mme Fontaine), is
    the town: the PATIENT is dropped (it would win the span at equal length and be surrogated as a name). A span made
    only of the patient's names ('Fontaine' alone) stays the patient's."""
    if patient is None:
        return candidates
    both = _place_spans_also_tagged(candidates, "PATIENT")
    if not both:
        return candidates
    names = {fold(w) for n in [patient.surname or "", *patient.first_names] for w in re.findall(r"[^\W\d_]+", n)}
    towns = {(s, e) for s, e in both if any(fold(w) not in names for w in re.findall(r"[^\W\d_]+", text[s:e]))}
    if not towns:
        return candidates
    return [c for c in candidates if c[2] != "PATIENT" or (c[0], c[1]) not in towns]


def kin_relatives(candidates: list[Candidate], text: str, patient: Patient | None) -> list[Candidate]:
    """PATIENT candidates that hold only the patient's surname and follow a kin word ('Fille Mme Duchêne', 'sa mère
    (Marie-Laure Santoni)', 'Parents : M. et Mme X') or take one in a bracket ('Mme Delcroix (belle-fille)') name a
    relative: PERSON, as the annotation convention says (``keep_relatives`` needs another given name in the span;
    a relative is often named by a civility and the family name alone); so does a couple ('M. et Mme X', the
    parents of a child). Nothing leaves the cover (an organisation or place candidate of exactly the relative's
    name is dropped: the PERSON covers it; a surname-only PATIENT candidate inside a longer organisation candidate,
    'Transports X', is dropped: the organisation covers it)."""
    if patient is None or not patient.surname or "PATIENT" not in {c[2] for c in candidates}:
        return candidates
    surname = {fold(w) for w in re.findall(r"[^\W\d_]+", patient.surname)}
    firsts = {fold(w) for f in patient.first_names for w in re.findall(r"[^\W\d_]+", f)}
    out = list(candidates)
    names: set[tuple[int, int]] = set()
    inside = False  # (a PATIENT candidate dropped inside an organisation's name)
    for k, (s, e, t) in enumerate(candidates):
        words = re.findall(r"[^\W\d_]+", text[s:e]) if t == "PATIENT" else None
        if not words:
            continue
        folded = [fold(w) for w in words]
        if not all(w in surname for w in folded):
            # none of the patient's names after 'son épouse' ('M. Lebrun et son épouse Nicole'): the spouse,
            # read as the patient's married name by the 'épouse X' rule; a misspelt first name stays the patient's
            if not any(w in surname or _fuzzy_first(w, firsts) for w in folded) and _POSSESSIVE_KIN_BEFORE.search(
                    text, max(text.rfind("\n", 0, s) + 1, s - 40), s):
                out[k] = (s, e, "PERSON")
                names.add((s, e))
            continue
        # the whole name the surname ends or starts ('Marie-Laure Santoni'): a person candidate around it
        start = min([ps for ps, pe, pt in candidates if pt == "PERSON" and ps <= s and e <= pe] + [s])
        end = max([pe for ps, pe, pt in candidates if pt == "PERSON" and ps <= s and e <= pe] + [e])
        line = text.rfind("\n", 0, start) + 1
        kin_after = _KIN_AFTER.match(text, end) and not (
            _SEX_AFTER.match(text, end) and _CHILD_BEFORE.search(text, max(line, start - 24), start))
        if (_KIN_BEFORE.search(text, max(line, start - 40), start) or kin_after
                or _COUPLE_BEFORE.search(text, max(line, start - 24), start)):
            out[k] = (s, e, "PERSON")
            names.add((start, end))
            continue
        # the family name inside a longer organisation's name ('Transports Ribeiro', 'studio Photo Bakalian', 'Garage
        # Leroy et fils'): a firm named after its founder, the patient's family or not; the organisation covers the
        # name, and the patient's tag, placed first, would cut it out of the organisation
        if any(t2 == "INSTITUTION" and s2 <= s and e <= e2 and e2 - s2 > e - s for s2, e2, t2 in candidates):
            out[k] = None
            inside = True
    if not names and not inside:
        return candidates
    out = [c for c in out if c is not None]
    # the same words read as a place or an organisation ('son neveu Ara Manoukian' after 'tenue par'): the person,
    # which the patient's tag used to place first, keeps them (an equal span of a higher-priority tag would win)
    return [c for c in out if c[2] not in ("INSTITUTION", "LOCATION") or (c[0], c[1]) not in names]
