"""One behaviour per annotator: what it finds and what it must leave alone."""

from __future__ import annotations

import pytest

from deduce_fr import Deidentifier, Patient
from deduce_fr.annotators import niss_valid


@pytest.fixture()
def patient() -> Patient:
    return Patient(first_names=["Marie", "Claire"], surname="Dupont", birth_date="1952-04-03",
                   ids=["4471203"], sex="F")


def tags(deid: Deidentifier, text: str, patient: Patient | None = None) -> list[tuple[str, str]]:
    return [(s.tag, s.text) for s in deid.annotate(text, patient=patient).spans]


@pytest.mark.parametrize("text", ["dr.martin@skynet.be", "secretariat.radio@chu-liege.be"])
def test_email(deid: Deidentifier, text: str) -> None:
    assert tags(deid, f"Écrire à {text}.") == [("EMAIL", text)]


@pytest.mark.parametrize("text", ["www.huderf.be", "https://www.chu-liege.be/resultats", "chirec.be/rdv"])
def test_url(deid: Deidentifier, text: str) -> None:
    assert tags(deid, f"Voir {text}.") == [("URL", text)]


@pytest.mark.parametrize("text", ["02/764.11.11", "0475 12 34 56", "+32 (0)2 764 11 11", "0032 475 12 34 56",
                                  "01 23 45 67 89", "+33 6 12 34 56 78", "0475/12.34.56", "04.223.12.12"])
def test_phone(deid: Deidentifier, text: str) -> None:
    assert tags(deid, f"Tél. {text} (secrétariat)") == [("PHONE", text)]


def test_phone_is_not_a_date(deid: Deidentifier) -> None:
    assert tags(deid, "Examen du 03.04.2021.") == [("DATE", "03.04.2021")]


def test_niss_checksum() -> None:
    assert niss_valid("52040312345") is (97 - 520403123 % 97 == 45)
    body = 520403123
    assert niss_valid(f"{body}{97 - body % 97:02d}")
    born_2000s = 10203456
    assert niss_valid(f"{born_2000s:09d}{97 - (2_000_000_000 + born_2000s) % 97:02d}")


def test_niss_spaced_valid_key_and_bad_key(deid: Deidentifier) -> None:
    """A valid key is found by the NISS annotator; a bad key (typo, test number) is still one ID span
    (digit groups), never a phone number cut out of its middle with the rest left readable."""
    body = 520403123
    good = f"52.04.03-123.{97 - body % 97:02d}"
    bad = f"52 04 03 123 {(97 - body % 97 + 1) % 100:02d}"
    assert niss_valid(good.replace(".", "").replace("-", "")) and not niss_valid(bad.replace(" ", ""))
    assert ("ID", good) in tags(deid, f"NISS {good}")
    assert tags(deid, f"valeurs {bad} ici") == [("ID", bad)]


@pytest.mark.parametrize("text", ["1-23456-78-901", "RX2021-004512", "ACC20210042", "20210403123"])
def test_identifiers(deid: Deidentifier, text: str) -> None:
    assert tags(deid, f"Référence {text}.") == [("ID", text)]


def test_id_after_cue(deid: Deidentifier) -> None:
    assert tags(deid, "N° dossier : A105798") == [("ID", "A105798")]


@pytest.mark.parametrize("text", ["03/04/2021", "3.4.21", "17.02.24", "2021-04-03", "3 avril 2021", "lundi 3 avril",
                                  "avril 2021", "1er mars 2020", "04/2021", "2021-04-03T14:30"])
def test_dates(deid: Deidentifier, text: str) -> None:
    assert tags(deid, f"Vu le {text}, revu ensuite.") == [("DATE", text)]


def test_lone_year_needs_a_cue(deid: Deidentifier) -> None:
    assert tags(deid, "Patiente née en 1967.") == [("DATE", "1967")]
    assert tags(deid, "Volume mesuré : 1967 ml.") == []


@pytest.mark.parametrize(("text", "age"), [("Patiente de 72 ans, chute.", "72 ans"), ("Homme 72a.", "72a"),
                                           ("Enfant de 11 ans et 6 mois.", "11 ans et 6 mois"),
                                           ("Nourrisson de 8 mois.", "8 mois"), ("Âge : 93 ans", "93 ans")])
def test_ages(deid: Deidentifier, text: str, age: str) -> None:
    assert tags(deid, text) == [("AGE", age)]


@pytest.mark.parametrize("text", ["Contrôle à 6 mois.", "Douleurs depuis 2 ans.", "Immobilisation 6 semaines."])
def test_durations_are_not_ages(deid: Deidentifier, text: str) -> None:
    assert tags(deid, text) == []


@pytest.mark.parametrize("text", ["Clinique Saint-Jean", "CHU de Liège", "Cliniques universitaires Saint-Luc",
                                  "Clinique St-Pierre", "Maison de repos Les Tilleuls", "HUDERF",
                                  "Grand Hôpital de Charleroi", "AZ Sint-Jan", "Hôpital Erasme"])
