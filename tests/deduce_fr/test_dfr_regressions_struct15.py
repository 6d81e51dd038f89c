"""Session-14 (second wave) regressions for dictated and OCR'd text: identifiers read aloud with a separator, an
elided cue or letters before the digits; OCR letters inside a phone number's digit pairs and a day before a month
name; the civil age beside a bone age. Every sentence is our own, with hard negatives."""

from __future__ import annotations

from functools import partial

import pytest
from dfr_spans import covered, tagged

from deduce_fr import Deidentifier, Patient

PATIENT = Patient(first_names=["Odile"], surname="Berthelot", birth_date="1961-05-09", sex="F")


_tagged = partial(tagged, patient=PATIENT)
_covered = partial(covered, patient=PATIENT, spaces=True)


# ---------------------------------------------------------------- ids read aloud
@pytest.mark.parametrize(("text", "number"), [
    # the cue elided ('d'accession'): the number starts with non-zero digits, a phone rule took only its tail
    ("examen reçu sous le numéro d'accession trois un zéro huit deux deux six virgule",
     "trois un zéro huit deux deux six"),
    # the speaker says 'c'est' between the cue and the number
    ("son numéro de sécu c'est deux soixante et un zéro cinq trente-trois cent quarante zéro vingt-huit point",
     "deux soixante et un zéro cinq trente-trois cent quarante zéro vingt-huit"),
    # a spoken hyphen inside the number, and the commas an engine writes between digits
    ("le numéro de dossier est le six un neuf tiret quatre quatre deux point à la ligne",
     "six un neuf tiret quatre quatre deux"),
    ("IPP : sept, zéro, trois, trois, huit, un, fin de dictée", "sept, zéro, trois, trois, huit, un"),
    # letters spelled before the digits
    ("référence de la demande R X neuf huit sept six cinq", "R X neuf huit sept six cinq"),
])
def test_dictated_id_read_whole(deid: Deidentifier, text: str, number: str) -> None:
    assert (number, "ID") in _tagged(deid, text)


@pytest.mark.parametrize("text", [
    # a phone cue before 'numéro': the phone annotators read it, no ID
    "merci de rappeler au numéro zéro six quarante et un vingt-deux dix-neuf trente-trois",
    # counts, not an id: too few digits, or no number after the separator
    "examen de contrôle, deux clichés, trois incidences, puis un scanner",
    "numéro deux, trois et quatre du protocole",
    "dossier complet tiret il y a a revoir",
])
def test_no_id_without_a_number(deid: Deidentifier, text: str) -> None:
    assert not [t for _, t in _tagged(deid, text) if t == "ID"]


def test_phone_cue_keeps_its_phone(deid: Deidentifier) -> None:
    text = "merci de rappeler au numéro zéro six quarante et un vingt-deux dix-neuf trente-trois"
    assert ("zéro six quarante et un vingt-deux dix-neuf trente-trois", "PHONE") in _tagged(deid, text)


# ---------------------------------------------------------------- OCR
@pytest.mark.parametrize(("text", "part", "tag"), [
    ("Fax de la famille : joindre le fils au O7 l3 S8 22 B4 svp", "O7 l3 S8 22 B4", "PHONE"),
    ("Compte rendu du l9 AVRIL 2O23, validé", "l9 AVRIL 2O23", "DATE"),
    ("Entrée le O4 juin 2O22 par les urgences", "O4 juin 2O22", "DATE"),
])
def test_ocr_damage_read_through(deid: Deidentifier, text: str, part: str, tag: str) -> None:
    assert _covered(deid, text, part)
    assert any(t == tag for p, t in _tagged(deid, text) if part in p or p in part)


@pytest.mark.parametrize("text", [
    "Discopathie L5 S1 et L4 L5, pas de lyse isthmique",     # vertebrae: no phone read from 'S1'
    "Suivi à l2 mois du geste, bonne évolution",             # a damaged number before 'mois': no date
    "Protocole O2 12 lS 8B ZZ du service",                   # fewer than six true digits: no phone
])
def test_ocr_hard_negatives(deid: Deidentifier, text: str) -> None:
    assert not [t for _, t in _tagged(deid, text) if t in ("PHONE", "DATE")]


