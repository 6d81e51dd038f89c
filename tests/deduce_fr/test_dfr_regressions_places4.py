"""Places and institutions, wave 4 (``cases_v3c_dev.json``): one regression per kind of fix.

The register of names hospitals are called by alone (``hospital_names_register.txt``) held towns
('Dunkerque', 'Cayenne', 'Turin'): the builder checked a name alone against ``cities.txt`` only, not the
native, world or exonym lists. Alone such a name is the town, a LOCATION.
"""

from __future__ import annotations

import csv
import importlib.util
import sys
from pathlib import Path

import pytest

from deduce_fr import Deidentifier
from deduce_fr.evaluate import DEFAULT_CASES

ROOT = Path(__file__).resolve().parents[2]
DATA = DEFAULT_CASES.parent


def _build_places():  # noqa: ANN202
    spec = importlib.util.spec_from_file_location("build_places_v4", ROOT / "scripts" / "build_places.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_places_v4"] = module
    spec.loader.exec_module(module)
    return module


def test_register_names_alone_drop_every_kind_of_town(tmp_path: Path) -> None:
    bp = _build_places()
    for country, rows in (("FR", [("CENTRE HOSPITALIER DE DUNKERQUE", "HOPITAL DUNKERQUE"),
                                  ("CLINIQUE LOUIS PRADEL", "")]), ("BE", [])):
        with (tmp_path / f"{country}.csv").open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=["hospital_name", "site_name"])
            writer.writeheader()
            writer.writerows({"hospital_name": h, "site_name": s} for h, s in rows)
    towns = bp.load_all_towns()
    assert ("dunkerque",) in towns and ("turin",) in towns  # native and world/exonym lists are read
    _, alone_old = bp.build_institutions(tmp_path, set(), set(), set())
    _, alone = bp.build_institutions(tmp_path, set(), set(), set(), towns=towns)
    assert "Dunkerque" in alone_old and "Dunkerque" not in alone  # the town check that was missing
    assert "Louis Pradel" in alone


def test_shipped_register_holds_no_town_alone() -> None:
    bp = _build_places()
    towns = bp.load_all_towns()
    lines = [ln for ln in (DATA / "hospital_names_register.txt").read_text(encoding="utf-8").splitlines()
             if ln.strip() and not ln.startswith("#")]
    leaked = [ln for ln in lines if tuple(bp.fold(w) for w in bp.words_of(ln)) in towns]
    assert leaked == []
    assert len(lines) > 1000 and "Louis Pradel" in lines  # the register itself is still there



def spans(deid: Deidentifier, text: str) -> set[tuple[str, str]]:
    return {(s.tag, s.text) for s in deid.annotate(text).spans}


@pytest.mark.parametrize(("text", "country"), [
    ("Patiente née au Maroc en 1950, vue pour une toux.", "Maroc"),
    ("Originaire du Portugal, il vit seul.", "Portugal"),
    ("Rentrée de Tunisie il y a 2 semaines, fièvre depuis.", "Tunisie"),
    ("Famille d'origine turque, habite en Allemagne.", "Allemagne"),
    ("Patient natif de Sicile, maçon retraité.", "Sicile"),
    ("M. Diallo, né à Kindia (Guinée), chauffeur.", "Guinée"),  # the country in brackets after the birthplace
    ("Elle souhaite retourner au Brésil cet été.", "Brésil"),
])
def test_country_of_birth_or_home_after_its_cue(deid: Deidentifier, text: str, country: str) -> None:
    assert ("LOCATION", country) in spans(deid, text)


@pytest.mark.parametrize("text", [
    "Recommandations de la Haute Autorité de santé en France : contrôle à 3 mois.",
    "Cancer du sein, fréquent en Europe.",
    "Douleur en regard du Grand trochanter.",
])
def test_a_country_without_origin_cue_stays_untagged(deid: Deidentifier, text: str) -> None:
    assert not {t for t in spans(deid, text) if t[0] == "LOCATION"}


@pytest.mark.parametrize(("text", "place"), [
    ("Mme Ramos, originaire de Pondichéry, entorse du poignet.", "Pondichéry"),  # a town on no list, after 'originaire de'
    ("Patient né à Tizi Ouzou, vu pour toux.", "Tizi Ouzou"),
])
def test_unknown_birthplace_after_birth_cue(deid: Deidentifier, text: str, place: str) -> None:
    assert ("LOCATION", place) in spans(deid, text)


@pytest.mark.parametrize("text", ["Enfant né à Terme, Apgar 10/10.", "Douleur (Maroc non visité).", "né à 38 SA"])
def test_birth_cue_without_place(deid: Deidentifier, text: str) -> None:
    assert not {t for t in spans(deid, text) if t[0] == "LOCATION"}


@pytest.mark.parametrize(("text", "street"), [
    ("Domicile : Thier de la Fontaine 21, 4000 Liège.", "Thier de la Fontaine 21"),  # Walloon street heads
    ("Habite Tienne du Moulin 3 à Namur.", "Tienne du Moulin 3"),
    ("Adresse : Digue de Mer 120, 8400 Ostende.", "Digue de Mer 120"),
])
def test_walloon_and_coast_street_heads(deid: Deidentifier, text: str, street: str) -> None:
    assert ("LOCATION", street) in spans(deid, text)


@pytest.mark.parametrize("text", ["Promenade de 20 min, rampe de 3 marches.", "Rampe 2 fois par jour."])
def test_street_heads_as_words(deid: Deidentifier, text: str) -> None:
    assert not {t for t in spans(deid, text) if t[0] == "LOCATION"}


def test_town_in_brackets_after_a_birth_cue(deid: Deidentifier) -> None:
    found = spans(deid, "Hassan, né vers 1949 en Algérie (Tizi Ouzou). Retraité.")
    assert ("LOCATION", "Tizi Ouzou") in found


@pytest.mark.parametrize(("text", "club"), [
    ("Rémi, 15 ans, licencié au Stade Rochelais (rugby). Plaquage.", "Stade Rochelais"),
    ("Joueuse au Standard de Liège depuis 2 ans, entorse.", "Standard de Liège"),
])
def test_club_after_licencie_or_joueur(deid: Deidentifier, text: str, club: str) -> None:
    assert any(tag == "INSTITUTION" and club in t for tag, t in spans(deid, text))


def test_licencie_without_club(deid: Deidentifier) -> None:
    assert not {t for t in spans(deid, "Licencié en 2020, au chômage depuis.") if t[0] == "INSTITUTION"}
