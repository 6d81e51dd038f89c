"""Regressions of deduce_fr/institution_heads.py, organisations.py and the config's heads, session 18 (org21):
organisations' edges.

- a lower-case kind noun that needs a name of its own ('centre', 'équipe', 'club', 'antenne', 'pôle') written right
  before an organisation found by its own name, with no link between: the kind is part of the name ('équipe [SOS
  X]'). Hard negatives: a link makes it the organisation's team ('équipe du CHU'), an indefinite article any centre
  of its kind, a hospital's 'site' stays out (the writers keep it out), a ward alone ('service de radiologie') is
  no name, a person after 'équipe' is no organisation.
- a listed hospital name of several words with a lower-case word, after its head written as a name ('Hôpital
  Necker-Enfants malades'): the head and the whole listed name, where the capitalised run stopped at the lower-case word.
- a spaced dash, then a hospital's kind with only adjectives, closing the line: the second half of one name ('X –
  Hôpital cantonal'). Hard negatives: a ward after the dash ('– Service de radiologie', '– Hôpital de jour'), a town.
- a name in quotation marks right after an organisation found by its name ('Commission fédérale « X »'). Hard
  negative: after a lower-case kind noun the quoted name alone is the span ('la crèche « Les X »').
- an embassy and its seat after 'à' ('ambassade de France à <town>'); a consulate keeps its town apart (orgs19).
- kinds of firms the heads lacked: temporary-work agencies, insurers, accountants', experts' and notaries' offices,
  gyms and leisure parks ("agence d'intérim X", "compagnie d'assurances X", 'cabinet comptable X', 'salle de sport X').
  Hard negatives: a job ('médecin du travail'), a generic body ('la mairie'), an indefinite head ('une salle de
  sport de <town>'), a head with no name after it.

Sentences written for these tests, not taken from an evaluation set."""

from __future__ import annotations

import pytest

from deduce_fr import Deidentifier


def _spans(deid: Deidentifier, text: str) -> set[tuple[str, str]]:
    return {(s.tag, s.text) for s in deid.annotate(text).spans}


KINDS_TOUCHING = [
    ("Elle est suivie par l'équipe SOS Enfants du CHU de Liège.", "équipe SOS Enfants"),
    ("Le centre Imagerie des Tilleuls peut-il recevoir la patiente samedi ?", "centre Imagerie des Tilleuls"),
    ("Licenciée, club Stade Rochelais (section féminine), 17 ans.", "club Stade Rochelais"),
]


@pytest.mark.parametrize("text,name", KINDS_TOUCHING)
def test_kind_noun_touching_a_found_organisation_joins_it(deid: Deidentifier, text: str, name: str) -> None:
    assert ("INSTITUTION", name) in _spans(deid, text)


def test_kind_noun_through_a_link_or_indefinite_stays_out(deid: Deidentifier) -> None:
    spans = _spans(deid, "L'équipe du CHU de Rennes a rappelé ; il cherche un centre Imagerie des Tilleuls ouvert.")
    assert ("INSTITUTION", "CHU de Rennes") in spans, spans
    assert not any(found.startswith(("équipe", "centre")) for _, found in spans), spans


def test_a_hospitals_site_noun_stays_out(deid: Deidentifier) -> None:
    spans = _spans(deid, "Les patients sont hospitalisés au site Sainte-Anne depuis lundi.")
    assert not any(found.startswith("site") for _, found in spans), spans


def test_a_ward_alone_and_a_team_member_are_no_organisation(deid: Deidentifier) -> None:
    spans = _spans(deid, "Le service de radiologie a appelé l'équipe de nuit ; le pôle a validé.")
    assert not any(tag == "INSTITUTION" for tag, _ in spans), spans
    spans = _spans(deid, "Vue avec l'équipe Dr Lambert ce matin.")
    assert not any(tag == "INSTITUTION" for tag, _ in spans), spans


LISTED_NAMES = [
    ("Rendez-vous à l'Hôpital Necker-Enfants malades le 3 mars.", "Hôpital Necker-Enfants malades"),
    ("Bilan osseux — hôpital Necker-Enfants malades\nEnfant de 4 ans.", "hôpital Necker-Enfants malades"),
]


