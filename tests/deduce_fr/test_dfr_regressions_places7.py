"""Wave-13 place regressions (place13): road numbers, a doctor's town in brackets, a town closing a bracket, the
'oe' spelling of 'œ' communes, a country in brackets after a home town, and the cue-led rules run only at their cues.

Each case is written here in our own words for one phenomenon the independent sets showed (never a copy of a dev
case), with hard negatives: a vertebra, a vitamin, a tumour stage or an artery segment is no road; a doctor's field
in brackets is no town.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from deduce_fr import Deidentifier
from deduce_fr.annotators import Context
from deduce_fr.places_extra import _CUED_STREET, _CUED_STREET_GATE, _HOME, _ORIGIN, _matches_at, _word_offsets
from deduce_fr.tokenizer import tokenize

ROOT = Path(__file__).resolve().parents[2]

FOUND = [
    # a road's number, the way the writers who mark roads write it: the number alone
    ("Collision frontale sur l'A31 au petit matin.", {("LOCATION", "A31")}),
    ("Sortie de route sur la N25 près du pont.", {("LOCATION", "N25")}),
    ("Accident de camion sur la RN 20, désincarcéré.", {("LOCATION", "RN 20")}),
    ("Chute de vélo sur la D 1085 en descente.", {("LOCATION", "D 1085")}),
    ("Bouchon sur l'autoroute A63 depuis Bayonne.", {("LOCATION", "A63")}),
    ("Kettingbotsing op de E314 richting Aken.", {("LOCATION", "E314")}),
    ("Motorradunfall auf der B258 bei Monschau.", {("LOCATION", "B258")}),
    # a doctor's town in brackets after his name, in a note written all in lower case
    ("entorse, adressée par dr morel (pontarlier) hier", {("LOCATION", "pontarlier")}),
    # a listed town that is also a word closing a bracket after a comma ('anglet' is a moulding), capitalised or in
    # a note written in lower case
    ("Professeur de judo (Dojo des Sables, Anglet).", {("LOCATION", "Anglet")}),
    ("entorse (dr morel, cabinet du centre, villefranche-sur-saône) revue ce jour", {
        ("LOCATION", "villefranche-sur-saône")}),
    # a country in brackets after the home town of a 'Domicile :' field
    ("Domicile : Longwy (France) - frontalier.", {("LOCATION", "France")}),
    # a commune written 'oe' whose list spelling has 'œ'
    ("Urgences de Hoerdt, le 4 mars 2025 : entorse de cheville.", {("LOCATION", "Hoerdt")}),
    # villages no list has, made places by the layout or a cue (invented names, as real villages outnumber lists):
    # the town closing an institution's header line after a dash or a comma
    ("Maison de repos Les Tilleuls – Vaulmérac\nTransmission du soir", {("LOCATION", "Vaulmérac")}),
    ("Centre médical Les Saules, Kerbrenac\nM. Durand, 71 ans", {("LOCATION", "Kerbrenac")}),
    # a trade or an institution, a comma and the town in brackets
    ("Suivi par le Dr Picot (rhumatologue, Ploudanec).", {("LOCATION", "Ploudanec")}),
    # a residence field; the 'à' of a town after a year, an age in brackets or a house number
    ("woonplaats / domicile : Hermanvelde", {("LOCATION", "Hermanvelde")}),
    ("Prothèse posée en 2011 à Strombach, reprise en 2020.", {("LOCATION", "Strombach")}),
    ("Soins chez Mme Roux (82 ans) à Vernouillac ce matin.", {("LOCATION", "Vernouillac")}),
    # a doctor with an initial and a particle, a comma and his town closing the line
    ("Demandeur : Dr J. Le Bihan, Kervézec\nRadiographie du bassin", {("LOCATION", "Kervézec")}),
    # a compound no list has on a letter's date line
    ("Vaulx-Montreux, le 3 mars 2025\nCher confrère,", {("LOCATION", "Vaulx-Montreux")}),
    # a farmer's village after his trade, in French, German and Dutch
    ("Agriculteur laotien de Kermorvan, blessé par une faux.", {("LOCATION", "Kermorvan")}),
    ("Landwirt in Wirtzfeld, vom Traktor gestürzt.", {("LOCATION", "Wirtzfeld")}),
    # a listed town cut at its hyphen by a line break
    ("Elle habite à Saint-\nJean-de-Luz depuis dix ans.", {("LOCATION", "Saint-\nJean-de-Luz")}),
    # a district after 'quartier du' (the article makes the ordinary word a name); an island after 'l'île de';
    # an island group with its article contracted
    ("Elle réside dans le quartier du Chaudron.", {("LOCATION", "Chaudron")}),
    ("Il vit sur l'île de Marie-Galante avec sa fille.", {("LOCATION", "île de Marie-Galante")}),
    ("Vit aux Saintes, évacuée par hélicoptère.", {("LOCATION", "Saintes")}),
    # a letter's date line in Dutch or with a Roman month; a company's registry town; near a place
    ("Hermanvelde, 12 februari 2025\nGeachte collega,", {("LOCATION", "Hermanvelde")}),
    ("Strombach, le 3.IV.2025\nÀ l'attention du Dr X", {("LOCATION", "Strombach")}),
    ("SELARL Imagerie du Parc - RCS Kervézec B 512 334 908", {("LOCATION", "Kervézec")}),
    ("Blessé en forêt près de Vaulmérac par une branche.", {("LOCATION", "Vaulmérac")}),
    ("Aanrijding op de E40 ter hoogte van Kermorvan.", {("LOCATION", "Kermorvan")}),
    # a place in brackets right after a listed town; Dutch 'uit' and 'te'
    ("Domiciliée à Comines-Warneton (Ploudanec) depuis 2001.", {("LOCATION", "Ploudanec")}),
    ("Betreft: mevr. An Claes uit Strombach, geboren 1950.", {("LOCATION", "Strombach")}),
    ("Werknemer bij Brouwerij Maes te Vaulmérac.", {("LOCATION", "Vaulmérac")}),
]

NOT_FOUND = [
    # vertebrae, vitamins, stages, artery segments after an article are no roads
    ("Tassement ancien de D12 et de la D11, sans recul du mur.", "D12"),
    ("Dosage de la B12 et des folates demandé.", "B12"),
    ("Classé T2 N0 M0 ; pas d'atteinte de la N1.", "N1"),
    ("Sténose serrée de l'A2 gauche en angiographie.", "A2"),
    ("Taux d'E2 bas, bilan hormonal.", "E2"),
    # a doctor's field in brackets (his name capitalised: the note is not all lower case)
    ("Avis Dr Lambert (ortho) : immobilisation.", "ortho"),
    ("Revu par le Dr Fontaine (Cardiologie) ce matin.", "Cardiologie"),
    # a word closing a bracket after a comma that is no listed town
    ("Traitement (paracétamol, ibuprofène) bien toléré.", "ibuprofène"),
    # a header's service, group or document part after the institution is no town
    ("Clinique Saint-Odile – Orthopédie\nCompte rendu", "Orthopédie"),
    ("Klinik Sankt Anna – Aufnahme\nBefund", "Aufnahme"),
    ("IMAGERIE DU PARC - SELARL IMP\nRadiographie", "SELARL"),
    ("Centre hospitalier du Nord – Gastro-entérologie", "Gastro"),
    ("Hôpital de la Croix – Kinderziekenhuis", "Kinderziekenhuis"),
    # a meniscus tear named like a cove; a person or an acronym in brackets after a trade
    ("Rupture en anse de seau du ménisque (l'Anse de Seau typique).", "Seau"),
    ("Suivi (kinésithérapeute, Mme Lenoir) deux fois par semaine.", "Lenoir"),
    # a farmer's animals are no village; 'à' after a number and a care word is no town
    ("Éleveur de Charolais, chute dans la stabulation.", "Charolais"),
    ("Passage infirmier 2 fois à Domicile par jour.", "Domicile"),
    # a registry's letter, a hospital's acronym or an ordinary word in brackets after a town
    ("RCS Vannes B 443 128 906", "Vannes B"),
    ("Examen fait à Namur (CHU) puis à Liège (Citadelle).", "Citadelle"),
    # near a first name (a feast), a capitalised verb after 'te'
    ("Chute près de Noël, au domicile.", "Noël"),
    ("Je te Remercie pour ton courrier.", "Remercie"),
]


@pytest.mark.parametrize(("text", "expected"), FOUND)
def test_places7_found(deid: Deidentifier, text: str, expected: set[tuple[str, str]]) -> None:
    found = {(s.tag, s.text) for s in deid.annotate(text).spans}
    assert expected <= found, found


@pytest.mark.parametrize(("text", "word"), NOT_FOUND)
def test_places7_not_found(deid: Deidentifier, text: str, word: str) -> None:
    spans = deid.annotate(text).spans
    assert not any(word in s.text and s.tag == "LOCATION" for s in spans), [(s.tag, s.text) for s in spans]


CUE_TEXTS = [
    "Née au Maroc, elle s'installe en Belgique ; vit à Anderlues. Domicilié : Wolvendael 3 à Uccle.",
    "M. X, 82 ans, à Hoenheim ; il s'est installé au Portugal puis revenu d'Algérie. adresse : Hoogveld 12, 9200 Gent",
    "originaire de Pondichéry, réside à Brando, wohnt in Honsfeld, aus Mackenbach, l'enfance au Sénégal",
    "qu'habite à Rodt ; NÉE AU MAROC ; née au\tCongo ; domiciliée aux Abymes ; 82ans, à Wolxheim",
]


@pytest.mark.parametrize("text", CUE_TEXTS)
def test_cue_led_rules_match_as_a_whole_text_scan(deid: Deidentifier, text: str) -> None:
    """The cue-led rules, tried only at their cue words' offsets, find what a scan of the whole text finds."""
    from deduce_fr import places_extra as pe

    ctx = Context(text=text, tokens=tokenize(text), lookups=deid.lookups)
    words = set(ctx.folded)
    for pattern, cues in ((_ORIGIN, pe._ORIGIN_CUES), (_HOME, pe._HOME_CUES)):
        starts = _word_offsets(ctx, cues, words)
        if pattern is _HOME:
            starts = sorted((*starts, *(m.start() for m in pe._AGE_AT.finditer(text))))
        assert [m.span() for m in _matches_at(pattern, text, starts)] == [m.span() for m in pattern.finditer(text)]
    starts = [g.start() for g in _CUED_STREET_GATE.finditer(ctx.folded_text)]
    assert [m.span() for m in _matches_at(_CUED_STREET, text, starts)] == [
        m.span() for m in _CUED_STREET.finditer(text)]


