"""Registration numbers of firms, practices and practitioners (deduce_fr/ids_business.py).

Letterheads and footers of radiology practices print SIRET/SIREN, RCS, VAT, FINESS, RPPS, BCE and
INAMI numbers in groups ('607 152 980 00035', '311 - 2204518 - 67'); the generic id patterns read
one digit run only, so these leaked or were masked in part (v5 dev). Every case here is written
for this file; the hard negatives (activity codes, doses, sizes, dates, phones, 'TVA 21 %') must
give no register number.
"""

from __future__ import annotations

import random

import pytest

from deduce_fr import Deidentifier
from deduce_fr.annotators import Context
from deduce_fr.ids_business import (
    BusinessIdAnnotator,
    be_enterprise_valid,
    fr_vat_valid,
    iban_valid,
    lu_vat_valid,
    luhn_valid,
    siret_valid,
)
from deduce_fr.tokenizer import tokenize

# numbers made for these tests: 607152980 (a Luhn SIREN), 60715298000035 (its SIRET), FR 33 (its VAT key),
# 0862.157.477 (a Belgian enterprise number, mod 97), LU 26310925 (mod 89)


def spans(deid: Deidentifier, text: str) -> set[tuple[str, str]]:
    return {(s.text, s.tag) for s in deid.annotate(text).spans}


def business_ids(deid: Deidentifier, text: str) -> list[str]:
    """What the business-id annotator alone finds."""
    ctx = Context(text=text, tokens=tokenize(text), lookups=deid.lookups)
    return [text[s:e] for s, e, _ in BusinessIdAnnotator(tag="ID").annotate(ctx)]


@pytest.mark.parametrize(("text", "expected"), [
    # SIRET / SIREN in groups, the label outside the span
    ("Cabinet de radiologie des Tilleuls - SIRET 731 406 225 00019", "731 406 225 00019"),
    ("Siret n° : 731 406 225 000 19 - APE 8622B", "731 406 225 000 19"),
    ("N° SIREN : 731.406.225", "731.406.225"),
    ("SIRET\n731 406 225 00019", "731 406 225 00019"),
    # RCS: the town is skipped, a greffe letter before the number belongs to it, the number may come first
    ("SELAS au capital de 40 000 euros - RCS Rennes B 731 406 225", "B 731 406 225"),
    ("Immatriculée au RCS de Lyon sous le numéro 731 406 225", "731 406 225"),
    ("R.C.S. Nanterre 731406225", "731406225"),
    ("731 406 225 R.C.S. Créteil", "731 406 225"),
    ("Société anonyme - RCS Luxembourg B 98.112", "B 98.112"),
    # VAT numbers with their country code
    ("TVA intracommunautaire : FR 58 731 406 225", "FR 58 731 406 225"),
    ("N° TVA BE 0715.992.410", "BE 0715.992.410"),
    ("BTW-nr. BE0715992410", "BE0715992410"),
    ("TVA LU 19283746", "LU 19283746"),
    # the Belgian enterprise number
    ("Numéro d'entreprise : BE 0715 992 410", "BE 0715 992 410"),
    ("Ondernemingsnummer : BE 0715.992.410", "BE 0715.992.410"),
    # health registers
    ("Centre d'imagerie du Port - N° FINESS : 29 012 345 6", "29 012 345 6"),
    ("FINESS EJ 2B0004471", "2B0004471"),
    ("Dr Hélène Marchal - RPPS : 10 100 876 543", "10 100 876 543"),
    ("N° ADELI 35 1 04412 8", "35 1 04412 8"),
    ("N° AM : 351044128", "351044128"),
    # INAMI/RIZIV numbers of practitioners and institutions, affiliation numbers with spaced dashes
    ("Dr Wouters (INAMI 1 61820 44 007)", "1 61820 44 007"),
    ("RIZIV-nummer 1/61820/44/007", "1/61820/44/007"),
    ("N° INAMI de l'hôpital : 710-31277-40", "710-31277-40"),
    ("Partenamut - numéro d'affiliation 408 - 5521093 - 81", "408 - 5521093 - 81"),
    ("Mutualité : Partenamut (n° 408 - 5521093 - 81)", "408 - 5521093 - 81"),   # the fund's name first
    ("RCS Rennes 731 406 225 00019", "731 406 225 00019"),                      # a SIRET after 'RCS'
    ("RCS Rennes 731 406 225 4 rue de Brest", "731 406 225"),                   # not the street number
    ("Transport par ambulance, n° d'agrément : AMB-44-01872", "AMB-44-01872"),
    # a practice's bank account, whatever its key
    ("Paiement : IBAN BE42 0961 2345 6769 - BIC GKCCBEBB", "BE42 0961 2345 6769"),
])
def test_labelled_register_number_is_one_id(deid: Deidentifier, text: str, expected: str) -> None:
    assert (expected, "ID") in spans(deid, text)


