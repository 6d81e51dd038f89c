"""Hostile inputs for ingest, made at test time (small files, a few hundred KB in all).

Each case is what an attacker or a faulty PACS/RIS export produces (issue 14 and 11): malformed
DICOM headers that crash decoders, compressed streams lying about their size, links out of the
input trees, FIFOs and devices, clashing UIDs, and broken manifests. `make_corpus` writes the
trees and returns, per file, the outcome ingest must give (ingested, or rejected with a reason
containing a given phrase); `make_manifest_cases` writes manifests that must stop the run with
one line (or be read correctly).

Used by tests/hostile/test_hostile_ingest.py and bench/hostile.py.
"""

from __future__ import annotations

import io
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image
from pydicom import encaps
from pydicom.dataset import Dataset, FileDataset, FileMetaDataset
from pydicom.filebase import DicomBytesIO
from pydicom.filewriter import write_dataset
from pydicom.uid import ExplicitVRLittleEndian, JPEGBaseline8Bit, generate_uid

SECRET = b"OUTSIDE-THE-TREE-SECRET-7f3a"
OUTSIDE_PATIENT = "OUTSIDE-PATIENT-99"


@dataclass(frozen=True)
class Expect:
    """What ingest must do with one file: `ingested` or a reject whose reason contains `reason`."""

    name: str
    ingested: bool
    reason: str = ""


def _dataset(path: Path, *, rows: int = 64, cols: int = 64, patient_id: str = "H001", modality: str = "DX",
             sop_uid: str | None = None, study_uid: str | None = None, syntax=ExplicitVRLittleEndian,
             value: int = 1000) -> FileDataset:
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.1.1"
    meta.MediaStorageSOPInstanceUID = sop_uid or generate_uid()
    meta.TransferSyntaxUID = syntax
    ds = FileDataset(str(path), {}, file_meta=meta, preamble=b"\0" * 128)
    ds.SOPClassUID, ds.SOPInstanceUID = meta.MediaStorageSOPClassUID, meta.MediaStorageSOPInstanceUID
    ds.PatientName, ds.PatientID, ds.PatientBirthDate = "HOSTILE^Test", patient_id, "19600101"
    ds.StudyInstanceUID = study_uid or generate_uid()
    ds.StudyDate, ds.StudyTime = "20200102", "101010"
    ds.Modality, ds.BodyPartExamined = modality, "HAND"
    ds.Rows, ds.Columns = rows, cols
    ds.SamplesPerPixel, ds.BitsAllocated, ds.BitsStored, ds.HighBit = 1, 16, 12, 11
    ds.PixelRepresentation, ds.PhotometricInterpretation = 0, "MONOCHROME2"
    yy, xx = np.mgrid[0:rows, 0:cols]
    ds.PixelData = ((xx + yy) % 4096 + value % 7).astype(np.uint16).tobytes()
    return ds


def _save(ds: Dataset, path: Path) -> Path:
    ds.save_as(path, enforce_file_format=True)
    return path


def _jpeg_dataset(path: Path, *, sof_size: tuple[int, int] | None = None, cut: int = 0) -> Path:
    """8-bit JPEG baseline DICOM 64x64; `sof_size` rewrites the stream's SOF0 rows/columns."""
    buf = io.BytesIO()
    Image.fromarray((np.arange(64 * 64) % 251).astype(np.uint8).reshape(64, 64)).save(buf, "JPEG", quality=90)
    stream = bytearray(buf.getvalue())
    if sof_size:
        at = stream.find(b"\xff\xc0")
        stream[at + 5 : at + 9] = sof_size[0].to_bytes(2, "big") + sof_size[1].to_bytes(2, "big")
    ds = _dataset(path, syntax=JPEGBaseline8Bit)
    ds.BitsAllocated, ds.BitsStored, ds.HighBit = 8, 8, 7
    ds.PixelData = encaps.encapsulate([bytes(stream)])
    ds["PixelData"].VR = "OB"
    ds["PixelData"].is_undefined_length = True
    ds.save_as(path, enforce_file_format=True)
    if cut:
        data = path.read_bytes()
        path.write_bytes(data[: len(data) - cut])
    return path


def _nested_sequences(depth: int) -> bytes:
    """(0008,1115) SQ nested `depth` times, undefined lengths, explicit VR little endian."""
    open_sq = b"\x08\x00\x15\x11SQ\x00\x00\xff\xff\xff\xff"
    open_item = b"\xfe\xff\x00\xe0\xff\xff\xff\xff"
    close_item = b"\xfe\xff\x0d\xe0\x00\x00\x00\x00"
    close_sq = b"\xfe\xff\xdd\xe0\x00\x00\x00\x00"
    return (open_sq + open_item) * depth + (close_item + close_sq) * depth


def _write_pdf(path: Path, text: str) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    pdf.drawString(72, 760, text)
    pdf.save()


