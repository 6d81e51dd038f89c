"""Build ``deduce_fr/data/names_world.txt``: given names and surnames of the communities Belgian and French
hospitals see, from Faker's person providers (MIT licence) and Jörg Michael's first-name dictionary
(``nam_dict.txt``, GNU FDL 1.2, shipped by the PyPI package gender-guesser), for ``deduce_fr/persons_extra.py``.

Faker holds a few hundred given names per locale; Jörg Michael's dictionary (c't magazine, 2007-2008) holds
some 44,000 first names with their frequency in 55 countries, from Ireland to Vietnam, the Arab world, Turkey,
Israel, China, India, Japan and Korea: 'Naïma', 'Thuy', 'Kemal', 'Nour' that Faker lacks.

The core name lists (first_names.tsv, surnames.txt) hold Faker's French and Belgian locales only (about
1,400 and 1,100 names), so a lower-case 'stanislas', 'wojciech' or 'oluwaseun' after 'mari', 'dr' or
'fille' is unknown to them. This list is used only after such a cue (a kin word, a title, a role) or to
check that an OCR-split name joins into a real one, never on its own.

Kept: Latin-script names of 3+ letters, folded (lower case, no accents); dropped: every word of the
French common-word, stopword, medical and eponym lists, so 'marchand', 'rose' or 'pierre' stay words.
Writes the file and its section of SOURCES.md (between its markers). Run: ``python scripts/build_names_world.py``.
"""

from __future__ import annotations

import argparse
import importlib
import re
import unicodedata
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "deduce_fr" / "data"
MARK_BEGIN = "<!-- names_world:begin -->"
MARK_END = "<!-- names_world:end -->"
# the communities of Belgian and French patients: Western, Central and Eastern Europe, the Maghreb and
# Turkey, Sub-Saharan Africa, Vietnam, Latin America (Faker locales with Latin-script person names)
LOCALES = ("fr_FR", "fr_BE", "fr_CH", "fr_CA", "fr_DZ", "nl_BE", "nl_NL", "de_DE", "de_AT", "de_CH", "it_IT",
           "es_ES", "es_MX", "es_AR", "es_CO", "pt_PT", "pt_BR", "pl_PL", "cs_CZ", "sk_SK", "hu_HU", "ro_RO",
           "hr_HR", "sl_SI", "lt_LT", "lv_LV", "et_EE", "tr_TR", "az_AZ", "vi_VN", "id_ID", "en_GB", "en_IE",
           "en_US", "en_NG", "en_KE", "yo_NG", "ig_NG", "ha_NG", "tw_GH", "sw", "zu_ZA", "da_DK", "sv_SE", "no_NO",
           "fi_FI",
           # added in session 14: South Asia, Ireland, Iceland, Thailand (Latin-script lists), more Latin America
           "en_IN", "en_PK", "en_TH", "en_NZ", "ga_IE", "is_IS", "de_LU", "es_CL", "es_CA", "fr_QC")
# Cyrillic, Greek, Armenian and Georgian lists, romanised by Faker's own unidecode (faker.decode, MIT):
# 'Олександр Коваленко' -> 'oleksandr kovalenko'. Arabic and Persian script are left out (no vowels written)
TRANSLITERATED = ("ru_RU", "uk_UA", "bg_BG", "mk_MK", "el_GR", "hy_AM", "ka_GE")
# locales whose providers hold romanised lists beside their native script (Japanese, Chinese)
ROMANISED = ("ja_JP", "zh_CN", "zh_TW")
_LATIN_WORD = re.compile(r"[a-z]{3,}(?:['\-][a-z]+)*")
# nam_dict.txt: a name of this frequency (1 = rare .. 13 = very common, hexadecimal, the highest over its
# countries) or more is a given name alone; rarer ones ('Mirena' in one country, a brand of IUD here) only
# after a cue (names_world.txt)
NAM_DICT_GIVEN_MIN = 2


def fold(word: str) -> str:
    norm = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in norm if not unicodedata.combining(c)).replace("’", "'")


def _words(path: Path) -> set[str]:
    out: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("\t")[0].strip()
        if line and not line.startswith("#"):
            out.add(fold(line))
    return out


_NATIVE_ATTRS = ("first_names", "first_names_male", "first_names_female", "first_names_nonbinary", "last_names",
                 "last_names_male", "last_names_female")
_ROMANISED_ATTRS = ("first_romanized_names", "first_romanized_names_male", "first_romanized_names_female",
                    "last_romanized_names")
_GIVEN = ("first_names", "first_names_male", "first_names_female", "first_names_nonbinary")
_FAMILY = ("last_names", "last_names_male", "last_names_female")


