"""Session-22 (org27) regressions: organisations named by the shape of their sector and not by a French head word:
rescue helicopters' call signs, airlines, vendors with an English sector word, tele-radiology firms, research
units and ethics committees, a provider or a ship after its cue, bare hospital acronyms beside a ward. Every
sentence is our own, with hard negatives (dictation software, air in a lung, eponyms, grades)."""

from __future__ import annotations

from functools import partial

import pytest
from dfr_spans import covered, tagged

from deduce_fr import Deidentifier, Patient

PATIENT = Patient(first_names=["Odile"], surname="Berthelot", birth_date="1961-05-09", sex="F")


_tagged = partial(tagged, patient=PATIENT)
_covered = partial(covered, patient=PATIENT, spaces=True)


@pytest.mark.parametrize(("text", "name"), [
    ("Randonneur bloqué sur l'arête, hélitreuillé par Dragon 65 vers l'hôpital.", "Dragon 65"),
    ("Gendarmerie prévenue, choucas 73 décolle dans dix minutes.", "choucas 73"),
    ("Le vol Air Austral de ce matin est complet, transfert reporté.", "Air Austral"),
    ("Relecture de nuit assurée par Vendrix Radiology pour le site.", "Vendrix Radiology"),
    ("Alerte du logiciel fournie par Quorel Medical lundi dernier.", "Quorel Medical"),
    ("Clichés transmis à Télé-Imagerie Provence pour double lecture.", "Télé-Imagerie Provence"),
    ("Prélèvements envoyés à l'équipe Inserm U1098 pour l'ancillaire.", "Inserm U1098"),
    ("Visite de suivi réalisée au CIC 1402 selon le protocole.", "CIC 1402"),
    ("Amendement approuvé par le CPP Sud-Est III en juin.", "CPP Sud-Est III"),
])
def test_sector_shapes_are_institutions(deid: Deidentifier, text: str, name: str) -> None:
    # (a lower-case head before the name may join it: 'équipe Inserm U1098'; that edge is another rule's)
    assert any(tag == "INSTITUTION" and name in found for found, tag in _tagged(deid, text))


@pytest.mark.parametrize(("text", "name"), [
    ("Examen relu la nuit via la plateforme Radmeda avant le staff.", "Radmeda"),
    ("Glissade en descendant du ferry Kalenn à l'arrivée au port.", "Kalenn"),
    ("Enfant revu en pédiatrie CHM le lendemain.", "CHM"),
    ("Patiente orientée CHOR urgences par le médecin de garde.", "CHOR"),
    ("SAINT-PIERRE — CHOG\nCompte rendu de sortie.", "CHOG"),
])
def test_cued_names_are_covered(deid: Deidentifier, text: str, name: str) -> None:
    assert _covered(deid, text, name)


@pytest.mark.parametrize("text", [
    "Compte rendu dicté sur Dragon puis relu par le secrétariat.",
    "SpO2 à 94 % en air ambiant, pas de pneumothorax.",
    "Fracture de Weber B de la cheville, classée Le Fort II au massif facial.",
    "Le promoteur de l'étude reste l'hôpital ; avis du CPP favorable.",
    "Carcinose péritonéale : une CHIP est discutée en réunion de concertation.",
    "Retour prévu par le ferry de quatorze heures, le prestataire de matériel passera demain.",
])
def test_no_institution_in_these(deid: Deidentifier, text: str) -> None:
    assert not [t for _, t in _tagged(deid, text) if t == "INSTITUTION"]