def test_institutions(deid: Deidentifier, text: str) -> None:
    assert tags(deid, f"Transfert vers {text} ce jour.") == [("INSTITUTION", text)]


def test_hospital_without_name_is_not_tagged(deid: Deidentifier) -> None:
    assert tags(deid, "Retour à l'hôpital de jour.") == []


@pytest.mark.parametrize("text", ["rue de la Loi 16", "avenue Louise 231", "chaussée de Waterloo 1012",
                                  "drève de Lorraine 14", "clos des Lilas 7", "Kerkstraat 12", "23 rue Haute"])
def test_addresses(deid: Deidentifier, text: str) -> None:
    assert tags(deid, f"Domicile : {text}.") == [("LOCATION", text)]


def test_postcode_and_city(deid: Deidentifier) -> None:
    assert tags(deid, "Adresse : rue Haute 3, 1000 Bruxelles") == [("LOCATION", "rue Haute 3"),
                                                                   ("LOCATION", "1000 Bruxelles")]
    assert tags(deid, "Réside à Louvain-la-Neuve.") == [("LOCATION", "Louvain-la-Neuve")]


@pytest.mark.parametrize(("text", "names"), [
    ("Vu par le Dr Martin.", ["Martin"]),
    ("Le Dr. Van den Berghe confirme.", ["Van den Berghe"]),
    ("Pr de la Croix, chef de clinique.", ["de la Croix"]),
    ("Avis du docteur El Amrani.", ["El Amrani"]),
    ("Copie : Drs Martin et Lefèvre", ["Martin", "Lefèvre"]),
    ("Dicté par : J.-P. Dumont", ["J.-P. Dumont"]),
    ("Sophie Martin a revu les clichés.", ["Sophie Martin"]),
    ("LAMBERT Sophie, technologue.", ["LAMBERT Sophie"]),
    ("Bien confraternellement, Dr LEROY Denis", ["LEROY Denis"]),
])
def test_persons(deid: Deidentifier, text: str, names: list[str]) -> None:
    assert tags(deid, text) == [("PERSON", n) for n in names]


@pytest.mark.parametrize("text", [
    "Fracture de Pouteau-Colles.", "Fracture de Monteggia et de Galeazzi.", "Fracture de Maisonneuve.",
    "Pas de Hill-Sachs.", "Entorse de Lisfranc, Chopart respecté.", "Fracture de Segond.", "Weber B.",
    "Garden IV.", "Mason II.", "Salter-Harris II.", "Âge osseux selon Greulich et Pyle.",
    "Classification de Lagrange et Rigault.", "Discopathie L5-S1, C7, T12, D2, P1.", "Angle de 30°, 1000 mg.",
    "Contrôle à J10.",
])
def test_hard_negatives(deid: Deidentifier, text: str) -> None:
    assert tags(deid, text) == []


@pytest.mark.parametrize(("text", "found"), [
    ("DUPONT Marie-Claire", "DUPONT Marie-Claire"), ("M.-C. Dupont", "M.-C. Dupont"), ("Mme Dupont", "Dupont"),
    ("Dupont M., suivi", "Dupont M."), ("Mme Dupond revient", "Dupond"), ("Marie-Claire se plaint", "Marie-Claire"),
])
def test_patient_forms(deid: Deidentifier, patient: Patient, text: str, found: str) -> None:
    assert ("PATIENT", found) in tags(deid, text, patient)


def test_patient_ids_and_particles(deid: Deidentifier) -> None:
    p = Patient(first_names=["Luc"], surname="Van den Berghe", ids=["A105798"])
    assert tags(deid, "M. Van den Berghe (A105798)", p) == [("PATIENT", "Van den Berghe"), ("ID", "A105798")]


def test_first_name_of_someone_else_is_not_the_patient(deid: Deidentifier, patient: Patient) -> None:
    assert tags(deid, "validé par le docteur Marie Boland", patient) == [("PERSON", "Marie Boland")]


def test_custom_staff_list(tmp_path) -> None:  # noqa: ANN001
    import yaml

    from deduce_fr.deidentifier import DEFAULT_CONFIG

    cfg = yaml.safe_load(DEFAULT_CONFIG.read_text(encoding="utf-8"))
    (tmp_path / "staff.txt").write_text("Gaston Lagaffe\n", encoding="utf-8")
    cfg["lookups"]["extra_persons"] = ["staff.txt"]
    path = tmp_path / "my.yaml"
    path.write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
    assert tags(Deidentifier(config=path), "relu par gaston lagaffe hier") == [("PERSON", "gaston lagaffe")]


def test_spans_sorted_and_disjoint(deid: Deidentifier, patient: Patient) -> None:
    text = ("DUPONT Marie-Claire, née le 03/04/1952 (4471203), vue le 3 avril 2021 au CHU de Liège par le "
            "Dr Martin ; tél. 02/764.11.11 ; rue de la Loi 16, 1000 Bruxelles.")
    spans = deid.annotate(text, patient=patient).spans
    assert len(spans) == 9
    for a, b in zip(spans, spans[1:]):
        assert a.end_char <= b.start_char
    assert all(text[s.start_char : s.end_char] == s.text for s in spans)
