"""Regressions of deduce_fr/organisations_named.py: organisations named by their own name with no head word
(register names anywhere; names that are also words, and unknown capitalised words, in an employer position;
sports clubs by their acronym), and what must stay something else (eponyms, persons after a title, towns
after 'à', contract words in brackets, countries). Sentences written for these tests, not taken from an
evaluation set. The register itself is checked against its build script's promises (no towns, no French
words among the names matched anywhere)."""

from __future__ import annotations

import pytest

from deduce_fr import Deidentifier
from deduce_fr.annotators import Context
from deduce_fr.lookups import DATA_DIR, fold, read_list
from deduce_fr.organisations_named import NamedOrganisationAnnotator
from deduce_fr.places import key_of
from deduce_fr.tokenizer import tokenize


def _spans(deid: Deidentifier, text: str) -> set[tuple[str, str]]:
    return {(s.tag, s.text) for s in deid.annotate(text).spans}


def _named(deid: Deidentifier) -> NamedOrganisationAnnotator:
    return next(a for a in deid.annotators if isinstance(a, NamedOrganisationAnnotator))


FOUND = [
    # a register name, no cue at all
    ("Chute de sa hauteur dans les rayons de Hornbach, douleur de hanche.", "Hornbach"),
    ("Contusion du coude en sortant du Kinepolis samedi soir.", "Kinepolis"),
    # a name that is also a French word, in brackets after a job and a town
    ("Manutentionnaire à Arlon (Cactus), lombalgie aiguë.", "Cactus"),
    # right after the occupation, no preposition
    ("Intérimaire Synergie sur un chantier de voirie, chute.", "Synergie"),
    # after the job's complement and a preposition
    ("Conductrice de bus aux TEC depuis 2019, cervicalgies.", "TEC"),
    # a register name grown over the town glued to it
    ("Chauffeur chez Keolis Lille, entorse de cheville.", "Keolis Lille"),
    # an unknown capitalised word after an occupation and 'pour'
    ("Livreur de colis pour Zortavex, plaie de la main.", "Zortavex"),
    # a sports club by its acronym after an elided article
    ("Gardien de but à l'US Dax, choc au genou.", "US Dax"),
    # a service's name written with an '@' (no e-mail: no domain after it)
    ("Cliché du bassin pris au lit par Scan@Maison ce matin.", "Scan@Maison"),
    # an ordinary word written with a capital after 'chez' in an employer position
    ("Serveuse chez Escale depuis l'été, brûlure de l'avant-bras.", "Escale"),
    # a form's employer field, whatever words the name is made of
    ("Employeur (AT) : Menuiseries Vallée Verte, Roubaix", "Menuiseries Vallée Verte"),
    # a lower-case head of a firm in an employer position keeps its head ...
    ("Saisonnier au domaine Brévillard-Moreau, chute d'une échelle.", "domaine Brévillard-Moreau"),
    ("Éleveur laitier (coopérative Laitalpes), écrasement du pied.", "coopérative Laitalpes"),
    # ... and so does 'entreprise', the v8a writer's way (org16: in 3 times, out once on v8a dev)
    ("Coffreur pour l'entreprise Bétons Cerdan, chute de hauteur.", "entreprise Bétons Cerdan"),
    # a club named after the sport played there
    ("Entorse lors d'un entraînement de volley au Zéphyrs Dunois, repos.", "Zéphyrs Dunois"),
    # a cycling club in brackets after an activity
    ("Cycliste du dimanche (VC Lédonien), chute sur l'épaule.", "VC Lédonien"),
    # a medical practice by its legal form, up to the line's separator
    ("SELARL RADIOLOGIE DES TROIS VALLÉES - 4 rue Haute - 38000 Grenoble", "SELARL RADIOLOGIE DES TROIS VALLÉES"),
    ("SCM des radiologues du Pays de Gex, 01210 Ferney", "SCM des radiologues du Pays de Gex"),
    # a hospital's site named alone, even by a region's name (a town stays LOCATION)
    ("Prothèse posée au CHR du Val de Semois (site Ardenne), contrôle à J45.", "Ardenne"),
]


