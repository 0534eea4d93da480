"""The bulk write path keeps ingestion's promises, on SQLite and PostgreSQL.

Chunks are small here (CHUNK_ROWS patched) so that every promise is tested across chunk borders:
a bad row in the middle of a chunk goes to the rejects file and its neighbours land; a row the
database refuses (a constraint no validation foresaw) is rejected alone; a re-import is a no-op; a
process killed in the middle of a chunk leaves whole rows only and a re-run completes the file;
victims' identifying fields are ciphertext in the database, never clear text.
"""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session
from tests.ingest import test_mapper_bank, test_mapper_crossings, test_mapper_ngo, test_mapper_organisations
from tests.ingest.mapping import ORG_IDS

from tipnet.ingest import pipeline
from tipnet.ingest.pipeline import IngestReport, ingest_file
from tipnet.security.sealing import open_many, open_person, search
from tipnet.sources import SOURCE_TYPES
from tipnet.store.tables.crossings import BorderCrossing
from tipnet.store.tables.finance import Account
from tipnet.store.tables.people import IdentityDocument, Person, PersonName
from tipnet.store.tables.security import AuditEvent, PersonSecret
from tipnet.store.tables.sources import SourceRecord

CHUNK = 7


def _write(path: Path, source: str, rows: Sequence[Mapping[str, str]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, SOURCE_TYPES[source].columns)
        writer.writeheader()
        writer.writerows(rows)
    return path


def _ingest(engine: Engine, source: str, path: Path) -> IngestReport:
    return ingest_file(engine, source, path, rejects_path=path.with_suffix(".rejects.csv"))


def _count(engine: Engine, table: type) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(table)) or 0


def _crossing(i: int) -> dict[str, str]:
    """A traveller of its own (its own document number, no MRZ: the number changes with i)."""
    return {
        **test_mapper_crossings.BASE,
        "record_id": f"X-{i}",
        "document_number": f"N{i:07d}",
        "surname": f"TRAVELLER{i}",
        "mrz": "",
    }


def _first_name(i: int) -> str:
    return "Sreymom" + "abcdefghijklmnopqrstuvwxyz"[i]  # letters only: a search term with digits is a number


def _victim(i: int) -> dict[str, str]:
    return {
        **test_mapper_ngo.BASE,
        "record_id": f"N-{i}",
        "cas_CaseID": f"SS-{i // 3:04d}",
        "prs_FirstName": _first_name(i),
        "prs_SecondName": "Chanthavong",
        "prs_NameNative": "",
        "prs_IdentityNumber": f"N{i:07d}",
    }


