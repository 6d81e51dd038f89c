"""Session 22's output-preserving speed work on what every report pays outside the annotators: each short cut is
pinned here against the slower code it stands in for (the date scanner's shift, the title regex, the lot gate),
on grids that cover the edges (invalid days and months, edge years, every code point), so a short cut that ever
answers differently fails here before it changes an output."""

from __future__ import annotations

import random
import re

import pytest

from deduce_fr import Deidentifier
from deduce_fr.dates import shift_date_text
from deduce_fr.deidentifier import _LOT_GATE, _TITLE_BEFORE, _last_word, drop_lot_numbers
from deduce_fr.surrogates import _shift_numeric_date

EDGE_YEARS = (1879, 1880, 1899, 1900, 1901, 1999, 2000, 2024, 2098, 2099, 2100, 2101, 9999)
OFFSETS = (-1000, -366, -1, 1, 29, 365, 1000)


def _date_strings(year: int) -> list[str]:
    """Every day 0-32 and month 0-13 of a year, padded or not, in the numeric forms the short cut reads, and
    near misses it must leave to the scanner (two-digit years, mixed separators, spaces)."""
    out = []
    for day in range(33):
        for month in range(14):
            for d, m in ((str(day), str(month)), (f"{day:02d}", f"{month:02d}")):
                out += [f"{d}/{m}/{year}", f"{d}.{m}.{year}", f"{d}-{m}-{year}", f"{year}-{m}-{d}"]
            out += [f"{day}/{month:02d}/{year % 100:02d}", f"{day:02d}/{month}-{year}", f"{day:02d} {month:02d} {year}"]
    return out


@pytest.mark.parametrize("year", EDGE_YEARS)
def test_numeric_date_shift_is_the_scanners(year: int) -> None:
    rng = random.Random(year)
    fast = 0
    for text in _date_strings(year):
        offset = rng.choice(OFFSETS)
        got = _shift_numeric_date(text, offset)
        if got is not None:
            fast += 1
            assert got == shift_date_text(text, offset), text
    # the short cut takes the real calendar dates of 1900-2099 and nothing else
    assert (fast > 0) == (1900 <= year <= 2099)


def test_numeric_date_shift_declines_what_it_does_not_read() -> None:
    for text in ("31/02/2021", "00/01/2021", "12/13/2021", "3 mars 2021", "2021", "12/03/21", "١٢/٠٣/٢٠٢١",
                 "12/03-2021", "2021-3-12", " 12/03/2021", "12/03/2021 ", "12/03/1899"):
        assert _shift_numeric_date(text, 10) is None, text
    assert _shift_numeric_date("28/02/2024", 1) == "29/02/2024"
    assert _shift_numeric_date("5.3.2021", -5) == "28.2.2021"
    assert _shift_numeric_date("2021-03-05", 30) == "2021-04-04"


def test_pseudonymized_dates_keep_their_shape(deid: Deidentifier) -> None:
    text = "Examen du 05/03/2021, contrôle le 2021-04-02 et le 3 mai 2021 ; né le 31.12.1950."
    out = deid.pseudonymize(text, key="k22", date_shift=10)
    assert "15/03/2021" in out.text and "2021-04-12" in out.text and "10.01.1951" in out.text
    assert "13 mai 2021" in out.text


def _title_group(window: str) -> str:
    m = _TITLE_BEFORE.search(window)
    return m.group(1) if m else ""


# every code point of the scripts the reports use (Latin, Greek, Cyrillic, Arabic...), the Unicode spaces and digits
# outside them, and one in 61 of all the others
_CODE_POINTS = sorted({*range(0x2100), *range(0x2000, 0x2070), 0x3000, 0xFF10, 0xFF21, 0xFF41, *range(0, 0x110000, 61)})


def test_last_word_is_the_title_regex_on_every_script() -> None:
    for code in _CODE_POINTS:
        c = chr(code)
        for window in (c, "a" + c + ". "):
            assert _last_word(window) == _title_group(window), hex(code)
    rng = random.Random(22)
    alphabet = "aZé ._\t\n1²½Dr.Mme-_'’\u00a0\u2003İ"
    for _ in range(20000):
        window = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 16)))
        assert _last_word(window) == _title_group(window), repr(window)


def test_gender_read_from_the_title(deid: Deidentifier) -> None:
    text = "Vue par Mme Vandenberghe puis par M. Lambotte, avec le Dr Ferrand."
    spans = [s for s in deid.annotate(text).spans if s.tag == "PERSON"]
    assert [deid._gender_before(text, s.start_char) for s in spans] == ["F", "M", "U"]


def test_lot_gate_substring_test_loses_no_match() -> None:
    # no character but the ASCII letters themselves matches 'l', 'o', 't', 'b', 'a', 'c', 'h' case-insensitively,
    # nor lowers to one: a text without 'lot' and 'batch' once lowered has no match of the gate regex
    others = "".join(map(chr, range(0x80, 0x110000)))
    assert not any(x in others.lower() for x in "lotbach")
    assert not re.search(r"(?i)[lotbach]", others)
    for text in ("LOT 0823117", "Lot FDG-250417-02", "bAtCh 22K104", "pilote", "ballot", "lots"):
        assert bool(_LOT_GATE.search(text)) <= ("lot" in text.lower() or "batch" in text.lower())
    cands = [(4, 11, "ID"), (17, 24, "ID")]
    text = "lot 0823117, IPP 4471203"
    assert drop_lot_numbers(cands, text) == [(17, 24, "ID")]
    assert drop_lot_numbers(cands, "Ref 0823117, IPP 4471203") == cands


def test_context_initials_are_the_init_tokens(deid: Deidentifier) -> None:
    from deduce_fr.annotators import Context
    from deduce_fr.tokenizer import tokenize

    for text in ("Vu par le Dr J.-P. Marchal au C.H.U. de Liège, copie au Dr A. Z. Kessler.",
                 "R.C.S. Namur 0456 ; A.B.C", "sans initiale", ""):
        tokens = tokenize(text)
        ctx = Context(text=text, tokens=tokens, lookups=deid.lookups)
        assert ctx.inits == [i for i, t in enumerate(tokens) if t.kind == "init"]


def test_dotted_heads_need_two_dotted_capitals_in_the_text(deid: Deidentifier) -> None:
    spans = {(s.text, s.tag) for s in deid.annotate("Transféré au C.H.U. de Liège le soir même.").spans}
    assert ("C.H.U. de Liège", "INSTITUTION") in spans or any(t == "INSTITUTION" and "C.H.U." in x for x, t in spans)
    # an initial that is no head leaves the persons annotator's reading alone
    spans = {(s.text, s.tag) for s in deid.annotate("Avis du Dr J.-P. Marchal ce jour.").spans}
    assert any(t == "PERSON" and "Marchal" in x for x, t in spans)
