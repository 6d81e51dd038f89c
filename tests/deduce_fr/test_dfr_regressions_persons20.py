"""Session-17 PERSON regressions (persons20), written in our own words (no string from a case file): given names
that French families give and that Faker's French locales and nam_dict.txt lack (West African, Malagasy,
Comorian, Maghreb forms of INSEE's fichier des prénoms), found by the rules that read a known first name (a
capitalised surname before it, a cue, the fallback alone); with hard negatives (French words, months, brands,
towns that INSEE also lists as given names)."""

from __future__ import annotations

from pathlib import Path

import pytest

from deduce_fr import Deidentifier
from deduce_fr.lookups import fold, read_list, resolve_path

DATA = Path(__file__).resolve().parents[2] / "deduce_fr" / "data"


def tags(deid: Deidentifier, text: str) -> dict[str, str]:
    return {s.text: s.tag for s in deid.annotate(text).spans}


def _folded(name: str) -> set[str]:
    return {fold(line.split("\t")[0].strip()) for line in read_list(resolve_path(name, DATA))}


def test_insee_lists_hold_names_and_no_words() -> None:
    first = _folded("first_names_insee.tsv")
    alone = _folded("names_world_insee_given.txt")
    after_cue = _folded("names_world_insee.txt")
    assert first <= after_cue and alone <= after_cue
    for name in ("fatou", "oumou", "boubacar", "ibrahima", "mariama", "seydou"):
        assert name in first
    # French words, months, places and English words that INSEE also lists as given names stay out of all three
    for word in ("prudence", "janvier", "olive", "lorraine", "india", "july", "lovely", "sony", "marie", "jean"):
        assert word not in after_cue  # ('marie', 'jean': already in first_names.tsv, not repeated here)
    # every core first name line has a gender
    for line in read_list(resolve_path("first_names_insee.tsv", DATA)):
        assert line.split("\t")[1] in ("M", "F", "U")


@pytest.mark.parametrize(("text", "span"), [
    # a surname in capitals then an INSEE given name, in a ward list
    ("Box 3 : SANGARE Oumou — surveillance du drain pleural, cliché de contrôle à 18 h.", "SANGARE Oumou"),
    ("Entrée 12 : TOURE Kadiatou — radio du bassin après chute.", "TOURE Kadiatou"),
    # a given name alone after a kin word or a person cue
    ("Appel de la cousine, Salimata, qui passera demain récupérer les clichés.", "Salimata"),
    ("La patiente est accompagnée par Boubacar, son neveu, qui traduit.", "Boubacar"),
    ("Examen relu avec Ibrahima au staff du matin.", "Ibrahima"),
    # a given name then a surname the lists lack
    ("Le brancardier Seydou Kamissoko a installé le patient en salle 2.", "Seydou Kamissoko"),
])
def test_insee_given_names_are_persons(deid: Deidentifier, text: str, span: str) -> None:
    assert tags(deid, text).get(span) == "PERSON"


@pytest.mark.parametrize("text", [
    "Prudence lors de la mobilisation, la fracture est instable.",
    "Contrôle prévu en janvier, même incidence.",
    "Pas d'olive dans le régime, avis diététique demandé.",
    "Cliché de face et de profil, pas de lésion osseuse visible.",
])
def test_words_are_still_no_names(deid: Deidentifier, text: str) -> None:
    assert not [t for t in tags(deid, text).values() if t in ("PERSON", "PATIENT")]


@pytest.mark.parametrize(("text", "span"), [
    # given names linked by 'daughter of' / 'son of' words are one name, a town's name among them too
    ("Patiente : Amel bent Habib Ben Slimane, 44 ans, adressée pour douleur.", "Amel bent Habib Ben Slimane"),
    ("Identité : Rahma mint Sidi Ould Sidi, née à Nouakchott.", "Rahma mint Sidi Ould Sidi"),
    ("Consultation avec Mariem Mint Cheikh ce jour.", "Mariem Mint Cheikh"),
    ("Contrôle par Karim Ben Youssef en salle 3.", "Karim Ben Youssef"),
])
def test_patronymic_chains_are_one_name(deid: Deidentifier, text: str, span: str) -> None:
    assert tags(deid, text).get(span) == "PERSON"


@pytest.mark.parametrize(("text", "word"), [
    # 'ben' and 'aït' before places and departments: no person
    ("Voyage à Aït Ben Haddou le mois dernier, pas de fièvre.", "Aït Ben Haddou"),
    ("Le Service Ben Arous accueille les enfants.", "Service Ben Arous"),
])
def test_links_before_places_make_no_person(deid: Deidentifier, text: str, word: str) -> None:
    found = deid.annotate(text).spans
    assert not [s for s in found if s.tag in ("PERSON", "PATIENT") and s.text in word]


@pytest.mark.parametrize("text", [
    # English nationality adjectives (ISO 639-1 language names) in English text: no person
    "Emergency note written in English for the patient's German insurer; the Polish driver was unhurt.",
    "Interpreter requested: the family speaks Wolof and some Portuguese only.",
])
def test_language_words_are_no_names(deid: Deidentifier, text: str) -> None:
    assert not [s for s in deid.annotate(text).spans if s.tag in ("PERSON", "PATIENT")]


def test_language_list_keeps_french_surnames_out() -> None:
    words = _folded("fallback_languages_en.txt")
    assert {"german", "polish", "wolof", "arabic"} <= words
    assert not {"breton", "catalan", "basque"} & words  # surnames in France: a title or cue still finds them