@pytest.fixture
def directory(engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Engine:
    """The store with the organisations of the mapper tables, and chunks of CHUNK rows."""
    monkeypatch.setattr(pipeline, "CHUNK_ROWS", CHUNK)
    orgs = [{**test_mapper_organisations.BASE, "record_id": code, "org_Name": code} for code in ORG_IDS]
    assert _ingest(engine, "organisations", _write(tmp_path / "orgs.csv", "organisations", orgs)).ok
    return engine


def _rejects(report: IngestReport) -> list[dict[str, str]]:
    assert report.rejects_path is not None
    with open(report.rejects_path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_a_bad_row_in_the_middle_of_a_chunk_is_rejected_and_its_neighbours_land(
    directory: Engine, tmp_path: Path
) -> None:
    rows = [_crossing(i) for i in range(3 * CHUNK)]
    rows[CHUNK + 3]["crossing_time"] = "the third of February"  # the middle of the second chunk
    rows[2 * CHUNK + 1]["direction"] = "Sideways"
    report = _ingest(directory, "crossings", _write(tmp_path / "crossings.csv", "crossings", rows))
    assert (report.total, report.new, report.rejected) == (3 * CHUNK, 3 * CHUNK - 2, 2)
    rejects = _rejects(report)
    assert [(r["row"], r["record_id"], r["field"]) for r in rejects] == [
        (str(CHUNK + 4), f"X-{CHUNK + 3}", "crossing_time"),
        (str(2 * CHUNK + 2), f"X-{2 * CHUNK + 1}", "direction"),
    ]
    assert all(r["reason"] for r in rejects)
    assert _count(directory, BorderCrossing) == 3 * CHUNK - 2
    with Session(directory) as session:
        stored = set(session.scalars(select(SourceRecord.record_id)))
        # Each stored crossing has its traveller, their document and their name: whole rows.
        counts = session.execute(
            select(
                func.count(BorderCrossing.id),
                func.count(func.distinct(BorderCrossing.person_id)),
                func.count(func.distinct(BorderCrossing.document_id)),
            )
        ).one()
    assert stored == {f"X-{i}" for i in range(3 * CHUNK)} - {f"X-{CHUNK + 3}", f"X-{2 * CHUNK + 1}"}
    assert tuple(counts) == (3 * CHUNK - 2,) * 3
    assert _count(directory, IdentityDocument) == _count(directory, Person) == 3 * CHUNK - 2


def test_a_row_the_database_refuses_is_rejected_alone(directory: Engine, tmp_path: Path) -> None:
    """Two rows of one chunk open the same bank account (one per organisation and number, a
    constraint the row checks cannot see): the chunk is replayed row by row, only the second goes."""
    rows = [{**test_mapper_bank.BASE, "record_id": f"B-{i}", "account_number": f"{i:09d}"} for i in range(10)]
    rows[5]["account_number"] = rows[2]["account_number"]
    report = _ingest(directory, "bank", _write(tmp_path / "bank.csv", "bank", rows))
    assert (report.new, report.rejected) == (9, 1)
    (reject,) = _rejects(report)
    assert reject["record_id"] == "B-5" and "the database refused the row" in reject["reason"]
    assert rows[5]["account_number"] not in reject["reason"]
    assert _count(directory, Account) == 9
    assert _count(directory, Person) == 9  # the refused row's holder went with it


def test_a_reimport_is_a_no_op_and_a_changed_row_is_replaced_whole(directory: Engine, tmp_path: Path) -> None:
    rows = [_victim(i) for i in range(2 * CHUNK + 3)]
    ngo = _write(tmp_path / "ngo.csv", "ngo", rows)
    first = _ingest(directory, "ngo", ngo)
    assert (first.new, first.rejected) == (2 * CHUNK + 3, 0)
    tables = (SourceRecord, Person, PersonSecret, PersonName, AuditEvent)
    before = {table: _count(directory, table) for table in tables}
    again = _ingest(directory, "ngo", ngo)
    assert (again.new, again.updated, again.unchanged, again.rejected) == (0, 0, 2 * CHUNK + 3, 0)
    assert {table: _count(directory, table) for table in tables} == before

    changed = [dict(r) for r in rows]
    changed[CHUNK + 1]["prs_FirstName"] = "Bopha"
    update = _ingest(directory, "ngo", _write(tmp_path / "ngo2.csv", "ngo", changed))
    assert (update.new, update.updated, update.unchanged) == (0, 1, 2 * CHUNK + 2)
    assert _count(directory, Person) == before[Person]  # replaced, not added
    with Session(directory) as session:
        found = search(session, "Bopha")
        assert len(found) == 1
        person = session.get(Person, next(iter(found)))
        assert person is not None and open_person(session, person)["prs_FirstName"] == "Bopha"
        names = {
            p["prs_FirstName"] for p in open_many(session, list(session.scalars(select(Person.id)))).values()
        }
        assert _first_name(CHUNK + 1) not in names and len(names) == 2 * CHUNK + 3


def test_victims_identifying_fields_are_ciphertext_in_the_database(directory: Engine, tmp_path: Path) -> None:
    rows = [_victim(i) for i in range(CHUNK + 2)]
    report = _ingest(directory, "ngo", _write(tmp_path / "ngo.csv", "ngo", rows))
    assert report.new == CHUNK + 2
    with directory.connect() as conn:
        clear = conn.execute(
            text('SELECT "prs_FirstName", "prs_SecondName", full_name, "prs_IdentityNumber" FROM person')
        ).all()
        secrets = [bytes(r[0]) for r in conn.execute(text("SELECT ciphertext FROM person_secret"))]
        # Nothing identifying in the rows beside the person either.
        beside = sum(
            conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
            for table in ("person_name", "phone", "identity_document", "address")
        )
        audit = conn.execute(
            text("SELECT details FROM audit_event WHERE object_type = 'person' AND actor = 'ingest'")
        ).all()
    assert len(clear) == CHUNK + 2 and all(value is None for row in clear for value in row)
    assert beside == 0
    assert len(secrets) == CHUNK + 2
    for blob in secrets:
        assert b"Sreymom" not in blob and b"Chanthavong" not in blob and b"N000" not in blob
    assert len(audit) == 2  # one event per chunk that sealed victims (counts only, no names)
    assert "Sreymom" not in str(audit)
    with Session(directory) as session:
        hits = search(session, f"{_first_name(3)} Chanthavong")
        assert len(hits) == 1
        person = session.get(Person, next(iter(hits)))
        assert person is not None
        opened = open_person(session, person)
        assert (opened["prs_FirstName"], opened["prs_IdentityNumber"]) == (_first_name(3), "N0000003")


KILLER = """
import os, signal, sys
from pathlib import Path
from tipnet.ingest import pipeline
from tipnet.store import bulk
from tipnet.store.engine import make_engine

pipeline.CHUNK_ROWS = {chunk}
writes = {{"n": 0}}
insert = bulk.BulkWriter._insert

def dying(self, table, recs):
    insert(self, table, recs)
    if table.name == "person":
        writes["n"] += 1
        if writes["n"] == {die_in}:  # persons of this chunk written, its crossings not yet, no commit
            os.kill(os.getpid(), signal.SIGKILL)

bulk.BulkWriter._insert = dying
pipeline.ingest_file(make_engine(sys.argv[1]), "crossings", Path(sys.argv[2]), rejects_path=Path(sys.argv[3]))
"""


def test_a_kill_in_the_middle_of_a_chunk_leaves_whole_rows_and_a_rerun_completes(
    directory: Engine, store_url: str, tmp_path: Path
) -> None:
    rows = [_crossing(i) for i in range(4 * CHUNK)]
    path = _write(tmp_path / "crossings.csv", "crossings", rows)
    script = tmp_path / "killer.py"
    script.write_text(textwrap.dedent(KILLER.format(chunk=CHUNK, die_in=3)))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run(
        [sys.executable, str(script), store_url, str(path), str(tmp_path / "x.rejects.csv")],
        env=env,
        capture_output=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr.decode()[-2000:]
    directory.dispose()  # connections of before the kill
    # Two chunks committed, the third died after its persons: none of them is stored.
    assert _count(directory, SourceRecord) == 2 * CHUNK
    assert _count(directory, BorderCrossing) == _count(directory, Person) == 2 * CHUNK
    assert _count(directory, IdentityDocument) == _count(directory, PersonName) == 2 * CHUNK

    rerun = _ingest(directory, "crossings", path)
    assert (rerun.new, rerun.unchanged, rerun.rejected) == (2 * CHUNK, 2 * CHUNK, 0)
    assert _count(directory, BorderCrossing) == _count(directory, Person) == 4 * CHUNK
    with Session(directory) as session:
        assert set(session.scalars(select(SourceRecord.record_id))) == {r["record_id"] for r in rows}


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"record_id": " X-1 ", "org": "KH-IMM", "empty": "", "none": None},  # type: ignore[dict-item]
        {"full_name": 'Sok "Dara" \\ ស្រីមុំ 李伟', "narrative": "line\nbreak\ttab\u2028", "b": "\x01"},
        {"broken": "caf\udce9", "z": "last", "a": "first"},  # an undecodable byte kept as a surrogate
    ],
)
def test_the_row_hash_is_the_one_earlier_versions_stored(data: dict[str, str]) -> None:
    """A store imported before the bulk path re-imports as unchanged: same canonical text, same hash."""
    import hashlib
    import json

    canonical = json.dumps(sorted((k, (v or "").strip()) for k, v in data.items()), ensure_ascii=False)
    expected = hashlib.sha256(canonical.encode("utf-8", errors="surrogatepass")).hexdigest()
    assert pipeline.row_hash(data) == expected


