"""Shared fixtures: one small synthetic hospital per test session, ingested once."""

from __future__ import annotations

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
def ingested(synthetic_hospital, tmp_path_factory):
    """(config, reports) after ingest on the shared synthetic hospital."""
    from pipeline.config import config_from_dict
    from pipeline.runner import run_stages

    work = tmp_path_factory.mktemp("ingested")
    cfg = config_from_dict(hospital_config(synthetic_hospital, work))
    reports = run_stages(cfg, ["ingest"], progress=False)
    return cfg, reports
