"""ingest: DICOM/PNG tree + PDF tree -> new ids, de-identified pixels, vault linkage.

Two passes: `ingest` (per file, sharded, parallel) then `ingest.index`
(one shard) which folds the per-image header identities into one row per
patient and per study. The second pass exists because a patient's images are
spread over many shards and the identity table must hold one row each.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import stat
from collections import defaultdict
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from pathlib import Path

import pydicom
from PIL import Image, UnidentifiedImageError

from pipeline.configs.ingest import IngestConfig
from pipeline.dicom import (
    UnusableFile,
    check_declared_size,
    display_pixels,
    encode_png,
    iso_datetime,
    read_dicom,
    resize_longest,
)
from pipeline.ids import load_or_create_key, new_id
from pipeline.isolation import ItemFailed, close_shared_workers, describe, guarded, reason_for, shared_worker
from pipeline.source_manifest import read_manifest
from pipeline.store import (
    Reject,
    ShardJob,
    ShardOutput,
    StageContext,
    StageReport,
    fingerprint_paths,
    run_sharded,
)

log = logging.getLogger("pipeline")

STAGE = "ingest"
SCAN_STAGE = "ingest.scan"
INDEX_STAGE = "ingest.index"
OUTPUTS = ("ingested_images", "image_ids", "raw_reports")


@dataclass(frozen=True)
class SourceFile:
    kind: str  # dicom | image | pdf | reject (decided before processing: link out of tree, FIFO, UID clash)
    path: str
    manifest_row: tuple[tuple[str, str], ...] = ()
    reason: str = ""

    def manifest(self) -> dict[str, str]:
        return dict(self.manifest_row)


@dataclass
class TreeListing:
    """Files found under one input tree, and what was refused there (each refusal is a reject row)."""

    files: list[Path]
    refused: list[tuple[str, str]]
    stats: dict[str, int]


def _inside(path: Path, root: Path) -> bool:
    return path == root or path.is_relative_to(root)


def walk_tree(root: Path | None, extensions: list[str], follow_symlinks: str, label: str) -> TreeListing:
    """Regular files under `root` with a wanted extension; links and special files decided here.

    Symbolic links are followed only to a target inside the same tree (or never); links out of
    the tree, loops, broken links and FIFOs/devices/sockets are refused with a reason and never opened.
    """
    listing = TreeListing([], [], defaultdict(int))
    if root is None or not Path(root).exists():
        return listing
    root_real = Path(root).resolve()
    wanted = {e.lower() for e in extensions}
    seen: set[Path] = set()
    for dirpath, dirnames, filenames in os.walk(root_real, followlinks=False):
        dirnames.sort()
        names = sorted(filenames) + [d for d in dirnames if os.path.islink(os.path.join(dirpath, d))]
        for name in names:
            path = Path(dirpath) / name
            if name.startswith("."):
                listing.stats["hidden_files_skipped"] += 1
                continue
            st = path.lstat()
            is_link = stat.S_ISLNK(st.st_mode)
            if is_link and path.is_dir() and follow_symlinks != "never":
                try:
                    target = path.resolve(strict=True)
                except (OSError, RuntimeError):
                    target = None
                if target is not None and _inside(target, root_real):
                    listing.stats["links_to_folders_inside_tree"] += 1  # walked once, at their target
                    continue
            if path.suffix.lower() not in wanted and not (is_link and path.is_dir()):
                continue
            if is_link:
                if follow_symlinks == "never":
                    listing.refused.append((str(path), "symbolic link not followed (ingest.follow_symlinks: never)"))
                    continue
                try:
                    target = path.resolve(strict=True)
                except RuntimeError:
                    listing.refused.append((str(path), "symbolic link loop"))
                    continue
                except OSError as err:
                    reason = "symbolic link loop" if err.errno == 40 else "broken symbolic link"
                    listing.refused.append((str(path), reason))
                    continue
                if not _inside(target, root_real):
                    listing.refused.append((str(path), f"symbolic link points outside {label}"))
                    continue
                st = target.stat()
                path = target
            if stat.S_ISDIR(st.st_mode):
                continue
            if not stat.S_ISREG(st.st_mode):
                listing.refused.append((str(path), "special file (FIFO, device or socket) not read"))
                listing.stats["special_files_refused"] += 1
                continue
            if path in seen:
                listing.stats["links_to_listed_files"] += 1
                continue
            seen.add(path)
            listing.files.append(path)
    listing.files.sort()
    return listing


def list_sources(ctx: StageContext) -> tuple[list[SourceFile], dict[str, int]]:
    """Every input item, validated manifests attached; raises ConfigError on an unusable manifest."""
    paths, ing = ctx.cfg.paths, ctx.cfg.ingest
    options = dict(encodings=ing.manifest_encodings, max_field_chars=ing.manifest_max_field_chars,
                   conflicts=ing.manifest_conflicts)
    reports = read_manifest(paths.report_manifest, paths.pdf_dir, ("path", "patient_id"), **options)
    images = read_manifest(paths.image_manifest, paths.dicom_dir, ("path", "patient_id", "study_uid"), **options)
    dicom_tree = walk_tree(paths.dicom_dir, ing.dicom_extensions + ing.image_extensions, ing.follow_symlinks,
                           "dicom_dir")
    pdf_tree = walk_tree(paths.pdf_dir, ing.pdf_extensions, ing.follow_symlinks, "pdf_dir")
    image_ext = {e.lower() for e in ing.image_extensions}
    items: list[SourceFile] = []
    for p in dicom_tree.files:
        key = str(p)
        if p.suffix.lower() in image_ext:
            if key in images.conflicts:
                items.append(SourceFile("reject", key, reason=images.conflicts[key]))
            else:
                items.append(SourceFile("image", key, tuple(sorted(images.rows.get(key, {}).items()))))
        else:
            items.append(SourceFile("dicom", key))
    for p in pdf_tree.files:
        key = str(p)
        if key in reports.conflicts:
            items.append(SourceFile("reject", key, reason=reports.conflicts[key]))
        else:
            items.append(SourceFile("pdf", key, tuple(sorted(reports.rows.get(key, {}).items()))))
    for path, reason in dicom_tree.refused + pdf_tree.refused:
        items.append(SourceFile("reject", path, reason=reason))
    stats: dict[str, int] = defaultdict(int)
    for part in (dicom_tree.stats, pdf_tree.stats, reports.stats, images.stats):
        for k, v in part.items():
            stats[k] += v
    listed = {str(p) for p in dicom_tree.files + pdf_tree.files}
    unmatched = sum(1 for rows in (reports.rows, images.rows) for key in rows if key not in listed)
    if unmatched:
        stats["manifest_rows_without_file"] = unmatched
        log.warning("ingest: %d manifest row(s) name no file of the tree (relative paths are relative to the "
                    "manifest's folder)", unmatched)
    return sorted(items, key=lambda s: (s.kind, s.path)), dict(stats)


def run(ctx: StageContext) -> StageReport:
    store = ctx.store
    load_or_create_key(store.vault_dir)  # before workers start, so they all read the same key
    items, listing_stats = list_sources(ctx)
    external = [Path(i.path) for i in items if i.kind != "reject"]
    manifests = [p for p in (ctx.cfg.paths.report_manifest, ctx.cfg.paths.image_manifest) if p]
    external_fp = fingerprint_paths(external + manifests)
    dicoms = [i.path for i in items if i.kind == "dicom"]
    # Every array task (--shard i/n) needs the UIDs of *all* files before it converts its own shards, so
    # the header scan runs unsharded (shards another task already finished are skipped by their markers).
    scan_ctx = replace(ctx, shard=None) if ctx.shard is not None else ctx
    scan = run_sharded(
        scan_ctx,
        SCAN_STAGE,
        inputs=(),
        outputs=("dicom_uids",),
        items=dicoms,
        process=scan_uids,
        config_section={"max_file_mb": ctx.cfg.ingest.max_file_mb},
        external_fingerprint=external_fp,
    )
    if scan.status == "partial":  # a killed or sharded (--shard i/n) scan: the UID verdicts need all of it
        return scan
    verdicts, uid_stats = uid_verdicts(store.read_table("dicom_uids").to_pylist() if dicoms else [])
    items = [SourceFile("reject", i.path, reason=verdicts[i.path]) if i.path in verdicts and i.kind == "dicom"
             else i for i in items]
    report = run_sharded(
        ctx,
        STAGE,
        inputs=(),  # the UID verdicts drawn from dicom_uids are part of the items, hence of the fingerprint
        outputs=OUTPUTS,
        items=items,
        process=process_shard,
        config_section=ctx.cfg.ingest,
        external_fingerprint=external_fp,
        # Run-level counts (links, special files, manifest rows, UID clashes) ride on shard 0, so that
        # they reach _manifest.json through the same aggregation as per-item counts.
        job_context={"run_stats": {**listing_stats, **uid_stats}},
    )
    close_shared_workers()  # no child outlives the pass that needed it
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


# ---- reading files safely -------------------------------------------------------------------------

def read_regular_file(path: str, max_bytes: int) -> bytes:
    """The bytes of a regular file, never following a final symlink nor blocking on a FIFO or device."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as err:
        raise UnusableFile("file could not be read", describe(err)) from None
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise UnusableFile("special file (FIFO, device or socket) not read")
        if st.st_size > max_bytes:
            raise UnusableFile("file larger than ingest.max_file_mb", f"{st.st_size} bytes")
        # Ask for what the file holds, not for max_bytes: BufferedReader.read(n) allocates n bytes up front, so
        # reading a 10 kB file as read(max_file_mb) reserved 512 MB and failed with MemoryError under a per-item
        # cap as large as that (every file after one deep RecursionError had grown the child's stack).
        data = fh.read(min(st.st_size, max_bytes) + 1)
        if len(data) > st.st_size:  # it grew after fstat: read on, still bounded
            data += fh.read(max_bytes + 1 - len(data))
    if len(data) > max_bytes:
        raise UnusableFile("file larger than ingest.max_file_mb", "grew while read")
    return data


