"""Regressions of the organisation annotator (deduce_fr/organisations.py): employers, schools, clubs,
mutualities, public services, care homes, Dutch/German hospitals, damaged headers; and the look-alikes
that must stay untouched (radiology headings, anatomy, wards, coagulation factors, civilities)."""

from __future__ import annotations

import pytest

from deduce_fr import Deidentifier


def _institutions(deid: Deidentifier, text: str) -> list[str]:
    return [s.text for s in deid.annotate(text).spans if s.tag == "INSTITUTION"]


FOUND = [
    # legal forms and employment cues
    ("Accident du travail : employeur Colis Express SPRL.", "Colis Express SPRL"),
    ("Employeur (Construct-Bau SPRL) prévenu par le chef d'équipe.", "Construct-Bau SPRL"),
    ("Employeur : S.A. Dufour Logistique", "S.A. Dufour Logistique"),
    # a firm's head joins its name, the v4a-v8 writers' way (org16: v8a dev 3 in / 1 out, v7b and v8a held-out gains)
    ("Il est employé comme magasinier dans la société Brico Plan-It à Wavre.", "société Brico Plan-It"),
    ("ingénieur au bureau d'études Greisch", "Greisch"),
    ("Vu par SOS Médecins Lille la veille.", "SOS Médecins Lille"),  # the branch of the town: one name
    ("Accueilli à l'IME Les Papillons Blancs.", "IME Les Papillons Blancs"),
    ("Il vit au foyer d'accueil médicalisé Le Rayon de Soleil.", "foyer d'accueil médicalisé Le Rayon de Soleil"),
    ("Chauffeur de bus à la STIB depuis 10 ans, lombalgie.", "STIB"),
    ("étudiante à l'ULB, entorse au foot.", "ULB"),
    ("Aide familiale de l'ADMR de Bouillon deux fois par semaine.", "ADMR de Bouillon"),
    ("Patient vivant en maison de repos « Le Bois Fleuri » depuis 2022.", "Le Bois Fleuri"),
    ("Mme Lejeune, 82 ans, résidente de la MR Les Lilas à Gosselies.", "MR Les Lilas"),  # head kept (wave 5)
    ("Bilan demandé par le Centre de planning familial Les Marolles.", "Centre de planning familial Les Marolles"),
    ("Patient hospitalisé à la clinique saint-jean pour une pneumonie.", "clinique saint-jean"),
    ("administrateur provisoire désigné par la Justice de Paix de Wavre", "Justice de Paix de Wavre"),
    ("Employée à la mairie de Roubaix, chute dans les escaliers.", "mairie de Roubaix"),
    ("étudiant en 2e année à la faculté de médecine de Lille", "faculté de médecine de Lille"),
    ("Apprenti au CFA de Saint-Brieuc.", "CFA de Saint-Brieuc"),
    ("ancien mineur (charbonnage du Bois du Cazier) - silicose", "charbonnage du Bois du Cazier"),  # head in (org16)
    ("hospitalisé à l'hôpital foch pour bilan", "hôpital foch"),
    ("Patient adressé par le CHG de Mantes pour avis.", "CHG de Mantes"),
    ("MUTUELLE: PARTENAMUT   NISS: 85.03.12-123.45", "PARTENAMUT"),
    ("travaille chez delhaize comme magasinier", "delhaize"),
    ("Elle bosse chez Decathlon Evere.", "Decathlon Evere"),
    ("Électricien (SRL Elec-Pro, Namur).", "SRL Elec-Pro"),
    ("Vit à la résidence-services Les Jardins de Mariemont.", "résidence-services Les Jardins de Mariemont"),
    ("Retour au home \"Le Grand Pré\" à Wavre.", "home \"Le Grand Pré"),
    ("Joue au basket à l'Union Mons-Capitale.", "Union Mons-Capitale"),
    ("Bilan réalisé au CHSA, service de médecine.", "CHSA"),
    ("drainage aux urgences (CHBA Vannes), contrôle ok.", "CHBA Vannes"),
    ("ZNA Middelheim Antwerpen - radiologie", "ZNA Middelheim Antwerpen"),  # the Belgian group rule keeps its town
    ("Suivi par le Service de Santé Mentale Le Méridien.", "Service de Santé Mentale Le Méridien"),
    ("Plombier, salarié de Thermo Service SARL depuis 2015.", "Thermo Service SARL"),
    ("Il est couvreur (Toitures Lambotte & Fils, Ciney).", "Toitures Lambotte & Fils"),
    ("Reprise du travail chez Aperam à Châtelineau envisagée.", "Aperam"),
    ("EMPLOYEUR : ARCELORMITTAL GAND", "ARCELORMITTAL GAND"),
    ("arrêt de travail (employeur : Auchan Villeneuve-d'Ascq).", "Auchan Villeneuve-d'Ascq"),
    ("facteur retraité de bpost, domicilié à Namur", "bpost"),
    ("ancien ouvrier des Forges de Clabecq, dyspnée d'effort", "Forges de Clabecq"),
    ("docker au Grand Port Maritime du Havre, écrasement du pied", "Grand Port Maritime du Havre"),
    ("ancien ingénieur des Ateliers de Construction Électrique de Charleroi", "Ateliers de Construction Électrique de Charleroi"),
    ("transport Ambulances Meuse Secours vers le domicile", "Ambulances Meuse Secours"),
    # schools
    ("Delahaye Jordan, 17 ans, lycéen au lycée Guillaume le Conquérant, chute.", "lycée Guillaume le Conquérant"),
    ("tombée de la balançoire à l'école (école communale du Centre, Jette)", "école communale du Centre"),
    ("adressée par l'infirmière scolaire de l'Athénée royal de Waremme", "Athénée royal de Waremme"),
    ("cacahuète à la crèche Les Petits Lutins, toux quinteuse", "crèche Les Petits Lutins"),
    # clubs and associations
    ("rugbyman (club de Rugby Club Montois), rupture du LCA", "Rugby Club Montois"),
    ("reprendre la randonnée avec son club (les Marcheurs du Hoyoux).", "les Marcheurs du Hoyoux"),
    # mutualities, insurers, services
    ("Madame Scarpa, 72 ans, mutuelle Solidaris, pour une échographie", "Solidaris"),
    ("né le 12.07.1942 - mutuelle Mutualité chrétienne", "Mutualité chrétienne"),
    ("Certificat transmis à sa mutuelle (Partenamut).", "Partenamut"),
    ("MUTUALITÉ : MC - NISS", "MC"),
    ("soins infirmiers à domicile par la Croix Jaune et Blanche.", "Croix Jaune et Blanche"),
    ("passage d'une aide à domicile (ADMR du Morvan) 3 fois par semaine", "ADMR du Morvan"),
    ("Tuteur : UDAF de la Marne, mandataire Mme Crépin", "UDAF de la Marne"),
    ("Pédiatre : Dr Marchal, ONE consultation de Fleurus.", "ONE consultation de Fleurus"),
    # care homes in any case
    ("rx thorax - mrs la Roseraie Hannut", "mrs la Roseraie"),
    ("fracture col - 96 ans - ehpad Ker Avel Brest", "ehpad Ker Avel"),
    # the town written as part of the name joins it, the v4-v8 writers' way (org16, join_towns)
    ("elle travaille comme aide-soignante au home Saint-Charles de Fleurus.", "home Saint-Charles de Fleurus"),
    ("Vit en MR (Les Tilleuls, Waremme).", "Les Tilleuls"),
    ("MR Saint-Lambert à Jemeppe - note infirmière", "MR Saint-Lambert"),  # head kept (wave 5)
    # Dutch / German hospitals, named sites, lower case, damaged headers
    ("Jessa Ziekenhuis Hasselt - dienst radiologie", "Jessa Ziekenhuis Hasselt"),
    ("St. Vith-Hospital Eupen - Radiologie", "St. Vith-Hospital"),
    ("Consultation ortho - Klinik St. Elisabeth", "Klinik St. Elisabeth"),
    ("Rééducation au Pôle Saint-Yves à partir du 19/01.", "Pôle Saint-Yves"),
    ("adressée à l'Institut de cancérologie de Lorraine.", "Institut de cancérologie de Lorraine"),
    ("Échographie - Maternité de l'Hôpital Privé de Villeneuve", "Maternité de l'Hôpital Privé de Villeneuve"),
    ("transféré à saint-luc pour avis", "saint-luc"),
    ("transfert à st-luc demain", "st-luc"),
    ("vit en home (home les tilleuls, waremme)", "home les tilleuls"),
    # the head joins the name (writers' convention, institution_heads): the name must be found, head included
    ("résidente à la maison de repos les glycines", "maison de repos les glycines"),
    ("employée au cpas de namur", "cpas de namur"),
    ("enfant scolarisé à l'école communale de jambes", "école communale de jambes"),
    ("aux urgences de epicura hornu", "epicura"),
    ("vu aux urgences du chu saint-pierre", "chu saint-pierre"),
    ("-- document numérisé --\nC E N T R E  H O S P I T A L I E R  D E  D I N A N T\nNom : X",
     "C E N T R E  H O S P I T A L I E R  D E  D I N A N T"),
    ("[ OCR ]\nCENTRE H0SPITALIER REGI0NAL DE NAMUR\nPat1ent : X", "CENTRE H0SPITALIER REGI0NAL DE NAMUR"),
    ("Transfert à la Cl1nique Sa1nt-Luc de Bouge, puis retour.", "Cl1nique Sa1nt-Luc de Bouge"),
    ("Rad1ographie du thorax au CHU de L1ège le 3/2.", "CHU de L1ège"),
]


