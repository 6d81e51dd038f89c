"""Regressions of session 15 on organisation edges (deduce_fr/institution_heads.py): which town joins the name
before it ('join_towns' in config.yaml: the listed heads, and a brand's branch an article or an employer points at;
not a care home's or an insurer's head, nor a head cut short), and the left edges of names we find. Sentences
written for these tests (not taken from an evaluation set)."""

from __future__ import annotations

import pytest

from deduce_fr import Deidentifier


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


def _spans(deid: Deidentifier, text: str) -> set[tuple[str, str]]:
    return {(s.tag, s.text) for s in deid.annotate(text).spans}


@pytest.mark.parametrize(("text", "expected"), [
    # a listed head: the town written after the name is part of it
    ("Élève de troisième au collège Jean Jaurès de Cahors, chute en EPS.", "collège Jean Jaurès de Cahors"),
    ("Hospitalisée à la clinique Sainte-Anne de Vannes la semaine dernière.", "clinique Sainte-Anne de Vannes"),
    # a brand's branch, pointed at by the article
    ("Chute dans le parking du Leroy Merlin de Quimper en sortant.", "Leroy Merlin de Quimper"),
])
def test_town_joins_the_name(deid: Deidentifier, text: str, expected: str) -> None:
    assert ("INSTITUTION", expected) in _spans(deid, text)


@pytest.mark.parametrize(("text", "name", "town"), [
    # a care home's or an insurer's head, a head cut short: not a brand, the town stays a place
    ("Résident de la MRS Saint-Roch de Ciney depuis 2019.", "MRS Saint-Roch", "Ciney"),
    ("Affilié à la Mutualité libérale de Liège, dossier joint.", "Mutualité libérale", "Liège"),
    ("Transfert vers l'Hôp. Sainte-Camille de Bry-sur-Marne.", "Hôp. Sainte-Camille", "Bry-sur-Marne"),
])
def test_town_stays_a_place(deid: Deidentifier, text: str, name: str, town: str) -> None:
    found = _spans(deid, text)
    assert ("INSTITUTION", name) in found and ("LOCATION", town) in found


@pytest.mark.parametrize(("text", "expected"), [
    # a head, then a name of its own opening with an article and ending on the town we found
    ("Entorse en vacances au camping Les Sapins de Bouillon.", "camping Les Sapins de Bouillon"),
    ("Chute dans sa chambre à l'EHPAD Le Clos de Chenôve.", "EHPAD Le Clos de Chenôve"),
    # a name and its town written in capitals, the link too
    ("LYCEE PROFESSIONNEL JEAN MOULIN DE FORBACH – Infirmerie", "LYCEE PROFESSIONNEL JEAN MOULIN DE FORBACH"),
    # a group's acronym that no list has, then its site after a comma
    ("Transfert au GHNo, site de Pourtalès pour avis.", "GHNo, site de Pourtalès"),
    # a regional adjective closes the name before a bracket
    ("Né au Centre hospitalier de l'Ouest guyanais (Saint-Laurent).", "Centre hospitalier de l'Ouest guyanais"),
])
def test_name_grows_to_its_edges(deid: Deidentifier, text: str, expected: str) -> None:
    assert ("INSTITUTION", expected) in _spans(deid, text)


@pytest.mark.parametrize(("text", "kept"), [
    # any camping of the town, not one named; a clinical abbreviation before a comma and 'site'
    ("Il cherche un camping Les Sapins de Bouillon pour l'été.", ("LOCATION", "Bouillon")),
    ("IRM, site de Pourtalès : pas de lésion.", ("INSTITUTION", "Pourtalès")),
])
def test_edges_stay_put(deid: Deidentifier, text: str, kept: tuple[str, str]) -> None:
    assert kept in _spans(deid, text)


@pytest.mark.parametrize(("text", "expected"), [
    # a club named by its sport, a riding school, a laboratory's short name, before a name or a town we found
    ("Entorse de cheville au rugby club de Dax dimanche.", "rugby club de Dax"),
    ("Monitrice au club hippique de Vesoul, chute de cheval.", "club hippique de Vesoul"),
    ("Prise de sang faite au labo Cerballiance hier.", "labo Cerballiance"),
    # a head and an article-led name that no list has, then the town: one name
    ("Intoxication au CO au gîte L'Oustal de Rodez en août.", "gîte L'Oustal de Rodez"),
])
def test_heads_before_names_and_towns(deid: Deidentifier, text: str, expected: str) -> None:
    assert ("INSTITUTION", expected) in _spans(deid, text)


@pytest.mark.parametrize("text", [
    "Le labo a rappelé pour le bilan.",
    "Il joue au club le samedi à Dax.",
])
def test_bare_heads_name_nothing(deid: Deidentifier, text: str) -> None:
    assert not any(tag == "INSTITUTION" for tag, _ in _spans(deid, text))


@pytest.mark.parametrize(("text", "expected"), [
    # a religious congregation and its town, a hostel for workers and its name
    ("Religieuse de la congrégation des Sœurs de la Providence de Ruillé, chute.",
     "congrégation des Sœurs de la Providence de Ruillé"),
    ("Il réside au foyer de travailleurs Romain Rolland à Montreuil.", "foyer de travailleurs Romain Rolland"),
    # a compass point joined to a region closes a hospital group's name
    ("Suivi au GHT Nord-Vendée puis au GHR Colmar Sud-Alsace en mai.", "GHR Colmar Sud-Alsace"),
    # a site after a comma, its group written with lower-case adjectives
    ("Dialyse : Centre hospitalier universitaire de Namur, site Godinne – néphrologie",
     "Centre hospitalier universitaire de Namur, site Godinne"),
])
def test_heads_and_tails_of_firms_and_groups(deid: Deidentifier, text: str, expected: str) -> None:
    assert ("INSTITUTION", expected) in _spans(deid, text)


@pytest.mark.parametrize("text", [
    "Le foyer de travailleurs a fermé en 2010.",
    "Parti de Lille Sud-Est vers Paris.",
    "Foyer de Ghon calcifié à l'apex droit.",
])
def test_generic_heads_and_compass_points_alone(deid: Deidentifier, text: str) -> None:
    assert not any(tag == "INSTITUTION" for tag, _ in _spans(deid, text))
