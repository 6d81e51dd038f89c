"""filter-images hands the ingested images over: each image stored once, nothing lost at any kill point.

A fake OCR engine (deterministic on the pixels) keeps these tests fast; the real engine runs in
test_filter_images.py (whose module also ends with every part handed over). Each test works on its own
copy of one ingested tiny hospital.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from rich.console import Console
from testkit import hospital_config

from pipeline import handover
from pipeline.config import config_from_dict
from pipeline.executor import StageFailed
from pipeline.ocr.base import OcrResult
from pipeline.runner import pending_reasons, run_stages, status_table, verify_run
from pipeline.stages import filter_images as fi
from pipeline.store import Store

TABLES = ("images", "dropped_images", "image_filter", "ocr_text")
LONG_TEXT = "NOM MARTIN PRENOM SOPHIE NE LE 12 03 1965 IPP 88412345"


class PixelOcr:
    """Reads 'text' on every image whose pixel sum is a multiple of 3: about a third dropped."""

    name = "pixel"

    def read(self, images):
        return [OcrResult(lines=[LONG_TEXT] if int(im.sum()) % 3 == 0 else []) for im in images]


@pytest.fixture(autouse=True)
def fake_ocr(monkeypatch):
    monkeypatch.setattr(fi, "get_engine", lambda cfg, threads: PixelOcr())


@pytest.fixture(scope="module")
def ingested_tiny(tmp_path_factory):
    from pipeline.synth import SynthOptions, generate_hospital

    root = tmp_path_factory.mktemp("handover")
    generate_hospital(root / "hospital", SynthOptions(n_patients=6, seed=7, image_size=128))
    cfg = config_from_dict(hospital_config(root / "hospital", root / "base", run={"shard_size": 8}))
    run_stages(cfg, ["ingest"], progress=False)
    return root


def _copy(base: Path, work: Path, **sections):
    """A fresh out/ and vault/ holding the ingested tiny hospital (ingest finished, nothing filtered)."""
    for name in ("out", "vault"):
        shutil.copytree(base / "base" / name, work / name, symlinks=True)
    return config_from_dict(hospital_config(base / "hospital", work, run={"shard_size": 8}, **sections))


def _store(cfg) -> Store:
    return Store(cfg.paths.out_dir, cfg.paths.vault_dir)


def _snapshot(cfg) -> dict[str, list[str]]:
    """Every table the filter writes, row by row (pixels by hash), order-free."""
    store = _store(cfg)
    out = {}
    for table in (*TABLES, "rejects"):
        rows = store.read_table(table).to_pylist() if store.has_table(table) else []
        for row in rows:
            if isinstance(row.get("image"), dict):
                row["image"] = hashlib.sha256(row["image"]["bytes"]).hexdigest()
        out[table] = sorted(json.dumps(r, sort_keys=True, default=str) for r in rows)
    return out


def _ingest_entries(cfg) -> dict[str, dict]:
    """ingest's marker entries of vault/ingested_images, by part path."""
    store = _store(cfg)
    entries = {}
    for marker in sorted((store.stage_dir("ingest") / "shards").glob("*.json")):
        for entry in json.loads(marker.read_text())["files"]:
            if entry["table"] == "ingested_images":
                entries[entry["path"]] = entry
    return entries


def _ingested_ids(cfg) -> list[str]:
    return sorted(_store(cfg).read_table("image_ids", columns=["image_id"]).column("image_id").to_pylist())


def _check_stored_once(cfg) -> None:
    """Every ingested image exactly once: kept ones in out/images, the others in vault/dropped_images;
    no part left in vault/ingested_images; ingest accepts its handed-over parts; verify is green."""
    store = _store(cfg)
    kept = store.read_table("images", columns=["image_id"]).column("image_id").to_pylist()
    dropped = store.read_table("dropped_images", columns=["image_id"]).column("image_id").to_pylist()
    assert sorted(kept + dropped) == _ingested_ids(cfg)  # none lost, none twice
    decisions = {r["image_id"]: r["kept"] for r in store.read_table("image_filter").to_pylist()}
    assert all(decisions[i] for i in kept) and not any(decisions.get(i, False) for i in dropped)
    assert not store.table_files("ingested_images")
    assert all(e.get("handed_over") for e in _ingest_entries(cfg).values())
    assert not list(Path(cfg.paths.out_dir).rglob("dropped_images"))  # privacy: the vault only
    assert verify_run(cfg, drop_damaged=False) == {name: [] for name in
                                                   ("filter-images", "ingest", "ingest.index", "ingest.scan")}
    reasons = pending_reasons(cfg)
    assert reasons["ingest"] == [] and reasons["filter-images"] == []


