"""Shared fixtures: one small synthetic hospital per test session, ingested once.

Tests must not depend on their order: the hospital is only read, and each test module gets its own
copy of the ingested out/ and vault/ (`ingested`), so a module that runs later stages never changes
what another module sees.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from testkit import SMALL_PATIENTS, hospital_config


@pytest.fixture(scope="session")
def synthetic_hospital(tmp_path_factory) -> Path:
    from pipeline.synth import SynthOptions, generate_hospital

    root = tmp_path_factory.mktemp("hospital")
    generate_hospital(root, SynthOptions(n_patients=SMALL_PATIENTS, seed=7, image_size=256))
    return root


@pytest.fixture(scope="session")
def ingested_once(synthetic_hospital, tmp_path_factory):
    """(config, reports) after ingest on the shared synthetic hospital; never written to after this."""
    from pipeline.config import config_from_dict
    from pipeline.runner import run_stages

    work = tmp_path_factory.mktemp("ingested")
    cfg = config_from_dict(hospital_config(synthetic_hospital, work))
    reports = run_stages(cfg, ["ingest"], progress=False)
    return cfg, reports


@pytest.fixture(scope="module")
def ingested(ingested_once, tmp_path_factory):
    """(config, reports) after ingest, in this test module's own copy of out/ and vault/."""
    cfg, reports = ingested_once
    work = tmp_path_factory.mktemp("ingested_copy")
    for name in ("out_dir", "vault_dir"):
        shutil.copytree(getattr(cfg.paths, name), work / name, symlinks=True)
    paths = cfg.paths.model_copy(update={"out_dir": work / "out_dir", "vault_dir": work / "vault_dir"})
    return cfg.model_copy(update={"paths": paths}), reports
