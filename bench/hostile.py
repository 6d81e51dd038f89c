"""Ingest on hostile and on real third-party DICOM: nothing crashes, every item has a reason, and the cost.

Three parts, one run:
1. the generated hostile corpus (tests/hostile/hostile_corpus.py): items tried, ingested, rejected with a
   reason, crashed (must be 0: a crash is a stage failure or an "unexpected error" reject), peak RSS,
   slowest item;
2. real DICOM made by other software: pydicom's bundled test files and, when installed, the pydicom-data
   corpus (`pip install pydicom-data`: many vendors and transfer syntaxes): per-file conversion outcomes
   (every modality) and the ingest stage's outcomes with the default config (UID rules included);
3. the isolation overhead: the same DICOMs converted in-process vs through the limited child process.

    .venv/bin/python bench/hostile.py [--quick]
"""

from __future__ import annotations

import argparse
import collections
import os
import platform
import resource
import shutil
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "hostile"))
sys.path.insert(0, str(REPO))

from hostile_corpus import make_corpus  # noqa: E402

from pipeline.config import config_from_dict  # noqa: E402
from pipeline.configs.ingest import IngestConfig  # noqa: E402
from pipeline.isolation import ItemFailed, LimitedWorker, guarded  # noqa: E402
from pipeline.runner import run_stages  # noqa: E402
from pipeline.stages.ingest import convert_dicom  # noqa: E402

CRASH_PREFIXES = ("unexpected error",)
MAX_FILE = 512 * 1024 * 1024


def peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, kids) / 1024


def run_ingest(pacs: Path | None, reports: Path | None, manifest: Path | None, work: Path, **ingest):
    cfg = config_from_dict({"paths": {"dicom_dir": str(pacs) if pacs else None,
                                      "pdf_dir": str(reports) if reports else None,
                                      "report_manifest": str(manifest) if manifest else None,
                                      "out_dir": str(work / "out"), "vault_dir": str(work / "vault")},
                            "run": {"shard_size": 32}, "ingest": {"longest_side": 256, **ingest}})
    try:
        (report,) = run_stages(cfg, ["ingest"], progress=False)
    except Exception as err:  # noqa: BLE001 - a stage failure is what this bench counts as a crash
        return None, f"{type(err).__name__}: {err}"
    return report, ""


def per_file(paths: list[Path], cfg: IngestConfig) -> tuple[collections.Counter, int, tuple[float, str], int]:
    """Each DICOM through the limited child: (reasons, converted, (slowest s, name), child restarts)."""
    reasons: collections.Counter = collections.Counter()
    ok, slowest = 0, (0.0, "")
    with LimitedWorker(cfg.max_item_memory_mb, cfg.max_item_seconds) as worker:
        for p in paths:
            started = time.perf_counter()
            try:
                worker.call(convert_dicom, str(p), cfg, MAX_FILE)
                ok += 1
            except ItemFailed as err:
                reasons[err.reason] += 1
            slowest = max(slowest, (time.perf_counter() - started, p.name))
        return reasons, ok, slowest, worker.restarts


def part_hostile(tmp: Path) -> bool:
    pacs, reports, manifest, expect = make_corpus(tmp / "hostile")
    started = time.perf_counter()
    report, failure = run_ingest(pacs, reports, manifest, tmp / "hostile_work")
    wall = time.perf_counter() - started
    print("1. hostile corpus (generated: tests/hostile/hostile_corpus.py)")
    if report is None:
        print(f"   STAGE CRASHED: {failure}")
        return False
    out = report.rows_out["ingested_images"] + report.rows_out["raw_reports"]
    crashed = report.rows_in - out - report.rejects
    crashed += sum(n for r, n in report.reject_reasons.items() if r.startswith(CRASH_PREFIXES))
    dicoms = sorted(p for p in pacs.iterdir() if p.is_file() and not p.is_symlink() and p.suffix == ".dcm")
    _, _, slowest, restarts = per_file(dicoms, IngestConfig(modalities=None))
    print(f"   items tried {report.rows_in}, ingested {out}, rejected with a reason {report.rejects}, "
          f"crashed {crashed}")
    print(f"   stage wall {wall:.1f} s, slowest DICOM {slowest[1]} {slowest[0] * 1000:.0f} ms, "
          f"child restarts {restarts}, peak RSS {peak_rss_mb():.0f} MB (this process and its children)")
    for reason, n in sorted(report.reject_reasons.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"     {n:3d}  {reason}")
    return crashed == 0


