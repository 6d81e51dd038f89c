"""PDF report -> positioned text lines (pdfminer.six layout analysis).

Lines keep their place on the page (in mm from the top and bottom edges) so
that header/footer removal can work by position, which is what a hospital's
letterhead template is: the same lines at the same place on every page.
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass

from pdfminer.high_level import extract_pages
from pdfminer.layout import LAParams, LTFigure, LTImage, LTPage, LTTextContainer, LTTextLine
from pdfminer.pdfdocument import PDFEncryptionError
from pdfminer.pdfexceptions import PDFException
from pdfminer.psexceptions import PSException

PT_PER_MM = 72.0 / 25.4

#: Typographic ligatures some PDF producers emit as single glyphs; NFC keeps them, readers want letters.
LIGATURES = str.maketrans({
    "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st",
})


class PdfProblem(Exception):
    """A PDF the stage cannot use; `reason` is a fixed phrase safe for manifests, `detail` stays in the vault."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(reason)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class Line:
    """One text line as laid out on its page."""

    page: int  # 0-based
    top_mm: float  # distance from the page's top edge to the line's top
    bottom_mm: float  # distance from the page's bottom edge to the line's bottom
    x0_mm: float
    x1_mm: float
    height_mm: float
    text: str


@dataclass(frozen=True)
class Layout:
    """All text lines of a PDF, page by page, top to bottom."""

    n_pages: int
    lines: tuple[Line, ...]
    page_width_mm: float


def clean_text(text: str) -> str:
    """NFC, ligatures unfolded, soft hyphens and control characters dropped, spaces collapsed."""
    text = unicodedata.normalize("NFC", text.translate(LIGATURES))
    text = "".join(ch for ch in text if ch == " " or (unicodedata.category(ch)[0] != "C" and ch != "\u00ad"))
    return " ".join(text.replace("\u00a0", " ").split())


def laparams() -> LAParams:
    """Line grouping only: `boxes_flow=None` skips pdfminer's costly box ordering; we order by position."""
    return LAParams(boxes_flow=None, line_margin=0.5, char_margin=2.0, word_margin=0.1)


def _walk_lines(container) -> list[LTTextLine]:
    found = []
    for obj in container:
        if isinstance(obj, LTTextLine):
            found.append(obj)
        elif isinstance(obj, (LTTextContainer, LTFigure)):
            found.extend(_walk_lines(obj))
    return found


def _has_image(container) -> bool:
    for obj in container:
        if isinstance(obj, LTImage):
            return True
        if isinstance(obj, LTFigure) and _has_image(obj):
            return True
    return False


def _line_text(line: LTTextLine) -> str:
    return clean_text(line.get_text())


def read_layout(data: bytes) -> Layout:
    """Parse a PDF into positioned lines; raise PdfProblem for encrypted, corrupt, empty or scanned files."""
    if not data or not data.strip():
        raise PdfProblem("empty file (0 bytes)")
    if b"%PDF" not in data[:1024]:
        raise PdfProblem("not a PDF file")
    lines: list[Line] = []
    n_pages, images, width_mm = 0, False, 210.0
    try:
        for page_no, page in enumerate(extract_pages(io.BytesIO(data), laparams=laparams())):
            n_pages += 1
            lines.extend(_page_lines(page, page_no))
            images = images or _has_image(page)
            width_mm = page.width / PT_PER_MM
    except PDFEncryptionError as err:
        raise PdfProblem("encrypted PDF (password protected)", type(err).__name__) from None
    except (PDFException, PSException) as err:
        raise PdfProblem("corrupt PDF (cannot be parsed)", f"{type(err).__name__}: {err}") from None
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, AssertionError, OverflowError,
            ZeroDivisionError, UnicodeError, RecursionError) as err:
        # pdfminer surfaces many kinds of broken streams as plain Python errors.
        raise PdfProblem("corrupt PDF (cannot be parsed)", f"{type(err).__name__}: {err}") from None
    if n_pages == 0:
        raise PdfProblem("corrupt PDF (no pages)")
    if not any(line.text for line in lines):
        if images:
            raise PdfProblem("image-only PDF (scanned, no text layer)")
        raise PdfProblem("empty PDF (no text)")
    return Layout(n_pages=n_pages, lines=tuple(lines), page_width_mm=width_mm)


def _page_lines(page: LTPage, page_no: int) -> list[Line]:
    out = []
    for line in _walk_lines(page):
        text = _line_text(line)
        if not text:
            continue
        x0, y0, x1, y1 = line.bbox
        out.append(Line(
            page=page_no,
            top_mm=round((page.y1 - y1) / PT_PER_MM, 2),
            bottom_mm=round((y0 - page.y0) / PT_PER_MM, 2),
            x0_mm=round((x0 - page.x0) / PT_PER_MM, 2),
            x1_mm=round((x1 - page.x0) / PT_PER_MM, 2),
            height_mm=round((y1 - y0) / PT_PER_MM, 2),
            text=text,
        ))
    out.sort(key=lambda ln: (round(ln.top_mm, 1), ln.x0_mm))
    return out
