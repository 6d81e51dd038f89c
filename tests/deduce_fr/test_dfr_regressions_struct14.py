"""Session-14 regressions for structured and dictated text (deduce_fr/hl7.py, deduce_fr/dictation.py): HL7 v2
segments read by field semantics, and what a dictating doctor spells or reads digit by digit. Every message
and sentence is our own, with hard negatives; the field numbering is checked against the ``hl7`` PyPI parser."""

from __future__ import annotations

from functools import partial

import pytest
from dfr_spans import covered

from deduce_fr import Deidentifier, Patient
from deduce_fr.annotators import Context
from deduce_fr.dictation import DictationAnnotator
from deduce_fr.hl7 import HL7Annotator
from deduce_fr.tokenizer import tokenize

MESSAGE = "\n".join([
    r"MSH|^~\&|XRAD|CLINORD_VALENCE|PACS|IMAGERIE|20230611174205||ORU^R01|M55102|P|2.5",
    "PID|1||7781204^^^CLINORD^PI~180056912345671^^^INS-NIR^NH||BERTHELOT^ODILE^MARIE^^MME||19630228|F|||"
    "7 ALLEE DES TANNEURS^BAT C^VALENCE^DROME^26000^FRA||0475112233^PRN^PH~^NET^Internet^o.berthelot@orange.fr",
    "NK1|1|BERTHELOT^GERARD|CONJOINT|||0611223344",
    "PV1|1|O|RADIO^B12^1^CLINIQUE DU VIVARAIS||||442211^CHAMBON^LUCIEN||||||||||||V99812",
    "OBR|1|RQ-8810||RXCHEV^CHEVILLE F+P|||20230611170000|||||||||00112233^PERRIN^AGATHE",
    "OBX|1|TX|||Fracture bimalléolaire déplacée. Avis orthopédique.",
])


def _hl7(text: str, deid: Deidentifier) -> set[tuple[str, str]]:
    ann = HL7Annotator()
    ctx = Context(text=text, tokens=tokenize(text), lookups=deid.lookups)
    return {(text[s:e], t) for s, e, t in ann.annotate(ctx)}


_covered = partial(covered, spaces=True)  # every character of the part, spaces included


# ---------------------------------------------------------------- HL7 by field
def test_hl7_fields_by_meaning(deid: Deidentifier) -> None:
    found = _hl7(MESSAGE, deid)
    expected = {
        ("CLINORD_VALENCE", "INSTITUTION"), ("20230611174205", "DATE"),          # MSH-4, MSH-7
        ("7781204", "ID"), ("CLINORD", "INSTITUTION"), ("180056912345671", "ID"),  # PID-3, two repetitions
        ("BERTHELOT", "PATIENT"), ("ODILE", "PATIENT"), ("MARIE", "PATIENT"),      # PID-5 components
        ("19630228", "DATE"),                                                     # PID-7
        ("7 ALLEE DES TANNEURS", "LOCATION"), ("BAT C", "LOCATION"), ("VALENCE", "LOCATION"),
        ("26000", "LOCATION"),                                                    # PID-11 street, city, postcode
        ("0475112233", "PHONE"), ("o.berthelot@orange.fr", "EMAIL"),              # PID-13 repetitions
        ("GERARD", "PERSON"), ("0611223344", "PHONE"),                            # NK1-2, NK1-5
        ("CLINIQUE DU VIVARAIS", "INSTITUTION"),                                  # PV1-3.4 facility
        ("442211", "ID"), ("CHAMBON", "PERSON"), ("LUCIEN", "PERSON"),            # PV1-7 attending doctor
        ("V99812", "ID"),                                                         # PV1-19 visit number
        ("RQ-8810", "ID"), ("20230611170000", "DATE"),                            # OBR-2, OBR-7
        ("00112233", "ID"), ("PERRIN", "PERSON"), ("AGATHE", "PERSON"),          # OBR-16 ordering provider
    }
    assert expected <= found
    values = {v for v, _ in found}
    # hard negatives: applications, a department, a scheme, a prefix, a state and a country, codes, free text
    for word in ("XRAD", "PACS", "IMAGERIE", "INS-NIR", "MME", "DROME", "FRA", "ORU", "M55102", "CONJOINT",
                 "RXCHEV", "CHEVILLE F+P", "RADIO", "B12"):
        assert word not in values, word
    assert not any("Fracture" in v for v in values)


def test_hl7_pid5_family_name_is_patient_and_next_of_kin_person(deid: Deidentifier) -> None:
    found = _hl7(MESSAGE, deid)
    assert ("BERTHELOT", "PATIENT") in found and ("BERTHELOT", "PERSON") in found   # PID-5 vs NK1-2


