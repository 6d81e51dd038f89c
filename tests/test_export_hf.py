"""export: a datasets.DatasetDict on disk, split by patient, in the chat format VLM trainers expect."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image

from pipeline.config import config_from_dict
from pipeline.runner import run_stages
from pipeline.store import Store


def _png(seed: int) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(np.random.default_rng(seed).integers(0, 255, (24, 20), dtype=np.uint8)).save(buf, "PNG")
    return buf.getvalue()


def write_vlm_tables(store: Store, n_patients: int = 12) -> dict[str, str]:
    """images, structured_reports, vqa and labels for 2 studies per patient; returns patient -> split."""
    images, reports, qa, labels, splits = [], [], [], [], {}
    for p in range(n_patients):
        patient = f"p{p:02d}"
        splits[patient] = ["train", "train", "val", "test"][p % 4]
        for s in range(2):
            study = f"s{p:02d}{s}"
            for i in range(s + 7 if p == 0 else s + 1):  # patient 0 has more images than the cap
                images.append({"image_id": f"{study}-i{i}", "study_id": study, "patient_pseudo_id": patient,
                               "image": {"bytes": _png(p * 100 + s * 10 + i), "path": None}, "width": 20,
                               "height": 24})
            consistent = not (p == 5 and s == 1)
            reports.append({"study_id": study, "patient_pseudo_id": patient, "title": "Radiographie du pied",
                            "observations": ["Pas de fracture."], "conclusion": "Normal.",
                            "findings": [{"task": "fracture", "status": "absent"}],
                            "text": f"Radiographie du pied\n\nObservations :\n- Pas de fracture ({study}).",
                            "consistent": consistent})
            for k, (question, answer) in enumerate([("Y a-t-il une fracture ?", "Non."),
                                                    ("Peut-on exclure une fracture ?", "Oui.")]):
                qa.append({"study_id": study, "patient_pseudo_id": patient, "qa_id": f"{study}:{k}",
                           "question_type": "fracture", "polarity": "x", "question": question, "answer": answer,
                           "answer_kind": "yes"})
        labels.append({"study_id": f"s{p:02d}0", "patient_pseudo_id": patient, "task": "fracture", "label": "0",
                       "kept": True, "split": splits[patient]})
    for name, rows in (("images", images), ("structured_reports", reports), ("vqa", qa), ("labels", labels)):
        store.write_shard(name, 0, rows)
    return splits


def test_export_is_loaded_by_datasets_with_patient_splits(tmp_path):
    from datasets import load_from_disk

    cfg = config_from_dict({"paths": {"out_dir": str(tmp_path / "out"), "vault_dir": str(tmp_path / "vault")},
                            "export": {"max_images_per_study": 6, "studies_per_read": 5}})
    store = Store.from_config(cfg)
    splits = write_vlm_tables(store)
    (report,) = run_stages(cfg, ["export"], progress=False)
    assert report.status == "done" and report.stats["skipped_inconsistent"] == 1
    data = load_from_disk(str(tmp_path / "out" / "hf_dataset"))
    assert set(data) == {"train", "val", "test"}
    assert sum(len(d) for d in data.values()) == 2 * 12 - 1
    seen = {}
    for name, split in data.items():
        for row in split:
            assert splits[row["patient_pseudo_id"]] == name
            seen.setdefault(row["patient_pseudo_id"], set()).add(name)
            n_images = len(row["images"])
            assert 1 <= n_images <= 6 and all(im.size == (20, 24) for im in row["images"])
            user, assistant = row["messages"][0], row["messages"][1]
            assert [c["type"] for c in user["content"]] == ["image"] * n_images + ["text"]
            assert assistant["role"] == "assistant" and assistant["content"][0]["text"] == row["report"]
            assert row["study_id"] in row["report"]
            assert len(row["messages"]) == 2 + 2 * row["n_qa"] and row["n_qa"] == 2
            roles = [m["role"] for m in row["messages"]]
            assert roles == ["user", "assistant"] * (len(roles) // 2)
    assert all(len(v) == 1 for v in seen.values())  # no patient in two splits
    assert len(data["train"].filter(lambda r: r["study_id"] == "s000")[0]["images"]) == 6  # capped
    assert report.stats["studies.val"] == len(data["val"])


def test_export_command_and_a_removed_dataset_is_rewritten(tmp_path):
    import shutil

    import yaml
    from typer.testing import CliRunner

    from pipeline.cli import app

    config = tmp_path / "config.yaml"
    config.write_text(yaml.safe_dump({"paths": {"out_dir": str(tmp_path / "out"),
                                                "vault_dir": str(tmp_path / "vault")}}))
    cfg = config_from_dict(yaml.safe_load(config.read_text()))
    write_vlm_tables(Store.from_config(cfg), n_patients=4)
    result = CliRunner().invoke(app, ["export", "--config", str(config), "--format", "hf"])
    assert result.exit_code == 0, result.output
    target = tmp_path / "out" / "hf_dataset"
    assert (target / "dataset_dict.json").exists()
    shutil.rmtree(target)
    (again,) = run_stages(cfg, ["export"], progress=False)
    assert again.status == "done" and (target / "dataset_dict.json").exists()
    bad = CliRunner().invoke(app, ["export", "--config", str(config), "--format", "parquet"])
    assert bad.exit_code == 2
