"""Regressions of deduce_fr/organisations_named.py, session 15: organisations nothing else finds.

- an acronym no list knows where a place of care or work is named ('opéré au CHXr', "aux urgences de l'HMEB",
  'Transfert HGV', 'chauffeur chez TRV', 'lettre de sortie du GHSO'): capitals, or capitals with a few lower-case
  letters. Hard negatives: clinical abbreviations and anatomical acronyms ('au TDM', "à l'IRM", 'du LTFA'
  after a lesion), kinds of service alone ('au SPIP', "par l'UMJ", "à l'EHPAD"), a rate ("taux d'AIPP"), a code and its
  number ('au DT 2'), a town;
- a body's noun with a capital in the middle of a sentence, its other words in lower case as French writes them
  ("déclaré à l'Association de prévoyance rurale", 'saisine de la Commission régionale de conciliation', 'la Fromagerie
  des Causses à Millau'). Hard negatives: the same noun at a sentence's or a line's start, without an article ('pas de
  Maison de repos'), alone, followed by the sentence's verb, or a learned society of a specialty;
- a capitalised article right after a kind's lower-case noun or adjective or its acronym ('bar-tabac La Comète', 'MAS Les
  Peupliers', 'foyer médicalisé Les Coquelicots'). Hard negatives: after a kin word (a surname's article), a stay (a
  resort);
- an insurer's form field ('Assurance : SWICA', 'Mutuelle : Harmonie Prévoyance Sud'; not an answer or a first name),
  and German or Dutch hospitals written as one compound ('Kinderspital Zürich', 'Heilig-Hartziekenhuis'; not the noun
  alone); a firm's or shop's lower-case head with 'du'/'de la'/'des' and a capitalised name ('ferme-auberge du Grand
  Ballon', 'bar des Amis'; not a town, a person or an indefinite 'un café du Centre'); a fax's letterhead whose capitals OCR broke with stray spaces ('C ENTRE HOSPI TALIER').

Sentences written for these tests, not taken from an evaluation set."""

from __future__ import annotations

import pytest

from deduce_fr import Deidentifier
from deduce_fr.annotators import Context
from deduce_fr.tokenizer import tokenize


def _spans(deid: Deidentifier, text: str) -> set[tuple[str, str]]:
    return {(s.tag, s.text) for s in deid.annotate(text).spans}


FOUND = [
    # acronyms where care was given, asked for or where the patient works
    ("Prothèse totale de hanche posée le 12 mars au CHXr, suites simples.", "CHXr"),
    ("Vue hier soir aux urgences de l'HMEB pour une chute de vélo.", "HMEB"),
    ("Transfert HGV en ambulance pour avis neurochirurgical.", "HGV"),
    ("Rx thorax faite au CHVb Nord, pas de foyer.", "CHVb Nord"),
    ("Chauffeur de bus chez TRV depuis dix ans, lombalgie.", "TRV"),
    ("Lettre de sortie du GHSO remise au patient.", "GHSO"),
    # a body's noun with a capital mid-sentence, the rest of its name in lower case
    ("Accident de trajet déclaré à l'Association de prévoyance rurale le mois dernier.",
     "Association de prévoyance rurale"),
    ("Expertise demandée après la saisine de la Commission régionale de conciliation et d'indemnisation de Bretagne.",
     "Commission régionale de conciliation et d'indemnisation de Bretagne"),
    ("Il livre ses fromages à la Fromagerie des Causses à Millau depuis vingt ans.", "Fromagerie des Causses"),
    ("Dossier transmis à la Maison départementale des personnes handicapées du Gard.",
     "Maison départementale des personnes handicapées du Gard"),
    ("Il travaille à la Menuiserie Vasseur & Fils comme apprenti.", "Menuiserie Vasseur & Fils"),
    ("Reprise du travail à la Caisse primaire d'assurance maladie du Var prévue lundi.",
     "Caisse primaire d'assurance maladie du Var"),
    # a capitalised article right after a kind's noun, adjective or acronym opens the name
    ("Bagarre à la sortie du bar-tabac La Comète vers deux heures.", "La Comète"),
    ("MAS Les Peupliers, Route de Lyon 4 - fiche de liaison", "MAS Les Peupliers"),
    ("Il réside au foyer médicalisé Les Coquelicots depuis 2019.", "Les Coquelicots"),
    # an insurer's field in a form, whatever its value's word
    ("Assurance : SWICA. Médecin traitant : Dr Kuster.", "SWICA"),
    ("Mutuelle : Harmonie Prévoyance Sud - adhérent 44 781", "Harmonie Prévoyance Sud"),
    # German and Dutch hospitals written as one compound
    ("Opérée à l'Kinderspital Zürich en 2018, puis suivie ici.", "Kinderspital Zürich"),
    ("Compte rendu transmis par le Stadtspital Triemli.", "Stadtspital Triemli"),
    ("Radiologie - Spitalregion Oberaargau - 04.02.2025", "Spitalregion Oberaargau"),
    ("Transfert vers l'Heilig-Hartziekenhuis pour la suite.", "Heilig-Hartziekenhuis"),
    # a fax's letterhead whose capitals OCR broke with stray spaces
    ("Reçu par fax le 3 MAI 2024\nC ENTRE HOSPI TALIER\nDE CAMBRAI\nCompte rendu", "C ENTRE HOSPI TALIER"),
    ("POLY CLINIQUE DU V AL - Service d'imagerie", "POLY CLINIQUE DU V AL"),
    # a firm's or shop's lower-case head, 'du'/'de la'/'des' and a capitalised name
    ("Exploitant de la ferme-auberge du Grand Ballon, chute d'une échelle.", "ferme-auberge du Grand Ballon"),
    ("Bagarre devant le bar des Amis vers minuit, plaie de l'arcade.", "bar des Amis"),
    ("Ouvrier à la scierie de la Vologne depuis 2015.", "scierie de la Vologne"),
    # a care kind's acronym and the name after it, mid-sentence; an acronym and the town it serves
    ("Pansements faits par le SSIAD Entraide Rurale trois fois par semaine.", "SSIAD Entraide Rurale"),
    ("Moniteur à l'UCPA de Tignes, chute sur le glacier.", "UCPA de Tignes"),
    ("Bilan comparé à celui du Pôle Santé Vauban de mars 2023.", "Pôle Santé Vauban"),
    # a practice's lower-case head, its link and a capitalised name
    ("Message laissé par le cabinet de radiologie des Remparts pour le rendez-vous.", "cabinet de radiologie des Remparts"),
    ("Échographie faite au centre d'imagerie de la Gare hier.", "centre d'imagerie de la Gare"),
]


