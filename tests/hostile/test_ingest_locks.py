"""Issue 14 (low): concurrent ingests never report a transient lock as a rejected row; they wait
(BEGIN IMMEDIATE, busy timeout) or retry, and every good row lands."""

from __future__ import annotations

import csv
import threading
from contextlib import suppress
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from tipnet.ingest import pipeline
from tipnet.ingest.pipeline import IngestReport, ingest_file
from tipnet.security.keys import load_keyring
from tipnet.sources import ORGANISATIONS, POLICE
from tipnet.store.tables.cases import Case, CasePerson
from tipnet.store.tables.sources import SourceRecord

ORGS = [
    ["KH-NCCT", "KH-NCCT", "National Committee", "CentralGovernmentOrganisation", "KHM", "Phnom Penh", ""],
    ["KH-AHTJP", "KH-NCCT", "Anti-Trafficking Police", "LawEnforcement", "KHM", "Phnom Penh", ""],
]
FILES, ROWS = 3, 60


def _csv(path: Path, columns: tuple[str, ...], rows: list[list[str]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(columns)
        writer.writerows(rows)
    return path


def _police(n: int, i: int) -> list[str]:
    role = "Victim" if i % 2 else "Suspect"
    return [f"P-{n}-{i}", "KH-AHTJP", f"AHT-{n}-{i // 3}", role, f"Person {n} {i}", "", "1990", "Feminine",
            "KHM", "", "", "", "2026-02-03", "", "", "", "", "", ""]  # fmt: skip


def test_concurrent_ingests_reject_nothing_for_locks(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "CHUNK_ROWS", 6)  # many short transactions, interleaved
    load_keyring()  # the key file exists before the importers seal
    orgs = _csv(tmp_path / "orgs.csv", ORGANISATIONS.columns, ORGS)
    assert ingest_file(engine, "organisations", orgs, rejects_path=tmp_path / "o.rejects.csv").ok
    files = [
        _csv(tmp_path / f"p{n}.csv", POLICE.columns, [_police(n, i) for i in range(ROWS)])
        for n in range(FILES)
    ]
    reports: list[IngestReport] = []
    errors: list[str] = []

    def run(path: Path) -> None:
        try:
            reports.append(ingest_file(engine, "police", path, rejects_path=path.with_suffix(".rejects.csv")))
        except Exception as exc:
            errors.append(f"{type(exc).__name__}")

    threads = [threading.Thread(target=run, args=(f,)) for f in files]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    reasons = [r.reason for report in reports for r in report.rejections]
    assert not reasons, reasons[:5]
    assert sum(r.new for r in reports) == FILES * ROWS
    with Session(engine) as session:
        stored = session.scalar(
            select(func.count()).select_from(SourceRecord).where(SourceRecord.source_type == "police")
        )
    assert stored == FILES * ROWS


def test_transient_failures_are_told_from_the_rows_own() -> None:
    from sqlalchemy.exc import IntegrityError, OperationalError

    class Deadlock(Exception):
        sqlstate = "40P01"

    assert pipeline.transient(OperationalError("INSERT", {}, Exception("database is locked")))
    assert pipeline.transient(OperationalError("INSERT", {}, Deadlock("deadlock")))
    assert not pipeline.transient(IntegrityError("INSERT", {}, Exception("UNIQUE constraint failed")))


def test_two_imports_opening_the_same_case_at_once_both_land_in_one_case(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two imports name the same new cases and both look for them before either has committed
    (held at a barrier right after the lookup): on PostgreSQL both insert, the second meets the
    first's committed case. Its rows must land in that case, not be rejected."""
    load_keyring()
    orgs = _csv(tmp_path / "orgs.csv", ORGANISATIONS.columns, ORGS)
    assert ingest_file(engine, "organisations", orgs, rejects_path=tmp_path / "o.rejects.csv").ok
    files = []
    for n in range(2):
        rows = [_police(n, i) for i in range(12)]
        for row in rows:
            row[2] = f"AHT-SHARED-{int(row[0].rsplit('-', 1)[1]) // 3}"  # the same 4 cases in both files
        files.append(_csv(tmp_path / f"p{n}.csv", POLICE.columns, rows))
    barrier = threading.Barrier(2, timeout=3)  # SQLite: the second waits for the write lock, never meets it
    looked = threading.local()
    lookup = pipeline._Importer._cases

    def held(self: pipeline._Importer, items: list) -> object:  # type: ignore[type-arg]
        found = lookup(self, items)
        if not getattr(looked, "once", False):
            looked.once = True
            with suppress(threading.BrokenBarrierError):
                barrier.wait()
        return found

    monkeypatch.setattr(pipeline._Importer, "_cases", held)
    reports: list[IngestReport] = []
    errors: list[str] = []

    def run(path: Path) -> None:
        try:
            reports.append(ingest_file(engine, "police", path, rejects_path=path.with_suffix(".rejects.csv")))
        except Exception as exc:
            errors.append(f"{type(exc).__name__}: {exc}"[:300])

    threads = [threading.Thread(target=run, args=(f,)) for f in files]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert [r.reason for report in reports for r in report.rejections] == []
    assert sum(r.new for r in reports) == 24
    with Session(engine) as session:
        cases = session.execute(
            select(Case.case_ref, func.count(CasePerson.id)).join(CasePerson).group_by(Case.case_ref)
        )
        assert dict(cases.all()) == {
            f"AHT-SHARED-{k}": 6 for k in range(4)
        }  # one case each, both files' people
