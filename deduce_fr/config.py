"""Validation of the deduce_fr YAML config: an unknown key or a wrong type is a one-line error.

Hospital configs are the documented way to extend deduce_fr, so a typo there (``paterns:`` for
``patterns:``) must stop the run, not load an annotator that silently finds nothing. Every
annotator's accepted keys and their types are read from its constructor's signature, so a new
parameter needs no second declaration here.
"""

from __future__ import annotations

import inspect
import typing
from functools import cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from deduce_fr.annotators import ANNOTATOR_TYPES, Annotator
from deduce_fr.types import TAGS

FileList = str | list[str]


class ConfigError(ValueError):
    """A deduce_fr config that cannot be used; the message is one line naming the bad key."""


class LookupsConfig(BaseModel):
    """Lookup list files (names relative to the config's folder, else the package data)."""

    model_config = ConfigDict(extra="forbid")

    first_names: FileList = []
    surnames: FileList = []
    cities: FileList = []
    ambiguous_cities: FileList = []
    stopwords: FileList = []
    common_words: FileList = []
    function_words: FileList = []
    medical: FileList = []
    eponyms: FileList = []
    institutions: FileList = []
    hospital_names: FileList = []
    extra_persons: FileList = []
    extra_institutions: FileList = []


class InstitutionHeadsConfig(BaseModel):
    """Post-resolution merging of organisation head phrases and towns into INSTITUTION spans."""

    model_config = ConfigDict(extra="forbid")

    enabled: bool = False
    heads: list[str] = []
    max_words: int = 4
    bare_heads_refused: list[str] = []
    join_towns: bool | list[str] = True  # a list: the town joins after those heads only


class DeidConfig(BaseModel):
    """The whole file: lookups, tag priority and the annotators (each checked by :func:`annotator_model`)."""

    model_config = ConfigDict(extra="forbid")

    lookups: LookupsConfig = Field(default_factory=LookupsConfig)
    tag_priority: list[typing.Literal[TAGS]] = list(TAGS)  # type: ignore[valid-type]
    annotators: list[dict[str, Any]] = []
    institution_heads: InstitutionHeadsConfig = Field(default_factory=InstitutionHeadsConfig)


@cache
def annotator_model(kind: str) -> type[BaseModel]:
    """A strict pydantic model of one annotator type's keys, built from its ``__init__`` signature."""
    cls = ANNOTATOR_TYPES[kind]
    fields: dict[str, Any] = {"type": (typing.Literal[kind], ...), "name": (str, "")}
    for klass in (cls, Annotator):
        hints = typing.get_type_hints(klass.__init__)
        for pname, param in inspect.signature(klass.__init__).parameters.items():
            if pname == "self" or param.kind in (param.VAR_KEYWORD, param.VAR_POSITIONAL) or pname in fields:
                continue
            default = ... if param.default is param.empty else param.default
            if pname == "tag":
                fields[pname] = (typing.Literal[TAGS], ... if default in (..., "") else default)  # type: ignore[valid-type]
            else:
                fields[pname] = (hints.get(pname, Any), default)
    return create_model(f"{cls.__name__}Config", __config__=ConfigDict(extra="forbid"), **fields)


def _where(loc: tuple[Any, ...]) -> str:
    loc = tuple(p for p in loc if p not in ("str", "list[str]"))  # the members of a 'str | list[str]' union
    return ".".join(f"[{p}]" if isinstance(p, int) else str(p) for p in loc).replace(".[", "[")


def _first_error(exc: ValidationError, prefix: str) -> str:
    err = exc.errors()[0]
    where = _where((prefix, *err["loc"]) if prefix else err["loc"])
    if err["type"] == "extra_forbidden":
        return f"unknown key {where!r}"
    if err["type"] == "missing":
        return f"missing key {where!r}"
    return f"{where}: {err['msg']} (got {err.get('input')!r})"


def validate_config(cfg: Any, source: str = "deduce_fr config") -> dict[str, Any]:
    """Check a parsed config; return it as plain data, or raise :class:`ConfigError` (one line)."""
    if not isinstance(cfg, dict):
        raise ConfigError(f"{source}: expected a mapping at the top, got {type(cfg).__name__}")
    try:
        top = DeidConfig.model_validate(cfg)
    except ValidationError as exc:
        raise ConfigError(f"{source}: {_first_error(exc, '')}") from None
    for k, spec in enumerate(top.annotators):
        label = f"annotators[{k}]" + (f" ({spec['name']})" if isinstance(spec.get("name"), str) else "")
        kind = spec.get("type")
        if kind not in ANNOTATOR_TYPES:
            raise ConfigError(f"{source}: {label}: unknown annotator type {kind!r} "
                              f"(one of {', '.join(sorted(ANNOTATOR_TYPES))})")
        try:
            annotator_model(kind).model_validate(spec)
        except ValidationError as exc:
            raise ConfigError(f"{source}: {label}: {_first_error(exc, '')}") from None
        if kind == "regex" and not (spec.get("pattern") or spec.get("patterns")):
            raise ConfigError(f"{source}: {label}: a regex annotator needs 'pattern' or 'patterns'")
    data = top.model_dump()
    data["lookups"] = {k: v for k, v in data["lookups"].items() if v != []}
    return data
