"""The person record linkage reads, and its preparation into the plain columns the engines compare.

Every source (a CSV file, the store's persons, watchlist entries) is first turned into a `LinkRecord`;
`prepare_row` then reduces it once, through the matching core, to values SQL can compare: encoded
name spellings (read by the name-similarity function), order-free spelling forms, phonetic keys and
blocking keys, birth-date parts, codes, document keys, E.164 phones and folded addresses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from tipnet.identity.phones import REGION_PHONE_REGIONS, PhoneError, normalize_phone
from tipnet.identity.romanize import fold_latin
from tipnet.matching.record import PreparedRecord, RecordError, make_record, prepare_record

MAX_BLOCK_KEYS = 24  # name blocking keys kept per record (aliases x spellings x token pairs)


@dataclass(frozen=True)
class LinkRecord:
    """One record of one source as linkage sees it; `uid` is unique across all inputs of a run."""

    uid: str
    dataset: str
    names: tuple[str, ...]
    birth_date: str | None = None
    gender: str | None = None
    nationalities: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rejected:
    """A record that cannot be linked, with the field and the reason (never its values)."""

    uid: str
    dataset: str
    field: str
    reason: str


# The engine table's columns and their DuckDB types (Spark schemas are derived from these).
COLUMNS: dict[str, str] = {
    "unique_id": "VARCHAR",
    "source_dataset": "VARCHAR",
    "name_codes": "VARCHAR[]",
    "name_forms": "VARCHAR[]",
    "name_keys": "VARCHAR[]",
    "name_blocks": "VARCHAR[]",
    "name_first_key": "VARCHAR",
    "birth_year": "INTEGER",
    "birth_month": "INTEGER",
    "birth_day": "INTEGER",
    "nationalities": "VARCHAR[]",
    "gender": "VARCHAR",
    "documents": "VARCHAR[]",
    "document_keys": "VARCHAR[]",
    "document_key1": "VARCHAR",
    "phones": "VARCHAR[]",
    "address": "VARCHAR",
    "address_tokens": "VARCHAR[]",
}

_NON_WORD = re.compile(r"[^\w]+")


def fold_address(text: str) -> str:
    """Lower-case Latin letters and digits separated by single spaces ("No. 42, Desa" → "no 42 desa")."""
    return " ".join(_NON_WORD.sub(" ", fold_latin(text).lower()).split())


def _phone(value: str, nationalities: tuple[str, ...]) -> str | None:
    from pycountry import countries

    region = None
    if nationalities:
        c = countries.get(alpha_3=nationalities[0])
        region = c.alpha_2 if c else None
    try:
        return normalize_phone(value, region or "KH", fallback_regions=REGION_PHONE_REGIONS)
    except PhoneError:
        digits = "".join(ch for ch in value if ch.isdigit())
        return digits if len(digits) >= 7 else None  # an odd number still links by its digits


def _list(values: Iterable[str]) -> list[str] | None:
    out = list(dict.fromkeys(v for v in values if v))
    return out or None  # empty lists are NULL: "unknown" is one state, not two


def name_blocking_keys(prepared: PreparedRecord) -> list[str]:
    """Unordered pairs of token phonetic keys per spelling ("k1|k2"): two words of a name agreeing in
    sound, whatever their order and script. One-word names block on their single key."""
    out: dict[str, None] = {}
    for n in prepared.names:
        for sp in n.spellings:
            keys = sorted({k for k in sp.keys if len(k) > 1})
            if len(keys) == 1:
                out[keys[0]] = None
            for a, b in combinations(keys, 2):
                out[f"{a}|{b}"] = None
            if len(out) >= MAX_BLOCK_KEYS:
                return list(out)[:MAX_BLOCK_KEYS]
    return list(out)


def prepare_row(rec: LinkRecord) -> dict[str, Any]:
    """The engine row of one record; RecordError (with the field) when it cannot be compared."""
    person = make_record(
        list(rec.names),
        birth_date=rec.birth_date or None,
        nationality=[n for n in rec.nationalities if n],
        gender=rec.gender,
        document_number=list(rec.documents),
    )
    prepared = prepare_record(person)
    spellings = [s for n in prepared.names for s in n.spellings]
    first_keys = sorted({k for k in spellings[0].keys if k}) if spellings else []
    docs = [d for d, _ in prepared.documents]
    doc_keys = [k for _, k in prepared.documents]
    addresses = [a for a in (fold_address(x) for x in rec.addresses if x) if a]
    phones = [p for p in (_phone(x, person.nationalities) for x in rec.phones if x and x.strip()) if p]
    year, month, day = prepared.birth
    return {
        "unique_id": rec.uid,
        "source_dataset": rec.dataset,
        "name_codes": [n.encode() for n in prepared.names],
        "name_forms": _list(" ".join(sorted(s.tokens)) for s in spellings),
        "name_keys": _list(k for s in spellings for k in s.keys if len(k) > 1),
        "name_blocks": _list(name_blocking_keys(prepared)),
        "name_first_key": " ".join(first_keys) or None,
        "birth_year": year or None,
        "birth_month": month or None,
        "birth_day": day or None,
        "nationalities": _list(sorted(prepared.nationalities)),
        "gender": prepared.gender,
        "documents": _list(docs),
        "document_keys": _list(doc_keys),
        "document_key1": doc_keys[0] if doc_keys else None,
        "phones": _list(phones),
        "address": addresses[0] if addresses else None,
        "address_tokens": _list(t for a in addresses for t in a.split()),
    }


def prepare_rows(records: Iterable[LinkRecord]) -> Iterator[dict[str, Any] | Rejected]:
    """Engine rows, and a Rejected (field and reason) for each record that cannot be compared."""
    for rec in records:
        try:
            yield prepare_row(rec)
        except RecordError as exc:
            yield Rejected(rec.uid, rec.dataset, exc.field, exc.message)
