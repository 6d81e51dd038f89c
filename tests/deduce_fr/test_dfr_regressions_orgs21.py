"""Regressions of deduce_fr/organisations_named.py, session 17 (orgn20): organisations nothing else finds, and what
the named-organisation rules must NOT take.

- a hospital's own name written in lower case after its lower-case head (dictation, text messages): a name of the
  hospital lists or the words after a head in the public register's names ('au centre oscar lambret'), a first name
  that is also a word before a word no list knows ('centre françois baclesse'); hard negatives: a head and French
  words only ('au centre de santé', 'au centre de la douleur');
- a drug's brand in brackets after a work cue is no employer ('chez le résident sous anticoagulant (X, Y)'); 'chez'
  before a person ('chez le patient', "chez l'enfant") names no employer; a cue written with an accent is not its
  unaccented homograph in a text whose writer uses accents ('en charge (EOS)' is no 'chargé');
- an unknown acronym after a cue is no body when it names a person's role ("remis à l'OPJ"), a tracer glued to its
  number ('au PSMA-68Ga'), or a unit of the hospital named right after it ("à l'UAPED du CHU de X": the hospital is
  the span); a letterhead opened by a kind of service's acronym ('USMP - Centre pénitentiaire ...') tags only what
  follows; 'chez sa fille' names no employer; a role's acronym after a work cue ('déclaré au DPO') or a kind of public
  service alone ('déclaré à la CPAM') is no employer;
- a kind's acronym of Quebec's health network, of West African health pyramids or of Algeria's public hospitals and
  the name after it ('CIUSSS du Nord-de-l'Île-...', 'GMF des ...', 'CSRéf de ...'); hard negative: a title after it;
- a payer's form field ('Prise en charge : <acronym>', 'Organisme payeur : Mutuelle de ...', 'Assurance accident :
  <insurer>'); hard negatives: an answer, a cover scheme, a French word ('Prise en charge : Ambulatoire');
- a supplier's field in an imaging or IT text ('Maintenance scanner : <firm>', 'Téléradiologie de nuit : <firm>'),
  a teleradiology firm after its word or in brackets after 'à distance'; hard negatives: a person, a kind of
  system ('Fournisseur : PACS'), an answer;
- an interpreting service after the interpreter's word ('interprète via X wallon'), a network after 'réseau', an
  acronym alone in a header's part beside a hospital's part ('Fiche — X / Hôpital de district de Y'), a mixed-case
  acronym after a care noun ('radiologie CHdN X'); hard negatives: the interpreter's own name in brackets, 'réseau
  veineux', a clinical acronym in a header;
- an establishment named after a saint after 'au' / 'à la' in a sentence about care ('accouchée à la Sainte-X');
  hard negatives: a birthplace, a sentence with no care word;
- a court by its full kind and its seat ("conseil de prud'hommes de X", "cour d'assises du X", 'tribunal pour enfants
  de X'); hard negatives: a title after 'de', a seat in lower case.

Sentences written for these tests, not taken from an evaluation set."""

from __future__ import annotations

import pytest

from deduce_fr import Deidentifier


def _spans(deid: Deidentifier, text: str) -> set[tuple[str, str]]:
    return {(s.tag, s.text) for s in deid.annotate(text).spans}


