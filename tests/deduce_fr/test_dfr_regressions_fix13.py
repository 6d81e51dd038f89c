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


@pytest.mark.parametrize(("text", "expected"), [
    # a Belgian enterprise number after its register's label is an ID, never a phone, in any grouping
    ("Kinésithérapie Mosane, BCE 0838.215.604, facture jointe.", ("ID", "0838.215.604")),
    ("Cabinet dentaire, n° d'entreprise 0838 215 604.", ("ID", "0838 215 604")),
    # the town of the trade register is a place, not a club, an employer or a person
    ("Société immatriculée au RCS de Bobigny sous le numéro 518 236 097.", ("LOCATION", "Bobigny")),
    ("SAS Optic 2000 Ouest - R.C.S. Rennes 518 236 097", ("LOCATION", "Rennes")),
])
def test_register_cross_rules(deid: Deidentifier, text: str, expected: tuple[str, str]) -> None:
    spans = _spans(deid, text)
    assert expected in spans
    assert not any(tag in ("PHONE", "PERSON", "INSTITUTION") and expected[1] in found for tag, found in spans)


@pytest.mark.parametrize("text", [
    "Cabinet de kinésithérapie, code APE 8690E.",  # an activity code is shared by a whole trade
    "Code NAF : 86.22B, spécialistes libéraux.",
])
def test_activity_code_not_an_id(deid: Deidentifier, text: str) -> None:
    assert not any(tag == "ID" for tag, _ in _spans(deid, text))


def test_phone_after_generic_number_cue_stays_a_phone(deid: Deidentifier) -> None:
    # only a register's label turns a grouped number into an ID: 'n°' before a phone number keeps it a phone
    assert ("PHONE", "04 78 12 34 56") in _spans(deid, "Secrétariat : n° 04 78 12 34 56 (de 9h à 12h)")


@pytest.mark.parametrize(("text", "place", "person"), [
    # a capitalised word after 'au'/'en' and before ', <kin word>' is where the family lives, not a name
    ("Parents restés au Cap-Vert, sœur Ana joignable le soir.", "Cap-Vert", "Ana"),
    ("Installée en Normandie, sa fille Chloé l'accompagne.", "Normandie", "Chloé"),
])
def test_place_before_kin_word(deid: Deidentifier, text: str, place: str, person: str) -> None:
    spans = _spans(deid, text)
    assert ("LOCATION", place) in spans and ("PERSON", place) not in spans
    assert ("PERSON", person) in spans
