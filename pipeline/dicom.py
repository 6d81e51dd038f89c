"""DICOM reading for ingest: identity out of the header, display-ready pixels out of the data.

Kept apart from the stage so the benchmark and other tools convert pixels
exactly as ingest does.
"""

from __future__ import annotations

import io
import struct
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pydicom
from PIL import Image
from pydicom import encaps
from pydicom.dataset import Dataset
from pydicom.errors import InvalidDicomError
from pydicom.pixels import apply_modality_lut, apply_voi_lut, pixel_array
from pydicom.uid import ExplicitVRLittleEndian, ImplicitVRLittleEndian

from pipeline.isolation import ItemFailed

#: Modalities that hold no image to learn from (reports, presentation states, ...).
NON_IMAGE_SOP_HINTS = ("SR", "PR", "KO", "DOC", "RAW", "REG", "SEG")


class UnusableFile(ItemFailed):
    """A file ingest cannot use; `reason` is a fixed phrase safe to count in manifests."""


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


def _dcmread(source: Path | bytes, force: bool) -> Dataset:
    fileobj = io.BytesIO(source) if isinstance(source, (bytes, bytearray)) else source
    return pydicom.dcmread(fileobj, force=force)


def _looks_like_dataset(ds: Dataset) -> bool:
    """A forced read of random bytes yields no known element; a bare DICOM dataset has its UIDs."""
    try:
        return any(_text(ds, k) for k in ("SOPClassUID", "SOPInstanceUID", "StudyInstanceUID", "PatientID"))
    except Exception:  # noqa: BLE001 - garbage parsed as elements may fail to decode
        return False


def read_dicom(source: Path | bytes, keep_tags: list[str], modalities: list[str] | None = None,
               notes: dict[str, int] | None = None) -> tuple[DicomIdentity, Dataset]:
    """Header identity and dataset of one file (path or bytes already read).

    `modalities`: kept Modality values (None keeps all). `notes`: counters of what was
    tolerated (e.g. a file without preamble/meta read with force), added to the stage stats.
    """
    try:
        try:
            ds = _dcmread(source, force=False)
        except InvalidDicomError as err:
            # Many exports (old PACS, "raw" datasets) lack the 128-byte preamble and file meta.
            ds = _dcmread(source, force=True)
            if not _looks_like_dataset(ds):
                raise UnusableFile("not a DICOM file", str(err)) from None
            if "TransferSyntaxUID" not in ds.file_meta:
                ds.file_meta.TransferSyntaxUID = ImplicitVRLittleEndian if ds.is_implicit_VR else ExplicitVRLittleEndian
            if notes is not None:
                notes["read_without_preamble_or_meta"] = notes.get("read_without_preamble_or_meta", 0) + 1
    except UnusableFile:
        raise
    except RecursionError:
        raise UnusableFile("DICOM header nested too deeply (RecursionError)") from None
    except (EOFError, OSError, ValueError, KeyError, TypeError, AttributeError, IndexError) as err:
        raise UnusableFile("unreadable DICOM header", f"{type(err).__name__}: {err}") from None
    try:
        has_pixels = any(k in ds for k in ("PixelData", "FloatPixelData", "DoubleFloatPixelData"))
    except Exception as err:  # a damaged element read lazily
        raise UnusableFile("unreadable DICOM header", f"{type(err).__name__}: {err}") from None
    if not has_pixels:
        raw = source if isinstance(source, (bytes, bytearray)) else b""
        if _PIXEL_DATA_TAG in raw:
            kind = "encapsulated pixel data" if _compressed(ds) else "pixel data"
            raise UnusableFile(f"truncated {kind} (file cut inside the Pixel Data element)")
        raise UnusableFile("no pixel data (not an image object)", _text(ds, "Modality"))
    modality = _text(ds, "Modality").upper()
    if modalities is not None and modality and modality not in {m.upper() for m in modalities}:
        raise UnusableFile(f"modality {modality[:8]} not kept (ingest.modalities)")
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
                try:
                    tags[keyword] = [float(v) for v in value] if keyword == "PixelSpacing" else list(map(str, value))
                except (TypeError, ValueError):
                    continue  # a malformed technical tag is dropped, not the image
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


#: (7FE0,0010) Pixel Data, little endian: present in the bytes but not in the parsed dataset = cut file.
_PIXEL_DATA_TAG = b"\xe0\x7f\x10\x00"


def _int(ds: Dataset, keyword: str, default: int) -> int:
    try:
        value = ds.get(keyword, default)
        return int(value) if value not in (None, "") else default
    except (TypeError, ValueError):
        raise UnusableFile(f"invalid {keyword} in DICOM header") from None


