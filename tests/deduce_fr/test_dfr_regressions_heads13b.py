"""Session-13 regressions: care-home, day-centre and association heads join the name they precede
(institution_heads), the independent writers' convention ('maison de retraite Les Charmes' is one span); the same words used as
ordinary nouns ('résidence principale', 'home trainer', 'société savante', 'à domicile') stay untouched.
Own words."""

from __future__ import annotations

import pytest

from deduce_fr import Deidentifier


def institutions(deid: Deidentifier, text: str) -> list[str]:
    return [s.text for s in deid.annotate(text).spans if s.tag == "INSTITUTION"]


@pytest.mark.parametrize(("text", "institution"), [
    ("Elle réside à la maison de retraite Les Charmes depuis l'été.", "maison de retraite Les Charmes"),
    ("Chute dans sa chambre à la résidence Les Hortensias.", "résidence Les Hortensias"),
    ("Bénévole à l'association Les Amis de Sorèze depuis 2020.", "association Les Amis de Sorèze"),
    ("Blessé au centre de loisirs Kermesse, 8 ans.", "centre de loisirs Kermesse"),
    ("Chute au centre aéré Pirouette la veille.", "centre aéré Pirouette"),
])
def test_care_home_and_association_heads_join_the_name(deid: Deidentifier, text: str, institution: str) -> None:
    assert institution in institutions(deid, text)


@pytest.mark.parametrize("text", [
    "Vit seul dans sa résidence principale, autonome.",
    "Fait du home trainer trois fois par semaine.",
    "Recommandations de la société savante de cardiologie.",
    "Soins infirmiers à domicile deux fois par jour.",
    "Retour en maison de repos prévu demain.",
    "Travaille dans une entreprise de bâtiment depuis 2015.",
    "Traitement en association Augmentin Flagyl.",
])
def test_the_same_words_as_ordinary_nouns_stay_untouched(deid: Deidentifier, text: str) -> None:
    assert institutions(deid, text) == []
