"""Session-22 integrator regressions: identifying DICOM attributes written by their PS3.6 keyword in a 'key=value'
or 'Key: value' dump (the id annotators' cues are words, 'Patient ID', 'accession', which a keyword glues
together), with the placeholders an anonymiser leaves; and the learned layer's strict gate reading a grade just
past a proposed run. Every text is our own."""

from __future__ import annotations

import pytest
from dfr_spans import tagged

from deduce_fr import Deidentifier
from deduce_fr.hl7 import _is_code_value


@pytest.mark.parametrize(("text", "code"), [
    ("AccessionNumber=RXB24Q00731\nModality=CR\nBodyPartExamined=HAND", "RXB24Q00731"),
    ("PatientID: 44A0091273 ; StudyDescription: Genou face profil", "44A0091273"),
    ("OtherPatientIDs = [IPP-558120]\nPatientSex=F", "IPP-558120"),
    ("export job 12 | RequestedProcedureID=RP88213 | status=done", "RP88213"),
    ("StudyID=S-7723, SeriesNumber=3", "S-7723"),
])
def test_dicom_keyword_values_are_ids(deid: Deidentifier, text: str, code: str) -> None:
    assert (code, "ID") in tagged(deid, text)


@pytest.mark.parametrize(("text", "kept"), [
    ("PatientID=000000\nAccessionNumber=ANONYMIZED01", {"000000", "ANONYMIZED01"}),
    ("AccessionNumber=\nPatientID=(vide)", {"(vide)"}),
    ("SeriesNumber=3\nInstanceNumber=12\nBitsStored=12", {"3", "12"}),
    ("Le PatientID est absent de l'en-tête ; relancer l'export.", set()),
])
def test_placeholders_and_other_attributes_stay(deid: Deidentifier, text: str, kept: set[str]) -> None:
    assert not {value for value, tag in tagged(deid, text) if tag == "ID"} & (kept | {"est", "absent"})


def test_code_values() -> None:
    assert _is_code_value("974P0087156")
    assert not _is_code_value("0000")
    assert not _is_code_value("ANONYMOUS1")
    assert not _is_code_value("HAND")


@pytest.mark.parametrize("text", [
    "Fracture de Le Fort II après chute de vélo, avis en chirurgie maxillo-faciale.",
    "Disjonction crânio-faciale de type Le Fort III, scanner demandé.",
    "Cheville : fracture bimalléolaire de type Weber C, ostéosynthèse prévue.",
])
def test_learned_layer_leaves_grades_past_its_run(deid: Deidentifier, deid_default: Deidentifier,
                                                  text: str) -> None:
    assert tagged(deid_default, text) == tagged(deid, text)
