"""Places and institutions: one regression per kind of miss found on the hand-written dev set
(``data/cases_dev_places.json``, from ``dev_places_source.txt``), the set's own floor, and the register
extraction of ``scripts/build_places.py``.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from deduce_fr import TAGS, Deidentifier
from deduce_fr.evaluate import DEFAULT_CASES, evaluate, load_cases

ROOT = Path(__file__).resolve().parents[2]
DEV = DEFAULT_CASES.parent / "cases_dev_places.json"



def spans(deid: Deidentifier, text: str) -> set[tuple[str, str]]:
    return {(s.tag, s.text) for s in deid.annotate(text).spans}


@pytest.mark.parametrize(("text", "expected"), [
    # institutions named alone after a cue, from the public register (FINESS / FPS Health)
    ("Bilan d'extension fait à Gustave Roussy à Villejuif.", {("INSTITUTION", "Gustave Roussy")}),
    ("Transférée à la Timone puis à l'hôpital Nord.", {("INSTITUTION", "Timone")}),
    ("Transfert à la Cavale Blanche (Brest) en neurochirurgie.", {("INSTITUTION", "Cavale Blanche")}),
    ("Scanner réalisé à Rangueil, compte rendu joint.", {("INSTITUTION", "Rangueil")}),
    # heads: lower-case heads before a town, adjectives, new heads, a capitalised name after a lower-case head
    ("patiente suivie au ch de montélimar, domiciliée à dieulefit.",
     {("INSTITUTION", "ch de montélimar"), ("LOCATION", "dieulefit")}),
    ("pt transféré du chu de poitiers ce matin, vit à niort.",
     {("INSTITUTION", "chu de poitiers"), ("LOCATION", "niort")}),
    ("Antécédent d'accouchement à l'Hôpital américain de Neuilly.",
     {("INSTITUTION", "Hôpital américain de Neuilly")}),
    ("Lettre de sortie – Hôpital de la Croix-Rousse, Hospices Civils de Lyon.",
     {("INSTITUTION", "Hôpital de la Croix-Rousse"), ("INSTITUTION", "Hospices Civils de Lyon")}),
    ("Amené du centre neurologique William Lennox à Ottignies.",
     {("INSTITUTION", "centre neurologique William Lennox"), ("LOCATION", "Ottignies")}),
    ("Rééducation au centre de revalidation Inkendaal.", {("INSTITUTION", "centre de revalidation Inkendaal")}),
    ("Sorti vers le SSR Les Trois Soleils à Boissise-le-Roi.", {("INSTITUTION", "SSR Les Trois Soleils")}),
    ("Consultation au CHIREC, hôpital Delta à Auderghem.", {("INSTITUTION", "CHIREC, hôpital Delta")}),
    ("Pensionnaire de la maison de repos « Les Jardins de Picardie ».",
     {("INSTITUTION", "Les Jardins de Picardie")}),
    # Belgian care homes and groups: names of ordinary words, an acronym in brackets, Dutch names before the head
    ("Elle vit en MRS Les Jours Heureux à Ottignies.", {("INSTITUTION", "MRS Les Jours Heureux")}),
    ("Entrée en maison de repos et de soins (MRS) Saint-Joseph à Gilly.",
     {("INSTITUTION", "maison de repos et de soins (MRS) Saint-Joseph"), ("LOCATION", "Gilly")}),
    ("Suivi au Jessa Ziekenhuis à Hasselt, puis ZOL Genk, puis ZNA Middelheim.",
     {("INSTITUTION", "Jessa Ziekenhuis"), ("INSTITUTION", "ZOL Genk"), ("INSTITUTION", "ZNA Middelheim")}),
    ("Hôpital Pellegrin (CHU Bordeaux). Hôpital privé de l'Ouest parisien.",
     {("INSTITUTION", "CHU Bordeaux"), ("INSTITUTION", "Hôpital privé de l'Ouest")}),
    # a site of a group: written as one name with its group, one span (the v4 writers' convention, wave 5)
    ("Suivie pour myélome au CHU Helora site Kennedy.", {("INSTITUTION", "CHU Helora site Kennedy")}),
    ("Dernière hospitalisation : Vivalia, site de Libramont.", {("INSTITUTION", "Vivalia, site de Libramont")}),
    # '<care establishment> <name> de <town>': one name, town and all, as the independent writers tag it
    # (deduce_fr/organisations_chains.py, wave 5: measured on the held-out tables)
    ("Consultation de contrôle à la Clinique Pasteur de Toulouse.",
     {("INSTITUTION", "Clinique Pasteur de Toulouse")}),
    ("Séjour en Clinique Saint-Pierre d'Ottignies.", {("INSTITUTION", "Clinique Saint-Pierre d'Ottignies")}),
    # towns: both languages, big towns that are also names, foreign cities, exonyms, spellings, contractions
    ("Il est né à Luik mais vit à Bergen depuis son mariage.", {("LOCATION", "Luik"), ("LOCATION", "Bergen")}),
    ("Suivi en oncologie à l'Institut Curie (Paris) depuis 2019.", {("LOCATION", "Paris")}),
    ("Né à Casablanca, elle est née à Porto.", {("LOCATION", "Casablanca"), ("LOCATION", "Porto")}),
    ("Famille originaire d'Oran, le fils habite à Genève.", {("LOCATION", "Oran"), ("LOCATION", "Genève")}),
    ("Né à St-Étienne, vit à Braine l'Alleud.", {("LOCATION", "St-Étienne"), ("LOCATION", "Braine l'Alleud")}),
    ("Originaire de La Louvière, il vit au Havre.", {("LOCATION", "La Louvière"), ("LOCATION", "Havre")}),
    ("Elle vit à Marseille 13e avec sa fille.", {("LOCATION", "Marseille 13e")}),
    ("Originaire de Sens, il habite à Die.", {("LOCATION", "Sens"), ("LOCATION", "Die")}),
    ("Le patient est domicilié à Vire (14500).", {("LOCATION", "Vire"), ("LOCATION", "14500")}),
    # addresses: number first, 'bis', comma, Flemish 'bus', lieu-dit, ordinal in the street name
    ("Adresse du patient :\n12 bis rue des Lilas\n59000 Lille", {("LOCATION", "12 bis rue des Lilas")}),
    ("Mme Dubois vit au 12, rue de la Fontaine, 7500 Tournai.", {("LOCATION", "12, rue de la Fontaine")}),
    ("Adresse : Route de Mons 80 bus 2, 7000 Mons.", {("LOCATION", "Route de Mons 80 bus 2")}),
    ("Domicile : lieu-dit La Croix Blanche, 24200 Sarlat-la-Canéda.", {("LOCATION", "lieu-dit La Croix Blanche")}),
    ("RDV Boulevard du 12ème de Ligne 1, 4000 Liège.", {("LOCATION", "Boulevard du 12ème de Ligne 1")}),
    ("habite 12 rue de la paix, 75002 paris", {("LOCATION", "12 rue de la paix"), ("LOCATION", "75002 paris")}),
    ("Mme Nguyen, Résidence Les Érables, bâtiment B, 13 boulevard Michelet, 13008 Marseille.",
     {("LOCATION", "Résidence Les Érables, bâtiment B, 13 boulevard Michelet")}),  # one span since wave 5
    # third batch: dotted and abbreviated heads, universities, emergency services, schools and prisons,
    # a lower-case street name before its number, 'r.', stations, overseas towns
    ("Transfert au C.H.U. de Liège pour coronarographie.", {("INSTITUTION", "C.H.U. de Liège")}),
    ("Hospitalisé à l'Hôp. Saint-Joseph de Marseille.", {("INSTITUTION", "Hôp. Saint-Joseph"),
                                                          ("LOCATION", "Marseille")}),
    ("Suivi à l'UCL Saint-Luc depuis l'enfance.", {("INSTITUTION", "UCL Saint-Luc")}),
    ("Pris en charge par le SMUR de Chimay.", {("INSTITUTION", "SMUR de Chimay")}),
    ("Incarcéré à la prison de Lantin ; scolarisée à l'école Sainte-Marie de Jambes.",
     {("INSTITUTION", "prison de Lantin"), ("INSTITUTION", "école Sainte-Marie de Jambes")}),  # one name (org16)
    ("domicile: Place communale 5, 6001 Marcinelle", {("LOCATION", "Place communale 5")}),
    ("Adr.: r. du Moulin 3, 5000 Namur", {("LOCATION", "r. du Moulin 3")}),
    ("Chute dans l'escalier de la gare de Liège-Guillemins.", {("LOCATION", "Liège-Guillemins")}),
    ("Né à Fort-de-France, vit à Créteil.", {("LOCATION", "Fort-de-France"), ("LOCATION", "Créteil")}),
    # lower-case heads before a proper name
    ("Suivie à l'institut Curie puis au centre Léon Bérard.", {("INSTITUTION", "institut Curie"),
                                                               ("INSTITUTION", "centre Léon Bérard")}),
    ("Elle vit à la résidence Les Lilas à Namur.", {("INSTITUTION", "résidence Les Lilas"), ("LOCATION", "Namur")}),
    ("hospitalisée à la clinique saint-luc puis au chu saint-pierre.", {("INSTITUTION", "clinique saint-luc"),
                                                                        ("INSTITUTION", "chu saint-pierre")}),
    # a village no list has, after a residence or birth verb + 'à'
    ("Née à Tizi-Ouzou, elle habite à Kerlouan depuis 1990.", {("LOCATION", "Tizi-Ouzou"),
                                                                ("LOCATION", "Kerlouan")}),
])  # fmt: skip
def test_places_found(deid: Deidentifier, text: str, expected: set[tuple[str, str]]) -> None:
    assert expected <= spans(deid, text)


@pytest.mark.parametrize("text", [
    "IRM Cérébrale Avec Injection. Radiologie Conventionnelle - Thorax Face.",
    "Centre Ovale : hypersignaux. Résidence Principale : appartement au 3e étage.",
    "Hôpital de Jour : RAS. Fondation Nationale ; Maternité : G2P2.",
    "Fracture de Pouteau-Colles, signe de Lachman négatif, maladie de Dupuytren, maladie d'Alzheimer.",
    "Pas de lésion de Hill-Sachs. Le sens de la marche est conservé.",
    "Retour à l'EHPAD prévu demain. Le patient est retourné en maison de repos.",
    "Accident de la route sur la E411. Mise en place 2 vis. La place 3 mm.",
    "Né à terme, vit à domicile. Il vit à Proximité de sa fille.",  # 'né au Maroc': a LOCATION (places4 policy)
    "Le centre de la masse est nécrotique. Hôpital de jour gériatrique : bilan de chute.",
    "Le centre Ovale est normal. Résultats de l'institut National. Le scanner est normal.",
    "2 cours de chimiothérapie. Mise en place de 2 vis.",
    "Rupture de l'Anse de Seau. Scanner Thoraco-Abdomino-Pelvien : nodule. Centre Semi-Ovale : hypersignaux.",
    "Hôpital de Jour de Pédiatrie. Clinique du Sein. Clinique de la Mémoire. Centre de la Douleur.",
])  # fmt: skip
def test_places_hard_negatives(deid: Deidentifier, text: str) -> None:
    assert not {s for s in spans(deid, text) if s[0] in ("INSTITUTION", "LOCATION")}


def test_institution_name_stops_at_a_doctor(deid: Deidentifier) -> None:
    found = spans(deid, "Cabinet médical du Dr Martin, Clinique Saint-Luc de Bouge.")
    assert ("PERSON", "Martin") in found and ("INSTITUTION", "Clinique Saint-Luc de Bouge") in found


def _two_span_chains() -> Deidentifier:
    """The default config with a hospital group and its site after ',' or '-' kept as two spans, and the town after
    a school, a hospital, a home or an EHPAD kept apart ('hôpital Foch de Suresnes'): the conventions this dev set
    was written in (the v4-v8 writers join both: 'chain_separators' and 'institution_heads.join_towns' in
    config.yaml). Every word stays covered either way: only the split between the spans differs."""
    import yaml

    from deduce_fr.deidentifier import DEFAULT_CONFIG

    cfg = yaml.safe_load(DEFAULT_CONFIG.read_text(encoding="utf-8"))
    for spec in cfg["annotators"]:
        if spec.get("type") == "organisation":
            spec["chain_separators"] = []
    split_here = {"école", "ecole", "hôpital", "hopital", "home", "EHPAD", "ehpad", "institut", "athénée"}
    heads = cfg["institution_heads"]
    heads["join_towns"] = [h for h in heads["join_towns"] if h not in split_here]
    return Deidentifier(config=cfg)


def test_dev_set_meets_the_bar() -> None:
    deid = _two_span_chains()
    cases = load_cases(DEV)
    assert len(cases) >= 120
    for case in cases:
        for ann in case["annotations"]:
            assert case["text"][ann["start_char"] : ann["end_char"]] == ann["text"] and ann["tag"] in TAGS
    result = evaluate(cases, deid)
    for tag in ("INSTITUTION", "LOCATION"):
        score = result.scores[tag]
        # a floor; figures in the report. LOCATION 0.96: five towns of this set's names ('Clinique Pasteur de
        # Toulouse') are inside the institution's name since wave 5, as the independent writers tag them
        floor = 0.96 if tag == "LOCATION" else 0.97
        assert score.recall_overlap >= floor and score.precision >= 0.95, (tag, score)


def _build_places():  # noqa: ANN202
    spec = importlib.util.spec_from_file_location("build_places", ROOT / "scripts" / "build_places.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_places"] = module
    spec.loader.exec_module(module)
    return module


def test_register_names_alone() -> None:
    bp = _build_places()
    cities = {("belley",), ("lyon",), ("brest",), ("bondy",), ("toulouse",)}
    common = {"jour", "adultes", "parc"}
    assert bp.names_alone("APHM HOPITAL LA TIMONE", cities, common) == ["Timone"]
    assert bp.names_alone("CHRU BREST SITE HOPITAL LA CAVALE BLANCHE", cities, common) == ["Cavale Blanche"]
    assert bp.names_alone("HOPITAL LOUIS PRADEL", cities, common) == ["Louis Pradel"]
    assert bp.names_alone("HOPITAL AMBROISE PARE BONDY", cities, common) == ["Ambroise Pare"]
    assert bp.names_alone("CENTRE HOSPITALIER DE BELLEY", cities, common) == []  # head + town: the patterns
    assert bp.names_alone("HDJ ADULTES MONTLUEL", cities, common) == []  # a service
    assert "Saint-Luc" in bp.saint_variants("Saint Luc")
    assert {"Braine l'Alleud", "St-Étienne"} <= set(bp.spelling_variants(["Braine-l'Alleud", "Saint-Étienne"]))


def test_place_lists_are_shipped_with_their_sources() -> None:
    sources = (DEFAULT_CASES.parent / "SOURCES.md").read_text(encoding="utf-8")
    for name, minimum in (("institutions_register.txt", 4000), ("hospital_names_register.txt", 800),
                          ("cities_be_municipalities.txt", 581), ("cities_world.txt", 2000)):
        path = DEFAULT_CASES.parent / name
        entries = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
        assert len(entries) >= minimum and f"| {name} | {len(entries)} |" in sources
