"""Session-15 regressions for AGE, ID, PHONE and one DATE/PATIENT clash, each written here in our own words for a
phenomenon (never a sentence copied from a case file), with hard negatives next to each rule."""

from __future__ import annotations

import pytest

from deduce_fr import Deidentifier, Patient


def spans(deid: Deidentifier, text: str, tag: str, patient: Patient | None = None) -> list[str]:
    return [s.text for s in deid.annotate(text, patient=patient).spans if s.tag == tag]


# ---------------------------------------------------------------- phones
@pytest.mark.parametrize(("text", "phone"), [
    # a Luxembourg mobile without its '+352': 6x1 and six digits, in either grouping, cue or not
    ("Prévenir la sœur, Mme Anne Kieffer, 661 40 52 87, si besoin.", "661 40 52 87"),
    ("Portable du fils : 628 905 113", "628 905 113"),
    # a cued number with no trunk '0' (a Luxembourg landline, a Belgian number whose 0 was dropped)
    ("Tél. : 45 87 12 30 (domicile)", "45 87 12 30"),
    ("GSM 4 372 18 60 le soir", "4 372 18 60"),
    # separators spaced out by an OCR or a typist
    ("Fax : 02 . 477 . 31 . 90", "02 . 477 . 31 . 90"),
])
def test_phones_without_trunk_prefix(deid: Deidentifier, text: str, phone: str) -> None:
    assert phone in spans(deid, text, "PHONE")


@pytest.mark.parametrize("text", [
    "Poste 4412 pour la salle de plâtre.",            # an internal extension: one group
    "Tél. 12 34",                                     # too short to be a number
    "Kyste de 631 512 224 mm3 ? erreur de saisie.",    # a Luxembourg-mobile shape before a unit
    "Cotations 02 - 03 - 04 - 05 aux quatre membres.",  # short padded groups: eight digits, no phone
])
def test_phone_hard_negatives(deid: Deidentifier, text: str) -> None:
    assert spans(deid, text, "PHONE") == []


# ---------------------------------------------------------------- identifiers
def test_luxembourg_matricule_in_groups_is_one_id(deid: Deidentifier) -> None:
    text = "Identifiant national (Luxembourg) 1962 1127 40815, assurée CNS."
    assert "1962 1127 40815" in spans(deid, text, "ID")
    assert spans(deid, text, "PHONE") == []          # its tail is no phone


def test_matricule_shape_needs_a_valid_date(deid: Deidentifier) -> None:
    # month 14 and day 45: no birth date, so no matricule (the digit groups may still be read otherwise)
    assert "1962 1445 40815" not in spans(deid, "Série 1962 1445 40815 du lot.", "ID")


# ---------------------------------------------------------------- ages
@pytest.mark.parametrize(("text", "age"), [
    ("Frau Hensen, 58 Jahre, Sturz auf die Schulter.", "58 Jahre"),   # German unit, capitalised
    ("Ein 71-jähriger Landwirt, Schmerzen im Knie.", "71-jähriger"),  # German adjective age
    ("Patiënte, 33 jaar, val van de trap.", "33 jaar"),               # Dutch person word, then the age
    ("Âge patient : 47 a", "47 a"),                                   # a form label with 'patient'
    ("Âge au moment de l'examen : 12 ans", "12 ans"),                 # a form label with its moment
    ("Âge (ans) : 66", "66"),
])
def test_foreign_and_form_ages(deid: Deidentifier, text: str, age: str) -> None:
    assert age in spans(deid, text, "AGE")


@pytest.mark.parametrize("text", [
    "Behandlung seit 3 Jahre ohne Besserung.",        # a German duration, no person word before it
    "Revu 2 mois après la chute, consolidé.",          # a delay, not an age
    "Âge osseux (Greulich et Pyle) : 11 ans.",         # a bone age is a measure
])
def test_age_hard_negatives(deid: Deidentifier, text: str) -> None:
    assert spans(deid, text, "AGE") == []


# ---------------------------------------------------------------- an OCR'd birth date after 'née le'
def test_ocr_birth_date_is_not_a_maiden_name(deid: Deidentifier) -> None:
    patient = Patient(first_names=["Josiane"], surname="Peeters")
    text = "PEE TERS Josiane, née le O4/11/1958\nRx genou."
    assert "O4/11/1958" in spans(deid, text, "DATE", patient)
    assert not any(s.startswith("le") for s in spans(deid, text, "PATIENT", patient))
    # the maiden name rule still works
    assert "LAMBERT" in spans(deid, "PEETERS Josiane née LAMBERT, chute.", "PATIENT", patient)


# ---------------------------------------------------------------- structured exports
@pytest.mark.parametrize(("text", "date"), [
    ("(0010,0030) DA [19671203]", "19671203"),                     # a DICOM date value
    ("PatientBirthDate=19671203", "19671203"),                     # a key named as a date
    ("CT;LEROY;ANNE;19671203;F;TDM thorax", "19671203"),           # a field of a delimited row
    ("Née le 03121967 à Namur", "03121967"),                       # day first after a birth cue
])
def test_compact_dates_are_dates(deid: Deidentifier, text: str, date: str) -> None:
    assert date in spans(deid, text, "DATE")


