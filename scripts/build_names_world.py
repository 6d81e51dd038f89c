"""Build ``deduce_fr/data/names_world.txt``: given names and surnames of the communities Belgian and French
hospitals see, from Faker's person providers (MIT licence), for ``deduce_fr/persons_extra.py``.

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
    given = _given_only(set(rows), excluded | _words(out / "surnames.txt"))
    header = ("# given names that no locale lists as a family name, folded: Faker person providers (MIT), "
              "scripts/build_names_world.py")
    (out / "names_world_given.txt").write_text("\n".join([header, *given]) + "\n", encoding="utf-8")
    _write_sources(out, len(rows), len(given))
    return len(rows)


def _given_only(kept: set[str], excluded: set[str]) -> list[str]:
    """The kept names that are given names and never a family name in any locale, nor in ``excluded``: a
    surname is often an eponym of a sign, a view or a line ('Chamberlain', 'Merchant', 'Bouchard'), a given
    name almost never is, so a lone unknown Title-case word may be taken on this list alone."""
    given: set[str] = set()
    family: set[str] = set()
    for locale in LOCALES:
        given |= provider_names(locale, _GIVEN)
        family |= provider_names(locale, _FAMILY)
    for locale in TRANSLITERATED:
        given |= provider_names(locale, _GIVEN, transliterate=True)
        family |= provider_names(locale, _FAMILY, transliterate=True)
    for locale in ROMANISED:
        given |= provider_names(locale, _ROMANISED_ATTRS[:3])
        family |= provider_names(locale, _ROMANISED_ATTRS[3:])
    return sorted(n for n in given & kept if n not in family and n not in excluded)


def _write_sources(out: Path, count: int, given: int) -> None:
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