FOUND = [
    ("bilan d'extension fait au centre oscar lambret point à la ligne", "centre oscar lambret"),
    ("elle est suivie au centre françois baclesse virgule sous hormonothérapie", "centre françois baclesse"),
    ("hospitalisée au centre hospitalier des escartons pour une pneumopathie", "centre hospitalier des escartons"),
    ("Il est cariste (Kiabi), chute de hauteur sur le quai.", "Kiabi"),
    ("Accompagné de sa mère à l'UAPED du CHU de Rennes pour audition.", "CHU de Rennes"),
    ("Il est chargé de mission chez Orano depuis trois ans.", "Orano"),
    ("Compte rendu — CIUSSS de l'Estrie-Sud, Hôpital de Granby", "CIUSSS de l'Estrie-Sud"),
    ("Copie au Dr Tremblay (GMF des Appalaches), par télécopieur.", "GMF des Appalaches"),
    ("Évacué depuis le CSRéf de Bougouni pour une fracture ouverte.", "CSRéf de Bougouni"),
    ("Employeur : néant. Prise en charge : Mutuelle des agents de l'État.", "Mutuelle des agents de l'État"),
    ("Prise en charge : CNSS, bon n° 1234.", "CNSS"),
    ("Assurance accident : Vaudoise, sinistre ouvert le 3 mai.", "Vaudoise"),
    ("Maintenance de l'échographe : Samsung Medison\nProchaine visite en juin.", "Samsung Medison"),
    ("Téléradiologie de nuit : Radiolink\nAstreinte de jour sur place.", "Radiolink"),
    ("Interprétation à distance (Teleradix, Dr Noël) transmise à 3 h.", "Teleradix"),
    ("Entretien mené avec un interprète via Tradulink bruxellois.", "Tradulink bruxellois"),
    ("Les clichés des deux sites (réseau Helora) sont relus ensemble.", "Helora"),
    ("Fiche de liaison — SOLIMA / Hôpital régional de Ségou", "SOLIMA"),
    ("Secrétariat radiologie HRdL Esch, rendez-vous confirmé.", "HRdL Esch"),
    ("Elle a accouché à la Sainte-Élisabeth en 2019.", "Sainte-Élisabeth"),
    ("Licencié, il a saisi le conseil de prud'hommes de Roubaix.", "conseil de prud'hommes de Roubaix"),
    ("Témoin cité devant la cour d'assises du Pas-de-Calais.", "cour d'assises du Pas-de-Calais"),
    ("Ordonnance du tribunal pour enfants de Bobigny jointe.", "tribunal pour enfants de Bobigny"),
    ("Recours porté devant la cour administrative d'appel de Douai.", "cour administrative d'appel de Douai"),
]


@pytest.mark.parametrize(("text", "name"), FOUND)
def test_found(deid: Deidentifier, text: str, name: str) -> None:
    assert ("INSTITUTION", name) in _spans(deid, text)


NOT_FOUND = [
    ("adressé au centre de santé du quartier pour suivi", "centre"),
    ("prise en charge au centre de la douleur en janvier", "centre"),
    ("Toute chute chez le résident sous anticoagulant (Rivaroxaban, Apixaban) impose une radio.", "Rivaroxaban"),
    ("Chute chez la patiente sous anticoagulant (Xarelto), scanner cérébral fait.", "Xarelto"),
    ("Radiographie du rachis entier en charge (EOS) pour scoliose sévère.", "EOS"),
    ("Certificat initial remis à l'OPJ le jour même.", "OPJ"),
    ("TEP au PSMA-68Ga : fixation du lit prostatique.", "PSMA"),
    ("Accompagné de sa mère à l'UAPED du CHU de Rennes pour audition.", "UAPED"),
    ("USMP - Centre pénitentiaire de Villeneuve-lès-Maguelone\nDétenu vu en consultation.", "USMP"),
    ("Depuis sa chute, elle vit chez sa fille Noura à Ain Sebaa.", "Ain"),
    ("Fuite de données déclarée au DPO le jour même.", "DPO"),
    ("Dossier déclaré à la MDPH par la famille.", "MDPH"),
    ("Rapport au CMA Dr Ouédraogo pour avis.", "Ouédraogo"),
    ("Prise en charge : Ambulatoire, sortie le soir.", "Ambulatoire"),
    ("Prise en charge : CMU.", "CMU"),
    ("Tiers payant : Oui", "Oui"),
    ("Prestataire : Mme Lefèvre\nPassage deux fois par jour.", "Lefèvre"),
    ("Fournisseur : PACS hébergé.", "PACS"),
    ("Téléradiologie : Dr Marchal, astreinte.", "Marchal"),
    ("Entretien avec interprète (Ilinca) et son mari.", "Ilinca"),
    ("Il a un réseau veineux pauvre, pose difficile.", "veineux"),
    ("Compte rendu — IRM / Clinique du Val", "IRM"),
    ("CLINIQUE DES LILAS — NANTES", "NANTES"),
    ("SCANNED - Hôpital de la Citadelle - p. 1/2", "SCANNED"),
    ("Née à la Sainte-Baume, elle vit à Toulon.", "Sainte-Baume"),
    ("Randonnée au Saint-Gothard en juillet.", "Saint-Gothard"),
    ("Expertise pour le tribunal de commerce de Dr Lemaire, greffe.", "Lemaire"),
    ("Un tribunal de police de quartier a été saisi.", "quartier"),
]


@pytest.mark.parametrize(("text", "word"), NOT_FOUND)
def test_not_institution(deid: Deidentifier, text: str, word: str) -> None:
    assert not any(tag == "INSTITUTION" and word in found for tag, found in _spans(deid, text))
