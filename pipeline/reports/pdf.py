"""PDF report -> positioned text lines (pdfminer.six layout analysis), within resource limits.

Lines keep their place on the page (in mm from the top and bottom edges) so
that header/footer removal can work by position, which is what a hospital's
letterhead template is: the same lines at the same place on every page.

Text is rebuilt from pdfminer's characters rather than taken from
`get_text()`, because producers encode soft hyphens differently: some write
U+00AD, Chromium draws a zero-advance glyph mapped to a space (which
pdfminer reads as a space inside the word) and a U+2010 where the word
breaks. Both are dropped here and a break at one is flagged on the line
(`soft_break`), so that paragraph assembly joins the halves without a space.

Limits: the page count is read from the page tree before any page is parsed
(`max_pages`; the loop stops there too, should the tree lie) and inflated
stream bytes are capped (`max_inflated_bytes`, see `limits`).
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass

from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import (
    LAParams,
    LTChar,
    LTCurve,
    LTFigure,
    LTImage,
    LTPage,
    LTTextContainer,
    LTTextLine,
)
from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfexceptions import PDFException
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import resolve1
from pdfminer.psexceptions import PSException
from pdfminer.utils import apply_matrix_rect

from pipeline.reports.limits import InflateLimitExceeded, inflate_budget

PT_PER_MM = 72.0 / 25.4
DEFAULT_MAX_PAGES = 200
DEFAULT_MAX_INFLATED_BYTES = 256 * 2**20

#: Typographic ligatures some PDF producers emit as single glyphs; NFC keeps them, readers want letters.
LIGATURES = str.maketrans({
    "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st",
})
SOFT_HYPHEN = "\u00ad"
#: Glyphs drawn at an automatic (soft) line break.
BREAK_HYPHENS = ("\u2010", SOFT_HYPHEN)
_VERSION = re.compile(r"[\d._-]+")


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
    soft_break: bool = False  # the line ends inside a word broken at a soft hyphen
    starts_block: bool = False  # set by reading order: first line of a column or table, never joined to the previous


@dataclass(frozen=True)
class Ruling:
    """A drawn line or rectangle edge (table borders): its vertical extent from the page top, in mm."""

    page: int
    top_mm: float
    bottom_mm: float  # from the page top, >= top_mm
    x0_mm: float
    x1_mm: float


@dataclass(frozen=True)
class Layout:
    """All text lines of a PDF, page by page, top to bottom."""

    n_pages: int
    lines: tuple[Line, ...]
    page_width_mm: float
    producer: str = ""  # Producer/Creator metadata, version numbers removed: which software made the PDF
    rulings: tuple[Ruling, ...] = ()
    page_height_mm: float = 297.0


def clean_text(text: str) -> str:
    """NFC, ligatures unfolded, soft hyphens and control characters dropped, spaces collapsed."""
    text = unicodedata.normalize("NFC", text.translate(LIGATURES))
    text = "".join(ch for ch in text if ch == " " or (unicodedata.category(ch)[0] != "C" and ch != SOFT_HYPHEN))
    return " ".join(text.replace("\u00a0", " ").split())


def laparams() -> LAParams:
    """Line grouping only: `boxes_flow=None` skips pdfminer's costly box ordering; we order by position."""
    return LAParams(boxes_flow=None, line_margin=0.5, char_margin=2.0, word_margin=0.1)


class _LinesPage(LTPage):
    """An LTPage whose layout analysis stops at text lines: we order lines ourselves, so pdfminer's grouping
    of lines into text boxes (and of boxes into a hierarchy) is skipped. Otherwise pdfminer's own analysis."""

    def analyze(self, laparams: LAParams) -> None:
        chars = [obj for obj in self if isinstance(obj, LTChar)]
        others = [obj for obj in self if not isinstance(obj, LTChar)]
        for obj in others:
            obj.analyze(laparams)
        lines = list(self.group_objects(laparams, chars)) if chars else []
        for line in lines:
            line.analyze(laparams)
        self._objs = [*lines, *others]


class _LinesAggregator(PDFPageAggregator):
    def begin_page(self, page: PDFPage, ctm) -> None:
        x0, y0, x1, y1 = apply_matrix_rect(ctm, page.mediabox)
        self.cur_item = _LinesPage(self.pageno, (0, 0, abs(x0 - x1), abs(y0 - y1)))


def _walk(container, lines: list, curves: list) -> bool:
    """Collect text lines and drawn shapes; return whether the container holds an image."""
    image = False
    for obj in container:
        if isinstance(obj, LTTextLine):
            lines.append(obj)
        elif isinstance(obj, LTCurve):  # LTLine and LTRect are curves
            curves.append(obj)
        elif isinstance(obj, LTImage):
            image = True
        elif isinstance(obj, (LTTextContainer, LTFigure)):
            image = _walk(obj, lines, curves) or image
    return image


