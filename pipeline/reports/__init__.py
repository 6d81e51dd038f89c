"""Report PDFs -> body text: layout (pdf), header/footer template (template), reading order and paragraphs (text)."""

from pipeline.reports.pdf import Layout, Line, PdfProblem, Ruling, clean_text, read_layout
from pipeline.reports.template import (
    DocSignature,
    Template,
    is_page_label,
    learn_template,
    line_key,
    signature,
)
from pipeline.reports.text import assemble, join_hyphenated, paragraphs, reading_order

__all__ = [
    "DocSignature", "Layout", "Line", "PdfProblem", "Ruling", "Template", "assemble", "clean_text",
    "is_page_label", "join_hyphenated", "learn_template", "line_key", "paragraphs", "read_layout",
    "reading_order", "signature",
]
