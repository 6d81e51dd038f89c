"""Regressions of deduce_fr/organisations_named.py, session 17: organisations nothing else finds.

- a public body's capitalised noun after "de l'" ("médecin-conseil de l'Union nationale des mutualités"): the elided
  article is an article, unlike a bare 'de' ('pas de Maison de repos', still no name);
- a court's, a federation's or a commission's noun opening a header's part after a spaced dash ('dossier — Fédération
  française de tennis') or opening a line with a place or a name of its own ('Tribunal de commerce du Brabant
  wallon,'); hard negatives: a kind of court alone on its line ('Tribunal de la jeunesse'), a dash before an ordinary
  noun ('Bilan — Maison de repos');
- the state's forces and rescue bodies by their noun and adjective, in any case ('réquisition gendarmerie nationale',
  'POLICE FÉDÉRALE', 'la Marine nationale', 'la croix rouge'); hard negatives: a kind ('la police locale'), a
  medical 'croix' ('incision en croix');
- an insurer named in brackets right after its cue ('my insurer (X)', 'mutuelle (X)'); an assistance firm closed by
  'Assistance' ('Mondial Assistance'); hard negative: an answer in the brackets ('Assurance (non précisée)');
- a body's name and the acronym it defines in brackets, when the acronym's capitals are its words' initials
  ("l'Agence régionale de dépistage des cancers (ARDC)"), and the acronym's later uses; hard negatives: a kind of
  service ('Centre médico-psychologique (CMP)'), a disease defined by its acronym ('(BPCO)', '(AVC)');
- an acronym no list knows, then 'à'/'au' and a known town: a body located there ('IPG à Gosselies'-like); hard
  negatives: clinical words ('IRM à', 'RCP à'), a person in capitals after a title or a person's word;
- an insurer's acronym after its cue and a few lower-case words ('assurance protection juridique X'); hard negatives:
  a cover scheme ('mutuelle CMU', 'ALD'); a name closed by 'Interprétariat';
- a state's mission and its country ('ambassade du Japon', 'Embassy of Kenya'); hard negative: an embassy with no
  country named;
- after an occupation, an acronym that is also a clinical abbreviation names the employer ("diplomate à l'OMS");
  hard negatives: a classification ("grade selon l'OMS"), an acronym after a work cue that is no occupation
  ("déclaration d'accident à l'AAA" is a form's word there), an interpreter's name in brackets.

Sentences written for these tests, not taken from an evaluation set."""

from __future__ import annotations

import pytest

from deduce_fr import Deidentifier


def _spans(deid: Deidentifier, text: str) -> set[tuple[str, str]]:
    return {(s.tag, s.text) for s in deid.annotate(text).spans}


FOUND = [
    ("Avis du médecin-conseil de l'Union nationale des mutualités socialistes\nAssuré : voir dossier.",
     "Union nationale des mutualités socialistes"),
    ("Certificat de non contre-indication — Fédération française de tennis\nJoueur classé 15/4.",
     "Fédération française de tennis"),
    ("Tribunal de commerce du Brabant wallon, chambre 2 — expertise médicale", "Tribunal de commerce du Brabant wallon"),
    ("Procès-verbal de réquisition gendarmerie nationale, adjudant présent.", "gendarmerie nationale"),
    ("POLICE FÉDÉRALE — Section circulation", "POLICE FÉDÉRALE"),
    ("Matelot de la Marine nationale, chute d'une échelle à bord.", "Marine nationale"),
    ("bénévole à la croix rouge le week-end, entorse en portant un carton", "croix rouge"),
    ("Mme Okafor, diplomate à l'OMS depuis 2015, consulte pour une lombalgie.", "OMS"),
    ("Expertise demandée par la Commission de recours des accidents du travail de Namur.",
     "Commission de recours des accidents du travail de Namur"),
    ("The report goes to my insurer (Clalit) before Friday.", "Clalit"),
    ("Remboursement par sa mutuelle (Solimut) à demander.", "Solimut"),
    ("Rapatriement organisé par Mondial Assistance le 3 juin.", "Mondial Assistance"),
    ("Courrier de l'Agence régionale de dépistage des cancers (ARDC) reçu.", "Agence régionale de dépistage des cancers"),
    ("Courrier de l'Agence régionale de dépistage des cancers (ARDC) reçu. L'ARDC relance en mai.", "ARDC"),
    ("Biopsie lue par le laboratoire : LBPX à Charleroi.", "LBPX"),
    ("Tombé d'un échafaudage sur le chantier de TRAXO au Kirchberg.", "TRAXO"),
    ("Accompagnée par M. Ito (ambassade du Japon) pour traduire.", "ambassade du Japon"),
    ("Certificat demandé par le consulat général du Maroc à Liège.", "consulat général du Maroc"),
    ("Patient employed by the Embassy of Kenya, fell on stairs.", "Embassy of Kenya"),
    ("Recours via son assurance protection juridique QLX pour l'expertise.", "QLX"),
    ("Présent : un interprète tamoul de Babel Interprétariat.", "Babel Interprétariat"),
]


@pytest.mark.parametrize(("text", "name"), FOUND)
def test_found(deid: Deidentifier, text: str, name: str) -> None:
    assert ("INSTITUTION", name) in _spans(deid, text)


NOT_FOUND = [
    ("Tribunal de la jeunesse\nAudition de l'enfant prévue.", "Tribunal"),
    ("Bilan — Maison de repos envisagée par la famille.", "Maison"),
    ("Appel de la police locale pour une chute sur la voie publique.", "police"),
    ("Incision en croix, rouge et inflammatoire en périphérie.", "croix"),
    ("Gliome de grade II selon la classification de l'OMS.", "OMS"),
    ("Déclaration d'accident du travail à l'AAA faite par l'employeur.", "AAA"),
    ("Consultation avec interprète (Dorina) et sa fille.", "Dorina"),
    ("Pas de Maison de repos pour le moment.", "Maison"),
    ("Assurance (non précisée) à vérifier.", "non"),
    ("Adressée par le Centre médico-psychologique (CMP) du secteur.", "CMP"),
    ("Bronchopneumopathie chronique obstructive (BPCO) connue.", "BPCO"),
    ("Accident vasculaire cérébral (AVC) ancien.", "AVC"),
    ("IRM à Namur prévue la semaine prochaine.", "IRM"),
    ("Dossier discuté en RCP à Liège.", "RCP"),
    ("Patiente KOWALSKA à Lens depuis 2010.", "KOWALSKA"),
    ("Avis demandé au Dr PIRON à Verviers.", "PIRON"),
    ("Dossier transmis à l'ambassade pour le visa.", "ambassade"),
    ("Bénéficiaire de la mutuelle CMU depuis 2019.", "CMU"),
    ("Assurance complémentaire ALD pour son diabète.", "ALD"),
]


@pytest.mark.parametrize(("text", "word"), NOT_FOUND)
def test_not_institution(deid: Deidentifier, text: str, word: str) -> None:
    assert not any(tag == "INSTITUTION" and word in found for tag, found in _spans(deid, text))
