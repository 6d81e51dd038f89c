"""Session-21 regressions (persons25): a surname no list holds after a civil function (judges, lawyers, warders,
coaches, educators, directors, interpreters), after an article, an elision, as a line's label or in apposition; a
grade after an elision or after 'du' in lower case; and a relative's label before an ordinary word or a big town
finds no relative. Every sentence is our own, with hard negatives."""

from __future__ import annotations

import pytest
from dfr_spans import covered, tagged

from deduce_fr import Deidentifier


# ---------------------------------------------------------------- a surname after a civil function
@pytest.mark.parametrize(("text", "name"), [
    ("La juge Abiodun a fixé une nouvelle audience.", "Abiodun"),
    ("Audition chez le greffier Szczepanik mardi.", "Szczepanik"),
    ("L'avocate Hennequart transmettra les conclusions.", "Hennequart"),
    ("Le surveillant Moukoko signale un refus alimentaire.", "Moukoko"),
    ("Incident relevé par la gardienne Tiwari en coursive.", "Tiwari"),
    ("L'entraîneuse Brzezinska suspend les séances.", "Brzezinska"),
    ("Son coach Vettorazzi signale une gêne au genou.", "Vettorazzi"),
    ("Le mandataire Kuźniarski règle les factures.", "Kuźniarski"),
    ("La directrice Ouedraogo a signé l'attestation.", "Ouedraogo"),
    ("L'interprète Nakashima assiste à l'entretien.", "Nakashima"),
    ("Le soigneur Ravelonanosy a posé de la glace.", "Ravelonanosy"),
    ("Le directeur d'établissement Quéméner valide la sortie.", "Quéméner"),
    ("Éducatrice : Ngalula\nSuivi hebdomadaire au foyer.", "Ngalula"),
    ("Le kiné de l'équipe, Ouattabi, a posé un strapping.", "Ouattabi"),
])
def test_surname_after_a_civil_function(deid: Deidentifier, text: str, name: str) -> None:
    assert covered(deid, text, name)
    assert any(t in ("PERSON", "INSTITUTION") and name in part for part, t in tagged(deid, text))


@pytest.mark.parametrize(("text", "word"), [
    ("Le directeur Médical a validé le protocole.", "Médical"),
    ("Le juge Lundi prochain statuera.", "Lundi"),
    ("Elle habite avenue du Président Wilson depuis un an.", "Wilson"),
    ("Il travaille rue du juge Falcone à côté de la gare.", "Falcone"),
    ("L'avocat, Paris, ce jour.", "Paris"),
    ("Le coach Decathlon vendu en magasin ne convient pas.", "Decathlon"),
])
def test_no_name_after_a_function(deid: Deidentifier, text: str, word: str) -> None:
    assert (word, "PERSON") not in tagged(deid, text)


def test_employer_stays_a_company(deid: Deidentifier) -> None:
    # an employer is most often a firm: no PERSON rule after 'employeur'
    assert not any(t == "PERSON" and "Quarrytech" in part
                   for part, t in tagged(deid, "Reprise envisagée chez son employeur Quarrytech en mars."))


@pytest.mark.parametrize(("text", "name"), [
    ("Le juge Le Bihan a renvoyé l'affaire.", "Le Bihan"),
    ("L'éducatrice N'Goma a appelé la mère.", "N'Goma"),
    ("La greffière Van Roey a noté la date.", "Van Roey"),
])
def test_civil_function_before_a_name_with_a_particle(deid: Deidentifier, text: str, name: str) -> None:
    assert (name, "PERSON") in tagged(deid, text)


def test_court_town_after_a_judge_is_no_name(deid: Deidentifier) -> None:
    assert ("La Rochelle", "PERSON") not in tagged(deid, "Le juge La Rochelle a été saisi.")


# ---------------------------------------------------------------- grades
@pytest.mark.parametrize(("text", "name"), [
    ("L'adjudant Tchibinda a accompagné le blessé.", "Tchibinda"),
    ("Appel du lieutenant Abubakar en fin de matinée.", "Abubakar"),
    ("Le médecin-chef Ravaozanany a signé la permission.", "Ravaozanany"),
])
def test_grade_then_name(deid: Deidentifier, text: str, name: str) -> None:
    assert covered(deid, text, name)


def test_street_named_after_a_grade(deid: Deidentifier) -> None:
    text = "Domicile rue du lieutenant Abubakar, 2e étage."
    assert ("Abubakar", "PERSON") not in tagged(deid, text)


# ---------------------------------------------------------------- kin labels before no name
@pytest.mark.parametrize(("text", "word"), [
    ("Antécédents familiaux. Mère : Inconnue. Père : HTA.", "Inconnue"),
    ("Frère : Épilepsie depuis l'enfance.", "Épilepsie"),
    ("Oncle maternel : Décédé jeune.", "Décédé"),
    ("Elle part chez sa tante Bordeaux pour l'été.", "Bordeaux"),
])
def test_kin_label_before_no_name(deid: Deidentifier, text: str, word: str) -> None:
    assert (word, "PERSON") not in tagged(deid, text)


@pytest.mark.parametrize(("text", "name"), [
    ("Sœur : Clémentine, 9 ans.", "Clémentine"),
    ("Père : Moussa, chauffeur.", "Moussa"),
    ("son épouse Pilar est venue.", "Pilar"),
    ("Mère : DUCHEMIN, joignable le matin.", "DUCHEMIN"),
])
def test_kin_label_before_a_name_still_finds_it(deid: Deidentifier, text: str, name: str) -> None:
    assert (name, "PERSON") in tagged(deid, text)
