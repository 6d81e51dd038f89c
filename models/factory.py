"""Model construction and checkpoints: open_clip CustomTextCLIP = timm ViT + Hugging Face text tower.

A library config (``models/model_configs/<name>.json``) is an open_clip model config plus two optional
keys that this module consumes: ``preprocess_cfg`` (open_clip's, mean .5 / std .25 as in the reference)
and ``hf_text_config`` (kwargs of a random-initialised ``XLMRobertaConfig`` for offline tiny models).

A checkpoint is a directory that plain open_clip loads::

    open_clip_config.json        {"model_cfg": ..., "preprocess_cfg": ...}
    open_clip_model.safetensors  weights
    tokenizer/                   HF tokenizer files + the text tower's config.json
    tokenizer files (copy)       so open_clip.get_tokenizer('local-dir:<ckpt>') finds them
    train_state.json             epoch, step, metrics

``text_cfg.hf_model_name`` points at ``<ckpt>/tokenizer`` (absolute path, rewritten by
:func:`load_checkpoint` when the directory moved). Non-stock timm names (``hvlp_vit_*``) are registered
by ``import models``; call :func:`register_checkpoint` before using plain open_clip on such a checkpoint.

The pre-projection image feature (the ViT's normalised CLS token) is ``model.visual.trunk(x)``;
``model.visual.head`` is the linear projection to ``embed_dim``.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import open_clip
import torch
from open_clip.transform import PreprocessCfg, image_transform_v2

from models.timm_archs import ensure_timm_arch, resized_arch_name

CONFIG_DIR = Path(__file__).parent / "model_configs"
CONFIG_FILE = "open_clip_config.json"
WEIGHTS_FILE = "open_clip_model.safetensors"
TOKENIZER_DIR = "tokenizer"
TRAIN_STATE_FILE = "train_state.json"
_EXTRA_KEYS = ("preprocess_cfg", "hf_text_config")


def list_configs() -> list[str]:
    """Names of the bundled model configs."""
    return sorted(p.stem for p in CONFIG_DIR.glob("*.json"))


def load_model_config(name_or_path: str | Path) -> dict[str, Any]:
    """A library config by bundled name, JSON path, or checkpoint directory (its ``model_cfg``)."""
    path = Path(name_or_path)
    if path.is_dir():
        data = json.loads((path / CONFIG_FILE).read_text())
        cfg = copy.deepcopy(data["model_cfg"])
        cfg["preprocess_cfg"] = data.get("preprocess_cfg", {})
        return cfg
    if path.suffix != ".json":
        path = CONFIG_DIR / f"{name_or_path}.json"
    if not path.is_file():
        raise FileNotFoundError(f"model config {name_or_path!r} not found (bundled: {list_configs()})")
    return json.loads(path.read_text())


def _split_config(cfg: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any] | None]:
    model_cfg = {k: copy.deepcopy(v) for k, v in cfg.items() if k not in _EXTRA_KEYS}
    pp = dict(cfg.get("preprocess_cfg") or {})
    pp.setdefault("size", model_cfg["vision_cfg"].get("image_size", 224))
    return model_cfg, pp, cfg.get("hf_text_config")


def prepare_text_tower_dir(hf_text_config: dict[str, Any], tokenizer_dir: str | Path) -> Path:
    """Write a random-init XLM-R config matching the tokenizer into ``tokenizer_dir`` (config.json).

    The directory then serves as ``hf_model_name`` (config) and ``hf_tokenizer_name`` (tokenizer) for
    open_clip's HF text tower without any download.
    """
    from transformers import AutoConfig, AutoTokenizer

    tok_dir = Path(tokenizer_dir)
    tok = AutoTokenizer.from_pretrained(str(tok_dir))
    kwargs = dict(hf_text_config)
    model_type = kwargs.pop("model_type", "xlm-roberta")
    context = int(kwargs.pop("context_length", 64))
    kwargs.setdefault("max_position_embeddings", context + 2)  # RoBERTa positions start at pad_id + 1
    conf = AutoConfig.for_model(
        model_type,
        vocab_size=len(tok),
        pad_token_id=tok.pad_token_id,
        bos_token_id=tok.bos_token_id,
        eos_token_id=tok.eos_token_id,
        **kwargs,
    )
    conf.save_pretrained(str(tok_dir))
    return tok_dir


def create_clip(
    config_name_or_path: str | Path,
    tokenizer_dir: str | Path | None = None,
    pretrained_image: bool = False,
    pretrained_text: bool = False,
    text_model_path: str | Path | None = None,
    image_size: int | None = None,
    patch_size: int | None = None,
    model_overrides: dict[str, Any] | None = None,
    device: str | torch.device = "cpu",
) -> tuple[open_clip.CustomTextCLIP, dict[str, Any]]:
    """Build the CLIP model of a library config; return ``(model, resolved library config)``.

    ``tokenizer_dir``: trained tokenizer for configs with ``hf_text_config`` (random-init text tower);
    ``text_model_path``: local dir/HF-cache name of a real text model overriding ``hf_model_name``;
    ``pretrained_image``/``pretrained_text``: load ImageNet / HF weights into the towers (local cache only);
    ``image_size``/``patch_size``: build the ViT at another resolution (no weight resampling: see resize).
    The resolved config is what :func:`save_checkpoint` stores.
    """
    cfg = load_model_config(config_name_or_path)
    model_cfg, pp, hf_text_config = _split_config(cfg)
    vision, text = model_cfg["vision_cfg"], model_cfg["text_cfg"]
    text.setdefault("context_length", 77)
    if hf_text_config is not None:
        if tokenizer_dir is None:
            raise ValueError("this config has a random-init text tower: pass tokenizer_dir (train_tokenizer)")
        hf_text_config = {**hf_text_config, "context_length": text["context_length"]}
        tower_dir = str(prepare_text_tower_dir(hf_text_config, tokenizer_dir).resolve())
        text["hf_model_name"] = text["hf_tokenizer_name"] = tower_dir
        pretrained_text = False
    else:
        if text_model_path is not None:
            text["hf_model_name"] = str(text_model_path)
        if tokenizer_dir is not None:
            text["hf_tokenizer_name"] = str(tokenizer_dir)
        elif text_model_path is not None:
            text["hf_tokenizer_name"] = str(text_model_path)
    if image_size is not None or patch_size is not None:
        size = image_size or int(vision["image_size"])
        vision["timm_model_name"] = resized_arch_name(vision["timm_model_name"], size, patch_size)
        vision["image_size"] = pp["size"] = size
    ensure_timm_arch(vision["timm_model_name"])
    vision["timm_model_pretrained"] = bool(pretrained_image)
    text["hf_model_pretrained"] = bool(pretrained_text)
    model_cfg.update(model_overrides or {})
    model = open_clip.CustomTextCLIP(**copy.deepcopy(model_cfg))
    vision["timm_model_pretrained"] = False
    text["hf_model_pretrained"] = False
    open_clip.model.set_model_preprocess_cfg(model, {**asdict_pp(pp)})
    model.to(device)
    resolved = {**model_cfg, "preprocess_cfg": pp}
    if hf_text_config is not None:
        resolved["hf_text_config"] = hf_text_config
    return model, resolved


def asdict_pp(pp: dict[str, Any]) -> dict[str, Any]:
    """open_clip's full preprocess dict (defaults filled in) from a partial one."""
    from dataclasses import asdict

    return asdict(PreprocessCfg(**{k: tuple(v) if isinstance(v, list) else v for k, v in pp.items()}))


