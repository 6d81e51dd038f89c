"""The stage contract: fingerprints of content (config files, lookup lists, code), status reasons,
empty results, and a stage whose derived pass is missing.

Each test owns its directories; the tiny hospital is generated once per module and only read.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from testkit import hospital_config

from pipeline.config import config_from_dict
from pipeline.runner import pending_reasons, run_stages, status_table
from pipeline.stages import DECLARATIONS, STAGES
from pipeline.store import Store

# Pretrain/evaluate are left out: they need minutes, and nothing here depends on them.
DATA_STAGES = ["ingest", "extract-reports", "align", "pseudonymize", "pseudo-label"]
DEDUCE_DIR = Path(__file__).resolve().parents[1] / "deduce_fr"


@pytest.fixture(scope="module")
def tiny_hospital(tmp_path_factory) -> Path:
    from pipeline.synth import SynthOptions, generate_hospital

    root = tmp_path_factory.mktemp("tiny_hospital")
    generate_hospital(root, SynthOptions(n_patients=6, seed=7, image_size=128))
    return root


def _hospital_deduce_config(folder: Path, staff_line: str) -> Path:
    """The hospital's copy of the deduce_fr config, with its own staff list (a lookup file)."""
    folder.mkdir(parents=True, exist_ok=True)
    text = (DEDUCE_DIR / "config.yaml").read_text(encoding="utf-8")
    assert "extra_persons: []" in text
    (folder / "deduce.yaml").write_text(text.replace("extra_persons: []", "extra_persons: [staff.txt]"),
                                        encoding="utf-8")
    (folder / "staff.txt").write_text(staff_line + "\n", encoding="utf-8")
    return folder / "deduce.yaml"


def _statuses(reports) -> dict[str, str]:
    return {r.stage: r.status for r in reports}


def _texts(cfg) -> list[str]:
    return sorted(Store(cfg.paths.out_dir, cfg.paths.vault_dir).read_table("reports").column("text").to_pylist())


def test_one_byte_in_a_lookup_list_reruns_exactly_that_stage_and_downstream(tiny_hospital, tmp_path):
    deduce = _hospital_deduce_config(tmp_path / "hospital_conf", "Incidencez")
    cfg = config_from_dict(hospital_config(tiny_hospital, tmp_path, pseudonymize={"deduce_config": str(deduce)}))
    first = run_stages(cfg, DATA_STAGES, progress=False)
    assert set(_statuses(first).values()) == {"done"}
    before = _texts(cfg)
    assert any("Incidences" in t for t in before)

    # Nothing changed: everything skipped, and status has no reason to re-run anything.
    assert set(_statuses(run_stages(cfg, DATA_STAGES, progress=False)).values()) == {"skipped"}
    assert all(not pending_reasons(cfg)[name] for name in DATA_STAGES)

    # One byte of the staff list: pseudonymize and what reads its output re-run, nothing else.
    (deduce.parent / "staff.txt").write_text("Incidences\n", encoding="utf-8")
    reasons = pending_reasons(cfg)
    assert reasons["pseudonymize"] == ["deduce_fr config file staff.txt changed"]
    assert reasons["pseudo-label"] == ["input reports changes (pseudonymize re-runs)"]
    assert all(not reasons[name] for name in ("ingest", "extract-reports", "align"))
    assert "deduce_fr config file staff.txt changed" in _render(status_table(cfg))

    # deduce_fr caches lookup lists per process by file *name*; a CLI run is a fresh process.
    import deduce_fr.deidentifier

    deduce_fr.deidentifier._LOOKUP_CACHE.clear()
    second = _statuses(run_stages(cfg, DATA_STAGES, progress=False))
    assert second == {"ingest": "skipped", "extract-reports": "skipped", "align": "skipped",
                      "pseudonymize": "done", "pseudo-label": "done"}
    after = _texts(cfg)
    assert len(after) == len(before)
    # out/ reflects the new list: the word is now taken for a staff name and replaced in reports
    assert sum("Incidences" in t for t in after) < sum("Incidences" in t for t in before)

    # The config file itself (not a list) changing is seen too.
    deduce.write_text(deduce.read_text(encoding="utf-8") + "\n# reviewed\n", encoding="utf-8")
    assert pending_reasons(cfg)["pseudonymize"] == ["deduce_fr config changed"]


def _render(table) -> str:
    from io import StringIO

    from rich.console import Console

    buf = StringIO()
    Console(file=buf, width=400).print(table)
    return buf.getvalue()