@pytest.mark.parametrize("text", [
    "IPP 19671203",                  # an id cue, no date label: the number stays an ID
    "Lot 20240219 du vaccin",
])
def test_compact_date_hard_negatives(deid: Deidentifier, text: str) -> None:
    assert spans(deid, text, "DATE") == []


@pytest.mark.parametrize(("text", "age"), [
    ("SEXE;M\nAGE;58;ANS", "58"),
    ("Age|81|F", "81"),
    ("PatientAge=7", "7"),
])
def test_age_fields_of_exports(deid: Deidentifier, text: str, age: str) -> None:
    assert age in spans(deid, text, "AGE")


@pytest.mark.parametrize("text", ["Dosage;70;mg", "age;150", "Stage|3|B"])
def test_age_field_hard_negatives(deid: Deidentifier, text: str) -> None:
    assert spans(deid, text, "AGE") == []


# ---------------------------------------------------------------- a day of the month alone
@pytest.mark.parametrize(("text", "day"), [
    ("Je la reverrai le 23.", "23"),                         # closing its clause
    ("Elle passe chez vous le 9 à 14h pour le plâtre.", "9"),  # before a time
    ("Douleurs depuis le 1er, sans fièvre.", "1er"),
])
def test_lone_day_of_month(deid: Deidentifier, text: str, day: str) -> None:
    assert day in spans(deid, text, "DATE")


@pytest.mark.parametrize("text", [
    "En cas d'aggravation, appeler le 15.",                  # the emergency number
    "Sonde vésicale du 14.",                                 # a size
    "Glasgow le 12 à l'arrivée, puis 15.",                   # a score, not closing a clause
    "Il habite au 3e étage, chambre du 12.",                 # a room
])
def test_lone_day_hard_negatives(deid: Deidentifier, text: str) -> None:
    assert spans(deid, text, "DATE") == []


# ---------------------------------------------------------------- exports: DICOM dumps, tables, caret names
def test_caret_names_split_into_components(deid: Deidentifier) -> None:
    text = "(0008,0090) ReferringPhysicianName: LAMBRECHTS^ODILE^^^DR\n(0010,0010) PatientName: KOWALSKI^IGOR"
    persons = spans(deid, text, "PERSON")
    assert "LAMBRECHTS" in persons and "ODILE" in persons          # one span per component, the title dropped
    assert not any("^" in p or "DR" == p for p in persons)


def test_dicom_study_id_and_age_string(deid: Deidentifier) -> None:
    text = "(0020,0010) StudyID            58213\n(0020,0011) SeriesNumber 2\nSubject: X^Y   Age: 063Y"
    assert "58213" in spans(deid, text, "ID")
    assert "2" not in spans(deid, text, "ID")                      # a series number is no identifier
    assert "063Y" in spans(deid, text, "AGE")


def test_age_column_of_a_table(deid: Deidentifier) -> None:
    text = ("| Heure | Patient        | Âge | Examen     |\n"
            "| 09:10 | FAVRE Lucien   | 72  | RX genou   |\n"
            "| 09:25 | ROUX Nadia     | 8   | RX poignet |\n"
            "Total : 2 examens, salle 3")
    ages = spans(deid, text, "AGE")
    assert "72" in ages and "8" in ages
    assert "2" not in ages and "3" not in ages                      # after the table: no column


def test_compact_dates_in_a_delimited_row(deid: Deidentifier) -> None:
    text = "NOM;PRENOM;DDN;ACC\nLEGRAND;ODILE ;24061949;B0045512\n"
    assert "24061949" in spans(deid, text, "DATE")
    assert "B0045512" in spans(deid, text, "ID")


# ---------------------------------------------------------------- instance UIDs damaged by an OCR or a line end
@pytest.mark.parametrize(("text", "uid"), [
    ("Study UID : 1.2.25O.1.77.601.224.51873209.2O25011408", "1.2.25O.1.77.601.224.51873209.2O25011408"),  # O for 0
    ("UID 1.2.840.1136l9.2.44.7.9012l.1736251104", "1.2.840.1136l9.2.44.7.9012l.1736251104"),          # l for 1
    ("Instance UID: 1.2.840.113619.2.44.7.\n9012301.1736251104.7", "1.2.840.113619.2.44.7.\n9012301.1736251104.7"),
])
def test_damaged_instance_uids_are_one_id(deid: Deidentifier, text: str, uid: str) -> None:
    assert uid in spans(deid, text, "ID")


def test_a_sentence_after_a_uid_stays_out(deid: Deidentifier) -> None:
    text = "UID 1.2.840.113619.2.44.7.9012301.1736251104.\nFin du compte rendu, 2 clichés."
    assert "1.2.840.113619.2.44.7.9012301.1736251104" in spans(deid, text, "ID")
