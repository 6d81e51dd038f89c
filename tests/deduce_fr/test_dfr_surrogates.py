"""Surrogates: consistent per patient, deterministic from (seed, key), dates shifted as a block."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from deduce_fr import Deidentifier, Patient
from deduce_fr.dates import parse_date, shift_date_text
from deduce_fr.surrogates import date_offset


@pytest.fixture()
def patient() -> Patient:
    return Patient(first_names=["Marie", "Claire"], surname="Dupont", birth_date="1952-04-03",
                   ids=["4471203"], sex="F")

REPORT_1 = ("DUPONT Marie-Claire, née le 03/04/1952. Mme Dupont, 72 ans, vue le 3 avril 2021 par le Dr Lambert "
            "au CHU de Liège. Tél. 0475 12 34 56, marie.dupont@skynet.be, www.dupont.be. Domicile : rue de la "
            "Loi 16, 1000 Bruxelles. Contrôle le 17/04/2021.")
REPORT_2 = "Mme DUPONT revue le 2021-05-03 ; M.-C. Dupont signale une chute. Dr LAMBERT."


def test_placeholders_and_no_original_left(deid: Deidentifier, patient: Patient) -> None:
    out = deid.pseudonymize(REPORT_1, patient=patient, key="p1")
    for original in ("Dupont", "DUPONT", "Marie-Claire", "Lambert", "CHU de Liège", "0475 12 34 56",
                     "skynet", "www.dupont.be", "rue de la Loi", "Bruxelles", "03/04/1952", "3 avril 2021"):
        assert original not in out.text
    assert "[TELEPHONE]" in out.text and "[EMAIL]" in out.text and "[URL]" in out.text
    assert "72 ans" in out.text
    for span in out.spans:
        assert out.text[span.start_char : span.end_char] == span.text


def test_same_key_same_surrogates_across_reports(deid: Deidentifier, patient: Patient) -> None:
    a = deid.pseudonymize(REPORT_1, patient=patient, key="p1")
    b = deid.pseudonymize(REPORT_2, patient=patient, key="p1")
    surname_a = a.text.split(",")[0].split()[0]  # DUPONT -> SURROGATE in caps
    assert surname_a.isupper()
    assert f"Mme {surname_a}" in b.text
    assert surname_a.capitalize() in a.text and surname_a.capitalize() in b.text
    doctor_a = re.search(r"Dr (\w+)", a.text).group(1)
    doctor_b = re.search(r"Dr (\w+)", b.text).group(1)
    assert doctor_b == doctor_a.upper()
    assert a.date_shift_days == b.date_shift_days == deid.date_shift("p1")
    # a fresh instance agrees: nothing depends on call order or process state
    assert Deidentifier().pseudonymize(REPORT_1, patient=patient, key="p1").text == a.text


def test_initials_follow_first_name_surrogates(deid: Deidentifier, patient: Patient) -> None:
    out = deid.pseudonymize("DUPONT Marie-Claire ; M.-C. Dupont", patient=patient, key="p9")
    full = re.match(r"(\S+) (\S+)-(\S+) ; (\w)\.-(\w)\. (\S+)", out.text)
    assert full is not None
    assert (full.group(4), full.group(5)) == (full.group(2)[0], full.group(3)[0])


def test_other_key_other_surrogates(deid: Deidentifier, patient: Patient) -> None:
    keys = [f"p{i}" for i in range(8)]
    texts = {deid.pseudonymize(REPORT_1, patient=patient, key=k).text for k in keys}
    assert len(texts) > 1
    offsets = {date_offset(0, k) for k in keys}
    assert len(offsets) > 1 and all(-1000 <= o <= 1000 and o != 0 for o in offsets)
    assert len({Deidentifier(seed=s).date_shift("p1") for s in range(5)}) > 1


def test_date_intervals_preserved(deid: Deidentifier, patient: Patient) -> None:
    out = deid.pseudonymize(REPORT_1, patient=patient, key="p1")
    dates = [s.text for s in out.spans if s.tag == "DATE"]
    originals = [s.text for s in deid.annotate(REPORT_1, patient=patient).spans if s.tag == "DATE"]
    assert len(dates) == len(originals) == 3
    before = [parse_date(d) for d in originals]
    after = [parse_date(d) for d in dates]
    assert all(isinstance(d, dt.date) for d in before + after)
    assert [(y - x).days for x, y in zip(before, before[1:])] == [(y - x).days for x, y in zip(after, after[1:])]
    assert (after[0] - before[0]).days == out.date_shift_days


@pytest.mark.parametrize(("text", "days", "expected"), [
    ("03/04/2021", 30, "03/05/2021"), ("3.4.21", 30, "3.5.21"), ("2021-04-03", -3, "2021-03-31"),
    ("lundi 3 avril 2023", 1, "mardi 4 avril 2023"), ("Avril 2021", 30, "Mai 2021"), ("1967", 400, "1968"),
    ("1er mars 2020", 31, "1er avril 2020"), ("14h30", 100, "14h30"), ("28/02/2021", 1, "01/03/2021"),
])
def test_shift_keeps_format(text: str, days: int, expected: str) -> None:
    assert shift_date_text(text, days) == expected


def test_old_ages_are_capped(deid: Deidentifier) -> None:
    out = deid.pseudonymize("Patiente de 94 ans, chute. Patient de 45 ans.", key="k")
    assert "90 ans ou plus" in out.text and "94" not in out.text and "45 ans" in out.text


@pytest.mark.parametrize("text", [
    "Patiente âgée de quatre-vingt-douze ans, chute.", "Patient de nonante et un ans, dyspnée.",
    "Patiente de Quatre-Vingt-Dix-Neuf ans.",
])
def test_old_ages_in_words_are_capped(deid: Deidentifier, text: str) -> None:
    """An age of 90 or more written in words is as identifying as in digits: same cap."""
    out = deid.pseudonymize(text + " Son frère a quatre-vingt-deux ans.", key="k")
    assert "90 ans ou plus" in out.text, out.text
    assert "quatre-vingt-douze" not in out.text and "nonante" not in out.text and "Dix-Neuf" not in out.text
    assert "quatre-vingt-deux ans" in out.text  # under 90: kept


def test_gender_follows_title(deid: Deidentifier) -> None:
    first_female = set(deid.lookups.first_names_display["F"])
    for k in range(5):
        out = deid.pseudonymize("Mme Sophie Martin est venue.", key=f"g{k}")
        assert out.spans[0].text.split()[0] in first_female


def test_redact(deid: Deidentifier, patient: Patient) -> None:
    out = deid.redact("Mme Dupont vue par le Dr Martin puis le Dr Lefèvre et le Dr Martin.", patient=patient)
    assert out == "Mme [PATIENT] vue par le Dr [PERSON-1] puis le Dr [PERSON-2] et le Dr [PERSON-1]."


def test_redact_with_spans(deid: Deidentifier, patient: Patient) -> None:
    out = deid.redact_with_spans("Mme Dupont, tél. 0475 12 34 56.", patient=patient)
    assert out.text == "Mme [PATIENT], tél. [PHONE-1]."
    assert [(s.tag, out.text[s.start_char : s.end_char]) for s in out.spans] == [
        ("PATIENT", "[PATIENT]"), ("PHONE", "[PHONE-1]")]


def test_person_variants_share_one_surrogate(deid: Deidentifier) -> None:
    a = deid.pseudonymize("Vu par le Dr Jean Lambert.", key="k7").spans[0].text
    b = deid.pseudonymize("Copie : Dr J. LAMBERT", key="k7").spans[0].text
    first, last = a.split()
    assert b == f"{first[0]}. {last.upper()}"


def test_identifier_keeps_shape(deid: Deidentifier) -> None:
    out = deid.pseudonymize("Accession RX2021-004512 ; dossier 4471203.", key="k3")
    ids = [s.text for s in out.spans if s.tag == "ID"]
    assert len(ids) == 2 and ids[0] != "RX2021-004512" and ids[1] != "4471203"
    assert re.fullmatch(r"[A-Z]{2}\d{4}-\d{6}", ids[0]) and re.fullmatch(r"\d{7}", ids[1])


def test_date_shift_avoids_the_patients_real_dates(deid: Deidentifier) -> None:
    base = deid.date_shift("k5")
    day = dt.date(2021, 4, 3)
    real = {day, day + dt.timedelta(days=base)}
    chosen = deid.date_shift("k5", avoid=real)
    assert chosen != base and -1000 <= chosen <= 1000 and chosen != 0
    assert not any(d + dt.timedelta(days=chosen) in real for d in real)
    assert deid.date_shift("k5", avoid=real) == chosen  # deterministic
    text = "Examen du 03/04/2021."
    assert deid.dates_of(text) == {day}
    assert deid.pseudonymize(text, key="k5", date_shift=chosen).date_shift_days == chosen
