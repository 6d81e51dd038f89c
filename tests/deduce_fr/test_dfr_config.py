"""The deduce_fr config is validated: an unknown key or a wrong type is a one-line error naming it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from deduce_fr import Deidentifier
from deduce_fr.cli import main
from deduce_fr.config import ConfigError, validate_config
from deduce_fr.deidentifier import DEFAULT_CONFIG


def _default() -> dict:
    return yaml.safe_load(DEFAULT_CONFIG.read_text(encoding="utf-8"))


def _annotator(cfg: dict, name: str) -> dict:
    return next(a for a in cfg["annotators"] if a["name"] == name)


def _typo_config(tmp_path: Path) -> Path:
    """A hospital config whose regex annotator says 'paterns:' (it would silently find nothing)."""
    path = tmp_path / "hospital.yaml"
    path.write_text(DEFAULT_CONFIG.read_text(encoding="utf-8") + (
        "  - name: local_ids\n    type: regex\n    tag: ID\n    paterns: ['HOP-\\d{6}']\n"), encoding="utf-8")
    return path


def test_shipped_config_is_valid() -> None:
    assert validate_config(_default())["annotators"]


def test_paterns_typo_is_refused_naming_the_key(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as err:
        Deidentifier(config=_typo_config(tmp_path))
    message = str(err.value)
    assert "'paterns'" in message and "local_ids" in message and "\n" not in message


def test_cli_reports_the_typo_in_one_line_and_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", "--config", str(_typo_config(tmp_path))]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error:") and "paterns" in err and len(err.splitlines()) == 1


@pytest.mark.parametrize(("mutate", "needle"), [
    (lambda c: c.update(lookupz={}), "'lookupz'"),
    (lambda c: c["lookups"].update(staff="staff.txt"), "'lookups.staff'"),
    (lambda c: _annotator(c, "ages").update(cues="âgé"), "cues"),
    (lambda c: _annotator(c, "email").update(tag="MAIL"), "tag"),
    (lambda c: _annotator(c, "digit_groups").update(min_digits="eleven"), "min_digits"),
    (lambda c: c["annotators"].append({"name": "x", "type": "regexp", "tag": "ID"}), "'regexp'"),
    (lambda c: c["annotators"].append({"name": "x", "type": "regex", "tag": "ID"}), "pattern"),
    (lambda c: c.update(tag_priority=["PATIENT", "NAME"]), "tag_priority"),
])  # fmt: skip
def test_bad_configs_name_the_bad_key(mutate, needle: str) -> None:  # noqa: ANN001
    cfg = _default()
    mutate(cfg)
    with pytest.raises(ConfigError) as err:
        Deidentifier(config=cfg)
    assert needle in str(err.value) and "\n" not in str(err.value)


def test_invalid_regex_and_yaml_are_one_line_errors(tmp_path: Path) -> None:
    cfg = _default()
    _annotator(cfg, "id_patterns")["patterns"] = ["(unclosed"]
    with pytest.raises(ConfigError, match="id_patterns.*regular expression"):
        Deidentifier(config=cfg)
    bad = tmp_path / "bad.yaml"
    bad.write_text("annotators: [\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="invalid YAML"):
        Deidentifier(config=bad)
    with pytest.raises(ConfigError, match="cannot read"):
        Deidentifier(config=tmp_path / "missing.yaml")


def test_cli_disable_measures_the_rules_alone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`evaluate --disable learned` scores the rule layer: here a cue-less site only the learned layer finds."""
    import json

    cases = tmp_path / "cases.json"
    text = "Echographie abdominale - Pôle Médical Ouest"
    cases.write_text(json.dumps([{"id": "site", "text": text, "patient": None, "annotations": [
        {"text": "Pôle Médical Ouest", "start_char": 25, "end_char": 43, "tag": "INSTITUTION"}]}]), encoding="utf-8")
    recalls = []
    for extra in ([], ["--disable", "learned"]):
        assert main(["evaluate", str(cases), "--json", *extra]) == 0
        recalls.append(json.loads(capsys.readouterr().out)["tags"]["INSTITUTION"]["recall"])
    assert recalls == [1.0, 0.0]
    assert main(["evaluate", str(cases), "--disable", "lerned"]) == 2
    assert "'lerned'" in capsys.readouterr().err
