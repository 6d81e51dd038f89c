"""Belgian national register number (NISS / rijksregisternummer) helpers.

Synthetic patients carry a NISS with a valid checksum so that de-identification
code can be tested on realistic identifiers (a checksum-aware detector must
fire on them, not on random 11-digit strings).
"""

from __future__ import annotations

import datetime as dt
import random
import re

_DIGITS = re.compile(r"\D")


def _check_digits(base9: str, born_2000_or_later: bool) -> int:
    """Checksum = 97 - (number mod 97); people born from 2000 get a leading '2'."""
    number = int(("2" + base9) if born_2000_or_later else base9)
    return 97 - number % 97


def make_niss(birth_date: dt.date, sex: str, rng: random.Random) -> str:
    """Return an 11-digit NISS for a birth date and sex ('F'/'M').

    The 3-digit birth sequence is odd for men and even for women, as in the register.
    """
    seq = rng.randrange(1, 998)
    if (seq % 2 == 1) != (sex.upper() == "M"):
        seq = seq + 1 if seq < 997 else seq - 1
    base9 = f"{birth_date:%y%m%d}{seq:03d}"
    return f"{base9}{_check_digits(base9, birth_date.year >= 2000):02d}"


def format_niss(niss: str) -> str:
    """Usual printed form 'YY.MM.DD-SSS.CC'."""
    d = _DIGITS.sub("", niss)
    return f"{d[0:2]}.{d[2:4]}.{d[4:6]}-{d[6:9]}.{d[9:11]}"


def validate_niss(niss: str) -> bool:
    """True when the 11 digits (separators ignored) carry a valid checksum (either century rule)."""
    d = _DIGITS.sub("", niss)
    if len(d) != 11:
        return False
    base9, check = d[:9], int(d[9:])
    return check in (_check_digits(base9, False), _check_digits(base9, True))


def niss_birth_date(niss: str) -> dt.date | None:
    """Birth date encoded in a valid NISS, or None (unknown day/month, bis numbers, invalid)."""
    d = _DIGITS.sub("", niss)
    if not validate_niss(d):
        return None
    century = 2000 if int(d[9:]) == _check_digits(d[:9], True) else 1900
    try:
        return dt.date(century + int(d[0:2]), int(d[2:4]), int(d[4:6]))
    except ValueError:
        return None
