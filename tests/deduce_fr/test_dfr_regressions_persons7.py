"""Wave-7 PERSON/PATIENT recall regressions, written in our own words (no string from a case file):
names after a care role or a kin word that the word lists hold otherwise (an eponym, a month), a typist's
initials, nicknames, names split by OCR or by a line break, an initial after a first name, Vietnamese given
names that are French words, a header's next label kept out of a name, and the patient's diminutives.
Each rule comes with hard negatives: what looks alike and is no name."""

from __future__ import annotations

import pytest

from deduce_fr import Deidentifier


def spans(deid: Deidentifier, text: str, patient: dict | None = None) -> dict[str, str]:
    return {s.text: s.tag for s in deid.annotate(text, patient).spans}


def person_texts(deid: Deidentifier, text: str) -> set[str]:
    return {s.text for s in deid.annotate(text).spans if s.tag in ("PERSON", "PATIENT")}


@pytest.mark.parametrize(("text", "name"), [
    ("Rééducation avec son kiné Achille deux fois par semaine.", "Achille"),      # an eponym as a given name
    ("Elle vit chez sa fille Avril Dumont, à deux rues.", "Avril Dumont"),       # a month as a given name
    ("Relu puis signé : Dr Haddad / dactylo : TB", "TB"),                          # a typist's initials
    ("Dr Kerhervé - secr. MJ", "MJ"),
    ("dicté par dr le goff, frappé par ldb", "ldb"),
    ("Son petit-fils Dylan (dit Doudou) passe chaque soir.", "Doudou"),            # a nickname after its cue
    ("OCR page 2\nD r B ouhassoun, radiologue", "B ouhassoun"),                    # an OCR-split name
    ("docteur point faucon deux points radiographie du bassin", "faucon"),        # a dictated title's dot
    ("vue par l'IDE Capucine R. ce matin pour le pansement", "Capucine R."),       # an initial after the name
    ("Dr Phan Kim Long, radiologue", "Phan Kim Long"),                             # Vietnamese given names
    ("Mme HUYNH Mai, 70 ans, vit seule.", "HUYNH Mai"),
    ("Compte rendu relu par b.vermeulen le lendemain.", "b.vermeulen"),            # an account name
    ("Relecture : Gh. Lemaire, radiologue", "Gh. Lemaire"),                        # a first name written short
    ("Avis du Dr Karima Ben Salah ce jour.", "Karima Ben Salah"),                  # no name ends on its particle
    ("transmissions: vu avec mme charcot (cadre) ce matin", "charcot"),          # an eponym after a title
    ("garde de nuit, ext: mathieu, kiné: thomas", "mathieu"),                       # a lower-case role
    ("garde de nuit, ext: mathieu, kiné: thomas", "thomas"),
    ("rappel prévu, vu avec j. vandewalle au téléphone", "j. vandewalle"),        # lower-case initial
    ("rappel prévu, vu avec m. vandewalle au téléphone", "vandewalle"),            # 'm.' is a title
])
def test_names_found(deid: Deidentifier, text: str, name: str) -> None:
    assert name in person_texts(deid, text)


def test_name_hyphenated_across_a_line_break(deid: Deidentifier) -> None:
    text = "Compte rendu validé par le Dr Arthur Der-\nSarkissian le 4 mars."
    assert any("Sarkissian" in t and "Arthur" in t for t in person_texts(deid, text))


def test_particle_at_the_start_of_the_next_line(deid: Deidentifier) -> None:
    text = "Examen dicté par le Dr Maïwenn\nLe Roux, radiologue."
    assert "Le Roux" in person_texts(deid, text)


def test_header_label_after_a_wide_gap_stays_out(deid: Deidentifier) -> None:
    text = "Patient: IONESCU Mihaela    Sex: F\nExam: Rx bassin"
    names = person_texts(deid, text)
    assert "IONESCU Mihaela" in names and not any("Sex" in t for t in names)


@pytest.mark.parametrize(("text", "word"), [
    ("Fracture malléolaire externe Weber B, pas de diastasis.", "Weber"),          # a classification
    ("Rupture partielle du tendon d'Achille droit.", "Achille"),                   # the eponym in anatomy
    ("Vue par sa fille en mai dernier, sans plainte.", "mai"),
    ("Saisie du dossier le 12/03, tapé par le secrétariat.", "le"),
    ("Douleur au poignet G. Hématome dorsal en regard.", "Hématome"),              # a side's letter, a sentence
    ("Hospitalisée au pavillon Marie Curie, chambre 12.", "Marie Curie"),          # a building's name
    ("Tutrice (fille) : Corinne Masson", "Tutrice"),                               # the role that labels a name
    ("Vu en consultation. Mme V aussi présente.", "V aussi"),                      # no OCR split: a word
    ("Infection urinaire à e.coli, puis relais p.o. selon l'antibiogramme.", "coli"),  # abbreviations
    ("Résultats joints dans le fichier lambert.docx du dossier.", "lambert"),      # a file name
    ("rotation ext limitée, int conservée, cadre de santé prévenu", "limitée"),    # roles' words, no name
    ("fracture de lefort type II, vue par l'interne", "lefort"),                    # an eponym, no title
    ("thrombose de la v. cave inférieure, a. radiale perméable", "cave"),         # vessels written short
    ("Ferme isolée au lieu dit Verlaine, accès difficile.", "Verlaine"),          # a place after 'lieu dit'
    ("Bien à vous,\nDr Sophie\nNamur, le 3 mai", "Namur"),                         # the letter's place
])
def test_no_name(deid: Deidentifier, text: str, word: str) -> None:
    assert not any(word in t for t in person_texts(deid, text))


@pytest.mark.parametrize(("text", "first", "short"), [
    ("Fred remarche avec une canne depuis lundi.", "Frédéric", "Fred"),           # the name's start
    ("Véro se plaint toujours du genou gauche.", "Véronique", "Véro"),
    ("Jojo a encore chuté dans l'escalier.", "Joseph", "Jojo"),                    # a doubled syllable
    ("Contrôle de Mme Vecrruysse à six semaines.", "Odile", "Vecrruysse"),         # two letters swapped
])
def test_patient_diminutives(deid: Deidentifier, text: str, first: str, short: str) -> None:
    found = spans(deid, text, {"first_names": [first], "surname": "Vercruysse"})
    assert found.get(short) == "PATIENT"


@pytest.mark.parametrize(("text", "first", "word"), [
    ("Son fils Jean est venu la chercher.", "Jeannine", "Jean"),                  # a name of its own
    ("Fracture ancienne consolidée. Franc succès.", "Francine", "Franc"),           # a French word
    ("Suivi par le Dr Verbruggen depuis mars.", "Odile", "Verbruggen"),            # another surname
])
def test_patient_diminutive_negatives(deid: Deidentifier, text: str, first: str, word: str) -> None:
    found = spans(deid, text, {"first_names": [first], "surname": "Vercruysse"})
    assert found.get(word) != "PATIENT"
