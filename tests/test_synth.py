"""Tests of the synthetic hospital generator (pipeline.synth)."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import random
import re
from pathlib import Path

import numpy as np
import pydicom
import pytest
from pdfminer.high_level import extract_text
from PIL import Image
from pypdf import PdfReader

from pipeline.synth import SynthOptions, generate_hospital
from pipeline.synth.niss import format_niss, make_niss, niss_birth_date, validate_niss
from pipeline.synth.texts import PHI_TAGS

SMALL = dict(n_patients=8, image_size=64, two_page_rate=0.3, same_day_rate=0.2, burned_phi_rate=0.1)


def _tree_hashes(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def hospital(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    root = tmp_path_factory.mktemp("hospital")
    summary = generate_hospital(root, SynthOptions(seed=7, **SMALL))
    return root, summary


@pytest.fixture(scope="module")
def gt(hospital: tuple[Path, dict]) -> dict[str, list[dict]]:
    root, _ = hospital
    return {name: _jsonl(root / "ground_truth" / f"{name}.jsonl") for name in ("patients", "studies", "images", "reports")}


def test_same_seed_is_byte_identical_and_other_seed_differs(hospital: tuple[Path, dict], tmp_path: Path) -> None:
    root, _ = hospital
    again = tmp_path / "again"
    generate_hospital(again, SynthOptions(seed=7, workers=2, **SMALL))  # worker count must not matter
    assert _tree_hashes(root) == _tree_hashes(again)
    other = tmp_path / "other"
    generate_hospital(other, SynthOptions(seed=8, **SMALL))
    a, b = _tree_hashes(root), _tree_hashes(other)
    assert a["ground_truth/patients.jsonl"] != b["ground_truth/patients.jsonl"]
    assert set(a) != set(b)  # opaque folder/file names change with the seed


def test_layout_and_counts_match_disk(hospital: tuple[Path, dict], gt: dict[str, list[dict]]) -> None:
    root, summary = hospital
    assert (root / "README.txt").read_text(encoding="utf-8").startswith("Synthetic hospital")
    assert not (root / "image_manifest.csv").exists()  # png_rate = 0
    assert summary["patients"] == len(gt["patients"]) == SMALL["n_patients"]
    assert summary["studies"] == len(gt["studies"])
    on_disk_images = {p.relative_to(root).as_posix() for p in (root / "pacs").rglob("*") if p.is_file()}
    assert on_disk_images == {r["path"] for r in gt["images"]}
    on_disk_reports = {p.relative_to(root).as_posix() for p in (root / "reports").rglob("*") if p.is_file()}
    assert on_disk_reports == {r["path"] for r in gt["reports"]}
    with (root / "report_manifest.csv").open(encoding="utf-8") as f:
        manifest = list(csv.DictReader(f))
    assert list(manifest[0]) == ["path", "patient_id", "report_datetime", "report_type", "accession_number"]
    assert {m["path"] for m in manifest} == on_disk_reports
    assert all(m["accession_number"] == "" for m in manifest)
    assert {m["report_type"] for m in manifest} == {"radiologie", "consultation"}
    for m in manifest:
        dt.datetime.strptime(m["report_datetime"], "%Y-%m-%dT%H:%M:%S")
    patient_ids = {p["patient_id"] for p in gt["patients"]}
    study_uids = {s["study_uid"] for s in gt["studies"]}
    assert {s["patient_id"] for s in gt["studies"]} <= patient_ids
    assert {r["study_uid"] for r in gt["images"] if r["study_uid"]} <= study_uids
    report_paths = {r["path"] for r in gt["reports"]}
    for s in gt["studies"]:
        assert s["report_path"] is None or s["report_path"] in report_paths
        assert 1 <= sum(1 for r in gt["images"] if r["study_uid"] == s["study_uid"] and not r["bad"])
    # folder names carry no identity
    for p in (root / "pacs").iterdir():
        assert re.fullmatch(r"[0-9a-f]{16}", p.name)


def test_dicom_files_readable_except_bad_ones(hospital: tuple[Path, dict], gt: dict[str, list[dict]]) -> None:
    root, _ = hospital
    patients = {p["patient_id"]: p for p in gt["patients"]}
    for row in gt["images"]:
        path = root / row["path"]
        if row["bad"]:
            with pytest.raises(Exception):  # noqa: B017 - any pydicom failure is the expected outcome
                pydicom.dcmread(path).pixel_array  # noqa: B018
            continue
        ds = pydicom.dcmread(path)
        arr = ds.pixel_array
        assert arr.shape == (ds.Rows, ds.Columns) and max(arr.shape) == 64
        assert ds.file_meta.TransferSyntaxUID == pydicom.uid.ExplicitVRLittleEndian
        assert ds.PhotometricInterpretation == row["photometric"] and ds.BitsStored == row["bits_stored"]
        assert ds.BitsAllocated == 16 and ds.HighBit == ds.BitsStored - 1 and int(arr.max()) < 2 ** ds.BitsStored
        assert ds.SOPInstanceUID == row["sop_instance_uid"] and ds.StudyInstanceUID == row["study_uid"]
        assert ds.Modality == row["modality"] and ds.BodyPartExamined == row["body_part"]
        p = patients[ds.PatientID]
        assert str(ds.PatientName) == f"{p['surname'].upper()}^{' '.join(p['first_names'])}"
        assert ds.PatientBirthDate == p["birth_date"].replace("-", "")
        assert ds.InstitutionName and ds.ReferringPhysicianName and ds.AccessionNumber


def test_every_bad_kind_present(gt: dict[str, list[dict]]) -> None:
    assert {"truncated", "not_dicom"} <= {r["bad"] for r in gt["images"]}
    assert {"corrupt", "encrypted", "empty", "scanned"} <= {r["bad"] for r in gt["reports"]}


def test_bad_reports_are_unreadable_as_text(hospital: tuple[Path, dict], gt: dict[str, list[dict]]) -> None:
    root, _ = hospital
    sizes = []
    for r in gt["reports"]:
        path = root / r["path"]
        if r["bad"] == "encrypted":
            assert PdfReader(path).is_encrypted
        elif r["bad"] == "empty":
            sizes.append(path.stat().st_size)
            if sizes[-1]:
                assert extract_text(path).strip() == ""
        elif r["bad"] in ("scanned",):
            assert extract_text(path).strip() == ""
        elif r["bad"] == "corrupt":
            try:
                text = extract_text(path)
            except Exception:  # noqa: BLE001 - failing to parse is what a corrupt file should do
                text = ""
            assert _norm(r["body_text"]) not in _norm(text)
    assert 0 in sizes and any(sizes)  # a 0-byte file and a valid PDF without text


def test_pdf_body_equals_ground_truth(hospital: tuple[Path, dict], gt: dict[str, list[dict]]) -> None:
    root, _ = hospital
    good = [r for r in gt["reports"] if not r["bad"]]
    two_pages = [r for r in good if r["n_pages"] == 2]
    assert two_pages, "two_page_rate should give a two-page report"
    for r in two_pages[:2] + [r for r in good if r["n_pages"] == 1][:4]:
        text = extract_text(root / r["path"])
        for line in r["header_lines"] + r["footer_lines"]:
            assert line in text
        drop = set(r["header_lines"]) | set(r["footer_lines"])
        body = " ".join(line for line in text.splitlines() if line.strip() not in drop)
        assert _norm(body) == _norm(r["body_text"])
        assert len(PdfReader(root / r["path"]).pages) == r["n_pages"]
        if r["n_pages"] == 2:  # the hospital template is repeated on the second page
            page2 = extract_text(root / r["path"], page_numbers=[1])
            assert all(line in page2 for line in r["header_lines"]) and "Page 2/2" in page2
    assert all(r["n_pages"] <= 2 for r in good)


def test_header_footer_template_per_hospital(gt: dict[str, list[dict]]) -> None:
    by_hospital: dict[str, set[tuple[str, ...]]] = {}
    for r in gt["reports"]:
        by_hospital.setdefault(r["hospital"], set()).add(tuple(r["header_lines"]))
        if r["footer_lines"]:
            assert r["footer_lines"][1:] == [f"Page {i}/{r['n_pages']}" for i in range(1, r["n_pages"] + 1)]
    assert 2 <= len(by_hospital) <= 4
    assert all(len(v) == 1 for v in by_hospital.values())


def test_phi_spans_match_body_text(gt: dict[str, list[dict]]) -> None:
    tags = set()
    for r in gt["reports"]:
        last_end = -1
        for sp in sorted(r["phi"], key=lambda s: s["start_char"]):
            assert r["body_text"][sp["start_char"]:sp["end_char"]] == sp["text"]
            assert sp["tag"] in PHI_TAGS and sp["start_char"] >= last_end
            last_end = sp["end_char"]
            tags.add(sp["tag"])
        assert r["label_fracture"] in (0, 1)
    assert {"PATIENT", "PERSON", "DATE", "ID"} <= tags


def test_labels_follow_findings(gt: dict[str, list[dict]]) -> None:
    studies = {s["study_uid"]: s for s in gt["studies"]}
    for r in gt["reports"]:
        if r["study_uid"] is None:
            assert r["report_type"] == "consultation" and r["label_fracture"] == 0
            continue
        s = studies[r["study_uid"]]
        assert r["label_fracture"] == int(s["fracture"])
        if s["findings"]["consolidated"]:
            assert r["label_fracture"] == 0 and "consolid" in r["body_text"]
        if s["fracture"]:
            assert "fracture" in r["body_text"].lower()


def test_reports_follow_their_study_on_the_same_day(gt: dict[str, list[dict]]) -> None:
    reports = {r["path"]: r for r in gt["reports"]}
    for s in gt["studies"]:
        if s["report_path"]:
            when = reports[s["report_path"]]["report_datetime"]
            assert when[:10] == s["study_datetime"][:10] and when > s["study_datetime"]


def test_same_day_studies_have_ordered_reports(gt: dict[str, list[dict]]) -> None:
    groups: dict[int, list[dict]] = {}
    for s in gt["studies"]:
        if s["same_day_group"] is not None:
            groups.setdefault(s["same_day_group"], []).append(s)
    assert groups
    reports = {r["path"]: r for r in gt["reports"]}
    for members in groups.values():
        assert len(members) == 2 and len({m["study_datetime"][:10] for m in members}) == 1
        a, b = sorted(members, key=lambda m: m["study_datetime"])
        ra, rb = reports[a["report_path"]]["report_datetime"], reports[b["report_path"]]["report_datetime"]
        assert a["study_datetime"] < ra < rb and b["study_datetime"] < rb


def test_burned_in_text(hospital: tuple[Path, dict], gt: dict[str, list[dict]]) -> None:
    root, _ = hospital
    phi = [r for r in gt["images"] if r["burned_in"] == "phi"]
    assert len(phi) >= 2
    plain = 0
    for r in phi:
        ds = pydicom.dcmread(root / r["path"], stop_before_pixels=True)
        if ds.Modality in ("CR", "DX") and "BurnedInAnnotation" not in ds:
            plain += 1
    assert plain * 2 >= len(phi)
    markers = [r["marker_text"] for r in gt["images"] if r["burned_in"] == "laterality"]
    assert markers and all(0 < len(m) <= 35 for m in markers)


def test_niss_and_phi_strings(hospital: tuple[Path, dict], gt: dict[str, list[dict]]) -> None:
    root, _ = hospital
    phi = json.loads((root / "ground_truth" / "phi_strings.json").read_text(encoding="utf-8"))
    for p in gt["patients"]:
        assert validate_niss(p["niss"]) and niss_birth_date(p["niss"]) == dt.date.fromisoformat(p["birth_date"])
        bag = set(phi[p["patient_id"]])
        d = dt.date.fromisoformat(p["birth_date"])
        assert {p["patient_id"], p["surname"], p["niss"], p["email"], p["phone"], p["address"], p["birth_date"],
                f"{d:%d/%m/%Y}"} <= bag
    for s in gt["studies"]:
        when = dt.datetime.fromisoformat(s["study_datetime"])
        assert {f"{when:%Y%m%d}", f"{when:%d/%m/%Y}", s["accession_number"]} <= set(phi[s["patient_id"]])
    for r in gt["reports"]:
        bag = set(phi[r["patient_id"]])
        for sp in r["phi"]:
            if sp["tag"] in ("PATIENT", "PERSON", "ID"):
                assert sp["text"] in bag, sp["tag"]


def test_niss_helpers() -> None:
    rng = random.Random(0)
    for birth, sex in [(dt.date(1967, 4, 3), "F"), (dt.date(2004, 12, 31), "M"), (dt.date(1999, 1, 1), "M")]:
        n = make_niss(birth, sex, rng)
        assert len(n) == 11 and validate_niss(n) and validate_niss(format_niss(n))
        assert int(n[6:9]) % 2 == (1 if sex == "M" else 0)
        assert niss_birth_date(n) == birth
        bad = n[:10] + str((int(n[10]) + 1) % 10)
        assert not validate_niss(bad)
    assert validate_niss("85.07.30-033.28")  # public example number
    assert not validate_niss("1234")


def test_png_export_and_shape_override(tmp_path: Path) -> None:
    generate_hospital(tmp_path, SynthOptions(n_patients=2, seed=1, image_size=48))  # replaced by the next call
    (tmp_path / "notes.txt").write_text("kept")
    summary = generate_hospital(tmp_path, SynthOptions(n_patients=3, seed=3, png_rate=0.5, image_shape=(90, 70),
                                                       bad_file_rate=0.0, burned_phi_rate=0.0))
    assert summary["png_files"] > 0 and summary["bad_images"] == 0 and summary["bad_reports"] == 0
    with (tmp_path / "image_manifest.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == ["path", "patient_id", "study_uid", "study_datetime", "body_part", "laterality"]
    assert len(rows) == summary["png_files"]
    for row in rows:
        im = Image.open(tmp_path / row["path"])
        assert im.size == (70, 90) and np.asarray(im).dtype.itemsize >= 2
        dt.datetime.fromisoformat(row["study_datetime"])
    for path in (tmp_path / "pacs").rglob("*.dcm"):
        ds = pydicom.dcmread(path, stop_before_pixels=True)
        assert (ds.Rows, ds.Columns) == (90, 70)
    listed = {r["path"] for r in _jsonl(tmp_path / "ground_truth" / "images.jsonl")}
    on_disk = {p.relative_to(tmp_path).as_posix() for d in ("pacs", "pacs_png") for p in (tmp_path / d).rglob("*")
               if p.is_file()}
    assert listed == on_disk  # nothing left over from the first generation
    assert (tmp_path / "notes.txt").read_text() == "kept"