@pytest.mark.parametrize("text,name", LISTED_NAMES)
def test_head_takes_the_whole_listed_name(deid: Deidentifier, text: str, name: str) -> None:
    assert ("INSTITUTION", name) in _spans(deid, text)


DASH_TAILS = [
    ("Lausanne, le 4 mai\nCHUV – Centre hospitalier universitaire vaudois\nRx thorax.",
     "CHUV – Centre hospitalier universitaire vaudois"),
    ("HFR Fribourg – Hôpital cantonal — Imagerie\nRx genou.", "HFR Fribourg – Hôpital cantonal"),
]


@pytest.mark.parametrize("text,name", DASH_TAILS)
def test_dash_then_a_hospital_kind_with_adjectives_is_one_name(deid: Deidentifier, text: str, name: str) -> None:
    assert ("INSTITUTION", name) in _spans(deid, text)


DASH_NOT_TAILS = [
    ("CHU de Liège – Service de radiologie\nRx thorax.", "CHU de Liège"),
    ("Clinique Saint-Luc – Hôpital de jour\nRx thorax.", "Clinique Saint-Luc"),
    ("Clinique Saint-Luc – Namur\nRx thorax.", "Clinique Saint-Luc"),
]


@pytest.mark.parametrize("text,name", DASH_NOT_TAILS)
def test_dash_then_a_ward_or_a_town_stays_apart(deid: Deidentifier, text: str, name: str) -> None:
    assert ("INSTITUTION", name) in _spans(deid, text)


def test_quoted_name_after_an_organisation_joins_it(deid: Deidentifier) -> None:
    spans = _spans(deid, "Dossier 2024-17 - Commission fédérale « Droits du patient »\nPlaignant : M. Simon.")
    assert ("INSTITUTION", "Commission fédérale « Droits du patient »") in spans, spans


def test_quoted_name_after_a_kind_noun_is_the_name_alone(deid: Deidentifier) -> None:
    spans = _spans(deid, "Chute à la crèche « Les Petits Lutins » hier après-midi.")
    assert not any(found.startswith(("crèche", "«")) for _, found in spans), spans


def test_diplomatic_mission_takes_its_seat(deid: Deidentifier) -> None:
    spans = _spans(deid, "Le visa médical est demandé à l'ambassade de Belgique à Dakar.")
    assert ("INSTITUTION", "ambassade de Belgique à Dakar") in spans, spans
    spans = _spans(deid, "La clinique de Dakar a écrit à Paris.")
    assert not any("à Paris" in found for _, found in spans), spans


FIRM_KINDS = [
    ("Intérimaire envoyé par l'agence d'intérim Manpower de Rouen.", "agence d'intérim Manpower de Rouen"),
    ("Sinistre déclaré à la compagnie d'assurances Groupama.", "compagnie d'assurances Groupama"),
    ("Elle est secrétaire au cabinet comptable Fiducial de Brest.", "cabinet comptable Fiducial de Brest"),
    ("Chute à la salle de sport Fitness Park de Lorient.", "salle de sport Fitness Park de Lorient"),
    ("Il est saisonnier au parc d'attractions Océanopolis.", "parc d'attractions Océanopolis"),
]


@pytest.mark.parametrize("text,name", FIRM_KINDS)
def test_firm_kinds_join_the_name_after_them(deid: Deidentifier, text: str, name: str) -> None:
    assert ("INSTITUTION", name) in _spans(deid, text)


FIRM_NEGATIVES = [
    "Il est revu par le médecin du travail le 3 mars.",
    "Elle travaille à la mairie depuis vingt ans.",
    "Il cherche une salle de sport près de chez lui.",
    "Courrier de la compagnie d'assurances reçu hier.",
]


@pytest.mark.parametrize("text", FIRM_NEGATIVES)
def test_jobs_generic_bodies_and_bare_heads_are_no_organisation(deid: Deidentifier, text: str) -> None:
    spans = _spans(deid, text)
    assert not any(tag == "INSTITUTION" for tag, _ in spans), spans


