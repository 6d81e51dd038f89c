"""Regressions found on demo output: each case once leaked an original string."""

from deduce_fr import Deidentifier, Patient


def test_patient_surname_that_is_a_street_word_is_not_swallowed_by_an_address():
    """'Ruelle' is a street type: 'Ruelle Monique, 26' once read as an address kept the real surname."""
    deid = Deidentifier()
    patient = Patient(first_names=["Monique"], surname="RUELLE", birth_date="19930503", sex="F", ids=["08527299"])
    text = "Concerne : Madame Ruelle Monique, 26 ans, dossier n° 08527299."
    spans = {(s.text, s.tag) for s in deid.annotate(text, patient=patient).spans}
    assert ("Ruelle Monique", "PATIENT") in spans and ("26 ans", "AGE") in spans
    out = deid.pseudonymize(text, patient=patient, key="k").text
    assert "Ruelle" not in out and "Monique" not in out and "08527299" not in out
    assert "26 ans" in out
