"""A large import leaves the secondary indexes of empty tables out and builds them at its end,
crash-safely, on SQLite and PostgreSQL (tipnet.store.indexes).

Tested with the size threshold patched to 0 and small chunks: while rows are written the non-unique
indexes are gone but every unique one (the re-import key, an account's number) is there and still
refuses duplicates; at the end the store has exactly the indexes it had before; an importer killed
with SIGKILL mid-load leaves whole rows and a record of what it dropped, and an exact re-run
completes the file and builds them; `upgrade` heals such a store too; an import that replaces stored
rows while indexes are deferred builds them first, in its own transaction; and deferral can be
turned off.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, Engine, text
from tests.ingest import test_mapper_bank, test_mapper_organisations
from tests.ingest.mapping import ORG_IDS
from tests.ingest.test_bulk import _count, _crossing, _rejects, _write

from tipnet.ingest import pipeline
from tipnet.ingest.pipeline import IngestReport, ingest_file
from tipnet.store import bulk, indexes
from tipnet.store.engine import upgrade
from tipnet.store.tables.crossings import BorderCrossing
from tipnet.store.tables.finance import Account
from tipnet.store.tables.people import IdentityDocument, Person, PersonName

CHUNK = 5


def _ingest(engine: Engine, source: str, path: Path, workers: int = 0) -> IngestReport:
    return ingest_file(engine, source, path, rejects_path=path.with_suffix(".rejects.csv"), workers=workers)


@pytest.fixture
def directory(engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Engine:
    monkeypatch.setattr(pipeline, "CHUNK_ROWS", CHUNK)
    orgs = [{**test_mapper_organisations.BASE, "record_id": code, "org_Name": code} for code in ORG_IDS]
    assert _ingest(engine, "organisations", _write(tmp_path / "orgs.csv", "organisations", orgs)).ok
    return engine


def _index_names(conn: Connection) -> dict[str, bool]:
    """Every index of the store's tables, named, with whether it is unique (a constraint's too)."""
    if conn.dialect.name == "postgresql":
        query = (
            "SELECT c.relname, i.indisunique FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace "
            "WHERE n.nspname = current_schema()"
        )
        return {str(name): bool(unique) for name, unique in conn.execute(text(query))}
    out = {}
    for (table,) in conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'table'")):
        for row in conn.exec_driver_sql(f'PRAGMA index_list("{table}")'):
            out[str(row[1])] = bool(row[2])
    return out


def _indexes_of(engine: Engine) -> dict[str, bool]:
    with engine.connect() as conn:
        return _index_names(conn)


def _watch_loads(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, bool]]:
    """The store's indexes as each bulk write of a table sees them, in its own transaction."""
    seen: list[dict[str, bool]] = []
    insert = bulk.BulkWriter._insert_rows

    def watching(self: bulk.BulkWriter, table: Any, rows: list[tuple[Any, ...]]) -> None:
        seen.append(_index_names(self.session.connection()))
        insert(self, table, rows)

    monkeypatch.setattr(bulk.BulkWriter, "_insert_rows", watching)
    return seen


