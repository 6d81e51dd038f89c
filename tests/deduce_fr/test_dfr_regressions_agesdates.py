"""Regressions of deduce_fr/ages_dates_extra.py: ages written right after a name, ages of 90 or more,
dates without a year (day/month, range starts, cued months, seasons, two-digit birth years), a date
whose time the phone pattern swallowed; and the look-alikes that must stay untouched (durations,
blood pressures, scores, ratios, vertebrae, months as surnames)."""

from __future__ import annotations

import pytest

from deduce_fr import Deidentifier
from deduce_fr.ages_dates_extra import AgeExtraAnnotator, DateExtraAnnotator
from deduce_fr.annotators import ANNOTATOR_TYPES


def _spans(deid: Deidentifier, text: str, tag: str) -> list[str]:
    return [s.text for s in deid.annotate(text).spans if s.tag == tag]


def test_registered() -> None:
    assert ANNOTATOR_TYPES["age_extra"] is AgeExtraAnnotator
    assert ANNOTATOR_TYPES["date_extra"] is DateExtraAnnotator


AGES = [
    # right after a name, in headers and telegraphic notes
    ("Urgences pédiatriques - Inès 6 ans - chute de trottinette", "6 ans"),
    ("Pte Yılmaz Elif 34 ans, aide-soignante, lombalgie aiguë", "34 ans"),
    ("Mme Le Goff 52 ans : douleur thoracique atypique", "52 ans"),
    ("DIALLO Fatoumata 47 ans - 12/03/2026", "47 ans"),
    ("M. Verhaegen Jozef 88 ans : dyspnée d'effort", "88 ans"),
    ("fillette clara vandamme 9 ans, chute du toboggan", "9 ans"),
    ("mr benali youssef 63 ans pour avis orthopédique", "63 ans"),
    ("monsieur van den broeck virgule 58 ans virgule adressé pour", "58 ans"),
    ("Rx bassin nourrisson - Peeters Lina - 5 sem.", "5 sem."),
    ("LAMBERT Chloé 2 ans 7 mois - fièvre", "2 ans 7 mois"),
    # a verb of having, and every age of 90 or more
    ("sa mère, qui a eu 94 ans en juin, vit seule", "94 ans"),
    ("RESIDENTE : DUBOIS MARIE    AGE : 93 ANS", "93 ANS"),
    ("Patiente nonagénaire (97 ans) chute de sa hauteur", "97 ans"),
    ("Elle fêtera ses 80 ans le mois prochain.", "80 ans"),
    ("veuve, âgée de quatre-vingt-dix-huit ans, autonome", "quatre-vingt-dix-huit ans"),
    # typed in capitals, where the core annotator reads lower-case units only
    ("PATIENTE DE 45 ANS ADRESSEE POUR CHUTE", "45 ANS"),
    ("ENFANT DE 3 MOIS, BRONCHIOLITE", "3 MOIS"),
    ("URGENCES - H 45 A - TRAUMA CHEVILLE", "45 A"),
    # Dutch, German, English
    ("verwijzing: 67-jarige man met coxartrose", "67-jarige"),
    ("Herr Becker, 72 Jahre alt, Sturz", "72 Jahre alt"),
    ("sexe/âge : F/45 - motif : chute", "45"),
    ("Lemaire Paul 58 a - douleur thoracique", "58 a"),
    # relatives and people named by what they do
    ("accompagné de son fils de 14 ans", "14 ans"),
    ("vit avec sa mère âgée de 88 ans", "88 ans"),
    ("un cycliste de 31 ans percuté par une voiture", "31 ans"),
    ("Âge/sexe : 67/M", "67"),
]


@pytest.mark.parametrize(("text", "age"), AGES)
def test_age_found(deid: Deidentifier, text: str, age: str) -> None:
    assert age in _spans(deid, text, "AGE")


