"""Regressions of deduce_fr/institution_heads.py and the config's heads, session 19 (org22): organisations' left edges.

- police units, courts, the penal administration's establishments, the shelters and reception centres of the social
  and asylum systems, children's villages and golf courses are heads that join the town or name found after them
  ('Police de X' written as a name, 'police de la zone X', 'PAF de X', 'golf de X', "village d'enfants SOS de X").
  Hard negatives: 'la police' alone, a lower-case 'police de <town>' (older writers keep the town apart), an insurance
  policy ('police d'assurance'), 'golf' as a sport with no name after it.
- a care unit inside a prison or a hospital, before the establishment that holds it ('UCSA du centre de détention de
  X', "PASS de l'hôpital X", 'annexe psychiatrique de la prison de X'): one name. Hard negative: a ward before its
  hospital ('service de cardiologie du CHU de X') stays out.
- a practice named by its kind, its specialty and its titled doctor ('cabinet de radiologie du Dr X'): one name. Hard
  negatives: the doctor's own office ('cabinet du Dr X') and a consultation ('consultation de chirurgie du Dr X').
- a group's division named by its sector after the group ('Geodis Fret', 'Eiffage Bâtiment').
- a head cut by the start of a found name ('maison [centrale de X]'): the head joins. A firm's storage site before its
  brand ('entrepôt X') joins it; before a town it stays apart (the writers keep 'entrepôt de <town>' out).

Sentences written for these tests, not taken from an evaluation set."""

from __future__ import annotations

import pytest

from deduce_fr import Deidentifier


def _spans(deid: Deidentifier, text: str) -> set[tuple[str, str]]:
    return {(s.tag, s.text) for s in deid.annotate(text).spans}


HEADS = [
    ("Procès-verbal dressé par la Police de Namur après la collision.", "Police de Namur"),
    ("Escorté par un agent de la police de la zone Namur-Capitale jusqu'aux urgences.", "police de la zone Namur-Capitale"),
    ("Retenu à l'aéroport par la PAF de Blagnac, douleur au poignet.", "PAF de Blagnac"),
    ("Chute sur le parcours du golf de Vichy, entorse de cheville.", "golf de Vichy"),
    ("Placée au village d'enfants SOS de Grenoble depuis deux ans.", "village d'enfants SOS de Grenoble"),
    ("Détenu, transféré depuis la maison centrale de Poissy pour bilan.", "maison centrale de Poissy"),
]


@pytest.mark.parametrize("text,name", HEADS)
def test_public_bodies_and_shelters_join_their_name(deid: Deidentifier, text: str, name: str) -> None:
    assert ("INSTITUTION", name) in _spans(deid, text), _spans(deid, text)


def test_police_without_a_name_or_as_a_policy_is_no_organisation(deid: Deidentifier) -> None:
    spans = _spans(deid, "La police est passée ; la police d'assurance a été envoyée ; il joue au golf le samedi.")
    assert not any(tag == "INSTITUTION" for tag, _ in spans), spans


def test_lower_case_police_keeps_the_town_apart(deid: Deidentifier) -> None:
    spans = _spans(deid, "Constat fait par la police de Wavre sur place.")
    assert not any(found.startswith("police") for _, found in spans), spans


UNITS = [
    ("Courrier à l'attention de l'USMP du centre pénitentiaire de Laon.", "USMP du centre pénitentiaire de Laon"),
    ("Adressé par la PASS de l'hôpital Lariboisière pour radiographie.", "PASS de l'hôpital Lariboisière"),
    ("Vu par le psychiatre de l'annexe psychiatrique de la prison de Jamioulx.",
     "annexe psychiatrique de la prison de Jamioulx"),
]


@pytest.mark.parametrize("text,name", UNITS)
def test_a_care_unit_joins_the_establishment_that_holds_it(deid: Deidentifier, text: str, name: str) -> None:
    assert ("INSTITUTION", name) in _spans(deid, text), _spans(deid, text)


def test_a_ward_before_its_hospital_stays_out(deid: Deidentifier) -> None:
    spans = _spans(deid, "Transférée au service de cardiologie du CHU de Reims.")
    assert ("INSTITUTION", "CHU de Reims") in spans, spans


def test_a_practice_named_by_its_doctor_is_one_name(deid: Deidentifier) -> None:
    spans = _spans(deid, "Échographie réalisée au cabinet de radiologie du Dr Lemaître la veille.")
    assert ("INSTITUTION", "cabinet de radiologie du Dr Lemaître") in spans, spans
    spans = _spans(deid, "Cabinet d'Imagerie du Docteur Fournier\n12 rue des Lilas")
    assert ("INSTITUTION", "Cabinet d'Imagerie du Docteur Fournier") in spans, spans


def test_a_doctors_office_or_consultation_stays_a_person(deid: Deidentifier) -> None:
    spans = _spans(deid, "Vue au cabinet du Dr Lemaître puis en consultation de chirurgie du Dr Aubry.")
    assert not any(tag == "INSTITUTION" for tag, _ in spans), spans
    assert ("PERSON", "Lemaître") in spans or ("PERSON", "Dr Lemaître") in spans, spans


def test_a_storage_site_joins_its_brand_not_a_town(deid: Deidentifier) -> None:
    spans = _spans(deid, "Cariste à l'entrepôt Carrefour, chute d'un quai.")
    assert ("INSTITUTION", "entrepôt Carrefour") in spans, spans
    spans = _spans(deid, "Cariste à l'entrepôt de Saint-Priest, chute d'un quai.")
    assert not any(found.startswith("entrepôt") for _, found in spans), spans


def test_a_groups_division_named_by_its_sector_is_one_name(deid: Deidentifier) -> None:
    spans = _spans(deid, "Conducteur poids lourd chez Geodis Fret, entorse du genou en descendant.")
    assert ("INSTITUTION", "Geodis Fret") in spans, spans
    spans = _spans(deid, "Chantier Eiffage Bâtiment, chute d'une échelle de 2 m.")
    assert ("INSTITUTION", "Eiffage Bâtiment") in spans, spans