def test_a_case_stored_by_an_earlier_chunk_is_updated_by_a_later_one(
    directory: Engine, tmp_path: Path
) -> None:
    """Rows of one case in several chunks: one case, opened on the earliest report, its latest status."""
    from tests.ingest import test_mapper_police

    from tipnet.store.tables.cases import Case, CasePerson

    rows = [
        {**test_mapper_police.VICTIM, "record_id": f"P-{i}", "case_ref": "AHT-2026-99",
         "report_date": f"2026-03-{28 - i:02d}", "full_name": f"Victim {chr(97 + i)}"}
        for i in range(2 * CHUNK + 2)
    ]  # fmt: skip
    report = _ingest(directory, "police", _write(tmp_path / "police.csv", "police", rows))
    assert (report.new, report.rejected) == (2 * CHUNK + 2, 0)
    with Session(directory) as session:
        (case,) = session.scalars(select(Case)).all()
        assert str(case.opened_on) == f"2026-03-{28 - (2 * CHUNK + 1):02d}"
        assert session.scalar(select(func.count()).select_from(CasePerson)) == 2 * CHUNK + 2


def test_a_bank_company_holder_is_a_company_not_a_person_and_a_changed_row_replaces_it(
    directory: Engine, tmp_path: Path
) -> None:
    from tipnet.store.tables.finance import Company

    columns = (*SOURCE_TYPES["bank"].columns, "holder_type")
    rows = [
        {**test_mapper_bank.BASE, "record_id": "B-1", "account_number": "111", "holder_type": "person"},
        {**test_mapper_bank.BASE, "record_id": "B-2", "account_number": "222", "full_name": "Angkor Trading Co",
         "holder_type": "company", "birth_date": "", "phone": ""},
        {**test_mapper_bank.BASE, "record_id": "B-3", "account_number": "333"},
    ]  # fmt: skip
    path = tmp_path / "bank.csv"

    def write(rows: list[dict[str, str]]) -> Path:
        with open(path, "w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, columns)
            writer.writeheader()
            writer.writerows(rows)
        return path

    report = _ingest(directory, "bank", write(rows))
    assert (report.new, report.rejected) == (3, 0) and not report.warnings
    with Session(directory) as session:
        kinds = {n: t for n, t in session.execute(select(Account.account_number, Account.holder_type))}
        assert kinds == {"111": "person", "222": "company", "333": None}
        assert session.scalars(select(Company.name)).all() == ["Angkor Trading Co"]
    assert _count(directory, Person) == 2
    rows[1]["full_name"] = "Angkor Trading Company"
    again = _ingest(directory, "bank", write(rows))
    assert (again.updated, again.unchanged) == (1, 2)
    with Session(directory) as session:
        assert session.scalars(select(Company.name)).all() == ["Angkor Trading Company"]


def test_postgres_statistics_are_refreshed_as_an_import_grows_a_table(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL plans each chunk's look-ups with the table's statistics: a table grown from empty
    within one import is analyzed once its rows written reach 1,000 (and again each time they
    double), so its statistics count the rows; a smaller import leaves them alone. SQLite imports
    the same rows without it."""
    monkeypatch.setattr(pipeline, "CHUNK_ROWS", 250)
    orgs = [{**test_mapper_organisations.BASE, "record_id": code, "org_Name": code} for code in ORG_IDS]
    assert _ingest(engine, "organisations", _write(tmp_path / "orgs.csv", "organisations", orgs)).ok

    if engine.dialect.name == "postgresql":  # only the import may analyze it, not the autovacuum daemon
        with engine.begin() as conn:
            conn.execute(text("ALTER TABLE border_crossing SET (autovacuum_enabled = false)"))

    def planner_rows() -> float | None:
        if engine.dialect.name != "postgresql":
            return None
        with engine.connect() as conn:
            return float(
                conn.scalar(text("SELECT reltuples FROM pg_class WHERE relname = 'border_crossing'"))
            )

    small = _ingest(
        engine, "crossings", _write(tmp_path / "small.csv", "crossings", [_crossing(i) for i in range(500)])
    )
    assert small.ok and small.new == 500
    if engine.dialect.name == "postgresql":
        assert planner_rows() == -1  # never analyzed: 500 rows written are below the threshold
    rows = [_crossing(i) for i in range(500, 1700)]
    report = _ingest(engine, "crossings", _write(tmp_path / "big.csv", "crossings", rows))
    assert report.ok and report.new == 1200
    assert _count(engine, BorderCrossing) == 1700
    if engine.dialect.name == "postgresql":
        seen = planner_rows()
        assert seen is not None and seen >= 1000  # analyzed at 1,000 rows written (all 1,500+ stored then)
