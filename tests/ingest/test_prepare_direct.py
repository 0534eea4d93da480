"""Crossings prepared straight to the rows to insert give exactly the rows their records give.

A worker makes a crossing's rows to insert as `mappers.crossings.write` writes them
(tipnet.ingest.prepare._DirectRows, a `RowSink` whose handles are relative ids) instead of building
the records `mappers.crossings.apply` builds through the same `write` and turning those into rows;
the two sinks must agree to the last value, for every shape of row and for each database's
conversions, and refuse the same rows naming the same field. Synthetic rows only.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from tests.ingest.test_mapper_crossings import BASE, MRZ_EXPIRED, MRZ_TD1

from tipnet.identity.dates import PartialDate
from tipnet.ingest import prepare
from tipnet.ingest.fields import Row
from tipnet.ingest.mappers.common import MapContext, OrgDirectory, build_person
from tipnet.store.bulk import Rec, prepared_rows

ORGS = {"KH-IMM": 7, "TH-IMM": 9}


def _rows() -> list[dict[str, str]]:
    variants: list[dict[str, str]] = [
        {},
        {"mrz": ""},
        {"given_names": ""},
        {"birth_date": ""},
        {"birth_date": "1998-04"},
        {"nationality": "", "issuing_state": ""},
        {"sex": "", "document_type": ""},
        {"expiry_date": "", "booking_ref": "", "border_post": ""},
        {"mrz": MRZ_EXPIRED, "crossing_time": "2026-02-03T08:15:00+07:00"},
        {"mrz": MRZ_TD1, "document_type": "I", "org": "TH-IMM"},
        {"crossing_time": "yesterday"},  # refused: crossing_time
        {"mrz": "not an MRZ"},  # refused: mrz
        {"org": "XX-NOBODY"},  # refused: org
        {"surname": ""},  # refused: surname
        {"border_post": 'Poipet "north" \\ gate'},  # escaped in the row hash
    ]
    return [{**BASE, **change, "record_id": f"X-{i}"} for i, change in enumerate(variants)]


@pytest.mark.parametrize("dialect", ["sqlite+pysqlite", "postgresql+psycopg"])
def test_direct_rows_equal_the_records_rows(dialect: str, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = _rows()
    stored = {(7, "X-1"): "a stale hash", (7, "X-2"): prepare.row_hash(rows[2])}  # X-2 is known
    direct = prepare.prepare_chunk("crossings", 3, ORGS, rows, dialect, stored)
    monkeypatch.setattr(prepare, "DIRECT_SOURCES", frozenset())
    via_records = prepare.prepare_chunk("crossings", 3, ORGS, rows, dialect, stored)
    assert direct == via_records
    outcomes = [row[0] for row in direct[0]]
    assert outcomes.count("refused") == 4 and outcomes.count("known") == 1
    assert [row[1] for row in direct[0] if row[0] == "refused"] == ["crossing_time", "mrz", "org", "surname"]
    tables = direct[1]
    assert set(tables) == {"source_record", "person", "person_name", "identity_document", "border_crossing"}
    assert len(tables["border_crossing"][1]) == len(rows) - 5  # every mapped row, none of the others


PEOPLE: list[dict[str, Any]] = [
    {"first": "Dara", "second": "Sok"},
    {"full": "Sok Dara", "native": "សុខ ដារា", "aliases": ("Dara S", "D. Sok"), "language": "km"},
    {"second": "Sok", "birth": PartialDate(1990, 4), "gender": "Feminine", "citizenship": ["KHM", "THA"]},
    {"first": "Dara", "document_number": "N1234567", "document_type": "P", "issuing_state": "KHM",
     "expiry_date": date(2030, 1, 31), "mrz": "P<KHM..."},
    {"phone": "+85512345678", "address": "Street 1, Phnom Penh", "address_country": "KHM"},
    {},
]  # fmt: skip


@pytest.mark.parametrize("dialect", ["sqlite+pysqlite", "postgresql+psycopg"])
def test_build_person_writes_the_same_rows_to_either_sink(dialect: str) -> None:
    """`build_person` through the worker's sink and through records: the same rows, for every
    optional part of a person (names, native name, aliases, document, phone, address)."""
    direct = prepare._DirectRows(dialect, 3)
    recs: list[Rec] = []
    handles = []
    for n, fields in enumerate(PEOPLE):
        direct.start(n, "bank", 7, f"P-{n}", "h")
        handles.append(build_person(direct, **fields))
        record = prepare.source_record("bank", 7, f"P-{n}", "h", 3, None)
        ctx = MapContext(None, Row({}), record, OrgDirectory(None, {}, complete=True))
        person, document = build_person(ctx, **fields)
        assert (document is None) == ("document_number" not in fields)
        assert ctx.rows[0] is person and person.kids == ctx.rows[1:]  # all sealed with the person
        for rec in (record, *ctx.rows):
            rec.owner = n
            recs.append(rec)
    assert direct.tables == prepared_rows(recs, prepare._dialect(dialect))
    assert [document is None for _, document in handles] == ["document_number" not in p for p in PEOPLE]
    assert len(direct.tables) == 6  # source record, person, name, document, phone, address: all written


@pytest.mark.parametrize("first", [None, "", "Dara", "Sok Dara"])
@pytest.mark.parametrize("second", [None, "", "Sok"])
def test_full_name_is_the_given_parts_joined(first: str | None, second: str | None) -> None:
    record = prepare.source_record("bank", 7, "P-1", "h", 3, None)
    ctx = MapContext(None, Row({}), record, OrgDirectory(None, {}, complete=True))
    person, _ = build_person(ctx, first=first, second=second)
    joined = " ".join(part for part in (first, second) if part) or None
    assert person["full_name"] == joined
    assert [kid["name"] for kid in person.kids] == ([joined] if joined else [])
