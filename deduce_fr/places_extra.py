"""Places the city and address annotators leave out: districts, letter date lines, street-first addresses.

Three forms independent writers use and the list-driven annotators miss, each found by one compiled
regular expression over the text (its cheap trigger), then checked against the shared lookups:

* districts, hamlets and estates named after a head word: 'quartier Borny', 'lieu-dit les Granges',
  'hameau de Froidefontaine', 'faubourg Saint-Jean'. The head is inside the span, as the address
  annotator writes 'cité Bellevue' (a district name alone is often a surname: the head is what says place).
* the town of a letter's date line: 'Croix, le 9 janvier 2026', 'Fait à Verviers, le 3/02/2026' (a town
  that is also a word, like 'Croix', is a place there and only there).
* Belgian street-first addresses whose street is one word: Dutch and German streets ('Stadsomvaart 11',
  'Hauptstrasse 12', 'Kerkstraat 24 bus 3') and 'Grand-Rue 7', 'Grand'Place 3'.
* a postcode written with its country letter, whole: 'L-1234 Luxembourg', 'NL-6211 AB Maastricht'.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Container, Iterator
from typing import Any

from deduce_fr.annotators import Annotator, Candidate, Context
from deduce_fr.lookups import fold
from deduce_fr.places import DE_CUE_HEADS, key_of, place_index

# a capitalised word of a place name, with hyphens and elisions ('Saint-Jean', "L'Épine")
_CAP = r"[A-ZÀ-ÖØ-Ý][\w'’]*(?:-[\w'’]+)*"
_LOW = r"[a-zà-öø-ÿ][\w'’]*(?:-[\w'’]+)*"
_PARTICLE = r"(?:de|du|des|la|le|les|d['’]|l['’]|sur|sous|en|lès|lez|aux?)"
# a name: capitalised words joined by particles ('Les Granges', 'Bois de la Ville')
_NAME = rf"{_CAP}(?:[ \t]+(?:{_PARTICLE}[ \t]*)?{_CAP})*"

_HEADS = (r"quartier|lieu-dit|lieudit|lieu dit|hameau|faubourg|fbg|cité|cite|village|section|îlet|ilet|localité|localite|"
          r"camp|port|gare|tribu|motu|"
          r"deelgemeente|gemeente|gemeinde|ortsteil|wijk|zone industrielle|zone artisanale|zone commerciale|"
          r"zone d['’]activités?|parc d['’]activités?|(?-i:ZI|ZA|ZAC|ZAE|ZIP)")
# heads that name a part of a town: the name alone is the place ('quartier [Bouvy]', 'village de [Mtsamboro]', as
# independent writers mark them); 'cité X', 'faubourg X', 'lieu-dit X', 'hameau de X' are address-like, kept whole
# as the address annotator writes them
_HEADS_OUTSIDE = frozenset({"quartier", "village", "section", "localite", "deelgemeente", "gemeente", "gemeinde",
                            "ortsteil", "wijk", "camp", "port", "gare", "tribu"})  # ('Îlet à Vidot' is the hamlet's own name: head kept)
# heads that are ordinary words elsewhere ('section de Médecine', 'village de vacances'): only before 'de' + a known town
_HEADS_NEED_TOWN = frozenset({"section", "village", "localite", "gemeente", "gemeinde", "wijk"})
# heads that are ordinary words before anything but a capitalised name after 'de' ('camp de base', 'port du masque',
# 'gare de triage'): a refugee camp, a harbour or a station named so is the place, the name alone ('camp de
# [Khao-I-Dang]', 'port de [Keroman]', 'gare de [Namur]'); a station named with no 'de' keeps its head, as the writers
# mark it ('[gare Saint-Charles]'), a capitalised name that is no acronym ('gare SNCF') and no word
# (session 22: a Kanak tribe's village, 'tribu de [Tendo]', the name alone as the writers of the Pacific mark it)
_HEADS_NEED_LINK = frozenset({"camp", "port", "gare", "tribu"})
# (session 24) a station named by a compass point, a word elsewhere: 'gare du Midi', 'gare de l'Est', kept whole
_STATION_POINT = re.compile(r"[ \t]+(?:du[ \t]+(?:Nord|Sud|Midi)|de[ \t]+l['’][ \t]*(?:Est|Ouest))")
# the town closing a district's name ('Eldo[ de Kourou]'): split off when it is a listed town
_OF_TOWN = re.compile(r"(?<=\w)[ \t]+(?:de|d['’])[ \t]*(?P<town>[A-ZÀ-Ý][\w'’-]*(?:[ \t]+[A-ZÀ-Ý][\w'’-]*)*)$")
_DISTRICT = re.compile(
    rf"(?<![\w-])(?P<head>(?i:{_HEADS}))[ \t]+(?:[«\"“][ \t]*)?(?:(?P<link>(?i:de[ \t]+la|du|des|de|à))[ \t]+|(?P<elided>(?i:d['’]|de[ \t]+l['’])))?"
    rf"(?P<name>{_NAME}|{_LOW})")

_MONTHS = ("janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|"
           "decembre|janv|févr|fevr|avr|juil|sept|oct|nov|déc|dec|"
           # Dutch and German ('Eupen, 12 februari 2024', 'Sankt Vith, 3. März 2024')
           "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|januar|februar|"
           "märz|maerz|august|dezember")
# a letter's place and date: at a line start, or after 'Fait à' (a space after the comma: not '3,5 cm')
_DATE_LINE = re.compile(
    rf"(?:^[ \t]*|(?i:fait|rédigé|établi|écrit)[ \t]+(?:à|a)[ \t]+)(?P<name>{_CAP}(?:[ \t]+(?:{_PARTICLE}[ \t]*)?"
    rf"{_CAP}){{0,3}}|{_LOW})[ \t]*,[ \t]+(?:le[ \t]+)?(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)[ \t]+)?"
    rf"(?:\d{{1,2}}(?:er|\.)?[ \t]*(?:[./\-](?:\d{{1,2}}|[IVX]{{1,4}})[./\-]\d{{2,4}}|[ \t]+(?i:{_MONTHS})\b)|"
    rf"(?i:{_MONTHS})[ \t]+\d{{4}})",
    re.M)

# Dutch and German street words: a capitalised word ending so, then a house number
_STREET_SUFFIXES = ("straat|laan|steenweg|weg|plein|vaart|dreef|lei|kaai|kade|markt|baan|dijk|singel|vest|gracht|"
                    "dries|wal|hof|pad|veld|strasse|straße|gasse|platz|allee|ring|ufer")
_NUMBER = r"\d{1,4}(?:[ \t]?[a-zA-Z])?(?![\w,.]\d|\s*(?:%|mg|ml|mm|cm|kg|h\b|ans\b|j\b))"
_BOX = r"(?:[ \t]*(?:,[ \t]*)?(?:bus|bte|boîte|boite|bt|b\.|/)[ \t]*\d{1,4}[a-zA-Z]?)?"
# German and Dutch street words written apart after a name ('Aachener Straße 48', 'Lütticher Str. 5', 'Grote Markt 3')
_STREET_WORDS = r"Straße|Strasse|Str\.|Weg|Platz|Allee|Gasse|Ring|Ufer|Steenweg|Straat|Laan|Markt|Plein|Dreef|Kaai|Lei|Dijk"
_STREET_FIRST = re.compile(
    rf"(?<![\w-])(?P<street>(?:[A-ZÀ-Ý][\w'’]*[ \t-])?[A-ZÀ-Ý][a-zà-ÿß'’\-]{{2,}}(?:{_STREET_SUFFIXES})"
    rf"|[A-ZÀ-Ý][a-zà-ÿß'’\-]{{2,}}[ \t](?:{_STREET_WORDS})"
    rf"|Grand(?:-|[ \t]|['’][ \t]?)(?:Rue|Place|Route)|Petite(?:-|[ \t])Rue)[ \t]+(?P<num>{_NUMBER}){_BOX}(?![\w])")


# endings of the French adjectives a lower-case head word is followed by in anatomy and prose
_ADJECTIVE_ENDINGS = ("eur", "al", "ale", "aux", "ique", "erne", "ne", "ee", "e", "if", "ive", "ien", "ienne", "ier",
                      "iere", "aire", "ant", "ent", "ain")

# a postcode with its country letter before the town: 'L-1234 Luxembourg', 'D-52062 Aachen', 'NL-6211 AB Maastricht'
_COUNTRY_POSTCODE = re.compile(
    rf"(?<![\w-])(?:L|D|F|B|NL|CH|LU|BE|FR|DE)-\d{{4,5}}(?:[ \t]?[A-Z]{{2}}(?=[ \t]))?[ \t]+(?P<name>{_NAME}|[A-ZÀ-Ý'’\-]{{3,}}(?:[ \t-][A-ZÀ-Ý'’]{{2,}})*)")

# a town whose name starts with an article, written with a lower-case article after a preposition ('à la Louvière',
# 'originaire de la Hulpe'): the article is part of the name (the town wins over 'Louvière' read as a hospital)
_ARTICLE_TOWN = re.compile(
    rf"(?P<art>l(?<![\w'’-]l)(?:a|es?))[ \t]+(?P<name>{_CAP}(?:[ \t]+(?:{_PARTICLE}[ \t]*)?{_CAP}){{0,3}})")

_LETTERS = re.compile(r"[^\W\d_]+")  # (the first word _article_town reads in a name)
_DISTRICT_BEFORE = re.compile(r"(?<![\w-])(?i:quartier|village)[ \t]+de[ \t]+$")

# after an address cue, capitalised words and a house number are a street even without a street word
# ('domicilié Wolvendael 3 à Uccle', 'Adresse : Hoogveld 12, 9200 Dendermonde')
_CUED_STREET = re.compile(
    rf"(?i:domicilié|domiciliée|domicilie|domiciliee|domicile|adresse|demeurant|demeurante|woont|wohnt|anschrift|"
    rf"adres)[ \t]*:?[ \t]*(?P<street>{_CAP}(?:[ \t]+(?:{_PARTICLE}[ \t]*)?{_CAP}){{0,3}})[ \t]+{_NUMBER}{_BOX}"
    rf"(?=[ \t]*(?:[,;\-–(]|(?:à|a|te|in)[ \t]|\d{{4}}|$))", re.M)

# the building, stair, flat and box parts of an address, alone or chained with a residence's name ('Résidence Les
# Tilleuls, bât. B, 3e étage', 'Appartement 4B, Résidence du Lac', 'appt 3B', 'Bte 14' on its own line): kept only
# where the line or a line next to it holds an address (a street word, a postcode before a town, an address cue)
_UNIT = (r"(?:(?i:bâtiment|batiment|bâtim|bât|bat|bloc|immeuble|appartement|appart|appt|apt|app|villa|escalier|esc|entrée|entree|"
         r"boîte|boite|bte|bus|logement|studio)\.?[ \t]*(?:(?i:n[°o])\.?[ \t]*)?[A-Z0-9][A-Za-z0-9]{0,3}(?![\w'’])"
         r"(?![ \t]*(?:fois|x\b|min|h\b|jours?\b|mg|ml|%))"
         r"|\d{1,2}[ \t]?(?:e|er|ème|eme|è|ième|ieme)[ \t]+(?i:étage|etage))")
_RESIDENCE = rf"(?i:résidence|residence)[ \t]+(?:{_PARTICLE}[ \t]*)?{_NAME}"
_UNITS = re.compile(rf"(?<![\w-])(?:{_UNIT}|{_RESIDENCE})(?:[ \t]*[,\-–][ \t]*(?:{_UNIT}|{_RESIDENCE}))*")
_UNIT_NOT_FLOOR = re.compile(_UNIT.split("|\\d{1,2}")[0] + ")")
# a street right after the parts ('Apt 12, allée des Acacias'): taken into the same span, or the address annotator's
# '12, allée des Acacias' (the flat number read as a house number) would overlap it and be dropped
_STREET_AFTER_UNITS = re.compile(
    rf"[ \t]*,[ \t]*(?:\d{{1,4}}(?:[ \t]?(?:bis|ter|[a-c]))?[ \t]*,?[ \t]*)?(?i:rue|avenue|av\.|allée|allee|chemin|chaussée|"
    rf"place|boulevard|bd|impasse|route|quai|square|clos|cours|drève|sentier|ruelle|venelle|passage|lotissement|"
    rf"résidence|residence|cité|cite)[ \t]+(?:(?:{_PARTICLE})[ \t]*)*(?:{_CAP}|\d{{1,2}}[ \t]+{_CAP})"
    rf"(?:[ \t]+(?:(?:{_PARTICLE})[ \t]*)*{_CAP}){{0,4}}(?:[ \t]*,?[ \t]*\d{{1,4}}(?!\d|[,.]\d))?")
_ADDRESS_SIGNAL = re.compile(
    r"(?:\b(?:adresse|adres|domicil\w*|demeurant|anschrift|rue|avenue|av|allee|chemin|chaussee|place|boulevard|bd|impasse|"
    r"route|quai|square|clos|cours|lotissement|cite|hameau|lieu-dit|drève|dreve|sentier|ruelle|venelle)\b|\w(?:straat|laan|"
    r"weg|strasse|straße|steenweg|plein|dreef)\b|(?:^|,)[ \t]*(?:[bf]-)?\d{4,5}[ \t]+[a-z])", re.M)

# an article before a building or flat in running text ('au rez-de-chaussée du bâtiment C', 'dans le bloc B')
_PROSE_BEFORE_UNIT = re.compile(r"(?<![\w-])(?:du|au|le|la|dans|devant|derrière|derriere)[ \t]+$")

# a town closing a header or a contact line, between separators: 'Maison de repos Les Jardins - Manage', 'Résidence
# Les Hibiscus, Saint-Pierre - note', 'Prévenir sa nièce, Renaix — 055 ...' (a listed town only: the layout is the cue)
_SEPARATED = re.compile(
    rf"(?:,|[ \t][-–—])[ \t]*(?P<name>{_CAP}(?:[ \t-]+(?:{_PARTICLE}[ \t-]*)?{_CAP}){{0,3}})[ \t]*"
    rf"(?=$|[ \t][-–—][ \t]|[ \t]*[-–—][ \t]*(?:\+|\d)|[ \t]*,[ \t]*(?i:t[ée]l|gsm|tel\.)|[ \t]*\))", re.M)
# the same layout in a note written all in lower case: a listed town closing a bracket after a comma ('(dr x,
# clinique de l'union, saint-jean)'); only a listed town that is no word or name
_SEPARATED_LOW = re.compile(rf",[ \t]*(?P<name>{_LOW}(?:[ \t]+(?:{_PARTICLE}[ \t]*)?{_LOW}){{0,2}})[ \t]*\)")
# a town-shaped compound no list has: capitalised parts joined by a place connector ('Saint-Gilles-les-Bains',
# 'Saint-Gilles-les-Hauts', 'Bois-de-Villers', 'Fontaine-sur-Mer'): the connector is the cue
_COMPOUND_TOWN = re.compile(
    r"(?<![\w'’-])(?P<name>[A-ZÀ-Ý][a-zà-ÿ'’]+(?:-[A-ZÀ-Ý][a-zà-ÿ'’]+)*-(?:sur|sous|lès|les|lez|en|de|du|des|la|le|aux|"
    r"d['’]|l['’])-?[A-ZÀ-Ý][\w'’]*(?:-[\w'’]+)*)")
_COMPOUND_GATE = re.compile(r"-(?:sur|sous|les|lez|en|de|du|des|la|le|aux|d'|l')-?[a-z]")
# its capitalised article, after a comma, a bracket, a colon or the line's start: '(IDE, La Saline-les-Bains)' (the
# article is the town's: mid-sentence a capital article opens a name)
_COMPOUND_ARTICLE = re.compile(r"(?:^|[,(:;])[ \t]*(?P<art>(?:La|Le|Les)[ \t]+|L['’])$", re.M)
# a relative abroad: 'parents en Turquie', 'sa fille est au Canada', 'frère resté au Mali' (a listed country only)
# (the look-ahead on the letters a match can start with lets the engine skip other positions before it tries
# the look-behind: 90 -> 56 µs per call on the bench reports, the same matches; bench/deid_profile.py --regex)
_KIN_ABROAD = re.compile(
    rf"(?=(?i:[pmfsécoetg]))(?<![\w-])(?i:parents|père|pere|mère|mere|fils|fille|frère|frere|sœur|soeur|famille|mari|époux|epoux|épouse|"
    rf"epouse|enfants|oncle|tante|grands-parents|cousins?|cousines?)[ \t]+(?:(?i:est|sont|restée?s?|partie?s?|"
    rf"actuellement|toujours|encore|vivent|vit|installée?s?|aînée?s?|ainée?s?|cadette?s?)[ \t]+){{0,3}}(?i:en|au|aux)[ \t]+"
    rf"(?P<name>{_CAP}(?:[ \t-]{_CAP}){{0,2}})")
_KIN_ABROAD_GATE = re.compile(r"(?<![\w-])(?:en|au|aux)[ \t]+[A-ZÀ-Ý]")
# endings of care words a layout can put where a town goes ('Clinique X - Dialyse', '- Néphrologie', '- Endoscopie')
_CARE_ENDINGS = ("lyse", "logie", "graphie", "scopie", "therapie", "ectomie", "pathie", "plastie", "tomie", "trie")
# a named natural place, head inside as writers mark it: 'au piton des Neiges', 'col de la Schlucht', 'lac de Virelles',
# 'forêt de Soignes', 'plage de l'Ermitage', 'cirque de Mafate' (the name capitalised after 'de'; not anatomy: 'mont de
# Vénus', 'île de Reil', 'vallée de Sylvius' are eponyms or listed)
_NATURAL = re.compile(
    rf"(?<![\w-])(?P<head>(?i:piton|pic|mont|col|lac|étang|etang|plage|forêt|foret|bois|gorges|cirque|massif|vallée|vallee|"
    rf"refuge|anse|pointe|cap|baie|île|ile|îlot|aiguille|glacier|puy|crêt|cret|calanque|dune|grotte|gouffre|cascade|"
    rf"sommet|canyon|ravine|rivière|riviere|plateau|piste|carrefour|crique|falaise|couloir|pont|arête|arete|combe|"
    rf"giratoire|échangeur|echangeur|bretelle|télésiège|telesiege|téléski|teleski|télécabine|telecabine|tunnel|viaduc|"
    rf"phare|calanques|atoll|morne|lagon|récif|recif|îlet|ilet|cratère|cratere|volcan|colline|presqu'île|presqu'ile|"
    rf"parc|square|porte|zone[ \t]+portuaire))"
    rf"(?:[ \t]+(?i:noire|rouge|bleue|verte))?[ \t]+(?:(?i:de[ \t]+la|de[ \t]+l['’]|des|du|de|d['’])[ \t]*)"
    rf"(?P<name>{_CAP}(?:[ \t]+(?:{_PARTICLE}[ \t]*)?{_CAP}){{0,3}})")
_NATURAL_WORDS = frozenset({"piton", "pic", "mont", "col", "lac", "etang", "plage", "foret", "bois", "gorges", "cirque",
                            "massif", "vallee", "refuge", "anse", "pointe", "cap", "baie", "ile", "ilot", "aiguille",
                            "glacier", "puy", "cret", "calanque", "dune", "grotte", "gouffre", "cascade", "sommet",
                            # (session 17: ski slopes 'piste noire de la Sarenne', crossroads, rivers, ravines, plateaus)
                            "canyon", "ravine", "riviere", "plateau", "piste", "carrefour", "crique", "falaise",
                            # (session 19: a climbing gully, a bridge over a river, a ridge, a combe)
                            "couloir", "pont", "arete", "combe",
                            # (roads' junctions and works, lifts: 'giratoire de la Maladière', 'télésiège des Grandes Rousses')
                            "giratoire", "echangeur", "bretelle", "telesiege", "teleski", "telecabine", "tunnel", "viaduc",
                            # (session 22: islands and coasts, 'phare du Stiff', 'calanques de Piana', 'atoll de Hao',
                            # 'morne des Esses', 'îlet de Marla', 'volcan du Karthala')
                            "phare", "calanques", "atoll", "morne", "lagon", "recif", "ilet",
                            "cratere", "volcan", "colline", "presqu'ile",
                            # (place29, session 23: where people sleep or are found, 'parc de la Villette', 'porte
                            # d'Aubervilliers', 'zone portuaire de Ouistreham', 'aéroport de Nantes-Atlantique')
                            "parc", "square", "porte", "portuaire"})
_NAME_ONLY_HEADS = frozenset({"pont", "couloir"})
# heads of a part of a town named after it, kept whole even before a listed town ('porte d'Aubervilliers', 'zone
# portuaire de Ouistreham', 'aéroport de Nice'; a park before a town is the town's: 'parc de [Laeken]') (place29)
_ARTICLE_LINK = re.compile(r"(?i:\bla|\bl['’])")  # ('parc de la Villette': a park's own name, head kept)
_NEW_HEADS = frozenset({"parc", "square", "porte", "zone portuaire", "aeroport"})
_TOWN_PART_HEADS = frozenset({"porte", "zone portuaire", "aeroport"})
# a disease named after a natural place: no place of the patient's ('fièvre de la vallée du Rift')
_DISEASE_BEFORE = re.compile(r"(?<![\w-])(?i:fièvres?|fievres?|virus|maladies?|syndromes?|encéphalites?|encephalites?|peste)"
                             r"[ \t]+(?i:de[ \t]+la|de[ \t]+l['’]|du|des|de|d['’])[ \t]*$")
_NOT_NATURAL = frozenset({"venus", "reil", "sylvius", "monro", "luschka", "magendie", "seau", "varole", "varolio"})  # anatomy (anse de seau, pont de Varole)
# the Dutch name of a Brussels street after its French name and number: 'Rue Haute 322 Hoogstraat'
_BILINGUAL_STREET = re.compile(
    rf"(?<=\d)[ \t]+(?P<street>[A-ZÀ-Ý][a-zà-ÿß'’\-]{{2,}}(?:{_STREET_SUFFIXES}))(?![\w])")
# a locality between a street and a postcode: '23 rue des Lilas, Bellemène, 97460 Saint-Paul', '7 allée des Pins, Les
# Hauts de Chaumont, 33610 Cestas' (the segment before it holds a house number or a street word)
_LOCALITY = re.compile(rf",[ \t]*(?P<name>{_CAP}(?:[ \t-]+(?:{_PARTICLE}[ \t-]*)?{_CAP}){{0,4}})[ \t]*,?[ \t]*$")
# the postcode and town after it (its start ends the line part the locality is searched in): found without the
# lookbehind and the country letter, which _postcode_starts checks (same starts as
# r"(?<![\w\-])(?:[BF]-)?\d{4,5}[ \t]+[A-ZÀ-Ý]", found faster)
_POSTCODE_DIGITS = re.compile(r"\d{4,5}[ \t]+[A-ZÀ-Ý]")
_DIGIT_CAP = re.compile(r"\d[ \t]+[A-ZÀ-Ý]")  # (the last digit of a postcode and its town's capital: _postcode_starts)
_POSTCODE_AFTER = re.compile(r"(?<![\w\-])(?:[BF]-)?\d{4,5}[ \t]+[A-ZÀ-Ý]")  # (its definition, for the tests)
_STREETISH = re.compile(r"\d|(?i:\b(?:rue|avenue|av|allée|allee|chemin|chaussée|chaussee|place|boulevard|bd|impasse|"
                        r"route|quai|square|clos|cours|résidence|residence|lotissement)\b)|\w(?:straat|laan|weg|straße)\b")
# a listed town in brackets right after a name: 'Seniorie de Maretak (Halle)', 'le Dr Régis (Schoelcher)'
_TOWN_IN_BRACKETS = re.compile(rf"\((?P<name>{_CAP}(?:[ \t-]+(?:{_PARTICLE}[ \t-]*)?{_CAP}){{0,3}})\)")
# 'St. Vith', 'Ste. Marie', 'Sint Truiden', 'Sankt Vith': a saint's town written with a dot or a space, not a hyphen
_SAINT_TOWN = re.compile(rf"(?<![\w-])(?P<st>St|Ste|Sankt|Sint)(?:\.[ \t]*|[ \t]+)(?P<name>{_CAP})")
_CONTRACTION_WORDS = frozenset({"au", "aux"})
_SAINT_FIRSTS = frozenset({"saint", "sainte", "sint", "sankt", "san", "santa", "sao", "notre"})
_CONTRACTED_ARTICLES = {"au": "le", "aux": "les", "du": "le", "des": "les"}
_SEPARATORS = frozenset({",", "-", "–", "—", "("})
_FIELD_WORDS = frozenset({"origine", "naissance", "geburtsort", "geboorteplaats", "birthplace", "birth"})
_BORN_WORDS = frozenset({"ne", "nee", "nes", "nees", "geb", "geboren", "geboortedatum"})
_BIRTH_WORDS = frozenset({"ne", "nee", "nes", "nees", "originaire", "originaires", "natif", "native"})
_REGION_PREPOSITIONS = frozenset({"en", "au", "aux"})
# token gates (one C-speed set test per text before any regular expression runs)
_DISTRICT_WORDS = frozenset({"quartier", "lieu-dit", "lieudit", "lieu", "hameau", "faubourg", "fbg", "cite", "village",
                             "camp", "port", "gare", "tribu", "motu",
                             "section", "ilet", "localite", "deelgemeente", "gemeente", "gemeinde", "ortsteil", "wijk",
                             "zone", "parc", "zi", "za", "zac", "zae", "zip"})
_UNIT_WORDS = frozenset({"bat", "batiment", "batim", "bloc", "immeuble", "appartement", "appart", "appt", "apt", "app", "villa",
                         "escalier", "esc", "boite", "bte", "bus", "logement", "studio", "etage"})
_ORIGIN_WORDS = frozenset(
    "ne nee nes nees originaire originaires natif native vit vivant habite habitant habitante habitent reside residant "
    "residante resident rentre rentree retour retourner retourne revenu revenue revient sejour voyage immigre immigree "
    "emigre emigree arrive arrivee arrives venu venue venus installe installee origine grandi vecu vecue enfance jeunesse "
    "expatrie expatriee rapatrie rapatriee evasane evasanee refugie refugiee demeurant domicilie domiciliee travaille "
    "travaillait naissance geburtsort geboorteplaats birthplace birth geb geboren pays lieu domicile sejourne "
    "sejournent adopte adoptee adoptes adoptees adresse repart repartir reparti repartie repartis reparties "
    "vient viennent venant vivent".split())
_ORIGIN_CUES = frozenset(
    "ne nee nes nees originaire originaires natif native vit vivent vivant habite habitent habitant reside resident "
    "residant rentre rentree "
    "rentres rentrees retour retourner retourne revenu revenue revenus revenues revient sejour voyage immigre immigree "
    "immigres immigrees emigre emigree emigres emigrees arrive arrivee arrives arrivees venu venue venus venues installe "
    "installee installes installees d'origine grandi vecu vecue vecus vecues enfance jeunesse expatrie expatriee "
    "expatries expatriees rapatrie rapatriee rapatries rapatriees evasane evasanee evasanes evasanees refugie refugiee "
    "refugies refugiees demeurant domicilie domiciliee domicilies domiciliees travaille travaillait adopte adoptee "
    "adoptes adoptees adresse domicile repart repartir reparti repartie repartis reparties vient viennent venant".split())
_BORN_CUES = frozenset({"ne", "nee", "nes", "nees", "geb", "geboren", "geboortedatum"})
_BIRTHPLACE_CUES = frozenset({"ne", "nee", "nes", "nees", "originaire", "originaires", "natif", "native"})
_AFTER_APOSTROPHE = re.compile(r"'(?=([^\W\d_]+(?:['\-][^\W\d_]+)*))")
_SAINT_WORDS = frozenset({"st", "ste", "sankt", "sint"})
_SAINT_FORMS = {"st": ("saint-", "sankt-", "sint-"), "ste": ("sainte-",), "sankt": ("sankt-", "saint-"),
                "sint": ("sint-", "saint-")}

# cheap triggers, one search each on the folded text (lower case, no accents): each rule's regex runs only
# when its trigger is in the text (most reports have no district, no letter date line, no such address)
_DISTRICT_GATE = re.compile(r"(?:quartier|lieu[- ]?dit|hameau|faubourg|fbg|cite|village|section|ilet|localite|gemeente|camp|port|gare|tribu|motu|"
                            r"gemeinde|ortsteil|wijk|zone|parc|zi|za|zac|zae|zip)[ \t]")
_DATE_GATE = re.compile(r",[ \t]+(?:le[ \t]+)?(?:\d|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|janv|fev|mars|"
                        r"avr|mai|juin|juil|aou|sept|oct|nov|dec)")
_NUMBER_GATE = re.compile(r"[ \t]\d")  # a house number: the word before it must end like a street
_STREET_ENDINGS = (*_STREET_SUFFIXES.split("|"), "str.", "rue", "place", "route")
# what every _STREET_FIRST match holds in the folded text: a street's ending, spaces, a digit; searched in the
# reversed folded text, where the pattern is led by the digit (digits are rarer than letters: fewer tries)
_STREET_NUMBER_REVERSED = re.compile(r"\d[ \t]+(?:" + "|".join(re.escape(e[::-1]) for e in _STREET_ENDINGS) + ")")
_CUED_STREET_GATE = re.compile(r"domicil|adres|demeurant|woont|wohnt|anschrift")
# a bracket holding one capitalised word: what the care-home, hospital-group and paren rules all end with
_PAREN_CAP = re.compile(r"\([ \t]*[A-ZÀ-ÖØ-Ý][\w'’]*(?:-[\w'’]+)*[ \t]*\)")
# a bracket opening on a capital: what a place in brackets after its town needs
_PAREN_START_CAP = re.compile(r"\([ \t]*[A-ZÀ-ÖØ-Ý]")
# a slash right before a capital: what the two-language town rule's gate needs
_SLASH_CAP = re.compile(r"/[A-ZÀ-Ý]")
# an age then a comma: the one form of _HOME whose cue is 'ans' ('M. X, 82 ans, à Y')
_POSTCODE_GATE = re.compile(r"-\d{4,5}[ \t]")

# a country or region of birth, home or stay, after its cue ('née au Maroc', 'originaire du Portugal', 'vit en
# Sicile', 'rentre d'Algérie'): alone a country identifies little, after such a cue it is the person's origin (an adverb
# may stand between: 'réside habituellement en Haute-Savoie'; islands and city-states take 'à': 'vit à Jersey')
_ORIGIN = re.compile(
    rf"(?<![\w-])(?i:née?s?|originaires?|natif|native|vit|vivent|vivant|habite|habitent|habitant|réside|reside|résident|"
    rf"resident|résidant|residant|"
    rf"rentrée?s?|retour|retourner|retourne|revenue?s?|revient|séjour|sejour|voyage|immigrée?s?|émigrée?s?|arrivée?s?|venue?s?|"
    rf"installée?s?|d['’]origine|grandi|vécue?s?|enfance|jeunesse|expatriée?s?|rapatriée?s?|évasanée?s?|réfugiée?s?|"
    rf"demeurant|domiciliée?s?|domicile|travaille|travaillé|travaillait|adoptée?s?|adresse|repart|repartir|reparti|"
    rf"repartie?s?|vient|viennent|venant)"
    rf"(?:[ \t]+(?i:habituellement|actuellement|maintenant|désormais|toujours|encore|aujourd['’]hui|seule?s?))?"
    rf"(?:[ \t]+[a-zà-ÿ]{{4,}}(?<!depuis)(?<!avant)(?<!après)(?<!apres))?"  # ('réfugiée syrienne au Liban')
    rf"(?:[ \t]+(?i:vers|en|le)?[ \t]*\d{{4}})?[ \t]+(?:(?i:dans[ \t]+(?:le|la|les)[ \t]+|dans[ \t]+l['’]|de[ \t]+l['’]|de[ \t]+la[ \t]+|"
    rf"au|aux|en|du|des|de|d['’]|à)[ \t]*)(?P<name>{_CAP}(?:[ \t-]{_CAP}){{0,2}}(?:[ \t][a-zà-ÿ]{{4,}})?)")
# a stay: 'en Belgique depuis 2009', 'au Portugal depuis l'enfance' (a country with 'depuis' and a time)
_STAY = re.compile(
    rf"(?<![\w-])(?i:en|au|aux)[ \t]+(?P<name>{_CAP}(?:[ \t-]{_CAP}){{0,2}})[ \t]+(?i:depuis)[ \t]+"
    rf"(?:\d{{4}}|\d{{1,2}}[ \t]+(?i:ans?|mois)|(?i:l['’]âge|l['’]enfance|toujours|sa|son|ses|des|plus|peu|la|l['’]an))")
# a town then its country or region: 'né à Oujda au Maroc', 'vit au Lamentin en Martinique', 'Habay, en Gaume'
_TOWN_THEN_REGION = re.compile(
    rf"(?<![\w-])(?i:à|a|au|aux|de|du|d['’])[ \t]*(?P<town>{_CAP}(?:[ \t-]+(?:{_PARTICLE}[ \t-]*)?{_CAP}){{0,3}})[ \t]*,?[ \t]+"
    rf"(?i:au|aux|en|dans[ \t]+le|dans[ \t]+la|dans[ \t]+les)[ \t]+$")
# form fields of origin: 'Origine : Sénégal', 'Pays de naissance : Maroc', 'Lieu de naissance : Nador', 'Geburtsort: Eupen'
_ORIGIN_FIELD = re.compile(
    rf"(?i:origine|pays[ \t]+de[ \t]+naissance|pays[ \t]+d['’]origine|lieu[ \t]+de[ \t]+naissance|n[ée]\(e\)[ \t]+à|"
    rf"née?[ \t]+à|geburtsort|geboorteplaats|birthplace|place[ \t]+of[ \t]+birth)[ \t]*:[ \t]*(?P<name>{_CAP}(?:[ \t-]{_CAP}){{0,2}})")
# a birth date then its place: 'née le 14 septembre 1976 à Oran', 'Né(e) le : 02/10/1991 à Emirdağ', 'geb. 3.4.1950 in Eupen'
_BORN_ON = re.compile(
    rf"(?<![\w-])(?i:née?s?|n[ée]\(e\)|geb\.|geboren|geboortedatum)[ \t]+(?i:le|am|op)?[ \t]*:?[ \t]*"
    rf"(?:\d{{1,2}}[ \t]*[./\-][ \t]*\d{{1,2}}[ \t]*[./\-][ \t]*\d{{2,4}}|\d{{1,2}}(?:er)?\.?[ \t]+[^\W\d_]{{3,9}}\.?[ \t]+\d{{4}}|"
    rf"(?i:en)[ \t]+(?:19|20)\d{{2}})"  # (or the year alone: 'né en 1978 à Hué')
    rf"[ \t]*,?[ \t]+(?P<bprep>(?i:à|a|in|te|en|au|aux))[ \t]+(?P<name>{_CAP}(?:[ \t-]+(?:{_PARTICLE}[ \t-]*)?{_CAP}){{0,3}})")
# the town right before a bracket: 'Grand-Bourg (Marie-Galante)'
_TOWN_BEFORE = re.compile(rf"(?P<town>{_CAP}(?:[ \t-]+(?:{_PARTICLE}[ \t-]*)?{_CAP}){{0,3}})[ \t]*$")
# a birthplace's country in brackets after the town: 'né à Nador (Maroc)', 'originaire de Braga (Portugal)'
_PAREN_PLACE = re.compile(rf"\([ \t]*(?P<name>{_CAP}(?:[ \t-]{_CAP}){{0,2}})[ \t]*\)")
_BIRTH_CUE = re.compile(r"(?:\bn[eé]e?s?|\bn[eé]\(e\)|originaires?|natif|native|d['’]origine|domicil|habit|\bvit|\bvivant|reside|"
                        r"residant|demeurant|installe|sejourne|hameau|commune|village)[a-z]*(?:[ \t]+|[ \t]*\(e\)[ \t]+)"
                        r"(?:le[ \t][^\n]{4,28}?[ \t])?(?:(?:a|à|de|du|d['’]|en|au|vers)[ \t]*)?[^\n]{1,40}$")
# after a cue of birth, an unknown capitalised word is a place: 'originaire de Pondichéry', 'née à Tizi Ouzou'
_BIRTHPLACE = re.compile(
    rf"(?<![\w-])(?i:née?s?|originaires?|natif|native)[ \t]+(?i:à|a|de|d['’])[ \t]*(?P<name>{_CAP}(?:[ \t-]{_CAP}){{0,2}})")
_ORIGIN_GATE = re.compile(r"(?:\bne|originaire|natif|native|\bvit|vivant|habit|resid|rentre|retour|reven|revient|sejour|voyage|"
                          r"migre|arrive|venu|installe|origine|grandi|vecu|enfance|jeunesse|expatrie|rapatrie|evasane|refugie|"
                          r"demeurant|domicil|travaill|naissance|geburtsort|geboorte|birth|geb\.|geboren|adopte|adresse|repart|"
                          r"vien|venant)")
# a cue of residence, then 'à' (German 'in', 'aus', Dutch 'in', 'te') and one capitalised name: the person's home
_HOME = re.compile(
    rf"(?<![\w-])(?:(?i:vit|vivent|vivant|habite|habitent|habitant|habitante|réside|reside|résident|résidant|residant|"
    rf"résidante|demeure|demeurant|domiciliée?s?|installée?s?|wohnt|wohnhaft|lebt|woont|wonende|wonend|afkomstig)(?:[ \t]+(?i:seule?s?|"
    rf"actuellement|maintenant|toujours|encore|désormais|seul|depuis[ \t]+\d{{4}}|chez[ \t]+(?:sa|son|ses)[ \t]+\w+))?"
    rf"[ \t]+(?i:à|a|in|te|uit)|(?-i:aus)|\d{{1,3}}[ \t]?ans[ \t]*,[ \t]*(?:(?i:domicilié|domiciliée|vivant|résidant)[ \t]+)?à)"
    rf"[ \t]+(?P<name>{_CAP}(?:-{_CAP})*)(?![\w'’-]|[ \t]+{_CAP})")
_HOME_WORDS = frozenset({"vit", "vivent", "vivant", "habite", "habitent", "habitant", "habitante", "reside", "resident",
                         "residant", "residante", "demeure", "demeurant", "domicilie", "domiciliee", "domicilies",
                         "domiciliees", "installe", "installee", "installes", "installees", "wohnt", "wohnhaft",
                         "woont", "wonende", "wonend", "afkomstig", "lebt", "aus", "ans"})  # ('M. X, 82 ans, à Hoenheim')
_HOME_CUE_WORDS = _HOME_WORDS - {"ans"}
# the folded cue words each cue-led rule starts with (its match starts at one of them: see _word_offsets)
_HOME_CUES = frozenset(
    "vit vivent vivant habite habitent habitant habitante reside resident residant residante demeure demeurant "
    "domicilie domiciliee domicilies domiciliees installe installee installes installees wohnt wohnhaft lebt woont "
    "wonende wonend afkomstig aus".split())
# ('ans' is a cue only right before a comma; _HOME's age form starts at its digits: _age_commas finds both)
_ANS_COMMA = re.compile(r"ans[ \t]*,")  # (a literal the engine skips to: what _age_commas starts from)
# (the two forms _age_commas finds, as patterns: kept as its definition, which the tests compare it with)
_AGE_COMMA = re.compile(r"\d[ \t]?ans[ \t]*,")
_AGE_AT = re.compile(r"(?<![\w-])\d{1,3}[ \t]?ans[ \t]*,")
# a contact line: a name, a comma, one capitalised word, then a phone number ('Jean Noël, Rodt, tél. 080 22 ...')
_PHONE_GATE = re.compile(r"\d{2,4}[ ./]?\d{2}[ ./]?\d{2}[ ./]?\d{2}")
_CONTACT_TOWN = re.compile(
    rf"(?<=[a-zà-ÿA-ZÀ-Ý]),[ \t]*(?P<name>{_CAP})[ \t]*(?:[,—–:]|[ \t]-)?[ \t]*(?:(?i:t[ée]l|gsm|phone|fon|tél)\.?[ \t]*:?[ \t]*)?"
    rf"(?:\+\d{{2}}[ \t]?|0)\d{{1,3}}(?:[ ./]?\d{{2,3}}){{3}}")
# a doctor's name, a comma and one capitalised word closing the line or the sentence: the doctor's town
_DOCTOR_WORDS = frozenset({"dr", "docteur", "dre", "drs", "dokter", "doktor"})
_DOCTOR_TOWN = re.compile(
    rf"(?<![\w-])(?:Dr|Dre|Docteur|Dokter|Doktor)\.?[ \t]+(?:[A-ZÀ-Ý]\.(?:-?[A-ZÀ-Ý]\.)*[ \t]*)?(?:{_CAP}[ \t]+){{0,2}}{_CAP},"
    rf"[ \t]*(?P<name>{_CAP})"
    rf"[ \t]*(?:[.;)]{{0,2}}[ \t]*$|[.;][ \t]+(?=[A-ZÀ-Ý]))", re.M)
# a care home's name, then its village in brackets: 'MR Les Hirondelles (Melreux)' (not a hospital's: the bracket
# there often holds its group, 'Clinique Sainte-Anne (Chirec)')
_CARE_HEADS = (r"MRS?|EHPAD|USLD|MAS|FAM|(?i:résidence|residence|home|seniorie|maison[ \t]+de[ \t]+repos|"
               r"maison[ \t]+de[ \t]+retraite|foyer)")
_CARE_GATE = re.compile(rf"(?<![\w-])(?:{_CARE_HEADS})(?![\w-])")
_CARE_HOME_TOWN = re.compile(
    rf"(?<![\w-])(?:{_CARE_HEADS})[ \t]+(?:{_PARTICLE}[ \t]*)?{_CAP}(?:[ \t]+(?:{_PARTICLE}[ \t]*)?{_CAP}){{0,3}}[ \t]*"
    rf"\([ \t]*(?P<name>{_CAP})[ \t]*\)")
_HOSPITAL_HEADS = r"(?i:clinique|polyclinique|hôpital|hopital|centre[ \t]+hospitalier)"
_HOSPITAL_GATE = re.compile(rf"(?<![\w-]){_HOSPITAL_HEADS}(?![\w-])")
_HOSPITAL_GROUP = re.compile(
    rf"(?<![\w-]){_HOSPITAL_HEADS}[ \t]+(?:{_PARTICLE}[ \t]*)?{_CAP}(?:[ \t]+(?:{_PARTICLE}[ \t]*)?{_CAP}){{0,3}}[ \t]*"
    rf"\([ \t]*(?P<name>{_CAP})[ \t]*\)")
# a road's number: 'sur l'A7', 'la N626', 'op de E17', 'auf der B266', 'l'autoroute A36', 'la RN 113', 'la D 934'
# (the number is the place, as the writers who mark roads write it); found from the number, then the words before it
# are checked (_road_cued): a vertebra ('de D12', 'T12', 'L1'), a vitamin ('la B12'), a stage ('N0') is no road
_ROAD_NUMBER = re.compile(r"(?<=[ \t'’])(?P<letters>RN|RD|N|A|E|D|B)[ \t]?(?P<digits>\d{1,4})(?![\w'’-]|[.,]\d)")
_ROAD_NUMBER = re.compile(r"(?=[RNAEDB])" + _ROAD_NUMBER.pattern)  # (led by its letters: same matches, faster)
_ROAD_HEAD = re.compile(r"(?<![\w-])(?i:autoroute|autosnelweg|snelweg|autobahn|autostrada|route|nationale|départementale|"
                        r"departementale|rocade|ring|bundesstraße|bundesstrasse)[ \t]*$")
_ROAD_ARTICLE = re.compile(r"(?:(?<![\w-])(?P<word>(?i:la|de|der|sur))[ \t]+|(?<![\w-])(?P<elided>[lL]['’]))$")
_ROAD_MOTION = re.compile(r"(?<![\w-])(?i:sur|par|vers|via|depuis|quitté|quitte|emprunté|emprunte)[ \t]+$")
_ROAD_DUTCH = re.compile(r"(?<![\w-])(?i:op|van|naar|bij)[ \t]+de[ \t]+$")
_ROAD_GATE = re.compile(r"[NAEDB][ \t]?\d")
# a farmer's, fisher's or winegrower's village after the trade: 'agriculteur de Javouhey', 'pêcheur à Étel', 'Landwirt
# in Krinkelt', 'boer te Meerhout' (one lower-case word may come between: 'agriculteur hmong de ...')
_TRADES = ("agriculteur|agricultrice|cultivateur|cultivatrice|éleveur|éleveuse|eleveur|viticulteur|viticultrice|vigneron|"
           "vigneronne|maraîcher|maraîchère|maraicher|pêcheur|pêcheuse|pecheur|marin-pêcheur|ostréiculteur|ostréicultrice|"
           "bûcheron|bucheron|berger|bergère|paysan|paysanne|planteur|planteuse|Landwirt|Landwirtin|Bauer|Bäuerin|"
           "Winzer|Winzerin|Förster|landbouwer|landbouwster|boer|boerin|veehouder|tuinder|wijnboer")
# words of a header's service or document part in Dutch and German (no French list has them): no town there
_HEADER_WORDS = frozenset({"aufnahme", "notaufnahme", "notfall", "ambulanz", "station", "abteilung", "befund", "bericht",
                           "roentgen", "rontgen", "spoed", "spoedgevallen", "spoedopname", "opname", "dienst", "afdeling",
                           "raadpleging", "consultatie", "verslag", "verpleegafdeling", "polikliniek", "radiologie",
                           "secretariaat", "sekretariat", "urgences", "accueil", "transmissions"})
_INSTITUTION_PARTS = re.compile(r"ziekenhuis|kliniek|klinik|spital|hospital|centrum|zentrum|praxis|groep|gruppe")
_HOME_FIELD_WORDS = frozenset({"woonplaats", "wohnort", "localite", "residence", "quartier", "village", "commune", "ville",
                               "hameau", "fokontany", "douar", "provenance", "lieu"})  # ('Quartier : Mvog-Mbi', 'Village : X')
_TRADE_WORDS = frozenset(fold(w) for w in _TRADES.split("|"))
# after 'de' only the trades whose 'de' says where (not 'éleveur de Charolais', 'pêcheur de Homards')
_TRADES_DE = frozenset({"agriculteur", "agricultrice", "cultivateur", "cultivatrice", "viticulteur", "viticultrice",
                        "vigneron", "vigneronne", "maraicher", "maraichere", "paysan", "paysanne", "planteur", "planteuse"})
_TRADE_TOWN = re.compile(
    rf"(?<![\w-])(?P<trade>(?i:{_TRADES}))[ \t]+(?:[a-zà-ÿ]+[ \t]+)?(?P<prep>(?i:de|d['’]|à|a|in|aus|te|uit))[ \t]*"
    rf"(?P<name>{_CAP})(?![\w'’-]|[ \t]+{_CAP})")
# a town cut at a hyphen by a line break ('Saint-' / 'Jean-de-Luz')
_HYPHEN_BREAK = re.compile(rf"(?P<a>[A-ZÀ-Ý][\w'’]*(?:-[\w'’]+)*-)[ \t]*\n[ \t]*(?P<b>{_CAP})")
# the heads of an institution's name: a header line 'Home Saint-Joseph – X', 'Centre médical Les Aubépines, X' closes
# with its town (after a dash or a comma, at the line's end or before another dash)
_INSTITUTION_HEADS = (r"(?i:hôpital|hopital|hôpitaux|hopitaux|clinique|cliniques|polyclinique|centre|chu|chr|chc|ch|chi|az|"
                      r"uz|ehpad|mrs|mr|home|résidence|residence|maison|cabinet|imagerie|radiologie|laboratoire|groupe|"
                      r"institut|gie|école|ecole|collège|college|lycée|lycee|club|ambulances|pharmacie|ssr|usld|klinik|"
                      r"krankenhaus|ziekenhuis|kliniek|seniorie|foyer|dispensaire|cdps|smr|crf|fondation|association|ospedale|"
                      r"policlinico|clinica|hospital|spital|physio|physiothérapie|physiotherapie|kiné|kine|kinésithérapie|"
                      r"kinesitherapie|ostéopathie|osteopathie|orthodontie|ophtalmologie|podologie|orthophonie)")
_HEADER_TOWN = re.compile(
    rf"(?=[-–—,])(?:(?<=[ \t])[-–—]|,)[ \t]*(?P<name>{_CAP}(?:[ \t-]+(?:{_PARTICLE}[ \t-]*)?{_CAP}){{0,2}}|[A-ZÀ-Ý]{{4,}}(?:-[A-ZÀ-Ý]{{2,}})*)"
    rf"[ \t]*(?=$|[ \t][-–—/][ \t]|[ \t]*\(|\.?$)", re.M)
_HEAD_WORD = re.compile(rf"(?<![\w-]){_INSTITUTION_HEADS}(?![\w-])")
# a town opening a letterhead, before a dash and an institution's head word ('Rabat – Hôpital Ibn Sina')
_HEADER_DASH = re.compile(r"[ \t][-–—][ \t]")
_HEADER_OPENING_TOWN = re.compile(rf"[ \t]*(?P<name>{_CAP}(?:[ \t-]+(?:{_PARTICLE}[ \t-]*)?{_CAP}){{0,2}})[ \t]+[-–—][ \t]+")
# (session 24) a listed town alone on the line under a letterhead's institution line ('Cabinet de radiologie X⏎[Town]')
_LINE_TOWN = re.compile(rf"\n[ \t]*(?P<name>{_CAP}(?:[ \t-]+(?:{_PARTICLE}[ \t-]*)?{_CAP}){{0,2}})[ \t]*\.?[ \t]*(?=\n|$)")
# (session 24) a listed town between commas after an institution's name in the same clause ('à la clinique des
# Lilas, [Town], en 2019'): the head word must stand in the clause before the first comma
_CLAUSE_TOWN = re.compile(rf",[ \t]*(?P<name>{_CAP}(?:[ \t-]+(?:{_PARTICLE}[ \t-]*)?{_CAP}){{0,2}})[ \t]*,")
_CLAUSE_START = re.compile(r"[,;:(\n]|\.[ \t]")
# (session 24) a town after the emergency ward that received the patient: 'vu aux urgences de [Town]' (a listed town
# only, no saint's name: 'urgences de Saint-Joseph' is a hospital)
_URGENCES_TOWN = re.compile(rf"(?<![\w-])(?i:urgences|service[ \t]+des[ \t]+urgences|SAU)[ \t]+(?:de|d['’])[ \t]*"
                            rf"(?P<name>{_CAP})(?![\w'’-]|[ \t]+{_CAP})")
# the same heads folded: each _HEAD_WORD match is a whole token of these, or a part of a token between apostrophes
# ("jusqu'hôpital"): the lines _header_towns scans are found from the tokens
_HEAD_FOLDED = frozenset(fold(w) for w in _INSTITUTION_HEADS[4:-1].split("|"))
# a trade or an institution, a comma and a town in brackets: '(rhumatologue, X)', '(GAEC de Kerlann, X)'
_BRACKET_TOWN = re.compile(rf"\((?P<pre>[^()\n]{{2,80}}),[ \t]*(?P<name>{_CAP}(?:[ \t-]+(?:{_PARTICLE}[ \t-]*)?{_CAP}){{0,2}})[ \t]*\)")
_LOWER_WORD = re.compile(r"(?<![\w-])[a-zà-ÿ]{4,}(?![\w-])")
# a field of residence: 'Domicile : X', 'woonplaats / domicile : X', 'Wohnort: X', 'Localité : X'
_HOME_FIELD = re.compile(
    rf"(?<![\w-])(?i:domicile|woonplaats|wohnort|localité|localite|lieu[ \t]+de[ \t]+résidence|lieu[ \t]+de[ \t]+residence|"
    rf"ville[ \t]+de[ \t]+résidence|commune[ \t]+de[ \t]+résidence|quartier|village|commune|ville|hameau|fokontany|douar|"
    rf"provenance|lieu[ \t]+de[ \t]+l['’]accident|lieu[ \t]+des[ \t]+faits|lieu[ \t]+de[ \t]+l['’]agression|"
    rf"lieu[ \t]+de[ \t]+la[ \t]+chute|lieu[ \t]+de[ \t]+naissance)[ \t]*:[ \t]*"
    rf"(?P<name>{_CAP}(?:[ \t-]+(?:{_PARTICLE}[ \t-]*)?{_CAP}){{0,3}})(?=[ \t]*(?:$|[,;(.]|[ \t][-–—]))", re.M)
_PAREN_WORD = re.compile(r"\([ \t]*[\w'’-]+[ \t]*\)")  # (what the doctor's bracket needs: one word in brackets)
# the town of a company's registry: 'RCS Vannes B 443 128 906'
# ('R.C.S. Nanterre', 'RCS de Lyon' with the number further on: a known town only, which _checked tests)
_RCS_TOWN = re.compile(rf"(?<![\w-])(?:RCS|R\.C\.S\.?)[ \t]+(?:(?P<de>d[eu][ \t]+|d['’])?)"
                       rf"(?P<name>{_CAP}(?:[ \t-][A-ZÀ-Ý][\w'’]+(?:-[\w'’]+)*){{0,2}}|[A-ZÀ-Ý]{{3,}}(?:-[A-ZÀ-Ý]+)*)"
                       rf"(?=[ \t]+(?:[A-D][ \t]*)?\d{{3}}|(?(de)|[ \t]*(?:[,;.\n]|$|[ \t](?:sous|n[°o]|B[ \t]))))")
# near a place: 'près de X', 'à proximité de X', 'aux environs de X', 'ter hoogte van X', 'in de buurt van X'
_NEAR = re.compile(
    rf"(?<![\w-])(?i:près|pres|proximité|proximite|environs|alentours|non[ \t]+loin|au[ \t]+large|ter[ \t]+hoogte|buurt|nähe|naehe)"
    rf"[ \t]+(?i:de|d['’]|du|van|von)[ \t]*(?P<name>{_CAP}(?:[ \t-]+(?:{_PARTICLE}[ \t-]*)?{_CAP}){{0,2}})")
# above, below, up or down a place, north or south of it: 'chute en crevasse au-dessus de Zinal' (tried only where its
# first word stands: 'au-dessus', or the 'en'/'au'/'à' before 'dessous', 'amont', 'aval', 'nord', 'sud', 'hauteur')
_BELOW = re.compile(
    rf"(?<![\w-])(?i:au-dessus|au-dessous|en[ \t]+dessous|en[ \t]+amont|en[ \t]+aval|au[ \t]+nord|au[ \t]+sud|à[ \t]+hauteur)"
    rf"[ \t]+(?i:de|d['’]|du)[ \t]*(?P<name>{_CAP}(?:[ \t-]+(?:{_PARTICLE}[ \t-]*)?{_CAP}){{0,2}})")
_BELOW_WORDS = frozenset({"au-dessus", "au-dessous", "dessous", "amont", "aval", "nord", "sud", "hauteur"})
_NEAR_WORDS = frozenset({"pres", "proximite", "environs", "alentours", "loin", "large", "hoogte", "buurt", "nahe", "naehe"})
# a way down, up or across a named place: 'la descente du Maïdo', 'l'ascension du Cinto', 'la traversée de Groix' (the name alone;
# a natural head after the link is _NATURAL's: 'descente du col d'Aubisque')
_CLIMB = re.compile(
    r"(?<![\w-])(?i:descente|ascension|traversée|traversee)[ \t]+(?i:du|de[ \t]+la|de[ \t]+l['’]|des|de|d['’])[ \t]*"
    rf"(?P<name>{_CAP}(?:[ \t-]+(?:{_PARTICLE}[ \t-]*)?{_CAP}){{0,2}})")
_CLIMB_WORDS = frozenset({"descente", "ascension", "traversee"})
# an evacuation's start or end: 'évasanée de Tureia', 'hélitreuillé depuis Aurère', 'évacué vers Rikitea' (an unlisted name)
_EVACUATION = re.compile(
    r"(?<![\w-])(?i:évasan(?:ée?s?)?|evasan(?:ee?s?)?|évacuée?s?|evacuee?s?|hélitreuillée?s?|helitreuillee?s?|héliportée?s?|"
    r"heliportee?s?|rapatriée?s?|rapatriee?s?|hélicoptère|helicoptere|hélico|helico)"
    r"[ \t]+(?:(?i:par[ \t]+(?:avion|hélico|helico|hélicoptère|helicoptere|bateau|vedette|pirogue)|sanitaire|en[ \t]+urgence)[ \t]+)?"
    rf"(?i:de|d['’]|depuis|vers|sur)[ \t]*(?P<name>{_CAP}(?:[ \t-]+(?:{_PARTICLE}[ \t-]*)?{_CAP}){{0,2}})")
_EVACUATION_WORDS = frozenset({"evasan", "evasane", "evasanee", "evasanes", "evasanees", "evacue", "evacuee", "evacues",
                               "evacuees", "helitreuille", "helitreuillee", "heliporte", "heliportee", "rapatrie",
                               "rapatriee", "rapatries", "rapatriees", "helicoptere", "helico"})
# a place in brackets right after a listed town: 'Septon (Durbuy)', 'Fumay (Ardennes)', 'Oran (Algérie)'
_AFTER_TOWN_BRACKET = re.compile(rf"(?P<town>{_CAP}(?:[ \t-]+(?:{_PARTICLE}[ \t-]*)?{_CAP}){{0,3}})[ \t]*\([ \t]*"
                                 rf"(?P<name>{_CAP}(?:[ \t-]+(?:{_PARTICLE}[ \t-]*)?{_CAP}){{0,2}})[ \t]*\)")
# Dutch 'uit X', 'te X' (from, in): 'dhr. Peeters uit X', 'werkneemster bij V te X'
_DUTCH_AT = re.compile(rf"(?<![\w-])(?:uit|te)[ \t]+(?P<name>{_CAP}(?:-{_CAP})*)(?![\w'’-]|[ \t]+{_CAP})")
# a doctor's name, then his town in brackets: 'adressé par le Dr Régis (Schoelcher)', 'dr collignon (jambes)', 'Dr B.
# Hansen (Melbourne)' (an initial with its dot before the surname)
_DOCTOR_BRACKET = re.compile(
    rf"(?<![\w-])(?:Dr|Dre|Docteur|Pr|dr|docteur)\.?[ \t]+(?:[\w'’-]+\.?[ \t]+)?[\w'’-]+[ \t]*\([ \t]*(?P<name>{_CAP}|{_LOW})[ \t]*\)")
# a trip, a stay or an arrival, then (a few lower-case words later, in the same clause) a country or region: 'séjour
# récent au Cameroun', 'retour de vacances au Maroc', 'vient d'arriver de Mayotte', 'travaille comme saisonnier en
# Suisse' (the cue right before the country is _ORIGIN's; here lower-case words may come between)
_TRAVEL_CUES = frozenset(
    "sejour sejours sejourne sejournait voyage voyages voyagait voyageait vacances conges retour retours rentre rentree "
    "rentres rentrees revenu revenue revenus revenues revient reviennent arrive arrivee arrives arrivees arriver venu "
    "venue venus venues vient viennent venant provenance mission missions periple trek stage escale expatrie expatriee "
    "parti partie partis parties part partir repart repartir repartie reparti travaille travaillait travaillent evasane evasanee evacue evacuee "
    "transfere transferee rapatrie rapatriee".split())
_TRAVEL = re.compile(
    r"(?<![\w'’-])(?i:séjours?|séjourné|sejourne|sejours?|séjournait|voyages?|voyagé|voyageait|vacances|congés|conges|retours?|"
    r"rentrée?s?|revenue?s?|revien(?:t|nent)|arrivée?s?|arriver|venue?s?|vien(?:t|nent)|venant|provenance|missions?|"
    r"périple|periple|trek|stage|escale|expatriée?|partie?s?|part|partir|repartie?s?|repart|repartir|travaill(?:e|ait|ent)|évasanée?|evasanee?|"
    r"évacuée?|evacuee?|transférée?|transferee?|rapatriée?)(?![\w'’-])")
# then, in the same clause, a preposition and the country ('... récent au Cameroun'); the words between are checked
_TRAVEL_PLACE = re.compile(
    r"[ \t]+(?:au|aux|en|du|des|de|d['’])[ \t]*"
    rf"(?P<name>{_CAP}(?:[ \t-]{_CAP}){{0,2}}|[a-zà-öø-ÿ]{{4,}}(?:-[a-zà-öø-ÿ]+)*)")
# regions named by a compass word or 'centre': after a trip's cue they are mostly a building or a direction
_GENERIC_AREAS = frozenset({"centre", "center", "nord", "sud", "est", "ouest", "midi", "north", "south", "east", "west"})
_LOWER_TWO = re.compile(r"[a-zà-öø-ÿ]{4,}[ \t]+[a-zà-öø-ÿ]{3,}(?![\w'’-])")
_CLAUSE_END = re.compile(r"[.,;:!?()\[\]\n]")
_FILLER_WORD = re.compile(r"[a-zà-öø-ÿ]+(?:['’][a-zà-öø-ÿ]+)?|\d{1,2}")
# lower-case words that end the clause a trip's country is searched in ('séjour en réanimation puis retour au ...')
_TRAVEL_STOP = frozenset({"puis", "avant", "apres", "depuis", "pendant", "lors", "quand", "mais", "car", "donc", "pour",
                          "par", "avec", "sans", "chez", "dans", "sur", "sous", "qui", "que", "ou"})
# a second country or region joined to a found one: 'au Cameroun et au Bénin', 'en Espagne puis en Italie'
_COORDINATED = re.compile(rf"[ \t]*(?:,|et|puis|ou|,[ \t]*puis|,[ \t]*et)[ \t]+(?:au|aux|en)[ \t]+(?P<name>{_CAP}(?:[ \t-]{_CAP}){{0,2}})")
# place29 (session 23): a country abroad after a bare preposition of place or of a journey, the ones joined to it, and
# an examination done there (not the person's place); then a route's or a country field's list of countries
_FOREIGN_PREP = re.compile(
    r"(?<![\w'’-])(?:(?i:en|au|aux|par|via|vers)[ \t]+|(?i:par|via|vers)[ \t]+(?:la|le|les)[ \t]+|(?i:par|via|vers)[ \t]+l['’])"
    r"(?P<name>[A-ZÀ-Ý][\w'’-]*(?:[ \t]+(?:du|de|d['’])?[ \t]*[A-ZÀ-Ý][\w'’-]*){0,2}|(?<=en |au )[a-zà-ÿ]{4,}(?:-[a-zà-ÿ]+)?)")
# (in lower case, after 'en'/'au' only, a country that is no word: 'né en roumanie', not 'sauce au chili')
_LOWER_NOT_COUNTRIES = frozenset({"chili", "equateur", "guinee"})
_FOREIGN_MORE = re.compile(
    r"[ \t]*(?:,|et|puis|ou|,[ \t]*puis|,[ \t]*et)[ \t]+(?:(?:la|le|les|au|aux|en|par)[ \t]+|l['’])?"
    r"(?P<name>[A-ZÀ-Ý][\w'’-]*(?:[ \t]+(?:du|de|d['’])?[ \t]*[A-ZÀ-Ý][\w'’-]*){0,2})")
# a big town of two words written in lower case ('la rochelle', 'st quentin', 'le havre') (place29)
_LOWER_PAIR_GATE = re.compile(r"(?<![\w'’-])(?:la|le|les|st|ste|saint|sainte)[ \t]+[a-zà-ÿ]")
_LOWER_PAIR = re.compile(r"(?<![\w'’-])(?P<a>la|le|les|st|ste|saint|sainte)[ \t]+(?P<b>[a-zà-ÿ]{3,}(?:-[a-zà-ÿ]+)*)(?![\w'’-])")
# 'Le Bourg', a village's centre named as the locality of an address ('domicile : le Bourg, X', 'Le Bourg, 15300 X')
_LE_BOURG = re.compile(r"(?<![\w'’-])(?:[Ll]e|LE)[ \t]+(?:Bourg|BOURG)(?![\w'’-])")
_FOREIGN_TOWN = re.compile(r"[ \t]*\([ \t]*(?P<town>[A-ZÀ-Ý][\w'’-]*(?:[ \t]+[A-ZÀ-Ý][\w'’-]*){0,2})[ \t]*\)")
_EXAM_DONE = re.compile(r"(?i:réalis|realis|effectu|pratiqu|\bfaite?s?\b|opéré|opere|opérée|operee)")
_ROUTE_CUE = re.compile(
    r"(?<![\w-])(?i:parcours(?:[ \t]+migratoire)?|itinéraire(?:[ \t]+migratoire)?|route[ \t]+migratoire|"
    r"trajet[ \t]+migratoire|pays(?:[ \t]+d['’]origine|[ \t]+de[ \t]+naissance)?)[ \t]*:?[ \t]*")
_ROUTE_ITEM = re.compile(
    r"(?:(?:la|le|les)[ \t]+|l['’])?(?P<name>[A-ZÀ-Ý][\w'’-]*(?:[ \t]+(?:du|de|d['’])?[ \t]*[A-ZÀ-Ý][\w'’-]*){0,2})"
    r"(?:[ \t]*\([ \t]*(?P<town>[A-ZÀ-Ý][\w'’-]*(?:[ \t]+[A-ZÀ-Ý][\w'’-]*){0,2})[ \t]*\))?")
_ROUTE_SEP = re.compile(r"[ \t]*(?:,|[-–—→>/]|->|puis|et|,[ \t]*puis|,[ \t]*et)[ \t]*(?:(?:puis|et|vers)[ \t]+)?(?:(?:la|le|les)[ \t]+|l['’])?")
# an administrative area named after its head: 'canton de Vaud', 'province du Hainaut', 'wilaya de Tizi Ouzou',
# 'district de Bamako', 'département de la Creuse' (the name is the place, as writers mark it)
_ADMIN_WORDS = frozenset({"canton", "province", "departement", "wilaya", "willaya", "gouvernorat", "prefecture",
                          "district", "comte", "arrondissement", "municipalite", "region", "land", "etat", "commune", "daira",
                          "fokontany"})
_ADMIN = re.compile(
    r"(?<![\w-])(?P<head>(?i:canton|province|département|departement|wilaya|willaya|gouvernorat|préfecture|prefecture|district|"
    r"comté|arrondissement|municipalité|municipalite|région|region|Land|État|état|etat|commune|daïra|daira|fokontany))[ \t]+"
    r"(?:(?i:de[ \t]+la|de[ \t]+l['’]|du|des|de|d['’])[ \t]*)"
    rf"(?P<name>{_CAP}(?:[ \t-]+(?:{_PARTICLE}[ \t-]*)?{_CAP}){{0,3}})")
# an HL7 address (XAD: street^other^city^state^postcode^country, 'PID|...|14 RUE X^^LENS^^62300|'): the street, the
# city and the postcode, each a place
_HL7_ADDRESS = re.compile(
    r"(?<=[|~])(?P<street>[^|^~\n]*\d[^|^~\n]*|[^|^~\n]*[A-Za-zÀ-ÿ][^|^~\n]*)\^[^|^~\n]*\^(?P<city>[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ'’ \-]{1,40})"
    r"\^[^|^~\n]*\^(?P<zip>(?:[A-Z]{1,2}-)?\d{4,5})(?=[|^~\n]|$)")
# an address field whose first part is a locality, no street: 'Adresse : Le Bourg, 69870 X', 'domicile : Les Granges,
# 4000 X' (a lieu-dit before the postcode)
_FIELD_LOCALITY = re.compile(
    rf"(?i:adresse|domicile|adres)[ \t]*:[ \t]*(?P<name>{_CAP}(?:[ \t-]+(?:{_PARTICLE}[ \t-]*)?{_CAP}){{0,3}})[ \t]*,[ \t]*"
    r"(?:[BFL]-)?\d{4,5}[ \t]+[A-ZÀ-Ý]")
# a trip drawn as an arrow between two places, one of them a listed town: 'Evasan Hiva Oa -> Papeete', 'Rurutu → Tahiti'
# (the other side is a place too when it is a capitalised name that is no word, first name, acronym or care head:
# not 'CH de Guéret → CHU de Limoges', 'Dr Benoît -> IDE', 'Hubert Laurent -> Camille Dufour')
_ARROW = re.compile(rf"(?P<a>{_CAP}(?:[ \t]+{_CAP}){{0,3}})[ \t]*(?:->|→|=>)[ \t]*(?P<b>{_CAP}(?:[ \t]+{_CAP}){{0,3}})")
_ARROW_GATE = re.compile(r"->|→|=>")
_ARROW_NOT_PLACES = frozenset({"evasan", "evacuation", "transfert", "trajet", "vol", "rapatriement", "liaison", "navette",
                               "formulaire", "fiche", "demande", "sms", "message", "appel", "transport", "helico"})
_AT_UNKNOWN = re.compile(rf"(?:(?<=[a-zà-ÿ,)\d])|(?<=[A-ZÀ-Ý]{{2}}))[ \t]+à[ \t]+(?P<name>{_CAP})(?![\w'’-]|[ \t]+(?:{_PARTICLE}[ \t]+)?{_CAP}|[ \t]*\()")


def _age_commas(text: str) -> tuple[bool, list[int]]:
    """(the text holds r'\\d[ \\t]?ans[ \\t]*,' (a digit, 'ans', a comma: 'M. X, 82 ans, à Y'), the starts of
    r'(?<![\\w-])\\d{1,3}[ \\t]?ans[ \\t]*,' (the age's digits)): found from the literal 'ans' (the engine skips to
    it), the digits before it checked here."""
    found, starts = False, []
    for m in _ANS_COMMA.finditer(text):
        j = m.start()
        if j and text[j - 1] in " \t":
            j -= 1
        if not j or not text[j - 1].isdecimal():
            continue
        found = True
        r = j - 1
        while r and text[r - 1].isdecimal():
            r -= 1
        if j - r <= 3 and not (r and (text[r - 1].isalnum() or text[r - 1] in "_-")):
            starts.append(r)
    return found, starts


def _postcode_starts(text: str) -> Iterator[int]:
    """Starts of r'(?<![\\w\\-])(?:[BF]-)?\\d{4,5}[ \\t]+[A-ZÀ-Ý]' in ``text`` (a postcode, with its country letter,
    before a town): the digit before spaces and a capital found by _DIGIT_CAP (an attempt fails at the second character
    on every other digit), its run of 4 or 5 digits walked back here, the lookbehind and the letter checked here (a run
    of 6+ digits holds no postcode: its 5 last digits follow a digit)."""
    end = 0  # (the end of the last match yielded: its town's capital cannot start another, as 'B' in '1234 B-1000')
    for m in _DIGIT_CAP.finditer(text):
        r = p = m.start()
        while r and text[r - 1].isdecimal():
            r -= 1
        if not 3 <= p - r <= 4:
            continue
        s = r
        c = text[s - 1] if s else ""
        if not s or not (c.isalnum() or c in "_-"):
            end = m.end()
            yield s
        elif c == "-" and s >= 2 and s - 2 >= end and text[s - 2] in "BF" and not (
                s >= 3 and (text[s - 3].isalnum() or text[s - 3] in "_-")):
            end = m.end()
            yield s - 2


def _word_offsets(ctx: Context, cues: frozenset[str], words: set[str]) -> list[int]:
    """Offsets (ascending) where a word of ``cues`` (folded) starts: a whole token, or the part of a token after an
    apostrophe ('s'installe'). A rule whose match starts with its cue word then runs only there (_matches_at)."""
    folded, toks = ctx.folded, ctx.tokens
    out: list[int] = []
    for word in cues.intersection(words):  # (``words``: the set of ctx.folded)
        i = -1
        try:
            while True:
                i = folded.index(word, i + 1)
                out.append(toks[i][1])
        except ValueError:
            pass
    if "'" in ctx.folded_text:
        out.extend(start for start, word in _after_apostrophes(ctx) if word in cues)
    out.sort()
    return out


# (the last text and its words after an apostrophe, one tuple swapped whole: one scan per text, not per rule)
_APOSTROPHES_FOR: list[tuple[Any, tuple[tuple[int, str], ...]]] = [(None, ())]


def _after_apostrophes(ctx: Context) -> tuple[tuple[int, str], ...]:
    """(offset, word) of each word after an apostrophe in the folded text ('s'installe' -> 'installe'), found once per
    text: every cue-led rule of a text asks for them."""
    cached = _APOSTROPHES_FOR[0]
    if cached[0] is not ctx:
        cached = (ctx, tuple((m.start(1), m.group(1)) for m in _AFTER_APOSTROPHE.finditer(ctx.folded_text)))
        _APOSTROPHES_FOR[0] = cached
    return cached[1]


def _apostrophe_words(ctx: Context) -> set[str]:
    """The folded tokens holding an apostrophe ("jusqu'hopital"), and their elision-free forms: every word of the
    text's word set with an apostrophe, found from the apostrophes of the folded text (a few per text)."""
    out: set[str] = set()
    text, starts, folded, bare, toks = ctx.folded_text, ctx.starts, ctx.folded, ctx.bare, ctx.tokens
    p = text.find("'")
    while p >= 0:
        k = bisect.bisect_right(starts, p) - 1
        if k >= 0 and p < toks[k][2]:
            out.add(folded[k])
            out.add(bare[k])
        p = text.find("'", p + 1)
    return out


def _matches_at(pattern: re.Pattern[str], text: str, starts: list[int]) -> Iterator[re.Match[str]]:
    """What ``pattern.finditer(text)`` yields when every match starts at one of ``starts``: the match at each start,
    skipping starts inside the previous match (lookbehinds still see the text before a start)."""
    end = 0
    for start in starts:
        if start < end:
            continue
        m = pattern.match(text, start)
        if m:
            end = max(m.end(), start + 1)
            yield m


def _at_follows_word(text: str, at: int) -> bool:
    """The 'à' at ``at`` follows spaces or tabs after a lower-case letter, a comma, a bracket or a digit ('née en 1950
    à X', '(30 ans) à X', 'rue Y 8 à X'): _AT_UNKNOWN's lookbehind."""
    k = at - 1
    if k < 0 or text[k] not in " \t":
        return False
    while k >= 0 and text[k] in " \t":
        k -= 1
    return k >= 0 and ("a" <= text[k] <= "z" or "à" <= text[k] <= "ÿ" or text[k] in ",)" or "0" <= text[k] <= "9" or (
        # (after an acronym: 'apprenti chez Garage X SA à Y', 'IRM à Y', 'cariste chez Kuhn SAS à Y')
        k >= 1 and ("A" <= text[k] <= "Z" or "À" <= text[k] <= "Ý") and ("A" <= text[k - 1] <= "Z" or "À" <= text[k - 1] <= "Ý")))


def _led_by(first: str, pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The same pattern behind a lookahead of the characters every match starts with: Python's engine then skips
    to those characters instead of trying its lookbehind and alternatives at every position (same matches)."""
    return re.compile(f"(?={first})" + pattern.pattern, pattern.flags)


_ORIGIN = _led_by("(?i:[novhrsiéadgejt])", _ORIGIN)
_ORIGIN_FIELD = _led_by("(?i:[opnlgb])", _ORIGIN_FIELD)
_BORN_ON = _led_by("(?i:[ng])", _BORN_ON)
_HOME_FIELD = _led_by("(?i:[dwlvcqhfp])", _HOME_FIELD)
_ADMIN = _led_by("(?i:[cpdwgardmléf])", _ADMIN)
_HOME = _led_by(r"(?i:[vhrdiwla])|\d", _HOME)
_DOCTOR_TOWN = _led_by("D", _DOCTOR_TOWN)
_CONTACT_TOWN = _led_by(",", _CONTACT_TOWN)
_DOCTOR_BRACKET = _led_by("[DPd]", _DOCTOR_BRACKET)
_CARE_GATE = _led_by("[MEUF]|(?i:[rhsmf])", _CARE_GATE)
_CARE_HOME_TOWN = _led_by("[MEUF]|(?i:[rhsmf])", _CARE_HOME_TOWN)
_HOSPITAL_GATE = _led_by("(?i:[cph])", _HOSPITAL_GATE)
_HOSPITAL_GROUP = _led_by("(?i:[cph])", _HOSPITAL_GROUP)
# the same rule led by its 'à' (a literal prefix the engine skips to), the spaces and letter before it checked by
# _at_follows_word (same matches as _AT_UNKNOWN: only the name's offsets are used)
_AT_UNKNOWN_FROM_A = re.compile(rf"à[ \t]+(?P<name>{_CAP})(?![\w'’-]|[ \t]+(?:{_PARTICLE}[ \t]+)?{_CAP}|[ \t]*\()")

# The same patterns led by a character they consume (a literal or a character class): Python's engine skips to that
# character (a lookahead or lookbehind first, as in _led_by, is tried at every position instead); the lookbehind
# moves after it, widened by that character. Same matches (tests/deduce_fr/test_dfr_regressions_places12.py).
def _relead(pattern: re.Pattern[str], prefix: str, lead: str) -> re.Pattern[str]:
    """``pattern`` with its leading ``prefix`` replaced by ``lead`` (the same matches, written to start with what
    they consume)."""
    if not pattern.pattern.startswith(prefix):
        raise ValueError(f"{pattern.pattern[:40]!r} does not start with {prefix!r}")
    return re.compile(lead + pattern.pattern[len(prefix):], pattern.flags)


_DOCTOR_TOWN_FAST = _relead(_DOCTOR_TOWN, r"(?=D)(?<![\w-])(?:Dr|Dre|Docteur|Dokter|Doktor)",
                            r"D(?<![\w-]D)(?:r|re|octeur|okter|oktor)")
_CONTACT_TOWN_FAST = _relead(_CONTACT_TOWN, r"(?=,)(?<=[a-zà-ÿA-ZÀ-Ý]),", r",(?<=[a-zà-ÿA-ZÀ-Ý],)")
_COMPOUND_TOWN_FAST = _relead(_COMPOUND_TOWN, r"(?<![\w'’-])(?P<name>[A-ZÀ-Ý]", r"(?P<name>[A-ZÀ-Ý](?<![\w'’-][A-ZÀ-Ý])")

# endings of trades and roles written where a contact's town could be ('Cardiologue', 'Kinésithérapeute', 'Voisine')
_TRADE_ENDINGS = ("logue", "iste", "ien", "ienne", "ier", "iere", "eur", "euse", "trice", "ante", "aire", "ique", "peute",
                  "ine", "in", "ecin", "oux", "ouse", "ere", "eau", "elle", "ogie", "atrie", "urgie", "ence")
# a postcode and a town written in its two languages: '1000 Bruxelles/Brussel', '7700 Mouscron/Moeskroen'
# a town '<X>-sur-<Y>' abbreviated with a slash: 'Esch/Alzette', 'Boulogne s/Mer', 'Châlons s/ Marne'
_SLASH_SUR = re.compile(rf"(?<![\w'’-])(?P<a>{_CAP})[ \t]*(?:[sS][ \t]*/|/)[ \t]*(?P<b>{_CAP})")
_TWIN_GATE = re.compile(r"\d{4}[ \t]+[A-ZÀ-Ý][^\n/]{1,30}/[A-ZÀ-Ý]")
_TWIN_TOWN = re.compile(rf"(?<![\w-])(?:[BF]-)?\d{{4}}[ \t]+(?P<a>{_CAP}(?:[ \t-]{_CAP}){{0,2}})[ \t]*/[ \t]*"
                        rf"(?P<b>{_CAP}(?:[ \t-]{_CAP}){{0,2}})")
# a country or region right after 'en', 'au', 'aux' (then checked against the lists before any costlier pattern)
_NAME_AT = re.compile(rf"{_CAP}(?:[ \t-]{_CAP}){{0,2}}")
_NAME_AT_LOWER = re.compile(rf"{_CAP}(?:[ \t-]{_CAP}){{0,2}}(?:[ \t][a-zà-ÿ]{{4,}})?")


# a street right before the parts, after a comma: '3 rue du Bois-Perrin, appt 42', 'Cité des Flamants, bât. B7',
# 'avenue de la Libération 45, appt 3B' (one address, as writers mark it; a dash between keeps them apart)
_STREET_BEFORE_UNITS = re.compile(
    r"(?<![\w-])(?P<street>(?:\d{1,4}(?:[ \t]?(?:bis|ter|[a-c]))?[ \t]*,?[ \t]*)?(?i:rue|avenue|av\.|allées?|allee|"
    r"chemin|chaussée|chaussee|place|boulevard|bd|impasse|route|quai|square|clos|cours|drève|sentier|ruelle|venelle|"
    r"passage|lotissement|cité|cite|résidence|residence)[ \t]+[^,;:\n]{2,60}?)[ \t]*,[ \t]*$")
# a post box before a postcode or 'CEDEX': 'BP 4152, 69241 Lyon Cedex 04', 'CS 30001', 'Case postale 12, 1211 Genève'
_POST_BOX = re.compile(
    r"(?<![\w-])(?:BP|B\.P\.|CS|TSA|(?i:case[ \t]+postale|boîte[ \t]+postale|boite[ \t]+postale|postfach))[ \t]*"
    r"(?:(?i:n[°o])\.?[ \t]*)?\d{1,6}(?![\w/.-])(?=[ \t]*(?:[,\-–][ \t]*)?(?:\n[ \t]*)?(?:(?:[A-Z]{1,2}-)?\d{4,5}[ \t]+"
    r"[A-ZÀ-Ý]|(?i:cedex)))")
_POST_BOX_WORDS = frozenset({"bp", "cs", "tsa", "postale", "postfach"})
# a postcode, a locality and its town closing the line: '93210 La Plaine Saint-Denis', '13009 Marseille Mazargues' (one
# place, as the post writes it; the town or the locality is listed)
_POSTCODE_TWO_NAMES = re.compile(
    rf"(?:[BFL]-)?\d{{4,5}}[ \t]+(?P<a>{_CAP}(?:[ \t]+(?:{_PARTICLE}[ \t]*)?{_CAP}){{0,1}})[ \t]+(?P<b>{_CAP})"
    rf"(?=[ \t]*(?:$|[,;.)]|[ \t][-–—]))", re.M)
# a lieu-dit, a farm or a manor before a postcode, written with its article or its head: 'Dr X, Le Bourg, 23200 Y',
# 'Château de Verteuil, 16510 Y'; or alone on the line above the postcode's ('Château de Verteuil' / '16510 Y')
_PLACE_HEADS = (r"Château|Chateau|Domaine|Mas|Ferme|Manoir|Moulin|Bastide|Villa|Chalet|Hameau|Lieu-dit|Lieudit|"
                r"Métairie|Metairie|Closerie|Prieuré|Abbaye|Bergerie|Grange|Hof")
_LOCALITY_LED = re.compile(rf"(?:(?:Le|La|Les|L['’])[ \t]*{_CAP}|(?:{_PLACE_HEADS})(?![\w'’-]))")
_LOCALITY_LINE = re.compile(
    rf"[ \t]*(?P<name>(?:(?:Le|La|Les|L['’])[ \t]*{_CAP}|(?:{_PLACE_HEADS})(?:[ \t]+(?:{_PARTICLE}[ \t]*){{0,2}}|[ \t]*[«\"“][ \t]*)"
    rf"{_CAP})(?:[ \t-]+(?:{_PARTICLE}[ \t-]*){{0,2}}{_CAP}){{0,3}}[»\"”]?)[ \t]*,?[ \t]*$")
# a Swiss canton's code in brackets after a listed town: 'Aubonne (VD)', 'Delémont (JU)' (the code is a place too)
_CANTON_CODE = re.compile(
    rf"(?P<town>{_CAP}(?:[ \t-]+(?:{_PARTICLE}[ \t-]*)?{_CAP}){{0,3}})[ \t]*\([ \t]*(?P<code>AG|AI|AR|BE|BL|BS|FR|GE|GL|"
    rf"GR|JU|LU|NE|NW|OW|SG|SH|SO|SZ|TG|TI|UR|VD|VS|ZG|ZH)[ \t]*\)")
# a municipal district by its number: 'dans le 15e arrondissement', 'Paris XIVe', 'Lyon VIIIème' (the number written in
# digits after the town is the city annotator's: 'Paris 14e')
_ARRONDISSEMENT = re.compile(r"(?<![\w-])\d{1,2}[ \t]?(?:e|er|ème|eme|è|ᵉ)[ \t]+(?i:arrondissement)(?![\w-])")
_ROMAN_DISTRICT = re.compile(r"(?<![\w-])(?:Paris|PARIS|Lyon|LYON|Marseille|MARSEILLE)[ \t]+[IVX]{1,5}(?:e|er|ème|eme|è)(?![\w-])")
# a street written with an abbreviated head and a dot that the address annotator's list has not ('ch. des Vignes 3' for
# 'chemin', as Swiss letters write it; 'lot. Les Hauts du Bourg', 'Rés. Les Pins', 'sq. Jean Moulin'), or a number
# with 'bis'/'ter' and a comma before a street ('27 bis, impasse du Four')
_ABBREVIATED_STREET = re.compile(
    rf"(?<![\w-])(?:\d{{1,4}}(?:[ \t]?(?:bis|ter))?,?[ \t]+(?=[CcAaLlRrSs]))?"  # (its house number before it: '8 Ch. des Vignes')
    rf"(?:(?:ch|Ch|chem|Chem|all|All)\.[ \t]*(?:{_PARTICLE}[ \t]*){{1,2}}|(?:lot|Lot|rés|Rés|res|Res|sq|Sq)\.[ \t]*"
    rf"(?:{_PARTICLE}[ \t]*){{0,2}})(?:{_CAP})(?:[ \t-]+(?:{_PARTICLE}[ \t-]*){{0,2}}{_CAP}){{0,3}}"
    rf"(?:[ \t]*,?[ \t]*\d{{1,4}}(?:[ \t]?(?:bis|ter|[a-c]))?(?![\w,.]\d|[\w]))?")
_NUMBER_BIS_STREET = re.compile(
    rf"(?<![\w,.-])\d{{1,4}}[ \t]+(?:bis|ter|quater)[ \t]*,[ \t]*(?i:rue|avenue|av\.|allée|allee|chemin|chaussée|place|"
    rf"boulevard|bd|impasse|route|quai|square|clos|cours|sentier|ruelle|venelle|passage|lotissement|cité|cite)[ \t]+"
    rf"(?:{_PARTICLE}[ \t]*){{0,2}}{_CAP}(?:[ \t-]+(?:{_PARTICLE}[ \t-]*){{0,2}}{_CAP}){{0,4}}")
# a house number before 'Grand-Rue', 'Grand Rue', 'Grand'Rue', 'Grand-Place', 'Petite Rue' (the street-first form is
# _STREET_FIRST's: 'Grand-Rue 7')
_NUMBER_GRAND_STREET = re.compile(
    r"(?<![\w,.-])\d{1,3}(?:[ \t]?(?:bis|ter|[a-c]))?[ \t]*,?[ \t]*(?:Grand(?:e)?(?:-|[ \t]|['’][ \t]?)(?:Rue|Place|Route)|"
    r"Petite(?:-|[ \t])Rue)(?![\w'’-]|[ \t]*\d)")  # (not a year before a street-first address: 'née en 1952, Grand-Rue 4')
# words written after a birth date and 'à' that say how or where, not which town ('né à terme', 'née à domicile')
_BIRTH_NOT_PLACES = frozenset({"terme", "domicile", "maternite", "hopital", "clinique", "midi", "minuit", "heure"})
_ABBREVIATED_WORDS = frozenset({"ch", "chem", "all", "lot", "res", "sq", "bis", "ter", "quater"})
_ABBREVIATED_GATE = re.compile(r"(?<![\w-])(?:ch|chem|all|lot|res|sq)\.|\d[ \t]+(?:bis|ter|quater)[ \t]*,")
# toponyms' endings that look like a trade's ('Clairefontaine', 'Bellefontaine' end like 'voisine')
_PLACE_ENDINGS = ("fontaine",)
_CANTON_GATE = re.compile(r"\([ \t]*(?:AG|AI|AR|BE|BL|BS|FR|GE|GL|GR|JU|LU|NE|NW|OW|SG|SH|SO|SZ|TG|TI|UR|VD|VS|ZG|ZH)[ \t]*\)")


# a country closing a town after a comma: 'tourist from Köln, Germany', 'resident of Accra, Ghana' (what follows the
# country ends the phrase: not a company's name 'Paris, France Télécom')
_COUNTRY_CLOSES = re.compile(r"[ \t]*(?:[.,;:)\]\n]|$)")
# (session 24) a birth date earlier on the line: what makes a country after a comma the person's ('née le ...,
# Soudan')
_BORN_DATE_BEFORE = re.compile(r"(?<![\w-])(?i:née?s?|n[ée]\(e\))[ \t]+(?i:le[ \t]*)?:?[ \t]*\d")
# English cues of origin or home (letters and messages of foreign patients and their insurers): a listed country or
# town after them is the person's ('visiting from Tel Aviv', 'Hanna from Finland', 'resident of Accra')
_ENGLISH_ORIGIN_CUES = frozenset({"from", "resident", "native", "born", "living", "lives", "lived", "based", "visiting",
                                  "moved", "returned", "travelled", "traveled"})
_ENGLISH_ORIGIN = re.compile(
    rf"(?:from|resident[ \t]+of|native[ \t]+of|born[ \t]+in|living[ \t]+in|lives[ \t]+in|lived[ \t]+in|based[ \t]+in|"
    rf"visiting|moved[ \t]+to|returned[ \t]+to|travell?ed[ \t]+to)[ \t]+(?:the[ \t]+)?(?P<name>{_CAP}(?:[ \t-]{_CAP}){{0,2}})",
    re.I)
# an English street address, number first and street type last: '14 Orchard Lane', '221 Baker Street'
_ENGLISH_STREET_TYPES = frozenset({"street", "road", "lane", "drive", "close", "crescent", "gardens", "terrace", "way",
                                   "avenue", "court", "grove", "mews", "row", "walk"})
_ENGLISH_STREET = re.compile(
    rf"\d(?<![\w,.-]\d)\d{{0,3}}[a-zA-Z]?,?[ \t]+(?:{_CAP}[ \t]+){{1,3}}(?:Street|St\.|Road|Rd\.?|Lane|Drive|Close|Crescent|"
    rf"Gardens|Terrace|Way|Avenue|Ave\.?|Court|Grove|Mews|Row|Walk)(?![\w'’-])")
# a British postcode after its town, then the country: 'Harrogate HG1 2QT, United Kingdom' (town and postcode one place)
_UK_WORDS = frozenset({"uk", "kingdom", "england", "scotland", "wales", "ireland", "address"})
_UK_POSTCODE = re.compile(
    rf"(?P<town>{_CAP}(?:[ \t]{_CAP}){{0,2}})[ \t]+(?P<pc>[A-Z]{{1,2}}\d[A-Z\d]?[ \t]\d[A-Z]{{2}})(?![\w'’-])"
    rf"(?:[ \t]*,[ \t]*(?P<country>{_CAP}(?:[ \t-]{_CAP}){{0,2}}))?")
# words after which 'à <Name>' names a germ ('infection à Klebsiella', 'colonisation à Pseudomonas'), and the Latin
# species epithet that follows a genus ('Staphylococcus epidermidis', 'Escherichia coli', 'Klebsiella pneumoniae')
_INFECTION_WORDS = frozenset(
    "infection infections surinfection pneumopathie pneumonie colonisation colonise colonisee bacteriemie septicemie sepsis "
    "choc meningite endocardite arthrite osteite osteomyelite spondylodiscite portage porteur porteuse abces "
    "contamination contamine contaminee cellulite fasciite diarrhee mycose candidose germe germes bacille positif positive "
    "positifs positives isolement infecte infectee".split())
_EPITHET = re.compile(r"[ \t]+([a-z]{3,}(?:us|is|ae|um|ii|i|a|es|ens|ans|ensis|oides))(?![\w'’-])")
# a country then a year: where something happened to the person ('traumatisme en Afghanistan en 2021')
_YEAR_AFTER = re.compile(r"[ \t]+(?:en|in)[ \t]+\d{4}(?!\d)")
# the square of Belgian and northern towns named alone: 'chute sur la Grand-Place', 'de la Grand'Place'
_GRAND_PLACE = re.compile(r"(?<![\w'’-])Grand(?:-|['’])Place(?![\w'’-])")


# Streets abroad, by their head word in the country's language (Italian, Spanish, Catalan, Portuguese, Romanian,
# Polish, Albanian): 'Via Garibaldi 45', 'Calle Mayor 5', 'Rua das Flores 12', 'ul. Długa 3'. Heads that are no word
# in French text ('Rua', 'Calle', 'Viale', 'Piazza') make a street alone; those that are ('Via', 'Corso', 'Largo',
# 'Plaza', 'Strada') only with a house number before or after the name.
_FOREIGN_STREET_HEADS = frozenset({"via", "viale", "corso", "piazza", "piazzale", "largo", "vicolo", "calle", "avenida",
                                   "avda", "plaza", "paseo", "carrer", "camino", "rua", "travessa", "praca", "estrada",
                                   "strada", "ulica", "ul", "rruga", "bulevardul", "calea", "aleja"})
_FOREIGN_STREET_ALONE = frozenset({"viale", "piazza", "piazzale", "vicolo", "calle", "avenida", "avda", "carrer", "rua",
                                   "travessa", "praca", "ulica", "ul", "rruga", "bulevardul", "calea", "aleja"})
_FOREIGN_LINK = r"(?:de|del|della|delle|dello|dei|degli|di|da|das|do|dos|de[ \t]+la|la|los|las|el|dell['’]|d['’]|lui)"
_FOREIGN_STREET = re.compile(
    rf"(?<![\w'’-])(?:(?P<pre>\d{{1,4}}[a-zA-Z]?)[ \t]*,?[ \t]+)?"
    rf"(?P<head>Via|Viale|Corso|Piazza|Piazzale|Largo|Vicolo|Calle|Avenida|Avda\.|Plaza|Paseo|Carrer|Camino|Rua|Travessa|"
    rf"Praça|Praca|Estrada|Strada|Ulica|ul\.|Ul\.|Rruga|Bulevardul|Calea|Aleja)[ \t]+"
    rf"(?P<name>(?:{_FOREIGN_LINK}[ \t]*)?{_CAP}(?:[ \t]+(?:{_FOREIGN_LINK}[ \t]+)?{_CAP}){{0,3}})"
    rf"(?:[ \t]*,?[ \t]*(?P<post>(?:(?i:n[º°o]|nr)\.?[ \t]*)?\d{{1,4}}[a-zA-Z]?)(?![\w,.]\d|[\w'’-]))?")
# the town after such a street and a comma, closing the address ('Via Roma 3, Torino', 'Rua das Flores 12, Porto')
_TOWN_AFTER_STREET = re.compile(rf"[ \t]*,[ \t]*(?P<town>{_CAP}(?:[ \t-]{_CAP}){{0,2}})(?=[ \t]*(?:[.,;)\n]|$))")
# a Dutch or German street written in one word with no house number ('woont in de Kerkstraat', 'Unfall in der
# Hauptstraße'): the suffixes that make no ordinary word ('-laan', '-dreef', '-steenweg'; not '-platz', '-weg', '-markt':
# 'Arbeitsplatz', 'Umweg' are words); found by one search of the folded text, then the capitalised word itself
_ONE_WORD_STREET_GATE = re.compile(r"[a-zß](?:straat|steenweg|laan|dreef|gracht|singel|kaai|strasse|straße|gasse)\b")
_ONE_WORD_STREET = re.compile(
    r"(?<![\w'’-])[A-ZÀ-Ý][a-zà-ÿß]{2,}(?:-[A-ZÀ-Ýa-zà-ÿß]+)*(?:straat|steenweg|laan|dreef|gracht|singel|kaai|strasse|straße|"
    r"gasse)(?![\w'’-])")
# a Canadian postcode ('H2X 3K8': letters D, F, I, O, Q, U never used) after a province's code or name or a listed town
# on its line ('Montréal (QC) H2X 3K8', 'Gatineau, Québec J8Y 6T3'); the province code after its town is a place too
# (the folded words every kept Canadian postcode has before it: its province, a set test before any regex)
_CA_PROVINCE_WORDS = frozenset({"qc", "quebec", "on", "ont", "ontario", "nb", "n.-b", "ns", "n.-e", "mb", "man", "manitoba",
                                "sk", "sask", "ab", "alb", "alberta", "bc", "c.-b", "pe", "i.-p.-e", "nl", "t.-n.-l",
                                "nouveau-brunswick", "nouvelle-ecosse", "canada"})
_CA_POSTCODE_GATE = re.compile(r"[A-CEGHJ-NPR-TVXY]\d[A-CEGHJ-NPR-TV-Z][ \t-]\d[A-CEGHJ-NPR-TV-Z]\d(?![\w-])")
_CA_PROVINCE = (r"QC|Qc|ON|Ont\.|NB|N\.-B\.|NS|N\.-É\.|MB|Man\.|SK|Sask\.|AB|Alb\.|BC|C\.-B\.|PE|Î\.-P\.-É\.|NL|T\.-N\.-L\.|"
                r"Québec|Quebec|Ontario|Nouveau-Brunswick|Nouvelle-Écosse|Manitoba|Alberta|Canada")
_CA_ADDRESS = re.compile(
    rf"(?:(?P<town>{_CAP}(?:[ \t-]+(?:{_PARTICLE}[ \t-]*)?{_CAP}){{0,3}})[ \t]*,?[ \t]*)?"
    rf"(?:\(?(?P<province>{_CA_PROVINCE})\)?[ \t]*,?[ \t]*)?"
    rf"(?P<pc>[A-CEGHJ-NPR-TVXY]\d[A-CEGHJ-NPR-TV-Z][ \t-]\d[A-CEGHJ-NPR-TV-Z]\d)(?![\w-])")


# a place after a person's age in a header line, with a listed town further on the line: 'Aminata X, 25 ans,
# Badalabougou, derrière la mosquée, Bamako', 'Mme X, 38 ans, Bonabéri, Douala' (the quarter, then its town)
_AGE_PLACE = re.compile(rf"(?<![\w-])\d{{1,3}}[ \t]?ans[ \t]*,[ \t]*(?P<name>{_CAP}(?:[ \t-]{_CAP}){{0,2}})[ \t]*,(?P<rest>[^\n]{{1,60}})")
# a country in brackets or after a comma, right after a birthplace ('née à Hué (Viêt Nam)', 'né à Sète, France')
_COUNTRY_AFTER = re.compile(rf"[ \t]*(?:\([ \t]*|,[ \t]*)(?P<name>{_CAP}(?:[ \t-]{_CAP}){{0,2}})")
# endings of the adjectives and participles that say a person's state after their age ('Hypertendu', 'Alitée',
# 'Autonome', 'Sportif', 'Asthmatique'): no quarter's name
_STATE_ENDINGS = ("du", "due", "tu", "tue", "é", "ée", "e", "if", "ive", "ique", "eux", "euse", "ant", "ante", "ent",
                  "ente", "al", "ale", "el", "elle", "aire", "iste")
# two listed towns joined by a hyphen: a road or a route between them ('l'axe Garoua-Ngaoundéré', 'la ligne Namur-Arlon')
_TOWN_PAIR = re.compile(r"(?<![\w'’-])(?P<a>[A-ZÀ-Ý][a-zà-ÿ'’]{2,})-(?P<b>[A-ZÀ-Ý][a-zà-ÿ'’]{2,})(?![\w'’-])")
# a street and its house number after 'n°' ('avenue Kasa-Vubu n° 212', 'rue des Lilas, n° 4'): one place
_STREET_NUMERO = re.compile(
    rf"(?<![\w-])(?i:rue|avenue|av\.|boulevard|bd|route|chaussée|chaussee|place|allée|allee|impasse|chemin|quai|cours)[ \t]+"
    rf"(?:(?:{_PARTICLE})[ \t]*)*{_CAP}(?:[ \t]+(?:(?:{_PARTICLE})[ \t]*)*{_CAP}){{0,4}}[ \t]*,?[ \t]*"
    rf"(?i:n[°º]|no\.|numéro)[ \t]*\d{{1,4}}(?:[ \t]?(?:bis|ter|[a-c]))?(?![\w,.]\d|[\w'’-])")
# a plot address (Madagascar and the Indian Ocean write the plot's code, then its quarter: 'Lot II M 45 bis
# Antsahavola', 'Lot IVG 118 Ambohipo') on an address line
_STREET_HEAD_WORDS = frozenset({"rue", "avenue", "av", "boulevard", "bd", "route", "chaussee", "place", "allee", "impasse",
                                "chemin", "quai", "cours"})
_PLOT_ADDRESS = re.compile(
    rf"(?<![\w-])Lot[ \t]+(?:[IVX]{{1,4}}[ \t]?[A-Z]{{0,3}}[ \t]+)?\d{{1,4}}[ \t]*(?:bis|ter|[A-Z])?[ \t]+"
    rf"(?P<name>{_CAP}(?:[ \t-]{_CAP}){{0,2}})")
# a post box before a town, with no postcode (Africa, the Levant: 'BP 3088 Kinshasa-Gombe', 'B.P. 45, Niamey')
_POST_BOX_TOWN = re.compile(rf"(?<![\w-])(?:BP|B\.P\.)[ \t]*(?:(?i:n[°o])\.?[ \t]*)?\d{{1,6}}[ \t]*,?[ \t]+"
                            rf"(?P<name>{_CAP}(?:[ \t-]{_CAP}){{0,2}})")


# an address field written as places between commas, closed by a listed town or country, no street number
# ('Adresse : Angré 8e tranche, Cocody, Abidjan', 'Domicile : Hamra, rue Makdessi, Beyrouth', 'Adresse : Pétion-Ville,
# Haïti'): each capitalised part before the town is a quarter or a locality (a name and a number: 'Riviera 2')
_ADDRESS_FIELD = re.compile(r"(?i:adresse|domicile|adres|adiresy|address)[ \t]*:[ \t]*(?P<value>[^\n]{3,160})")
_FIELD_PART = re.compile(rf"[ \t]*(?P<name>{_CAP}(?:[ \t-]+(?:{_PARTICLE}[ \t-]*)?{_CAP}){{0,2}})(?:[ \t]+\d{{1,3}})?[ \t]*$")
_FIELD_WORDS_ADDRESS = frozenset({"adresse", "domicile", "adres", "adiresy", "address"})
# street names with an Arabic particle or a regnal number: 'rue Abdel Wahab el-Inglizi', 'rue Hassan al-Banna',
# 'boulevard Mohammed V' (the address annotator's name stops before them)
_ARABIC_STREET = re.compile(
    rf"(?<![\w-])(?:\d{{1,4}}(?:[ \t]?(?:bis|ter))?,?[ \t]+)?(?i:rue|avenue|av\.|boulevard|bd|place|impasse|route|chemin|allée|allee)[ \t]+"
    rf"(?:{_CAP}[ \t]+){{0,3}}(?:(?:(?:el|al|ben|bin|ibn|ould|abou|ait|aït)(?:-|[ \t]+)[A-ZÀ-Ýa-zà-ÿ][\w'’]*|{_CAP})[ \t]*)+"
    rf"(?:[ \t]+[IVX]{{1,4}}(?![\w'’-]))?")
_ARABIC_STREET_GATE = re.compile(r"(?<![\w-])(?:el|al|ben|bin|ibn|ould|abou|ait|aït)(?:-|[ \t])|[ \t][IVX]{1,4}(?![\w'’-])")
# the same test as two searches led by what they consume (a particle's first letter; a capital I, V or X, rare), each
# lookbehind moved after that letter: the engine skips to those letters instead of trying every position (same truth)
_ARABIC_PARTICLE = re.compile(
    r"(?:e(?<![\w-]e)l|a(?<![\w-]a)(?:l|bou|it|ït)|b(?<![\w-]b)(?:en|in)|i(?<![\w-]i)bn|o(?<![\w-]o)uld)(?:-|[ \t])")
_ROMAN_AFTER_SPACE = re.compile(r"[IVX](?<=[ \t][IVX])[IVX]{0,3}(?![\w'’-])")


def _arabic_gate(text: str) -> bool:
    """``_ARABIC_STREET_GATE.search(text)`` is truthy."""
    return bool(_ROMAN_AFTER_SPACE.search(text) or _ARABIC_PARTICLE.search(text))


# --- session 21: quarters, villages and address parts of Francophone Africa, the Maghreb, the Levant and Haiti ---
# a Maghreb or Levant place led by its toponymic word, the word part of the name ('Bab El Oued', 'Ksar El Kebir',
# 'Deir el-Qamar', 'Kfar Chima', 'Hassi Messaoud', 'Bordj Bou Arreridj', 'Aïn Témouchent', 'Hay Riad'); 'douar',
# 'mechta', 'dechra' (a rural village, a hamlet) in lower case are heads outside the name, as 'village' is
# ('douar [Ouled Ali]'); capitalised heads only ('l'Ain', 'le bab', 'un oued' are a département and words)
_TOPONYM_WORDS = frozenset({"douar", "mechta", "dechra", "ksar", "bordj", "kfar", "hassi", "oued", "tizi", "djebel",
                            "jebel", "zaouia", "zaouiet", "menzel", "kafr", "deir", "hay", "bab", "souk", "ain"})
_ARABIC_PART = rf"(?:(?:el|al|es|ed|en|ez|er|et|ech|ben|bou|ou|n)[ \t'’-]+)?{_CAP}"
_TOPONYM = re.compile(
    rf"(?<![\w'’-])(?P<head>(?i:douar|mechta|dechra)|Ksar|Bordj|Kfar|Hassi|Oued|Tizi|Djebel|Jebel|Zaouia|Zaouiet|Menzel|"
    rf"Kafr|Deir|Hay|Bab|Souk|Aïn|Ain)[ \t]+(?P<name>{_ARABIC_PART}(?:[ \t-]+{_ARABIC_PART}){{0,2}})")
# a numbered part of a town in an address: Burkinabè and Rwandan 'secteur 22', Dakar's 'unité 17', 'zone 4', 'cellule
# 3', Beninese 'carré 245', Congolese 'parcelle 12', 'îlot 8', the kilometre points of Abidjan, Douala and Tahiti ('PK
# 14'), Abidjan's '7e tranche': a place only beside another place (a comma from a capitalised name or a town, or right
# after a capitalised name), never alone ('médecin secteur 2', 'zone 3 du sein', 'unité 12 de soins intensifs')
_AREA_PART_WORDS = frozenset({"secteur", "unite", "zone", "cellule", "carre", "parcelle", "ilot", "tranche", "pk"})
_AREA_PART = re.compile(
    r"(?<![\w-])(?:(?:(?i:secteur|unité|unite|zone|cellule|carré|carre|parcelle|îlot|ilot)|PK)[ \t]*(?:(?i:n[°ºo])\.?[ \t]*)?"
    r"\d{1,4}[A-Z]?|\d{1,2}(?:e|ème|eme|è)[ \t]+(?i:tranche))(?![\w'’]|[.,]\d)")
_CAP_RUN_BEFORE = re.compile(rf"(?<![\w'’-]){_CAP}(?:[ \t]+{_CAP}){{0,2}}[ \t]+$")
_NAME_AFTER_COMMA = re.compile(rf"[ \t]*,[ \t]*(?P<name>{_CAP}(?:[ \t-]{_CAP}){{0,2}})")
_ADDRESS_CUE_WORDS = frozenset({"habite", "habitent", "habitant", "habitante", "vit", "vivant", "reside", "residant",
                                "residante", "domicile", "domicilie", "domiciliee", "adresse", "demeurant", "demeurante",
                                "quartier", "village", "loge", "logeant", "adiresy", "address", "adres"})
# a quarter or a town followed by its number ('Delmas 33', 'Tabarre 27', 'Riviera 2', 'Sicap Liberté 6'), after a
# residence cue or an address field and closing its clause: the number is part of the quarter's name
_NUMBERED_CUES = frozenset({"habite", "habitent", "habitant", "habitante", "vit", "vivant", "reside",
                            "residant", "residante", "domicile", "domicilie", "domiciliee", "demeurant", "demeurante",
                            "quartier", "adresse", "loge", "logeant", "adiresy"})
# a street named by its number (Haiti, Dakar, Bujumbura: 'rue 17 H', 'rue 10 prolongée', 'avenue 12', 'rue 11 x 22')
# in an address: after a comma or an address field, closing its clause ('la rue 2 fois' is none)
_NUMBERED_STREET_WORDS = frozenset({"rue", "avenue", "boulevard", "bd", "ruelle", "impasse", "route", "corridor"})
_NUMBERED_STREET = re.compile(
    r"(?:(?<=,)|(?<=:)|^)[ \t]*(?P<street>(?i:rue|avenue|av\.|boulevard|bd|ruelle|impasse|route|corridor)[ \t]+"
    r"(?:(?i:n[°ºo])\.?[ \t]*)?\d{1,3}(?:[ \t]?(?:[A-Z]|bis|ter)(?![\w'’]))?"
    r"(?:[ \t]+(?:(?i:prolongée|prolongee|prolongé|prolonge)|x[ \t]+(?:(?i:rue)[ \t]+)?\d{1,3}))?)[ \t]*(?=[,.;)\n]|$)",
    re.M)
# Monaco's postcode after its letters ('MC 98000 Monaco', 'MC-98000 Monaco')
_MONACO_POSTCODE = re.compile(rf"(?<![\w-])MC[ \t-]?98\d{{3}}[ \t]+(?P<name>{_NAME})")
# a second town after a listed town and a slash: 'Pointe-à-Pitre/Abymes', 'Lyon/Villeurbanne' (not a listed pair)
_SLASH_FIRST = re.compile(rf"(?<![\w'’-]){_CAP}(?:[ \t-]{_CAP}){{0,2}}[ \t]*$")
_SLASH_SECOND = re.compile(rf"(?P<a>{_CAP}(?:[ \t-]{_CAP}){{0,2}})[ \t]*/[ \t]*(?P<b>{_CAP}(?:-{_CAP})*)(?![\w'’/-])")
# a town in lower case after a motion or residence cue, from the foreign and overseas lists ('en route depuis zahle',
# 'transfert depuis jounieh'): the French and Belgian ones are the noisy annotator's
# a street named after a doctor or a professor written with the short title and initials ('Avenue Dr G. Thérasse 1',
# 'rue Pr J.-L. Faure 4'): the address annotator's name stops at the title, a person annotator takes the rest
_QUARTER_NUMBER = re.compile(r"[ \t]+\d{1,3}[A-Z]?(?=[ \t]*(?:[,.;)\n]|$))")
_TITLE_STREET_WORDS = frozenset({"dr", "pr", "prof"})
_TITLE_STREET_HEADS = frozenset({"rue", "avenue", "av", "boulevard", "bd", "place", "square", "allee", "chemin", "impasse",
                                 "quai", "clos", "dreve", "straat", "laan"})
_TITLE_STREET = re.compile(
    rf"(?<![\w-])(?:\d{{1,4}}(?:[ \t]?(?:bis|ter))?,?[ \t]+)?(?i:rue|avenue|av\.|boulevard|bd|place|square|allée|allee|"
    rf"chemin|impasse|quai|clos|drève|dreve|straat|laan)[ \t]+(?:(?i:du|de)[ \t]+)?(?:Dr|Pr|Prof)\.?[ \t]+"
    rf"(?:[A-Z]\.(?:[ \t]?-?[ \t]?[A-Z]\.)?[ \t]*)?{_CAP}(?:[ \t]+{_CAP}){{0,2}}(?:[ \t]+{_NUMBER}{_BOX})?")
# a one-word firm in brackets after a doctor's name, shaped like a brand of care ('Dr X (Deltarad)', '(Télédiag)'): a
# teleradiology or imaging company, no town (only unlisted words: a listed town stays a town)
_CARE_BRAND = re.compile(r"rad|diag|imag|scan|echo|sante|care|lab|tele|clinic|group|medic|pharma|vision|ortho|cardio")
# the rest of an identity line after a person's age ('Mme X, 38 ans, Bonabéri, Douala', 'M. Y, 65 ans, Esch'): its
# last comma part, a capitalised name no list knows as a word, a name or a trade, is where they live; the parts
# between, names too, the quarter
_AGE_TAIL = re.compile(r"(?<![\w-])\d{1,3}[ \t]?ans[ \t]*,(?P<rest>[^\n.;:!?()]{1,100})\.?[ \t]*(?=\n|$)")
_AGE_THEN_DE = re.compile(rf"(?<![\w-])\d{{1,3}}[ \t]?ans[ \t]*,[ \t]*(?:de|d['’])[ \t]*(?P<name>{_CAP}(?:[ \t-]{_CAP}){{0,2}})"
                          rf"(?=[ \t]*[,.;(\n]|$)")  # 'M. Thiry Léon, 82 ans, de X (Y), hospitalisé'
_TAIL_PART = re.compile(rf"[ \t]*(?P<name>{_CAP}(?:[ \t-]+(?:{_PARTICLE}[ \t-]*)?{_CAP}){{0,2}})[ \t]*\.?[ \t]*$")
# a town after a street, a building or a flat and a comma, closing its clause ('Dr X, boulevard des Moulins,
# Monte-Carlo', 'demeurant cité 1000 logements, bât. C, Boufarik.'): the address's town, listed or not
_STREET_THEN_TOWN = re.compile(
    rf"(?<![\w-])(?i:rue|avenue|av\.|boulevard|bd|chemin|allée|allee|impasse|place|route|quai|chaussée|chaussee|cité|cite|"
    rf"lotissement|résidence|residence|bât\.|bâtiment|batiment|bloc|app\.|appt|apt|villa|lot)[ \t][^,\n]{{1,60}}"
    rf"(?:,[ \t]*(?i:bât\.?|bâtiment|batiment|app\.?|appt|apt|bloc|porte|escalier|esc\.?|villa|\d{{1,2}}(?:e|er|ème))"
    rf"[^,\n]{{0,20}})*,[ \t]*(?P<name>{_CAP}(?:[ \t-]+(?:{_PARTICLE}[ \t-]*)?{_CAP}){{0,2}})[ \t]*(?=[.;)\n]|$)", re.M)
_STREET_THEN_TOWN_WORDS = frozenset({"rue", "avenue", "av", "boulevard", "bd", "chemin", "allee", "impasse", "place",
                                     "route", "quai", "chaussee", "cite", "lotissement", "residence", "bat", "batiment",
                                     "bloc", "app", "appt", "apt", "villa", "lot"})
# a capitalised name after 'depuis' when a motion word comes just before ('amené par sa grand-mère depuis X', 'arrivé à
# Cayenne depuis X', 'transféré depuis X'): where the person came from (no month, day or feast: 'depuis Noël')
_MOTION_WORDS = frozenset({"arrive", "arrivee", "arrives", "arrivees", "arrivant", "arrivante", "venu", "venue", "venus",
                           "venant", "venante", "amene", "amenee", "amenes", "transfere", "transferee", "transferes",
                           "evacue", "evacuee", "evacues", "rapatrie", "rapatriee", "transporte", "transportee", "refere",
                           "referee", "revenu", "revenue", "rentre", "rentree", "descendu", "descendue", "monte",
                           "montee", "route", "voyage", "trajet", "ramene", "ramenee", "accompagne", "accompagnee",
                           "achemine", "acheminee", "convoye", "convoyee", "adresse", "adressee", "parti", "partie"})
_NOT_ORIGINS = frozenset({"noel", "paques", "toussaint", "ramadan", "pentecote", "ascension", "tabaski", "aid",
                          "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "hier", "minuit",
                          "midi", "janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre",
                          "octobre", "novembre", "decembre"})
# a letter's town before an ISO date ('Rimouski, le 2024-02-06', 'Gatineau — 2023-06-19' at a line start)
_ISO_DATE_LINE = re.compile(
    rf"^[ \t]*(?P<name>{_CAP}(?:[ \t]+(?:{_PARTICLE}[ \t]*)?{_CAP}){{0,3}})[ \t]*(?:,|[-–—])[ \t]*(?:le[ \t]+)?"
    rf"\d{{4}}-\d{{2}}-\d{{2}}(?!\d)", re.M)
_ISO_DATE_GATE = re.compile(r"\d{4}-\d\d-\d\d")
# a market named after its head ('vendeuse au marché Sandaga', 'marché Dantokpa'): the name alone, as for 'quartier'
_MARKET = re.compile(rf"(?<![\w-])march[ée][ \t]+(?P<name>{_CAP}(?:[ \t-]+(?:{_PARTICLE}[ \t-]*)?{_CAP}){{0,2}})")
# a road between two towns ('l'axe Garoua-Ngaoundéré', 'la route Kara-Lomé'): both places even when no list has them
_ROUTE_PAIR = re.compile(
    r"(?<![\w-])(?i:axe|route|ligne|tronçon|troncon|liaison|trajet|piste)[ \t]+(?P<a>[A-ZÀ-Ý][a-zà-ÿ'’]{2,})-"
    r"(?P<b>[A-ZÀ-Ý][a-zà-ÿ'’]{2,})(?![\w'’-])")
# a town after a noun of a place where things happen and 'de' ('chute sur le chantier de X', 'rixe devant une discothèque
# de X', 'au marché de X', 'entrepôt de X'): no organisation's head (the organisation rules join those), a town-like
# name only
_SITE_NOUNS = frozenset({"chantier", "marche", "discotheque", "entrepot", "ferme", "camping", "piscine", "stade",
                         "plage", "parking", "carriere", "foire", "braderie", "kermesse", "carnaval", "festival",
                         "fete", "bal", "embarcadere", "aeroport", "aerodrome", "depot", "dock",
                         "chai", "vignoble", "verger", "exploitation", "scierie", "abattoir", "police", "marathon",
                         "semi-marathon", "triathlon", "trail", "commissariat"})
_SITE_OF = re.compile(
    rf"(?<![\w-])(?i:chantier|marché|marche|discothèque|discotheque|entrepôt|entrepot|ferme|camping|piscine|stade|plage|"
    rf"parking|carrière|carriere|foire|braderie|kermesse|carnaval|festival|fête|fete|bal|embarcadère|"
    rf"embarcadere|aéroport|aeroport|aérodrome|aerodrome|dépôt|depot|dock|chai|vignoble|verger|exploitation|scierie|"
    rf"abattoir|police|marathon|semi-marathon|triathlon|trail|commissariat)[ \t]+(?:de|d['’])[ \t]*(?P<name>{_CAP}(?:[ \t-]+(?:{_PARTICLE}[ \t-]*)?{_CAP}){{0,2}})(?![\w'’-])")
_FRACTURE_WORDS = frozenset({"fracture", "fractures"})
_ACRONYM_LEAD = re.compile(r"[A-ZÀ-Ý]{2,}(?![\w'’])")
_DEPUIS = frozenset({"depuis"})
# arrivals and returns right before 'de' ('arrivée de X', 'rapatrié de X'): where the person came from
_ARRIVALS = frozenset({"arrive", "arrivee", "arrives", "arrivees", "arrivant", "arrivante", "revenu", "revenue",
                       "rentre", "rentree", "rapatrie", "rapatriee", "evacue", "evacuee", "transfere", "transferee",
                       "venu", "venue", "venant", "emigre", "emigree", "enfui", "enfuie", "expulse", "expulsee"})
_ROUTE_WORDS = frozenset({"axe", "route", "ligne", "troncon", "liaison", "trajet", "piste"})
# session 19: places of accidents outside the hospital. A slope, a lift or a roundabout named in quotes after its kind
# ('piste rouge « Le Fornet »', 'téléski « Les Marmottes »'): the name inside the quotes, capitalised
_QUOTED_PLACE_WORDS = frozenset({"piste", "pistes", "teleski", "telesiege", "telecabine", "remontee", "tire-fesses",
                                 "rond-point", "giratoire", "sentier", "circuit", "couloir", "voie", "via"})
_QUOTED_PLACE = re.compile(
    r"(?<![\w-])(?i:pistes?|téléski|teleski|télésiège|telesiege|télécabine|telecabine|remontée|remontee|tire-fesses|"
    r"rond-point|giratoire|sentier|circuit|couloir|voie|via[ \t]+ferrata)"
    r"(?:[ \t]+(?i:noire|rouge|bleue|verte|cyclable|de[ \t]+ski|de[ \t]+luge|de[ \t]+fond))?[ \t]*"
    "[«“\"][ \t\u00a0\u202f]*(?P<name>[^\\W\\d_][^«»“”\"\n]{0,38}?)[ \t\u00a0\u202f]*[»”\"]")
# a road's number before an exit, a kilometre point, a junction or a direction ('A63 sortie 5', 'la E42 hauteur
# Daussoulx', 'N4, PK 12', 'A7 direction Lyon'): a road (a vertebra, a finger or an artery segment has none of these)
_EXIT_WORDS = frozenset({"sortie", "pk", "pr", "echangeur", "bretelle", "peage", "hauteur", "direction", "sens", "km"})
_ROAD_EXIT = re.compile(
    r"(?<![\w'’-])(?P<road>(?:RN|RD|A|E|N)[ \t]?\d{1,4}|(?:D|M|B)[ \t]?\d{2,4})(?=[ \t]*,?[ \t]*(?:"
    r"(?i:sortie)[ \t]+(?:(?i:n[°ºo])\.?[ \t]*)?(?:\d|[A-ZÀ-Ý])|(?i:échangeur|echangeur|bretelle|péage|peage)(?![\w'’-])|"
    r"(?:PK|PR)[ \t]?\d|"
    r"(?:hauteur|direction|sens)[ \t]+[A-ZÀ-Ý]))")
# a road after its kilometre point ('au km 45 de l'A10', 'PK 12 de la RN 4')
_KM_ROAD = re.compile(r"(?<![\w-])(?:km|KM|PK|PR)[ \t]*\d{1,4}(?:[,.]\d{1,3})?[ \t]+(?:de[ \t]+l['’]|de[ \t]+la[ \t]+|du[ \t]+|sur[ \t]+l['’]|"
                      r"sur[ \t]+la[ \t]+)[ \t]*(?P<road>(?:RN|RD|A|E|N)[ \t]?\d{1,4}|(?:D|M|B)[ \t]?\d{2,4})(?![\w'’-])")
# a departmental or national road in brackets: '(RD 1084)', '(RN7)'
_ROAD_BRACKET = re.compile(r"(?<=\()R[ND][ \t]?\d{1,4}(?=\))")
# a town and its compass point after an exit ('sortie 5 (Bayonne Sud)', 'échangeur Mons Centre'), a ring road's side
# ('rocade Nord', 'périphérique Est'): one place, as the signs name it
_COMPASS = r"(?:Nord|Sud|Est|Ouest)(?:-(?:Est|Ouest))?"
_COMPASS_WORDS = frozenset({"nord", "sud", "est", "ouest", "centre", "nord-est", "nord-ouest", "sud-est", "sud-ouest"})
_EXIT_TOWN = re.compile(
    rf"(?<![\w-])(?i:sortie|échangeur|echangeur)[ \t]+(?:(?i:n[°ºo])\.?[ \t]*)?(?:\d{{1,3}}[a-z]?[ \t]*)?"
    rf"(?:[(,:–-][ \t]*)?(?P<name>(?P<town>{_CAP}(?:[ \t-]{_CAP}){{0,2}})[ \t]+(?:{_COMPASS}|Centre))(?![\w'’-])")
_RING_WORDS = frozenset({"rocade", "peripherique", "ring"})
_RING_ROAD = re.compile(rf"(?<![\w-])(?i:rocade|périphérique|peripherique|ring)[ \t]+{_COMPASS}(?![\w'’-])")
# a stop on a journey after 'via' ('arrivé en France via Lampedusa'), in a sentence telling a journey
_VIA_PLACE = re.compile(rf"(?<![\w-])via[ \t]+(?P<name>{_CAP}(?:[ \t-]{_CAP}){{0,2}})(?![\w'’-])")
# a listed town whose capitalised article the lists leave out ('Le Guilvinec' listed as 'Guilvinec'): a capital article
# before a town's name is the town's ('armement X, Le Guilvinec'; 'le Guilvinec' in running text stays the name alone)
_CAP_ARTICLE_TOWN = re.compile(
    rf"(?P<art>L(?<![\w'’-]L)(?:e|a|es))[ \t]+(?P<name>[A-ZÀ-Ý][\w'’]*(?:-[\w'’]+)*)(?![\w'’-]|[ \t]+(?:{_PARTICLE}[ \t]+)?[A-ZÀ-Ý])")
_ARABIC_PARTICLES = frozenset({"el", "al", "es", "ed", "en", "ez", "er", "et", "ech", "ben", "bou", "ou", "n"})
_LETTER_WORDS = re.compile(r"[a-z]+")
_MONTH_WORDS = frozenset(fold(w) for w in _MONTHS.split("|"))
_NUMBERED_STREET_GATE = re.compile(r"(?:rue|avenue|av\.|boulevard|bd|ruelle|impasse|route|corridor)[ \t]+(?:n[°ºo]\.?[ \t]*)?\d")
_LOWER_WORLD_CUES = frozenset({"a", "habite", "vit", "vers", "depuis", "originaire", "quartier", "pres",
                               "domicilie", "domiciliee", "habitant", "habitante", "provenance", "venant", "arrive",
                               "arrivee", "rentre", "rentree", "transfere", "transferee", "evacue", "evacuee"})


# every word gate of PlacesExtraAnnotator.annotate: the gates test the text's words met here, not the whole word set
# (session 21, place25) places of an event the writers mark and no rule above reads:
# * a form's field naming where something happened: 'Lieu de l'accident : Saly Portudal', 'LIEU : ZANZIBAR', 'Place of
#   accident: Ko Samui, Thailand', 'Unfallort: Eupen' (a listed country or town; a capitalised unknown name, not all
#   capitals, that is no word, name or medical word; then a country after a comma)
_EVENT_FIELD_WORDS = frozenset({"lieu", "place", "unfallort", "ongevalsplaats", "location", "plaats"})
_EVENT_FIELD = re.compile(
    r"(?<![\w-])(?:(?i:lieu)(?:[ \t]+(?i:de[ \t]+l['’]|du|de[ \t]+la|des|de|d['’])[ \t]*(?i:accident|incident|chute|agression|"
    r"événement|evenement|évènement|traumatisme|blessure|faits|AT|sinistre|évacuation|evacuation|intervention|prise[ \t]+en[ \t]+charge))?"
    r"|(?i:place|location)[ \t]+of[ \t]+(?:(?i:the)[ \t]+)?(?i:accident|injury|incident|event|fall)|(?i:accident|incident)[ \t]+(?i:location|site|place)"
    r"|(?i:unfallort|ongevalsplaats|plaats[ \t]+van[ \t]+het[ \t]+ongeval))[ \t]*:[ \t]*"
    rf"(?P<name>{_CAP}(?:[ \t-]+(?:{_PARTICLE}[ \t-]*)?{_CAP}){{0,3}})(?=[ \t]*(?:[.,;:()\n]|$))", re.M)
_COMMA_NAME = re.compile(rf"[ \t]*,[ \t]*(?P<name>{_CAP}(?:[ \t-]{_CAP}){{0,2}})")
# * English 'in' / 'at' / 'near' before a town the lists keep for a cue ('seen in Zermatt', 'accident near Sion'):
#   the English 'à' (a language after 'in' is no town: 'in English')
_ENGLISH_AT_WORDS = frozenset({"in", "at", "near"})
# (an unknown name after them only in English prose: an English word in the 40 characters before)
_ENGLISH_CONTEXT = re.compile(r"(?<![\w-])(?:was|were|is|has|had|been|seen|injured|fell|treated|admitted|accident|the|of|and|"
                              r"while|during|on|his|her|staying|holiday|vacation|skiing|diving|hiking|trip|hotel)(?![\w-])")
_ENGLISH_AT = re.compile(rf"(?<![\w'’-])(?:in|at|near)[ \t]+(?P<name>{_CAP}(?:[ \t-]{_CAP}){{0,2}})")
# * a life event in a country ('décédé brutalement à 52 ans au Maroc', 'schizophrénie suivie en Tunisie', 'enterrée au
#   Portugal'): the country a few lower-case words after the event, in the same clause, as the trips' rule reads it
#   (not a wish: 'souhaite être opéré en Belgique')
_EVENT_CUES = frozenset(
    "decede decedee decedes decedees mort morte morts mortes suivi suivie suivis suivies hospitalise hospitalisee "
    "hospitalises hospitalisees soigne soignee soignes soignees traite traitee traites traitees diagnostique diagnostiquee "
    "accouche accouchee marie mariee maries mariees scolarise scolarisee incarcere incarceree inhume inhumee enterre "
    "enterree opere operee operes operees greffe greffee emprisonne emprisonnee detenu detenue "
    # (soldiers: 'Opex au Mali', 'déployé en Afghanistan', 'blessé en Côte d'Ivoire')
    "opex deploye deployee deployes projete projetee engage engagee stationne stationnee blesse blessee".split())
# (the look-ahead on the letters a match can start with lets the engine skip other positions before it tries
# the look-behind: 232 -> 170 µs per call on the bench reports, the same matches; bench/deid_profile.py --regex)
_EVENT = re.compile(
    r"(?=(?i:[dmshtaeiogpb]))(?<![\w'’-])(?i:décédée?s?|decedee?s?|morte?s?|suivie?s?|hospitalisée?s?|hospitalisee?s?|soignée?s?|soignee?s?|"
    r"traitée?s?|traitee?s?|diagnostiquée?|diagnostiquee?|accouchée?|accouchee?|mariée?s?|mariee?s?|scolarisée?|scolarisee?|"
    r"incarcérée?|incarceree?|inhumée?|inhumee?|enterrée?|enterree?|opérée?s?|operee?s?|greffée?|greffee?|"
    r"emprisonnée?|emprisonnee?|détenue?|detenue?|(?-i:OPEX|Opex|opex)|déployée?s?|deployee?s?|projetée?|projetee?|engagée?|engagee?|"
    r"stationnée?|stationnee?|blessée?|blessee?)(?![\w'’-])")
_EVENT_PLACE = re.compile(rf"[ \t]+(?:au|aux|en)[ \t]+(?P<name>{_CAP}(?:[ \t-]{_CAP}){{0,2}})")
_WISH_BEFORE = re.compile(r"(?<![\w-])(?i:être|etre)[ \t]+$")
# * abroad, then the country: 'sa fille vit à l'étranger (Canada)', 'enfants à l'étranger, Canada'
_ABROAD = re.compile(rf"(?<![\w-])(?i:à|a)[ \t]+l['’]étranger[ \t]*[(,:][ \t]*(?P<name>{_CAP}(?:[ \t-]{_CAP}){{0,2}})")
# * a ski run or lift named with no 'de' ('piste Les Lapiazs', 'PISTE MONTCHAVIN', 'télésiège Bellecôte'): the name
#   alone (a colour or a common word is no name: 'piste Noire', 'PISTE BLEUE')
_RUN_WORDS = frozenset({"piste", "pistes", "telesiege", "teleski", "telecabine", "telepherique", "tire-fesses"})
_RUN = re.compile(
    r"(?<![\w-])(?i:pistes?|télésiège|telesiege|téléski|teleski|télécabine|telecabine|téléphérique|telepherique)"
    r"(?:[ \t]+(?i:noire|rouge|bleue|verte))?[ \t]+(?P<name>(?:(?:Les|Le|La|LES|LE|LA)[ \t]+)?"
    r"(?:[A-ZÀ-Ý][a-zà-ÿ'’]+(?:-[\w'’]+)*(?:[ \t]+[A-ZÀ-Ý][a-zà-ÿ'’]+(?:-[\w'’]+)*){0,2}|[A-ZÀ-Ý]{4,}(?:-[A-ZÀ-Ý]+)*))(?![\w'’-])")

# particles inside a place's name ('Marsa-el-Brega', 'Ko Samui'); English words after 'in'/'at' that are no place
_PLACE_LINKS = frozenset({"de", "du", "des", "la", "le", "les", "el", "al", "d", "l", "en", "sur", "sous", "am", "an", "im"})
_ENGLISH_NOT_PLACES = frozenset(
    "january february march april may june july august september october november december monday tuesday wednesday "
    "thursday friday saturday sunday english french dutch german spanish italian arabic portuguese flemish emergency "
    "hospital clinic center centre department ward unit room the this that his her their our your my a an "
    "radiology orthopaedics orthopedics surgery icu er ed total summary addition conclusion".split())
_TITLE_BEFORE = re.compile(r"(?<![\w-])(?i:dr|dre|docteur|doctor|pr|prof|mr|mrs|ms|m|mme|mlle|me|maître|maitre)\.?[ \t]+$")

# * a past home, a death's or a burial's town ('a vécu à X jusqu'à 12 ans', 'grandi à X', 'décédée à X en 2015'): a
#   listed town or an unknown place-like name (the present-tense cues are _HOME's)
_PAST_HOME_WORDS = frozenset({"vecu", "vecue", "vecus", "grandi", "grandie", "grandis", "vivait", "vivaient", "habitait",
                              "habitaient", "residait", "demeurait", "decede", "decedee", "mort", "morte", "inhume", "inhumee",
                              "enterre", "enterree"})
_PAST_HOME = re.compile(
    r"(?<![\w'’-])(?i:vécue?s?|vecue?s?|grandie?s?|vivai(?:t|ent)|habitai(?:t|ent)|résidait|residait|demeurait|décédée?|"
    r"decedee?|morte?|inhumée?|inhumee?|enterrée?|enterree?)(?:[ \t]+(?i:toute[ \t]+sa[ \t]+vie|longtemps|enfant|jeune|"
    rf"brutalement|subitement))?[ \t]+(?i:à|a)[ \t]+(?P<name>{_CAP}(?:-{_CAP})*(?:[ \t]+(?:{_PARTICLE}[ \t]*)?{_CAP}){{0,2}})")
# * a resort after 'station': 'station de ski de X', 'station de X', 'station balnéaire de X' (the name alone, as
#   writers mark it)
_RESORT_WORDS = frozenset({"station", "stations"})
_RESORT = re.compile(
    r"(?<![\w-])(?i:stations?)(?:[ \t]+(?i:de[ \t]+ski|de[ \t]+sports[ \t]+d['’]hiver|balnéaire|balneaire|thermale|"
    r"de[ \t]+montagne|touristique|village))?[ \t]+(?i:de[ \t]+la[ \t]+|de[ \t]+l['’]|du[ \t]+|des[ \t]+|de[ \t]+|d['’])?"
    rf"(?P<name>{_CAP}(?:[ \t]+(?:{_PARTICLE}[ \t]*)?{_CAP}){{0,2}})")

_GATE_WORDS = frozenset().union(
    _ABBREVIATED_WORDS, _ADMIN_WORDS, _AREA_PART_WORDS, _ARRIVALS, _BELOW_WORDS, _BIRTH_WORDS, _CA_PROVINCE_WORDS,
    _CONTRACTION_WORDS, _DISTRICT_WORDS, _DOCTOR_WORDS, _ENGLISH_ORIGIN_CUES, _ENGLISH_STREET_TYPES, _EXIT_WORDS,
    _FIELD_WORDS_ADDRESS, _FOREIGN_STREET_HEADS, _HOME_CUE_WORDS, _HOME_FIELD_WORDS, _MOTION_WORDS, _NATURAL_WORDS,
    _NEAR_WORDS, _CLIMB_WORDS, _EVACUATION_WORDS, _NUMBERED_CUES, _NUMBERED_STREET_WORDS, _ORIGIN_WORDS, _POST_BOX_WORDS, _QUOTED_PLACE_WORDS,
    _RING_WORDS, _ROUTE_WORDS, _SAINT_WORDS, _SITE_NOUNS, _STREET_HEAD_WORDS, _STREET_THEN_TOWN_WORDS,
    _TITLE_STREET_HEADS, _TITLE_STREET_WORDS, _TOPONYM_WORDS, _TRADE_WORDS, _TRAVEL_CUES, _UK_WORDS, _UNIT_WORDS,
    _EVENT_FIELD_WORDS, _ENGLISH_AT_WORDS, _EVENT_CUES, _RUN_WORDS, {"etranger"}, _PAST_HOME_WORDS, _RESORT_WORDS)



def _longest_listed_prefix(name: str, listed: Container[str]) -> int:
    """Characters of the longest run of ``name``'s first words whose key is in ``listed`` ('Côte d'Ivoire' before
    'Côte'), 0 if none: a country's name may hold several words and the shorter one may be listed too."""
    words = name.split()
    for n in range(len(words), 0, -1):
        if key_of(" ".join(words[:n])) in listed:
            return len(" ".join(words[:n]))
    return 0

class PlacesExtraAnnotator(Annotator):
    """Districts after a head word, the town of a letter's date line, one-word street-first addresses.

    ``towns`` are the city list files (besides the shared ``cities`` lookup) that make a date line's
    word a town even when it is also a French word; ``not_towns`` are folded words never taken there
    (headings such as 'Objet, le 3 mars' are no towns); ``hospital_names`` lists hospitals called by a
    place's name ('la Timone'), left to the institution annotators after an article.
    """

    def __init__(self, tag: str = "LOCATION", towns: list[str] = (), not_towns: list[str] = (),
                 hospital_names: list[str] = (), countries: list[str] = (), regions: list[str] = (),
                 lower_case_towns: list[str] = (), not_lower_case_towns: list[str] = (),
                 foreign_countries: list[str] = (), lower_case_pairs: list[str] = (), **kw: Any) -> None:
        super().__init__(tag, **kw)
        self.countries = place_index(tuple(countries)).keys
        # countries abroad (no France, Belgium, Switzerland, Luxembourg): places after a mere 'en'/'au'/'via' (place29)
        self.foreign = place_index(tuple(foreign_countries)).keys
        self.foreign_firsts = frozenset(k[0] for k in self.foreign)
        self.lower_pairs = place_index(tuple(lower_case_pairs)).keys
        # (their second words, 'rochelle', 'quentin': a C-level gate on the text's words before any regex)
        self._pair_seconds = frozenset(
            k[1] if len(k) == 2 and k[0] in ("la", "le", "les") else k[0].split("-", 1)[1]
            for k in self.lower_pairs
            if len(k) == 2 and k[0] in ("la", "le", "les") or len(k) == 1 and k[0].startswith(("saint-", "sainte-")))
        self.region_index = place_index(tuple(regions))  # ('aux Saintes': a region with its article contracted)
        self.regions = self.region_index.keys
        self.country_firsts = frozenset(k[0] for k in self.countries)
        # big towns and Belgian municipalities, one word of 5+ letters: in lower case they are still places in notes
        # ('urgences namur', 'kiné à ciney'), once the words and names are taken out (per lookups, below)
        # (minus the clinical abbreviations some towns are spelt like: 'ortho' is a village and orthopaedics)
        not_lower = frozenset(k[0] for k in place_index(tuple(not_lower_case_towns)).keys if len(k) == 1)
        self._lower_candidates = frozenset(k[0] for k in place_index(tuple(lower_case_towns)).keys
                                           if len(k) == 1 and len(k[0]) >= 5 and k[0] not in not_lower)
        self.abbreviations = not_lower  # (nor, alone, a town a layout makes: 'Résidence X – Rdc')
        self._lower_towns: frozenset[str] = frozenset()
        self._lower_for: object = None
        self._contracted_firsts: frozenset[str] = frozenset()
        self._contracted_for: object = None
        self._seconds: frozenset[str] = frozenset()
        self._seconds_for: object = None
        self.towns = place_index(tuple(towns))
        # towns that need no cue of their own (the cue-only lists out): a separator alone is cue enough only for them
        self.plain_towns = place_index(tuple(t for t in towns if "cue_only" not in t))
        self.hospitals = place_index(tuple(hospital_names)).keys
        self.not_towns = frozenset(fold(w) for w in not_towns)
        self._world_lower: frozenset[str] = frozenset()
        self._world_for: object = None

    def annotate(self, ctx: Context) -> list[Candidate]:
        text, folded = ctx.text, ctx.folded_text
        out: list[Candidate] = []
        # (one set per text, shared with the other annotators: the many word gates below then cost no list walk)
        words: set[str] | frozenset[str] = ctx.folded_set
        if ctx.elided:  # ... with the words after an elided 'l''/'d'' ('sur l'île de', 'd'origine')
            words = words.union(ctx.bare[i] for i in ctx.elided)
        # the text's words that some rule's word gate below holds (a few per text): each gate then probes these few
        gate = _GATE_WORDS.intersection(words)
        if not _DISTRICT_WORDS.isdisjoint(gate) and _DISTRICT_GATE.search(folded):
            for m in _DISTRICT.finditer(text):
                head = fold(m.group("head"))
                if head in _HEADS_NEED_TOWN and not self._is_town(ctx, m.group("name")):
                    continue
                if head in _HEADS_NEED_LINK:
                    if head == "gare" and _STATION_POINT.fullmatch(text, m.end("head"), m.end("name")):
                        out.append((m.start("head"), m.end("name"), self.tag))  # ('gare du Midi': the station whole)
                        continue
                    if not self._linked_name(ctx, m, head):
                        continue
                    start = m.start("name") if m.group("link") or m.group("elided") else m.start("head")
                    out.append((start, m.end("name"), self.tag))
                    continue
                if self._district_name(ctx, m.group("name"), article=bool(m.group("link") and (" " in m.group("link") or fold(m.group("link")) in ("du", "des")) or m.group("elided") and " " in m.group("elided")) or (
                        head.isupper() or head.startswith(("zone", "parc"))), proper=m.group("head").islower()):
                    outside = head in _HEADS_OUTSIDE or head == "hameau" and bool(m.group("link") or m.group("elided"))
                    if outside and head == "quartier" and self._named_like_person(ctx, m.group("name")):
                        outside = False  # ('quartier [Delmas]' would tie with a PERSON 'Delmas' and lose: head kept)
                    start, end = m.start("name") if outside else m.start("head"), m.end("name")
                    number = _QUARTER_NUMBER.match(text, end) if head == "quartier" else None
                    if number:
                        end = number.end()  # ('quartier Delmas 33,': the quarter's number is part of its name)
                    town = _OF_TOWN.search(m.group("name")) if outside else None
                    if town and self._listed_town(ctx, town.group("town")) and not self._listed_town(ctx, m.group("name")):
                        # 'quartier Eldo de Kourou': the district and its town, two places (as the writers mark them)
                        out.append((start, m.start("name") + town.start(), self.tag))
                        start = m.start("name") + town.start("town")
                    out.append((start, end, self.tag))
        lines_seen: set[int] = set()
        for hit in _DATE_GATE.finditer(folded):  # only the lines holding a ', le <date>'
            start = text.rfind("\n", 0, hit.start()) + 1
            if start in lines_seen:
                continue
            lines_seen.add(start)
            end = text.find("\n", hit.start())
            for m in _DATE_LINE.finditer(text, start, len(text) if end < 0 else end):
                if self._date_line_town(ctx, m.group("name")):
                    out.append((m.start("name"), m.end("name"), self.tag))
        if _STREET_NUMBER_REVERSED.search(folded[::-1]):
            for m in _STREET_FIRST.finditer(text):
                first = fold(m.group("street").split()[0].split("-")[0])
                if first.startswith(("grand", "petit")) or not (first in ctx.lookups.stopwords or first in self.not_towns):
                    out.append((m.start("street"), m.end(), self.tag))
        # (Dutch street words, each a C substring scan; the four both street rules test, scanned once)
        dutch = "laan" in folded or "steenweg" in folded or "dreef" in folded or "kaai" in folded
        if dutch or "straat" in folded or "plein" in folded:
            out.extend((m.start("street"), m.end("street"), self.tag) for m in _BILINGUAL_STREET.finditer(text))
        if "^" in text and "|" in text:
            for m in _HL7_ADDRESS.finditer(text):
                out.extend((m.start(g), m.end(g), self.tag) for g in ("street", "city", "zip") if m.group(g).strip())
        if ("domicil" in folded or "adres" in folded or "demeurant" in folded or "woont" in folded or "wohnt" in folded
                or "anschrift" in folded):  # (_CUED_STREET_GATE's literals, each a C substring scan)
            for m in _matches_at(_FIELD_LOCALITY, text, [g.start() for g in _CUED_STREET_GATE.finditer(folded)]):
                first, lk = fold(m.group("name").split()[0]), ctx.lookups
                # (a locality, not the person living there: 'Adresse : Dupont Marie, 4000 X' is no lieu-dit)
                if first not in self.not_towns and (len(m.group("name").split()) > 1 or not lk.is_common(first)) and (
                        first in ("le", "la", "les", "l'") or first not in lk.first_names and first not in lk.surnames):
                    out.append((m.start("name"), m.end("name"), self.tag))
            # (every match starts where the folded text holds a cue: only there is the pattern tried)
            for m in _matches_at(_CUED_STREET, text, [g.start() for g in _CUED_STREET_GATE.finditer(folded)]):
                first = fold(m.group("street").split()[0].split("-")[0])
                if first not in ctx.lookups.stopwords and first not in self.not_towns and not ctx.lookups.is_common(first):
                    out.append((m.start("street"), m.end(), self.tag))
        if not _CONTRACTION_WORDS.isdisjoint(gate) or "du" in words or "des" in words:
            out.extend(self._contracted(ctx))
        if not _CONTRACTION_WORDS.isdisjoint(gate):
            out.extend(self._lower_contracted(ctx, words))
        for m in _SAINT_TOWN.finditer(text) if not _SAINT_WORDS.isdisjoint(gate) else ():
            name = fold(m.group("name"))
            for prefix in _SAINT_FORMS[fold(m.group("st"))]:
                key = (prefix + name,)
                if key in ctx.lookups.cities or key in self.towns.keys:
                    out.append((m.start("st"), m.end("name"), self.tag))
                    break
        out.extend(self._separated_towns(ctx))
        if _ARROW_GATE.search(text):
            out.extend(self._arrow_places(ctx))
        if not _NATURAL_WORDS.isdisjoint(gate):
            for m in _NATURAL.finditer(text):
                first = fold(m.group("name").split()[0].split("-")[0])
                key = key_of(m.group("name"))
                if fold(m.group("head")) in _NEW_HEADS and m.group("head")[0].isupper() and m.start() and (
                        text[:m.start()].rstrip()[-1:] not in ("", ".", "\n", ":", "-", "–", "—", "(", ",")):
                    continue  # ('EHPAD Le Parc d'Avallon', 'Clinique de la Porte de l'Orient': a body's name)
                if (key in ctx.lookups.cities or key in self.towns.keys) and fold(m.group("head")) not in _TOWN_PART_HEADS and not (
                        fold(m.group("head")) in ("parc", "square") and _ARTICLE_LINK.search(text, m.end("head"), m.start("name"))):
                    continue  # 'la plage de Saint-Leu': the town is the place (the city annotator's span)
                if _DISEASE_BEFORE.search(text, max(0, m.start() - 40), m.start()):
                    continue  # 'fièvre de la vallée du Rift', 'maladie de la forêt de Kyasanur': a disease's name
                if first not in _NOT_NATURAL and first not in ctx.lookups.eponyms and first not in ctx.lookups.medical and (
                        not any(c.isdigit() for c in m.group("name"))):  # ('col de M5': a metacarpal's neck)
                    # (a bridge or a gully is named by what it crosses or climbs to: 'pont de la Deûle', the name alone)
                    start = m.start("name") if fold(m.group("head")) in _NAME_ONLY_HEADS else m.start("head")
                    out.append((start, m.end("name"), self.tag))
        out.extend(self._lower_case_towns(ctx, words))
        if _COMPOUND_GATE.search(folded):
            for m in _COMPOUND_TOWN_FAST.finditer(text):
                first = fold(m.group("name").split("-")[0])
                if first in ("saint", "sainte", "notre") or not (first in ctx.lookups.first_names or first in (
                        ctx.lookups.surnames) or first in ctx.lookups.medical):
                    art = _COMPOUND_ARTICLE.search(text, max(0, m.start() - 8), m.start())
                    out.append((art.start("art") if art else m.start("name"), m.end("name"), self.tag))
        postcodes = list(_postcode_starts(text))
        for pc in postcodes:  # a locality between a street and the postcode
            line_start = text.rfind("\n", 0, pc) + 1
            m = _LOCALITY.search(text, line_start, line_start + len(text[line_start : pc].rstrip(" \t")))
            if not m:
                continue
            key = key_of(m.group("name"))
            before = text[line_start : m.start()].rsplit(",", 1)[-1]
            if key and _STREETISH.search(before) and key[0] not in self.not_towns and not (
                    len(key) == 1 and (ctx.lookups.is_common(key[0]) or key[0] in ctx.lookups.first_names)):
                out.append((m.start("name"), m.end("name"), self.tag))
            elif len(key) > 1 and _LOCALITY_LED.match(m.group("name")) and text[m.end("name") : pc].strip(" \t") == ",":
                out.append((m.start("name"), m.end("name"), self.tag))  # 'Dr X, Le Bourg, 23200 Y': a lieu-dit
        for pc in postcodes:  # '93210 La Plaine Saint-Denis': a locality and its town after the postcode
            m = _POSTCODE_TWO_NAMES.match(text, pc)
            last = fold(m.group("b")) if m else ""
            if m and not (last in self.not_towns or last in ctx.lookups.stopwords or ctx.lookups.is_common(last) or (
                    key_of(m.group("b")) in self.countries)) and any(
                    key_of(m.group(g)) in ctx.lookups.cities or key_of(m.group(g)) in self.towns.keys for g in ("a", "b")):
                out.append((m.start(), m.end(), self.tag))
        for pc in postcodes if "\n" in text else ():  # a lieu-dit or a manor on the line above
            line_start = text.rfind("\n", 0, pc) + 1
            if line_start < 2 or text[line_start:pc].strip(" \t"):
                continue
            above = text.rfind("\n", 0, line_start - 1) + 1
            m = _LOCALITY_LINE.fullmatch(text, above, line_start - 1)
            if m and len(key_of(m.group("name"))) > 1:
                out.append((m.start("name"), m.end("name"), self.tag))
        if not _POST_BOX_WORDS.isdisjoint(gate) or "B.P." in text:
            out.extend((m.start(), m.end(), self.tag) for m in _POST_BOX.finditer(text))
        if not _ABBREVIATED_WORDS.isdisjoint(gate):
            if _ABBREVIATED_GATE.search(folded):
                out.extend((m.start(), m.end(), self.tag) for m in _ABBREVIATED_STREET.finditer(text))
                out.extend((m.start(), m.end(), self.tag) for m in _NUMBER_BIS_STREET.finditer(text))
        if "rue" in folded and ("grand" in folded or "petite" in folded) or "grand-place" in words:
            out.extend((m.start(), m.end(), self.tag) for m in _NUMBER_GRAND_STREET.finditer(text))
        if "arrondissement" in words:
            out.extend((m.start(), m.end(), self.tag) for m in _ARRONDISSEMENT.finditer(text))
        if ("paris" in words or "lyon" in words or "marseille" in words) and _ROMAN_DISTRICT.search(text):
            out.extend((m.start(), m.end(), self.tag) for m in _ROMAN_DISTRICT.finditer(text))
        if "(" in text and _CANTON_GATE.search(text):
            for m in _CANTON_CODE.finditer(text):
                key = key_of(m.group("town"))
                if key in ctx.lookups.cities or key in self.towns.keys:
                    out.append((m.start("code"), m.end("code"), self.tag))

        if not _UNIT_WORDS.isdisjoint(gate):
            out.extend(self._address_units(text, folded))
        seconds = self._article_seconds(ctx.lookups)
        for m in _ARTICLE_TOWN.finditer(text):
            if fold(_LETTERS.match(m.group("name")).group()) not in seconds:
                continue  # (no listed 'la'/'le'/'les' town goes on with this word: _article_town would find none)
            if _DISTRICT_BEFORE.search(text, max(0, m.start() - 16), m.start()):
                continue  # 'quartier de la Villeneuve': a district named so, the name alone (the district rule's)
            size = self._article_town(ctx, m.group("art"), m.group("name"))
            if size:
                out.append((m.start("art"), m.start("name") + size, self.tag))
        if _POSTCODE_GATE.search(text):
            out.extend((m.start(), m.end("name"), self.tag) for m in _COUNTRY_POSTCODE.finditer(text))
        if self.countries:
            out.extend(self._regions_after_towns(ctx))
        if self.countries and _KIN_ABROAD_GATE.search(text):
            for m in _KIN_ABROAD.finditer(text):
                size = self._country(m.group("name"))
                if size and fold(m.group("name")[:size]) not in _GENERIC_AREAS:
                    out.append((m.start("name"), m.start("name") + size, self.tag))
        if self.countries and "depuis" in folded:
            for m in _STAY.finditer(text):
                size = self._country(m.group("name"))
                if size:
                    out.append((m.start("name"), m.start("name") + size, self.tag))
        # the origin rules run behind the cue words; the folded cue search (_ORIGIN_GATE, costlier than the rules it
        # gates) only where a rule's own match does not imply it: every _ORIGIN, _BORN_ON and _BIRTHPLACE match holds
        # one of its cues, and a country's first word is a capitalised or elided token of the text
        origin_words = bool(self.countries) and not _ORIGIN_WORDS.isdisjoint(gate)
        origin_gate: list[bool] = []

        def origin() -> bool:
            if not origin_gate:
                origin_gate.append(bool(_ORIGIN_GATE.search(folded)))
            return origin_gate[0]

        if origin_words:
            if self._country_token(ctx):
                for m in _matches_at(_ORIGIN, text, _word_offsets(ctx, _ORIGIN_CUES, words)):
                    size = self._country(m.group("name"))
                    if size and fold(m.group("name")[:size]) not in _GENERIC_AREAS:  # ('revient du Centre de ...')
                        out.append((m.start("name"), m.start("name") + size, self.tag))
            for pattern, cues in ((_ORIGIN_FIELD, _FIELD_WORDS), (_BORN_ON, _BORN_WORDS)):
                # a country, a listed town, or a name no list knows as a word
                run = not cues.isdisjoint(words) and (pattern is _BORN_ON or origin())
                for m in (pattern.finditer(text) if pattern is _ORIGIN_FIELD else _matches_at(
                        pattern, text, _word_offsets(ctx, _BORN_CUES, words))) if run else ():
                    size = self._country(m.group("name"))
                    if size:
                        out.append((m.start("name"), m.start("name") + size, self.tag))
                    elif pattern is _BORN_ON and fold(m.group("bprep")) in ("en", "au", "aux"):
                        continue  # ('née le 3/4/2007 en Guinée': after 'en'/'au' only a country)
                    elif self._is_town(ctx, m.group("name")) or pattern is _BORN_ON and self._born_at(ctx, m.group("name")):
                        out.append((m.start("name"), m.end("name"), self.tag))
            if "(" in text:
                for m in _PAREN_PLACE.finditer(text):
                    line_start = text.rfind("\n", 0, m.start()) + 1
                    key = key_of(m.group("name"))
                    if ((key in self.countries or key in self.towns.keys)
                            and _BIRTH_CUE.search(folded, max(line_start, m.start() - 48), m.start()) and origin()):
                        out.append((m.start("name"), m.end("name"), self.tag))
        if self.regions and "(" in text:
            for m in _PAREN_PLACE.finditer(text):  # a region or island after its town: 'Grand-Bourg (Marie-Galante)'
                if key_of(m.group("name")) in self.regions:
                    before = _TOWN_BEFORE.search(text, text.rfind("\n", 0, m.start()) + 1, m.start())
                    key = key_of(before.group("town")) if before else ()
                    if key and (key in ctx.lookups.cities or key in self.towns.keys):
                        out.append((m.start("name"), m.end("name"), self.tag))
        age_comma, age_starts = _age_commas(text) if "ans" in words else (False, [])
        if not _HOME_CUE_WORDS.isdisjoint(gate) or age_comma:
            out.extend(self._home_towns(ctx, words, age_starts))
        if "," in text and _PHONE_GATE.search(text):
            out.extend(self._contact_towns(ctx, _CONTACT_TOWN_FAST))
        if "," in text and not _DOCTOR_WORDS.isdisjoint(gate):
            out.extend(self._contact_towns(ctx, _DOCTOR_TOWN_FAST))
        paren_cap = "(" in text and _PAREN_CAP.search(text)
        if paren_cap and _CARE_GATE.search(text):
            out.extend(self._contact_towns(ctx, _CARE_HOME_TOWN))
        if paren_cap and _HOSPITAL_GATE.search(text):
            # a hospital's name, then one unlisted capitalised word in brackets: its group ('(Chirec)', '(Vivalia)'),
            # an institution (a listed town there is the city annotator's)
            out.extend((s, e, "INSTITUTION") for s, e, _ in self._contact_towns(ctx, _HOSPITAL_GROUP)
                       if key_of(text[s:e]) not in ctx.lookups.cities and key_of(text[s:e]) not in self.towns.keys)
        if "a" in words and "à" in text:
            for m in _AT_UNKNOWN_FROM_A.finditer(text):  # 'agriculteur à Javouhey': an unknown name after 'à'
                if not _at_follows_word(text, m.start()):
                    continue
                name = m.group("name")
                first = fold(name.split("-")[0])
                # ('cuisinière à Bras-Sec', 'à Vert-Pré': a compound of capitalised words, a place even when its first is a word)
                # (not a saint's: 'à Saint-Luc' is mostly the hospital)
                compound = name.count("-") and len(first) > 2 and first not in _SAINT_FIRSTS and all(
                    part[:1].isupper() for part in name.split("-") if len(part) > 2)
                if len(name) < 4 or name.isupper() or (first in ctx.lookups.stopwords or ctx.lookups.is_common(first) or (
                        first in ctx.lookups.medical)) and not compound or (
                        first in ctx.lookups.first_names or first in (
                        ctx.lookups.surnames) or first in self.not_towns or first in self.hospitals or first in (
                        ctx.lookups.eponyms) or first.endswith(_TRADE_ENDINGS) and not first.endswith(_PLACE_ENDINGS)):
                    continue
                if self._germ_named(ctx, text, m):
                    continue  # ('infection à Klebsiella', 'prothèse à Staphylococcus epidermidis': a germ)
                out.append((m.start("name"), m.end("name"), self.tag))
        if "/" in text and _SLASH_CAP.search(text):
            for m in _SLASH_SUR.finditer(text):  # 'Esch/Alzette': a '-sur-' town written with a slash
                key = (f"{fold(m.group('a'))}-sur-{fold(m.group('b'))}",)
                if key in ctx.lookups.cities or key in self.towns.keys:
                    out.append((m.start(), m.end(), self.tag))
        if "/" in text and _SLASH_CAP.search(text) and _TWIN_GATE.search(text):
            for m in _TWIN_TOWN.finditer(text):  # '1000 Bruxelles/Brussel': one place in its two languages
                if all(self._is_town(ctx, m.group(g)) for g in ("a", "b")):
                    out.append((m.start(), m.end(), self.tag))
        if origin_words:
            for m in _matches_at(_BIRTHPLACE, text, _word_offsets(ctx, _BIRTHPLACE_CUES, words)) if not (
                    _BIRTH_WORDS.isdisjoint(gate)) else ():
                first = fold(m.group("name").split()[0].split("-")[0])
                if not (first in ctx.lookups.stopwords or first in self.not_towns or ctx.lookups.is_common(first)):
                    out.append((m.start("name"), m.end("name"), self.tag))
                elif first not in ctx.lookups.function_words and first not in self.not_towns and (
                        country := _COUNTRY_AFTER.match(text, m.end("name"))) and self._country(country.group("name")):
                    out.append((m.start("name"), m.end("name"), self.tag))  # ('née à Hué (Viêt Nam)': a word, yet a town)
        head_lines = self._head_lines(ctx, words)
        out.extend(self._header_towns(ctx, words, head_lines))
        out.extend(self._head_line_towns(ctx, head_lines))
        if head_lines and (" - " in text or " – " in text or " — " in text or "\t" in text and _HEADER_DASH.search(text)):
            out.extend(self._header_opening_towns(ctx, head_lines))
        if "(" in text and "," in text:
            out.extend(self._bracket_towns(ctx))
        if "urgences" in words or "sau" in words:
            out.extend(self._urgences_towns(ctx))
        if ("domicile" in words or not _HOME_FIELD_WORDS.isdisjoint(gate)) and ":" in text:  # (a field: 'X : name')
            out.extend(self._checked(ctx, _HOME_FIELD))
        if "RCS" in text or "R.C.S" in text:
            out.extend(self._checked(ctx, _RCS_TOWN))
        if self.countries and not _TRAVEL_CUES.isdisjoint(gate):
            out.extend(self._travels(ctx, words))
        if not _ADMIN_WORDS.isdisjoint(gate):
            out.extend(self._admin_areas(ctx))
        if not _BELOW_WORDS.isdisjoint(gate):
            toks, hits = ctx.tokens, ctx.indices(_BELOW_WORDS.intersection(words))
            starts = sorted({toks[i][1] if ctx.folded[i].startswith("au-") else toks[i - 1][1] for i in hits if i})
            out.extend((m.start("name"), m.end("name"), self.tag) for m in _matches_at(_BELOW, text, starts)
                       if self._town_like(ctx, m.group("name")))
        if not _NEAR_WORDS.isdisjoint(gate):
            out.extend(self._checked(ctx, _NEAR))
        if not _CLIMB_WORDS.isdisjoint(gate):
            out.extend((m.start("name"), m.end("name"), self.tag) for m in _CLIMB.finditer(text)
                       if fold(m.group("name").split()[0]) not in _NATURAL_WORDS and self._town_like(ctx, m.group("name")))
        if not _EVACUATION_WORDS.isdisjoint(gate):
            out.extend(self._checked(ctx, _EVACUATION))
        if "(" in text and _PAREN_START_CAP.search(text):  # (a bracket of several words too: '(La Réunion)')
            out.extend(self._after_town_brackets(ctx))
        if ("uit" in words or "te" in words) and _DUTCH_AT.search(text):
            out.extend(self._checked(ctx, _DUTCH_AT))
        if not _TRADE_WORDS.isdisjoint(gate):
            out.extend(self._trade_towns(ctx))
        if "-\n" in text or "- \n" in text:
            out.extend(self._towns_over_lines(ctx))
        if _ROAD_GATE.search(text):
            out.extend(self._road_numbers(text))
        if "(" in text and not _DOCTOR_WORDS.isdisjoint(gate) and _PAREN_WORD.search(text):
            out.extend(self._doctor_bracket_towns(ctx))
        if ")" in text and "," in text:
            out.extend(self._lower_case_separated(ctx))
        if self.countries and "," in text and self._country_token(ctx):
            out.extend(self._countries_after_town_commas(ctx))
        if not _ENGLISH_ORIGIN_CUES.isdisjoint(gate):
            out.extend(self._english_origins(ctx, words))
        if not _ENGLISH_STREET_TYPES.isdisjoint(gate):
            out.extend((m.start(), m.end(), self.tag) for m in _ENGLISH_STREET.finditer(text))
        if not (_UK_WORDS.isdisjoint(gate) and _ENGLISH_STREET_TYPES.isdisjoint(gate)):
            out.extend(self._uk_postcodes(ctx))
        if "grand-place" in words or "grand'place" in words:
            out.extend((m.start(), m.end(), self.tag) for m in _GRAND_PLACE.finditer(text))
        if not _FOREIGN_STREET_HEADS.isdisjoint(gate) and any(
                ctx.tokens[i].text[:1].isupper() or ctx.folded[i] == "ul"
                for i in ctx.indices(_FOREIGN_STREET_HEADS.intersection(words))):  # ('via' the preposition: no street)
            out.extend(self._foreign_streets(ctx))
        if (dutch or "stra" in folded or "gracht" in folded or "singel" in folded or "gasse" in folded) and (
                _ONE_WORD_STREET_GATE.search(folded)):  # ('straat' holds 'stra')
            out.extend((m.start(), m.end(), self.tag) for m in _ONE_WORD_STREET.finditer(text))
        if not _CA_PROVINCE_WORDS.isdisjoint(gate) and _CA_POSTCODE_GATE.search(text):
            out.extend(self._canadian_postcodes(ctx))
        if age_starts:
            out.extend(self._age_places(ctx, age_starts))
        out.extend(self._town_pairs(ctx))
        if ("n°" in text or "nº" in text or "no." in words or "numero" in words) and (
                not _STREET_HEAD_WORDS.isdisjoint(gate)):
            out.extend((m.start(), m.end(), self.tag) for m in _STREET_NUMERO.finditer(text))
        if "lot" in words and "Lot" in text:
            for m in _PLOT_ADDRESS.finditer(text):
                line_start = text.rfind("\n", 0, m.start()) + 1
                if ":" in text[line_start : m.start()] and self._town_like(ctx, m.group("name")):
                    out.append((m.start(), m.end(), self.tag))
        if not _FIELD_WORDS_ADDRESS.isdisjoint(gate) and "," in text:
            out.extend(self._address_field_parts(ctx))
        if not _STREET_HEAD_WORDS.isdisjoint(gate) and _arabic_gate(text):
            for m in _ARABIC_STREET.finditer(text):
                if " " in m.group().strip() and (m.group().rstrip()[-1] in "IVX" or _arabic_gate(m.group())):
                    out.append((m.start(), len(m.group().rstrip()) + m.start(), self.tag))
        if "bp" in words or "B.P." in text:
            for m in _POST_BOX_TOWN.finditer(text):
                if self._is_town(ctx, m.group("name")):
                    out.append((m.start(), m.end(), self.tag))
        if not _TOPONYM_WORDS.isdisjoint(gate):
            out.extend(self._toponyms(ctx))
        if not _AREA_PART_WORDS.isdisjoint(gate):
            out.extend(self._area_parts(ctx))
        if not _NUMBERED_CUES.isdisjoint(gate):
            out.extend(self._numbered_quarters(ctx, words))
        if not _NUMBERED_STREET_WORDS.isdisjoint(gate) and _NUMBERED_STREET_GATE.search(folded):
            out.extend((m.start("street"), m.end("street"), self.tag) for m in _NUMBERED_STREET.finditer(text))
        if not _TITLE_STREET_WORDS.isdisjoint(gate) and not _TITLE_STREET_HEADS.isdisjoint(gate) and any(
                ctx.folded[i - 1] in _TITLE_STREET_HEADS or ctx.folded[i - 1] in ("du", "de") and i > 1 and (
                    ctx.folded[i - 2] in _TITLE_STREET_HEADS)
                for i in ctx.indices(_TITLE_STREET_WORDS.intersection(words)) if i):
            out.extend((m.start(), m.end(), self.tag) for m in _TITLE_STREET.finditer(text))
        if "MC" in text:
            out.extend((m.start(), m.end("name"), self.tag) for m in _MONACO_POSTCODE.finditer(text))
        if "/" in text and _SLASH_CAP.search(text):
            out.extend(self._slash_seconds(ctx))
        out.extend(self._lower_world_towns(ctx, words))
        if age_starts:
            out.extend(self._age_tails(ctx, age_starts))
        if "," in text and not _STREET_THEN_TOWN_WORDS.isdisjoint(gate):
            starts = [ctx.tokens[i].start for i in ctx.indices(_STREET_THEN_TOWN_WORDS.intersection(words))]
            out.extend((m.start("name"), m.end("name"), self.tag) for m in _matches_at(_STREET_THEN_TOWN, text, starts)
                       if self._context_town(ctx, m.group("name")))
        if "depuis" in words and not _MOTION_WORDS.isdisjoint(gate) or not _ARRIVALS.isdisjoint(gate):
            out.extend(self._origins_after_depuis(ctx, words))
        if ("-0" in text or "-1" in text) and _ISO_DATE_GATE.search(text):
            out.extend((m.start("name"), m.end("name"), self.tag) for m in _ISO_DATE_LINE.finditer(text)
                       if self._date_line_town(ctx, m.group("name")))
        if "marche" in words:
            out.extend((m.start("name"), m.end("name"), self.tag) for m in _MARKET.finditer(text)
                       if self._context_town(ctx, m.group("name")))
        if not _SITE_NOUNS.isdisjoint(gate):
            toks = ctx.tokens
            starts = [toks[i].start for i in ctx.indices(_SITE_NOUNS.intersection(words))
                      if i + 1 < len(toks) and (ctx.folded[i + 1] == "de" or ctx.folded[i + 1][:2] == "d'")
                      and not (i > 1 and ctx.folded[i - 1] == "de" and ctx.folded[i - 2] in _FRACTURE_WORDS)]
            # (not a stress fracture's eponym: 'fracture de marche de Deutschländer')
            # (a name led by a word all in capitals there is a firm's or a body's acronym, 'le chantier de TRAXO au
            # Kirchberg': not a town)
            out.extend((m.start("name"), m.end("name"), self.tag) for m in _matches_at(_SITE_OF, text, starts)
                       if not _ACRONYM_LEAD.match(m.group("name")) and self._context_town(ctx, m.group("name")))
        if "Le " in text or "La " in text or "Les " in text:
            out.extend(self._articled_towns(ctx))
        if not (_QUOTED_PLACE_WORDS.isdisjoint(gate) and _EXIT_WORDS.isdisjoint(gate) and _RING_WORDS.isdisjoint(gate)
                and "via" not in words) or "(R" in text:
            out.extend(self._journey_places(ctx, words))
        if not _ROUTE_WORDS.isdisjoint(gate):
            for m in _ROUTE_PAIR.finditer(text):
                if all(self._context_town(ctx, m.group(g)) for g in ("a", "b")):
                    out.extend(((m.start("a"), m.end("a"), self.tag), (m.start("b"), m.end("b"), self.tag)))
        if not (_EVENT_FIELD_WORDS.isdisjoint(gate) and _ENGLISH_AT_WORDS.isdisjoint(gate) and _EVENT_CUES.isdisjoint(gate)
                and _RUN_WORDS.isdisjoint(gate) and "etranger" not in gate and _PAST_HOME_WORDS.isdisjoint(gate)
                and _RESORT_WORDS.isdisjoint(gate)):
            out.extend(self._event_places(ctx, gate))
        if not self._pair_seconds.isdisjoint(ctx.folded_set) and _LOWER_PAIR_GATE.search(text):
            for m in _LOWER_PAIR.finditer(text):
                a, b = m.group("a"), m.group("b")
                keys = ((a, b),) if a in ("la", "le", "les") else (("saint-" + b,), ("saint", b)) if a in ("st", "saint") else (
                    ("sainte-" + b,), ("sainte", b))
                if any(key_of(" ".join(k)) in self.lower_pairs for k in keys):
                    out.append((m.start(), m.end(), self.tag))  # ('kiné du sport la rochelle', 'imagerie st quentin')
        if "Bourg" in text or "BOURG" in text:  # the village centre as an address's locality, article inside (place29)
            out.extend((m.start(), m.end(), self.tag) for m in _LE_BOURG.finditer(text))
        if self.foreign and not self.foreign_firsts.isdisjoint(ctx.bare_set):
            out.extend(self._foreign_countries(ctx))
        return out

    def _foreign(self, name: str) -> int:
        """Characters of the longest foreign country ``name`` starts with, 0 if none."""
        return _longest_listed_prefix(name, self.foreign)

    def _foreign_countries(self, ctx: Context) -> list[Candidate]:
        """A country abroad after 'en'/'au'/'aux'/'par (la)'/'via (l')'/'vers (le)' is a place of the person's life or
        journey ('appris l'arabe en Libye', 'passé par la Bosnie et l'Italie', 'départ vers le Royaume-Uni'), unless an
        examination was done there ('scanner réalisé en Turquie'); then the countries and towns of a route or a country
        field ('Parcours : Mali, Algérie, Tunisie (Sfax)', 'Pays : Somalie (Mogadiscio)') (place29, session 23)."""
        text, out, tag = ctx.text, [], self.tag
        for m in _FOREIGN_PREP.finditer(text):
            size = self._foreign(m.group("name"))
            if not size:
                continue
            clause = max(text.rfind(c, 0, m.start()) for c in ".;\n") + 1
            if _EXAM_DONE.search(text, clause, m.start()):
                continue
            end = m.start("name") + size
            if m.group("name").islower() and (ctx.lookups.is_common(fold(m.group("name")[:size])) or (
                    fold(m.group("name")[:size]) in _LOWER_NOT_COUNTRIES)):
                continue
            out.append((m.start("name"), end, tag))
            if (town := _FOREIGN_TOWN.match(text, end)) and (self._listed_town(ctx, town.group("town")) or self._unknown_place(
                    ctx, town.group("town"), text, town.start("town"))):
                out.append((town.start("town"), town.end("town"), tag))  # ('l'Italie (Vintimille)')
            while (more := _FOREIGN_MORE.match(text, end)) and (size := self._foreign(more.group("name"))):
                end = more.start("name") + size
                out.append((more.start("name"), end, tag))
                if (town := _FOREIGN_TOWN.match(text, end)) and (self._listed_town(ctx, town.group("town")) or (
                        self._unknown_place(ctx, town.group("town"), text, town.start("town")))):
                    out.append((town.start("town"), town.end("town"), tag))
        for m in _ROUTE_CUE.finditer(text):
            pos, first = m.end(), True
            while item := _ROUTE_ITEM.match(text, pos):
                name = item.group("name")
                size = self._foreign(name)
                if not size and not first and self._listed_town(ctx, name) and not ctx.lookups.is_common(fold(name)):
                    size = len(name)
                if not size:
                    break
                out.append((item.start("name"), item.start("name") + size, tag))
                town = item.group("town")
                if town and (self._listed_town(ctx, town) or self._unknown_place(ctx, town, text, item.start("town"))):
                    out.append((item.start("town"), item.end("town"), tag))
                pos, first = item.end(), False
                sep = _ROUTE_SEP.match(text, pos)
                if not sep:
                    break
                pos = sep.end()
        return out

    def _event_places(self, ctx: Context, gate: set[str] | frozenset[str]) -> list[Candidate]:
        """Where something happened: a form's place field, English 'in'/'at' before a cue-only town, a country a few
        words after a life event or after 'à l'étranger', a ski run or lift named with no 'de' (session 21)."""
        text, out = ctx.text, []
        if not _EVENT_FIELD_WORDS.isdisjoint(gate):
            for m in _EVENT_FIELD.finditer(text):
                name = m.group("name")
                size = self._country(name)
                if not size and (self._listed_town(ctx, name) or not name.isupper() and self._is_town(ctx, name) and (
                        fold(name.split()[0]) not in ctx.lookups.surnames)):
                    size = len(name)
                if not size:
                    continue
                end = m.start("name") + size
                out.append((m.start("name"), end, self.tag))
                more = _COMMA_NAME.match(text, end)
                if more and (size := self._country(more.group("name"))):
                    out.append((more.start("name"), more.start("name") + size, self.tag))
        if not _ENGLISH_AT_WORDS.isdisjoint(gate):
            for m in _ENGLISH_AT.finditer(text):
                name = m.group("name")
                if not name.isupper() and (self._listed_town(ctx, name) and not ctx.lookups.is_common(fold(name)) or (
                        _ENGLISH_CONTEXT.search(text, max(0, m.start() - 40), m.start())
                        and self._unknown_place(ctx, name, text, m.start("name")))):
                    out.append((m.start("name"), m.end("name"), self.tag))
        if self.countries and not _EVENT_CUES.isdisjoint(gate):
            for cue in _EVENT.finditer(text):
                if _WISH_BEFORE.search(text, max(0, cue.start() - 8), cue.start()):
                    continue
                stop = _CLAUSE_END.search(text, cue.end(), cue.end() + 60)
                limit = stop.start() if stop else min(len(text), cue.end() + 60)
                for m in _EVENT_PLACE.finditer(text, cue.end(), limit):
                    filler = text[cue.end() : m.start()].split()
                    if len(filler) > 4 or not all(_FILLER_WORD.fullmatch(w) for w in filler) or not (
                            _TRAVEL_STOP.isdisjoint(fold(w) for w in filler)):
                        break
                    size = self._country(m.group("name"))
                    if size and fold(m.group("name")[:size]) not in _GENERIC_AREAS:
                        out.append((m.start("name"), m.start("name") + size, self.tag))
                    break
        if self.countries and "etranger" in gate:
            for m in _ABROAD.finditer(text):
                size = self._country(m.group("name"))
                if size:
                    out.append((m.start("name"), m.start("name") + size, self.tag))
        if not _RUN_WORDS.isdisjoint(gate):
            lk = ctx.lookups
            for m in _RUN.finditer(text):
                key = key_of(m.group("name"))
                words = [w for w in key if w not in ("les", "le", "la")]
                if not words or any(lk.is_common(w) or w in lk.medical or w in lk.stopwords for w in words) or (
                        words[0] in ("noire", "rouge", "bleue", "verte", "de", "du", "des")):
                    continue
                out.append((m.start("name"), m.end("name"), self.tag))
        if not _PAST_HOME_WORDS.isdisjoint(gate):
            for m in _PAST_HOME.finditer(text):
                name = m.group("name")
                if self._listed_town(ctx, name) or self._unknown_place(ctx, name, text, m.start("name")):
                    out.append((m.start("name"), m.end("name"), self.tag))
        if not _RESORT_WORDS.isdisjoint(gate):
            for m in _RESORT.finditer(text):
                name = m.group("name")
                if m.group().startswith("S") and m.start() and text[m.start() - 1] not in "\n.:;(-–—":
                    continue  # ('rue de la Station 47': a street's word)
                if self._listed_town(ctx, name) or self._unknown_place(ctx, name, text, m.start("name")):
                    out.append((m.start("name"), m.end("name"), self.tag))
        return out

    def _articled_towns(self, ctx: Context) -> list[Candidate]:
        """'Pêcheries de la Cornouaille, Le Guilvinec': a capitalised article and a town the lists hold without it (and not
        with it: those are the city annotator's); the town is no word, name or medical word, nor a saint's name ('bar Le
        Saint-Vincent' is a business named after the saint)."""
        out: list[Candidate] = []
        text, lk = ctx.text, ctx.lookups
        for m in _CAP_ARTICLE_TOWN.finditer(text):
            key = key_of(m.group("name"))
            if len(key) != 1 or key[0].startswith(("saint-", "sainte-")) or not (key in lk.cities or key in self.towns.keys) or (
                    fold(m.group("art")), *key) in (
                    lk.cities) or lk.is_common(key[0]) or key[0] in lk.first_names or key[0] in lk.surnames or (
                    key[0] in lk.stopwords or key[0] in lk.medical):
                continue
            out.append((m.start(), m.end(), self.tag))
        return out

    def _journey_places(self, ctx: Context, words: set[str] | frozenset[str]) -> list[Candidate]:
        """Places of a journey or an accident outside: a slope or a lift named in quotes, a road's number before an exit
        or a kilometre point, a road in brackets, a town and its compass point after an exit, a ring road's side, a
        stop after 'via' in a sentence telling a journey. Each rule behind its own words."""
        out: list[Candidate] = []
        text, tag = ctx.text, self.tag
        if not _QUOTED_PLACE_WORDS.isdisjoint(words) and ("«" in text or '"' in text or "“" in text):
            out.extend((m.start("name"), m.end("name"), tag) for m in _QUOTED_PLACE.finditer(text)
                       if m.group("name")[0].isupper())
        if not _EXIT_WORDS.isdisjoint(words) and _ROAD_GATE.search(text):
            out.extend((m.start(), m.end(), tag) for m in _ROAD_EXIT.finditer(text))
            out.extend((m.start("road"), m.end("road"), tag) for m in _KM_ROAD.finditer(text))
        if "(RD" in text or "(RN" in text:
            out.extend((m.start(), m.end(), tag) for m in _ROAD_BRACKET.finditer(text))
        if ("sortie" in words or "echangeur" in words) and not _COMPASS_WORDS.isdisjoint(words):
            out.extend((m.start("name"), m.end("name"), tag) for m in _EXIT_TOWN.finditer(text)
                       if self._context_town(ctx, m.group("town")))
        if not _RING_WORDS.isdisjoint(words):
            out.extend((m.start(), m.end(), tag) for m in _RING_ROAD.finditer(text))
        if "via" in words and self.countries:
            for m in _VIA_PLACE.finditer(text):
                name = m.group("name")
                clause = max(text.rfind(c, 0, m.start()) for c in ".;\n") + 1
                said = set(_LETTER_WORDS.findall(ctx.folded_text, clause, m.start()))
                if name.isupper() or _TRAVEL_CUES.isdisjoint(said):
                    continue  # (a journey told before it: 'arrivé en France en 2025 via X'; not 'via Doctolib')
                if self._country(name) or self._context_town(ctx, name):
                    out.append((m.start("name"), m.end("name"), tag))
        return out

    def _age_tails(self, ctx: Context, age_starts: list[int]) -> list[Candidate]:
        """'Mme X, 38 ans, Bonabéri, Douala', 'M. Y, 44 ans, marin-pêcheur, Miquelon': the last comma part of an
        identity line after the age, when town-like, and the town-like capitalised parts before it."""
        out: list[Candidate] = []
        out.extend((m.start("name"), m.end("name"), self.tag) for m in _matches_at(_AGE_THEN_DE, ctx.text, age_starts)
                   if self._context_town(ctx, m.group("name")))
        for m in _matches_at(_AGE_TAIL, ctx.text, age_starts):
            rest, offset = m.group("rest"), m.start("rest")
            parts = rest.split(",")
            last = _TAIL_PART.match(parts[-1])
            if not last or not self._tail_name(ctx, last.group("name")):
                continue
            start = offset + len(rest) - len(parts[-1])
            out.append((start + last.start("name"), start + last.end("name"), self.tag))
            for part in parts[:-1]:
                pm = _TAIL_PART.match(part)
                if pm and self._tail_name(ctx, pm.group("name")):
                    out.append((offset + pm.start("name"), offset + pm.end("name"), self.tag))
                offset += len(part) + 1
        return out

    def _context_town(self, ctx: Context, name: str) -> bool:
        """What a weak layout makes a town: a town that needs no cue, or a town-like name that is no ordinary word (a
        cue-only town that is also a word, 'Charge', 'Marche', stays a word there)."""
        if self._plain_town(ctx, name):
            return True
        key = key_of(name)
        return self._town_like(ctx, name) and not (len(key) == 1 and (ctx.lookups.is_common(key[0]) or (
            key[0] in ctx.lookups.surnames)))

    def _tail_name(self, ctx: Context, name: str) -> bool:
        """Town-like, and, when one unlisted word, not shaped like a person's state ('Hypertendue', 'Autonome')."""
        if not self._town_like(ctx, name):
            return False
        key = key_of(name)
        return len(key) > 1 or self._listed_town(ctx, name) or not key[0].endswith(_STATE_ENDINGS)

    def _origins_after_depuis(self, ctx: Context, words: set[str] | frozenset[str]) -> list[Candidate]:
        """'amené par sa grand-mère depuis Ségou', 'arrivé à Cayenne depuis Cacao': a capitalised name after 'depuis'
        with a motion word among the six words before it."""
        out: list[Candidate] = []
        toks, folded = ctx.tokens, ctx.folded
        cues = [i for i in ctx.indices(_DEPUIS) if not _MOTION_WORDS.isdisjoint(folded[max(0, i - 6) : i])]
        # ('arrivée de X il y a 2 mois', 'rapatrié de X': the 'de' right after an arrival)
        cues += [i + 1 for i in ctx.indices(_ARRIVALS.intersection(words)) if i + 1 < len(toks) and folded[i + 1] == "de"]
        for i in sorted(cues):
            j = i + 1
            if j >= len(toks) or not toks[j].is_cap or not ctx.joined(j) or folded[j] in _NOT_ORIGINS:
                continue
            k = j
            while k + 1 < len(toks) and k - j < 2 and toks[k + 1].is_cap and ctx.joined(k + 1):
                k += 1
            name = ctx.text[toks[j].start : toks[k].end]
            if self._context_town(ctx, name):
                out.append((toks[j].start, toks[k].end, self.tag))
        return out

    def _named_like_person(self, ctx: Context, name: str) -> bool:
        """A district's name whose first word is a first name or a surname and no listed town ('Delmas', 'Martin'):
        the person annotators give it a PERSON span of the same length."""
        first = fold(name.split()[0].split("-")[0])
        lk = ctx.lookups
        return (first in lk.first_names or first in lk.surnames) and not self._plain_town(ctx, name)

    def _toponyms(self, ctx: Context) -> list[Candidate]:
        """'Bab El Oued', 'Deir el-Qamar', 'douar Ouled Ali': a Maghreb or Levant place by its toponymic head word
        (the name's first word no French word, stopword or medical word)."""
        out: list[Candidate] = []
        lk = ctx.lookups
        for m in _TOPONYM.finditer(ctx.text):
            words = [fold(w) for w in re.findall(r"[^\W\d_]+", m.group("name"))]
            if not words or len(words) == 1 and (len(words[0]) < 3 or words[0] in lk.stopwords or lk.is_common(
                    words[0]) or words[0] in lk.medical or words[0] in self.not_towns):
                continue  # ('Bab El Oued': two words, whatever they mean; 'Souk Lundi' is none)
            out.append((m.start(), m.end("name"), self.tag))  # (the head too: 'douar X' beats an employer's 'X')
        return out

    def _area_parts(self, ctx: Context) -> list[Candidate]:
        """'secteur 22, Bobo-Dioulasso', 'Parcelles Assainies unité 17', 'Punaauia, PK 14', 'Angré 7e tranche': a
        numbered part of a town beside a place: after a capitalised name (the two one span), or between commas on a
        line that holds an address cue or next to a listed town."""
        out: list[Candidate] = []
        text, lk = ctx.text, ctx.lookups
        toks, folded = ctx.tokens, ctx.folded
        hits = ctx.indices(_AREA_PART_WORDS.intersection(ctx.folded_set))
        starts = sorted({toks[k].start for i in hits if i for k in ((i - 2, i - 1) if folded[i] == "tranche" else (i,))
                         if k >= 0})  # ('7e tranche': the ordinal, one token or two, before the word)
        for m in _matches_at(_AREA_PART, text, starts):
            line_start = text.rfind("\n", 0, m.start()) + 1
            line_end = text.find("\n", m.end())
            line_end = len(text) if line_end < 0 else line_end
            before = text[line_start : m.start()]
            run = _CAP_RUN_BEFORE.search(before)
            after = _NAME_AFTER_COMMA.match(text, m.end())
            town_after = bool(after) and self._plain_town(ctx, after.group("name"))
            cued = not _ADDRESS_CUE_WORDS.isdisjoint(_LETTER_WORDS.findall(ctx.folded_text[line_start:line_end]))
            if run:
                first = fold(run.group().split()[0].split("-")[0])
                if first in lk.stopwords or lk.is_common(first) or first in lk.medical or first in self.not_towns or (
                        first in lk.first_names and not self._plain_town(ctx, run.group())):
                    continue
                if cued or town_after or self._plain_town(ctx, run.group()):
                    out.append((line_start + run.start(), m.end(), self.tag))
                continue
            head = before.rstrip(" \t")
            if head.endswith(","):
                piece = head[:-1].rstrip(" \t")
                name = _TOWN_BEFORE.search(piece)
                if cued or town_after or (name and self._plain_town(ctx, name.group("town"))):
                    out.append((m.start(), m.end(), self.tag))
            elif (not head or head.endswith(":")) and (cued or town_after):
                out.append((m.start(), m.end(), self.tag))
        return out

    def _numbered_quarters(self, ctx: Context, words: set[str] | frozenset[str]) -> list[Candidate]:
        """'réside à Delmas 75.', 'habite Cocody Riviera 2, Abidjan', 'Adresse : Tabarre 27': a quarter or town and
        its number after a residence cue or an address field, the number closing the clause (walked from the cue
        tokens: one to three capitalised words, a number of 1-3 digits, then a clause end)."""
        out: list[Candidate] = []
        text, toks, folded, lk = ctx.text, ctx.tokens, ctx.folded, ctx.lookups
        n = len(toks)
        for cue in ctx.indices(_NUMBERED_CUES.intersection(words)):
            i = cue + 1
            if i < n and (toks[i].text == ":" or folded[i] in ("a", "au", "aux")):
                i += 1  # ('réside à Delmas 75', 'Adresse : Tabarre 27')
            if i >= n or not toks[i].is_cap or not ctx.joined(i):
                continue
            k = i
            while k < n and k - i < 3 and toks[k].is_cap and (k == i or ctx.joined(k)):
                k += 1
            if k >= n or k == i or toks[k].kind != "num" or len(toks[k].text) > 3 or not ctx.joined(k):
                continue
            end = toks[k].end
            after = k + 1
            if after < n and toks[after].kind == "word" and len(toks[after].text) == 1 and toks[after].text.isupper() and (
                    toks[after].start == end):
                end, after = toks[after].end, after + 1  # ('Delmas 33B')
            if after < n and not (toks[after].text in ",.;)" and toks[after].start - end <= 1 or "\n" in text[end : toks[after].start]):
                continue
            name = text[toks[i].start : toks[k - 1].end]
            first = folded[i].split("-")[0]
            if len(first) < 3 or first in lk.stopwords or lk.is_common(first) or first in lk.medical or (
                    first in lk.eponyms or first in self.not_towns or first in _MONTH_WORDS):
                continue
            if folded[cue + 1] in ("a", "au", "aux") and not self._plain_town(ctx, name) and (
                    first in lk.first_names or first in lk.surnames):
                continue
            out.append((toks[i].start, end, self.tag))
        return out

    def _slash_seconds(self, ctx: Context) -> list[Candidate]:
        """'Pointe-à-Pitre/Abymes': a capitalised word after a listed town and a slash, a town too (not a word, a
        name or a medical word: 'Paris/Descartes' stays)."""
        out: list[Candidate] = []
        lk = ctx.lookups
        text = ctx.text
        for slash in _SLASH_CAP.finditer(text):  # (from each '/X': the town before it found backwards)
            before = _SLASH_FIRST.search(text, max(0, slash.start() - 60), slash.start())
            m = _SLASH_SECOND.match(text, before.start()) if before else None
            if not m or m.start("b") != slash.start() + 1 and text[slash.start() + 1 : m.start("b")].strip():
                continue
            b = m.group("b")
            first = fold(b.split("-")[0])
            if len(b) < 4 or b.isupper() or first in lk.stopwords or lk.is_common(first) or first in lk.medical or (
                    first in lk.first_names or first in lk.surnames or first in self.not_towns):
                continue
            if self._plain_town(ctx, m.group("a")):
                out.append((m.start("b"), m.end("b"), self.tag))
        return out

    def _lower_world_towns(self, ctx: Context, words: set[str] | frozenset[str]) -> list[Candidate]:
        """'en route depuis zahle', 'transfert depuis jounieh': a foreign or overseas town of this annotator's plain
        lists in lower case right after a motion or residence cue (no word, name or medical word; 5+ letters)."""
        lk = ctx.lookups
        if self._world_for is not lk:
            self._world_lower = frozenset(
                k[0] for k in self.plain_towns.keys if len(k) == 1 and len(k[0]) >= 5 and (k[0],) not in lk.cities
                and not (lk.is_common(k[0]) or k[0] in lk.stopwords or k[0] in lk.first_names or k[0] in lk.surnames
                         or k[0] in lk.medical or k[0] in lk.eponyms or k[0] in self.not_towns
                         or k[0] in self.abbreviations))  # ('neurofibromatose de recklinghausen': an eponym)
            self._world_for = lk
        hits = self._world_lower.intersection(words)
        if not hits:
            return []
        toks, folded = ctx.tokens, ctx.folded
        return [(toks[i].start, toks[i].end, self.tag) for i in ctx.indices(hits)
                if i and toks[i].text.islower() and ctx.joined(i) and (folded[i - 1] in _LOWER_WORLD_CUES or (
                    folded[i - 1] in ("de", "d") and i > 1 and folded[i - 2] in DE_CUE_HEADS))]

    def _address_field_parts(self, ctx: Context) -> list[Candidate]:
        """'Adresse : Angré 8e tranche, Cocody, Abidjan': the capitalised parts of an address field whose last part is a
        listed town or country (a quarter, a locality: not a word, a first name or a surname, a hospital)."""
        out: list[Candidate] = []
        lk, text = ctx.lookups, ctx.text
        for m in _ADDRESS_FIELD.finditer(text):
            value = m.group("value").rstrip(" \t.;")
            parts = value.split(",")
            if len(parts) < 2:
                continue
            last = parts[-1].strip()
            last_name = _NAME_AT.match(last)
            if not last_name:
                continue
            if not (self._plain_town(ctx, last_name.group()) or self._country(last_name.group())):
                if not self._town_like(ctx, last_name.group()):
                    continue
                # ('Adresse : avenue X n° 212, commune de Y, Kinshasa' with no list holding the town: the field's
                # last part, town-like, is its town)
                at = m.start("value") + len(value) - len(parts[-1]) + parts[-1].index(last_name.group())
                out.append((at, at + len(last_name.group()), self.tag))
            offset = m.start("value")
            for part in parts[:-1]:
                pm = _FIELD_PART.match(part)
                if pm:
                    name = pm.group("name")
                    key = key_of(name)
                    first = key[0].split("-")[0] if key else ""
                    if first and len(first) >= 3 and not name.isupper() and not (
                            first in lk.stopwords or lk.is_common(first) or first in lk.medical or first in self.not_towns
                            or first in self.hospitals or (first in lk.first_names or first in lk.surnames)
                            and not self._listed_town(ctx, name)):
                        out.append((offset + pm.start("name"), offset + pm.end(), self.tag))
                offset += len(part) + 1
        return out

    def _age_places(self, ctx: Context, age_starts: list[int]) -> list[Candidate]:
        """'Mme X, 38 ans, Bonabéri, Douala': a capitalised name between a person's age and a listed town on the same
        line is the quarter or village they live in (not a word, a first name, a trade or a hospital)."""
        out: list[Candidate] = []
        lk = ctx.lookups
        for m in _matches_at(_AGE_PLACE, ctx.text, age_starts):
            name = m.group("name")
            key = key_of(name)
            first = key[0].split("-")[0] if key else ""
            if not first or len(first) < 3 or name.isupper() or first in lk.stopwords or lk.is_common(first) or (
                    first in lk.medical or first in lk.first_names or first in self.not_towns or first in self.hospitals
                    or first.endswith(_TRADE_ENDINGS) and not first.endswith(_PLACE_ENDINGS)
                    or len(key) == 1 and first.endswith(_STATE_ENDINGS)):
                continue
            rest = m.group("rest")
            if any(self._plain_town(ctx, t.group()) for t in _NAME_AT.finditer(rest)):
                out.append((m.start("name"), m.end("name"), self.tag))
        return out

    def _town_pairs(self, ctx: Context) -> list[Candidate]:
        """'l'axe Garoua-Ngaoundéré', 'la ligne Namur-Arlon': one hyphenated word made of two listed towns (not two first
        names: 'Marie-Louise'; one may be, as towns are named after people: 'Maroua'), which no list holds whole: the
        route between them, a place."""
        out: list[Candidate] = []
        lk, folded, toks = ctx.lookups, ctx.folded, ctx.tokens
        for i in ctx.caps:
            word = folded[i]
            if word.count("-") != 1:
                continue
            a, b = word.split("-")
            if (a in lk.first_names and b in lk.first_names or (word,) in lk.cities or (word,) in self.towns.keys
                    or not toks[i].text.split("-")[1][:1].isupper()):
                continue
            if all(((p,) in lk.cities or (p,) in self.towns.keys) and not lk.is_common(p) and p not in lk.surnames
                   for p in (a, b)):  # (a double surname 'Lefèvre-Bastia' is a person's: the names out)
                start, cut = toks[i].start, toks[i].start + len(a)
                out.extend(((start, cut, self.tag), (cut + 1, toks[i].end, self.tag)))  # (two places, as writers mark)
        return out

    def _plain_town(self, ctx: Context, name: str) -> bool:
        """``name`` starts with a town that needs no cue (the shared lookups or this annotator's plain lists)."""
        words = name.split()
        for n in range(len(words), 0, -1):
            key = key_of(" ".join(words[:n]))
            if key in ctx.lookups.cities and not (len(key) == 1 and key in ctx.lookups.ambiguous_cities) or (
                    key in self.plain_towns.keys):
                return True
        return False

    def _foreign_streets(self, ctx: Context) -> list[Candidate]:
        """'Via Garibaldi 45', '12, Rua das Flores', 'Calle Mayor': a street abroad by its head word, with its house
        number; a head that is also a French or Italian word ('Via', 'Corso', 'Plaza') only with a number."""
        out: list[Candidate] = []
        lk = ctx.lookups
        for m in _FOREIGN_STREET.finditer(ctx.text):
            head = fold(m.group("head")).rstrip(".")
            if head not in _FOREIGN_STREET_ALONE and not (m.group("pre") or m.group("post")):
                continue
            first = fold(re.findall(r"[^\W\d_]+", m.group("name"))[-1]) if m.group("name") else ""
            if not first or first in lk.medical or first in self.not_towns:
                continue
            out.append((m.start(), m.end(), self.tag))
            town = _TOWN_AFTER_STREET.match(ctx.text, m.end())
            if town and self._is_town(ctx, town.group("town")):
                out.append((town.start("town"), town.end("town"), self.tag))  # ('..., Torino.': the street's town)
        return out

    def _canadian_postcodes(self, ctx: Context) -> list[Candidate]:
        """'Montréal (QC) H2X 3K8': a Canadian postcode after a province's code or name or a listed town (the shape alone
        is also a TNM stage written with a space), and the province's code after a town."""
        out: list[Candidate] = []
        for m in _CA_ADDRESS.finditer(ctx.text):
            town = m.group("town")
            listed = bool(town) and any(self._listed_town(ctx, " ".join(town.split()[n:])) for n in range(len(town.split())))
            if not m.group("province"):
                continue  # (a province's code or name is what tells the shape from a TNM stage: the gate asks for one)
            out.append((m.start("pc"), m.end("pc"), self.tag))
            if town and (listed or self._is_town(ctx, town)):
                out.append((m.start("town"), m.end("town"), self.tag))  # ('Sherbrooke (QC) J1H 4B9': its town)
                if "(" in ctx.text[m.end("town") : m.start("province")] and len(m.group("province")) > 4:
                    out.append((m.start("town"), m.end("pc"), self.tag))  # (town, bracketed province name and postcode:
                    # one span, as the writers mark a Quebec address's last line; a province's code stays its own span)
            if m.group("province") and (town or fold(m.group("province")) in ("quebec", "ontario", "manitoba", "alberta",
                                                                               "nouveau-brunswick", "nouvelle-ecosse")):
                out.append((m.start("province"), m.end("province"), self.tag))
        return out

    def _countries_after_town_commas(self, ctx: Context) -> list[Candidate]:
        """'tourist from Köln, Germany', 'Accra, Ghana', 'Viseu, Portugal': a listed country or region after a listed
        town and a comma, closing the phrase (the address's last part, as foreign writers write it)."""
        out: list[Candidate] = []
        lk, text, toks, bare = ctx.lookups, ctx.text, ctx.tokens, ctx.bare
        for i in ctx.caps:
            if i < 2 or bare[i] not in self.country_firsts or toks[i - 1].text != ",":
                continue
            start = toks[i].start
            name = _NAME_AT.match(text, start)
            size = self._country(name.group()) if name else 0
            if not size or not _COUNTRY_CLOSES.match(text, start + size):
                continue
            line_start = text.rfind("\n", 0, start) + 1
            before = _TOWN_BEFORE.search(text, max(line_start, toks[i - 1].start - 60), toks[i - 1].start)
            key = key_of(before.group("town")) if before else ()
            if key and (key in lk.cities or key in self.towns.keys) and key[0] not in self.not_towns:
                out.append((start, start + size, self.tag))
            elif key and self._unknown_place(ctx, before.group("town"), text, before.start("town")):
                # (session 21: a place no list holds before its country, 'Marsa Alam, Égypte': both are places)
                out.append((before.start("town"), before.end("town"), self.tag))
                out.append((start, start + size, self.tag))
            elif not key and _BORN_DATE_BEFORE.search(text, line_start, toks[i - 1].start):
                # (session 24: the country closing an identity line after the birth date, 'née le 3/4/2001
                # (déclaration), Érythrée')
                out.append((start, start + size, self.tag))
        return out

    def _unknown_place(self, ctx: Context, name: str, text: str, start: int) -> bool:
        """``name`` (at ``start``), no listed town, reads as a place's name: capitalised, not all capitals, of 4+
        letters, no word of it a word, first name, surname, medical word, eponym or head word of a body, and no title
        before it ('Dr Ahmed Benali, Maroc' is a person)."""
        if len(name) < 4 or name.isupper() or not name[:1].isupper():
            return False
        lk = ctx.lookups
        for w in key_of(name):
            for part in w.split("-"):
                if part in _PLACE_LINKS:
                    continue
                if (part in lk.stopwords or lk.is_common(part) or part in lk.medical or part in lk.first_names
                        or part in lk.surnames or part in lk.eponyms or part in self.not_towns or part in self.hospitals
                        or part in _HEAD_FOLDED or part in _ENGLISH_NOT_PLACES):
                    return False
        return not _TITLE_BEFORE.search(text, max(0, start - 12), start)

    def _uk_postcodes(self, ctx: Context) -> list[Candidate]:
        """'Harrogate HG1 2QT, United Kingdom': a listed town and its British postcode, one place, then the country."""
        out: list[Candidate] = []
        lk = ctx.lookups
        for m in _UK_POSTCODE.finditer(ctx.text):
            town = m.group("town").split()
            for n in range(len(town)):  # (the town's last words: 'Home address Harrogate' is 'Harrogate')
                key = key_of(" ".join(town[n:]))
                if key in lk.cities or key in self.towns.keys:
                    start = m.end("town") - len(" ".join(town[n:]))
                    out.append((start, m.end("pc"), self.tag))
                    size = self._country(m.group("country")) if m.group("country") else 0
                    if size:
                        out.append((m.start("country"), m.start("country") + size, self.tag))
                    break
        return out

    def _english_origins(self, ctx: Context, words: set[str] | frozenset[str]) -> list[Candidate]:
        """'visiting from Tel Aviv', 'Hanna from Finland', 'resident of Accra': a listed country or town (its longest
        listed start) after an English cue of origin or home."""
        out: list[Candidate] = []
        lk = ctx.lookups
        for m in _matches_at(_ENGLISH_ORIGIN, ctx.text, _word_offsets(ctx, _ENGLISH_ORIGIN_CUES, words)):
            name = m.group("name")
            size = self._country(name)
            if not size:
                parts = name.split()
                for n in range(len(parts), 0, -1):
                    key = key_of(" ".join(parts[:n]))
                    if key and (key in lk.cities or key in self.towns.keys) and key[0] not in self.not_towns:
                        size = len(" ".join(parts[:n]))
                        break
            if size:
                out.append((m.start("name"), m.start("name") + size, self.tag))
        return out

    @staticmethod
    def _germ_named(ctx: Context, text: str, m: re.Match[str]) -> bool:
        """The capitalised word after 'à' names a germ, not a village: an infection's word before 'à' ('pneumopathie à
        Klebsiella', 'hémocultures positives à X'), or a Latin species epithet after it ('à Staphylococcus epidermidis':
        a lower-case word of Latin ending that is no French word)."""
        before = text[max(0, m.start() - 30) : m.start()].split()
        if before and fold(before[-1].strip("(,;:")) in _INFECTION_WORDS:
            return True
        epithet = _EPITHET.match(text, m.end("name"))
        if not epithet:
            return False
        word = fold(epithet.group(1))
        return not (ctx.lookups.is_common(word) or word in ctx.lookups.stopwords or word in ctx.lookups.function_words)

    def _road_numbers(self, text: str) -> list[Candidate]:
        """'sur l'A7', 'la N626', 'op de E17', 'l'autoroute A36': a road's number after a road word, or after an
        article with the letter and digits roads have and no vertebra, vitamin or tumour stage has."""
        out: list[Candidate] = []
        for m in _ROAD_NUMBER.finditer(text):
            before = text[max(0, m.start() - 24) : m.start()]
            letters, digits = m.group("letters"), m.group("digits")
            if not (_ROAD_HEAD.search(before) or self._road_after_article(before, letters, digits)):
                continue  # ('de D12', 'la B12', 'stade N0', 'l'E2')
            out.append((m.start(), m.end(), self.tag))
        return out

    def _town_like(self, ctx: Context, name: str) -> bool:
        """A listed town, or a name no list knows as a word, a first name, a surname, a trade or a medical term (what
        a layout makes a town: villages are more than any list holds)."""
        lk = ctx.lookups
        key = key_of(name)
        if not key:
            return False
        if key in lk.cities or key in self.towns.keys:
            return key[0] not in self.not_towns
        first = key[0].split("-")[0]
        last = key[-1].split("-")[-1]
        if any(c.isdigit() for c in name) or name.isupper() and (" " in name or len(name) <= 5) or _HEAD_WORD.search(
                name) or _INSTITUTION_PARTS.search(key[0]) or not _HEADER_WORDS.isdisjoint(key) or last.endswith(
                _TRADE_ENDINGS) or last.endswith(_CARE_ENDINGS) or key[0] in lk.medical:
            return False  # ('ZNA-RX-8841520', 'SELAS IMB', 'Kinderziekenhuis', 'Aufnahme', 'Gastro-entérologie')
        if len(name) < 3 or name.isupper() and len(name) <= 5 or first in lk.stopwords or lk.is_common(first) or (
                first in lk.medical or first in lk.first_names or first in lk.surnames or first in self.not_towns
                or first in self.hospitals or first in lk.eponyms or first.endswith(_TRADE_ENDINGS)):
            return False
        if len(key) == 1 and first in self.abbreviations:
            return False  # ('– Rdc': the ground floor)
        return not any(w in lk.medical for w in key[1:])

    def _travels(self, ctx: Context, words: set[str]) -> list[Candidate]:
        """'séjour récent au Cameroun et au Bénin', 'retour de vacances au maroc': a listed country or region a few
        lower-case words after a trip's, a stay's or an arrival's cue (a lower-case one only when it is no word or
        name), then the countries joined to it ('et au', 'puis en')."""
        out: list[Candidate] = []
        text = ctx.text
        for cue in _matches_at(_TRAVEL, text, _word_offsets(ctx, _TRAVEL_CUES, words)):
            stop = _CLAUSE_END.search(text, cue.end(), cue.end() + 90)
            size = 0
            for m in _TRAVEL_PLACE.finditer(text, cue.end(), stop.start() if stop else min(len(text), cue.end() + 90)):
                filler = text[cue.end() : m.start()].split()
                if len(filler) > 4 or not all(_FILLER_WORD.fullmatch(w) for w in filler) or not _TRAVEL_STOP.isdisjoint(
                        fold(w) for w in filler):
                    break
                size = self._travel_place(ctx, m.group("name"))
                if not size and m.group("name")[0].islower() and (two := _LOWER_TWO.match(text, m.start("name"))) and (
                        key_of(two.group()) in self.countries):
                    size = two.end() - two.start()  # ('arrivé du burkina faso': a country of two words in lower case)
                if size:
                    break
            if not size:
                continue
            start, end = m.start("name"), m.start("name") + size
            out.append((start, end, self.tag))
            while (more := _COORDINATED.match(text, end)) and (size := self._country(more.group("name"))):
                start, end = more.start("name"), more.start("name") + size
                out.append((start, end, self.tag))
        return out

    def _travel_place(self, ctx: Context, name: str) -> int:
        """Characters of the listed country or region ``name`` starts with; a lower-case name only whole, and only
        when it is no word or name ('au maroc', not 'en centre')."""
        if not name[0].islower():
            size = self._country(name)
            # (a compass area alone: 'vient du Centre fermé' is no trip to the Centre region)
            return 0 if fold(name[:size]) in _GENERIC_AREAS else size
        lk, key = ctx.lookups, key_of(name)
        if len(key) != 1 or lk.is_common(key[0]) or key[0] in lk.stopwords or key[0] in lk.medical or (
                key[0] in lk.first_names or key[0] in lk.surnames) or key not in self.countries:
            return 0
        return len(name)

    def _admin_areas(self, ctx: Context) -> list[Candidate]:
        """'canton de Vaud', 'province du Hainaut', 'wilaya de Tizi Ouzou': the name after an administrative head,
        when it is a listed country, region or town, or a name no list knows as a word or a name."""
        out: list[Candidate] = []
        for m in _ADMIN.finditer(ctx.text):
            name = m.group("name")
            size = self._country(name)
            if size:
                out.append((m.start("name"), m.start("name") + size, self.tag))
            elif fold(m.group("head")) not in ("region", "etat") and self._town_like(ctx, name) or (
                    key_of(name) in ctx.lookups.cities or key_of(name) in self.towns.keys):
                # ('région de Broca', 'état de Choc': a 'région' or 'état' only when the name is a listed place)
                out.append((m.start("name"), m.end("name"), self.tag))
        return out

    def _checked(self, ctx: Context, pattern: re.Pattern[str]) -> list[Candidate]:
        """Each match's name, when it is town-like (_town_like)."""
        return [(m.start("name"), m.end("name"), self.tag) for m in pattern.finditer(ctx.text)
                if self._town_like(ctx, m.group("name"))]

    def _after_town_brackets(self, ctx: Context) -> list[Candidate]:
        """'Septon (Durbuy)', 'Audun-le-Tiche (Moselle)', 'Hamipré (Neufchâteau)': a place in brackets right after a
        listed town (its municipality, region or country)."""
        out: list[Candidate] = []
        lk = ctx.lookups
        text = ctx.text
        for b in _PAREN_START_CAP.finditer(text):  # (each bracket opening on a capital, the town before it)
            line_start = text.rfind("\n", 0, b.start()) + 1
            m = next((m for m in _AFTER_TOWN_BRACKET.finditer(text, max(line_start, b.start() - 160), b.end() + 90)
                      if m.end("town") <= b.start() < m.start("name")), None)
            if not m:
                continue
            town = key_of(m.group("town"))
            name = key_of(m.group("name"))
            if town and (town in lk.cities or town in self.towns.keys) and town[0] not in self.not_towns and (
                    name in self.regions or name in self.countries or name in lk.cities or name in self.towns.keys
                    or len(name) == 1 and self._town_like(ctx, m.group("name"))):
                # (several words only when listed: '(La Réunion)', not '(Mayotte Channel Gateway)', a company)
                out.append((m.start("name"), m.end("name"), self.tag))
        return out

    def _header_towns(self, ctx: Context, words: set[str], lines: list[int] | None = None) -> list[Candidate]:
        """'Home Saint-Joseph – X', 'Centre médical Les Aubépines, X', 'Hôpital Erasme - H.U.B - X': the town closing a
        line after an institution's name (a head word earlier on the line), between separators. Only the lines
        holding a head word's token are scanned (a match never spans lines: the same matches as a whole-text scan
        whose line has a head)."""
        out: list[Candidate] = []
        text = ctx.text
        for line_start in self._head_lines(ctx, words) if lines is None else lines:
            line_end = text.find("\n", line_start)
            out.extend(self._header_line_towns(ctx, line_start, len(text) if line_end < 0 else line_end))
        return out

    def _head_line_towns(self, ctx: Context, lines: list[int]) -> list[Candidate]:
        """On the lines holding an institution's head word (_head_lines): a listed town alone on the next line
        ('Cabinet de radiologie X' / 'Quimper'), or between commas after the head in the same clause ('à la clinique
        des Lilas, Chantilly, en 2019')."""
        out: list[Candidate] = []
        text = ctx.text
        for line_start in lines:
            line_end = text.find("\n", line_start)
            if line_end >= 0 and (m := _LINE_TOWN.match(text, line_end)) and self._letterhead_town(ctx, m.group("name")):
                out.append((m.start("name"), m.end("name"), self.tag))  # (the town alone on the next line)
            for m in _CLAUSE_TOWN.finditer(text, line_start, len(text) if line_end < 0 else line_end):
                clause = max(line_start, max((c.end() for c in _CLAUSE_START.finditer(text, line_start, m.start())),
                                             default=line_start))
                if _HEAD_WORD.search(text, clause, m.start()) and self._letterhead_town(ctx, m.group("name")):
                    out.append((m.start("name"), m.end("name"), self.tag))
        return out

    def _letterhead_town(self, ctx: Context, name: str) -> bool:
        """``name`` is a listed town that is no medical word, first name or function word (its layout is its cue:
        alone on a letterhead's line, between commas after an institution)."""
        key = key_of(name)
        if not key or not self._listed_town(ctx, name) or key[0] in self.not_towns:
            return False
        first = key[0].split("-")[0]
        lk = ctx.lookups
        return len(key) > 1 or not (first in lk.medical or first in lk.first_names or first in lk.function_words
                                    or first in _HEAD_FOLDED)  # ('Quimper', 'Chantilly' are among the stopwords)

    def _urgences_towns(self, ctx: Context) -> list[Candidate]:
        """'vue aux urgences de Genève': a listed town after the emergency ward's name (no saint's name, no first
        name: 'urgences de Saint-Joseph', 'urgences de Jeanne' are hospitals)."""
        out: list[Candidate] = []
        for m in _URGENCES_TOWN.finditer(ctx.text):
            name = m.group("name")
            if fold(name).startswith(("saint", "sainte", "st-", "ste-")):
                continue
            if self._letterhead_town(ctx, name) and not ctx.lookups.is_common(key_of(name)[0]):
                out.append((m.start("name"), m.end("name"), self.tag))
        return out

    @staticmethod
    def _head_lines(ctx: Context, words: set[str] | frozenset[str]) -> list[int]:
        """Starts of the lines holding an institution head word's token (or a word with one after an apostrophe)."""
        text, toks = ctx.text, ctx.tokens
        starts = [toks[i][1] for i in ctx.indices(_HEAD_FOLDED.intersection(words))]
        if "'" in ctx.folded_text:
            # the words holding an apostrophe ("jusqu'hopital"); their elision-free forms add no line: such a form's
            # parts are the word's own, and its tokens, when it keeps an apostrophe, are words of the set
            found = {word for word in ctx.folded_set if "'" in word and not _HEAD_FOLDED.isdisjoint(word.split("'"))}
            if found:  # (a set: ctx.indices walks the text's distinct words for any other collection)
                starts.extend(toks[i][1] for i in ctx.indices(found))
        return sorted({text.rfind("\n", 0, start) + 1 for start in starts})

    def _header_opening_towns(self, ctx: Context, lines: list[int]) -> list[Candidate]:
        """'Rabat – Hôpital Ibn Sina – Service X': a letterhead opening on its town, then a dash and an institution's
        head word (any listed town: the institution after the dash is its cue, 'Rabat' is also a word)."""
        out: list[Candidate] = []
        text = ctx.text
        for line_start in lines:  # (the lines holding a head word: _head_lines)
            line_end = text.find("\n", line_start)
            m = _HEADER_OPENING_TOWN.match(text, line_start, len(text) if line_end < 0 else line_end)
            if m and _HEAD_WORD.match(text, m.end()) and self._listed_town(ctx, m.group("name")):
                out.append((m.start("name"), m.end("name"), self.tag))
        return out

    def _header_line_towns(self, ctx: Context, line_start: int, line_end: int) -> list[Candidate]:
        """_header_towns on one line."""
        out: list[Candidate] = []
        text = ctx.text
        for m in _HEADER_TOWN.finditer(text, line_start, line_end):
            line_start = text.rfind("\n", 0, m.start()) + 1
            if not _HEAD_WORD.search(text, line_start, m.start()):
                continue
            name = m.group("name")
            if name.isupper():  # a town in capitals closing a header ('... - GRISOLLES'), one word: not 'SELAS IMB'
                if " " in name or len(name) <= 5:
                    continue
                name = name.title()
            key = key_of(name)
            if " " in name and key not in ctx.lookups.cities and key not in self.towns.keys:
                continue  # ('- Kourou Nord', '- Cayenne Urgences': only a listed town is taken with more words)
            if self._town_like(ctx, name):
                out.append((m.start("name"), m.end("name"), self.tag))
        return out

    def _bracket_towns(self, ctx: Context) -> list[Candidate]:
        """'(rhumatologue, X)', '(GAEC de Kerlann, X)', '(boulangerie Maison L., X)': a town closing a bracket after a
        trade or an institution and a comma."""
        out: list[Candidate] = []
        for m in _BRACKET_TOWN.finditer(ctx.text):
            pre = m.group("pre").rsplit(",", 1)[-1]
            if not (_HEAD_WORD.search(pre) or any(w.endswith(_TRADE_ENDINGS) for w in _LOWER_WORD.findall(pre))):
                continue
            name = m.group("name")
            if self._town_like(ctx, name):
                # ('(téléradiologie, Télédiag)': an unlisted word shaped like a care brand is the firm, no town)
                brand = " " not in name and not self._listed_town(ctx, name) and _CARE_BRAND.search(fold(name))
                out.append((m.start("name"), m.end("name"), "INSTITUTION" if brand else self.tag))
        return out

    def _trade_towns(self, ctx: Context) -> list[Candidate]:
        """'agriculteur hmong de Javouhey', 'Landwirt in Krinkelt', 'boer te Meerhout': a farmer's, fisher's or
        winegrower's village after his trade (the land he works is where he lives); a capitalised word no list knows
        as a word, a name or a medical term."""
        out: list[Candidate] = []
        lk = ctx.lookups
        for m in _TRADE_TOWN.finditer(ctx.text):
            name = m.group("name")
            first = fold(name.split("-")[0])
            prep = fold(m.group("prep"))
            if prep in ("de", "d'") and fold(m.group("trade")) not in _TRADES_DE:
                continue  # ('éleveur de Charolais': a breed)
            if len(name) < 3 or name.isupper() or first in lk.stopwords or lk.is_common(first) or (
                    first in lk.medical or first in lk.first_names or first in self.not_towns or first in self.hospitals):
                continue
            out.append((m.start("name"), m.end("name"), self.tag))
        return out

    def _towns_over_lines(self, ctx: Context) -> list[Candidate]:
        """'Saint-' at a line's end and 'Jean-de-Luz' on the next: a listed town cut at its hyphen by the layout,
        one place over the line break."""
        out: list[Candidate] = []
        lk, text = ctx.lookups, ctx.text
        for m in _HYPHEN_BREAK.finditer(text):
            whole = m.group("a") + m.group("b")
            key = key_of(whole)
            if key and (key in lk.cities or key in self.plain_towns.keys):
                out.append((m.start(), m.end(), self.tag))
        return out

    @staticmethod
    def _road_after_article(before: str, letters: str, digits: str) -> bool:
        """A road number after an article, by its letter: 'la RN 113', 'la N626' (not 'N0'), 'la D934' (not the
        vertebra 'D12'), 'l'A7', 'l'E42', 'op de E17', 'auf der B266'."""
        dutch = bool(_ROAD_DUTCH.search(before))
        m = _ROAD_ARTICLE.search(before)
        if not m and not dutch:
            return False
        word = fold(m.group("word") or "") if m else ""
        elided = bool(m and m.group("elided"))
        if letters in ("RN", "RD"):
            return True
        if letters == "N":
            return len(digits) >= 2 or digits in "456789"
        if letters == "D":
            return len(digits) >= 3 and word in ("la", "sur")
        if letters == "E":  # ('op de E17', 'sur l'E42'; 'la E411' is left alone, as some writers do)
            return 2 <= len(digits) <= 3 and (dutch or elided or word == "der")
        if letters == "A":  # 'sur l'A7' (not the artery segment 'l'A2 gauche')
            return dutch or elided and bool(_ROAD_MOTION.search(before, 0, m.start()))
        if letters == "B":
            return word == "der" and 1 <= len(digits) <= 3
        return False

    def _doctor_bracket_towns(self, ctx: Context) -> list[Candidate]:
        """'adressé par le Dr Régis (Schoelcher)': a doctor's town in brackets after his name; a capitalised word no
        list knows as a word, a name or a trade, or (in a note written in lower case) a listed town."""
        out: list[Candidate] = []
        lk = ctx.lookups
        for m in _DOCTOR_BRACKET.finditer(ctx.text):
            name = m.group("name")
            key = key_of(name)
            first = key[0] if key else ""
            if not first or first in lk.stopwords or first in lk.medical or first in self.not_towns:
                continue
            listed = key in lk.cities or key in self.towns.keys
            if name[0].islower():
                # (only in a note written in lower case, the doctor's name too: 'Dr Delattre (ortho)' is his field)
                doctor = m.group().split("(")[0].split()[-1]
                if not listed or not doctor.islower() or first in lk.first_names or lk.is_common(first):
                    continue
            elif not listed and (len(name) < 3 or name.isupper() and len(name) <= 5 or lk.is_common(first)
                                 or first in lk.first_names or first.endswith(_TRADE_ENDINGS)):
                continue
            brand = not listed and name[0].isupper() and _CARE_BRAND.search(first)
            out.append((m.start("name"), m.end("name"), "INSTITUTION" if brand else self.tag))
        return out

    def _lower_case_separated(self, ctx: Context) -> list[Candidate]:
        """'(dr castex, clinique de l'union, saint-jean)': a listed town in lower case closing a bracket after a
        comma (the writer's layout for a town, as '..., Anglet)' capitalised), when it is no word or name."""
        out: list[Candidate] = []
        lk = ctx.lookups
        for m in _SEPARATED_LOW.finditer(ctx.text):
            key = key_of(m.group("name"))
            if not key or not (key in lk.cities or key in self.plain_towns.keys):
                continue
            if len(key) == 1 and (lk.is_common(key[0]) or key[0] in lk.first_names or key[0] in lk.surnames
                                  or key[0] in lk.medical or key[0] in lk.stopwords or key[0] in self.not_towns):
                continue
            out.append((m.start("name"), m.end("name"), self.tag))
        return out

    def _country_token(self, ctx: Context) -> bool:
        """A capitalised token (or one after an elided 'd''/'l'') is the first word of a listed country or region:
        what every _ORIGIN hit needs (most reports name none)."""
        firsts, bare = self.country_firsts, ctx.bare
        if firsts.isdisjoint(ctx.bare_set):  # (one C-level probe per distinct word: most texts name no country)
            return False
        return any(bare[i] in firsts for i in ctx.caps) or any(bare[i] in firsts for i in ctx.elided)

    def _home_towns(self, ctx: Context, words: set[str], age_starts: list[int]) -> list[Candidate]:
        """'vit seule à Brando', 'domiciliée à Hoenheim', 'wohnt in Honsfeld': after a cue of residence, one
        capitalised word no list knows as a word, a name or an institution is the town or village (villages and
        hamlets are more than any list holds)."""
        out: list[Candidate] = []
        lk = ctx.lookups
        starts = _word_offsets(ctx, _HOME_CUES, words)
        if age_starts:  # (the starts of 'M. X, 82 ans, à Y')
            starts = sorted((*starts, *age_starts))
        for m in _matches_at(_HOME, ctx.text, starts):
            name = m.group("name")
            words = [fold(w) for w in re.findall(r"[^\W\d_]+", name)]
            first = words[0]
            if name.isupper() and len(name) <= 5:
                continue  # an acronym ('vit à l'EHPAD')
            if first in lk.stopwords or first in self.not_towns or lk.is_common(first) or first in lk.medical or (
                    first in lk.first_names) or first in self.hospitals or (tuple(words),) in (
                    self.hospitals):
                continue
            out.append((m.start("name"), m.end("name"), self.tag))
        return out

    def _contact_towns(self, ctx: Context, layout: re.Pattern[str]) -> list[Candidate]:
        """Where a contact lives, in two layouts: one capitalised word between a name's comma and a phone number
        ('Fils : Jean Noël, Rodt, tél. 080 ...'), or closing the line after a doctor's name ('Hausarzt : Dr. Theissen,
        Born.'); only a word no list knows as a word, a first name, a trade or a title."""
        out: list[Candidate] = []
        lk = ctx.lookups
        for m in layout.finditer(ctx.text):
            name = m.group("name")
            first = fold(name.split("-")[0])
            if len(name) < 3 or name.isupper() and len(name) <= 5 or first in lk.stopwords or lk.is_common(first) or (
                    first in lk.medical or first in lk.first_names or first in self.not_towns or first.endswith(
                    _TRADE_ENDINGS)):
                continue
            out.append((m.start("name"), m.end("name"), self.tag))
        return out

    def _address_units(self, text: str, folded: str) -> list[Candidate]:
        """Building, flat and box parts of an address (with a residence's name chained to them) on a line that
        holds an address or next to one: 'Résidence du Parc, appartement 24', 'Bât. C - Apt 12', 'Bte 14'."""
        out: list[Candidate] = []
        for m in _UNITS.finditer(text):
            if not _UNIT_NOT_FLOOR.search(m.group()):
                continue  # a residence's name alone is the institution annotator's ('Résidence Les Glycines'); a floor
                # alone ('au 2e étage sans ascenseur') says little
            start = text.rfind("\n", 0, m.start())
            start = text.rfind("\n", 0, start) + 1 if start > 0 else 0  # the line before too
            end = text.find("\n", m.end())
            end = len(text) if end < 0 else text.find("\n", end + 1)
            end = len(text) if end < 0 else end  # and the line after
            if _ADDRESS_SIGNAL.search(folded, start, end):
                street = _STREET_AFTER_UNITS.match(text, m.end())
                if not street and _PROSE_BEFORE_UNIT.search(text, max(0, m.start() - 12), m.start()):
                    line_end = text.find("\n", m.end())
                    line = folded[text.rfind("\n", 0, m.start()) + 1 : len(text) if line_end < 0 else line_end]
                    if not _ADDRESS_SIGNAL.search(line.replace("rez-de-chaussee", "")):
                        continue  # 'au rez-de-chaussée du bâtiment C.': a building of the hospital named in prose
                out.append((m.start(), street.end() if street else m.end(), self.tag))
                line_start = text.rfind("\n", 0, m.start()) + 1
                before = _STREET_BEFORE_UNITS.search(text, max(line_start, m.start() - 90), m.start())
                if before:  # ('3 rue du Bois-Perrin, appt 42': one address)
                    out.append((before.start("street"), street.end() if street else m.end(), self.tag))
        return out

    def _separated_towns(self, ctx: Context) -> list[Candidate]:
        """A listed town closing a header or contact line between separators ('Home X - Manage', 'Résidence Y,
        Saint-Pierre - note') or in brackets after a name ('Seniorie Z (Halle)'): found from the capitalised tokens
        after a comma, a dash or a bracket that start a town, then checked by the layout patterns."""
        out: list[Candidate] = []
        lk, toks, folded, text = ctx.lookups, ctx.tokens, ctx.folded, ctx.text
        firsts = lk.city_sizes
        for i in ctx.caps:
            if not i or toks[i - 1].text not in _SEPARATORS or not (folded[i] in firsts or folded[i] in (
                    self.plain_towns.sizes)) or folded[i] in self.not_towns:
                continue
            sep = toks[i - 1]
            if sep.text == "(":
                before = text[max(0, sep.start - 3) : sep.start].rstrip(" \t")[-1:]
                m = _TOWN_IN_BRACKETS.match(text, sep.start) if before.isalnum() or before == "." else None
            else:
                m = _SEPARATED.match(text, sep.start if sep.text == "," else max(0, sep.start - 1))
            if m and m.start("name") == toks[i].start:
                key = key_of(m.group("name"))
                if key in lk.cities or key in self.plain_towns.keys:
                    out.append((m.start("name"), m.end("name"), self.tag))
        return out

    def _lower_case_towns(self, ctx: Context, words: set[str]) -> list[Candidate]:
        """'pédiatrie urgences namur', 'institut saint-louis namur': a big town or a Belgian municipality written in
        lower case, without a cue, when its name is no French word, first name, surname or medical word."""
        lk = ctx.lookups
        if self._lower_for is not lk:
            self._lower_towns = frozenset(w for w in self._lower_candidates if not (
                lk.is_common(w) or w in lk.stopwords or w in lk.first_names or w in lk.surnames or w in lk.medical
                or (w,) in lk.ambiguous_cities  # ('manage', 'halle': words of wfrench)
                or w[1:2] == "'" and (lk.is_common(w[2:]) or w[2:] in lk.medical)))  # ("de l'épine iliaque": a word)
            self._lower_for = lk
        hits = self._lower_towns.intersection(words)
        if not hits:
            return []
        toks = ctx.tokens
        return [(toks[i].start, toks[i].end, self.tag) for i in ctx.indices(hits)
                if toks[i].kind == "word" and toks[i].text.islower()]

    def _contracted(self, ctx: Context) -> list[Candidate]:
        """'au Moule' (Le Moule), 'aux Abymes' (Les Abymes): the whole capitalised name after 'au'/'aux' is a town of
        these lists whose article is contracted ('au Val des Seniors' is no 'Le Val'); after 'du'/'des' a town only
        ('65 ans, des Abymes', 'le Dr X du Robert'), not a region ('du Nord')."""
        out: list[Candidate] = []
        folded, toks, n = ctx.folded, ctx.tokens, len(ctx.tokens)
        for i in ctx.caps:
            if not i or folded[i - 1] not in _CONTRACTED_ARTICLES or not ctx.joined(i):
                continue
            article = _CONTRACTED_ARTICLES[folded[i - 1]]
            if folded[i - 1] in ("du", "des") and i > 1 and toks[i - 2].text[:1].isupper():
                continue  # ('GAEC du Puech', 'Hôpital du Lamentin': part of a name, the name's own annotator's)
            size = self.towns.longest(article, folded, i - 1)
            if folded[i - 1] in _CONTRACTION_WORDS:
                size = max(size, self.region_index.longest(article, folded, i - 1))
            size -= 1
            if size <= 0 or (article, *folded[i : i + size]) in ctx.lookups.cities:
                continue  # (the city annotator's own contractions: 'au Havre')
            if size == 1 and toks[i].text.isupper() and len(toks[i].text) <= 5 and not toks[i - 1].text.isupper():
                continue  # ('le protocole du CLAT': an acronym in running text, no 'Le Clat') (place29)
            j = i + size
            if j < n and ctx.joined(j) and (toks[j].is_cap or folded[j] in ("de", "des", "du") and j + 1 < n and (
                    toks[j + 1].is_cap)):
                continue
            out.append((toks[i].start, toks[j - 1].end, self.tag))
        return out

    def _lower_contracted(self, ctx: Context, words: set[str]) -> list[Candidate]:
        """'vit au creusot', 'aux abymes', 'au puy-en-velay' (notes and dictation in lower case): after 'au'/'aux',
        the words that make, with 'le'/'les', a listed town whose first word is no French word, first name, surname
        or medical word ('au lit', 'aux mains', 'au robert' stay words: only the capitalised forms are towns)."""
        lk = ctx.lookups
        if self._contracted_for is not lk:
            keys = [k for k in (*lk.cities, *self.towns.keys) if len(k) >= 2 and k[0] in ("le", "les")]
            self._contracted_firsts = frozenset(k[1] for k in keys if len(k[1]) >= 4 and not (
                lk.is_common(k[1]) or k[1] in lk.stopwords or k[1] in lk.first_names or k[1] in lk.surnames
                or k[1] in lk.medical or k[1] in self.not_towns))
            self._contracted_for = lk
        hits = self._contracted_firsts.intersection(words)
        if not hits:
            return []
        out: list[Candidate] = []
        folded, toks, n = ctx.folded, ctx.tokens, len(ctx.tokens)
        for i in ctx.indices(hits):
            if not i or folded[i - 1] not in _CONTRACTION_WORDS or not toks[i].text.islower() or not ctx.joined(i):
                continue
            article = "le" if folded[i - 1] == "au" else "les"
            for size in range(min(4, n - i), 0, -1):
                key = (article, *folded[i : i + size])
                if (key in lk.cities or key in self.towns.keys) and all(t.text.islower() for t in toks[i : i + size]):
                    out.append((toks[i].start, toks[i + size - 1].end, self.tag))
                    break
        return out

    def _regions_after_towns(self, ctx: Context) -> list[Candidate]:
        """'né à Oujda au Maroc', 'au Lamentin en Martinique': a country or region after a town and 'au'/'en'
        (a capitalised word after 'en'/'au' that starts a country first, from the tokens: most texts have none;
        then the town pattern on the few words before)."""
        out: list[Candidate] = []
        text, folded, toks = ctx.text, ctx.folded, ctx.tokens
        for i in ctx.caps:
            if not i or folded[i] not in self.country_firsts or not (folded[i - 1] in _REGION_PREPOSITIONS or (
                    folded[i - 1] in ("le", "la", "les") and i > 1 and folded[i - 2] == "dans")):
                continue
            start = toks[i].start
            name = _NAME_AT_LOWER.match(text, start)  # ('au Pays basque': a region's lower-case word too)
            size = self._country(name.group()) if name else 0
            # '(en Algérie)', '(au Maroc)': a country in brackets after its preposition says where, with no town before
            bracketed = i > 1 and toks[i - 2].text == "(" and text[start + size : start + size + 1] == ")"
            if size and folded[i - 1] in ("en", "au", "aux") and _YEAR_AFTER.match(text, start + size) and (
                    fold(text[start : start + size]) not in _GENERIC_AREAS):
                out.append((start, start + size, self.tag))  # ('blessé en Afghanistan en 2021': where it happened)
            elif size and bracketed:
                out.append((start, start + size, self.tag))
            elif size and (town := _TOWN_THEN_REGION.search(text, max(text.rfind("\n", 0, start) + 1, start - 80), start)):
                out.append((start, start + size, self.tag))
                if self._town_before_region(ctx, town.group("town")):
                    # 'il est de Moroni, aux Comores': the place before its country is a town, listed or not
                    out.append((town.start("town"), town.end("town"), self.tag))
        return out

    def _town_before_region(self, ctx: Context, name: str) -> bool:
        """A capitalised name right before ', au/en <country or region>' is that country's town or village, even when
        no list has it or it is also a first name ('Florence, en Italie'): not a function, common or medical word, a
        hospital's name or a country itself ('du Maroc, au Portugal' are two countries)."""
        key = key_of(name)
        first = key[0].split("-")[0] if key else ""
        lk = ctx.lookups
        return bool(first) and len(first) >= 3 and not name.isupper() and not (
            first in lk.stopwords or lk.is_common(first) or first in lk.medical or first in self.not_towns
            or first in self.hospitals or key in self.countries or first in _GENERIC_AREAS)

    def _country(self, name: str) -> int:
        """Characters of the longest country or region ``name`` starts with ('Côte d'Ivoire' before 'Côte'), 0 if none."""
        return _longest_listed_prefix(name, self.countries)

    def _arrow_places(self, ctx: Context) -> list[Candidate]:
        """'Evasan Hiva Oa -> Papeete': across an arrow from a listed town, a capitalised name no list knows as a
        word, a first name or an acronym is the trip's other end (its leading cue words left out)."""
        out: list[Candidate] = []
        lk = ctx.lookups
        for m in _ARROW.finditer(ctx.text):
            a_known, b_known = self._listed_town(ctx, m.group("a")), self._listed_town(ctx, m.group("b"))
            if a_known == b_known:
                continue
            side = "b" if a_known else "a"
            spans = [(w.start() + m.start(side), w.end() + m.start(side)) for w in re.finditer(r"\S+", m.group(side))]
            words = [fold(ctx.text[s:e]) for s, e in spans]
            if side == "a":  # 'Evasan Hiva Oa': the cue words before the name are no part of it
                while words and (words[0] in _ARROW_NOT_PLACES or words[0] in lk.stopwords or lk.is_common(words[0])):
                    words, spans = words[1:], spans[1:]
            if not words or len(words) > 3:
                continue
            first = words[0].split("-")[0]
            texts = [ctx.text[s:e] for s, e in spans]
            if any(t.isupper() and len(t) <= 5 for t in texts) or first in _HEAD_FOLDED or first in _ARROW_NOT_PLACES:
                continue  # 'CHM -> CHU Félix Guyon', 'IDE': acronyms and care heads are no place
            if first in lk.stopwords or lk.is_common(first) or first in lk.medical or first in lk.first_names or (
                    first in self.not_towns or first in _DOCTOR_WORDS):
                continue
            out.append((spans[0][0], spans[-1][1], self.tag))
        return out

    def _listed_town(self, ctx: Context, name: str) -> bool:
        """``name`` is a town of the shared lookups or of this annotator's lists."""
        key = key_of(name)
        return bool(key) and (key in ctx.lookups.cities or key in self.towns.keys)

    def _is_town(self, ctx: Context, name: str) -> bool:
        """``name`` is a listed town, or a capitalised name of 2+ words, or one word no list knows as a word or name."""
        key = key_of(name)
        if not key or not name[:1].isupper():
            return False
        if key in ctx.lookups.cities or key in self.towns.keys:
            return True
        first = key[0].split("-")[0]
        return not (first in ctx.lookups.stopwords or ctx.lookups.is_common(first) or first in ctx.lookups.medical
                    or first in ctx.lookups.first_names or first in self.not_towns)

    def _born_at(self, ctx: Context, name: str) -> bool:
        """After a birth date and 'à' ('né le 23/11/1939 à Hué'), a capitalised name is the birthplace even when it is
        also a word ('Hué', 'Sète'): only function words, first names, medical words and header words are not."""
        key = key_of(name)
        first = key[0].split("-")[0] if key else ""
        return bool(first) and len(first) >= 3 and not (
            first in ctx.lookups.function_words or first in ctx.lookups.first_names or first in ctx.lookups.medical
            or first in self.not_towns or first in _BIRTH_NOT_PLACES)

    @staticmethod
    def _linked_name(ctx: Context, m: re.Match[str], head: str) -> bool:
        """A camp's, harbour's or station's name: capitalised after 'de'/'du'/'d'' ('camp de Khao-I-Dang', 'port du
        Havre'), or, for a station only, right after the head ('gare Montparnasse'); never a word, an acronym or a
        medical term ('camp de Base', 'gare SNCF'), never after 'à' ('port à port')."""
        name = m.group("name")
        if not name[:1].isupper():
            return False
        first = fold(re.split(r"[ \t]", name)[0])
        if first in ctx.lookups.stopwords or first in ctx.lookups.medical or ctx.lookups.is_common(first):
            return False
        link = fold(m.group("link") or "")
        if link == "a":
            return False
        if not link and not m.group("elided"):
            return head == "gare" and not name.split()[0].isupper()
        return True

    def _district_name(self, ctx: Context, name: str, article: bool = False, proper: bool = False) -> bool:
        """A name after 'quartier', 'hameau de'...: capitalised, or a lower-case word that is no French word; after
        an article or an estate's head ('ZI de la Plaine', 'zone artisanale des Prés') an ordinary word too; and a
        capitalised word after a head written in lower case (``proper``: 'interpellé quartier Bagatelle': mid-sentence
        the capital says name, whatever the word; not a compass point, 'quartier Nord')."""
        words = [fold(w) for w in re.findall(r"[^\W\d_]+", name)]
        if not words or words[0] in ctx.lookups.medical or words[0] in self.not_towns:
            return False
        if proper and len(words) == 1 and name[0].isupper() and words[0] not in _GENERIC_AREAS and (
                words[0] not in ctx.lookups.function_words):
            return True
        if name[0].islower():
            # (not anatomy: 'quartier supéro-externe', 'quartier inférieur', 'hameau voisin')
            return len(words) == 1 and len(words[0]) >= 4 and not words[0].endswith(_ADJECTIVE_ENDINGS) and not (
                ctx.lookups.is_common(words[0]))
        return article or words[0] not in ctx.lookups.stopwords or len(words) > 1

    def _article_seconds(self, lk: Any) -> frozenset[str]:
        """The words that follow the article in a listed town named with one ('Louvière' of 'La Louvière'): a name after
        'la'/'le'/'les' whose first word is none of them makes no town (_article_town), found with one set probe."""
        if self._seconds_for is not lk:
            self._seconds = frozenset(k[1] for k in (*lk.cities, *self.towns.keys)
                                      if len(k) >= 2 and k[0] in ("la", "le", "les"))
            self._seconds_for = lk
        return self._seconds

    def _article_town(self, ctx: Context, article: str, name: str) -> int:
        """Characters of ``name`` that, after the article, make a listed town ('la' + 'Louvière'), 0 if none."""
        words = list(re.finditer(r"[^\W\d_]+", name))
        for n in range(len(words), 0, -1):
            key = (article, *(fold(w.group()) for w in words[:n]))
            if key[1:] in self.hospitals:
                return 0  # 'à la Timone': the hospital
            if key in ctx.lookups.cities or key in self.towns.keys:
                return words[n - 1].end()
        return 0

    def _date_line_town(self, ctx: Context, name: str) -> bool:
        """The words before ', le <date>' name a town: listed, or a capitalised word that is no common word,
        first name or surname."""
        key = tuple(fold(w) for w in re.findall(r"[^\W\d_]+", name))
        if not key or key[0] in self.not_towns:
            return False
        if key in ctx.lookups.cities or key in self.towns.keys:
            return True  # 'Croix, le 9 janvier': a town that is also a word is one here
        if name[0].islower():
            return False  # 'liège, le 3 mars' only when listed
        # (not a surname heading a note: 'Dupont, le 3 mars : ...')
        if "-" in name and " " not in name:  # 'Grisolles-Haut, le 8 août': a compound no list has
            return self._town_like(ctx, name)
        return key[0] not in ctx.lookups.stopwords and key[0] not in ctx.lookups.surnames and len(key) == 1 and not ctx.lookups.is_common(key[0]) and key[0] not in ctx.lookups.medical and (
            key[0] not in ctx.lookups.first_names)
