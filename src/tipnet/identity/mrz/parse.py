"""Parse and validate ICAO Doc 9303 MRZs of every format; never raises on bad input, returns findings.

Choices a reader of the results should know:

* `valid` means "no error-severity finding": the MRZ is well formed and every check digit holds. Risk
  signals (expired, expiring soon, a minor, issuer not the holder's state, disagreement with the visual
  zone, a specimen) are warnings or infos and do not make an MRZ invalid: an expired passport is still a
  genuine, readable passport, and screening wants its data.
* Centuries: a birth date is the latest date not after `today` (a 100-year window ending today); an
  expiry date lies in the 100-year window (today - 50 years, today + 50 years]. No document is issued
  for more than a few decades, and expired documents older than 50 years are not in circulation.
* Unspecified sex is '<' in Doc 9303; 'X' in the MRZ (used by some issuers) is accepted with a warning.
  Both are reported as sex "X".
* OCR repair is attempted when a check digit fails or a character is of the wrong class for its
  position; a repair is reported only when exactly one candidate with the fewest substitutions makes the
  whole MRZ valid.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from itertools import combinations, product
from math import prod
from typing import Any

import pycountry

from tipnet.identity.mrz.formats import (
    ALPHABET,
    DIGITS,
    FILLER,
    MRVA,
    MRVB,
    TD1,
    TD2,
    TD3,
    VALUE_TABLE,
    VALUES,
)
from tipnet.identity.mrz.names import transliterate
from tipnet.vocab.codelists import ICAO_EXTRA_STATES, VocabError, normalize_country

ERROR, WARNING, INFO = "error", "warning", "info"

# ISO 3166-1 alpha-3 plus ICAO's own codes (D, GBD, XXA, ...), from the vocabulary's tables.
KNOWN_STATES: frozenset[str] = frozenset({c.alpha_3 for c in pycountry.countries} | set(ICAO_EXTRA_STATES))
# ICAO's fictitious state of Utopia: valid in specimens, a red flag on a document at a border.
SPECIMEN_STATE = "UTO"
# Codes that name the same state for the issuer-vs-nationality signal.
_SAME_STATE = {"D": "DEU", "GBD": "GBR", "GBN": "GBR", "GBO": "GBR", "GBP": "GBR", "GBS": "GBR"}
_REFUGEE_OR_STATELESS = frozenset({"XXA", "XXB", "XXC"})

EXPIRING_SOON_DAYS = 183  # many states require six months' validity on entry
ADULT_AGE = 18
LONG_VALIDITY_YEARS = 15  # beyond this an expiry date is implausible for a travel document

# Doc 9303 Part 3: an unknown birth date, or its unknown day or month and day, is written with fillers.
_PARTIAL_BIRTH_TAILS = frozenset({"<<<<", *(f"{m:02d}<<" for m in range(1, 13))})
_LINE_WIDTH = {TD1: 30, TD2: 36, TD3: 44, MRVA: 44, MRVB: 36}
_WIDTHS = frozenset(_LINE_WIDTH.values())
_LOOKALIKES = str.maketrans({"«": "<", "‹": "<", "＜": "<", "〈": "<", "＞": "<"})

FIELD_LABELS = {
    "document_number": "document number",
    "birth_date": "birth date",
    "expiry_date": "expiry date",
    "optional_data": "optional data",
    "composite": "composite",
}


@dataclass(slots=True)
class Finding:
    """One observation about an MRZ: a stable `code`, the `field` it concerns, a severity, a message."""

    code: str
    field: str
    severity: str  # 'error' | 'warning' | 'info'
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "field": self.field, "severity": self.severity, "message": self.message}


@dataclass(slots=True)
class MrzResult:
    """A parsed MRZ: the holder's and document's data as read, plus what was found wrong or notable."""

    valid: bool
    format: str | None
    document_type: str | None = None
    document_number: str | None = None
    issuing_state: str | None = None
    nationality: str | None = None
    surname: str | None = None
    given_names: str | None = None
    birth_date: date | None = None
    expiry_date: date | None = None
    sex: str | None = None
    optional_data: str | None = None
    optional_data_2: str | None = None
    names_truncated: bool = False
    findings: list[Finding] = field(default_factory=list)
    repaired: tuple[str, ...] | None = None
    lines: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of `tipnet mrz --json` and the API: dates as ISO 8601 strings."""
        return {
            "valid": self.valid,
            "format": self.format,
            "document_type": self.document_type,
            "document_number": self.document_number,
            "issuing_state": self.issuing_state,
            "nationality": self.nationality,
            "surname": self.surname,
            "given_names": self.given_names,
            "birth_date": self.birth_date.isoformat() if self.birth_date else None,
            "expiry_date": self.expiry_date.isoformat() if self.expiry_date else None,
            "sex": self.sex,
            "optional_data": self.optional_data,
            "optional_data_2": self.optional_data_2,
            "names_truncated": self.names_truncated,
            "findings": [f.to_dict() for f in self.findings],
            "repaired": list(self.repaired) if self.repaired is not None else None,
            "lines": list(self.lines),
        }

    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    def codes(self) -> list[str]:
        return [f.code for f in self.findings]


