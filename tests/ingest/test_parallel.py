"""Rows prepared by worker processes keep ingestion's promises, on SQLite and PostgreSQL.

The importer hands chunks to worker processes (tipnet.ingest.prepare) and writes what they send
back in file order, each chunk one transaction. Tested across chunk borders (CHUNK_ROWS patched):
bad rows and duplicates rejected with their neighbours stored, rows stored in file order, a
re-import a no-op and an update replaced whole, victims sealed, a worker that dies named in the
error with whole chunks stored and nothing after them, an importer killed mid-run leaving whole
rows and no workers behind, and a re-run completing the file.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session
from tests.ingest import test_mapper_bank, test_mapper_hotline, test_mapper_organisations
from tests.ingest.mapping import ORG_IDS
from tests.ingest.test_bulk import _count, _crossing, _rejects, _write

from tipnet.ingest import pipeline
from tipnet.ingest.mappers import crossings
from tipnet.ingest.pipeline import IngestReport, WorkerError, ingest_file
from tipnet.store.tables.crossings import BorderCrossing
from tipnet.store.tables.finance import Account
from tipnet.store.tables.hotline import HotlineReport
from tipnet.store.tables.people import IdentityDocument, Person, PersonName, Phone
from tipnet.store.tables.security import AuditEvent, PersonSecret
from tipnet.store.tables.sources import SourceRecord

CHUNK = 5
WORKERS = 2


def _ingest(engine: Engine, source: str, path: Path, workers: int = WORKERS) -> IngestReport:
    return ingest_file(engine, source, path, rejects_path=path.with_suffix(".rejects.csv"), workers=workers)


@pytest.fixture
def directory(engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Engine:
    monkeypatch.setattr(pipeline, "CHUNK_ROWS", CHUNK)
    orgs = [{**test_mapper_organisations.BASE, "record_id": code, "org_Name": code} for code in ORG_IDS]
    assert _ingest(engine, "organisations", _write(tmp_path / "orgs.csv", "organisations", orgs)).ok
    return engine


def _stored_in_order(engine: Engine) -> list[str]:
    with Session(engine) as session:
        return list(session.scalars(select(SourceRecord.record_id).order_by(SourceRecord.id)))


def test_rows_prepared_by_workers_are_checked_and_stored_in_file_order(
    directory: Engine, tmp_path: Path
) -> None:
    rows = [_crossing(i) for i in range(8 * CHUNK)]
    rows[CHUNK + 2]["crossing_time"] = "the third of February"  # a bad field, mid-chunk
    rows[3 * CHUNK + 1] = {**rows[3 * CHUNK], "surname": "OTHER"}  # same key in the same chunk
    rows[6 * CHUNK + 4] = {**rows[CHUNK], "surname": "LATER"}  # same key four chunks later (in flight)
    report = _ingest(directory, "crossings", _write(tmp_path / "crossings.csv", "crossings", rows))
    assert (report.total, report.new, report.rejected) == (8 * CHUNK, 8 * CHUNK - 3, 3)
    rejected = sorted((int(r["row"]), r["record_id"], r["field"]) for r in _rejects(report))
    assert rejected == [
        (CHUNK + 3, f"X-{CHUNK + 2}", "crossing_time"),
        (3 * CHUNK + 2, f"X-{3 * CHUNK}", "record_id"),
        (6 * CHUNK + 5, f"X-{CHUNK}", "record_id"),
    ]
    kept = [i for i in range(8 * CHUNK) if i not in (CHUNK + 2, 3 * CHUNK + 1, 6 * CHUNK + 4)]
    assert _stored_in_order(directory) == [rows[i]["record_id"] for i in kept]  # ids follow the file
    assert _count(directory, BorderCrossing) == _count(directory, Person) == len(kept)
    assert _count(directory, IdentityDocument) == _count(directory, PersonName) == len(kept)
    with Session(directory) as session:
        names = set(session.scalars(select(Person.prs_SecondName)))
    assert "OTHER" not in names and "LATER" not in names and f"TRAVELLER{CHUNK}" in names


def test_a_row_the_database_refuses_is_rejected_alone(directory: Engine, tmp_path: Path) -> None:
    """Two rows of one chunk open the same bank account (a constraint no row check sees): the chunk
    a worker prepared as ready rows is replayed row by row by the importer, only the second goes."""
    rows = [
        {**test_mapper_bank.BASE, "record_id": f"B-{i}", "account_number": f"{i:09d}"}
        for i in range(4 * CHUNK)
    ]
    rows[CHUNK + 3]["account_number"] = rows[CHUNK + 1]["account_number"]
    report = _ingest(directory, "bank", _write(tmp_path / "bank.csv", "bank", rows))
    assert (report.new, report.rejected) == (4 * CHUNK - 1, 1)
    (reject,) = _rejects(report)
    assert reject["record_id"] == f"B-{CHUNK + 3}" and "the database refused the row" in reject["reason"]
    assert _count(directory, Account) == _count(directory, Person) == 4 * CHUNK - 1
    assert _stored_in_order(directory) == [r["record_id"] for i, r in enumerate(rows) if i != CHUNK + 3]


def test_a_reimport_is_a_no_op_and_a_changed_row_is_replaced_whole(directory: Engine, tmp_path: Path) -> None:
    rows = [_crossing(i) for i in range(4 * CHUNK)]
    path = _write(tmp_path / "crossings.csv", "crossings", rows)
    assert _ingest(directory, "crossings", path).new == 4 * CHUNK
    again = _ingest(directory, "crossings", path)
    assert (again.new, again.updated, again.unchanged, again.rejected) == (0, 0, 4 * CHUNK, 0)
    rows[2 * CHUNK + 1]["surname"] = "RENAMED"
    changed = _ingest(directory, "crossings", _write(tmp_path / "crossings.csv", "crossings", rows))
    assert (changed.new, changed.updated, changed.unchanged) == (0, 1, 4 * CHUNK - 1)
    assert _count(directory, BorderCrossing) == _count(directory, Person) == 4 * CHUNK
    with Session(directory) as session:
        surname = session.scalar(
            select(Person.prs_SecondName)
            .join(SourceRecord, Person.source_record_id == SourceRecord.id)
            .where(SourceRecord.record_id == f"X-{2 * CHUNK + 1}")
        )
    assert surname == "RENAMED"


def test_victims_prepared_by_workers_are_sealed(directory: Engine, tmp_path: Path) -> None:
    rows = [
        {
            **test_mapper_hotline.BASE,
            "record_id": f"H-{i}",
            "subject_name": f"Sreypov {'abcdefghijklmnop'[i]}",
            "narrative": f"Sreypov {'abcdefghijklmnop'[i]} works in a karaoke bar and cannot leave.",
        }
        for i in range(3 * CHUNK)
    ]
    report = _ingest(directory, "hotline", _write(tmp_path / "hotline.csv", "hotline", rows))
    assert (report.new, report.rejected) == (3 * CHUNK, 0)
    assert any(w.startswith("narrative: ") for w in report.warnings)  # the subject named in it
    assert _count(directory, PersonSecret) == _count(directory, Person) == 3 * CHUNK
    assert _count(directory, PersonName) == _count(directory, Phone) == 0  # clear rows not written
    with Session(directory) as session:
        assert set(session.scalars(select(Person.full_name))) == {None}
        assert set(session.scalars(select(HotlineReport.narrative))) <= {None, ""}
        assert set(session.scalars(select(HotlineReport.caller_phone))) <= {None, ""}
        audits = session.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.actor == "ingest")
        )
    assert audits == 3  # one per chunk that sealed victims


def _dies_on(record_id: str):  # type: ignore[no-untyped-def]
    """A crossing's checks that kill the process on one row: what a worker runs on every crossing,
    whether it makes records (`apply`) or the rows straight away (tipnet.ingest.prepare)."""
    read = crossings.read

    def dying(row):  # type: ignore[no-untyped-def]
        if row.data.get("record_id") == record_id:
            os.kill(os.getpid(), signal.SIGKILL)  # in a worker: the pool breaks
        return read(row)

    return dying


@pytest.mark.skipif(sys.platform != "linux", reason="workers are forked (they inherit the patched mapper)")
def test_a_worker_that_dies_is_named_and_whole_chunks_only_are_stored(
    directory: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [_crossing(i) for i in range(8 * CHUNK)]
    path = _write(tmp_path / "crossings.csv", "crossings", rows)
    monkeypatch.setattr(crossings, "read", _dies_on(f"X-{5 * CHUNK + 2}"))
    with pytest.raises(WorkerError, match=r"a worker process preparing rows \d+-\d+ died") as caught:
        _ingest(directory, "crossings", path)
    stored = _stored_in_order(directory)
    # Whole chunks in file order, none from the dying chunk on; the error names the first lost row.
    assert len(stored) % CHUNK == 0 and len(stored) <= 5 * CHUNK
    assert stored == [r["record_id"] for r in rows[: len(stored)]]
    assert f"rows {len(stored) + 1}-{len(stored) + CHUNK} died" in str(caught.value)
    assert _count(directory, BorderCrossing) == _count(directory, Person) == len(stored)
    assert "X-" not in str(caught.value)  # rows are named by number, never by content

    monkeypatch.undo()  # the real mapper again
    monkeypatch.setattr(pipeline, "CHUNK_ROWS", CHUNK)
    rerun = _ingest(directory, "crossings", path)
    assert (rerun.new, rerun.unchanged, rerun.rejected) == (8 * CHUNK - len(stored), len(stored), 0)
    assert _stored_in_order(directory) == [r["record_id"] for r in rows]


KILLER = """
import os, signal, sys
from pathlib import Path
from tipnet.ingest import pipeline
from tipnet.store import bulk
from tipnet.store.engine import make_engine