def test_hl7_numbering_agrees_with_the_hl7_parser(deid: Deidentifier) -> None:
    hl7 = pytest.importorskip("hl7")
    msg = hl7.parse(MESSAGE.replace("\n", "\r"))
    found = _hl7(MESSAGE, deid)
    reference = {
        str(msg.segment("MSH")[4]): "INSTITUTION",
        str(msg.segment("MSH")[7]): "DATE",
        str(msg["PID.F3.R1.C1"]): "ID",
        str(msg["PID.F3.R1.C4"]): "INSTITUTION",
        str(msg["PID.F5.R1.C1"]): "PATIENT",
        str(msg["PID.F5.R1.C2"]): "PATIENT",
        str(msg.segment("PID")[7]): "DATE",
        str(msg["PID.F11.R1.C3"]): "LOCATION",
        str(msg["PID.F11.R1.C5"]): "LOCATION",
        str(msg["PID.F13.R1.C1"]): "PHONE",
        str(msg["PID.F13.R2.C4"]): "EMAIL",
        str(msg["PV1.F3.R1.C4"]): "INSTITUTION",
        str(msg["PV1.F7.R1.C2"]): "PERSON",
        str(msg["OBR.F16.R1.C3"]): "PERSON",
        str(msg.segment("OBR")[7]): "DATE",
    }
    for value, tag in reference.items():
        assert (value, tag) in found, (value, tag)


def test_hl7_provider_one_field_off_read_by_shape(deid: Deidentifier) -> None:
    # the ordering provider written in OBR-17 (a phone field) and in a local Z-segment
    text = ("OBR|1|AX-55||CTTHX^SCANNER THORAX|||20220104080000||||||Toux||||5521^GOBERT^MATHILDE\n"
            "ZRX|1|7788^VERNIER^THOMAS|20220104")
    found = _hl7(text, deid)
    assert {("GOBERT", "PERSON"), ("MATHILDE", "PERSON"), ("5521", "ID"), ("VERNIER", "PERSON"),
            ("THOMAS", "PERSON"), ("20220104", "DATE")} <= found
    assert ("5521", "PHONE") not in found
    # coded entries are no providers: 'code^text^coding system'
    coded = _hl7("ZPR|1|71020^RX THORAX^CPT|GENOU^GONARTHROSE^LOCAL", deid)
    assert not any(t == "PERSON" for _, t in coded)


def test_hl7_timestamps_and_authorities_checked(deid: Deidentifier) -> None:
    text = "PID|1||55^^^1.2.250.1.71.4.2.2^PI~66^^^NISS^NN||DOE^JOHN||20241399|M\nEVN|A08|20240230"
    found = _hl7(text, deid)
    assert not any(t == "INSTITUTION" for _, t in found)     # an OID and a scheme are no institutions
    assert not any(t == "DATE" for _, t in found)            # month 13, 30 February: not read as dates
    assert ("DOE", "PATIENT") in found


@pytest.mark.parametrize("text", [
    "| DELHAYE J. | Rx thorax | 12/03 |",                    # a worklist table, not a segment
    "Score: 3|4 positif. PID|1 non",                           # a pipe and a segment name mid-line
    "Radiographie du bassin sans particularité.",
])
def test_hl7_gate_ordinary_text(deid: Deidentifier, text: str) -> None:
    assert _hl7(text, deid) == set()


def test_hl7_end_to_end_covers_and_tags(deid: Deidentifier) -> None:
    patient = Patient(first_names=["Odile"], surname="Berthelot")
    spans = {(s.text, s.tag) for s in deid.annotate(MESSAGE, patient=patient).spans}
    for part in ("CLINORD_VALENCE", "26000", "CHAMBON", "PERRIN", "AGATHE", "CLINIQUE DU VIVARAIS"):
        assert _covered(deid, MESSAGE, part, patient), part
    assert ("19630228", "DATE") in spans and ("20230611174205", "DATE") in spans   # timestamps are dates, not ids


# ---------------------------------------------------------------- dictation
def _dictation(deid: Deidentifier, text: str, patient: Patient | None = None) -> set[tuple[str, str]]:
    ann = DictationAnnotator(
        id_cues=["dossier", "ipp", "examen", "numéro"], phone_cues=["téléphone", "rappeler", "portable"],
        date_cues=["né", "née"], weak_date_cues=["le", "du"])
    ctx = Context(text=text, tokens=tokenize(text), lookups=deid.lookups, patient=patient)
    return {(text[s:e], t) for s, e, t in ann.annotate(ctx)}


def test_spelled_patient_name(deid: Deidentifier) -> None:
    patient = Patient(first_names=["Gaëlle"], surname="Pirotte")
    text = "échographie abdominale madame pirotte p i r o t t e gaëlle virgule douleurs point"
    found = _dictation(deid, text, patient)
    assert ("p i r o t t e", "PATIENT") in found and ("pirotte", "PATIENT") in found