def line_text(line: LTTextLine) -> tuple[str, bool]:
    """(clean text, ends at a soft hyphen) of one pdfminer line, soft hyphens removed whatever their encoding."""
    parts: list[str] = []
    objs = line._objs
    n = len(objs)
    soft_seen_at = -2
    for i, obj in enumerate(objs):
        text = obj.get_text()
        if text == SOFT_HYPHEN:
            soft_seen_at = len(parts)
            continue
        if text == " " and isinstance(obj, LTChar):
            j = i + 1
            while j < n and not isinstance(objs[j], LTChar):
                j += 1
            if j < n and objs[j].x0 - obj.x0 < 0.25 * max(obj.width, 1.0):
                soft_seen_at = len(parts)  # a zero-advance "space": Chromium's soft hyphen glyph
                continue
        parts.append(text)
    while parts and not parts[-1].strip():
        parts.pop()
    soft_break = False
    if parts and parts[-1] in (*BREAK_HYPHENS, "-"):
        # U+2010 is what producers draw at an automatic break; "-" only counts right after a soft hyphen.
        soft_break = parts[-1] == "\u2010" or soft_seen_at >= len(parts) - 1
        if soft_break:
            parts.pop()
    elif parts and soft_seen_at == len(parts) and parts[-1][-1:].isalpha():
        soft_break = True  # the break glyph itself was U+00AD or a zero-advance glyph
    return clean_text("".join(parts)), soft_break


def _meta(doc: PDFDocument) -> str:
    values = []
    for info in doc.info or []:
        for key in ("Producer", "Creator"):
            value = resolve1(info.get(key)) if isinstance(info, dict) else None
            if isinstance(value, bytes):
                value = value.decode("utf-16") if value.startswith(b"\xfe\xff") else value.decode("latin-1")
            if isinstance(value, str):
                values.append(_VERSION.sub(" ", value).strip().casefold())
    return " | ".join(" ".join(v.split()) for v in values)


def _page_count(doc: PDFDocument) -> int | None:
    try:
        pages = resolve1(doc.catalog.get("Pages"))
        count = resolve1(pages.get("Count")) if isinstance(pages, dict) else None
    except Exception:  # a broken page tree: pages are counted while parsing instead
        return None
    return count if isinstance(count, int) else None


def read_layout(data: bytes, *, max_pages: int = DEFAULT_MAX_PAGES,
                max_inflated_bytes: int = DEFAULT_MAX_INFLATED_BYTES) -> Layout:
    """Parse a PDF into positioned lines; raise PdfProblem for encrypted, corrupt, empty, scanned or oversized files."""
    if not data or not data.strip():
        raise PdfProblem("empty file (0 bytes)")
    if b"%PDF" not in data[:1024]:
        raise PdfProblem("not a PDF file")
    lines: list[Line] = []
    rulings: list[Ruling] = []
    n_pages, images, width_mm, height_mm, producer = 0, False, 210.0, 297.0, ""
    try:
        with inflate_budget(max_inflated_bytes) as budget:
            doc = PDFDocument(PDFParser(io.BytesIO(data)))
            producer = _meta(doc)
            declared = _page_count(doc)
            if declared is not None and declared > max_pages:
                raise PdfProblem(f"too many pages ({declared} > extract_reports.max_pages {max_pages})")
            resources = PDFResourceManager(caching=True)
            device = _LinesAggregator(resources, laparams=laparams())
            interpreter = PDFPageInterpreter(resources, device)
            for page_no, page in enumerate(PDFPage.create_pages(doc)):
                if page_no >= max_pages:
                    raise PdfProblem(f"too many pages (> extract_reports.max_pages {max_pages})")
                interpreter.process_page(page)
                result = device.get_result()
                n_pages += 1
                page_lines, page_rulings, has_image = _page_content(result, page_no)
                lines.extend(page_lines)
                rulings.extend(page_rulings)
                images = images or has_image
                width_mm, height_mm = result.width / PT_PER_MM, result.height / PT_PER_MM
            if budget.exceeded:
                raise InflateLimitExceeded("streams inflate past the cap")
    except PdfProblem:
        raise
    except InflateLimitExceeded as err:
        raise PdfProblem(f"PDF streams too large when inflated (> extract_reports.max_inflated_mb "
                         f"{max_inflated_bytes // 2**20})", str(err)) from None
    except (PDFEncryptionError, PDFPasswordIncorrect) as err:
        raise PdfProblem("encrypted PDF (password protected)", type(err).__name__) from None
    except (PDFException, PSException) as err:
        raise PdfProblem("corrupt PDF (cannot be parsed)", f"{type(err).__name__}: {err}") from None
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, AssertionError, OverflowError,
            ZeroDivisionError, UnicodeError, RecursionError) as err:
        # pdfminer surfaces many kinds of broken streams as plain Python errors.
        raise PdfProblem("corrupt PDF (cannot be parsed)", f"{type(err).__name__}: {err}") from None
    except MemoryError:
        raise PdfProblem("PDF too large to parse in memory") from None
    if n_pages == 0:
        raise PdfProblem("corrupt PDF (no pages)")
    if not any(line.text for line in lines):
        if images:
            raise PdfProblem("image-only PDF (scanned, no text layer)")
        raise PdfProblem("empty PDF (no text)")
    return Layout(n_pages=n_pages, lines=tuple(lines), page_width_mm=width_mm, producer=producer,
                  rulings=tuple(rulings), page_height_mm=height_mm)


def _page_content(page: LTPage, page_no: int) -> tuple[list[Line], list[Ruling], bool]:
    found: list[LTTextLine] = []
    curves: list = []
    has_image = _walk(page, found, curves)
    out = []
    for line in found:
        text, soft_break = line_text(line)
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
            soft_break=soft_break,
        ))
    out.sort(key=lambda ln: (round(ln.top_mm, 1), ln.x0_mm))
    rulings = [Ruling(page_no, round((page.y1 - c.y1) / PT_PER_MM, 2), round((page.y1 - c.y0) / PT_PER_MM, 2),
                      round((c.x0 - page.x0) / PT_PER_MM, 2), round((c.x1 - page.x0) / PT_PER_MM, 2))
               for c in curves if c.width > 0 or c.height > 0]
    return out, rulings, has_image
