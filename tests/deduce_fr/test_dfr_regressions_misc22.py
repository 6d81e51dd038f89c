"""Session-19 regressions for ID, DATE and AGE (misc22), each written here in our own words for a phenomenon (never a
line copied from a case file), with hard negatives next to each rule: numbers of the world outside the hospital
(races, courts, insurers, registers, vehicles) and ages that people declare."""

from __future__ import annotations

import re

import pytest

from deduce_fr import Deidentifier
from deduce_fr.ages_dates_extra import _NUMERIC_EXTRA_RE


def spans(deid: Deidentifier, text: str, tag: str) -> list[str]:
    return [s.text for s in deid.annotate(text).spans if s.tag == tag]


# ---------------------------------------------------------------- numbers of races, courts, claims, registers, plates
@pytest.mark.parametrize(("text", "span"), [
    # a runner's bib number, with or without 'n°'
    ("Coureuse du semi-marathon (dossard 7731) tombée au kilomètre 12.", "7731"),
    ("Cycliste, dossard n° 204, chute dans la descente.", "204"),
    # a court docket and an insurer's file number led by their register's code
    ("Expertise ordonnée dans l'affaire RG 25/01873 par le tribunal.", "RG 25/01873"),
    ("Votre dossier SIN 5820 41 377 est en cours d'instruction.", "SIN 5820 41 377"),
    # a Belgian register number in dotted groups after 'n°' and an office code
    ("Demandeur d'asile, n° OE 7.204.518, hébergé au centre.", "7.204.518"),
    # a registration number in two groups after "n° d'inscription"
    ("Affilié à la mutualité, n° d'inscription 2871405 0913.", "2871405 0913"),
    # a claim reference with slashes after 'sinistre' and the insurer's name
    ("Référence sinistre Axa : 41/7720/2025 à rappeler.", "41/7720/2025"),
    # vehicle plates, French and Belgian, in a text about a vehicle
    ("Véhicule immatriculé GT-418-KM percuté à l'arrière.", "GT-418-KM"),
    ("Plaque d'immatriculation de la camionnette : 2-KLB-907.", "2-KLB-907"),
])
def test_a_number_of_the_world_outside_the_hospital_is_an_id(deid: Deidentifier, text: str, span: str) -> None:
    assert span in spans(deid, text, "ID")


@pytest.mark.parametrize("text", [
    "Sinistre déclaré le 12/03/2025 auprès de l'assureur.",         # a date after 'sinistre' stays a date
    "Plaque vissée LCP 3.5, AB-123-CD sur le bon de commande.",      # no vehicle said: a plate-like code stays
    "Le dossier est complet, RG négatif.",                           # 'RG' without a number
    "Dossard perdu pendant la course.",                              # 'dossard' without a number
])
def test_no_id_without_its_cue_and_its_number(deid: Deidentifier, text: str) -> None:
    assert spans(deid, text, "ID") == []


def test_a_sinistre_date_is_no_id(deid: Deidentifier) -> None:
    assert spans(deid, "Sinistre du 04/11/2024, déclaration tardive.", "DATE") == ["04/11/2024"]


# ---------------------------------------------------------------- declared ages, header ages after a slash
@pytest.mark.parametrize(("text", "span"), [
    ("Jeune homme sans papiers, déclare 16 ans, vu avec un interprète.", "16 ans"),
    ("La patiente dit avoir 52 ans mais n'a aucun document.", "52 ans"),
    ("Il affirme avoir 17 ans ; évaluation de minorité en cours.", "17 ans"),
    ("Un chibani de 81 ans vivant en foyer depuis 1975.", "81 ans"),
    ("Un réfugié de 23 ans, arrivé par la mer.", "23 ans"),
    ("Identité : GARNIER SYLVIE / 47 a\nMotif : entorse", "47 a"),
    ("Femme inconnue, environ 70 ans, trouvée sur la voie publique.", "70 ans"),
])
def test_a_declared_age_or_an_age_after_a_slash_in_a_header(deid: Deidentifier, text: str, span: str) -> None:
    assert span in spans(deid, text, "AGE")


@pytest.mark.parametrize("text", [
    "Il déclare 20 ans de tabagisme actif.",                 # a duration after the verb
    "Elle dit avoir 3 ans de retard sur ses vaccins.",       # a duration after 'dit avoir'
    "RX GENOU / 2 a",                                        # an exam, not a name, before the slash
    "Il pense avoir arrêté il y a 10 ans.",                  # 'il y a': a duration
    "Arrêt du tabac depuis environ 15 ans, BPCO.",            # 'depuis environ': a duration
    "Antécédents : cholécystectomie, environ 20 ans, puis hernie.",  # a past operation, dated by its distance
])
def test_no_age_for_a_duration_after_a_verb_of_saying(deid: Deidentifier, text: str) -> None:
    assert spans(deid, text, "AGE") == []


# ---------------------------------------------------------------- the date scan's lookahead keeps every match
def test_the_date_scan_lookahead_drops_no_match() -> None:
    """The lookahead after the first digit is a necessary condition of every branch: the scan without it finds the
    same matches on forms of each branch and on numbers it is meant to skip."""
    src = _NUMERIC_EXTRA_RE.pattern
    without = re.compile(src[: src.index("(?=")] + src[src.index(")))(?:") + 3 :], _NUMERIC_EXTRA_RE.flags)
    assert without.pattern != src
    forms = ["1 er janvier", "1 ère mai", "1° mars 2024", "1ᵉʳ juin", "le 12 courant", "17/02", "le 17-02",
             "du 14 au 15/01", "les 3 et 4 mars", "du 20-21 juin", "né le 14 février 66", "12/03/ 2025", "12 /03/2025",
             "12-MAR-2024", "03APR1952", "7 Dec 2023", "12mars", "12-mars-2025", "(1972-2014)", "2025-03",
             "12 maart 2025", "3. März 2024", "11. Mai", "14.III.2024", "14 III 2024", "am 22.04.", "5 October 2023",
             "van 3 tot 7 maart", "8 - 9 avril", "2001 – 2009", "06 12 34 56 78", "54 ans", "IPP 00825603", "45°"]
    for text in forms:
        assert [(m.span(), m.groupdict()) for m in without.finditer(text)] == [
            (m.span(), m.groupdict()) for m in _NUMERIC_EXTRA_RE.finditer(text)], text
