"""Fields of MRZ lines cut to their format's shape, with the structural and check-digit findings.

Dates get their century here (see `tipnet.identity.mrz.parse` for the windows), state codes are
checked against ISO 3166-1 and ICAO's own, and the name field is split into primary and secondary
identifiers.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import pycountry

from tipnet.identity.mrz.checks import LONG_NUMBER, checks_for, failing_checks
from tipnet.identity.mrz.formats import DIGITS, FILLER, TD1, TD2, TD3
from tipnet.identity.mrz.results import ERROR, INFO, WARNING, Finding, MrzResult
from tipnet.vocab.codelists import ICAO_EXTRA_STATES

# ISO 3166-1 alpha-3 plus ICAO's own codes (D, GBD, XXA, ...), from the vocabulary's tables.
KNOWN_STATES: frozenset[str] = frozenset({c.alpha_3 for c in pycountry.countries} | set(ICAO_EXTRA_STATES))
# ICAO's fictitious state of Utopia: valid in specimens, a red flag on a document at a border.
SPECIMEN_STATE = "UTO"
# Codes that name the same state for the issuer-vs-nationality signal.
SAME_STATE = {"D": "DEU", "GBD": "GBR", "GBN": "GBR", "GBO": "GBR", "GBP": "GBR", "GBS": "GBR"}

# Doc 9303 Part 3: an unknown birth date, or its unknown day or month and day, is written with fillers.
_PARTIAL_BIRTH_TAILS = frozenset({"<<<<", *(f"{m:02d}<<" for m in range(1, 13))})

FIELD_LABELS = {
    "document_number": "document number",
    "birth_date": "birth date",
    "expiry_date": "expiry date",
    "optional_data": "optional data",
    "composite": "composite",
}


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


def dates(
    birth_f: str, expiry_f: str, today: date, findings: list[Finding]
) -> tuple[date | None, date | None]:
    """The birth and expiry dates of their YYMMDD fields as of `today`, with their findings: the only
    part of `analyse` that depends on the date (tipnet.identity.mrz.parse.mrz_summary caches the rest)."""
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
    return birth, expiry


def date_fields(fmt: str, lines: list[str]) -> tuple[str, str]:
    """The birth and expiry date fields (YYMMDD) of lines already cut to the format's shape."""
    return (lines[1][0:6], lines[1][8:14]) if fmt == TD1 else (lines[1][13:19], lines[1][21:27])


def analyse(fmt: str, lines: list[str], findings: list[Finding], today: date | None) -> MrzResult:
    """Fields and structural/check-digit findings of lines already cut to the format's shape.

    `today` None: the dates are left out (None, no date findings; `dates` adds them for a date)."""
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
    long = LONG_NUMBER.get(fmt)
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

    checks = checks_for(fmt, lines)
    for chk, data, expected, found in failing_checks(lines, checks):
        label = FIELD_LABELS[chk.name]
        if found in DIGITS:
            msg = f"check digit of {label} fails: {data!r} gives {expected}, the MRZ has {found}"
        else:
            msg = f"check digit of {label} is {found!r}, not a digit ({data!r} gives {expected})"
        findings.append(Finding(f"check_digit.{chk.name}", chk.name, ERROR, msg))

    birth, expiry = dates(birth_f, expiry_f, today, findings) if today is not None else (None, None)

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
