"""Guards against what went wrong in the reference: unsupported findings, prior studies, PHI.

1. Prior studies, dates and clinical context: a radiologist who sees only the images cannot compare
   with an earlier study, date anything or know why the patient came; sentences that do are removed
   (and counted).
2. PHI: deduce_fr is run over the output; a sentence holding a span (name, date, place, id...) is
   removed and counted, so a model cannot reintroduce what pseudonymisation replaced.
3. Consistency with the pseudo-labels: for each task with a kept vote for the study, both the
   report's declared finding and the rule-based labeler run over its text must agree with the vote
   ("fracture" written where the votes say no fracture, or a fracture dropped); otherwise the
   structured report is flagged and the disagreeing tasks are listed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from pipeline.labeling.rules import apply_rules
from pipeline.labeling.tasks import Task
from pipeline.labeling.text import fold
from pipeline.vlm.offline_structurer import split_sentences

#: Comparison with earlier studies, follow-up and evolution (folded text).
PRIOR = re.compile(
    r"\b(comparaison|compare\w*|anterieur\w*|precedent\w*|dernier (examen|cliche|controle)|par rapport (a|au|aux)|"
    r"evolution\w*|evolue\w*|stable|stabilite|inchange\w*|majoration|aggravation|amelioration|regression|"
    r"desormais|toujours|persist\w*|depuis|controle\w*|recontrol\w*|a revoir|deja)\b"
)
#: Dates and delays in any form.
DATE = re.compile(
    r"\b\d{1,2}\s*[/.-]\s*\d{1,2}(\s*[/.-]\s*\d{2,4})?\b|\b(19|20)\d{2}\b|"
    r"\b(janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre)\b|"
    r"\bj\s?\d+\b|\b\d+\s*(jours?|semaines?|mois|ans?)\b|\b(hier|aujourd'hui|ce jour)\b"
)
#: Clinical context the image cannot show.
CLINICAL = re.compile(
    r"\b(indication|clinique\w*|chute|tombee?|accident|douleur\w*|impotence|traitement\w*|antecedent\w*|"
    r"allergi\w*|patiente?s?|motif|demande\w*|adresse\w*|signale\w*)\b"
)


@dataclass
class GuardResult:
    report: dict[str, Any]
    prior_removed: int = 0
    phi_spans: int = 0
    phi_tags: list[str] = field(default_factory=list)
    empty: str = ""  # the field left empty by the guards, if any


@lru_cache(maxsize=1)
def _deidentifier() -> Any:
    from deduce_fr import Deidentifier

    return Deidentifier()


def phi_spans(text: str) -> list[Any]:
    """deduce_fr's PHI spans in `text` (dates, names, places, ids, phones, e-mails, URLs)."""
    return list(_deidentifier().annotate(text).spans)


def _not_image_content(sentence: str) -> bool:
    folded = fold(sentence)
    return bool(PRIOR.search(folded) or DATE.search(folded) or CLINICAL.search(folded))


def _clean(text: str, result: GuardResult) -> str:
    kept = []
    for sentence in split_sentences(text):
        if _not_image_content(sentence):
            result.prior_removed += 1
            continue
        spans = phi_spans(sentence)
        if spans:
            result.phi_spans += len(spans)
            result.phi_tags += [s.tag for s in spans]
            continue
        kept.append(sentence)
    return " ".join(kept)


def apply_guards(report: dict[str, Any]) -> GuardResult:
    """Remove prior-study, date, clinical-context and PHI sentences from every text field."""
    result = GuardResult(report=dict(report))
    observations = [o for o in (_clean(o, result) for o in report["observations"]) if o]
    result.report["observations"] = observations
    result.report["conclusion"] = _clean(report["conclusion"], result)
    title_spans = phi_spans(report["title"])
    if title_spans or DATE.search(fold(report["title"])):
        result.phi_spans += len(title_spans)
        result.phi_tags += [s.tag for s in title_spans]
        result.report["title"] = "Radiographie"
    if not observations:
        result.empty = "observations"
    elif not result.report["conclusion"]:
        result.empty = "conclusion"
    return result


def check_consistency(report: dict[str, Any], text: str, votes: dict[str, str],
                      tasks: dict[str, Task]) -> tuple[list[str], list[str]]:
    """(checked tasks, disagreeing tasks): declared findings and the text against the kept votes."""
    checked, disagree = [], []
    for name, label in sorted(votes.items()):
        task = tasks.get(name)
        if task is None or task.rules is None:
            continue
        checked.append(name)
        positive = task.rules.positive
        voted_present = label == positive
        declared = report.get("findings", {}).get(name)
        text_value = apply_rules(text, task.rules)
        bad = declared in ("present", "absent") and (declared == "present") != voted_present
        bad |= text_value is not None and (text_value == positive) != voted_present
        if bad:
            disagree.append(name)
    return checked, disagree
