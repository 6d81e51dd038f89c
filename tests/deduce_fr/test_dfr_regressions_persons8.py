"""Wave-8 PERSON recall regressions (session 14), written in our own words (no string from a case file):
names of origins the French lists lack (world given names alone, romanised Cyrillic, Greek, Japanese and
Chinese names), the sender and recipient fields of a mail header, a header line of a name in capitals, a
lower-case name with a particle after a kin word, a surname after 'famille' or a greeting. Each rule comes
with hard negatives: what looks alike and is no name."""

from __future__ import annotations

import pytest

from deduce_fr import Deidentifier
from deduce_fr.persons_extra import world_names


def person_texts(deid: Deidentifier, text: str) -> set[str]:
    return {s.text for s in deid.annotate(text).spans if s.tag in ("PERSON", "PATIENT")}


def test_world_lists_hold_romanised_names() -> None:
    world = world_names()
    for name in ("oleksandr", "kovalenko", "papadopoulos", "siobhan", "tanaka"):
        assert name in world
    given = world_names(("names_world_given.txt",))
    assert "siobhan" in given and "kerstin" in given
    # family names are left out of the given-name list: they are often eponyms of views and signs
    assert "chamberlain" not in given and "merchant" not in given and "tanaka" not in given


@pytest.mark.parametrize(("text", "name"), [
    ("Le dossier a été relu avec Siobhan hier soir.", "Siobhan"),                  # a world given name alone
    ("Bonjour Ingeborg,\nVoici le cliché demandé.", "Ingeborg"),                    # a greeting
    ("Merci de rappeler Anirudh demain matin.", "Anirudh"),                        # a verb of reaching someone
    ("Interne de garde : Ingeborg.", "Ingeborg"),                                  # a world given name after a label
    ("Entretien avec la famille Bouzidane ce jour.", "Bouzidane"),                 # 'famille' + an unknown surname
    ("De : Ludmila Kovalenko <l.kov@exemple.be>\nObjet : IRM", "Ludmila Kovalenko"),  # a mail header
    ("From: Aoife Brennan\nSent: Monday", "Aoife Brennan"),
    ("À : Radu Popescu; Dr Mertens\nObjet : avis", "Radu Popescu"),
    ("Cc : Dimitrios Papadopoulos", "Dimitrios Papadopoulos"),
    ("COMPTE RENDU D'IMAGERIE\nTKACHENKO OLEKSANDR\nNé le 04/05/1961", "TKACHENKO OLEKSANDR"),  # a name in capitals
    ("urgences: la maman (maria da silva) est présente", "maria da silva"),        # lower case, a particle
    ("appel du fils (stanislas van hoeckel) ce soir", "stanislas van hoeckel"),
    ("PV1|1|I|||||40021877^WILLEMART^SOLENNE^^^DR", "WILLEMART"),                  # an HL7 doctor field
    ("PV1|1|I|||||40021877^WILLEMART^SOLENNE^^^DR", "SOLENNE"),
    ("cliché du genou pour madame verbist v e r b i s t arthrose", "v e r b i s t"),  # a name spelt out
    ("relu par g. h. lambillotte radiologue", "g. h. lambillotte"),                # two lower-case initials
])
def test_names_found(deid: Deidentifier, text: str, name: str) -> None:
    assert name in person_texts(deid, text)


@pytest.mark.parametrize("text", [
    "De : Service de radiologie\nÀ : Secrétariat médical",                        # fields that hold no name
    "A : J+3 contrôle clinique",
    "De : Imagerie\nObjet : rendez-vous",
    "Incidence de Merchant bilatérale, sans anomalie.",                          # surname eponyms stay terms
    "Ligne de Chamberlain respectée.",
    "Liseré dans les zones 1 à 4 de Ewald.",
    "RADIOGRAPHIE THORAX\nIRM CEREBRALE\nCONCLUSION NORMALE",                     # capital headings
    "SERVICE RADIOLOGIE\nCHU LIEGE",
    "Bonjour Docteur,\nMerci pour cet avis.",                                      # a greeting, no name
    "Conclusion : Normal.\nTechnique : Siemens",                                  # a lone word after a label
    "la maman (inquiète) signale des pleurs.",                                   # a word after a kin word
    "pas d'atteinte des segments a b c du foie.",                                 # letters that spell nothing said
    "la v. c. i. dilatée, reflux dans les veines sus-hépatiques",                  # an abbreviation's initials
    "OBR|1|||123456^IRM^GENOU",                                                    # a code^label field, no doctor
])
def test_no_name(deid: Deidentifier, text: str) -> None:
    assert not person_texts(deid, text)


def _patient_texts(deid: Deidentifier, text: str, patient: dict) -> set[str]:
    return {s.text for s in deid.annotate(text, patient).spans if s.tag == "PATIENT"}


def test_patient_in_lower_case_and_by_initials(deid: Deidentifier) -> None:
    patient = {"first_names": ["Josiane"], "surname": "Vanderkelen"}
    found = _patient_texts(deid, 'Objet : "vanderkelen coude G"\nRevue ce jour, J.V. va mieux.', patient)
    assert "vanderkelen" in found and "J.V." in found
    # a surname that is an ordinary word stays the word after a lower-case word; other initials are no match
    patient = {"first_names": ["Josiane"], "surname": "Berger"}
    found = _patient_texts(deid, "Mme Berger. Son fils est berger dans les Alpes. Vue avec A.B. ce jour.", patient)
    assert "berger" not in found and "A.B." not in found
