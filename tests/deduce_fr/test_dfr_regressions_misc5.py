"""Wave-5 regressions for the smaller kinds (AGE, PERSON on untidy text, PATIENT, DATE, ID), each written
in our own words for a phenomenon the independent dev sets showed; hard negatives beside them."""

from __future__ import annotations

import pytest

from deduce_fr import Deidentifier, Patient


def spans(deid: Deidentifier, text: str, tag: str, patient: Patient | None = None) -> list[str]:
    return [s.text for s in deid.annotate(text, patient=patient).spans if s.tag == tag]


@pytest.mark.parametrize(("text", "age"), [
    ("Bilan pré-op — Mme VERHOEVEN Lutgarde — 71 ans — service de chirurgie", "71 ans"),  # after a long dash
    ("• 64 ans, diabétique, chute dans l'escalier", "64 ans"),                            # after a bullet
    ("Homme 52 a. douleur lombaire depuis hier", "52 a."),                                 # 'a.' after a cue
    ("Mme Thiry, 77 a., vit en résidence", "77 a."),                                       # 'a.' after a name
    ("Mme Collard, 81a. Vit seule.", "81a"),                                               # the full stop stays out
    ("Patiente de 55-60 ans, sans papiers, amenée par la police", "55-60 ans"),           # a range of ages
    ("Mevrouw Peeters (58 j.) - Kerkstraat 3", "58 j."),                                   # Dutch days/years mark
    ("Dhr Wouter Maes, 44 jaar, bouwvakker", "44 jaar"),
    ("Frau Schmitz (77 J.) — Sturz zu Hause", "77 J."),
    ("Bébé de 2a 5m, boiterie", "2a 5m"),                                                 # years and months, short
    ("Nouveau-né de 4 jours, ictère", "4 jours"),
    ("Âge du patient : 38", "38"),
    ("Elle est dans sa 96e année.", "96e année"),
    ("Timéo (11) – RX coude G", "11"),                                                     # a first name, its age
    ("urgences enfant chloé vandamme sept ans chute de balançoire", "sept ans"),          # dictated, in words
])
def test_ages_in_loose_forms(deid: Deidentifier, text: str, age: str) -> None:
    assert age in spans(deid, text, "AGE")


@pytest.mark.parametrize("text", [
    "Dyspnée depuis 10 jours, toux.",              # 'née depuis' inside a word is no newborn
    "AINS 5j. puis contrôle.",                      # a treatment's days after an acronym
    "• 2 ans après la chirurgie, pas de récidive.",  # a delay after a bullet
    "Douleur depuis trois ans chez madame.",         # a duration in words
])
def test_durations_stay_untagged(deid: Deidentifier, text: str) -> None:
    assert spans(deid, text, "AGE") == []
