"""Helpers shared by test modules (imported as `testkit`; fixtures live in conftest.py)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from pydicom.dataset import FileDataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

SMALL_PATIENTS = 14


def make_dicom(path: Path, pixels: np.ndarray, *, photometric: str = "MONOCHROME2", bits: int = 12,
               window: tuple[float, float] | None = None, rescale: tuple[float, float] = (1.0, 0.0),
               patient: str = "DUPONT^Marie", patient_id: str = "P001") -> Path:
    """A minimal valid DICOM file around `pixels` (uint16), for unit tests of pixel handling."""
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.1.1"
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = FileDataset(str(path), {}, file_meta=meta, preamble=b"\0" * 128)
    ds.SOPClassUID = meta.MediaStorageSOPClassUID
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.PatientName, ds.PatientID, ds.PatientBirthDate = patient, patient_id, "19520403"
    ds.StudyInstanceUID, ds.StudyDate, ds.StudyTime = generate_uid(), "20210403", "101500"
    ds.Modality, ds.BodyPartExamined = "DX", "WRIST"
    ds.Rows, ds.Columns = pixels.shape
    ds.SamplesPerPixel, ds.BitsAllocated, ds.BitsStored, ds.HighBit = 1, 16, bits, bits - 1
    ds.PixelRepresentation = 0
    ds.PhotometricInterpretation = photometric
    ds.RescaleSlope, ds.RescaleIntercept = rescale
    if window:
        ds.WindowCenter, ds.WindowWidth = window
    ds.PixelData = pixels.astype(np.uint16).tobytes()
    ds.save_as(path, enforce_file_format=True)
    return path


def hospital_config(hospital: Path, work: Path, **sections) -> dict:
    cfg = {
        "paths": {
            "dicom_dir": str(hospital / "pacs"),
            "pdf_dir": str(hospital / "reports"),
            "report_manifest": str(hospital / "report_manifest.csv"),
            "out_dir": str(work / "out"),
            "vault_dir": str(work / "vault"),
        },
        "run": {"shard_size": 16},
        "ingest": {"longest_side": 256},
    }
    cfg.update(sections)
    return cfg


def ground_truth(hospital: Path, name: str) -> list[dict]:
    return [json.loads(line) for line in (hospital / "ground_truth" / f"{name}.jsonl").read_text().splitlines()
            if line.strip()]
