"""Image transforms the evaluation adds in front of a model's own preprocessing."""

from __future__ import annotations

from PIL import Image


class PadToSquare:
    """Pad a PIL image to a square (centred, ``fill`` around it), keeping its aspect ratio.

    The reference padded HKA full-leg radiographs (about 1:3) to a square before resizing: the model's
    preprocessing (resize the short side, centre crop) would otherwise keep only the knees' middle third.
    """

    def __init__(self, fill: int = 0) -> None:
        self.fill = fill

    def __call__(self, img: Image.Image) -> Image.Image:
        w, h = img.size
        if w == h:
            return img
        side = max(w, h)
        fill = self.fill if img.mode in ("L", "I", "F", "P", "1") else (self.fill,) * len(img.getbands())
        canvas = Image.new(img.mode, (side, side), fill)
        canvas.paste(img, ((side - w) // 2, (side - h) // 2))
        return canvas

    def __repr__(self) -> str:
        return f"PadToSquare(fill={self.fill})"
