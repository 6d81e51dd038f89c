"""The French negation-aware rules and the task files (prompts, answers, hashes)."""

from __future__ import annotations

import pytest
from pl_testkit import SHORT_REPORTS

from pipeline.labeling.backends import ReportInput, SamplingSpec
from pipeline.labeling.backends.rules import RulesBackend
from pipeline.labeling.rules import apply_rules, sections
from pipeline.labeling.tasks import BUILTIN_TASKS, TaskError, load_task, load_tasks


@pytest.mark.parametrize(("text", "expected"), SHORT_REPORTS)
def test_fracture_rules(text, expected):
    assert apply_rules(text, load_task("fracture").rules) == expected


def test_indication_is_ignored_and_conclusion_read_first():
    conclusion, findings = sections("Indication : suspicion de fracture.\nRésultat : RAS.\nConclusion : normal.")
    assert "suspicion" not in conclusion + findings
    assert conclusion.strip() == "normal." and "ras" in findings
    text = "Résultat : fracture du radius ?\nConclusion : pas de fracture."
    assert apply_rules(text, load_task("fracture").rules) == "0"


@pytest.mark.parametrize("header", ["Analyse :", "Analyse détaillée :", "Observations :", "Commentaire :"])
def test_findings_under_other_headers_are_read(header):
    """Findings after a header the labeler did not know stayed in the (ignored) indication section."""
    text = f"Indication : traumatisme du poignet.\n{header} fracture du radius distal."
    assert apply_rules(text, load_task("fracture").rules) == "1"


@pytest.mark.parametrize(
    ("task", "text", "expected"),
    [
        ("displacement", "Fracture non déplacée du radius.", "non"),
        ("displacement", "Fracture du radius. Bascule postérieure du fragment distal.", "oui"),
        ("displacement", "Pas de fracture.", "inconnu"),
        ("consolidation", "Cal osseux d'une fracture ancienne, consolidée.", "oui"),
        ("consolidation", "Fracture en cours de consolidation.", "non"),
        ("implant", "Matériel d'ostéosynthèse en place (plaque et vis).", "oui"),
        ("implant", "Pas de matériel d'ostéosynthèse.", "non"),
        ("osteotomy_arthrodesis", "Arthrodèse talo-naviculaire fusionnée.", "oui"),
        ("osteotomy_arthrodesis", "Fracture du radius.", "non"),
    ],
)
def test_multilabel_rules(task, text, expected):
    assert apply_rules(text, load_task(task).rules) == expected


def test_every_builtin_task_loads_with_french_prompt_and_distinct_hash():
    tasks = load_tasks(list(BUILTIN_TASKS))
    assert len({t.prompt_hash for t in tasks}) == len(tasks)
    for task in tasks:
        messages = task.messages("RAPPORT")
        assert [m["role"] for m in messages] == ["system", "user"]
        assert "RAPPORT" in messages[1]["content"] and "Réponds" in messages[1]["content"]
        for answer in task.answers:
            assert answer in messages[1]["content"]


def test_task_file_from_disk_and_its_errors(tmp_path):
    good = tmp_path / "custom.yaml"
    good.write_text('name: custom\nanswers: ["a", "b"]\nsystem: S\nuser: "Texte : {report} ?"\n', "utf-8")
    task = load_task(str(good))
    assert task.name == "custom" and task.rules is None
    missing = tmp_path / "bad.yaml"
    missing.write_text('name: bad\nanswers: ["a", "b"]\nsystem: S\nuser: "no placeholder"\n', "utf-8")
    with pytest.raises(TaskError, match="report"):
        load_task(str(missing))
    with pytest.raises(TaskError, match="neither"):
        load_task("no_such_task")
    with pytest.raises(TaskError, match="unique"):
        load_tasks(["fracture", "fracture"])
    with pytest.raises(ValueError, match="rules"):
        RulesBackend().sample(task, [ReportInput("s", "x")], SamplingSpec())


def test_rules_backend_votes_once_and_abstains_when_uncertain():
    backend = RulesBackend()
    task = load_task("fracture")
    out = backend.sample(task, [ReportInput("a", "Fracture du radius."), ReportInput("b", "Suspicion de fracture.")],
                         SamplingSpec(k=3))
    assert [s.votes for s in out] == [["1"], [None]]
    assert backend.prompt_hash(task) == task.rules_hash != task.prompt_hash
