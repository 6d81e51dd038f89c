"""The synthetic hospital records where the lesion, markers, casts and implants are."""

from __future__ import annotations

import json

import numpy as np

from pipeline.synth import SynthOptions, generate_hospital
from pipeline.synth.anatomy import render_anatomy


def _render(cast: bool, boxes: list | None = None) -> np.ndarray:
    return render_anatomy("WRIST", (160, 128), lateral=False, fracture=True, displaced=False, consolidated=False,
                          implant=False, rng=np.random.default_rng(5), cast=cast, boxes=boxes)


def _inside(box: list[float], shape: tuple[int, int], margin: int = 2) -> np.ndarray:
    h, w = shape
    mask = np.zeros(shape, dtype=bool)
    x0, y0, x1, y1 = box
    mask[max(0, int(y0 * h) - margin):int(np.ceil(y1 * h)) + margin,
         max(0, int(x0 * w) - margin):int(np.ceil(x1 * w)) + margin] = True
    return mask


def test_a_cast_changes_pixels_only_inside_its_box_around_the_lesion():
    boxes: list[dict] = []
    with_cast, without = _render(True, boxes), _render(False)
    kinds = {b["kind"]: b["box"] for b in boxes}
    assert set(kinds) == {"lesion", "cast"}
    changed = np.abs(with_cast - without) > 1e-4
    assert changed.any()
    assert not (changed & ~_inside(kinds["cast"], with_cast.shape)).any()
    lesion, cast = _inside(kinds["lesion"], without.shape, 0), _inside(kinds["cast"], without.shape, 0)
    assert (lesion & cast).sum() > 0.5 * lesion.sum()  # the cast sleeve is centred on the fracture


def test_ground_truth_lists_boxes_and_casts_follow_fracture(tmp_path):
    opts = SynthOptions(n_patients=6, seed=3, image_size=96, max_images=2, laterality_marker_rate=0.5,
                        cast_rate_fracture=1.0, cast_rate_normal=0.0, bad_file_rate=0.0)
    generate_hospital(tmp_path, opts)
    rows = [json.loads(line) for line in (tmp_path / "ground_truth" / "images.jsonl").read_text().splitlines()]
    anatomy = [r for r in rows if r["burned_in"] != "phi" and r["bad"] is None]
    assert anatomy and any(r["cast"] for r in anatomy) and any(r["marker_text"] for r in anatomy)
    for r in anatomy:
        kinds = [b["kind"] for b in r["boxes"]]
        assert r["cast"] == bool(r["fracture"]) and ("cast" in kinds) == r["cast"]
        assert ("marker" in kinds) == (r["marker_text"] is not None)
        if r["fracture"]:
            assert "lesion" in kinds
        for b in r["boxes"]:
            x0, y0, x1, y1 = b["box"]
            assert 0 <= x0 < x1 <= 1 and 0 <= y0 < y1 <= 1
