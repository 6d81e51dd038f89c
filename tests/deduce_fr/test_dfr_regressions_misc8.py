"""Session-14 regressions for AGE, DATE and PHONE, each written here in our own words for a phenomenon
(never a sentence copied from a case file), with hard negatives next to each rule; and the lone-times
question measured at its boundary (``find_dates(times=False)``)."""

from __future__ import annotations

import pytest

from deduce_fr import Deidentifier
from deduce_fr.dates import TIME_KIND, find_dates


def spans(deid: Deidentifier, text: str, tag: str) -> list[str]:
    return [s.text for s in deid.annotate(text).spans if s.tag == tag]


# ---------------------------------------------------------------- ages
@pytest.mark.parametrize(("text", "age"), [
    # an age in words after a relative, with or without 'de' / 'âgé de' (the digit rule's words)
    ("Son oncle de soixante-treize ans l'héberge.", "soixante-treize ans"),
    ("Un neveu âgé de onze ans était présent.", "onze ans"),
    ("Le demi-frère de seize ans a appelé.", "seize ans"),
    # after a verb of having an age
    ("Il a eu quarante-cinq ans samedi.", "quarante-cinq ans"),
    ("Elle fêtait ses soixante-dix ans.", "soixante-dix ans"),
    # the ligature: fold keeps 'œ', so 'sœur' must be a person noun by itself
    ("Une petite sœur de 6 ans est gardée par la grand-mère.", "6 ans"),
    ("Sa belle-sœur, 39 ans, l'a conduit.", "39 ans"),
    # birth order words
    ("La benjamine, 4 ans, va bien.", "4 ans"),
    # an age by its decade after a person word
    ("Une dame d'une soixantaine d'années est tombée.", "soixantaine d'années"),
    ("Homme dans la trentaine, plaie de la main.", "trentaine"),
    ("Consultation 14/05 (anniv. 47 ans) - lombalgie", "47 ans"),   # a birthday says the age
    ("RX BASSIN - KOWALCZYK Jan : 61 ans", "61 ans"),               # a colon after a name
    ("Vu ce jour Paul Renard (M/52) pour lombalgie.", "52"),        # a sex and an age in brackets
    ("Urgences pédiatriques : Noah quatre ans, otalgie.", "quatre ans"),  # a first name, then an age in words
    # telegraphic request headers: 'N A' after a dash that follows a name in capitals, or a sex then a bracket
    ("ECHO HANCHE - GIRARD THEO - 9 A", "9 A"),
    ("SAU 04/05 - H 61 a (malaise)", "61 a"),
    ("vu par le Dr B. pour mme r. 70 ans", "70 ans"),           # a lower-case title and an initial
])
def test_ages_in_running_text(deid: Deidentifier, text: str, age: str) -> None:
    assert age in spans(deid, text, "AGE")


@pytest.mark.parametrize("text", [
    "Arthrose connue depuis une trentaine d'années.",       # a duration by its decade
    "Mise en quarantaine à domicile pour la grippe.",        # isolation, not an age
    "Une vingtaine de lits sont ouverts.",                   # a count
    "Il y avait trois ans qu'il n'avait pas consulté.",      # 'y avait': a delay
    "Le frère, revu trois ans plus tard, est stable.",       # a delay after a relative
    "Repos prévu 6 semaines.",                               # a common word glued to a duration
    "Attelle conseillée 3 semaines puis kinésithérapie.",
    "ECHO HANCHE - BILAN - 2 A",                             # a medical word in capitals before the dash
    "Scoliose : classe 3 A selon la classification.",
    "Antécédents : Diabète : 10 ans d'évolution.",           # a colon after a disease: a duration
    "Classification (M/45) hors sujet.",                     # brackets after a common word
    "Bouquet de Rose deux ans plus tard.",                   # a first name that is a common word, then a delay
])
def test_not_ages(deid: Deidentifier, text: str) -> None:
    assert spans(deid, text, "AGE") == []


