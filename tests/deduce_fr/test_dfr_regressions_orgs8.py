"""Regressions of session 13's organisation work (deduce_fr/organisations*.py): the per-text word index that
every rule reads its positions from (same spans as a walk over the tokens), a site named in brackets after its
institution, a regional body named by an area the ISO list lacks, a French legal form before a firm's name;
and the look-alikes that must stay out. Sentences written for these tests (not taken from an evaluation set)."""

from __future__ import annotations

import pytest

from deduce_fr import Deidentifier
from deduce_fr.annotators import Context
from deduce_fr.organisations_chains import build_index, word_positions
from deduce_fr.tokenizer import tokenize


def _spans(deid: Deidentifier, text: str) -> set[tuple[str, str]]:
    return {(s.tag, s.text) for s in deid.annotate(text).spans}


FOUND = [
    # a site in brackets right after its institution: the site's name alone, even when it is a place's name
    ("Opéré au CH Vallée de l'Orne (site Falaise) le mois dernier.", "Falaise"),
    ("Admise au Centre Hospitalier de Moselle-Est (site Ardennes), box 4.", "Ardennes"),
    ("Suivi au GH Nord-Essonne (site Orsay) pour une gonarthrose.", "Orsay"),
    # a regional body and the area it covers, when the area is no ISO region
    ("Signalement transmis à l'ARS Océan Indien ce matin.", "ARS Océan Indien"),
    ("Courrier de la CARSAT Limousin reçu hier.", "CARSAT Limousin"),
    # a French legal form (liberal professions, farms) before the firm's name, a trade word first included
    ("Facture de la SELARL RADIOLOGIE VAUBAN jointe au dossier.", "SELARL RADIOLOGIE VAUBAN"),
    ("Cliché réalisé par la SELAS Imagerie du Haut-Léon.", "SELAS Imagerie du Haut-Léon"),
    ("Il est associé dans la SCEA Kerbrat depuis 2015.", "SCEA Kerbrat"),
    # dictated in lower case: a hospital acronym and its town without 'de'
    ("patiente transférée au chu rennes pour avis neurochirurgical", "chu rennes"),
    ("revu au chr mons la semaine suivante", "chr mons"),
    ("urgences ch boulogne sur mer - chute de sa hauteur", "ch boulogne sur mer"),  # a town without its hyphens
    # a hospital acronym and the department, region or listed hospital name that makes it one hospital
    ("Transfert au CHD Vendée pour scanner.", "CHD Vendée"),
    ("Hospitalisé au CHR Citadelle depuis lundi.", "CHR Citadelle"),
    # a public health service with its department number or town
    ("Radiographie demandée par le CLAT 59 dans le cadre du dépistage.", "CLAT 59"),
    ("Hospitalisé au SSR de Berck pour rééducation.", "SSR de Berck"),
    # a club's acronym and its name after 'au': not the capitalised first word of the sentence
    ("Cycliste au VC Roubaisien, chute dans un virage.", "VC Roubaisien"),
    # heads of one establishment of a town, cooperatives and estates named after a head
    # (the lower-case head is part of the name, as the hand-annotated v5 set marks 'coopérative Arterris')
    ("Manutentionnaire à la coopérative Terrena, lombalgie.", "coopérative Terrena"),
    # the head joins the name (writers' convention, institution_heads): the name must be found, head included
    ("Chute d'une tyrolienne au centre de loisirs Aventura, 9 ans.", "centre de loisirs Aventura"),
    # dictated in lower case: an elided article inside the name, a regional university hospital's head
    ("suivie depuis 2019 à la clinique de l'europe pour sa hanche", "clinique de l'europe"),
    ("admis aux urgences chru bretonneau - dr martin", "chru bretonneau"),
    # an employer cue qualified in brackets before the colon
    ("Employeur (actuel) : Menuiserie Artois Bois, Béthune", "Menuiserie Artois Bois"),
    ("Cariste depuis 2012, employeur (Lhoist), lombalgie.", "Lhoist"),  # the brackets hold the employer
    # one capitalised word after a lower-case shop's head is the shop's name
    ("Chute dans l'escalier de la boulangerie Moderne ce matin.", "boulangerie Moderne"),
    # a care home followed by its own postal address is still a care home
    ("Elle vit à la Résidence Autonomie Les Tilleuls, 3 rue de la Gare, 86000 Poitiers.",
     "Résidence Autonomie Les Tilleuls"),
]


@pytest.mark.parametrize(("text", "expected"), FOUND)
def test_organisation_found(deid: Deidentifier, text: str, expected: str) -> None:
    assert ("INSTITUTION", expected) in _spans(deid, text)


@pytest.mark.parametrize(("text", "word"), [
    ("Douleur du genou (site opératoire) sans écoulement.", "opératoire"),  # a wound's site
    ("Horaires du CHU de Tours (site internet) mis à jour.", "internet"),  # a web site
    ("Hospitalisé au CHU de Caen (site Nord) pour bilan.", "Nord"),  # a compass point names no site here
    ("Hématome du muscle SCM Droit, sans fracture.", "SCM Droit"),  # the sternocleidomastoid muscle
    ("Il habite dans le Sud-Ouest depuis 2010.", "Sud-Ouest"),  # an area alone is not a body
    ("Le domaine de compétence du service est large.", "domaine"),  # an ordinary 'domaine'
    ("le chu est à vingt minutes, le chi carré est significatif.", "chi"),  # no town after the acronym
    ("Coureur au VC Roubaisien, chute dans un virage.", "Coureur"),  # the sentence's first word
    ("Patient domicilié Résidence Les Érables, 12 rue des Lilas, 4000 Liège.", "Érables"),  # a block of flats
    ("Prélèvement envoyé au laboratoire Hématologie pour contrôle.", "Hématologie"),  # a specialty, not a name
    ("la ch reste stable sous traitement", "ch"),  # 'ch' alone, no town of several words after it
    ("Avis du CHU Psychiatrie demandé.", "Psychiatrie"),  # a specialty after the acronym
])
def test_look_alike_not_an_institution(deid: Deidentifier, text: str, word: str) -> None:
    assert not any(tag == "INSTITUTION" and word in found for tag, found in _spans(deid, text))


def test_word_positions_from_index_equal_a_token_walk(deid: Deidentifier) -> None:
    """The index built once per text gives every rule the same positions as a walk over all tokens would,
    whether the looked-up words are covered by the index or not (then the fallback counts them)."""
    text = ("Transféré de la Clinique Saint-Luc vers le CHU de Liège, site du Sart-Tilman ; la mutuelle et la "
            "clinique du Parc, puis la Clinique Sainte-Anne.")
    lookups = deid.lookups
    words = frozenset({"clinique", "la", "site", "chu"})
    walk = [i for i, b in enumerate(Context(text=text, tokens=tokenize(text), lookups=lookups).bare) if b in words]
    assert len(walk) >= 7
    plain = Context(text=text, tokens=tokenize(text), lookups=lookups)
    assert word_positions(plain, words) == walk  # no index: list.count / list.index
    indexed = Context(text=text, tokens=tokenize(text), lookups=lookups)
    build_index(indexed, words | {"mutuelle"})
    assert word_positions(indexed, words) == walk
    assert word_positions(indexed, frozenset({"absent", "la"})) == [i for i in walk if indexed.bare[i] == "la"]
