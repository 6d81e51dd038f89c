"""Session-16 regressions for AGE, DATE and PHONE (misc17), each written here in our own words for a phenomenon
(never a line copied from a case file), with hard negatives next to each rule."""

from __future__ import annotations

import pytest

from deduce_fr import Deidentifier


def spans(deid: Deidentifier, text: str, tag: str) -> list[str]:
    return [s.text for s in deid.annotate(text).spans if s.tag == tag]


# ---------------------------------------------------------------- an age, then where the person lives
@pytest.mark.parametrize(("text", "age"), [
    ("Mme FOURNIER 93 ans de l'EHPAD du Parc : chute dans la salle à manger", "93 ans"),
    ("M. Collin 87 ans de la résidence Les Genêts, douleur de hanche", "87 ans"),
    ("M. Diallo 34 ans d'origine guinéenne, toux depuis un mois", "34 ans"),
])
def test_an_age_glued_to_a_name_before_de_and_a_home(deid: Deidentifier, text: str, age: str) -> None:
    assert age in spans(deid, text, "AGE")


@pytest.mark.parametrize("text", [
    # 'de' and a habit or a follow-up: a duration, even right after a name
    "Mme Garnier 25 ans de tabagisme sevré",
    "M. Roche 12 ans de recul sur sa prothèse",
    "il y a 10 ans de la clinique au domicile",
])
def test_a_duration_before_de_stays(deid: Deidentifier, text: str) -> None:
    assert spans(deid, text, "AGE") == []


# ---------------------------------------------------------------- grandparents in family messages
def test_a_grandparent_word_before_an_age(deid: Deidentifier) -> None:
    assert spans(deid, "bonjour, papy 91 ans a encore chuté cette nuit", "AGE") == ["91 ans"]
    assert spans(deid, "mamie depuis 3 ans en maison de repos", "AGE") == []  # a duration after 'depuis'


# ---------------------------------------------------------------- English ages (teaching files, letters from abroad)
@pytest.mark.parametrize(("text", "age"), [
    ("Case 4: a 6-week-old boy with a swollen thigh", "6-week-old"),
    ("an 81 yr old woman after a fall", "81 yr old"),
    ("Patient aged 57, smoker, referred for a chest film", "57"),
])
def test_english_ages(deid: Deidentifier, text: str, age: str) -> None:
    assert age in spans(deid, text, "AGE")


def test_english_durations_stay(deid: Deidentifier) -> None:
    assert spans(deid, "the plate was removed 2 years later", "AGE") == []


# ---------------------------------------------------------------- English dates, month first or ordinal day
@pytest.mark.parametrize(("text", "date"), [
    ("I had a CT scan at your hospital on November 14 during my holiday", "November 14"),
    ("Follow-up booked for Feb. 3, 2025 with Dr Smith", "Feb. 3, 2025"),
    ("She was admitted on the 22nd of August 2024", "22nd of August 2024"),
    ("Surgery: Tuesday, June 7th", "June 7th"),
])
def test_english_dates(deid: Deidentifier, text: str, date: str) -> None:
    assert date in spans(deid, text, "DATE")


@pytest.mark.parametrize("text", [
    "Mar 5 mg per day was prescribed",  # a dose, not a day
    "you may 3 times a day take it",  # a verb in lower case
])
def test_english_month_words_that_are_no_dates(deid: Deidentifier, text: str) -> None:
    assert spans(deid, text, "DATE") == []


# ---------------------------------------------------------------- a weekday cut short before a day/month
@pytest.mark.parametrize(("text", "date"), [
    ("scanner fait jeu. 14/11 au CH voisin", "jeu. 14/11"),  # misc23: the weekday is inside the date, as most writers tag it
    ("IRM prévue ven 6/12, à jeun", "6/12"),
])
def test_a_short_weekday_before_a_day_and_month(deid: Deidentifier, text: str, date: str) -> None:
    assert date in spans(deid, text, "DATE")


def test_a_fraction_without_a_weekday_stays(deid: Deidentifier) -> None:
    assert spans(deid, "force cotée 4/5 au quadriceps", "DATE") == []


