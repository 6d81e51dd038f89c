"""Regressions of session 14's organisation edges (deduce_fr/institution_heads.py and its OpenStreetMap lexicon of
organisation heads, scripts/build_org_heads.py): the kind of organisation written before a name we find joins the
name ('fromagerie Lambert', 'salon de coiffure Nathalie', 'chorale Sainte-Cécile'), a firm's 'et Fils' closes it;
and what must stay as it was (a worker's trade, a titled person, any shop of a town, a ward's team).
Sentences written for these tests (not taken from an evaluation set)."""

from __future__ import annotations

import pytest

from deduce_fr import Deidentifier
from deduce_fr.institution_heads import HeadMerger, expand_heads


def _spans(deid: Deidentifier, text: str) -> set[tuple[str, str]]:
    return {(s.tag, s.text) for s in deid.annotate(text).spans}


def test_the_lexicon_holds_workplaces_not_workers() -> None:
    heads = set(expand_heads(["organisations_heads_osm.txt"]))
    assert {"boulangerie", "quincaillerie", "salon de coiffure", "agence immobilière", "auto-école",
            "centre équestre"} <= heads
    # the trade's worker, a bare generic noun, a chain's store type: none is a head
    assert not {"plombier", "fleuriste", "notaire", "magasin", "bureau", "supermarché", "station"} & heads


@pytest.mark.parametrize(("text", "expected"), [
    ("Vendeuse à la fromagerie Lambert depuis trois ans, chute d'un escabeau.", "fromagerie Lambert"),
    ("Apprenti à la quincaillerie Dumont, plaie de la main.", "quincaillerie Dumont"),
    ("Coiffeuse au salon de coiffure Nathalie, tendinite.", "salon de coiffure Nathalie"),
    ("Elle chante à la chorale Sainte-Cécile le jeudi.", "chorale Sainte-Cécile"),
    ("Serveuse au restaurant La Gaillarde à Namur.", "restaurant La Gaillarde"),
    ("Il travaille à la menuiserie Dupont et Fils depuis 2010.", "menuiserie Dupont et Fils"),
    ("Chauffeur aux Transports Lambert & Fils à Ciney.", "Transports Lambert & Fils"),
    # a sports centre of the lexicon whose name follows a link
    ("Chute de poney au centre équestre des Quatre Vents samedi.", "centre équestre des Quatre Vents"),
    # a unit and its number before its town; an acronym of a service before its town
    ("Mécanicien sur la base aérienne 112 de Saint-Dizier, entorse.", "base aérienne 112 de Saint-Dizier"),
    ("Pisteur à l'ESF de Tignes, chute à ski.", "ESF de Tignes"),
    # a head written as a name with its capitalised adjectives, before a town or a person's name
    ("Suivi au Groupe Hospitalier Mutualiste de Chambéry depuis 2019.", "Groupe Hospitalier Mutualiste de Chambéry"),
    ("Transport assuré par Taxis Conventionnés Lemaire, 12 rue Haute.", "Taxis Conventionnés Lemaire"),
    # a regional adjective or a site's number closing the name at the end of its clause
    ("Transféré au Centre hospitalier de l'Ouest lyonnais, service de chirurgie.",
     "Centre hospitalier de l'Ouest lyonnais"),
    # a generic noun before an organisation we know
    ("Intérimaire (agence Manpower), lombalgie.", "agence Manpower"),
])
def test_the_head_joins_the_name(deid: Deidentifier, text: str, expected: str) -> None:
    assert ("INSTITUTION", expected) in _spans(deid, text)


@pytest.mark.parametrize(("text", "kept"), [
    ("Rixe à la sortie d'un café de La Louvière hier soir.", ("LOCATION", "La Louvière")),  # any café of a town
    ("Consultation à la clinique de la douleur Dr Lambert.", ("PERSON", "Lambert")),  # a titled person
    ("Caissière au supermarché Okaidi, chute dans la réserve.", ("INSTITUTION", "Okaidi")),  # a chain's store type
    ("Contrôle par RX du bassin à Namur.", ("LOCATION", "Namur")),  # an exam, no acronym of a service
    ("Retour au CHU de Liège parfois.", ("INSTITUTION", "CHU de Liège")),  # an adverb, no adjective
    ("Elle a acheté un magasin de Liège l'an passé.", ("LOCATION", "Liège")),  # a generic noun before a town
])
def test_what_stays_as_it_was(deid: Deidentifier, text: str, kept: tuple[str, str]) -> None:
    assert kept in _spans(deid, text)


def test_a_person_joins_a_complement_but_not_a_link_nor_a_team() -> None:
    merger = HeadMerger(["salon de coiffure", "service", "équipe", "cabinet"], bare_heads_refused=["équipe"])
    text = "au salon de coiffure Nathalie"
    s = text.index("Nathalie")
    assert merger.merge([(s, len(text), "PERSON")], text) == [(text.index("salon"), len(text), "INSTITUTION")]
    for text, name in [("appel à l'équipe de nuit Julie", "Julie"), ("vu au service de Gauthier", "Gauthier"),
                       ("le cabinet du Dr Carpentier", "Carpentier")]:
        s = text.index(name)
        assert merger.merge([(s, len(text), "PERSON")], text) == [(s, len(text), "PERSON")]


def test_a_firm_tail_does_not_duplicate_the_span_after_it() -> None:
    merger = HeadMerger(["menuiserie"])
    text = "à la menuiserie Dupont et Fils"
    s, f = text.index("Dupont"), text.index("Fils")
    merged = merger.merge([(s, s + 6, "PERSON"), (f, len(text), "PERSON")], text)
    assert merged == [(text.index("menuiserie"), len(text), "INSTITUTION")]


def test_a_titled_complement_is_adjectives_only() -> None:
    merger = HeadMerger(["clinique", "groupe hospitalier"])
    text = "vue au Groupe Hospitalier Privé de Lens"
    s = text.index("Lens")
    assert merger.merge([(s, len(text), "LOCATION")], text) == [(text.index("Groupe"), len(text), "INSTITUTION")]
    for text in ("vue à la Clinique Saint-Luc de Lens", "vue à la clinique Privée de Lens"):
        s = text.index("Lens")  # a name of its own in between; a head in lower case before capitals
        assert merger.merge([(s, len(text), "LOCATION")], text) == [(s, len(text), "LOCATION")]
