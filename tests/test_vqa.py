"""vqa: answers follow the structured findings, yes/no balanced per question type and wording."""

from __future__ import annotations

import json
import random
from collections import Counter

from pipeline.config import config_from_dict
from pipeline.runner import run_stages
from pipeline.store import Store


def _structured_rows(n: int, seed: int = 0) -> list[dict]:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        fracture = "present" if rng.random() < 0.3 else "absent"
        implant = "present" if rng.random() < 0.15 else rng.choice(["absent", "absent", "uncertain"])
        rows.append({"study_id": f"s{i:03d}", "patient_pseudo_id": f"p{i // 2:03d}", "title": "Radiographie du genou",
                     "observations": ["Interlignes conservés.", "Pas d'épanchement."],
                     "conclusion": "" if i == 1 else "Examen normal.",  # an empty answer: rejected by the schema
                     "findings": [{"task": "fracture", "status": fracture}, {"task": "implant", "status": implant}],
                     "text": "x", "consistent": i % 17 != 0, "checked_tasks": ["fracture"], "inconsistent_tasks": [],
                     "prior_sentences_removed": 0, "phi_spans_removed": 0, "attempts": 1, "generated_tokens": 0,
                     "backend": "offline", "model": "m", "prompt_hash": "h"})
    return rows


def test_yes_no_balanced_per_type_and_wording_and_answers_follow_findings(tmp_path):
    cfg = config_from_dict({"paths": {"out_dir": str(tmp_path / "out"), "vault_dir": str(tmp_path / "vault")}})
    store = Store.from_config(cfg)
    rows = _structured_rows(120)
    store.write_shard("structured_reports", 0, rows)
    (report,) = run_stages(cfg, ["vqa"], progress=False)
    pairs = store.read_table("vqa").to_pylist()
    closed = [p for p in pairs if p["answer_kind"] != "text"]
    by_type = Counter((p["question_type"], p["answer_kind"]) for p in closed)
    for qtype in ("fracture", "implant"):
        assert by_type[(qtype, "yes")] == by_type[(qtype, "no")] > 0
        for polarity in ("affirmative", "negative"):
            answers = Counter(p["answer_kind"] for p in closed if (p["question_type"], p["polarity"]) == (qtype,
                                                                                                       polarity))
            assert answers["yes"] == answers["no"] > 0  # the wording does not predict the answer either
    findings = {r["study_id"]: {f["task"]: f["status"] for f in r["findings"]} for r in rows}
    for p in closed:
        present = findings[p["study_id"]][p["question_type"]] == "present"
        expected_yes = present if p["polarity"] == "affirmative" else not present
        assert p["answer"] == ("Oui." if expected_yes else "Non.")
        assert p["answer_kind"] == ("yes" if expected_yes else "no")
    negatives_absent = [p for p in closed if p["polarity"] == "negative" and p["answer_kind"] == "yes"]
    assert negatives_absent and all(findings[p["study_id"]][p["question_type"]] == "absent" for p in negatives_absent)
    assert not any(findings[p["study_id"]]["implant"] == "uncertain" for p in closed if p["question_type"] == "implant")
    inconsistent = {r["study_id"] for r in rows if not r["consistent"]}
    assert not inconsistent & {p["study_id"] for p in pairs}
    assert Counter(p["question_type"] for p in pairs if p["answer_kind"] == "text") == {
        "exam": 120 - len(inconsistent), "description": 120 - len(inconsistent),
        "conclusion": 120 - len(inconsistent) - 1}
    manifest = json.loads(store.manifest_path("vqa").read_text())
    assert manifest["stats"]["fracture.yes"] == by_type[("fracture", "yes")]
    assert manifest["stats"]["fracture.dropped_for_balance"] > 0
    assert manifest["stats"]["studies_skipped_inconsistent"] == len(inconsistent)
    assert len({p["qa_id"] for p in pairs}) == len(pairs)
    assert report.rejects == 1 and report.reject_reasons == {"Q&A pair fails the schema at answer": 1}
    # Same seed, same output; the rerun is skipped, a forced one rewrites the same rows.
    (again,) = run_stages(cfg, ["vqa"], progress=False, force=True)
    assert store.read_table("vqa").to_pylist() == pairs
