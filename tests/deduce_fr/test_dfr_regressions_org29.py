"""Session-23 (org29) regressions: organisations fully missed because of their shape on the page: a practice's or a
shelter's letterhead line, a name with an article in a shelter's header, booking platforms and patient portals in
inner capitals, hotels used as shelters, the département's council in lower case. Every sentence is our own, with
hard negatives (ward headings, generic headers, drug pens, eponyms, the town hall)."""

from __future__ import annotations

import pytest
from dfr_spans import tagged

from deduce_fr import Deidentifier, Patient

PATIENT = Patient(first_names=["Odile"], surname="Berthelot", birth_date="1961-05-09", sex="F")


@pytest.mark.parametrize(("text", "name"), [
    ("Cabinet d'Orthophonie des Remparts – Vannes\nBilan de déglutition de Mme Berthelot.", "Cabinet d'Orthophonie des Remparts"),
    ("PHARMACIE DES QUATRE CHEMINS - TOURS\nDélivrance du traitement.", "PHARMACIE DES QUATRE CHEMINS"),
    ("Taxi Ambulance Vallée Verte, Millau\nTransport assis pour la séance.", "Taxi Ambulance Vallée Verte"),
    ("Ostéopathes Associés de la Citadelle\nSéance du mardi, lombalgie.", "Ostéopathes Associés de la Citadelle"),
    ("Prestations Médicales Cévennes Santé\nLivraison d'un lit médicalisé.", "Prestations Médicales Cévennes Santé"),
    ("FOYER D'ACCUEIL LE PHARE - NAMUR\nnote de l'éducatrice", "FOYER D'ACCUEIL LE PHARE"),
])
def test_letterheads_are_institutions(deid: Deidentifier, text: str, name: str) -> None:
    assert (name, "INSTITUTION") in tagged(deid, text, PATIENT)


def test_named_shelter_in_a_generic_header(deid: Deidentifier) -> None:
    text = "CENTRE D'HÉBERGEMENT D'URGENCE - LE GOÉLAND - ROCHEFORT\nregistre de nuit"
    assert ("LE GOÉLAND", "INSTITUTION") in tagged(deid, text, PATIENT)


@pytest.mark.parametrize(("text", "name"), [
    ("RAPPEL – SantéAgendaPro\nVotre rendez-vous de kiné est demain à 9h.", "SantéAgendaPro"),
    ("Bonjour, ClicRDV vous rappelle votre RDV de radiologie lundi.", "ClicRDV"),
    ("Vos images sont sur le portail MesClichésEnLigne dès ce soir.", "MesClichésEnLigne"),
    ("Rendivo : Votre RDV du 02/05 est confirmé.", "Rendivo"),
])
def test_booking_platforms_are_institutions(deid: Deidentifier, text: str, name: str) -> None:
    assert any(tag == "INSTITUTION" and name in found for found, tag in tagged(deid, text, PATIENT))


@pytest.mark.parametrize(("text", "name"), [
    ("La famille est mise à l'abri à l'hôtel Le Méridien Sud depuis lundi.", "hôtel Le Méridien Sud"),
    ("mère et bébé logés à l'hôtel social les mimosas, chambre 3.", "hôtel social les mimosas"),
    ("saisine du conseil départemental de la somme pour le mineur.", "conseil départemental de la somme"),
])
def test_shelters_and_councils(deid: Deidentifier, text: str, name: str) -> None:
    assert any(tag == "INSTITUTION" and name in found for found, tag in tagged(deid, text, PATIENT))


@pytest.mark.parametrize("text", [
    "Service de Pneumologie - Hôpital\nCompte rendu de consultation.",
    "Centre d'Imagerie Médicale - Échographie\nExamen abdominal normal.",
    "Cabinet de Radiologie\nRadiographie du genou.",
    "Hôtel de police du quartier prévenu par la famille.",
    "Rendez-vous pour une myopathie de McArdle ; insuline sous stylo FlexPen et NovoRapid.",
    "MAISON D'ARRÊT\nunité sanitaire, consultation d'entrée.",
])
def test_generic_headers_and_brands_stay_out(deid: Deidentifier, text: str) -> None:
    assert not any(tag == "INSTITUTION" for _, tag in tagged(deid, text, PATIENT))