@pytest.fixture(scope="module")
def reference(ingested_tiny, tmp_path_factory):
    cfg = _copy(ingested_tiny, tmp_path_factory.mktemp("reference"))
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(fi, "get_engine", lambda cfg, threads: PixelOcr())
        report = run_stages(cfg, ["ingest", "filter-images"], progress=False)
    return cfg, report, _snapshot(cfg)


def test_each_image_is_stored_once_and_ingest_is_not_redone(reference, ingested_tiny, tmp_path):
    cfg, (ingest, filtered), tables = reference
    assert ingest.status == "skipped" and filtered.status == "done"
    assert tables["dropped_images"] and tables["images"]  # both sides exercised
    assert filtered.rows_in == len(_ingested_ids(cfg)) == filtered.rows_out["image_filter"] + filtered.rejects
    parts = len(_ingest_entries(cfg))
    assert filtered.stats["ingested_images_parts_handed_over"] == parts > 1
    _check_stored_once(cfg)
    before = sum(p.stat().st_size for p in (ingested_tiny / "base" / "vault" / "ingested_images").glob("*.parquet"))
    assert filtered.stats["ingested_images_bytes_released"] == before
    again = run_stages(cfg, ["ingest", "filter-images"], progress=False)
    assert [r.status for r in again] == ["skipped", "skipped"]


def test_shard_array_gives_the_same_tables(reference, ingested_tiny, tmp_path):
    cfg = _copy(ingested_tiny, tmp_path)
    first = run_stages(cfg, ["filter-images"], shard=(0, 2), progress=False)[0]
    assert first.status == "partial"
    assert len(_store(cfg).table_files("ingested_images")) == len(first.missing_shards)  # only its own released
    assert run_stages(cfg, ["filter-images"], shard=(1, 2), progress=False)[0].status == "done"
    assert _snapshot(cfg) == reference[2]
    _check_stored_once(cfg)


@pytest.mark.parametrize("kill_at", ["before the record", "between the record and the delete"])
def test_killed_between_commit_and_release_resumes_without_loss(kill_at, reference, ingested_tiny, tmp_path,
                                                                 monkeypatch):
    cfg = _copy(ingested_tiny, tmp_path)
    real_release, real_write = handover.release, handover._write_marker
    calls = {"n": 0}

    def killed_release(*args, **kwargs):  # the filter shard is committed; the kill comes before its release
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt("killed")
        return real_release(*args, **kwargs)

    def killed_after_record(*args, **kwargs):  # the record is written, the part not yet deleted
        real_write(*args, **kwargs)
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt("killed")

    if kill_at == "before the record":
        monkeypatch.setattr(handover, "release", killed_release)
    else:
        monkeypatch.setattr(handover, "_write_marker", killed_after_record)
    with pytest.raises(KeyboardInterrupt):
        run_stages(cfg, ["ingest", "filter-images"], progress=False)
    monkeypatch.setattr(handover, "release", real_release)
    monkeypatch.setattr(handover, "_write_marker", real_write)
    left = _store(cfg).table_files("ingested_images")
    assert left  # the killed shard's part (and the later ones) are still there
    assert pending_reasons(cfg)["ingest"] == []  # ... and ingest is sound: nothing to redo
    resumed = run_stages(cfg, ["ingest", "filter-images"], progress=False)
    assert [r.status for r in resumed] == ["skipped", "done"]
    assert _snapshot(cfg) == reference[2]
    _check_stored_once(cfg)


