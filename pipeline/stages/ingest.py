"""ingest: DICOM/PNG tree + PDF tree -> new ids, de-identified pixels, vault linkage.

Two passes: `ingest` (per file, sharded, parallel) then `ingest.index`
(one shard) which folds the per-image header identities into one row per
patient and per study. The second pass exists because a patient's images are
spread over many shards and the identity table must hold one row each.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from pipeline.dicom import UnusableFile, display_pixels, encode_png, iso_datetime, read_dicom, resize_longest
from pipeline.ids import load_or_create_key, new_id
from pipeline.store import (
    Reject,
    ShardJob,
    ShardOutput,
    StageContext,
    StageReport,
    fingerprint_paths,
    run_sharded,
)

STAGE = "ingest"
INDEX_STAGE = "ingest.index"
OUTPUTS = ("ingested_images", "image_ids", "raw_reports")


@dataclass(frozen=True)
class SourceFile:
    kind: str  # dicom | image | pdf
    path: str
    manifest_row: tuple[tuple[str, str], ...] = ()

    def manifest(self) -> dict[str, str]:
        return dict(self.manifest_row)


def _read_manifest(path: Path | None) -> dict[str, dict[str, str]]:
    """CSV rows keyed by resolved file path; `path` column relative to the manifest's folder."""
    if path is None:
        return {}
    rows: dict[str, dict[str, str]] = {}
    with open(path, newline="", encoding="utf-8-sig") as fh:
        for row in csv.DictReader(fh):
            raw = (row.get("path") or "").strip()
            if not raw:
                continue
            target = Path(raw)
            if not target.is_absolute():
                target = path.parent / target
            rows[str(target.resolve())] = {k: (v or "").strip() for k, v in row.items() if k}
    return rows


def _walk(root: Path | None, extensions: list[str]) -> tuple[list[Path], int]:
    if root is None or not root.exists():
        return [], 0
    wanted = {e.lower() for e in extensions}
    files, hidden = [], 0
    for path in root.rglob("*"):
        if not path.is_file():
            continue
        if path.name.startswith("."):
            hidden += 1
            continue
        if path.suffix.lower() in wanted:
            files.append(path.resolve())
    return sorted(files), hidden


def list_sources(ctx: StageContext) -> tuple[list[SourceFile], int]:
    paths, ing = ctx.cfg.paths, ctx.cfg.ingest
    reports = _read_manifest(paths.report_manifest)
    images = _read_manifest(paths.image_manifest)
    dicom_files, hidden_a = _walk(paths.dicom_dir, ing.dicom_extensions + ing.image_extensions)
    pdf_files, hidden_b = _walk(paths.pdf_dir, ing.pdf_extensions)
    image_ext = {e.lower() for e in ing.image_extensions}
    items: list[SourceFile] = []
    for p in dicom_files:
        if p.suffix.lower() in image_ext:
            items.append(SourceFile("image", str(p), tuple(sorted(images.get(str(p), {}).items()))))
        else:
            items.append(SourceFile("dicom", str(p)))
    for p in pdf_files:
        items.append(SourceFile("pdf", str(p), tuple(sorted(reports.get(str(p), {}).items()))))
    return sorted(items, key=lambda s: (s.kind, s.path)), hidden_a + hidden_b


def run(ctx: StageContext) -> StageReport:
    store = ctx.store
    load_or_create_key(store.vault_dir)  # before workers start, so they all read the same key
    items, hidden = list_sources(ctx)
    external = [Path(i.path) for i in items]
    manifests = [p for p in (ctx.cfg.paths.report_manifest, ctx.cfg.paths.image_manifest) if p]
    report = run_sharded(
        ctx,
        STAGE,
        inputs=(),
        outputs=OUTPUTS,
        items=items,
        process=process_shard,
        config_section=ctx.cfg.ingest,
        external_fingerprint=fingerprint_paths(external + manifests),
    )
    report.stats["hidden_files_skipped"] = hidden
    if report.status != "done":
        return report
    index = run_sharded(
        ctx,
        INDEX_STAGE,
        inputs=("image_ids", "raw_reports"),
        outputs=("patients", "studies"),
        items=["index"],
        process=build_index,
        config_section=None,
    )
    report.stats["patients"] = index.rows_out.get("patients", 0)
    report.stats["studies"] = index.rows_out.get("studies", 0)
    return report


