"""Regressions fixed at the integration of session 24 (wave 21).

- a register entry reduced to one letter once its dotted initials are dropped ('C. H. R. O' -> 'O') named no
  institution: the letter stood for a hospital wherever it was written, a blood group included;
- 'Groupe' before an ordinary or medical word ('Groupe Sanguin') is a group of things, not a company: the rule that
  takes a capitalised name after a listed head keeps its companies ('Groupe <brand>');
- a surname in capitals after a rank or a police title is a person ('le gendarme X', "l'OPJ X"), not an unknown
  acronym read as an organisation; a short unit after a rank stays one ('capitaine PGHM');
- a scale's acronym after 'grille' or 'questionnaire' is no organisation;
- an exam or a disease heading a line before the body that did it ('Audiogramme — Centre Auditif X') is report
  vocabulary (medical_fr.txt), not a letterhead's organisation.

Sentences written for these tests, not taken from an evaluation set."""

from __future__ import annotations

import pytest
from dfr_spans import tagged

NOT_BODIES = [
    "Groupe Sanguin : O positif, RAI négatives.",
    "groupe sanguin O rhésus positif",
    "GROUPE SANGUIN : O POSITIF",
    "Carte de groupe : Groupe Sanguin A négatif, phénotype complet.",
]


@pytest.mark.parametrize("text", NOT_BODIES)
def test_blood_group_is_no_institution(deid_default, text: str) -> None:
    assert not [s for s in tagged(deid_default, text) if s[1] == "INSTITUTION"], text


@pytest.mark.parametrize("text,name", [
    ("Courrier adressé par le Groupe Ramsay le mois dernier.", "Groupe Ramsay"),
    ("Fiche de liaison du Groupe Vivalto Santé.", "Groupe Vivalto Santé"),
])
def test_a_company_group_keeps_its_name(deid, text: str, name: str) -> None:
    assert (name, "INSTITUTION") in tagged(deid, text), tagged(deid, text)


@pytest.mark.parametrize("text,name", [
    ("Plainte enregistrée par le gendarme VASSEUR le soir même.", "VASSEUR"),
    ("Procès-verbal signé par l'OPJ KERBRAT, brigade de Lannion.", "KERBRAT"),
    ("Le brigadier-chef MOUSSAOUI accompagne le détenu.", "MOUSSAOUI"),
])
def test_a_surname_after_a_rank_is_a_person(deid, text: str, name: str) -> None:
    spans = tagged(deid, text)
    assert [s for s in spans if name in s[0] and s[1] == "PERSON"], spans
    assert not [s for s in spans if name in s[0] and s[1] == "INSTITUTION"], spans


def test_a_unit_after_a_rank_stays_an_organisation(deid) -> None:
    text = "Évacuation héliportée demandée par le capitaine PGHM de garde."
    assert [s for s in tagged(deid, text) if s[1] == "INSTITUTION" and "PGHM" in s[0]], tagged(deid, text)


@pytest.mark.parametrize("text", [
    "Dépendance cotée GIR 2 d'après la grille AGGIR remplie par l'infirmière.",
    "Humeur évaluée par le questionnaire GDS, score 9/15.",
])
def test_a_scale_after_its_kind_is_no_organisation(deid, text: str) -> None:
    assert not [s for s in tagged(deid, text) if s[1] == "INSTITUTION"], tagged(deid, text)


@pytest.mark.parametrize("text,body", [
    ("Orthopantomogramme — Radiologie des Remparts, Metz", "Radiologie des Remparts"),
    ("Audiogramme — Centre Auditif Keravel, Brest", "Centre Auditif Keravel"),
    ("Cholestéatome — CHU de Brest", "CHU de Brest"),
])
def test_an_exam_or_a_disease_heading_a_line_is_no_organisation(deid, text: str, body: str) -> None:
    spans = tagged(deid, text)
    assert [s[0] for s in spans if s[1] == "INSTITUTION"] == [body], spans