# ---------------------------------------------------------------- the civil age beside a bone age
def test_civil_age_is_an_age(deid: Deidentifier) -> None:
    text = "Maturation : âge chronologique 11 ans et 4 mois, âge osseux estimé à 12 ans selon Greulich et Pyle."
    found = _tagged(deid, text)
    assert ("11 ans et 4 mois", "AGE") in found
    assert ("âge civil : 9 ans", "AGE") not in found
    assert ("9 ans", "AGE") in _tagged(deid, "Poignet gauche, âge civil : 9 ans.")


# ---------------------------------------------------------------- DICOM/HL7 instance UIDs
@pytest.mark.parametrize(("text", "uid"), [
    ("Export PACS - Study Instance UID : 1.2.840.113704.7.1.0.13524798.20230917.88412",
     "1.2.840.113704.7.1.0.13524798.20230917.88412"),
    ("OBX|2|RP|||^^^1.3.6.1.4.1.25403.2140.3356.20220105.914^DICOM", "1.3.6.1.4.1.25403.2140.3356.20220105.914"),
    ("document 2.25.310427710871123905125184731982735 archivé", "2.25.310427710871123905125184731982735"),
    # a UUID with no cue, in an XDS export or in braces
    ("<id root=\"urn:uuid:9b1d3e5f-0c2a-4b6d-8e1f-2a3b4c5d6e7f\"/>", "9b1d3e5f-0c2a-4b6d-8e1f-2a3b4c5d6e7f"),
    ("pièce jointe {C0FFEE12-3A4B-4C5D-9E8F-0A1B2C3D4E5F}.pdf", "C0FFEE12-3A4B-4C5D-9E8F-0A1B2C3D4E5F"),
])
def test_instance_uid_is_an_id(deid: Deidentifier, text: str, uid: str) -> None:
    assert (uid, "ID") in _tagged(deid, text)


@pytest.mark.parametrize("text", [
    "SOP Class UID 1.2.840.10008.5.1.4.1.1.4 (MR Image Storage)",   # a class, registered: no instance
    "logiciel en version 1.2.3.4.7, profil 2.16.4.1.9",               # versions and short OIDs
    "contrôle à J-7, J-3, J-1 et J+2, grade A-B-C-D-E",                 # hyphens, no UUID
])
def test_no_uid_in_classes_and_versions(deid: Deidentifier, text: str) -> None:
    assert not [t for _, t in _tagged(deid, text) if t == "ID"]


# ---------------------------------------------------------------- a bare age in brackets after a civility
def test_bracket_age_after_civility(deid: Deidentifier) -> None:
    assert ("71", "AGE") in _tagged(deid, "Vu ce jour Mme Lacombe (71), chute de sa hauteur.")
    assert ("71", "AGE") in _tagged(deid, "M. GARNIER (71) : gonalgie droite")
    # a département number after a place or an institution stays
    for text in ("Adressée par la Clinique Montréal (11), puis", "Transfert vers Saint-Gaudens (31) ce jour"):
        assert not [t for _, t in _tagged(deid, text) if t == "AGE"]


# ---------------------------------------------------------------- a DICOM header dump's age string
@pytest.mark.parametrize(("text", "age"), [
    ("(0010,1010) AS [067Y]                                   #   4, 1 PatientAge", "067Y"),
    ("PatientAge=009M AccessionNumber=Q7781", "009M"),
    ("Patient's Age: 081Y", "081Y"),
])
def test_dicom_age_string(deid: Deidentifier, text: str, age: str) -> None:
    assert (age, "AGE") in _tagged(deid, text)


def test_dicom_age_needs_its_tag(deid: Deidentifier) -> None:
    text = "(0018,1030) LO [PROTOCOLE 074Y]  Series 012M"
    assert not [t for _, t in _tagged(deid, text) if t == "AGE"]
