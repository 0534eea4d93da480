"""The person description both sides of a comparison share, and its preparation into plain columns.

Preparation is done once per record (a list entry at index time, a traveller once per query): names to
ranked Latin spellings and phonetic keys (identity module), birth dates to (year, month, day) parts,
countries to ISO alpha-3, documents to their normalised and OCR-confusable forms. `columns()` gives
the same as plain values, the shape linkage's SQL comparison levels read.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from tipnet.identity.dates import DateError, PartialDate, parse_partial_date
from tipnet.identity.documents import DocumentNumberError, normalize_document_number
from tipnet.identity.scripts import Script, script_of
from tipnet.identity.text import clean_text
from tipnet.matching.names import ENTRY_SPELLINGS, PreparedName, blocking_keys, prepare_name
from tipnet.vocab.codelists import VocabError, normalize_country

MAX_NAMES = 12  # a record's names (primary and aliases) kept for matching

_GENDER = {
    "f": "F",
    "female": "F",
    "feminine": "F",
    "w": "F",
    "m": "M",
    "male": "M",
    "masculine": "M",
}


class RecordError(ValueError):
    """A person description that cannot be matched (no usable name, unreadable date); says why."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class PersonRecord:
    """What is known of a person: names in any script (the first is primary), and optional details."""

    names: tuple[str, ...]
    birth_date: PartialDate | None = None
    nationalities: tuple[str, ...] = ()
    gender: str | None = None  # F, M or None
    documents: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()


@dataclass(frozen=True)
class PreparedRecord:
    """A record ready to compare: prepared names, date parts (0 = unknown), codes and document keys."""

    names: tuple[PreparedName, ...]
    birth: tuple[int, int, int] = (0, 0, 0)
    nationalities: frozenset[str] = frozenset()
    gender: str | None = None
    documents: tuple[tuple[str, str], ...] = ()  # (normalised, confusable key)
    phones: tuple[str, ...] = field(default=())

    def columns(self) -> dict[str, object]:
        """Plain columns for SQL comparison levels (linkage) and for inspection."""
        return {
            "name_spellings": [" ".join(s.tokens) for n in self.names for s in n.spellings],
            "name_tokens": sorted({t for n in self.names for s in n.spellings for t in s.tokens}),
            "name_keys": sorted({k for n in self.names for s in n.spellings for k in s.keys if k}),
            "birth_year": self.birth[0] or None,
            "birth_month": self.birth[1] or None,
            "birth_day": self.birth[2] or None,
            "nationalities": sorted(self.nationalities),
            "gender": self.gender,
            "documents": [d for d, _ in self.documents],
            "document_keys": [k for _, k in self.documents],
        }

    def blocking_keys(self) -> set[str]:
        keys: set[str] = set()
        for n in self.names:
            keys |= blocking_keys(n)
        if self.birth[0]:
            # A name word with the birth year: tells apart the many people called Mohammad Islam.
            year = self.birth[0]
            keys |= {f"y{year}:{k[2:]}" for k in keys if k.startswith("t:")}
        for _value, confusable in self.documents:
            keys.add("d:" + confusable)
        return keys


def parse_gender(value: str | None) -> str | None:
    """F, M, or None for unknown/other (an unknown gender neither agrees nor disagrees)."""
    return _GENDER.get((value or "").strip().lower())


def parse_birth(value: str | PartialDate | None) -> PartialDate | None:
    if value is None or isinstance(value, PartialDate):
        return value
    if not str(value).strip():
        return None
    try:
        return parse_partial_date(str(value).strip())
    except DateError as exc:
        raise RecordError("birth_date", f"not a date ({exc}); expected YYYY, YYYY-MM or YYYY-MM-DD") from None


def parse_country(value: str) -> str:
    try:
        return normalize_country(value)
    except VocabError:
        raise RecordError("nationality", f"{value!r} is not an ISO 3166-1 alpha-2 or alpha-3 code") from None


def _unknown_script(name: str) -> bool:
    """Letters, none of them in a script tipnet knows (Runic, Cherokee...): nothing to romanize or
    compare. Letterless names are refused later, with their own message."""
    if name.isascii():  # Latin or no letters at all: the common case, without a per-letter lookup
        return False
    letters = [ch for ch in name if unicodedata.category(ch).startswith("L")]
    return bool(letters) and all(script_of(ch) is Script.OTHER for ch in letters)


def make_record(
    names: str | list[str] | tuple[str, ...],
    *,
    birth_date: str | PartialDate | None = None,
    nationality: str | list[str] | tuple[str, ...] | None = None,
    gender: str | None = None,
    document_number: str | list[str] | tuple[str, ...] | None = None,
) -> PersonRecord:
    """A validated PersonRecord from loose values (API, CSV); RecordError says what is wrong."""
    name_list = [names] if isinstance(names, str) else list(names)
    # invisible characters, Zawgyi, full-width and decomposed forms made one (identity.text)
    name_list = [c for n in name_list if n and (c := clean_text(n))]
    if not name_list:
        raise RecordError("name", "a name is required")
    readable = [n for n in name_list if not _unknown_script(n)]
    if not readable:
        raise RecordError("name", "written in a script tipnet cannot read (no letter of a known script)")
    name_list = readable  # an alias in an unknown script is dropped when another name can be read
    nats = [nationality] if isinstance(nationality, str) else list(nationality or [])
    docs = [document_number] if isinstance(document_number, str) else list(document_number or [])
    return PersonRecord(
        names=tuple(dict.fromkeys(name_list))[:MAX_NAMES],
        birth_date=parse_birth(birth_date),
        nationalities=tuple(dict.fromkeys(parse_country(n) for n in nats if n and n.strip())),
        gender=parse_gender(gender),
        documents=tuple(d for d in docs if d and d.strip()),
    )


def prepare_record(record: PersonRecord, *, spellings: int = ENTRY_SPELLINGS) -> PreparedRecord:
    """Prepare once; RecordError when no name has letters that can be read."""
    nat = record.nationalities[0] if record.nationalities else None
    names = tuple(
        p for n in record.names if (p := prepare_name(n, nationality=nat, limit=spellings)) is not None
    )
    if not names:
        raise RecordError("name", "no letters that can be read as a name in any known script")
    docs: list[tuple[str, str]] = []
    for d in record.documents:
        try:
            num = normalize_document_number(d)
        except DocumentNumberError:
            continue  # a number with stray characters cannot match anything: treat as missing
        docs.append((num.value, num.confusable_key))
    b = record.birth_date
    birth = (b.year, b.month or 0, b.day or 0) if b else (0, 0, 0)
    return PreparedRecord(
        names=names,
        birth=birth,
        nationalities=frozenset(record.nationalities),
        gender=record.gender,
        documents=tuple(dict.fromkeys(docs)),
        phones=record.phones,
    )
