"""Test helpers: a tiny random open_clip model and tiny images (imported by name from tests)."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import open_clip
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import torch
from PIL import Image

from eval.encoders import Encoder, from_open_clip


def tiny_clip(seed: int = 0) -> torch.nn.Module:
    """open_clip CLIP with built-in towers, tiny widths, image size 32, random init."""
    torch.manual_seed(seed)
    return open_clip.CLIP(
        embed_dim=32,
        vision_cfg={"layers": 1, "width": 32, "head_width": 16, "patch_size": 8, "image_size": 32},
        text_cfg={"context_length": 24, "vocab_size": 49408, "width": 32, "heads": 2, "layers": 1},
    ).eval()


def tiny_encoder(seed: int = 0, name: str = "tiny") -> Encoder:
    """Encoder adapter around :func:`tiny_clip` with open_clip's bundled BPE tokenizer (offline)."""
    tok = open_clip.tokenizer.SimpleTokenizer(context_length=24)
    return from_open_clip(name, tiny_clip(seed), tok)


def png_bytes(value: int, size: int = 40, mode: str = "L") -> bytes:
    """A small PNG whose brightness encodes ``value`` (so classes are separable)."""
    rng = np.random.default_rng(value)
    arr = np.clip(rng.normal(value, 20, size=(size, size)), 0, 255).astype(np.uint8)
    buf = io.BytesIO()
    Image.fromarray(arr, mode=mode).save(buf, format="PNG")
    return buf.getvalue()


def write_png(path: Path, value: int, size: int = 40) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(png_bytes(value, size))
    return path


def tiny_checkpoint(folder: Path, seed: int = 0) -> Path:
    """A real checkpoint directory of the models package (tiny config, random init, tokenizer trained here)."""
    import models

    texts = ["Fracture du radius distal déplacée.", "Pas de fracture visible.", "Arthrose fémoro-tibiale.",
             "Matériel d'ostéosynthèse en place.", "Radiographie normale du poignet gauche."] * 20
    tok = models.train_tokenizer(texts, folder / "tok", vocab_size=120)
    torch.manual_seed(seed)
    model, cfg = models.create_clip("tiny-vit-tiny-text", tokenizer_dir=tok)
    return models.save_checkpoint(model, cfg, folder / f"ckpt{seed}")


def write_ours(out: Path, n_studies: int = 12, images_per_study: int = 2) -> None:
    """A tiny copy of the pipeline's out/ tables: images, image_filter, reports, labels."""
    img, filt, rep, lab = [], [], [], []
    for s in range(n_studies):
        label = s % 2
        split = "test" if s >= n_studies // 2 else ("val" if s % 6 == 0 else "train")
        for k in range(images_per_study):
            iid = f"img{s:03d}_{k}"
            img.append({"image_id": iid, "study_id": f"st{s:03d}", "patient_pseudo_id": f"pt{s:03d}",
                        "image": {"bytes": png_bytes(40 + 150 * label + k), "path": f"{iid}.png"},
                        "body_part": "poignet" if s % 3 else "cheville", "laterality": "G"})
            filt.append({"image_id": iid, "kept": not (s == 1 and k == 1)})
        rep.append({"report_id": f"r{s}", "study_id": f"st{s:03d}", "patient_pseudo_id": f"pt{s:03d}",
                    "text": "Fracture du radius distal." if label else "Pas de fracture visible."})
        lab.append({"study_id": f"st{s:03d}", "patient_pseudo_id": f"pt{s:03d}", "task": "fracture",
                    "label": label, "kept": True, "split": split})
        lab.append({"study_id": f"st{s:03d}", "patient_pseudo_id": f"pt{s:03d}", "task": "arthrose",
                    "label": int(s % 3 == 0), "kept": s != 2, "split": split})
    for name, rows in (("images", img), ("image_filter", filt), ("reports", rep), ("labels", lab)):
        (out / name).mkdir(parents=True, exist_ok=True)
        pq.write_table(pa.Table.from_pylist(rows), out / name / "part-00000.parquet")


@pytest.fixture(scope="session", name="encoder")
def encoder_fixture() -> Encoder:
    """The tiny CLIP adapter shared by the tests of a session."""
    return tiny_encoder()


@pytest.fixture(autouse=True, name="one_torch_thread")
def one_torch_thread_fixture():
    """Tiny models run fastest on one thread (the test machine's 2 cores are shared); restored after."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)