# ---------------------------------------------------------------- French special-rate numbers with a lone '0'
@pytest.mark.parametrize(("text", "phone"), [
    ("Permanence : 0 800 47 11 39 (appel gratuit)", "0 800 47 11 39"),
    ("service client au 0 809 100 200.", "0 809 100 200"),
    ("écrire ou appeler le 0.825.31.12.40", "0.825.31.12.40"),
])
def test_french_special_numbers(deid: Deidentifier, text: str, phone: str) -> None:
    assert spans(deid, text, "PHONE") == [phone]


@pytest.mark.parametrize("text", [
    "densité 0 812 UH",  # a measure after a zero
    "ratio 0.812.3",  # no grouping of a phone
])
def test_numbers_after_a_zero_that_are_no_phones(deid: Deidentifier, text: str) -> None:
    assert spans(deid, text, "PHONE") == []


# ---------------------------------------------------------------- a lone year next to a modality in an exam history
@pytest.mark.parametrize(("text", "years"), [
    ("Comparatifs : 2018 IRM RACHIS L ; 2022 RX BASSIN", ["2018", "2022"]),
    ("Antériorités — TDM 2020, Echo 2023", ["2020"]),
    ("- 2017 : scanner thoracique normal", ["2017"]),
])
def test_a_year_by_a_modality(deid: Deidentifier, text: str, years: list[str]) -> None:
    found = spans(deid, text, "DATE")
    assert all(y in found for y in years)


@pytest.mark.parametrize("text", [
    "environ 2000 RX par an dans le service",  # a count inside a sentence, no list item
    "IRM 1500 coupes reconstruites",  # a count after a modality, the item goes on
])
def test_numbers_by_a_modality_that_are_no_years(deid: Deidentifier, text: str) -> None:
    assert spans(deid, text, "DATE") == []


# ---------------------------------------------------------------- an age bound of a population
@pytest.mark.parametrize("text", [
    "Le dépistage concerne les hommes âgés de 50 ans et plus.",
    "registre : personnes de 75 ans ou plus vivant à domicile",
])
def test_an_open_age_bound_is_no_age(deid: Deidentifier, text: str) -> None:
    assert spans(deid, text, "AGE") == []


def test_an_age_before_et_plus_de_stays(deid: Deidentifier) -> None:
    # 'et plus de' goes on with another quantity: the age is a person's
    assert spans(deid, "son père de 84 ans et plus de trois chutes cette année", "AGE") == ["84 ans"]


# ---------------------------------------------------------------- a phone read aloud with the engine's commas
def test_a_dictated_phone_with_commas(deid: Deidentifier) -> None:
    text = "joignable au zéro six, quarante et un, dix-huit, vingt-deux, trente virgule merci"
    assert spans(deid, text, "PHONE") == ["zéro six, quarante et un, dix-huit, vingt-deux, trente"]


def test_a_short_count_after_a_phone_cue_is_no_phone(deid: Deidentifier) -> None:
    assert spans(deid, "rappeler zéro, un, deux fois par jour", "PHONE") == []


# ---------------------------------------------------------------- a newborn's days after 'de' and a child word
@pytest.mark.parametrize(("text", "age"), [
    ("Échographie transfontanellaire : nourrisson de 11 j, apnées", "11 j"),
    ("un bébé de 6 j adressé pour ictère", "6 j"),
])
def test_days_of_a_child_after_de(deid: Deidentifier, text: str, age: str) -> None:
    assert spans(deid, text, "AGE") == [age]


@pytest.mark.parametrize("text", [
    "antibiothérapie de 10 j, puis relais oral",  # a treatment's length
    "toux depuis 12 j, fébrile",  # a duration after 'depuis'
])
def test_days_after_de_without_a_child_stay(deid: Deidentifier, text: str) -> None:
    assert spans(deid, text, "AGE") == []


# ---------------------------------------------------------------- a day alone after 'au' when an appointment moves
@pytest.mark.parametrize(("text", "day"), [
    ("Pourriez-vous décaler mon rendez-vous au 18 ? Bien à vous", "18"),
    ("Contrôle radiologique reporté au 9.", "9"),
])
def test_a_moved_appointment_day(deid: Deidentifier, text: str, day: str) -> None:
    assert spans(deid, text, "DATE") == [day]


@pytest.mark.parametrize("text", [
    "remonté au 4, chambre 12",  # a floor
    "EVA passée de 8 au 3.",  # a range of scores
    "appeler au 15.",  # an emergency number
])
def test_au_and_a_number_that_is_no_day(deid: Deidentifier, text: str) -> None:
    assert spans(deid, text, "DATE") == []
