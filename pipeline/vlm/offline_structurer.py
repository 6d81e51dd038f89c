"""The offline structurer: a structured report built from the report's own sentences, by rules.

It stands in for the LLM in the demo and the tests, through the same backend interface, so that
validation and the guards run on real outputs. It is honest, not clever: it keeps the sentences of
the findings sections (Résultat, Description, Analyse...) as observations and the conclusion section
as conclusion, drops the indication, technique, comparison, history, contact and signature
paragraphs, names the exam from an anatomical lexicon, and sets each finding with the pseudo-label
keyword rules. What it leaves in (a date inside a finding sentence, a surrogate name) is for the
guards to catch, exactly as with an LLM.
"""

from __future__ import annotations

import json
import re

from pipeline.labeling.rules import apply_rules
from pipeline.labeling.tasks import Task
from pipeline.labeling.text import fold

_HEADER = re.compile(r"^\s*(?P<name>[^\W\d][\w' -]{1,40}?)\s*:\s*", re.UNICODE)
_CONCLUSION_LEAD = re.compile(r"^\s*(en conclusion|au total|en resume|synthese)\s*[,:]\s*")
FINDINGS_HEADERS = ("resultat", "description", "analyse", "constatation", "compte rendu", "interpretation",
                    "structures osseuses", "parties molles", "articulations", "sur l'incidence", "sur les cliches",
                    "sur le cliche", "complement")
CONCLUSION_HEADERS = ("conclusion", "au total", "synthese", "en resume", "avis")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀÂÉÈÊÎÔÛÇ0-9«])")

#: Anatomical regions (folded pattern, French title form), most specific first.
REGIONS: list[tuple[str, str]] = [
    (r"avant[- ]bras", "de l'avant-bras"), (r"poignet", "du poignet"), (r"scaphoide", "du poignet"),
    (r"main|metacarp|doigt|phalang", "de la main"), (r"coude", "du coude"), (r"epaule|gleno", "de l'épaule"),
    (r"clavicule", "de la clavicule"), (r"humerus|humeral", "de l'humérus"), (r"hanche|col femoral", "de la hanche"),
    (r"bassin|sacro", "du bassin"), (r"femur|femoral", "du fémur"), (r"genou|rotule|patella", "du genou"),
    (r"jambe|tibia|fibula|perone", "de la jambe"), (r"cheville|malleol", "de la cheville"),
    (r"pied|metatars|calcaneu|orteil|lisfranc|chopart", "du pied"),
    (r"rachis|vertebr|lombaire|cervical|dorsal", "du rachis"), (r"thorax|cote|costal", "du thorax"),
    (r"crane|face", "du crâne"),
]
_SIDE = re.compile(r"\b(droite?|gauche)\b")


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(" ".join(text.split())) if s.strip()]


def report_sections(text: str) -> tuple[list[str], list[str], str]:
    """(findings sentences, conclusion sentences, the title paragraph) of a report, by paragraph headers."""
    findings: list[str] = []
    conclusion: list[str] = []
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    for para in paragraphs:
        folded = fold(para.strip())
        lead = _CONCLUSION_LEAD.match(folded)
        header = _HEADER.match(folded)
        if lead:
            body = para.strip()[lead.end():]
            conclusion += split_sentences(body[:1].upper() + body[1:])
        elif header and header.group("name").strip().startswith(CONCLUSION_HEADERS):
            conclusion += split_sentences(para.strip()[header.end():])
        elif header and header.group("name").strip().startswith(FINDINGS_HEADERS):
            findings += split_sentences(para.strip()[header.end():])
    return findings, conclusion, paragraphs[0] if paragraphs else ""


def exam_title(text: str, first_paragraph: str) -> str:
    """'Radiographie du poignet droit': the region from the lexicon (title line first), the side if stated."""
    for source in (fold(first_paragraph), fold(text)):
        for pattern, region in REGIONS:
            m = re.search(pattern, source)
            if m:
                side = _SIDE.search(source[m.end(): m.end() + 30])
                suffix = ""
                if side:
                    feminine = region.startswith("de la ") or region == "de l'épaule"
                    suffix = " gauche" if side.group(1) == "gauche" else (" droite" if feminine else " droit")
                return f"Radiographie {region}{suffix}"
    return "Radiographie osseuse"


def finding_status(text: str, task: Task) -> str:
    """present / absent / uncertain for one task, by the task's keyword rules."""
    if task.rules is None:
        return "uncertain"
    value = apply_rules(text, task.rules)
    if value is None:
        return "uncertain"
    return "present" if value == task.rules.positive else "absent"


def structure_report(text: str, tasks: list[Task], max_observations: int = 12) -> str:
    """The structured report of one report as JSON text (what an LLM would be asked to produce)."""
    findings, conclusion, first = report_sections(text)
    observations = findings[:max_observations] or conclusion[:1]
    summary = " ".join(conclusion) or " ".join(findings[:1])
    # The findings state what the structured text says (read like a report: conclusion first).
    kept = f"Résultat : {' '.join(observations)}\n\nConclusion : {summary}"
    return json.dumps({
        "title": exam_title(text, first),
        "observations": observations,
        "conclusion": summary,
        "findings": {t.name: finding_status(kept, t) for t in tasks},
    }, ensure_ascii=False)
