"""Pipeline configuration: one YAML file, validated by pydantic, one section per stage.

Every default lives in a pydantic field with a description, so
`pipeline config --defaults` prints the whole documented default file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, get_args, get_origin

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from pipeline.configs.align import AlignConfig
from pipeline.configs.continue_pretrain import ContinuePretrainConfig
from pipeline.configs.evaluate import EvaluateConfig
from pipeline.configs.explain import ExplainConfig
from pipeline.configs.export import ExportConfig
from pipeline.configs.extract_reports import ExtractReportsConfig
from pipeline.configs.filter_images import FilterImagesConfig
from pipeline.configs.ingest import IngestConfig
from pipeline.configs.pretrain import PretrainConfig
from pipeline.configs.pseudo_label import PseudoLabelConfig
from pipeline.configs.pseudonymize import PseudonymizeConfig
from pipeline.configs.resize import ResizeConfig
from pipeline.configs.structure_reports import StructureReportsConfig
from pipeline.configs.vqa import VqaConfig


class ConfigError(ValueError):
    """A config problem, worded for a data engineer in one line."""


class PathsConfig(BaseModel):
    """Where the hospital's data is read and where the two output trees go."""

    model_config = ConfigDict(extra="forbid")

    dicom_dir: Path | None = Field(None, description="Root of the DICOM/PNG/JPEG tree exported from the PACS.")
    pdf_dir: Path | None = Field(None, description="Root of the PDF report tree exported from the RIS.")
    report_manifest: Path | None = Field(
        None,
        description="CSV linking PDFs to patients: path, patient_id, report_datetime (ISO), report_type, "
        "accession_number. A relative path is relative to this CSV's folder; the file must lie inside pdf_dir. "
        "Comma, semicolon or tab separated; encodings in ingest.manifest_encodings.",
    )
    image_manifest: Path | None = Field(
        None,
        description="CSV for plain PNG/JPEG files: path, patient_id, study_uid, study_datetime, body_part, laterality. "
        "Paths as in report_manifest (relative to this CSV's folder; the file must lie inside dicom_dir).",
    )
    out_dir: Path = Field(Path("out"), description="De-identified outputs (may leave the clinical network).")
    vault_dir: Path = Field(Path("vault"), description="Linkage and PHI; created with owner-only permissions.")


class RunConfig(BaseModel):
    """Execution options shared by every stage."""

    model_config = ConfigDict(extra="forbid")

    workers: int = Field(1, ge=1, description="Worker processes per stage (CLI --workers overrides).")
    shard_size: int = Field(256, ge=1, description="Work items per shard: the unit of atomic write and resume.")
    seed: int = Field(0, description="Seed of every random choice (ids, surrogates, sampling, training).")


class PipelineConfig(BaseModel):
    """The whole configuration; YAML keys are the field names below."""

    model_config = ConfigDict(extra="forbid")

    paths: PathsConfig = Field(default_factory=PathsConfig)
    run: RunConfig = Field(default_factory=RunConfig)
    ingest: IngestConfig = Field(default_factory=IngestConfig)
    filter_images: FilterImagesConfig = Field(default_factory=FilterImagesConfig)
    extract_reports: ExtractReportsConfig = Field(default_factory=ExtractReportsConfig)
    align: AlignConfig = Field(default_factory=AlignConfig)
    pseudonymize: PseudonymizeConfig = Field(default_factory=PseudonymizeConfig)
    pseudo_label: PseudoLabelConfig = Field(default_factory=PseudoLabelConfig)
    pretrain: PretrainConfig = Field(default_factory=PretrainConfig)
    resize: ResizeConfig = Field(default_factory=ResizeConfig)
    continue_pretrain: ContinuePretrainConfig = Field(default_factory=ContinuePretrainConfig)
    evaluate: EvaluateConfig = Field(default_factory=EvaluateConfig)
    explain: ExplainConfig = Field(default_factory=ExplainConfig)
    structure_reports: StructureReportsConfig = Field(default_factory=StructureReportsConfig)
    vqa: VqaConfig = Field(default_factory=VqaConfig)
    export: ExportConfig = Field(default_factory=ExportConfig)


def _resolve_paths(cfg: PipelineConfig, base: Path) -> PipelineConfig:
    """Relative paths in a config file are relative to that file, not to the shell's cwd."""
    updates: dict[str, Any] = {}
    for name, value in cfg.paths:
        if isinstance(value, Path) and not value.is_absolute():
            updates[name] = (base / value).resolve()
    return cfg.model_copy(update={"paths": cfg.paths.model_copy(update=updates)})


def _format_error(err: ValidationError) -> str:
    first = err.errors()[0]
    loc = ".".join(str(p) for p in first["loc"]) or "<root>"
    msg = first["msg"]
    if first["type"] == "extra_forbidden":
        msg = "unknown key"
    more = f" (and {err.error_count() - 1} more)" if err.error_count() > 1 else ""
    return f"config error at '{loc}': {msg}{more}"


def config_from_dict(data: dict[str, Any], base: Path | None = None) -> PipelineConfig:
    try:
        cfg = PipelineConfig.model_validate(data or {})
    except ValidationError as err:
        raise ConfigError(_format_error(err)) from None
    return _resolve_paths(cfg, base or Path.cwd())


def load_config(path: Path | str) -> PipelineConfig:
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"config error: file not found: {path}")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        raise ConfigError(f"config error: {path} is not valid YAML ({str(err).splitlines()[0]})") from None
    if data is not None and not isinstance(data, dict):
        raise ConfigError(f"config error: {path} must hold a mapping of sections")
    return config_from_dict(data or {}, base=path.parent.resolve())


def dump_config(cfg: PipelineConfig) -> str:
    return yaml.safe_dump(cfg.model_dump(mode="json"), sort_keys=False, allow_unicode=True)


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if _is_model(annotation):
        return annotation
    if get_origin(annotation) is not None:
        for arg in get_args(annotation):
            if _is_model(arg):
                return arg
    return None


def documented_defaults(model: type[BaseModel] | None = None, indent: int = 0) -> str:
    """YAML of every default with its description as a comment: the one place defaults are documented."""
    model = model or PipelineConfig
    pad = " " * indent
    lines: list[str] = []
    instance = model()
    for name, field in model.model_fields.items():
        sub = _model_in(field.annotation)
        value = getattr(instance, name)
        if field.description:
            for line in field.description.splitlines():
                lines.append(f"{pad}# {line}")
        if sub is not None and isinstance(value, BaseModel):
            doc = (sub.__doc__ or "").strip().splitlines()
            if doc and not field.description:
                lines.append(f"{pad}# {doc[0]}")
            lines.append(f"{pad}{name}:")
            body = documented_defaults(sub, indent + 2)
            lines.append(body if body.strip() else f"{pad}  {{}}")
        else:
            # JSON is valid YAML and keeps one line per key.
            lines.append(f"{pad}{name}: {json.dumps(_jsonable(value), ensure_ascii=False)}")
    return "\n".join(lines)


def _jsonable(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value
