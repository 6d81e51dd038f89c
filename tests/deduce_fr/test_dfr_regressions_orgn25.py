"""Regressions of deduce_fr/institution_heads.py, session 21 (orgn25): the left edge of an organisation's span.

- the acronym of an addiction, psychiatric or rare-disease care body, an imaging consortium or a maritime rescue
  centre is part of its name ('CSAPA X', 'EPSM de X', 'CATTP X', 'CeGIDD de X', 'CRCM de X', 'GIE IRM X',
  'CROSS X', 'UMD de X');
- the people a unit serves, written after its head, stay inside the name ('CMP enfants-ados X', 'clinique
  psychiatrique pour adolescents Les X');
- a ward named after someone, the name touching 'unité', is the ward's name ('unité Jean X');
- a capitalised 'Hospitalisation à domicile' or 'Dispositif' with its description before a town is a body's name;
- a capitalised head and its description take a house name that opens with a capitalised article, even where the
  place lists read that name as a place;
- the people served close a name when the clause ends there ('Hôpital X pour enfants.');
- clubs named by their sport: air and mountain sports ('club de parapente X', "club d'alpinisme de Y").
- precision: the common nouns ('un dispositif', 'hospitalisation à domicile' in lower case), a titled doctor after
  'unité', an indefinite 'une unité' and a lone acronym stay out.

Sentences written for these tests, not taken from an evaluation set."""

from __future__ import annotations

import pytest

from deduce_fr import Deidentifier


def _spans(deid: Deidentifier, text: str) -> set[tuple[str, str]]:
    return {(s.tag, s.text) for s in deid.annotate(text).spans}


FOUND = [
    ("Sevrage accompagné par le CSAPA Le Relais depuis l'été.", "CSAPA Le Relais"),
    ("Hospitalisation sous contrainte à l'EPSM de la Sarthe.", "EPSM de la Sarthe"),
    ("Dépistage réalisé au CeGIDD de Rouen la semaine passée.", "CeGIDD de Rouen"),
    ("Atelier thérapeutique au CATTP Les Embruns chaque jeudi.", "CATTP Les Embruns"),
    ("Bilan annuel au CRCM de Nantes, VEMS stable.", "CRCM de Nantes"),
    ("Examen acquis sur l'aimant du GIE IRM Bastide, relu ce jour.", "GIE IRM Bastide"),
    ("Hélitreuillé en mer, alerte donnée par le CROSS Étel à 4 h.", "CROSS Étel"),
    ("Transféré à l'UMD de Cadillac après avis du préfet.", "UMD de Cadillac"),
    ("Suivi au CMP enfants-ados Les Lucioles pour troubles anxieux.", "CMP enfants-ados Les Lucioles"),
    ("Sortie de la Clinique psychiatrique pour adolescents Les Iris lundi.",
     "Clinique psychiatrique pour adolescents Les Iris"),
    ("Entrée programmée à l'unité Camille Claudel pour le sevrage.", "unité Camille Claudel"),
    ("Réunion de synthèse avec l'Hospitalisation à domicile du Pays Basque.",
     "Hospitalisation à domicile du Pays Basque"),
    ("Orienté par le Dispositif d'accueil des mineurs non accompagnés de Lyon.",
     "Dispositif d'accueil des mineurs non accompagnés de Lyon"),
    ("Chute à l'atterrissage, membre du Club de parapente Les Ailes du Mont.", "Club de parapente Les Ailes du Mont"),
    ("Radiographie faite à l'Hôpital Sainte-Justine pour enfants.", "Hôpital Sainte-Justine pour enfants"),
    ("Sortie avec le club d'alpinisme de Briançon, glissade sur névé.", "club d'alpinisme de Briançon"),
]


@pytest.mark.parametrize(("text", "name"), FOUND)
def test_left_edges_found(deid: Deidentifier, text: str, name: str) -> None:
    assert ("INSTITUTION", name) in _spans(deid, text)


NOT_FOUND = [
    ("Un dispositif de contention a été posé à Lyon.", "dispositif"),
    ("Dispositif de contention retiré à J5 à Lyon.", "Dispositif"),
    ("Une hospitalisation à domicile du patient est envisagée.", "hospitalisation"),
    ("Vu dans l'unité Dr Jean Martin ce matin.", "unité"),
    ("Il faudrait une unité Jean ne sait pas laquelle.", "unité"),
    ("Le CSAPA a rappelé la patiente.", "CSAPA"),
    ("Fracture de Weber B traitée par le Dr Lisfranc au bloc.", "Weber"),
]


@pytest.mark.parametrize(("text", "word"), NOT_FOUND)
def test_left_edges_not_found(deid: Deidentifier, text: str, word: str) -> None:
    assert not any(tag == "INSTITUTION" and word in span for tag, span in _spans(deid, text))


def test_titled_doctor_after_unit_stays_a_person(deid: Deidentifier) -> None:
    spans = _spans(deid, "Avis demandé à l'unité Dr Paul Girard hier.")
    assert not any(tag == "INSTITUTION" and "unité" in span for tag, span in spans)


def test_default_layer_keeps_the_acronym(deid_default: Deidentifier) -> None:
    spans = {(s.tag, s.text) for s in deid_default.annotate("Suivi au CSAPA Le Relais depuis l'été.").spans}
    assert ("INSTITUTION", "CSAPA Le Relais") in spans
