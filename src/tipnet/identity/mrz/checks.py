"""Check digits where each format puts them, compiled once, for validation and for OCR repair.

Each check is the spans it covers, where its digit sits and its weighted sum as one generated
expression; a TD1/TD2 long document number moves its check digit into the optional data.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from tipnet.identity.mrz.formats import DIGITS, FILLER, LINE_WIDTH, MRVA, MRVB, TD1, TD2, TD3, VALUE_TABLE

Span = tuple[int, int, int]  # line, start, end


_W = (7, 3, 1)


@dataclass(frozen=True, slots=True)
class Check:
    """A check digit: the spans it covers, where it sits, and its weighted sum as a compiled function.

    `total` takes the values of all lines joined (line i starts at i x width) and is generated once per
    check as one unrolled expression, `7*(values[0]+values[3]+...) + 3*(...) + (...)`: about twice as fast as
    gathering the values with itemgetter and summing them, and four times a loop over characters.
    """

    name: str
    spans: tuple[Span, ...]
    cd: tuple[int, int]
    filler_ok_when_empty: bool
    total: Callable[[bytes], int]
    weights: dict[int, int]  # position in the joined lines -> weight, for incremental repair
    positions: frozenset[tuple[int, int]]  # (line, position) of the data and the check digit


def _compile_total(flat: list[int]) -> Callable[[bytes], int]:
    groups = [[p for k, p in enumerate(flat) if k % 3 == r] for r in range(3)]
    terms = [
        f"{w}*({'+'.join(f'values[{p}]' for p in group)})"
        for w, group in zip(_W, groups, strict=True)
        if group
    ]
    # The source holds nothing but integer literals computed above.
    total: Callable[[bytes], int] = eval(f"lambda values: {' + '.join(terms) or '0'}")
    return total


def _check(
    name: str, spans: tuple[Span, ...], cd: tuple[int, int], width: int, filler_ok: bool = False
) -> Check:
    flat = [line * width + p for line, a, b in spans for p in range(a, b)]
    weights = {p: _W[k % 3] for k, p in enumerate(flat)}
    positions = frozenset([*((line, p) for line, a, b in spans for p in range(a, b)), cd])
    return Check(name, spans, cd, filler_ok, _compile_total(flat), weights, positions)


def _spans_text(lines: Sequence[str], spans: tuple[Span, ...]) -> str:
    return "".join(lines[i][a:b] for i, a, b in spans)


def line_values(lines: Sequence[str]) -> bytes:
    return "".join(lines).translate(VALUE_TABLE).encode("latin-1")


_CHECKS: dict[str, tuple[Check, ...]] = {
    TD3: (
        _check("document_number", ((1, 0, 9),), (1, 9), 44),
        _check("birth_date", ((1, 13, 19),), (1, 19), 44),
        _check("expiry_date", ((1, 21, 27),), (1, 27), 44),
        _check("optional_data", ((1, 28, 42),), (1, 42), 44, filler_ok=True),
        _check("composite", ((1, 0, 10), (1, 13, 20), (1, 21, 43)), (1, 43), 44),
    ),
    TD2: (
        _check("document_number", ((1, 0, 9),), (1, 9), 36),
        _check("birth_date", ((1, 13, 19),), (1, 19), 36),
        _check("expiry_date", ((1, 21, 27),), (1, 27), 36),
        _check("composite", ((1, 0, 10), (1, 13, 20), (1, 21, 35)), (1, 35), 36),
    ),
    TD1: (
        _check("document_number", ((0, 5, 14),), (0, 14), 30),
        _check("birth_date", ((1, 0, 6),), (1, 6), 30),
        _check("expiry_date", ((1, 8, 14),), (1, 14), 30),
        _check("composite", ((0, 5, 30), (1, 0, 7), (1, 8, 15), (1, 18, 29)), (1, 29), 30),
    ),
    MRVA: (
        _check("document_number", ((1, 0, 9),), (1, 9), 44),
        _check("birth_date", ((1, 13, 19),), (1, 19), 44),
        _check("expiry_date", ((1, 21, 27),), (1, 27), 44),
    ),
}
_CHECKS[MRVB] = tuple(_check(c.name, c.spans, c.cd, 36) for c in _CHECKS[MRVA])

# Where the document number's check digit sits and where a long number continues (TD1/TD2 only).
LONG_NUMBER = {TD1: ((0, 14), (0, 15, 30)), TD2: ((1, 9), (1, 28, 35))}


@lru_cache(maxsize=64)
def _long_number_check(fmt: str, base: Span, line: int, start: int, cd: int) -> Check:
    return _check("document_number", (base, (line, start, cd)), (line, cd), LINE_WIDTH[fmt])


def checks_for(fmt: str, lines: Sequence[str]) -> tuple[Check, ...]:
    """The format's checks; a TD1/TD2 long document number moves its check digit into the optional data."""
    checks = _CHECKS[fmt]
    long = LONG_NUMBER.get(fmt)
    if long is None:
        return checks
    (cl, cp), (ol, oa, ob) = long
    if lines[cl][cp] != FILLER:
        return checks
    opt = lines[ol][oa:ob]
    cont = opt.split(FILLER, 1)[0]
    if not cont:
        return checks  # no continuation: the '<' is a missing check digit, reported as such
    base = checks[0].spans[0]
    number = _long_number_check(fmt, base, ol, oa, oa + len(cont) - 1)
    return (number, *checks[1:])


def failing_checks(lines: Sequence[str], checks: tuple[Check, ...]) -> list[tuple[Check, str, str, str]]:
    """Failing checks as (check, data, expected digit, found character)."""
    values = line_values(lines)
    failing = []
    for chk in checks:
        line, pos = chk.cd
        found = lines[line][pos]
        expected = DIGITS[chk.total(values) % 10]
        if found == expected:
            continue
        data = _spans_text(lines, chk.spans)
        if chk.filler_ok_when_empty and found in "<0" and data == FILLER * len(data):
            continue
        failing.append((chk, data, expected, found))
    return failing


def cd_ok(chk: Check, total: int, found: str, lines: Sequence[str]) -> bool:
    if found == DIGITS[total % 10]:
        return True
    if chk.filler_ok_when_empty and found in "<0":
        data = _spans_text(lines, chk.spans)
        return data == FILLER * len(data)
    return False
