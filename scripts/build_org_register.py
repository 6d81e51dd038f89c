"""Build deduce_fr/data/organisations_register*.txt: a register of real organisation names (brands, chains,
employers, transport operators, listed companies) for the ``organisations_named`` annotator.

Sources (both offline packages from public registries, nothing scraped):

- the OpenStreetMap **name-suggestion-index** (npm ``name-suggestion-index``, BSD-3-Clause):
  ``dist/json/nsi.json``, the brands and operators OSM mappers tag shops, banks, agencies, fuel stations,
  hotels, gyms, power plants, factories and transport lines with, each with the countries it is found
  in. Kept: entries located in France, Belgium or Luxembourg (or their subdivisions), supermarkets, stores,
  offices, banks, factories and transport operators of Germany, the Netherlands and Switzerland, and world-wide
  ('001') brands of the shop/office/amenity/leisure/tourism kinds; not flag poles, adverts, street
  cabinets, pipelines, waste and toilet operators, car makes (products, not employers).
- **pytickersymbols** (PyPI, MIT): the constituents of the CAC 40, CAC Mid 60, BEL 20, AEX, EURO STOXX 50
  and Switzerland 20 indices (names taken from Wikipedia by that package).

Every name is split into two lists by what it could also be in a French report:
``organisations_register.txt`` (safe: matched wherever it is written with its capital) and
``organisations_register_cue.txt`` (also a French word, a medical term or abbreviation, a first name or
surname, a town, a short acronym, a drug/scanner maker: matched only in an employer or workplace
position). Usage::

    npm pack name-suggestion-index && pip download pytickersymbols --no-deps -d .
    PYTHONPATH=. python scripts/build_org_register.py name-suggestion-index-*.tgz pytickersymbols-*.whl
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

from deduce_fr.deidentifier import Deidentifier
from deduce_fr.lookups import fold, read_list
from deduce_fr.places import key_of

DATA = Path(__file__).resolve().parent.parent / "deduce_fr" / "data"
COUNTRIES = ("fr", "be", "lu", "fx")
WORLD_KINDS = ("brands/shop/", "brands/office/", "brands/amenity/", "brands/leisure/", "brands/tourism/")
SKIP_KINDS = ("flags/", "brands/advertising/", "operators/advertising/", "operators/man_made/street_cabinet",
              "operators/man_made/surveillance", "operators/pipeline/", "operators/man_made/pipeline",
              "operators/amenity/waste", "operators/amenity/toilets", "operators/amenity/recycling",
              "operators/boundary/", "operators/route/", "operators/man_made/charge_point",
              "operators/amenity/charging_station", "operators/man_made/flagpole", "brands/man_made/",
              "operators/amenity/post_box", "operators/amenity/vending_machine", "brands/amenity/vending_machine",
              "operators/man_made/monitoring_station", "operators/amenity/bicycle_rental")
# products rather than employers: only in an employer position ('mécanicien chez Renault')
# (and the makers' own stores of clothes, shoes, phones, toys, cosmetics...: 'chaussures Nike', 'pièce de Lego')
CUE_KINDS = ("brands/shop/car", "brands/amenity/fuel", "brands/amenity/atm", "brands/shop/motorcycle",
             "brands/amenity/car_rental", "brands/amenity/vending", "brands/shop/clothes", "brands/shop/shoes",
             "brands/shop/electronics", "brands/shop/mobile_phone", "brands/shop/toys", "brands/shop/cosmetics",
             "brands/shop/perfumery", "brands/shop/houseware", "brands/shop/watches", "brands/shop/jewelry",
             "brands/shop/bag", "brands/shop/fashion_accessories", "brands/shop/computer", "brands/shop/hifi",
             "brands/shop/video_games", "brands/shop/baby_goods", "brands/shop/tobacco", "brands/shop/e-cigarette",
             "brands/shop/boutique", "brands/shop/sports", "brands/shop/outdoor", "brands/shop/beauty",
             "brands/shop/chocolate", "brands/shop/confectionery", "brands/shop/wine", "brands/shop/alcohol",
             "brands/shop/beverages", "brands/shop/appliance", "brands/shop/bed", "brands/shop/optician",
             "brands/shop/hearing_aids", "brands/shop/medical_supply", "brands/shop/erotic", "brands/shop/gift")
INDICES = ("CAC_40", "CAC Mid 60", "BEL 20", "AEX", "EURO STOXX 50", "Switzerland 20")
# listed companies that also make drugs, scanners, implants or cars: named in reports as products
PRODUCT_INDUSTRY = re.compile(r"health|pharma|medical|biotech|automo|vehicle|equipment|food|beverage|brew|apparel|"
                              r"footwear|luxury|cosmetic|personal|household|tobacco|software|internet|consumer|"
                              r"semiconductor|electronic|entertainment|media|toy", re.IGNORECASE)
_TRAILER = re.compile(r"\s*\((?:[^)]*)\)\s*$")
_LEGAL = re.compile(r"(?:,?\s+(?:S\.?A\.?|SE|NV|N\.V\.|plc|Inc\.?|AG|Group|Groupe|SA/NV|Holding|Holdings|"
                    r"International|Corporation|Corp\.?|Ltd\.?|S\.A\.F\.|SCA|Bank))+$")


# frontier workers of Luxembourg and Belgium work over the border: the big employers' kinds of shop there
NEIGHBOURS = ("de", "nl", "ch")
NEIGHBOUR_KINDS = ("brands/shop/supermarket", "brands/shop/department_store", "brands/shop/doityourself",
                   "brands/shop/chemist", "brands/shop/furniture", "brands/shop/hardware", "brands/office/",
                   "brands/amenity/bank", "operators/man_made/works", "transit/")


def _located(item: dict, kind: str) -> bool:
    include = [x.lower() for x in item.get("locationSet", {}).get("include", []) if isinstance(x, str)]
    countries = {x.split(".")[0].split("-")[0] for x in include}
    if countries & set(COUNTRIES):
        return True
    if countries & set(NEIGHBOURS) and kind.startswith(NEIGHBOUR_KINDS):
        return True
    return "001" in include and kind.startswith(WORLD_KINDS)


def nsi_names(tgz: Path) -> tuple[set[str], set[str]]:
    """(names, product-like names) of the name-suggestion-index brands and operators found in FR/BE/LU."""
    with tarfile.open(tgz) as tar:
        data = json.load(tar.extractfile("package/dist/json/nsi.json"))["nsi"]
    names: set[str] = set()
    products: set[str] = set()
    for kind, value in data.items():
        if kind.startswith(SKIP_KINDS):
            continue
        for item in value["items"]:
            if not _located(item, kind):
                continue
            tags = item.get("tags", {})
            if kind.startswith("transit/"):  # networks are line codes ('IC', 'L'); their operators are firms
                found = {tags[k] for k in ("operator",) if k in tags}
            else:
                found = {item.get("displayName", "")} | {tags[k] for k in ("brand", "brand:fr", "operator")
                                                         if k in tags}
            for name in found:
                for part in name.split("/"):  # 'STIB/MIVB', 'NMBS/SNCB'
                    part = _TRAILER.sub("", part).strip()
                    if part:
                        (products if kind.startswith(CUE_KINDS) else names).add(part)
    return names, products


def ticker_names(wheel: Path) -> tuple[set[str], set[str]]:
    """(names, product makers) among the index constituents shipped in the pytickersymbols wheel."""
    with tempfile.TemporaryDirectory() as tmp:
        zipfile.ZipFile(wheel).extract("pytickersymbols/indices_data.py", tmp)
        spec = importlib.util.spec_from_file_location("indices_data", Path(tmp) / "pytickersymbols/indices_data.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    names: set[str] = set()
    makers: set[str] = set()
    for index in INDICES:
        for company in module.INDICES.get(index, {}).get("companies", []):
            name = _LEGAL.sub("", _TRAILER.sub("", company["name"])).strip(" ,")
            industries = " ".join(company.get("industries", []))
            if name:
                (makers if PRODUCT_INDUSTRY.search(industries) else names).add(name)
    return names, makers


def split(names: set[str], forced_cue: set[str]) -> tuple[list[str], list[str]]:
    """Safe names (matched anywhere with their capital) and cue-only names (in an employer position only)."""
    lk = Deidentifier().lookups
    towns = {k for k in lk.cities}
    abbreviations = {fold(w) for w in read_list(DATA / "abbreviations_fr_medical.txt")}
    places = {key_of(w) for w in read_list(DATA / "fallback_places.txt")}  # countries, regions
    world = {fold(w) for w in read_list(DATA / "names_world.txt")}  # world given names and surnames
    ordinary = lk.stopwords | lk.medical | lk.eponyms | abbreviations | lk.function_words
    safe: set[str] = set()
    cue: set[str] = set()
    for name in names | forced_cue:
        key = key_of(name)
        name = name.rstrip(".") if name.count(".") == 1 else name  # 'Bench.'
        if (not key or not any(c.isalpha() for c in name) or len(name) < 2 or len(key) > 6
                or any(c.isalpha() and ord(c) > 0x24F for c in name)):  # Latin script only
            continue
        if not name[0].isupper() and not name[0].isdigit() and name != name.lower():
            continue  # 'eBay'-like spellings are kept lower-case-first only when all lower ('bpost')
        if key in towns or key in places:
            continue  # a town or a country is a place, whatever the register says
        words = [w for w in key if w.isalpha()]
        content = [w for w in words if w not in ordinary]
        if len(key) == 1:
            ambiguous = (name in forced_cue or key in towns or not content or key[0] in lk.first_names
                         or key[0] in lk.surnames or key[0] in world or len(key[0]) <= 3)
        else:  # several words: a phrase written with the register's capitals is a name, unless a person's
            ambiguous = (name in forced_cue or key in towns or not content
                         or (len(words) == 2 and words[0] in lk.first_names and words[1] in lk.surnames))
        (cue if ambiguous else safe).add(name)
    cue -= safe
    return sorted(safe, key=str.casefold), sorted(cue, key=str.casefold)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("nsi", type=Path, help="name-suggestion-index-*.tgz (npm pack name-suggestion-index)")
    parser.add_argument("tickers", type=Path, help="pytickersymbols-*.whl (pip download pytickersymbols)")
    args = parser.parse_args(argv)
    names, products = nsi_names(args.nsi)
    listed, makers = ticker_names(args.tickers)
    safe, cue = split(names | listed, (products | makers) - names - listed)
    header = ("# Organisation register built by scripts/build_org_register.py from the OpenStreetMap\n"
              "# name-suggestion-index (npm, BSD-3-Clause; brands/operators found in FR/BE/LU) and pytickersymbols\n"
              "# (PyPI, MIT; CAC 40, CAC Mid 60, BEL 20, AEX, EURO STOXX 50, SMI constituents). See SOURCES.md.\n")
    (DATA / "organisations_register.txt").write_text(
        header + "# Safe names: matched wherever written with their capital.\n" + "\n".join(safe) + "\n",
        encoding="utf-8")
    (DATA / "organisations_register_cue.txt").write_text(
        header + "# Names that are also words, names, towns, acronyms or products: employer/workplace position only.\n"
        + "\n".join(cue) + "\n", encoding="utf-8")
    print(f"safe {len(safe)}, cue-only {len(cue)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
