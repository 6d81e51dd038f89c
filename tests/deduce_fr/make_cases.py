"""Write ``deduce_fr/data/cases_fr.json``: the French regression cases, from hand-written sentences.

Each sentence below is written by hand with its PHI marked inline as ``[[TAG|text]]``; slots in
braces are filled from hand-written pools (names, places, institutions) and from value makers
(dates in every French layout, phone formats, NISS with a valid checksum...). The annotation
offsets come from the markup, never from deduce_fr itself. Run:
``python tests/deduce_fr/make_cases.py`` (deterministic; the JSON is committed).
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from pathlib import Path

OUT = Path(__file__).resolve().parents[2] / "deduce_fr" / "data" / "cases_fr.json"
MARK = re.compile(r"\[\[([A-Z]+)\|(.+?)\]\]")

MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre"]  # fmt: skip
DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]

PATIENTS = [
    {"first_names": ["Marie", "Claire"], "surname": "Dupont", "birth_date": "1952-04-03", "sex": "F"},
    {"first_names": ["Jean-Pierre"], "surname": "Lambert", "birth_date": "1948-11-21", "sex": "M"},
    {"first_names": ["Fatima"], "surname": "El Amrani", "birth_date": "1979-06-14", "sex": "F"},
    {"first_names": ["Luc", "Henri"], "surname": "Van den Berghe", "birth_date": "1961-01-30", "sex": "M"},
    {"first_names": ["Anne-Sophie"], "surname": "de la Croix", "birth_date": "1990-09-09", "sex": "F"},
    {"first_names": ["Mehdi"], "surname": "Benali", "birth_date": "2012-03-17", "sex": "M"},
    {"first_names": ["Josiane"], "surname": "Vandevelde", "birth_date": "1931-07-02", "sex": "F"},
    {"first_names": ["Thomas"], "surname": "Wauters", "birth_date": "2016-12-05", "sex": "M"},
    {"first_names": ["Chantal", "Marie"], "surname": "Delcourt", "birth_date": "1944-02-28", "sex": "F"},
    {"first_names": ["Kevin"], "surname": "Mertens", "birth_date": "1995-05-11", "sex": "M"},
    {"first_names": ["Nathalie"], "surname": "Gérard", "birth_date": "1970-10-19", "sex": "F"},
    {"first_names": ["Bernard"], "surname": "Kowalczyk", "birth_date": "1939-08-08", "sex": "M"},
    {"first_names": ["Inès"], "surname": "Ben Youssef", "birth_date": "2008-04-22", "sex": "F"},
    {"first_names": ["Georges"], "surname": "Hanssens", "birth_date": "1956-03-03", "sex": "M"},
    {"first_names": ["Élodie"], "surname": "Lejeune", "birth_date": "1985-07-25", "sex": "F"},
    {"first_names": ["Arthur"], "surname": "Vanderstraeten", "birth_date": "2019-01-14", "sex": "M"},
]
DOCTORS = ["Martin", "Lefèvre", "Van den Berghe", "de la Croix", "El Amrani", "Dubois", "Peeters", "Janssens",
           "Nguyen", "Ben Salah", "Vandenbroucke", "Kowalski", "Mertens", "Lemaire", "Claes", "Wouters",
           "Goossens", "Leclercq", "Delvaux", "Hermans", "Maes", "Devos", "Laurent", "François", "Schmitz",
           "Lambotte", "Demoulin", "Verhaegen", "Collignon", "Rousseau", "Bastin", "Noël", "Delhaye",
           "Van Damme", "D'Hondt", "Ouedraogo", "Haddad", "Cornet", "Piron", "Thiry", "MARCHAL", "RENARD",
           "Vanhoutte", "Bodart", "Dewulf", "Massart"]  # fmt: skip
FULL_DOCTORS = ["Jean-Marc Lambert", "Sophie Vermeulen", "A. Peeters", "J.-P. Dumont", "Pierre Lefebvre",
                "Nathalie Renard", "Marc Dubois", "Isabelle Claes", "F. Haddad", "Olivier Delvaux",
                "Caroline Van Damme", "Laurence Hermans", "Philippe Thiry", "Julie Bastin", "Karim Benali",
                "Anne Goossens", "Michel Bodart", "Sarah Cornet", "Thierry Massart", "Véronique Piron",
                "Benoît Lemaire", "Hélène Rousseau", "Youssef Haddad", "Stéphane Collignon"]  # fmt: skip
FIRSTNAME_SURNAME = ["Sophie Martin", "Luc Peeters", "Isabelle Dubois", "Marc Janssens", "Nathalie Lemaire",
                     "Patrick Wouters", "Christine Goossens", "Philippe Maes", "Catherine Leclercq",
                     "Didier Hermans", "Valérie Devos", "Olivier Claes", "Julie Mertens", "Laurent Schmitz",
                     "Martine Collignon", "Pascal Bastin", "Sandrine Piron", "Alain Thiry", "Céline Delhaye",
                     "Vincent Cornet"]  # fmt: skip
CITIES = ["Liège", "Namur", "Charleroi", "Mons", "Bruxelles", "Wavre", "Ottignies", "Tournai", "Arlon",
          "Gembloux", "Huy", "Verviers", "Anderlecht", "Ixelles", "Uccle", "Louvain-la-Neuve", "La Louvière",
          "Braine-l'Alleud", "Lille", "Paris", "Gent", "Leuven", "Hasselt", "Nivelles", "Waterloo", "Seraing",
          "Dinant", "Bastogne", "Mouscron", "Jodoigne", "Schaerbeek", "Etterbeek", "Herstal", "Fleurus",
          "Marche-en-Famenne", "Eupen", "Spa", "Visé", "Soignies", "Binche", "Enghien"]  # fmt: skip
POSTCODES = {"Liège": "4000", "Namur": "5000", "Charleroi": "6000", "Mons": "7000", "Bruxelles": "1000",
             "Wavre": "1300", "Ottignies": "1340", "Tournai": "7500", "Arlon": "6700", "Gembloux": "5030",
             "Huy": "4500", "Verviers": "4800", "Anderlecht": "1070", "Ixelles": "1050", "Uccle": "1180",
             "Louvain-la-Neuve": "1348", "La Louvière": "7100", "Braine-l'Alleud": "1420", "Lille": "59000",
             "Nivelles": "1400", "Waterloo": "1410", "Seraing": "4100", "Dinant": "5500", "Bastogne": "6600",
             "Mouscron": "7700", "Jodoigne": "1370", "Schaerbeek": "1030", "Etterbeek": "1040",
             "Herstal": "4040", "Fleurus": "6220", "Woluwe-Saint-Lambert": "1200", "Jette": "1090"}
STREETS = ["rue de la Loi 16", "avenue Louise 231", "chaussée de Waterloo 1012", "boulevard du Souverain 5",
           "place Saint-Lambert 3", "clos des Lilas 7", "drève de Lorraine 14", "rue du Marché 2",
           "Rue Haute 322", "avenue Hippocrate 10", "rue des Champs 45 bte 3", "Kerkstraat 12",
           "rue Saint-Gilles 87", "avenue de la Couronne 150", "chaussée de Louvain 430",
           "boulevard de la Sauvenière 18", "rue Émile Vandervelde 9", "place du Jeu de Balle 1",
           "rue du Pont d'Avroy 21", "allée des Marronniers 4", "chemin des Meuniers 36", "quai de Rome 25",
           "Avenue Jean Mermoz 11", "rue de Namur 112", "impasse des Tilleuls 3", "Brusselsesteenweg 410",
           "avenue du Parc 6", "rue Royale 77", "square Marie-Louise 40", "rue de l'Église 8"]  # fmt: skip
INSTITUTIONS = ["CHU de Liège", "Clinique Saint-Jean", "Cliniques universitaires Saint-Luc",
                "CHR de la Citadelle", "Hôpital Erasme", "HUDERF", "CHIREC", "Grand Hôpital de Charleroi",
                "Clinique St-Pierre", "Maison de repos Les Tilleuls", "Résidence Les Glycines", "AZ Sint-Jan",
                "CHU Saint-Pierre", "Centre hospitalier de Mouscron", "Hôpital de Jolimont",
                "Clinique Sainte-Élisabeth", "CHwapi", "Polyclinique de Waremme", "CHU Brugmann",
                "Clinique Notre-Dame de Grâce", "Hôpital Saint-Joseph", "CHR Sambre et Meuse",
                "Institut Jules Bordet", "Clinique Ste-Anne", "Home Sainte-Thérèse", "CHC Mont Légia",
                "Hôpital Vésale", "Clinique du Parc Léopold", "Maison de repos Le Bois Fleuri",
                "UZ Leuven", "CHU Tivoli", "Clinique de l'Europe"]  # fmt: skip
DOMAINS = ["chu-liege.be", "clinique-st-jean.be", "chirec.be", "huderf.be", "gmail.com", "skynet.be",
           "hotmail.fr", "orange.fr", "uclouvain.be", "ghdc.be", "telenet.be", "chwapi.be"]  # fmt: skip


class Maker:
    """Value makers: every French layout of dates, phones, ids, ages."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def day(self) -> dt.date:
        return dt.date(2015, 1, 1) + dt.timedelta(days=self.rng.randrange(0, 3650))

    def date(self) -> str:
        d = self.day()
        r = self.rng.randrange(12)
        if r == 0:
            return f"{d.day:02d}/{d.month:02d}/{d.year}"
        if r == 1:
            return f"{d.day}.{d.month}.{d.year % 100:02d}"
        if r == 2:
            return f"{d.day:02d}.{d.month:02d}.{d.year % 100:02d}"
        if r == 3:
            return d.isoformat()
        if r == 4:
            return f"{d.day} {MONTHS[d.month - 1]} {d.year}"
        if r == 5:
            return f"{DAYS[d.weekday()]} {d.day} {MONTHS[d.month - 1]}"
        if r == 6:
            return f"{'1er' if d.day == 1 else d.day} {MONTHS[d.month - 1]} {d.year}"
        if r == 7:
            return f"{d.day:02d}-{d.month:02d}-{d.year}"
        if r == 8:
            return f"{DAYS[d.weekday()]} {d.day:02d}/{d.month:02d}/{d.year}"
        if r == 9:
            return f"{d.day:02d}.{d.month:02d}.{d.year}"
        if r == 10:
            return f"{DAYS[d.weekday()]} {d.day} {MONTHS[d.month - 1]} {d.year}"
        return f"{d.day}/{d.month}/{d.year}"

    def partial(self) -> str:
        d = self.day()
        r = self.rng.randrange(3)
        if r == 0:
            return f"{MONTHS[d.month - 1]} {d.year}"
        if r == 1:
            return f"{d.month:02d}/{d.year}"
        return f"{MONTHS[d.month - 1].capitalize()} {d.year}"

    def year(self) -> str:
        return str(self.rng.randrange(1935, 2023))

    def phone(self) -> str:
        rng = self.rng
        digits = lambda n: "".join(str(rng.randrange(10)) for _ in range(n))  # noqa: E731
        r = rng.randrange(10)
        if r == 0:
            return f"02/{digits(3)}.{digits(2)}.{digits(2)}"
        if r == 1:
            return f"04{rng.randrange(60, 99)} {digits(2)} {digits(2)} {digits(2)}"
        if r == 2:
            return f"+32 2 {digits(3)} {digits(2)} {digits(2)}"
        if r == 3:
            return f"0032 4{rng.randrange(60, 99)} {digits(2)} {digits(2)} {digits(2)}"
        if r == 4:
            return f"0{rng.randrange(1, 6)} {digits(2)} {digits(2)} {digits(2)} {digits(2)}"
        if r == 5:
            return f"+33 {rng.randrange(1, 7)} {digits(2)} {digits(2)} {digits(2)} {digits(2)}"
        if r == 6:
            return f"04/{digits(3)} {digits(2)} {digits(2)}"
        if r == 7:
            return f"+32 (0)4 {digits(3)} {digits(2)} {digits(2)}"
        if r == 8:
            return f"04{rng.randrange(60, 99)}/{digits(2)}.{digits(2)}.{digits(2)}"
        return f"0{rng.randrange(1, 6)}.{digits(2)}.{digits(2)}.{digits(2)}.{digits(2)}"

    def niss(self, birth: str | None = None) -> str:
        d = dt.date.fromisoformat(birth) if birth else self.day() - dt.timedelta(days=20000)
        serial = self.rng.randrange(1, 998)
        body = f"{d.year % 100:02d}{d.month:02d}{d.day:02d}{serial:03d}"
        n = int(body) + (2_000_000_000 if d.year >= 2000 else 0)
        check = 97 - n % 97
        r = self.rng.randrange(3)
        if r == 0:
            return f"{body[:2]}.{body[2:4]}.{body[4:6]}-{body[6:]}.{check:02d}"
        if r == 1:
            return f"{body}{check:02d}"
        return f"{body[:6]} {body[6:]} {check:02d}"

    def inami(self) -> str:
        rng = self.rng
        return f"{rng.randrange(1, 9)}-{rng.randrange(10000, 99999)}-{rng.randrange(10, 99)}-{rng.randrange(100, 999)}"

    def pid(self) -> str:
        return str(self.rng.randrange(1000000, 99999999))

    def accession(self) -> str:
        rng = self.rng
        r = rng.randrange(4)
        y = rng.randrange(2015, 2025)
        if r == 0:
            return f"RX{y}-{rng.randrange(1, 99999):06d}"
        if r == 1:
            return f"ACC{y}{rng.randrange(1, 9999):04d}"
        if r == 2:
            return str(rng.randrange(10**9, 10**10))
        return f"CR-{rng.randrange(100000, 999999)}"

    def email(self, name: str | None = None) -> str:
        base = (name or self.rng.choice(["secretariat.radio", "rdv", "info", "imagerie", "contact"]))
        base = base.lower().replace(" ", ".").replace("é", "e").replace("è", "e").replace("'", "")
        return f"{base}@{self.rng.choice(DOMAINS)}"

    def url(self) -> str:
        dom = self.rng.choice([d for d in DOMAINS if d.endswith(".be")])
        r = self.rng.randrange(3)
        if r == 0:
            return f"www.{dom}"
        if r == 1:
            return f"https://www.{dom}/radiologie"
        return f"https://portail.{dom}/resultats?id=4471"

    def age_years(self) -> int:
        return self.rng.choice([self.rng.randrange(18, 89), self.rng.randrange(2, 17), self.rng.randrange(90, 101)])


