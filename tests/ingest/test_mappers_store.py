"""The mapper tables hold in the real store: a base row imported into SQLite is stored as its table says.

What only the import loop and the store decide is tested here: `record_id` and `org` (the source
record and the organisation lookup), the sealing of the persons a mapper queues, and one case
shared by the rows that name it.
"""

from __future__ import annotations

import copy
import csv
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from tests.ingest import (
    test_mapper_adverts,
    test_mapper_bank,
    test_mapper_crossings,
    test_mapper_hotline,
    test_mapper_ngo,
    test_mapper_organisations,
    test_mapper_police,
    test_mapper_transactions,
)
from tests.ingest.mapping import ORG_IDS, run, stored_rows, top_table

from tipnet.ingest.pipeline import IngestReport, ingest_file
from tipnet.security import textseal
from tipnet.security.sealing import is_sealed, open_person, rec_payload
from tipnet.sources import SOURCE_TYPES
from tipnet.store.base import Base
from tipnet.store.engine import make_engine
from tipnet.store.tables.cases import Case
from tipnet.store.tables.people import Person
from tipnet.store.tables.sources import Organisation, SourceRecord

BASES: dict[str, Mapping[str, str]] = {
    "crossings": test_mapper_crossings.BASE,
    "police": test_mapper_police.VICTIM,
    "ngo": test_mapper_ngo.BASE,
    "hotline": test_mapper_hotline.BASE,
    "bank": test_mapper_bank.BASE,
    "transactions": test_mapper_transactions.BASE,
    "adverts": test_mapper_adverts.BASE,
}
TABLE_CLASSES = {m.local_table.name: m.class_ for m in Base.registry.mappers}
IDENTIFYING_ROWS = ("person_name", "phone", "identity_document", "address")  # emptied by sealing


@pytest.fixture
def store(migrated_sqlite: Callable[[Path], str], tmp_path: Path) -> Iterator[Engine]:
    """A migrated SQLite store holding the organisation directory of the tables."""
    engine = make_engine(migrated_sqlite(tmp_path / "store.db"))
    directory = [{**test_mapper_organisations.BASE, "record_id": code, "org_Name": code} for code in ORG_IDS]
    assert _ingest(engine, "organisations", directory, tmp_path).new == len(ORG_IDS)
    yield engine
    engine.dispose()


def _ingest(engine: Engine, source: str, rows: Sequence[Mapping[str, str]], tmp_path: Path) -> IngestReport:
    path = tmp_path / f"{source}.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, SOURCE_TYPES[source].columns)
        writer.writeheader()
        writer.writerows(rows)
    return ingest_file(engine, source, path, rejects_path=tmp_path / f"{source}.rejects.csv")


def _org_ids(session: Session) -> dict[str, int]:
    return {code: org_id for code, org_id in session.execute(select(Organisation.code, Organisation.id))}


def _no_empty_lists(rows: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """Unset list columns are [] once stored (their default), absent before: compare them as absent."""
    return {table: [{k: v for k, v in row.items() if v != []} for row in r] for table, r in rows.items()}


@pytest.mark.parametrize("source", list(BASES))
def test_a_row_is_stored_as_its_table_says_and_record_id_and_org_make_its_source_record(
    source: str, store: Engine, tmp_path: Path
) -> None:
    base = BASES[source]
    unknown_org = {**base, "record_id": "R-2", "org": "KH-NOBODY"}
    no_record_id = {**base, "record_id": ""}
    report = _ingest(store, source, [base, unknown_org, no_record_id], tmp_path)
    assert (report.new, report.rejected) == (1, 2)
    assert {(r.record_id, r.field) for r in report.rejections} == {("R-2", "org"), ("", "record_id")}
    assert "unknown organisation 'KH-NOBODY'" in report.rejections[0].reason
    assert report.rejections[1].reason == "required value is missing"

    with Session(store) as session:
        org_ids = _org_ids(session)
        record = session.scalars(select(SourceRecord).where(SourceRecord.source_type == source)).one()
        assert (record.org_id, record.record_id) == (org_ids[base["org"]], base["record_id"])
        mapped = run(source, base, org_ids)
        top = TABLE_CLASSES[top_table(mapped)]
        stored_top = session.scalars(select(top).where(top.source_record_id == record.id)).all()
        stored = stored_rows(list(stored_top), lambda p: is_sealed(session, p.id), record)

        expected = copy.deepcopy(mapped.rows)
        for person in mapped.to_seal:
            # Sealed: what identified them left the clear columns and rows for the sealed record.
            payload = rec_payload(person)
            expected["person"] = [
                {k: v for k, v in row.items() if k not in payload} for row in expected["person"]
            ]
            for table in IDENTIFYING_ROWS:
                expected.pop(table, None)
            stored_person = session.scalars(select(Person)).one()
            assert open_person(session, stored_person) == payload
        for table, columns in textseal.SEALED_TEXT.items():
            # Sealed free text (a hotline's narrative, caller's phone, location): emptied, kept sealed.
            for row, stored_obj in zip(expected.get(table, []), stored_top, strict=False):
                written = {c: row.pop(c) for c in columns if row.get(c)}
                opened = textseal.open_rows(session, table, [stored_obj.id], None).get(stored_obj.id, {})
                assert opened == written
        assert _no_empty_lists(stored) == _no_empty_lists(expected)


def test_rows_naming_one_case_share_it_opened_on_the_earliest_report(store: Engine, tmp_path: Path) -> None:
    victim = test_mapper_police.VICTIM
    suspect = {**victim, **test_mapper_police.SUSPECT, "record_id": "P-2", "report_date": "2026-01-11"}
    elsewhere = {**victim, "record_id": "P-3", "case_ref": "AHT-2026-18"}
    assert _ingest(store, "police", [victim, suspect, elsewhere], tmp_path).new == 3
    with Session(store) as session:
        cases = {c.case_ref: c for c in session.scalars(select(Case))}
        assert sorted(cases) == ["AHT-2026-17", "AHT-2026-18"]
        shared = cases["AHT-2026-17"]
        assert sorted(p.role for p in shared.persons) == ["Suspect", "Victim"]
        assert str(shared.opened_on) == "2026-01-11"
