"""Regressions of deduce_fr/organisations_named.py, session 14: organisations nothing else finds, named with no head
word. A capitalised article after a lower-case preposition ('résidente à La Ruche'), a legal form before a name
('la SAS Bâti Ouest', "l'asbl Le Pont"), a form's field whose value is an organisation ('Siège social : X',
'Lieu de travail : X'), an ordinary word written with a capital after a job and 'à'/'pour'/'par'
('ouvrier à Tremplin'). Hard negatives: towns and regions with their article, stays and moves, feasts, a person's
role or a surname with its article, weeks of amenorrhoea ('32 SA'). Sentences written for these tests, not taken
from an evaluation set."""

from __future__ import annotations

import pytest

from deduce_fr import Deidentifier


def _spans(deid: Deidentifier, text: str) -> set[tuple[str, str]]:
    return {(s.tag, s.text) for s in deid.annotate(text).spans}


FOUND = [
    # a capitalised article after a preposition, mid-sentence: a proper name, and not a person's or a place's
    ("Vit en maison de soins, entrée à La Bruyère Fleurie il y a deux ans, chute nocturne.", "La Bruyère Fleurie"),
    ("Colis alimentaires une fois par semaine par Les Amis du Quartier, perte de poids.", "Les Amis du Quartier"),
    ("Éducateur bénévole pour Les Jeunes Pousses le mercredi, entorse du genou.", "Les Jeunes Pousses"),
    ("Accompagnement social auprès de La Boussole, logement précaire.", "La Boussole"),
    ("Elle dort depuis un mois chez L'Abri de Nuit, toux persistante.", "L'Abri de Nuit"),
    # a legal form before the name, in capitals or in lower case
    ("Soudeur salarié de la SAS Métallerie Nouvelle, brûlure de l'avant-bras.", "SAS Métallerie Nouvelle"),
    ("Orientée par l'asbl Vent Debout, bilan de chutes.", "asbl Vent Debout"),
    ("Il a repris l'EARL du Grand Pré de ses parents, écrasement du pied.", "EARL du Grand Pré"),
    # a form's field whose value is an organisation
    ("Lieu de travail : Tannerie Leblanc\nDouleur du poignet droit.", "Tannerie Leblanc"),
    ("Club : Gymnique Espérance\nChute de la poutre.", "Gymnique Espérance"),
    ("Vit seule. Télévigilance : Alertavie, activée deux fois ce mois.", "Alertavie"),
    # an ordinary word written with a capital after a job and 'à': a name, not a town
    ("Il est magasinier à Tremplin depuis trois ans, lombalgie.", "Tremplin"),
    # a letterhead's first line: a name no list knows, a dash, what the organisation does or where it is
    ("Prevalux — Service externe de prévention\nTravailleur : M. Renard, cariste.", "Prevalux"),
    ("KVZ Oostkust - Oostende\nRX thorax de face.", "KVZ Oostkust"),
    ("Pflegeheim Sonnenhof, Eupen — maison de repos\nRX bassin.", "Pflegeheim Sonnenhof"),
    # (a town closing the letterhead's name is its place)
    ("Landarztpraxis Nordeifel Sankt Vith — Dr. Weber\nRX Knie.", "Landarztpraxis Nordeifel"),
    # a military unit by its number and its lower-case name; a rescue service after 'hélitreuillé par'
    ("Sergent, 27 ans, 1er régiment de hussards parachutistes, entorse au saut.", "1er régiment de hussards parachutistes"),
    ("Skieur hélitreuillé par Heli-Alpes Secours, fracture de jambe.", "Heli-Alpes Secours"),
    # an accident declared to an insurer; a kind of establishment and its own name on a letterhead line
    ("Chute d'une échelle. Déclaration d'accident à la Helvetia, dossier en cours.", "Helvetia"),
    # an HL7 authority field holds a code even when it is also a word
    ("PID|1||0099812^^^PORTE^PI||LEROY^PAUL||19500101|M", "PORTE"),
    # a register name typed in lower case after 'chez'
    ("magasinier chez decathlon depuis 3 ans, lombalgie", "decathlon"),
    # HL7 v2 pasted as text: sending/receiving facility, the id's assigning authority, the location's facility
    ("MSH|^~\\&|RIS|CH_VALDOISE|PACS|CH_VALDOISE|20240301||ORU^R01|77|P|2.5", "CH_VALDOISE"),
    ("PID|1||4471203^^^HOPNORD^PI||MARTIN^LUC||19600101|M", "HOPNORD"),
    ("PV1|1|O|RADIO^S2^1^CLINIQUE DU PARC", "CLINIQUE DU PARC"),
]


