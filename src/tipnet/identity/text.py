"""Clean a name's text before anything reads it: invisible characters, compatibility forms, Zawgyi.

The same name arrives with a zero-width space where word-break software cut a Khmer or Thai name
(`សុខ\u200bស្រីមុំ`), with joiners and soft hyphens from keyboards, a byte-order mark from a
spreadsheet, in decomposed Unicode (Vietnamese typed on a Mac), in full-width Latin from an East Asian
input method (`ＳＯＫ`), or in Burmese typed in the Zawgyi font encoding that most Burmese text used
until 2019. Each of these makes two equal names differ code point by code point; `clean_text` gives
them one form. A zero-width space between two letters is a word break (`សុខ​ស្រីមុំ` is
`សុខ ស្រីមុំ`: word-break software put it where the writer would have spaced the words); every
other invisible character is dropped.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from tipnet.identity.zawgyi import to_unicode_if_zawgyi

# Characters with no width that keyboards, word breakers and spreadsheets put inside names.
INVISIBLE = frozenset(
    {
        "\u200b",  # zero-width space (word breaks in Khmer, Thai, Lao, Burmese)
        "\u200c",  # zero-width non-joiner
        "\u200d",  # zero-width joiner
        "\u2060",  # word joiner
        "\ufeff",  # byte-order mark / zero-width no-break space
        "\u00ad",  # soft hyphen
        "\u180e",  # Mongolian vowel separator (once a space)
        "\u200e",  # left-to-right mark
        "\u200f",  # right-to-left mark
        "\u034f",  # combining grapheme joiner
    }
)
_INVISIBLE_RE = re.compile("[" + "".join(sorted(INVISIBLE)) + "]")
_SPACES = re.compile(r"\s+")
_BURMESE = re.compile("[\u1000-\u109f]")


def _drop_invisible(text: str) -> str:
    if not _INVISIBLE_RE.search(text):
        return text
    out: list[str] = []
    for ch in text:
        if ch not in INVISIBLE:
            out.append(ch)
            continue
        # a zero-width space marks a word boundary; trailing or doubled ones collapse with the spaces
        if ch == "\u200b":
            out.append(" ")
    return "".join(out)


@lru_cache(maxsize=1 << 16)
def clean_text(text: str) -> str:
    """One form for a name's text: Zawgyi to Unicode, invisible characters out, NFKC (full-width
    Latin to ASCII, composed Vietnamese), runs of white space to one space, ends stripped."""
    if not text:
        return ""
    cleaned = _drop_invisible(text)
    if _BURMESE.search(cleaned):
        cleaned = to_unicode_if_zawgyi(cleaned)
    cleaned = unicodedata.normalize("NFKC", cleaned)
    return _SPACES.sub(" ", cleaned).strip()