MORE_EDGES = [
    # a hospital's acronym before the saint it is named after
    ("IRM du genou prévue au CHU Sainte-Justine à Montréal.", "CHU Sainte-Justine"),
    # an organisation, a comma, then its own site and the site's town
    ("Second lecteur : Dr Paul Henry, CRCDC Normandie, site de Caen", "CRCDC Normandie, site de Caen"),
    # a department's number before a function word or a dash
    ("Rx thorax au lit prévue par Radiologie Mobile 35 le jeudi.", "Radiologie Mobile 35"),
    ("Dr Morel\nRadiologie Mobile 74 - Annecy", "Radiologie Mobile 74"),
    # a care home's abbreviation before a name opening with 'Les'
    ("Demande de transport\nDe : MR Les Glycines, Spa\nRésidente : Mme Lenoir", "MR Les Glycines"),
]


@pytest.mark.parametrize("text,name", MORE_EDGES)
def test_more_edges_join_the_name(deid: Deidentifier, text: str, name: str) -> None:
    assert ("INSTITUTION", name) in _spans(deid, text)


MORE_EDGES_APART = [
    # a quantity after a hospital is no department number
    ("Revu au CHU 15 jours plus tard pour contrôle.", ("INSTITUTION", "CHU")),
    # a ward after the comma stays out
    ("Courrier du CHU de Liège, service de radiologie.", ("INSTITUTION", "CHU de Liège")),
    # 'MR' before a surname is a civility
    ("MR Dupont est venu ce matin pour sa radio.", ("PERSON", "Dupont")),
]


@pytest.mark.parametrize("text,span", MORE_EDGES_APART)
def test_quantities_wards_and_civilities_stay_apart(deid: Deidentifier, text: str, span: tuple[str, str]) -> None:
    assert span in _spans(deid, text)


HEAD_AND_ARTICLE_NAMES = [
    # a head, then a name of its own opening with an article that no annotator found, closing its clause
    ("Cabinet de Kinésithérapie Les Dunes, Carnac\nBilan.", "Cabinet de Kinésithérapie Les Dunes"),
    ("Transport par Taxi Conventionné Le Bihan, Pontivy.", "Taxi Conventionné Le Bihan"),
    # an elided link in the head's complement is read as 'de X'
    ("Il est chauffeur à la société d'ambulances Le Floch.", "société d'ambulances Le Floch"),
    ("Il est animateur à la colonie de vacances Les Écureuils.", "colonie de vacances Les Écureuils"),
]


@pytest.mark.parametrize("text,name", HEAD_AND_ARTICLE_NAMES)
def test_head_and_a_name_opening_with_an_article(deid: Deidentifier, text: str, name: str) -> None:
    assert ("INSTITUTION", name) in _spans(deid, text)


def test_family_house_and_indefinite_head_are_no_organisation(deid: Deidentifier) -> None:
    spans = _spans(deid, "Il vit dans la maison familiale de Tassin avec sa mère ; une pharmacie La Source ?")
    assert not any(found.startswith(("maison", "pharmacie")) for _, found in spans), spans


POLICE_AND_REGIONS = [
    # police and gendarmerie units and defence bases with their town
    ("Constat dressé par la police municipale de Vannes.", "police municipale de Vannes"),
    ("Il est affecté à la base de défense de Brest.", "base de défense de Brest"),
    # a lower-case regional adjective closing a body's name
    ("Dossier transmis au GHT Lille Métropole Flandre intérieure, qui centralise.",
     "GHT Lille Métropole Flandre intérieure"),
]


@pytest.mark.parametrize("text,name", POLICE_AND_REGIONS)
def test_police_units_and_regional_adjectives(deid: Deidentifier, text: str, name: str) -> None:
    assert ("INSTITUTION", name) in _spans(deid, text)


def test_the_police_alone_and_a_time_word_stay_out(deid: Deidentifier) -> None:
    spans = _spans(deid, "Il a appelé la police municipale hier soir, puis le CHU de Rennes demain.")
    assert not any(found.startswith("police") for _, found in spans), spans
    assert ("INSTITUTION", "CHU de Rennes") in spans, spans


def test_a_network_written_as_a_name_joins_its_name_and_in_lower_case_stays_out(deid: Deidentifier) -> None:
    spans = _spans(deid, "Réseau Santé Louvain – Clinique Saint-Pierre Ottignies\nRx thorax.")
    assert ("INSTITUTION", "Réseau Santé Louvain – Clinique Saint-Pierre Ottignies") in spans, spans
    spans = _spans(deid, "Il est suivi par le réseau Ville-Hôpital Les Tilleuls depuis mai.")
    assert not any(found.startswith("réseau") for _, found in spans), spans
