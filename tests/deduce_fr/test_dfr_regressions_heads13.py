"""Session-13 regressions of the post-resolution head merging (deduce_fr/institution_heads.py): an
organisation's head phrase before a found name, and a town after an institution, join one INSTITUTION
span; sentence ends, commas, dashes, brackets, titles and lone head words never do. Own words."""

from __future__ import annotations

import pytest

from deduce_fr import Deidentifier
from deduce_fr.config import ConfigError, validate_config
from deduce_fr.institution_heads import HeadMerger


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


def tagged(deid: Deidentifier, text: str) -> list[tuple[str, str]]:
    return [(s.text, s.tag) for s in deid.annotate(text).spans]


@pytest.mark.parametrize(("text", "institution"), [
    ("Il enseigne au lycée Jules Ferry depuis 2019.", "lycée Jules Ferry"),
    ("Bilan demandé par la clinique Sainte-Odile.", "clinique Sainte-Odile"),
    ("Transfert vers le centre hospitalier de Montélimar pour suite.", "centre hospitalier de Montélimar"),
    ("Chute à l'accueil de loisirs de Quimperlé ce matin.", "accueil de loisirs de Quimperlé"),
])
def test_head_joins_the_name(deid: Deidentifier, text: str, institution: str) -> None:
    assert (institution, "INSTITUTION") in tagged(deid, text)


def test_town_after_a_link_joins_when_asked() -> None:
    text = "Elle est suivie à la clinique Sainte-Odile de Colmar, puis à Metz."
    name, town, other = text.index("Sainte"), text.index("Colmar"), text.index("Metz")
    spans = [(name, name + 12, "INSTITUTION"), (town, town + 6, "LOCATION"), (other, other + 4, "LOCATION")]
    joined = HeadMerger(["clinique"], join_towns=True).merge(spans, text)
    assert [(text[a:b], t) for a, b, t in joined] == [
        ("clinique Sainte-Odile de Colmar", "INSTITUTION"), ("Metz", "LOCATION")]
    kept = HeadMerger(["clinique"], join_towns=False).merge(spans, text)
    assert [text[a:b] for a, b, _ in kept] == ["clinique Sainte-Odile", "Colmar", "Metz"]


def test_a_ward_before_a_named_hospital_and_a_bare_team_stay_out() -> None:
    merger = HeadMerger(["service", "équipe", "CHU"], bare_heads_refused=["équipe"])
    text = "suivi au service de pneumologie du CHU de Reims"
    s = text.index("CHU")
    assert merger.merge([(s, len(text), "INSTITUTION")], text) == [(s, len(text), "INSTITUTION")]
    text = "suivi au Service de pneumologie du CHU de Reims"   # a capitalised head names a unit of the hospital
    s = text.index("CHU")
    assert merger.merge([(s, len(text), "INSTITUTION")], text) == [(9, len(text), "INSTITUTION")]
    text = "Service de pneumologie du CHU de Reims : avis."     # capitalised by the sentence only
    s = text.index("CHU")
    assert merger.merge([(s, s + 12, "INSTITUTION")], text) == [(s, s + 12, "INSTITUTION")]
    text = "avis de l'équipe de Necker"
    s = text.index("Necker")
    assert merger.merge([(s, len(text), "INSTITUTION")], text) == [(s, len(text), "INSTITUTION")]


def test_merger_grows_spans_through_links_only() -> None:
    merger = HeadMerger(["cabinet médical", "service", "clinique"], join_towns=True)
    text = "Adressée par le cabinet médical de la Roseraie à Arles."
    s = text.index("Roseraie")
    town = text.index("Arles")
    out = merger.merge([(s, s + 8, "INSTITUTION"), (town, town + 5, "LOCATION")], text)
    # the head joins, the town after 'à' (no link) does not
    assert [text[a:b] for a, b, _ in out] == ["cabinet médical de la Roseraie", "Arles"]
    assert [t for _, _, t in out] == ["INSTITUTION", "LOCATION"]
    text = "suivie par le service de santé au travail du Grand Nancy"
    s = text.index("Grand")
    assert text[merger.merge([(s, len(text), "INSTITUTION")], text)[0][0]:] == (
        "service de santé au travail du Grand Nancy")


@pytest.mark.parametrize("text", [
    "Vue à la clinique puis adressée à Lyon.",              # a verb and 'à' between head and town
    "Vue en clinique, Lyon, le lendemain.",                 # a comma
    "Transfert en clinique - Lyon.",                        # a dash
    "Consultation à la clinique (Lyon).",                   # a bracket
    "Sortie de l'hôpital.\nLyon, le 3 mars.",               # a line break and a sentence end
])
def test_no_merge_across_punctuation_or_verbs(deid: Deidentifier, text: str) -> None:
    assert all(tag != "INSTITUTION" for _, tag in tagged(deid, text))


def test_a_clause_after_the_head_is_no_name() -> None:
    merger = HeadMerger(["service", "équipe"])
    text = "le compte rendu du service part demain vers la Caisse Régionale"
    s = text.index("Caisse")
    assert merger.merge([(s, len(text), "INSTITUTION")], text) == [(s, len(text), "INSTITUTION")]
    text = "adressé à l'équipe mobile de soins palliatifs du Val Fleuri"
    s = text.index("Val")
    assert text[merger.merge([(s, len(text), "INSTITUTION")], text)[0][0]:] == (
        "équipe mobile de soins palliatifs du Val Fleuri")


def test_titles_and_persons_behind_links_stay_persons() -> None:
    merger = HeadMerger(["service", "cabinet"])
    for text, name in [("avis du service du docteur Meunier", "Meunier"),
                       ("le cabinet du Dr Carpentier", "Carpentier"),
                       ("vu au service de Gauthier", "Gauthier")]:
        s = text.index(name)
        assert merger.merge([(s, len(text), "PERSON")], text) == [(s, len(text), "PERSON")]


def test_a_person_touching_the_head_becomes_the_institution() -> None:
    merger = HeadMerger(["lycée"])
    text = "élève au lycée Camille Claudel"
    s = text.index("Camille")
    assert merger.merge([(s, len(text), "PERSON")], text) == [(text.index("lycée"), len(text), "INSTITUTION")]


def test_config_gate() -> None:
    assert Deidentifier({"annotators": []}).head_merger is None
    with pytest.raises(ConfigError, match="institution_heads"):
        validate_config({"institution_heads": {"enabled": True, "bogus": 1}})
