"""Integration of wave 20 (session 23): a ten-digit file number after the papers of a foreigner's stay or of
detention is an identifier, not a phone (both are masked; the tag decides the surrogate's shape). Cases written
for this file."""

from __future__ import annotations

import pytest
from dfr_spans import tagged

from deduce_fr import Deidentifier


@pytest.mark.parametrize(("text", "number"), [
    ("Titre de séjour en cours, N° AGDREF : 0793456120, rendez-vous en préfecture.", "0793456120"),
    ("Numéro étranger 0612093847 relevé sur le récépissé.", "0612093847"),
    ("Détenu, n° d'écrou : 0645128390, extraction prévue.", "0645128390"),
    ("Attestation de domiciliation n° 0598120456 remise à l'accueil.", "0598120456"),
])
def test_numbers_after_papers_are_ids(deid: Deidentifier, text: str, number: str) -> None:
    assert (number, "ID") in tagged(deid, text)


@pytest.mark.parametrize(("text", "number"), [
    ("Joignable au 06 41 27 93 05 après 18 h.", "06 41 27 93 05"),
    ("Tél. de l'assistante sociale : 0478123456.", "0478123456"),
])
def test_phones_stay_phones(deid: Deidentifier, text: str, number: str) -> None:
    assert (number, "PHONE") in tagged(deid, text)