# Sentences with patient metadata: {S} surname, {SU} SURNAME, {F} first name, {FF} all first names,
# {I} initials, {T} title, {BD} birth date (dd/mm/yyyy), {ID} patient id, and the pools above.
PATIENT_TEMPLATES = [
    "Patient(e) : [[PATIENT|{SU} {FF}]]\nNé(e) le : [[DATE|{BD}]]\nN° dossier : [[ID|{ID}]]\n",
    "{T} [[PATIENT|{S}]], [[AGE|{AGE} ans]], se présente aux urgences le [[DATE|{DATE}]] après une chute "
    "de sa hauteur.",
    "Nous avons vu en consultation {T} [[PATIENT|{F} {S}]] pour une douleur du poignet droit.",
    "Radiographie du genou gauche de {T} [[PATIENT|{I} {S}]], demandée par le Dr [[PERSON|{DOC}]].",
    "[[PATIENT|{S} {I}]] - RX thorax face - examen du [[DATE|{DATE}]].",
    "Identité : [[PATIENT|{SU}]], [[PATIENT|{FF}]] ; date de naissance [[DATE|{BD}]] ; IPP [[ID|{ID}]].",
    "Cher confrère, je vous remercie de m'avoir adressé votre patient(e), {T} [[PATIENT|{S}]], "
    "domicilié(e) [[LOCATION|{STREET}]] à [[LOCATION|{CITY}]].",
    "{T} [[PATIENT|{S_TYPO}]] a été revu(e) en contrôle le [[DATE|{DATE}]] ; bonne évolution.",
    "[[PATIENT|{F}]] se plaint de douleurs persistantes depuis la chute du [[DATE|{DATE}]].",
    "Rapport concernant [[PATIENT|{SU} {F}]] (dossier [[ID|{ID}]]), né(e) le [[DATE|{BD}]].",
    "Examen : RX cheville D. Patient : [[PATIENT|{F} {SU}]]. Prescripteur : Dr [[PERSON|{DOC}]].",
    "Suite à l'accident du [[DATE|{DATE}]], {T} [[PATIENT|{S}]] est transféré(e) au [[INSTITUTION|{INST}]].",
    "Mme/M. [[PATIENT|{S}]] ([[AGE|{AGE} ans]]) - antécédent de fracture de Pouteau-Colles en [[DATE|{YEAR}]].",
    "La fille de {T} [[PATIENT|{S}]] signale une chute le [[DATE|{DATE}]] à la [[INSTITUTION|{INST}]].",
    "NISS [[ID|{NISS}]] - [[PATIENT|{SU} {FF}]] - [[DATE|{BD}]]",
]

