"""Regressions of deduce_fr/institution_heads.py, session 23 (orgn29): the left edge of an organisation's span.

- a shelter's or a reception centre's kind touching the name after it belongs to that name, whatever annotator read
  the name ('accueil de nuit Saint-X', 'Centre ouvert <operator> <town>', 'samusocial <town>'); through a link
  ('accueil de jour de <town>') the town stays a place;
- a département written as the body that takes a file in charge, with its area, is one INSTITUTION span
  (capitalised, or after 'par le', 'au', 'auprès du', 'pour le'); 'dans le département de X' stays a place;
- a care body's acronym typed in lower case before its town, on a line typed in lower case ('umj de rouen');
- a head's own first word read as a name ('Samu social de X') goes back to the head; a person before it keeps
  the words before the head's particle.

Sentences written for these tests, not taken from an evaluation set."""

from __future__ import annotations

import pytest

from deduce_fr import Deidentifier


def _spans(deid: Deidentifier, text: str) -> set[tuple[str, str]]:
    return {(s.tag, s.text) for s in deid.annotate(text).spans}


FOUND = [
    ("Orienté cette nuit vers l'accueil de nuit Saint-Martin par l'équipe mobile.", "accueil de nuit Saint-Martin"),
    ("Centre ouvert Fedasil Arendonk - fiche de liaison médicale", "Centre ouvert Fedasil Arendonk"),
    ("Le dossier a été transmis au Département du Var le mois dernier.", "Département du Var"),
    ("Mineur pris en charge par le département de la Vienne depuis avril.", "département de la Vienne"),
    ("vu à l'umj de rouen ce matin pour les coups reçus", "umj de rouen"),
    ("hébergé au huda de tours depuis trois semaines", "huda de tours"),
    ("maraude samusocial namur - passage de 22h", "samusocial namur"),
    ("Luc Bertrand, éducateur, Samu social de Metz", "Samu social de Metz"),
]


@pytest.mark.parametrize(("text", "name"), FOUND)
def test_left_edges_found(deid: Deidentifier, text: str, name: str) -> None:
    assert ("INSTITUTION", name) in _spans(deid, text)


def test_person_before_a_head_keeps_its_name(deid: Deidentifier) -> None:
    spans = _spans(deid, "Appel de Patrick du Samu social de Bordeaux pour une dame à la rue.")
    assert ("INSTITUTION", "Samu social de Bordeaux") in spans
    assert ("PERSON", "Patrick") in spans


NOT_JOINED = [
    # a day centre reached through a link names its town, not a name of its own
    ("Soins de pieds à l'accueil de jour de Cayenne ce matin.", "Cayenne"),
    # a département as a place of birth stays a place
    ("Il est né dans le département de la Vienne en 1990.", "Vienne"),
    # an acronym in lower case on a line with capitals is not read as a body
    ("Le CH de Lens a appelé, vu à l'umj de Rouen", "Rouen"),
]


@pytest.mark.parametrize(("text", "place"), NOT_JOINED)
def test_places_stay_places(deid: Deidentifier, text: str, place: str) -> None:
    spans = _spans(deid, text)
    assert ("LOCATION", place) in spans
    assert not any(tag == "INSTITUTION" and span.endswith(place) and span != place for tag, span in spans)


def test_no_phi_in_a_generic_day_centre(deid: Deidentifier) -> None:
    assert not _spans(deid, "Un accueil de jour est proposé aux personnes sans domicile.")


TAILS = [
    # a compass point or 'Centre' closing a body's name where the clause ends
    ("Radio faite au Pôle Santé Nord, Le Mans.", "Pôle Santé Nord"),
    ("Suivi au CHU de Lille Sud depuis mai.", "CHU de Lille Sud"),
    # a unit's ordinal before its acronym
    ("Sergent Morel, 1er RCP de Tarbes, chute lors d'un saut.", "1er RCP"),
]


@pytest.mark.parametrize(("text", "name"), TAILS)
def test_name_tails_and_ordinals(deid: Deidentifier, text: str, name: str) -> None:
    assert any(tag == "INSTITUTION" and span.startswith(name) for tag, span in _spans(deid, text))


def test_ordinal_before_anatomy_is_no_unit(deid: Deidentifier) -> None:
    assert not _spans(deid, "Arthrose de la 1re MTP droite, pas de fracture.")


def test_compass_word_before_a_clause_stays_out(deid: Deidentifier) -> None:
    spans = _spans(deid, "Le CHU de Lille est fermé le dimanche.")
    assert ("INSTITUTION", "CHU de Lille") in spans


CAPITAL_NAMES = [
    ("Compte rendu\nMaison Médicale Atlas\nDr Jean Dupuis", "Maison Médicale Atlas"),
    ("Vu au cabinet de kinésithérapie Atlas.", "cabinet de kinésithérapie Atlas"),
]


@pytest.mark.parametrize(("text", "name"), CAPITAL_NAMES)
def test_capitalised_name_after_a_head(deid: Deidentifier, text: str, name: str) -> None:
    assert ("INSTITUTION", name) in _spans(deid, text)


@pytest.mark.parametrize("text", ["Elle va à l'école Maternelle.", "Hospitalisé en service de Cardiologie.",
                                  "Il est suivi en Chirurgie Orthopédique."])
def test_capitalised_kind_words_are_no_names(deid: Deidentifier, text: str) -> None:
    assert not _spans(deid, text)
