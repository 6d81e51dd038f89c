"""Readers for the downstream dataset layouts users download, and for our own out/ folder.

Each reader returns a list of :class:`~eval.data.EvalDataset` (one per task). A
layout problem (missing file, unknown label) raises :class:`DatasetError` with a
readable reason; rows that cannot be used are skipped and counted in
``READ_NOTES`` so that the report can say how many were dropped and why.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.dataset as pads
import pyarrow.parquet as pq

from eval.data import EvalDataset, ParquetImage, stable_split
from models.tokenizer import focus_report

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".dcm")
KL_CLASSES = ["KL0", "KL1", "KL2", "KL3", "KL4"]
_POSITIVE = {"1", "true", "yes", "oui", "positive", "positif", "present", "présent", "abnormal", "anormal"}
_NEGATIVE = {"0", "false", "no", "non", "negative", "négatif", "negatif", "absent", "normal"}


class DatasetError(ValueError):
    """A dataset folder or file does not have the expected layout."""


@dataclass(frozen=True)
class DatasetArg:
    """A ``kind:path`` dataset argument from the command line or a config file."""

    kind: str
    path: Path

    @classmethod
    def parse(cls, text: str) -> DatasetArg:
        """Split ``mura:/data/MURA-v1.1`` into kind and path; the kind must be known."""
        kind, sep, path = text.partition(":")
        kind = kind.strip().lower().replace("-", "_")
        if not sep or not path:
            raise DatasetError(f"dataset argument {text!r} must look like KIND:PATH, KIND one of {sorted(READERS)}")
        if kind not in READERS:
            raise DatasetError(f"unknown dataset kind {kind!r}; known kinds: {sorted(READERS)}")
        return cls(kind=kind, path=Path(path).expanduser())


def _read_csv(path: Path, header: bool = True, names: list[str] | None = None) -> pa.Table:
    if not path.is_file():
        raise DatasetError(f"missing file {path}")
    read_opts = pacsv.ReadOptions(column_names=names) if not header else pacsv.ReadOptions()
    convert = pacsv.ConvertOptions(strings_can_be_null=False)
    try:
        return pacsv.read_csv(path, read_options=read_opts, convert_options=convert)
    except pa.ArrowInvalid as exc:
        raise DatasetError(f"cannot parse CSV {path}: {exc}") from exc


def _read_table(path: Path) -> pa.Table:
    if path.suffix.lower() in (".parquet", ".pq") or path.is_dir():
        if not path.exists():
            raise DatasetError(f"missing file {path}")
        return pads.dataset(path, format="parquet").to_table()
    return _read_csv(path)


def _norm_columns(table: pa.Table) -> pa.Table:
    """Lower-case, strip and snake-case column names so that user CSVs need not match exactly."""
    names = [re.sub(r"[^a-z0-9]+", "_", c.strip().lower()).strip("_") for c in table.column_names]
    return table.rename_columns(names)


def _pick(table: pa.Table, *candidates: str, required: bool = True, what: str = "") -> str | None:
    for name in candidates:
        if name in table.column_names:
            return name
    if required:
        raise DatasetError(f"{what}: none of the columns {list(candidates)} found (have {table.column_names})")
    return None


def _as_str(table: pa.Table, col: str) -> list[str]:
    return [("" if v is None else str(v)) for v in table.column(col).to_pylist()]


def binary_value(value: object) -> float | None:
    """Map the many spellings of a binary label to 1.0/0.0, or None when not binary."""
    if value is None:
        return None
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, int | float | np.integer | np.floating):
        if float(value) in (0.0, 1.0):
            return float(value)
        return None
    text = str(value).strip().lower()
    if text in _POSITIVE:
        return 1.0
    if text in _NEGATIVE:
        return 0.0
    return None


def read_mura(root: Path) -> list[EvalDataset]:
    """MURA v1.1: ``{train,valid}_image_paths.csv`` and ``{train,valid}_labeled_studies.csv``.

    The official validation set is the public test set, so it becomes ``test``; the
    official train set is split by patient into train/val (90/10).
    """
    root = Path(root)
    if not (root / "train_image_paths.csv").is_file() and (root / "MURA-v1.1").is_dir():
        root = root / "MURA-v1.1"
    base = root.parent  # CSV paths start with "MURA-v1.1/"
    image_ids, sources, studies, patients, splits, labels, parts = [], [], [], [], [], [], []
    for official, split_name in (("train", "train"), ("valid", "test")):
        paths_csv = root / f"{official}_image_paths.csv"
        studies_csv = root / f"{official}_labeled_studies.csv"
        if not paths_csv.is_file():
            if official == "train":
                continue
            raise DatasetError(f"MURA layout: missing {paths_csv}")
        study_tab = _read_csv(studies_csv, header=False, names=["study", "label"])
        study_label = {
            s.rstrip("/"): float(v)
            for s, v in zip(_as_str(study_tab, "study"), study_tab.column("label").to_pylist())
        }
        for rel in _as_str(_read_csv(paths_csv, header=False, names=["path"]), "path"):
            study = rel.rsplit("/", 1)[0].rstrip("/")
            if study not in study_label:
                continue
            parts_ = study.split("/")
            patient = next((p for p in parts_ if p.startswith("patient")), study)
            body = next((p[3:].lower() for p in parts_ if p.startswith("XR_")), "unknown")
            image_ids.append(rel.split("MURA-v1.1/", 1)[-1])
            sources.append(str(base / rel))
            studies.append(study.split("MURA-v1.1/", 1)[-1])
            patients.append(patient)
            labels.append(study_label[study])
            parts.append(body)
            splits.append(split_name if split_name == "test" else ("val" if stable_split(patient, 0, 0.1, 0.0) == "val" else "train"))
    if not image_ids:
        raise DatasetError(f"MURA layout: no labeled images found under {root}")
    return [
        EvalDataset(
            name="mura", task="abnormal", kind="binary", class_names=["normal", "abnormal"],
            image_ids=image_ids, sources=sources, study_ids=studies, patient_ids=patients,
            splits=splits, labels=np.array(labels), body_parts=parts, prompt_set="mura", label_level="study",
        )
    ]


def read_fracatlas(root: Path, seed: int = 0) -> list[EvalDataset]:
    """FracAtlas: ``dataset.csv`` (image_id, body-part one-hots, ``fractured``) and its split CSVs.

    The published split files (``Utilities/Fracture Split/{train,valid,test}.csv``)
    list fractured images only; images they do not list are split by hash with the
    same proportions so that the test prevalence matches.
    """
    root = Path(root)
    if not (root / "dataset.csv").is_file() and (root / "FracAtlas" / "dataset.csv").is_file():
        root = root / "FracAtlas"
    tab = _norm_columns(_read_csv(root / "dataset.csv"))
    id_col = _pick(tab, "image_id", "image", "id", what="FracAtlas dataset.csv")
    frac_col = _pick(tab, "fractured", what="FracAtlas dataset.csv")
    ids = _as_str(tab, id_col)
    fractured = [binary_value(v) for v in tab.column(frac_col).to_pylist()]

    listed: dict[str, str] = {}
    split_dir = next((d for d in root.rglob("*") if d.is_dir() and "split" in d.name.lower()), None)
    if split_dir is not None:
        for fname, split_name in (("train.csv", "train"), ("valid.csv", "val"), ("val.csv", "val"), ("test.csv", "test")):
            if (split_dir / fname).is_file():
                stab = _norm_columns(_read_csv(split_dir / fname))
                scol = _pick(stab, "image_id", "image", "id", "file_name", "filename", what=str(split_dir / fname))
                for v in _as_str(stab, scol):
                    listed[Path(v).name] = split_name
    counts = Counter(listed.values())
    total = sum(counts.values())
    val_frac = counts["val"] / total if total else 0.1
    test_frac = counts["test"] / total if total else 0.2

    body_cols = [c for c in ("hand", "leg", "hip", "shoulder", "mixed") if c in tab.column_names]
    body_vals = {c: tab.column(c).to_pylist() for c in body_cols}
    keep = [i for i, f in enumerate(fractured) if f is not None]
    image_ids, sources, splits, labels, parts = [], [], [], [], []
    for i in keep:
        iid = ids[i]
        sub = "Fractured" if fractured[i] == 1.0 else "Non_fractured"
        path = root / "images" / sub / iid
        if not path.is_file():
            path = root / "images" / iid
        image_ids.append(iid)
        sources.append(str(path))
        labels.append(fractured[i])
        splits.append(listed.get(iid) or stable_split(iid, seed, val_frac, test_frac))
        part = next((c for c in body_cols if binary_value(body_vals[c][i]) == 1.0), "unknown")
        parts.append(part)
    if not image_ids:
        raise DatasetError(f"FracAtlas layout: no labeled image in {root / 'dataset.csv'}")
    return [
        EvalDataset(
            name="fracatlas", task="fracture", kind="binary", class_names=["no fracture", "fracture"],
            image_ids=image_ids, sources=sources, study_ids=list(image_ids), patient_ids=list(image_ids),
            splits=splits, labels=np.array(labels), body_parts=parts, prompt_set="fracatlas",
        )
    ]


def _generic_rows(
    path: Path, target_cols: tuple[str, ...], what: str, seed: int
) -> tuple[pa.Table, list[str], list[str], list[str], list[str], str]:
    """Shared parsing of user CSV/Parquet files: image path, ids and split columns."""
    tab = _norm_columns(_read_table(path))
    path_col = _pick(tab, "path", "image_path", "image", "file", "filename", what=what)
    target = _pick(tab, *target_cols, what=what)
    base = path.parent if path.is_file() else path
    rel = _as_str(tab, path_col)
    sources = [p if Path(p).is_absolute() else str(base / p) for p in rel]
    pcol = _pick(tab, "patient_id", "patient", "subject_id", "id", required=False)
    patients = _as_str(tab, pcol) if pcol else list(rel)
    scol = _pick(tab, "study_id", "study", required=False)
    studies = _as_str(tab, scol) if scol else list(rel)
    return tab, rel, sources, patients, studies, target or ""


def read_oai(path: Path, target: str = "kl", seed: int = 0) -> list[EvalDataset]:
    """OAI knee CSV written by the user: image path, side, and KL grade (0-4) or HKA angle (degrees)."""
    path = Path(path)
    cols = ("kl_grade", "kl", "klg", "xrkl") if target == "kl" else ("hka", "hka_angle", "hka_deg", "target")
    tab, rel, sources, patients, studies, tcol = _generic_rows(path, cols, f"OAI {target} CSV {path}", seed)
    side_col = _pick(tab, "side", "laterality", required=False)
    sides = [s.upper()[:1] for s in _as_str(tab, side_col)] if side_col else [""] * len(rel)
    raw = tab.column(tcol).to_pylist()
    keep, labels = [], []
    for i, v in enumerate(raw):
        try:
            value = float(v)
        except (TypeError, ValueError):
            continue
        if target == "kl" and value not in (0.0, 1.0, 2.0, 3.0, 4.0):
            continue
        if np.isnan(value):
            continue
        keep.append(i)
        labels.append(value)
    if not keep:
        raise DatasetError(f"OAI {target} CSV {path}: no usable row")
    ids = [f"{rel[i]}#{sides[i]}" if sides[i] else rel[i] for i in keep]
    return [
        EvalDataset(
            name="oai_kl" if target == "kl" else "oai_hka",
            task="kl_grade" if target == "kl" else "hka",
            kind="multiclass" if target == "kl" else "regression",
            class_names=list(KL_CLASSES) if target == "kl" else [],
            image_ids=ids, sources=[sources[i] for i in keep], study_ids=[studies[i] for i in keep],
            patient_ids=[patients[i] for i in keep], splits=[_split_of(tab, i, seed, patients) for i in keep],
            labels=np.array(labels), body_parts=["knee"] * len(keep),
        )
    ]


def _split_of(tab: pa.Table, i: int, seed: int, patients: list[str]) -> str:
    split_col = _pick(tab, "split", "subset", required=False)
    if split_col:
        value = str(tab.column(split_col)[i].as_py()).strip().lower()
        alias = {"valid": "val", "validation": "val", "dev": "val", "training": "train", "testing": "test"}
        return alias.get(value, value)
    return stable_split(patients[i], seed)


def read_oai_kl(path: Path) -> list[EvalDataset]:
    """OAI Kellgren-Lawrence grade (multi-class 0-4)."""
    return read_oai(path, "kl")


def read_oai_hka(path: Path) -> list[EvalDataset]:
    """OAI hip-knee-ankle angle (regression, degrees)."""
    return read_oai(path, "hka")


def read_boneage(root: Path, seed: int = 0) -> list[EvalDataset]:
    """RSNA Bone Age: CSVs with id, boneage (months), male; images ``<id>.png`` anywhere below root.

    The split comes from the file name (``train``/``valid``/``test``); when only the
    training CSV is present it is split by hash.
    """
    root = Path(root)
    csvs = sorted(p for p in root.rglob("*.csv") if p.is_file())
    if not csvs:
        raise DatasetError(f"RSNA bone age layout: no CSV under {root}")
    pngs = {p.stem: p for p in root.rglob("*") if p.suffix.lower() in IMAGE_SUFFIXES}
    rows: list[tuple[str, str, float, float, str | None]] = []
    for csv in csvs:
        tab = _norm_columns(_read_csv(csv))
        id_col = _pick(tab, "id", "image_id", "case_id", required=False)
        age_col = _pick(tab, "boneage", "bone_age_months", "bone_age", "ground_truth_bone_age_months", required=False)
        sex_col = _pick(tab, "male", "sex", "sex_m_f", required=False)
        if id_col is None or age_col is None or sex_col is None:
            continue
        low = csv.stem.lower()
        split = "test" if "test" in low else "val" if "valid" in low else "train" if "train" in low else None
        for rid, age, sex in zip(_as_str(tab, id_col), tab.column(age_col).to_pylist(), tab.column(sex_col).to_pylist()):
            male = binary_value(sex)
            if male is None and isinstance(sex, str):
                male = {"m": 1.0, "f": 0.0}.get(sex.strip().lower()[:1])
            try:
                months = float(age)
            except (TypeError, ValueError):
                continue
            if male is None or rid not in pngs or np.isnan(months):
                continue
            rows.append((rid, str(pngs[rid]), months, male, split))
    if not rows:
        raise DatasetError(f"RSNA bone age layout: no row with id, boneage, male and an image under {root}")
    has_heldout = any(r[4] in ("val", "test") for r in rows)
    splits = [r[4] if (r[4] and has_heldout) else stable_split(r[0], seed) for r in rows]
    ids = [r[0] for r in rows]
    return [
        EvalDataset(
            name="boneage", task="bone_age", kind="regression", class_names=[],
            image_ids=ids, sources=[r[1] for r in rows], study_ids=list(ids), patient_ids=list(ids),
            splits=splits, labels=np.array([r[2] for r in rows]), body_parts=["hand"] * len(rows),
            sex=np.array([r[3] for r in rows]),
        )
    ]


def read_generic(path: Path, seed: int = 0) -> list[EvalDataset]:
    """A user CSV/Parquet: ``path`` and ``label`` (classification) or ``target`` (regression).

    Optional columns: split, study_id, patient_id, body_part, task. Binary labels
    are 0/1; integer labels with more values are multi-class.
    """
    path = Path(path)
    tab, rel, sources, patients, studies, tcol = _generic_rows(
        path, ("label", "target", "y"), f"generic table {path}", seed
    )
    raw = tab.column(tcol).to_pylist()
    bcol = _pick(tab, "body_part", "bodypart", required=False)
    parts = _as_str(tab, bcol) if bcol else ["unknown"] * len(rel)
    task_col = _pick(tab, "task", required=False)
    task = (_as_str(tab, task_col)[0] if task_col and len(rel) else None) or (
        "target" if tcol == "target" else "label"
    )
    splits = [_split_of(tab, i, seed, patients) for i in range(len(rel))]
    if tcol == "target":
        kind = "regression"
        values = [float(v) if v is not None else float("nan") for v in raw]
        classes: list[str] = []
    else:
        binary = [binary_value(v) for v in raw]
        if all(b is not None for b in binary):
            kind, values, classes = "binary", [float(b) for b in binary], ["negative", "positive"]
        else:
            try:
                ints = [int(v) for v in raw]
            except (TypeError, ValueError) as exc:
                raise DatasetError(f"generic table {path}: labels must be 0/1 or integer classes ({exc})") from exc
            kind, values = "multiclass", [float(v) for v in ints]
            classes = [str(c) for c in range(max(ints) + 1)]
    keep = [i for i, v in enumerate(values) if not np.isnan(v)]
    return [
        EvalDataset(
            name=path.stem, task=task, kind=kind, class_names=classes,
            image_ids=[rel[i] for i in keep], sources=[sources[i] for i in keep],
            study_ids=[studies[i] for i in keep], patient_ids=[patients[i] for i in keep],
            splits=[splits[i] for i in keep], labels=np.array([values[i] for i in keep]),
            body_parts=[parts[i] for i in keep],
        )
    ]


def _table_dir(out_dir: Path, name: str) -> Path | None:
    path = out_dir / name
    return path if path.is_dir() and any(path.glob("*.parquet")) else None


def _dropped_ids(out_dir: Path) -> pa.Array:
    """Image ids that ``image_filter`` did not keep."""
    filt_dir = _table_dir(out_dir, "image_filter")
    if filt_dir is None:
        return pa.array([], pa.string())
    filt = pads.dataset(filt_dir, format="parquet").to_table(columns=["image_id", "kept"])
    return filt.filter(pc.invert(pc.fill_null(filt.column("kept"), True))).column("image_id").combine_chunks()


def _image_refs(images_dir: Path, studies: list[str], dropped: pa.Array) -> dict[str, list]:
    """Columns of the kept images of ``studies``, in file order; ``source`` is a lazy :class:`ParquetImage`
    (the PNG bytes stay on disk until an image is decoded). Rows without image bytes are left out."""
    wanted = pa.array(studies, pa.string())
    out: dict[str, list] = {"image_id": [], "study_id": [], "patient": [], "body_part": [], "source": []}
    for path in sorted(images_dir.glob("*.parquet")):
        names = set(pq.ParquetFile(path).schema_arrow.names)
        cols = [c for c in ("image_id", "study_id", "patient_pseudo_id", "body_part") if c in names]
        tab = pq.read_table(path, columns=cols)
        mask = pc.is_in(tab.column("study_id"), value_set=wanted)
        if len(dropped):
            mask = pc.and_(mask, pc.invert(pc.is_in(tab.column("image_id"), value_set=dropped)))
        rows = np.flatnonzero(mask.to_numpy(zero_copy_only=False))
        if "image" in names and len(rows) and _may_hold_nulls(path):
            # which rows have bytes: the struct's validity and its bytes child, without keeping the bytes
            image = pq.read_table(path, columns=["image"]).column("image").combine_chunks().take(pa.array(rows))
            data = image.field("bytes") if pa.types.is_struct(image.type) else image
            present = pc.and_(pc.is_valid(image), pc.is_valid(data)).to_numpy(zero_copy_only=False)
            rows = rows[present]
        elif "image" not in names:
            rows = rows[:0]
        sub = tab.take(pa.array(rows, pa.int64()))
        out["image_id"] += _as_str(sub, "image_id")
        out["study_id"] += _as_str(sub, "study_id")
        out["patient"] += _as_str(sub, "patient_pseudo_id") if "patient_pseudo_id" in cols else _as_str(sub, "study_id")
        out["body_part"] += _as_str(sub, "body_part") if "body_part" in cols else ["unknown"] * len(rows)
        out["source"] += [ParquetImage(str(path), int(r)) for r in rows]
    return out


def _may_hold_nulls(path: Path) -> bool:
    """False when the footer's statistics show no null in the image columns (then no bytes are read)."""
    meta = pq.ParquetFile(path).metadata
    for g in range(meta.num_row_groups):
        group = meta.row_group(g)
        for c in range(group.num_columns):
            col = group.column(c)
            if col.path_in_schema.split(".")[0] == "image":
                stats = col.statistics
                if stats is None or not stats.has_null_count or stats.null_count:
                    return True
    return False


