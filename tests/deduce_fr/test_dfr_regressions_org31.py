"""Session-24 regressions (org31): institutions missed entirely. Funeral homes, places of worship, notaries' offices,
dental and hearing practices named by a word of their own after their kind; national funeral, alarm-call and
senior-residence brands (not a channel after 'via'); big hospitals called by one word in lower case after a
movement or ward cue. Every sentence is our own, with hard negatives (eponyms, anatomy, messaging channels)."""

from __future__ import annotations

import pytest
from dfr_spans import covered, tagged

from deduce_fr import Deidentifier


@pytest.mark.parametrize(("text", "name"), [
    ("La famille a choisi les Pompes funèbres Lemaire pour la mise en bière.", "Pompes funèbres Lemaire"),
    ("Le corps a été transféré au funérarium Duvivier dans la soirée.", "funérarium Duvivier"),
    ("Un bénévole de la mosquée Al-Fath rend visite chaque vendredi.", "mosquée Al-Fath"),
    ("Devis établi par le centre dentaire Azurdent, soins conservateurs.", "centre dentaire Azurdent"),
])
def test_named_kinds_of_place(deid: Deidentifier, text: str, name: str) -> None:
    assert covered(deid, text, name)


@pytest.mark.parametrize(("text", "name"), [
    ("Obsèques organisées par les Pompes Funèbres Générales, agence du centre.", "Pompes Funèbres Générales"),
    ("Contrat obsèques souscrit chez Funecap en 2019.", "Funecap"),
    ("Le bracelet d'alarme est relié à Nexecur depuis le printemps.", "Nexecur"),
])
def test_national_brands(deid: Deidentifier, text: str, name: str) -> None:
    assert covered(deid, text, name)


@pytest.mark.parametrize("text", [
    "Rendez-vous pris via Doctolib pour la semaine prochaine.",
    "Photos envoyées via WhatsApp par la fille de la résidente.",
])
def test_no_provider_for_a_channel(deid: Deidentifier, text: str) -> None:
    assert not any(tag == "INSTITUTION" for _, tag in tagged(deid, text))


@pytest.mark.parametrize(("text", "name"), [
    ("petite fille née hier à avicenne, bonne succion", "avicenne"),
    ("il a été transféré à bichat dans la nuit", "bichat"),
    ("attend aux urgences de trousseau depuis midi", "trousseau"),
])
def test_lone_hospital_words_in_lower_case(deid: Deidentifier, text: str, name: str) -> None:
    assert (name, "INSTITUTION") in tagged(deid, text)


@pytest.mark.parametrize("text", [
    "Hypocalcémie : signe de trousseau positif au brassard.",
    "La capsule de tenon est respectée sur l'échographie.",
    "Une couronne à tenon sur la 21, à reprendre.",
])
def test_no_hospital_in_eponyms_or_anatomy(deid: Deidentifier, text: str) -> None:
    assert not any(tag == "INSTITUTION" for _, tag in tagged(deid, text))


def test_a_bare_kind_names_nothing(deid: Deidentifier) -> None:
    assert not any(tag == "INSTITUTION" for _, tag in tagged(deid, "Orientation vers un centre dentaire ou un funérarium."))
