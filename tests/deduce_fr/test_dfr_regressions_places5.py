"""Wave-5 place regressions (deid-place): every French commune, district heads, origins, addresses.

Each case is written here in our own words for one phenomenon the independent sets showed (never a copy of
a dev case): villages and communes déléguées from INSEE's list, the head word of a district left out of its
span, a country or region after a birth date, a residence or a stay, Dutch/German streets, building and flat
parts of an address, contracted articles before overseas towns.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from deduce_fr import Deidentifier

FOUND = [
    # every French commune: a village under 500 inhabitants, a commune déléguée, an overseas commune
    ("Le patient habite Champdor, petit village de l'Ain.", {("LOCATION", "Champdor")}),
    ("Médecin traitant : Dr Paul Rivière, Chemillé.", {("LOCATION", "Chemillé")}),
    ("Rentré chez lui à Morne-à-l'Eau après la consultation.", {("LOCATION", "Morne-à-l'Eau")}),
    # district heads: the name alone is the place
    ("Elle vit dans le quartier Saint-Léonard, au 3e étage.", {("LOCATION", "Saint-Léonard")}),
    ("Habite Sombreffe, section de Ligny, ferme familiale.", {("LOCATION", "Ligny")}),
    ("Il loge au village de Bellevaux avec ses parents.", {("LOCATION", "Bellevaux")}),
    # a country or region of origin or stay
    ("Née le 3 mars 1960 à Berkane (Maroc), arrivée en 1980.", {("LOCATION", "Berkane"), ("LOCATION", "Maroc")}),
    ("Domiciliée à Givet (Ardennes) depuis son mariage.", {("LOCATION", "Givet"), ("LOCATION", "Ardennes")}),
    ("Originaire de Dakar, au Luxembourg depuis 2015 pour son travail.",
     {("LOCATION", "Dakar"), ("LOCATION", "Luxembourg")}),
    ("Il est né à Settat au Maroc et a grandi en Espagne.",
     {("LOCATION", "Settat"), ("LOCATION", "Maroc"), ("LOCATION", "Espagne")}),
    ("Pays de naissance : Pologne", {("LOCATION", "Pologne")}),
    # German and Dutch streets written apart, with 'ß'
    ("Wohnhaft Eupener Straße 17, 4730 Raeren.", {("LOCATION", "Eupener Straße 17")}),
    ("Adres: Oude Markt 9, 3000 Leuven", {("LOCATION", "Oude Markt 9")}),
    ("wohnhaft Bergstraße 3 in Kelmis", {("LOCATION", "Bergstraße 3")}),
    ("Domicile : Rue du Midi 41 Zuidstraat, 1000 Bruxelles", {("LOCATION", "Rue du Midi 41 Zuidstraat")}),
    # building, flat and box parts, chained with a residence's name and the street after them
    ("Domicile : Résidence Les Mimosas, bât. D, appt 41, rue des Écoles 5, 62100 Calais",
     {("LOCATION", "Résidence Les Mimosas, bât. D, appt 41, rue des Écoles 5")}),
    ("Adresse\nAvenue Brugmann 12\nAppt 3C\n1190 Forest", {("LOCATION", "Appt 3C")}),
    # regions and islands of origin that are no official subdivision; frontier workers' towns
    ("Il est né en 1952 en Petite Kabylie, arrivé en 1970.", {("LOCATION", "Petite Kabylie")}),
    ("Frontalière, elle vit au Grand-Duché depuis dix ans.", {("LOCATION", "Grand-Duché")}),
    ("Vu par le Dr Sainte-Rose à Capesterre-Belle-Eau (Marie-Galante).", {("LOCATION", "Marie-Galante")}),
    ("Chauffeur, travaille à Saarlouis, rentre le soir.", {("LOCATION", "Saarlouis")}),
    # estates with their head; a town closing a header line; a town-shaped compound no list has
    ("Employeur : Logistique Dupuis, ZA des Prés Hauts, 59000 Lille", {("LOCATION", "ZA des Prés Hauts")}),
    ("Centre de jour Les Tournesols - Courcelles\nMme Piron, chute.", {("LOCATION", "Courcelles")}),
    ("Bagarre à la sortie d'un bar de Sainte-Anne-les-Palmiers.", {("LOCATION", "Sainte-Anne-les-Palmiers")}),
    # a locality between a street and its postcode; a listed town in brackets after a name
    ("Adresse : 4 chemin des Roses, La Bretèche, 44600 Saint-Nazaire", {("LOCATION", "La Bretèche")}),
    ("Chute à la MRS Les Charmilles (Fléron), transfert aux urgences.", {("LOCATION", "Fléron")}),
    ("Vit seule à Tubize, repas apportés par la commune (Manage).", {("LOCATION", "Manage")}),
    # a named natural place, head inside; a town after such a head is the town alone
    ("Chute de ski de fond au col du Bonhomme, transfert héliporté.", {("LOCATION", "col du Bonhomme")}),
    ("Noyade évitée à la plage de Wimereux, hypothermie.", {("LOCATION", "Wimereux")}),
    # a big town or a Belgian municipality in lower case, without a cue, in a telegraphic note
    ("chute vélo, amené par ambulance de charleroi, rx poignet", {("LOCATION", "charleroi")}),
    # towns after a contracted article or written 'St.'
    ("Elle habite aux Abymes chez sa sœur.", {("LOCATION", "Abymes")}),
    ("Il habite St. Vith depuis toujours.", {("LOCATION", "St. Vith")}),
]

NOT_FOUND = [
    # ordinary words that are also communes, without a cue: 'la salle de bain', 'section', 'village de vacances'
    ("CHUTE DANS LA SALLE DE BAIN, DOULEUR DE HANCHE.", "SALLE"),
    ("Étudiante en section de Kinésithérapie, stage en village de vacances.", "Kinésithérapie"),
    ("Patient de Namur (Belgique) vu pour une entorse.", "Belgique"),
    # cities that name a rule or a classification
    ("Entorse de cheville, critères d'Ottawa négatifs, pas de radiographie.", "Ottawa"),
    ("Sacro-iliite grade 2 selon les critères de New York modifiés.", "York"),
    ("Œsophagite grade B de la classification de Los Angeles.", "Angeles"),
    # header lines whose last part is no town; compounds that are eponyms or names
    ("COMPTE RENDU - Genou droit\nExamen - Face et profil", "Face"),
    ("Maladie de Charcot-Marie-Tooth, syndrome de Pouteau-Colles ancien.", "Charcot"),
    # brackets after a name that hold no town
    ("IRM 3T (Siemens) : séquences T1 et T2 ; fracture de la malléole (Weber B).", "Siemens"),
    # anatomy named like a natural place
    ("Lésion cutanée du mont de Vénus ; cortex de l'île de Reil normal.", "Vénus"),
    # lower-case words that are also towns elsewhere
    ("douleur à la marche, boiterie, pas de fièvre ; manage bien son traitement", "marche"),
    ("douleur à la marche, boiterie, pas de fièvre ; manage bien son traitement", "manage"),
    # a floor alone, a bus
    ("Vit au 3e étage sans ascenseur, rue de la Station.", "étage"),
    ("Vient en bus 2 fois par semaine depuis la rue Haute.", "bus"),
]


@pytest.mark.parametrize(("text", "expected"), FOUND)
def test_places_found(deid: Deidentifier, text: str, expected: set[tuple[str, str]]) -> None:
    found = {(s.tag, s.text) for s in deid.annotate(text).spans}
    assert expected <= found, found


@pytest.mark.parametrize(("text", "word"), NOT_FOUND)
def test_places_not_found(deid: Deidentifier, text: str, word: str) -> None:
    spans = deid.annotate(text).spans
    assert not any(word in s.text and s.tag == "LOCATION" for s in spans), [(s.tag, s.text) for s in spans]


def test_commune_lists_are_built_from_the_cog(tmp_path: Path) -> None:
    """The build script splits COG names: villages to the list, word-like names to the cue-only list, names
    of several ordinary words dropped, names already listed skipped."""
    import json
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
    import build_communes

    communes = [{"nom": n, "type": t} for n, t in [
        ("Champdor", "commune-actuelle"), ("Chemillé", "commune-deleguee"), ("Joyeux", "commune-actuelle"),
        ("La Salle", "commune-actuelle"), ("Paris", "commune-actuelle"), ("Paris 14e Arrondissement",
                                                                       "arrondissement-municipal"),
        ("Y", "commune-actuelle")]]
    path = tmp_path / "communes.json"
    path.write_text(json.dumps(communes), encoding="utf-8")
    build_communes.main([str(path), "--out", str(tmp_path)])
    more = (tmp_path / build_communes.OUT_NAME).read_text(encoding="utf-8").splitlines()[1:]
    cue_only = (tmp_path / build_communes.CUE_ONLY_NAME).read_text(encoding="utf-8").splitlines()[1:]
    assert more == ["Champdor", "Chemillé"]
    assert cue_only == ["Joyeux"]
