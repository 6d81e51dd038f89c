"""Regressions of wave 5's whole organisation names (deduce_fr/organisations_chains.py): establishments named
by their head and town, group + site chains, care establishments whose name carries its town, employers after
a work cue, sport clubs, listed organisations with their town; and what must stay a place or a person.
Sentences written for these tests (not taken from an evaluation set)."""

from __future__ import annotations

import pytest

from deduce_fr import Deidentifier


def _spans(deid: Deidentifier, text: str) -> set[tuple[str, str]]:
    return {(s.tag, s.text) for s in deid.annotate(text).spans}


FOUND = [
    # a head naming one organisation of a town, then the town
    ("Il est opérateur à la carrière de Quenast depuis vingt ans.", "carrière de Quenast"),
    ("Secrétaire à l'Hôtel de Ville de Namur, chute dans l'escalier.", "Hôtel de Ville de Namur"),
    ("Avocate au barreau de Liège, lombalgie chronique.", "barreau de Liège"),
    ("Glissade au centre sportif de Gembloux pendant un match.", "centre sportif de Gembloux"),
    ("Sapeur volontaire à la zone de secours Hainaut-Est.", "zone de secours Hainaut-Est"),
    ("Courrier envoyé à la Caisse Primaire d'Assurance Maladie de Lille.",
     "Caisse Primaire d'Assurance Maladie de Lille"),
    # a hospital group and its site on one line
    ("Biopsie réalisée au CHIREC site de Braine-l'Alleud.", "CHIREC site de Braine-l'Alleud"),
    ("Coronarographie à l'AZ Delta campus Rumbeke.", "AZ Delta campus Rumbeke"),
    # a care establishment whose name carries its town
    ("Contrôle prévu à la Clinique Sainte-Elisabeth de Heusy.", "Clinique Sainte-Elisabeth de Heusy"),
    ("Adressé par le Cabinet médical des Tilleuls de Wavre.", "Cabinet médical des Tilleuls de Wavre"),
    # employers after a work cue
    ("Il travaille à Thermo Isol Services comme chauffagiste.", "Thermo Isol Services"),
    ("Frontalière, elle travaille à Aix-la-Chapelle chez Vorwerk-Textil.", "Vorwerk-Textil"),
    # a capitalised sport word makes a run of names a club
    ("Meneuse de jeu aux Castors Braine Basket, entorse de cheville.", "Castors Braine Basket"),
    # a listed name written with '&' for 'et'
    ("Passage infirmier quotidien : Aide & Soins à Domicile.", "Aide & Soins à Domicile"),
    # named after a person, whatever the surname is (a common word, an eponym)
    ("ADMISSION : HÔPITAL PRIVÉ PIERRE PAGE", "HÔPITAL PRIVÉ PIERRE PAGE"),
    ("Élève au Lycée Jean Rostand en terminale.", "Lycée Jean Rostand"),
    # a health insurer and its branch's region
    ("Affiliation : MC Brabant wallon, dossier en ordre.", "MC Brabant wallon"),
    # a listed brand, its line of shops and its town; what a club or school does, then its town
    ("Vendeuse au Carrefour Market Fleurus depuis deux ans.", "Carrefour Market Fleurus"),
    ("Licencié au club de tennis de Hannut, épicondylite.", "club de tennis de Hannut"),
    # an acronym after a work cue, without its article
    ("Contrôleur de la SNCB, chute sur le quai.", "SNCB"),
    # a service and its department's number, an acronym and its branch's region
    ("Prise en charge par le SMUR, régulée par le SAMU 59.", "SAMU 59"),
    ("Bilan transmis au SDIS 2A par radio.", "SDIS 2A"),
    ("Mesure de protection confiée à l'UDAF 88 en 2024.", "UDAF 88"),
    ("Passage quotidien de l'HAD Bretagne.", "HAD Bretagne"),
    ("Hélitreuillé par le PGHM de la Savoie.", "PGHM de la Savoie"),
    # a group and its site or division after a dash or a comma
    ("Grand Hôpital de Liège, site Bavière : contrôle.", "Grand Hôpital de Liège, site Bavière"),
    ("Parquet de Namur — division Dinant : réquisition.", "Parquet de Namur — division Dinant"),
    # a court or council with its qualifier, then its town or region; a capitalised head and a place no list has
    ("Expertise ordonnée par le Tribunal judiciaire de Colmar.", "Tribunal judiciaire de Colmar"),
    ("Dossier APA au Conseil départemental de la Martinique.", "Conseil départemental de la Martinique"),
    ("Vu au Dispensaire de Bandrélé la veille.", "Dispensaire de Bandrélé"),
    ("Contrôle : Polizeizone Eifel, Aktenzeichen 12.", "Polizeizone Eifel"),
    # listed occupational-health services
    ("Examen de reprise demandé par Mensura.", "Mensura"),
    # a nursing home's 'MR' head; an association's capitalised head; Dutch and German practice heads
    ("Retour à la MR Les Glycines après l'hospitalisation.", "MR Les Glycines"),
    ("Certificat pour l'Association Sportive de Rochefort.", "Association Sportive de Rochefort"),
    ("Verwijzing door Groepspraktijk De Linde.", "Groepspraktijk De Linde"),
    ("Überweisung: Seniorenzentrum Maria Frieden, Pflegedokumentation.", "Seniorenzentrum Maria Frieden"),
    # a listed brand's branch or trade after it; a lower-case legal form; a listed service's department
    ("Employeur : Ethias Direct Services, service sinistres.", "Ethias Direct Services"),
    ("Chute chez son employeur Menuiserie Lambot sprl à Ciney.", "Menuiserie Lambot sprl"),
    ("Visite de reprise - Prévention Santé Travail 54", "Prévention Santé Travail 54"),
    # a capitalised head, 'de la' and a name no list has; a hospital in a text typed in lower case
    ("Livraison par la Pharmacie de la Gare, Huy.", "Pharmacie de la Gare"),
    ("elle est aide-soignante à l'hôpital de jolimont depuis 2019", "hôpital de jolimont"),
    # a site, then its group's acronym; a service's trade then its region; club acronyms; an employer after '-'
    ("Hôpital Pasteur - GHRMSA\nUrgences", "Hôpital Pasteur - GHRMSA"),
    ("Visite de reprise - SIST BTP Bretagne", "SIST BTP Bretagne"),
    ("Plaquage au match du RC Nivelles samedi.", "RC Nivelles"),
    ("Attestation de l'employeur - Transports Lejeune Frères", "Transports Lejeune Frères"),
    # a listed long name in any case; '&' inside a listed name; a dotted legal form after an ordinary word
    ("Dossier transmis au Fonds des maladies professionnelles pour avis.", "Fonds des maladies professionnelles"),
    ("Déclaration d'accident — P&V Assurances", "P&V Assurances"),
    ("Employeur : Horizon S.A., Arlon.", "Horizon S.A."),
    # a provider's own name after its service acronym; a rescue zone named by an acronym
    ("Relais par l'HAD Logivie à domicile.", "HAD Logivie"),
    ("Évacué par la zone de secours DINAPHI.", "zone de secours DINAPHI"),
    # a listed employer after an occupation and 'à'; 'Centre de Santé de X'; a clinic's speciality then its town
    ("Elle est postière à bpost Gembloux depuis 2001.", "bpost Gembloux"),
    ("Bilan au Centre de Santé de Fléron.", "Centre de Santé de Fléron"),
    ("Avis demandé à la clinique du genou de Waterloo.", "clinique du genou de Waterloo"),
    # a region with a lower-case adjective ends the name
    ("RX au Centre médical du Brabant wallon, Dr absent.", "Centre médical du Brabant wallon"),
    # an unknown acronym of four letters or more after a place cue, then 'de' and a town
    ("Revalidation au CRRF de Bastogne depuis lundi.", "CRRF de Bastogne"),
    # what the practice does, then its name
    ("Suivi au Cabinet de kinésithérapie Sainte-Anne à Mons.", "Cabinet de kinésithérapie Sainte-Anne"),
]


