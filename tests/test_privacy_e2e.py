"""End to end on the synthetic hospital: nothing under out/ holds the ground truth's PHI.

Checked on the bytes of every file and on the decoded columns of every
Parquet table (pages are compressed, so bytes alone would prove nothing).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline.runner import run_stages
from pipeline.store import Store

DATA_STAGES = ["ingest", "filter-images", "extract-reports", "align", "pseudonymize", "pseudo-label"]


@pytest.fixture(scope="module")
def through_labels(ingested):
    cfg, _ = ingested
    cfg = cfg.model_copy(update={"pseudo_label": cfg.pseudo_label.model_copy(update={"test_size": 3,
                                                                                     "val_size": 2})})
    reports = run_stages(cfg, DATA_STAGES, progress=False)
    assert all(r.status in ("done", "skipped") for r in reports)
    return cfg


def _out_texts(out_dir: Path) -> list[str]:
    texts = []
    for path in out_dir.rglob("*"):
        if not path.is_file():
            continue
        if path.suffix == ".parquet":
            table = pq.read_table(path)
            for col in table.column_names:
                if col != "image":
                    texts.append(json.dumps(table.column(col).to_pylist(), default=str, ensure_ascii=False))
        texts.append(path.read_bytes().decode("latin-1"))
        texts.append(str(path.relative_to(out_dir)))
    return texts


_DATE = re.compile(r"^(\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2}(T[\d:]+)?|(19|20)\d{6})$")


def _is_strong(s: str) -> bool:
    """Identifiers, phones, e-mails, addresses: strings no surrogate can equal by chance.

    Dates are left to the per-patient check: a shifted date of one patient may
    by chance be another patient's real date, which reveals nothing.
    """
    return len(s) >= 6 and (any(ch.isdigit() for ch in s) or "@" in s) and not _DATE.match(s)


def test_no_identifier_phone_or_email_anywhere_under_out(through_labels, synthetic_hospital):
    phi = json.loads((synthetic_hospital / "ground_truth" / "phi_strings.json").read_text())
    needles = {s for strings in phi.values() for s in strings if _is_strong(s)}
    assert len(needles) > 50
    blob = "\n".join(_out_texts(Path(through_labels.paths.out_dir)))
    leaks = sorted(s for s in needles if s in blob or s in blob.replace("\\/", "/"))
    assert leaks == []


def test_no_patient_name_date_or_address_in_that_patients_reports(through_labels, synthetic_hospital):
    """Names and dates are checked per patient (word boundaries): a surrogate may by chance be another
    patient's name or date."""
    store = Store(through_labels.paths.out_dir, through_labels.paths.vault_dir)
    phi = json.loads((synthetic_hospital / "ground_truth" / "phi_strings.json").read_text())
    pseudo = {r["original_patient_id"]: r["patient_pseudo_id"] for r in store.read_table("patients").to_pylist()}
    texts: dict[str, list[str]] = {}
    for row in store.read_table("reports", columns=["patient_pseudo_id", "text"]).to_pylist():
        texts.setdefault(row["patient_pseudo_id"], []).append(row["text"])
    checked, leaks = 0, []
    for patient, strings in phi.items():
        for text in texts.get(pseudo.get(patient, ""), []):
            for s in strings:
                if len(s) < 3:
                    continue
                checked += 1
                if re.search(r"(?<!\w)" + re.escape(s) + r"(?!\w)", text, flags=re.IGNORECASE):
                    leaks.append(s)
    assert checked > 100
    assert leaks == []


def test_out_holds_no_raw_report_or_ocr_text(through_labels):
    store = Store(through_labels.paths.out_dir, through_labels.paths.vault_dir)
    raw = store.read_table("report_text", columns=["text"]).column("text").to_pylist()
    ocr = [t for t in store.read_table("ocr_text", columns=["text"]).column("text").to_pylist() if len(t) > 20]
    blob = "\n".join(_out_texts(Path(through_labels.paths.out_dir)))
    # A whole raw line of 40+ characters surviving pseudonymisation untouched is fine only if it holds no PHI;
    # the OCR text of a dropped image must never be there at all.
    assert ocr and not any(t in blob for t in ocr)
    assert raw and not any(t in blob for t in raw)
