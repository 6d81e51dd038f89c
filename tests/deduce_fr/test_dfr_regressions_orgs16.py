"""Regressions of session 15 (second wave) on organisation edges (deduce_fr/institution_heads.py and the
'institution_heads' block of config.yaml): the span convention of the independent writers (a school's, a
hospital's, a home's town inside its name; 'société', 'entreprise', 'charbonnage' heads inside), a service's
acronym and its town, a family firm's tail, a capitalised head before a firm's own head. Sentences written for
these tests (not taken from an evaluation set), each with a hard negative."""

from __future__ import annotations

import pytest

from deduce_fr import Deidentifier


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


def _spans(deid: Deidentifier, text: str) -> set[tuple[str, str]]:
    return {(s.tag, s.text) for s in deid.annotate(text).spans}


@pytest.mark.parametrize(("text", "expected"), [
    # the town written after a school's, a hospital's or a home's name is part of it
    ("Sa fille est en CM2 à l'école Paul-Bert de Quimperlé depuis septembre.", "école Paul-Bert de Quimperlé"),
    ("Opéré en 2015 à l'hôpital Sainte-Blandine de Metz pour une hernie.", "hôpital Sainte-Blandine de Metz"),
    ("Placée au home Les Aubépines de Marche-en-Famenne après sa chute.", "home Les Aubépines de Marche-en-Famenne"),
    # a firm's generic head belongs to its name
    ("Chauffeur pour la société Trans-Vosges Logistique depuis dix ans.", "société Trans-Vosges Logistique"),
    ("Maçon salarié de l'entreprise Gravelines Bâtiment, chute d'échafaudage.", "entreprise Gravelines Bâtiment"),
    ("Ancien ouvrier du charbonnage de Hensies-Pommerœul, silicose.", "charbonnage de Hensies-Pommerœul"),
    # an adjective in -que between a head and its town ('association culturelle turque de Verviers')
    ("Trésorier de l'association culturelle basque de Tarbes depuis 2012.", "association culturelle basque de Tarbes"),
    # an acronym of a service and its town: one name
    ("UHSA de Rennes – Compte rendu de séjour", "UHSA de Rennes"),
    # a capitalised one-word head right before a firm's own head
    ("Retour à domicile : Taxi Ambulances des Aravis, départ 16 h.", "Taxi Ambulances des Aravis"),
])
def test_name_takes_its_edges(deid: Deidentifier, text: str, expected: str) -> None:
    assert ("INSTITUTION", expected) in _spans(deid, text)


def test_family_firm_of_the_patients_name(deid: Deidentifier) -> None:
    # the patient's surname, then a capitalised firm's tail: the family's firm, one name
    text = "Jacques Bertrand, 88 ans, vigneron retraité (champagne Bertrand Père et Fils), chute."
    found = {(s.tag, s.text) for s in deid.annotate(text, patient={"first_names": ["Jacques"],
                                                                    "surname": "Bertrand"}).spans}
    assert ("INSTITUTION", "Bertrand Père et Fils") in found


def test_a_son_is_no_firm(deid: Deidentifier) -> None:
    # a lower-case 'et fils' is a person and his son, not a family firm
    found = _spans(deid, "Accompagné par M. Lemoine et fils, retour à domicile.")
    assert not any(tag == "INSTITUTION" for tag, _ in found)
    assert ("PERSON", "Lemoine") in found


@pytest.mark.parametrize(("text", "name", "town"), [
    # a register's acronym keeps its town apart (the town is the register's, not a service's name)
    ("Société inscrite au RCS de Bobigny sous le numéro 512 000 111.", None, "Bobigny"),
    # a care home's head: its town stays a place (no independent writer joins it; older sets split it)
    ("Résidente de la MRS Les Charmes de Waremme depuis 2020.", "MRS Les Charmes", "Waremme"),
])
def test_town_stays_apart(deid: Deidentifier, text: str, name: str | None, town: str) -> None:
    found = _spans(deid, text)
    assert ("LOCATION", town) in found or ("INSTITUTION", town) in found
    if name is not None:
        assert ("INSTITUTION", name) in found


def test_a_ward_before_a_hospital_stays_out(deid: Deidentifier) -> None:
    # a ward named before a hospital's own head is the hospital's ward, not part of its name; a lower-case,
    # mid-sentence head is not a firm's first word
    found = _spans(deid, "Vu en service Clinique Saint-Michel de Toulon pour avis.")
    assert not any(tag == "INSTITUTION" and text.startswith("service") for tag, text in found)
    assert any(tag == "INSTITUTION" and "Saint-Michel" in text for tag, text in found)


@pytest.mark.parametrize(("text", "expected"), [
    # a club's section in lower case closes its name at the clause's end
    ("Joueuse au Stade Lavallois féminin, entorse de cheville.", "Stade Lavallois féminin"),
    ("Coureur au Racing Club Arras athlétisme, périostite.", "Racing Club Arras athlétisme"),
    # a club's own word after its town ('Athlé', 'Olympique', 'Racing')
    ("Blessée au tournoi avec Lannion Athlé, douleur du mollet.", "Lannion Athlé"),
])
def test_club_takes_its_section(deid: Deidentifier, text: str, expected: str) -> None:
    assert ("INSTITUTION", expected) in _spans(deid, text)


def test_sport_word_inside_a_clause_stays_out(deid: Deidentifier) -> None:
    # the sport word is not the club's section when the sentence goes on after it
    found = _spans(deid, "Footballeur au Stade Lavallois football le dimanche.")
    assert ("INSTITUTION", "Stade Lavallois") in found


@pytest.mark.parametrize(("text", "expected", "not_expected"), [
    # after a label's colon, a bracket or a quote, the school's name stands alone (organisations._schools)
    ("Nom : DURAND Léo\nÉcole : Lycée Saint-Exupéry, Créteil", "Lycée Saint-Exupéry", "École : Lycée Saint-Exupéry"),
    ("Sinistre déclaré à l'assureur de l'école (Axa, contrat 778 21).", "Axa", "école (Axa"),
    ("Elle garde les enfants à la crèche « Les Marmousets » le mercredi.", "Les Marmousets", "crèche « Les Marmousets"),
])
def test_school_name_after_an_opening(deid: Deidentifier, text: str, expected: str, not_expected: str) -> None:
    found = _spans(deid, text)
    assert ("INSTITUTION", expected) in found
    assert ("INSTITUTION", not_expected) not in found


def test_military_service_is_no_ward(deid: Deidentifier) -> None:
    # 'service militaire' is a duty: the regiment is the name, the duty stays outside; an agency keeps its head
    found = _spans(deid, "Ancien appelé, service militaire au 8e régiment de chasseurs de Verdun en 1970.")
    assert ("INSTITUTION", "8e régiment de chasseurs de Verdun") in found
    assert ("INSTITUTION", "service de santé au travail de Rennes") in _spans(
        deid, "Suivi par le service de santé au travail de Rennes.")
