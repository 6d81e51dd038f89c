"""Wave-6 PERSON precision regressions, written in our own words: what the name rules and the
proper-noun fallback took for a person and is an acronym, a clinical term or an employer. The
characters of an unknown acronym stay covered (privacy first); only its tag changes, and a known
clinical abbreviation (data/abbreviations_fr_medical.txt) is no PHI at all."""

from __future__ import annotations

import pytest

from deduce_fr import Deidentifier


def tagged(deid: Deidentifier, text: str) -> dict[str, str]:
    return {s.text: s.tag for s in deid.annotate(text).spans}


def tag_covering(deid: Deidentifier, text: str, part: str) -> str | None:
    """The tag of the span that holds ``part`` whole (the organisation rules may take a longer name:
    'UDAF 59', 'Groepspraktijk De Linde')."""
    start = text.index(part)
    return next((s.tag for s in deid.annotate(text).spans
                 if s.start_char <= start and start + len(part) <= s.end_char), None)


@pytest.mark.parametrize(("text", "term"), [
    ("Consolidation acquise ; DFTP classe II retenu pour quatre semaines.", "DFTP"),  # Dintilhac head of damage
    ("Dossier MDPH en cours, le médecin soutient une demande de RQTH.", "RQTH"),       # a social status
    ("Immobilisation par plâtre BABP pendant trois semaines, vu par le Dr Wauters.", "BABP"),  # clinical inventory
    ("Pneumopathie basale droite, CURB-65 calculé à 2, hospitalisation.", "CURB"),    # a score and its number
    ("Service demandeur : SAU   Médecin traitant : Dr Lefebvre", "SAU"),              # after a person trigger
    ("Codage du séjour : score CHADS élevé, anticoagulation discutée.", "CHADS"),     # after 'score'
])
def test_clinical_abbreviations_are_no_phi(deid: Deidentifier, text: str, term: str) -> None:
    assert term not in tagged(deid, text)


@pytest.mark.parametrize(("text", "acronym"), [
    ("Mesure de protection : sa curatrice (UDAF 59) a été informée.", "UDAF"),        # a department number after
    ("Hélitreuillé par le PGHM après une chute en montagne.", "PGHM"),                # an article before
    ("Dossier transmis à la CPSM pour prise en charge du transport.", "CPSM"),
    ("Orientation vers le SDSMR, assistante sociale prévenue, suivi par M. Gossart.", "SDSMR"),
])
def test_unknown_acronyms_are_organisations(deid: Deidentifier, text: str, acronym: str) -> None:
    assert tag_covering(deid, text, acronym) == "INSTITUTION"


@pytest.mark.parametrize(("text", "employer"), [
    ("Mme Kaya, 44 ans, caissière chez Lidoria depuis dix ans, chute au travail.", "Lidoria"),
    ("Homme de 39 ans, maçon chez Dewandre & Fils, chute d'échafaudage.", "Dewandre"),
    ("Secrétariat du cabinet Lhoest & Bury, merci de transmettre le compte rendu.", "Bury"),
])
def test_employers_after_an_occupation_are_organisations(deid: Deidentifier, text: str, employer: str) -> None:
    # the employer alone, or inside the organisation annotator's longer span ('Dewandre & Fils')
    assert [t for span, t in tagged(deid, text).items() if employer in span] == ["INSTITUTION"]


@pytest.mark.parametrize(("text", "name"), [
    ("Vu en consultation chez le Dr Gossart et chez Mme Kinet.", "Kinet"),       # 'chez' + title: people
    ("Avis des Drs. Wieczorek & Lambotte, reprise chirurgicale.", "Lambotte"),   # a plural title before '&'
    ("Patient adressé par M. VERHAEGEN pour douleur du genou.", "VERHAEGEN"),    # a title before ALL-CAPS
    ("Rendez-vous pris par son fils Kevin DUBUISSON au secrétariat.", "Kevin DUBUISSON"),
])
def test_people_keep_their_tag(deid: Deidentifier, text: str, name: str) -> None:
    assert tagged(deid, text).get(name) == "PERSON"


def test_term_after_elided_article_is_no_name(deid: Deidentifier) -> None:
    text = "Monsieur l'Expert,\nVeuillez trouver ci-joint le rapport concernant M. Lhoest."
    assert "l'Expert" not in tagged(deid, text)
    assert tagged(deid, text).get("Lhoest") == "PERSON"


@pytest.mark.parametrize(("text", "patient", "name"), [
    # a civility at a line start never grows into the patient's name (Dutch), nor ends a run of words (German)
    ("AZ Sint-Jan — campus Oostende\nMevrouw Anneleen De Clercq, °14.03.1975, verwezen door dr. Peeters.",
     {"surname": "De Clercq", "first_names": ["Anneleen"]}, "Anneleen De Clercq"),
    ("Die Kasse bittet um einen Bericht über die Verletzungen von Herrn Matthias Kohnen aus Büllingen.",
     {"surname": "Kohnen", "first_names": ["Matthias"]}, "Matthias Kohnen"),
])
def test_foreign_civilities_stay_outside_names(deid: Deidentifier, text: str, patient: dict, name: str) -> None:
    found = {s.text: s.tag for s in deid.annotate(text, patient=patient).spans}
    assert found.get(name) == "PATIENT"


def test_doctor_sharing_the_patients_first_name_is_a_person(deid: Deidentifier) -> None:
    # the patient is Étienne Rolland; 'Dr Étienne Mallet' is a colleague with the same first name
    text = "Cher confrère, je vous adresse M. Rolland (Dr Étienne Mallet en copie) pour une gonalgie."
    found = {s.text: s.tag for s in deid.annotate(text, patient={"surname": "Rolland", "first_names": ["Étienne"]}).spans}
    assert found == {"Rolland": "PATIENT", "Étienne Mallet": "PERSON"}


@pytest.mark.parametrize(("text", "organisation"), [
    ("Magasinier chez Van Hoorde Logistics depuis 2019, chute d'un quai.", "Van Hoorde Logistics"),
    ("Dr Els Wouters, Groepspraktijk De Linde, Mechelen", "De Linde"),
])
def test_names_beside_organisation_words_are_organisations(deid: Deidentifier, text: str, organisation: str) -> None:
    assert tag_covering(deid, text, organisation) == "INSTITUTION"


def test_doctor_before_a_service_line_stays_a_person(deid: Deidentifier) -> None:
    text = "Dr. Wim Vercruysse\nDienst Radiologie\nAZ Delta"
    assert tagged(deid, text).get("Wim Vercruysse") == "PERSON"