@pytest.mark.parametrize(("text", "expected"), FOUND)
def test_named_organisation_found(deid: Deidentifier, text: str, expected: str) -> None:
    assert ("INSTITUTION", expected) in _spans(deid, text)


@pytest.mark.parametrize("text", [
    "Réflexe de Hoffmann négatif, pas de signe de Babinski.",  # an eponym that is also a brand's name
    "Revu par le Dr Tissot en consultation.",  # a person after a title (a watch brand too)
    "Frontalier, travaille à Kehl, fracture du scaphoïde.",  # one word after 'à': a town
    "Ouvrier du bâtiment (CDI), lombalgie.",  # a contract word in brackets
    "Travaille en France depuis deux ans.",  # a country
    "Technicienne (IRM) au troisième étage.",  # a medical abbreviation in brackets
    "Caissière à la retraite depuis 2020.",  # no name at all
    "Le produit de contraste employé Iomeron 300 a été bien toléré.",  # a drug after a participle
    "Répondre à accueil@radiologie-nord.fr avant lundi.",  # an e-mail address stays an e-mail
    "Bilan du site Opératoire à J10.",  # 'site' in its medical sense
    "Suivi chez MT Dr Lemaire la semaine prochaine.",  # a clinical abbreviation before a doctor
    "Selon la SCM, le rendez-vous est maintenu.",  # a legal form with no name after it
])
def test_no_organisation(deid: Deidentifier, text: str) -> None:
    assert not any(tag == "INSTITUTION" for tag, _ in _spans(deid, text)), _spans(deid, text)


def test_the_annotator_alone_finds_the_name_and_nothing_else(deid: Deidentifier) -> None:
    """The spans come from this annotator (not from the other organisation rules), and a text with no
    capitalised name costs nothing."""
    ann = _named(deid)
    text = "Magasinière à Virton (Cactus) depuis 2015, entorse de cheville."
    ctx = Context(text=text, tokens=tokenize(text), lookups=deid.lookups)
    assert [text[s:e] for s, e, _ in ann.annotate(ctx)] == ["Cactus"]
    plain = "douleur de cheville, pas de fracture visible."
    assert ann.annotate(Context(text=plain, tokens=tokenize(plain), lookups=deid.lookups)) == []


@pytest.mark.parametrize("text", [
    "Agricultrice de Vernouillet-sur-Brenne, chute de tracteur.",  # one unknown word after 'de': a place of origin
    "Maçon à Puttelange-aux-Lacs, lombalgie.",  # ... or after 'à'
    "Vendeuse chez Ariana Michel, sa voisine.",  # a person's first name and surname
    "Technicien (Siemens) passé ce matin pour la maintenance du scanner.",  # a vendor after a technical job
    "Match de tennis à Wimereux, chute sur la main.",  # a town after the sport
])
def test_this_annotator_leaves_alone(deid: Deidentifier, text: str) -> None:
    ctx = Context(text=text, tokens=tokenize(text), lookups=deid.lookups)
    assert _named(deid).annotate(ctx) == []


def test_register_keeps_its_promises(deid: Deidentifier) -> None:
    """Names matched anywhere are no town, no country and, for one word, no French word or known name."""
    safe = read_list(DATA_DIR / "organisations_register.txt")
    cue = read_list(DATA_DIR / "organisations_register_cue.txt")
    assert len(safe) > 1500 and len(cue) > 500
    lk = deid.lookups
    places = {key_of(w) for w in read_list(DATA_DIR / "fallback_places.txt")}
    for name in safe:
        key = key_of(name)
        assert key not in lk.cities and key not in places, name
        if len(key) == 1:
            word = fold(key[0])
            assert word not in lk.stopwords and word not in lk.first_names and word not in lk.surnames, name
