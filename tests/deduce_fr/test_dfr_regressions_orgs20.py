"""Regressions of deduce_fr/institution_heads.py and organisations.py, session 17 (org20): organisations' left edges.

- a body whose capitalised head carries the long description French administrative names have ('Centre de prise en
  charge des violences sexuelles de <town>', "Service pénitentiaire d'insertion et de probation de <town>", 'Unité de
  soins de longue durée <Les X>'): the capital on the head says the phrase is a name, so the description joins
  even past the four words an ordinary head's complement may hold, with 'en', 'au', 'et de' and 'à domicile' inside.
  A lower-case head before its town takes such a description too ('centre d'incendie et de secours de <town>',
  'tribunal pour enfants de <town>'), as the independent writers tag public bodies.
  Hard negatives: a ward named by its specialty ('Service de chirurgie orthopédique et traumatologique de <town>'),
  a clause ('Le Centre a transmis les résultats de <town>', 'en sortant de'), an indefinite article ('un Centre de
  ...'), a place ('le centre historique de la vieille ville de <town>').
- heads of social, child-welfare, employment and professional bodies and of religious communities ('foyer de
  l'enfance de <town>', "maison d'enfants à caractère social de <town>", 'paroisse de <town>'), places of worship and
  theatres from the OpenStreetMap presets (scripts/build_org_heads.py: 'église', 'mosquée', 'théâtre'), coordinated
  adjectives in a description ('protection maternelle et infantile'). Hard negatives: the church as a landmark with
  no name ('derrière l'église'), 'pour enfants et adolescents' with no adjective pair stays as it was.
- Dutch and German sport clubs written as one word with their sport ('Wielerclub <town>', 'Turnverein <town>') and
  Belgian clubs with the royal title ('Royal Excelsior <town>' opening a line). Hard negatives: 'place Royale',
  'Boulevard Royal' (streets), 'Athénée royal' stays a school.
- an organisation, a comma, then the part of it that is meant in lower case ('<firm>, agence de <town>', '<service>,
  centre de secours de <town>', '<operator>, plateforme de distribution de <town>'), or a spaced dash before a site
  ('Cabinet X - site de <town>'): one name, as the writers tag it. Hard negatives: a ward or a team after the comma
  ('CHU de X, service de radiologie'), a town and its centre ('à Namur, centre de la ville'), two hospitals.
- a body named after its region, department or country (pycountry's names in fallback_places.txt), which no
  annotator tags alone ("service départemental d'incendie et de secours du Morbihan", "aide sociale à l'enfance du
  Nord"). Hard negatives: a ward ('service de chirurgie de Bretagne'), a team ('équipe de France'), a region's part
  ('au centre de la France').
- a header in capitals whose head has an adjective before its town ('HÔPITAL PRINCIPAL DE <TOWN>'); a care home's kind
  before its residence's own name ('Maison de retraite Résidence Les X'). Hard negatives: a ward's header in
  capitals keeps its ward out ('SERVICE DE RADIOLOGIE DE <TOWN>'), a ward line under a hospital's header.
- an OCR'd header whose 'I' was read as a lower-case 'l' or a bar between capitals ('CLlNIQUE SAINTE-ANNE', 'CHU DE
  L|LE'). Hard negatives: an abbreviation with the same shape in running text that reads as no head ('TlR').

Sentences written for these tests, not taken from an evaluation set."""

from __future__ import annotations

import pytest

from deduce_fr import Deidentifier


def _spans(deid: Deidentifier, text: str) -> set[tuple[str, str]]:
    return {(s.tag, s.text) for s in deid.annotate(text).spans}


LONG_NAMES = [
    ("Les résultats ont été envoyés au Centre de dépistage organisé des cancers de Rouen hier.",
     "Centre de dépistage organisé des cancers de Rouen"),
    ("Elle est orientée vers le Centre de prise en charge des psychotraumatismes de Toulouse.",
     "Centre de prise en charge des psychotraumatismes de Toulouse"),
    ("Convocation par le Service de santé au travail interentreprises de Chartres pour la visite.",
     "Service de santé au travail interentreprises de Chartres"),
    ("Il est suivi par le Service pénitentiaire d'insertion et de probation de Poitiers.",
     "Service pénitentiaire d'insertion et de probation de Poitiers"),
    ("Passage quotidien du Service de soins infirmiers à domicile de Dinan.",
     "Service de soins infirmiers à domicile de Dinan"),
    # a lower-case head before its town takes the long description too ('à caractère', 'pour', "et d'")
    ("Elle est orientée vers le centre de prise en charge des psychotraumatismes de Toulouse.",
     "centre de prise en charge des psychotraumatismes de Toulouse"),
    ("Il est scolarisé à l'institut d'éducation motrice de Besançon.", "institut d'éducation motrice de Besançon"),
    ("Audience fixée au tribunal pour enfants de Bobigny.", "tribunal pour enfants de Bobigny"),
    ("Il est volontaire au centre d'incendie et de secours de Quimper.", "centre d'incendie et de secours de Quimper"),
    ("Elle réside à l'Unité de vie pour personnes âgées dépendantes Les Glycines depuis mai.",
     "Unité de vie pour personnes âgées dépendantes Les Glycines"),
]


