"""Question-answer pairs from structured reports, balanced so "oui" and "non" are equally frequent.

The reference VLM answered "yes" to "is there a fracture?" too often: most training questions about
a finding were asked where the finding was present. Here each finding is asked in an affirmative
form (oui when present) and a negative form (oui when absent), and within each (question type, form)
the majority answer is subsampled to the minority's count, so that neither the question type nor
its wording predicts the answer. Answers come from the structured report's findings, which the
structure-reports stage has checked against the pseudo-labels; inconsistent reports are left out.
Every random choice is a hash of (seed, study, ...), so adding studies does not reshuffle others.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from pipeline.vlm.prompt_files import PromptError
from pipeline.yaml_files import load_yaml_model


class ClosedQuestion(BaseModel):
    model_config = ConfigDict(extra="forbid")

    affirmative: list[str] = Field(min_length=1)
    negative: list[str] = Field(min_length=1)


class OpenQuestion(BaseModel):
    model_config = ConfigDict(extra="forbid")

    field: str = Field(pattern="^(title|observations|conclusion)$")
    questions: list[str] = Field(min_length=1)


class QAPair(BaseModel):
    """One question-answer pair as written to the `vqa` table (validated before it is written)."""

    model_config = ConfigDict(extra="forbid")

    study_id: str = Field(min_length=1)
    patient_pseudo_id: str
    qa_id: str = Field(min_length=1)
    question_type: str = Field(min_length=1)
    polarity: Literal["affirmative", "negative", "open"]
    question: str = Field(min_length=3, max_length=300)
    answer: str = Field(min_length=1, max_length=4000)
    answer_kind: Literal["yes", "no", "text"]


class QuestionBank(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    name: str
    yes: str = "Oui."
    no: str = "Non."
    closed: dict[str, ClosedQuestion]
    open: dict[str, OpenQuestion] = {}


def load_question_bank(ref: str) -> QuestionBank:
    # YAML 1.1 reads the keys yes/no as booleans: _StrKeyLoader keeps them as strings.
    return load_yaml_model(ref, model=QuestionBank, builtins=("vqa_questions",), package="pipeline.vlm.prompts",
                           kind="question file", error=PromptError, loader=_StrKeyLoader)


class _StrKeyLoader(yaml.SafeLoader):
    pass


for _first in "yYnNoO":
    _StrKeyLoader.yaml_implicit_resolvers[_first] = [
        (tag, regexp) for tag, regexp in yaml.SafeLoader.yaml_implicit_resolvers.get(_first, [])
        if tag != "tag:yaml.org,2002:bool"
    ]


def _rank(seed: int, *parts: str) -> str:
    return hashlib.sha256("|".join((str(seed), *parts)).encode()).hexdigest()


def _pick(options: list[str], seed: int, *parts: str) -> str:
    return options[int(_rank(seed, *parts)[:8], 16) % len(options)]


def candidates(report: dict[str, Any], bank: QuestionBank, seed: int) -> list[dict[str, str]]:
    """Every closed pair a study can give (both forms of each stated finding) and its open pairs."""
    study = report["study_id"]
    findings = {f["task"]: f["status"] for f in report["findings"] or []}
    out = []
    for qtype, question in bank.closed.items():
        status = findings.get(qtype)
        if status not in ("present", "absent"):
            continue  # uncertain or not asked: no closed question (the answer would be a guess)
        present = status == "present"
        for polarity, options, yes in (("affirmative", question.affirmative, present),
                                       ("negative", question.negative, not present)):
            out.append({"question_type": qtype, "polarity": polarity,
                        "question": _pick(options, seed, study, qtype, polarity),
                        "answer": bank.yes if yes else bank.no, "answer_kind": "yes" if yes else "no"})
    for qtype, question in bank.open.items():
        value = report[question.field]
        answer = " ".join(value) if isinstance(value, list) else str(value)
        out.append({"question_type": qtype, "polarity": "open", "question": _pick(question.questions, seed, study,
                                                                                   qtype), "answer": answer,
                    "answer_kind": "text"})
    return [{"study_id": study, "patient_pseudo_id": report["patient_pseudo_id"], **c} for c in out]


def balance(pairs: list[dict[str, str]], seed: int) -> tuple[list[dict[str, str]], Counter[str]]:
    """Keep as many 'oui' as 'non' within each (question type, form); open questions are kept whole."""
    groups: dict[tuple[str, str, str], list[dict[str, str]]] = defaultdict(list)
    kept: list[dict[str, str]] = []
    for pair in pairs:
        if pair["answer_kind"] == "text":
            kept.append(pair)
        else:
            groups[(pair["question_type"], pair["polarity"], pair["answer_kind"])].append(pair)
    dropped: Counter[str] = Counter()
    for qtype, polarity in sorted({(t, p) for t, p, _ in groups}):
        yes, no = groups[(qtype, polarity, "yes")], groups[(qtype, polarity, "no")]
        n = min(len(yes), len(no))
        for group in (yes, no):
            group.sort(key=lambda p: _rank(seed, "balance", p["study_id"], qtype, polarity))
            kept.extend(group[:n])
            dropped[qtype] += len(group) - n
    kept.sort(key=lambda p: (p["study_id"], p["question_type"], p["polarity"]))
    for pair in kept:
        pair["qa_id"] = f"{pair['study_id']}:{pair['question_type']}:{pair['polarity']}"
    return kept, dropped
