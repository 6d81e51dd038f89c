"""Ingest throughput: our DICOM -> PNG path next to a plain pydicom + Pillow loop, same files, one core.

Prints images/s for both and the ratio. Files: 2048x2500, 16-bit (12-16 bits stored),
MONOCHROME1 and MONOCHROME2, with rescale and window, written once into a temp folder.

    .venv/bin/python bench/ingest.py [--n 24] [--longest-side 1024]   (--quick: 2 files, seconds)
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import tempfile
import time
from pathlib import Path

import numpy as np
import pydicom
from PIL import Image
from pydicom.dataset import FileDataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, SecondaryCaptureImageStorage, generate_uid

from pipeline.configs.ingest import DEFAULT_KEEP_TAGS
from pipeline.dicom import display_pixels, encode_png, read_dicom, resize_longest


def write_dicom(path: Path, rng: np.random.Generator, rows: int, cols: int, mono1: bool, bits: int) -> None:
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = SecondaryCaptureImageStorage
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = FileDataset(str(path), {}, file_meta=meta, preamble=b"\0" * 128)
    ds.PatientName, ds.PatientID = "BENCH^Patient", "B0001"
    ds.StudyInstanceUID, ds.SOPInstanceUID = generate_uid(), meta.MediaStorageSOPInstanceUID
    ds.Modality, ds.BodyPartExamined = "DX", "HAND"
    ds.Rows, ds.Columns = rows, cols
    ds.SamplesPerPixel, ds.BitsAllocated, ds.BitsStored, ds.HighBit = 1, 16, bits, bits - 1
    ds.PixelRepresentation = 0
    ds.PhotometricInterpretation = "MONOCHROME1" if mono1 else "MONOCHROME2"
    ds.RescaleSlope, ds.RescaleIntercept = 1, 0
    top = 2**bits - 1
    ds.WindowCenter, ds.WindowWidth = top // 2, top // 2
    yy, xx = np.mgrid[0:rows, 0:cols]
    img = (np.sin(xx / 40.0) + np.cos(yy / 55.0) + 2) / 4 * top
    img += rng.normal(0, top * 0.02, size=img.shape)
    ds.PixelData = np.clip(img, 0, top).astype(np.uint16).tobytes()
    ds.save_as(path, enforce_file_format=True)


def ours(paths: list[Path], longest: int) -> int:
    total = 0
    for p in paths:
        _, ds = read_dicom(p, DEFAULT_KEEP_TAGS)
        img = resize_longest(Image.fromarray(display_pixels(ds), mode="L"), longest)
        total += len(encode_png(img))
    return total


def plain(paths: list[Path], longest: int) -> int:
    """What one writes first: min-max of the raw array, Pillow resize, PNG with defaults."""
    total = 0
    for p in paths:
        ds = pydicom.dcmread(p)
        arr = ds.pixel_array.astype(np.float64)
        arr = (arr - arr.min()) / max(arr.max() - arr.min(), 1) * 255
        img = Image.fromarray(arr.astype(np.uint8))
        w, h = img.size
        s = longest / max(w, h)
        img = img.resize((round(w * s), round(h * s)), Image.Resampling.LANCZOS)
        buf = io.BytesIO()
        img.save(buf, format="PNG")
        total += len(buf.getvalue())
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=24)
    parser.add_argument("--longest-side", type=int, default=1024)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--quick", action="store_true", help="tiny input (2 files, one pass): seconds")
    args = parser.parse_args()
    if args.quick:
        args.n, args.repeats = 2, 1
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    rng = np.random.default_rng(0)
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i in range(args.n):
            p = Path(tmp) / f"{i:03d}.dcm"
            write_dicom(p, rng, 2500, 2048, mono1=bool(i % 2), bits=12 + (i % 5))
            paths.append(p)
        results = {}
        for name, fn in (("plain pydicom+Pillow", plain), ("ours", ours)):
            best = float("inf")
            for _ in range(args.repeats):
                start = time.perf_counter()
                fn(paths, args.longest_side)
                best = min(best, time.perf_counter() - start)
            results[name] = args.n / best
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, one process")
    print(f"{args.n} DICOMs 2048x2500 16-bit -> PNG longest side {args.longest_side}")
    for name, rate in results.items():
        print(f"  {name:22s} {rate:6.2f} images/s per core")
    print(f"  ratio ours / plain: {results['ours'] / results['plain pydicom+Pillow']:.2f}x")


if __name__ == "__main__":
    main()
