"""HL7 v2 messages pasted into report text (a failed interface's dump, an export, a copied log): PHI by field.

An HL7 v2 message is a run of segments, one a line ('PID|1||0512345^^^CHAR^PI||FERREIRA^MARIA||19560409|F'),
whose fields (``|``), repetitions (``~``), components (``^``) and subcomponents (``&``) have a meaning fixed by
the standard (HL7 v2.5.1, chapters 2-4 and 7): PID-5 is the patient's name, PID-7 the birth date, PID-11 the
address, OBR-16 the ordering provider, MSH-4 the sending facility. Read as prose, such a line loses most of it:
'FERREIRA^MARIA' is one token, '19560409' looks like an id, the assigning authority 'CHAR' of PID-3 and the
sending facility 'CHSF' of MSH-4 are no known words, 'LENS^^62300' has no cue. This annotator reads each
segment by position and tags each component by its data type's meaning:

- CX (PID-3 ids): the id (ID), its assigning authority and facility (INSTITUTION; a scheme such as 'NISS',
  'INS-NIR' or an OID is no institution);
- XPN names: family name (each subcomponent: 'DE&SMET'), given and middle names; PATIENT in PID-5/PID-9/MRG-7,
  PERSON elsewhere (next of kin NK1-2, guarantor, insured);
- XCN providers (PV1-7/8/9/17, ORC-12, OBR-16/28, OBX-16, PD1-4, TXA-9...): the id (ID) and the names (PERSON);
  CNN subcomponents in OBR-32..35 (result interpreter, technician, transcriptionist) the same way;
- XAD addresses: street, other designation, city, postcode (LOCATION; a state/province or country alone is not
  tagged, the package's policy for regions);
- XTN phones (PHONE) and e-mails (EMAIL); XON organisation names and HD facilities (INSTITUTION), PL locations'
  facility component (PV1-3.4); TS/DTM timestamps (DATE, only when they read as a calendar date);
- free text (OBX-5, NTE-3) is left to the other annotators: it is prose.

Fields the standard gives no PHI meaning and that writers fill all the same (a doctor one field off, in
OBR-15; a Z-segment) are read by shape: an XCN ('123^NOM^PRENOM' with a known name and no medical word) is a
person, a whole field that is a valid timestamp is a date. The field numbering agrees with the ``hl7`` PyPI
parser's (checked in the tests); this module keeps character offsets, which that parser does not.

Gate: a '|' in the text, then one compiled regex for a segment name and '|' at a line start; ordinary reports
cost one substring test.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from typing import Any

from deduce_fr.annotators import Annotator, Candidate, Context
from deduce_fr.lookups import Lookups, fold

# segment names of HL7 v2 (the ones a radiology or ADT flow carries) and local Z-segments, then the field
# separator, at a line start (a raw message separates segments with a carriage return)
_SEGMENT = re.compile(
    r"(?:^|(?<=[\r\n]))[ \t]*((?:MSH|EVN|PID|PD1|PV1|PV2|NK1|MRG|ORC|OBR|OBX|NTE|TXA|DG1|AL1|IN1|IN2|GT1|ROL|PRD"
    r"|CTD|SCH|AIP|AIL|AIS|AIG|RGS|IPC|SPM|TQ1|FT1|PR1|ACC|MSA|ERR|QRD|QRF|ARV|Z[A-Z0-9]{2})\|)",
    re.M,
)
_LINE_END = re.compile(r"[\r\n]")
# a flattened export written field by field: 'PID-5.1: DUPONT', 'PID.7 = 19500101', '"PV1.7.2": "MARTIN"'
_LABEL_WORDS = frozenset({"msh", "evn", "pid", "pd", "pv", "nk", "mrg", "orc", "obr", "obx", "txa", "dg", "gt", "rol"})
_LABEL = re.compile(
    r"(?<![\w\-])[\"']?(MSH|EVN|PID|PD1|PV1|PV2|NK1|MRG|ORC|OBR|OBX|TXA|DG1|IN1|GT1|ROL)[\-._](\d{1,2})"
    r"(?:[\-._](\d{1,2}))?(?:[\-._]\d{1,2})?[\"']?[ \t]*(?:\([^()\n]{0,40}\)[ \t]*)?[:=][ \t]*[\"']?([^\"'\r\n|;]*)")
# a message flattened on one line: the next standard segment after a space or a written-out separator
# ('...|2.5 PID|1||...', '...|2.5<CR>PID|...', '...|2.5\\rPID|...'); Z-segments only at a line start
_INNER_SEGMENT = re.compile(
    r"(?:[ \t]+|<CR>|\\r|\\n)((?:MSH|EVN|PID|PD1|PV1|PV2|NK1|MRG|ORC|OBR|OBX|NTE|TXA|DG1|AL1|IN1|IN2|GT1|ROL|PRD"
    r"|CTD|SCH|AIP|AIL|AIS|AIG|RGS|IPC|SPM|TQ1|FT1|PR1|ACC|MSA|ERR)\|)")

# data types (HL7 v2.5.1) of the fields that carry PHI; 'skip' marks coded fields (no PHI, never read by shape),
# 'TEXT' free-text fields (prose, left to the other annotators)
FIELDS: dict[str, dict[int, str]] = {
    "MSH": {3: "skip", 4: "HD", 5: "skip", 6: "HD", 7: "TS", 9: "skip", 10: "skip", 12: "skip"},
    "EVN": {2: "TS", 3: "TS", 5: "XCN", 6: "TS", 7: "HD"},
    "PID": {2: "CX", 3: "CX", 4: "CX", 5: "XPN_PATIENT", 6: "XPN", 7: "TS", 8: "skip", 9: "XPN_PATIENT",
            10: "skip", 11: "XAD", 13: "XTN", 14: "XTN", 15: "skip", 16: "skip", 17: "skip", 18: "CX", 19: "ST_ID",
            20: "CX", 21: "CX", 22: "skip", 23: "PLACE", 26: "skip", 28: "skip", 29: "TS", 33: "TS", 34: "HD"},
    "PD1": {3: "XON", 4: "XCN"},
    "NK1": {2: "XPN", 3: "skip", 4: "XAD", 5: "XTN", 6: "XTN", 7: "skip", 8: "TS", 9: "TS", 12: "CX", 13: "XON",
            16: "TS", 30: "XPN", 31: "XTN", 32: "XAD", 33: "CX", 37: "ST_ID"},
    "PV1": {2: "skip", 3: "PL", 4: "skip", 6: "PL", 7: "XCN", 8: "XCN", 9: "XCN", 10: "skip", 11: "PL", 17: "XCN",
            18: "skip", 19: "CX", 39: "HD", 42: "PL", 43: "PL", 44: "TS", 45: "TS", 50: "CX", 52: "XCN"},
    "PV2": {8: "TS", 9: "TS", 13: "XCN", 23: "XON"},
    "MRG": {1: "CX", 2: "CX", 3: "CX", 4: "CX", 5: "CX", 6: "CX", 7: "XPN_PATIENT"},
    "ORC": {1: "skip", 2: "EI", 3: "EI", 4: "EI", 5: "skip", 9: "TS", 10: "XCN", 11: "XCN", 12: "XCN", 13: "PL",
            14: "XTN", 15: "TS", 16: "skip", 19: "XCN", 21: "XON", 22: "XAD", 23: "XTN", 24: "XAD"},
    "OBR": {2: "EI", 3: "EI", 4: "skip", 6: "TS", 7: "TS", 8: "TS", 10: "XCN", 13: "TEXT", 14: "TS", 16: "XCN",
            17: "XTN", 18: "ST_ID", 19: "ST_ID", 20: "ST_ID", 21: "ST_ID", 22: "TS", 24: "skip", 25: "skip",
            28: "XCN", 31: "skip", 32: "NDL", 33: "NDL", 34: "NDL", 35: "NDL", 36: "TS", 44: "skip"},
    "OBX": {2: "skip", 3: "skip", 5: "TEXT", 6: "skip", 7: "skip", 8: "skip", 11: "skip", 14: "TS", 16: "XCN",
            19: "TS", 23: "XON", 24: "XAD", 25: "XCN"},
    "NTE": {2: "skip", 3: "TEXT", 4: "skip", 5: "XCN", 6: "TS"},
    "TXA": {2: "skip", 4: "TS", 5: "XCN", 6: "TS", 7: "TS", 8: "TS", 9: "XCN", 10: "XCN", 11: "XCN", 12: "EI",
            13: "EI", 14: "EI", 15: "EI", 22: "XCN", 23: "EI"},
    "DG1": {3: "skip", 4: "TEXT", 5: "TS", 16: "XCN", 19: "TS"},
    "AL1": {3: "skip", 5: "skip", 6: "TS"},
    "IN1": {2: "skip", 3: "CX", 4: "XON", 5: "XAD", 7: "XTN", 8: "ST_ID", 9: "XON", 11: "XON", 12: "TS", 13: "TS",
            16: "XPN", 18: "TS", 19: "XAD", 36: "ST_ID", 49: "CX"},
    "GT1": {2: "CX", 3: "XPN", 4: "XPN", 5: "XAD", 6: "XTN", 7: "XTN", 8: "TS", 12: "ST_ID", 16: "XPN", 17: "XAD",
            18: "XTN", 19: "CX", 21: "XON"},
    "ROL": {3: "skip", 4: "XCN", 5: "TS", 6: "TS", 11: "XAD", 12: "XTN"},
    "PRD": {1: "skip", 2: "XPN", 3: "XAD", 4: "PL", 5: "XTN", 7: "CX"},
    "CTD": {1: "skip", 2: "XPN", 3: "XAD", 4: "PL", 5: "XTN"},
    "AIP": {3: "XCN", 4: "skip"},
    "AIL": {3: "PL"},
    "IPC": {1: "EI", 2: "EI", 3: "skip", 4: "EI", 5: "skip"},
    "SPM": {4: "skip", 17: "TS", 18: "TS"},
    "TQ1": {7: "TS", 8: "TS"},
    "SCH": {1: "EI", 2: "EI", 11: "skip", 12: "XCN", 16: "XCN", 20: "XCN"},
}
# identifier schemes and type codes written where an assigning authority goes: not institutions
_SCHEMES = frozenset({
    "niss", "nir", "ins", "ins-nir", "ins-nia", "ins-c", "insee", "nh", "ni", "ss", "ssn", "pi", "pn", "mr", "an",
    "vn", "pt", "dl", "ppn", "rri", "rpps", "adeli", "finess", "riziv", "inami", "iso", "dns", "uuid", "guid", "hl7",
    "l", "d", "m", "iep", "ipp", "nda", "pid", "mrn", "local", "national", "nn", "inss", "bsn", "avs",
})
# application and department words written where a facility goes ('PACS', 'IMAGERIE'): not institutions
_SYSTEM_WORDS = frozenset({
    "ris", "pacs", "his", "lis", "dpi", "emr", "ehr", "eai", "hub", "xds", "dmp", "imagerie", "radiologie", "radio",
    "labo", "laboratoire", "urgences", "urgence", "irm", "scanner", "echo", "echographie", "medecine", "cardio",
    "cardiologie", "pediatrie", "test", "prod", "production", "recette", "interface", "serveur", "server",
    "dictee", "reco", "teleradiologie", "archive", "worklist", "modality", "portail", "portal", "img", "rad", "rx",
    "radiol", "lab", "urg", "ct", "mr", "us", "nm", "cr", "dx", "pet",
})
_PROVIDER_MARKS = frozenset({"dr", "pr", "prof", "md", "do", "phd", "docteur", "professeur", "mme", "m", "mr", "ms",
                             "mrs", "miss"})
# an observation of the patient's age in OBX-3 (its name in any case, or its LOINC code: 30525-0 'Age', 21612-7 'Age
# Time Patient Reported', 29553-5 'Age calculated'), whose OBX-5 is then a number of years, months or days
_AGE_OBSERVATION = re.compile(r"(?<![^\W\d_])(?:[âaÂA][gG][eE]|30525-0|21612-7|29553-5)(?![^\W\d_])")
_AGE_VALUE = re.compile(r"[ \t]*(\d{1,3})[ \t]*")
_NAME_TYPES = frozenset({"XPN", "XPN_PATIENT", "XCN", "NDL"})
_DIGIT = re.compile(r"\d")
_TS = re.compile(r"((?:18|19|20)\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?:[01]\d|2[0-3])?(?:[0-5]\d){0,2}"
                 r"(?:\.\d{1,4})?(?:[+-]\d{4})?")
_NAME_VALUE = re.compile(r"[^\W\d_][^\W\d_'’\- .]*(?:[ '’\-.]+[^\W\d_]+)*\.?")
_PHONE_VALUE = re.compile(r"\+?[\d() .\-/]{6,}")
_CODE_VALUE = re.compile(r"[\w][\w.\-/]*")
# an ISO/ITU object identifier under the roots that DICOM and HL7 UIDs use (ISO member bodies and organisations,
# joint-iso-itu country and UUID arcs), five arcs or more (ITU-T X.660; DICOM PS3.5 9.1: at most 64 characters)
# DICOM PS3.5 6.2 'AS' (age string: three digits and D, W, M or Y) after the PatientAge tag (0010,1010) or its name
_DICOM_AGE = re.compile(r"(?:\(0010,1010\)[ \t]*(?:AS[ \t]*)?(?:\[|:|=)?|(?:Patient['’]?s?[ _]?)?Age[ \t]*(?:[:=][ \t]*)?\[?)"
                        r"[ \t]*(\d{3}[DWMY])(?!\w)", re.IGNORECASE)
# identifying DICOM attributes of a header dump, by tag ('(0020,0010) SH [44871]', '(0020,0010) StudyID  44871'): the
# study id (0020,0010), other patient ids (0010,1000) and the patient's telephone (0010,2154); the patient id
# and accession number are read by the id annotators; a value of zeros or 'ANONYMOUS' is a placeholder
_DICOM_ID_TAG = re.compile(r"\((?:0020,0010|0010,1000|0010,2154)\)[ \t]*(?:[A-Z]{2}[ \t]+)?"
                           r"(?:[A-Za-z][A-Za-z']*(?: [A-Za-z][A-Za-z']*)*(?:[ \t]*[:=][ \t]*|[ \t]+))?"
                           r"\[?[ \t]*(?P<v>[^\s\[\]]+(?: [^\s\[\]]+)*)[ \t]*\]?[ \t]*$", re.MULTILINE)
# the same attributes, and the patient id and accession number, by their DICOM keyword (PS3.6) as a 'key=value' or
# 'Key: value' dump writes them ('AccessionNumber=LEN23RX118734', 'PatientID: 974P0087156'): the id annotators' cues are
# words ('Patient ID', 'accession'), which a keyword glues together
_DICOM_ID_KEYWORD = re.compile(
    r"(?<![A-Za-z])(?:AccessionNumber|PatientID|OtherPatientIDs|StudyID|AdmissionID|RequestedProcedureID|"
    r"ScheduledProcedureStepID|PerformedProcedureStepID|MedicalRecordLocator|PlacerOrderNumberImagingServiceRequest|"
    r"FillerOrderNumberImagingServiceRequest)[ \t]*[:=][ \t]*\[?[ \t]*(?P<v>[^\s\[\];,|\\]+)")
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![\w\-])")
_UUID_GATE = re.compile(r"-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-")  # (a necessary part of _UUID)
# (or the UUID arc 2.25 and a UUID read as one integer)
_UID = re.compile(r"(?<![\w.])(?:(?:1\.[23]|2\.(?:16|25))(?:\.(?:0|[1-9]\d{0,38})){3,}|2\.25\.[1-9]\d{9,38}"
                  r"(?:\.(?:0|[1-9]\d{0,38}))*)(?!\w|\.\d)")


_UID_WRAP = re.compile(r"\.[ \t]*\n[ \t]*(?:0|[1-9]\d{0,38})(?:\.(?:0|[1-9]\d{0,38}))*(?!\w|\.\d)")


def _is_code_value(v: str) -> bool:
    """A value that can identify: a digit in it, not all zeros, not an anonymiser's placeholder."""
    return any(c.isdigit() for c in v) and bool(v.strip("0")) and "ANONYM" not in v.upper()


