"""Session 15 speed changes that must change no output: the hl7 UID/UUID gate and duplicate candidates dropped
before the finishing steps (``bench/deid_outputs.py check`` proves both on every case file; these tests pin the
reasons at their boundaries)."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

from deduce_fr import Deidentifier, Patient
from deduce_fr.annotators import Context
from deduce_fr.hl7 import _UID, _UUID, _UUID_GATE
from deduce_fr.tokenizer import tokenize

DATA = Path(__file__).resolve().parents[2] / "deduce_fr" / "data"


def test_uuid_gate_is_a_necessary_part_of_every_uuid() -> None:
    """The gate may skip the UUID scan only where the UUID pattern cannot match."""
    for k in range(200):
        u = str(uuid.UUID(int=(k * 0x9E3779B97F4A7C15_F39CC0605CEDC834) % (1 << 128)))
        for form in (u, u.upper()):
            text = f"urn:uuid:{form} Document"
            assert _UUID.search(text) and _UUID_GATE.search(text), form


def test_uid_needs_one_of_the_four_oid_roots() -> None:
    """The annotator runs the OID scan only when '1.2.', '1.3.', '2.16.' or '2.25.' is in the text: none, no OID."""
    assert _UID.search("Study Instance UID : 1.2.840.113619.2.55.3.2831164355.736")
    assert _UID.search("SOP 2.25.329800735698586629295641978511506172918")
    assert not _UID.search("Examen 3.4.5.6.7.8.9 - côté - droit - face - profil - 12.5 mm")


def test_hl7_ids_kept_with_the_gate(deid: Deidentifier) -> None:
    """A UUID in a text with few dashes and an instance UID are still IDs; many dashes alone give none."""
    text = ("Document urn:uuid:3f2a9c1e-7b4d-4e8a-9c2f-1a2b3c4d5e6f reçu.\n"
            "Study Instance UID : 1.2.840.113619.2.55.3.2831164355.736.1527\n")
    ids = [s.text for s in deid.annotate(text).spans if s.tag == "ID"]
    assert "3f2a9c1e-7b4d-4e8a-9c2f-1a2b3c4d5e6f" in ids
    assert "1.2.840.113619.2.55.3.2831164355.736.1527" in ids
    dashes = "Radio - face - profil - comparatif - sans particularité - à revoir.\n"
    assert [s for s in deid.annotate(dashes).spans if s.tag == "ID"] == []


def test_duplicate_candidates_change_no_span(deid: Deidentifier) -> None:
    """Every candidate proposed twice gives the spans of every candidate proposed once (and the order of first
    appearance is what the finishing steps see): on the shipped cases, with their patients."""
    cases = json.loads((DATA / "cases_fr.json").read_text(encoding="utf-8"))[::9]
    assert len(cases) > 30
    for case in cases:
        patient = Patient.from_dict(case.get("patient"))
        text = case["text"]
        ctx = Context(text=text, tokens=tokenize(text), lookups=deid.lookups, patient=patient)
        candidates = [c for a in deid.annotators for c in a.annotate(ctx)]
        once = list(dict.fromkeys(candidates))
        assert deid._finish(candidates + once[::-1], text, patient) == deid._finish(once, text, patient)
        assert deid._finish(candidates, text, patient) == deid.annotate(text, patient=patient).spans