def test_new_threshold_restores_parts_first_even_when_killed(reference, ingested_tiny, tmp_path, monkeypatch):
    """A re-run with another config reads the released parts back (the same bytes ingest wrote), including
    after a kill between a restore's write and its record's removal, or in the middle of a shard."""
    import pipeline.store as store_mod

    clean = _copy(ingested_tiny, tmp_path / "clean", filter_images={"max_chars": 60})
    run_stages(clean, ["ingest", "filter-images"], progress=False)
    expected = _snapshot(clean)
    assert expected != reference[2]  # the new threshold keeps images the first run dropped

    cfg = _copy(ingested_tiny, tmp_path / "run")
    original = _ingest_entries(cfg)
    run_stages(cfg, ["ingest", "filter-images"], progress=False)
    cfg = config_from_dict(hospital_config(ingested_tiny / "hospital", tmp_path / "run", run={"shard_size": 8},
                                           filter_images={"max_chars": 60}))
    assert pending_reasons(cfg)["filter-images"] == ["config filter_images.max_chars changed"]
    assert pending_reasons(cfg)["ingest"] == []

    real_write = handover._write_marker
    calls = {"n": 0}

    def killed_in_restore(*args, **kwargs):  # restore: part written, record not yet removed
        calls["n"] += 1
        if calls["n"] == 1:
            raise KeyboardInterrupt("killed")
        real_write(*args, **kwargs)

    monkeypatch.setattr(handover, "_write_marker", killed_in_restore)
    with pytest.raises(KeyboardInterrupt):
        run_stages(cfg, ["ingest", "filter-images"], progress=False)
    monkeypatch.setattr(handover, "_write_marker", real_write)
    restored = _store(cfg).table_files("ingested_images")
    assert restored
    for path in restored:  # byte for byte what ingest wrote
        entry = original[str(path.relative_to(cfg.paths.vault_dir))]
        assert hashlib.sha256(path.read_bytes()).hexdigest() == entry["sha256"]

    real_parquet = store_mod.write_parquet_atomic
    writes = {"n": 0}

    def killed_mid_shard(table, path):
        writes["n"] += 1
        if writes["n"] == 6:
            raise KeyboardInterrupt("killed")
        real_parquet(table, path)

    monkeypatch.setattr(store_mod, "write_parquet_atomic", killed_mid_shard)
    with pytest.raises(KeyboardInterrupt):
        run_stages(cfg, ["ingest", "filter-images"], progress=False)
    monkeypatch.setattr(store_mod, "write_parquet_atomic", real_parquet)
    resumed = run_stages(cfg, ["ingest", "filter-images"], progress=False)
    assert [r.status for r in resumed] == ["skipped", "done"]
    assert _snapshot(cfg) == expected
    _check_stored_once(cfg)
    assert {p: e["sha256"] for p, e in _ingest_entries(cfg).items()} == {p: e["sha256"] for p, e in original.items()}


