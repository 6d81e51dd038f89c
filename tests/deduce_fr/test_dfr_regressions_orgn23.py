"""Regressions of deduce_fr/institution_heads.py, session 20 (orgn23): the edges of an organisation's span.

- a name is never cut inside a word: the digits or letters glued to the end of a found name belong to it
  ('laboratoire Bio45', 'LABORATOIRE CERBA2', 'agence O2'), and so does the digit before its first letter;
- a sports club named by its sport ('club de rugby de X', "club d'escrime de Y") and a holiday colony by its own
  name ('colonie Les X') keep their kind; 'club' alone before a town does not make a club;
- Belgian ONE consultations ('consultation ONE de X') and PMI centres ('centre de PMI X') keep their kind, where a
  visit to a PMI ('consultation PMI X') leaves the visit out;
- the departmental children's homes ("foyer départemental de l'enfance de X") and a canton's justice of the peace
  ('justice de paix du canton de X') are one name;
- the learned layer's organisations take their head and town after it (``HeadMerger.merge_learned``).
- precision: microbial colonies, a bare 'la PMI' or 'le club de <town>' are no organisation's kind.

Sentences written for these tests, not taken from an evaluation set."""

from __future__ import annotations

import pytest

from deduce_fr import Deidentifier
from deduce_fr.institution_heads import HeadMerger


def _spans(deid: Deidentifier, text: str) -> set[tuple[str, str]]:
    return {(s.tag, s.text) for s in deid.annotate(text).spans}


FOUND = [
    ("Prélèvement adressé au laboratoire Bio45 pour dosage.", "laboratoire Bio45"),
    ("Compte rendu du LABORATOIRE CERBA2 joint au dossier.", "LABORATOIRE CERBA2"),
    ("Il a passé juillet à la colonie Les Goélands, retour avec une otite.", "colonie Les Goélands"),
    ("Chute à l'entraînement du club de rugby de Lourdes mercredi.", "club de rugby de Lourdes"),
    ("Licencié au club d'escrime de Melun depuis 2019.", "club d'escrime de Melun"),
    ("Vaccins à jour selon la consultation ONE de Wanze.", "consultation ONE de Wanze"),
    ("Adressée au centre de PMI Les Acacias pour le suivi du poids.", "centre de PMI Les Acacias"),
    ("Confié au foyer départemental de l'enfance de Montauban en urgence.",
     "foyer départemental de l'enfance de Montauban"),
    ("Mesure décidée par la justice de paix du canton de Fléron.", "justice de paix du canton de Fléron"),
]


@pytest.mark.parametrize(("text", "name"), FOUND)
def test_edges_found(deid: Deidentifier, text: str, name: str) -> None:
    assert ("INSTITUTION", name) in _spans(deid, text)


NOT_FOUND = [
    ("Culture : colonies de Candida albicans nombreuses.", "colonies"),
    ("Pesée faite à la PMI la semaine dernière.", "PMI"),
    ("Il joue au club de Vierzon le samedi.", "club de Vierzon"),
    ("Consultation de pédiatrie prévue à 10 h.", "Consultation"),
]


@pytest.mark.parametrize(("text", "word"), NOT_FOUND)
def test_edges_not_found(deid: Deidentifier, text: str, word: str) -> None:
    assert not any(tag == "INSTITUTION" and word in span for tag, span in _spans(deid, text))


def test_visit_to_a_pmi_keeps_the_visit_out(deid: Deidentifier) -> None:
    spans = _spans(deid, "Pesée à la consultation PMI Lille Sud ce matin.")
    assert not any(tag == "INSTITUTION" and span.lower().startswith("consultation") for tag, span in spans)


def test_merge_learned_grows_only_the_learned_spans() -> None:
    merger = HeadMerger(["clinique", "centre aquatique"], join_towns=["clinique"])
    text = "Bain au centre aquatique Ondine puis clinique Vauban ce jour."
    ondine, vauban = text.index("Ondine"), text.index("Vauban")
    rules = [(vauban - len("clinique "), vauban + len("Vauban"), "INSTITUTION")]
    learned = sorted(rules + [(ondine, ondine + len("Ondine"), "INSTITUTION")])
    out = merger.merge_learned(rules, learned, text)
    assert (text.index("centre aquatique"), ondine + len("Ondine"), "INSTITUTION") in out
    assert rules[0] in out
    assert merger.merge_learned(rules, rules, text) == rules  # nothing learned: nothing changes
