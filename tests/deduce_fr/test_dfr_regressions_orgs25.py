"""Regressions of deduce_fr/organisations_named.py, session 19 (orgn22): organisations of the world around care
(shelters, asylum and social services, workplaces, clubs, federations, military units, police stations) that nothing
else finds, and the kinds of service that name no one body when written alone.

- the acronym of a KIND of social, asylum, shelter or child-protection service alone ('hébergée en CADA', 'à l'ESI',
  'transmise à la CRIP') is no organisation; with its own name ('LHSS X', 'ACT X') it is one, kind included;
- a shelter's kind written out and its name ('accueil de jour Le X', 'abri de nuit X', "centre d'hébergement
  d'urgence « X »"); hard negatives: the kind alone, a town after it;
- a workplace's noun before a bracket naming it ('usine (X Y)', 'à son compte (X Toitures, town)'), a sport before a
  comma and its club; hard negatives: a person, a town, one ordinary word in the bracket;
- a sports licence's issuer ('Licence FFVB'), a club 'Stade' + demonym;
- a military unit by its arm ('bataillon de Chasseurs X') and a navy ship by its name ('frégate X'); hard negative:
  'frégate de la Marine nationale' keeps the navy alone;
- a police station by its district's number ('Commissariat du 19e');
- precision: a lone word in capitals after a negation, a grade's number, a system's head, as a classification's
  subtype or with a result's sign ('pas de X', 'grade 2 X', 'Protocole X', 'IIIB', 'X+') is a finding; "grade III de
  l'X" names a scale's author; 'Dott. X' a title; 'pied de X' an eponym.

Sentences written for these tests, not taken from an evaluation set."""

from __future__ import annotations

import pytest

from deduce_fr import Deidentifier


def _spans(deid: Deidentifier, text: str) -> set[tuple[str, str]]:
    return {(s.tag, s.text) for s in deid.annotate(text).spans}


FOUND = [
    ("Sans abri, il passe ses nuits à l'abri de nuit Horizon depuis l'hiver.", "abri de nuit Horizon"),
    ("Connue de l'accueil de jour La Boussole, où elle reçoit son courrier.", "accueil de jour La Boussole"),
    ("Orientée vers le centre d'hébergement d'urgence « Les Quatre Vents » par le 115.", "Les Quatre Vents"),
    ("Il loge en maison relais Les Amandiers depuis deux ans.", "maison relais Les Amandiers"),
    ("Sortie vers le LHSS Boréal pour la suite des soins.", "LHSS Boréal"),
    ("Hébergé en appartement de coordination thérapeutique (ACT Arkadia) à Niort.", "ACT Arkadia"),
    ("Chute d'un quai de chargement à l'entrepôt (Logistique Varennaise), douleur du talon.", "Logistique Varennaise"),
    ("Maçon à son compte (Perrin Façades, Bourgoin), chute d'un échafaudage.", "Perrin Façades"),
    ("Entorse du pouce au ballon (handball, HBC Vallée Verte) samedi.", "HBC Vallée Verte"),
    ("Licence FFHB n° 55120398, saison en cours.", "FFHB"),
    ("Ailier de l'équipe du Stade Montois, plaqué au sol en match.", "Stade Montois"),
    ("Sergent au bataillon de Génie Alpin, chute lors d'un exercice.", "bataillon de Génie Alpin"),
    ("Matelot embarqué sur la frégate Normandie, traumatisme du genou à bord.", "frégate Normandie"),
    ("Réquisition du Commissariat du 12e pour examen de compatibilité.", "Commissariat du 12e"),
]


@pytest.mark.parametrize(("text", "name"), FOUND)
def test_found(deid: Deidentifier, text: str, name: str) -> None:
    assert ("INSTITUTION", name) in _spans(deid, text)


NOT_INSTITUTION = [
    ("Demandeuse d'asile hébergée en CADA depuis trois mois.", "CADA"),
    ("Information préoccupante transmise à la CRIP ce matin.", "CRIP"),
    ("Domiciliation postale à l'ESI, sans téléphone.", "ESI"),
    ("Hébergé en CHRS, suivi par une assistante sociale.", "CHRS"),
    # a shelter kind with no name ("l'abri de nuit de Namur", named by its town, is one: organisation heads)
    ("Elle dort dans un abri de nuit cette semaine.", "abri de nuit"),
    ("Salariée de l'entreprise (Marie Dupont, gérante), chute au dépôt.", "Marie Dupont"),
    ("Ouvrier à l'usine (Roubaix), chute de sa hauteur.", "Roubaix"),
    ("Soutien de l'association (Voir courrier joint).", "Voir"),
    # a word in capitals that is a finding, a grade or a system, no organisation (the proper-noun fallback)
    ("Poignet : pas de DISA, interligne conservé.", "DISA"),
    ("Liposarcome de la cuisse, grade 2 FNCLCC selon la biopsie.", "FNCLCC"),
    ("Fracture ouverte de jambe, Gustilo IIIB, fixateur externe.", "IIIB"),
    ("Tumeur du moyen rectum, MRF+ sur l'IRM de bilan.", "MRF"),
    ("Protocole GREC, attelle et glace pendant 48 heures.", "GREC"),
    ("Chondropathie grade III de l'ICRS au condyle médial.", "ICRS"),
    # a doctor's Italian title, an anatomical eponym
    ("Dott. Paolo Bianchi – Medicina Generale, Torino", "Dott"),
    ("Mycétome du pied de Madura, IRM demandée.", "Madura"),
]


@pytest.mark.parametrize(("text", "word"), NOT_INSTITUTION)
def test_not_institution(deid: Deidentifier, text: str, word: str) -> None:
    assert not any(tag == "INSTITUTION" and word in found for tag, found in _spans(deid, text))


def test_navy_alone_not_a_ship(deid: Deidentifier) -> None:
    spans = _spans(deid, "Marin affecté sur une frégate de la Marine nationale, entorse de cheville.")
    assert ("INSTITUTION", "frégate de la Marine") not in spans