def test_code_change_is_a_reason_to_rerun(tiny_hospital, tmp_path, monkeypatch):
    import pipeline.stage as stage_mod

    cfg = config_from_dict(hospital_config(tiny_hospital, tmp_path))
    run_stages(cfg, ["ingest", "extract-reports", "align"], progress=False)
    assert not pending_reasons(cfg)["align"]
    real = stage_mod.code_digest
    monkeypatch.setattr(stage_mod, "code_digest",
                        lambda m: "edited" if m == "pipeline.stages.extract_reports" else real(m))
    import pipeline.executor as executor_mod

    monkeypatch.setattr(executor_mod, "code_digests", lambda mods: {m: stage_mod.code_digest(m) for m in mods})
    reasons = pending_reasons(cfg)
    assert reasons["extract-reports"] == ["code of extract-reports changed (pipeline.stages.extract_reports)"]
    assert reasons["align"] == ["input report_text changes (extract-reports re-runs)"]
    assert not reasons["ingest"]
    rerun = _statuses(run_stages(cfg, ["ingest", "extract-reports", "align"], progress=False))
    assert rerun == {"ingest": "skipped", "extract-reports": "done", "align": "done"}


def test_code_digest_follows_source_and_installed_records(tmp_path, monkeypatch):
    from pipeline.stage import code_digest

    pkg = tmp_path / "somepkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("X = 1\n")
    (pkg / "data.txt").write_text("a\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    first = code_digest("somepkg")
    (pkg / "data.txt").write_text("b\n")
    assert code_digest("somepkg") != first  # data files of a package count, not only .py
    assert code_digest("no_such_module_here") == "absent"
    installed = code_digest("pyarrow")  # site-packages: the distribution's RECORD
    assert installed not in ("absent", "builtin") and installed == code_digest("pyarrow")


def test_declarations_match_what_stages_write():
    assert list(DECLARATIONS) == list(STAGES)
    produced = {}
    for stage in DECLARATIONS.values():
        for table in stage.all_outputs():
            assert table not in produced, f"{table} written by {produced.get(table)} and {stage.name}"
            produced[table] = stage.name
    order = list(STAGES)
    for stage in DECLARATIONS.values():
        for table in stage.inputs:
            assert table in produced, f"{stage.name} reads {table} that no stage writes"
            assert order.index(produced[table]) <= order.index(stage.name)


def test_undeclared_output_is_refused(tiny_hospital, tmp_path):
    from pipeline.executor import ShardOutput, StageContext, StageFailed, run_sharded

    cfg = config_from_dict(hospital_config(tiny_hospital, tmp_path))
    ctx = StageContext(cfg=cfg, store=Store.from_config(cfg), progress=False)
    with pytest.raises(StageFailed, match="declares"):
        run_sharded(ctx, "align", inputs=("studies",), outputs=("pairs", "reports"), items=[1],
                    process=lambda job: ShardOutput(), config_section=None)


# ---- empty is a valid result -------------------------------------------------------------------------------

def _empty_case(kind: str, hospital: Path, root: Path) -> dict:
    """A hospital export that empties one stage: every later stage must run on 0 rows."""
    src = root / "src"
    (src / "pacs").mkdir(parents=True)
    (src / "reports").mkdir(parents=True)
    manifest = hospital / "report_manifest.csv"
    if kind == "no reports":  # images only: extract-reports, align, pseudonymize... get 0 rows
        shutil.copytree(hospital / "pacs", src / "pacs", dirs_exist_ok=True)
        manifest = src / "report_manifest.csv"
        manifest.write_text("path,patient_id,report_datetime,report_type,accession_number\n")
    elif kind == "no images":  # reports only: align finds no study, so no pairs
        shutil.copytree(hospital / "reports", src / "reports", dirs_exist_ok=True)
        shutil.copy(hospital / "report_manifest.csv", src / "report_manifest.csv")
        manifest = src / "report_manifest.csv"
    else:  # nothing at all: ingest gets 0 rows
        manifest = src / "report_manifest.csv"
        manifest.write_text("path,patient_id,report_datetime,report_type,accession_number\n")
    cfg = hospital_config(src, root / "work")
    cfg["paths"]["report_manifest"] = str(manifest)
    return cfg


@pytest.mark.parametrize("kind", ["nothing", "no images", "no reports"])
def test_a_stage_with_zero_rows_lets_the_next_run_and_report_zero(kind, tiny_hospital, tmp_path):
    cfg = config_from_dict(_empty_case(kind, tiny_hospital, tmp_path))
    stages = ["ingest", "extract-reports", "align", "pseudonymize", "pseudo-label"]
    if kind != "no reports":  # (with images, OCR would run on them: seconds for nothing new here)
        stages.insert(1, "filter-images")
    reports = {r.stage: r for r in run_stages(cfg, stages, progress=False)}
    assert list(reports) == stages and all(r.status == "done" for r in reports.values())
    assert reports["pseudonymize"].rows_out["reports"] == 0
    assert reports["pseudo-label"].rows_out["label_votes"] == 0
    if kind != "no images":
        assert reports["extract-reports"].rows_out["report_text"] == 0
    assert reports["align"].rows_out["pairs"] == 0
    store = Store(cfg.paths.out_dir, cfg.paths.vault_dir)
    for stage in stages:  # every declared table exists, with its schema, even when empty
        for table in DECLARATIONS[stage].all_outputs():
            assert store.has_table(table), (stage, table)
            assert store.read_table(table).schema.names
    for path in store.table_files("reports"):
        assert pq.ParquetFile(path).metadata.num_rows == 0
    again = run_stages(cfg, stages, progress=False)
    assert all(r.status == "skipped" for r in again)


# ---- wedged resume -----------------------------------------------------------------------------------------

def test_missing_derived_pass_is_rebuilt_not_wedged(tiny_hospital, tmp_path):
    cfg = config_from_dict(hospital_config(tiny_hospital, tmp_path))
    run_stages(cfg, ["ingest"], progress=False)
    store = Store(cfg.paths.out_dir, cfg.paths.vault_dir)
    # As if killed right after ingest's manifest: the index pass and its tables are gone.
    shutil.rmtree(store.stage_dir("ingest.index"))
    for table in ("patients", "studies"):
        shutil.rmtree(store.table_dir(table))
    assert "ingest.index not finished" in pending_reasons(cfg)["ingest"]
    reports = _statuses(run_stages(cfg, ["ingest", "extract-reports", "align"], progress=False))
    assert reports == {"ingest": "done", "extract-reports": "done", "align": "done"}
    assert store.count_rows("studies") > 0
    assert _statuses(run_stages(cfg, ["ingest"], progress=False)) == {"ingest": "skipped"}


# ---- killed at a stage boundary or mid-shard ---------------------------------------------------------------

def _tables(cfg) -> dict[str, list]:
    store = Store(cfg.paths.out_dir, cfg.paths.vault_dir)
    out = {}
    for stage in DATA_STAGES:
        for table in DECLARATIONS[stage].all_outputs():
            rows = store.read_table(table).to_pylist()
            out[table] = sorted(json.dumps(r, sort_keys=True, default=str) for r in rows)
    return out


def test_killed_at_every_stage_boundary_resumes_to_identical_tables(tiny_hospital, tmp_path):
    cfg = config_from_dict(hospital_config(tiny_hospital, tmp_path, run={"shard_size": 4}))
    run_stages(cfg, DATA_STAGES, progress=False)
    reference = _tables(cfg)
    store = Store(cfg.paths.out_dir, cfg.paths.vault_dir)
    for stage in DATA_STAGES:
        # The state a kill -9 leaves: this stage's manifest not yet written, its last shard's marker
        # missing with a half-written temp file beside the part, later stages (and passes) not run.
        for later in DATA_STAGES[DATA_STAGES.index(stage):]:
            for name in (later, *(p.name for p in DECLARATIONS[later].passes)):
                store.manifest_path(name).unlink(missing_ok=True)
        markers = sorted((store.stage_dir(stage) / "shards").glob("*.json"))
        markers[-1].unlink()
        table = DECLARATIONS[stage].outputs[0]
        (store.table_dir(table) / f".part-{int(markers[-1].stem):05d}.parquet.4242.tmp").write_bytes(b"half")
        statuses = _statuses(run_stages(cfg, DATA_STAGES, progress=False))
        assert all(statuses[s] == "skipped" for s in DATA_STAGES[: DATA_STAGES.index(stage)])
        assert statuses[stage] == "done"
        assert _tables(cfg) == reference, stage
        assert not list(store.out_dir.rglob("*.tmp")) and not list(store.vault_dir.rglob("*.tmp"))


def test_declared_code_covers_what_each_stage_module_imports():
    """A stage's output depends on the project code it imports: each such import must be in its
    declaration, or a change there would not re-run it. The executor and config are exempt (they do
    not shape a stage's rows; the config section is hashed on its own)."""
    import ast

    exempt = ("pipeline.store", "pipeline.executor", "pipeline.stage", "pipeline.config", "pipeline.configs")
    ours = ("pipeline", "deduce_fr", "models", "eval")
    for stage in DECLARATIONS.values():
        source = (Path(__file__).resolve().parents[1] / "pipeline" / "stages" / f"{stage.module}.py").read_text()
        imported = set()
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.ImportFrom) and node.module:
                # `from pipeline import llm` imports the module pipeline.llm
                imported.update({f"{node.module}.{a.name}" for a in node.names} if node.module in ours
                                else {node.module})
            elif isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
        for module in sorted(imported):
            if module.split(".")[0] not in ours or module.startswith(exempt):
                continue
            assert any(module == m or module.startswith(m + ".") for m in stage.code_modules), \
                f"{stage.name} imports {module} but does not declare it"
