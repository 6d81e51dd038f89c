"""DICOM reading for ingest: identity out of the header, display-ready pixels out of the data.

Kept apart from the stage so the benchmark and other tools convert pixels
exactly as ingest does.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pydicom
from PIL import Image
from pydicom.dataset import Dataset
from pydicom.errors import InvalidDicomError
from pydicom.pixels import apply_modality_lut, apply_voi_lut

#: Modalities that hold no image to learn from (reports, presentation states, ...).
NON_IMAGE_SOP_HINTS = ("SR", "PR", "KO", "DOC", "RAW", "REG", "SEG")


class UnusableFile(Exception):
    """A file ingest cannot use; `reason` is a fixed phrase safe to count in manifests."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(reason)
        self.reason = reason
        self.detail = detail


@dataclass
class DicomIdentity:
    """What the header says about who and when; goes to the vault only."""

    patient_id: str
    surname: str
    first_names: list[str]
    birth_date: str
    sex: str
    other_ids: list[str]
    study_instance_uid: str
    accession_number: str
    study_datetime: str
    institution: str
    referring_physician: str
    sop_instance_uid: str
    tags: dict[str, object] = field(default_factory=dict)


def _text(ds: Dataset, keyword: str) -> str:
    value = ds.get(keyword, "")
    if value is None:
        return ""
    if isinstance(value, pydicom.multival.MultiValue):
        return "\\".join(str(v) for v in value)
    return str(value).strip()


def split_person_name(raw: str) -> tuple[str, list[str]]:
    """DICOM PN 'DUPONT^Marie Claire^^Mme' -> ('DUPONT', ['Marie', 'Claire'])."""
    parts = raw.split("=")[0].split("^")
    surname = parts[0].strip()
    given = parts[1].strip() if len(parts) > 1 else ""
    middle = parts[2].strip() if len(parts) > 2 else ""
    first = [p for p in f"{given} {middle}".split() if p]
    return surname, first


def iso_datetime(date: str, time_: str) -> str:
    """DICOM DA/TM -> 'YYYY-MM-DDTHH:MM:SS' (empty string when the date is missing or malformed)."""
    date = "".join(ch for ch in date if ch.isdigit())
    if len(date) != 8:
        return ""
    t = "".join(ch for ch in time_.split(".")[0] if ch.isdigit()).ljust(6, "0")[:6]
    return f"{date[:4]}-{date[4:6]}-{date[6:]}T{t[:2]}:{t[2:4]}:{t[4:]}"


def read_dicom(path: Path, keep_tags: list[str]) -> tuple[DicomIdentity, Dataset]:
    try:
        ds = pydicom.dcmread(path)
    except InvalidDicomError as err:
        raise UnusableFile("not a DICOM file", str(err)) from None
    except (EOFError, OSError, ValueError, KeyError, TypeError) as err:
        raise UnusableFile("unreadable DICOM header", f"{type(err).__name__}: {err}") from None
    if "PixelData" not in ds and "FloatPixelData" not in ds and "DoubleFloatPixelData" not in ds:
        raise UnusableFile("no pixel data (not an image object)", _text(ds, "Modality"))
    study_uid = _text(ds, "StudyInstanceUID")
    patient_id = _text(ds, "PatientID")
    if not patient_id:
        raise UnusableFile("no PatientID in DICOM header")
    if not study_uid:
        raise UnusableFile("no StudyInstanceUID in DICOM header")
    surname, first = split_person_name(_text(ds, "PatientName"))
    other = [v for v in _text(ds, "OtherPatientIDs").split("\\") if v]
    tags: dict[str, object] = {}
    for keyword in keep_tags:
        if keyword in ds:
            value = ds.get(keyword)
            if isinstance(value, pydicom.multival.MultiValue):
                tags[keyword] = [float(v) for v in value] if keyword == "PixelSpacing" else list(map(str, value))
            else:
                tags[keyword] = str(value).strip()
    identity = DicomIdentity(
        patient_id=patient_id,
        surname=surname,
        first_names=first,
        birth_date=_text(ds, "PatientBirthDate"),
        sex=_text(ds, "PatientSex"),
        other_ids=other,
        study_instance_uid=study_uid,
        accession_number=_text(ds, "AccessionNumber"),
        study_datetime=iso_datetime(_text(ds, "StudyDate"), _text(ds, "StudyTime")),
        institution=_text(ds, "InstitutionName"),
        referring_physician=" ".join(p for p in _text(ds, "ReferringPhysicianName").split("^") if p),
        sop_instance_uid=_text(ds, "SOPInstanceUID"),
        tags=tags,
    )
    return identity, ds


def display_pixels(ds: Dataset) -> np.ndarray:
    """Stored values -> 8-bit grey as a radiologist would see them.

    Order follows PS3.3 C.11: modality LUT (rescale), VOI LUT or window, then
    MONOCHROME1 inversion, so bone is bright whatever the vendor wrote.
    """
    try:
        arr = ds.pixel_array
    except Exception as err:  # decoders raise many types; all mean the same to us
        name = type(err).__name__
        reason = "compressed pixel data without decoder" if "decoder" in str(err).lower() else \
            "truncated or unreadable pixel data"
        raise UnusableFile(reason, f"{name}: {err}") from None
    if int(ds.get("NumberOfFrames", 1) or 1) > 1:
        arr = arr[0]
    photometric = str(ds.get("PhotometricInterpretation", "MONOCHROME2")).strip()
    if arr.ndim == 3:  # colour: keep luminance, windowing does not apply
        rgb = arr.astype(np.float32)
        grey = rgb[..., 0] * 0.299 + rgb[..., 1] * 0.587 + rgb[..., 2] * 0.114
        return _to_uint8(grey)
    values = apply_modality_lut(arr, ds).astype(np.float32, copy=False)
    if "VOILUTSequence" in ds or "WindowCenter" in ds:
        try:
            values = apply_voi_lut(values, ds, index=0, prefer_lut=True)
        except (ValueError, TypeError, AttributeError):
            pass  # a malformed window is ignored: the full range is still a faithful image
    out = _to_uint8(values)
    if photometric == "MONOCHROME1":
        out = 255 - out
    return out


def _to_uint8(values: np.ndarray) -> np.ndarray:
    values = np.asarray(values, dtype=np.float32)
    lo, hi = float(values.min()), float(values.max())
    if not np.isfinite(lo) or not np.isfinite(hi) or hi <= lo:
        return np.zeros(values.shape, dtype=np.uint8)
    scaled = (values - lo) * (255.0 / (hi - lo))
    return np.clip(scaled + 0.5, 0, 255).astype(np.uint8)


def resize_longest(img: Image.Image, longest_side: int) -> Image.Image:
    w, h = img.size
    scale = longest_side / max(w, h)
    if scale >= 1:
        return img
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    # reducing_gap: integer box reduction first, then a short Lanczos; much faster on 2-3k px inputs.
    return img.resize(size, Image.Resampling.LANCZOS, reducing_gap=2.0)


def encode_png(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    # compress_level 1: PNG stays lossless; level 6 costs ~3x the time for ~10% fewer bytes.
    img.save(buf, format="PNG", compress_level=1)
    return buf.getvalue()