def make_corpus(root: Path) -> tuple[Path, Path, Path, list[Expect]]:
    """Write pacs/, reports/, outside/ and report_manifest.csv under `root`; (pacs, reports, manifest, expectations)."""
    pacs, reports, outside = root / "pacs", root / "reports", root / "outside"
    for d in (pacs, reports, outside):
        d.mkdir(parents=True, exist_ok=True)
    expect: list[Expect] = []

    def add(name: str, ingested: bool, reason: str = "") -> None:
        expect.append(Expect(name, ingested, reason))

    _save(_dataset(pacs / "good.dcm"), pacs / "good.dcm")
    add("pacs/good.dcm", True)

    ds = _dataset(pacs / "rescale_abcd.dcm")
    ds.RescaleSlope, ds.RescaleIntercept = "9.87", "0"
    data = _save(ds, pacs / "rescale_abcd.dcm").read_bytes().replace(b"9.87", b"abcd")
    (pacs / "rescale_abcd.dcm").write_bytes(data)
    add("pacs/rescale_abcd.dcm", False, "rescale")

    data = _save(_dataset(pacs / "nested.dcm"), pacs / "nested.dcm").read_bytes()
    at = data.find(b"\x08\x00\x16\x00")  # before SOPClassUID (0008,0016): tags stay in ascending order
    (pacs / "nested.dcm").write_bytes(data[:at] + _nested_sequences(5000) + data[at:])
    add("pacs/nested.dcm", False, "")

    ds = _dataset(pacs / "empty_modality_lut.dcm")
    ds.ModalityLUTSequence = [Dataset()]
    _save(ds, pacs / "empty_modality_lut.dcm")
    add("pacs/empty_modality_lut.dcm", False, "modality lut")

    ds = _dataset(pacs / "voi_lut_2_bytes.dcm")
    item = Dataset()
    item.LUTDescriptor = [4096, 0, 16]
    item.LUTData = b"\x01\x02"
    item["LUTData"].VR = "OW"
    ds.VOILUTSequence = [item]
    _save(ds, pacs / "voi_lut_2_bytes.dcm")
    add("pacs/voi_lut_2_bytes.dcm", True)  # a broken window is ignored: the full range is still the image

    _jpeg_dataset(pacs / "jpeg_bomb.dcm", sof_size=(60000, 60000))
    add("pacs/jpeg_bomb.dcm", False, "compressed stream size differs")
    _jpeg_dataset(pacs / "jpeg_ok.dcm")
    add("pacs/jpeg_ok.dcm", True)
    _jpeg_dataset(pacs / "jpeg_cut.dcm", cut=300)
    add("pacs/jpeg_cut.dcm", False, "truncated")

    ds = _dataset(pacs / "huge_header.dcm", rows=64, cols=64)
    ds.Rows, ds.Columns = 65535, 65535
    _save(ds, pacs / "huge_header.dcm")
    add("pacs/huge_header.dcm", False, "max_pixels")

    ds = _dataset(pacs / "native_cut.dcm")
    raw = _save(ds, pacs / "native_cut.dcm").read_bytes()
    (pacs / "native_cut.dcm").write_bytes(raw[:-2000])
    add("pacs/native_cut.dcm", False, "truncated")

    ds = _dataset(pacs / "no_meta.dcm", patient_id="H002")
    fp = DicomBytesIO()
    fp.is_little_endian, fp.is_implicit_VR = True, True
    write_dataset(fp, ds)  # the bare dataset: no preamble, no file meta (old PACS exports)
    (pacs / "no_meta.dcm").write_bytes(fp.getvalue())
    add("pacs/no_meta.dcm", True)

    _save(_dataset(pacs / "ultrasound.dcm", modality="US"), pacs / "ultrasound.dcm")
    add("pacs/ultrasound.dcm", False, "modality US not kept")

    (pacs / "not_dicom.dcm").write_bytes(b"hello, this is plain text and no DICOM at all" * 3)
    add("pacs/not_dicom.dcm", False, "not a DICOM file")

    # Identity: an exact re-export (counted once), one UID with two contents, one UID with two patients.
    shutil.copy(pacs / "good.dcm", pacs / "good_copy.dcm")
    add("pacs/good_copy.dcm", False, "exact duplicate")
    uid = generate_uid()
    _save(_dataset(pacs / "uid_a.dcm", sop_uid=uid, value=1), pacs / "uid_a.dcm")
    _save(_dataset(pacs / "uid_b.dcm", sop_uid=uid, value=2), pacs / "uid_b.dcm")
    add("pacs/uid_a.dcm", False, "different content")
    add("pacs/uid_b.dcm", False, "different content")
    uid2, study = generate_uid(), generate_uid()
    _save(_dataset(pacs / "pat_a.dcm", sop_uid=uid2, patient_id="H010", study_uid=study), pacs / "pat_a.dcm")
    _save(_dataset(pacs / "pat_b.dcm", sop_uid=uid2, patient_id="H011", study_uid=study), pacs / "pat_b.dcm")
    add("pacs/pat_a.dcm", False, "different patients")
    add("pacs/pat_b.dcm", False, "different patients")
    study2 = generate_uid()
    _save(_dataset(pacs / "study_a.dcm", patient_id="H020", study_uid=study2), pacs / "study_a.dcm")
    _save(_dataset(pacs / "study_b.dcm", patient_id="H021", study_uid=study2), pacs / "study_b.dcm")
    add("pacs/study_a.dcm", False, "Study Instance UID shared")
    add("pacs/study_b.dcm", False, "Study Instance UID shared")

    # Files that are not files of the tree.
    _save(_dataset(outside / "outside.dcm", patient_id=OUTSIDE_PATIENT), outside / "outside.dcm")
    (outside / "secret.pdf").write_bytes(b"%PDF-1.4\n" + SECRET + b"\n%%EOF\n")
    os.symlink(outside / "outside.dcm", pacs / "link_out.dcm")
    add("pacs/link_out.dcm", False, "outside dicom_dir")
    os.symlink(outside, pacs / "dir_link_out")
    add("pacs/dir_link_out", False, "outside dicom_dir")
    os.symlink(pacs / "good.dcm", pacs / "link_in.dcm")  # inside: followed, and the same file counted once
    os.symlink("/dev/zero", pacs / "zero.dcm")
    add("pacs/zero.dcm", False, "outside dicom_dir")
    os.symlink(pacs / "loop_b.dcm", pacs / "loop_a.dcm")
    os.symlink(pacs / "loop_a.dcm", pacs / "loop_b.dcm")
    add("pacs/loop_a.dcm", False, "loop")
    add("pacs/loop_b.dcm", False, "loop")
    os.mkfifo(pacs / "fifo.dcm")
    add("pacs/fifo.dcm", False, "special file")

    _write_pdf(reports / "r1.pdf", "Radiographie du poignet gauche. Pas de fracture visible.")
    add("reports/r1.pdf", True)
    (reports / "r_bad_date.pdf").write_bytes(b"%PDF-1.4\n% second\n%%EOF\n")
    add("reports/r_bad_date.pdf", False, "not a valid date")
    (reports / "r_no_row.pdf").write_bytes(b"%PDF-1.4\n% third\n%%EOF\n")
    add("reports/r_no_row.pdf", False, "without a row")
    os.symlink(outside / "secret.pdf", reports / "shadow.pdf")
    add("reports/shadow.pdf", False, "outside pdf_dir")
    os.mkfifo(reports / "fifo.pdf")
    add("reports/fifo.pdf", False, "special file")

    manifest = root / "report_manifest.csv"
    manifest.write_text(
        "path,patient_id,report_datetime,report_type,accession_number\n"
        "reports/r1.pdf,H001,2020-01-02T12:00:00,XR,A1\n"
        "reports/r_bad_date.pdf,H001,2020-13-45,XR,A2\n"
        "reports/shadow.pdf,H001,2020-01-02,XR,A3\n"
        "outside/secret.pdf,H001,2020-01-02,XR,A4\n",
        encoding="utf-8",
    )
    return pacs, reports, manifest, expect


