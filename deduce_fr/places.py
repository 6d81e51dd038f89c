"""Place and institution lists read by the institution, address and city annotators.

The shared ``Lookups`` hold the lists every annotator and the surrogate generator use; the lists here are
only for finding places: the public hospital register (Eurostat/GISCO: FINESS for France, FPS Health for
Belgium), Belgian municipalities in both languages, foreign cities, big towns that stay places even when
they are also names, and towns that are ordinary words. Each file is read once per process (cached by
path); entries are keyed by their folded word tokens, like the shared lookups, so a probe is one dict
access per token.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from deduce_fr.lookups import DATA_DIR, fold, read_list, resolve_path
from deduce_fr.tokenizer import word_tokens

# Words after which a town that is also a word or a name ('Sens', 'Vire', 'Condom') is a place.
RESIDENCE_CUES = frozenset({"a", "habite", "habitant", "habitante", "domicilie", "domiciliee", "domicile", "vit",
                            "reside", "residant", "residante", "ne", "nee", "demeurant", "demeure", "originaire",
                            "vers", "pres", "commune", "ville"})
# 'de' is a cue only after these ('originaire de Sens', not 'le sens de')
DE_CUE_HEADS = frozenset({"originaire", "provenance", "venant", "region", "pres", "commune", "ville", "mairie",
                          "habitant", "habitante", "environs", "proximite", "natif", "native",
                          # arrivals and returns ('sa mère arrive de Moroni', 'rapatrié de Bamako', 'rentrée de Sfax')
                          "arrive", "arrivee", "arrives", "arrivees", "arrivant", "arrivante", "revenu", "revenue",
                          "revenant", "revenante", "rentre", "rentree", "retour", "venu", "venue", "rapatrie",
                          "rapatriee", "emigre", "emigree", "enfui", "enfuie"})


def key_of(text: str) -> tuple[str, ...]:
    """Folded word tokens of an entry: the key both the lists and the text are compared with."""
    return tuple(fold(w) for w in word_tokens(text))


@functools.lru_cache(maxsize=32)
def _read(names: tuple[str, ...]) -> tuple[str, ...]:
    out: list[str] = []
    for name in names:
        out.extend(read_list(resolve_path(name, DATA_DIR)))
    return tuple(out)


def read_place_lists(names: tuple[str, ...]) -> tuple[str, ...]:
    """Entries of the named files (package data names or absolute paths), read once per process."""
    return _read(names)


@dataclass(frozen=True)
class PlaceIndex:
    """Multi-word entries keyed by folded tokens, with the token counts starting at each first word."""

    keys: frozenset[tuple[str, ...]]
    sizes: dict[str, tuple[int, ...]]

    def longest(self, first: str, folded: list[str], i: int) -> int:
        """Tokens matched at i (longest entry first; ``first`` is token i's key, without its elision), 0 if none."""
        for size in self.sizes.get(first, ()):
            if i + size <= len(folded) and (first, *folded[i + 1 : i + size]) in self.keys:
                return size
        return 0


@functools.lru_cache(maxsize=32)
def place_index(names: tuple[str, ...]) -> PlaceIndex:
    """Index of the entries of the named files (package data names or absolute paths)."""
    keys = {key_of(entry) for entry in _read(names)}
    keys.discard(())
    sizes: dict[str, set[int]] = {}
    for key in keys:
        sizes.setdefault(key[0], set()).add(len(key))
    return PlaceIndex(frozenset(keys), {k: tuple(sorted(v, reverse=True)) for k, v in sizes.items()})


def residence_cued(folded: list[str], i: int) -> bool:
    """Token i follows a residence or birth cue: 'habite à X', 'né à X', 'originaire de X', 'domicilié X'."""
    if i < 1:
        return False
    prev = folded[i - 1]
    if prev in RESIDENCE_CUES:
        return True
    if prev in ("de", "du") and i >= 2:
        return folded[i - 2] in DE_CUE_HEADS
    return False
