"""Regressions of session 14's second wave on organisation left edges (deduce_fr/institution_heads.py): the trades
and activities of firms from the INSEE NAF rev.2 labels (organisations_heads_naf.txt, scripts/build_org_heads.py
--naf) join the name we find after them, in lower case or capitalised ('couverture Le Bihan', 'Serrurerie Marchal',
'Menuiseries Durand'); and what must stay as it was (the trade as a sentence's word, a titled person, a worker's
trade, any firm of a town, clinical words). Sentences written for these tests (not taken from an evaluation set)."""

from __future__ import annotations

import pytest

from deduce_fr import Deidentifier
from deduce_fr.institution_heads import expand_heads


def _spans(deid: Deidentifier, text: str) -> set[tuple[str, str]]:
    return {(s.tag, s.text) for s in deid.annotate(text).spans}


def test_the_naf_lexicon_holds_trades_not_processes_or_workers() -> None:
    heads = set(expand_heads(["organisations_heads_naf.txt"]))
    assert {"couverture", "charpente", "serrurerie", "plâtrerie", "décolletage", "terrassement", "menuiseries",
            "fonderies", "coiffure"} <= heads
    # clinical or generic process words, and the trade's worker, are no heads
    assert not {"culture", "traitement", "isolation", "montage", "stockage", "construction", "couvreur",
                "serrurier", "messagerie"} & heads


@pytest.mark.parametrize(("text", "expected"), [
    ("Gérant de la couverture Le Goff, chute d'un toit à Plouha.", "couverture Le Goff"),
    ("Apprenti à la Serrurerie Marchal depuis septembre, plaie du pouce.", "Serrurerie Marchal"),
    ("Il est salarié des Menuiseries Durand, entorse de cheville.", "Menuiseries Durand"),
    ("Ouvrier au décolletage Perrin à Cluses, doigt écrasé.", "décolletage Perrin"),
    ("Chute d'un échafaudage sur un chantier de la Charpente Lemoine.", "Charpente Lemoine"),
    # any craft's or shop's noun in '-erie', listed or not, before a found name
    ("Ouvrier à la Briqueterie Dumont depuis 1990, lombalgie.", "Briqueterie Dumont"),
    ("Apprentie à la tôlerie Martin, plaie de l'avant-bras.", "tôlerie Martin"),
    # a generic noun after an elided article joins the firm found after it, as after a space
    ("Intérimaire envoyé par l'agence Adecco, chute d'une palette.", "agence Adecco"),
])
def test_a_trade_before_a_found_name_joins_it(text: str, expected: str) -> None:
    assert ("INSTITUTION", expected) in _spans(Deidentifier(), text)


@pytest.mark.parametrize(("text", "unwanted"), [
    # a titled person after the trade is a person of the trade, not its name
    ("Travaux de couverture chez Mme Le Goff la semaine dernière.", "couverture chez Mme Le Goff"),
    ("Peinture du salon avec le Dr Marchal en visite.", "Peinture du salon avec le Dr Marchal"),
    # any firm of a trade in a town is no named firm
    ("Il a travaillé dans une serrurerie de Lorient.", "serrurerie de Lorient"),
    # a clinical word before a name stays out
    ("Culture Martin positive à staphylocoque.", "Culture Martin"),
    # nouns in '-érie'/'-erie' that name no workplace
    ("Une bactérie Martin isolée.", "bactérie Martin"),
    ("Il s'est blessé lors d'une plaisanterie Dupont.", "plaisanterie Dupont"),
    ("Bilan par la batterie Martin de tests.", "batterie Martin"),
    # any agency of a brand, not one named
    ("Elle a travaillé dans une agence Adecco puis à l'usine.", "agence Adecco"),
])
def test_what_stays_outside(text: str, unwanted: str) -> None:
    assert not any(t == "INSTITUTION" and s == unwanted for t, s in _spans(Deidentifier(), text))


def test_the_worker_of_a_trade_is_no_head() -> None:
    spans = _spans(Deidentifier(), "Le couvreur Le Goff est tombé du toit.")
    assert not any(t == "INSTITUTION" and s.startswith("couvreur") for t, s in spans)


def test_towns_join_only_after_the_heads_asked_for() -> None:
    """join_towns may name the kinds of institution whose town every writer keeps inside the name."""
    from deduce_fr.institution_heads import HeadMerger

    merger = HeadMerger(["collège", "école"], join_towns=["collège", "CHU"])
    text = "Élève au collège Paul Bert de Vesoul, puis à l'école Paul Bert de Gray."
    first, second = text.index("Paul"), text.rindex("Paul")
    spans = [(first, first + 9, "INSTITUTION"), (text.index("Vesoul"), text.index("Vesoul") + 6, "LOCATION"),
             (second, second + 9, "INSTITUTION"), (text.index("Gray"), text.index("Gray") + 4, "LOCATION")]
    out = [(text[a:b], t) for a, b, t in merger.merge(spans, text)]
    assert out == [("collège Paul Bert de Vesoul", "INSTITUTION"), ("école Paul Bert", "INSTITUTION"),
                   ("Gray", "LOCATION")]
    # a brand with no head of ours takes its town (a branch); a head outside the list does not
    merger = HeadMerger(["collège", "école"], join_towns=["collège"])
    text = "Caissière chez Leclerc de Vannes depuis 2019."
    s, t = text.index("Leclerc"), text.index("Vannes")
    assert [text[a:b] for a, b, _ in merger.merge([(s, s + 7, "INSTITUTION"), (t, t + 6, "LOCATION")], text)] == [
        "Leclerc de Vannes"]
    # an acronym of the list in its own case; a town after 'à' never joins
    merger = HeadMerger(["collège", "école"], join_towns=["collège", "CHU"])
    text = "Suivi au CHU de Nantes à Saint-Herblain."
    spans = [(9, 12, "INSTITUTION"), (16, 22, "LOCATION"), (25, 39, "LOCATION")]
    assert [text[a:b] for a, b, _ in merger.merge(spans, text)] == ["CHU de Nantes", "Saint-Herblain"]