def test_spelled_doctor_name_and_partial_spelling(deid: Deidentifier) -> None:
    found = _dictation(deid, "copie au docteur wauters w a u t e r s point à la ligne")
    assert ("w a u t e r s", "PERSON") in found
    found = _dictation(deid, "adressé par le docteur marie-laure haddou m a r i e tiret laure")
    assert ("m a r i e", "PERSON") in found                   # the first part of a compound, spelled


@pytest.mark.parametrize("text", [
    "discopathie l cinq s un point à la ligne",               # vertebrae
    "il y a à droite une opacité virgule",                    # single-letter words in a row
    "items a b c d normaux point",                            # a list of letters spelling nothing said
    "le mot tête t ê t e est illisible",                      # a common word spelled
])
def test_spelling_negatives(deid: Deidentifier, text: str) -> None:
    assert _dictation(deid, text) == set()


def test_misheard_name_corrected_after_a_filler(deid: Deidentifier) -> None:
    patient = Patient(first_names=["Noël"], surname="Faure")
    found = _dictation(deid, "radio du genou de monsieur fort euh faure noël point", patient)
    assert ("fort", "PATIENT") in found
    # a filler between ordinary words changes nothing
    assert _dictation(deid, "épanchement euh modéré point", patient) == set()


def test_ids_read_digit_by_digit(deid: Deidentifier) -> None:
    found = _dictation(deid, "numéro de dossier sept trois zéro un huit deux virgule")
    assert ("sept trois zéro un huit deux", "ID") in found
    found = _dictation(deid, "IPP quatre-vingt-un zéro six douze quarante point")
    assert ("quatre-vingt-un zéro six douze quarante", "ID") in found
    # negatives: a phone number after its cue, a short number, a duration
    assert _dictation(deid, "numéro de téléphone zéro quatre vingt-deux onze trente") == set()
    assert _dictation(deid, "examen de trois minutes point") == set()


def test_dates_read_as_numbers(deid: Deidentifier) -> None:
    found = _dictation(deid, "madame x née le vingt-trois zéro quatre mille neuf cent quarante et un point")
    assert ("vingt-trois zéro quatre mille neuf cent quarante et un", "DATE") in found
    found = _dictation(deid, "patiente née le trois onze quarante-sept virgule")   # no zero after a birth cue
    assert ("trois onze quarante-sept", "DATE") in found
    assert _dictation(deid, "revu le trois onze quarante-sept fois") == set()         # weak cue, no zero
    # a day and month with no year, an impossible month: nothing
    assert not any(t == "DATE" for _, t in _dictation(deid, "revu le douze zéro quatre point"))
    assert not any(t == "DATE" for _, t in _dictation(deid, "née le douze zéro zéro mille neuf cent"))


def test_signature_with_lower_case_initials(deid: Deidentifier) -> None:
    assert ("m. a. lenoir", "PERSON") in _dictation(deid, "dicté par m. a. lenoir radiologue")
    assert ("j.-p. quintin", "PERSON") in _dictation(deid, "validé par le docteur j.-p. quintin")
    assert _dictation(deid, "dicté par l'interne de garde point") == set()


def test_dictation_end_to_end(deid: Deidentifier) -> None:
    patient = Patient(first_names=["Yannick"], surname="Le Goff")
    text = ("scanner cérébral de monsieur le goff yannick l e g o f f virgule numéro de dossier "
            "quatre quatre un neuf zéro deux point")
    assert _covered(deid, text, "l e g o f f", patient)
    assert _covered(deid, text, "quatre quatre un neuf zéro deux", patient)


def test_hl7_message_flattened_on_one_line(deid: Deidentifier) -> None:
    # segments joined by spaces or by a written-out carriage return, as an export or a log prints them
    for sep in (" ", "<CR>", "\\r"):
        text = sep.join([r"MSH|^~\&|RIS|CH_MORLAIX|PACS|RAD|20211005093000||ORU^R01|77|P|2.5",
                         "PID|1||990011^^^CH_MORLAIX||LE BRIS^YANN||19720414|M",
                         "PV1|1|E|URG^^^HOPITAL DU PAYS DE MORLAIX"])
        found = _hl7(text, deid)
        assert {("LE BRIS", "PATIENT"), ("YANN", "PATIENT"), ("19720414", "DATE"), ("990011", "ID"),
                ("HOPITAL DU PAYS DE MORLAIX", "INSTITUTION"), ("20211005093000", "DATE")} <= found, sep
        assert ("RAD", "INSTITUTION") not in found                 # a department code, not a facility