@pytest.mark.parametrize(("text", "expected"), FOUND)
def test_whole_organisation_found(deid: Deidentifier, text: str, expected: str) -> None:
    assert ("INSTITUTION", expected) in _spans(deid, text)


NOT_INSTITUTIONS = [
    # a place or a crowd named with its town stays the town
    ("Chute sur le quai de la gare de Namur.", "Namur"),
    ("Amenée par les pompiers de Vierzon.", "Vierzon"),
    ("Il travaille à Saint-Nazaire depuis 2010.", "Saint-Nazaire"),
    ("Le centre de Wavre est piétonnier.", "Wavre"),
    ("Chargement au dépôt de Fleurus, chute du quai.", "Fleurus"),
    ("Rendez-vous à notre antenne de Ciney.", "Ciney"),
    ("Il est trieur au centre de tri de Nivelles.", "Nivelles"),
    ("Pompier volontaire, caserne de Bastogne.", "Bastogne"),
    ("Le conseil général de la santé s'est réuni à Namur.", "Namur"),
    ("Il joue au club de Hannut le samedi.", "Hannut"),
]


def test_town_after_a_listed_name_and_de_stays_a_place(deid: Deidentifier) -> None:
    found = _spans(deid, "Bénévole chez Emmaüs de Liège le samedi.")
    assert ("INSTITUTION", "Emmaüs") in found and ("LOCATION", "Liège") in found