GENERAL_TEMPLATES = [
    "Patiente de [[AGE|{AGE} ans]] adressée par le Dr [[PERSON|{DOC}]] pour douleur de l'épaule droite.",
    "Rapport dicté par le Dr [[PERSON|{DOC}]] le [[DATE|{DATE}]], validé par le Pr [[PERSON|{DOC2}]].",
    "Enfant de [[AGE|{KID} ans]] ; chute à vélo. Pas de fracture visible. Contrôle à 10 jours.",
    "Homme de [[AGE|{AGE} ans]], traumatisme du poignet. Fracture de Pouteau-Colles déplacée.",
    "Radiologue : Dr [[PERSON|{FULLDOC}]]\nTél. : [[PHONE|{PHONE}]]\nE-mail : [[EMAIL|{EMAIL}]]",
    "Secrétariat de radiologie : [[PHONE|{PHONE}]] (du lundi au vendredi) ou [[URL|{URL}]].",
    "Résultats disponibles sur [[URL|{URL}]] ; questions à [[EMAIL|{EMAIL}]].",
    "[[INSTITUTION|{INST}]] - Service d'imagerie médicale - [[LOCATION|{STREET}]], [[LOCATION|{PC_CITY}]]",
    "Examen réalisé au [[INSTITUTION|{INST}]] le [[DATE|{DATE}]] (accession [[ID|{ACC}]]).",
    "Copie au médecin traitant, Dr [[PERSON|{DOC}]], [[LOCATION|{STREET}]], [[LOCATION|{PC_CITY}]].",
    "Le patient, [[AGE|{AGE} ans]], résidant à [[LOCATION|{CITY}]], a chuté le [[DATE|{DATE}]].",
    "N° INAMI du prescripteur : [[ID|{INAMI}]]. Dr [[PERSON|{DOC}]].",
    "Fillette de [[AGE|{KID} ans et {MON} mois]], âge osseux selon Greulich et Pyle : 10 ans.",
    "Nourrisson de [[AGE|{MON} mois]], suspicion de maltraitance, bilan squelettique complet.",
    "Comparaison avec l'examen du [[DATE|{DATE}]] réalisé à la [[INSTITUTION|{INST}]].",
    "Drs [[PERSON|{DOC}]] et [[PERSON|{DOC2}]] - radiologie ostéo-articulaire.",
    "Patient de [[AGE|{AGE} ans]] opéré en [[DATE|{YEAR}]] d'une prothèse totale de hanche.",
    "Rendez-vous de contrôle le [[DATE|{DATE}]] au [[INSTITUTION|{INST}]] ; tél. [[PHONE|{PHONE}]].",
    "Mme [[PERSON|{DOC}]], infirmière coordinatrice, joignable au [[PHONE|{PHONE}]].",
    "Vu avec le Dr [[PERSON|{DOC}]] (orthopédie) : immobilisation par plâtre pendant 6 semaines.",
    "Résidente de la [[INSTITUTION|{INST}]] à [[LOCATION|{CITY}]], chute dans sa chambre le [[DATE|{DATE}]].",
    "Demande d'examen n° [[ID|{ACC}]] du [[DATE|{DATE}]] - Prescripteur : [[PERSON|{FULLDOC}]]",
    "Âge : [[AGE|{AGE} ans]]. Sexe : F. Indication : gonalgie droite depuis 3 mois.",
    "[[PERSON|{FNSN}]] (radiologue) a revu les clichés avec le Dr [[PERSON|{DOC}]].",
    "Transfert vers le [[INSTITUTION|{INST}]] ([[LOCATION|{CITY}]]) pour avis neurochirurgical.",
    "Adresse du patient : [[LOCATION|{STREET}]] - [[LOCATION|{PC_CITY}]]. GSM : [[PHONE|{PHONE}]].",
    "Femme de [[AGE|{OLD} ans]] vivant en [[INSTITUTION|{INST}]], chute avec impotence fonctionnelle.",
    "Clichés antérieurs de [[DATE|{PARTIAL}]] non disponibles. Dr [[PERSON|{DOC}]].",
    "Le [[DATE|{DATE}]] : réduction sous anesthésie ; le [[DATE|{DATE2}]] : contrôle, cal osseux visible.",
    "Garçon de [[AGE|{KID} ans]], traumatisme du coude, fracture supracondylienne Gartland II.",
    "Patiente âgée de [[AGE|{AGE} ans]], née à [[LOCATION|{CITY}]], suivie au [[INSTITUTION|{INST}]].",
    "c.c. Dr [[PERSON|{DOC}]] ([[INSTITUTION|{INST}]]) et Dr [[PERSON|{DOC2}]]",
    "Validé électroniquement par [[PERSON|{FULLDOC}]] le [[DATE|{DATE}]].",
    "Radiographie réalisée à domicile, [[LOCATION|{STREET}]], [[LOCATION|{PC_CITY}]].",
    "Sportif de [[AGE|{AGE} ans]], entorse de cheville le [[DATE|{DATE}]]. Fracture de Maisonneuve exclue.",
    "Monsieur [[PERSON|{DOC}]] est kinésithérapeute au [[INSTITUTION|{INST}]].",
    "Dossier [[ID|{PID}]] transmis au Pr. [[PERSON|{DOC}]] le [[DATE|{DATE}]].",
    "Le [[DATE|{DATE}]], Prof. [[PERSON|{DOC}]] confirme une fracture de Monteggia.",
    "Contact : [[EMAIL|{EMAIL}]] - fax [[PHONE|{PHONE}]]",
    "Bébé de [[AGE|{MON} mois]], boiterie ; hanches normales selon Graf.",
    "Dame de [[AGE|{OLD} ans]] retrouvée au sol à son domicile de [[LOCATION|{CITY}]].",
    "Le docteur [[PERSON|{DOC}]] a demandé un complément par scanner le [[DATE|{DATE}]].",
    "Professeur [[PERSON|{DOC}]], chef de service, [[INSTITUTION|{INST}]].",
    "Résultat envoyé à [[PERSON|{FNSN}]] et au service des urgences.",
    "Adolescent de [[AGE|{KID} ans]], Salter-Harris II du radius distal. Contrôle à J10.",
]

