"""Session-24 regressions (misc31): the numbers of old-age, dental and funeral paperwork that the rule layer already
finds (quotes, invoices, guardianship docket numbers, death-certificate numbers, RPPS) and an age given as 'dans sa
Ne année', pinned so that later waves keep them; with hard negatives from dentistry (FDI tooth numbers, implant
models, CCAM act codes) that must stay untagged. Every sentence is our own."""

from __future__ import annotations

import pytest
from dfr_spans import tagged

from deduce_fr import Deidentifier


def _tags(deid: Deidentifier, text: str, tag: str) -> set[str]:
    return {t for t, g in tagged(deid, text) if g == tag}


@pytest.mark.parametrize(("text", "ident"), [
    ("Devis n° DV-2024-08817 pour la couronne 26.", "DV-2024-08817"),
    ("Facture n° 2025-004512 réglée par la mutuelle.", "2025-004512"),
    ("Dr Marc Perrin, RPPS 10003456789, chirurgien-dentiste.", "10003456789"),
    ("Dossier de tutelle n° RG 24/01873 au tribunal judiciaire.", "24/01873"),
    ("Certificat de décès n° 2024-117 établi le 3 mars 2024.", "2024-117"),
])
def test_paperwork_numbers(deid: Deidentifier, text: str, ident: str) -> None:
    assert ident in _tags(deid, text, "ID")


def test_age_in_her_nth_year(deid: Deidentifier) -> None:
    assert "92e année" in _tags(deid, "Mme Roux, dans sa 92e année, entre en EHPAD.", "AGE")


@pytest.mark.parametrize("text", [
    "Extraction de la 36 et de la 47 prévue.",
    "Implant Straumann BLT 4.1 x 10 mm posé en 46.",
    "Acte CCAM HBLD036 coté deux fois.",
])
def test_dental_numbers_stay_untagged(deid: Deidentifier, text: str) -> None:
    assert not tagged(deid, text)
