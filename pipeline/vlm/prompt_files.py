"""Prompt files of the VLM-data stages (French, editable YAML; their hash is stored with every output)."""

from __future__ import annotations

import hashlib
import json
from importlib import resources
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

BUILTIN_PROMPTS = ("structure_report",)


class PromptError(ValueError):
    """A prompt file is missing or malformed (reported in one line)."""


class StructurePrompt(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    system: str
    user: str
    findings: dict[str, str] = {}

    @model_validator(mode="after")
    def _check(self) -> StructurePrompt:
        if "{report}" not in self.user:
            raise ValueError("the user template must contain '{report}'")
        return self

    def messages(self, report: str, tasks: tuple[str, ...], schema: dict) -> tuple[dict[str, str], ...]:
        findings = "\n".join(f"- {t} : {self.findings.get(t, t)}" for t in tasks)
        user = (self.user.replace("{findings}", findings)
                .replace("{schema}", json.dumps(schema, ensure_ascii=False))
                .replace("{report}", report))
        return ({"role": "system", "content": self.system}, {"role": "user", "content": user})

    @property
    def prompt_hash(self) -> str:
        data = json.dumps(self.model_dump(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(data.encode()).hexdigest()[:16]


def load_structure_prompt(ref: str) -> StructurePrompt:
    """A built-in prompt name or the path of a YAML prompt file."""
    if ref in BUILTIN_PROMPTS:
        text = resources.files("pipeline.vlm.prompts").joinpath(f"{ref}.yaml").read_text("utf-8")
        where = f"built-in prompt {ref!r}"
    else:
        path = Path(ref)
        if not path.is_file():
            raise PromptError(f"prompt {ref!r} is neither a built-in prompt ({', '.join(BUILTIN_PROMPTS)}) nor a file")
        text, where = path.read_text("utf-8"), str(path)
    try:
        return StructurePrompt.model_validate(yaml.safe_load(text))
    except yaml.YAMLError as err:
        raise PromptError(f"{where}: not valid YAML ({str(err).splitlines()[0]})") from None
    except ValidationError as err:
        first = err.errors()[0]
        raise PromptError(f"{where}: {'.'.join(str(p) for p in first['loc']) or '<root>'}: {first['msg']}") from None
