"""deduce_fr: French de-identification (PHI spans) with realistic, consistent surrogates.

Standalone: imports nothing from the rest of the project.
"""

from deduce_fr.deidentifier import Deidentifier
from deduce_fr.types import TAGS, Document, Patient, PseudonymizedText, Span

__all__ = ["TAGS", "Deidentifier", "Document", "Patient", "PseudonymizedText", "Span"]
