"""Session-19 place work (place22), in our own words, with hard negatives.

Places of accidents and journeys outside the hospital: a ski slope or a lift named in quotes after its kind, a road's
number before an exit or a kilometre point, a departmental road in brackets, a town and its compass point after an
exit, a ring road's side, a stop after 'via' in a sentence telling a journey, a bridge or a gully named by its river or
summit, a country after 'domicile en', a two-word country in lower case after a trip's cue, and a listed town whose
capital article the lists leave out ('Le X' where only 'X' is listed).
"""

from __future__ import annotations

import pytest

from deduce_fr import Deidentifier


def _tagged(deid: Deidentifier, text: str, tag: str = "LOCATION") -> set[str]:
    return {text[s.start_char:s.end_char] for s in deid.annotate(text).spans if s.tag == tag}


def _covered(deid: Deidentifier, text: str, part: str) -> bool:
    start = text.index(part)
    return any(s.start_char < start + len(part) and start < s.end_char for s in deid.annotate(text).spans)


@pytest.mark.parametrize(("text", "place"), [
    ("Chute sur la piste noire « Les Crêtes » en fin d'après-midi, entorse du genou.", "Les Crêtes"),
    ("Choc contre un pylône du téléski « Le Chamois », contusion thoracique.", "Le Chamois"),
    ("Percuté par un skieur, piste bleue \"Arolles\", douleur de l'épaule.", "Arolles"),
])
def test_a_slope_or_a_lift_named_in_quotes(deid: Deidentifier, text: str, place: str) -> None:
    assert place in _tagged(deid, text)


def test_a_quoted_word_after_an_ordinary_noun_is_no_place(deid: Deidentifier) -> None:
    # (hard negatives: a quoted term after no slope word, a quoted lower-case word after 'piste')
    assert not _covered(deid, "Le patient décrit une douleur « en coup de poignard ».", "coup de poignard")
    assert not _covered(deid, "Elle évoque la piste « psychogène » pour ces douleurs.", "psychogène")


@pytest.mark.parametrize(("text", "road"), [
    ("Sapeurs-pompiers appelés pour un carambolage A43 sortie 9, trois véhicules.", "A43"),
    ("Véhicule immobilisé sur la E25 hauteur Hamoir, conducteur incarcéré.", "E25"),
    ("Motard tombé sur la N83, PK 47, casque intègre.", "N83"),
    ("Collision frontale (RD 940), passager avant blessé.", "RD 940"),
])
def test_a_road_before_an_exit_a_kilometre_point_or_in_brackets(deid: Deidentifier, text: str, road: str) -> None:
    assert road in _tagged(deid, text)


def test_vertebrae_and_segments_before_ordinary_words_are_no_roads(deid: Deidentifier) -> None:
    # (hard negatives: a vertebra before 'sortie' meaning discharge, an artery segment, a fracture type)
    assert not _covered(deid, "Tassement D12 ancien, sortie prévue demain matin.", "D12")
    assert not _covered(deid, "Occlusion M1 droite, thrombectomie envisagée.", "M1")
    assert not _covered(deid, "Fracture type A3 de Magerl, sortie le 12/03.", "A3")


@pytest.mark.parametrize(("text", "place"), [
    ("Accident à l'échangeur, sortie 12 (Poitiers Nord), deux blessés légers.", "Poitiers Nord"),
    ("Perte de contrôle sur la rocade Ouest vers 23 h, airbag déclenché.", "rocade Ouest"),
])
def test_a_town_and_its_compass_point_after_an_exit_and_a_ring_roads_side(deid: Deidentifier, text: str,
                                                                          place: str) -> None:
    assert place in _tagged(deid, text)


def test_a_compass_word_alone_is_no_place(deid: Deidentifier) -> None:
    assert not _covered(deid, "Sortie 14 h, retour au domicile ; douleur côté Est du genou non décrite.", "Est")


def test_a_stop_after_via_in_a_journey(deid: Deidentifier) -> None:
    assert "Vintimille" in _tagged(deid, "Arrivé en France l'an dernier via Vintimille, il dort dans un squat.")