def test_misheard_surname_before_the_patients_first_name(deid: Deidentifier) -> None:
    patient = Patient(first_names=["Thi Mai"], surname="Nguyen")
    found = _dictation(deid, "échographie chez madame ouine thi mai point à la ligne", patient)
    assert ("ouine", "PATIENT") in found
    # no civility before, or a function word before the first name: nothing
    assert _dictation(deid, "revu avec ouine thi mai point", patient) == set()
    assert _dictation(deid, "chez madame et thi mai point", patient) == set()


def test_hl7_fields_written_by_label(deid: Deidentifier) -> None:
    text = ("Export interface :\nPID-5.1: VASSEUR\nPID-5.2 (prénom): JULIETTE\nPID.7 = 19811102\n"
            '"PV1.7.2": "DELCOURT", "PV1.7.3": "ARNAUD"\nPID-11: 3 RUE DU MOULIN^^ARRAS^^62000\n'
            "OBR-4: RXGEN^GENOU\nPID-8: F")
    found = _hl7(text, deid)
    assert {("VASSEUR", "PATIENT"), ("JULIETTE", "PATIENT"), ("19811102", "DATE"), ("DELCOURT", "PERSON"),
            ("ARNAUD", "PERSON"), ("3 RUE DU MOULIN", "LOCATION"), ("ARRAS", "LOCATION"),
            ("62000", "LOCATION")} <= found
    assert not any(v in ("RXGEN", "GENOU", "F") for v, _ in found)      # coded fields, sex: no PHI


def test_structural_noise_dropped_free_text_kept(deid: Deidentifier) -> None:
    from deduce_fr.hl7 import drop_structural_noise

    text = MESSAGE + "\nNTE|1||Vu avec le Dr Ménard, rappeler Mme Berthelot."
    ctx = Context(text=text, tokens=tokenize(text), lookups=deid.lookups)
    raw = [c for a in deid.annotators for c in a.annotate(ctx)]
    kept = drop_structural_noise(raw, text, deid.lookups)
    own = set(HL7Annotator().annotate(ctx))
    values = {text[s:e] for s, e, _ in kept}
    assert own <= set(kept)                                   # this module's own readings stay
    assert "Ménard" in values                                 # free text (NTE-3) keeps the others' names
    assert not any(v.startswith(("ORU", "RXCHEV", "RADIO^")) or v in ("O", "MME", "DROME", "F") for v in values)
    assert "BERTHELOT^ODILE" not in values                    # one name across two components: cut
    assert drop_structural_noise(raw[:3], "Radiographie sans particularité.", deid.lookups) == raw[:3]


# the ORU^R01 example message of the HL7 v2.x standard's tutorial material (reproduced in Wikipedia's
# "Health Level 7" article): a message other people wrote, with US names, ids and an address
STANDARD_EXAMPLE = "\r".join([
    r"MSH|^~\&|GHH LAB|ELAB-3|GHH OE|BLDG4|200202150930||ORU^R01|CNTRL-3456|P|2.4",
    "PID|||555-44-4444||EVERYWOMAN^EVE^E^^^^L|JONES|19620320|F|||153 FERNWOOD DR.^^STATESVILLE^OH^35292||"
    "(206)3345232|(206)752-121||||AC555444444||67-A4335^OH^20030520",
    "OBR|1|845439^GHH OE|1045813^GHH LAB|15545^GLUCOSE|||200202150730|||||||||555-55-5555^PRIMARY^PATRICIA P^^^^MD^^"
    "|||||||||F||||||444-44-4444^HIPPOCRATES^HOWARD H^^^^MD",
    "OBX|1|SN|1554-5^GLUCOSE^POST 12H CFST:MCNC:PT:SER/PLAS:QN||^182|mg/dl|70_105|H|||F",
])


def test_hl7_standard_example_message(deid: Deidentifier) -> None:
    found = _hl7(STANDARD_EXAMPLE, deid)
    assert {("555-44-4444", "ID"), ("EVERYWOMAN", "PATIENT"), ("EVE", "PATIENT"), ("JONES", "PERSON"),
            ("19620320", "DATE"), ("153 FERNWOOD DR.", "LOCATION"), ("STATESVILLE", "LOCATION"),
            ("35292", "LOCATION"), ("(206)3345232", "PHONE"), ("(206)752-121", "PHONE"), ("AC555444444", "ID"),
            ("67-A4335", "ID"), ("200202150730", "DATE"), ("PRIMARY", "PERSON"), ("PATRICIA P", "PERSON"),
            ("HIPPOCRATES", "PERSON"), ("HOWARD H", "PERSON"), ("ELAB-3", "INSTITUTION")} <= found
    values = {v for v, _ in found}
    assert not values & {"GHH LAB", "GHH OE", "OH", "GLUCOSE", "mg/dl", "MD", "F", "L", "CNTRL-3456"}
