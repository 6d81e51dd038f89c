"""DICOM and PNG encoding of synthetic images (pydicom 3, Explicit VR Little Endian)."""

from __future__ import annotations

import io
import random
from dataclasses import dataclass

import numpy as np
from PIL import Image
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import PYDICOM_IMPLEMENTATION_UID, ExplicitVRLittleEndian

SOP_CLASS = {
    "CR": "1.2.840.10008.5.1.4.1.1.1",  # Computed Radiography Image Storage
    "DX": "1.2.840.10008.5.1.4.1.1.1.1",  # Digital X-Ray Image Storage - For Presentation
    "SC": "1.2.840.10008.5.1.4.1.1.7",  # Secondary Capture Image Storage
    "OT": "1.2.840.10008.5.1.4.1.1.7",
}


def make_uid(rng: random.Random) -> str:
    """UUID-derived '2.25.' UID from the seeded RNG (reproducible, globally unique in practice)."""
    return f"2.25.{rng.getrandbits(127) | (1 << 126)}"


@dataclass
class DicomHeader:
    """Everything a synthetic instance carries in its header, PHI included (the ingest must drop it)."""

    patient_name: str
    patient_id: str
    birth_date: str  # YYYYMMDD
    sex: str
    institution: str
    institution_address: str
    study_date: str  # YYYYMMDD
    study_time: str  # HHMMSS
    accession: str
    referring: str
    study_uid: str
    series_uid: str
    sop_uid: str
    modality: str
    body_part: str
    view: str
    laterality: str
    photometric: str
    bits_stored: int
    pixel_spacing: float
    slope: float
    intercept: float
    series_number: int
    instance_number: int
    burned_in_tag: bool
    study_description: str


def to_stored(display: np.ndarray, photometric: str, bits_stored: int) -> np.ndarray:
    """Display values in [0, 1] -> stored integers; MONOCHROME1 stores the inverse."""
    top = (1 << bits_stored) - 1
    lo = int(top * 0.04)
    v = lo + display * (top * 0.94)
    if photometric == "MONOCHROME1":
        v = top - v
    return np.clip(np.rint(v), 0, top).astype(np.uint16)


def encode_dicom(display: np.ndarray, h: DicomHeader) -> bytes:
    """A complete Part-10 file in memory."""
    stored = to_stored(display, h.photometric, h.bits_stored)
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = SOP_CLASS[h.modality]
    meta.MediaStorageSOPInstanceUID = h.sop_uid
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    meta.ImplementationClassUID = PYDICOM_IMPLEMENTATION_UID
    meta.ImplementationVersionName = "SYNTH_HOSP_1"
    ds = Dataset()
    ds.file_meta = meta
    ds.SpecificCharacterSet = "ISO_IR 100"
    ds.ImageType = ["DERIVED", "SECONDARY"] if h.modality in ("SC", "OT") else ["ORIGINAL", "PRIMARY"]
    ds.SOPClassUID = SOP_CLASS[h.modality]
    ds.SOPInstanceUID = h.sop_uid
    ds.StudyDate = h.study_date
    ds.SeriesDate = h.study_date
    ds.ContentDate = h.study_date
    ds.StudyTime = h.study_time
    ds.SeriesTime = h.study_time
    ds.ContentTime = h.study_time
    ds.AccessionNumber = h.accession
    ds.Modality = h.modality
    ds.ConversionType = "WSD" if h.modality in ("SC", "OT") else ""
    ds.Manufacturer = "SYNTH MEDICAL"
    ds.InstitutionName = h.institution
    ds.InstitutionAddress = h.institution_address
    ds.ReferringPhysicianName = h.referring
    ds.StudyDescription = h.study_description
    ds.PatientName = h.patient_name
    ds.PatientID = h.patient_id
    ds.PatientBirthDate = h.birth_date
    ds.PatientSex = h.sex
    ds.BodyPartExamined = h.body_part
    ds.ViewPosition = h.view
    ds.StudyInstanceUID = h.study_uid
    ds.SeriesInstanceUID = h.series_uid
    ds.StudyID = h.accession[-6:]
    ds.SeriesNumber = h.series_number
    ds.InstanceNumber = h.instance_number
    ds.ImageLaterality = h.laterality or "U"
    ds.Laterality = h.laterality
    if h.burned_in_tag:
        ds.BurnedInAnnotation = "YES"
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = h.photometric
    ds.Rows, ds.Columns = int(stored.shape[0]), int(stored.shape[1])
    ds.PixelSpacing = [f"{h.pixel_spacing:.3f}", f"{h.pixel_spacing:.3f}"]
    ds.BitsAllocated = 16
    ds.BitsStored = h.bits_stored
    ds.HighBit = h.bits_stored - 1
    ds.PixelRepresentation = 0
    ds.RescaleIntercept = f"{h.intercept:g}"
    ds.RescaleSlope = f"{h.slope:g}"
    ds.RescaleType = "US"
    top = (1 << h.bits_stored) - 1
    lo_r, hi_r = top * 0.1 * h.slope + h.intercept, top * 0.95 * h.slope + h.intercept
    ds.WindowCenter = f"{(lo_r + hi_r) / 2:.1f}"
    ds.WindowWidth = f"{hi_r - lo_r:.1f}"
    ds.PixelData = stored.tobytes()
    buf = io.BytesIO()
    ds.save_as(buf, enforce_file_format=True)
    return buf.getvalue()


def truncate_dicom(data: bytes, rng: random.Random) -> bytes:
    """Cut a valid file inside its pixel data (as an interrupted transfer would)."""
    pixel_tag = b"\xe0\x7f\x10\x00"
    start = data.rfind(pixel_tag)
    start = start if start > 0 else len(data) // 2
    return data[: start + 12 + (len(data) - start - 12) * rng.randint(20, 70) // 100]


def encode_png(display: np.ndarray) -> bytes:
    """16-bit grayscale PNG in display orientation (bright = dense), no metadata chunks."""
    arr = np.clip(np.rint(display * 65535), 0, 65535).astype(np.uint16)
    buf = io.BytesIO()
    Image.fromarray(arr).save(buf, format="PNG", optimize=False, compress_level=6)
    return buf.getvalue()
