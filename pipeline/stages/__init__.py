"""Stage registry: the order of `pipeline run`, the module behind each `--stage NAME`, and each stage's
declaration (what it reads, writes and depends on; see `pipeline.stage.Stage`).

Declarations live here, not in the stage modules, so that `pipeline status` can reason about every
stage without importing torch or an optional extra. The executor checks at run time that a stage
reads and writes exactly what it declares here.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType
from typing import Any

from pipeline.stage import HandOver, Pass, Stage, yaml_referenced_files

#: Stage name (CLI) -> module under pipeline.stages, in pipeline order.
STAGES: dict[str, str] = {
    "ingest": "ingest",
    "filter-images": "filter_images",
    "extract-reports": "extract_reports",
    "align": "align",
    "pseudonymize": "pseudonymize",
    "pseudo-label": "pseudo_label",
    "pretrain": "pretrain",
    "resize": "resize",
    "continue-pretrain": "continue_pretrain",
    "evaluate": "evaluate",
    "explain": "explain",
    "structure-reports": "structure_reports",
    "vqa": "vqa",
    "export": "export",
}

#: Code every data stage's output depends on besides its own module (table schemas, the shard writer's
#: table conversion).
_COMMON = ("pipeline.schemas",)


def _ingest_files(cfg: Any) -> dict[str, Path]:
    paths = cfg.paths
    return {label: p for label, p in (("report manifest", paths.report_manifest),
                                      ("image manifest", paths.image_manifest)) if p}


def _deduce_files(cfg: Any) -> dict[str, Path]:
    """The hospital's deduce_fr config and every lookup list it names (staff, referrers...)."""
    from deduce_fr.lookups import DATA_DIR  # stdlib-only import, no model

    config = cfg.pseudonymize.deduce_config
    if config is None:
        return {}  # the packaged config and lists are part of deduce_fr's code digest
    return yaml_referenced_files(Path(config), search=[DATA_DIR], label="deduce_fr config")


def _task_files(cfg: Any) -> dict[str, Path]:
    """Task/prompt YAML files given by path (built-in tasks are part of pipeline.labeling's code)."""
    files: dict[str, Path] = {}
    for ref in cfg.pseudo_label.tasks:
        path = Path(str(ref))
        if path.suffix.lower() in (".yaml", ".yml", ".json") or path.is_file():
            files.update(yaml_referenced_files(path, label=f"task file {path.name}"))
    return files


def _pseudo_label_config(cfg: Any) -> Any:
    # The split sizes belong to the `pseudo-label.split` pass: changing them must not relabel.
    return cfg.pseudo_label.model_copy(update={"test_size": 0, "val_size": 0})


def _pretrain_files(cfg: Any) -> dict[str, Path]:
    p = cfg.pretrain
    files = {}
    if p.text_model_path:
        files["text model folder"] = Path(p.text_model_path).expanduser()
    if p.init_checkpoint and Path(p.init_checkpoint).is_absolute():
        files["initial checkpoint"] = Path(p.init_checkpoint)
    return files


def _ocr_files(cfg: Any) -> dict[str, Path]:
    f = cfg.filter_images
    return {"EasyOCR weights": Path(f.easyocr_model_dir).expanduser()} if f.engine == "easyocr" else {}


def _filter_config(cfg: Any) -> Any:
    # Where the pixels are kept (keep_ingested_images) changes no decision: toggling it must not re-run OCR.
    return cfg.filter_images.model_dump(mode="json", exclude={"keep_ingested_images"})


def _continue_config(cfg: Any) -> Any:
    # continue-pretrain trains with the pretrain settings too: both sections, as the stage hashes them.
    return {"continue_pretrain": cfg.continue_pretrain.model_dump(mode="json"),
            "pretrain": cfg.pretrain.model_dump(mode="json")}


def _named_yaml(ref: str, label: str) -> dict[str, Path]:
    """A prompt/question/task file given by path (a built-in name is part of its package's code)."""
    path = Path(str(ref))
    if path.suffix.lower() in (".yaml", ".yml", ".json") or path.is_file():
        return yaml_referenced_files(path, label=f"{label} {path.name}")
    return {}


def _structure_files(cfg: Any) -> dict[str, Path]:
    files = _named_yaml(cfg.structure_reports.prompt, "prompt file")
    for ref in cfg.structure_reports.tasks:
        files.update(_named_yaml(ref, "task file"))
    return files


def _explain_files(cfg: Any) -> dict[str, Path]:
    boxes = cfg.explain.boxes_file
    return {"ground-truth boxes": Path(boxes)} if boxes else {}