def test_person_after_chez_is_no_employer(deid: Deidentifier) -> None:
    found = _spans(deid, "Il travaille chez Jean Dubois, maraîcher, depuis 2015.")
    assert not any(tag == "INSTITUTION" for tag, _ in found)


def test_group_and_site(deid: Deidentifier) -> None:
    # after ',' or '-' the site joins its group; a site with a name of its own right after the group stays a
    # second name (as the shipped cases write it); over a line break they are two mentions
    found = _spans(deid, "CHU de Namur - Site de Godinne\nService de radiologie")
    assert ("INSTITUTION", "CHU de Namur - Site de Godinne") in found
    found = _spans(deid, "Revu aux urgences du CHR de la Citadelle, site Château-Rouge.")
    assert ("INSTITUTION", "CHR de la Citadelle, site Château-Rouge") in found
    found = _spans(deid, "Transfert au CHIREC site Delta.")
    assert ("INSTITUTION", "CHIREC") in found and ("INSTITUTION", "Delta") in found
    found = _spans(deid, "Scanner au CHU Brugmann site Victor Horta ce jour.")
    assert ("INSTITUTION", "CHU Brugmann site Victor Horta") in found
    found = _spans(deid, "Lettre : Vivalia – Clinique Sud Luxembourg site Arlon")
    assert ("INSTITUTION", "Vivalia – Clinique Sud Luxembourg site Arlon") in found
    found = _spans(deid, "Vivalia\nsite de Libramont")
    assert ("INSTITUTION", "Vivalia") in found


def test_short_medical_acronym_before_a_town_is_no_institution(deid: Deidentifier) -> None:
    assert ("LOCATION", "Liège") in _spans(deid, "Contrôle de la PTG de Liège opérée en 2019.")


def test_coagulation_factor_is_no_employer(deid: Deidentifier) -> None:
    assert not any(tag == "INSTITUTION" for tag, _ in _spans(deid, "Déficit en facteur de Willebrand connu."))


def test_a_generic_service_is_no_name(deid: Deidentifier) -> None:
    assert not any(tag == "INSTITUTION" for tag, _ in _spans(deid, "Service de santé au travail : visite de reprise."))


def test_numbers_after_a_service_that_are_no_department(deid: Deidentifier) -> None:
    for text in ("SAMU 12 mois plus tard.", "Envoyé par le SAMU 15 h 30.", "ADMR 12 rue des Lilas"):
        assert not any(tag == "INSTITUTION" and "1" in span for tag, span in _spans(deid, text)), text


def test_school_level_after_a_cue_is_no_institution(deid: Deidentifier) -> None:
    assert ("INSTITUTION", "CM") not in _spans(deid, "Élève de CM1 à l'école du village.")


def test_sport_words_alone_are_no_club(deid: Deidentifier) -> None:
    for text in ("SPORT : BASKET BALL EN CLUB", "Il fait du Basket le mercredi.", "Football le samedi.",
                 "US Doppler des membres inférieurs.", "Feuille de chute remplie. AS Vinciane."):
        assert not any(tag == "INSTITUTION" for tag, _ in _spans(deid, text)), text
