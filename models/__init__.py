"""CLIP pretraining library: open_clip model (timm ViT + HF text tower), tokenizers, losses, resize, training.

Public API: :func:`create_clip`, :func:`load_checkpoint` (-> :class:`LoadedClip`), :func:`save_checkpoint`,
:func:`register_checkpoint`, :func:`train_tokenizer`, :func:`clean_report_text`; submodules
``models.train`` (``train_clip``), ``models.data``, ``models.losses``, ``models.gradcache``,
``models.resize`` (``resize_checkpoint``), ``models.metrics``. Importing the package registers the
non-stock timm ViT names used by the bundled configs.
"""

from models.factory import (
    LoadedClip,
    create_clip,
    list_configs,
    load_checkpoint,
    load_model_config,
    read_train_state,
    register_checkpoint,
    save_checkpoint,
)
from models.timm_archs import ensure_timm_arch
from models.tokenizer import clean_report_text, train_tokenizer

for _name in list_configs():
    ensure_timm_arch(load_model_config(_name)["vision_cfg"]["timm_model_name"])

__all__ = [
    "LoadedClip",
    "clean_report_text",
    "create_clip",
    "ensure_timm_arch",
    "list_configs",
    "load_checkpoint",
    "load_model_config",
    "read_train_state",
    "register_checkpoint",
    "save_checkpoint",
    "train_tokenizer",
]