pipeline.CHUNK_ROWS = {chunk}
writes = {{"n": 0}}
insert = bulk.BulkWriter._insert_rows

def dying(self, table, rows):
    insert(self, table, rows)
    if table.name == "person":
        writes["n"] += 1
        if writes["n"] == {die_in}:  # persons of this chunk written, its crossings not yet, no commit
            pids = [p.pid for p in pool._processes.values()]
            Path(sys.argv[4]).write_text(" ".join(map(str, pids)))
            os.kill(os.getpid(), signal.SIGKILL)

bulk.BulkWriter._insert_rows = dying
with pipeline.worker_pool({workers}) as pool:
    pipeline.ingest_file(
        make_engine(sys.argv[1]), "crossings", Path(sys.argv[2]), rejects_path=Path(sys.argv[3]), pool=pool
    )
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as fh:  # a zombie is dead
        return fh.read().split(") ")[-1][0] != "Z"


@pytest.mark.skipif(sys.platform != "linux", reason="workers die with the importer through PR_SET_PDEATHSIG")
def test_an_importer_killed_mid_run_leaves_whole_rows_and_no_workers_and_a_rerun_completes(
    directory: Engine, store_url: str, tmp_path: Path
) -> None:
    rows = [_crossing(i) for i in range(8 * CHUNK)]
    path = _write(tmp_path / "crossings.csv", "crossings", rows)
    script = tmp_path / "killer.py"
    script.write_text(textwrap.dedent(KILLER.format(chunk=CHUNK, die_in=3, workers=WORKERS)))
    pids_file = tmp_path / "workers.txt"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run(
        [sys.executable, str(script), store_url, str(path), str(tmp_path / "x.rejects.csv"), str(pids_file)],
        env=env,
        capture_output=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr.decode()[-2000:]
    pids = [int(p) for p in pids_file.read_text().split()]
    assert len(pids) == WORKERS
    deadline = time.monotonic() + 10
    while any(_alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(p) for p in pids), "workers outlived the importer"
    directory.dispose()
    assert _stored_in_order(directory) == [r["record_id"] for r in rows[: 2 * CHUNK]]
    assert _count(directory, BorderCrossing) == _count(directory, Person) == 2 * CHUNK
    assert _count(directory, IdentityDocument) == _count(directory, PersonName) == 2 * CHUNK

    rerun = _ingest(directory, "crossings", path)
    assert (rerun.new, rerun.unchanged, rerun.rejected) == (6 * CHUNK, 2 * CHUNK, 0)
    assert _stored_in_order(directory) == [r["record_id"] for r in rows]
