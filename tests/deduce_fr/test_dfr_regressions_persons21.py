"""Session-18 PERSON regressions (persons21), written in our own words (no string from a case file): names read by
the field that holds them in exports, forms, XML, JSON and key=value text ('Exécutant : GAILLARD',
'<Nom>BLANC</Nom>', 'nom=PELLETIER', a CSV 'utilisateur' column), surnames and given names that are ordinary
words there ('BLANC Pierre', 'MARCHAND', 'ROSE'); with hard negatives (empty markers, departments, exam names,
things named by a 'Nom de ...' label)."""

from __future__ import annotations

import pytest

from deduce_fr import Deidentifier


def spans(deid: Deidentifier, text: str) -> dict[str, str]:
    return {s.text: s.tag for s in deid.annotate(text).spans}


@pytest.mark.parametrize(("text", "names"), [
    # a role label the core triggers lack, a number after the label, a label of several words
    ("Exécutant : GAILLARD\nExamen : RX genou", ["GAILLARD"]),
    ("Opérateur 1 : KLEIN   Opérateur 2 : WEBER", ["KLEIN", "WEBER"]),
    ("Nom du médecin : FEVRIER\nSpécialité : rhumatologie", ["FEVRIER"]),
    # an ordinary-word surname then a given name that is a word too, after the patient's label
    ("Patient : BLANC Pierre   DDN : 02/01/1950", ["BLANC Pierre"]),
    # key=value, XML elements, JSON lists
    ("nom=PELLETIER prenom=Gaëlle medecin=BOUVIER", ["PELLETIER", "Gaëlle", "BOUVIER"]),
    ("<Patient><Nom>BLANC</Nom><Prenom>PASCALE</Prenom></Patient>", ["BLANC", "PASCALE"]),
    ("<prescripteur>ROUSSEAU ALAIN</prescripteur>", ["ROUSSEAU ALAIN"]),
    ('{"nom_usage":"DUVAL","prenoms":["ROSE","MARIE"]}', ["DUVAL", "ROSE", "MARIE"]),
    # export columns: the line's last header cell, a user column, an ordinary word under a surname column
    ("date;heure;utilisateur;action;patient\n12/05/2024;10:02;PETIT M.;ouverture;LEGRAND JOSETTE",
     ["PETIT M.", "LEGRAND JOSETTE"]),
    ("id,last_name,first_name,dob\n881,MARCHAND,JULES,1944-05-19", ["MARCHAND", "JULES"]),
    # a role label in capitals then the name in capitals, no separator
    ("RX BASSIN - PATIENT LAVERGNE PAUL - 81 ANS", ["LAVERGNE PAUL"]),
    ("MEDECIN DEMANDEUR BLANCHARD\nMOTIF CHUTE", ["BLANCHARD"]),
])
def test_labelled_field_values_are_names(deid: Deidentifier, text: str, names: list[str]) -> None:
    found = spans(deid, text)
    for name in names:
        assert found.get(name) in ("PERSON", "PATIENT"), (name, found)


@pytest.mark.parametrize(("text", "words"), [
    # empty or unknown markers, departments, roles and sexes in a person field
    ("Nom : RAS\nMédecin : URGENCES\nPatient : INCONNU\nUtilisateur : SYSTEME\nRadiologue : GARDE",
     ["RAS", "URGENCES", "INCONNU", "SYSTEME", "GARDE"]),
    ("Patient : Homme de 45 ans, chute de sa hauteur.", ["Homme"]),
    # a field's value stops at its sentence's full stop: the next sentence's first word is no part of it
    ("Opérateur : Dr Line Quéré. Aide : une manipulatrice.", ["Line Quéré. Aide"]),
    ("PATIENT DIABETIQUE SOUS INSULINE\nMEDECIN GENERALISTE PREVENU", ["DIABETIQUE", "GENERALISTE PREVENU"]),
    # a 'Nom de ...' label naming a thing, an XML element naming an exam or a department
    ("Nom de l'examen : RADIOGRAPHIE THORAX\nNom du fichier : EXPORT", ["RADIOGRAPHIE THORAX", "EXPORT"]),
    ("<Nom>Radiographie du thorax</Nom><Service>URGENCES</Service>", ["Radiographie du thorax", "URGENCES"]),
    ("nom=thorax type=CR medecin=NC", ["thorax", "NC"]),
    # a month outside an identity field, a town as a correspondent
    ("Médecin : MARS\nCorrespondant : LILLE", ["MARS"]),
])
def test_labelled_fields_keep_things_out(deid: Deidentifier, text: str, words: list[str]) -> None:
    found = spans(deid, text)
    for word in words:
        assert found.get(word) not in ("PERSON", "PATIENT"), (word, found)


