"""Session 16 (core17): a name after a verb of residence or moving is the place, a couple named by the family name
is two relatives, a family name inside a firm's name is the firm's. Sentences written for these tests, with hard
negatives beside each fix."""

from __future__ import annotations

import pytest

from deduce_fr import Deidentifier, Patient
from deduce_fr.deidentifier import kin_relatives, place_cued


def _tags(deid: Deidentifier, text: str, patient: dict | None = None) -> list[tuple[str, str]]:
    return [(s.text, s.tag) for s in deid.annotate(text, patient=Patient.from_dict(patient) if patient else None).spans]


# -- a place after a verb of residence or moving -------------------------------------------------------------------

@pytest.mark.parametrize("text, place", [
    ("Arrivée en Lorraine il y a vingt ans, elle travaille à domicile.", "Lorraine"),
    ("Il est parti en Lorraine pour son travail de cariste.", "Lorraine"),
    ("Le patient réside en Lorraine et consulte à Metz.", "Lorraine"),
    ("Elle habite Vienne depuis 2012, seule.", "Vienne"),
    ("Rentrée de Florence hier soir, toux fébrile.", "Florence"),
])
def test_name_after_a_residence_or_moving_verb_is_a_place(deid: Deidentifier, text: str, place: str) -> None:
    assert (place, "LOCATION") in _tags(deid, text)


@pytest.mark.parametrize("text, person", [
    ("Il a appelé Nancy, sa fille, qui viendra demain.", "Nancy"),
    ("La kinésithérapeute Florence a revu la patiente ce matin.", "Florence"),
    ("Mme Lorraine Petit, 45 ans, vient pour une gonalgie.", "Lorraine Petit"),
])
def test_a_first_name_spelt_like_a_place_stays_a_person(deid: Deidentifier, text: str, person: str) -> None:
    assert (person, "PERSON") in _tags(deid, text)


def test_place_cue_only_decides_between_equal_spans() -> None:
    text = "Elle est née en Lorraine. Vue avec Lorraine Dubois."
    s = text.index("Lorraine")
    t = text.index("Lorraine Dubois")
    person_only = [(t, t + len("Lorraine Dubois"), "PERSON"), (t, t + len("Lorraine"), "LOCATION")]
    assert place_cued(person_only, text) == person_only  # no equal spans: nothing to decide
    equal = [(s, s + 8, "PERSON"), (s, s + 8, "LOCATION")]
    assert place_cued(equal, text) == [(s, s + 8, "LOCATION")]
    # 'née' with no preposition is a maiden name, not a birthplace
    maiden = "Mme Petit née Lorraine, 80 ans."
    m = maiden.index("Lorraine")
    both = [(m, m + 8, "PERSON"), (m, m + 8, "LOCATION")]
    assert place_cued(both, maiden) == both


@pytest.mark.parametrize("text, person, town", [
    ("Contacts : Mme Odile Wetzel, fille, Ammerschwihr ; M. Paul Roth, voisin, Kientzheim.", "Odile Wetzel",
     "Ammerschwihr"),
    ("Personne de confiance : M. Marc Klein, fils, Sélestat.", "Marc Klein", "Sélestat"),
])
def test_town_after_a_relatives_role_between_commas(deid: Deidentifier, text: str, person: str, town: str) -> None:
    found = _tags(deid, text)
    assert (person, "PERSON") in found
    assert (town, "LOCATION") in found


def test_name_after_a_role_between_commas_stays_a_person(deid: Deidentifier) -> None:
    found = _tags(deid, "Contacts : fille, Juliette Klein ; épouse, Nancy Roth.")
    assert ("Juliette Klein", "PERSON") in found
    assert ("Nancy Roth", "PERSON") in found


# -- a couple named by the family name ------------------------------------------------------------------------------

CHILD = {"first_names": ["Erwan"], "surname": "Kervella"}


@pytest.mark.parametrize("text", [
    "Erwan Kervella, 9 ans. M. et Mme Kervella, ses parents, sont présents.",
    "Erwan Kervella, 9 ans. Monsieur et Madame Kervella accompagnent leur fils.",
    "Erwan Kervella, 9 ans. Mme et M. Kervella ont signé l'autorisation.",
])
def test_a_couple_named_by_the_family_name_is_person(deid: Deidentifier, text: str) -> None:
    found = _tags(deid, text, CHILD)
    assert ("Erwan Kervella", "PATIENT") in found
    assert found.count(("Kervella", "PERSON")) == 1


