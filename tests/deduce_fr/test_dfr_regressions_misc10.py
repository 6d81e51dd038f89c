"""Session-15 (second wave) regressions for DATE and ID in structured exports, each written here in our own words
for a phenomenon (never a line copied from a case file), with hard negatives next to each rule."""

from __future__ import annotations

import pytest

from deduce_fr import Deidentifier


def spans(deid: Deidentifier, text: str, tag: str) -> list[str]:
    return [s.text for s in deid.annotate(text).spans if s.tag == tag]


# ---------------------------------------------------------------- a date and its time
@pytest.mark.parametrize(("text", "date"), [
    # every writer tags the date alone when its time follows (42 of 42 on the independent dev halves)
    ("Admission 14/09/2025 21:35 par le SAMU", "14/09/2025"),
    ("Heure de validation : 02.11.2024 07:05\nSignataire", "02.11.2024"),
    ("Passage IAO le 30-01-2025 04h50, tri 3", "30-01-2025"),
])
def test_a_date_with_its_time_is_the_date_alone(deid: Deidentifier, text: str, date: str) -> None:
    found = spans(deid, text, "DATE")
    assert date in found
    assert not any(date in s and s != date for s in found)  # not joined with its time
    assert spans(deid, text, "PHONE") == []  # and never read as a number


# ---------------------------------------------------------------- DICOM header dates
@pytest.mark.parametrize(("text", "date"), [
    # a DICOM tag between the French label and the compact value
    ("Date de naissance (0010,0030) : 19471122\nSexe (0010,0040) : M", "19471122"),
    # a DT value (pydicom's str() layout): its date is a DATE, its time is not
    ("(0008,002A) Acquisition DateTime                DT: '20250207083012.500000'", "20250207"),
    ("(0018,9074) Frame Acquisition DateTime   DT: '20250207083012.25'", "20250207"),
])
def test_dicom_dates(deid: Deidentifier, text: str, date: str) -> None:
    assert spans(deid, text, "DATE") == [date]
    assert spans(deid, text, "ID") == []


def test_dicom_datetime_stays_covered(deid: Deidentifier) -> None:
    # a bare date-time run after '=' is read whole by the long-run id pattern: covered, if not as a DATE
    covered = "".join(s.text for s in deid.annotate("SeriesDateTime=202502070830\nModality=DX").spans)
    assert "20250207" in covered


def test_dicom_datetime_needs_a_date_label(deid: Deidentifier) -> None:
    # the same digits as a batch number are no date (the long-run id pattern keeps them whole)
    assert spans(deid, "Lot 20250207083012 du produit de contraste", "DATE") == []


# ---------------------------------------------------------------- ids that are no identifiers
@pytest.mark.parametrize("text", [
    # a placeholder of zeros left by an anonymiser or an empty field
    "(0010,0020) PatientID: 000000000\n(0010,0010) PatientName: ANONYME",
    "0000000;M;1961;RX main",
    # a pair of nomenclature codes (ambulant / hospitalised), sharing their first half
    "461113-461124  Échographie abdominale complète",
    "Tarification\n458331-458342 scanner thoracique",
    # row counters of a research extract
    "cle;tranche_age;modalite\nR0007;50-59;IRM\nR0008;40-49;CT",
])
def test_not_identifiers(deid: Deidentifier, text: str) -> None:
    assert spans(deid, text, "ID") == []


@pytest.mark.parametrize(("text", "code"), [
    # hard negatives: a real number with zeros in it, two different numbers joined, a padded accession stay IDs
    ("IPP : 0000481207", "0000481207"),
    ("Dossiers fusionnés 6182044-7309951", "6182044-7309951"),
    ("Accession CT00417 demandée", "CT00417"),
    ("N° examen : 300415-300416", "300415-300416"),  # announced by its cue: the cue annotator keeps it
    # a police report's number announced by 'PV'
    ("Accident déclaré, n° de PV : 2025/004417, brigade de gendarmerie", "2025/004417"),
    ("Procès-verbal n° 7731/2025 transmis à l'assureur", "7731/2025"),
])
def test_identifiers_kept(deid: Deidentifier, text: str, code: str) -> None:
    assert code in spans(deid, text, "ID")


def test_pv_cue_hard_negatives(deid: Deidentifier) -> None:
    # 'PV' is also a clinical abbreviation: a volume or a date after it is no number of a report
    assert spans(deid, "PV : 1500 ml recueillis", "ID") == []
    assert spans(deid, "PV du 14/03/2025 : pas de germe", "ID") == []


# ---------------------------------------------------------------- export date layouts
@pytest.mark.parametrize(("text", "date"), [
    # a three-letter month in capitals or title case, as SAS/Oracle/DICOM listings print dates
    ("EXAMDT      21-NOV-2023   CT ABDO", "21-NOV-2023"),
    ("naissance 09SEP1961 ; sexe F", "09SEP1961"),
    ("Acquired 4 Feb 2025 by the modality", "4 Feb 2025"),
    ("12-DÉC-24;IRM genou", "12-DÉC-24"),
    # a compact date alone in a fixed-width column
    ("20231121  CT ABDO  RAS", "20231121"),
])
def test_export_date_layouts(deid: Deidentifier, text: str, date: str) -> None:
    assert date in spans(deid, text, "DATE")


@pytest.mark.parametrize("text", [
    "Vertèbre L4 MAR 2 : sans particularité",   # no day number before the abbreviation
    "Lot 20231121 du produit de contraste",       # one space each side: no column, no label
    "32-NOV-2023 saisie erronée",                 # no such day
])
def test_export_date_hard_negatives(deid: Deidentifier, text: str) -> None:
    assert spans(deid, text, "DATE") == []


# ---------------------------------------------------------------- cued phones in foreign layouts
@pytest.mark.parametrize(("text", "phone"), [
    # bracketed area codes joined by a hyphen or a space, slashes, a country code in brackets (Faker's nl_BE, nl_NL,
    # de_DE, de_AT, pt_PT layouts): the whole number, after a phone cue
    ("Tél : (016)-3381294 (cabinet)", "(016)-3381294"),
    ("Tel. (06131) 48217", "(06131) 48217"),
    ("GSM : 0664/27381950", "0664/27381950"),
    ("téléphone : (351) 912 448 305", "(351) 912 448 305"),
])
def test_cued_phone_layouts(deid: Deidentifier, text: str, phone: str) -> None:
    assert phone in spans(deid, text, "PHONE")


@pytest.mark.parametrize("text", [
    "Tél : 14/03/2025 rappel",        # a date after the cue
    "téléphoner 2 x par jour",         # a count
    "Tél. : 1500 ml de diurèse",       # a measure (too few digits)
])
def test_cued_phone_hard_negatives(deid: Deidentifier, text: str) -> None:
    assert spans(deid, text, "PHONE") == []


# ---------------------------------------------------------------- DICOM counts are no years
def test_dicom_pixel_counts_are_no_years(deid: Deidentifier) -> None:
    dump = "(0028,0010) Rows                  2048\n(0028,0011) Columns 1996\n"
    assert spans(deid, dump, "DATE") == []
    # hard negatives: a year on a date attribute's line, and a history list's year, stay dates
    assert spans(deid, "(0010,0030) Patient's Birth Date 1947", "DATE") == ["1947"]
    assert spans(deid, "Antécédents : cholécystectomie 2011.", "DATE") == ["2011"]