@pytest.mark.parametrize("text,name", LONG_NAMES)
def test_capitalised_head_takes_its_long_description(deid: Deidentifier, text: str, name: str) -> None:
    assert ("INSTITUTION", name) in _spans(deid, text)


LONG_NAMES_STAY_APART = [
    # a ward named by its specialty: only the town is a name
    ("Transfert dans le Service de chirurgie orthopédique et traumatologique de Cholet.", "Cholet"),
    # a clause, not a name: a verb between the head and the town
    ("Le Centre a transmis hier les résultats de la biopsie de Rennes.", None),
    # a place, not a body: the town's historic centre
    ("Il habite le centre historique de la vieille ville de Toulouse.", "Toulouse"),
    # a gerund after 'en': a clause
    ("Chute au centre commercial en sortant de Toulouse.", "Toulouse"),
    # any centre of its kind, not a named one
    ("Il cherche un Centre de prise en charge des addictions en milieu rural de Tulle.", "Tulle"),
]


@pytest.mark.parametrize("text,town", LONG_NAMES_STAY_APART)
def test_ward_clause_or_lower_case_head_stays_apart(deid: Deidentifier, text: str, town: str | None) -> None:
    spans = _spans(deid, text)
    assert not any(tag == "INSTITUTION" and len(found.split()) > 2 for tag, found in spans), spans
    if town is not None:
        assert ("LOCATION", town) in spans


OCR_HEADERS = [
    ("CLlNIQUE DES CAPUCINS      Service d'imagerie\nRx bassin de face.", "CLlNIQUE DES CAPUCINS"),
    ("CENTRE HOSPITALIER DE V|ERZON - IMAGERIE\nRx thorax.", "CENTRE HOSPITALIER DE V|ERZON"),
    ("HOPlTAL PRIVE DU VAL - radiologie\nRx genou.", "HOPlTAL PRIVE DU VAL"),
]


@pytest.mark.parametrize("text,name", OCR_HEADERS)
def test_ocr_capital_i_read_in_a_header(deid: Deidentifier, text: str, name: str) -> None:
    assert ("INSTITUTION", name) in _spans(deid, text)


def test_ocr_shaped_abbreviation_in_running_text_is_no_institution(deid: Deidentifier) -> None:
    spans = _spans(deid, "Le patient a une TlR normale, pas de CRP.\nRx thorax sans particularité.")
    assert not any(tag == "INSTITUTION" for tag, _ in spans), spans


SOCIAL_BODIES = [
    ("Placement en urgence au foyer de l'enfance de Périgueux.", "foyer de l'enfance de Périgueux"),
    ("Il vit à la maison d'enfants à caractère social de Vierzon.", "maison d'enfants à caractère social de Vierzon"),
    ("Consultation au centre de protection maternelle et infantile de Saumur.",
     "centre de protection maternelle et infantile de Saumur"),
    ("Il est suivi par la mission locale de Dieppe pour son insertion.", "mission locale de Dieppe"),
    ("Il est bénévole à la paroisse de Lunéville.", "paroisse de Lunéville"),
    ("Elle chante à l'église évangélique de Roubaix.", "église évangélique de Roubaix"),
    ("Il est machiniste au théâtre de Cherbourg.", "théâtre de Cherbourg"),
]


@pytest.mark.parametrize("text,name", SOCIAL_BODIES)
def test_social_bodies_and_communities_take_their_town(deid: Deidentifier, text: str, name: str) -> None:
    assert ("INSTITUTION", name) in _spans(deid, text)


def test_a_church_as_a_landmark_is_no_institution(deid: Deidentifier) -> None:
    spans = _spans(deid, "Il habite derrière l'église, au 3 rue Haute à Saumur.")
    assert not any(tag == "INSTITUTION" for tag, _ in spans), spans


CLUBS = [
    ("Il roule pour le Wielerclub Tienen depuis trois saisons.", "Wielerclub Tienen"),
    ("Blessure au genou lors d'un match du Turnverein Kelmis.", "Turnverein Kelmis"),
    ("Certificat médical du joueur\nRoyal Excelsior Virton\nApte.", "Royal Excelsior Virton"),
]