@pytest.mark.parametrize(("text", "names"), [
    # chat speakers: apocopes of given names ('Flo', 'Stéph'), a time or an initial after the name
    ("Flo : quelqu'un a vu les clés de la salle 3 ?\nMathieu : oui je passe les déposer\nFlo : parfait",
     ["Flo", "Mathieu"]),
    ("Stéph 14:02 : le monsieur est installé en salle 2\nVince 14:05 : j'arrive", ["Stéph", "Vince"]),
    ("Alix : la salle d'écho est libre ?\nOdon : non, une biopsie en cours", ["Alix", "Odon"]),
    # a vocative opening a line: a given name that is also a word or an eponym
    ("Thomas, tu peux jeter un oeil au scanner de ce matin ?", ["Thomas"]),
    ("Pierre, rappelle-moi dès que possible stp", ["Pierre"]),
    # an arrow's ends, a staff role in brackets
    ("sms 08:10 -> Seb (manip)\nok pour 9h", ["Seb"]),
    ("Élise (manip) -> Dr Auger\nle monsieur attend en cabine", ["Élise", "Auger"]),
    # handles, a signature closing a message
    ("@jdurand peux-tu valider le CR ?\n@marie.l c'est fait", ["jdurand", "marie.l"]),
    ("Bonjour,\nPouvez-vous rappeler ma mère au sujet de sa radio ?\nMerci d'avance\nNanou", ["Nanou"]),
    # a sign-off then a name on the same line, closing it
    ("Coucou, le monsieur du 12 est arrivé en cabine. Bisous, Lolo", ["Lolo"]),
    ("Tu me confirmes le créneau de 14h ? Merci ! Juju", ["Juju"]),
])
def test_message_positions_name_people(deid: Deidentifier, text: str, names: list[str]) -> None:
    found = spans(deid, text)
    for name in names:
        assert found.get(name) in ("PERSON", "PATIENT"), (name, found)


@pytest.mark.parametrize(("text", "words"), [
    # a form's labels before a colon, even two of them in a row, are no speakers
    ("Indication : douleur thoracique\nConclusion : pas d'anomalie\nTechnique : acquisition hélicoïdale",
     ["Indication", "Conclusion", "Technique"]),
    ("Objet : RDV scanner\nRésultat : normal\nAvis : favorable\nBilan : à compléter", ["Objet", "Résultat", "Avis"]),
    # a sentence's first word before a comma, a channel, a team handle
    ("Ensuite, on refera une radio de contrôle.\nMerci, bonne journée", ["Ensuite", "Merci"]),
    ("@all le PACS redémarre à 13h", ["all"]),
    ("Transfert : hôpital de Treichville, Abidjan → CHU de Rennes", ["Abidjan"]),
    ("Le contrôle est prévu à 3 mois. Merci. Conclusion\nBonne journée. Pneumothorax", ["Conclusion", "Pneumothorax"]),
    # a classification's grade after capitals, an acronym with a capital inside, a vendor alone
    ("Lésion classée TASC II B. Pas de sténose ailleurs.", ["TASC II B."]),
    ("Score MaRIA élevé, maladie de Crohn active.", ["MaRIA"]),
    ("Intervention prévue sous contrat de maintenance Philips.", ["Philips"]),
])
def test_message_positions_keep_words_out(deid: Deidentifier, text: str, words: list[str]) -> None:
    found = spans(deid, text)
    for word in words:
        assert found.get(word) not in ("PERSON", "PATIENT"), (word, found)


def test_patient_first_name_shortened_in_lower_case(deid: Deidentifier) -> None:
    from deduce_fr import Patient

    patient = Patient(first_names=["Jessica"], surname="Morvan")
    doc = deid.annotate("coucou c jess, ma radio du genou est prête ? merci", patient=patient)
    assert {s.text: s.tag for s in doc.spans}.get("jess") == "PATIENT"
    # a word that starts like the name is no diminutive of it ('jessica' -> 'jes' is too short; 'mari' of Marion is
    # a French word's start, but a common word stays out)
    patient = Patient(first_names=["Marion"], surname="Morvan")
    doc = deid.annotate("rdv avec son mari demain pour la radio", patient=patient)
    assert all(s.text != "mari" for s in doc.spans)


@pytest.mark.parametrize(("text", "name"), [
    ("bonjour je suis amina kaci nee el ouafi, merci de me rappeler", "el ouafi"),
    ("mme x nee dupont appelle pour sa radio", "dupont"),
])
def test_lower_case_maiden_name(deid: Deidentifier, text: str, name: str) -> None:
    assert spans(deid, text).get(name) in ("PERSON", "PATIENT")


@pytest.mark.parametrize("text", [
    "nee le 12/03/1950 a lyon", "bebe nee prematurement a 32 sa", "patiente nee a terme, pas d'antecedent",
    "nee en 1962, suivie pour arthrose"])
def test_lower_case_maiden_cue_without_name(deid: Deidentifier, text: str) -> None:
    assert not [s for s in deid.annotate(text).spans if s.tag in ("PERSON", "PATIENT")]
