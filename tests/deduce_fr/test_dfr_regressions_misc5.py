"""Wave-5 regressions for the smaller kinds (AGE, PERSON on untidy text, PATIENT, DATE, ID), each written
in our own words for a phenomenon the independent dev sets showed; hard negatives beside them."""

from __future__ import annotations

import pytest

from deduce_fr import Deidentifier, Patient


def spans(deid: Deidentifier, text: str, tag: str, patient: Patient | None = None) -> list[str]:
    return [s.text for s in deid.annotate(text, patient=patient).spans if s.tag == tag]


@pytest.mark.parametrize(("text", "age"), [
    ("Bilan pré-op — Mme VERHOEVEN Lutgarde — 71 ans — service de chirurgie", "71 ans"),  # after a long dash
    ("• 64 ans, diabétique, chute dans l'escalier", "64 ans"),                            # after a bullet
    ("Homme 52 a. douleur lombaire depuis hier", "52 a."),                                 # 'a.' after a cue
    ("Mme Thiry, 77 a., vit en résidence", "77 a."),                                       # 'a.' after a name
    ("Mme Collard, 81a. Vit seule.", "81a"),                                               # the full stop stays out
    ("Patiente de 55-60 ans, sans papiers, amenée par la police", "55-60 ans"),           # a range of ages
    ("Mevrouw Peeters (58 j.) - Kerkstraat 3", "58 j."),                                   # Dutch days/years mark
    ("Dhr Wouter Maes, 44 jaar, bouwvakker", "44 jaar"),
    ("Frau Schmitz (77 J.) — Sturz zu Hause", "77 J."),
    ("Bébé de 2a 5m, boiterie", "2a 5m"),                                                 # years and months, short
    ("Nouveau-né de 4 jours, ictère", "4 jours"),
    ("Âge du patient : 38", "38"),
    ("Elle est dans sa 96e année.", "96e année"),
    ("Timéo (11) – RX coude G", "11"),                                                     # a first name, its age
    ("urgences enfant chloé vandamme sept ans chute de balançoire", "sept ans"),          # dictated, in words
])
def test_ages_in_loose_forms(deid: Deidentifier, text: str, age: str) -> None:
    assert age in spans(deid, text, "AGE")


@pytest.mark.parametrize("text", [
    "Dyspnée depuis 10 jours, toux.",              # 'née depuis' inside a word is no newborn
    "AINS 5j. puis contrôle.",                      # a treatment's days after an acronym
    "• 2 ans après la chirurgie, pas de récidive.",  # a delay after a bullet
    "Douleur depuis trois ans chez madame.",         # a duration in words
])
def test_durations_stay_untagged(deid: Deidentifier, text: str) -> None:
    assert spans(deid, text, "AGE") == []


@pytest.mark.parametrize(("text", "person"), [
    ("ACC:RX551 PN:VERSTRAETEN^LIEVEN DOB:19611004", "VERSTRAETEN^LIEVEN"),   # DICOM person name
    ("| 10:15 | GHEYSENS M. | Rx bassin | Dr Pauwels |", "GHEYSENS M."),       # worklist: NAME + initial
    ("Kontakt: Tochter Ingrid, Tel. 080 44 12 10.", "Ingrid"),                  # German kin word, kept out
    ("Echtgenoot Dirk Wuyts verwittigd.", "Dirk Wuyts"),                        # Dutch kin word
    ("Ouders: Pieter en Lies Janssens", "Lies Janssens"),
    ("vu ce matin par dr mbuyi, avis favorable", "mbuyi"),                       # unknown lower-case name
    ("docteur point kasongo deux points radiographie", "kasongo"),              # dictated full stop
    ("A l'attention du Dr Gé rard (service)", "Gé rard"),                      # OCR split, joined = a name
    ("Concerne Mme DEWAELE ANNE SOPHIE, née", "DEWAELE ANNE SOPHIE"),
    ("PERSONNE À PRÉVENIR : FILLE MME NADIA BERRADA - 0475", "NADIA BERRADA"),  # kin and title trimmed
])
def test_untidy_person_names(deid: Deidentifier, text: str, person: str) -> None:
    assert person in spans(deid, text, "PERSON")


