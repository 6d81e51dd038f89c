"""Wave-20 PERSON recall regressions (session 23, persons29), written in our own words (no string from a case
file): a letter signed by initials and a surname on its last line, a baby named after 'bébé'/'nourrisson', a
team or a volunteer listed after a label and a colon, a compound given name then a surname that is also a
word, social and interpreting roles after a name (in brackets or after a comma), an interpreter named with
the language in brackets, a lone world name after a preposition or verb that takes a person. Each rule
comes with hard negatives: headings, eponyms, drugs, services and streets."""

from __future__ import annotations

import pytest

from deduce_fr import Deidentifier


def person_texts(deid: Deidentifier, text: str) -> set[str]:
    return {s.text for s in deid.annotate(text).spans if s.tag in ("PERSON", "PATIENT")}


@pytest.mark.parametrize(("text", "name"), [
    ("Semelles moulées remises ce jour, contrôle dans trois mois.\nT. Valembois", "T. Valembois"),
    ("Je vous remercie de me l'avoir adressée.\nR.-M. Okonjo", "R.-M. Okonjo"),
    ("Pas d'indication chirurgicale à ce stade.\nJ-L. BRASSEUR-KANE", "J-L. BRASSEUR-KANE"),
])
def test_initials_and_surname_signing_a_letter(deid: Deidentifier, text: str, name: str) -> None:
    assert name in person_texts(deid, text)


@pytest.mark.parametrize("text", [
    "Plan du compte rendu :\nA. Technique\nB. Résultats\nC. Conclusion",   # a lettered heading
    "Plan :\nI. Introduction\nII. Discussion",
    "Conclusion de l'examen ce jour.\nN.B. Contrôle",
])
def test_initials_lines_hard_negatives(deid: Deidentifier, text: str) -> None:
    assert person_texts(deid, text) == set()


@pytest.mark.parametrize(("text", "name"), [
    ("Sortie de maternité prévue jeudi, bébé Nahom dans les bras de sa mère.", "Nahom"),
    ("hébergement en hôtel social, nourrisson prénommé Ilyas, allaitement.", "Ilyas"),
    ("le nouveau-né Rahel pèse 2,9 kg.", "Rahel"),
])
def test_babies_named(deid: Deidentifier, text: str, name: str) -> None:
    assert name in person_texts(deid, text)


@pytest.mark.parametrize("text", [
    "Réflexe de Moro présent, nourrisson Guthrie fait à J3.",   # eponyms of neonatal tests
    "Le bébé va bien, bébé secoué non retenu.",
])
def test_babies_hard_negatives(deid: Deidentifier, text: str) -> None:
    assert person_texts(deid, text) == set()


@pytest.mark.parametrize(("text", "names"), [
    ("Maraude du soir.\nÉquipe : Solène, Bastien, Idrissa.", {"Solène", "Bastien", "Idrissa"}),
    ("Nuit calme.\nveilleuse : Amaru", {"Amaru"}),
    ("Bénévoles présents : Clothilde et Tewodros.", {"Clothilde", "Tewodros"}),
    ("Interprète ISM : Selam, appel de 20 minutes.", {"Selam"}),
])
def test_team_lists_after_a_label(deid: Deidentifier, text: str, names: set[str]) -> None:
    assert names <= person_texts(deid, text)


@pytest.mark.parametrize("text", [
    "Équipe : Samu, pompiers.",
    "Équipe : matin calme, rien à signaler.",
])
def test_team_lists_hard_negatives(deid: Deidentifier, text: str) -> None:
    assert person_texts(deid, text) == set()


@pytest.mark.parametrize(("text", "name"), [
    ("Elle vit avec son ami M. Paul-Henri Bonheur à Cayenne.", "Paul-Henri Bonheur"),
    ("Relu par Anne-Laure Chevalier avant envoi.", "Anne-Laure Chevalier"),
])
def test_compound_given_name_then_word_surname(deid: Deidentifier, text: str, name: str) -> None:
    assert name in person_texts(deid, text)


@pytest.mark.parametrize("text", [
    "Domicile : 4 rue Jean-Baptiste Clément.",
    "Scolarisé au lycée Marie-Curie Sud.",
])
def test_compound_given_name_hard_negatives(deid: Deidentifier, text: str) -> None:
    assert not any("Clément" in t or "Sud" in t for t in person_texts(deid, text))


@pytest.mark.parametrize(("text", "name"), [
    ("Réunion de synthèse : Noémie Castagnet (CESF), le médecin du centre.", "Noémie Castagnet"),
    ("Fait à Lille le 2 juin. Tadesse Woldu, bénévole.", "Tadesse Woldu"),
    ("Entretien mené par téléphone avec Mebrahtu (tigrinya), interprétariat.", "Mebrahtu"),
])
def test_social_and_interpreting_roles(deid: Deidentifier, text: str, name: str) -> None:
    assert name in person_texts(deid, text)


@pytest.mark.parametrize(("text", "name"), [
    ("Accompagnement demain au guichet, d'accord si Yonas vient aussi.", "Yonas"),
    ("La sortie se fera avec Hakim demain matin.", "Hakim"),
])
def test_lone_world_name_after_a_person_cue(deid: Deidentifier, text: str, name: str) -> None:
    assert name in person_texts(deid, text)


@pytest.mark.parametrize("text", [
    "Relais avec Lovenox puis avec Kardegic.",   # drugs
    "Courses chez Carrefour, travail chez Renault.",   # firms
    "Lésion compatible avec Lisfranc, avec Weber B.",   # eponyms
])
def test_lone_world_name_hard_negatives(deid: Deidentifier, text: str) -> None:
    assert person_texts(deid, text) == set()
