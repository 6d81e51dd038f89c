"""CLI: config errors are one line and exit 2; defaults are valid YAML; status reads manifests."""

from __future__ import annotations

import yaml
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.config import PipelineConfig

runner = CliRunner()


def test_bad_key_gives_one_line_and_exit_2(tmp_path):
    cfg = tmp_path / "bad.yaml"
    cfg.write_text("filter_images:\n  max_char: 35\n")
    result = runner.invoke(app, ["run", "--config", str(cfg)])
    assert result.exit_code == 2
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and "filter_images.max_char" in lines[0] and "Traceback" not in result.output


def test_bad_value_and_missing_file(tmp_path):
    cfg = tmp_path / "bad.yaml"
    cfg.write_text("run:\n  workers: many\n")
    result = runner.invoke(app, ["status", "--config", str(cfg)])
    assert result.exit_code == 2 and "run.workers" in result.output
    result = runner.invoke(app, ["status", "--config", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2 and "not found" in result.output


def test_defaults_are_documented_and_round_trip():
    result = runner.invoke(app, ["config", "--defaults"])
    assert result.exit_code == 0
    assert result.output.count("# ") > 40  # every option carries its description
    parsed = yaml.safe_load(result.output)
    assert PipelineConfig.model_validate(parsed) == PipelineConfig()


def test_status_on_a_fresh_config(tmp_path):
    cfg = tmp_path / "c.yaml"
    cfg.write_text(f"paths:\n  out_dir: {tmp_path / 'out'}\n  vault_dir: {tmp_path / 'vault'}\n")
    result = runner.invoke(app, ["status", "--config", str(cfg)])
    assert result.exit_code == 0 and "not run" in result.output


def test_unknown_stage_and_bad_shard(tmp_path):
    cfg = tmp_path / "c.yaml"
    cfg.write_text(f"paths:\n  out_dir: {tmp_path / 'out'}\n  vault_dir: {tmp_path / 'vault'}\n")
    assert runner.invoke(app, ["run", "--config", str(cfg), "--stage", "nonsense"]).exit_code == 2
    assert runner.invoke(app, ["run", "--config", str(cfg), "--shard", "3/2"]).exit_code == 2


def test_second_run_while_one_holds_the_lock_is_one_line_and_exit_2(tmp_path):
    from pipeline.config import load_config
    from pipeline.safety import run_lock

    cfg = tmp_path / "c.yaml"
    cfg.write_text(f"paths:\n  out_dir: {tmp_path / 'out'}\n  vault_dir: {tmp_path / 'vault'}\n")
    with run_lock(load_config(cfg), ["ingest"]):
        result = runner.invoke(app, ["run", "--config", str(cfg), "--stage", "ingest"])
    assert result.exit_code == 2
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and "locked" in lines[0] and "--wait" in lines[0]
    assert not (tmp_path / "out" / "_stages").exists()  # nothing ran
    result = runner.invoke(app, ["run", "--config", str(cfg), "--stage", "ingest"])
    assert result.exit_code == 0
    status = runner.invoke(app, ["status", "--config", str(cfg)])
    assert status.exit_code == 0 and "ingest" in status.output and "done" in status.output
