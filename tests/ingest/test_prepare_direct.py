"""Crossings prepared straight to the rows to insert give exactly the rows their records give.

A worker makes a crossing's rows to insert as `mappers.crossings.write` writes them
(tipnet.ingest.prepare._DirectRows, a `RowSink` whose handles are relative ids) instead of building
the records `mappers.crossings.apply` builds through the same `write` and turning those into rows;
the two sinks must agree to the last value, for every shape of row and for each database's
conversions, and refuse the same rows naming the same field. Synthetic rows only.
"""

from __future__ import annotations

import pytest
from tests.ingest.test_mapper_crossings import BASE, MRZ_EXPIRED, MRZ_TD1

from tipnet.ingest import prepare

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