HAND_CASES = [
    "Pas de lésion osseuse traumatique. Pas de Hill-Sachs ni de Bankart osseux.",
    "Fracture de Galeazzi du radius gauche. Luxation radio-ulnaire distale associée.",
    "Fracture de Maisonneuve suspectée ; compléter par un cliché de la jambe entière.",
    "Entorse de Lisfranc ; interligne de Chopart respecté. Fracture de Segond du plateau tibial.",
    "Fracture malléolaire externe Weber B. Pas de diastasis tibio-fibulaire.",
    "Fracture du col fémoral Garden IV, indication de prothèse.",
    "Fracture de la tête radiale Mason II, peu déplacée.",
    "Décollement épiphysaire Salter-Harris II du tibia distal.",
    "Âge osseux selon Greulich et Pyle : 12 ans pour un âge civil de 11 ans.",
    "Classification de Lagrange et Rigault : stade III.",
    "Discopathie L5-S1 avec pincement ; ostéophytes C5-C6 et C6-C7.",
    "Fracture du corps vertébral de T12 et de L1 ; tassement de D2 ancien.",
    "Fracture de la base de P1 du 5e rayon ; D3 et D4 normaux.",
    "Angle de Cobb de 30° ; paracétamol 1000 mg trois fois par jour.",
    "Contrôle radiologique à J10 puis à 6 semaines.",
    "Genu valgum de 8° ; angle HKA à 172°.",
    "Index de Insall-Salvati à 1,2 ; pas de patella alta.",
    "Fracture-luxation de Monteggia de type Bado I.",
    "Fracture de Pouteau-Colles avec bascule postérieure de 25°.",
    "Lésion de Stener suspectée au pouce ; fracture de Bennett exclue.",
    "Fracture de Jones de la base du 5e métatarsien.",
    "Ostéochondrite de Kienböck stade II selon Lichtman.",
    "Maladie d'Osgood-Schlatter bilatérale, sans arrachement.",
    "Maladie de Legg-Calvé-Perthes stade de fragmentation.",
    "Coxarthrose Kellgren-Lawrence grade 3 ; Tönnis 2.",
    "Spondylolisthésis L4-L5 grade I de Meyerding.",
    "Fracture de Chance de L2. Pas de recul du mur postérieur.",
    "Fracture de type Schatzker II du plateau tibial externe.",
    "Fracture du pilon tibial, classification de Rüedi et Allgöwer type 2.",
    "Fracture de Smith du radius distal droit.",
    "Fracture de Barton marginale antérieure.",
    "Fracture du scaphoïde carpien, tiers moyen, Herbert B2.",
    "Pas d'épanchement articulaire. Ligne de Shenton harmonieuse.",
    "Ligne de Klein normale ; pas d'épiphysiolyse.",
    "Fracture de Tillaux de l'adolescent.",
    "Syndrome de Sudeck ; déminéralisation pommelée.",
    "Lésion de Hoffa ; pas de corps étranger.",
    "Maladie de Paget de l'hémi-bassin droit.",
    "Os trigone ; séquelle de maladie de Köhler du naviculaire.",
    "Contrôle à 6 mois. Reprise du sport dans 3 mois.",
    "Douleurs depuis 2 ans ; aggravation depuis 3 semaines.",
    "Immobilisation 6 semaines, puis kinésithérapie 3 fois par semaine.",
    "Score de Risser 4 ; courbure thoracique T5-T11.",
    "Vis de 4,5 mm et plaque LCP 3,5 en place.",
    "Séquence T1, T2 et STIR ; injection de 10 ml de gadolinium.",
    "Clichés en charge F + P ; incidence de Schuss.",
    "Cal osseux exubérant ; matériel d'ostéosynthèse en place, 12 vis.",
    "Pas de fracture de Segond ni d'arrachement des épines tibiales.",
    "Arthrose trapézo-métacarpienne Dell III.",
    "Fracture de Rolando de la base du premier métacarpien.",
]

