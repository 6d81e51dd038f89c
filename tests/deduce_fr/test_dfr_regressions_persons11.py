"""Wave-11 PERSON regressions (session 15, second wave), written in our own words (no string from a case file):
given names of world origins that no Faker locale holds, read from Jörg Michael's first-name dictionary
(nam_dict.txt, shipped by gender-guesser); each rule with hard negatives: what looks alike and is no name."""

from __future__ import annotations

import pytest

from deduce_fr import Deidentifier, Patient
from deduce_fr.persons_extra import world_names


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


def spans(deid: Deidentifier, text: str, patient: Patient | None = None) -> dict[str, str]:
    return {s.text: s.tag for s in deid.annotate(text, patient=patient).spans if s.tag in ("PERSON", "PATIENT")}


def test_nam_dict_lists_hold_names_faker_lacks() -> None:
    faker_given = world_names(("names_world_given.txt",))
    extra = world_names(("names_world_nam_dict.txt",))
    extra_given = world_names(("names_world_nam_dict_given.txt",))
    for name in ("thuy", "naima", "kemal"):
        assert name in extra_given or name in faker_given
    assert "thuy" not in faker_given and "thuy" in extra_given     # Vietnamese, absent from Faker's vi_VN
    assert extra_given <= extra                                     # the lone-name list is a part of the cue list
    assert "aminata" in extra and "aminata" not in extra_given      # rare in the dictionary: after a cue only
    for word in ("fracture", "genou", "pierre", "rose", "marchand"):  # French words stay words
        assert word not in extra


@pytest.mark.parametrize(("text", "name"), [
    ("Le compte rendu a été transmis à Thuy pour relecture.", "Thuy"),    # no cue: a given name by itself
    ("Le bilan a été revu ce matin avec Naïma, puis expliqué.", "Naïma"),
    ("son voisin kemal passe le soir", "kemal"),                        # lower case after a kin word
])
def test_world_given_names(deid: Deidentifier, text: str, name: str) -> None:
    assert spans(deid, text).get(name) == "PERSON"


@pytest.mark.parametrize("text", [
    "Le compte rendu a été transmis à Aminata pour relecture.",   # a rare dictionary name is not a name alone
    "Fracture de Pouteau-Colles, stade de Salter.",               # eponyms stay eponyms
])
def test_world_given_hard_negatives(deid: Deidentifier, text: str) -> None:
    assert not spans(deid, text)


@pytest.mark.parametrize(("text", "names"), [
    # each name with its age in brackets; 'Jade', 'Olive', 'Prune' are French words too (a town is not taken)
    ("Elle vit seule avec ses deux fils, Théo (10 ans) et Jade (7 ans), scolarisés à côté.", ["Théo", "Jade"]),
    ("Ses deux petits-enfants, Olive et Sacha, viennent le dimanche.", ["Olive", "Sacha"]),
    ("Ses neveux, Ilyes (14 ans) et Prune (9 ans), sont venus.", ["Ilyes", "Prune"]),
])
def test_given_names_listed_after_a_plural_kin_noun(deid: Deidentifier, text: str, names: list[str]) -> None:
    found = spans(deid, text)
    assert all(found.get(n) == "PERSON" for n in names), found


@pytest.mark.parametrize("text", [
    "Ses enfants, Paris et Lyon, ne sont pas joignables.",     # towns are the place rules' call
    "Ses deux fils, Mardi et Jeudi, sont en vacances.",         # days are no names
    "Les enfants, Radiographie et Scanner, non faits.",         # no given name in the list at all
])
def test_kin_list_hard_negatives(deid: Deidentifier, text: str) -> None:
    assert not spans(deid, text)


@pytest.mark.parametrize(("text", "name"), [
    ("Son épouse Maria do Céu est présente.", "Maria do Céu"),     # not two names: one given name
    ("Contact : Ana das Dores, sa fille, à joindre le soir.", "Ana das Dores"),
])
def test_portuguese_given_name_particles(deid: Deidentifier, text: str, name: str) -> None:
    assert spans(deid, text).get(name) == "PERSON"


def test_portuguese_particle_hard_negative(deid: Deidentifier) -> None:
    # a particle after a word that is no given name: a house or an institution's name, no person
    assert spans(deid, "Réunion à la Casa do Brasil jeudi.").get("Casa do Brasil") != "PERSON"
    assert spans(deid, "Séjour à Marseille, Mme Lopes, chambre da Silva.").get("chambre da Silva") is None