@pytest.mark.parametrize(("text", "span"), [
    ("Avis demandé au Dr Catalan, rhumatologue, pour la suite.", "Catalan"),
    ("Courrier adressé au Dr Breton le 3 mars.", "Breton"),
])
def test_surnames_like_languages_are_still_names(deid: Deidentifier, text: str, span: str) -> None:
    assert tags(deid, text).get(span) == "PERSON"


_FIXED_WIDTH = """Liste de travail, salle 2
IPP        NOM             PRENOM       EXAMEN
40012345   DIALLO          FATOU        RX THORAX
40012346   VAN ACKER       JAN          TDM CRANE
40012347   ROSE            MARCEL       ECHO ABDO

Fin de liste."""


def test_fixed_width_worklist_names(deid: Deidentifier) -> None:
    found = tags(deid, _FIXED_WIDTH)
    for name in ("DIALLO", "FATOU", "VAN ACKER", "JAN", "ROSE", "MARCEL"):  # a French word too, under NOM
        assert found.get(name) == "PERSON"
    for exam in ("RX THORAX", "TDM CRANE", "ECHO ABDO", "Fin", "EXAMEN"):
        assert exam not in found


@pytest.mark.parametrize(("text", "names"), [
    # English and Dutch header cells of RIS/PACS exports and spreadsheets
    ("PatientID,Last Name,First Name,Modality,Referring Physician\nA-1001,KOWALCZYK,Zofia,CR,DR MARCHETTI\n"
     "A-1002,LAMBRECHT,Pieter,CT,DR OYELARAN\n", ("KOWALCZYK", "Zofia", "LAMBRECHT", "MARCHETTI")),
    ("Naam;Voornaam;Onderzoek;Arts\nVERSTRAETE;Griet;RX knie;Dr. Claeys\n", ("VERSTRAETE", "Griet", "Claeys")),
])
def test_foreign_export_headers(deid: Deidentifier, text: str, names: tuple[str, ...]) -> None:
    found = tags(deid, text)
    for name in names:
        assert found.get(name) == "PERSON"


def test_columns_naming_things_are_no_name_columns(deid: Deidentifier) -> None:
    text = ("Code      Nom de l'examen      Salle      Durée\n"
            "ZBQK002   Radiographie thorax  Salle A    minutes\n"
            "ZCQM001   Scanner abdominal    Salle B    minutes\n")
    assert not [s for s in deid.annotate(text).spans if s.tag in ("PERSON", "PATIENT")]


@pytest.mark.parametrize(("text", "span"), [
    # a lower-case doctor's title, a particle and a lower-case surname
    ("merci d'envoyer le compte rendu aussi au dr de brouwer, son gynéco.", "de brouwer"),
    ("avis pris auprès du dr van der linden par téléphone.", "van der"),
    # initials closing a line after a dash: the writer of a note
    ("Images transférées sur le PACS, fait le 5/05 - KL", "KL"),
    ("Dossier transmis au secrétariat — jpm", "jpm"),
])
def test_particles_and_closing_initials(deid: Deidentifier, text: str, span: str) -> None:
    assert any(s.tag == "PERSON" and span in s.text for s in deid.annotate(text).spans)


@pytest.mark.parametrize("text", [
    "le dr de garde a été prévenu, le dr du service aussi.",
    "Patient rappelé - OK",
    "Contrôle demandé - RX",
    "Merci de rappeler la famille - svp",
    "Suite : avis ortho - IRM",
])
def test_no_person_in_duty_words_and_note_closers(deid: Deidentifier, text: str) -> None:
    assert not [s for s in deid.annotate(text).spans if s.tag in ("PERSON", "PATIENT")]


@pytest.mark.parametrize(("text", "span"), [
    # a kind of organisation inside a compound or with the Turkish compound suffix: an organisation abroad
    ("Bilan initial fait à Istanbul (Acıbadem Hastanesi) en mars.", "Acıbadem Hastanesi"),
    ("Transfert depuis le Kinderziekenhuis Sint-Elisabeth la veille.", "Kinderziekenhuis"),
])
def test_compound_kinds_of_organisation(deid: Deidentifier, text: str, span: str) -> None:
    assert any(s.tag == "INSTITUTION" and span in s.text for s in deid.annotate(text).spans)


def test_surnames_ending_like_a_kind_of_organisation_stay_persons(deid: Deidentifier) -> None:
    found = tags(deid, "Revu avec Anna Feiereisen et Lucas Valcarcel au staff du jeudi.")
    assert found.get("Anna Feiereisen") == "PERSON" and found.get("Lucas Valcarcel") == "PERSON"


@pytest.mark.parametrize(("text", "span"), [
    # a surname field's label in running text, no colon: its one-word value
    ("Patiente : LÊ Thi Ngoc (nom de famille Lê, prénom Ngoc), 43 ans.", "Lê"),
    ("Mme Diop (nom de jeune fille Sarr), suivie pour lombalgie.", "Sarr"),
])
def test_surname_field_without_colon(deid: Deidentifier, text: str, span: str) -> None:
    assert tags(deid, text).get(span) == "PERSON"


def test_surname_field_label_alone_is_no_name(deid: Deidentifier) -> None:
    assert not [s for s in deid.annotate("Vérifier le nom de famille, svp.").spans if s.tag in ("PERSON", "PATIENT")]
