"""Wave-7 regressions for AGE, ID, PHONE and DATE (session 13), each in our own words for a phenomenon
the dev sets showed, with hard negatives; and the equivalence of the fast scans with the patterns they
stand in for (speed work that must not change a single output)."""

from __future__ import annotations

import random
import re

import pytest

from deduce_fr import Deidentifier
from deduce_fr import ages_dates_extra as ade
from deduce_fr.dates import TIME_KIND, find_dates
from deduce_fr.lookups import fold_aligned


def spans(deid: Deidentifier, text: str, tag: str) -> list[str]:
    return [s.text for s in deid.annotate(text).spans if s.tag == tag]


# ---------------------------------------------------------------- ages
@pytest.mark.parametrize(("text", "age"), [
    ("Fillette âgée de trois ans et demi, chute du lit.", "trois ans et demi"),    # half year after words
    ("Patient de soixante ans et demi, dyspnée.", "soixante ans et demi"),
    ("Lambert Odile (84) chute dans la cuisine", "84"),                           # bracketed, then running text
    ("Mr K. 58 ans, lombalgie", "58 ans"),                                         # a title and an initial
    ("Mme T., 8 mois, fièvre", "8 mois"),
    ("NN de 4 jours, ictère", "4 jours"),                                          # newborn, abbreviated
    ("nné de 2j - hypotonie", "2j"),
    ("Jumelles de 9 mois, bronchiolite", "9 mois"),                               # a plural person noun
])
def test_more_age_forms(deid: Deidentifier, text: str, age: str) -> None:
    assert age in spans(deid, text, "AGE")


@pytest.mark.parametrize("text", [
    "Il y a deux ans et demi, fracture du poignet.",   # a delay, not an age: no half-year extension
    "Antécédent datant de deux ans et demi.",
    "Sophie (3) fractures costales",                    # a count after a first name alone
    "Tableau (12) page suivante",
])
def test_half_years_and_brackets_stay_out(deid: Deidentifier, text: str) -> None:
    assert not any("demi" in s or s in ("3", "12") for s in spans(deid, text, "AGE"))


@pytest.mark.parametrize(("text", "age"), [
    ("urg nuit - F71a - malaise", "71a"),            # the sex glued to a short age in a note
    ("RX bassin (H 58a)", "58a"),
])
def test_sex_glued_to_short_age(deid: Deidentifier, text: str, age: str) -> None:
    assert age in spans(deid, text, "AGE")


@pytest.mark.parametrize("text", ["fibrose stade F2a au FibroScan", "classe F12 a progressé", "T2a N1a M0"])
def test_stages_are_no_ages(deid: Deidentifier, text: str) -> None:
    assert spans(deid, text, "AGE") == []


# ---------------------------------------------------------------- dates
@pytest.mark.parametrize(("text", "date"), [
    ("Revu le jeudi 17, pas de douleur.", "jeudi 17"),          # a weekday and a day, no month
    ("Chute la nuit de samedi 1er.", "samedi 1er"),
    ("Gelures pendant l'hiver 2022-2023.", "l'hiver 2022-2023"),  # a season over two years
    ("Entorse le 14 avril 23.", "14 avril 23"),                  # a two-digit year closing the clause
])
def test_more_partial_dates(deid: Deidentifier, text: str, date: str) -> None:
    assert date in spans(deid, text, "DATE")


@pytest.mark.parametrize(("text", "bad"), [
    ("Kiné mardi 3 fois par semaine.", "mardi 3"),
    ("le 9 mars 15 patients ont été vus", "9 mars 15"),
])
def test_partial_date_negatives(deid: Deidentifier, text: str, bad: str) -> None:
    assert bad not in spans(deid, text, "DATE")


# ---------------------------------------------------------------- registry numbers, spaced ids, phones
@pytest.mark.parametrize(("text", "ident"), [
    ("Cabinet infirmier Les Tilleuls - SIRET 512 377 941 00028", "512 377 941 00028"),
    ("RCS Rouen C 512 377 941 - capital 5 000 €", "C 512 377 941"),              # register letter kept
    ("RCS LILLE 423 118 509", "423 118 509"),
    ("établissement FINESS 590781234", "590781234"),
    ("n° d'entreprise BE 0412 356 789", "BE 0412 356 789"),
    ("Mutualité chrétienne, n° d'affiliation 311 - 0477812 - 25", "311 - 0477812 - 25"),  # spaced groups
    ("adhérente, contrat 77 / 451 2290", "77 / 451 2290"),
])
def test_registry_and_spaced_ids(deid: Deidentifier, text: str, ident: str) -> None:
    assert ident in spans(deid, text, "ID")


@pytest.mark.parametrize("text", [
    "arcs costaux postérieurs sans fracture, RCS 12",     # 'RCS' is no cue without a number of 9+ digits
    "Mutuelle depuis 2019 - 2020, changement de caisse",  # years on both sides of a dash
    "TA 135 / 85 - FC 72, contrat thérapeutique",          # measures
])
def test_registry_and_spaced_negatives(deid: Deidentifier, text: str) -> None:
    assert spans(deid, text, "ID") == []