@pytest.mark.parametrize("workers", [0, 2])
def test_a_large_import_loads_without_secondary_indexes_keeps_unique_ones_and_builds_them_after(
    directory: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    monkeypatch.setattr(pipeline, "DEFER_INDEXES_MIN_BYTES", 0)
    before = _indexes_of(directory)
    seen = _watch_loads(monkeypatch)
    rows = [
        {**test_mapper_bank.BASE, "record_id": f"B-{i}", "account_number": f"{i:09d}"}
        for i in range(4 * CHUNK)
    ]
    rows[CHUNK + 3]["account_number"] = rows[CHUNK + 1]["account_number"]  # the unique account refuses it
    rows[3 * CHUNK + 2] = {**rows[2 * CHUNK], "account_number": "777777777"}  # the re-import key refuses it
    report = _ingest(directory, "bank", _write(tmp_path / "bank.csv", "bank", rows), workers=workers)

    assert (report.new, report.rejected) == (4 * CHUNK - 2, 2)
    assert {r["record_id"] for r in _rejects(report)} == {f"B-{CHUNK + 3}", f"B-{2 * CHUNK}"}
    assert _count(directory, Account) == _count(directory, Person) == 4 * CHUNK - 2
    assert seen, "no bulk write watched"
    unique = {name for name, is_unique in before.items() if is_unique}
    with directory.connect() as conn:
        secondary = {name for t in indexes.BULK_TABLES for name, _ in indexes._secondary(conn, t)}
    assert {"ix_account_account_number", "ix_person_source_record_id"} <= secondary
    for during in seen:
        assert unique <= set(during), "a unique index was dropped"
        assert not secondary & set(during), "a secondary index of an empty table was kept"
    assert _indexes_of(directory) == before
    assert indexes.pending(directory) == []


KILLER = """
import os, signal, sys
from pathlib import Path
from tipnet.ingest import pipeline
from tipnet.store import bulk
from tipnet.store.engine import make_engine

pipeline.CHUNK_ROWS = {chunk}
pipeline.DEFER_INDEXES_MIN_BYTES = 0
writes = {{"n": 0}}
insert = bulk.BulkWriter._insert_rows

def dying(self, table, rows):
    insert(self, table, rows)
    if table.name == "person":
        writes["n"] += 1
        if writes["n"] == {die_in}:  # persons of this chunk written, its crossings not yet, no commit
            os.kill(os.getpid(), signal.SIGKILL)

bulk.BulkWriter._insert_rows = dying
pipeline.ingest_file(
    make_engine(sys.argv[1]), "crossings", Path(sys.argv[2]), rejects_path=Path(sys.argv[3]), workers={workers}
)
"""


@pytest.mark.parametrize("workers", [0, 2])
def test_an_importer_killed_with_indexes_deferred_leaves_whole_rows_and_a_rerun_builds_them(
    directory: Engine, store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    before = _indexes_of(directory)
    rows = [_crossing(i) for i in range(8 * CHUNK)]
    path = _write(tmp_path / "crossings.csv", "crossings", rows)
    script = tmp_path / "killer.py"
    script.write_text(textwrap.dedent(KILLER.format(chunk=CHUNK, die_in=3, workers=workers)))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run(
        [sys.executable, str(script), store_url, str(path), str(tmp_path / "x.rejects.csv")],
        env=env,
        capture_output=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr.decode()[-2000:]
    directory.dispose()

    # Whole chunks only, and a record of every index left out, each really gone.
    left_out = indexes.pending(directory)
    assert "ix_person_source_record_id" in left_out and "ix_border_crossing_crossing_time" in left_out
    assert not set(left_out) & set(_indexes_of(directory))
    assert set(_indexes_of(directory)) | set(left_out) == set(before)
    assert [r for r in _stored(directory)] == [r["record_id"] for r in rows[: 2 * CHUNK]]
    assert _count(directory, BorderCrossing) == _count(directory, Person) == 2 * CHUNK
    assert _count(directory, IdentityDocument) == _count(directory, PersonName) == 2 * CHUNK

    # The exact re-run: the rest of the file, nothing twice, every index back.
    monkeypatch.setattr(pipeline, "DEFER_INDEXES_MIN_BYTES", 0)
    rerun = _ingest(directory, "crossings", path, workers=workers)
    assert (rerun.new, rerun.unchanged, rerun.rejected) == (6 * CHUNK, 2 * CHUNK, 0)
    assert _stored(directory) == [r["record_id"] for r in rows]
    assert _count(directory, BorderCrossing) == _count(directory, Person) == 8 * CHUNK
    assert _indexes_of(directory) == before
    assert indexes.pending(directory) == []


def _stored(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return [str(r) for r in conn.scalars(text("SELECT record_id FROM source_record ORDER BY id"))]


def _drop_recorded(engine: Engine, name: str) -> None:
    """What a killed import leaves: the index dropped and its definition recorded (one transaction)."""
    with engine.begin() as conn:
        ((_, definition),) = [(n, d) for n, d in indexes._secondary(conn, "person") if n == name]
        conn.execute(
            indexes.insert(indexes.DeferredIndex).values(
                name=name, table_name="person", definition=definition
            )
        )
        conn.exec_driver_sql(f"DROP INDEX {name}")


def test_upgrade_builds_indexes_a_killed_import_left_out(directory: Engine) -> None:
    before = _indexes_of(directory)
    _drop_recorded(directory, "ix_person_source_record_id")
    assert "ix_person_source_record_id" not in _indexes_of(directory)
    upgrade(directory)
    assert _indexes_of(directory) == before
    assert indexes.pending(directory) == []
    assert indexes.restore(directory) == 0  # nothing left: a second restorer builds nothing


def test_rows_replaced_while_indexes_are_deferred_build_them_first(directory: Engine, tmp_path: Path) -> None:
    before = _indexes_of(directory)
    rows = [_crossing(i) for i in range(3 * CHUNK)]
    assert _ingest(directory, "crossings", _write(tmp_path / "a.csv", "crossings", rows)).new == 3 * CHUNK
    _drop_recorded(directory, "ix_person_source_record_id")
    rows[CHUNK]["surname"] = "CHANGED"
    report = ingest_file(
        directory,
        "crossings",
        _write(tmp_path / "b.csv", "crossings", rows),
        rejects_path=tmp_path / "b.rejects.csv",
        workers=0,
        manage_indexes=False,  # no restore before the import: the replacing chunk must do it
    )
    assert (report.updated, report.unchanged) == (1, 3 * CHUNK - 1)
    assert _indexes_of(directory) == before
    assert indexes.pending(directory) == []
    assert _count(directory, Person) == _count(directory, PersonName) == 3 * CHUNK


def test_deferral_can_be_turned_off(
    directory: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "DEFER_INDEXES_MIN_BYTES", 0)
    monkeypatch.setenv("TIPNET_INGEST_DEFER_INDEXES", "0")
    before = _indexes_of(directory)
    seen = _watch_loads(monkeypatch)
    rows = [_crossing(i) for i in range(2 * CHUNK)]
    assert _ingest(directory, "crossings", _write(tmp_path / "c.csv", "crossings", rows)).new == 2 * CHUNK
    assert seen and all(during == before for during in seen)
