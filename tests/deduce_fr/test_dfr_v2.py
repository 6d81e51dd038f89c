"""The second evaluation set (written before tuning, other styles) and one regression per kind of miss.

``cases_v2_tune.json`` is what the rules were tuned on: it must meet the issue's bar. The rules never
saw ``cases_v2_heldout.json`` beyond its per-tag figures: its floor only guards against a regression
(its figures are reported in docs/benchmarks.md, not tuned for).
"""

from __future__ import annotations

import pytest

from deduce_fr import TAGS, Deidentifier, Patient
from deduce_fr.annotators import nir_valid
from deduce_fr.cli import main
from deduce_fr.evaluate import DEFAULT_CASES, evaluate, load_cases

DATA = DEFAULT_CASES.parent
TUNE, HELDOUT = DATA / "cases_v2_tune.json", DATA / "cases_v2_heldout.json"



@pytest.fixture(scope="module")
def tuned(deid: Deidentifier):  # noqa: ANN201
    return evaluate(load_cases(TUNE), deid)


def test_v2_files_are_large_well_formed_and_disjoint() -> None:
    tune, held = load_cases(TUNE), load_cases(HELDOUT)
    assert len(tune) >= 300 and len(held) >= 300
    for case in tune + held:
        for ann in case["annotations"]:
            assert case["text"][ann["start_char"] : ann["end_char"]] == ann["text"] and ann["tag"] in TAGS
    assert not {c["text"] for c in tune} & {c["text"] for c in held}
    shipped = {c["text"] for c in load_cases(DEFAULT_CASES)}
    assert not shipped & {c["text"] for c in tune + held}


@pytest.mark.parametrize("tag", [t for t in TAGS if t not in ("EMAIL", "URL")])
def test_tuning_half_meets_the_bar(tuned, tag: str) -> None:  # noqa: ANN001
    score = tuned.scores[tag]
    assert score.count >= 50
    assert score.recall >= 0.98, (tag, score)
    assert score.precision >= 0.90, (tag, score)


def test_tuning_half_leaks_at_most_half_a_percent(tuned) -> None:  # noqa: ANN001
    assert tuned.identifying_chars > 10000
    assert tuned.uncovered_share <= 0.005


def test_heldout_half_does_not_regress(deid: Deidentifier) -> None:
    result = evaluate(load_cases(HELDOUT), deid)
    assert result.uncovered_share <= 0.03  # 2.4% when written; the first version of the rules left 23%


