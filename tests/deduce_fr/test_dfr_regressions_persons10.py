"""Wave-10 PERSON regressions (session 15), written in our own words (no string from a case file): a titled
name whose second word is a list word or whose first is a foreign given name ('Dr Ole Jensen,'), initials
written 'J-M.', a police officer's acronym before a surname, a message signed by a first name alone on its last
line or by a first name before a desk, the patient's nickname tagged as the patient; and the precision side:
an eponym after a clinical noun and 'de', a side's letter before a drug, a sentence opening after a role word.
Each rule comes with hard negatives: what looks alike and is no name."""

from __future__ import annotations

import pytest

from deduce_fr import Deidentifier, Patient


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


def spans(deid: Deidentifier, text: str, patient: Patient | None = None) -> dict[str, str]:
    return {s.text: s.tag for s in deid.annotate(text, patient=patient).spans if s.tag in ("PERSON", "PATIENT")}


@pytest.mark.parametrize(("text", "name"), [
    ("Avis demandé au Dr Ole Jensen, Clervaux.", "Ole Jensen"),            # a foreign given name, unknown surname
    ("Médecin traitant : Dr Sven Hansen.", "Sven Hansen"),                 # the surname is an eponym's word too
    ("Expert : Dr Pierre-Yves Cerisier, BP 12, 69000 Lyon", "Pierre-Yves Cerisier"),   # a French word as surname
    ("Vu par le Dr Minh Vu, médecin de l'unité.", "Minh Vu"),              # the surname is a French word
    ("Compte rendu signé Dr J-M. Lambotte , Namur", "J-M. Lambotte"),      # initials written 'J-M.'
])
def test_titled_two_word_names(deid: Deidentifier, text: str, name: str) -> None:
    assert name in spans(deid, text)


@pytest.mark.parametrize("text", [
    "Rx faite par le Dr Fracture Ouverte, un non-sens.",   # medical words are no name
    "Contrôle chez Mme Dupont Lundi.",                      # a day after the name is no surname
    "Adressé au Dr Durand Service, puis retour.",           # an organisation's word closes no name
])
def test_titled_two_word_hard_negatives(deid: Deidentifier, text: str) -> None:
    found = spans(deid, text)
    assert not any(" " in t and t.split()[-1] in ("Ouverte", "Lundi", "Service") for t in found)


def test_officer_acronym_before_a_surname(deid: Deidentifier) -> None:
    assert "Vandermeulen" in spans(deid, "Réquisition de la police (OPJ Vandermeulen) pour coups.")


@pytest.mark.parametrize(("text", "name"), [
    ("Bonjour,\nla prothèse est en place, on revoit à un an.\nMathilde", "Mathilde"),
    ("Merci de rappeler la patiente.\nCorinne - secrétariat du Dr Gilles", "Corinne"),
])
def test_signed_by_a_first_name(deid: Deidentifier, text: str, name: str) -> None:
    assert name in spans(deid, text)


@pytest.mark.parametrize("text", [
    "Compte rendu de l'examen.\nConclusion",           # a heading on the last line is no signature
    "Rx thorax de contrôle.\nMars",                     # a month
    "Pas de lésion.\nNoël - secrétariat fermé",         # a feast before a desk
])
def test_signed_line_hard_negatives(deid: Deidentifier, text: str) -> None:
    assert spans(deid, text) == {}


def test_nickname_of_the_patient_is_the_patient(deid: Deidentifier) -> None:
    patient = Patient(first_names=["Bernadette"], surname="Lhoest")
    found = spans(deid, "Mme LHOEST Bernadette dite « Dédette », 81 ans, chute.", patient)
    assert found.get("Dédette") == "PATIENT"
    # a nickname after someone else's name stays a person
    found = spans(deid, "Mme LHOEST Bernadette, vue avec son voisin Marcel dit « Cello ».", patient)
    assert found.get("Cello") == "PERSON"


@pytest.mark.parametrize(("text", "word"), [
    ("Kyste osseux du calcanéum (triangle de Ward), pas de signe d'agressivité.", "Ward"),   # an eponym
    ("Fracture de la 3e côte G. Paracétamol et repos.", "Paracétamol"),      # a side's letter, then a drug
    ("Échec des AINS et de la kiné. Discuter une infiltration.", "Discuter"),  # a sentence after a role word
])
def test_not_names(deid: Deidentifier, text: str, word: str) -> None:
    assert not any(word in t for t in spans(deid, text))


@pytest.mark.parametrize(("text", "name"), [
    ("Appel de la voisine de Sophie ce matin.", "Sophie"),                     # 'de' + a first name after a plain noun
    ("Séances chez le kiné. Dupont rappellera.", "Dupont"),                    # a known surname after a role word's stop
    ("Fracture du genou G. Lemaire prévenu.", "G. Lemaire"),                   # a side's letter before a known surname
    ("Chute dans la rue. Rappel par G. Lemaire demain.", "G. Lemaire"),        # an initial after a function word
])
def test_not_names_near_misses_stay_names(deid: Deidentifier, text: str, name: str) -> None:
    assert any(name in t for t in spans(deid, text))


@pytest.mark.parametrize(("text", "found"), [
    ("Objet : Vos résultats sont prêts", False),   # the determiner before its noun
    ("Nos conseils ont été donnés.", False),
    ("Appel à Vos ce matin.", True),               # the Dutch surname alone
])
def test_determiner_surnames(deid: Deidentifier, text: str, found: bool) -> None:
    assert any(t.startswith(("Vos", "Nos")) for t in spans(deid, text)) is found


