"""Regressions of the session-13 integration (helpers' branches merged together): rules that each passed
alone and then competed for the same words. Sentences written for these tests (not from an evaluation set)."""

from __future__ import annotations

import pytest

from deduce_fr import Deidentifier


def _spans(deid: Deidentifier, text: str) -> set[tuple[str, str]]:
    return {(s.tag, s.text) for s in deid.annotate(text).spans}


@pytest.mark.parametrize(("text", "expected"), [
    # a practice's name in capitals ends at its last word in capitals, not at the line's next separator
    ("Honoraires réglés à la SELAS IMAGERIE DU LITTORAL ce jour.", ("INSTITUTION", "SELAS IMAGERIE DU LITTORAL")),
    # a name in mixed case ends at its last capitalised word (an elided one included)
    ("Compte rendu de la SCM Radiologie de l'Arve transmis au médecin.", ("INSTITUTION", "SCM Radiologie de l'Arve")),
    # the trade register's number only: the street number after it stays out (one implementation, ids_business)
    ("SAS Optique Bleue, RCS Quimper 518 236 097 8 quai du Port", ("ID", "518 236 097")),
])
def test_integration_span(deid: Deidentifier, text: str, expected: tuple[str, str]) -> None:
    assert expected in _spans(deid, text)


@pytest.mark.parametrize(("text", "word"), [
    ("Contracture du SCM Gauche après la nuit.", "SCM"),  # the sternocleidomastoid muscle and its side
    ("Transféré au CH de Lens (site Sud) en réanimation.", "Sud"),  # a compass point: a wing, no site name
    ("Adhérente à sa mutuelle de 2018 - 2021 puis sans couverture.", "2018 - 2021"),  # two years, no member number
])
def test_integration_not_phi(deid: Deidentifier, text: str, word: str) -> None:
    assert not any(word in found and tag in ("INSTITUTION", "ID") for tag, found in _spans(deid, text))
