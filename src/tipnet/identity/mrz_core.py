"""Check digits and the fixed layouts of the five Doc 9303 MRZ formats.

Everything here is precomputed once so parsing never does per-character dictionary work in Python loops
it can hand to `str.translate` and `zip`.
"""

from __future__ import annotations

from datetime import date

FILLER = "<"
DIGITS = "0123456789"
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ALPHABET = frozenset(DIGITS + LETTERS + FILLER)

# Value of each MRZ character: digits 0-9, A-Z 10-35, '<' 0. Encoded as code points so a field can be
# turned into a list of values with one `str.translate` + `encode`.
_VALUE = {ord(c): i for i, c in enumerate(DIGITS)}
_VALUE.update({ord(c): 10 + i for i, c in enumerate(LETTERS)})
_VALUE[ord(FILLER)] = 0
_TO_VALUES = str.maketrans({k: chr(v) for k, v in _VALUE.items()})
_WEIGHTS = (7, 3, 1) * 30  # long enough for any MRZ field (the TD3 composite is 39 characters)


def weighted_sum(field: str) -> int:
    """Sum of value x weight; `field` must already be known to hold only MRZ characters."""
    return sum(v * w for v, w in zip(field.translate(_TO_VALUES).encode("latin-1"), _WEIGHTS, strict=False))


def check_digit(field: str) -> str:
    """Doc 9303 check digit of `field` (weights 7-3-1, '<' = 0, A-Z = 10-35), as a one-character string.

    Raises ValueError on a character outside A-Z, 0-9 and '<': composers must never emit one.
    """
    if not ALPHABET.issuperset(field):
        raise ValueError(f"not an MRZ field: {field!r}")
    return DIGITS[weighted_sum(field) % 10]


def yymmdd(d: date) -> str:
    return f"{d.year % 100:02d}{d.month:02d}{d.day:02d}"


# Line lengths and counts of the formats.
TD1, TD2, TD3, MRVA, MRVB = "TD1", "TD2", "TD3", "MRVA", "MRVB"
SHAPES: dict[str, tuple[int, int]] = {TD1: (3, 30), TD2: (2, 36), TD3: (2, 44), MRVA: (2, 44), MRVB: (2, 36)}