def test_via_a_software_or_a_service_is_no_place(deid: Deidentifier) -> None:
    # (hard negatives: 'via' with no journey told before it)
    assert "Doctolib" not in _tagged(deid, "Rendez-vous pris via Doctolib pour le contrôle.")
    assert "Teams" not in _tagged(deid, "Discussion du dossier via Teams avec l'orthopédiste.")


@pytest.mark.parametrize(("text", "place"), [
    ("Retrouvé sous le pont de la Vilaine, hypothermie modérée.", "Vilaine"),
    ("Chute de pierres dans le couloir du Dru, cordée de trois.", "Dru"),
])
def test_a_bridge_or_a_gully_named_by_its_river_or_summit(deid: Deidentifier, text: str, place: str) -> None:
    assert place in _tagged(deid, text)


def test_the_pons_is_no_bridge(deid: Deidentifier) -> None:
    assert not _covered(deid, "IRM : lésion ischémique du pont de Varole, pas d'effet de masse.", "Varole")


def test_a_country_after_domicile_en_and_a_lower_case_country_of_two_words(deid: Deidentifier) -> None:
    assert "Espagne" in _tagged(deid, "Saisonnier agricole (domicile en Espagne : Lleida), chute d'une échelle.")
    assert "sierra leone" in _tagged(deid, "pt sans papiers, arrivé de sierra leone il y a 2 mois, plaie main.")
    # (hard negative: 'retour à domicile' names no place)
    assert not _tagged(deid, "Retour à domicile en fin de journée avec sa fille.")


def test_a_capital_article_before_a_town_listed_without_it(deid: Deidentifier) -> None:
    assert "Le Guilvinec" in _tagged(deid, "Matelot, armement de pêche artisanale, Le Guilvinec : écrasement du pouce.")
    # (hard negative: a bar named after a saint keeps its article out of the town rule)
    assert "Le Saint-Vincent" not in _tagged(deid, "Bagarre devant le bar Le Saint-Vincent vers 2 h.")


@pytest.mark.parametrize(("text", "word"), [
    ("TEP de fin de traitement : réponse métabolique complète, score Deauville 2.", "Deauville"),
    ("Réponse partielle (Deauville 4) après trois cycles.", "Deauville"),
    ("Copie : Secrétariat Ortho, bâtiment C, 2e étage.", "Ortho"),
    ("Demandeur d'asile sous procédure Dublin, hébergé en CADA.", "Dublin"),
    ("Douleur du pied : fracture de marche de Deutschländer du 3e métatarsien.", "Deutschländer"),
])
def test_a_score_an_abbreviation_a_procedure_or_an_eponym_named_like_a_town(deid: Deidentifier, text: str,
                                                                           word: str) -> None:
    assert word not in _tagged(deid, text)


def test_the_same_towns_after_a_cue_stay_places(deid: Deidentifier) -> None:
    assert "Deauville" in _tagged(deid, "Retraitée, elle habite à Deauville depuis 2015.")
    assert "Dublin" in _tagged(deid, "Il a vécu et travaillé à Dublin pendant six ans.")


@pytest.mark.parametrize(("text", "place"), [
    ("Accrochage au giratoire de la Tuilerie, motard au sol.", "giratoire de la Tuilerie"),
    ("Chute d'un télésiège des Arcs 1800, luxation de l'épaule.", "télésiège des Arcs"),
    ("Panne dans le viaduc de la Sioule, piéton heurté.", "viaduc de la Sioule"),
])
def test_a_junction_a_lift_or_a_work_of_a_road_named_after_de(deid: Deidentifier, text: str, place: str) -> None:
    assert _covered(deid, text, place)


def test_a_road_after_its_kilometre_point(deid: Deidentifier) -> None:
    assert "A89" in _tagged(deid, "Tête-à-queue au km 212 de l'A89, conductrice consciente.")
    # (hard negatives: a race's kilometre, the ulnar tunnel, a carpal tunnel)
    assert not _tagged(deid, "Malaise au km 30 de la course, pas de chute.")
    assert not _tagged(deid, "Compression du nerf ulnaire dans le tunnel de Guyon.")
    assert not _tagged(deid, "Syndrome du tunnel carpien bilatéral, EMG demandé.")
