"""Session 20 (core20): identifiers and phone numbers of the French-speaking world outside France and Belgium, in
our own words, each with hard negatives: the Quebec health insurance number, Maghreb identity cards, a prisoner's
number, a court's roll number, a support ticket, a Belgian structured payment reference; North American phone
numbers and the grouped national numbers of West and Central Africa."""

from __future__ import annotations

import pytest

from deduce_fr import Deidentifier


def _tagged(deid: Deidentifier, text: str) -> list[tuple[str, str]]:
    return [(s.text, s.tag) for s in deid.annotate(text).spans]


def _covered(deid: Deidentifier, text: str, part: str, tag: str) -> bool:
    start = text.index(part)
    return any(s.start_char <= start and start + len(part) <= s.end_char and s.tag == tag
               for s in deid.annotate(text).spans)


@pytest.mark.parametrize("text,part", [
    ("Bénéficiaire : Gagnon, Lucie — RAMQ : GAGL 5807 2214", "GAGL 5807 2214"),
    ("Carte d'assurance maladie (RAMQ) : TREM 6912 0345, expire en 2027.", "TREM 6912 0345"),
    ("Identité vérifiée, NAM PELD 4403 1186, bracelet posé.", "PELD 4403 1186"),
    ("Mme Amrani Souad, CIN : KB 117 208, adressée pour une échographie.", "KB 117 208"),
    ("Patiente Bensaïd, CNIE Z 604 319, mutualiste.", "Z 604 319"),
    ("Consultation en détention : M. Vasseur (écrou 23 781), douleur thoracique.", "23 781"),
    ("Expertise ordonnée par le tribunal, R.G. 22/01458, pièces jointes.", "R.G. 22/01458"),
    ("Ticket #55130 - la console PACS ne démarre plus.", "55130"),
    ("Merci de régler avec la communication +++112/4471/33025+++ avant le 30.", "+++112/4471/33025+++"),
])
def test_identifiers_abroad(deid: Deidentifier, text: str, part: str) -> None:
    assert _covered(deid, text, part, "ID"), _tagged(deid, text)


@pytest.mark.parametrize("text", [
    "ANNEE 2023 1500 patients inclus dans le registre.",     # a year and a count after a capitalised word
    "Examen de 2021 : 1450 clichés archivés.",
    "Le cinéma du CIN 2024 ferme.",                            # not an identity-card number: too few digits
    "La rééducation a duré 12 semaines, reprise du sport.",
])
def test_identifier_hard_negatives(deid: Deidentifier, text: str) -> None:
    assert not any(tag == "ID" for _, tag in _tagged(deid, text)), _tagged(deid, text)


@pytest.mark.parametrize("text,part", [
    ("Rappeler la patiente au 819 563-2207 pour le rendez-vous.", "819 563-2207"),
    ("Clinique de Laval, télécopieur (450) 468-1120.", "(450) 468-1120"),
    ("Contact d'urgence : Ginette Paradis (sœur), 418.692.5531", "418.692.5531"),
    ("Tél : 7 66 12 48 03\nÉchographie pelvienne normale.", "7 66 12 48 03"),
    ("Époux : Moussa Diarra, 66 41 27 90", "66 41 27 90"),
    ("Prévenir sa fille Awa Sangaré (tante), 79 312 55 61.", "79 312 55 61"),
    ("je vous envoie mon numero 91 407 22 18 merci", "91 407 22 18"),
])
def test_phones_abroad(deid: Deidentifier, text: str, part: str) -> None:
    assert _covered(deid, text, part, "PHONE"), _tagged(deid, text)


@pytest.mark.parametrize("text", [
    "Mesures, 12 14 16 18 mm aux quatre niveaux.",          # a common word before the comma
    "Angles de Cobb 23 45 12 10 sur les clichés successifs.",  # no cue, no name
    "Dossier 44 128 770 transmis au secrétariat.",           # an identifier's cue: not a phone
    "Plaquettes 250 000, leucocytes 7 800.",
    "Réf. 2021-06-19 : contrôle à 6 mois.",
])
def test_phone_hard_negatives(deid: Deidentifier, text: str) -> None:
    assert not any(tag == "PHONE" for _, tag in _tagged(deid, text)), _tagged(deid, text)


def test_roll_number_label_inside_only_right_before_it(deid: Deidentifier) -> None:
    assert ("R.G. 19/00872", "ID") in _tagged(deid, "Jugement du tribunal, R.G. 19/00872, audience du matin.")
    assert ("19/00872", "ID") in _tagged(deid, "Jugement du tribunal, R.G. n° 19/00872, audience du matin.")
    assert ("19/00872", "ID") in _tagged(deid, "Jugement du tribunal, RG 19/00872, audience du matin.")
