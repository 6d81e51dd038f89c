"""Procedural radiograph pixels: body-part-specific bone layouts, fractures, burned-in text.

Images are drawn in a normalised display space (0 = air/black, 1 = dense/white,
as on a MONOCHROME2 screen) on a small work canvas, smoothed, upsampled to the
requested shape and given noise. The layout of bones differs strongly between
body parts and a fracture is a thick, very dark band cutting the main bone
(plus an offset of the distal fragment when displaced), so that a tiny CLIP
trained for minutes on 64-96 px thumbnails can learn both signals.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from PIL import Image, ImageDraw, ImageFont

BODY_PARTS = ("HAND", "WRIST", "ELBOW", "SHOULDER", "HIP", "KNEE", "ANKLE", "FOOT", "SPINE")

AIR, TISSUE, SWELLING, BONE, MEDULLA, CALLUS, METAL, CRACK = 0.06, 0.34, 0.55, 0.86, 0.68, 0.97, 1.0, 0.0
WORK_SIDE = 256
#: Extra attenuation of a plaster cast (a confounder of fracture with a known box, for saliency audits).
CAST = 0.16


@dataclass
class Seg:
    """A long bone: thick segment with cortex and medulla; `frac` marks the fracture candidate."""

    x0: float
    y0: float
    x1: float
    y1: float
    w: float
    frac: bool = False


@dataclass
class Blob:
    """A compact bone (carpal, patella, femoral head...) as an ellipse."""

    cx: float
    cy: float
    rx: float
    ry: float
    angle: float = 0.0
    value: float = BONE


@dataclass
class Poly:
    pts: list[tuple[float, float]]
    value: float = BONE


@dataclass
class Layout:
    tissue: list  # Seg (drawn wide) / Blob / Poly shapes of soft tissue
    bones: list  # Seg / Blob / Poly


def _fan(cx: float, cy: float, n: int, spread: float, lengths: list[float], widths: list[float],
         start: float, gap: float, rng: np.random.Generator, up: bool = True) -> list[Seg]:
    """Rays of segmented bones (metacarpals/metatarsals + phalanges) fanning out from a base."""
    segs: list[Seg] = []
    for i in range(n):
        ang = math.radians(-spread / 2 + spread * i / max(n - 1, 1)) + rng.normal(0, 0.03)
        dx, dy = math.sin(ang), (-math.cos(ang) if up else math.cos(ang))
        r = start
        for k, (ln, w) in enumerate(zip(lengths, widths)):
            ln = ln * (0.9 + 0.2 * rng.random())
            x0, y0 = cx + dx * r, cy + dy * r
            x1, y1 = cx + dx * (r + ln), cy + dy * (r + ln)
            segs.append(Seg(x0, y0, x1, y1, w, frac=(k == 0 and 1 <= i <= n - 2)))
            r += ln + gap
    return segs


def layout_for(body_part: str, lateral: bool, rng: np.random.Generator) -> Layout:
    """Bone and soft-tissue shapes of one view, in unit coordinates (x right, y down)."""

    def j(scale: float = 0.02) -> float:
        """Small random offset so that no two views share exact bone positions."""
        return float(rng.normal(0, scale))

    if body_part == "HAND":
        rays = _fan(0.5, 0.66, 4, 36, [0.22, 0.13, 0.08, 0.06], [0.055, 0.045, 0.04, 0.035], 0.04, 0.018, rng)
        thumb = _fan(0.36, 0.70, 1, 0, [0.14, 0.10, 0.07], [0.06, 0.05, 0.045], 0.0, 0.02, rng)
        for s in thumb:  # rotate the thumb outwards
            for attr_x, attr_y in (("x0", "y0"), ("x1", "y1")):
                x, y = getattr(s, attr_x) - 0.36, getattr(s, attr_y) - 0.70
                c, si = math.cos(-0.8), math.sin(-0.8)
                setattr(s, attr_x, 0.36 + c * x - si * y)
                setattr(s, attr_y, 0.70 + si * x + c * y)
        carpals = [Blob(0.42 + 0.055 * (k % 4), 0.71 + 0.05 * (k // 4), 0.03, 0.025, j(0.3)) for k in range(8)]
        bones = [*rays, *thumb, *carpals, Seg(0.44, 1.05, 0.45, 0.80, 0.09), Seg(0.58, 1.05, 0.57, 0.82, 0.06)]
        tissue = [Seg(s.x0, s.y0, s.x1, s.y1, s.w * 2.6) for s in rays + thumb] + [Blob(0.5, 0.76, 0.2, 0.17)]
        tissue.append(Seg(0.5, 0.8, 0.5, 1.1, 0.3))
        return Layout(tissue, bones)
    if body_part == "WRIST":
        off = 0.04 if lateral else 0.0
        bones = [
            Seg(0.40 + off, 1.1, 0.42 + off, 0.56, 0.15, frac=True), Seg(0.64 - off, 1.1, 0.62 - off, 0.60, 0.08, frac=True),
            *[Blob(0.38 + 0.075 * (k % 4) + j(0.005), 0.47 - 0.06 * (k // 4), 0.04, 0.03, j(0.3)) for k in range(8)],
            *[Seg(0.36 + 0.08 * k, 0.34, 0.33 + 0.1 * k, -0.1, 0.05) for k in range(4)],
        ]
        tissue = [Seg(0.52, 1.1, 0.5, -0.1, 0.46)]
        return Layout(tissue, bones)
    if body_part == "ELBOW":
        if lateral:
            bones = [Seg(0.35, -0.1, 0.48, 0.48, 0.15, frac=True), Blob(0.5, 0.52, 0.1, 0.09),
                     Seg(0.52, 0.58, 1.05, 0.82, 0.09, frac=True), Seg(0.47, 0.6, 1.05, 0.95, 0.08),
                     Blob(0.44, 0.62, 0.05, 0.06)]
            tissue = [Seg(0.35, -0.1, 0.5, 0.55, 0.36), Seg(0.5, 0.6, 1.1, 0.9, 0.32)]
        else:
            bones = [Seg(0.5, -0.1, 0.5, 0.42, 0.16, frac=True), Blob(0.5, 0.47, 0.17, 0.07),
                     Seg(0.42, 0.56, 0.4, 1.1, 0.08, frac=True), Seg(0.58, 0.54, 0.6, 1.1, 0.09)]
            tissue = [Seg(0.5, -0.1, 0.5, 1.1, 0.46)]
        return Layout(tissue, bones)
    if body_part == "SHOULDER":
        bones = [
            Blob(0.42, 0.36, 0.12, 0.12), Seg(0.42, 0.42, 0.46, 1.1, 0.14, frac=True),
            Seg(0.02, 0.13, 0.74, 0.21, 0.065, frac=True),
            Poly([(0.55, 0.25), (0.95, 0.18), (0.82, 0.95)], 0.62), Blob(0.55, 0.34, 0.04, 0.09),
            Seg(0.6, 0.18, 0.78, 0.14, 0.07),
        ]
        ribs = [Seg(0.62, 0.35 + 0.14 * k, 1.05, 0.45 + 0.14 * k, 0.03) for k in range(4)]
        for r in ribs:
            bones.append(Poly(_seg_poly(r), 0.52))
        tissue = [Blob(0.45, 0.55, 0.45, 0.6), Poly([(0.5, 0.0), (1.1, 0.0), (1.1, 1.1), (0.5, 1.1)], 0.28)]
        return Layout(tissue, bones)
    if body_part == "HIP":
        bones = [
            Poly([(0.05, 0.02), (0.55, -0.05), (0.6, 0.3), (0.3, 0.42), (0.1, 0.3)], 0.62),
            Blob(0.52, 0.36, 0.1, 0.1), Seg(0.52, 0.38, 0.65, 0.5, 0.1, frac=True),
            Blob(0.72, 0.5, 0.07, 0.08), Seg(0.66, 0.5, 0.7, 1.1, 0.15, frac=True),
            Seg(0.35, 0.45, 0.05, 0.62, 0.06), Seg(0.33, 0.6, 0.05, 0.75, 0.05),
        ]
        tissue = [Blob(0.45, 0.5, 0.7, 0.65)]
        return Layout(tissue, bones)
    if body_part == "KNEE":
        pat = (0.68, 0.42, 0.05, 0.08) if lateral else (0.5, 0.4, 0.07, 0.07)
        bones = [
            Seg(0.5, -0.1, 0.5, 0.4, 0.2, frac=True), Blob(0.5, 0.45, 0.18, 0.07),
            Blob(0.5, 0.58, 0.16, 0.045), Seg(0.49, 0.6, 0.47, 1.1, 0.17, frac=True),
            Seg(0.72 - (0.12 if lateral else 0), 0.62, 0.7 - (0.12 if lateral else 0), 1.1, 0.06),
            Blob(*pat, value=0.8),
        ]
        tissue = [Seg(0.5, -0.1, 0.5, 1.1, 0.5)]
        return Layout(tissue, bones)
    if body_part == "ANKLE":
        bones = [
            Seg(0.44, -0.1, 0.45, 0.52, 0.18, frac=True), Seg(0.7, -0.1, 0.7, 0.62, 0.07, frac=True),
            Blob(0.35, 0.56, 0.04, 0.06), Blob(0.5, 0.64, 0.17, 0.08),
        ]
        if lateral:
            bones += [Blob(0.42, 0.82, 0.2, 0.08, 0.2), Seg(0.62, 0.74, 1.05, 0.84, 0.07)]
        else:
            bones += [Blob(0.5, 0.8, 0.12, 0.07)]
        tissue = [Seg(0.55, -0.1, 0.52, 0.7, 0.45), Blob(0.55, 0.8, 0.4, 0.16)]
        return Layout(tissue, bones)
    if body_part == "FOOT":
        rays = _fan(0.5, 1.02, 5, 30, [0.26, 0.08, 0.05], [0.055, 0.045, 0.04], 0.34, 0.015, rng)
        bones = [*rays, Blob(0.5, 0.93, 0.13, 0.08), Blob(0.5, 0.8, 0.1, 0.05),
                 *[Blob(0.39 + 0.075 * k, 0.7, 0.035, 0.03) for k in range(4)]]
        tissue = [Poly([(0.3, 1.05), (0.24, 0.55), (0.22, 0.06), (0.78, 0.06), (0.76, 0.55), (0.7, 1.05)], TISSUE)]
        return Layout(tissue, bones)
    if body_part == "SPINE":
        bones: list = []
        for k in range(7):
            y = 0.04 + 0.135 * k
            wdt = 0.22 + 0.01 * k
            bones.append(Poly([(0.5 - wdt / 2, y), (0.5 + wdt / 2, y), (0.5 + wdt / 2, y + 0.1), (0.5 - wdt / 2, y + 0.1)]))
            if not lateral:
                bones += [Blob(0.5 - wdt / 2 + 0.03, y + 0.03, 0.025, 0.02, value=0.97),
                          Blob(0.5 + wdt / 2 - 0.03, y + 0.03, 0.025, 0.02, value=0.97), Blob(0.5, y + 0.06, 0.015, 0.03)]
            else:
                bones.append(Poly([(0.5 + wdt / 2, y + 0.02), (0.78, y + 0.05), (0.78, y + 0.08), (0.5 + wdt / 2, y + 0.08)], 0.7))
        tissue = [Poly([(0.15, -0.1), (0.85, -0.1), (0.85, 1.1), (0.15, 1.1)], TISSUE)]
        return Layout(tissue, bones)
    raise ValueError(f"unknown body part {body_part!r}")


def _seg_poly(s: Seg) -> list[tuple[float, float]]:
    dx, dy = s.x1 - s.x0, s.y1 - s.y0
    n = math.hypot(dx, dy) or 1.0
    px, py = -dy / n * s.w / 2, dx / n * s.w / 2
    return [(s.x0 + px, s.y0 + py), (s.x1 + px, s.y1 + py), (s.x1 - px, s.y1 - py), (s.x0 - px, s.y0 - py)]


class _Painter:
    """Draws unit-space shapes on a float canvas through a jittered similarity transform."""

    def __init__(self, w: int, h: int, rng: np.random.Generator) -> None:
        self.img = Image.new("F", (w, h), AIR)
        self.draw = ImageDraw.Draw(self.img)
        self.side = min(w, h) * float(rng.uniform(0.9, 1.08))
        self.ang = float(rng.normal(0, 0.12))
        self.cx = w / 2 + float(rng.normal(0, 0.04)) * w
        self.cy = h / 2 + float(rng.normal(0, 0.04)) * h

    def pt(self, x: float, y: float) -> tuple[float, float]:
        u, v = (x - 0.5) * self.side, (y - 0.5) * self.side
        c, s = math.cos(self.ang), math.sin(self.ang)
        return (self.cx + c * u - s * v, self.cy + s * u + c * v)

    def px(self, length: float) -> float:
        return length * self.side

    def seg(self, s: Seg, value: float, width_scale: float = 1.0) -> None:
        a, b = self.pt(s.x0, s.y0), self.pt(s.x1, s.y1)
        w = max(1.0, self.px(s.w) * width_scale)
        self.draw.line([a, b], fill=value, width=int(round(w)))
        r = w / 2
        for x, y in (a, b):
            self.draw.ellipse([x - r, y - r, x + r, y + r], fill=value)

    def bone_seg(self, s: Seg) -> None:
        self.seg(s, BONE)
        self.seg(s, MEDULLA, 0.5)

    def blob(self, b: Blob, value: float | None = None, scale: float = 1.0) -> None:
        n = 28
        ca, sa = math.cos(b.angle), math.sin(b.angle)
        pts = []
        for k in range(n):
            t = 2 * math.pi * k / n
            ex, ey = b.rx * scale * math.cos(t), b.ry * scale * math.sin(t)
            pts.append(self.pt(b.cx + ca * ex - sa * ey, b.cy + sa * ex + ca * ey))
        self.draw.polygon(pts, fill=b.value if value is None else value)

    def poly(self, p: Poly, value: float | None = None) -> None:
        self.draw.polygon([self.pt(x, y) for x, y in p.pts], fill=p.value if value is None else value)

    def box(self, pts: list[tuple[float, float]], pad: float = 0.0) -> list[float]:
        """Bounding box of canvas points as fractions of the image (x0, y0, x1, y1), padded by ``pad`` px."""
        xs, ys = [x for x, _ in pts], [y for _, y in pts]
        w, h = self.img.size
        return [round(min(max(v, 0.0), 1.0), 4) for v in
                ((min(xs) - pad) / w, (min(ys) - pad) / h, (max(xs) + pad) / w, (max(ys) + pad) / h)]

    def seg_box(self, s: Seg, width_scale: float = 1.0) -> list[float]:
        """Box of a drawn segment (its rounded ends included)."""
        w = max(1.0, self.px(s.w) * width_scale)
        return self.box([self.pt(s.x0, s.y0), self.pt(s.x1, s.y1)], pad=w / 2)

    def shape(self, shape: object, value: float | None = None) -> None:
        if isinstance(shape, Seg):
            if value is None:
                self.bone_seg(shape)
            else:
                self.seg(shape, value)
        elif isinstance(shape, Blob):
            self.blob(shape, value)
        else:
            self.poly(shape, value)  # type: ignore[arg-type]


def _pick_focus(cands: list[Seg], rng: np.random.Generator) -> tuple[Seg, float]:
    """Fracture bone and position along it, kept in the central 64% of the frame so centre crops keep it."""
    for _ in range(24):
        s = cands[int(rng.integers(len(cands)))]
        t = float(rng.uniform(0.3, 0.7))
        x, y = s.x0 + (s.x1 - s.x0) * t, s.y0 + (s.y1 - s.y0) * t
        if 0.18 <= x <= 0.82 and 0.18 <= y <= 0.82:
            return s, t
    return s, t


def _box_blur(a: np.ndarray, r: int) -> np.ndarray:
    """Separable box blur (Pillow cannot blur float images)."""
    if r < 1:
        return a
    k = 2 * r + 1
    for axis in (0, 1):
        pad = [(0, 0), (0, 0)]
        pad[axis] = (r + 1, r)
        c = np.cumsum(np.pad(a, pad, mode="edge"), axis=axis, dtype=np.float64)
        a = ((np.take(c, range(k, c.shape[axis]), axis=axis) - np.take(c, range(0, c.shape[axis] - k), axis=axis)) / k).astype(np.float32)
    return a


def _split(s: Seg, t: float, gap: float) -> tuple[Seg, Seg]:
    def at(u: float) -> tuple[float, float]:
        return s.x0 + (s.x1 - s.x0) * u, s.y0 + (s.y1 - s.y0) * u

    a0, a1, b0, b1 = at(0), at(t - gap), at(t + gap), at(1)
    return Seg(*a0, *a1, s.w), Seg(*b0, *b1, s.w)


def render_anatomy(body_part: str, shape: tuple[int, int], *, lateral: bool, fracture: bool, displaced: bool,
                   consolidated: bool, implant: bool, rng: np.random.Generator, cast: bool = False,
                   boxes: list[dict] | None = None) -> np.ndarray:
    """Display-space float32 image in [0, 1] of shape (rows, cols).

    ``cast`` adds a plaster cast around the focus bone (any long bone when there is no focus);
    ``boxes``, when given, receives the ground-truth boxes of what was drawn
    (``{"kind": "lesion" | "implant" | "cast", "box": [x0, y0, x1, y1]}``, fractions of the image).
    """
    found: list[dict] = []
    rows, cols = shape
    scale = min(1.0, WORK_SIDE / max(rows, cols))
    w, h = max(16, round(cols * scale)), max(16, round(rows * scale))
    layout = layout_for(body_part, lateral, rng)
    p = _Painter(w, h, rng)
    for t in layout.tissue:
        p.shape(t, TISSUE)
    cands = [b for b in layout.bones if isinstance(b, Seg) and b.frac]
    target, t_frac = _pick_focus(cands, rng) if cands and (fracture or consolidated or implant) else (None, 0.5)
    spine_target = int(rng.integers(1, 6))
    if fracture:  # post-traumatic soft-tissue swelling: a large, low-frequency cue around the focus
        if target is not None:
            sx, sy = target.x0 + (target.x1 - target.x0) * t_frac, target.y0 + (target.y1 - target.y0) * t_frac
            ang = math.atan2(target.y1 - target.y0, target.x1 - target.x0)
        else:
            sx, sy, ang = 0.5, 0.04 + 0.135 * spine_target + 0.05, 0.0
        p.blob(Blob(sx, sy, 0.24, 0.17, ang + math.pi / 2), SWELLING)
    for b in layout.bones:
        if b is target and fracture:
            prox, dist = _split(b, t_frac, 0.035 if displaced else 0.025)
            p.bone_seg(prox)
            if displaced:
                dx, dy = b.x1 - b.x0, b.y1 - b.y0
                n = math.hypot(dx, dy) or 1.0
                off = b.w * float(rng.uniform(0.55, 0.8)) * (1 if rng.random() < 0.5 else -1)
                dist = Seg(dist.x0 - dy / n * off, dist.y0 + dx / n * off, dist.x1 - dy / n * off * 1.6,
                           dist.y1 + dx / n * off * 1.6, dist.w)
            p.bone_seg(dist)
        else:
            p.shape(b)
    if target is not None and fracture:
        crack_pts, crack_width = _crack(p, target, t_frac, rng)
        found.append({"kind": "lesion", "box": p.box(crack_pts, pad=crack_width / 2)})
    elif target is not None and consolidated:
        mx, my = target.x0 + (target.x1 - target.x0) * t_frac, target.y0 + (target.y1 - target.y0) * t_frac
        ang = math.atan2(target.y1 - target.y0, target.x1 - target.x0)
        p.blob(Blob(mx, my, target.w * 0.9, target.w * 0.8, ang), CALLUS)
        p.seg(Seg(target.x0, target.y0, target.x1, target.y1, target.w), MEDULLA, 0.35)
    if body_part == "SPINE" and fracture:
        y = 0.04 + 0.135 * spine_target
        band = [(0.26, y + 0.025), (0.74, y + 0.035), (0.74, y + 0.08), (0.26, y + 0.07)]
        p.poly(Poly(band), CRACK)
        found.append({"kind": "lesion", "box": p.box([p.pt(x, yy) for x, yy in band])})
    if implant and target is not None:
        dx, dy = target.x1 - target.x0, target.y1 - target.y0
        n = math.hypot(dx, dy) or 1.0
        ox, oy = -dy / n * target.w * 0.55, dx / n * target.w * 0.55
        u0, u1 = max(0.0, t_frac - 0.25), min(1.0, t_frac + 0.25)
        plate = Seg(target.x0 + dx * u0 + ox, target.y0 + dy * u0 + oy, target.x0 + dx * u1 + ox, target.y0 + dy * u1 + oy,
                    target.w * 0.25)
        p.seg(plate, METAL)
        parts = [p.seg_box(plate)]
        for k in range(4):
            u = u0 + (u1 - u0) * (k + 0.5) / 4
            cx, cy = target.x0 + dx * u, target.y0 + dy * u
            screw = Seg(cx + ox * 1.3, cy + oy * 1.3, cx - ox * 0.9, cy - oy * 0.9, target.w * 0.1)
            p.seg(screw, METAL)
            parts.append(p.seg_box(screw))
        found.append({"kind": "implant", "box": [min(b[0] for b in parts), min(b[1] for b in parts),
                                                  max(b[2] for b in parts), max(b[3] for b in parts)]})
    a = np.asarray(p.img, dtype=np.float32)
    if cast:
        a = _add_cast(p, a, target or (cands[int(rng.integers(len(cands)))] if cands else None), t_frac, found)
    a = _box_blur(a, max(1, round(min(w, h) / 160)))
    img = Image.fromarray(a, mode="F").resize((cols, rows), Image.Resampling.BILINEAR)
    out = np.asarray(img, dtype=np.float32).copy()
    # heel effect / uneven exposure + quantum noise
    grad = np.linspace(-1, 1, cols, dtype=np.float32)[None, :] * float(rng.normal(0, 0.03))
    out += grad
    out += rng.standard_normal((rows, cols), dtype=np.float32) * float(rng.uniform(0.015, 0.03))
    if boxes is not None:
        boxes.extend(found)
    return np.clip(out, 0.0, 1.0)


def _add_cast(p: _Painter, a: np.ndarray, bone: Seg | None, t: float, found: list[dict]) -> np.ndarray:
    """A plaster cast: a wide sleeve of extra attenuation with denser edges around a bone, recorded as a box."""
    if bone is None:  # no long bone (spine): a sleeve across the middle of the frame
        bone = Seg(0.5, 0.2, 0.5, 0.8, 0.12)
        t = 0.5
    dx, dy = bone.x1 - bone.x0, bone.y1 - bone.y0
    u0, u1 = max(0.0, t - 0.32), min(1.0, t + 0.32)
    sleeve = Seg(bone.x0 + dx * u0, bone.y0 + dy * u0, bone.x0 + dx * u1, bone.y0 + dy * u1, max(bone.w * 2.6, 0.16))
    layer = _Painter.__new__(_Painter)
    layer.__dict__.update(p.__dict__)
    layer.img = Image.new("F", p.img.size, 0.0)
    layer.draw = ImageDraw.Draw(layer.img)
    layer.seg(sleeve, 1.0)
    inner = np.asarray(layer.img, dtype=np.float32).copy()
    layer.seg(sleeve, 0.0, 0.8)
    edge = np.asarray(layer.img, dtype=np.float32)
    found.append({"kind": "cast", "box": p.seg_box(sleeve)})
    return a + CAST * inner + 0.5 * CAST * edge


def _crack(p: _Painter, s: Seg, t: float, rng: np.random.Generator) -> tuple[list[tuple[float, float]], int]:
    """A jagged black band across the bone, thick relative to the image so it survives 64 px thumbnails."""
    dx, dy = s.x1 - s.x0, s.y1 - s.y0
    n = math.hypot(dx, dy) or 1.0
    ux, uy = dx / n, dy / n
    px, py = -uy, ux
    mx, my = s.x0 + dx * t, s.y0 + dy * t
    half = max(s.w * 1.25, 0.1)
    tilt = float(rng.uniform(-0.35, 0.35))
    pts = []
    k = 5
    for i in range(k + 1):
        a = -half + 2 * half * i / k
        zig = (0.012 if i % 2 else -0.012) + tilt * a
        pts.append(p.pt(mx + px * a + ux * zig, my + py * a + uy * zig))
    width = max(3, int(round(p.px(0.065))))
    p.draw.line(pts, fill=CRACK, width=width, joint="curve")
    return pts, width


@lru_cache(maxsize=64)
def text_font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """DejaVu Sans (accented glyphs) when installed, else Pillow's bundled TrueType font; OCR-able at >= 12 px."""
    try:
        return ImageFont.truetype("DejaVuSans.ttf", max(8, size))
    except OSError:
        return ImageFont.load_default(size=max(8, size))


