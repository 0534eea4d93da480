"""Document numbers (passports, ID cards, border passes) normalised so that one document matches itself.

The same number is typed "N 0123-4567", "n01234567" and, from an MRZ, "N01234567<"; OCR and tired
clerks swap O/0, I/1, S/5, B/8, Z/2. `normalize_document_number` gives the canonical form and flags
those confusable characters; `confusable_key` maps them all to one side so two readings compare equal.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

_STRIP = re.compile(r"[\s\-_./<:,#()]+")  # parentheses: Myanmar NRC numbers, 12/BaHaNa(N)123456
_ALNUM = re.compile(r"^[A-Z0-9]+$")

# Letter → digit it is confused with (and the reverse reading).
CONFUSABLE: dict[str, str] = {
    "O": "0",
    "Q": "0",
    "D": "0",
    "I": "1",
    "L": "1",
    "S": "5",
    "B": "8",
    "Z": "2",
    "G": "6",
}
_TO_DIGIT = str.maketrans(CONFUSABLE)


class DocumentNumberError(ValueError):
    """A document number that is empty or has characters no document uses."""


@dataclass(frozen=True)
class DocumentNumber:
    """A normalised document number and what may be wrong with it."""

    value: str
    confusable_key: str
    warnings: tuple[str, ...] = field(default=())

    def __str__(self) -> str:
        return self.value


def confusable_key(value: str) -> str:
    """`value` with every confusable letter turned into its digit: "NO123I5" → "N0123I5" → "N012315"."""
    return value.upper().translate(_TO_DIGIT)


def normalize_document_number(text: str) -> DocumentNumber:
    """Upper case, full-width folded, spaces, dashes, dots, slashes and MRZ fillers '<' removed.

    Warns where a letter sits among digits or a digit among letters in a way OCR confuses
    (O/0, I/1, S/5, B/8, Z/2). Raises DocumentNumberError on an empty or non-alphanumeric number.
    """
    raw = unicodedata.normalize("NFKC", text or "").upper()
    value = _STRIP.sub("", raw)
    if not value:
        raise DocumentNumberError("empty document number")
    if not _ALNUM.match(value):
        bad = sorted({c for c in value if not ("A" <= c <= "Z" or "0" <= c <= "9")})
        raise DocumentNumberError(f"document number {text!r} has characters {''.join(bad)!r}")
    warnings: list[str] = []
    digits = sum(c.isdigit() for c in value)
    for i, c in enumerate(value):
        if c in CONFUSABLE and digits >= len(value) / 2:
            neighbours = value[max(0, i - 1) : i] + value[i + 1 : i + 2]
            if neighbours and all(n.isdigit() for n in neighbours):
                warnings.append(f"position {i + 1}: letter {c} among digits (digit {CONFUSABLE[c]}?)")
    return DocumentNumber(value, confusable_key(value), tuple(warnings))


def same_document_number(a: str, b: str) -> bool:
    """True when two readings are the same number up to separators and O/0-style confusions."""
    try:
        return normalize_document_number(a).confusable_key == normalize_document_number(b).confusable_key
    except DocumentNumberError:
        return False
