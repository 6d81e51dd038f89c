"""ingest: accounting, privacy of out/, vault permissions, bad files, resume, pixel conversion."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest
from PIL import Image
from testkit import ground_truth, hospital_config, make_dicom

import pipeline.store as store_mod
from pipeline.config import config_from_dict
from pipeline.dicom import UnusableFile, display_pixels, read_dicom, split_person_name
from pipeline.runner import run_stages
from pipeline.store import Store, is_owner_only


def test_rows_in_equal_rows_out_plus_rejects(ingested, synthetic_hospital):
    cfg, (report,) = ingested
    assert report.status == "done"
    n_files = sum(1 for p in (synthetic_hospital / "pacs").rglob("*") if p.is_file())
    n_files += sum(1 for p in (synthetic_hospital / "reports").rglob("*.pdf"))
    assert report.rows_in == n_files
    assert report.rows_out["ingested_images"] + report.rows_out["raw_reports"] + report.rejects == report.rows_in
    assert report.rows_out["image_ids"] == report.rows_out["ingested_images"]


def test_no_ground_truth_phi_under_out(ingested, synthetic_hospital):
    cfg, _ = ingested
    phi = json.loads((synthetic_hospital / "ground_truth" / "phi_strings.json").read_text())
    needles = {s for strings in phi.values() for s in strings if len(s) >= 4}
    assert needles
    blobs = [p.read_bytes() for p in Path(cfg.paths.out_dir).rglob("*") if p.is_file()]
    # Parquet pages are compressed: also check the decoded string columns.
    for part in Path(cfg.paths.out_dir).rglob("*.parquet"):
        table = pq.read_table(part)
        for col in table.column_names:
            if col != "image":
                blobs.append(json.dumps(table.column(col).to_pylist(), default=str).encode())
    leaks = [s for s in needles if any(s.encode() in b for b in blobs)]
    assert leaks == []


def test_images_decode_with_hf_datasets_and_stay_in_vault_until_filtered(ingested):
    import datasets

    cfg, _ = ingested
    files = [str(p) for p in sorted((Path(cfg.paths.vault_dir) / "ingested_images").glob("part-*.parquet"))]
    ds = datasets.load_dataset("parquet", data_files=files, split="train")
    ds = ds.cast_column("image", datasets.Image())
    first = ds[0]["image"]
    assert first.size[0] > 0 and max(first.size) <= 256


def test_vault_owner_only_and_identity_kept(ingested, synthetic_hospital):
    cfg, _ = ingested
    store = Store(cfg.paths.out_dir, cfg.paths.vault_dir)
    assert is_owner_only(store.vault_dir)
    patients = {r["original_patient_id"]: r for r in store.read_table("patients").to_pylist()}
    truth = ground_truth(synthetic_hospital, "patients")
    with_images = {i["patient_id"] for i in ground_truth(synthetic_hospital, "images") if not i["bad"]}
    for p in truth:
        if p["patient_id"] not in with_images:
            continue
        row = patients[p["patient_id"]]
        assert row["surname"].upper() == p["surname"].upper()
        assert row["birth_date"] == p["birth_date"].replace("-", "")
    assert len({r["patient_pseudo_id"] for r in patients.values()}) == len(patients)


def test_every_bad_file_rejected_with_reason(ingested, synthetic_hospital):
    cfg, _ = ingested
    store = Store(cfg.paths.out_dir, cfg.paths.vault_dir)
    rejects = {Path(r["item"]).resolve(): r["reason"] for r in store.read_table("rejects", stage="ingest").to_pylist()}
    bad_images = [i for i in ground_truth(synthetic_hospital, "images") if i["bad"]]
    assert bad_images
    for img in bad_images:
        reason = rejects[(synthetic_hospital / img["path"]).resolve()]
        assert reason and len(reason) > 8


def test_ingest_resumes_after_a_crash(synthetic_hospital, tmp_path, monkeypatch):
    ref_cfg = config_from_dict(hospital_config(synthetic_hospital, tmp_path / "ref"))
    run_stages(ref_cfg, ["ingest"], progress=False)

    cfg = config_from_dict(hospital_config(synthetic_hospital, tmp_path / "run"))
    real = store_mod.write_parquet_atomic
    calls = {"n": 0}

    def dying(table, path):
        calls["n"] += 1
        if calls["n"] == 7:
            raise KeyboardInterrupt("killed mid-stage")
        real(table, path)

    monkeypatch.setattr(store_mod, "write_parquet_atomic", dying)
    with pytest.raises(KeyboardInterrupt):
        run_stages(cfg, ["ingest"], progress=False)
    monkeypatch.setattr(store_mod, "write_parquet_atomic", real)
    (report,) = run_stages(cfg, ["ingest"], progress=False)
    assert report.status == "done"
    # The id key differs between the two vaults, so compare content, not ids.
    a, b = Store(ref_cfg.paths.out_dir, ref_cfg.paths.vault_dir), Store(cfg.paths.out_dir, cfg.paths.vault_dir)
    for table, key in (("image_ids", "source_path"), ("raw_reports", "source_path")):
        rows_a = sorted(a.read_table(table, columns=[key]).column(key).to_pylist())
        rows_b = sorted(b.read_table(table, columns=[key]).column(key).to_pylist())
        assert rows_a == rows_b and len(rows_b) == len(set(rows_b))
    assert a.count_rows("ingested_images") == b.count_rows("ingested_images")
    # Pixels may show burned-in names: ingest keeps them in the vault, filter-images copies kept ones to out/.
    assert not b.has_table("images")
    (again,) = run_stages(cfg, ["ingest"], progress=False)
    assert again.status == "skipped"


def test_monochrome1_is_inverted_and_window_applied(tmp_path):
    pixels = np.zeros((32, 32), dtype=np.uint16)
    pixels[:, 16:] = 3000  # the dense half
    mono2 = read_dicom(make_dicom(tmp_path / "a.dcm", pixels, window=(1500, 3000)), [])[1]
    mono1 = read_dicom(make_dicom(tmp_path / "b.dcm", pixels, photometric="MONOCHROME1"), [])[1]
    a, b = display_pixels(mono2), display_pixels(mono1)
    assert a[:, 20].mean() > a[:, 4].mean()
    assert b[:, 20].mean() < b[:, 4].mean()
    assert a.dtype == np.uint8 and a.max() == 255


def test_truncated_and_fake_dicom_give_reasons(tmp_path):
    good = make_dicom(tmp_path / "good.dcm", np.ones((64, 64), dtype=np.uint16))
    cut = tmp_path / "cut.dcm"
    cut.write_bytes(good.read_bytes()[:-3000])
    fake = tmp_path / "fake.dcm"
    fake.write_text("this is not a DICOM file")
    with pytest.raises(UnusableFile) as err:
        display_pixels(read_dicom(cut, [])[1])
    assert "pixel" in err.value.reason
    with pytest.raises(UnusableFile) as err:
        read_dicom(fake, [])
    assert err.value.reason == "not a DICOM file"


def test_person_name_split():
    assert split_person_name("DUPONT^Marie Claire^^Mme") == ("DUPONT", ["Marie", "Claire"])
    assert split_person_name("Van den Berghe^Jean-Luc") == ("Van den Berghe", ["Jean-Luc"])


def test_png_without_manifest_is_rejected_and_with_manifest_ingested(tmp_path):
    tree = tmp_path / "pacs"
    tree.mkdir()
    Image.fromarray(np.full((40, 30), 120, dtype=np.uint8)).save(tree / "a.png")
    Image.fromarray(np.full((40, 30), 120, dtype=np.uint8)).save(tree / "b.png")
    (tree / "c.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 20)
    manifest = tmp_path / "images.csv"
    manifest.write_text("path,patient_id,study_uid,study_datetime,body_part,laterality\n"
                        "pacs/a.png,P1,S1,2021-04-03T10:00:00,KNEE,L\npacs/c.png,P1,S1,2021-04-03,KNEE,L\n")
    cfg = config_from_dict({"paths": {"dicom_dir": str(tree), "image_manifest": str(manifest),
                                      "out_dir": str(tmp_path / "out"), "vault_dir": str(tmp_path / "vault")}})
    (report,) = run_stages(cfg, ["ingest"], progress=False)
    assert report.rows_out["ingested_images"] == 1 and report.rejects == 2
    reasons = sorted(report.reject_reasons)
    assert any("manifest" in r for r in reasons) and any("unreadable" in r for r in reasons)
    row = Store(cfg.paths.out_dir, cfg.paths.vault_dir).read_table("ingested_images").to_pylist()[0]
    assert row["body_part"] == "KNEE"
    assert Image.open(io.BytesIO(row["image"]["bytes"])).size == (30, 40)


def test_manifest_paths_are_relative_to_the_manifest_folder_and_inside_pdf_dir(tmp_path):
    """The one rule of PathsConfig and the README: relative to the manifest's folder, inside pdf_dir."""
    from pipeline.config import PathsConfig

    reports, exports = tmp_path / "ris" / "reports", tmp_path / "exports"
    reports.mkdir(parents=True)
    exports.mkdir()
    for name in ("a.pdf", "b.pdf"):
        (reports / name).write_bytes(b"%PDF-1.4\n%%EOF\n")
    (tmp_path / "elsewhere.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    manifest = exports / "reports.csv"
    manifest.write_text("path,patient_id,report_datetime\n"
                        "../ris/reports/a.pdf,P1,2021-04-03\n"  # relative to the manifest's folder: found
                        "reports/b.pdf,P1,2021-04-03\n"  # relative to pdf_dir's parent: not the rule
                        "../elsewhere.pdf,P1,2021-04-03\n")  # outside pdf_dir: ignored, counted
    cfg = config_from_dict({"paths": {"pdf_dir": str(reports), "report_manifest": str(manifest),
                                      "out_dir": str(tmp_path / "out"), "vault_dir": str(tmp_path / "vault")}})
    (report,) = run_stages(cfg, ["ingest"], progress=False)
    rows = Store(cfg.paths.out_dir, cfg.paths.vault_dir).read_table("raw_reports").to_pylist()
    assert [Path(r["source_path"]).name for r in rows] == ["a.pdf"]
    assert report.reject_reasons == {"report without a row in paths.report_manifest (patient unknown)": 1}
    assert report.stats["manifest_rows_outside_tree"] == 2
    doc = PathsConfig.model_fields["report_manifest"].description
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    assert "relative to this CSV's folder" in doc and "inside pdf_dir" in doc
    assert "relative to\nthe manifest's folder" in readme


def test_real_dicom_from_pydicom_every_file_ingested_or_rejected_with_reason(tmp_path):
    """pydicom's bundled test files (many vendors, transfer syntaxes, damaged files): no crash, every
    file accounted for, and the reasons of issue 11 (no meta read with force, truncation, modality)."""
    import shutil

    import pydicom

    src = Path(pydicom.__file__).parent / "data" / "test_files"
    pacs = tmp_path / "pacs"
    pacs.mkdir()
    for p in src.glob("*.dcm"):
        shutil.copy(p, pacs / p.name)
    cfg = config_from_dict({"paths": {"dicom_dir": str(pacs), "out_dir": str(tmp_path / "out"),
                                      "vault_dir": str(tmp_path / "vault")},
                            "run": {"shard_size": 64}, "ingest": {"longest_side": 64}})
    (report,) = run_stages(cfg, ["ingest"], progress=False)
    assert report.status == "done"
    assert report.rows_in == report.rows_out["ingested_images"] + report.rejects
    assert report.rows_out["ingested_images"] >= 5
    reasons = report.reject_reasons
    assert not [r for r in reasons if r.startswith("unexpected error") or "limit" in r]
    assert any(r.startswith("modality CT not kept") for r in reasons)
    rejects = {Path(r["item"]).name: r for r in
               Store(cfg.paths.out_dir, cfg.paths.vault_dir).read_table("rejects", stage="ingest").to_pylist()}
    # File by file (no UID rules), the reasons say what happened.
    from pipeline.configs.ingest import IngestConfig
    from pipeline.stages.ingest import convert_dicom

    def reason(name: str) -> str:
        with pytest.raises(UnusableFile) as err:
            convert_dicom(str(pacs / name), IngestConfig(modalities=None), 1 << 30)
        return err.value.reason + (" [forced]" if "read_without_preamble_or_meta" in err.value.detail else "")

    assert reason("MR_truncated.dcm").startswith("truncated pixel data")
    data = (pacs / "JPEG2000.dcm").read_bytes()
    (pacs / "JPEG2000_cut.dcm").write_bytes(data[:-100])  # a real file cut inside its compressed stream
    assert reason("JPEG2000_cut.dcm").startswith("truncated encapsulated pixel data")
    assert reason("ExplVR_BigEndNoMeta.dcm") == "no pixel data (not an image object) [forced]"  # no meta: force
    assert reason("JPEG2000-embedded-sequence-delimiter.dcm") == "compressed stream size differs from the DICOM header"
    # Re-encodings of one image share their SOP Instance UID with other content: rejected, never merged.
    assert rejects["MR_small_jp2klossless.dcm"]["reason"] == "SOP Instance UID shared by files with different content"
    ids = Store(cfg.paths.out_dir, cfg.paths.vault_dir).read_table("image_ids").to_pylist()
    assert len({r["image_id"] for r in ids}) == len(ids)


def test_pipeline_import_switches_hub_libraries_offline_and_opens_no_socket(tmp_path):
    """No stage may reach a hub at run time: importing pipeline sets the offline switches, a user's value
    wins, and a tiny ingest plus a hub weight request (what timm `pretrained=True` does) open no connection."""
    import os
    import subprocess
    import sys

    script = """
import socket, sys
def refuse(*a, **k):
    raise AssertionError("network use: " + repr(a[1:2]))
socket.socket.connect = refuse
socket.getaddrinfo = refuse
socket.create_connection = refuse
import os, pipeline
assert os.environ["HF_HUB_OFFLINE"] == "1" and os.environ["TRANSFORMERS_OFFLINE"] == "1"
assert os.environ["HF_DATASETS_OFFLINE"] == "user"
from pathlib import Path
from pipeline.config import config_from_dict
from pipeline.runner import run_stages
root = Path(sys.argv[1])
cfg = config_from_dict({"paths": {"dicom_dir": str(root / "pacs"), "out_dir": str(root / "out"),
                                  "vault_dir": str(root / "vault")}})
(report,) = run_stages(cfg, ["ingest"], progress=False)
assert report.rows_out["ingested_images"] == 1, report
from huggingface_hub import hf_hub_download  # what timm and transformers call for pretrained weights
try:
    hf_hub_download("timm/vit_base_patch16_224.augreg2_in21k_ft_in1k", "model.safetensors")
except AssertionError:
    raise
except Exception as err:
    print("refused offline:", type(err).__name__)
"""
    (tmp_path / "pacs").mkdir()
    make_dicom(tmp_path / "pacs" / "a.dcm", np.ones((32, 32), dtype=np.uint16))
    env = {k: v for k, v in os.environ.items() if k not in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")}
    env.update(HF_DATASETS_OFFLINE="user", HF_HOME=str(tmp_path / "hf"), PYTHONPATH=str(Path(__file__).parents[1]),
               OMP_NUM_THREADS="1")
    proc = subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, env=env,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "refused offline" in proc.stdout
