"""A nationality as records write it, read leniently into ISO 3166-1 alpha-3.

Agencies write one country many ways: `KH`, `KHM`, `Cambodian`, `Khmer`, `Cambodia`, `Kampuchea`;
`MM`, `MMR`, the old code `BUR`, `Burma`, `Burmese`, `Myanmar`; `PRC`, `Chinese`; `Filipina`. Strict
input (a watchlist's codes) goes through `vocab.normalize_country`; records brought for linkage are
read with this, so that a demonym agrees with a code instead of being dropped.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Demonyms, old codes and names pycountry does not know, for the region and its partners.
_EXTRA: dict[str, str] = {
    "cambodian": "KHM",
    "khmer": "KHM",
    "kampuchea": "KHM",
    "kampuchean": "KHM",
    "thai": "THA",
    "siam": "THA",
    "siamese": "THA",
    "lao": "LAO",
    "laos": "LAO",
    "laotian": "LAO",
    "lao pdr": "LAO",
    "burma": "MMR",
    "burmese": "MMR",
    "myanmar": "MMR",
    "myanma": "MMR",
    "bur": "MMR",  # the code before 1989
    "vietnamese": "VNM",
    "vietnam": "VNM",
    "viet nam": "VNM",
    "chinese": "CHN",
    "china": "CHN",
    "prc": "CHN",
    "pr china": "CHN",
    "indonesian": "IDN",
    "filipino": "PHL",
    "filipina": "PHL",
    "philippine": "PHL",
    "philippines": "PHL",
    "malaysian": "MYS",
    "singaporean": "SGP",
    "bangladeshi": "BGD",
    "nepali": "NPL",
    "nepalese": "NPL",
    "sri lankan": "LKA",
    "indian": "IND",
    "pakistani": "PAK",
    "korean": "KOR",
    "south korean": "KOR",
    "north korean": "PRK",
    "japanese": "JPN",
    "taiwanese": "TWN",
    "hong konger": "HKG",
    "timorese": "TLS",
    "east timor": "TLS",
    "bruneian": "BRN",
}
_NON_LETTERS = re.compile(r"[^a-z]+")


@lru_cache(maxsize=1024)
def read_nationality(value: str) -> str | None:
    """ISO alpha-3 for a code (alpha-2 or alpha-3), a country name or a demonym; None if unknown."""
    raw = (value or "").strip()
    if not raw:
        return None
    from tipnet.vocab.codelists import VocabError, normalize_country

    key = _NON_LETTERS.sub(" ", raw.lower()).strip()
    if key in _EXTRA:
        return _EXTRA[key]
    if len(raw) in (2, 3) and raw.isalpha():
        try:
            return normalize_country(raw)
        except VocabError:
            return None
    import pycountry

    try:
        return str(pycountry.countries.lookup(raw).alpha_3)
    except LookupError:
        return None
