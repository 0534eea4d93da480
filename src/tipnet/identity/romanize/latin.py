"""Latin-script names: cleaned and folded (diacritics off, đ → d), Vietnamese passed to its romanizer.

`fold_latin` is also the folding every name comparison uses, so "Nguyễn" and "Nguyen" meet.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from tipnet.identity.romanize.ranking import Option, merge_ranked, ranked
from tipnet.identity.romanize.vietnamese import romanize_vietnamese

_SPACES = re.compile(r"\s+")

_LATIN_EXTRA = str.maketrans(
    {
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "Ð": "D",
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
    }
)
_VIETNAMESE_MARKS = set("ăâđêôơưĂÂĐÊÔƠƯ")


@lru_cache(maxsize=1 << 16)
def fold_latin(text: str) -> str:
    """Latin text without diacritics (Nguyễn → Nguyen, Đặng → Dang), spaces collapsed.

    Cached: called for every word of every name, and names repeat their words endlessly. ASCII text
    has nothing to fold (no diacritics, no letter of `_LATIN_EXTRA`, unchanged by NFD and NFC)."""
    if text.isascii():
        return _SPACES.sub(" ", text).strip()
    text = unicodedata.normalize("NFD", text.translate(_LATIN_EXTRA))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


_TWO_MARKS = re.compile("[\u0300-\u036f]{2}")


def _looks_vietnamese(text: str) -> bool:
    if any(c in _VIETNAMESE_MARKS for c in text):
        return True
    decomposed = unicodedata.normalize("NFD", text)
    # A vowel with two marks (ệ, ở, ữ), the hook above (ả), the horn or the dot below is Vietnamese.
    return bool(_TWO_MARKS.search(decomposed)) or any(m in decomposed for m in "\u0309\u031b\u0323")


_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


def romanize_latin(text: str, limit: int) -> list[Option]:
    """Ranked options for a Latin run: folded first, then as written (and umlauts spelled out)."""
    cleaned = _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()
    if _looks_vietnamese(cleaned):
        return ranked(romanize_vietnamese(cleaned, limit=limit))
    folded = fold_latin(cleaned)
    options = [(folded, 0.0), (cleaned, 0.05)]
    if any(c in "äöüÄÖÜ" for c in cleaned):  # the MRZ and German spelling of umlauts
        options.append((fold_latin(cleaned.translate(_UMLAUTS)), 0.1))
    return merge_ranked(options, limit=limit)
