"""Wave-12 PERSON regressions (session 16), written in our own words (no string from a case file): what the
proper-noun fallback reads whole instead of as a person (places of several words, organisations abroad named
by their kind in their own language, foreign street addresses), and the speed gates of persons_extra (export
header cells, dash-led signatures); each with hard negatives."""

from __future__ import annotations

import pytest

from deduce_fr import Deidentifier
from deduce_fr.lookups import read_list, resolve_path


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


def tags(deid: Deidentifier, text: str) -> dict[str, str]:
    return {s.text: s.tag for s in deid.annotate(text).spans}


def test_org_heads_list_is_foreign_kinds_of_organisation() -> None:
    from pathlib import Path

    heads = set(read_list(resolve_path("fallback_org_heads.txt", Path("deduce_fr/data"))))
    for word in ("krankenhaus", "ospedale", "szpital", "ziekenhuis", "hospital"):
        assert word in heads
    for word in ("hopital", "clinique", "martin", "schmidt", "bakker", "genou", "paris"):  # French, names, towns
        assert word not in heads


@pytest.mark.parametrize(("text", "span", "tag"), [
    # a country of several words is a place, never a person
    ("Rapatriée la semaine dernière depuis la Sierra Leone via Bruxelles, elle consulte pour une toux.",
     "Sierra Leone", "LOCATION"),
    ("Travel insurance: the patient lives in the United States and returns next month.", "United States", "LOCATION"),
    # an organisation abroad named by its kind in its own language
    ("Bilan initial fait à l'étranger (Krankenhaus Barmherzige Brüder) en mars.", "Krankenhaus Barmherzige Brüder",
     "INSTITUTION"),
    ("Compte rendu transmis par l'Ospedale Niguarda, reçu par courriel.", "Ospedale Niguarda", "INSTITUTION"),
    # a street address abroad: house number, unknown words, an English street type
    ("Correspondence address: 27 Wexford Crescent, Leeds.", "27 Wexford Crescent", "LOCATION"),
])
def test_fallback_reads_runs_whole(deid: Deidentifier, text: str, span: str, tag: str) -> None:
    assert tags(deid, text).get(span) == tag


@pytest.mark.parametrize(("text", "name"), [
    # hard negatives: a person's two unknown names stay a person, even near a street or a country
    ("Vu ce jour avec Mme Wexford Tamsin, qui rentre des États-Unis.", "Wexford Tamsin"),
    # no house number before: a surname that is also an English street word stays a person
    ("Dossier revu avec le Dr Halvard Crescent, radiologue.", "Halvard Crescent"),
])
def test_fallback_keeps_persons(deid: Deidentifier, text: str, name: str) -> None:
    assert tags(deid, text).get(name) == "PERSON"


def test_export_header_gate_finds_name_columns(deid: Deidentifier) -> None:
    text = ("Extraction du PACS\nIPP;Nom;Prénom;Examen\n4471;QUENTEL;Maëlys;RX poignet\n4472;ROSE;Ilan;RX genou\n")
    found = tags(deid, text)
    assert found.get("QUENTEL") in ("PERSON", "PATIENT") and found.get("ROSE") in ("PERSON", "PATIENT")
    # hard negative: the same words in prose with commas are no header, the exam is not a name
    prose = "Le nom, le prénom et la date sont vérifiés, examen du poignet normal, rose et indolore."
    assert not any(t in ("PERSON", "PATIENT") for t in tags(deid, prose).values())


def test_dash_signature_gate(deid: Deidentifier) -> None:
    text = "Message reçu à 9h.\nSandrine - rappel de la patiente prévu demain\nMerci."
    assert tags(deid, text).get("Sandrine") == "PERSON"
    first_line = "Sandrine - rappel prévu demain matin."
    assert tags(deid, first_line).get("Sandrine") == "PERSON"
    # hard negative: a word that is an ordinary word opening a dash line is a heading, not a writer
    assert "Rose" not in tags(deid, "Bilan cutané :\nRose - lésion plane de 4 mm, sans signe inquiétant.")


def test_drug_list_keeps_names_out() -> None:
    from pathlib import Path

    drugs = set(read_list(resolve_path("fallback_drugs.txt", Path("deduce_fr/data"))))
    for word in ("eliquis", "valium", "lasix", "plaquenil"):
        assert word in drugs
    for word in ("martin", "angelica", "rose", "paris"):  # names (French or world) and towns stay out
        assert word not in drugs


@pytest.mark.parametrize("text", [
    "Relais par Plaquenil depuis deux mois, bonne tolérance.",       # a brand after 'par'
    "Hypertension pulmonaire traitée par Letairis, revue à trois mois.",
])
def test_fallback_skips_drug_brands(deid: Deidentifier, text: str) -> None:
    assert not any(t in ("PERSON", "PATIENT") for t in tags(deid, text).values())


@pytest.mark.parametrize(("text", "word"), [
    ("Cimentoplastie : 3 cc de résine KLMX injectés sans fuite.", "KLMX"),   # 'cc' after a number: a volume
    ("Exérèse envisagée par VTRX si la fonction respiratoire le permet.", "VTRX"),  # a technique after 'par'
])
def test_acronym_after_weak_cue_is_no_person(deid: Deidentifier, text: str, word: str) -> None:
    assert tags(deid, text).get(word) != "PERSON"


def test_real_cues_still_make_persons(deid: Deidentifier) -> None:
    # hard negatives: 'cc' as a copy line and a title still call a capitalised surname a person
    assert tags(deid, "Compte rendu validé.\ncc : Dr Oudkerk").get("Oudkerk") == "PERSON"
    assert tags(deid, "Vu en consultation par le Dr Vanhulle ce jour.").get("Vanhulle") == "PERSON"


def test_dicom_pn_keywords_come_from_the_standard() -> None:
    from pathlib import Path

    keywords = set(read_list(resolve_path("names_dicom_pn.txt", Path("deduce_fr/data"))))
    assert {"ReferringPhysicianName", "OperatorsName", "PatientName", "PerformingPhysicianName"} <= keywords
    assert "InstitutionName" not in keywords and "StationName" not in keywords  # not of VR PN


@pytest.mark.parametrize(("text", "value", "tag"), [
    ("(0008,1070) OperatorsName: MORVAN K\n(0008,1030) StudyDescription: RX BASSIN", "MORVAN K", "PERSON"),
    ("PatientName=TOURNEB\nModality=DX", "TOURNEB", "PATIENT"),                   # a truncated value
    ("(0008,1050) PN [BLANC ODILE]   #  10, 1 PerformingPhysicianName", "BLANC ODILE", "PERSON"),  # dcmdump
])
def test_dicom_person_name_values(deid: Deidentifier, text: str, value: str, tag: str) -> None:
    assert tags(deid, text).get(value) == tag


def test_dicom_non_person_values(deid: Deidentifier) -> None:
    # hard negatives: a placeholder value, and attributes that hold no person's name
    found = tags(deid, "ReferringPhysicianName=ANONYMOUS\nStationName: CR SALLE DEUX\n(0008,0060) CS [CR]")
    assert not any(t in ("PERSON", "PATIENT") for t in found.values())