@pytest.mark.parametrize(("text", "phone"), [
    ("Dr Anne Weber — +352 4411 2", "+352 4411 2"),                 # a short switchboard number
    ("Contact : (+32) 2 764 11 11", "(+32) 2 764 11 11"),           # the country code in brackets
    ("GSM (0033) 6 41 22 90 17", "(0033) 6 41 22 90 17"),
])
def test_international_phones_in_odd_groups(deid: Deidentifier, text: str, phone: str) -> None:
    assert phone in spans(deid, text, "PHONE")


@pytest.mark.parametrize(("text", "phone"), [
    ("Secrétariat : +32 (O)2 555 41 20", "+32 (O)2 555 41 20"),   # OCR read the trunk zero as a letter
    ("Tél : O2 555 41 20", "O2 555 41 20"),                         # ... and the first one, before 3-digit groups
    ("Tel : 0 2 5 5 5 4 1 2 0", "0 2 5 5 5 4 1 2 0"),             # typed one digit at a time
])
def test_ocr_damaged_phones(deid: Deidentifier, text: str, phone: str) -> None:
    assert phone in spans(deid, text, "PHONE")


def test_short_spaced_digit_lists_stay_out(deid: Deidentifier) -> None:
    assert spans(deid, "Scores : 1 2 3 4 5, EVA 3", "PHONE") == []


@pytest.mark.parametrize("text", ["INR +2 3 mm", "augmentation +15 000 UI", "score +3 / 5", "gain +12 kg"])
def test_plus_signs_are_no_phones(deid: Deidentifier, text: str) -> None:
    assert spans(deid, text, "PHONE") == []


# ---------------------------------------------------------------- times of day
def test_find_dates_can_leave_times_out() -> None:
    text = "Examen du 12/03/2021 à 14h32, appel à 23:15, revu le 3 avril à 10h."
    with_times = {text[d.start:d.end] for d in find_dates(text)}
    without = {text[d.start:d.end] for d in find_dates(text, times=False)}
    assert {"14h32", "23:15", "10h"} <= with_times
    assert not any(d.kind == TIME_KIND for d in find_dates(text, times=False))
    assert {"12/03/2021", "3 avril"} <= without and not {"14h32", "23:15", "10h"} & without


# ---------------------------------------------------------------- fast scans = the patterns they replace
def _texts() -> list[str]:
    """Report-like lines with every age form, in upper and lower case, shuffled together."""
    rng = random.Random(7)
    parts = ["Patiente de 45 ans, chute.", "• 83 ans —", "Femme 83 a. chute", "(60 j.)", "Geoffrey (39) – RX",
             "de 40-45 ans", "3a 7m", "2 ans½", "nouveau-né de 3 jours", "dans sa 83e année", "Âge du patient : 45",
             "une femme d'environ 50 ans", "âgée aujourd'hui de 84 ans", "âge estimé : 40 ans", "NN de 5 j",
             "[ 12 ans ]", "* 7 mois", "12/03/2024 10h", "TA 12/8", "ne  depuis 2 h", "homme   de 30 ans",
             "H/45 ans", "45 ans/F", "Dupont Jean 45 a - x", "x 2019-2020 y", "l'image 3 j", "Mme D. 4 ans"]
    out = []
    for _ in range(300):
        line = " ".join(rng.choice(parts) for _ in range(rng.randint(1, 6)))
        out += [line, line.upper(), line.lower()]
    return out


def test_prefiltered_scans_equal_the_full_patterns() -> None:
    for text in _texts():
        ft = fold_aligned(text)
        starts = ade._all_starts(ade._LOOSE_AGE_SYMBOL_START, text) + ade._all_starts(ade._DIGIT_AGE_START, text)
        for pattern, found in (
                (ade._LOOSE_AGE_RE, ade.prefiltered_finditer(ade._LOOSE_AGE_RE, text, starts)),
                (ade._AGE_EXTRA_RE, ade.prefiltered_finditer(ade._AGE_EXTRA_RE, text, starts)),
                (ade._LOOSE_AGE_WORDS_RE,
                 ade.prefiltered_finditer(ade._LOOSE_AGE_WORDS_RE, text, ade._loose_age_words_starts(ft)))):
            assert [(m.span(), m.lastgroup) for m in found] == [(m.span(), m.lastgroup) for m in pattern.finditer(text)]


def test_word_before_equals_the_windowed_search() -> None:
    for text in _texts()[:200] + ["abc' '", "abc:-", "é'  ,  ", "l’\n", "ab -\n", "x²y  - "]:
        for hi in range(len(text) + 1):
            lo = max(0, hi - 40)
            a, b = ade._WORD_BEFORE.search(text, lo, hi), ade._word_before(text, lo, hi)
            assert (a and (a.span(1), a.span(2))) == (b and (b.span(1), b.span(2)))


def test_sex_slash_age_is_led_by_its_slash() -> None:
    old = re.compile(r"[HF](?<![\w/][HF])/(\d{1,3}(?:\s?(?:ans|a)(?!\w))?)(?![\w/]|[.,]\d)")
    for text in ["H/45 ans", "F/72", "xH/45", "H/45/2", "patient H/45 a, F/3 ans", "HF/12"]:
        assert [m.span(1) for m in old.finditer(text)] == [m.span(1) for m in ade._SEX_SLASH_AGE.finditer(text)]
