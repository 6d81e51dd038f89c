"""Prompt files of the VLM-data stages (French, editable YAML; their hash is stored with every output)."""

from __future__ import annotations

import hashlib
import json

from pydantic import BaseModel, ConfigDict, model_validator

from pipeline.yaml_files import load_yaml_model

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
    return load_yaml_model(ref, model=StructurePrompt, builtins=tuple(BUILTIN_PROMPTS), package="pipeline.vlm.prompts",
                           kind="prompt", error=PromptError)
