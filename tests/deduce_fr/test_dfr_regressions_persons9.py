"""Wave-9 PERSON recall regressions (session 14, second wave), written in our own words (no string from a
case file): surname fields of a form whose value is a French word, a surname that is a French word or a
town's name right after a care role in running text, a care role with its elided article kept out of the
span, a header label after a wide gap kept out of a name, a typist's lower-case first name. Each rule
comes with hard negatives: what looks alike and is no name."""

from __future__ import annotations

import pytest

from deduce_fr import Deidentifier


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


def person_texts(deid: Deidentifier, text: str) -> set[str]:
    return {s.text for s in deid.annotate(text).spans if s.tag in ("PERSON", "PATIENT")}


@pytest.mark.parametrize(("text", "names"), [
    ("Nom d'usage : LEGRAND   Nom de naissance : BLANC", {"LEGRAND", "BLANC"}),   # French words as surnames
    ("Identité : nom marital: Boucher, prénom : Lucie", {"Boucher"}),
    ("Nom de jeune fille : Meunier ; né(e) le 02/03/1950", {"Meunier"}),
])
def test_surname_fields_of_a_form(deid: Deidentifier, text: str, names: set[str]) -> None:
    assert names <= person_texts(deid, text)


@pytest.mark.parametrize("text", [
    "Nom d'usage : idem ; nom de jeune fille : non renseigné",   # an empty field names no one
    "Le nom de famille du patient est composé.",                  # no colon: prose about a name
    "Nom d'usage : voir ci-dessous",
])
def test_surname_fields_hard_negatives(deid: Deidentifier, text: str) -> None:
    assert person_texts(deid, text) == set()


@pytest.mark.parametrize(("text", "name"), [
    ("Ce matin l'assistante sociale Poisson rappellera la fille.", "Poisson"),   # a French word and a town
    ("Appel de l'infirmière Lapin : pansement refait.", "Lapin"),
    ("Notre ergothérapeute Charpentier propose un fauteuil.", "Charpentier"),
])
def test_french_word_surname_after_a_care_role(deid: Deidentifier, text: str, name: str) -> None:
    assert name in person_texts(deid, text)


@pytest.mark.parametrize("text", [
    "La psychologue Clinicienne du service passera.",    # a trade's adjective, capitalised in a heading style
    "L'infirmière Coordinatrice organise la sortie.",
])
def test_care_role_hard_negatives(deid: Deidentifier, text: str) -> None:
    words = {"Clinicienne", "Coordinatrice"}
    assert not words & person_texts(deid, text)


def test_elided_role_kept_out_of_the_name(deid: Deidentifier) -> None:
    found = person_texts(deid, "Vu avec l'IDE Victoire qui a posé la voie veineuse.")
    assert "Victoire" in found and not any("IDE" in f for f in found)


def test_label_after_a_wide_gap_kept_out(deid: Deidentifier) -> None:
    found = person_texts(deid, "Prescripteur : Dr Armelle Vasseur   Radiol. : Dr Joost Peeters")
    assert "Armelle Vasseur" in found and not any("Radiol" in f for f in found)


def test_typist_lower_case_first_name(deid: Deidentifier) -> None:
    assert "mathilde" in person_texts(deid, "dicté par le docteur fournier, tapé par mathilde.")
    # the sentence goes on: not a typist's signature
    assert "le" not in person_texts(deid, "frappé par le vent, il est tombé.")


def test_title_glued_to_a_lower_case_surname(deid: Deidentifier) -> None:
    found = person_texts(deid, "revu par dr.guillot en fin de matinée")
    assert "guillot" in found and not any(f.startswith("dr") for f in found)
    assert "b.lefort" in person_texts(deid, "compte rendu validé par b.lefort")  # an initial stays


@pytest.mark.parametrize(("text", "name"), [
    ("Pr Chr1stophe G0DARD a relu l'examen.", "Chr1stophe G0DARD"),   # digits read for letters, two words
    ("Signé Dr Ro..eau, illisible sur le fax.", "Ro..eau"),            # letters OCR could not read
])
def test_name_damaged_by_ocr_grown_whole(deid: Deidentifier, text: str, name: str) -> None:
    assert name in person_texts(deid, text)


@pytest.mark.parametrize(("text", "name"), [
    ("Dr Perrin A4 à refaire.", "Perrin"),        # a paper size after the name: a code, not the name
    ("Mme Joly T12 tassée.", "Joly"),              # a vertebra
    ("Vu par Dr Roche... puis sorti.", "Roche"),  # an ellipsis is no illegible letter
])
def test_ocr_growth_hard_negatives(deid: Deidentifier, text: str, name: str) -> None:
    assert name in person_texts(deid, text)


def test_elided_sentence_word_kept_out_of_the_name(deid: Deidentifier) -> None:
    found = person_texts(deid, "C'est Bintou, l'aide-soignante de nuit, qui a donné l'alerte.")
    assert "Bintou" in found and not any("est" in f for f in found)
    # an apostrophe inside the name itself stays ('D'Angelo', 'N'Diaye')
    assert {"D'Angelo", "N'Diaye"} <= person_texts(deid, "Vu par le Dr D'Angelo puis par M. N'Diaye.")


def test_classification_after_a_role_like_adjective(deid: Deidentifier) -> None:
    # 'externe' is a medical student and an adjective: an eponym and its grade after it is a classification
    assert person_texts(deid, "fracture de la malléole externe weber C, botte plâtrée") == set()
    assert "nowak" in person_texts(deid, "vu avec l'ide nowak ce soir")


def test_dutch_form_label_is_no_name(deid: Deidentifier) -> None:
    found = person_texts(deid, "Nom / Naam : VERHOEVEN Els   Examen : RX genou")
    assert "Naam" not in found and any("VERHOEVEN" in f for f in found)