@pytest.mark.parametrize(("text", "login"), [
    ("Examen verrouillé par : tgarnier", "tgarnier"),
    ("Utilisateur : jplefebvre  Poste : RADIO-3", "jplefebvre"),
    ("Compte rendu signé par mboucher le 02/02.", "mboucher"),      # the surname is a French word too
])
def test_logins_glued_to_their_initials(deid: Deidentifier, text: str, login: str) -> None:
    assert spans(deid, text).get(login) == "PERSON"


@pytest.mark.parametrize("text", [
    "Validé par : secretariat",            # a word, no initial + surname
    "Compte : administrateur",
    "Demande saisie par accueil le 03/04.",
])
def test_glued_login_hard_negatives(deid: Deidentifier, text: str) -> None:
    assert not spans(deid, text)


@pytest.mark.parametrize(("text", "name"), [
    ("Son colocataire, Li Wei, a appelé les secours.", "Li Wei"),   # a two-letter family name, no title
    ("Interprète présent : XU Ming.", "XU Ming"),
])
def test_two_letter_chinese_family_names(deid: Deidentifier, text: str, name: str) -> None:
    assert spans(deid, text).get(name) == "PERSON"


@pytest.mark.parametrize("text", [
    "Lu et approuvé, le patient signe.",             # a French participle, no family name
    "Su Doku et mots croisés en ergothérapie.",       # the next word is no given name
])
def test_two_letter_family_hard_negatives(deid: Deidentifier, text: str) -> None:
    assert not spans(deid, text)


@pytest.mark.parametrize(("text", "initials"), [
    ("jl - jeudi 9h : la fille de la patiente a rappelé pour le CR.", "jl"),   # a note led by its writer
    ("Re: genou droit\nSB — pas de fracture visible, on revoit à J7.", "SB"),  # a reply led by its writer
])
def test_two_initials_leading_a_line(deid: Deidentifier, text: str, initials: str) -> None:
    assert spans(deid, text).get(initials) == "PERSON"


@pytest.mark.parametrize("text", [
    "RX - thorax face et profil sans particularité.",   # clinical abbreviations lead lines too
    "CT - abdomen sans injection.",
    "Bilan :\nle - bord externe est net.",               # a French word
])
def test_line_initials_hard_negatives(deid: Deidentifier, text: str) -> None:
    assert not spans(deid, text)


def test_export_rows_under_name_columns(deid: Deidentifier) -> None:
    text = ("NUM;NOM_PATIENT;PRENOM;NE_LE;ACTE;MEDECIN\n"
            "A1;VAN DER STRAET;GUILLAUM;01011960;RX GENOU;DR BLANCHARD\n"   # cut by the export's field width
            "A2;LEROUGE;ROSE;02021961;RX POIGNET;DR PETIT\n")               # ordinary words as names
    found = spans(deid, text)
    for name in ("VAN DER STRAET", "GUILLAUM", "LEROUGE", "ROSE", "BLANCHARD", "PETIT"):
        assert found.get(name) == "PERSON", found
    assert "DR BLANCHARD" not in found                                    # the title stays out


def test_export_name_column_hard_negatives(deid: Deidentifier) -> None:
    text = ("| Examen | Patient | Salle |\n"
            "| RX thorax | oui | 2 |\n"                                     # no name in the cell: a word
            "| RX bassin | 3 | 4 |\n")                                     # a number
    assert not spans(deid, text)
    assert not spans(deid, "Examen;Résultat;Commentaire\nRX genou;normal;revoir\n")   # no name column


def test_unknown_given_name_after_a_known_surname_in_capitals(deid: Deidentifier) -> None:
    # a worklist row: the surname a list holds, the given name none does
    assert spans(deid, "Box 4 : DIALLO Mariama — contrôle de drain").get("DIALLO Mariama") == "PERSON"


@pytest.mark.parametrize("text", [
    "MARTIN Genou droit : pas de lésion.",     # a French word after the surname is no given name
    "DUPONT Scanner demandé.",
])
def test_caps_surname_unknown_given_hard_negatives(deid: Deidentifier, text: str) -> None:
    assert "Genou" not in " ".join(spans(deid, text)) and "Scanner" not in " ".join(spans(deid, text))