def test_cli_prints_the_uncovered_share(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", str(HELDOUT)]) == 0
    assert "identifying characters left uncovered" in capsys.readouterr().out


def tags(deid: Deidentifier, text: str, patient: Patient | None = None) -> set[tuple[str, str]]:
    return {(s.tag, s.text) for s in deid.annotate(text, patient=patient).spans}


@pytest.mark.parametrize(("text", "expected"), [
    ("Accompagnée de son fils Julien et de sa voisine Mme Lenoir.", {("PERSON", "Julien"), ("PERSON", "Lenoir")}),
    ("Personne de contact : sa petite-fille Amélie, 0475 12 34 56.",
     {("PERSON", "Amélie"), ("PHONE", "0475 12 34 56")}),
    ("Famille : épouse Ginette, fils Paul et Marc.", {("PERSON", "Ginette"), ("PERSON", "Paul"), ("PERSON", "Marc")}),
    ("Reçus ce jour M. et Mme Lefort.", {("PERSON", "Lefort")}),
    ("Discuté avec les Drs Boulanger, Mars et Lenoir.",
     {("PERSON", "Boulanger"), ("PERSON", "Mars"), ("PERSON", "Lenoir")}),
    ("Validé par MM. Dimanche et Noël.", {("PERSON", "Dimanche"), ("PERSON", "Noël")}),
    ("Demandé par le Dr Martin, relu par le Pr Jardin.", {("PERSON", "Martin"), ("PERSON", "Jardin")}),
    ("Médecin traitant : Dr Ch. Fontaine ; cardiologue : Dr Ph. de Wasseige.",
     {("PERSON", "Ch. Fontaine"), ("PERSON", "Ph. de Wasseige")}),
    ("Prescripteur : Dr Sophie Boulanger-Mercier.", {("PERSON", "Sophie Boulanger-Mercier")}),
    ("Amitiés, Esther Marchand", {("PERSON", "Esther Marchand")}),
])  # fmt: skip
def test_persons(deid: Deidentifier, text: str, expected: set[tuple[str, str]]) -> None:
    assert tags(deid, text) == expected


def test_patient_name_in_lower_case_and_any_order(deid: Deidentifier) -> None:
    patient = Patient(first_names=["Marie"], surname="Dupont", sex="F")
    assert tags(deid, "nom : dupont marie", patient) == {("PATIENT", "dupont marie")}
    assert tags(deid, "patient : marie dupont ; rx genou", patient) == {("PATIENT", "marie dupont")}
    assert tags(deid, "la marie du village", patient) == set()  # one lower-case word alone is not enough


def _nir(body: str) -> str:
    key = 97 - int(body.replace("2A", "19").replace("2B", "18")) % 97
    return f"{body[0]} {body[1:3]} {body[3:5]} {body[5:7]} {body[7:10]} {body[10:13]} {key:02d}"


@pytest.mark.parametrize("nir", [_nir("1520375113042"), _nir("2800299123456"), _nir("178052A012345"),
                                 _nir("178052B012345").replace(" ", ""), _nir("2450713210987").replace(" ", ".")])
def test_nir_is_one_span_with_its_key_checked(deid: Deidentifier, nir: str) -> None:
    digits = nir.replace(" ", "").replace(".", "")
    assert nir_valid(digits[:13], digits[13:])
    assert not nir_valid(digits[:13], f"{(int(digits[13:]) + 1) % 100:02d}")
    assert tags(deid, f"N° sécu {nir} ; tél 04 71 23 45 67.") == {("ID", nir), ("PHONE", "04 71 23 45 67")}


def test_nir_with_its_key_announced(deid: Deidentifier) -> None:
    nir = _nir("1520375113042")
    text = f"NIR {nir[:-3]} clé {nir[-2:]} ; tél 04 71 23 45 67"
    assert tags(deid, text) == {("ID", f"{nir[:-3]} clé {nir[-2:]}"), ("PHONE", "04 71 23 45 67")}


@pytest.mark.parametrize("number", ["2 52 03 75 113 042 17", "1 52 03 2A 113 042 17", "52 03 04 123 45",
                                    "52.03.04 123-46"])
def test_national_numbers_are_never_partly_masked_as_phones(deid: Deidentifier, number: str) -> None:
    """A bad key (typo, test number) still makes one ID span: never '1 52 [TELEPHONE] 17'."""
    found = tags(deid, f"NIR/NISS : {number}.")
    assert found == {("ID", number)}


@pytest.mark.parametrize(("text", "expected"), [
    ("Demande n° REQ 2025-938925 ; ordonnance CR 2020881732.",
     {("ID", "REQ 2025-938925"), ("ID", "CR 2020881732")}),
    ("IPP 28595565", {("ID", "28595565")}),
    ("Antécédent de fracture du col à 83 ans ; en EHPAD depuis ses 80 ans.", {("AGE", "83 ans"), ("AGE", "80 ans")}),
    ("Enfant de 3 ans et 7 mois. Contrôle à 6 semaines.", {("AGE", "3 ans et 7 mois")}),
    ("Pat. Lucas (61 a), chute.", {("AGE", "61 a"), ("PERSON", "Lucas")}),  # a first name alone is a name too
    ("Transfert au CHRU de Nancy puis au CH de Dax.", {("INSTITUTION", "CHRU de Nancy"), ("INSTITUTION", "CH de Dax")}),
    ("Suivie à la Pitié, puis aux HCL et à l'AP-HP.",
     {("INSTITUTION", "Pitié"), ("INSTITUTION", "HCL"), ("INSTITUTION", "AP-HP")}),
    ("Examen antérieur au Centre d'imagerie Médipôle et au Cabinet de radiologie du Parc.",
     {("INSTITUTION", "Centre d'imagerie Médipôle"), ("INSTITUTION", "Cabinet de radiologie du Parc")}),
    ("Consultation au CHIREC site Delta.", {("INSTITUTION", "CHIREC"), ("INSTITUTION", "Delta")}),
    ("Chute au ski à Courchevel, rapatriée à Spa.", {("LOCATION", "Courchevel"), ("LOCATION", "Spa")}),
    ("Adresse :\n17 chaussée des Alliés\n62520 Le Touquet",
     {("LOCATION", "17 chaussée des Alliés"), ("LOCATION", "62520 Le Touquet")}),
])  # fmt: skip
def test_ids_ages_institutions_places(deid: Deidentifier, text: str, expected: set[tuple[str, str]]) -> None:
    assert tags(deid, text) == expected


@pytest.mark.parametrize("text", [
    "Bonne congruence radio-ulnaire distale. Petite fracture de la styloïde.",
    "Le centre de la lésion mesure 12 mm. Imagerie médicale : pas de lésion.",
    "Sa fille est présente. Son fils habite loin. Contrôle à 6 semaines ; kiné 2 fois par semaine.",
    "Fracture de Pouteau-Colles, signe de Lachman négatif, maladie de Dupuytren.",
])  # fmt: skip
def test_hard_negatives(deid: Deidentifier, text: str) -> None:
    assert tags(deid, text) == set()


def test_referring_physician_whole_name_is_surrogated_consistently(deid: Deidentifier) -> None:
    """Real producers' PDFs kept the referrer's surname while the first name was replaced."""
    text = ("Adressée par le Dr Sophie Boulanger.\nCopie : Dr S. Boulanger ; Dr Boulanger.\n"
            "Médecin demandeur : BOULANGER Sophie")
    out = deid.pseudonymize(text, key="p1").text
    assert "Boulanger" not in out and "BOULANGER" not in out and "Sophie" not in out
    again = deid.pseudonymize(text, key="p1").text
    assert out == again