# --- input -----------------------------------------------------------------------------------------


def _normalize(text_or_lines: str | Sequence[str], findings: list[Finding]) -> list[str]:
    """Lines upper-cased, trimmed, stray spaces removed; noted as info findings, never refused."""
    if isinstance(text_or_lines, bytes):
        text_or_lines = text_or_lines.decode("utf-8", "replace")
    raw = text_or_lines.splitlines() if isinstance(text_or_lines, str) else [str(x) for x in text_or_lines]
    lines: list[str] = []
    for line in raw:
        line = line.strip()
        if not line:
            continue
        if not ALPHABET.issuperset(line):
            fixed = line.upper().translate(_LOOKALIKES)
            if fixed != line:
                findings.append(Finding("input.normalized", "mrz", INFO, "lower case or look-alike fillers"))
            if " " in fixed or "\t" in fixed:
                removed = "".join(fixed.split())
                filled = "".join(FILLER if c.isspace() else c for c in fixed)
                # OCR sometimes reads fillers as spaces: keep them as fillers when that gives a full line.
                if len(removed) not in _WIDTHS:
                    fixed = filled
                    findings.append(Finding("input.whitespace", "mrz", INFO, "spaces read as fillers"))
                else:
                    fixed = removed
                    findings.append(Finding("input.whitespace", "mrz", INFO, "spaces inside a line removed"))
            line = fixed
        lines.append(line)
    if len(lines) == 1 and len(lines[0]) in (60, 72, 88, 90):
        one = lines[0]
        width = {60: 30, 72: 36, 88: 44, 90: 30}[len(one)]
        lines = [one[i : i + width] for i in range(0, len(one), width)]
        findings.append(Finding("input.single_line", "mrz", INFO, "one line was split into MRZ lines"))
    return lines


def _detect(lines: list[str], findings: list[Finding]) -> str | None:
    n = len(lines)
    if n == 3:
        fmt = TD1
    elif n == 2:
        longest = max(len(lines[0]), len(lines[1]))
        wide = abs(longest - 44) < abs(longest - 36)
        visa = lines[0][:1] == "V"
        fmt = (MRVA if visa else TD3) if wide else (MRVB if visa else TD2)
    else:
        findings.append(Finding("mrz.line_count", "mrz", ERROR, f"an MRZ has 2 or 3 lines, this one has {n}"))
        return None
    width = _LINE_WIDTH[fmt]
    for i, line in enumerate(lines):
        if len(line) == width:
            continue
        where = f"line {i + 1}"
        if len(line) < width or line[width:] == FILLER * (len(line) - width):
            # OCR often drops or adds trailing fillers; lost data would show in the check digits.
            findings.append(
                Finding(
                    "mrz.line_padded",
                    where,
                    WARNING,
                    f"line {i + 1} has {len(line)} characters, not {width}: trailing fillers assumed",
                )
            )
        else:
            findings.append(
                Finding(
                    "mrz.line_length",
                    where,
                    ERROR,
                    f"line {i + 1} has {len(line)} characters, a {fmt} line has {width}",
                )
            )
        lines[i] = line[:width].ljust(width, FILLER)
    for i, line in enumerate(lines):
        if not ALPHABET.issuperset(line):
            bad = "".join(sorted({c for c in line if c not in ALPHABET}))
            findings.append(
                Finding(
                    "mrz.invalid_character",
                    f"line {i + 1}",
                    ERROR,
                    f"line {i + 1} holds characters outside A-Z, 0-9 and '<': {bad!r}",
                )
            )
            lines[i] = "".join(c if c in ALPHABET else FILLER for c in line)
    return fmt


# --- layouts and check digits ----------------------------------------------------------------------

Span = tuple[int, int, int]  # line, start, end


_W = (7, 3, 1)


