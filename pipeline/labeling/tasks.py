"""Labeling tasks as files: the question, its allowed answers, the French prompt and the keyword rules.

Why files: the prompt is part of the experiment. Keeping it in a YAML file next to the code (or in
a hospital's own folder) lets it be reviewed and versioned, and its hash is stored with every label
so that two label sets made with different prompts are never mixed silently.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from pipeline.yaml_files import load_yaml_model

BUILTIN_TASKS = ("fracture", "displacement", "consolidation", "implant", "osteotomy_arthrodesis")


class TaskError(ValueError):
    """A task file is missing or malformed (a configuration problem, reported in one line)."""


class RuleSpec(BaseModel):
    """Keyword rules of the `rules` backend for one task (patterns are matched on accent-free lower case)."""

    model_config = ConfigDict(extra="forbid")

    positive: str = Field(description="Value voted when a term is affirmed.")
    negative: str = Field(description="Value voted when a term is negated or a negative statement is found.")
    absent: str = Field(description="Value voted when the report never mentions the concept.")
    terms: list[str] = Field(description="Regexes of the concept (e.g. 'fractur\\w*').")
    negative_statements: list[str] = Field(default_factory=list, description="Regexes that mean 'no' alone.")
    excluded: list[str] = Field(default_factory=list, description="Mentions that are not the concept.")
    excluded_value: str = Field(description="Value voted for an excluded mention (e.g. a healed fracture).")


class Task(BaseModel):
    """One question asked of every report."""

    model_config = ConfigDict(extra="forbid")

    name: str
    description: str = ""
    answers: list[str] = Field(min_length=2, description="Allowed answers; output is restricted to them.")
    synonyms: dict[str, str] = Field(default_factory=dict, description="Other spellings -> allowed answer.")
    system: str
    user: str = Field(description="User message template; '{report}' is replaced by the report text.")
    rules: RuleSpec | None = None

    @model_validator(mode="after")
    def _check(self) -> Task:
        if "{report}" not in self.user:
            raise ValueError("the user template must contain '{report}'")
        bad = {v for v in self.synonyms.values() if v not in self.answers}
        if self.rules is not None:
            r = self.rules
            bad |= {v for v in (r.positive, r.negative, r.absent, r.excluded_value) if v not in self.answers}
        if bad:
            raise ValueError(f"values {sorted(bad)} are not among the answers {self.answers}")
        return self

    def messages(self, report: str) -> list[dict[str, str]]:
        """Chat messages for one report; the model's own chat template formats them."""
        return [
            {"role": "system", "content": self.system},
            {"role": "user", "content": self.user.replace("{report}", report)},
        ]

    @property
    def prompt_hash(self) -> str:
        """What the model is asked (prompt, answers, synonyms): stored with each label."""
        return _hash({"system": self.system, "user": self.user, "answers": self.answers,
                      "synonyms": self.synonyms})

    @property
    def rules_hash(self) -> str:
        """What the `rules` backend applies: its 'prompt'."""
        return _hash(self.rules.model_dump() if self.rules else None)


def _hash(data: Any) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]


def load_task(ref: str | Path) -> Task:
    """A built-in task name (see BUILTIN_TASKS) or the path of a YAML task file."""
    return load_yaml_model(ref, model=Task, builtins=tuple(BUILTIN_TASKS), package="pipeline.labeling.prompts",
                           kind="task", error=TaskError)


def load_tasks(refs: list[str]) -> list[Task]:
    """Every configured task, checking that names are unique (they key the output rows)."""
    tasks = [load_task(r) for r in refs]
    names = [t.name for t in tasks]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise TaskError(f"task names must be unique, repeated: {dupes}")
    return tasks