@pytest.mark.parametrize("text", [
    "RX GENOU G. face ; EPAULE D. profil ; RACHIS L. ; TDM T.",   # a capital word and an initial, no name
    "genou dr face et profil ; rein dr : kyste simple",           # 'dr' is 'droit'
    "Dr Roussel a vu la patiente ce matin.",                       # 'a' is no piece of a split name
    "Mevrouw Claes spreekt enkel Nederlands.",                     # Dutch 'enkel' (only) is no German 'Enkel'
    "Mollet Arnaud - ostéopathe",                                  # 'mollet' (calf) is a word: no name grown
])
def test_untidy_person_negatives(deid: Deidentifier, text: str) -> None:
    found = spans(deid, text, "PERSON")
    assert not any(w in " ".join(found) for w in ("GENOU", "EPAULE", "RACHIS", "face", "kyste", "Roussel a", "Nederlands", "Mollet"))


@pytest.mark.parametrize(("text", "tag", "value"), [
    ("Assurée : NISS 760415 223 19 (mutuelle)", "ID", "760415 223 19"),     # NISS grouped 6-3-2 after its cue
    ("Examen n° AZG-CT-0045127 du jour", "ID", "AZG-CT-0045127"),             # letter groups then digits
    ("Tribunal du travail, RG 25/01877", "ID", "25/01877"),                    # docket number after its cue
    ("Sinistre déclaré (police 12.774.301).", "ID", "12.774.301"),
    ("Dr Lenoir, RPPS 10007654321, cardiologue", "ID", "10007654321"),        # the register's name stays out
    ("PID:XK001 DOB:19720815 SEX:F", "DATE", "19720815"),                     # compact DICOM date
    ("vu le 14/11/2025 rue Haute 12, Namur", "DATE", "14/11/2025"),         # a date before an address
])
def test_ids_and_dates(deid: Deidentifier, text: str, tag: str, value: str) -> None:
    assert value in spans(deid, text, tag)


def test_register_name_is_no_person(deid: Deidentifier) -> None:
    doc = deid.annotate("Médecin traitant : Dr Pinto, RPPS 10101872345.")
    assert "RPPS" not in [s.text for s in doc.spans]
    assert "STUDY TIME:101522" not in [s.text for s in deid.annotate("STUDY TIME:101522").spans]


@pytest.mark.parametrize(("text", "date"), [
    ("Unfall beim Radfahren am 3. Juni, Schulter links.", "3. Juni"),          # German day + month
    ("Sturz im Bad am 09.02.\nRX Hüfte", "09.02."),                             # German day.month.
    ("Namur, le 21.IX.2025", "21.IX.2025"),                                     # roman month
    ("opgenomen van 12 tot 15 april 2025", "12"),                               # Dutch range start
    ("douleur depuis sa chute de février, RX", "février"),                      # a month after 'de'
    ("madame née le deux juin trente-huit, contrôle", "deux juin trente-huit"),  # dictated 2-digit year
    ("contrôle en avril vingt vingt-cinq", "avril vingt vingt-cinq"),           # spoken year
])
def test_dates_in_other_forms(deid: Deidentifier, text: str, date: str) -> None:
    assert date in spans(deid, text, "DATE")


@pytest.mark.parametrize("text", ["Perfusion 2 x 10 mg par jour.", "Version 2.1. du protocole", "Mme de Mars vue ce jour."])
def test_date_negatives(deid: Deidentifier, text: str) -> None:
    assert spans(deid, text, "DATE") == []


@pytest.mark.parametrize(("text", "person"), [
    ("Appel à 14h.\nInf. Martine   Tél 081 22 33 44", "Martine"),       # a role written short, a first name
    ("Befund an Polizeiinspektor Hennen", "Hennen"),
    ("Nom : Demir      Nom de naissance : Aksoy\nPrénom : Elif", "Aksoy"),  # maiden-name field
    ("Wendling Arnaud - ostéopathe D.O. - 3 rue des Prés", "Wendling Arnaud"),  # 'Surname Firstname' leading a line
])
def test_more_person_contexts(deid: Deidentifier, text: str, person: str) -> None:
    assert person in spans(deid, text, "PERSON")


def test_patient_capital_surname_keeps_its_initials(deid: Deidentifier) -> None:
    patient = Patient(first_names=["Marie-Laure"], surname="Santoni", sex="F")
    assert "SANTONI M-L" in spans(deid, "SANTONI M-L 41a - Rx thorax F : normal.", "PATIENT", patient)


