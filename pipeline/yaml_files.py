"""Editable YAML files (pseudo-label tasks, structure-reports prompts, VQA question banks): a built-in name or a
path, validated by a pydantic model, with one-line errors that name the file and the bad key."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

Model = TypeVar("Model", bound=BaseModel)


def load_yaml_model(ref: str | Path, *, model: type[Model], builtins: tuple[str, ...], package: str, kind: str,
                    error: type[Exception], loader: type[yaml.SafeLoader] = yaml.SafeLoader) -> Model:
    """`ref` is a built-in name (a YAML file of `package`) or the path of a YAML file; -> `model`, or `error`."""
    ref_str = str(ref)
    if ref_str in builtins:
        text = resources.files(package).joinpath(f"{ref_str}.yaml").read_text("utf-8")
        where = f"built-in {kind} {ref_str!r}"
    else:
        path = Path(ref_str)
        if not path.is_file():
            raise error(f"{kind} {ref_str!r} is neither a built-in {kind} ({', '.join(builtins)}) nor a file")
        text, where = path.read_text("utf-8"), str(path)
    try:
        return model.model_validate(yaml.load(text, Loader=loader))
    except yaml.YAMLError as err:
        raise error(f"{where}: not valid YAML ({str(err).splitlines()[0]})") from None
    except ValidationError as err:
        first = err.errors()[0]
        raise error(f"{where}: {'.'.join(str(p) for p in first['loc']) or '<root>'}: {first['msg']}") from None
