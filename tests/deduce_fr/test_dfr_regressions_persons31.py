"""Wave-21 PERSON precision regressions (session 24, persons31), written in our own words (no string from a case
file): a care role or team written as an acronym next to a name ('IDEL', 'AS', 'EMSP', 'orl') is no part of the
name span, before or after it; the name itself stays tagged."""

from __future__ import annotations

import pytest
from dfr_spans import tagged

from deduce_fr import Deidentifier


def persons(deid: Deidentifier, text: str) -> set[str]:
    return {t for t, tag in tagged(deid, text) if tag in ("PERSON", "PATIENT")}


@pytest.mark.parametrize(("text", "name", "acronym"), [
    ("Pansement refait ce soir, je repasse demain. Mireille IDEL 06 12 34 56 78", "Mireille", "IDEL"),
    ("Toilette faite au lavabo, bonne participation. Sandrine AS", "Sandrine", "AS"),
    ("Chute sans gravité cette nuit, Gaëlle IDE prévient la famille.", "Gaëlle", "IDE"),
    ("adressé pour bilan auditif.\npatient : moreau denis — dr lacombe orl", "lacombe", "orl"),
])
def test_role_acronym_after_a_name_stays_out(deid: Deidentifier, text: str, name: str, acronym: str) -> None:
    found = persons(deid, text)
    assert name in found
    assert not any(acronym in f.split() for f in found)


@pytest.mark.parametrize(("text", "name"), [
    ("Staff du mardi avec le médecin coordonnateur.\nIDE EMSP Coralie Lefèvre", "Coralie Lefèvre"),
    ("Relève faite.\nIDE ASH Martine Girard", "Martine Girard"),
])
def test_role_acronym_before_a_name_stays_out(deid: Deidentifier, text: str, name: str) -> None:
    found = persons(deid, text)
    assert name in found
    assert not any(f.split()[0] in ("EMSP", "ASH", "IDE") for f in found)


@pytest.mark.parametrize("text", [
    "Madame, vos analyses de contrôle sont rassurantes.",
    "Bonjour Monsieur, vos prothèses auditives sont réglées.",
    "Chers parents, nos équipes restent joignables.",
])
def test_determiner_after_a_civility_is_no_name(deid: Deidentifier, text: str) -> None:
    assert not {w for w in persons(deid, text) if w.lower() in ("vos", "nos")}


def test_mail_label_is_no_short_form_of_the_patient(deid: Deidentifier) -> None:
    from deduce_fr.types import Patient

    text = "Mél transmis par le formulaire en ligne : je suis Mélodie Garnier, rendez-vous souhaité."
    found = {t for t, tag in tagged(deid, text, patient=Patient(first_names=["Mélodie"], surname="Garnier"))
             if tag in ("PERSON", "PATIENT")}
    assert "Mél" not in found
    assert any("Garnier" in f for f in found)


@pytest.mark.parametrize("text", [
    "Plan de l'observation :\nA. Anamnèse\nB. Examen clinique\nC. Paraclinique",
    "Synthèse médicale.\nA. Habitus : vit seul, autonome.",
])
def test_lettered_report_headings_are_no_initial_and_surname(deid: Deidentifier, text: str) -> None:
    assert persons(deid, text) == set()


def test_role_acronym_inside_a_practice_name_is_kept(deid: Deidentifier) -> None:
    text = "Injections à domicile par le cabinet infirmier IDE Saumur Nord, deux passages par jour."
    assert ("IDE Saumur", "PERSON") not in tagged(deid, text)
    assert not any(tag == "PERSON" and t == "Saumur" for t, tag in tagged(deid, text))
