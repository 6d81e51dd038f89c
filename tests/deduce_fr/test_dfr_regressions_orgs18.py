"""Regressions of deduce_fr/institution_heads.py, session 17: the left edge of an organisation's name.

- a noun right after a definite article ('la', 'le', 'au', "l'") and before an organisation we find by its own name,
  with or without a lower-case adjective, says what kind of organisation it is and joins the name, as the independent
  writers tag it ('à la coopérative laitière Lactalis', 'pour la compagnie Air Austral', "de l'armement Sapmer SAS").
  Hard negatives: a ward or a service before the organisation ('la médecine du travail Mensura': 'du' links a ward's
  complement), a health insurer's kind ('la mutuelle Solidaris', the writers leave the kind out), a building site
  ('le chantier Eiffage'), a worker's role ('le directeur Colruyt'), a country and a preposition between them ('au
  Luxembourg chez Cactus').

Sentences written for these tests, not taken from an evaluation set."""

from __future__ import annotations

import pytest

from deduce_fr import Deidentifier


def _spans(deid: Deidentifier, text: str) -> set[tuple[str, str]]:
    return {(s.tag, s.text) for s in deid.annotate(text).spans}


KIND_JOINS = [
    ("Il est magasinier à la coopérative laitière Lactalis depuis 2012.", "coopérative laitière Lactalis"),
    ("Il conduit des camions pour la compagnie Air Austral.", "compagnie Air Austral"),
    ("Matelot sur un thonier de l'armement Sapmer SAS.", "armement Sapmer SAS"),
]


@pytest.mark.parametrize("text,name", KIND_JOINS)
def test_kind_before_a_found_organisation_joins_it(deid: Deidentifier, text: str, name: str) -> None:
    assert ("INSTITUTION", name) in _spans(deid, text)


KIND_STAYS_OUT = [
    ("Consultation de la médecine du travail Mensura demain.", "Mensura"),
    ("Prise en charge par la mutuelle Solidaris.", "Solidaris"),
    ("Le chantier Eiffage de la rocade est fermé après l'accident.", "Eiffage"),
    ("Le directeur Colruyt a signé la déclaration.", "Colruyt"),
    ("Il travaille au Luxembourg chez Cactus comme boucher.", "Cactus"),
]


@pytest.mark.parametrize("text,name", KIND_STAYS_OUT)
def test_what_is_no_kind_of_organisation_stays_out(deid: Deidentifier, text: str, name: str) -> None:
    assert ("INSTITUTION", name) in _spans(deid, text)