@pytest.mark.parametrize(("text", "name"), FOUND)
def test_found(deid: Deidentifier, text: str, name: str) -> None:
    assert ("INSTITUTION", name) in _spans(deid, text)


NOT_INSTITUTION = [
    # towns and regions with their article: places, whatever the preposition
    ("Il habite à La Louvière depuis sa naissance.", "La Louvière"),
    ("Vacances à La Baule en août, coup de soleil.", "La Baule"),
    ("Rentré à La Réunion le mois dernier, fièvre.", "La Réunion"),
    ("Né à Les Mureaux, vit seul.", "Les Mureaux"),
    # a feast, a person's role, a surname with its article, a particle
    ("Il est venu à La Toussaint voir sa mère.", "La Toussaint"),
    ("Résultats expliqués à La Patiente et à sa famille.", "La Patiente"),
    ("Revu chez Le Goff pour la suite.", "Le Goff"),
    ("M. de La Rochefoucauld revu en consultation.", "La Rochefoucauld"),
    # weeks of amenorrhoea and a subcutaneous route: no legal form
    ("Grossesse de 32 SA Echographie de croissance normale.", "SA Echographie"),
    # a form's field with a lower-case answer or a report's section
    ("Lieu de travail : néant\nÉcole : Service de Pédiatrie", "néant"),
    # a field's value starts with a capital anyway: one ordinary word, or a person, is no organisation
    ("Aides : Soins infirmiers 2x/jour, repas livrés.", "Soins"),
    ("École : Primaire\nClub : Football", "Primaire"),
    ("Aides : Collard le matin, voisine.", "Collard"),
    ("Éducatrice sociale : Julie Verhaegen, joignable le matin.", "Julie Verhaegen"),
    ("Soigneur du club : M. Hugo Lemaire, présent au match.", "Hugo Lemaire"),
    ("Néphrologie — Mme Baptista, 71 ans, contrôle.", "Néphrologie"),
    # an ordinary capitalised word after 'à' in an employer clause that is a town
    ("Ouvrier à Sens depuis dix ans.", "Sens"),
    # a line that opens with a surname, a ward, a kind of establishment, an examination or a long word in capitals
    ("Nowak — 49a, chute dans l'escalier.", "Nowak"),
    ("MRS — résidente de 94 ans, chute.", "MRS"),
    ("Pédiatrie — Lina, 11 ans, accompagnée de sa mère.", "Pédiatrie"),
    ("GONOMETRIE — mesure des axes des membres inférieurs.", "GONOMETRIE"),
    ("RX THORAX — bilan préopératoire.", "THORAX"),
    ("Transporté par Julien, son voisin, jusqu'aux urgences.", "Julien"),
    ("Accident déclaré à Kehl en rentrant du travail.", "Kehl"),
    ("SSR Gériatrie — bilan de chute.", "Gériatrie"),
    # 'chez' + an ordinary word in lower case; HL7 id types and departments where an authority or facility stands
    ("il dort chez papa ce soir, puis chez le boulanger", "papa"),
    ("PID|1||85031212345^^^NISS^NN~123^^^INS-NIR^NH||DUBOIS^ANNE", "NISS"),
    ("MSH|^~\\&|RIS|IMAGERIE|PACS|RADIOLOGIE|20240301||ORU^R01|77|P|2.5", "IMAGERIE"),
]


@pytest.mark.parametrize(("text", "word"), NOT_INSTITUTION)
def test_not_institution(deid: Deidentifier, text: str, word: str) -> None:
    assert not any(tag == "INSTITUTION" and word in span for tag, span in _spans(deid, text))


def test_kind_and_name_on_a_letterhead(deid: Deidentifier) -> None:
    """'HAD X Y – ...': the establishment's own name is masked (with or without its kind, as other rules decide)."""
    spans = _spans(deid, "HAD Soins Ardennes Meuse – fiche de transmission\nPatiente alitée.")
    assert any(tag == "INSTITUTION" and "Soins Ardennes Meuse" in text for tag, text in spans)
