"""Toy radiograph-report records (bright bone bars, a dark fracture line, French report sentences).

Used by the model tests, ``bench/pretrain.py`` and smoke runs, so models/ can be exercised without
the synthetic hospital of pipeline/ (which it must not import). Fracture visibility is by construction,
so a working CLIP learns it in a few CPU minutes.
"""

from __future__ import annotations

import io
from typing import Any

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

BODY_PARTS = ["main", "poignet", "coude", "épaule", "genou", "cheville", "pied", "hanche", "rachis"]
_SIDES = ["droit", "gauche"]


def toy_image(rng: np.random.Generator, fracture: bool, size: int = 128, n_bars: int | None = None) -> bytes:
    """PNG bytes of a grey radiograph-like image; ``fracture`` draws a dark line across one bone."""
    img = Image.new("L", (size, size), int(rng.integers(10, 50)))
    draw = ImageDraw.Draw(img)
    n = n_bars or int(rng.integers(1, 3))
    bars = []
    for _ in range(n):
        cx, cy = rng.uniform(0.3, 0.7, 2) * size
        angle = rng.uniform(0, np.pi)
        half, width = rng.uniform(0.3, 0.45) * size, rng.uniform(0.08, 0.14) * size
        dx, dy = np.cos(angle) * half, np.sin(angle) * half
        draw.line([(cx - dx, cy - dy), (cx + dx, cy + dy)], fill=int(rng.integers(170, 230)), width=int(width))
        bars.append((cx, cy, angle, width))
    if fracture:
        cx, cy, angle, width = bars[0]
        t = rng.uniform(-0.2, 0.2) * size
        px, py = cx + np.cos(angle) * t, cy + np.sin(angle) * t
        nx, ny = -np.sin(angle) * width, np.cos(angle) * width
        draw.line([(px - nx, py - ny), (px + nx, py + ny)], fill=int(rng.integers(0, 30)), width=max(2, size // 40))
    img = img.filter(ImageFilter.GaussianBlur(0.6))
    arr = np.asarray(img, dtype=np.float32) + rng.normal(0, 6, (size, size))
    buf = io.BytesIO()
    Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8)).save(buf, format="PNG")
    return buf.getvalue()


def toy_report(rng: np.random.Generator, part: str, fracture: bool) -> str:
    """A short French report; the conclusion states fracture or not."""
    side = _SIDES[int(rng.integers(2))]
    intro = f"Radiographie {'du' if part[0] not in 'aeéiou' else 'de l’'} {part} {side}, face et profil."
    body = rng.choice(["Minéralisation normale.", "Pas d'épanchement articulaire.", "Parties molles sans particularité."])
    if fracture:
        concl = rng.choice(
            ["Fracture non déplacée.", "Trait de fracture visible.", "Conclusion : fracture récente."]
        )
    else:
        concl = rng.choice(["Pas de fracture.", "Absence de lésion osseuse traumatique.", "Conclusion : examen normal."])
    return f"{intro}\n{body}\n{concl}"


def toy_records(n: int, seed: int = 0, size: int = 128, fracture_rate: float = 0.4, max_images: int = 3) -> list[dict[str, Any]]:
    """``n`` study records ``{study_id, images, text, label_fracture, body_part}``."""
    rng = np.random.default_rng(seed)
    records = []
    for i in range(n):
        fracture = bool(rng.random() < fracture_rate)
        part = BODY_PARTS[int(rng.integers(len(BODY_PARTS)))]
        images = [toy_image(rng, fracture, size) for _ in range(int(rng.integers(1, max_images + 1)))]
        records.append(
            {
                "study_id": f"S{seed}-{i:05d}",
                "images": images,
                "text": toy_report(rng, part, fracture),
                "label_fracture": int(fracture),
                "body_part": part,
            }
        )
    return records
