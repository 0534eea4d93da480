"""Loading and validating code lists."""

from __future__ import annotations

import csv
import re
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported where used: `tipnet link csv` without importing pycountry
    pass

# ICAO 9303 codes that are valid in travel documents but are not ISO 3166-1 countries.
ICAO_EXTRA_STATES = {
    "D": "Germany (ICAO)",
    "GBD": "British Overseas Territories Citizen",
    "GBN": "British National (Overseas)",
    "GBO": "British Overseas Citizen",
    "GBP": "British Protected Person",
    "GBS": "British Subject",
    "UNO": "United Nations Organization",
    "UNA": "United Nations specialized agency",
    "UNK": "Resident of Kosovo (UNMIK)",
    "XXA": "Stateless person",
    "XXB": "Refugee (1951 Convention)",
    "XXC": "Refugee (other)",
    "XXX": "Unspecified nationality",
    "XOM": "Sovereign Military Order of Malta",
    "XPO": "INTERPOL",
    "XCC": "Caribbean Community",
    "XES": "Organisation of Eastern Caribbean States",
    "XMP": "Parliamentary Assembly of the Council of Europe",
    "EUE": "European Union",
    "XBT": "Bhutan (ICAO)",
    "RKS": "Kosovo",
    "XBA": "African Development Bank",
    "XIM": "African Export-Import Bank",
    "XCO": "Common Market for Eastern and Southern Africa",
    "XEC": "Economic Community of West African States",
    "XCE": "Council of Europe",
    "XDC": "Southern African Development Community",
    "ANT": "Netherlands Antilles (documents issued before 2010)",
}


class VocabError(ValueError):
    """A value that is not in its code list. `.list_name` and `.value` say which."""

    def __init__(self, list_name: str, value: str, hint: str = "") -> None:
        self.list_name = list_name
        self.value = value
        msg = f"{value!r} is not a value of code list {list_name!r}"
        super().__init__(f"{msg}; {hint}" if hint else msg)


def _data_files() -> dict[str, str]:
    root = resources.files("tipnet.vocab") / "data"
    found: dict[str, str] = {}
    for folder in ("htcds", "tipnet"):
        for entry in (root / folder).iterdir():
            if entry.name.endswith(".csv"):
                found[entry.name[:-4]] = f"{folder}/{entry.name}"
    return found


@cache
def list_names() -> tuple[str, ...]:
    """The names of every file-backed code list (HTCDS field names and tipnet's own)."""
    return tuple(sorted(_data_files()))


@cache
def code_list(name: str) -> dict[str, str]:
    """The list's value names mapped to their labels, in the file's order."""
    files = _data_files()
    if name not in files:
        raise KeyError(f"no code list named {name!r}; known lists: {', '.join(sorted(files))}")
    text = (resources.files("tipnet.vocab") / "data" / files[name]).read_text(encoding="utf-8")
    return {row["value"]: row["label"] for row in csv.DictReader(text.splitlines())}


def _squash(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.lower())


@cache
def _lookup(name: str) -> dict[str, str]:
    # Accept a value name in any case and spacing, or its label ("Forced labour" -> ForcedLabour).
    table: dict[str, str] = {}
    for value, label in code_list(name).items():
        table[_squash(label)] = value
        table[_squash(value)] = value
    return table


def validate(name: str, value: str) -> str:
    """The canonical value name of `value` in list `name`, or VocabError."""
    key = _squash(value)
    found = _lookup(name).get(key) if key else None
    if found is None:
        options = ", ".join(code_list(name))
        raise VocabError(name, value, f"expected one of: {options}")
    return found


def validate_many(name: str, values: str | list[str], sep: str = ";") -> list[str]:
    """Validate a multi-select value (a list, or a string separated by `sep`)."""
    items = values.split(sep) if isinstance(values, str) else values
    return [validate(name, v) for v in (item.strip() for item in items) if v]


@cache
def normalize_country(value: str, *, allow_icao: bool = True) -> str:
    """ISO 3166-1 alpha-3 from an alpha-2, alpha-3, or (ICAO) code; VocabError otherwise."""
    import pycountry

    code = value.strip().upper()
    if allow_icao and code in ICAO_EXTRA_STATES:
        return code
    country = None
    if len(code) == 2:
        country = pycountry.countries.get(alpha_2=code)
    elif len(code) == 3:
        country = pycountry.countries.get(alpha_3=code)
    if country is None:
        raise VocabError("country", value, "expected an ISO 3166-1 alpha-2 or alpha-3 code")
    return country.alpha_3


@cache
def normalize_language(value: str) -> str:
    """ISO 639 code (alpha-2 where one exists, else alpha-3) from a code or an English name."""
    import pycountry

    raw = value.strip()
    lang = None
    if len(raw) == 2:
        lang = pycountry.languages.get(alpha_2=raw.lower())
    elif len(raw) == 3:
        lang = pycountry.languages.get(alpha_3=raw.lower()) or pycountry.languages.get(
            bibliographic=raw.lower()
        )
    if lang is None:
        try:
            lang = pycountry.languages.lookup(raw)
        except LookupError:
            lang = None
    if lang is None:
        raise VocabError("language", value, "expected an ISO 639 code or language name")
    return getattr(lang, "alpha_2", None) or lang.alpha_3


def alpha2(code: str | None) -> str | None:
    """The ISO 3166 alpha-2 code of a country code tipnet stores (alpha-3, as sources' nationalities, or
    alpha-2); None when there is none (ICAO-only codes such as D or XXA included)."""
    import pycountry

    if not code:
        return None
    code = code.strip().upper()
    if len(code) == 2 and code.isalpha():
        return code
    country = pycountry.countries.get(alpha_3=code) if len(code) == 3 else None
    return getattr(country, "alpha_2", None)
