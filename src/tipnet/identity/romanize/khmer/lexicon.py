"""The lexicon of frequent name words and the spellings records use (data/lexicon.json), loaded once
and keyed by canonical spelling, so that typing order of marks does not matter.
"""

from __future__ import annotations

import json
from importlib import resources

from tipnet.identity.romanize.khmer.popular import best_first
from tipnet.identity.romanize.khmer.syllables import canonical, parse_clusters
from tipnet.identity.romanize.ranking import Option


def _load() -> dict[str, tuple[str, ...]]:
    """The file's entries, surnames then given names, as written (merged below)."""
    text = (resources.files("tipnet.identity.romanize.khmer") / "data" / "lexicon.json").read_text(
        encoding="utf-8"
    )
    data = json.loads(text)
    return {
        word: tuple(spellings)
        for group in ("surnames", "given_names")
        for word, spellings in data[group].items()
    }


# Frequent name words → the spellings Cambodian passports, police and NGO files and newspapers use,
# most frequent first. Public figures' names are spelled as they are known in the press.
LEXICON_SOURCE: dict[str, tuple[str, ...]] = _load()


# Entries typed in ways the parser reads identically are merged under one canonical key.
LEXICON: dict[str, tuple[str, ...]] = {}
for _word, _spellings in LEXICON_SOURCE.items():
    _k = canonical(_word)
    _merged = [*LEXICON.get(_k, ()), *(s.lower() for s in _spellings)]
    LEXICON[_k] = tuple(dict.fromkeys(_merged))
del _word, _spellings, _k, _merged
LEXICON_SIZE = len(LEXICON)
# The canonical forms of the lexicon's family names (ហ៊ុន, សុខ, ចាន់...): where a name written without
# a space may be cut (tipnet.identity.romanize.khmer.segment).
SURNAMES: frozenset[str] = frozenset(
    canonical(word)
    for word in json.loads(
        (resources.files("tipnet.identity.romanize.khmer") / "data" / "lexicon.json").read_text(
            encoding="utf-8"
        )
    )["surnames"]
)
MAX_ENTRY_CLUSTERS = max(len(parse_clusters(w)) for w in LEXICON_SOURCE)


def lexicon_options(key: str) -> list[Option]:
    return best_first(LEXICON[key], step=0.3)