@pytest.mark.parametrize(("surname", "first", "text", "found"), [
    ("Cœurdevey", "Anne", "Mme COEURDEVEY Anne, 60 ans", "COEURDEVEY Anne"),          # a ligature typed as 'oe'
    ("Ben Salah", "Karim", "M. B3N SALAH Karim, chute", "B3N SALAH Karim"),            # an OCR digit in a particle
    ("Vandevelde", "Luc", "M. VANDE VELDE, 70 ans", "VANDE VELDE"),                    # a surname split otherwise
    ("Moreau-Vidal", "Sylvie", "SYLVIE MOREAU, 58 ans, chute", "MOREAU"),              # one part of a compound surname
])
def test_patient_in_damaged_forms(deid: Deidentifier, surname: str, first: str, text: str, found: str) -> None:
    patient = Patient(first_names=[first], surname=surname, sex="F")
    assert any(found in s for s in spans(deid, text, "PATIENT", patient))


def test_patient_first_name_written_apart_is_no_patient_variant(deid: Deidentifier) -> None:
    from deduce_fr.annotators import Context
    from deduce_fr.persons_extra import PatientExtraAnnotator
    from deduce_fr.tokenizer import tokenize

    text = "Vu avec Jean Paul Dubois, infirmier."
    ctx = Context(text=text, tokens=tokenize(text), lookups=deid.lookups,
                  patient=Patient(first_names=["Jean-Paul"], surname="Lemaire", sex="M"))
    assert PatientExtraAnnotator().annotate(ctx) == []


@pytest.mark.parametrize(("text", "person"), [
    ("retour à domicile, son mari bogdan viendra la chercher", "bogdan"),      # a world name after a kin word
    ("appel de la fille : ngozi okafor, inquiète", "ngozi okafor"),
    ("transmis à ide katarzyna pour la nuit", "katarzyna"),                              # after a role: world names only
    ("vu par dr. mbemba ce matin", "mbemba"),
])
def test_world_names_after_cues(deid: Deidentifier, text: str, person: str) -> None:
    assert person in spans(deid, text, "PERSON")


@pytest.mark.parametrize("text", [
    "maman joignable au 0470 11 22 33",            # an adjective after a kin word
    "Fille aidante : Mme Claes",
    "infirmière coordinatrice joignable",           # after a role, an unknown word is no name
    "gonarthrose interne débutante",
    "douleur pr gonalgie g",                         # 'pr' is 'pour'
])
def test_world_name_negatives(deid: Deidentifier, text: str) -> None:
    assert not any(w in " ".join(spans(deid, text, "PERSON"))
                   for w in ("joignable", "aidante", "coordinatrice", "débutante", "gonalgie"))


@pytest.mark.parametrize(("text", "tag", "value"), [
    ("Secrétariat : 02 4O 55 18 3O (lundi)", "PHONE", "02 4O 55 18 3O"),         # OCR O for 0 in digit pairs
    ("TEL: O81 22 4l 19", "PHONE", "O81 22 4l 19"),
    ("FAX reçu 17/l1/2025 à 9h", "DATE", "17/l1/2025"),                          # OCR l for 1 in a date
    ("joignable au zéro quatre septante-deux onze vingt trente", "PHONE",       # a dictated phone number
     "zéro quatre septante-deux onze vingt trente"),
    ("Sra. Lucía Gómez, 52 años, caída", "AGE", "52 años"),
    ("Interne : Dr Tran Van Long.", "PERSON", "Tran Van Long"),                  # a Vietnamese middle name
])
def test_ocr_and_spoken_forms(deid: Deidentifier, text: str, tag: str, value: str) -> None:
    assert value in spans(deid, text, tag)


def test_patient_name_after_elision(deid: Deidentifier) -> None:
    patient = Patient(first_names=["Anaëlle"], surname="Brasseur", sex="F")
    assert "Anaëlle" in spans(deid, "Mot aux parents d'Anaëlle : chute à la récré.", "PATIENT", patient)
    assert spans(deid, "SpO2 98 %, T1 20 mm, zéro douleur.", "PHONE") == []


