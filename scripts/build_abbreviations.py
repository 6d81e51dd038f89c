"""Build ``deduce_fr/data/abbreviations_fr_medical.txt``: French clinical abbreviations that are no PHI.

Source: the sense inventory of Cossin et al., "Semi-Automatic Extraction of Abbreviations and their Senses
from Electronic Health Records" (PFIA Santé 2021, CHU de Bordeaux), repository scossin/abbreviations,
file ``sense_inventory/sense_inventory.json`` (MIT licence). Pass its path with ``--inventory`` (the file
is not fetched at run time). Kept: short forms of 2-8 letters/digits, minus those that are also a first
name or surname of our lists (a name written in capitals stays a name) and those whose sense names an
organisation (a centre, hospital, agency, fund, house, service or unit: INSTITUTION, not a plain term).
The heads of damage of the French Dintilhac nomenclature and the social-security benefits (RQTH, AAH,
ALD...) are appended from ``MEDICO_LEGAL`` (written from those texts). Used by the proper-noun fallback
(an ALL-CAPS word of this list is never tagged) and by names.py (a lone ALL-CAPS 'name' of this list
after a label is dropped).
"""

from __future__ import annotations

import argparse
import json
import re
import unicodedata
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "deduce_fr" / "data"
OUT_NAME = "abbreviations_fr_medical.txt"
_SHORT = re.compile(r"[a-z][a-z0-9]{1,7}")
_ORGANISATION_SENSE = re.compile(
    r"hopita|agence|centre|clinique|caisse|institut|assistance publique|maison|etablissement|service|unite|polyclin")
# Dintilhac nomenclature (heads of damage: DFT/DFTP/DFTT/DFP, PGPA/PGPF, IP, ITT, PEP/PET, SE...) and the
# disability and social-security benefits and statuses of the French codes (RQTH, AAH, ALD, AME, APA, PCH...)
MEDICO_LEGAL = ("dft dftp dftt dfp pgpa pgpf ip ipp itt itp pep pet se dsa fd ptp atp ppt ppd rqth aah ald ame css "
                "cmu cmuc puma apa pch mdph ata at mp atmp ij ijss pcrv ao").split()
HEADER = """# French clinical abbreviations (short forms only), from the sense inventory of Cossin S, Jolly M,
# Larrouture I, Griffier R, Jouhet V, "Semi-Automatic Extraction of Abbreviations and their Senses from
# Electronic Health Records", PFIA Santé 2021 (CHU de Bordeaux), repository scossin/abbreviations,
# sense_inventory/sense_inventory.json at b95432201b9d, MIT licence (c) 2021 Sébastien Cossin.
# Built by scripts/build_abbreviations.py: short forms of 2-8 letters/digits, minus those that are also a
# first name or surname of our lists and those whose sense names an organisation (centre, hôpital, agence,
# caisse, maison, service, unité...: those stay INSTITUTION). Then the heads of damage of the French
# Dintilhac nomenclature and the social-security benefits of the French codes, written from those texts.
"""


def _fold(word: str) -> str:
    norm = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in norm if not unicodedata.combining(c))


def build(inventory: list[dict], names: set[str]) -> list[str]:
    """Short forms kept from the inventory (sorted), as described in the module docstring."""
    kept = set()
    for entry in inventory:
        short = entry["shortForm"]
        if not _SHORT.fullmatch(short) or short in names:
            continue
        if any(_ORGANISATION_SENSE.search(_fold(s["pref_label"])) for s in entry["senses"]):
            continue
        kept.add(short)
    return sorted(kept)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--inventory", type=Path, required=True, help="sense_inventory.json of scossin/abbreviations")
    parser.add_argument("--out", type=Path, default=DATA)
    args = parser.parse_args(argv)
    names = {_fold(ln.split("\t")[0].strip()) for ln in (DATA / "first_names.tsv").read_text("utf-8").splitlines()}
    names |= {_fold(ln.strip()) for ln in (DATA / "surnames.txt").read_text("utf-8").splitlines()
              if ln.strip() and not ln.startswith("#")}
    kept = build(json.loads(args.inventory.read_text("utf-8")), names)
    legal = sorted(set(MEDICO_LEGAL) - set(kept))
    text = HEADER + "\n".join(kept) + "\n# Dintilhac nomenclature and social-security benefits\n" + "\n".join(legal) + "\n"
    (args.out / OUT_NAME).write_text(text, encoding="utf-8")
    print(f"{OUT_NAME}: {len(kept)} + {len(legal)} entries")


if __name__ == "__main__":
    main()