NOT_AGES = [
    "Douleurs lombaires depuis 3 ans, recul de 2 ans sur la prothèse.",
    "Diabète 10 ans, tabagisme 30 ans sevré, HTA 5 ans.",
    "Antibiothérapie pour 10 jours puis contrôle dans 6 mois.",
    "Plâtre BABP 4 semaines. Anticoagulation 5 semaines.",
    "PTH 1 an. Coxarthrose 5 ans. Lombalgie 3 mois.",
    "Il y a 2 mois, pendant 3 semaines, tous les 6 mois.",
    "Patients de plus de 70 ans exclus de l'étude.",
    "DOULEUR DEPUIS 3 ANS, CONTROLE DANS 6 MOIS. PLATRE 6 SEMAINES.",
    "un diabète de 10 ans, un suivi de 2 ans, une évolution de 3 mois",
]


@pytest.mark.parametrize("text", NOT_AGES)
def test_durations_stay(deid: Deidentifier, text: str) -> None:
    annotator = AgeExtraAnnotator(tag="AGE")
    from deduce_fr.annotators import Context
    from deduce_fr.tokenizer import tokenize

    ctx = Context(text=text, tokens=tokenize(text), lookups=deid.lookups)
    assert annotator.annotate(ctx) == []


DATES = [
    ("Urg. 23/03 - F 58a, entorse de cheville", "23/03"),
    ("SAU - 11/07 22h40 - M. Lopes Rui", "11/07"),
    ("consultation du 02/11 : pas de récidive", "02/11"),
    ("ehpad - transmissions - jeudi 19/03", "jeudi 19/03"),
    ("Revu le 4/06 en consultation.", "4/06"),
    ("Transmissions - nuit du 21 au 22/02", "21"),
    ("garde (week-end du 7-8 mars)", "7-8 mars"),
    ("Hospitalisé les 3 et 4 avril pour pneumopathie.", "3"),
    ("madame née le 3 octobre 52 adressée par son médecin", "3 octobre 52"),
    ("gonalgie depuis l'hiver 2024, rx faite en ville", "l'hiver 2024"),
    ("Opérée au mois d'août à Namur.", "août"),
    ("Consulte en novembre pour une toux.", "novembre"),
    ("Chute début février, puis mi-mars.", "février"),
    ("Opéré en septembre dernier à Liège.", "septembre"),
    ("opname op 14 maart 2025 in het AZ", "14 maart 2025"),
    ("opération le 12-mars-2025 à Mons", "12-mars-2025"),
    ("douleurs depuis 2024-11, bilan demandé", "2024-11"),
    ("examen du 14/02/ 2025 relu", "14/02/ 2025"),
    # a date then a time: the phone pattern reads '04/03/2026 21' as a number; the date must win (alone, as
    # every writer tags it: 42 of 42 on the independent dev halves)
    ("SAU CHU Lille - 04/03/2026 21:15\nDupont Marc, 35 ans", "04/03/2026"),
]


@pytest.mark.parametrize(("text", "date"), DATES)
def test_date_found(deid: Deidentifier, text: str, date: str) -> None:
    assert date in _spans(deid, text, "DATE")
    assert _spans(deid, text, "PHONE") == []


NOT_DATES = [
    "TA 13/08, PA 140/90 mmHg, FC 72.",
    "Tension 12/07 au repos, 13/8 mmHg debout.",
    "EVA 07/10 à l'effort, score 03/10 au repos.",
    "AV 10/10 ODG.",
    "Fracture du 1/3 moyen de la clavicule, dilution 1/10.",
    "Hernie discale L5/S1 et C5/C6.",
    "Patient : Bruno Janvier. Dr Mars et Dr Avril.",
    "Dose 12/12 h, fraction 10/12.",
    "Lésion de 12 mm, contrôle à 3 mois.",
    "Examen du 10-08-2018 comparé au 07.04.2016.",  # full dates are the core annotator's, never cut
]


@pytest.mark.parametrize("text", NOT_DATES)
def test_not_dates(deid: Deidentifier, text: str) -> None:
    from deduce_fr.annotators import Context
    from deduce_fr.tokenizer import tokenize

    ctx = Context(text=text, tokens=tokenize(text), lookups=deid.lookups)
    assert DateExtraAnnotator(tag="DATE").annotate(ctx) == []


def test_month_surname_kept_as_person(deid: Deidentifier) -> None:
    spans = deid.annotate("Patient : Bruno Janvier. Consulte en janvier pour une douleur.").spans
    assert [(s.text, s.tag) for s in spans if s.tag == "DATE"] == [("janvier", "DATE")]