# Free hand-written cases with PHI (no slots), one per distinct form.
HAND_PHI = [
    "Né en [[DATE|1967]], ancien mineur, silicose connue.",
    "Patiente née en [[DATE|1931]], vit seule.",
    "Suivi depuis [[DATE|2015]] pour polyarthrite rhumatoïde.",
    "Examen du [[DATE|3.4.21]] comparé à celui du [[DATE|17.02.24]].",
    "Date de l'examen : [[DATE|2021-04-03]]",
    "Le [[DATE|lundi 3 avril]], chute dans l'escalier.",
    "Opéré en [[DATE|avril 2021]] d'une ligamentoplastie.",
    "Date : [[DATE|1er mars 2022]]",
    "Prise en charge au [[INSTITUTION|CHU]] de garde puis retour à domicile.",
    "Transfert à l'[[INSTITUTION|HUDERF]] pour avis orthopédique pédiatrique.",
    "Consultation au [[INSTITUTION|CHIREC]] site [[INSTITUTION|Delta]].",
    "Bilan réalisé à l'[[INSTITUTION|Hôpital Erasme]] en [[DATE|2019]].",
    "Homme [[AGE|72a]], chute. Fracture du col fémoral Garden III.",
    "F [[AGE|84a]] - gonalgie droite.",
    "Enfant âgé de [[AGE|11 ans et 6 mois]] ; âge osseux avancé.",
    "Âge : [[AGE|8 mois]]",
    "Patient de [[AGE|94 ans]] en maison de repos.",
    "NISS : [[ID|52.04.03-123.45]]",
    "Numéro d'accession [[ID|RX2021-004512]] ; N° d'examen : [[ID|20210403123]].",
    "INAMI [[ID|1-23456-78-901]] - Dr [[PERSON|Van den Berghe]]",
    "Tél. [[PHONE|02/764.11.11]] - GSM [[PHONE|0475 12 34 56]]",
    "Joignable au [[PHONE|+32 2 764 11 11]] ou au [[PHONE|0032 475 12 34 56]].",
    "Contact en France : [[PHONE|01 23 45 67 89]] ou [[PHONE|+33 6 12 34 56 78]].",
    "Résultats : [[URL|https://www.chu-liege.be/resultats]] ou [[EMAIL|imagerie@chu-liege.be]]",
    "Infos sur [[URL|www.huderf.be]].",
    "Écrire à [[EMAIL|dr.martin@skynet.be]] pour toute question.",
    "Dr [[PERSON|Martin]] et Dr [[PERSON|Lefèvre]] ont revu le dossier.",
    "Le Dr. [[PERSON|El Amrani]] a réalisé l'infiltration.",
    "Pr [[PERSON|de la Croix]], chef de clinique.",
    "Dicté par : [[PERSON|J.-P. Dumont]]",
    "Médecin traitant : Dr [[PERSON|MARCHAL]] - [[LOCATION|rue du Marché 2]], [[LOCATION|5000 Namur]]",
    "Domicile : [[LOCATION|chaussée de Waterloo 1012]], [[LOCATION|1180 Uccle]]",
    "Adresse : [[LOCATION|Avenue Hippocrate 10]], [[LOCATION|1200 Woluwe-Saint-Lambert]]",
    "Réside à [[LOCATION|Louvain-la-Neuve]] depuis [[DATE|2018]].",
    "Vacances à [[LOCATION|Marseille]] ; chute en montagne.",
    "Accident de travail à [[LOCATION|Charleroi]] le [[DATE|12/09/2022]].",
    "Chute à la [[INSTITUTION|Maison de repos Les Tilleuls]] à [[LOCATION|Jambes]].",
    "Transfert de la [[INSTITUTION|Clinique St-Jean]] vers les [[INSTITUTION|Cliniques universitaires Saint-Luc]].",
    "Examen antérieur à l'[[INSTITUTION|AZ Sint-Jan]] ([[LOCATION|Brugge]]).",
    "Avis du Dr [[PERSON|Ouedraogo]] et du Dr [[PERSON|Haddad]].",
    "Copie : Drs [[PERSON|Martin]] et [[PERSON|Lefèvre]]",
    "Le Dr [[PERSON|Vandenbroucke]] ([[LOCATION|Liège]]) sera contacté.",
    "Signé : Pr [[PERSON|A. Peeters]], radiologue.",
    "Madame [[PERSON|Janssens]], sage-femme, accompagne l'enfant.",
    "[[PERSON|LEMAIRE Sophie]], technologue en imagerie.",
    "Examen réalisé le [[DATE|03/04/2021]] à 14h30 ; admission aux urgences à 9h05.",
    "Heure de l'appel : 23:15. Arrivée du patient à 23h48.",
    "RADIOGRAPHIE DU POIGNET DROIT\n\nIndication : chute de sa hauteur le [[DATE|12/01/2023]], douleur "
    "tabatière anatomique.\n\nRésultat : fracture non déplacée du scaphoïde carpien, tiers moyen. Pas de "
    "lésion de Pouteau-Colles.\n\nConclusion : fracture du scaphoïde. Contrôle scanner à 10 jours.\n\n"
    "Dr [[PERSON|Nathalie Renard]]\nRadiologue - [[INSTITUTION|CHR de la Citadelle]]",
    "RX BASSIN + HANCHE G\n\nMadame [[PERSON|Vanderlinden]], [[AGE|91 ans]], résidente de la "
    "[[INSTITUTION|Résidence Les Glycines]] à [[LOCATION|Waterloo]], chute nocturne.\nFracture du col "
    "fémoral gauche Garden IV.\nAvis orthopédique demandé au Dr [[PERSON|Hermans]] (bip [[PHONE|02 434 11 11]]).",
    "Compte rendu transmis au Dr [[PERSON|J. Lambotte]], [[LOCATION|place Saint-Lambert 3]], "
    "[[LOCATION|4000 Liège]] (INAMI [[ID|1-45211-33-004]]), le [[DATE|vendredi 17 mars 2023]].",
    "Enfant de [[AGE|6 ans]] vu avec sa mère ; fracture en motte de beurre du radius distal. Âge osseux "
    "(Greulich et Pyle) concordant. Contrôle à 3 semaines.",
]


