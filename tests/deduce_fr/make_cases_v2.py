"""Write the second evaluation set: ``cases_v2_tune.json`` and ``cases_v2_heldout.json``.

Written before any tuning of the rules against it, in styles unlike ``make_cases.py`` (GP letters,
emergency notes, paediatric and geriatric notes, French and Belgian hospitals, telegraphic and
verbose). Two disjoint halves:

- ``TUNE_TEMPLATES`` and the even half of every pool: the rules may be tuned on these cases;
- ``HELDOUT_TEMPLATES`` and the odd half of every pool: only per-tag figures are ever looked at.

Names come from Faker's fr_FR / fr_BE / nl_BE person providers plus hand pools of surnames that are
ordinary words, months or places; towns are real small towns and resorts. PHI is marked inline as
``[[TAG|text]]`` (titles and civilities stay outside the spans). Deterministic; run
``python tests/deduce_fr/make_cases_v2.py`` and commit the JSON.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
import zlib
from pathlib import Path

from faker import Faker

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_cases import MONTHS, Maker, parse  # noqa: E402

DATA = Path(__file__).resolve().parents[2] / "deduce_fr" / "data"

# Surnames that are ordinary words, months, first names or places: the hard ones after a title.
TRICKY_SURNAMES = [
    "Boulanger", "Mars", "Martin", "Petit", "Blanc", "Leroy", "Marchand", "Fontaine", "Rose", "Lion", "Loup",
    "Juin", "Avril", "Janvier", "Paris", "Lyon", "Noël", "Roy", "Lenoir", "Bonnet", "Vincent", "Château",
    "Fleur", "Pierre", "Meunier", "Berger", "Chevalier", "Legrand", "Lebrun", "Roux", "Mercier", "Masson",
    "Charpentier", "Renard", "Lemoine", "Jardin", "Poisson", "Lièvre", "Champagne", "Dimanche", "Carré",
    "Vendredi", "Bastogne", "Namur", "Lamour", "Lebon", "Sauvage", "Besson", "Cordier", "Pelletier",
    "Savoie", "Bretagne", "Normand", "Lorrain", "Hiver", "Printemps", "Soleil", "Lavigne", "Dupré", "Rivière",
]  # fmt: skip
# Surnames absent from most lists (African, Maghrebi, Flemish, rare French).
RARE_SURNAMES = [
    "Kabamba", "Ngoma", "Traoré", "Ouali", "Vandermeulen", "Delafontaine", "Mukendi", "Boukhari", "Tshibanda",
    "Verschueren", "Lhoest", "Dujardin-Moreau", "Grégoire", "Kasongo", "Haddouche", "Demeulemeester",
    "Quertinmont", "Wathelet", "Ghysels", "Bouzidi", "Nsimba", "Degrève", "Laloux", "Pirotte", "Bughin",
    "Ceulemans", "Monfils", "Lallemand", "Sebbah", "Tordeur", "Jacquemin", "Cuvelier", "Hoyois", "Moens",
    "Lecocq", "Ravet", "Fastré", "Decerf", "Ziane", "Amrani",
]  # fmt: skip
FOREIGN_NAMES = ["Nguyen Thi Lan", "Mohamed Ben Ali", "Kowalski", "O'Neill", "D'Hondt", "Van der Linden",
                 "de la Fontaine", "Le Goff", "Papadopoulos", "Yilmaz", "Diallo", "Fernandes Da Costa"]
DOUBLE_SURNAMES = ["Martin-Dupuis", "Lefèvre Moreau", "Dubois-Lambert", "Van Hecke", "de Wasseige",
                   "Le Goff", "Da Silva", "Ben Ali", "Van der Linden", "Dos Santos", "Saint-Amand", "Nguyen Van"]
FIRST_ABBREVIATIONS = ["Ch.", "F.", "J.-L.", "M.-C.", "Ph.", "Th.", "A.", "G.", "J.", "P.-Y.", "Fr.", "St."]
SMALL_TOWNS = [
    "Courchevel", "Spa", "Ath", "Ham", "Seneffe", "Durbuy", "Bouillon", "Chamonix", "Megève", "Lourdes",
    "Étretat", "Honfleur", "Beaune", "Saint-Malo", "Vals-les-Bains", "Aix-les-Bains", "Houffalize", "Profondeville",
    "Rochefort", "Florenville", "Chimay", "Couvin", "Vielsalm", "Malmedy", "Stavelot", "Comblain-au-Pont",
    "Esneux", "Aywaille", "Hamoir", "Ferrières", "Pont-à-Celles", "Les Bons Villers", "Fosses-la-Ville",
    "Mettet", "Anhée", "Yvoir", "Ohey", "Andenne", "Orp-Jauche", "Perwez", "Chastre", "Walhain", "Incourt",
    "Beauvechain", "Lasne", "Rixensart", "Genappe", "Quévy", "Estinnes", "Erquelinnes", "Momignies", "Sivry",
    "Brive-la-Gaillarde", "Bagnères-de-Luchon", "Argelès-Gazost", "Saint-Flour", "Millau", "Rodez", "Figeac",
    "Sarlat-la-Canéda", "Pornic", "Quiberon", "Carnac", "Concarneau", "Paimpol", "Lannion", "Dinard",
    "Deauville", "Trouville-sur-Mer", "Granville", "Fécamp", "Le Touquet", "Berck", "Wimereux", "Cassel",
    "Bailleul", "Armentières", "Hazebrouck", "Avesnes-sur-Helpe", "Maubeuge", "Fourmies", "Hirson", "Sedan",
    "Givet", "Revin", "Bar-le-Duc", "Verdun", "Saint-Dié-des-Vosges", "Gérardmer", "Remiremont", "Vittel",
    "Contrexéville", "Pontarlier", "Morteau", "Arbois", "Oyonnax", "Annemasse", "Thonon-les-Bains", "Évian-les-Bains",
]  # fmt: skip
POSTCODE_OF = {"Courchevel": "73120", "Spa": "4900", "Ath": "7800", "Seneffe": "7180", "Durbuy": "6940",
               "Bouillon": "6830", "Chamonix": "74400", "Lourdes": "65100", "Beaune": "21200", "Malmedy": "4960",
               "Chimay": "6460", "Esneux": "4130", "Aywaille": "4920", "Perwez": "1360", "Lasne": "1380",
               "Genappe": "1470", "Millau": "12100", "Rodez": "12000", "Pornic": "44210", "Dinard": "35800",
               "Deauville": "14800", "Berck": "62600", "Sedan": "08200", "Verdun": "55100", "Vittel": "88800",
               "Ham": "80400", "Couvin": "5660", "Rochefort": "5580", "Stavelot": "4970", "Yvoir": "5530",
               "Andenne": "5300", "Rixensart": "1330", "Saint-Malo": "35400", "Granville": "50400",
               "Fécamp": "76400", "Bailleul": "59270", "Maubeuge": "59600", "Pontarlier": "25300",
               "Annemasse": "74100", "Gérardmer": "88400", "Figeac": "46100", "Quiberon": "56170"}
STREET_NAMES = ["des Acacias", "du Moulin", "de la Gare", "Jean Jaurès", "des Écoles", "Victor Hugo", "du Stade",
                "de la Libération", "des Tilleuls", "Pasteur", "du Général de Gaulle", "des Prés", "de l'Église",
                "Albert Ier", "des Combattants", "du Centenaire", "de Bastogne", "Saint-Roch", "des Peupliers",
                "de Fraiture", "du Tram", "des Alliés", "Émile Zola", "de la Station", "des Vignes", "du Château"]
STREET_TYPES = ["rue", "avenue", "chemin", "allée", "impasse", "route", "place", "boulevard", "chaussée", "clos"]
INSTITUTIONS_FR = [
    "CHU de Rennes", "CHRU de Nancy", "CHU de Bordeaux", "CHU Grenoble Alpes", "CHRU de Lille", "CHU de Nantes",
    "Centre hospitalier de Dax", "Centre hospitalier de Cholet", "CH de Cahors", "Hôpital Bichat-Claude-Bernard",
    "Hôpital Necker-Enfants malades", "Hôpital Édouard-Herriot", "Hôpital de la Croix-Rousse",
    "Hôpital Pellegrin", "Clinique du Parc", "Clinique Pasteur", "Polyclinique du Val de Saône",
    "Hôpital Robert-Debré", "Hôpital Lariboisière", "Hôpital Beaujon", "CHU de Clermont-Ferrand",
    "CHU Amiens-Picardie", "Centre hospitalier Sud Francilien", "Hôpital privé Jacques Cartier",
    "Clinique Saint-Jean de Dieu", "Hôpital Femme Mère Enfant", "CHRU de Tours", "CHU de Poitiers",
    "Institut Gustave-Roussy", "Centre Léon Bérard", "EHPAD Les Jardins d'Automne", "EHPAD La Roseraie",
]  # fmt: skip
INSTITUTIONS_BE = [
    "Hôpital de la Citadelle", "Clinique Saint-Luc Bouge", "CHU UCL Namur", "CHU Mont-Godinne", "Clinique André Renard",
    "Hôpital Delta", "Clinique Sainte-Anne Saint-Remi", "CHR Haute Senne", "CHU Ambroise Paré",
    "Hôpital de Warquignies", "Clinique Saint-Pierre Ottignies", "CHR Verviers East Belgium", "Clinique Reine Astrid",
    "Hôpital Princesse Paola", "Centre hospitalier de Wallonie picarde", "Hôpital Saint-Jean",
    "Clinique Notre-Dame de Hermalle", "Vivalia", "Hôpital d'Arlon", "Clinique MontLégia", "HUB Erasme",
    "Hôpital Brugmann", "Hôpital Molière Longchamp", "Clinique de la Basilique", "Hôpital Civil Marie Curie",
    "Grand Hôpital de Charleroi", "Epicura Hornu", "Hôpital de Jolimont", "Maison de repos Les Hirondelles",
    "MRS Saint-Joseph", "Résidence Le Chenoy", "Home Saint-François",
]  # fmt: skip
GROUPS = ["HCL", "AP-HP", "GHU Paris", "CHIREC", "HELORA", "GHdC", "CHwapi", "Epicura", "Vivalia", "HUB",
          "AP-HM", "HUS", "GHT Cœur Grand Est", "CHU-UCL", "H.U.B", "APHP", "GHPSJ", "CHC", "CHR", "HUDERF"]
BY_NAME = ["la|Pitié", "la|Salpêtrière", "|Saint-Luc", "|Erasme", "|Bordet", "|Necker", "|Lariboisière", "la|Timone",
           "|Purpan", "|Pellegrin", "|Bicêtre", "|Cochin", "|Tivoli", "la|Citadelle", "|Mont-Godinne", "|Sart Tilman",
           "|Saint-Pierre", "|Brugmann", "la|Croix-Rousse", "|Trousseau", "|Rangueil", "|Kremlin-Bicêtre"]
PRACTICES = ["Cabinet de radiologie du Parc", "Centre d'imagerie médicale Pasteur", "Imagerie des Tilleuls",
             "Centre d'imagerie de la Vallée", "cabinet médical des Acacias", "Radiologie Saint-Exupéry",
             "Centre médical Albert Ier", "Maison médicale du Vieux Moulin", "IRM de la Sambre",
             "Centre d'imagerie Médipôle", "Cabinet de kinésithérapie Horizon", "Centre de radiologie Mosan",
             "Imagerie médicale Les Cèdres", "Cabinet Vauban", "Scanner de l'Ourthe", "Centre médical Europe"]
KIN_M = ["son fils", "son frère", "son mari", "son époux", "son petit-fils", "son neveu", "son voisin", "son ami",
         "son compagnon", "son beau-fils", "son gendre", "son père"]
KIN_F = ["sa fille", "sa sœur", "sa femme", "son épouse", "sa petite-fille", "sa nièce", "sa voisine", "son amie",
         "sa compagne", "sa belle-fille", "sa belle-sœur", "sa mère"]
REQUEST_PREFIXES = ["DEM", "REQ", "ORD", "EXA", "RDV", "DI", "CR", "AN", "URG", "IRM", "TDM", "RX"]


def split(pool: list[str], heldout: bool) -> list[str]:
    """Deterministic half of a pool (by a hash of each entry): tune and held-out never share a value."""
    return [x for x in pool if zlib.crc32(x.encode()) % 2 == int(heldout)]


def by_name(entry: str) -> str:
    """'la|Pitié' -> 'la [[INSTITUTION|Pitié]]': the article stays outside the span."""
    article, name = entry.split("|")
    return f"{article} [[INSTITUTION|{name}]]" if article else f"[[INSTITUTION|{name}]]"


def nir(rng: random.Random, birth: dt.date | None = None, style: int | None = None) -> str:
    """A French NIR (13 digits + key 97 - n mod 97; Corsica 2A/2B count as 19/18 in the key)."""
    birth = birth or dt.date(rng.randrange(1930, 2020), rng.randrange(1, 13), 1)
    dept = rng.choice(["75", "69", "13", "59", "2A", "2B", "33", "44", "62", "06", "35", "99"])
    body = f"{rng.choice('12')}{birth.year % 100:02d}{birth.month:02d}{dept}{rng.randrange(1, 990):03d}" \
           f"{rng.randrange(1, 999):03d}"
    key = 97 - int(body.replace("2A", "19").replace("2B", "18")) % 97
    style = rng.randrange(4) if style is None else style
    if style == 0:
        return f"{body[0]} {body[1:3]} {body[3:5]} {body[5:7]} {body[7:10]} {body[10:13]} {key:02d}"
    if style == 1:
        return f"{body}{key:02d}"
    if style == 2:
        return f"{body} {key:02d}"
    return f"{body[0]}.{body[1:3]}.{body[3:5]}.{body[5:7]}.{body[7:10]}.{body[10:13]}.{key:02d}"


def niss_spaced(rng: random.Random, birth: dt.date) -> str:
    """A Belgian NISS with a valid key, in layouts with spaces."""
    body = f"{birth.year % 100:02d}{birth.month:02d}{birth.day:02d}{rng.randrange(1, 998):03d}"
    key = 97 - (int(body) + (2_000_000_000 if birth.year >= 2000 else 0)) % 97
    r = rng.randrange(3)
    if r == 0:
        return f"{body[:2]} {body[2:4]} {body[4:6]} {body[6:]} {key:02d}"
    if r == 1:
        return f"{body[:2]}.{body[2:4]}.{body[4:6]} {body[6:]}-{key:02d}"
    return f"{body[:6]}-{body[6:]}-{key:02d}"


class Pools:
    """The half of every pool one set draws from."""

    def __init__(self, heldout: bool) -> None:
        people: list[tuple[str, str, str]] = []
        for loc in ("fr_FR", "fr_BE", "nl_BE"):
            prov = Faker(loc).provider("faker.providers.person")
            people += [(n, "M", loc) for n in prov.first_names_male] + [(n, "F", loc) for n in prov.first_names_female]
        self.first_m = split(sorted({n for n, s, _ in people if s == "M" and n.isalpha()}), heldout)
        self.first_f = split(sorted({n for n, s, _ in people if s == "F" and n.isalpha()}), heldout)
        surnames = set()
        for loc in ("fr_FR", "fr_BE", "nl_BE"):
            surnames |= set(Faker(loc).provider("faker.providers.person").last_names)
        self.surnames = split(sorted(surnames), heldout)
        self.tricky = split(TRICKY_SURNAMES, heldout)
        self.rare = split(RARE_SURNAMES, heldout)
        self.double = split(DOUBLE_SURNAMES, heldout)
        self.abbrev = FIRST_ABBREVIATIONS
        self.towns = split(SMALL_TOWNS, heldout)
        self.streets = split(STREET_NAMES, heldout)
        self.inst_fr = split(INSTITUTIONS_FR, heldout)
        self.inst_be = split(INSTITUTIONS_BE, heldout)
        self.groups = split(GROUPS, heldout)
        self.by_name = split(BY_NAME, heldout)
        self.practices = split(PRACTICES, heldout)


def fill(template: str, rng: random.Random, mk: Maker, pools: Pools) -> tuple[str, dict[str, object]]:
    """Fill one template; returns the markup and the patient metadata."""
    sex = rng.choice("MF")
    first = rng.choice(pools.first_f if sex == "F" else pools.first_m)
    r = rng.random()
    surname = rng.choice(pools.tricky if r < 0.2 else pools.rare if r < 0.4 else pools.double if r < 0.5
                         else pools.surnames)
    birth = dt.date(rng.randrange(1925, 2022), rng.randrange(1, 13), rng.randrange(1, 29))
    patient = {"first_names": [first], "surname": surname, "birth_date": birth.isoformat(), "sex": sex,
               "ids": [str(rng.randrange(10**6, 10**9))]}

    def doc() -> str:
        while True:  # never the patient's own surname: that would be the patient, not another person
            r = rng.random()
            name = rng.choice(pools.tricky if r < 0.35 else pools.rare if r < 0.6 else pools.double if r < 0.7
                              else pools.surnames)
            if name != surname:
                return name

    def other(pool: list[str]) -> str:
        return rng.choice([x for x in pool if x not in (surname, first)])

    def full_doc() -> str:
        return f"{rng.choice(pools.first_m + pools.first_f)} {doc()}"

    town = rng.choice(pools.towns)
    town2 = rng.choice(pools.towns)
    number = str(rng.randrange(1, 240))
    street = f"{rng.choice(STREET_TYPES)} {rng.choice(pools.streets)}"
    years = rng.randrange(60, 99)
    values = {
        "PS": surname, "PSU": surname.upper(), "PF": first, "PFU": first.upper(),
        "PLOW": f"{surname.lower()} {first.lower()}", "PLOW2": f"{first.lower()} {surname.lower()}",
        "PT": "Mme" if sex == "F" else "M.", "PTL": "Madame" if sex == "F" else "Monsieur",
        "PBD": f"{birth.day:02d}/{birth.month:02d}/{birth.year}", "PID": patient["ids"][0],
        "DOC": doc(), "DOC2": doc(), "DOC3": doc(), "FDOC": full_doc(), "FDOC2": full_doc(),
        "ADOC": f"{rng.choice(pools.abbrev)} {doc()}", "TRICKY": other(pools.tricky),
        "TRICKY2": other(pools.tricky), "DOUBLE": rng.choice(pools.double),
        "FM": other(pools.first_m), "FF": other(pools.first_f), "FM2": other(pools.first_m),
        "KM": rng.choice(KIN_M), "KF": rng.choice(KIN_F), "SUR": other(pools.surnames + pools.rare),
        "TOWN": town, "TOWN2": town2, "PCTOWN": f"{POSTCODE_OF.get(town, rng.choice(['4000', '75011', '1300']))} {town}",
        "NUMSTREET": f"{number} {street}", "STREETNUM": f"{street} {number}",
        "INSTFR": rng.choice(pools.inst_fr), "INSTBE": rng.choice(pools.inst_be), "GROUP": rng.choice(pools.groups),
        "BYNAME": by_name(rng.choice(pools.by_name)), "PRACTICE": rng.choice(pools.practices),
        "CHUTOWN": f"{rng.choice(['CHU', 'CHRU', 'CHR', 'CH'])} de {rng.choice(['Brest', 'Limoges', 'Dijon', 'Reims', 'Caen', 'Angers', 'Metz', 'Namur', 'Mons', 'Huy', 'Besançon', 'Nîmes'])}",
        "NIR": nir(rng, birth), "NIR2": nir(rng), "NISS": niss_spaced(rng, birth),
        "REQ": f"{rng.choice(REQUEST_PREFIXES)}{rng.choice(['-', '', '/', ' '])}{rng.randrange(2018, 2026)}"
               f"{rng.choice(['-', ''])}{rng.randrange(1000, 999999):06d}",
        "REQ2": f"{rng.choice(REQUEST_PREFIXES)}{rng.randrange(100000, 9999999)}",
        "AGE": str(rng.randrange(20, 99)), "OLD": str(years), "KID": str(rng.randrange(1, 15)),
        "MON": str(rng.randrange(1, 12)), "WEEKS": str(rng.randrange(2, 20)),
        "DATE": mk.date(), "DATE2": mk.date(), "PARTIAL": mk.partial(), "YEAR": mk.year(),
        "MONTHYEAR": f"{rng.choice(MONTHS)} {rng.randrange(2000, 2024)}",
        "PHONE": mk.phone(), "PHONE2": mk.phone(), "EMAIL": mk.email(), "ACC": mk.accession(),
        "INAMI": mk.inami(),
    }  # fmt: skip
    if "{DOCU" in template or "{HYPH}" in template or "{FOREIGN}" in template:
        # slots of the fourth tuning batch, drawn only there so that earlier cases keep their values
        pool = pools.first_m if sex == "M" else pools.first_f
        values.update({"DOCU": doc().upper(), "DOCU2": doc().upper(), "FOREIGN": rng.choice(FOREIGN_NAMES),
                       "HYPH": f"{other(pool)}-{other(pool)}"})
    return template.format(**values), patient


# ---------------------------------------------------------------------------------------------------------
# Templates the rules may be tuned on.
TUNE_TEMPLATES = [
    # GP letter, verbose
    "Cher confrère,\nJe vous adresse {PT} [[PATIENT|{PS}]], [[AGE|{AGE} ans]], que je suis depuis [[DATE|{YEAR}]] "
    "pour une gonarthrose. Elle vit seule ; {KF} [[PERSON|{FF}]] passe tous les jours.\nBien confraternellement,\n"
    "Dr [[PERSON|{FDOC}]]",
    "Bonjour Docteur [[PERSON|{DOC}]],\nmerci de voir [[PATIENT|{PF} {PS}]] pour une douleur de hanche "
    "apparue en [[DATE|{MONTHYEAR}]]. Antécédents : PTH droite à [[AGE|{OLD} ans]].\nAmitiés, [[PERSON|{FDOC}]]",
    # emergency note, telegraphic
    "URG - [[PATIENT|{PSU} {PF}]] - né(e) [[DATE|{PBD}]] - chute mécanique domicile, amené(e) par {KM} "
    "[[PERSON|{FM}]]. RX poignet G : fracture EDR.",
    "SAU [[INSTITUTION|{CHUTOWN}]] : pt [[AGE|{AGE} ans]], AVP scooter, vu par Dr [[PERSON|{TRICKY}]]. "
    "TDM cérébral normal.",
    "Urgences du [[DATE|{DATE}]]. Accompagnée de {KF} [[PERSON|{FF}]] (tél [[PHONE|{PHONE}]]). Contusion genou.",
    # patient name in lower case
    "Nom : [[PATIENT|{PLOW}]]\nDDN : [[DATE|{PBD}]]\nExamen : radiographie du bassin de face.",
    "patient : [[PATIENT|{PLOW2}]] ; indication : douleur lombaire ; examen comparé au précédent.",
    # couples, plural titles
    "Reçus ce jour M. et Mme [[PERSON|{SUR}]] pour discuter du bilan de leur fils.",
    "Dossier discuté avec les Drs [[PERSON|{DOC}]] et [[PERSON|{DOC2}]] en réunion pluridisciplinaire.",
    "Avis des Drs [[PERSON|{DOC}]], [[PERSON|{DOC2}]] et [[PERSON|{DOC3}]] : indication opératoire.",
    # title + common-word surname, initials, double surnames
    "Examen demandé par le Dr [[PERSON|{TRICKY}]] (orthopédie). Compte rendu relu par le Pr [[PERSON|{TRICKY2}]].",
    "Médecin traitant : Dr [[PERSON|{ADOC}]]. Cardiologue : Dr [[PERSON|{DOUBLE}]].",
    "Réf. : Dr [[PERSON|{ADOC}]] — [[INSTITUTION|{PRACTICE}]], [[LOCATION|{TOWN}]].",
    # NIR / NISS with spaces, request numbers
    "N° de sécurité sociale : [[ID|{NIR}]]\nDemande n° [[ID|{REQ}]]",
    "NISS : [[ID|{NISS}]] - N° de demande [[ID|{REQ}]] - [[PATIENT|{PSU} {PF}]]",
    "Assuré : [[ID|{NIR2}]]. Ordonnance [[ID|{REQ2}]] du [[DATE|{DATE}]].",
    # institutions without keyword, groups, by-name hospitals
    "Patiente suivie à {BYNAME} pour un lupus ; dernier bilan au [[INSTITUTION|{INSTFR}]].",
    "Transfert [[INSTITUTION|{GROUP}]] pour avis spécialisé. Retour prévu à [[INSTITUTION|{INSTBE}]].",
    "Examens antérieurs réalisés au [[INSTITUTION|{PRACTICE}]] puis au [[INSTITUTION|{CHUTOWN}]].",
    # places: small towns, addresses over lines
    "Adresse :\n[[LOCATION|{NUMSTREET}]]\n[[LOCATION|{PCTOWN}]]\nTéléphone : [[PHONE|{PHONE}]]",
    "Chute au ski à [[LOCATION|{TOWN}]] pendant les vacances ; rapatrié(e) à [[LOCATION|{TOWN2}]].",
    "Domicile : [[LOCATION|{STREETNUM}]],\n[[LOCATION|{PCTOWN}]]",
    # ages in running text
    "Antécédent de fracture du col fémoral à [[AGE|{OLD} ans]] ; ostéoporose connue.",
    "Enfant de [[AGE|{KID} ans et {MON} mois]], boiterie depuis 2 jours. Hanches normales.",
    "Première luxation d'épaule à [[AGE|{AGE} ans]], récidive depuis.",
    # paediatric
    "Pédiatrie - [[PATIENT|{PF} {PSU}]], [[AGE|{KID} ans]], accompagné(e) de sa maman, "
    "Mme [[PERSON|{SUR}]]. Fracture en bois vert de l'avant-bras.",
    # geriatric
    "Gériatrie : [[PTL]] [[PATIENT|{PS}]], résident(e) de la [[INSTITUTION|{INSTBE}]], [[AGE|{OLD} ans]], "
    "chute nocturne. Personne de contact : {KM} [[PERSON|{FM}]] [[PHONE|{PHONE}]].",
    # Belgian hospital header
    "[[INSTITUTION|{INSTBE}]] - Service de radiologie\nDr [[PERSON|{FDOC}]] - INAMI [[ID|{INAMI}]]\n"
    "Patient : [[PATIENT|{PSU} {PF}]] - Né(e) le [[DATE|{PBD}]]",
    # French hospital header
    "[[INSTITUTION|{INSTFR}]]\nPôle imagerie - Pr [[PERSON|{DOC}]]\nCompte rendu du [[DATE|{DATE}]]\n"
    "[[PTL]] [[PATIENT|{PS} {PF}]] — IPP [[ID|{PID}]]",
    # hard negatives
    "Pas de fracture. Gonarthrose fémoro-tibiale interne. Pas d'épanchement. Contrôle dans 6 semaines.",
    "Fracture de Pouteau-Colles déplacée, réduction sous AG, plâtre brachio-antébrachial 45 jours.",
]

# A second batch of tuning templates, written after the first round of fixes to widen the phrasing
# (still never looking at held-out failures).
TUNE_TEMPLATES_2 = [
    "Objet : [[PATIENT|{PLOW2}]] - [[DATE|{PBD}]]\nCher ami, voici le compte rendu de l'examen de ce jour.",
    "Nom/prénom : [[PATIENT|{PSU}]] / [[PATIENT|{PF}]] - sexe {PT} - n° séc. soc. [[ID|{NIR}]]",
    "Pat. [[PATIENT|{PF} {PS}]] ([[AGE|{AGE} a]]) - chute escalier - Dr [[PERSON|{DOC}]] de garde.",
    "Notre patiente, [[PATIENT|{PF}]], [[AGE|{KID} ans]], est venue avec sa grand-mère [[PERSON|{FF}]] "
    "et son grand frère [[PERSON|{FM}]].",
    "La maman, Mme [[PERSON|{SUR}]], signale que son aîné [[PERSON|{FM}]] a eu la même fracture.",
    "Le mari de la patiente, M. [[PERSON|{SUR}]], joignable au [[PHONE|{PHONE}]], a été informé.",
    "Contact en cas d'urgence : [[PERSON|{FF} {SUR}]] (fille) - [[PHONE|{PHONE}]]",
    "Entretien avec la tutrice, Madame [[PERSON|{TRICKY}]], et l'infirmière coordinatrice [[PERSON|{FF}]].",
    "Le Dr [[PERSON|{DOC}]] et le Pr [[PERSON|{DOC2}]] concluent à une fracture pathologique.",
    "Relu par MM. [[PERSON|{DOC}]] et [[PERSON|{DOC2}]] ; validé par Mmes [[PERSON|{DOC3}]] et [[PERSON|{TRICKY}]].",
    "Signé : Professeur [[PERSON|{TRICKY}]] ; interne : Dr [[PERSON|{ADOC}]].",
    "Compte rendu rédigé par [[PERSON|{FDOC}]] (assistante) et supervisé par [[PERSON|{FDOC2}]].",
    "Demandeur : [[PERSON|{ADOC}]] - service de gériatrie - [[INSTITUTION|{INSTBE}]]",
    "N° d'ordre [[ID|{REQ}]] ; n° de venue [[ID|{REQ2}]] ; NN [[ID|{NISS}]].",
    "Registre national : [[ID|{NISS}]]\nN° INAMI médecin : [[ID|{INAMI}]]",
    "Immatriculation : [[ID|{NIR}]] - mutuelle à jour.",
    "Suivi oncologique à {BYNAME} depuis [[DATE|{YEAR}]] ; hospitalisation récente au [[INSTITUTION|{CHUTOWN}]].",
    "Patient adressé par le [[INSTITUTION|{PRACTICE}]] pour avis ; examen antérieur au [[INSTITUTION|{GROUP}]].",
    "Les clichés de [[INSTITUTION|{INSTFR}]] ([[DATE|{PARTIAL}]]) sont joints au dossier.",
    "Vit à [[LOCATION|{TOWN}]] avec son épouse [[PERSON|{FF}]] ; ancien agriculteur.",
    "Originaire de [[LOCATION|{TOWN}]], installé(e) à [[LOCATION|{TOWN2}]] depuis [[DATE|{YEAR}]].",
    "Lieu de l'accident : [[LOCATION|{NUMSTREET}]], [[LOCATION|{PCTOWN}]].",
    "Domicile :\n[[LOCATION|{STREETNUM}]]\n[[LOCATION|{PCTOWN}]]\nTél. [[PHONE|{PHONE}]] / [[PHONE|{PHONE2}]]",
    "Ostéoporose fracturaire : fracture du poignet à [[AGE|{AGE} ans]], tassement vertébral à [[AGE|{OLD} ans]].",
    "Âgée de [[AGE|{OLD} ans]] ; vit en EHPAD depuis ses [[AGE|{AGE} ans]].",
    "Bébé de [[AGE|{WEEKS} semaines]], pleurs à la mobilisation du bras gauche.",
    "Enfant né le [[DATE|{PBD}]], âgé de [[AGE|{KID} ans et {MON} mois]] à la date de l'examen.",
    "RX thorax F+P 8h30 : pas de foyer. Contrôle J5. Score de Cobb 12°. Hb 11,2 g/dl.",
    "Pas de lésion traumatique récente. Calcification du tendon sus-épineux. Enthésopathie calcanéenne.",
    "Fracture de Pouteau-Colles à gauche, Monteggia exclue, pas de lésion de Hill-Sachs. Contrôle à 6 semaines.",
]

# A third tuning batch: each phenomenon of the issue in yet other wordings, plus institution-like
# headings and capitalised words after 'à' that are not PHI (precision).
TUNE_TEMPLATES_3 = [
    "Je revois ce jour votre patiente [[PATIENT|{PF} {PS}]] ([[AGE|{AGE} ans]]) pour sa gonalgie.",
    "Concerne : [[PATIENT|{PS} {PF}]], né(e) le [[DATE|{PBD}]].\nMerci pour votre confiance.",
    "Le petit [[PATIENT|{PF}]] est tombé de la balançoire ; sa mère est présente.",
    "La jeune [[PATIENT|{PF}]], [[AGE|{KID} ans]], consulte pour une boiterie.",
    "[[PATIENT|{PLOW}]] - rx genou - pas de fracture - contrôle si besoin.",
    "ident. [[PATIENT|{PLOW2}]] ; ddn [[DATE|{PBD}]] ; ipp [[ID|{PID}]]",
    "Examen de [[PATIENT|{PSU} {PF}]] ([[DATE|{PBD}]]) réalisé le [[DATE|{DATE}]].",
    "La fracture de [[PATIENT|{PF}]] consolide bien ; reprise du sport dans 3 mois.",
    "[[PATIENT|{PF}]] et sa sœur [[PERSON|{FF}]] ont été vues ensemble aux urgences.",
    "Vu avec Dr [[PERSON|{DOC}]], interne de garde, puis avec le Pr. [[PERSON|{TRICKY}]].",
    "Le docteur [[PERSON|{FDOC}]] a relu les clichés ; la doctoresse [[PERSON|{TRICKY2}]] est d'accord.",
    "Dre [[PERSON|{DOUBLE}]] (médecine physique) et Dr. [[PERSON|{ADOC}]] (orthopédie).",
    "Rapport établi par [[PERSON|{FDOC}]], médecin assistant, sous la supervision du Dr [[PERSON|{DOC}]].",
    "Famille : épouse [[PERSON|{FF}]], fils [[PERSON|{FM}]] et [[PERSON|{FM2}]].",
    "Ce jour, visite de son neveu [[PERSON|{FM} {SUR}]] qui souhaite des nouvelles.",
    "Accompagné(e) par sa fille, Mme [[PERSON|{SUR}]], et par son kiné [[PERSON|{FM}]].",
    "Service d'imagerie médicale\nCentre de la douleur\nConsultation de gériatrie du [[DATE|{DATE}]]",
    "Suivi au [[INSTITUTION|{INSTBE}]] puis à {BYNAME} ; avis demandé aux [[INSTITUTION|{GROUP}]].",
    "Le patient est arrivé du [[INSTITUTION|{CHUTOWN}]] par ambulance à [[DATE|{DATE}]].",
    "Lettre de sortie du [[INSTITUTION|{INSTFR}]] : fracture du col traitée par prothèse.",
    "Scanner réalisé au [[INSTITUTION|{PRACTICE}]] et IRM à l'[[INSTITUTION|{INSTFR}]].",
    "Retour à domicile à [[LOCATION|{TOWN}]] ; passage infirmier quotidien.",
    "Habite [[LOCATION|{NUMSTREET}]] à [[LOCATION|{TOWN}]], au 2e étage sans ascenseur.",
    "Adresse : [[LOCATION|{STREETNUM}]] - [[LOCATION|{PCTOWN}]]",
    "Chute lors d'une randonnée près de [[LOCATION|{TOWN}]] ; évacuation héliportée.",
    "Numéro NIR : [[ID|{NIR}]] - n° de dossier [[ID|{PID}]] - réf. demande [[ID|{REQ}]]",
    "NN [[ID|{NISS}]] / demande [[ID|{REQ2}]]",
    "Première fracture à [[AGE|{AGE} ans]], puis à [[AGE|{OLD} ans]] ; ménopause à [[AGE|50 ans]].",
    "Nourrisson âgé de [[AGE|{MON} mois]], né à terme ; pas de traumatisme rapporté.",
    "Contrôle à 6 semaines ; kinésithérapie 2 fois par semaine pendant 3 mois. Arrêt de travail 15 jours.",
    "Aspect en faveur d'une maladie de Paget. Signe de Lachman négatif. Classification de Neer : 3 fragments.",
    "Mobilisation à J1 au fauteuil. Bonne évolution à J10. Ablation des agrafes à J15.",
]

# A fourth tuning batch: signature blocks, names after 'avec'/'chez'/'pour', particles, foreign
# names, uppercase surnames, and headings that are not PHI.
TUNE_TEMPLATES_4 = [
    "Bien à vous,\n\nDr [[PERSON|{FDOC}]]\nRadiologue\n[[INSTITUTION|{INSTBE}]]",
    "[[PERSON|{FM} {DOCU}]]\nMédecin assistant en orthopédie\nTél. [[PHONE|{PHONE}]]",
    "RDV pris chez le Dr [[PERSON|{DOC}]] pour le [[DATE|{DATE}]] ; pour Mme [[PERSON|{SUR}]], voir plus bas.",
    "Discussion avec [[PERSON|{FF} {SUR}]], infirmière de liaison, et avec le service du Pr [[PERSON|{DOC}]].",
    "Patient(e) connu(e) du service du Dr [[PERSON|{DOUBLE}]] depuis [[DATE|{MONTHYEAR}]].",
    "Dr [[PERSON|{DOCU} {FF}]] (chef de clinique) ; Pr [[PERSON|{DOCU2}]] (chef de service).",
    "Examen supervisé par [[PERSON|{HYPH} {SUR}]] ; dicté par [[PERSON|{FF} {DOUBLE}]].",
    "Cc : Dr [[PERSON|{FOREIGN}]], [[INSTITUTION|{CHUTOWN}]] ; Dr [[PERSON|{DOC}]], [[LOCATION|{TOWN}]].",
    "Mme [[PATIENT|{PS}]] ([[AGE|{AGE} ans]]) vient avec sa belle-fille [[PERSON|{FF}]] et son petit-fils.",
    "M. [[PATIENT|{PSU}]] est accompagné de son fils aîné [[PERSON|{FM}]] et de sa fille [[PERSON|{FF}]].",
    "[[PATIENT|{PF} {PSU}]], [[AGE|{AGE} ans]], adressé(e) par son médecin traitant, le Dr [[PERSON|{DOC}]].",
    "Hospitalisé(e) au [[INSTITUTION|{GROUP}]] en [[DATE|{YEAR}]], puis à [[INSTITUTION|{INSTFR}]].",
    "Lieu de vie : [[INSTITUTION|{INSTBE}]], [[LOCATION|{PCTOWN}]].",
    "Chute à son domicile, [[LOCATION|{NUMSTREET}]], [[LOCATION|{TOWN}]], retrouvée par sa voisine [[PERSON|{FF}]].",
    "Centre de traumatologie - Service des urgences - Unité d'hospitalisation de courte durée",
    "Conclusion : Fracture non déplacée. Avis : Orthopédie. Suivi : Consultation à 10 jours.",
    "Imagerie : Radiographies standard. Technique : Face et profil. Comparaison : Aucune.",
    "Résultats : Absence de lésion. Remarque : Bonne qualité des clichés. Signature électronique.",
]

# Templates never tuned on: the rules only ever see their per-tag figures. (One annotation fix after
# the first held-out run: clock times are DATE, as in the shipped cases; the time was left unmarked.)
HELDOUT_TEMPLATES = [
    "Chère consœur,\nVotre patient [[PATIENT|{PF} {PS}]] ([[AGE|{AGE} ans]]) a consulté le [[DATE|{DATE}]]. "
    "Il est venu avec {KM} [[PERSON|{FM}]] qui s'occupe de lui.\nConfraternellement, [[PERSON|{ADOC}]]",
    "Madame, Monsieur,\nNous avons hospitalisé votre parent, {PT} [[PATIENT|{PS}]], du [[DATE|{DATE}]] au "
    "[[DATE|{DATE2}]] au [[INSTITUTION|{CHUTOWN}]].\nPr [[PERSON|{FDOC}]]",
    "Motif : chute. Amenée par le SMUR depuis [[LOCATION|{TOWN}]]. {KF} [[PERSON|{FF}]] prévenue à "
    "[[PHONE|{PHONE}]].",
    "17h40 - vu avec Dr [[PERSON|{TRICKY}]] - pas de déficit - rx cheville : pas de fx.",
    "Identité : [[PATIENT|{PLOW2}]] / ddn [[DATE|{PBD}]] / sécu [[ID|{NIR}]]",
    "[[PATIENT|{PLOW}]], vu(e) ce jour pour suivi de fracture du scaphoïde.",
    "Présence de M. et Mme [[PERSON|{SUR}]], parents de l'enfant, lors de l'examen.",
    "Cas présenté aux Drs [[PERSON|{DOC}]] et [[PERSON|{DOC2}]] (chirurgie de la main).",
    "Le Dr [[PERSON|{TRICKY}]] et le Dr [[PERSON|{TRICKY2}]] ont validé l'indication.",
    "Prescripteur : [[PERSON|{ADOC}]] ; correspondant : Dr [[PERSON|{DOUBLE}]].",
    "NIR [[ID|{NIR}]] ; n° d'examen [[ID|{REQ}]] ; accession [[ID|{ACC}]].",
    "Numéro national : [[ID|{NISS}]]. Bon de demande [[ID|{REQ2}]].",
    "Bilan fait à {BYNAME} en [[DATE|{YEAR}]], puis suivi par l'équipe des [[INSTITUTION|{GROUP}]].",
    "Hospitalisée à [[INSTITUTION|{INSTFR}]], puis convalescence au [[INSTITUTION|{INSTBE}]].",
    "Imagerie réalisée par le [[INSTITUTION|{PRACTICE}]] ([[LOCATION|{TOWN}]]).",
    "Coordonnées du patient : [[LOCATION|{NUMSTREET}]],\n[[LOCATION|{PCTOWN}]] - GSM [[PHONE|{PHONE}]]",
    "En vacances à [[LOCATION|{TOWN}]] lors de la chute, vu initialement à [[LOCATION|{TOWN2}]].",
    "Fracture vertébrale à [[AGE|{OLD} ans]], tassement L1 depuis.",
    "Nourrisson de [[AGE|{MON} mois]] ; frère aîné [[PERSON|{FM2}]] suivi pour drépanocytose.",
    "Petite [[PATIENT|{PF}]], [[AGE|{KID} ans]], tombée d'une trampoline.",
    "Provenance : [[INSTITUTION|{INSTFR}]] ; résidente de [[AGE|{OLD} ans]], démence, chutes répétées.",
    "Télégramme : [[PATIENT|{PSU} {PF}]] [[DATE|{PBD}]] - RX thorax - pneumopathie base D.",
    "CR rédigé par [[PERSON|{FDOC}]], interne, relu et validé par le Dr [[PERSON|{DOC}]] le [[DATE|{DATE}]].",
    "Transmis au [[INSTITUTION|{GROUP}]], site {BYNAME}, pour relecture.",
    "Adressé(e) par le cabinet du Dr [[PERSON|{DOC}]], [[LOCATION|{STREETNUM}]], [[LOCATION|{PCTOWN}]].",
    "Suivi orthopédique : consultation prévue le [[DATE|{DATE}]] avec le Pr [[PERSON|{ADOC}]].",
    "Patient de [[AGE|{AGE} ans]], né à [[LOCATION|{TOWN}]], ancien mineur ; {KF} [[PERSON|{FF}]] présente.",
    "[[INSTITUTION|{INSTBE}]]\nImagerie médicale\nMédecin demandeur : [[PERSON|{FDOC2}]]\n"
    "Patient(e) : [[PATIENT|{PF} {PSU}]] ([[ID|{PID}]])",
    "Pas de lésion osseuse. Arthrose acromio-claviculaire modérée. Pas de corps étranger.",
    "Décollement épiphysaire Salter II. Immobilisation 4 semaines puis kinésithérapie.",
]


def build(templates: list[str], heldout: bool, seed: int, per_template: int, prefix: str) -> list[dict[str, object]]:
    """Instantiate every template ``per_template`` times with the pools of its half."""
    rng = random.Random(seed)
    Faker.seed(seed)
    mk = Maker(rng)
    pools = Pools(heldout)
    cases: list[dict[str, object]] = []
    for k, template in enumerate(templates):
        for _ in range(per_template):
            markup, patient = fill(template, rng, mk, pools)
            markup = markup.replace("[[PTL]]", "Madame" if patient["sex"] == "F" else "Monsieur")
            text, anns = parse(markup)
            cases.append({"id": f"{prefix}{k:02d}-{len(cases) + 1:04d}", "text": text, "patient": patient,
                          "annotations": anns})
    return cases


def main() -> None:
    """Write both halves."""
    for name, templates, heldout, seed in (("cases_v2_tune.json", TUNE_TEMPLATES + TUNE_TEMPLATES_2 + TUNE_TEMPLATES_3
                                            + TUNE_TEMPLATES_4,
                                            False, 7),
                                           ("cases_v2_heldout.json", HELDOUT_TEMPLATES, True, 11)):
        cases = build(templates, heldout, seed, per_template=11, prefix="h" if heldout else "t")
        (DATA / name).write_text(json.dumps(cases, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"{len(cases)} cases -> {DATA / name}")


if __name__ == "__main__":
    main()
