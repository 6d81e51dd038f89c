"""Session-22 regressions (misc27): a study subject's code after the words that announce it in research reports
('participant', 'sujet', 'patiente', 'inclusion', 'randomisation'), a range of two years after 'entre', and a
numeric date whose day runs past its month's end (a date written wrong is still a date). Every sentence is our
own, with hard negatives (doses, weights, visit labels, counts)."""

from __future__ import annotations

import pytest
from dfr_spans import tagged

from deduce_fr import Deidentifier


@pytest.mark.parametrize(("text", "code"), [
    ("Le participant KT-027 a présenté un effet indésirable grave.", "KT-027"),
    ("Sujet LM-0412 : visite de suivi à M6.", "LM-0412"),
    ("Rappel pour la patiente 0318 du centre de Tours.", "0318"),
    ("Re: Inclusion 3164, doublon possible.", "3164"),
])
def test_study_subject_codes_after_their_cue(deid: Deidentifier, text: str, code: str) -> None:
    assert (code, "ID") in tagged(deid, text)


@pytest.mark.parametrize("text", [
    "Sujet 12, inclusion J0, patiente G2P1.",
    "La patiente de 62 kg, sujet âgé, bilan à trois mois.",
    "Inclusion dans l'étude en 2021, randomisation bras B.",
])
def test_no_subject_code_without_one(deid: Deidentifier, text: str) -> None:
    assert not any(tag == "ID" for _, tag in tagged(deid, text))


def test_a_range_of_two_years(deid: Deidentifier) -> None:
    found = tagged(deid, "Examens réalisés entre 2016 et 2021 au service.")
    assert {("2016", "DATE"), ("2021", "DATE")} <= found


def test_no_year_range_before_a_unit(deid: Deidentifier) -> None:
    assert not any(tag == "DATE" for _, tag in tagged(deid, "Posologie entre 1900 et 2000 UI par jour."))


def test_a_day_past_the_month_end_is_still_a_date(deid: Deidentifier) -> None:
    assert ("30/02/2022", "DATE") in tagged(deid, "Date saisie 30/02/2022 dans le cahier, à vérifier.")


def test_no_date_for_an_impossible_month(deid: Deidentifier) -> None:
    assert not any(tag == "DATE" for _, tag in tagged(deid, "Rapport 12/14/2022 du lot."))


def test_a_date_written_wrong_gets_a_placeholder_surrogate(deid: Deidentifier) -> None:
    from deduce_fr.dates import shift_date_text

    assert shift_date_text("31/04/2023", 12) is None
    assert deid.surrogates.date("31/04/2023", 12) == "[DATE]"