def test_keep_ingested_images_keeps_the_vault_copy_without_rerunning_ocr(reference, ingested_tiny, tmp_path):
    cfg = _copy(ingested_tiny, tmp_path)
    original = {p: e["sha256"] for p, e in _ingest_entries(cfg).items()}
    run_stages(cfg, ["ingest", "filter-images"], progress=False)
    keep = config_from_dict(hospital_config(ingested_tiny / "hospital", tmp_path, run={"shard_size": 8},
                                            filter_images={"keep_ingested_images": True}))
    assert pending_reasons(keep)["filter-images"] == []  # where pixels are kept changes no decision
    report = run_stages(keep, ["ingest", "filter-images"], progress=False)[1]
    assert report.status == "skipped" and report.stats["ingested_images_parts_handed_over"] == 0
    store = _store(keep)
    assert {str(p.relative_to(keep.paths.vault_dir)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in store.table_files("ingested_images")} == original
    assert not any(e.get("handed_over") for e in _ingest_entries(keep).values())
    assert _snapshot(keep) == reference[2]
    assert all(not problems for problems in verify_run(keep, drop_damaged=False).values())
    # and back to the default: released again, still no OCR
    report = run_stages(cfg, ["filter-images"], progress=False)[0]
    assert report.status == "skipped"
    _check_stored_once(cfg)


@pytest.mark.parametrize("table", ["images", "dropped_images"])
def test_damaged_receiving_file_shows_in_ingest_and_is_rebuilt(table, reference, ingested_tiny, tmp_path):
    cfg = _copy(ingested_tiny, tmp_path)
    run_stages(cfg, ["ingest", "filter-images"], progress=False)
    store = _store(cfg)
    part = store.table_files(table)[0]
    data = bytearray(part.read_bytes())
    data[len(data) // 3: len(data) // 3 + 16] = bytes(16)  # same size, same footer: only a hash sees it
    part.write_bytes(bytes(data))
    problems = verify_run(cfg, drop_damaged=False)
    rel = f"{'out' if table == 'images' else 'vault'}/{table}/{part.name}"
    assert any(rel in p and "content changed" in p for p in problems["filter-images"])
    assert any("handed over to filter-images" in p and rel in p for p in problems["ingest"])
    part.write_bytes(bytes(data[: len(data) // 2]))  # now truncated: the cheap check sees it too
    assert any("damaged shard" in r for r in pending_reasons(cfg)["ingest"])
    console = Console(width=2000, record=True)
    console.print(status_table(cfg))
    shown = console.export_text()
    assert f"(handed over to filter-images): {rel} size changed" in shown  # pipeline status says why
    with pytest.raises(StageFailed, match="pipeline run --stage ingest"):
        run_stages(cfg, ["filter-images"], progress=False)  # the rows are gone: ingest must rebuild them
    again = run_stages(cfg, ["ingest", "filter-images"], progress=False)
    assert again[0].status == "done" and again[0].damaged_shards
    assert _snapshot(cfg) == reference[2]
    _check_stored_once(cfg)


def test_release_refuses_files_that_do_not_hold_the_part(reference, ingested_tiny, tmp_path):
    from pipeline.stages import DECLARATIONS

    cfg = _copy(ingested_tiny, tmp_path, filter_images={"keep_ingested_images": True})
    run_stages(cfg, ["ingest", "filter-images"], progress=False)
    store = _store(cfg)
    spec = DECLARATIONS["filter-images"].hands_over
    plan = handover.HandOverPlan(spec=spec, stage="filter-images", release=True)
    parts = handover.source_parts(store, spec)
    markers = [json.loads(p.read_text()) for p in sorted((store.stage_dir("filter-images") / "shards").glob("*.json"))]
    k = next(k for k, m in enumerate(markers) if {"images", "dropped_images"} <= {f["table"] for f in m["files"]})
    name, keys, files = parts[k].name, parts[k].keys, markers[k]["files"]
    kept_only = [f for f in files if f["table"] == "images"]
    assert handover.release(store, plan, name, keys, kept_only) == "receiving files differ"  # rows missing
    assert handover.release(store, plan, name, [*keys[:-1], "another-id"], files) == "receiving files differ"
    assert (store.table_dir("ingested_images") / name).is_file()
    assert handover.release(store, plan, name, keys, files) == "released"
    assert not (store.table_dir("ingested_images") / name).exists()
    assert handover.release(store, plan, name, keys, files) == "already"


def test_workers_give_the_same_tables(reference, ingested_tiny, tmp_path, monkeypatch):
    """Two worker processes release their parts themselves. Forked rather than spawned, so that they keep
    the fake engine (the spawned pool itself is tested in test_store.py; the real engine in
    test_filter_images.py)."""
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    import pipeline.executor as executor

    monkeypatch.setattr(executor, "worker_pool", lambda n: ProcessPoolExecutor(n, mp_context=get_context("fork")))
    cfg = _copy(ingested_tiny, tmp_path)
    report = run_stages(cfg, ["filter-images"], workers=2, progress=False)[0]
    assert report.status == "done" and report.stats["ingested_images_parts_handed_over"] > 1
    assert _snapshot(cfg) == reference[2]
    _check_stored_once(cfg)


def test_filter_refuses_an_unfinished_ingest(ingested_tiny, tmp_path):
    cfg = _copy(ingested_tiny, tmp_path)
    _store(cfg).manifest_path("ingest").unlink()  # killed before ingest's manifest: some parts may be missing
    with pytest.raises(StageFailed, match="ingest is not finished"):
        run_stages(cfg, ["filter-images"], progress=False)


def test_declared_hand_overs_can_restore_what_they_release():
    """A part is rebuilt from its receiving tables: they must be outputs with the source's exact schema, and
    the source an input of the stage; only the vault may receive what the filter did not keep."""
    from pipeline.schemas import table_spec
    from pipeline.stages import DECLARATIONS

    declared = [s for s in DECLARATIONS.values() if s.hands_over]
    assert [s.name for s in declared] == ["filter-images"]
    for stage in declared:
        spec = stage.hands_over
        assert spec.source in stage.inputs and set(spec.into) <= set(stage.outputs)
        for table in spec.into:
            assert table_spec(table).schema.equals(table_spec(spec.source).schema)
    assert table_spec("dropped_images").location == "vault" and table_spec("images").location == "out"
