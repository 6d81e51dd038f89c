"""Wave-19 PERSON regressions (session 22, helper persons27), written in our own words (no string from a case
file). Names no list holds (Polynesian, Kanak, Comorian, Creole, Tamil and invented ones) found by the place a
message, a form or a header gives them: a closing formula, a display name before an address, a greeting, a
signed line, a chat's speakers, a login in a log field, a role label, a name followed by an age, an explicit
list of relatives, a name set off after a care role. Each with hard negatives: what looks alike and is no name.
The `deid` fixture is the rule layer (conftest.py)."""

from __future__ import annotations

import pytest

from deduce_fr import Deidentifier


def names(deid: Deidentifier, text: str) -> set[str]:
    return {s.text for s in deid.annotate(text).spans if s.tag in ("PERSON", "PATIENT")}


def covered(deid: Deidentifier, text: str, word: str) -> bool:
    at = text.index(word)
    cov = [False] * len(text)
    for s in deid.annotate(text).spans:
        for k in range(s.start_char, s.end_char):
            cov[k] = True
    return all(cov[k] for k in range(at, at + len(word)) if not text[k].isspace())


@pytest.mark.parametrize(("text", "name"), [
    # a closing formula then a name, on its line or the next, before a dash, a comma, 'pour' or the line's end
    ("Les images sont illisibles, merci de renvoyer.\nCheers, Vaimiti — Medpace", "Vaimiti"),
    ("Je vous renvoie le formulaire signé.\nCordialement, Tuihani pour le secrétariat", "Tuihani"),
    ("Le CD est parti ce matin.\nMet vriendelijke groeten,\nHeimana Tetuanui", "Heimana Tetuanui"),
    # a display name before an address in brackets, in lower case too
    ("De: moeata riaria <moeata.r@exemple.pf>\nObjet: compte rendu", "moeata riaria"),
    # a greeting then a name
    ("Bonjour Kaniwa,\nle patient est arrivé ce matin.", "Kaniwa"),
    ("Hi Tamatoa, the second site sent the discs.", "Tamatoa"),
    # a signed line: a name then a comma and a role or a phone number
    ("Merci de me tenir informée.\nNaïla Wahnyamalla, mandataire judiciaire", "Naïla Wahnyamalla"),
    ("Pouvez-vous me rappeler ?\nAnzaouia Madi, 06 39 21 44 70", "Anzaouia Madi"),
    # a name bracketed or set off after a care role, a name in a role bracket
    ("La tablette est en panne, le technicien (Tehotu) passe demain.", "Tehotu"),
    ("À la crèche, la puéricultrice, Wanakam, l'a vu tomber.", "Wanakam"),
    ("Dossier repris par Hnaeje (ARC) pour la visite de suivi.", "Hnaeje"),
    ("Mail de Marie-Hinatea (secrétariat de l'imagerie du lagon) reçu ce matin.", "Marie-Hinatea"),
    ("Elle rappellera après 16h. (Saïndou, secrétariat)", "Saïndou"),
    # a role label before a name
    ("Psychologue : Wayenece. Puéricultrice : Tiarenui.", "Wayenece"),
    # an explicit list of relatives no list knows
    ("Parents (Kanappan et Sivagami Ramasamy) prévenus.", "Kanappan"),
    ("Frères : Mohadji (15 ans) et Toiybou (9 ans).", "Toiybou"),
])
def test_names_in_message_and_form_positions(deid: Deidentifier, text: str, name: str) -> None:
    assert covered(deid, text, name)


@pytest.mark.parametrize(("text", "name"), [
    ("Dispensaire de l'île\nWAHOLO Kapeaseu, 52 ans, tribu du bord de mer", "WAHOLO Kapeaseu"),
    ("Rx cheville F/P\nTEHEI TAPU Ravahere, 9 ans", "TEHEI TAPU Ravahere"),
    ("CR thorax | patient : naïhoa tepava, 61a | ancien docker", "naïhoa tepava"),
    ("pte faïza soilihi 44a, aide à domicile", "faïza soilihi"),
])
def test_names_followed_by_an_age(deid: Deidentifier, text: str, name: str) -> None:
    assert covered(deid, text, name)


def test_chat_speakers_no_list_knows(deid: Deidentifier) -> None:
    text = ("Tuarii : la salle 2 est libre ?\nHinatea : non, arthro en cours\nTuarii : ok je passe en 3\n")
    assert {"Tuarii", "Hinatea"} <= names(deid, text)
    stamped = "Teams - équipe nuit\nRaiarii T. 01:40 : le scan 1 redémarre ?\nManutahi 01:42 : oui c'est fait\n"
    assert {"Raiarii T.", "Manutahi"} <= names(deid, stamped)


def test_logins_in_log_fields(deid: Deidentifier) -> None:
    text = "job=export; date=2024-03-02; operator=tkaiser; reader1=hnaeje_w; status=OK"
    assert {"tkaiser", "hnaeje_w"} <= names(deid, text)


@pytest.mark.parametrize("text", [
    # form labels repeated in a dump are no chat speakers
    "Subject: compte rendu\nFinding: épanchement\nSubject: contrôle\nFinding: pas d'épanchement\n",
    # system accounts and departments in log fields
    "operator=admin | user=pacs_export | reader=system | user=radiologie",
    "Service demandeur : rhumatologie, pôle locomoteur",
    # greetings to a role or a team, closings before a department
    "Bonjour Docteur,\nje vous adresse ce patient.",
    "Dear colleagues,\nplease find the report attached.",
    "Bien à vous,\nService de radiologie",
    # classifications and eponyms set off in brackets, a grade after an age
    "Fracture du plateau tibial (Schatzker, type II), classée ce jour.",
    "FRACTURE Garden 70 ans, ostéosynthèse prévue.",
    # an age after words that are no name
    "pt homme 45 ans, patient polytraumatisé 45 ans, pte agitée 38a",
    "Parents : divorcés. Amis, Famille et Voisins présents.",
])
def test_no_name_here(deid: Deidentifier, text: str) -> None:
    assert not names(deid, text)
