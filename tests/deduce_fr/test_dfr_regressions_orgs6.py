"""Regressions of wave 6's organisation names (deduce_fr/organisations_chains.py): firms named by two names
joined by '&', acronyms beside their written-out name in brackets, bilingual names around '/'; and what
must stay people or apart. Sentences written for these tests (not taken from an evaluation set)."""

from __future__ import annotations

import pytest

from deduce_fr import Deidentifier


def _spans(deid: Deidentifier, text: str) -> set[tuple[str, str]]:
    return {(s.tag, s.text) for s in deid.annotate(text).spans}


FOUND = [
    # two names joined by '&' are a firm, with the capitalised words after them
    ("Carreleur chez Dubois & Lemaire Construction depuis 2015.", "Dubois & Lemaire Construction"),
    ("Employeur : Moulin & Janssens, rue du Parc.", "Moulin & Janssens"),
    ("Rapport transmis au cabinet Verhaegen & Lambotte ce jour.", "cabinet Verhaegen & Lambotte"),
    ("Bilan fait au Namur Sport & Knee Clinic la semaine passée.", "Namur Sport & Knee Clinic"),
    # an acronym and its written-out name in brackets, either way round
    ("Dossier transmis à la CPAM (Caisse primaire d'assurance maladie) du Var.", "CPAM"),
    ("Orienté vers la CNAS (Caisse nationale d'assurances sociales) pour le suivi.",
     "Caisse nationale d'assurances sociales"),
    ("Déclaration faite au Fonds des maladies professionnelles (FMP) en mars.", "Fonds des maladies professionnelles"),
    ("Déclaration faite au Fonds des maladies professionnelles (FMP) en mars.", "FMP"),
    # a capitalised head, what it does in lower-case words, then the place or body it belongs to
    ("Elle chante à la Paroisse orthodoxe roumaine de Schaerbeek.", "Paroisse orthodoxe roumaine de Schaerbeek"),
    ("Trésorier de l'Association des parents d'élèves de Jodoigne, chute.",
     "Association des parents d'élèves de Jodoigne"),
    ("Blessé au match du Cercle des étudiants en pharmacie de l'ULiège.",
     "Cercle des étudiants en pharmacie de l'ULiège"),
    # a care establishment's head, then an article and a name made of common words
    ("Opéré à la Clinique Les Peupliers en 2019.", "Clinique Les Peupliers"),
    ("Suivi à la Polyclinique Le Parc depuis mai.", "Polyclinique Le Parc"),
    # a Dutch care head with the article 't
    ("Verwezen door Groepspraktijk 't Zonneke, Gent.", "Groepspraktijk 't Zonneke"),
    # dictated in lower case: a hospital acronym, then a town whose name is also a word
    ("patiente transférée au chr de spa pour la nuit", "chr de spa"),
    ("rx de contrôle au chu d'angers dans un mois", "chu d'angers"),
    # the insurer after 'assuré(e)' / 'affilié(e)', the cue left out
    ("Patiente assurée MGEN, tiers payant.", "MGEN"),
    ("Affilié Helan depuis son mariage.", "Helan"),
    # a hospital network named alone
    ("Second avis demandé (Epicura) le 3 mai.", "Epicura"),
    ("echo faite à la clinique des cèdres hier soir", "clinique des cèdres"),
    ("adressée au cabinet de radiologie de la gare pour une écho", "cabinet de radiologie de la gare"),
    # legal forms over several tokens, with dots, or foreign
    ("Employeur : Luxlait Transports S.à r.l., Bissen.", "Luxlait Transports S.à r.l."),
    ("Couvreur chez Schmitz Bedachungen GmbH & Co. KG depuis 2012.", "Schmitz Bedachungen GmbH & Co. KG"),
    ("Magasinier chez Lhoist Industrie S.C.R.L., chute d'une échelle.", "Lhoist Industrie S.C.R.L."),
    ("Soudeur pour Stal Budowa Sp. z o.o. en détachement.", "Stal Budowa Sp. z o.o."),
    ("Opératrice chez Novartis Pharma AG à Bâle.", "Novartis Pharma AG"),
    # heads of other languages with their own links
    ("Verwezen door het Centrum voor Ambulante Revalidatie Noord, Gent.", "Centrum voor Ambulante Revalidatie Noord"),
    ("Attest van de Externe Dienst voor Arbeidsveiligheid Mensura.", "Externe Dienst voor Arbeidsveiligheid Mensura"),
    ("Doctorante à l'Università di Padova, chute à vélo.", "Università di Padova"),
    ("Stage à la Universiteit Antwerpen en 2023.", "Universiteit Antwerpen"),
    # lower-case dictation: 'sos' + its service's word and town
    ("adressé par le dr leroy de sos mains namur", "sos mains namur"),
    # a hospital of two towns written with a slash
    ("Hospitalisée au CH de Dax/Mont-de-Marsan en 2021.", "CH de Dax/Mont-de-Marsan"),
    # a Brussels hospital written in French then Dutch
    ("Transfert vers le CHU Brugmann / UVC Brugmann pour avis.", "CHU Brugmann / UVC Brugmann"),
]


@pytest.mark.parametrize(("text", "expected"), FOUND)
def test_organisation_found(deid: Deidentifier, text: str, expected: str) -> None:
    assert ("INSTITUTION", expected) in _spans(deid, text)


def test_couples_and_doctors_joined_by_ampersand_stay_people(deid: Deidentifier) -> None:
    for text in ("Vus ce jour : M. & Mme Lefebvre.", "Avis des Drs Claessens & Moreau.", "Avis des Drs. Claessens & Moreau.",
                 "Les grands-parents, Paul & Jeanne, accompagnent."):
        assert not any(tag == "INSTITUTION" for tag, _ in _spans(deid, text)), text


def test_medical_acronym_with_its_expansion_is_no_institution(deid: Deidentifier) -> None:
    for text in ("IRM (imagerie par résonance magnétique) sans particularité.",
                 "Suspicion de BPCO (Broncho-Pneumopathie Chronique Obstructive) ancienne."):
        assert not any(tag == "INSTITUTION" for tag, _ in _spans(deid, text)), text


def test_lower_case_wards_and_times_are_no_institution(deid: Deidentifier) -> None:
    for text in ("vue à l'hôpital de jour de gériatrie", "suivi à la clinique de la douleur depuis mai",
                 "admis à l'hôpital du fait de sa chute"):
        assert not any(tag == "INSTITUTION" for tag, _ in _spans(deid, text)), text


def test_short_legal_forms_after_ordinary_words_are_no_firm(deid: Deidentifier) -> None:
    for text in ("Réduction sous AG le 12/03, suites simples.", "Bilan Biologique SE normal.", "Poids : 82 KG."):
        assert not any(tag == "INSTITUTION" for tag, _ in _spans(deid, text)), text


def test_insured_without_an_insurer_is_no_institution(deid: Deidentifier) -> None:
    for text in ("Assuré social : oui.", "Patient assuré depuis 2010, sans mutuelle complémentaire."):
        assert not any(tag == "INSTITUTION" for tag, _ in _spans(deid, text)), text


def test_two_written_out_names_around_a_slash_stay_apart(deid: Deidentifier) -> None:
    found = _spans(deid, "Clinique Saint-Michel / Kliniek Sint-Michiel — Radiologie")
    assert ("INSTITUTION", "Clinique Saint-Michel") in found
