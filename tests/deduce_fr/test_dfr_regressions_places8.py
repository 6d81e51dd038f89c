"""Wave-14 place work (place14): the fast paths of places_extra give what the patterns they replace give, and the
place phenomena the independent sets showed, each written here in our own words with hard negatives.

The fast paths are compared with their defining pattern on strings built from the pieces those patterns turn on
(digits, 'ans', commas, country letters, hyphens, line breaks, head words), so a change in either shows.
"""

from __future__ import annotations

import itertools
import random

import pytest

from deduce_fr import Deidentifier
from deduce_fr import places_extra as pe
from deduce_fr.annotators import Context
from deduce_fr.tokenizer import tokenize


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


def _random_texts(pieces: list[str], n: int, seed: int, size: int = 8) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(1, size))) for _ in range(n)]


AGE_PIECES = ["ans", " ans", "\tans", ",", " ,", "1", "82", "105", "2024", "x", "-", "_", "é", " ", "\n", "ans ,", "²"]
POSTCODE_PIECES = ["1000", "75012", "123456", " ", "\t", "B-", "F-", "AB-", "x", "-", "_", "Liège", "paris", "É",
                   "\n", ", ", "B", "F", "7"]


def test_age_commas_match_their_defining_patterns() -> None:
    """_age_commas (led by the literal 'ans') finds what _AGE_COMMA.search and _AGE_AT.finditer find."""
    texts = _random_texts(AGE_PIECES, 4000, seed=14) + ["M. X, 82 ans, à Y", "82ans,", "1234 ans,", "x82 ans,",
                                                        "-82 ans,", "82 \tans,", "Jeans ,", "a 7 ans , b 12ans,"]
    for text in texts:
        found, starts = pe._age_commas(text)
        assert found == bool(pe._AGE_COMMA.search(text)), text
        assert starts == [m.start() for m in pe._AGE_AT.finditer(text)], text


def test_postcode_starts_match_their_defining_pattern() -> None:
    """_postcode_starts (the digits found first, the lookbehind and country letter checked after) gives the starts
    of _POSTCODE_AFTER."""
    texts = _random_texts(POSTCODE_PIECES, 4000, seed=8) + ["B-1000 Bruxelles", "AB-1000 X", "x1000 X", "-1000 X",
                                                            "123456 Paris", "1234 B-1000 Liège", "F-75012 Paris",
                                                            "x1234 B-1000 Liège"]
    for text in texts:
        assert list(pe._postcode_starts(text)) == [m.start() for m in pe._POSTCODE_AFTER.finditer(text)], text


HEADER_PIECES = ["Clinique Saint-Luc", "hôpital", "jusqu'hôpital", "l'Hôpital", "Home", "CHU", "centre-ville",
                 " - ", ", ", " – ", "Bouge", "Namur", "GRISOLLES", "\n", " ", "(", ")", ".", "Kourou Nord",
                 "Service", "radiologie"]


def test_header_towns_scan_only_the_lines_with_a_head(deid: Deidentifier) -> None:
    """_header_towns scans only the lines holding a head word's token: the same towns as a whole-text scan."""
    annotator = next(a for a in deid.annotators if isinstance(a, pe.PlacesExtraAnnotator))
    texts = _random_texts(HEADER_PIECES, 1500, seed=3, size=10)
    for text in texts:
        ctx = Context(text=text, tokens=tokenize(text), lookups=deid.lookups)
        words = set(ctx.folded)
        if ctx.elided:
            words.update(ctx.bare[i] for i in ctx.elided)
        whole = annotator._header_line_towns(ctx, 0, len(text))  # (the whole text as one 'line')
        whole = [c for c in whole if pe._HEAD_WORD.search(text, text.rfind("\n", 0, c[0]) + 1, c[0])]
        assert annotator._header_towns(ctx, words) == whole, text


@pytest.mark.parametrize("text", ["Clinique Saint-Luc - Bouge\nvu ce jour", "Pas de tête ici, Bouge - x",
                                  "jusqu'hôpital de jour, Namur"])
def test_header_town_cases(deid: Deidentifier, text: str) -> None:
    """A head word on the line is what makes the closing town a place; a line without one gives nothing."""
    annotator = next(a for a in deid.annotators if isinstance(a, pe.PlacesExtraAnnotator))
    ctx = Context(text=text, tokens=tokenize(text), lookups=deid.lookups)
    got = [text[s:e] for s, e, _ in annotator._header_towns(ctx, set(ctx.folded))]
    assert got == (["Bouge"] if text.startswith("Clinique") else ["Namur"] if "Namur" in text else []), got