def burn_marker(img: np.ndarray, text: str, rng: np.random.Generator) -> None:
    """Small laterality/position marker ('G', 'DEBOUT'...) in a corner, white, in place."""
    rows, cols = img.shape
    size = max(14, int(min(rows, cols) * 0.06))
    font = text_font(size)
    mask = Image.new("L", (cols, rows), 0)
    d = ImageDraw.Draw(mask)
    x0, y0, x1, y1 = d.textbbox((0, 0), text, font=font)
    margin = max(4, int(min(rows, cols) * 0.03))
    corner = int(rng.integers(4))
    x = margin if corner in (0, 2) else cols - margin - (x1 - x0)
    y = margin if corner in (0, 1) else rows - margin - (y1 - y0)
    d.rectangle([x - 3, y - 3, x + (x1 - x0) + 3, y + (y1 - y0) + 3], fill=1)
    d.text((x - x0, y - y0), text, font=font, fill=255)
    m = np.asarray(mask)
    img[m == 1] = 0.0
    img[m > 1] = np.maximum(img[m > 1], m[m > 1].astype(np.float32) / 255.0)


def burn_annotations(img: np.ndarray, lines: list[str], height: int, rng: np.random.Generator) -> None:
    """Small PHI annotations as a PACS burns them: one line per corner, the last one along the left edge
    (rotated), white on the image with no backing box, ``height`` px letters; in place."""
    rows, cols = img.shape
    font = text_font(height)
    margin = max(3, int(min(rows, cols) * 0.015))
    layer = Image.new("L", (cols, rows), 0)
    for k, text in enumerate(lines):
        probe = ImageDraw.Draw(Image.new("L", (1, 1)))
        x0, y0, x1, y1 = probe.textbbox((0, 0), text, font=font)
        patch = Image.new("L", (x1 - x0 + 2, y1 - y0 + 2), 0)
        ImageDraw.Draw(patch).text((1 - x0, 1 - y0), text, font=font, fill=255)
        if k == 4 or (k == len(lines) - 1 and len(lines) > 4):
            patch = patch.rotate(90, expand=True)
            x, y = margin, max(margin, (rows - patch.size[1]) // 2)
        else:
            corner = k % 4
            x = margin if corner in (0, 2) else cols - margin - patch.size[0]
            y = margin if corner in (0, 1) else rows - margin - patch.size[1]
        layer.paste(patch, (max(0, x), max(0, y)), patch)
    level = float(rng.uniform(0.85, 1.0))
    m = np.asarray(layer).astype(np.float32) / 255.0
    np.maximum(img, m * level, out=img)


def render_text_page(lines: list[str], shape: tuple[int, int], *, dark: bool, rng: np.random.Generator) -> np.ndarray:
    """Screenshot / scanned form made of text lines (dose report: white on black; form: black on white)."""
    rows, cols = shape
    size = int(rows * 0.86 / (len(lines) * 1.45))
    font = text_font(size)
    widest = max(font.getlength(s) for s in lines)
    if widest > cols * 0.88:
        size = max(8, int(size * cols * 0.88 / widest))
        font = text_font(size)
    bg, fg = (0.02, 0.95) if dark else (0.93, 0.05)
    canvas = Image.new("L", (cols, rows), 0)
    d = ImageDraw.Draw(canvas)
    y = int(rows * 0.06)
    x = int(cols * 0.05)
    for line in lines:
        d.text((x, y), line, font=font, fill=255)
        y += int(size * 1.45)
    if not dark:
        d.rectangle([x // 2, int(rows * 0.03), cols - x // 2, rows - int(rows * 0.03)], outline=255, width=max(1, size // 8))
    m = np.asarray(canvas, dtype=np.float32) / 255.0
    out = bg + (fg - bg) * m
    out += rng.standard_normal((rows, cols), dtype=np.float32) * 0.01
    return np.clip(out, 0.0, 1.0).astype(np.float32)
