"""Regressions of deduce_fr/institution_heads.py, session 17: the left edge of an organisation's name.

- a noun right after a definite article ('la', 'le', 'au', "l'") and before an organisation we find by its own name,
  with or without a lower-case adjective, says what kind of organisation it is and joins the name, as the independent
  writers tag it ('à la coopérative laitière Lactalis', 'pour la compagnie Air Austral', "de l'armement Sapmer SAS").
  Hard negatives: a ward or a service before the organisation ('la médecine du travail Mensura': 'du' links a ward's
  complement), a health insurer's kind ('la mutuelle Solidaris', the writers leave the kind out), a building site
  ('le chantier Eiffage'), a worker's role ('le directeur Colruyt'), a country and a preposition between them ('au
  Luxembourg chez Cactus').
- 'centre' and 'établissement' as heads with a complement, then a town ('centre de rétention administrative de X',
  'établissement pénitentiaire de X'), 'commissariat de police de X', and a firm's word before a firm named by its
  trade ('entreprise Toitures X SARL'). Hard negatives: a town's centre ('au centre de Lyon'), a place noun in the
  complement ('le centre du village de X'), an agency's centre keeps its town apart ('centre Fedasil de X'), a ward
  before a hospital ('service de cardiologie du CHU de X');
- a hospital's or a service's acronym written with full stops ('H.U.B', 'C.H.R de Verviers', 'H.C.L.'). Hard
  negatives: initials before a surname, a lab test's letters ('T.S.H.');
- a link and one capitalised word that no annotator took, closing the clause, end an organisation's name ('restaurant
  Le Comptoir des Amis.'). Hard negatives: a title ('du Docteur X'), a ward ('des Urgences').

Sentences written for these tests, not taken from an evaluation set."""

from __future__ import annotations

import pytest

from deduce_fr import Deidentifier


def _spans(deid: Deidentifier, text: str) -> set[tuple[str, str]]:
    return {(s.tag, s.text) for s in deid.annotate(text).spans}


KIND_JOINS = [
    ("Il est magasinier à la coopérative laitière Lactalis depuis 2012.", "coopérative laitière Lactalis"),
    ("Il conduit des camions pour la compagnie Air Austral.", "compagnie Air Austral"),
    ("Matelot sur un thonier de l'armement Sapmer SAS.", "armement Sapmer SAS"),
]


@pytest.mark.parametrize("text,name", KIND_JOINS)
def test_kind_before_a_found_organisation_joins_it(deid: Deidentifier, text: str, name: str) -> None:
    assert ("INSTITUTION", name) in _spans(deid, text)


KIND_STAYS_OUT = [
    ("Consultation de la médecine du travail Mensura demain.", "Mensura"),
    ("Prise en charge par la mutuelle Solidaris.", "Solidaris"),
    ("Le chantier Eiffage de la rocade est fermé après l'accident.", "Eiffage"),
    ("Le directeur Colruyt a signé la déclaration.", "Colruyt"),
    ("Il travaille au Luxembourg chez Cactus comme boucher.", "Cactus"),
]


@pytest.mark.parametrize("text,name", KIND_STAYS_OUT)
def test_what_is_no_kind_of_organisation_stays_out(deid: Deidentifier, text: str, name: str) -> None:
    assert ("INSTITUTION", name) in _spans(deid, text)


CENTRES_AND_FIRMS = [
    # any centre or establishment with its complement, then its town
    ("Elle a été retenue au centre de rétention administrative de Vincennes.",
     "centre de rétention administrative de Vincennes"),
    ("Détenu transféré à l'établissement pénitentiaire de Marche-en-Famenne.",
     "établissement pénitentiaire de Marche-en-Famenne"),
    ("Plainte déposée au commissariat de police de Lens.", "commissariat de police de Lens"),
    # a firm's generic word before a firm named by its trade
    ("Maçon salarié de l'entreprise Toitures Lemaire SARL depuis 2008.", "entreprise Toitures Lemaire SARL"),
]


@pytest.mark.parametrize("text,name", CENTRES_AND_FIRMS)
def test_centres_establishments_and_firms(deid: Deidentifier, text: str, name: str) -> None:
    assert ("INSTITUTION", name) in _spans(deid, text)


CENTRE_NEGATIVES = [
    ("Rendez-vous au centre de Lyon demain matin.", ("LOCATION", "Lyon")),  # the town's centre
    ("Il habite le centre du village de Ouhans.", ("LOCATION", "Ouhans")),  # a place noun in the complement
    ("Hébergé au centre Fedasil de Jumet.", ("LOCATION", "Jumet")),  # an agency's centre keeps its town apart
    ("Vu au service de cardiologie du CHU de Brest.", ("INSTITUTION", "CHU de Brest")),  # a ward before a hospital
]


@pytest.mark.parametrize("text,kept", CENTRE_NEGATIVES)
def test_what_a_bare_centre_leaves_alone(deid: Deidentifier, text: str, kept: tuple[str, str]) -> None:
    assert kept in _spans(deid, text)


DOTTED = [
    ("Coronarographie prévue au H.U.B la semaine prochaine.", "H.U.B"),
    ("Suivie au C.H.R de Verviers depuis sa greffe.", "C.H.R de Verviers"),
    ("Dossier transmis aux H.C.L. pour avis.", "H.C.L."),
]


@pytest.mark.parametrize("text,name", DOTTED)
def test_dotted_acronyms(deid: Deidentifier, text: str, name: str) -> None:
    assert ("INSTITUTION", name) in _spans(deid, text)


@pytest.mark.parametrize("text,letters", [
    ("Courrier signé A.B.C. Dupont, kinésithérapeute.", "A.B.C."),  # initials before a surname
    ("Résultat : T.S.H. normale, pas de bilan complémentaire.", "T.S.H."),  # a lab test, no listed acronym
])
def test_dotted_letters_that_are_no_hospital(deid: Deidentifier, text: str, letters: str) -> None:
    assert not any(tag == "INSTITUTION" and letters in name for tag, name in _spans(deid, text))


@pytest.mark.parametrize("text,name", [
    # a link and one capitalised word no annotator took, closing the clause, end the name
    ("Plongeur au restaurant Le Comptoir des Amis.", "restaurant Le Comptoir des Amis"),
])
def test_a_linked_capital_closes_the_name(deid: Deidentifier, text: str, name: str) -> None:
    assert any(tag == "INSTITUTION" and found.endswith(name) for tag, found in _spans(deid, text))


@pytest.mark.parametrize("text,kept", [
    ("Adressée par la clinique du Parc du Docteur Martin.", ("PERSON", "Martin")),  # a title after the link
    ("Bilan à la polyclinique Saint-Jean des Urgences.", ("INSTITUTION", "polyclinique Saint-Jean")),  # a ward
])
def test_a_linked_title_or_ward_stays_out(deid: Deidentifier, text: str, kept: tuple[str, str]) -> None:
    assert kept in _spans(deid, text)