def provider_names(locale: str, attrs: tuple[str, ...] = _NATIVE_ATTRS, transliterate: bool = False) -> set[str]:
    """Every first and last name a Faker person provider of ``locale`` holds (``attrs``), folded; romanised
    with faker.decode.unidecode first when ``transliterate``."""
    from faker.decode import unidecode

    module = importlib.import_module(f"faker.providers.person.{locale}")
    provider = module.Provider
    names: set[str] = set()
    for attr in attrs:
        value = getattr(provider, attr, None)
        if not value or not isinstance(value, (list, tuple, dict, set, frozenset)):
            continue  # (some providers compute a list in a property: not a list of names)
        for name in (value.keys() if isinstance(value, dict) else value):
            for part in re.split(r"[\s]+", unidecode(str(name)) if transliterate else str(name)):
                f = fold(part)
                if _LATIN_WORD.fullmatch(f):
                    names.add(f)
    return names


def nam_dict_names(min_frequency: int = 1) -> set[str]:
    """Jörg Michael's first names (gender-guesser's ``data/nam_dict.txt``), folded, Latin-script, whose highest
    frequency in any country is at least ``min_frequency``. The file's own rules: '#' comments, '=' lines pair
    a short and a long form (both listed elsewhere), a '+' in column 30 marks a line repeated for another
    sort order (skipped), a '+' inside a name joins parts ('Jun+Wei': 'Jun-Wei', 'Jun Wei', 'Junwei')."""
    from importlib.resources import files

    path = files("gender_guesser") / "data" / "nam_dict.txt"
    names: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line[0] in "#=" or (len(line) > 29 and line[29] == "+"):
            continue
        frequency = max((int(c, 16) for c in line[30:85] if c in "0123456789ABCDEF"), default=0)
        if frequency < min_frequency:
            continue
        name = line[3:29].strip()
        for part in [*name.split("+"), name.replace("+", "")]:
            f = fold(part)
            if _LATIN_WORD.fullmatch(f):
                names.add(f)
    return names


def build(out: Path = DATA) -> int:
    excluded = set()
    for name in ("common_fr.txt", "stopwords.txt", "stopwords_extra.txt", "medical_fr.txt", "eponyms.txt"):
        excluded |= _words(out / name)
    names: set[str] = set()
    for locale in LOCALES:
        names |= provider_names(locale)
    for locale in TRANSLITERATED:
        names |= provider_names(locale, transliterate=True)
    for locale in ROMANISED:
        names |= provider_names(locale, _ROMANISED_ATTRS)
    rows = sorted(n for n in names if n not in excluded and all(p not in excluded for p in n.split("-")))
    header = "# given names and surnames, folded: Faker person providers (MIT), scripts/build_names_world.py"
    (out / "names_world.txt").write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    family = _family_names() | _words(out / "surnames.txt")
    given = _given_only(set(rows), excluded | family)
    header = ("# given names that no locale lists as a family name, folded: Faker person providers (MIT), "
              "scripts/build_names_world.py")
    (out / "names_world_given.txt").write_text("\n".join([header, *given]) + "\n", encoding="utf-8")
    # Jörg Michael's names that Faker lacks, in files of their own (their licence, the GNU FDL, follows them)
    kept = set(rows)
    extra = sorted(n for n in nam_dict_names() - kept
                   if n not in excluded and all(p not in excluded for p in n.split("-")))
    header = ("# first names Faker lacks, folded: Jörg Michael's nam_dict.txt (GNU Free Documentation License 1.2, "
              "shipped by gender-guesser), scripts/build_names_world.py")
    (out / "names_world_nam_dict.txt").write_text("\n".join([header, *extra]) + "\n", encoding="utf-8")
    extra_given = sorted(nam_dict_names(NAM_DICT_GIVEN_MIN).intersection(extra) - family)
    header = (f"# the names of names_world_nam_dict.txt of frequency {NAM_DICT_GIVEN_MIN}+ in some country that no "
              "Faker locale nor surnames.txt lists as a family name (GNU FDL 1.2), scripts/build_names_world.py")
    (out / "names_world_nam_dict_given.txt").write_text("\n".join([header, *extra_given]) + "\n", encoding="utf-8")
    # two-letter Chinese family names ('Li', 'Wu', 'Xu'): too short for the lists above, read only before a world
    # given name ('Li Wei', 'Xu Ming') by persons_extra
    short = sorted({fold(n) for locale in ("zh_CN", "zh_TW") for n in getattr(importlib.import_module(
        f"faker.providers.person.{locale}").Provider, "last_romanized_names", ()) if len(n) == 2} - excluded)
    header = "# two-letter romanised Chinese family names: Faker zh_CN, zh_TW (MIT), scripts/build_names_world.py"
    (out / "names_world_short_family.txt").write_text("\n".join([header, *short]) + "\n", encoding="utf-8")
    _write_sources(out, len(rows), len(given), len(extra), len(extra_given))
    return len(rows) + len(extra)