class HL7Annotator(Annotator):
    """PHI in HL7 v2 segments by field semantics (see the module docstring); one candidate per component.

    ``patient_tag`` is the tag of the patient's own name fields (PID-5, PID-9, MRG-7).
    """

    def __init__(self, tag: str = "ID", patient_tag: str = "PATIENT", **kw: Any) -> None:
        super().__init__(tag, **kw)
        self.patient_tag = patient_tag

    def annotate(self, ctx: Context) -> list[Candidate]:
        text = ctx.text
        out: list[Candidate] = []
        if not _LABEL_WORDS.isdisjoint(ctx.folded_set):
            out.extend(self._labelled(text, ctx.lookups))
        if "|" in text:
            out.extend(self.structure(text, ctx.lookups)[0])
        # (an OID holds one of these four; a UUID's dashes, led by the literal '-', are found in a few microseconds)
        if "1.2." in text or "1.3." in text or "2.25." in text or "2.16." in text or _UUID_GATE.search(text):
            out.extend(self._uids(text))
        if "1010" in text or "Age" in text or "AGE" in text:  # a DICOM header dump's age string: '(0010,1010) AS [074Y]'
            out.extend((m.start(1), m.end(1), "AGE") for m in _DICOM_AGE.finditer(text))
        if "(00" in text:  # (a DICOM tag opens the line)
            for m in _DICOM_ID_TAG.finditer(text):
                v = m.group("v")
                if _is_code_value(v):
                    out.append((m.start("v"), m.end("v"), "PHONE" if "2154" in text[m.start() : m.start() + 10] else self.tag))
        if "ID" in text or "Number" in text or "Locator" in text:
            out.extend((m.start("v"), m.end("v"), self.tag) for m in _DICOM_ID_KEYWORD.finditer(text)
                       if _is_code_value(m.group("v")))
        return out

    def _uids(self, text: str) -> list[Candidate]:
        """DICOM/HL7 instance UIDs and UUIDs left in an export ('Study Instance UID : 1.2.840.113619.2.55.3.28311...'): an
        object identifier that names one study, series, image or document is a unique identifier (the DICOM
        PS3.15 de-identification profile replaces them). A registered scheme or class OID is short ('1.2.250.1.
        213.1.4.8', the SOP class '1.2.840.10008.5.1.4.1.1.2'): an instance UID has a long serial or timestamp."""
        out: list[Candidate] = []
        for m in _UID.finditer(text):
            uid, end = m.group(), m.end()
            wrapped = _UID_WRAP.match(text, end)  # a UID cut by a fax's or a printout's line end after a dot
            if wrapped:
                end = wrapped.end()
                uid = text[m.start() : end]
            if len(uid) >= 26 or len(uid) >= 20 and max(len(p) for p in uid.split(".")) >= 6:
                out.append((m.start(), end, "ID"))
        if text.count("-") >= 4:  # a UUID (RFC 9562) names one document or message: 'urn:uuid:3f2a9c1e-7b4d-...'
            out.extend((m.start(), m.end(), "ID") for m in _UUID.finditer(text)
                       if not (m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] in "_-")))
        return out

    def _segment(self, text: str, start: int, end: int, enc: tuple[str, str, str], lookups: Lookups,
                 read: list[tuple[int, int]] | None = None) -> list[Candidate]:
        """Candidates of one segment; ``read`` collects the fields this annotator reads fully (a code, or a value
        its type or shape reads): what another annotator finds there is noise (see ``drop_structural_noise``)."""
        name = text[start : start + 3]
        table = FIELDS.get(name, {})
        out: list[Candidate] = []
        if read is not None:
            read.append((start, start + 3))  # the segment's name ('OBX' read as a surname on its line)
        # field k of the segment: for MSH, MSH-1 is the separator itself, so the k-th piece after it is MSH-(k+1)
        shift = 1 if name == "MSH" else 0
        fields = _split(text, start, end, "|")
        for k, (fs, fe) in enumerate(fields):
            number = k + shift
            if k == 0 or (name == "MSH" and number <= 2):
                continue
            if fs == fe:
                continue
            kind = table.get(number)
            if kind == "TEXT":
                if name == "OBX" and number == 5 and len(fields) > 3 and _AGE_OBSERVATION.search(
                        text, fields[3][0], fields[3][1]):
                    value = _AGE_VALUE.fullmatch(text, fs, fe)
                    if value:  # an age observation's value ('OBX|1|NM|30525-0^Age^LN||67|a'): the age
                        out.append((value.start(1), value.end(1), "AGE"))
                continue  # prose: the other annotators' field
            for rs, re_ in _split(text, fs, fe, enc[1]):
                if rs == re_:
                    continue
                if kind is None:
                    found = self._by_shape(text, rs, re_, enc, lookups)
                elif kind == "skip":
                    # a coded field holds no PHI, unless a writer put a provider there (an interpreter in OBR-31)
                    found = self._by_shape(text, rs, re_, enc, lookups)
                    if read is not None and not found:
                        read.append((rs, re_))
                else:
                    # a provider written one field off ('123^NOM^PRENOM' in OBR-17, a phone field) is read by shape
                    shaped = [] if kind in _NAME_TYPES else self._by_shape(text, rs, re_, enc, lookups)
                    found = shaped or self._typed(kind, text, rs, re_, enc, lookups)
                if found and read is not None:
                    read.append((rs, re_))
                out.extend(found)
        return out

    def structure(self, text: str, lookups: Lookups) -> tuple[list[Candidate], list[tuple[int, int]]]:
        """This annotator's candidates on segment lines, and the field ranges it reads fully."""
        out: list[Candidate] = []
        read: list[tuple[int, int]] = []
        if "|" not in text:
            return out, read
        enc = _encoding(text)
        for m in _SEGMENT.finditer(text):
            start = m.start(1)
            end_m = _LINE_END.search(text, start)
            line_end = end_m.start() if end_m else len(text)
            while True:
                inner = _INNER_SEGMENT.search(text, start + 4, line_end)
                end = inner.start() if inner else line_end
                out.extend(self._segment(text, start, end, enc, lookups, read))
                if inner is None:
                    break
                start = inner.start(1)
        return out, read

    def _labelled(self, text: str, lookups: Lookups) -> list[Candidate]:
        """Fields written one by one after their label ('PID-5.1: DUPONT', 'PID.11 = RUE X^^LIEGE^^4000')."""
        out: list[Candidate] = []
        enc = ("^", "~", "&")
        for m in _LABEL.finditer(text):
            s, e = _strip(text, m.start(4), m.end(4))
            while e > s and text[e - 1] in ",}":
                e -= 1
            if e <= s:
                continue
            kind = FIELDS.get(m.group(1), {}).get(int(m.group(2)))
            if kind is None or kind in ("skip", "TEXT"):
                continue
            at = int(m.group(3)) if m.group(3) else 1
            for rs, re_ in _split(text, s, e, enc[1]) if at == 1 else [(s, e)]:
                out.extend(self._typed(kind, text, rs, re_, enc, lookups, at=at))
        return out

    # -------------------------------------------------------------- data types
    def _typed(self, kind: str, text: str, s: int, e: int, enc: tuple[str, str, str],
               lookups: Lookups, at: int = 1) -> list[Candidate]:
        """Candidates of one field repetition of data type ``kind`` (or of its component ``at`` alone)."""
        comps = _split(text, s, e, enc[0]) if at == 1 else [(s, s)] * (at - 1) + [(s, e)]
        out: list[Candidate] = []

        def comp(i: int) -> tuple[int, int] | None:
            return comps[i - 1] if i <= len(comps) and comps[i - 1][0] < comps[i - 1][1] else None

        def add(i: int, tag: str, check: Any = None, sub: bool = False) -> None:
            c = comp(i)
            if c is None:
                return
            pieces = _split(text, c[0], c[1], enc[2]) if sub else [c]
            for ps, pe in pieces:
                ps, pe = _strip(text, ps, pe)
                if pe > ps and (check is None or check(text[ps:pe])):
                    out.append((ps, pe, tag))

        def facility(i: int) -> None:
            """Component i's first subcomponent as an INSTITUTION when it reads as a facility's name."""
            c = comp(i)
            if c is not None:
                hs, he = _strip(text, *_split(text, c[0], c[1], enc[2])[0])
                if he > hs and _is_facility(text[hs:he], lookups):
                    out.append((hs, he, "INSTITUTION"))

        if kind == "TS":
            add(1, "DATE", _is_timestamp)
        elif kind in ("XPN", "XPN_PATIENT"):
            tag = self.patient_tag if kind == "XPN_PATIENT" else "PERSON"
            add(1, tag, _is_name, sub=True)
            add(2, tag, _is_name)
            add(3, tag, _is_name)
        elif kind == "XCN":
            add(1, "ID", _is_code)
            add(2, "PERSON", _is_name, sub=True)
            add(3, "PERSON", _is_name)
            add(4, "PERSON", _is_name)
        elif kind == "NDL" and len(comps) > 1 and enc[2] not in text[s:e]:
            return self._typed("XCN", text, s, e, enc, lookups)  # an interpreter written as an XCN ('id^NOM^PRENOM')
        elif kind == "NDL":  # CNN in the first component, its parts as subcomponents: id&family&given&middle
            c = comp(1)
            if c is not None:
                subs = _split(text, c[0], c[1], enc[2])
                for j, (ps, pe) in enumerate(subs[:4]):
                    ps, pe = _strip(text, ps, pe)
                    value = text[ps:pe]
                    if pe <= ps:
                        continue
                    if j == 0 and len(subs) > 1:
                        if _is_code(value):
                            out.append((ps, pe, "ID"))
                    elif _is_name(value):
                        out.append((ps, pe, "PERSON"))
        elif kind == "CX":
            add(1, "ID", _is_code)
            for i in (4, 6):
                facility(i)
        elif kind == "EI" or kind == "ST_ID":
            add(1, "ID", _is_code)
        elif kind == "HD":
            facility(1)
        elif kind == "XON":
            add(1, "INSTITUTION", _has_letter)
            add(10, "ID", _is_code)
        elif kind == "PL":
            facility(4)
        elif kind == "XAD":
            add(1, "LOCATION", _has_alnum, sub=True)
            add(2, "LOCATION", _has_alnum)
            add(3, "LOCATION", _has_letter)
            add(5, "LOCATION", _has_alnum)
            add(8, "LOCATION", _has_letter)
        elif kind == "XTN":
            add(1, "PHONE", _is_phone)
            add(1, "EMAIL", _is_email)  # (v2.5 puts it in XTN-4; writers often in XTN-1, 'x@y.fr^NET^Internet')
            add(4, "EMAIL", _is_email)
            add(6, "PHONE", lambda v: v.isdigit())
            add(7, "PHONE", _is_phone)
            add(12, "PHONE", _is_phone)
        elif kind == "PLACE":
            add(1, "LOCATION", _has_letter)
        return out

    def _by_shape(self, text: str, s: int, e: int, enc: tuple[str, str, str], lookups: Lookups) -> list[Candidate]:
        """A field the table does not type: a person in XCN form, or a whole-field timestamp."""
        value = text[s:e]
        if _TS.fullmatch(value):
            return [(s, e, "DATE")] if _is_timestamp(value) else []
        if enc[0] not in value:
            return []
        comps = _split(text, s, e, enc[0])
        if len(comps) < 3:
            return []
        (is_, ie), (fs_, fe_), (gs, ge) = (_strip(text, *c) for c in comps[:3])
        ident, family, given = text[is_:ie], text[fs_:fe_], text[gs:ge]
        if ident and not _is_code(ident):
            return []  # 'RXBASSIN^BASSIN FACE^LOCAL': a coded entry, not a provider
        if not (_is_name(family) and (not given or _is_name(given))):
            return []
        words = [fold(w) for w in re.findall(r"[^\W\d_]{2,}", family + " " + given)]
        if any(w in lookups.medical or (w in lookups.stopwords and not lookups.is_name_like(w)) for w in words):
            return []  # 'RX THORAX', 'GENOU': a coded entry's text (an eponym such as 'Hippocrates' is a surname here)
        # a known name, or a title or degree where XCN puts them ('^^^DR' prefix, '^^^^MD' degree)
        marks = {fold(text[a:b].strip()) for a, b in comps[5:7]}
        if _PROVIDER_MARKS.isdisjoint(marks) and not any(
                lookups.is_name_like(w) for w in (family, family.split(" ")[0], given, given.split(" ")[0]) if w):
            return []
        out: list[Candidate] = [(fs_, fe_, "PERSON")]
        if given:
            out.append((gs, ge, "PERSON"))
        if ident:
            out.append((is_, ie, "ID"))
        return out