@pytest.mark.parametrize(("text", "name"), FOUND)
def test_found(deid: Deidentifier, text: str, name: str) -> None:
    assert ("INSTITUTION", name) in _spans(deid, text)


NOT_INSTITUTION = [
    # clinical and anatomical acronyms, kinds of service, a rate, a code, a town
    ("Pas de fracture au TDM ni à l'IRM, contrôle au CT dans un mois.", "TDM"),
    ("Certificat transmis au SPIP, avis de l'UMJ demandé.", "UMJ"),
    ("Retour à l'EHPAD prévu demain matin.", "EHPAD"),
    ("Taux d'AIPP proposé : 6 %.", "AIPP"),
    ("Patient diabétique, équilibré au DT 2 sous metformine.", "DT"),
    # a body's noun at a line's start, without an article, alone, or followed by the sentence's verb
    ("Association de malades : aucune.", "Association"),
    ("Pas de Maison de repos envisagée pour le moment.", "Maison"),
    ("Elle a contacté la Mutuelle hier.", "Mutuelle"),
    ("Le dossier est parti à la Commission puis revenu.", "Commission"),
    ("Recommandations de la Société française de rhumatologie, 2022.", "Société"),
    # the article after a kin word is a surname's, after a stay a town's
    ("Présence de sa fille Le Dantec à la consultation.", "Le Dantec"),
    ("Chute à ski pendant un séjour Les Arcs en février.", "Les Arcs"),
    # an insurer's field answered with no insurer; a hospital's noun alone or in a French word
    ("Assurance : néant. Mutuelle : Oui.", "Oui"),
    ("Mutuelle : CMU-C. Caisse : CSS.", "CMU"),
    # a head written whole is the other rules': no span starts inside a normal line of capitals
    ("COMPTE RENDU - CLINIQUE : examen du genou", "COMPTE"),
    # a trade's head before a town, a person, an indefinite article, a day
    ("Il tient une boulangerie de Dinant avec son frère.", "boulangerie"),
    ("Chute au garage de Pierre, son voisin.", "garage"),
    ("Il a ouvert un café du Centre l'an dernier.", "café"),
    # a hospital's department named 'Pôle', a care kind before a medical word or a title
    ("Hospitalisée au Pôle Femme-Enfant pour la surveillance.", "Pôle"),
    ("Retour en EHPAD Dr Martin prévenu, HAD Perfusion à domicile.", "HAD"),
    ("Adressé au cabinet médical du Dr Morel pour la suite.", "cabinet"),
]


@pytest.mark.parametrize(("text", "word"), NOT_INSTITUTION)
def test_not_institution(deid: Deidentifier, text: str, word: str) -> None:
    assert not any(tag == "INSTITUTION" and word in span for tag, span in _spans(deid, text))


# words other annotators mask anyway (privacy first): this annotator must not call them organisations
NOT_NAMED_HERE = [
    ("Entorse du LTFA probable, pas de fracture.", "LTFA"),
    ("Certificat transmis au SPIP, avis de l'UMJ demandé.", "SPIP"),
    ("Patient venu d'un Hospital à l'étranger, hospitalisation de trois jours.", "Hospital"),
    # (a first name after an insurer's label: a contact person, whom the person rules may tag)
    ("Caisse : Marie, sa fille, s'occupe des papiers.", "Marie"),
]


@pytest.mark.parametrize(("text", "word"), NOT_NAMED_HERE)
def test_not_named_by_this_annotator(deid: Deidentifier, text: str, word: str) -> None:
    (named,) = [a for a in deid.annotators if a.name == "organisations_named"]
    ctx = Context(text, tokenize(text), deid.lookups)
    assert not any(word in text[start:end] for start, end, _ in named.annotate(ctx))
