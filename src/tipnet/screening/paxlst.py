"""UN/EDIFACT PAXLST passenger manifests (as airlines send them to border agencies, API/PNR).

Parses the interchange into one traveller per NAD segment group, with the fields screening
needs: name, birth date, sex, nationality, travel document. Pure: text in, travellers out.
Syntax: UNA service string advice (default `:+.? '`), segments end with `'`, elements are
separated by `+`, components by `:`, and `?` releases the next character.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

# Longest values read from a message; a longer one refuses its traveller (named, with the field).
MAX_NAME = 200  # surname, given names
MAX_REFERENCE = 200
MAX_DOCUMENT = 64
MAX_CODE = 10  # nationality, issuing state, document type

# Document type qualifiers (DOC C002/1001): P passport, V visa, I/ID identity card, A/AC crew, F ...
_SEX = {"M": "M", "F": "F", "U": "X", "X": "X"}


class PaxlstError(ValueError):
    """A message that is not a PAXLST interchange, with the segment at fault."""


@dataclass
class Traveller:
    """One passenger or crew member of a manifest."""

    sequence: int
    role: str  # passenger | crew
    surname: str = ""
    given_names: str = ""
    birth_date: str | None = None
    sex: str | None = None
    nationality: str | None = None
    document_type: str | None = None
    document_number: str | None = None
    document_expiry: str | None = None
    issuing_state: str | None = None
    reference: str | None = None
    errors: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # values over their bounds: not screened

    @property
    def id(self) -> str:
        return self.reference or f"pax-{self.sequence}"

    @property
    def name(self) -> str:
        return " ".join(p for p in (self.given_names, self.surname) if p)


@dataclass
class Manifest:
    message_ref: str | None
    flight: str | None
    travellers: list[Traveller]


def _delimiters(text: str) -> tuple[str, str, str, str, str]:
    if text.startswith("UNA") and len(text) >= 9:
        una = text[3:9]  # component, element, decimal, release, reserved, terminator: one character each
        return una[0], una[1], una[2], una[3], una[5]
    return ":", "+", ".", "?", "'"


def _split(text: str, sep: str, release: str) -> list[str]:
    """Split on `sep`, releases resolved (the released character kept, the release dropped)."""
    parts = _split_keep(text, sep, release)
    if release not in text:
        return parts
    unescape = _unescape(release)
    return [unescape.sub(r"\1", p) for p in parts]


@lru_cache(maxsize=16)
def _unescape(release: str) -> re.Pattern[str]:
    return re.compile(f"{re.escape(release)}(.)", re.DOTALL)


@lru_cache(maxsize=16)
def _stops(sep: str, release: str) -> re.Pattern[str]:
    return re.compile(f"[{re.escape(sep)}{re.escape(release)}]")


def segments(text: str) -> list[list[list[str]]]:
    """The interchange as segments → elements → components (release characters honoured)."""
    text = text.strip()
    comp, elem, _dec, release, term = _delimiters(text)
    body = text[9:] if text.startswith("UNA") else text
    out = []
    for raw in _split_keep(body, term, release):
        raw = raw.strip("\r\n ")
        if raw:
            out.append([_split(e, comp, release) for e in _split_keep(raw, elem, release)])
    return out


def _split_keep(text: str, sep: str, release: str) -> list[str]:
    """Split on `sep` but keep release characters for the next level. Scans from stop to stop
    (a regular expression finds the next separator or release), never character by character: a
    20 MB segment splits in milliseconds."""
    if release not in text:
        return text.split(sep)
    stops = _stops(sep, release)
    parts: list[str] = []
    start = i = 0
    while True:
        m = stops.search(text, i)
        if m is None:
            parts.append(text[start:])
            return parts
        j = m.start()
        if text[j] == release and j + 1 < len(text):
            i = j + 2  # the released character is never a separator
            continue
        if text[j] == sep:
            parts.append(text[start:j])
            start = j + 1
        i = j + 1


def _yymmdd(value: str, *, birth: bool) -> str | None:
    digits = value.strip()
    if len(digits) == 8 and digits.isdigit():  # CCYYMMDD (format 102)
        y, m, d = int(digits[:4]), int(digits[4:6]), int(digits[6:])
    elif len(digits) == 6 and digits.isdigit():
        yy, m, d = int(digits[:2]), int(digits[2:4]), int(digits[4:])
        this_year = date.today().year % 100
        y = (1900 + yy if yy > this_year else 2000 + yy) if birth else 2000 + yy
    else:
        return None
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def _bounded(t: Traveller, what: str, value: str, limit: int) -> str:
    """`value`, or "" with the traveller refused when it is over `limit` characters."""
    if len(value) > limit:
        t.refused.append(f"{what} too long ({len(value):,} characters, at most {limit})")
        return ""
    return value


def _get(seg: list[list[str]], element: int, component: int = 0) -> str:
    if element < len(seg) and component < len(seg[element]):
        return seg[element][component].strip()
    return ""


def parse_paxlst(text: str) -> Manifest:
    """Travellers of a PAXLST message. Raises PaxlstError when the text is not PAXLST at all."""
    segs = segments(text)
    tags = [_get(s, 0) for s in segs]
    if "UNH" not in tags:
        raise PaxlstError("no UNH segment: not an EDIFACT message")
    unh = segs[tags.index("UNH")]
    if _get(unh, 2) != "PAXLST":
        raise PaxlstError(f"UNH names message type {_get(unh, 2)!r}, not PAXLST")
    flight = None
    travellers: list[Traveller] = []
    current: Traveller | None = None
    for seg, tag in zip(segs, tags, strict=True):
        if tag == "TDT":
            flight = _get(seg, 2) or flight
        elif tag == "NAD" and _get(seg, 1) in ("FL", "FM", "DDT", "DDU", "COT"):
            role = "crew" if _get(seg, 1) in ("FM", "DDU") else "passenger"
            current = Traveller(sequence=len(travellers) + 1, role=role)
            travellers.append(current)
            current.surname = _bounded(current, "NAD surname", _get(seg, 4, 0), MAX_NAME)
            given = " ".join(c.strip() for c in seg[4][1:] if c.strip()) if len(seg) > 4 else ""
            current.given_names = _bounded(current, "NAD given names", given, MAX_NAME)
            if not current.surname and not current.refused:
                current.errors.append("NAD: no surname")
        elif current is None:
            continue
        elif tag == "ATT" and _get(seg, 1) == "2":
            current.sex = _SEX.get(_get(seg, 3).upper())
        elif tag == "DTM":
            qualifier, value = _get(seg, 1, 0), _get(seg, 1, 1)
            if qualifier == "329":
                current.birth_date = _yymmdd(value, birth=True)
                if current.birth_date is None:
                    current.errors.append("DTM+329: unreadable birth date")
            elif qualifier == "36":
                current.document_expiry = _yymmdd(value, birth=False)
        elif tag == "NAT" and _get(seg, 1) == "2":
            current.nationality = _bounded(current, "NAT nationality", _get(seg, 2), MAX_CODE) or None
        elif tag == "RFF":
            current.reference = (
                _bounded(current, "RFF reference", _get(seg, 1, 1), MAX_REFERENCE) or current.reference
            )
        elif tag == "DOC":
            current.document_type = _bounded(current, "DOC type", _get(seg, 1, 0), MAX_CODE) or None
            current.document_number = _bounded(current, "DOC number", _get(seg, 2), MAX_DOCUMENT) or None
        elif tag == "LOC" and _get(seg, 1) == "91":
            current.issuing_state = _bounded(current, "LOC issuing state", _get(seg, 2), MAX_CODE) or None
    return Manifest(message_ref=_get(unh, 1) or None, flight=flight, travellers=travellers)
