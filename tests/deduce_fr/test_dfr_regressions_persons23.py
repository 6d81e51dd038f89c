"""Relatives and carers named in lists and notes, relatives sharing the patient's family name, names cut at a
header's dash, and eponyms of tests and classifications that are no one's name (persons23).

Cases written for this file (never copied from an evaluation set).
"""

from __future__ import annotations

import pytest

from deduce_fr import Deidentifier, Patient


def spans(deid: Deidentifier, text: str, patient: Patient | None = None) -> set[tuple[str, str]]:
    return {(s.text, s.tag) for s in deid.annotate(text, patient=patient).spans}


GIRL = Patient(first_names=["Lilou"], surname="Marchetti", birth_date="2022-03-09", sex="F")
WOMAN = Patient(first_names=["Odile"], surname="Vasseur", birth_date="1951-06-02", sex="F")
ADULT_MAN = Patient(first_names=["Bruno"], surname="Carrel", birth_date="1970-01-15", sex="M")


@pytest.mark.parametrize(("text", "patient", "found"), [
    # the family name alone after an adult's civility: the parent of a child patient
    ("Lilou a bien dormi. papa (m. marchetti) repasse ce soir.", GIRL, [("marchetti", "PERSON"), ("Lilou", "PATIENT")]),
    ("Lilou revue en 2025. Madame Marchetti, merci de rappeler.", GIRL, [("Marchetti", "PERSON")]),
    # ... or of the other sex than the patient's: the spouse
    ("Odile Vasseur hospitalisée. Appel de M. Vasseur ce matin.", WOMAN, [("Vasseur", "PERSON")]),
    # the patient herself, an adult of the civility's sex
    ("Mme Vasseur Odile, revue ce jour.", WOMAN, [("Vasseur Odile", "PATIENT")]),
    # relatives and carers as a list's labels, a qualifier or a bracket before the colon
    ("Antécédents familiaux :\nOncle maternel : Firmin, diabète.\nDemi-sœur (même mère) : Thuy, 6 ans.", None,
     [("Firmin", "PERSON"), ("Thuy", "PERSON")]),
    ("Grand-mère paternelle : Mai Nguyen, 70 ans, glaucome.", None, [("Mai Nguyen", "PERSON")]),
    ("Suivi à la halte-garderie. Référent : Gaëtan.", None, [("Gaëtan", "PERSON")]),
    ("Mama Anouk belt morgen terug.", None, [("Anouk", "PERSON")]),
    # a short given name after a possessive and a kin word; a carer's initial after the role
    ("Dort chez son frère Eli, pas de mutuelle.", None, [("Eli", "PERSON")]),
    ("09h30 - passage IDE R. (cabinet infirmier)", None, [("R.", "PERSON")]),
    # a relative's list entry holding the patient's family name is the relative's
    ("Cousin germain : Duc Vo, 30 ans.", Patient(first_names=["Minh"], surname="Vo"), [("Duc Vo", "PERSON")]),
    # a name ends at a header's dash before an organisation
    ("DR KERVADEC - CHU BREST", None, [("KERVADEC", "PERSON")]),
])
def test_found(deid: Deidentifier, text: str, patient: Patient | None, found: list[tuple[str, str]]) -> None:
    got = spans(deid, text, patient)
    for item in found:
        assert item in got, (text, got)


@pytest.mark.parametrize(("text", "patient", "word"), [
    # eponyms of signs, classifications and devices
    ("Bilan de scoliose : Adams positif.", None, "Adams"),
    ("Avulsion de l'épine tibiale, Meyers et McKeever type III.", None, "Meyers"),
    ("Avulsion de l'épine tibiale, Meyers et McKeever type III.", None, "McKeever"),
    ("Chaussure de décharge Barouk pour 6 semaines.", None, "Barouk"),
    ("Attelle de Denis Browne la nuit.", None, "Browne"),
    ("Clichés de face et profil de Lamy.", None, "Lamy"),
    # a participle in a capital heading, a demonym and a Dutch verb after a kin word
    ("SUIVI DU PATIENT OPÉRÉ", None, "OPÉRÉ"),
    ("Mère bretonne, père savoisien (M. Jean Dupraz).", None, "savoisien"),
    ("Papa zegt dat alles goed gaat.", None, "zegt"),
    # a list label then a word that is no name
    ("Tante paternelle : Lyon.", None, "Lyon"),
    ("Antécédents : son père RAS.", None, "RAS"),
])
def test_not_a_name(deid: Deidentifier, text: str, patient: Patient | None, word: str) -> None:
    got = spans(deid, text, patient)
    assert not any(word in t and tag in ("PERSON", "PATIENT") for t, tag in got), (text, got)


def test_patient_keeps_tag_without_first_name(deid: Deidentifier) -> None:
    # no first name of the patient in the text: the metadata's sex may describe another person than 'M. X'
    got = spans(deid, "M. Carrel est accompagné de sa fille.", Patient(first_names=["Sabine"], surname="Carrel",
                                                                        sex="F"))
    assert ("Carrel", "PATIENT") in got, got


def test_adult_patient_keeps_tag(deid: Deidentifier) -> None:
    got = spans(deid, "M. Carrel, 55 ans, vu avec Bruno pour son genou.", ADULT_MAN)
    assert ("Carrel", "PATIENT") in got, got


def test_a_newborns_bracketed_sex_is_no_relative(deid) -> None:
    """'(fille)' after a newborn named by the family name is the baby's sex: the name stays the patient's; after an
    adult's civility it still names a relative (the integrator's fix in deidentifier.keep_relatives' kin check)."""
    patient = {"first_names": [], "surname": "Ferrand", "birth_date": "2026-11-20", "sex": "F", "ids": []}
    baby = deid.annotate("Bébé Ferrand (fille), née à 39 SA, 3,1 kg. Hanches centrées.", patient=patient)
    assert [(s.tag, s.text) for s in baby.spans if s.text == "Ferrand"] == [("PATIENT", "Ferrand")]
    adult = deid.annotate("Entretien avec Mme Ferrand (fille) ce jour.", patient=patient)
    assert [(s.tag, s.text) for s in adult.spans if s.text == "Ferrand"] == [("PERSON", "Ferrand")]
