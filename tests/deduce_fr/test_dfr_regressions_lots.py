"""A product's lot or batch number is no identifier of a person (integration, session 18).

Contrast agents, stents, implants, radiopharmaceuticals and vaccines are logged with their lot number; the ID
rules read such codes as file numbers. Every independent writer leaves them untagged. Hard negatives: a real
identifier beside a lot number, a housing estate ('lotissement'), a word ending in 'lot', a lot with no number.
"""

from __future__ import annotations

import pytest

from deduce_fr.deidentifier import Deidentifier


def _ids(deid: Deidentifier, text: str) -> list[str]:
    return [s.text for s in deid.annotate(text).spans if s.tag == "ID"]


@pytest.mark.parametrize("text", [
    "Stent actif Xience 3,0 x 18 mm, lot 0823117, péremption 2027.",
    "Produit de contraste : Iomeron 350, N° de lot : C1644578.",
    "18F-FDG, 312 MBq, Lot FDG-250417-02, radiopharmacie du site.",
    "Vaccin administré (batch 22K104), pas de réaction.",
    "PROTHESE GENOU LOT 4500123987",
    "Gadovist 7,5 mL lot n° 4567891 injecté à 14h.",
])
def test_lot_and_batch_numbers_are_not_ids(deid_default: Deidentifier, text: str) -> None:
    assert _ids(deid_default, text) == []


@pytest.mark.parametrize(("text", "ident"), [
    ("Lot n° 4567891 ; IPP : 87654321.", "87654321"),
    ("Résidence au lotissement des Pins, dossier 20240117553.", "20240117553"),
    ("Pilot study ref. 20230456789 du patient.", "20230456789"),
    ("Un lot de consignes, puis N° de séjour 2024118877.", "2024118877"),
])
def test_identifiers_beside_a_lot_stay(deid_default: Deidentifier, text: str, ident: str) -> None:
    assert ident in _ids(deid_default, text)


def test_batch_analysis_drops_the_same_lot_numbers(deid_default: Deidentifier) -> None:
    texts = ["Stent lot 0823117 ; IPP 12345678.", "Iomeron N° de lot : C1644578.", "dossier 20240117553"]
    one_by_one = [deid_default.annotate(t).spans for t in texts]
    assert [d.spans for d in deid_default.annotate_batch(texts)] == one_by_one
    assert [s.text for s in one_by_one[0] if s.tag == "ID"] == ["12345678"]
