"""CLIP pretraining library: open_clip model (timm ViT + HF text tower), tokenizers, losses, resize, training.

Public API: :func:`create_clip`, :func:`load_checkpoint` (-> :class:`LoadedClip`), :func:`save_checkpoint`,
:func:`register_checkpoint`, :func:`train_tokenizer`, :func:`clean_report_text`; submodules
``models.train`` (``train_clip``), ``models.settings`` (``TrainSettings``, torch-free), ``models.data``,
``models.losses``, ``models.gradcache``, ``models.resize`` (``resize_checkpoint``), ``models.metrics``.
The names are imported lazily, so ``models.settings`` (read by the pipeline's config) costs no torch;
importing ``models.factory`` registers the non-stock timm ViT names used by the bundled configs.
"""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {
    "LoadedClip": "models.factory",
    "create_clip": "models.factory",
    "list_configs": "models.factory",
    "load_checkpoint": "models.factory",
    "load_model_config": "models.factory",
    "read_train_state": "models.factory",
    "register_checkpoint": "models.factory",
    "save_checkpoint": "models.factory",
    "ensure_timm_arch": "models.timm_archs",
    "clean_report_text": "models.tokenizer",
    "train_tokenizer": "models.tokenizer",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(importlib.import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'models' has no attribute {name!r}")
