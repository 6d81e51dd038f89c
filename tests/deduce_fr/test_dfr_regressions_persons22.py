"""Session-19 PERSON regressions (persons22), written in our own words (no string from a case file): names after a
grade of the police, the gendarmerie, the armed forces or the fire brigades ('brigadier Henriot.', 'caporal-chef
MORVAN'), an office addressed by its article that is no name ('Madame le Juge'), a lawyer's title left out of a
labelled value ('Avocat : Me Hugues Ravel'), a patient's alias in capitals ('alias « KACI Nordine »'); the header
lines of exports and the speakers of chat lines found by the faster scans of this wave (same outputs); with hard
negatives (streets named after a general, a unit's acronym after a grade, a capitalised 'Le' surname)."""

from __future__ import annotations

import pytest

from deduce_fr import Deidentifier
from deduce_fr.annotators import Context
from deduce_fr.lookups import fold_aligned
from deduce_fr.persons_extra import PersonsExtraAnnotator
from deduce_fr.persons_messages import _line_heads
from deduce_fr.tokenizer import tokenize
from deduce_fr.types import Patient


def spans(deid: Deidentifier, text: str, patient: Patient | None = None) -> dict[str, str]:
    return {s.text: s.tag for s in deid.annotate(text, patient=patient).spans}


@pytest.mark.parametrize(("text", "name"), [
    ("Procès-verbal dressé par le brigadier Chaumette.", "Chaumette"),
    ("Sur place : le caporal-chef MORVAN (SDIS 56) et deux équipiers.", "MORVAN"),
    ("Témoin : gardien de la paix Ouardi, commissariat central.", "Ouardi"),
    ("Accompagné par l'adjudant Yves Kerbrat, gendarmerie de Pontivy.", "Yves Kerbrat"),
    ("Militaire du rang, sergent Vandamme, 3e régiment.", "Vandamme"),
])
def test_a_name_after_a_grade_is_a_person(deid: Deidentifier, text: str, name: str) -> None:
    assert spans(deid, text).get(name) == "PERSON"


@pytest.mark.parametrize(("text", "word"), [
    ("Domicile : 8 avenue du Général Delestraint, 38000 Grenoble.", "Delestraint"),  # a street's name
    ("Appel du capitaine SDIS de garde à 3 h.", "SDIS"),  # a unit's acronym
    ("Le commandant de bord a prévenu le régulateur.", "bord"),
])
def test_a_grade_before_no_name_gives_no_person(deid: Deidentifier, text: str, word: str) -> None:
    assert all(not (word in t and tag == "PERSON") for t, tag in spans(deid, text).items())


@pytest.mark.parametrize("text", [
    "Madame le Juge,\nSuite à votre ordonnance, j'ai examiné la requérante.",
    "Monsieur le Président du tribunal,\nVeuillez trouver ci-joint mon rapport.",
    "Madame la Procureure,\nJe vous adresse le certificat demandé.",
])
def test_an_office_addressed_is_no_person(deid: Deidentifier, text: str) -> None:
    assert not any(tag in ("PERSON", "PATIENT") for tag in spans(deid, text).values())


def test_a_surname_led_by_a_capitalised_article_stays_a_person(deid: Deidentifier) -> None:
    found = spans(deid, "Vue par Mme Le Bihan, kinésithérapeute.")
    assert found.get("Le Bihan") == "PERSON"


def test_a_lawyers_title_stays_out_of_a_labelled_name(deid: Deidentifier) -> None:
    found = spans(deid, "Conseil de la victime : Me Armelle Quéré, barreau de Vannes.")
    assert found.get("Armelle Quéré") == "PERSON"
    assert "Me Armelle Quéré" not in found


def test_an_alias_in_capitals_of_the_patient_is_the_patient(deid: Deidentifier) -> None:
    patient = Patient(first_names=["Nordine"], surname="Benali")
    found = spans(deid, "Détenu : BENALI Nordine / alias « KACI Nordine » (identité déclarée).", patient)
    assert found.get("KACI Nordine") == "PATIENT"
    # an acronym after 'alias' is no name
    assert "SDF" not in spans(deid, "Hébergé au 115, alias SDF du quartier.")


def _context(deid: Deidentifier, text: str) -> Context:
    return Context(text=text, tokens=tokenize(text), lookups=deid.lookups)


@pytest.mark.parametrize(("text", "header_lines"), [
    ("NOM;PRENOM;DDN\nDUPRE;ALINE;01/02/1950", [0]),  # the first line
    ("Export du jour\nIPP;nom;prénom\n1;GAUTIER;LEA", [15]),  # a later line
    ("date;heure;action;patient\n12/05;10:02;ouverture;ROCHE", [0]),  # the last cell only, no gate elsewhere
    # a gate on another line ('patient de 80 ans,'): the last-cell rule is not tried
    ("Le patient de 80 ans, chute.\ndate;heure;action;patient\n12/05;10:02;ouverture;ROCHE", []),
    ("Compte rendu : rien de notable, patient calme.", []),
])
def test_export_header_lines(deid: Deidentifier, text: str, header_lines: list[int]) -> None:
    assert PersonsExtraAnnotator._header_lines(text, fold_aligned(text)) == header_lines


def test_chat_speakers_on_every_line(deid: Deidentifier) -> None:
    text = "Flo : tu passes ?\n08:12 Kevin L. : oui\n" + " " * 50 + "Zoé : trop loin\nNico, tu vois ?"
    heads = [m.group("name") for m in _line_heads(text)]
    assert heads == ["Flo", "Kevin", "Nico"]  # (a speaker after 50 blanks: the line's head holds no separator)