# ---------------------------------------------------------------- dates
@pytest.mark.parametrize(("text", "date"), [
    # a year in words after a year's cue (as 'né en 1967' is read)
    ("Née en mille neuf cent trente-deux à Namur.", "mille neuf cent trente-deux"),
    ("Opérée en deux mille dix-sept, sans suite.", "deux mille dix-sept"),
    # a digit day, a month, then the year in words: one span, the day included
    ("Vu le 9 juin deux mille vingt-trois.", "9 juin deux mille vingt-trois"),
    ("Depuis le 1er octobre deux mille vingt-deux.", "1er octobre deux mille vingt-deux"),
    # the first of the month in untidy ordinal forms
    ("Admission le 1 er février 2025.", "1 er février 2025"),
    ("Contrôle prévu le 1° septembre.", "1° septembre"),
    # a day of the current month
    ("Il a chuté le 17 courant au domicile.", "17"),
    ("Revu depuis le 4 de ce mois.", "4"),
    # HL7 v2 messages: compact dates and date-times in their fields
    ("PID|1||4471020^^^CHU||MARTIN^LEA||19830514|F|||", "19830514"),
    ("OBR|1|77812||RX POIGNET|||202503110845||||||chute", "202503110845"),
    # a night from one day to the next, the month left out
    ("Transmissions : nuit du 11 au 12, patient confus.", "11 au 12"),
    # a span of years in brackets: each year
    ("Ancien mineur (1961-1990), silicose.", "1961"),
    ("Ancien mineur (1961-1990), silicose.", "1990"),
])
def test_partial_and_spoken_dates(deid: Deidentifier, text: str, date: str) -> None:
    assert date in spans(deid, text, "DATE")


@pytest.mark.parametrize("text", [
    "Une franchise de deux mille euros reste à charge.",    # an amount, no cue
    "Parcourt en deux mille mètres sans dyspnée.",          # a cue, then a unit: a quantity
    "Logement au 1 er étage sans ascenseur.",               # an ordinal floor, no month
    "Compresses à changer 3 fois par mois courant.",        # 'courant' without a day
    "OBX|1|NM|GLU||20230101999|mmol/l",                      # too many digits for a date
    "Antibiotiques du 4 au 9 : amoxicilline.",               # days of a course, no night or week-end
    "Plaquettes (1500-2000 /mm3 attendues)",                 # numbers that are no years
])
def test_not_dates(deid: Deidentifier, text: str) -> None:
    assert spans(deid, text, "DATE") == []


def test_lone_times_are_dates_by_default_and_optional() -> None:
    """Times of day are DATE by default (the shipped cases tag them); with times=False only dates are found."""
    text = "Admis le 03/02/2025 à 21h40, revu vers 7h."
    kinds = [d.kind for d in find_dates(text)]
    assert kinds.count(TIME_KIND) == 2
    without = find_dates(text, times=False)
    assert [text[d.start : d.end] for d in without] == ["03/02/2025"]


# ---------------------------------------------------------------- phones
@pytest.mark.parametrize(("text", "phone"), [
    # OCR damage in the first group too (trunk zero read as 'O', then 'l' for 1)
    ("Tél : O3 8l 22 45 67", "O3 8l 22 45 67"),
    ("Tél : O4 9O l1 23 45", "O4 9O l1 23 45"),
])
def test_damaged_phones(deid: Deidentifier, text: str, phone: str) -> None:
    assert phone in spans(deid, text, "PHONE")


@pytest.mark.parametrize(("text", "phone"), [
    ("Joindre le cabinet au Tél.0387123456 le matin.", "0387123456"),   # a cue glued by its full stop
    ("Rappeler la fille, tél.0498 76 54 32.", "0498 76 54 32"),
    ("Famille à l'étranger : 00 33 6 98 76 54 32.", "00 33 6 98 76 54 32"),  # '00' apart from the country code
    ("Fille au Québec, +1 (418) 555-0142.", "+1 (418) 555-0142"),        # a North American number
])
def test_phones_in_untidy_layouts(deid: Deidentifier, text: str, phone: str) -> None:
    assert phone in spans(deid, text, "PHONE")


@pytest.mark.parametrize("text", [
    "Score O2 : 34 points",          # an oxygen label then a count, no phone layout
    "Lot lO 23",                     # too short to be a phone
    "Taux mesuré.0,45 mg/l",         # a full stop before a decimal, no cue
    "Dilution 00 32 fois",           # '00 32' without a phone's length
    "Score +1 (sur 5)",              # '+1' with no number after it
])
def test_not_damaged_phones(deid: Deidentifier, text: str) -> None:
    assert spans(deid, text, "PHONE") == []