def real_files() -> list[tuple[str, Path]]:
    import pydicom

    roots = [("pydicom", Path(pydicom.__file__).parent / "data" / "test_files")]
    try:
        import data_store  # the pydicom-data distribution

        roots.append(("pydicom-data", Path(data_store.__file__).parent / "data"))
    except ImportError:
        pass
    return [(name, p) for name, root in roots for p in sorted(root.rglob("*"))
            if p.is_file() and p.suffix.lower() in (".dcm", "")]


def part_real(tmp: Path) -> bool:
    files = real_files()
    sources = collections.Counter(name for name, _ in files)
    print(f"2. real DICOM from other software: {dict(sources)} files")
    reasons, ok, slowest, restarts = per_file([p for _, p in files], IngestConfig(modalities=None))
    print(f"   per file, every modality: converted {ok}, rejected {sum(reasons.values())}, "
          f"slowest {slowest[1]} {slowest[0]:.2f} s, child restarts {restarts}")
    for reason, n in reasons.most_common():
        print(f"     {n:3d}  {reason}")
    pacs = tmp / "real" / "pacs"
    for name, p in files:
        dst = pacs / name / p.name
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(p, dst)
    report, failure = run_ingest(pacs, None, None, tmp / "real_work")
    if report is None:
        print(f"   STAGE CRASHED: {failure}")
        return False
    print(f"   ingest stage, default config: tried {report.rows_in}, ingested "
          f"{report.rows_out['ingested_images']}, rejected {report.rejects}; exact duplicates "
          f"{report.stats.get('exact_duplicate_files', 0)}, SOP UID conflicts {report.stats.get('sop_uid_conflicts', 0)}")
    for reason, n in sorted(report.reject_reasons.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"     {n:3d}  {reason}")
    crashed = sum(n for r, n in reasons.items() if r.startswith(CRASH_PREFIXES))
    crashed += sum(n for r, n in report.reject_reasons.items() if r.startswith(CRASH_PREFIXES))
    print(f"   crashed {crashed}")
    return crashed == 0


def part_overhead(tmp: Path, n: int, size: int, repeats: int) -> None:
    sys.path.insert(0, str(REPO / "bench"))
    from ingest import write_dicom  # bench/ingest.py: the throughput bench's files

    rng = np.random.default_rng(0)
    paths = []
    for i in range(n):
        p = tmp / f"ovh{i:03d}.dcm"
        write_dicom(p, rng, size, int(size * 0.8), mono1=bool(i % 2), bits=12 + (i % 5))
        paths.append(p)
    cfg = IngestConfig(longest_side=min(1024, size))
    timings = {}
    with LimitedWorker(cfg.max_item_memory_mb, cfg.max_item_seconds) as worker:
        worker.call(os.getpid)  # the child starts once; its start is part of neither loop
        for name, call in (("in-process (guarded)", lambda p: guarded(convert_dicom, str(p), cfg, MAX_FILE)),
                           ("limited child process", lambda p: worker.call(convert_dicom, str(p), cfg, MAX_FILE))):
            best = float("inf")
            for _ in range(repeats):
                started = time.perf_counter()
                for p in paths:
                    call(p)
                best = min(best, time.perf_counter() - started)
            timings[name] = best
    print(f"3. isolation overhead: {n} DICOMs {int(size * 0.8)}x{size} 16-bit -> PNG, best of {repeats}")
    for name, t in timings.items():
        print(f"     {name:22s} {n / t:7.2f} images/s")
    ratio = timings["limited child process"] / timings["in-process (guarded)"]
    print(f"   time ratio child / in-process: {ratio:.3f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="hostile corpus + a tiny overhead run (seconds)")
    args = parser.parse_args()
    warnings.simplefilter("ignore")  # pydicom warns on every malformed file; the reasons are what counts
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"python {platform.python_version()}")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        ok = part_hostile(tmp)
        if not args.quick:
            ok = part_real(tmp) and ok
        part_overhead(tmp, n=4 if args.quick else 16, size=256 if args.quick else 2500,
                      repeats=1 if args.quick else 2)
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