# ------------------------------------------------------------------ helpers
def _encoding(text: str) -> tuple[str, str, str]:
    """(component, repetition, subcomponent) separators from MSH-2 when the text holds an MSH segment."""
    at = text.find("MSH|")
    if at >= 0 and at + 8 <= len(text):
        chars = text[at + 4 : at + 8]
        if len(set(chars)) == 4 and not any(c.isalnum() or c.isspace() or c == "|" for c in chars):
            return chars[0], chars[1], chars[3]
    return "^", "~", "&"


def _split(text: str, s: int, e: int, sep: str) -> list[tuple[int, int]]:
    """Offsets of the pieces of text[s:e] between ``sep`` characters."""
    out = []
    while True:
        k = text.find(sep, s, e)
        if k < 0:
            out.append((s, e))
            return out
        out.append((s, k))
        s = k + 1


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _is_timestamp(value: str) -> bool:
    """A TS/DTM of at least a full date (YYYYMMDD...) that exists on the calendar (no 30 February)."""
    m = _TS.fullmatch(value)
    if not m:
        return False
    try:
        dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return False
    return True


def _is_name(value: str) -> bool:
    return len(value) >= 1 and bool(_NAME_VALUE.fullmatch(value))


def _is_code(value: str) -> bool:
    """An identifier: digits, or letters and digits (not a lone letter or a word)."""
    return bool(_CODE_VALUE.fullmatch(value)) and bool(_DIGIT.search(value)) and len(value) >= 3


