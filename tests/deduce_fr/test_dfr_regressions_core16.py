"""Session 15, second wave (core16): a time of day is no DATE; an acronym after a street word, a lab code before
its label, a hospital named after the town one lives in, a spouse after 'son épouse', a register number after
its label and an identifier's label are read as the independent writers read them. Sentences written for these
tests, with hard negatives beside each fix."""

from __future__ import annotations

import pytest

from deduce_fr import Deidentifier, Patient
from deduce_fr.config import ConfigError, validate_config
from deduce_fr.deidentifier import load_config
from deduce_fr.lookups import fold


def _tags(deid: Deidentifier, text: str, patient: dict | None = None) -> list[tuple[str, str]]:
    return [(s.text, s.tag) for s in deid.annotate(text, patient=Patient.from_dict(patient) if patient else None).spans]


# -- lone times ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, date", [
    ("Arrivée aux urgences le 14/02/2024 à 22h15, scanner à 23 h 05.", "14/02/2024"),
    ("Appel du SAMU à 03:40 ; examen du 2 mars 2023 vers 4h.", "2 mars 2023"),
    ("Contrôle prévu lundi 6 mai à 10 heures.", "lundi 6 mai"),
])
def test_a_time_of_day_is_no_date(deid: Deidentifier, text: str, date: str) -> None:
    found = _tags(deid, text)
    assert found == [(date, "DATE")]


def test_a_one_token_timestamp_stays_whole(deid: Deidentifier) -> None:
    assert _tags(deid, "Acquisition 2023-05-17T08:12 (série 3).") == [("2023-05-17T08:12", "DATE")]


def test_times_key_is_a_checked_option() -> None:
    cfg, _ = load_config(None)
    dates = next(a for a in cfg["annotators"] if a["name"] == "dates")
    assert dates["times"] is False
    with_times = Deidentifier(config={**cfg, "annotators": [{**dates, "times": True}]})
    assert [(s.text, s.tag) for s in with_times.annotate("Vu à 22h15.").spans] == [("22h15", "DATE")]
    with pytest.raises(ConfigError, match="tims"):
        validate_config({"annotators": [{"type": "date", "tag": "DATE", "tims": False}]})


# -- an acronym after a street word -------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Exemption du cours d'EPS jusqu'à la consolidation.",
    "Chute en cours d'EPS, réception sur le poignet.",
    "Passage d'IDE matin et soir pour les pansements.",
])
def test_acronym_after_a_street_word_is_no_address(deid: Deidentifier, text: str) -> None:
    assert not [t for t in _tags(deid, text) if t[1] == "LOCATION"]


@pytest.mark.parametrize("text, street", [
    ("Domicile : 8 cours d'ORBIGNY, Lyon.", "8 cours d'ORBIGNY"),        # a house number: a street
    ("COURS D'ESTIENNE D'ORVES 14", "COURS D'ESTIENNE D'ORVES 14"),       # the street word in capitals too
    ("Elle habite Rue d'ALSACE à Nancy.", "Rue d'ALSACE"),                # a name, not an acronym
])
def test_streets_with_a_name_in_capitals_stay(deid: Deidentifier, text: str, street: str) -> None:
    assert (street, "LOCATION") in _tags(deid, text)


# -- a code before its label in a table ---------------------------------------------------------------------------

def test_lab_codes_in_a_table_are_no_postcodes(deid: Deidentifier) -> None:
    text = "Bilan pré-opératoire\n1104  Hématocrite  41 %\n2210  Fibrinogène 3,1 g/L\n1305 Kaliémie plasmatique 4,2"
    assert not [t for t in _tags(deid, text) if t[1] == "LOCATION"]


@pytest.mark.parametrize("text, town", [
    ("Adresse : 14 rue Haute\n4537 Verlaine", "4537 Verlaine"),
    ("Domicile : 3 allée des Pins, 62520 Le Touquet", "62520 Le Touquet"),
])
def test_postcode_then_town_stays(deid: Deidentifier, text: str, town: str) -> None:
    assert (town, "LOCATION") in _tags(deid, text)


# -- where one lives is a place, even when a hospital bears its name ----------------------------------------------

@pytest.mark.parametrize("text, town", [
    ("Patiente de 81 ans domiciliée à Sainte-Anne, chute de sa hauteur.", "Sainte-Anne"),
    ("Il vit au Kremlin-Bicêtre avec sa fille.", "Kremlin-Bicêtre"),
    ("Elle habite actuellement à Sainte-Anne.", "Sainte-Anne"),
])
def test_hospital_name_after_where_one_lives_is_the_place(deid: Deidentifier, text: str, town: str) -> None:
    assert (town, "LOCATION") in _tags(deid, text)


@pytest.mark.parametrize("text, hospital", [
    ("Transférée à Sainte-Anne pour avis psychiatrique.", "Sainte-Anne"),
    ("Hospitalisé au Kremlin-Bicêtre en réanimation.", "Kremlin-Bicêtre"),
])
def test_hospital_name_after_a_transfer_stays_the_hospital(deid: Deidentifier, text: str, hospital: str) -> None:
    assert (hospital, "INSTITUTION") in _tags(deid, text)