@pytest.mark.parametrize(("text", "name"), [
    ("Antoine – 19h02 : le patient du box 3 est sorti.", "Antoine"),   # a message thread's writer
    ("Mélanie - je passe la demande au secrétariat.", "Mélanie"),
])
def test_first_name_leading_a_message_line(deid: Deidentifier, text: str, name: str) -> None:
    assert name in spans(deid, text)


@pytest.mark.parametrize("text", [
    "Rose - pâle, cicatrice propre.",          # a French word
    "Florence - Italie, séjour en 2019.",      # a town
])
def test_message_line_hard_negatives(deid: Deidentifier, text: str) -> None:
    assert spans(deid, text) == {}


@pytest.mark.parametrize(("text", "names"), [
    ("Détail grazie mille,\nGiacomo", {"Giacomo"}),                       # a foreign closing, then the signature
    ("Pas de fracture. Danke, Ute", {"Ute"}),
])
def test_foreign_closings(deid: Deidentifier, text: str, names: set[str]) -> None:
    assert names <= set(spans(deid, text))


@pytest.mark.parametrize(("text", "names"), [
    # DICOM dumps and worklists: each person-name component is a span of its own; an attribute keyword is none
    ("(0008,0090) ReferringPhysicianName  LAMBRECHTS^INGRID^^^Dr", {"LAMBRECHTS", "INGRID"}),
    ("PatientName=OKONKWO^CHIDI", {"OKONKWO", "CHIDI"}),
    # a compact KEY:VALUE export keeps the caret name whole
    ("ACC:CT881 PN:VAN OOST^BRAM DOB:19700101", {"VAN OOST^BRAM"}),
])
def test_caret_names(deid: Deidentifier, text: str, names: set[str]) -> None:
    found = spans(deid, text)
    assert names <= set(found)
    assert not any("Name" in t or t in ("Dr",) for t in found)


@pytest.mark.parametrize(("text", "name"), [
    ("| 09:15 | ROUSSEAU Brigitte   | 74 | RX thorax |", "ROUSSEAU Brigitte"),   # a surname that is a word
    ("| 09:30 | LE GUEN Yannick     | 58 | RX genou  |", "LE GUEN Yannick"),     # a particle
    ("Box 4 : M'BAREK Leila — contrôle", "M'BAREK Leila"),                      # an apostrophe
    ("1201;SIMON;ANNE;RX BASSIN;PERRIN T;URG", "PERRIN T"),                      # a CSV cell with an initial
    ("Referring: KOWALSKA EWA, MD", "KOWALSKA EWA"),                              # an English signature
])
def test_capital_surnames_in_tables(deid: Deidentifier, text: str, name: str) -> None:
    assert name in spans(deid, text)


@pytest.mark.parametrize(("text", "word"), [
    ("Bilan : IRM Marie-Curie demain.", "IRM"),                   # a clinical abbreviation is no surname
    ("1201;RX THORAX F;URG", "THORAX F"),                          # a view's letter after a medical word
    ("Fracture type Weber B. Mortaise congruente.", "Mortaise"),   # a grade, then a sentence
    ("(0010,0030) PatientBirthDate 19600101", "PatientBirthDate"),
    ("Détecteur Trixell Pixium 4343 — uniformité OK", "Trixell"),
    ("Avis du médecin SMPR ce jour.", "SMPR"),
    ("Dr Tran, médecin USMP, a vu le patient.", "USMP"),
])
def test_table_and_export_hard_negatives(deid: Deidentifier, text: str, word: str) -> None:
    assert not any(word in t for t in spans(deid, text))


def test_patient_components_and_fields_are_the_patient(deid: Deidentifier) -> None:
    patient = Patient(first_names=["Maxime"], surname="Lenoir")
    found = spans(deid, "Observer: LENOIR^PAUL\nSubject: LENOIR^MAXIME   Age: 031Y", patient)
    assert found.get("MAXIME") == "PATIENT"
    assert found.get("PAUL") == "PERSON"   # a namesake's given name keeps him apart
    patient = Patient(first_names=["Odile"], surname="Marchal")
    found = spans(deid, "Nom de naissance : GODIN     Nom marital : MARCHAL\nPrénom : Odile", patient)
    assert found.get("GODIN") == "PATIENT"   # the patient's own birth name


@pytest.mark.parametrize(("text", "name"), [
    ("Elle vit avec la fille de Rosalba, à Liège.", "Rosalba"),         # 'de' is no particle before a first name
    ("Visite de Sœur Marie-Claire Dumont ce jour.", "Marie-Claire Dumont"),   # a religious title stays out
    ("Cher confrère.\nDr Aurore Pin, Centre Hospitalier", "Aurore Pin"),      # a town that is a word, after a first name
])
def test_span_edges(deid: Deidentifier, text: str, name: str) -> None:
    assert name in spans(deid, text)


@pytest.mark.parametrize(("text", "word"), [
    ("Mme X, personne de confiance, est prévenue.", "X"),            # a placeholder
    ("Le Previscan a été remplacé par Eliquis ce jour.", "Eliquis"),   # a drug brand after a trigger word
    ("Marié à une infirmière, deux enfants.", "Marié"),                # a participle spelt like Marie
    ("épanchements pleuraux, lignes B. Diurétiques.", "Diurétiques"),  # a grade letter, then a sentence
])
def test_more_not_names(deid: Deidentifier, text: str, word: str) -> None:
    assert not any(word == t or t.endswith(" " + word) for t in spans(deid, text))
