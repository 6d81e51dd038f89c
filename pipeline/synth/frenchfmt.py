"""French renderings of dates and phone numbers, in the many forms found in real reports."""

from __future__ import annotations

import datetime as dt
import random

MONTHS = [
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
]
WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]


def _day(d: dt.date) -> str:
    return "1er" if d.day == 1 else str(d.day)


def date_forms(d: dt.date) -> dict[str, str]:
    """Every written form of a full date used by the report templates."""
    return {
        "slash": f"{d:%d/%m/%Y}",
        "slash_short": f"{d.day}/{d.month}/{d:%Y}",
        "dots": f"{d:%d.%m.%Y}",
        "dots_short": f"{d.day}.{d.month}.{d:%y}",
        "iso": d.isoformat(),
        "dash": f"{d:%d-%m-%Y}",
        "long": f"{_day(d)} {MONTHS[d.month - 1]} {d.year}",
        "weekday_long": f"{WEEKDAYS[d.weekday()]} {_day(d)} {MONTHS[d.month - 1]} {d.year}",
    }


def random_date_form(d: dt.date, rng: random.Random, allowed: tuple[str, ...] | None = None) -> str:
    """One full-date form picked at random (optionally among `allowed` keys)."""
    forms = date_forms(d)
    keys = list(allowed) if allowed else list(forms)
    return forms[rng.choice(keys)]


def month_year(d: dt.date) -> str:
    return f"{MONTHS[d.month - 1]} {d.year}"


def time_form(t: dt.time, rng: random.Random) -> str:
    return rng.choice([f"{t:%H:%M}", f"{t.hour}h{t:%M}", f"{t.hour:02d}h{t:%M}"])


def age_at(birth: dt.date, when: dt.date) -> tuple[int, int]:
    """(years, months) completed at `when`."""
    months = (when.year - birth.year) * 12 + (when.month - birth.month) - (1 if when.day < birth.day else 0)
    return months // 12, months % 12


def age_text(birth: dt.date, when: dt.date, rng: random.Random) -> str:
    """'72 ans', '11 ans et 6 mois' (children), '8 mois' (babies)."""
    years, months = age_at(birth, when)
    if years < 2:
        return f"{years * 12 + months} mois"
    if years < 16 and months and rng.random() < 0.7:
        return f"{years} ans et {months} mois"
    return f"{years} ans"


class Phone:
    """A phone number kept as digits, printable in every national convention."""

    def __init__(self, country: str, digits: str) -> None:
        # digits: national significant number without the leading 0 (e.g. '27641111', '475123456')
        self.country = country
        self.digits = digits

    @classmethod
    def random(cls, country: str, rng: random.Random, mobile: bool) -> Phone:
        if country == "BE":
            if mobile:
                return cls("BE", rng.choice(["470", "471", "472", "475", "476", "477", "478", "479", "486", "496"])
                           + "".join(rng.choice("0123456789") for _ in range(6)))
            area = rng.choice(["2", "10", "4", "81", "71", "65", "69", "63", "87"])
            return cls("BE", area + "".join(rng.choice("0123456789") for _ in range(8 - len(area))))
        first = rng.choice("67") if mobile else rng.choice("12345")
        return cls("FR", first + "".join(rng.choice("0123456789") for _ in range(8)))

    def forms(self) -> list[str]:
        """Printed forms; the first is the canonical one kept in the ground truth."""
        d = self.digits
        if self.country == "FR":
            pairs = " ".join(d[i:i + 2] for i in range(1, 9, 2))
            return [f"0{d[0]} {pairs}", f"+33 {d[0]} {pairs}", f"0{d[0]}." + pairs.replace(" ", ".")]
        if len(d) == 9:  # Belgian mobile
            rest = f"{d[3:5]} {d[5:7]} {d[7:9]}"
            return [f"0{d[:3]} {rest}", f"+32 {d[:3]} {rest}", f"0{d[:3]}/{rest.replace(' ', '.')}"]
        area, rest = (d[:1], d[1:]) if d[0] in "24" else (d[:2], d[2:])
        if len(rest) == 7:
            grp = f"{rest[:3]} {rest[3:5]} {rest[5:]}"
        else:
            grp = f"{rest[:2]} {rest[2:4]} {rest[4:]}"
        return [f"0{area} {grp}", f"+32 {area} {grp}", f"0{area}/{grp.replace(' ', '.', 1).replace(' ', '.')}"]

    def canonical(self) -> str:
        return self.forms()[0]