DECLARATIONS: dict[str, Stage] = {
    s.name: s
    for s in (
        Stage("ingest", "ingest", inputs=(), outputs=("ingested_images", "image_ids", "raw_reports"),
              config_section="ingest", code=("pipeline.dicom", "pipeline.ids", "pipeline.isolation",
                                             "pipeline.source_manifest", "pydicom", *_COMMON),
              passes=(Pass("ingest.scan", (), ("dicom_uids",)),
                      Pass("ingest.index", ("image_ids", "raw_reports"), ("patients", "studies"))),
              files=_ingest_files, uses_vault_key=True),
        Stage("filter-images", "filter_images", inputs=("ingested_images",),
              outputs=("image_filter", "ocr_text", "images", "dropped_images"), config_section="filter_images",
              code=("pipeline.ocr", "rapidocr_onnxruntime", *_COMMON), files=_ocr_files, config=_filter_config,
              # each image stored once: the ingested part is released once its shard is committed
              hands_over=HandOver("ingested_images", ("images", "dropped_images"), "image_id")),
        Stage("extract-reports", "extract_reports", inputs=("raw_reports",), outputs=("report_text",),
              config_section="extract_reports", code=("pipeline.reports", "pipeline.isolation", "pdfminer", *_COMMON)),
        Stage("align", "align", inputs=("studies", "report_text", "raw_reports"), outputs=("pairs",),
              config_section="align", code=_COMMON),
        Stage("pseudonymize", "pseudonymize", inputs=("report_text", "patients", "studies", "pairs"),
              outputs=("reports", "date_shift"), config_section="pseudonymize",
              code=("deduce_fr", "pipeline.ids", *_COMMON), files=_deduce_files, uses_vault_key=True),
        Stage("pseudo-label", "pseudo_label", inputs=("reports",), outputs=("label_votes",),
              config_section="pseudo_label", code=("pipeline.labeling", "pipeline.yaml_files", *_COMMON),
              passes=(Pass("pseudo-label.split", ("label_votes",), ("labels",)),),
              files=_task_files, config=_pseudo_label_config),
        Stage("pretrain", "pretrain", inputs=("images", "image_filter", "reports", "labels"), outputs=(),
              config_section="pretrain", code=("pipeline.pretraining", "models", "open_clip", "timm", *_COMMON),
              files=_pretrain_files),
        Stage("resize", "resize", inputs=(), outputs=(), config_section="resize", code=("models",)),
        Stage("continue-pretrain", "continue_pretrain", inputs=("images", "image_filter", "reports", "labels"),
              outputs=(), config_section="continue_pretrain", config=_continue_config,
              code=("pipeline.pretraining", "models", "open_clip", "timm", *_COMMON)),
        Stage("evaluate", "evaluate", inputs=("images", "image_filter", "reports", "labels"), outputs=(),
              config_section="evaluate", code=("eval", "models", *_COMMON)),
        Stage("explain", "explain", inputs=("images", "image_filter", "labels"), outputs=(),
              config_section="explain", code=("explain", "eval", "models", *_COMMON), files=_explain_files),
        Stage("structure-reports", "structure_reports", inputs=("reports", "label_votes"),
              outputs=("structured_reports",), config_section="structure_reports",
              code=("pipeline.llm", "pipeline.labeling", "pipeline.vlm", "pipeline.yaml_files", *_COMMON), files=_structure_files),
        Stage("vqa", "vqa", inputs=("structured_reports",), outputs=("vqa",), config_section="vqa",
              code=("pipeline.vlm", "pipeline.yaml_files", *_COMMON), files=lambda cfg: _named_yaml(cfg.vqa.questions, "question file")),
        Stage("export", "export", inputs=("images", "structured_reports", "vqa", "labels"), outputs=(),
              config_section="export", code=("pipeline.vlm", *_COMMON)),
    )
}


def stage_module(name: str) -> ModuleType:
    """Import lazily: `pipeline status` must not pay for torch, and a missing optional extra must only
    break the stage that needs it."""
    if name not in STAGES:
        raise KeyError(f"unknown stage {name!r}; stages: {', '.join(STAGES)}")
    return importlib.import_module(f"pipeline.stages.{STAGES[name]}")


def declaration_of(name: str) -> tuple[Stage, Pass] | None:
    """The declaration of a stage or of one of its passes (`ingest.index`), with the pass itself."""
    for stage in DECLARATIONS.values():
        found = stage.pass_named(name)
        if found is not None:
            return stage, found
    return None