def _family_names() -> set[str]:
    """Every family name of the Faker locales this script reads."""
    family: set[str] = set()
    for locale in LOCALES:
        family |= provider_names(locale, _FAMILY)
    for locale in TRANSLITERATED:
        family |= provider_names(locale, _FAMILY, transliterate=True)
    for locale in ROMANISED:
        family |= provider_names(locale, _ROMANISED_ATTRS[3:])
    return family


def _given_only(kept: set[str], excluded: set[str]) -> list[str]:
    """The kept names that are given names and never a family name in any locale, nor in ``excluded``: a
    surname is often an eponym of a sign, a view or a line ('Chamberlain', 'Merchant', 'Bouchard'), a given
    name almost never is, so a lone unknown Title-case word may be taken on this list alone."""
    given: set[str] = set()
    for locale in LOCALES:
        given |= provider_names(locale, _GIVEN)
    for locale in TRANSLITERATED:
        given |= provider_names(locale, _GIVEN, transliterate=True)
    for locale in ROMANISED:
        given |= provider_names(locale, _ROMANISED_ATTRS[:3])
    return sorted(n for n in given & kept if n not in excluded)


def _write_sources(out: Path, count: int, given: int, extra: int, extra_given: int) -> None:
    """Replace this list's section of SOURCES.md (between its markers), keeping the rest."""
    path = out / "SOURCES.md"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    section = "\n".join([
        MARK_BEGIN,
        "## World names (scripts/build_names_world.py)",
        "",
        "| file | entries | source |",
        "|---|---|---|",
        f"| names_world.txt | {count} | Faker person providers (MIT licence), {len(LOCALES)} Latin-script locales "
        "(Western, Central and Eastern Europe, Maghreb, Turkey, Sub-Saharan Africa, Vietnam, Latin America, South "
        f"Asia, Ireland), {len(TRANSLITERATED)} Cyrillic/Greek/Armenian/Georgian ones romanised by faker.decode's "
        f"unidecode, and the romanised lists of {len(ROMANISED)} (Japanese, Chinese): "
        "first and last names, folded, minus every word of common_fr, stopwords, medical and eponym lists. Used "
        "by deduce_fr/persons_extra.py only after a kin word, a title or a role, and to join OCR-split names |",
        f"| names_world_given.txt | {given} | the given names of names_world.txt that no locale lists as a family "
        "name and surnames.txt does not hold (a surname is often an eponym: 'Chamberlain', 'Merchant'): "
        "deduce_fr/fallback.py takes a lone unknown Title-case word on this list as a name with no cue |",
        f"| names_world_nam_dict.txt | {extra} | Jörg Michael's first-name dictionary `nam_dict.txt` (c't magazine, "
        "2007-2008; **GNU Free Documentation License 1.2 or later**, no invariant sections; shipped by the PyPI "
        "package gender-guesser 0.4.0 as `gender_guesser/data/nam_dict.txt`): ~44,000 first names with their "
        "frequency in 55 countries (Western and Eastern Europe, the Arab world and Persia, Turkey, Israel, China, "
        "India, Japan, Korea, Vietnam). Kept: the Latin-script names of 3+ letters, folded, that names_world.txt "
        "lacks, minus the same French word lists. This file is a modified extract of that document and is "
        "distributed under the GNU FDL. Read with names_world.txt (after a cue, to join split names) |",
        f"| names_world_nam_dict_given.txt | {extra_given} | the names of names_world_nam_dict.txt whose frequency is "
        f"{NAM_DICT_GIVEN_MIN}+ in some country and that no Faker locale nor surnames.txt lists as a family name "
        "(GNU FDL 1.2, as above): read with names_world_given.txt by deduce_fr/fallback.py |",
        "| names_world_short_family.txt | - | the two-letter romanised family names of Faker's zh_CN and zh_TW "
        "providers (MIT), minus the French word lists: read by deduce_fr/persons_extra.py only before a world "
        "given name ('Li Wei') |",
        MARK_END,
    ])
    if MARK_BEGIN in text:
        head, _, rest = text.partition(MARK_BEGIN)
        _, _, tail = rest.partition(MARK_END)
        text = head + section + tail
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=DATA)
    args = parser.parse_args(argv)
    print(f"names_world={build(args.out)}")


if __name__ == "__main__":
    main()
