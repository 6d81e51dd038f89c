"""French negation-aware keyword labeler: the offline default of the demo and the LLM's baseline.

It reads a report the way NegEx does: the report is cut into sections (the indication, which states
the clinician's question, is ignored; the conclusion is read first), then into clauses; each mention
of a task's term is affirmed, negated ("absence de fracture", "fracture non visible"), uncertain
("suspicion de", "ne peut être exclue" -> abstain) or excluded ("fracture consolidée" is not a
current fracture). Statements such as "pas de lésion osseuse post-traumatique" vote "no" alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.labeling.tasks import RuleSpec
from pipeline.labeling.text import fold

#: Section headers; the content after "Header :" belongs to the section until the next header.
_HEADER = re.compile(
    r"(?:^|(?<=[\n.]))\s*(?:(?P<name>indications?|motif( de l'examen)?|renseignements cliniques|contexte( clinique)?|"
    r"clinique|antecedents?|histoire clinique|demande|question|technique|protocole|incidences realisees|"
    r"resultats?|description|constatations?|compte[- ]rendu|interpretation|comparaison|conclusions?|synthese|"
    r"analyses?( detaillee)?|observations?|commentaires?|lecture|avis)\s*:|(?P<concl>en conclusion)\s*,)",
    re.MULTILINE,
)
#: Sections that state the clinician's question, not the radiologist's finding.
IGNORED_SECTIONS = ("indication", "motif", "renseignements", "contexte", "clinique", "antecedent", "histoire",
                    "demande", "question", "technique", "incidences")
_CONCLUSION = ("conclusion", "en conclusion", "synthese", "avis")

_CLAUSE_SPLIT = re.compile(r"[.;:!\n]+|,|\bmais\b|\bcependant\b|\ben revanche\b|\bpar contre\b|\btoutefois\b")
_CONTINUATION = re.compile(r"^\s*(de |d'|du |des |ni |ou |et de |et d')")

_PRE_NEGATION = re.compile(
    r"\b(pas|absence|absent|absente|aucun|aucune|sans|ni|non|elimine|eliminer|exclut|exclure|"
    r"negatif|negative|jamais)\b"
)
_POST_NEGATION = re.compile(
    r"^[^,]{0,40}?\b(non|pas|n'est pas|n'a pas ete|ne sont pas)\s*(clairement |formellement )?"
    r"(visible|vue?s?|retrouvee?s?|visualisee?s?|decelee?s?|objectivee?s?|identifiee?s?|mise?s? en evidence)"
    r"|^[^,]{0,30}?\b(exclue?s?|eliminee?s?|absente?s?)\b"
)
_UNCERTAIN = re.compile(
    r"\b(suspicion|suspect\w*|possible\w*|probable\w*|eventuel\w*|doute\w*|douteu\w*|evoqu\w*|evocat\w*|"
    r"pouvant|compatible\w*|hypothese|recherche|a confirmer|a controler|a recontroler|sous reserve|"
    r"se discute|discutable|incertaine?|equivoque|peut[- ]etre|ne peut etre|n'est pas exclue?|pas exclue?|"
    r"non exclue?|ne peut pas etre|occulte)\b|\?"
)
_NEG_WINDOW_WORDS = 6


@dataclass(frozen=True)
class CompiledRules:
    spec: RuleSpec
    terms: re.Pattern[str]
    negative_statements: re.Pattern[str] | None
    excluded: re.Pattern[str] | None


def _alternation(patterns: list[str]) -> re.Pattern[str] | None:
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{fold(p)})" for p in patterns))


@lru_cache(maxsize=64)
def _compile(spec_json: str) -> CompiledRules:
    spec = RuleSpec.model_validate_json(spec_json)
    terms = _alternation(spec.terms)
    if terms is None:
        raise ValueError("a rule spec needs at least one term")
    return CompiledRules(spec, terms, _alternation(spec.negative_statements), _alternation(spec.excluded))


def compile_rules(spec: RuleSpec) -> CompiledRules:
    return _compile(spec.model_dump_json())


def sections(text: str) -> tuple[str, str]:
    """(conclusion, findings) in folded form, the clinician's question sections left out."""
    folded = "\n".join(fold(line) for line in text.splitlines())
    parts: list[tuple[str, str]] = []
    last_name, last_end = "", 0
    for m in _HEADER.finditer(folded):
        parts.append((last_name, folded[last_end:m.start()]))
        last_name, last_end = m.group("name") or m.group("concl"), m.end()
    parts.append((last_name, folded[last_end:]))
    conclusion = "\n".join(body for name, body in parts if name.startswith(_CONCLUSION))
    findings = "\n".join(
        body for name, body in parts if not name.startswith(IGNORED_SECTIONS) and not name.startswith(_CONCLUSION)
    )
    return conclusion, findings


def _clauses(text: str) -> list[tuple[str, bool]]:
    """Clauses with a flag 'continues a negated enumeration' ("pas de luxation, de fracture ...")."""
    out: list[tuple[str, bool]] = []
    negated_before = False
    for clause in _CLAUSE_SPLIT.split(text):
        if not clause.strip():
            continue
        inherits = negated_before and bool(_CONTINUATION.match(clause))
        out.append((clause, inherits))
        negated_before = inherits or bool(_PRE_NEGATION.search(clause))
    return out


def _overlaps(pattern: re.Pattern[str], clause: str, start: int, end: int) -> bool:
    return any(m.start() < end and start < m.end() for m in pattern.finditer(clause))


def _classify(clause: str, start: int, end: int, inherits: bool, rules: CompiledRules) -> str:
    """One term mention -> affirmed | negated | uncertain | excluded."""
    if rules.excluded is not None and _overlaps(rules.excluded, clause, start, end):
        return "excluded"
    if rules.negative_statements is not None and _overlaps(rules.negative_statements, clause, start, end):
        return "negated"  # "non déplacée", "en cours de consolidation": the term inside a negative phrase
    before = clause[:start]
    after = clause[end:]
    if _UNCERTAIN.search(before) or _UNCERTAIN.search(after[:60]):
        return "uncertain"
    window = " ".join(before.split()[-_NEG_WINDOW_WORDS:])
    if _PRE_NEGATION.search(window) or _POST_NEGATION.search(after) or inherits:
        return "negated"
    return "affirmed"


def _verdict(text: str, rules: CompiledRules) -> str | None:
    """'absent' | 'uncertain' | a value of the spec, for one block of text."""
    spec = rules.spec
    found: set[str] = set()
    for clause, inherits in _clauses(text):
        if rules.negative_statements is not None and rules.negative_statements.search(clause):
            found.add("negated")
        for m in rules.terms.finditer(clause):
            found.add(_classify(clause, m.start(), m.end(), inherits, rules))
    if "affirmed" in found:
        return spec.positive
    if "uncertain" in found:
        return "uncertain"
    if "negated" in found:
        return spec.negative
    if "excluded" in found:
        return spec.excluded_value
    return "absent"


def apply_rules(report: str, spec: RuleSpec) -> str | None:
    """The task's value for one report, or None when the report is uncertain (an abstention)."""
    rules = compile_rules(spec)
    conclusion, findings = sections(report)
    for block in (conclusion, findings):
        verdict = _verdict(block, rules)
        if verdict == "uncertain":
            return None
        if verdict != "absent":
            return verdict
    return spec.absent
