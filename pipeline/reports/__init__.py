"""Report PDFs -> body text: layout (pdf), header/footer template (template), paragraphs (text)."""

from pipeline.reports.pdf import Layout, Line, PdfProblem, clean_text, read_layout
from pipeline.reports.template import DocSignature, Template, learn_template, line_key, signature
from pipeline.reports.text import assemble, paragraphs

__all__ = [
    "DocSignature", "Layout", "Line", "PdfProblem", "Template", "assemble", "clean_text", "learn_template",
    "line_key", "paragraphs", "read_layout", "signature",
]
