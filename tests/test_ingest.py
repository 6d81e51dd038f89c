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