@dataclass(frozen=True, slots=True)
class _Check:
    """A check digit: the spans it covers, where it sits, and its weighted sum as a compiled function.

    `total` takes the values of all lines joined (line i starts at i x width) and is generated once per
    check as one unrolled expression, `7*(v[0]+v[3]+...) + 3*(...) + (...)`: about twice as fast as
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
        f"{w}*({'+'.join(f'v[{p}]' for p in group)})" for w, group in zip(_W, groups, strict=True) if group
    ]
    # The source holds nothing but integer literals computed above.
    return eval(f"lambda v: {' + '.join(terms) or '0'}")


def _check(
    name: str, spans: tuple[Span, ...], cd: tuple[int, int], width: int, filler_ok: bool = False
) -> _Check:
    flat = [line * width + p for line, a, b in spans for p in range(a, b)]
    weights = {p: _W[k % 3] for k, p in enumerate(flat)}
    positions = frozenset([*((line, p) for line, a, b in spans for p in range(a, b)), cd])
    return _Check(name, spans, cd, filler_ok, _compile_total(flat), weights, positions)


def _spans_text(lines: Sequence[str], spans: tuple[Span, ...]) -> str:
    return "".join(lines[i][a:b] for i, a, b in spans)


def _values(lines: Sequence[str]) -> bytes:
    return "".join(lines).translate(VALUE_TABLE).encode("latin-1")


_CHECKS: dict[str, tuple[_Check, ...]] = {
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
_LONG_NUMBER = {TD1: ((0, 14), (0, 15, 30)), TD2: ((1, 9), (1, 28, 35))}


@lru_cache(maxsize=64)
def _long_number_check(fmt: str, base: Span, line: int, start: int, cd: int) -> _Check:
    return _check("document_number", (base, (line, start, cd)), (line, cd), _LINE_WIDTH[fmt])


def _checks_for(fmt: str, lines: Sequence[str]) -> tuple[_Check, ...]:
    """The format's checks; a TD1/TD2 long document number moves its check digit into the optional data."""
    checks = _CHECKS[fmt]
    long = _LONG_NUMBER.get(fmt)
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


def _check_digits(lines: Sequence[str], checks: tuple[_Check, ...]) -> list[tuple[_Check, str, str, str]]:
    """Failing checks as (check, data, expected digit, found character)."""
    values = _values(lines)
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


def _cd_ok(chk: _Check, total: int, found: str, lines: Sequence[str]) -> bool:
    if found == DIGITS[total % 10]:
        return True
    if chk.filler_ok_when_empty and found in "<0":
        data = _spans_text(lines, chk.spans)
        return data == FILLER * len(data)
    return False


# --- fields -----------------------------------------------------------------------------------------


def _ymd(text: str) -> tuple[int, int, int] | None:
    """(yy, mm, dd) of a YYMMDD field with a plausible month and day, else None."""
    if len(text) != 6 or not text.isdigit() or not text.isascii():
        return None
    yy, mm, dd = int(text[:2]), int(text[2:4]), int(text[4:])
    if not (1 <= mm <= 12 and 1 <= dd <= 31):
        return None
    return yy, mm, dd


def _birth(yy: int, mm: int, dd: int, today: date) -> date | None:
    year = today.year - today.year % 100 + yy
    if (year, mm, dd) > (today.year, today.month, today.day):
        year -= 100
    try:
        return date(year, mm, dd)
    except ValueError:
        return None


def _expiry(yy: int, mm: int, dd: int, today: date) -> date | None:
    year = today.year - today.year % 100 + yy
    if year > today.year + 50:
        year -= 100
    elif year <= today.year - 50:
        year += 100
    try:
        return date(year, mm, dd)
    except ValueError:
        return None


@lru_cache(maxsize=131072)
def _birth_date(text: str, today: date) -> date | None:
    ymd = _ymd(text)
    return _birth(*ymd, today) if ymd is not None else None


@lru_cache(maxsize=131072)
def _expiry_date(text: str, today: date) -> date | None:
    ymd = _ymd(text)
    return _expiry(*ymd, today) if ymd is not None else None