def _max_file_bytes(max_file_mb: float) -> int:
    return int(max_file_mb * 1024 * 1024)


# ---- pass 1: header UIDs, to settle duplicates before anything is written ---------------------------

_UID_TAGS = ["SOPInstanceUID", "StudyInstanceUID", "PatientID"]


def _header_uids(path: str, max_bytes: int) -> dict:
    """The UIDs, reading the header only (stops before the pixel data); the content hash only without a UID."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    with os.fdopen(os.open(path, flags), "rb") as fh:
        st = os.fstat(fh.fileno())
        if not stat.S_ISREG(st.st_mode) or st.st_size > max_bytes:
            raise UnusableFile("not a regular file of acceptable size")
        ds = pydicom.dcmread(fh, stop_before_pixels=True, force=True, specific_tags=_UID_TAGS)
    row = {k: str(ds.get(k, "") or "").strip() for k in _UID_TAGS}
    row["sha"] = "" if row["SOPInstanceUID"] else _file_sha256(path)
    return row


def scan_uids(job: ShardJob) -> ShardOutput:
    """Header UIDs of each DICOM (a file that fails here is rejected, with its reason, by the next pass)."""
    max_bytes = _max_file_bytes(job.context.get("max_file_mb", job.cfg.ingest.max_file_mb))
    rows = []
    for path in job.items:
        try:
            found = guarded(_header_uids, path, max_bytes)
        except ItemFailed:
            found = {"SOPInstanceUID": "", "StudyInstanceUID": "", "PatientID": "", "sha": ""}
        rows.append({"source_path": path, "sop_instance_uid": found["SOPInstanceUID"],
                     "study_instance_uid": found["StudyInstanceUID"], "original_patient_id": found["PatientID"],
                     "content_sha256": found["sha"]})
    return ShardOutput(tables={"dicom_uids": rows})


def _file_sha256(path: str) -> str:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return ""
    return digest.hexdigest()


def uid_verdicts(rows: list[dict]) -> tuple[dict[str, str], dict[str, int]]:
    """Reject reasons for files whose UIDs clash; exact duplicates are counted once.

    An image's identity is its content plus its UIDs: the same SOP Instance UID with identical bytes
    is a re-export (the first path is kept, the others rejected as duplicates and counted); with other
    bytes or another patient it is a conflict and every file of the group is rejected, since nothing
    tells which one is right. A Study Instance UID seen with two patient ids is rejected likewise, so no
    image, study or patient id is ever linked to two patients.
    """
    verdicts: dict[str, str] = {}
    stats = {"exact_duplicate_files": 0, "sop_uid_conflicts": 0, "study_uid_conflicts": 0}
    groups: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        key = row["sop_instance_uid"] and f"uid:{row['sop_instance_uid']}"
        key = key or (row["content_sha256"] and f"sha:{row['content_sha256']}")
        if key:
            groups[key].append(row)
    for members in groups.values():
        if len(members) < 2:
            continue
        members = sorted(members, key=lambda r: r["source_path"])
        patients = {m["original_patient_id"] for m in members}
        hashes = {m["content_sha256"] or _file_sha256(m["source_path"]) for m in members}
        if len(patients) > 1:
            for m in members:
                verdicts[m["source_path"]] = "SOP Instance UID shared by files of different patients"
            stats["sop_uid_conflicts"] += len(members)
        elif len(hashes) > 1:
            for m in members:
                verdicts[m["source_path"]] = "SOP Instance UID shared by files with different content"
            stats["sop_uid_conflicts"] += len(members)
        else:
            for m in members[1:]:
                verdicts[m["source_path"]] = "exact duplicate of another file (counted once)"
            stats["exact_duplicate_files"] += len(members) - 1
    study_patients: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        if row["study_instance_uid"] and row["original_patient_id"]:
            study_patients[row["study_instance_uid"]].add(row["original_patient_id"])
    for row in rows:
        if len(study_patients.get(row["study_instance_uid"], ())) > 1 and row["source_path"] not in verdicts:
            verdicts[row["source_path"]] = "Study Instance UID shared by different patients"
            stats["study_uid_conflicts"] += 1
    return verdicts, stats


# ---- pass 2: conversion, each file isolated ---------------------------------------------------------

def process_shard(job: ShardJob) -> ShardOutput:
    cfg = job.cfg.ingest
    key = load_or_create_key(job.store.vault_dir)
    out = ShardOutput(tables={name: [] for name in OUTPUTS})
    worker = shared_worker(cfg.max_item_memory_mb, cfg.max_item_seconds)
    if job.index == 0:
        out.stats.update(job.context.get("run_stats", {}))
    max_bytes = _max_file_bytes(cfg.max_file_mb)
    for item in job.items:
        if item.kind == "reject":
            out.rejects.append(Reject(item.path, item.reason))
            continue
        try:
            if item.kind == "pdf":
                out.tables["raw_reports"].append(guarded(_ingest_pdf, item, key, cfg.id_length, max_bytes))
                out.stats["reports"] = out.stats.get("reports", 0) + 1
                continue
            if item.kind == "image" and not (item.manifest().get("patient_id") and item.manifest().get("study_uid")):
                raise UnusableFile("plain image without a row in paths.image_manifest (patient/study unknown)")
            convert = convert_dicom if item.kind == "dicom" else convert_plain
            args = (item.path, cfg, max_bytes)
            converted = worker.call(convert, *args) if worker is not None else guarded(convert, *args)
            build = _dicom_rows if item.kind == "dicom" else _plain_rows
            image_row, link_row = build(item, key, cfg, converted)
            out.tables["ingested_images"].append(image_row)
            out.tables["image_ids"].append(link_row)
            out.stats["images"] = out.stats.get("images", 0) + 1
            for note, n in converted.get("notes", {}).items():
                out.stats[note] = out.stats.get(note, 0) + n
        except ItemFailed as err:
            out.rejects.append(Reject(item.path, err.reason, err.detail))
        except Exception as err:  # noqa: BLE001 - a bug on one item still must not stop the shard
            out.rejects.append(Reject(item.path, reason_for(err), describe(err)))
    return out


def convert_dicom(path: str, cfg: IngestConfig, max_bytes: int) -> dict:
    """One DICOM file -> identity, tags and PNG; runs in the limited child (everything picklable)."""
    data = read_regular_file(path, max_bytes)
    notes: dict[str, int] = {}
    try:
        identity, ds = read_dicom(data, cfg.keep_tags, cfg.modalities, notes)
        check_declared_size(ds, cfg.max_pixels, cfg.max_bytes)
        pixels = display_pixels(ds)
    except UnusableFile as err:
        if notes:  # say what was tolerated before the file was refused (e.g. read with force, no meta)
            err.detail = "; ".join([err.detail, *sorted(notes)]).strip("; ")
        raise
    img = resize_longest(Image.fromarray(pixels, mode="L"), cfg.longest_side)
    return {"identity": identity, "png": encode_png(img), "size": img.size,
            "sha256": hashlib.sha256(data).hexdigest(), "notes": notes}


def convert_plain(path: str, cfg: IngestConfig, max_bytes: int) -> dict:
    data = read_regular_file(path, max_bytes)
    try:
        with Image.open(io.BytesIO(data)) as src:
            w, h = src.size
            if w * h > cfg.max_pixels:
                raise UnusableFile("declared image larger than ingest.max_pixels", f"{w}x{h}")
            src.load()
            img = src.convert("I;16" if src.mode in ("I;16", "I") else "L")
    except (UnidentifiedImageError, SyntaxError, ValueError, OSError, Image.DecompressionBombError) as err:
        raise UnusableFile("unreadable or truncated image file", f"{type(err).__name__}: {err}") from None
    if img.mode != "L":
        img = img.point(lambda v: v / 256).convert("L")
    img = resize_longest(img, cfg.longest_side)
    return {"png": encode_png(img), "size": img.size, "sha256": hashlib.sha256(data).hexdigest(), "notes": {}}


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


def _dicom_rows(item: SourceFile, key: bytes, cfg: IngestConfig, converted: dict) -> tuple[dict, dict]:
    identity = converted["identity"]
    patient = new_id(key, "patient", identity.patient_id, cfg.id_length)
    study_id = new_id(key, "study", identity.study_instance_uid, cfg.id_length)
    # Content plus UID: two different files can never share an image id, even with the same SOP UID.
    image_id = new_id(key, "image", f"{identity.sop_instance_uid}\x00{converted['sha256']}", cfg.id_length)
    row = _image_row(image_id, study_id, patient, converted["png"], converted["size"], identity.tags)
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


def _plain_rows(item: SourceFile, key: bytes, cfg: IngestConfig, converted: dict) -> tuple[dict, dict]:
    meta = item.manifest()
    patient = new_id(key, "patient", meta["patient_id"], cfg.id_length)
    study_id = new_id(key, "study", meta["study_uid"], cfg.id_length)
    image_id = new_id(key, "image", f"{item.path}\x00{converted['sha256']}", cfg.id_length)
    tags = {"BodyPartExamined": meta.get("body_part", ""), "ImageLaterality": meta.get("laterality", "")}
    row = _image_row(image_id, study_id, patient, converted["png"], converted["size"], tags)
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
    """ISO 'YYYY-MM-DD[THH:MM[:SS]]' or DICOM-style 'YYYYMMDD[HHMMSS]' -> 'YYYY-MM-DDTHH:MM:SS'.

    '' for an empty value; UnusableFile for one that is not a real date (a row's own reject).
    """
    value = value.strip()
    if not value:
        return ""
    try:
        if len(value) >= 10 and value[4] == "-" and value[7] == "-":
            parsed = datetime.fromisoformat(value[:19].replace(" ", "T"))
        elif value[:8].isdigit():
            parsed = datetime.fromisoformat(iso_datetime(value[:8], value[8:].strip(" T")) or "invalid")
        else:
            raise ValueError(value)
    except ValueError:
        raise UnusableFile("date in the manifest is not a valid date") from None
    return parsed.strftime("%Y-%m-%dT%H:%M:%S")


def _ingest_pdf(item: SourceFile, key: bytes, id_length: int, max_bytes: int) -> dict:
    meta = item.manifest()
    if not meta.get("patient_id"):
        raise UnusableFile("report without a row in paths.report_manifest (patient unknown)")
    report_datetime = _manifest_datetime(meta.get("report_datetime", ""))
    data = read_regular_file(item.path, max_bytes)
    return {
        "report_id": new_id(key, "report", item.path, id_length),
        "patient_pseudo_id": new_id(key, "patient", meta["patient_id"], id_length),
        "report_datetime": report_datetime,
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