@pytest.mark.parametrize("text,name", CLUBS)
def test_dutch_german_and_royal_clubs(deid: Deidentifier, text: str, name: str) -> None:
    assert ("INSTITUTION", name) in _spans(deid, text)


@pytest.mark.parametrize("text,street", [("Il habite place Royale 4 à Bruxelles.", "place Royale"),
                                         ("Bureau au 12 Boulevard Royal, Luxembourg.", "Boulevard Royal")])
def test_royal_streets_stay_streets(deid: Deidentifier, text: str, street: str) -> None:
    spans = _spans(deid, text)
    assert not any(tag == "INSTITUTION" and street in found for tag, found in spans), spans


PARTS = [
    ("Agent de tri chez Chronopost, plateforme de distribution de Lorient.",
     "Chronopost, plateforme de distribution de Lorient"),
    ("Conducteur chez Colas, agence de Vesoul, chute d'un engin.", "Colas, agence de Vesoul"),
    ("Cabinet de radiologie des Remparts - site de Dinan\nRx genou.", "Cabinet de radiologie des Remparts - site de Dinan"),
]


@pytest.mark.parametrize("text,name", PARTS)
def test_organisation_and_its_part_after_a_comma(deid: Deidentifier, text: str, name: str) -> None:
    assert ("INSTITUTION", name) in _spans(deid, text)


@pytest.mark.parametrize("text,first", [
    ("Hospitalisé au CHU de Rennes, service de radiologie, pour bilan.", "CHU de Rennes"),
    ("Vu au CHU de Rennes, puis au CH de Vitré.", "CHU de Rennes"),
    ("Il habite à Vannes, centre de la ville.", None),
    # a brand's shop, depot or plant keeps its town apart, as the writers tag it
    ("Préparateur de commandes chez Lidl, entrepôt de Carvin.", "Lidl"),
    ("Caissière chez Intermarché, magasin de Lannion.", None),
])
def test_ward_town_centre_or_second_hospital_stay_apart(deid: Deidentifier, text: str, first: str | None) -> None:
    spans = _spans(deid, text)
    assert not any(tag == "INSTITUTION" and "," in found for tag, found in spans), spans
    if first is not None:
        assert ("INSTITUTION", first) in spans


REGION_BODIES = [
    ("Pompier volontaire au service départemental d'incendie et de secours de la Manche.",
     "service départemental d'incendie et de secours de la Manche"),
    ("Information préoccupante transmise à l'aide sociale à l'enfance de l'Aisne.", "aide sociale à l'enfance de l'Aisne"),
]


@pytest.mark.parametrize("text,name", REGION_BODIES)
def test_body_named_after_its_region(deid: Deidentifier, text: str, name: str) -> None:
    assert ("INSTITUTION", name) in _spans(deid, text)


@pytest.mark.parametrize("text", ["Il a été opéré au service de chirurgie de Bretagne.",
                                  "Il joue dans l'équipe de France de rugby.",
                                  "Il revient d'un séjour au centre de la France."])
def test_ward_team_or_region_part_is_no_body(deid: Deidentifier, text: str) -> None:
    spans = _spans(deid, text)
    assert not any(tag == "INSTITUTION" for tag, _ in spans), spans


@pytest.mark.parametrize("text,name", [
    ("HÔPITAL RÉGIONAL DE ZIGUINCHOR\nService d'imagerie\nRx thorax.", "HÔPITAL RÉGIONAL DE ZIGUINCHOR"),
    ("Maison de retraite Résidence Les Charmilles\nRx bassin.", "Maison de retraite Résidence Les Charmilles"),
    ("Transfert depuis l'EHPAD Domaine de la Roseraie ce matin.", "EHPAD Domaine de la Roseraie"),
])
def test_capital_headers_and_care_homes_named_as_residences(deid: Deidentifier, text: str, name: str) -> None:
    assert ("INSTITUTION", name) in _spans(deid, text)


@pytest.mark.parametrize("text,unit", [("SERVICE DE RADIOLOGIE DE LORIENT\nRx genou.", "SERVICE"),
                                       ("UNITÉ SANITAIRE Centre pénitentiaire de Lannemezan\nRx.", "UNITÉ")])
def test_ward_or_unit_header_in_capitals_stays_out(deid: Deidentifier, text: str, unit: str) -> None:
    spans = _spans(deid, text)
    assert not any(found.startswith(unit) for _, found in spans), spans


def test_a_service_offered_by_an_association_keeps_the_association_head(deid: Deidentifier) -> None:
    spans = _spans(deid, "Accueil de jour proposé à l'association Les Amis du Vieux Port ; la fille est d'accord.")
    assert ("INSTITUTION", "association Les Amis du Vieux Port") in spans, spans
