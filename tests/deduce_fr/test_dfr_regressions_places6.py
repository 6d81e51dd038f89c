"""Wave-6 place regressions (deid-place2): street types that are ordinary words, hamlets, homes no list has.

Each case is written here in our own words for one phenomenon the independent sets showed (never a copy of a
dev case): 'en place.' and 'Passage IDE' are no streets, the year of a date is no house number, a hamlet's own
name is the place (its head word left out), a capitalised word after a cue of residence is a village, a
bilingual street or town is one place.
"""

from __future__ import annotations

import pytest

from deduce_fr import Deidentifier

FOUND = [
    # a hamlet's own name after 'hameau de', 'hameau d'' (independent writers leave the head out)
    ("Visite au hameau de Froidmont, chemin boueux.", {("LOCATION", "Froidmont")}),
    ("Elle loge au hameau d'Ansart chez sa sœur.", {("LOCATION", "Ansart")}),
    # after a cue of residence, a capitalised word no list knows as a word or a name: the village
    ("Agricultrice, vit seule à Kerlouan-Bras depuis le décès de son mari.", {("LOCATION", "Kerlouan-Bras")}),
    ("Le patient, domicilié à Wolxheim, est adressé pour une toux.", {("LOCATION", "Wolxheim")}),
    ("Frau Krings, 71 J., aus Mackenbach, stürzte zu Hause.", {("LOCATION", "Mackenbach")}),
    ("De heer Peeters woont in Zoerle-Parwijs sinds 1990.", {("LOCATION", "Zoerle-Parwijs")}),
    # a bilingual Brussels street and town, each one place
    ("Adresse : Rue Neuve 18 Nieuwstraat, 1000 Bruxelles/Brussel", {
        ("LOCATION", "Rue Neuve 18 Nieuwstraat"), ("LOCATION", "1000 Bruxelles/Brussel")}),
    # a full stop after an abbreviated street type still leads to the name
    ("Domicile : 7 bd. Anspach, Bruxelles.", {("LOCATION", "7 bd. Anspach")}),
    # a street right after a date: the year stays the date's, the address starts at the street
    ("Vu le 14/05/2025 place Saint-Lambert 3 à Liège.", {("DATE", "14/05/2025"), ("LOCATION", "place Saint-Lambert 3")}),
    # a patient's age then 'à' and a village; an OCR 'l' for the '1' of a house number
    ("Mme Odile Frick, 77 ans, à Wolfisheim, chute dans son jardin.", {("LOCATION", "Wolfisheim")}),
    ("Adresse : l2 rue des Tanneurs, 59000 Lille", {("LOCATION", "l2 rue des Tanneurs")}),
    # after 'à' in running text, one capitalised word no list knows as a word, a name or a hospital
    ("Ancien maraîcher à Grisy-Suisnes, il consulte pour une dyspnée.", {("LOCATION", "Grisy-Suisnes")}),
    # a care home's village in brackets after its name; Dutch and German cues of residence
    ("Retour prévu à la MRS Le Clos Fleuri (Vaux-Chavanne) jeudi.", {("LOCATION", "Vaux-Chavanne")}),
    ("Zij woont in Achterbroek met haar man.", {("LOCATION", "Achterbroek")}),
    ("Er lebt in Mürringen bei seiner Tochter.", {("LOCATION", "Mürringen")}),
    # a hospital's group in brackets after its name is an institution, a listed town there a place
    ("Polyclinique Saint-Odile (Elsan), service de radiologie", {("INSTITUTION", "Elsan")}),
    ("Clinique Notre-Dame (Namur) : scanner du 3 mars.", {("LOCATION", "Namur")}),
    # a doctor's name, a comma and his village closing the line
    ("Hausarzt: Dr. Koch, Weywertz.", {("LOCATION", "Weywertz")}),
    # a contact line: a name, a comma, a village no list has, then the phone number
    ("Sohn: Karl Jost, Mürringen, Tel. 080 64 21 10", {("LOCATION", "Mürringen")}),
]

NOT_FOUND = [
    # a full word ending a sentence is no street type before the next sentence's first word
    ("Prothèse de hanche en place. Kiné deux fois par semaine.", "place"),
    ("Drain thoracique laissé en place. Pas de pneumothorax.", "place"),
    ("Matériel d'ostéosynthèse en place. Consolidation acquise.", "place"),
    # a street type then an acronym or a care word, with no number: a heading, not an address
    ("Passage IDE matin et soir pour les soins.", "Passage"),
    ("Passage KINE à domicile trois fois par semaine.", "Passage"),
    # after a cue of residence: an ordinary word or a care word is no village
    ("Vit seule à Domicile, aidée par sa fille.", "Domicile"),
    ("Réside actuellement à Hôpital de jour.", "Hôpital"),
    # after an age, 'à' and a word that is no place
    ("Homme de 64 ans, à jeun depuis minuit.", "jeun"),
    ("Femme de 80 ans, à Domicile avec aides.", "Domicile"),
    # a bracket after a care home that holds a word or an acronym
    ("Transfert en MR Les Charmes (Chambre 12).", "Chambre"),
    ("EHPAD Les Tilleuls (USLD) : entrée le 3.", "USLD"),
    # after 'à': a care word, a surname, a hospital called by its name, a time
    ("Retour à Domicile prévu lundi.", "Domicile"),
    ("Rendez-vous à Bordet pour la chimiothérapie.", "Bordet"),
    # a doctor's speciality or ward after his name
    ("Adressé par le Dr Paul Lenoir, Cardiologie.", "Cardiologie"),
    ("Vu par le Dr Aline Mertens, Urgences.", "Urgences"),
    # a trade or a role between a name and a phone number is no town
    ("Dr Paul Lenoir, Cardiologue, 04 78 12 34 56", "Cardiologue"),
    ("Personne de contact : Mme Rita Nys, Voisine, 0470 11 22 33", "Voisine"),
]


@pytest.mark.parametrize(("text", "expected"), FOUND)
def test_places6_found(deid: Deidentifier, text: str, expected: set[tuple[str, str]]) -> None:
    found = {(s.tag, s.text) for s in deid.annotate(text).spans}
    assert expected <= found, found


@pytest.mark.parametrize(("text", "word"), NOT_FOUND)
def test_places6_not_found(deid: Deidentifier, text: str, word: str) -> None:
    spans = deid.annotate(text).spans
    assert not any(word in s.text and s.tag == "LOCATION" for s in spans), [(s.tag, s.text) for s in spans]


@pytest.mark.parametrize(("text", "street"), [
    ("Mme Lucie Marchal, 12 rue Saint-Marchal, 5000 Namur.", "12 rue Saint-Marchal"),
    ("M. Jules FERRY demeure avenue Jules Ferry 44 à Mons.", "avenue Jules Ferry 44"),
])
def test_street_named_like_the_patient_is_one_address(deid: Deidentifier, text: str, street: str) -> None:
    """A street that bears the patient's name is one LOCATION, not a patient name with 'rue' and a number left out."""
    first, surname = ("Lucie", "Marchal") if "Marchal" in text else ("Jules", "Ferry")
    spans = deid.annotate(text, patient={"first_names": [first], "surname": surname}).spans
    assert ("LOCATION", street) in {(s.tag, s.text) for s in spans}, [(s.tag, s.text) for s in spans]
    assert any(s.tag == "PATIENT" for s in spans)