@pytest.mark.parametrize(("text", "expected"), FOUND)
def test_organisation_found(deid: Deidentifier, text: str, expected: str) -> None:
    assert expected in _institutions(deid, text)


NOT_ORGANISATIONS = [
    "RADIOGRAPHIE DU BASSIN DE FACE, CLICHÉ EN CHARGE",
    "Lésion de la substance blanche du centre ovale droit.",
    "Admis en Hôpital de jour de Gériatrie pour bilan.",
    "Mutation du facteur V Leiden, déficit en facteur de Willebrand.",
    "Grossesse de 32 SA, échographie morphologique normale.",
    "Intervention sous AG, suites simples.",
    "Mr Lambert revient en consultation.",
    "Mr Saint-Pierre revient en consultation. MR SAINT-PIERRE Jean, 72 ans.",
    "Mme Nguyen, Résidence Les Érables, bâtiment B, 13 boulevard Carnot.",
    "TENNIS ELBOW DROIT",
    "Le patient travaille à Charleroi comme ouvrier.",
    "Elle est retraitée de l'enseignement.",
    "Il travaille aux Pays-Bas depuis 2019.",
    "Retraité de la Fonction publique.",
    "Mutuelle : Non",
    "Le produit de contraste employé Omnipaque 350 a été bien toléré.",
    "Club Foot bilatéral opéré.",
    "Traitement en association Augmentin Flagyl.",
    "Anévrisme du Cercle de Willis.",
    "FOYER PULMONAIRE BASAL DROIT",
    "Prélèvement envoyé au laboratoire de Biologie Clinique.",
    "Sa grand-mère maternelle Jeanne Dupont est présente.",
    "Mrs Smith, 45 ans.",
    "Foyer de Condensation lobaire.",
    "Patient pris en charge par l'équipe de Pneumologie.",
    "SCA ST+ inférieur, angioplastie de la coronaire droite.",
    "Patient SAS appareillé, Lésion SNC ancienne.",
    "Grossesse à 32 SA. Echographie normale.",
    "hôpital de jour pédiatrique le 3 mars",
    "CHUTE DE SA HAUTEUR, taux de GHRH normal, CHAMBRE 12.",
    "Séjour codé dans le GHM 08C49, score CHADS élevé, CHEVILLE droite.",
    "RISQUE DE CHUTES ; MEMBRE CHAUD ; AU CHOIX DU PATIENT",
    "MUTUELLE NON - ASSURANCE OUI",
    "Elle vit seule chez elle, passage chez Dr Martin le 3.",
    "Union européenne, traité de Rome.",
    "retour en maison de repos les premiers jours de mars",
    "Mutuelle : OK",
    "La poste de soins infirmiers est fermée ; syndrome de MAS.",
    "Recommandations de la Société Européenne de Cardiologie (2023).",
    "École : CM2",
    "Crèche : Oui, 3 jours par semaine",
    "Mutualité : Affiliée ; mutuelle : CMU-C",
    "Ostéosynthèse par plaque Synthes et vis Stryker, clou Gamma long.",
    "en maison de repos pour rééducation, maison de repos médicalisée",
]


@pytest.mark.parametrize("text", NOT_ORGANISATIONS)
def test_no_organisation(deid: Deidentifier, text: str) -> None:
    assert _institutions(deid, text) == []


def test_town_after_care_home_is_a_location(deid: Deidentifier) -> None:
    spans = {(s.text, s.tag) for s in deid.annotate("rx bassin - mrs la Roseraie Hannut").spans}
    assert ("Hannut", "LOCATION") in spans


def test_registered_in_config() -> None:
    from deduce_fr.annotators import ANNOTATOR_TYPES
    from deduce_fr.organisations import OrganisationAnnotator

    assert ANNOTATOR_TYPES["organisation"] is OrganisationAnnotator
    assert any(type(a) is OrganisationAnnotator for a in Deidentifier().annotators)