def test_pieces_cover_each_branch() -> None:
    """(the random strings reach every branch: a match with and without a country letter, a rejected lookbehind)"""
    texts = _random_texts(POSTCODE_PIECES, 4000, seed=8)
    kinds = {("letter" if t[s:s + 2] in ("B-", "F-") else "digits") for t in texts for s in pe._postcode_starts(t)}
    assert kinds == {"letter", "digits"}
    assert any(pe._POSTCODE_DIGITS.search(t) and not list(pe._postcode_starts(t)) for t in texts)
    assert any(itertools.islice((s for t in _random_texts(AGE_PIECES, 4000, seed=14) for s in pe._age_commas(t)[1]), 1))


FOUND = [
    # a country or region a few words after a trip's, a stay's or an arrival's cue, and the ones joined to it
    ("Au retour d'un long périple au Vietnam et au Laos, fièvre à 39.", ["Vietnam", "Laos"]),
    ("rentrée de congés en tunisie il y a 5 jours, diarrhée", ["tunisie"]),
    ("Il vient tout juste d'arriver de Guyane par avion.", ["Guyane"]),
    ("Travaille comme frontalier au Luxembourg depuis 2012.", ["Luxembourg"]),
    # an administrative area after its head word
    ("Famille installée dans le canton du Valais.", ["Valais"]),
    ("Originaire du district de Kayes, arrivé en 2019.", ["Kayes"]),
    # a place of several words in brackets after its listed town
    ("Domiciliée à Saint-Paul (La Réunion) chez sa sœur.", ["La Réunion"]),
    # a French town written in lower case, no cue, in a note typed in lower case
    ("entorse en jouant au foot, transféré vers morlaix pour avis", ["morlaix"]),
    # an HL7 address: street, city and postcode components
    ("PID|1||77^^^HOP||MARTIN^PAUL||19480312|M|||8 AVENUE FOCH^^METZ^^57000||0387000000", ["METZ", "57000"]),
    # an address field whose first part is a lieu-dit, then the postcode
    ("Adresse : La Haute Borne, 71460 Saint-Gengoux-le-National", ["La Haute Borne"]),
    # a place above, below or up a valley from another, a named summit or glacier
    ("Chute à ski en dessous de Grimentz, transporté en hélicoptère.", ["Grimentz"]),
    ("Dévissage sous l'aiguille du Goûter, cheville bloquée.", ["aiguille du Goûter"]),
]
NOT_FOUND = [
    ("Retour à domicile en ambulance, puis en Orthopédie demain.", "Orthopédie"),
    ("Il revient du Centre de revalidation ce matin.", "Centre"),
    ("Lésion ischémique de la région de Wernicke.", "Wernicke"),
    ("Admis en état de Mal épileptique.", "Mal"),
    ("Séjour en réanimation pour choc septique.", "réanimation"),
    # a clinical abbreviation spelt like a village ('ortho'), a lower-case word that is a town and a word
    ("rdv ortho dans 6 semaines, puis kiné", "ortho"),
    ("douleur en barre, tours de taille augmenté", "tours"),
    # a bone's neck, a floor of a care home, a lump above an anatomical part, a person in an address field
    ("Fracture du col de M4 gauche, immobilisation.", "M4"),
    ("TRANSMISSIONS EHPAD Les Iris – Rdc", "Rdc"),
    ("Tuméfaction au-dessus de la Clavicule droite.", "Clavicule"),
    ("Adresse : Martin Pierre, 57000 Metz", "Martin"),
    ("Docker au terminal de Longoni (Indian Ocean Port Services), lombalgie.", "Indian Ocean"),
]


@pytest.mark.parametrize(("text", "places"), FOUND)
def test_places8_found(deid: Deidentifier, text: str, places: list[str]) -> None:
    spans = deid.annotate(text).spans
    found = [s.text for s in spans if s.tag == "LOCATION"]
    for place in places:
        assert place in found, [(s.tag, s.text) for s in spans]


@pytest.mark.parametrize(("text", "word"), NOT_FOUND)
def test_places8_not_found(deid: Deidentifier, text: str, word: str) -> None:
    spans = deid.annotate(text).spans
    assert not any(word in s.text and s.tag == "LOCATION" for s in spans), [(s.tag, s.text) for s in spans]