def check_declared_size(ds: Dataset, max_pixels: int, max_bytes: int) -> None:
    """Refuse, before any decoding, images whose header or compressed stream asks for too much.

    Only the first frame is ever decoded, so `max_pixels` bounds rows x columns x samples; the
    whole declared native size (x frames x bytes) is bounded by `max_bytes` and must match the data.
    """
    rows, cols = _int(ds, "Rows", 0), _int(ds, "Columns", 0)
    samples, frames = _int(ds, "SamplesPerPixel", 1), _int(ds, "NumberOfFrames", 1)
    bits = _int(ds, "BitsAllocated", 16)
    if rows <= 0 or cols <= 0 or samples not in (1, 3, 4) or frames < 1 or bits not in (1, 8, 16, 32, 64):
        raise UnusableFile("invalid image geometry in DICOM header",
                           f"rows={rows} columns={cols} samples={samples} frames={frames} bits={bits}")
    if rows * cols * samples > max_pixels:
        raise UnusableFile("declared image larger than ingest.max_pixels", f"{rows}x{cols}x{samples}")
    declared = rows * cols * samples * frames * max(bits, 8) // 8
    if declared > max_bytes:
        raise UnusableFile("declared pixel data larger than ingest.max_bytes", f"{declared} bytes")
    if "PixelData" not in ds:
        return
    if _compressed(ds):
        _check_first_frame_header(ds, rows, cols, frames)
    else:
        # 4:2:2 subsampled colour stores two bytes per pixel pair of samples, not three.
        per_pixel = 2 if str(ds.get("PhotometricInterpretation", "")).startswith("YBR_FULL_422") else samples
        need = rows * cols * per_pixel * frames * bits // 8
        have = len(ds.PixelData)
        if have < need:
            raise UnusableFile("truncated pixel data (shorter than rows x columns x frames)",
                               f"{have} of {need} bytes")


def _check_first_frame_header(ds: Dataset, rows: int, cols: int, frames: int) -> None:
    try:
        frame = encaps.get_frame(ds.PixelData, 0, number_of_frames=frames)
    except Exception as err:  # pydicom raises ValueError/struct.error/EOFError on damaged items
        raise UnusableFile("truncated encapsulated pixel data", f"{type(err).__name__}: {err}") from None
    size = compressed_frame_size(frame[:65536])
    if size is not None and size != (rows, cols):
        raise UnusableFile("compressed stream size differs from the DICOM header",
                           f"header {rows}x{cols}, stream {size[0]}x{size[1]}")


#: JPEG start-of-frame markers (baseline, extended, progressive, lossless, JPEG-LS SOF55).
_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF, 0xF7}


def compressed_frame_size(data: bytes) -> tuple[int, int] | None:
    """(rows, columns) a JPEG / JPEG-LS / JPEG 2000 codestream declares, read from its header only.

    None when the stream has no such header (RLE) or it is not found in the first bytes.
    """
    if data[:2] == b"\xff\xd8":  # JPEG family: walk the marker segments to the SOF
        pos = 2
        while pos + 9 <= len(data):
            if data[pos] != 0xFF:
                return None
            marker = data[pos + 1]
            if marker == 0xFF:
                pos += 1
                continue
            if marker in _SOF:
                rows, cols = struct.unpack(">HH", data[pos + 5 : pos + 9])
                return rows, cols
            if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
                pos += 2
                continue
            (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
            pos += 2 + length
        return None
    siz = data.find(b"\xff\x4f\xff\x51")  # JPEG 2000 codestream: SOC then SIZ (also inside a JP2 box)
    if siz >= 0 and siz + 24 <= len(data):
        xsiz, ysiz, xo, yo = struct.unpack(">IIII", data[siz + 8 : siz + 24])
        return ysiz - yo, xsiz - xo
    return None


def display_pixels(ds: Dataset) -> np.ndarray:
    """Stored values -> 8-bit grey as a radiologist would see them.

    Order follows PS3.3 C.11: modality LUT (rescale), VOI LUT or window, then
    MONOCHROME1 inversion, so bone is bright whatever the vendor wrote.
    """
    try:
        arr = pixel_array(ds, index=0)  # the first frame only: never decode a whole cine loop
    except Exception as err:  # decoders raise many types; all mean the same to us
        name = type(err).__name__
        text = str(err).lower()
        if "missing required dependencies" in text or "no pixel data handlers" in text or "no plugins" in text:
            reason = "compressed pixel data without decoder"
        elif _compressed(ds):
            reason = "truncated or corrupt encapsulated pixel data (the decoders failed)"
        else:
            reason = "truncated or unreadable pixel data"
        raise UnusableFile(reason, f"{name}: {err}") from None
    photometric = str(ds.get("PhotometricInterpretation", "MONOCHROME2")).strip()
    if arr.ndim == 3:  # colour: keep luminance, windowing does not apply
        rgb = arr[..., :3].astype(np.float32)
        grey = rgb[..., 0] * 0.299 + rgb[..., 1] * 0.587 + rgb[..., 2] * 0.114
        return _to_uint8(grey)
    try:
        values = apply_modality_lut(arr, ds).astype(np.float32, copy=False)
    except Exception as err:  # "abcd" slopes, empty LUT items, LUT data of the wrong length
        raise UnusableFile("invalid rescale or Modality LUT in DICOM header", f"{type(err).__name__}: {err}") from None
    if "VOILUTSequence" in ds or "WindowCenter" in ds:
        try:
            values = apply_voi_lut(values, ds, index=0, prefer_lut=True)
        except Exception:  # noqa: BLE001 - a malformed window/LUT is ignored: the full range is still faithful
            pass
    out = _to_uint8(values)
    if photometric == "MONOCHROME1":
        out = 255 - out
    return out


def _compressed(ds: Dataset) -> bool:
    meta = getattr(ds, "file_meta", None)
    syntax = meta.get("TransferSyntaxUID") if meta is not None else None
    return bool(syntax is not None and syntax.is_compressed)


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