def test_communes_builder_keeps_the_oe_spelling_of_a_listed_oe_name(tmp_path: Path) -> None:
    """A commune whose 'œ' spelling another list holds ('Hœnheim' in cities.txt) also gets its 'oe' spelling: the
    builder's key folds 'œ' to 'oe' (so it read 'Hoenheim' as known), the annotators' key does not."""
    pytest.importorskip("wordfreq")
    sys.path.insert(0, str(ROOT / "scripts"))
    import build_communes

    communes = [{"nom": "Hœnheim", "type": "commune-actuelle"}, {"nom": "Lyon", "type": "commune-actuelle"},
                {"nom": "Strasbourg", "type": "arrondissement-municipal"}]
    path = tmp_path / "communes.json"
    path.write_text(json.dumps(communes), encoding="utf-8")
    more, cue_only, counts = build_communes.split(build_communes.read_communes(path))
    assert "Hoenheim" in more and "Hœnheim" not in more  # (the 'œ' spelling is listed already)
    assert "Lyon" not in more and counts["oe_spellings"] == 1
    committed = (ROOT / "deduce_fr" / "data" / "cities_fr_communes.txt").read_text(encoding="utf-8").splitlines()
    assert {"Hoenheim", "Hoerdt", "Boersch", "Oeuilly"} <= set(committed)
