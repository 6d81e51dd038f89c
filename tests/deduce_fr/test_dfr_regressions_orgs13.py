"""Regressions of deduce_fr/organisations_named.py, session 14 (second wave): organisations nothing else finds.
A care establishment named in lower case, as dictation and text messages write it ('au centre léon bérard',
'imagerie st jean', 'le centre hospitalier de valenciennes'); a sports club by an acronym that is also a clinical
abbreviation ('HC', 'TC', 'BC'), only in a text about a sport; a hospital's site in brackets after its name ('CHU de
Bordeaux (Pellegrin)'; not a ward, a title, a town or a first name). Hard negatives: a day hospital, the centre of a
lesion, a first name after 'centre' with no name after it, clinical abbreviations in a text about a sport ('le TC
Léger', 'le CO Hb', 'au CS Entorse'). Sentences written for these tests, not taken from an evaluation set."""

from __future__ import annotations

import pytest

from deduce_fr import Deidentifier


def _spans(deid: Deidentifier, text: str) -> set[tuple[str, str]]:
    return {(s.tag, s.text) for s in deid.annotate(text).spans}


FOUND = [
    # lower-case heads: a saint's name, a first name and a surname, or a hospital's head and a known town
    ("scanner fait hier à l'hôpital saint antoine virgule résultat normal point", "hôpital saint antoine"),
    ("radio du genou à imagerie ste thérèse ce matin", "imagerie ste thérèse"),
    ("avis oncologique demandé à l'institut paoli calmettes point", "institut paoli calmettes"),
    ("patiente adressée par le centre hospitalier de roubaix pour avis point", "centre hospitalier de roubaix"),
    ("transfert prévu à la polyclinique saint côme de compiègne", "polyclinique saint côme de compiègne"),
    ("suivi à la clinique sainte odile d'haguenau depuis un an", "clinique sainte odile d'haguenau"),
    ("dossier transmis par l'hôpital privé la louvière virgule compte rendu joint", "hôpital privé la louvière"),
    ("le chu d'angers a rappelé pour le rendez-vous", "chu d'angers"),
    ("passée par les urgences de l'hôpital privé jean mermoz hier", "hôpital privé jean mermoz"),
    ("il est suivi par le camsp de tourcoing depuis ses deux ans", "camsp de tourcoing"),
    ("elle est en sixième au collège françoise dolto virgule", "collège françoise dolto"),
    # a hospital's site in brackets after its name, on its line
    ("Centre hospitalier de Cayenne (Andrée-Rosemon), service d'imagerie.", "Andrée-Rosemon"),
    ("Patient adressé par le CHU de Bordeaux (Pellegrin) pour avis.", "Pellegrin"),
    # a sports club's acronym that is also a clinical abbreviation, in a text about a sport
    ("Hockeyeur junior au HC Ajoie, mise en échec contre la bande.", "HC Ajoie"),
    ("Licenciée au TC Dinard, chute sur le court pendant un match.", "TC Dinard"),
    ("Joueur de basket au BC Gravelines-Dunkerque, entorse de cheville.", "BC Gravelines-Dunkerque"),
]


@pytest.mark.parametrize(("text", "name"), FOUND)
def test_found(deid: Deidentifier, text: str, name: str) -> None:
    assert ("INSTITUTION", name) in _spans(deid, text)


NOT_INSTITUTION = [
    ("pris en charge en hôpital de jour pour la perfusion", "jour"),
    ("hospitalisé au centre hospitalier de jour puis sortie", "jour"),
    ("lésion située au centre de la vertèbre point", "vertèbre"),
    ("au centre marie est passée la kiné", "marie"),
    ("à l'hôpital bois ce matin", "bois"),
    ("élève au collège en quatrième, à l'école maternelle avant", "collège"),
    ("suivi au cmp de secteur depuis deux ans", "cmp"),
    # a ward, a title, a town, a compass point or a first name in brackets after a hospital: no site
    ("CH de Lens (Radiologie), compte rendu.", "Radiologie"),
    ("CHU de Lille (Lille) RX du poignet.", "(Lille"),
    ("Adressé par le CH de Dax (Dr Lenoir) pour avis.", "Lenoir"),
    ("Hôpital de la Croix-Rousse (Service Nord), scanner.", "Service Nord"),
    ("CHU Amiens (Marie) appelle pour le résultat.", "Marie"),
    ("Clinique du Parc (Urgences), entrée à 14 h.", "Urgences"),
    # clinical abbreviations in a text about a sport: a common word, a short word or a side after them
    ("Joueuse de tennis, bilan du TC Léger sans perte de connaissance.", "TC"),
    ("Joueur de rugby, plaquage haut, le TC Droit est sans lésion.", "TC"),
    ("Footballeur, bilan : le CA 125 est normal, le CO Hb à 2 %.", "CO"),
    ("Match de hand samedi, au CS Entorse de la cheville droite.", "CS"),
    # no sport in the text: the acronym is a clinical one
    ("Chute dans l'escalier, au TC Vendôme rien de notable.", "TC"),
]


@pytest.mark.parametrize(("text", "word"), NOT_INSTITUTION)
def test_not_institution(deid: Deidentifier, text: str, word: str) -> None:
    assert not any(tag == "INSTITUTION" and word in span for tag, span in _spans(deid, text))