def make_manifest_cases(root: Path) -> dict[str, tuple[bytes, dict, str | None]]:
    """Manifest variants over reports/r1.pdf: name -> (bytes, extra ingest config, expected error phrase or None)."""
    header = "path,patient_id,report_datetime,report_type,accession_number\n"
    latin1 = (header + "reports/r1.pdf,H001,2020-01-02,Radiographie du pied gauche é,A1\n").encode("latin-1")
    long_field = (header + "reports/r1.pdf,H001,2020-01-02," + "x" * 200_000 + ",A1\n").encode()
    return {
        "latin1": (latin1, {}, "not readable as utf-8"),
        "latin1_named": (latin1, {"manifest_encodings": ["utf-8", "cp1252"]}, None),
        "utf8_bom": (b"\xef\xbb\xbf" + header.encode() + b"reports/r1.pdf,H001,2020-01-02,XR,A1\n", {}, None),
        "semicolon": (header.replace(",", ";").encode() + b"reports/r1.pdf;H001;2020-01-02;XR;A1\n", {}, None),
        "tab": (header.replace(",", "\t").encode() + b"reports/r1.pdf\tH001\t2020-01-02\tXR\tA1\n", {}, None),
        "no_path_column": (b"file,patient_id\nreports/r1.pdf,H001\n", {}, "needs columns path, patient_id"),
        "empty": (b"", {}, "empty file"),
        "huge_field": (long_field, {}, "manifest_max_field_chars"),
        "conflicting_patients": (
            (header + "reports/r1.pdf,H001,2020-01-02,XR,A1\nreports/r1.pdf,H999,2020-01-02,XR,A1\n").encode(),
            {}, "different patient ids"),
        "conflicting_patients_rejected": (
            (header + "reports/r1.pdf,H001,2020-01-02,XR,A1\nreports/r1.pdf,H999,2020-01-02,XR,A1\n").encode(),
            {"manifest_conflicts": "reject"}, None),
    }
