"""Report PDFs: A4 reportlab documents with a per-hospital header/footer template, plus bad variants.

Everything is byte-deterministic: reportlab runs with `invariant=1` (fixed
dates and /ID), encrypted files use RC4-128 keyed on that fixed /ID, and
corrupt/scanned variants draw their randomness from the caller's RNG.
"""

from __future__ import annotations

import io
import random
from collections.abc import Iterator
from contextlib import contextmanager
from xml.sax.saxutils import escape

import numpy as np
from PIL import Image, ImageDraw
from pypdf import PdfWriter
from pypdf.generic import ArrayObject
from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate

from pipeline.synth.anatomy import text_font

PAGE_W, PAGE_H = A4
MARGIN_X = 2.0 * cm
HEADER_H = 3.6 * cm
FOOTER_H = 2.2 * cm

_STYLES = {
    "title": ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=12.5, leading=16, spaceAfter=10),
    "body": ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=13.5, spaceAfter=7),
    "signature": ParagraphStyle("signature", fontName="Helvetica-Oblique", fontSize=10, leading=13.5, spaceBefore=10),
}


def footer_lines(confidentiality: str, page: int, pages: int) -> list[str]:
    return [confidentiality, f"Page {page}/{pages}"]


def _draw_header(c: canvas.Canvas, header: list[str], confidentiality: str) -> None:
    """Header and confidentiality footer of one page; every line is a separate, left-aligned text line."""
    c.saveState()
    y = PAGE_H - 1.3 * cm
    for i, line in enumerate(header):
        c.setFont("Helvetica-Bold" if i == 0 else "Helvetica", 11 if i == 0 else 8.5)
        c.drawString(MARGIN_X, y, line)
        y -= 0.55 * cm
    c.setLineWidth(0.6)
    c.line(MARGIN_X, PAGE_H - HEADER_H + 0.2 * cm, PAGE_W - MARGIN_X, PAGE_H - HEADER_H + 0.2 * cm)
    c.line(MARGIN_X, FOOTER_H - 0.2 * cm, PAGE_W - MARGIN_X, FOOTER_H - 0.2 * cm)
    c.setFont("Helvetica-Oblique", 7.5)
    c.drawString(MARGIN_X, FOOTER_H - 0.8 * cm, confidentiality)
    c.restoreState()


class _NumberedCanvas(canvas.Canvas):
    """Defers every page until the end so 'Page x/y' knows y, in a single layout pass (reportlab recipe)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []

    def showPage(self) -> None:  # reportlab API name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self.saveState()
            self.setFont("Helvetica", 8)
            self.drawString(MARGIN_X, FOOTER_H - 1.35 * cm, footer_lines("", number, total)[1])
            self.restoreState()
            super().showPage()
        super().save()


@contextmanager
def _binary_streams() -> Iterator[None]:
    """Flate-only streams: reportlab's pure-Python ASCII85 step dominates run time when its C accelerator is absent."""
    old = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = old


def report_pdf(paragraphs: list[tuple[str, str]], header: list[str], confidentiality: str) -> tuple[bytes, int]:
    """A text PDF of the report and its page count."""
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf, pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=HEADER_H + 0.4 * cm,
        bottomMargin=FOOTER_H + 0.4 * cm, invariant=1, title="Protocole", author="", creator="", producer="",
        subject="",
    )
    flow = [Paragraph(escape(text), _STYLES[style]) for text, style in paragraphs]

    def on_page(c: canvas.Canvas, _doc: SimpleDocTemplate) -> None:
        _draw_header(c, header, confidentiality)

    with _binary_streams():
        doc.build(flow, onFirstPage=on_page, onLaterPages=on_page, canvasmaker=_NumberedCanvas)
    return buf.getvalue(), doc.page


def encrypted_pdf(data: bytes, rng: random.Random) -> bytes:
    """Password-protected copy (RC4-128); the key derives from the invariant /ID, so bytes are reproducible."""
    writer = PdfWriter(clone_from=io.BytesIO(data))
    writer.encrypt(user_password=f"{rng.getrandbits(40):010x}", owner_password=f"{rng.getrandbits(40):010x}",
                   algorithm="RC4-128")
    first = writer._ID[0]  # pypdf draws the second /ID element from os randomness
    writer._ID = ArrayObject([first, first])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def corrupt_pdf(data: bytes, rng: random.Random) -> bytes:
    """Truncated file with garbled bytes after the header: no parser can recover the text streams."""
    cut = data[: max(64, len(data) * rng.randint(30, 60) // 100)]
    arr = bytearray(cut)
    for _ in range(max(8, len(arr) // 40)):
        i = rng.randrange(16, len(arr))
        arr[i] = rng.randrange(256)
    return bytes(arr)


def blank_pdf() -> bytes:
    """A valid one-page PDF without any text."""
    buf = io.BytesIO()
    with _binary_streams():
        c = canvas.Canvas(buf, pagesize=A4, invariant=1)
        c.setLineWidth(0.5)
        c.rect(MARGIN_X, FOOTER_H, PAGE_W - 2 * MARGIN_X, PAGE_H - HEADER_H - FOOTER_H)
        c.showPage()
        c.save()
    return buf.getvalue()


def scanned_pdf(lines: list[str], rng: random.Random) -> bytes:
    """Image-only PDF: the report printed, 'scanned' at ~100 dpi with noise and a slight skew."""
    w, h = 827, 1169
    img = Image.new("L", (w, h), 245)
    d = ImageDraw.Draw(img)
    font = text_font(15)
    y = 60
    for line in lines:
        words, cur = line.split(), ""
        for word in words:  # naive wrapping at ~90 characters
            if len(cur) + len(word) + 1 > 90:
                d.text((70, y), cur, font=font, fill=20)
                y += 20
                cur = word
            else:
                cur = f"{cur} {word}".strip()
        if cur:
            d.text((70, y), cur, font=font, fill=20)
        y += 28
        if y > h - 80:
            break
    img = img.rotate(rng.uniform(-1.2, 1.2), resample=Image.Resampling.BILINEAR, fillcolor=245)
    noise = np.random.default_rng(rng.getrandbits(32)).normal(0, 6, (h, w))
    arr = np.clip(np.asarray(img, dtype=np.float32) + noise, 0, 255).astype(np.uint8)
    buf = io.BytesIO()
    with _binary_streams():
        c = canvas.Canvas(buf, pagesize=A4, invariant=1)
        c.drawImage(ImageReader(Image.fromarray(arr)), 0, 0, width=PAGE_W, height=PAGE_H)
        c.showPage()
        c.save()
    return buf.getvalue()