def parse(markup: str) -> tuple[str, list[dict[str, object]]]:
    """Turn ``[[TAG|text]]`` markup into text and deduce-style annotations."""
    text, anns, pos = [], [], 0
    length = 0
    for m in MARK.finditer(markup):
        chunk = markup[pos : m.start()]
        text.append(chunk)
        length += len(chunk)
        tag, value = m.group(1), m.group(2)
        anns.append({"text": value, "start_char": length, "end_char": length + len(value), "tag": tag})
        text.append(value)
        length += len(value)
        pos = m.end()
    text.append(markup[pos:])
    return "".join(text), anns


def typo(name: str, rng: random.Random) -> str:
    """One-edit variant of a surname (as typed by a hurried secretary)."""
    if len(name) < 5 or " " in name:
        return name
    k = rng.randrange(1, len(name) - 1)
    r = rng.randrange(3)
    if r == 0:
        return name[:k] + name[k + 1 :]
    if r == 1:
        return name[:k] + name[k] + name[k:]
    return name[:k] + ("e" if name[k] != "e" else "a") + name[k + 1 :]


def fill(template: str, rng: random.Random, mk: Maker, patient: dict[str, object] | None) -> str:
    """Fill the slots of one template."""
    city = rng.choice(list(POSTCODES))
    doc, doc2 = rng.sample(DOCTORS, 2)
    values = {
        "AGE": str(rng.randrange(18, 89)), "KID": str(rng.randrange(2, 16)), "MON": str(rng.randrange(2, 11)),
        "OLD": str(rng.randrange(80, 99)), "DATE": mk.date(), "DATE2": mk.date(), "PARTIAL": mk.partial(),
        "YEAR": mk.year(), "DOC": doc, "DOC2": doc2, "FULLDOC": rng.choice(FULL_DOCTORS),
        "FNSN": rng.choice(FIRSTNAME_SURNAME), "CITY": rng.choice(CITIES), "STREET": rng.choice(STREETS),
        "PC_CITY": f"{POSTCODES[city]} {city}", "INST": rng.choice(INSTITUTIONS), "PHONE": mk.phone(),
        "EMAIL": mk.email(), "URL": mk.url(), "ACC": mk.accession(), "INAMI": mk.inami(), "PID": mk.pid(),
        "NISS": mk.niss(),
    }  # fmt: skip
    if patient is not None:
        firsts = patient["first_names"]
        surname = str(patient["surname"])
        bd = dt.date.fromisoformat(str(patient["birth_date"]))
        values.update({
            "S": surname, "SU": surname.upper(), "F": firsts[0], "FF": " ".join(firsts),
            "I": "-".join(f"{p[0]}." for p in firsts[0].split("-")),
            "T": rng.choice(["Mme", "Madame"] if patient["sex"] == "F" else ["M.", "Monsieur"]),
            "BD": f"{bd.day:02d}/{bd.month:02d}/{bd.year}", "ID": str(patient["ids"][0]),
            "S_TYPO": typo(surname, rng), "NISS": mk.niss(str(patient["birth_date"])),
        })  # fmt: skip
    return template.format(**values)


def main() -> None:
    """Build every case and write the JSON."""
    rng = random.Random(20240403)
    mk = Maker(rng)
    cases: list[dict[str, object]] = []
    for p in PATIENTS:
        p["ids"] = [mk.pid()]

    def add(prefix: str, markup: str, patient: dict[str, object] | None = None) -> None:
        text, anns = parse(markup)
        case: dict[str, object] = {"id": f"{prefix}-{len(cases) + 1:04d}", "text": text}
        if patient is not None:
            case["patient"] = patient
        case["annotations"] = anns
        cases.append(case)

    for k, template in enumerate(PATIENT_TEMPLATES):
        for p in rng.sample(PATIENTS, 6):
            add(f"patient{k:02d}", fill(template, rng, mk, p), p)
    for k, template in enumerate(GENERAL_TEMPLATES):
        for _ in range(4):
            add(f"general{k:02d}", fill(template, rng, mk, None))
    for markup in HAND_PHI:
        add("hand", markup)
    for markup in HAND_CASES:
        add("negative", markup)
    OUT.write_text(json.dumps(cases, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(cases)} cases -> {OUT}")


if __name__ == "__main__":
    main()