def process_shard(job: ShardJob) -> ShardOutput:
    cfg = job.cfg.ingest
    key = load_or_create_key(job.store.vault_dir)
    out = ShardOutput(tables={name: [] for name in OUTPUTS})
    max_bytes = int(cfg.max_file_mb * 1024 * 1024)
    for item in job.items:
        try:
            size = Path(item.path).stat().st_size
            if size > max_bytes:
                raise UnusableFile("file larger than ingest.max_file_mb", f"{size} bytes")
            if item.kind == "pdf":
                out.tables["raw_reports"].append(_ingest_pdf(item, key, cfg.id_length))
                out.stats["reports"] = out.stats.get("reports", 0) + 1
            else:
                image_row, link_row = (_ingest_dicom if item.kind == "dicom" else _ingest_plain)(item, key, cfg)
                out.tables["ingested_images"].append(image_row)
                out.tables["image_ids"].append(link_row)
                out.stats["images"] = out.stats.get("images", 0) + 1
        except UnusableFile as err:
            out.rejects.append(Reject(item.path, err.reason, err.detail))
        except OSError as err:
            out.rejects.append(Reject(item.path, "file could not be read", f"{type(err).__name__}: {err}"))
    return out


def _image_row(image_id: str, study_id: str, patient: str, png: bytes, size: tuple[int, int],
               tags: dict) -> dict:
    spacing = tags.get("PixelSpacing")
    bits = tags.get("BitsStored")
    return {
        "image_id": image_id,
        "study_id": study_id,
        "patient_pseudo_id": patient,
        "image": {"bytes": png, "path": f"{image_id}.png"},
        "modality": tags.get("Modality", ""),
        "body_part": str(tags.get("BodyPartExamined", "")).upper(),
        "view_position": tags.get("ViewPosition", ""),
        "laterality": tags.get("ImageLaterality") or tags.get("Laterality") or "",
        "photometric": tags.get("PhotometricInterpretation", ""),
        "pixel_spacing": spacing if isinstance(spacing, list) else None,
        "bits_stored": int(bits) if isinstance(bits, str) and bits.isdigit() else None,
        "burned_in_annotation": str(tags.get("BurnedInAnnotation", "")).upper(),
        "width": size[0],
        "height": size[1],
    }


def _ingest_dicom(item: SourceFile, key: bytes, cfg) -> tuple[dict, dict]:
    identity, ds = read_dicom(Path(item.path), cfg.keep_tags)
    pixels = display_pixels(ds)
    img = resize_longest(Image.fromarray(pixels, mode="L"), cfg.longest_side)
    patient = new_id(key, "patient", identity.patient_id, cfg.id_length)
    study_id = new_id(key, "study", identity.study_instance_uid, cfg.id_length)
    image_id = new_id(key, "image", identity.sop_instance_uid or item.path, cfg.id_length)
    row = _image_row(image_id, study_id, patient, encode_png(img), img.size, identity.tags)
    link = {
        "image_id": image_id,
        "study_id": study_id,
        "patient_pseudo_id": patient,
        "source_path": item.path,
        "original_patient_id": identity.patient_id,
        "body_part": row["body_part"],
        **{k: v for k, v in asdict(identity).items() if k not in ("tags", "patient_id")},
    }
    return row, link


def _ingest_plain(item: SourceFile, key: bytes, cfg) -> tuple[dict, dict]:
    meta = item.manifest()
    if not meta.get("patient_id") or not meta.get("study_uid"):
        raise UnusableFile("plain image without a row in paths.image_manifest (patient/study unknown)")
    try:
        with Image.open(item.path) as src:
            src.load()
            img = src.convert("I;16" if src.mode in ("I;16", "I") else "L")
    except (UnidentifiedImageError, SyntaxError, ValueError) as err:
        raise UnusableFile("unreadable or truncated image file", f"{type(err).__name__}: {err}") from None
    if img.mode != "L":
        img = img.point(lambda v: v / 256).convert("L")
    img = resize_longest(img, cfg.longest_side)
    patient = new_id(key, "patient", meta["patient_id"], cfg.id_length)
    study_id = new_id(key, "study", meta["study_uid"], cfg.id_length)
    image_id = new_id(key, "image", item.path, cfg.id_length)
    tags = {"BodyPartExamined": meta.get("body_part", ""), "ImageLaterality": meta.get("laterality", "")}
    row = _image_row(image_id, study_id, patient, encode_png(img), img.size, tags)
    link = {
        "image_id": image_id,
        "study_id": study_id,
        "patient_pseudo_id": patient,
        "source_path": item.path,
        "sop_instance_uid": "",
        "original_patient_id": meta["patient_id"],
        "surname": "",
        "first_names": [],
        "birth_date": "",
        "sex": "",
        "other_ids": [],
        "study_instance_uid": meta["study_uid"],
        "accession_number": meta.get("accession_number", ""),
        "study_datetime": _manifest_datetime(meta.get("study_datetime", "")),
        "body_part": row["body_part"],
        "institution": "",
        "referring_physician": "",
    }
    return row, link


