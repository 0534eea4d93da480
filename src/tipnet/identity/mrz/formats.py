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
VALUES = {chr(k): v for k, v in _VALUE.items()}
VALUE_TABLE = str.maketrans({k: chr(v) for k, v in _VALUE.items()})


def weighted_sum(field: str) -> int:
    """Sum of value x weight; `field` must already be known to hold only MRZ characters."""
    values = field.translate(VALUE_TABLE).encode("latin-1")
    # Three C-level sums over strided slices beat a Python loop over (value, weight) pairs.
    return 7 * sum(values[0::3]) + 3 * sum(values[1::3]) + sum(values[2::3])


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
LINE_WIDTH: dict[str, int] = {fmt: width for fmt, (_count, width) in SHAPES.items()}