@pytest.mark.parametrize(("text", "person"), [
    ("vu avec dr renard - lambotte ce matin", "renard - lambotte"),   # spaced hyphen in a lower-case note
    ("Avis du Dr Marie - Claire Dethier", "Marie - Claire Dethier"),   # a compound first name written apart
])
def test_spaced_hyphen_names(deid: Deidentifier, text: str, person: str) -> None:
    assert person in spans(deid, text, "PERSON")


def test_header_dash_does_not_join_names(deid: Deidentifier) -> None:
    patient = Patient(first_names=["Loïc"], surname="Hoarau", sex="M")
    found = spans(deid, "SAU CHU Bellepierre - Hoarau Loïc, 31 ans.", "PATIENT", patient)
    assert found == ["Hoarau Loïc"]


@pytest.mark.parametrize(("text", "age"), [("nourrisson 11m, bronchiolite", "11m"), ("Inès 20 m - chute du lit", "20 m"),
                                           ("NN 6j, ictère", "6j"), ("NISS? non. N° SS : 2850775123456 12", None)])
def test_short_child_ages(deid: Deidentifier, text: str, age: str | None) -> None:
    if age is None:  # a social security number split before its key, after its cue: one ID
        assert "2850775123456 12" in spans(deid, text, "ID")
    else:
        assert age in spans(deid, text, "AGE")


@pytest.mark.parametrize("text", ["lésion de 18 mm", "chute de 2 m de hauteur", "recul 18 m", "ALAT 45 j"])
def test_lengths_stay_untagged(deid: Deidentifier, text: str) -> None:
    assert spans(deid, text, "AGE") == []


@pytest.mark.parametrize(("text", "age"), [("Une randonneuse de 61 ans a chuté.", "61 ans"),
                                           ("Ce touriste de 70 ans, en vacances.", "70 ans"),
                                           ("Une amie de 30 ans l'accompagne.", "30 ans")])
def test_article_noun_age(deid: Deidentifier, text: str, age: str) -> None:
    assert age in spans(deid, text, "AGE")


@pytest.mark.parametrize("text", ["un recul de 2 ans", "une histoire de 10 ans", "une PTH de 10 ans",
                                  "un arrêt de travail de 2 ans", "un âge osseux de 11 ans",
                                  "une femme enceinte de 7 mois", "une lombalgie de 3 ans"])
def test_article_noun_durations(deid: Deidentifier, text: str) -> None:
    assert spans(deid, text, "AGE") == []


@pytest.mark.parametrize("text", ["mi dr oedème prenant le godet", "DOPPLER : jambe dr thrombose"])
def test_lower_dr_is_droit_after_a_limb(deid: Deidentifier, text: str) -> None:
    assert not any(w in " ".join(spans(deid, text, "PERSON")) for w in ("oedème", "thrombose"))


@pytest.mark.parametrize(("first", "surname", "text", "found"), [
    ("Marie-Hélène", "Van Acker", "Vu ce jour Marie-H. Van Acker pour contrôle.", "Marie-H. Van Acker"),
    ("Sébastien", "Collignon", "rx poignet sébastien c. 34a", "sébastien c."),
    ("Jean-Luc", "Meunier", "jl meunier, chute de vélo", "jl meunier"),
])
def test_patient_name_with_the_other_written_short(deid: Deidentifier, first: str, surname: str, text: str,
                                                    found: str) -> None:
    patient = Patient(first_names=[first], surname=surname, sex="M")
    assert found in spans(deid, text, "PATIENT", patient)


def test_title_before_patient_name_is_no_initial(deid: Deidentifier) -> None:
    patient = Patient(first_names=["Mehdi"], surname="Amrani", sex="M")
    assert "M. Amrani" not in spans(deid, "Dossier 14 - M. Amrani Mehdi, 40 ans", "PATIENT", patient)
    assert "Amrani a" not in " ".join(spans(deid, "M. Amrani a vu le kiné.", "PATIENT", patient))


@pytest.mark.parametrize(("text", "age"), [("Une femme d'environ 35 ans, trouvée au sol.", "35 ans"),
                                           ("le patient, âgé aujourd'hui de 91 ans, vit seul", "91 ans"),
                                           ("Âge estimé : 25 ans (pas de papiers)", "25 ans")])
def test_approximate_and_estimated_ages(deid: Deidentifier, text: str, age: str) -> None:
    assert age in spans(deid, text, "AGE")