def _age(birth: date, today: date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def _state(code_field: str, what: str, findings: list[Finding]) -> str | None:
    code = code_field.rstrip(FILLER)
    if code in KNOWN_STATES:
        return code
    if code == SPECIMEN_STATE:
        label = what.replace("_", " ")
        findings.append(
            Finding("document.specimen", what, WARNING, f"{label} UTO is ICAO's fictitious state: a specimen")
        )
        return code
    label = what.replace("_", " ")
    findings.append(Finding(f"{what}.unknown", what, ERROR, f"unknown {label} code {code_field!r}"))
    return code or None


def _name(field_text: str, findings: list[Finding]) -> tuple[str | None, str | None, bool]:
    body = field_text.rstrip(FILLER)
    truncated = field_text[-1:] != FILLER
    if not body:
        findings.append(Finding("name.empty", "name", ERROR, "the name field is empty"))
        return None, None, False
    if not body.replace(FILLER, "").isalpha():
        findings.append(
            Finding("name.invalid_character", "name", ERROR, f"the name {body!r} holds non-letters")
        )
    parts = body.split(FILLER * 2)
    if len(parts) > 2 or body[0] == FILLER or (len(parts) == 2 and (not parts[1] or parts[1][0] == FILLER)):
        findings.append(
            Finding(
                "name.malformed",
                "name",
                ERROR,
                f"the name {body!r} is not primary identifier, '<<', secondary identifier",
            )
        )
    surname = parts[0].replace(FILLER, " ").strip()
    given = " ".join(" ".join(parts[1:]).replace(FILLER, " ").split()) if len(parts) > 1 else ""
    if len(parts) == 1:
        findings.append(
            Finding("name.primary_only", "name", INFO, "only a primary identifier (no given names)")
        )
    if truncated:
        findings.append(
            Finding("name.truncated", "name", INFO, "the name fills its field: it may be truncated")
        )
    return surname, given, truncated


# --- parsing ----------------------------------------------------------------------------------------


def _analyse(fmt: str, lines: list[str], findings: list[Finding], today: date) -> MrzResult:
    """Fields and structural/check-digit findings of lines already cut to the format's shape."""
    l0, l1 = lines[0], lines[1]
    if fmt == TD1:
        l2 = lines[2]
        doc_type, state_f, number_f = l0[0:2], l0[2:5], l0[5:14]
        opt_f, opt2_f = l0[15:30], l1[18:29]
        birth_f, sex_c, expiry_f, nat_f, name_f = l1[0:6], l1[7], l1[8:14], l1[15:18], l2
    else:
        doc_type, state_f, name_f = l0[0:2], l0[2:5], l0[5:]
        number_f, nat_f, birth_f, sex_c, expiry_f = l1[0:9], l1[10:13], l1[13:19], l1[20], l1[21:27]
        opt_f = l1[28:42] if fmt == TD3 else l1[28:35] if fmt == TD2 else l1[28:]
        opt2_f = None

    # Document type, by format (Doc 9303 Parts 4-7).
    first, second = doc_type[0], doc_type[1]
    if fmt == TD3:
        type_ok = first == "P"
    elif fmt in (TD1, TD2):
        type_ok = first in "ACI" and second != "V"
    else:
        type_ok = first == "V"
    if not type_ok or not (second == FILLER or second.isalpha()):
        findings.append(
            Finding("document_type.invalid", "document_type", ERROR, f"{doc_type!r} is not a {fmt} type")
        )

    issuing_state = _state(state_f, "issuing_state", findings)
    nationality = _state(nat_f, "nationality", findings)

    # Document number, with the TD1/TD2 long-number convention.
    number = number_f
    optional = opt_f
    long = _LONG_NUMBER.get(fmt)
    if long is not None and lines[long[0][0]][long[0][1]] == FILLER:
        cont = opt_f.split(FILLER, 1)[0]
        if cont:
            number = number_f + cont[:-1]
            optional = opt_f[len(cont) :]
    number = number.rstrip(FILLER)
    if not number:
        findings.append(Finding("document_number.empty", "document_number", ERROR, "no document number"))
    elif number[0] == FILLER:
        findings.append(
            Finding("document_number.invalid", "document_number", ERROR, f"{number!r} starts with '<'")
        )
    elif FILLER in number:
        findings.append(
            Finding(
                "document_number.internal_filler",
                "document_number",
                WARNING,
                f"document number {number!r} has a filler inside",
            )
        )

    checks = _checks_for(fmt, lines)
    for chk, data, expected, found in _check_digits(lines, checks):
        label = FIELD_LABELS[chk.name]
        if found in DIGITS:
            msg = f"check digit of {label} fails: {data!r} gives {expected}, the MRZ has {found}"
        else:
            msg = f"check digit of {label} is {found!r}, not a digit ({data!r} gives {expected})"
        findings.append(Finding(f"check_digit.{chk.name}", chk.name, ERROR, msg))

    # Dates. A birth date may be unknown in part ('<' for the unknown day, month, or all of it).
    birth = _birth_date(birth_f, today)
    if birth is None:
        if birth_f == "<<<<<<" or (birth_f[:2].isdigit() and birth_f[2:] in _PARTIAL_BIRTH_TAILS):
            findings.append(
                Finding(
                    "birth_date.unknown", "birth_date", WARNING, f"birth date {birth_f!r} is partly unknown"
                )
            )
        else:
            findings.append(
                Finding("birth_date.invalid", "birth_date", ERROR, f"birth date {birth_f!r} is not a date")
            )
    expiry = _expiry_date(expiry_f, today)
    if expiry is None:
        findings.append(
            Finding("expiry_date.invalid", "expiry_date", ERROR, f"expiry date {expiry_f!r} is not a date")
        )
    if birth is not None and expiry is not None and birth >= expiry:
        findings.append(
            Finding(
                "dates.birth_after_expiry",
                "birth_date",
                ERROR,
                f"born {birth.isoformat()}, on or after the expiry date {expiry.isoformat()}",
            )
        )

    if sex_c in "FM":
        sex: str | None = sex_c
    elif sex_c == FILLER:
        sex = "X"
    elif sex_c == "X":
        sex = "X"
        findings.append(
            Finding("sex.x_in_mrz", "sex", WARNING, "'X' for unspecified sex; Doc 9303 writes '<' in the MRZ")
        )
    else:
        sex = None
        findings.append(Finding("sex.invalid", "sex", ERROR, f"sex {sex_c!r} is not F, M or '<'"))

    surname, given, truncated = _name(name_f, findings)

    return MrzResult(
        valid=True,
        format=fmt,
        document_type=doc_type.rstrip(FILLER),
        document_number=number or None,
        issuing_state=issuing_state,
        nationality=nationality,
        surname=surname,
        given_names=given,
        birth_date=birth,
        expiry_date=expiry,
        sex=sex,
        optional_data=optional.strip(FILLER) or None,
        optional_data_2=(opt2_f.strip(FILLER) or None) if opt2_f is not None else None,
        names_truncated=truncated,
        findings=findings,
        lines=tuple(lines),
    )


def _risk_signals(r: MrzResult, today: date, findings: list[Finding]) -> None:
    """Signals for a border officer from the document alone."""
    if r.expiry_date is not None:
        if r.expiry_date < today:
            findings.append(
                Finding("document.expired", "expiry_date", WARNING, f"expired on {r.expiry_date.isoformat()}")
            )
        elif (r.expiry_date - today).days <= EXPIRING_SOON_DAYS:
            findings.append(
                Finding(
                    "document.expiring_soon",
                    "expiry_date",
                    WARNING,
                    f"expires on {r.expiry_date.isoformat()}, within {EXPIRING_SOON_DAYS} days",
                )
            )
        elif r.expiry_date.year - today.year > LONG_VALIDITY_YEARS:
            findings.append(
                Finding(
                    "document.long_validity",
                    "expiry_date",
                    INFO,
                    f"expires on {r.expiry_date.isoformat()}, more than {LONG_VALIDITY_YEARS} years ahead",
                )
            )
    if r.birth_date is not None:
        age = _age(r.birth_date, today)
        if age < ADULT_AGE:
            findings.append(
                Finding("holder.minor", "birth_date", WARNING, f"the holder is a minor, aged {age}")
            )
    if r.format in (TD1, TD2, TD3) and r.issuing_state and r.nationality:
        if r.nationality in _REFUGEE_OR_STATELESS:
            findings.append(
                Finding(
                    "holder.stateless_or_refugee",
                    "nationality",
                    INFO,
                    f"{r.nationality}: {ICAO_EXTRA_STATES[r.nationality]}",
                )
            )
        elif _SAME_STATE.get(r.issuing_state, r.issuing_state) != _SAME_STATE.get(
            r.nationality, r.nationality
        ):
            findings.append(
                Finding(
                    "document.issuer_not_nationality",
                    "issuing_state",
                    WARNING,
                    f"issued by {r.issuing_state} to a national of {r.nationality}",
                )
            )


# --- visual zone ------------------------------------------------------------------------------------


def _as_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def _mrz_name(value: str, *, expand_umlauts: bool) -> str:
    return " ".join(transliterate(value, expand_umlauts=expand_umlauts).replace(FILLER, " ").split())


def _names_agree(mrz_value: str | None, visual: str, truncated: bool) -> bool:
    if mrz_value is None:
        return True
    mrz_parts = mrz_value.split()
    for expand in (True, False):
        vis = _mrz_name(visual, expand_umlauts=expand)
        if vis == mrz_value:
            return True
        vis_parts = vis.split()
        if (
            truncated
            and len(mrz_parts) <= len(vis_parts)
            and all(v.startswith(m) for m, v in zip(mrz_parts, vis_parts, strict=False))
        ):
            return True
    return False


def _same_code(mrz_code: str | None, visual: str) -> bool:
    try:
        vis = normalize_country(visual)
    except VocabError:
        vis = visual.strip().upper()
    if mrz_code is None:
        return True
    return _SAME_STATE.get(vis, vis) == _SAME_STATE.get(mrz_code, mrz_code)


def _compare_visual(r: MrzResult, visual: dict[str, Any], findings: list[Finding]) -> None:
    """Findings where the MRZ disagrees with visual-zone fields (a tampering signal)."""
    for key, value in visual.items():
        if value is None or value == "":
            continue
        mrz_value: Any = getattr(r, key, None) if key in _VISUAL_FIELDS else None
        if key not in _VISUAL_FIELDS:
            findings.append(
                Finding("visual.unknown_field", key, INFO, f"visual field {key!r} is not compared")
            )
            continue
        if key in ("surname", "given_names"):
            agree = _names_agree(mrz_value, str(value), r.names_truncated)
        elif key in ("birth_date", "expiry_date"):
            vis_date = _as_date(value)
            agree = mrz_value is None or vis_date == mrz_value
        elif key in ("issuing_state", "nationality"):
            agree = _same_code(mrz_value, str(value))
        elif key == "sex":
            vis_sex = str(value).strip().upper()[:1]
            agree = mrz_value is None or vis_sex == mrz_value or (vis_sex in "<U" and mrz_value == "X")
        else:  # document_number, document_type
            vis_text = "".join(ch for ch in str(value).upper() if ch.isalnum())
            agree = mrz_value is None or vis_text == mrz_value
        if not agree:
            shown = mrz_value.isoformat() if isinstance(mrz_value, date) else mrz_value
            findings.append(
                Finding(
                    "visual.mismatch",
                    key,
                    WARNING,
                    f"{key.replace('_', ' ')}: the MRZ has {shown!r}, the visual zone {value!r}",
                )
            )


_VISUAL_FIELDS = frozenset(
    {
        "document_type",
        "document_number",
        "issuing_state",
        "nationality",
        "surname",
        "given_names",
        "birth_date",
        "expiry_date",
        "sex",
    }
)


# --- OCR repair -------------------------------------------------------------------------------------

# The usual OCR-B confusions, both ways.
_CONFUSIONS: dict[str, tuple[str, ...]] = {}
for _a, _b in (
    ("O", "0"),
    ("I", "1"),
    ("B", "8"),
    ("S", "5"),
    ("Z", "2"),
    ("G", "6"),
    ("D", "0"),
    ("K", "<"),
):
    _CONFUSIONS[_a] = (*_CONFUSIONS.get(_a, ()), _b)
    _CONFUSIONS[_b] = (*_CONFUSIONS.get(_b, ()), _a)

_DIGIT, _BIRTH, _ALPHA, _ALNUM, _SEX = "N", "B", "A", "X", "S"
_CLASS_CHARS = {
    _DIGIT: frozenset(DIGITS),
    _ALPHA: frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ<"),
    _ALNUM: frozenset(ALPHABET),
    _SEX: frozenset("FMX<"),
    _BIRTH: frozenset(DIGITS + FILLER),
}


def _layout(fmt: str) -> tuple[str, ...]:
    """Character class of each position, one string per line."""
    if fmt == TD1:
        l1 = "AA" + "AAA" + "X" * 9 + "N" + "X" * 15
        l2 = "B" * 6 + "N" + "S" + "N" * 7 + "AAA" + "X" * 11 + "N"
        return l1, l2, "A" * 30
    width = _LINE_WIDTH[fmt]
    l1 = "AA" + "AAA" + "A" * (width - 5)
    l2 = "X" * 9 + "N" + "AAA" + "B" * 6 + "N" + "S" + "N" * 7
    if fmt == TD3:
        l2 += "X" * 14 + "XN"  # the optional data check digit may be '<'
    elif fmt == TD2:
        l2 += "X" * 7 + "N"
    else:
        l2 += "X" * (width - 28)
    return l1, l2


_LAYOUTS = {fmt: _layout(fmt) for fmt in _LINE_WIDTH}
_CLASS_RE = {_DIGIT: "[0-9]", _BIRTH: "[0-9<]", _ALPHA: "[A-Z<]", _ALNUM: "[A-Z0-9<]", _SEX: "[FMX<]"}


@lru_cache(maxsize=32)
def _layout_patterns(layout: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    """One regex per line that matches when every character fits its position's class."""
    return tuple(
        re.compile("".join(f"{_CLASS_RE[cls]}{{{len(run)}}}" for run, cls in _runs(lay))) for lay in layout
    )


def _runs(layout_line: str) -> list[tuple[str, str]]:
    runs: list[tuple[str, str]] = []
    for cls in layout_line:
        if runs and runs[-1][1] == cls:
            runs[-1] = (runs[-1][0] + cls, cls)
        else:
            runs.append((cls, cls))
    return runs


_MAX_CANDIDATES = 40


def _search(
    fmt: str,
    lines: list[str],
    checks: tuple[_Check, ...],
    sums: list[int],
    cds: list[str],
    cands: list[tuple[int, int, str]],
) -> list[tuple[tuple[int, int, str], ...]]:
    """Sets of one substitution, else of two, that satisfy every check digit.

    A substitution changes each check's sum by weight x change of value, so candidates are judged by
    arithmetic alone. (Fillers, which could move a long number's check digit, are never candidates: the
    only filler confusion, K/<, keeps every sum modulo 10.)
    """
    width = _LINE_WIDTH[fmt]
    n = len(checks)
    effects = []
    for i, p, alt in cands:
        flat = i * width + p
        delta = VALUES[alt] - VALUES[lines[i][p]]
        effects.append(
            (
                (i, p),
                [chk.weights.get(flat, 0) * delta for chk in checks],
                [j for j, chk in enumerate(checks) if chk.cd == (i, p)],
            )
        )
    for k in (1, 2):
        found = []
        for combo in combinations(range(len(cands)), k):
            if k == 2 and effects[combo[0]][0] == effects[combo[1]][0]:
                continue  # two substitutions at the same position
            totals = list(sums)
            digits = list(cds)
            for c in combo:
                eff = effects[c][1]
                for j in range(n):
                    totals[j] += eff[j]
                for j in effects[c][2]:
                    digits[j] = cands[c][2]
            ok = all(
                digits[j] == DIGITS[totals[j] % 10]
                or (checks[j].filler_ok_when_empty and digits[j] == FILLER and totals[j] == 0)
                for j in range(n)
            )
            if ok:
                found.append(tuple(cands[c] for c in combo))
        if found:
            return found
    return []


def _valid_lines(fmt: str, lines: tuple[str, ...], today: date) -> bool:
    findings: list[Finding] = []
    _analyse(fmt, list(lines), findings, today)
    return not any(f.severity == ERROR for f in findings)


def _repair(
    fmt: str, lines: list[str], today: date, *, only_check_digits: bool
) -> tuple[tuple[str, ...] | None, str]:
    """(repaired lines or None, explanation).

    `only_check_digits`: the MRZ's only errors are failing check digits, so a candidate that changes
    nothing but letters and digits in alphanumeric fields and satisfies every check digit is valid
    without being parsed again.
    """
    layout = _LAYOUTS[fmt]
    if fmt in _LONG_NUMBER:
        # Positions of a long number's continuation and check digit change class; keep them alnum.
        cl, cp = _LONG_NUMBER[fmt][0]
        layout = tuple(
            (lay[:cp] + _ALNUM + lay[cp + 1 :]) if i == cl else lay for i, lay in enumerate(layout)
        )
    # Forced choices: characters of the wrong class with confusions that fit.
    forced: list[tuple[int, int, tuple[str, ...]]] = []
    patterns = _layout_patterns(layout)
    for i, (line, lay) in enumerate(zip(lines, layout, strict=True)):
        if patterns[i].fullmatch(line):
            continue  # every character fits its position's class
        for p, (ch, cls) in enumerate(zip(line, lay, strict=True)):
            allowed = _CLASS_CHARS[cls]
            if ch in allowed:
                continue
            options = tuple(c for c in _CONFUSIONS.get(ch, ()) if c in allowed)
            if not options:
                return None, f"line {i + 1} position {p + 1}: {ch!r} has no repair"
            forced.append((i, p, options))
    if len(forced) > 8 or prod(len(opts) for _, _, opts in forced) > 16:
        return None, "too many characters to repair"

    # (substitutions, candidate lines, description, known valid without a parse)
    solutions: list[tuple[int, tuple[str, ...], list[str], bool]] = []
    for choice in product(*(opts for _, _, opts in forced)):
        base = [list(line) for line in lines]
        changes = []
        for (i, p, _), ch in zip(forced, choice, strict=True):
            changes.append(f"line {i + 1} position {p + 1}: {lines[i][p]}->{ch}")
            base[i][p] = ch
        base_lines = ["".join(b) for b in base]
        checks = _checks_for(fmt, base_lines)
        values = _values(base_lines)
        sums = [chk.total(values) for chk in checks]
        cds = [base_lines[chk.cd[0]][chk.cd[1]] for chk in checks]
        failing = [k for k, chk in enumerate(checks) if not _cd_ok(chk, sums[k], cds[k], base_lines)]
        if not failing:
            if not forced:
                return None, "no OCR confusion explains the errors"
            solutions.append((len(changes), tuple(base_lines), changes, False))
            continue
        # Candidate positions: inside the failing checks, outside the passing ones.
        inside: set[tuple[int, int]] = set()
        outside: set[tuple[int, int]] = set()
        for k, chk in enumerate(checks):
            (inside if k in failing else outside).update(chk.positions)
        inside -= outside
        inside.difference_update((i, p) for i, p, _ in forced)
        # A confusion that keeps the value modulo 10 (K/<, G/6) cannot change any check digit's verdict.
        cands = sorted(
            (i, p, alt)
            for i, p in inside
            for alt in _CONFUSIONS.get(base_lines[i][p], ())
            if alt in _CLASS_CHARS[layout[i][p]] and (VALUES[alt] - VALUES[base_lines[i][p]]) % 10
        )
        if len(cands) > _MAX_CANDIDATES:
            continue
        shortcut = (
            only_check_digits
            and not forced
            and not any(chk.filler_ok_when_empty and cds[k] == FILLER for k, chk in enumerate(checks))
        )
        for subs in _search(fmt, base_lines, checks, sums, cds, cands):
            trial = [list(line) for line in base_lines]
            for i, p, alt in subs:
                trial[i][p] = alt
            moves = [f"line {i + 1} position {p + 1}: {base_lines[i][p]}->{alt}" for i, p, alt in subs]
            known = shortcut and all(layout[i][p] == _ALNUM for i, p, _ in subs)
            solutions.append(
                (len(changes) + len(subs), tuple("".join(t) for t in trial), changes + moves, known)
            )
    # Keep the repairs that make the whole MRZ valid, then the ones with the fewest substitutions.
    solutions.sort(key=lambda sol: sol[0])
    best: dict[tuple[str, ...], list[str]] = {}
    best_cost = None
    for cost, cand, changes, known in solutions:
        if best_cost is not None and cost > best_cost:
            break
        if cand not in best and (known or _valid_lines(fmt, cand, today)):
            best[cand] = changes
            best_cost = cost
    if not best:
        return None, "no repair satisfies every check"
    if len(best) > 1:
        return None, f"{len(best)} different repairs satisfy every check"
    ((cand, changes),) = best.items()
    return cand, "; ".join(changes)


# --- entry points -----------------------------------------------------------------------------------


def _parse(lines: list[str], findings: list[Finding], today: date, *, repair: bool) -> MrzResult:
    fmt = _detect(lines, findings)
    if fmt is None:
        return MrzResult(valid=False, format=None, findings=findings, lines=tuple(lines))
    result = _analyse(fmt, lines, findings, today)
    result.valid = not any(f.severity == ERROR for f in findings)
    if repair and not result.valid:
        repairable = any(
            f.code.startswith(
                ("check_digit.", "birth_date.", "expiry_date.", "name.", "sex.", "document_type.")
            )
            or f.code.endswith(".unknown")
            for f in findings
        ) and not any(f.code == "mrz.line_length" for f in findings)
        if repairable:
            only_cd = all(f.severity != ERROR or f.code.startswith("check_digit.") for f in findings)
            repaired, how = _repair(fmt, list(lines), today, only_check_digits=only_cd)
            if repaired is not None:
                result.repaired = repaired
                findings.append(Finding("repair.found", "mrz", INFO, f"OCR repair: {how}"))
            else:
                findings.append(Finding("repair.none", "mrz", INFO, f"no unique OCR repair: {how}"))
    return result


def parse_mrz(
    text_or_lines: str | Sequence[str],
    *,
    today: date | None = None,
    visual: dict[str, Any] | None = None,
    repair: bool = True,
) -> MrzResult:
    """Parse and validate an MRZ of any Doc 9303 format. Never raises on bad input: it returns findings.

    `today` fixes the date for century inference and expiry signals (default: the system date);
    `visual` holds visual-zone fields to compare with (same names as MrzResult's); `repair=False` skips
    the OCR repair search.
    """
    today = today or date.today()
    findings: list[Finding] = []
    try:
        lines = _normalize(text_or_lines, findings)
    except Exception as exc:  # an unexpected input type: report, never raise
        findings.append(Finding("mrz.unreadable", "mrz", ERROR, f"input is not text: {exc}"))
        return MrzResult(valid=False, format=None, findings=findings)
    if not lines:
        findings.append(Finding("mrz.empty", "mrz", ERROR, "no MRZ lines"))
        return MrzResult(valid=False, format=None, findings=findings)
    result = _parse(lines, findings, today, repair=repair)
    if result.format is not None:
        _risk_signals(result, today, findings)
        if visual:
            _compare_visual(result, visual, findings)
    return result


def is_valid_mrz(text_or_lines: str | Sequence[str], *, today: date | None = None) -> bool:
    """True when the MRZ is well formed and every check digit holds (no repair, no risk signals)."""
    return parse_mrz(text_or_lines, today=today, repair=False).valid


__all__ = ["KNOWN_STATES", "Finding", "MrzResult", "is_valid_mrz", "parse_mrz"]