def _manifest_datetime(value: str) -> str:
    value = value.strip()
    if len(value) >= 10 and value[4] == "-" and value[7] == "-":
        return value[:19] if len(value) >= 19 else value[:10] + "T00:00:00"
    if len(value) >= 8 and value[:8].isdigit():
        return iso_datetime(value[:8], value[8:].strip(" T"))
    return ""


def _ingest_pdf(item: SourceFile, key: bytes, id_length: int) -> dict:
    meta = item.manifest()
    if not meta.get("patient_id"):
        raise UnusableFile("report without a row in paths.report_manifest (patient unknown)")
    with open(item.path, "rb") as fh:
        data = fh.read()
    return {
        "report_id": new_id(key, "report", item.path, id_length),
        "patient_pseudo_id": new_id(key, "patient", meta["patient_id"], id_length),
        "report_datetime": _manifest_datetime(meta.get("report_datetime", "")),
        "report_type": meta.get("report_type", ""),
        "accession_number": meta.get("accession_number", ""),
        "original_patient_id": meta["patient_id"],
        "source_path": item.path,
        "pdf": data,
    }


def build_index(job: ShardJob) -> ShardOutput:
    """One row per patient and per study, from every image's header and every report's manifest row."""
    links = job.store.read_table("image_ids", columns=_INDEX_COLUMNS).to_pylist()
    reports = job.store.read_table("raw_reports", columns=["patient_pseudo_id", "original_patient_id"]).to_pylist()
    patients: dict[str, dict] = {}
    studies: dict[str, dict] = {}
    seen_names: dict[str, set[tuple[str, tuple[str, ...]]]] = defaultdict(set)
    for row in sorted(links, key=lambda r: (r["patient_pseudo_id"], r["study_id"], r["image_id"])):
        pid = row["patient_pseudo_id"]
        entry = patients.setdefault(pid, {
            "patient_pseudo_id": pid, "original_patient_id": row["original_patient_id"], "first_names": [],
            "surname": "", "birth_date": "", "sex": "", "other_ids": [],
        })
        # Headers of one patient can disagree (typos, added middle names): keep the first surname and the
        # union of first names, so that de-identification still finds every variant.
        name = (row["surname"] or "", tuple(row["first_names"] or []))
        if name[0] and name not in seen_names[pid]:
            seen_names[pid].add(name)
            entry["surname"] = entry["surname"] or name[0]
            entry["first_names"] += [n for n in name[1] if n not in entry["first_names"]]
        entry["birth_date"] = entry["birth_date"] or row["birth_date"] or ""
        entry["sex"] = entry["sex"] or row["sex"] or ""
        for other in [row["accession_number"], *(row["other_ids"] or [])]:
            if other and other not in entry["other_ids"]:
                entry["other_ids"].append(other)
        studies.setdefault(row["study_id"], {
            "study_id": row["study_id"], "patient_pseudo_id": pid, "original_patient_id": row["original_patient_id"],
            "study_instance_uid": row["study_instance_uid"], "accession_number": row["accession_number"],
            "study_datetime": row["study_datetime"], "body_part": row["body_part"],
            "institution": row["institution"], "referring_physician": row["referring_physician"],
        })
    for row in reports:
        patients.setdefault(row["patient_pseudo_id"], {
            "patient_pseudo_id": row["patient_pseudo_id"], "original_patient_id": row["original_patient_id"],
            "first_names": [], "surname": "", "birth_date": "", "sex": "", "other_ids": [],
        })
    return ShardOutput(
        tables={"patients": [patients[k] for k in sorted(patients)], "studies": [studies[k] for k in sorted(studies)]}
    )


_INDEX_COLUMNS = (
    "image_id", "study_id", "patient_pseudo_id", "original_patient_id", "surname", "first_names", "birth_date",
    "sex", "other_ids", "study_instance_uid", "accession_number", "study_datetime", "body_part", "institution",
    "referring_physician",
)


def preview_png(row: dict) -> Image.Image:
    """Decode an out/images row back to a PIL image (used by tests and tools)."""
    return Image.open(io.BytesIO(row["image"]["bytes"]))
