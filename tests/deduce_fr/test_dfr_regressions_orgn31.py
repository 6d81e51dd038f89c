"""Regressions of deduce_fr/institution_heads.py, session 24 (orgn31): heads of dental, eye and ear practices,
seniors' spaces and funeral homes (data/institution_heads_orgn31.txt).

- such a head before the body's own name is part of that name, whether an annotator read the name as a person
  ('Pompes funèbres <first name> <surname>', 'Espace Seniors <person>') or no annotator found it ('Centre dentaire
  <name>' closing its line);
- the head alone, with no name of its own after it, names no one and stays untagged; a day centre's kind keeps its
  earlier rule (touching a name only: 'accueil de jour de <town>' leaves the town a place);
- eponyms and grades next to these words stay untagged.

Sentences written for these tests, not taken from an evaluation set."""

from __future__ import annotations

import pytest
from dfr_spans import covered, tagged

from deduce_fr import Deidentifier

FOUND = [
    ("La mise en bière sera assurée par les Pompes funèbres Gérard Lemaire jeudi.", "Pompes funèbres Gérard Lemaire"),
    ("Le corps a été confié aux pompes funèbres Moreau de Vitré.", "pompes funèbres Moreau"),
    ("Atelier mémoire – Espace Seniors Paul Éluard\nMadame, nous vous rappelons", "Espace Seniors Paul Éluard"),
    ("Pour tout changement, appelez le 02 40 11 22 33. Centre dentaire Confluence", "Centre dentaire Confluence"),
    ("Devis n° 12 – Centre de santé dentaire Les Acacias, Nîmes", "Centre de santé dentaire Les Acacias"),
    ("Empreintes envoyées au Laboratoire Dentaire Horizon, Créteil.", "Laboratoire Dentaire Horizon"),
    ("Bilan visuel au Centre Ophtalmologique Gambetta, Lille.", "Centre Ophtalmologique Gambetta"),
]


@pytest.mark.parametrize(("text", "name"), FOUND)
def test_heads_join_names(deid: Deidentifier, text: str, name: str) -> None:
    assert (name, "INSTITUTION") in tagged(deid, text)


KEPT_APART = [
    # a day centre reached through a link: the town stays a place (the earlier rule, unchanged)
    ("Orientée vers l'accueil de jour de Quimper deux fois par semaine.", "Quimper", "LOCATION"),
    # a day centre before an association found by its own head: the association alone
    ("Il fréquente l'accueil de jour de l'association Trait d'Union Lorient.", None, None),
]


@pytest.mark.parametrize(("text", "name", "tag"), KEPT_APART)
def test_day_centre_kept_apart(deid: Deidentifier, text: str, name: str | None, tag: str | None) -> None:
    spans = tagged(deid, text)
    assert not any(s.startswith("accueil de jour de") for s, _ in spans)
    if name is not None:
        assert (name, tag) in spans


NOTHING = [
    "Le centre dentaire a rappelé pour décaler le rendez-vous.",
    "Un laboratoire dentaire fabriquera la couronne sur la 36.",
    "Adressée au centre auditif pour un essai d'appareillage.",
    "Les obsèques seront organisées par les pompes funèbres de la commune.",
    "Fracture de type Le Fort II ; avis au centre d'ophtalmologie pour l'orbite.",
    "Le crématorium est indiqué dans les directives anticipées.",
]


@pytest.mark.parametrize("text", NOTHING)
def test_bare_heads_untagged(deid: Deidentifier, text: str) -> None:
    assert not any(tag == "INSTITUTION" for _, tag in tagged(deid, text))


def test_default_covers_funeral_home(deid_default: Deidentifier) -> None:
    text = "Transfert du défunt par les Pompes funèbres Gérard Lemaire vers la chambre funéraire."
    assert covered(deid_default, text, "Pompes funèbres Gérard Lemaire")
