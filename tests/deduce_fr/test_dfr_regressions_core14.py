"""Session-14 (wave 8) regressions of the core annotators, in our own words (no sentence copied from a case
file), each rule with hard negatives beside it: a town after 'à' / 'au' that the person rules took for a
name, durations and bone ages the age rule took for ages, and the ``times`` key of the ``dates`` annotator."""

from __future__ import annotations

import pytest

from deduce_fr import Deidentifier
from deduce_fr.annotators import DateAnnotator


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


def tagged(deid: Deidentifier, text: str) -> list[tuple[str, str]]:
    return [(s.tag, s.text) for s in deid.annotate(text).spans]


# ---------------------------------------------------------------- a town after 'à' / 'au' is no person
@pytest.mark.parametrize(("text", "town"), [
    ("Veuve, elle habite seule à Seraing, sa fille passe le soir.", "Seraing"),      # a town before a kin noun
    ("Il réside en foyer logement à Herve depuis mars.", "Herve"),                   # a town that is a first name
    ("Docker au Havre depuis vingt ans.", "Havre"),                                   # 'au' + 'Le Havre'
    ("Pêcheur au Lamentin, chute sur le quai.", "Lamentin"),                          # 'au' + a town no list has
    ("Son frère à Wavre, sa mère à Namur.", "Wavre"),
])
def test_town_after_a_is_a_location(deid: Deidentifier, text: str, town: str) -> None:
    found = tagged(deid, text)
    assert ("LOCATION", town) in found
    assert not any(tag in ("PERSON", "PATIENT") and town in span for tag, span in found)


@pytest.mark.parametrize(("text", "name"), [
    ("Courrier adressé à Florence pour avis.", "Florence"),       # a verb of sending: the first name is a person
    ("J'ai téléphoné à Florence ce matin.", "Florence"),
    ("Résultat transmis à Pierre Lambotte.", "Pierre Lambotte"),  # a first name and a surname: no town
    ("Rendez-vous avec le Dr Martin au Dr Dumont.", "Dumont"),    # a title after 'au' keeps the person
])
def test_person_after_a_stays_a_person(deid: Deidentifier, text: str, name: str) -> None:
    assert ("PERSON", name) in tagged(deid, text)


# ---------------------------------------------------------------- durations and bone ages are no ages
@pytest.mark.parametrize("text", [
    "Radiographie de la main : l'âge osseux correspond à 11 ans selon Greulich et Pyle.",  # a measure
    "Maturation osseuse évaluée à 14 ans, avance modérée.",
    "Une entorse identique il y a trois ans.",                       # how long ago
    "Opérée il y a 4 ans du genou droit.",
    "Contrôle clinique à 1 an de la prothèse totale de hanche.",     # a delay after an event
    "Mme Lenoir, 8 semaines post-arthroscopie, va bien.",
    "Mme Roux, 3 semaines post-opératoire, marche seule.",
    "Suivi de la PTG droite à 1 an, pas de liseré.",                  # a follow-up delay
    "Bon résultat, on la reverra à 2 ans.",
])
def test_no_age(deid: Deidentifier, text: str) -> None:
    assert not [span for tag, span in tagged(deid, text) if tag == "AGE"]


@pytest.mark.parametrize(("text", "age"), [
    ("Fracture du col fémoral à 84 ans, vit seule.", "84 ans"),               # 'à N ans' stays an age
    ("Décédée à 77 ans d'un accident vasculaire.", "77 ans"),                 # 'd'un': a cause, not an event
    ("Garçon de 10 ans ; âge osseux estimé à 12 ans.", "10 ans"),             # the patient's age beside it
    ("Mme Perrin, 66 ans, ostéoporose.", "66 ans"),
    ("Âge civil 9 ans et 4 mois, âge osseux 11 ans.", "9 ans et 4 mois"),
    ("Patient de 17 ans du club de rugby local, entorse.", "17 ans"),          # 'du' after a cued age: no delay
    ("Mme Simon, 70 ans, après une chute dans l'escalier.", "70 ans"),
])
def test_age_kept(deid: Deidentifier, text: str, age: str) -> None:
    ages = [span for tag, span in tagged(deid, text) if tag == "AGE"]
    assert age in ages
    assert "12 ans" not in ages and "11 ans" not in ages


# ---------------------------------------------------------------- the dates annotator's 'times' key
def test_dates_times_key() -> None:
    text = "Examen du 12/03/2024 à 14h30, revu à 9h15."
    with_times = {text[s:e] for s, e, _ in DateAnnotator("DATE").annotate(_ctx(text))}
    without = {text[s:e] for s, e, _ in DateAnnotator("DATE", times=False).annotate(_ctx(text))}
    assert "12/03/2024" in without and "12/03/2024" in with_times
    assert not any("9h15" in x for x in without)
    assert any("9h15" in x for x in with_times)  # the default is unchanged: times are tagged


def _ctx(text: str):
    from deduce_fr.annotators import Context
    from deduce_fr.tokenizer import tokenize

    return Context(text=text, tokens=tokenize(text), lookups=Deidentifier().lookups)
