"""Build deduce_fr/data/fallback_org_heads.txt: one-word names of kinds of organisation in the languages of
Europe and its neighbours ('Krankenhaus', 'szpital', 'ospedale', 'Apotheke', 'firma', 'sąd'), read by the
proper-noun fallback (deduce_fr/fallback.py): a run of unknown capitalised words holding one ('Szpital
Uniwersytecki', 'Ospedale Maggiore') is an organisation abroad, not a person.

Source: the translations of OpenStreetMap's preset names and search terms, npm package
``@openstreetmap/id-tagging-schema`` (ISC licence), ``dist/translations/<locale>.json``. Get it with the
ordinary npm client, then run::

    npm pack @openstreetmap/id-tagging-schema@7.2.0 && tar xzf openstreetmap-id-tagging-schema-7.2.0.tgz
    PYTHONPATH=$PWD python scripts/build_fallback_org_heads.py package/dist/translations

Kept: the presets of care, schooling, justice, police, public offices and firms (``amenity/hospital``,
``healthcare/*``, ``office/*``...; not crafts, whose names are surnames in Dutch and German: 'Smid', 'Bakker'),
their names and terms of ONE word, 5+ letters, Latin script, in the Latin-script locales other than French
(French heads are the organisation annotators'); folded; minus every word a French, medical, name or town list
of deduce_fr holds (a word that is a name somewhere stays a name).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "deduce_fr" / "data" / "fallback_org_heads.txt"
LOCALES = ("en", "de", "nl", "it", "es", "pt", "pl", "tr", "ro", "cs", "sk", "sl", "hr", "bs", "sq", "hu", "sv", "da",
           "nb", "fi", "et", "lv", "lt", "ca", "eu", "gl", "lb", "ga", "cy", "mt")
PRESETS = re.compile(r"^(?:amenity/(?:hospital|clinic|doctors|dentist|school|university|college|kindergarten|police"
                     r"|courthouse|townhall|pharmacy|bank|fire_station|social_facility|nursing_home|prison|library"
                     r"|social_centre)|healthcare/[a-z_]+|office/[a-z_]+|club/[a-z_]+|leisure/sports_centre)$")
WORD = re.compile(r"^[^\W\d_]{5,}$")


def main(folder: str) -> None:
    from deduce_fr import Deidentifier
    from deduce_fr.lookups import fold
    from deduce_fr.persons_extra import world_names

    lk = Deidentifier().lookups

    world = world_names(("names_world.txt",))
    heads: set[str] = set()
    for loc in LOCALES:
        presets = json.loads((Path(folder) / f"{loc}.json").read_text(encoding="utf-8"))[loc].get("presets", {})
        presets = presets.get("presets", {})  # (a locale with no preset translated yet has none)
        for key, preset in presets.items():
            if not PRESETS.match(key):
                continue
            for phrase in [preset.get("name") or "", *(preset.get("terms") or [])]:
                phrase = phrase.strip()
                if not WORD.match(phrase) or not phrase.isascii() and not all(c.isalpha() for c in phrase):
                    continue
                f = fold(phrase)
                if not f.isascii():
                    continue  # (Latin script once folded: 'sąd' -> 'sad')
                if f in lk.stopwords or lk.is_common(f) or f in lk.medical or f in lk.eponyms or f in lk.function_words \
                        or f in lk.first_names or f in lk.surnames or f in world or (f,) in lk.cities \
                        or f in lk.city_first_words:
                    continue
                heads.add(f)
    OUT.write_text("# one-word kinds of organisation in 30 languages, OpenStreetMap id-tagging-schema 7.2.0 "
                   "translations (ISC), scripts/build_fallback_org_heads.py\n" + "\n".join(sorted(heads)) + "\n",
                   encoding="utf-8")
    print(f"{len(heads)} heads -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