# -- Turkish dotless i --------------------------------------------------------------------------------------------

def test_dotless_i_folds_to_i(deid: Deidentifier) -> None:
    assert fold("Yıldız") == fold("YILDIZ") == "yildiz"
    assert fold("Łukasz") == "lukasz"
    patient = {"surname": "Yıldız", "first_names": ["Emine"], "sex": "F"}
    assert ("YILDIZ Emine", "PATIENT") in _tags(deid, "Nom : YILDIZ Emine, adressée pour gonalgie.", patient)


# -- a spouse after 'son épouse' ----------------------------------------------------------------------------------

ROUXEL = {"surname": "Rouxel", "first_names": ["Gérard"], "sex": "M"}


@pytest.mark.parametrize("text, name", [
    ("Consultation de M. Gérard Rouxel, accompagné de son épouse Monique.", "Monique"),
    ("M. Rouxel vit avec son épouse Ghislaine, autonome.", "Ghislaine"),
    ("M. Rouxel, sa fille : Mme Perrine Vasseur, à prévenir.", "Perrine Vasseur"),
])
def test_spouse_after_a_possessive_kin_word_is_a_person(deid: Deidentifier, text: str, name: str) -> None:
    assert (name, "PERSON") in _tags(deid, text, ROUXEL)


@pytest.mark.parametrize("text, name", [
    ("Mme Jeanne Rouxel épouse Carpentier, 80 ans.", "Carpentier"),   # a married name: no possessive
    ("Vient avec son fils. Jeanne, 80 ans, chute à domicile.", "Jeanne"),  # a sentence ends between
])
def test_patient_names_near_a_kin_word_stay_the_patient(deid: Deidentifier, text: str, name: str) -> None:
    patient = {"surname": "Rouxel", "first_names": ["Jeanne"], "sex": "F"}
    assert any(name in t and tag == "PATIENT" for t, tag in _tags(deid, text, patient))


# -- a register number after its label ----------------------------------------------------------------------------

@pytest.mark.parametrize("text, number", [
    ("Employeur : SPRL Dufour, BCE n° 0628 441 795, Namur.", "0628 441 795"),
    ("Cabinet infirmier, SIRET no 812 345 678 00016.", "812 345 678 00016"),
])
def test_register_number_after_its_label_is_an_id(deid: Deidentifier, text: str, number: str) -> None:
    found = _tags(deid, text)
    assert any(number in t and tag == "ID" for t, tag in found)
    assert not [t for t in found if t[1] == "PHONE"]


@pytest.mark.parametrize("text, phone", [
    ("Secrétariat, tél. n° 04 366 77 12.", "04 366 77 12"),
    ("IDE à domicile : 06 41 22 90 18.", "06 41 22 90 18"),
])
def test_phone_after_a_number_word_stays_a_phone(deid: Deidentifier, text: str, phone: str) -> None:
    assert (phone, "PHONE") in _tags(deid, text)


# -- an identifier's label stays outside its span -----------------------------------------------------------------

@pytest.mark.parametrize("text, value", [
    ("Dr A. Keller, Sion, GLN 7601000456789", "7601000456789"),
    ("Médecin référent : RPPS 10003456781", "10003456781"),
])
def test_identifier_label_stays_outside(deid: Deidentifier, text: str, value: str) -> None:
    assert (value, "ID") in _tags(deid, text)


def test_birth_date_after_ddn_is_a_date(deid: Deidentifier) -> None:
    assert ("14071958", "DATE") in _tags(deid, "Patient : MARCHAL DDN 14071958 sexe M")


@pytest.mark.parametrize("text, code", [
    ("Demande RX 2024117733 urgente.", "RX 2024117733"),     # an exam's code keeps its letters
    ("Référence URG 2023-445512.", "URG 2023-445512"),
])
def test_request_codes_keep_their_letters(deid: Deidentifier, text: str, code: str) -> None:
    assert (code, "ID") in _tags(deid, text)


# -- a town after a contact's name --------------------------------------------------------------------------------

@pytest.mark.parametrize("text, name, town", [
    ("Copie : Dr Weiss ; Kiné Lutz, Illkirch", "Lutz", "Illkirch"),   # a town no national list holds alone
    ("Prévenir sa fille Carole, Mulhouse.", "Carole", "Mulhouse"),
])
def test_town_after_a_contact_is_a_place(deid: Deidentifier, text: str, name: str, town: str) -> None:
    found = _tags(deid, text)
    assert (name, "PERSON") in found and (town, "LOCATION") in found


def test_names_listed_after_a_kin_word_stay_persons(deid: Deidentifier) -> None:
    found = _tags(deid, "Ses fils Damien, Loïc et Thibault passent chaque jour.")
    assert {("Damien", "PERSON"), ("Loïc", "PERSON"), ("Thibault", "PERSON")} <= set(found)
