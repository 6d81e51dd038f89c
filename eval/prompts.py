"""French zero-shot prompts, one editable YAML file per dataset (``eval/prompts/*.yaml``)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

PROMPT_DIR = Path(__file__).parent / "prompts"


@dataclass(frozen=True)
class TaskPrompts:
    """Prompts of one binary task: what the four zero-shot strategies compare."""

    positive: str
    normal: str
    subclasses: tuple[str, ...]
    enumeration: str

    @classmethod
    def from_dict(cls, data: dict, where: str) -> TaskPrompts:
        """Validate one YAML task entry; ``enumeration`` defaults to the sub-classes joined by commas."""
        missing = [k for k in ("positive", "normal", "subclasses") if not data.get(k)]
        if missing:
            raise ValueError(f"prompt file {where}: missing {missing}")
        subs = tuple(str(s) for s in data["subclasses"])
        return cls(
            positive=str(data["positive"]),
            normal=str(data["normal"]),
            subclasses=subs,
            enumeration=str(data.get("enumeration") or ", ".join(subs)),
        )


def _norm(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return "".join(c if c.isalnum() else "_" for c in text).strip("_")


def load_prompts(prompt_set: str, prompt_dir: Path | None = None) -> dict[str, TaskPrompts]:
    """All tasks of one prompt file, keyed by normalised task name; empty if the file does not exist."""
    for folder in (Path(prompt_dir) if prompt_dir else None, PROMPT_DIR):
        if folder is None:
            continue
        path = folder / f"{prompt_set}.yaml"
        if path.is_file():
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            tasks = data.get("tasks") or {}
            return {_norm(k): TaskPrompts.from_dict(v or {}, f"{path}:{k}") for k, v in tasks.items()}
    return {}


def prompts_for(prompt_set: str | None, task: str, prompt_dir: Path | None = None) -> TaskPrompts | None:
    """Prompts of ``task`` in ``prompt_set``; None when the file has no entry for it."""
    if not prompt_set:
        return None
    table = load_prompts(prompt_set, prompt_dir)
    key = _norm(task)
    if key in table:
        return table[key]
    return next((v for k, v in table.items() if k in key or key in k), None)