def _copy_text_tower(tokenizer_src: str, model_src: str, dst: Path) -> None:
    """Copy the tokenizer files and the text tower's config.json into ``dst`` (weights are in the CLIP file).

    Each comes from its own source: a tokenizer folder (``tokenizer_dir``) need not hold a model config,
    and a text model folder (``text_model_path``) need not be where the tokenizer is.
    """
    from transformers import AutoConfig, AutoTokenizer

    dst.mkdir(parents=True, exist_ok=True)
    AutoTokenizer.from_pretrained(tokenizer_src).save_pretrained(str(dst))
    AutoConfig.from_pretrained(model_src).save_pretrained(str(dst))


def save_checkpoint(
    model: torch.nn.Module,
    config: dict[str, Any],
    out_dir: str | Path,
    train_state: dict[str, Any] | None = None,
    extra_files: dict[str, Callable[[Path], None]] | None = None,
) -> Path:
    """Write a checkpoint directory atomically (temp dir + rename); return its path.

    ``config`` is the resolved library config returned by :func:`create_clip`; ``extra_files`` maps a
    file name to a writer (used by the trainer for optimizer state in ``last``).
    """
    from safetensors.torch import save_file

    out = Path(out_dir).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        model_cfg, pp, _ = _split_config(config)
        text = model_cfg["text_cfg"]
        tokenizer_src = text["hf_tokenizer_name"] or text["hf_model_name"]
        _copy_text_tower(tokenizer_src, text["hf_model_name"], tmp / TOKENIZER_DIR)
        for f in (tmp / TOKENIZER_DIR).iterdir():
            if f.name != "config.json":
                shutil.copy2(f, tmp / f.name)
        text["hf_model_name"] = text["hf_tokenizer_name"] = str(out / TOKENIZER_DIR)
        text["hf_model_pretrained"] = False
        model_cfg["vision_cfg"]["timm_model_pretrained"] = False
        (tmp / CONFIG_FILE).write_text(
            json.dumps({"model_cfg": model_cfg, "preprocess_cfg": asdict_pp(pp)}, indent=2) + "\n"
        )
        unwrapped = getattr(model, "module", model)
        state = {k: v.detach().to("cpu").contiguous() for k, v in unwrapped.state_dict().items()}
        save_file(state, str(tmp / WEIGHTS_FILE))
        (tmp / TRAIN_STATE_FILE).write_text(json.dumps(train_state or {}, indent=2, default=float) + "\n")
        for name, writer in (extra_files or {}).items():
            writer(tmp / name)
        old = None
        if out.exists():
            old = out.with_name(f".{out.name}.old")
            if old.exists():
                shutil.rmtree(old)
            os.replace(out, old)
        os.replace(tmp, out)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out