@pytest.mark.parametrize(("text", "expected"), [
    ("Footer : SARL Imagerie 2000 - 607 152 980 00035", "607 152 980 00035"),   # Luhn
    ("Facturation : 607.152.980.00035", "607.152.980.00035"),
    ("Identification : FR33607152980", "FR33607152980"),                          # key 33
    ("Editeur : ASBL Radiologie Sud, BE 0862.157.477", "BE 0862.157.477"),         # mod 97
    ("Siège : Esch-sur-Alzette, LU26310925", "LU26310925"),                        # mod 89
    ("Règlement par virement BE71 0961 2345 6769 à l'ordre du cabinet", "BE71 0961 2345 6769"),  # ISO 13616
])
def test_checksummed_number_needs_no_label(deid: Deidentifier, text: str, expected: str) -> None:
    assert expected in business_ids(deid, text)
    assert (expected, "ID") in spans(deid, text)


@pytest.mark.parametrize("text", [
    "Footer : SARL Imagerie 2000 - 607 152 980 00036",   # one digit off: Luhn fails, no label
    "Identification : FR34607152980",                     # wrong VAT key
    "Code APE 8622B - NAF 86.22C - activité de radiodiagnostic",
    "Héparine 5 000 UI, plaquettes 250 000 /mm3, 1 200 000 globules",
    "Masse de 120 x 85 x 40 mm, volume 204 ml",
    "Prix : 1 250 000 € TVA 21 % comprise, soit 2 625,00 de TVA",
    "Société au capital social de 1 000 000 euros",
    "Il travaille dans une entreprise de 12 salariés depuis 2015.",
    "Rendez-vous à 10 AM : salle 12, porte 3",
    "Tél. 01 45 67 89 10 - Fax 01 45 67 89 11",
    "Contrôle le 12/03/2026, puis agrément : 14/05/2026",
    "RCS Bordeaux - capital 15 000 €",
    "Mutuelle : Harmonie - tél 01 23 45 67 89",
    "Mutuelle ALPTIS, carte valable jusqu'au 31/12/2026",
    "Mutualité chrétienne, affiliée depuis 12 ans",
    "Mutuelle : non, CMU depuis 2019 - 3 passages aux urgences",
    "Règlement par virement BE72 0961 2345 6769",   # IBAN key off by one, no label
])
def test_hard_negatives_give_no_register_number(deid: Deidentifier, text: str) -> None:
    assert business_ids(deid, text) == []


def test_phone_and_street_after_a_register_number_stay_out(deid: Deidentifier) -> None:
    text = "SIRET 731 406 225 - 01 45 67 89 10 - RPPS 10100876543 12 rue des Lilas"
    found = spans(deid, text)
    assert ("731 406 225", "ID") in found
    assert ("01 45 67 89 10", "PHONE") in found
    assert ("10100876543", "ID") in found
    assert not any(t == "ID" and "12" in s.split() for s, t in found)


def test_enterprise_number_shaped_like_a_phone_is_masked_whole(deid: Deidentifier) -> None:
    # '0715 992 410' is also a Belgian phone's shape: the register finds it, and the phone rule's span of the
    # same length wins on tag priority, so the whole number is masked either way (never in part)
    text = "Ondernemingsnummer 0715 992 410"
    assert business_ids(deid, text) == ["0715 992 410"]
    assert {s for s, t in spans(deid, text) if t in ("ID", "PHONE")} == {"0715 992 410"}


def test_date_after_an_agreement_number_stays_a_date(deid: Deidentifier) -> None:
    found = spans(deid, "N° d'agrément 40871 - 12/03/2020")
    assert ("40871", "ID") in found
    assert ("12/03/2020", "DATE") in found


def test_glued_number_is_never_cut(deid: Deidentifier) -> None:
    # eight digits are an institution's INAMI length, but '710-31277' would cut a dashed number in two
    assert business_ids(deid, "INAMI 710-31277-40") == ["710-31277-40"]


def test_checksums_agree_with_python_stdnum() -> None:
    """Our checksums against python-stdnum's (the reference implementation) on random numbers."""
    from stdnum import iban
    from stdnum.be import vat as be_vat
    from stdnum.fr import siren, siret, tva
    from stdnum.lu import tva as lu_tva

    rng = random.Random(13)
    for _ in range(3000):
        nine = f"{rng.randrange(10**8, 10**9)}"
        fourteen = nine + f"{rng.randrange(10**5):05d}"
        key = f"{rng.randrange(100):02d}"
        ten = f"0{rng.randrange(10**8, 10**9)}"
        eight = f"{rng.randrange(10**7, 10**8)}"
        assert luhn_valid(nine) == siren.is_valid(nine)
        assert siret_valid(fourteen) == siret.is_valid(fourteen)
        if siren.is_valid(nine):  # stdnum also checks the SIREN's own Luhn key
            assert fr_vat_valid(key, nine) == tva.is_valid("FR" + key + nine)
        assert be_enterprise_valid(ten) == be_vat.is_valid("BE" + ten)
        assert lu_vat_valid(eight) == lu_tva.is_valid("LU" + eight)
        # a French IBAN's BBAN: bank (5 digits), branch (5), account (11 characters, a letter allowed), key (2 digits)
        account = f"FR{key}{fourteen}{rng.randrange(10**6):06d}{rng.choice('0123456789ABCDEFGHJKLMNPRSTUVWXYZ')}{key}"
        assert iban_valid(account) == iban.is_valid(account, check_country=False)
    la_poste = "35600000049837"  # La Poste's establishments: no Luhn, digits sum to a multiple of 5
    assert siret_valid(la_poste) == siret.is_valid(la_poste) is True