def read_ours(out_dir: Path, tasks: list[str] | None = None, splits: tuple[str, ...] | None = None) -> list[EvalDataset]:
    """Our own pipeline output: ``labels`` (kept pseudo-labels with split) joined to ``images``.

    Images flagged ``kept == False`` by ``image_filter`` are left out. The images stay in their Parquet
    part files (lazy :class:`~eval.data.ParquetImage` sources, rows in file order): no second copy of the
    PNGs in memory. Report texts of the selected studies are kept in memory (never written) for
    image-report retrieval.
    """
    out_dir = Path(out_dir)
    labels_dir = _table_dir(out_dir, "labels")
    images_dir = _table_dir(out_dir, "images")
    if labels_dir is None or images_dir is None:
        raise DatasetError(f"our dataset: {out_dir} needs labels/ and images/ Parquet tables")
    labels = pads.dataset(labels_dir, format="parquet").to_table()
    for col in ("study_id", "task", "label", "split"):
        if col not in labels.column_names:
            raise DatasetError(f"our dataset: labels table lacks column {col!r}")
    if "kept" in labels.column_names:
        labels = labels.filter(pc.fill_null(labels.column("kept"), False))
    if splits is not None:
        labels = labels.filter(pc.is_in(labels.column("split"), pa.array(list(splits))))
    if tasks:
        labels = labels.filter(pc.is_in(labels.column("task"), pa.array(list(tasks))))
    studies = sorted(set(_as_str(labels, "study_id")))
    if not studies:
        raise DatasetError(f"our dataset: no kept label in {labels_dir}")

    images = _image_refs(images_dir, studies, _dropped_ids(out_dir))
    by_study: dict[str, list[int]] = {}
    for i, s in enumerate(images["study_id"]):
        by_study.setdefault(s, []).append(i)

    report_texts: dict[str, str] = {}
    reports_dir = _table_dir(out_dir, "reports")
    if reports_dir is not None:
        rep = pads.dataset(reports_dir, format="parquet")
        if {"study_id", "text"} <= set(rep.schema.names):
            rt = rep.to_table(columns=["study_id", "text"], filter=pc.field("study_id").isin(studies))
            for s, t in zip(_as_str(rt, "study_id"), rt.column("text").to_pylist()):
                # Same text preparation as pretraining (conclusion first, administrative paragraphs out), so
                # image->report retrieval compares what the text tower was trained to read.
                focused = focus_report(t)
                if focused:
                    report_texts.setdefault(s, focused)

    out: list[EvalDataset] = []
    for task in sorted(set(_as_str(labels, "task"))):
        sub = labels.filter(pc.equal(labels.column("task"), task))
        ids, srcs, stud, pats, spl, labs, parts = [], [], [], [], [], [], []
        for s, lab, split in zip(_as_str(sub, "study_id"), sub.column("label").to_pylist(), _as_str(sub, "split")):
            value = binary_value(lab)
            if value is None:
                continue
            for i in by_study.get(s, []):
                ids.append(images["image_id"][i])
                srcs.append(images["source"][i])
                stud.append(s)
                pats.append(images["patient"][i])
                spl.append(split)
                labs.append(value)
                parts.append(images["body_part"][i] or "unknown")
        if not ids:
            continue
        studies_here = set(stud)
        out.append(
            EvalDataset(
                name="ours", task=task, kind="binary", class_names=["absent", "present"],
                image_ids=ids, sources=srcs, study_ids=stud, patient_ids=pats, splits=spl,
                labels=np.array(labs), body_parts=parts, prompt_set="ours", label_level="study",
                report_texts={s: t for s, t in report_texts.items() if s in studies_here},
            )
        )
    if not out:
        raise DatasetError(f"our dataset: no binary label joined to a kept image in {out_dir}")
    return out


READERS: dict[str, Callable[[Path], list[EvalDataset]]] = {
    "mura": read_mura,
    "fracatlas": read_fracatlas,
    "oai_kl": read_oai_kl,
    "oai_hka": read_oai_hka,
    "boneage": read_boneage,
    "rsna_boneage": read_boneage,
    "generic": read_generic,
    "ours": read_ours,
}


def read_dataset(arg: str | DatasetArg) -> list[EvalDataset]:
    """Read a ``kind:path`` argument into its tasks."""
    parsed = DatasetArg.parse(arg) if isinstance(arg, str) else arg
    return READERS[parsed.kind](parsed.path)


def write_parquet(table: pa.Table, path: Path) -> None:
    """Write a Parquet file atomically (temporary name, then rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    pq.write_table(table, tmp)
    tmp.replace(path)