@dataclass
class LoadedClip:
    """A checkpoint ready for inference: model (eval mode), val transform, tokenizer, config, image size."""

    model: open_clip.CustomTextCLIP
    preprocess: Callable[[Any], torch.Tensor]
    tokenizer: Callable[[list[str]], torch.Tensor]
    config: dict[str, Any]
    image_size: int


def _localise(path: Path) -> dict[str, Any]:
    data = json.loads((path / CONFIG_FILE).read_text())
    text = data["model_cfg"]["text_cfg"]
    if (path / TOKENIZER_DIR).is_dir():
        text["hf_model_name"] = text["hf_tokenizer_name"] = str((path / TOKENIZER_DIR).resolve())
    text["hf_model_pretrained"] = False
    data["model_cfg"]["vision_cfg"]["timm_model_pretrained"] = False
    ensure_timm_arch(data["model_cfg"]["vision_cfg"]["timm_model_name"])
    return data


def register_checkpoint(path: str | Path, name: str | None = None) -> str:
    """Make a checkpoint usable by plain open_clip: register its timm arch and its config name.

    Returns the name to pass to ``open_clip.create_model_and_transforms(name, pretrained=<weights>)``;
    ``'local-dir:<path>'`` works as well once the timm arch is registered.
    """
    path = Path(path)
    data = _localise(path)
    name = name or f"hvlp-{path.resolve().name}"
    cfg_file = Path(tempfile.mkdtemp(prefix="hvlp_cfg_")) / f"{name}.json"
    cfg_file.write_text(json.dumps(data["model_cfg"]))
    open_clip.add_model_config(cfg_file)
    return name


def weights_path(path: str | Path) -> Path:
    """The weights file of a checkpoint directory (safetensors preferred, .pt accepted)."""
    path = Path(path)
    for candidate in (WEIGHTS_FILE, "open_clip_model.pt", "open_clip_pytorch_model.bin"):
        if (path / candidate).is_file():
            return path / candidate
    raise FileNotFoundError(f"no weights file in checkpoint {path}")


def load_checkpoint(path: str | Path, device: str | torch.device = "cpu") -> LoadedClip:
    """Load a checkpoint directory for inference (eval mode, val transform, tokenizer)."""
    from open_clip.tokenizer import HFTokenizer

    path = Path(path)
    data = _localise(path)
    model = open_clip.CustomTextCLIP(**copy.deepcopy(data["model_cfg"]))
    open_clip.load_checkpoint(model, str(weights_path(path)), strict=True)
    pp = asdict_pp(data.get("preprocess_cfg") or {"size": data["model_cfg"]["vision_cfg"]["image_size"]})
    open_clip.model.set_model_preprocess_cfg(model, pp)
    model.to(device).eval()
    text = data["model_cfg"]["text_cfg"]
    tokenizer = HFTokenizer(text["hf_tokenizer_name"], context_length=text.get("context_length", 77))
    preprocess = image_transform_v2(PreprocessCfg(**pp), is_train=False)
    size = pp["size"]
    image_size = int(size if isinstance(size, int) else size[0])
    config = {**data["model_cfg"], "preprocess_cfg": pp}
    return LoadedClip(model=model, preprocess=preprocess, tokenizer=tokenizer, config=config, image_size=image_size)


def read_train_state(path: str | Path) -> dict[str, Any]:
    """The ``train_state.json`` of a checkpoint ({} when absent)."""
    f = Path(path) / TRAIN_STATE_FILE
    return json.loads(f.read_text()) if f.is_file() else {}


def register_text_archs() -> None:
    """Teach open_clip's HF text tower the encoders it does not list (LUKE for MLUKE; CamemBERT): their
    config names are RoBERTa's (DrBERT itself is a RoBERTa, already known)."""
    from open_clip.hf_configs import arch_dict

    for model_type in ("luke", "camembert"):
        arch_dict.setdefault(model_type, copy.deepcopy(arch_dict["roberta"]))


register_text_archs()
# The bundled configs use non-stock timm ViT names (hvlp_vit_*): register them once the factory is loaded.
for _name in list_configs():
    ensure_timm_arch(load_model_config(_name)["vision_cfg"]["timm_model_name"])