@pytest.mark.parametrize("text", [
    "M. Kervella, 54 ans, et son épouse sont venus.",
    "Revu M. Kervella ; Mme Durand et M. Leroy sont ses voisins.",
])
def test_the_patient_alone_after_a_civility_stays_patient(deid: Deidentifier, text: str) -> None:
    assert ("Kervella", "PATIENT") in _tags(deid, text, CHILD)


# -- the family name inside a firm's name ---------------------------------------------------------------------------

def test_family_name_inside_a_longer_organisation_is_the_organisation() -> None:
    patient = Patient(first_names=["Armen"], surname="Bakalian")
    text = "Ancien photographe (studio Photo Bakalian à Valence)."
    s = text.index("Photo")
    k = text.index("Bakalian")
    candidates = [(s, k + 8, "INSTITUTION"), (k, k + 8, "PATIENT")]
    assert kin_relatives(candidates, text, patient) == [(s, k + 8, "INSTITUTION")]
    # an organisation candidate of exactly the name does not take it: the patient's tag stays
    same = [(k, k + 8, "INSTITUTION"), (k, k + 8, "PATIENT")]
    assert kin_relatives(same, text, patient) == same


def test_firm_named_after_the_patient_is_covered_whole(deid: Deidentifier) -> None:
    patient = {"first_names": ["Armen"], "surname": "Bakalian"}
    found = _tags(deid, "M. Armen Bakalian, 76 ans, ancien photographe (studio Photo Bakalian à Valence).", patient)
    assert ("Armen Bakalian", "PATIENT") in found
    assert ("Photo Bakalian", "INSTITUTION") in found
    assert ("Valence", "LOCATION") in found


# -- an institution's name stops at a table's column gap -----------------------------------------------------------

@pytest.mark.parametrize("text, name", [
    ("Origine : Clinique des Cèdres   Motif : bilan", "Clinique des Cèdres"),
    ("Provenance : CH de Bayonne\tService : urgences", "CH de Bayonne"),
    ("Adressé par : Hôpital Nord  | Médecin : garde", "Hôpital Nord"),
])
def test_institution_name_stops_at_a_column_gap(deid: Deidentifier, text: str, name: str) -> None:
    found = [t for t in _tags(deid, text) if t[1] == "INSTITUTION"]
    assert found == [(name, "INSTITUTION")]


def test_institution_name_with_single_spaces_runs_on(deid: Deidentifier) -> None:
    assert ("Clinique Sainte Marie Madeleine", "INSTITUTION") in _tags(
        deid, "Transfert vers la Clinique Sainte Marie Madeleine pour rééducation.")


# -- identifiers: DICOM value representations, times, nomenclature codes -------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("(0010,0030) PatientBirthDate DA 19620521", [("19620521", "DATE")]),
    ("(0008,0030) StudyTime TM 143207", []),
    ("SeriesTime 081530", []),
    ("Acte CCAM code NFQK001 : radiographie du genou.", []),
    ("Formulaire CERFA n° 12345*01 rempli par le médecin.", []),
    ("Code CIM-10 S82.1, fracture de jambe.", []),
])
def test_dicom_values_and_nomenclature_codes_are_no_ids(deid: Deidentifier, text: str, expected: list) -> None:
    assert [t for t in _tags(deid, text) if t[1] in ("ID", "DATE")] == expected


@pytest.mark.parametrize("text, code", [
    ("Accession AC 2024551873, étude du thorax.", "AC 2024551873"),
    ("Code patient : 7731904.", "7731904"),
    ("N° dossier 2023-77104, code CCAM ZBQK002.", "2023-77104"),
    ("StudyID 4418820 ; code d'accès : 5532.", "4418820"),
])
def test_identifiers_beside_them_stay(deid: Deidentifier, text: str, code: str) -> None:
    assert (code, "ID") in _tags(deid, text)


# -- a town that names a score, a scale or an instrument ------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "TEP de fin de traitement : score de Deauville 2, critères de Lugano remplis.",
    "Drainage à l'aiguille de Chiba sous scanner ; échelle de Glasgow à 14.",
])
def test_town_naming_a_tool_is_no_place(deid: Deidentifier, text: str) -> None:
    assert not [t for t in _tags(deid, text) if t[1] == "LOCATION"]


@pytest.mark.parametrize("text, town", [
    ("Elle habite près de Deauville depuis sa retraite.", "Deauville"),
    ("Patiente qui vit à Lugano depuis 2010.", "Lugano"),
])
def test_the_same_towns_as_places_stay(deid: Deidentifier, text: str, town: str) -> None:
    assert (town, "LOCATION") in _tags(deid, text)
