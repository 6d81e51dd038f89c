"""Session 15 fixes (core15): acronyms spelt like a commune are no place; a relative named by a kin word and the
patient's family name is a PERSON, not the patient. Sentences written for these tests; hard negatives beside."""

from __future__ import annotations

import pytest

from deduce_fr import Deidentifier, Patient


def _tags(deid: Deidentifier, text: str, patient: dict | None = None) -> list[tuple[str, str]]:
    return [(s.text, s.tag) for s in deid.annotate(text, patient=patient).spans]


@pytest.mark.parametrize("text, word", [
    ("Transport par le SAMU puis SOS.", "SOS"),          # an acronym after no cue
    ("Orientée vers SOS Amitié après l'entretien.", "SOS"),  # an acronym heading a name, even after a cue
    ("Bilan RAVeL négatif, à recontrôler.", "RAVeL"),      # mixed case: no commune is spelt so
    ("Résultat du CoVID rapide ce matin.", "CoVID"),
])
def test_acronym_spelt_like_a_commune_is_no_place(deid: Deidentifier, text: str, word: str) -> None:
    assert (word, "LOCATION") not in _tags(deid, text)


@pytest.mark.parametrize("text, town", [
    ("Patient domicilié à DAX, adressé par son médecin.", "DAX"),   # a cue before the capitals
    ("Adresse : 2 rue des Lilas, 40100 DAX", "40100 DAX"),          # a postcode
    ("HABITE A DAX DEPUIS 2010. CHUTE DANS L'ESCALIER.", "DAX"),   # a text in capitals: the next word is one too
    ("DAX, le 3 mars 2024", "DAX"),                                 # a dateline
    ("Transfert vers PAU demain matin.", "PAU"),                    # a big town needs nothing
    ("Elle vit à Ath avec sa fille.", "Ath"),                       # written as a name, not an acronym
])
def test_towns_in_capitals_stay_places(deid: Deidentifier, text: str, town: str) -> None:
    assert (town, "LOCATION") in _tags(deid, text)


MOREAU = {"surname": "Moreau", "first_names": ["Claire"], "sex": "F"}
LEA = {"surname": "Moreau", "first_names": ["Léa"], "sex": "F"}


@pytest.mark.parametrize("text, patient, name", [
    ("Époux M. Moreau prévenu par téléphone.", MOREAU, "Moreau"),
    ("Fille Mme Moreau (tutrice) à rappeler.", {"surname": "Moreau", "first_names": ["Henri"], "sex": "M"}, "Moreau"),
    ("Chute au parc. Maman (Mme Moreau) jointe à 14h.", LEA, "Moreau"),
    ("Parents : M. et Mme Moreau, présents.", LEA, "Moreau"),
    ("Parents prévenus (M. Moreau).", LEA, "Moreau"),
    ("Appel de Mme Moreau (belle-fille) ce jour.", {"surname": "Moreau", "first_names": ["Jean"], "sex": "M"}, "Moreau"),
    # the relative's given name is also one of the patient's: the kin word decides
    ("Amenée par sa mère (Anne-Claire Moreau) à 18h.", {"surname": "Moreau", "first_names": ["Zoé", "Claire"]},
     "Anne-Claire Moreau"),
])
def test_relative_named_by_kin_word_and_family_name_is_a_person(deid: Deidentifier, text: str, patient: dict,
                                                                name: str) -> None:
    assert (name, "PERSON") in _tags(deid, text, Patient.from_dict(patient))


@pytest.mark.parametrize("text, name", [
    ("Mme Claire Moreau, 54 ans, consulte pour une entorse.", "Claire Moreau"),
    ("Je vous écris au sujet de ma mère, Mme Moreau, tombée hier.", "Moreau"),  # the writer's mother is the patient
    ("Le fils de Mme Moreau a appelé le service.", "Moreau"),                   # the kin word names someone else
    ("Mme Moreau (patiente) signale une douleur.", "Moreau"),
    ("Patiente : Mme Moreau, fille unique, vit seule.", "Moreau"),
])
def test_patient_after_or_near_a_kin_word_stays_the_patient(deid: Deidentifier, text: str, name: str) -> None:
    assert (name, "PATIENT") in _tags(deid, text, Patient.from_dict(MOREAU))


@pytest.mark.parametrize("text, name", [
    ("Avis chirurgical demandé (SOS Mains Bordeaux).", "SOS Mains Bordeaux"),
    ("DE : SOS RADIOLOGIE NUIT / accueil", "SOS RADIOLOGIE NUIT"),
])
def test_sos_then_capitalised_words_is_a_service(deid: Deidentifier, text: str, name: str) -> None:
    """The acronym no longer reads as the commune: the name it heads is covered as an organisation instead."""
    assert (name, "INSTITUTION") in _tags(deid, text)


def test_sos_alone_is_nothing(deid: Deidentifier) -> None:
    assert _tags(deid, "Appel SOS. Puis retour au calme.") == []


@pytest.mark.parametrize("given", ["Loup", "Lion"])
def test_relative_whose_given_name_is_a_common_word(deid: Deidentifier, given: str) -> None:
    """'son neveu Loup X': the given name is also a French word, so only the kin word tells a relative."""
    patient = Patient.from_dict({"surname": "Sarkissian", "first_names": ["Hovig"], "sex": "M"})
    text = f"Sa boutique est aujourd'hui tenue par son neveu {given} Sarkissian."
    assert (f"{given} Sarkissian", "PERSON") in _tags(deid, text, patient)


def test_relative_keeps_the_words_an_organisation_candidate_also_read() -> None:
    """An organisation candidate of exactly the relative's name would outrank the PERSON once the PATIENT tag (placed
    first) is gone: it is dropped, and the person covers the words."""
    from deduce_fr.deidentifier import kin_relatives

    text = "Commerce tenu par son neveu Ara Sarkissian."
    name, surname = text.index("Ara"), text.index("Sarkissian")
    end = surname + len("Sarkissian")
    patient = Patient.from_dict({"surname": "Sarkissian", "first_names": ["Hovig"]})
    out = kin_relatives([(surname, end, "PATIENT"), (name, end, "PERSON"), (name, end, "INSTITUTION")], text, patient)
    assert out == [(surname, end, "PERSON"), (name, end, "PERSON")]
    other = "Commerce de M. Sarkissian."  # no kin word: the patient's own shop, nothing changes
    at = other.index("Sarkissian")
    unrelated = [(at, at + len("Sarkissian"), "PATIENT"), (0, 8, "INSTITUTION")]
    assert kin_relatives(unrelated, other, patient) == unrelated
