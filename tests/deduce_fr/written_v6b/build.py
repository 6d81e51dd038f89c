"""Build deduce_fr/data/cases_v6b_{dev,heldout}.json from the hand-written markup in dev.txt / heldout.txt.

Set v6b: how the text reaches us (dictation transcripts, OCR'd faxes, flattened HL7/RIS exports,
e-mail threads, SMS-like nursing notes, hospital groups and networks, transport firms, labs,
teleradiology, recipient lists). Pipes are allowed in the text because HL7 segments use them.

Markup format and --review: tests/deduce_fr/written_sets.py (build_titled_set).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from written_sets import build_titled_set  # noqa: E402

if __name__ == "__main__":
    build_titled_set(Path(__file__).resolve().parent, "v6b", sys.argv, forbid_pipe=False)
