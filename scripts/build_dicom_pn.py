"""Build deduce_fr/data/names_dicom_pn.txt: the keywords of the DICOM attributes whose value representation is
PN (Person Name: 'ReferringPhysicianName', 'OperatorsName', 'PatientName'), from pydicom's copy of the DICOM
standard's data dictionary (PS3.6; pydicom is MIT-licensed, the standard is free to use). persons_extra.py reads
the value after such a keyword in an export ('OperatorsName: LECLERCQ M', 'PerformingPhysicianName = Dupont
Anne') as a person's name, whatever its case or its length.

    PYTHONPATH=$PWD python scripts/build_dicom_pn.py
"""

from __future__ import annotations

from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "deduce_fr" / "data" / "names_dicom_pn.txt"


def main() -> None:
    import pydicom
    from pydicom.datadict import DicomDictionary

    keywords = sorted({entry[4] for entry in DicomDictionary.values() if entry[0] == "PN" and entry[4]})
    OUT.write_text(f"# DICOM attribute keywords of VR PN, pydicom {pydicom.__version__} data dictionary (PS3.6), "
                   "scripts/build_dicom_pn.py\n" + "\n".join(keywords) + "\n", encoding="utf-8")
    print(f"{len(keywords)} keywords -> {OUT}")


if __name__ == "__main__":
    main()