def _is_phone(value: str) -> bool:
    return bool(_PHONE_VALUE.fullmatch(value)) and sum(c.isdigit() for c in value) >= 6


def _is_email(value: str) -> bool:
    return "@" in value and " " not in value


def _has_letter(value: str) -> bool:
    return any(c.isalpha() for c in value)


def _has_alnum(value: str) -> bool:
    return any(c.isalnum() for c in value)


def _is_facility(value: str, lookups: Lookups) -> bool:
    """A facility or assigning authority named by a code or a name: not a scheme, an OID or a system word."""
    if not _has_letter(value):
        return False  # an OID '1.2.250.1.71.4.2.2' or a number
    folded = fold(value)
    if folded in _SCHEMES or folded in _SYSTEM_WORDS:
        return False
    if " " not in folded and "_" not in folded and folded in lookups.medical:
        return False
    return len(value) >= 2


_NOISE_READER = HL7Annotator()


def drop_structural_noise(candidates: list[Candidate], text: str, lookups: Lookups) -> list[Candidate]:
    """Drop what other annotators read into the HL7 fields this module reads fully: 'ORU^R01' as a person, the
    patient class 'O' as an institution, 'FERREIRA^MARIA' as one name across two components. A candidate that
    overlaps such a field survives only if this module proposes it too; free text (OBX-5, NTE-3) and fields it
    cannot read keep every candidate. Meant to run on all candidates before overlap resolution (one call in
    ``Deidentifier._spans``); ordinary text costs one substring test and one regex scan."""
    if "|" not in text or not _SEGMENT.search(text):
        return candidates
    own, read = _NOISE_READER.structure(text, lookups)
    if not read:
        return candidates
    own_set = set(own)
    read.sort()
    starts = [s for s, _ in read]
    out = []
    for c in candidates:
        if c in own_set:
            out.append(c)
            continue
        s, e = c[0], c[1]
        k = bisect.bisect_right(starts, e - 1) - 1  # the last read field starting before the candidate's end
        if k >= 0 and read[k][1] > s:
            continue
        out.append(c)
    return out
