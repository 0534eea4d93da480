"""The import loop: stream rows, validate each in its own savepoint, write rejects, report."""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import multiprocessing
import os
import random
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from sqlalchemy import Engine, delete, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from tipnet.ingest import csvsafe
from tipnet.ingest.errors import FileError, RowError
from tipnet.ingest.fields import Row
from tipnet.ingest.mappers import MAPPERS, MapContext
from tipnet.ingest.mappers.common import OrgDirectory
from tipnet.ingest.prepare import (
    PARALLEL_SOURCES,
    Prepared,
    PreparedChunk,
    identify,
    prepare_chunk,
    source_record,
    unpack,
)
from tipnet.ingest.prepare import row_hash as row_hash  # re-exported: the hash of stored rows
from tipnet.ingest.readers import RawRow, count_rows, file_sha256, open_rows
from tipnet.security import audit, textseal
from tipnet.security.keys import Keyring, load_keyring
from tipnet.security.sealing import seal_recs
from tipnet.sources import SOURCE_TYPES, SourceType
from tipnet.store import indexes
from tipnet.store.bulk import BulkWriter, Rec
from tipnet.store.files import open_private
from tipnet.store.tables.adverts import JobAdvert
from tipnet.store.tables.cases import Case, CasePerson
from tipnet.store.tables.crossings import BorderCrossing
from tipnet.store.tables.finance import Account, Company, Transaction
from tipnet.store.tables.hotline import HotlineReport
from tipnet.store.tables.people import Person
from tipnet.store.tables.sources import IngestRun, Organisation, SourceRecord

CHUNK_ROWS = 2000  # rows written per transaction (one multi-row statement per table)
REJECT_COLUMNS = ("row", "line", "org", "record_id", "field", "reason")

# Tables whose rows a source record owns, cleared before an updated row is written again.
_OWNED = (CasePerson, BorderCrossing, HotlineReport, Account, Company, Transaction, JobAdvert, Person)


@dataclass
class Rejection:
    row: int
    line: int
    org: str
    record_id: str
    field: str
    reason: str


@dataclass
class IngestReport:
    source_type: str
    file: Path
    run_id: int | None = None
    total: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    rejects_path: Path | None = None
    warnings: list[str] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)  # the first few, for display

    @property
    def ok(self) -> bool:
        return self.rejected == 0


class RejectsWriter:
    """Writes rejected rows (never their content) to a CSV file opened on the first rejection."""

    def __init__(self, path: Path, report: IngestReport) -> None:
        self.path = path
        self.report = report
        self._fh: IO[str] | None = None
        self._writer: Any = None

    def add(self, raw: RawRow, err: RowError, org: str = "", record_id: str = "") -> None:
        if self._fh is None:
            self._fh = open_private(self.path, "w", newline="", encoding="utf-8")  # 0600, folder 0700
            self._writer = csvsafe.writer(self._fh)
            self._writer.writerow(REJECT_COLUMNS)
            self.report.rejects_path = self.path
        rejection = Rejection(raw.number, raw.line, org, record_id, err.field, err.reason)
        self._writer.writerow([rejection.row, rejection.line, org, record_id, err.field, err.reason])
        self.report.rejected += 1
        if len(self.report.rejections) < 20:
            self.report.rejections.append(rejection)

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()


@contextmanager
def collector_tuned() -> Iterator[None]:
    """The cyclic garbage collector set for a bulk load, then restored.

    An import makes and drops millions of small objects; with the default thresholds the collector
    runs every 700 allocations and, in its older generations, walks everything the process holds
    (SQLAlchemy's metadata, the code lists, the MRZ tables): a third of an import's CPU time when
    measured. What exists before the import is frozen out of the collector's walks, and the young
    generation is collected less often; chunks are dropped after each commit, so memory stays
    bounded (the few cycles, a person and its rows, are still collected).
    """
    global _TUNED
    if _TUNED:  # a folder's import tunes it once for all its files (a full collection costs 0.2 s)
        yield
        return
    thresholds = gc.get_threshold()
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 10, 10)
    _TUNED = True
    try:
        yield
    finally:
        _TUNED = False
        gc.set_threshold(*thresholds)
        gc.unfreeze()


_TUNED = False


@contextmanager
def progress_bar(label: str, path: Path, enabled: bool) -> Iterator[Callable[[], None]]:
    """A row counter on stderr; the file is pre-counted for the total only when the bar is shown."""
    if not enabled:
        yield lambda: None
        return
    total = count_rows(path)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda: bar.advance(task)


def _check_columns(spec: SourceType, header: list[str] | None, report: IngestReport) -> None:
    if header is None:
        return
    missing = [c for c in spec.required if c not in header]
    if missing:
        raise FileError(
            f"{report.file.name}: missing required column(s) {', '.join(missing)} for {spec.name}"
        )
    unknown = [c for c in header if c not in spec.columns and c not in spec.optional]
    if unknown:
        report.warnings.append(f"ignored unknown column(s): {', '.join(unknown)}")
    duplicated = {c for c in header if header.count(c) > 1}
    if duplicated:
        raise FileError(f"{report.file.name}: duplicated column(s) {', '.join(sorted(duplicated))}")


def _clear_owned(session: Session, record_ids: list[int]) -> None:
    """Delete what these source records wrote before (they are written again), one statement a table."""
    for owner in (HotlineReport, CasePerson):  # their sealed free text goes with them
        textseal.delete_rows(
            session,
            str(owner.__tablename__),
            select(owner.id).where(owner.source_record_id.in_(record_ids)),
        )
    for table in _OWNED:
        session.execute(delete(table).where(table.source_record_id.in_(record_ids)))


def _apply_organisation(session: Session, row: Row, orgs: OrgDirectory) -> str:
    code = row.text("record_id", required=True, max_len=64) or ""
    row.text("org", required=True, max_len=64)
    values = {
        "org_Name": row.text("org_Name", required=True, max_len=300),
        # Optional, beyond the ORGANISATIONS columns: the name in Khmer (shown on Khmer pages).
        "org_Name_km": row.text("org_Name_km", max_len=300),
        "org_Type": row.code("org_Type", "org_Type", required=True),
        "org_ShippingCountry": row.country("org_ShippingCountry"),
        "org_ShippingCity": row.text("org_ShippingCity", max_len=200),
        "org_Phone": row.phone("org_Phone", region=None),
    }
    org = session.scalar(select(Organisation).where(Organisation.code == code))
    if org is not None and all(getattr(org, k) == v for k, v in values.items()):
        return "unchanged"
    outcome = "updated" if org is not None else "new"
    if org is None:
        org = Organisation(code=code, **values)
        session.add(org)
    else:
        for key, value in values.items():
            setattr(org, key, value)
    session.flush()
    orgs.cache[code] = org.id
    return outcome


def default_rejects_path(data_dir: Path, path: Path, source_type: str) -> Path:
    stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
    return data_dir / "rejects" / f"{path.stem}.{source_type}.{stamp}.rejects.csv"


@dataclass(slots=True)
class _Item:
    """A row that passed the file-level checks, waiting in a chunk."""

    raw: RawRow
    data: dict[str, str]
    org: str
    record_id: str


CHUNK_RETRIES = 5  # a chunk hit by a transient lock or deadlock is written again this many times
_TRANSIENT = (
    "database is locked",
    "database is busy",
    "deadlock detected",
    "could not serialize",
    "lock timeout",
)


def transient(exc: BaseException) -> bool:
    """A failure of the moment (a lock, a deadlock, a serialization conflict), not of the row."""
    orig = getattr(exc, "orig", exc)
    sqlstate = getattr(orig, "sqlstate", None)
    if sqlstate in ("40001", "40P01", "55P03"):  # serialization_failure, deadlock, lock_not_available
        return True
    text = str(orig).lower()
    return any(marker in text for marker in _TRANSIENT)


def case_race(exc: BaseException) -> bool:
    """Another import opened the same case (organisation, reference) at the same moment and
    committed first (PostgreSQL: both looked and found none). Written again, the chunk finds it."""
    orig = getattr(exc, "orig", exc)
    diag = getattr(orig, "diag", None)
    return getattr(orig, "sqlstate", None) == "23505" and getattr(diag, "table_name", None) == "case"


Outcome = str | RowError  # "new" | "updated" | "unchanged", or why the row was rejected


@dataclass
class _Staged:
    """A row mapped to the rows it writes (or the reason it is refused), not yet written."""

    outcome: Outcome
    record: Rec | None = None
    rows: list[Rec] = field(default_factory=list)
    to_seal: list[Rec] = field(default_factory=list)
    to_seal_text: list[tuple[Rec, dict[str, str]]] = field(default_factory=list)


# A new row whose table rows a worker prepared (nothing staged here; shared, never changed).
_NEW = _Staged("new")

# The column naming a row's case, for the source types whose rows belong to cases.
_CASE_COLUMN = {"police": "case_ref", "ngo": "cas_CaseID"}


class _Importer:
    """Writes rows chunk by chunk in bulk: each chunk one transaction, each row all-or-nothing.

    Every row of a chunk is validated and mapped to plain records (tipnet.store.bulk) before
    anything is written, so a bad row adds nothing; the chunk's good rows are then written with
    one multi-row statement per table (SQLite `executemany`, PostgreSQL `COPY`), victims sealed
    in the same transaction. If the database still refuses the chunk (a constraint no validation
    foresaw), the chunk is rolled back and replayed row by row, each in its own savepoint, so only
    the offending row is rejected. What is already stored is looked up once per chunk.
    """

    def __init__(self, session: Session, spec: SourceType, run_id: int) -> None:
        self.session = session
        self.spec = spec
        self.run_id = run_id
        self.orgs = OrgDirectory(session)
        self._ring: Keyring | None = None
        # Rows of this source type stored before: workers are told which, not to map them again.
        self.known_before = (
            session.scalar(select(SourceRecord.id).where(SourceRecord.source_type == spec.name).limit(1))
            is not None
        )
        self.written: dict[str, int] = {}
        self.text_flags: dict[str, set[str]] = {}
        self._analyzed: dict[str, int] = {}  # rows this import had written when a table was last analyzed
        self._postgres = session.get_bind().dialect.name == "postgresql"

    def write(self, items: list[_Item], prepared: PreparedChunk | None = None) -> list[Outcome]:
        """Write a chunk, prepared here or (`prepared`) by a worker process (tipnet.ingest.prepare)."""
        if self.spec.name == "organisations":
            outcomes = [self._organisation(item) for item in items]
            self.session.commit()
            return outcomes
        for attempt in range(CHUNK_RETRIES + 1):
            try:
                outcomes = self._write_chunk(items, prepared)
            except SQLAlchemyError as exc:
                # A lock, deadlock or serialization failure is the moment's, not the row's: the
                # chunk is rolled back and written again (a bounded number of times), never rejected.
                if not (transient(exc) or case_race(exc)) or attempt == CHUNK_RETRIES:
                    raise
                self.session.rollback()
                time.sleep(min(0.1 * 2**attempt, 2.0) * (0.5 + random.random()))
            else:
                self.session.commit()
                self._refresh_statistics()
                return outcomes
        raise AssertionError("unreachable")

    def _refresh_statistics(self) -> None:
        """PostgreSQL: ANALYZE each table this import grows whenever its rows written have doubled.

        A table that grows from empty within one import keeps an empty table's statistics until
        autovacuum comes round (a minute or more), so each chunk's look-up of stored rows and the
        foreign-key checks of its COPY are planned as sequential scans over ever more rows: measured,
        100,000 records of the 1M-person scenario stalled at about one chunk in ten seconds from
        44,000 records on, the server's CPU taking twice the importer's. Doubling keeps it to a few
        ANALYZEs an import (each samples at most 30,000 rows).
        """
        if not self._postgres:
            return
        grown = [t for t, n in self.written.items() if n >= max(1000, 2 * self._analyzed.get(t, 0))]
        for table in sorted(grown):
            self.session.execute(text(f'ANALYZE "{table}"'))
            self._analyzed[table] = self.written[table]
        if grown:
            self.session.commit()

    def _organisation(self, item: _Item) -> Outcome:
        try:
            with self.session.begin_nested():
                outcome = _apply_organisation(self.session, Row(item.data), self.orgs)
                self.session.flush()
                return outcome
        except RowError as err:
            return err
        except SQLAlchemyError as exc:
            if transient(exc):
                raise
            return RowError("", f"the database refused the row ({type(getattr(exc, 'orig', exc)).__name__})")

    def _write_chunk(self, items: list[_Item], prepared: PreparedChunk | None = None) -> list[Outcome]:
        existing = self._existing(items)
        tables: dict[str, tuple[list[int], list[tuple[Any, ...]]]] = {}
        dropped: set[int] = set()  # rows whose prepared table rows are not written
        if prepared is None:
            cases = self._cases(items)
            staged = [self._stage(item, existing, cases) for item in items]
        else:
            rows, tables = prepared
            staged = []
            for n, (item, row) in enumerate(zip(items, rows, strict=True)):
                if row[0] != "refused" and row[4] is None:  # its rows are in `tables`, or none
                    found = existing.get((row[1], row[2]))
                    if found is None:  # new (a "known" row gone since: mapped here)
                        staged.append(_NEW if row[0] == "mapped" else self._stage(item, existing, None))
                        continue
                    dropped.add(n)
                    if found[2] != self.run_id and found[1] != row[3]:  # an update: staged here
                        staged.append(self._stage(item, existing, None))
                        continue
                staged.append(self._adopt(row, existing))
        try:
            with self.session.begin_nested():
                self._flush(staged, tables, dropped)
        except SQLAlchemyError as exc:
            if transient(exc) or case_race(exc):
                raise
            return [self._isolated(item) for item in items]
        return [st.outcome for st in staged]

    def _isolated(self, item: _Item) -> Outcome:
        """One row on its own, in its own savepoint: the chunk it came in was refused."""
        staged = self._stage(item, self._existing([item]), self._cases([item]))
        if isinstance(staged.outcome, RowError) or staged.outcome == "unchanged":
            return staged.outcome
        try:
            with self.session.begin_nested():
                self._flush([staged])
        except SQLAlchemyError as exc:
            if transient(exc) or case_race(exc):
                raise  # not the row's fault: the chunk is retried
            # The driver's message may quote values: keep only the kind of failure.
            kind = type(getattr(exc, "orig", exc)).__name__
            return RowError("", f"the database refused the row ({kind})")
        return staged.outcome

    def _flush(
        self,
        staged: list[_Staged],
        prepared: dict[str, tuple[list[int], list[tuple[Any, ...]]]] | None = None,
        dropped: set[int] | None = None,
    ) -> None:
        """Write the staged rows: replaced rows cleared, new ids, victims sealed, tables in bulk;
        then the rows a worker prepared (`prepared`, but those of the source rows in `dropped`)."""
        replaced = [
            st.record.id for st in staged if st.record is not None and st.record.id and st.record.existing
        ]
        if replaced:
            # Their deletes find rows by the secondary indexes: any still deferred is built first,
            # in this transaction (tipnet.store.indexes).
            indexes.restore_within(self.session.connection())
        for start in range(0, len(replaced), 500):
            _clear_owned(self.session, replaced[start : start + 500])
        writer = BulkWriter(self.session)
        recs = [rec for st in staged for rec in st.rows]
        persons = [person for st in staged for person in st.to_seal]
        texts = [pair for st in staged for pair in st.to_seal_text]
        writer.assign_ids(recs)
        if (persons or texts) and self._ring is None:
            self._ring = load_keyring()
        if persons:
            assert self._ring is not None
            recs.extend(seal_recs(self.session, persons, self._ring))
        writer.write(recs)
        if prepared:
            writer.insert_prepared(prepared, dropped or set())
        if texts:
            # The free text left its rows before they were written (never in clear in the table);
            # sealed now that the rows have ids, in the same transaction.
            assert self._ring is not None
            textseal.seal_values(self.session, texts, self._ring)
            self.session.flush()
        for rec in recs:  # the one cycle (a person and its rows): broken, not left to the collector
            if rec.kids:
                rec.kids.clear()
        if persons:
            audit.record(
                self.session,
                "ingest",
                "create",
                "person",
                reason=f"import of {self.spec.name}",
                details={"ingest_run": self.run_id, "sealed_persons": len(persons)},
            )
        for table, count in writer.written.items():
            self.written[table] = self.written.get(table, 0) + count

    def _existing(self, items: list[_Item]) -> dict[tuple[int, str], tuple[int, str, int | None]]:
        """(org id, record id) -> (id, content hash, ingest run) of the chunk's rows already stored."""
        record_ids = {item.record_id for item in items if item.record_id}
        org_ids = self._org_ids(items)
        if not record_ids or not org_ids:
            return {}
        # Every column of the unique key (source type, org, record id): an index lookup per key,
        # never a scan of the source type's rows (which grows with every chunk). Asked of the
        # driver directly: built by SQLAlchemy, the 2,000 values' bound parameters were made and
        # compiled again for every chunk (a sixth of the importer's CPU time).
        raw = self.session.connection().connection.driver_connection
        assert raw is not None
        cursor = raw.cursor()
        try:
            if self._postgres:
                cursor.execute(_EXISTING_PG, (self.spec.name, sorted(org_ids), sorted(record_ids)))
            else:
                # SQLite: the chunk's (org, record id) pairs joined to the unique key, one probe
                # each (two IN lists probed every org with every record id: 9x the probes)
                pairs = sorted(self._keys(items))
                if not pairs:
                    return {}
                values = ", ".join(["(?, ?)"] * len(pairs))
                params = [x for pair in pairs for x in pair]
                cursor.execute(_EXISTING_SQLITE.format(values=values), (*params, self.spec.name))
            rows = cursor.fetchall()
        finally:
            cursor.close()
        return {(org, rid): (pk, digest, run) for pk, org, rid, digest, run in rows}

    def _keys(self, items: list[_Item]) -> set[tuple[int, str]]:
        """The (org id, record id) of the chunk's rows that have both (an unknown org: none)."""
        ids = self._org_id_map(items)
        return {(ids[item.org], item.record_id) for item in items if item.record_id and item.org in ids}

    def _org_id_map(self, items: list[_Item]) -> dict[str, int]:
        """The chunk's organisation codes that are known, to their ids (looked up once a code)."""
        found: dict[str, int] = {}
        for code in {item.org for item in items}:
            with suppress(RowError):  # an unknown organisation: the row is refused when staged
                found[code] = self.orgs.id_of(code, "org")
        return found

    def _org_ids(self, items: list[_Item]) -> set[int]:
        return set(self._org_id_map(items).values())

    def _cases(self, items: list[_Item]) -> dict[tuple[int, str], Rec] | None:
        """The stored cases the chunk's rows name, in one query (None: this source has no cases)."""
        column = _CASE_COLUMN.get(self.spec.name)
        if column is None:
            return None
        refs = {(item.data.get(column) or "").strip() for item in items} - {""}
        org_ids = self._org_ids(items)
        if not refs:
            return {}
        query = select(Case.id, Case.org_id, Case.case_ref, Case.cas_Status, Case.opened_on).where(
            Case.case_ref.in_(refs), Case.org_id.in_(org_ids)
        )
        return {
            (org, ref): Rec(Case, {"cas_Status": status, "opened_on": opened}, id=pk)
            for pk, org, ref, status, opened in self.session.execute(query)
        }

    def _adopt(
        self, prepared: Prepared, existing: dict[tuple[int, str], tuple[int, str, int | None]]
    ) -> _Staged:
        """A row a worker prepared, judged against what is stored now (as `_stage` does)."""
        if prepared[0] == "refused":
            return _Staged(RowError(prepared[1], prepared[2]))
        _, org_id, record_id, digest, packed, seal, texts, flags = prepared
        found = existing.get((org_id, record_id))
        if found is not None and found[2] == self.run_id:
            return _Staged(RowError("record_id", "duplicate of an earlier row in this file"))
        if found is not None and found[1] == digest:
            return _Staged("unchanged")
        record = source_record(
            self.spec.name, org_id, record_id, digest, self.run_id, found[0] if found else None
        )
        recs = unpack(packed, record, seal)
        for name, rid in flags:
            self.text_flags.setdefault(name, set()).add(rid)
        return _Staged(
            "updated" if record.existing else "new",
            record,
            recs[1:] if record.existing else recs,
            [recs[i] for i in seal],
            [(recs[i], dict(text)) for i, text in texts],
        )

    def _stage(
        self,
        item: _Item,
        existing: dict[tuple[int, str], tuple[int, str, int | None]],
        cases: dict[tuple[int, str], Rec] | None,
    ) -> _Staged:
        row = Row(item.data)
        ctx: MapContext | None = None
        try:
            org_id, record_id, digest = identify(row, self.orgs)
            found = existing.get((org_id, record_id))
            if found is not None and found[2] == self.run_id:
                raise RowError("record_id", "duplicate of an earlier row in this file")
            if found is not None and found[1] == digest:
                return _Staged("unchanged")
            # An update replaces what the row wrote before, all or nothing.
            record = source_record(
                self.spec.name, org_id, record_id, digest, self.run_id, found[0] if found else None
            )
            ctx = MapContext(
                self.session,
                row,
                record,
                self.orgs,
                cases if cases is not None else {},
                cases_loaded=bool(cases is not None),
                text_flags=self.text_flags,
            )
            MAPPERS[self.spec.name](ctx)
            rows = ctx.rows if record.existing else [record, *ctx.rows]
            return _Staged(
                "updated" if record.existing else "new", record, rows, ctx.to_seal, ctx.to_seal_text
            )
        except RowError as err:
            if ctx is not None and cases is not None:  # cases this row would have opened are not
                for k, case in list(cases.items()):
                    if not case.existing and any(case is rec for rec in ctx.rows):
                        del cases[k]
            return _Staged(err)


class WorkerError(FileError):
    """A worker process preparing rows died (killed, out of memory): the import stops there.

    Chunks are written in file order, each whole in its own transaction, so what is stored is every
    row before the lost chunk and nothing of it or after it; importing the file again completes it.
    """


# Files smaller than this are prepared by the importer itself: starting workers costs more.
PARALLEL_MIN_BYTES = 4 << 20
# Imports of at least this much (a file, or a folder's bulk sources) into empty tables leave their
# secondary indexes out and build them at the end (tipnet.store.indexes).
DEFER_INDEXES_MIN_BYTES = 4 << 20


_EXISTING_COLUMNS = "SELECT id, org_id, record_id, content_hash, ingest_run_id FROM source_record"
_EXISTING_PG = f"{_EXISTING_COLUMNS} WHERE source_type = %s AND org_id = ANY(%s) AND record_id = ANY(%s)"
_EXISTING_SQLITE = (
    "WITH k(o, r) AS (VALUES {values}) SELECT s.id, s.org_id, s.record_id, s.content_hash, s.ingest_run_id "
    "FROM k CROSS JOIN source_record AS s ON s.source_type = ? AND s.org_id = k.o AND s.record_id = k.r"
)


def default_workers() -> int:
    """Worker processes preparing rows: TIPNET_INGEST_WORKERS, else one per core up to 2 (0: none)."""
    configured = os.environ.get("TIPNET_INGEST_WORKERS", "").strip()
    if configured:
        return max(int(configured), 0)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return min(cores, 2) if cores > 1 else 0


def _worker_start(parent: int) -> None:
    """In each worker: die with the importer (a killed importer must not leave workers behind,
    blocked for ever on their queue)."""
    if sys.platform.startswith("linux"):
        with suppress(OSError, AttributeError):
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
            libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the importer died before the line above ran
        os._exit(1)


@contextmanager
def worker_pool(workers: int | None = None) -> Iterator[ProcessPoolExecutor | None]:
    """Processes that prepare chunks (tipnet.ingest.prepare), or None for none.

    Forked where the platform can (they inherit the loaded code lists and MRZ tables: no start-up
    cost), started at once, before any progress bar's thread; they never touch the database.
    """
    count = default_workers() if workers is None else workers
    if count <= 0:
        yield None
        return
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    pool = ProcessPoolExecutor(
        max_workers=count, mp_context=context, initializer=_worker_start, initargs=(os.getpid(),)
    )
    try:
        pool.submit(int).result()  # every worker started now (a forking pool starts them all at once)
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def ingest_file(
    engine: Engine,
    source_type: str,
    path: Path,
    *,
    rejects_path: Path,
    progress: bool = False,
    workers: int | None = None,
    pool: ProcessPoolExecutor | None = None,
    manage_indexes: bool = True,
) -> IngestReport:
    """Import one file of `source_type` into the store. Raises FileError for a file that cannot be read at all.

    Rows are prepared (validated, hashed, mapped) by `pool`'s worker processes, or by a pool of
    `workers` started for this file (None: `default_workers()` if the file is large, 0: none),
    while this process writes the chunks in file order; source types with cases, and small files,
    are prepared here. Either way each chunk is one transaction and each row all-or-nothing.

    `manage_indexes`: indexes an earlier import left deferred are built first, and a large file of a
    bulk source into empty tables is loaded without their secondary indexes, built at the end
    (tipnet.store.indexes); False when the caller does it (`ingest_folder`).
    """
    spec = SOURCE_TYPES.get(source_type)
    if spec is None or source_type == "watchlist":
        known = ", ".join(n for n in SOURCE_TYPES if n != "watchlist")
        raise FileError(
            f"unknown source type {source_type!r}; expected one of: {known} (watchlists: tipnet watchlist load)"
        )
    path = Path(path)
    if manage_indexes:
        large = (
            source_type in PARALLEL_SOURCES
            and path.exists()
            and path.stat().st_size >= DEFER_INDEXES_MIN_BYTES
        )
        with indexes.deferred(engine, large):
            return ingest_file(
                engine,
                source_type,
                path,
                rejects_path=rejects_path,
                progress=progress,
                workers=workers,
                pool=pool,
                manage_indexes=False,
            )
    if pool is None and source_type in PARALLEL_SOURCES and path.exists():
        if workers is None and path.stat().st_size >= PARALLEL_MIN_BYTES:
            workers = default_workers()
        if workers:
            with worker_pool(workers) as own:
                return ingest_file(
                    engine,
                    source_type,
                    path,
                    rejects_path=rejects_path,
                    progress=progress,
                    pool=own,
                    manage_indexes=False,
                )
    if source_type not in PARALLEL_SOURCES:
        pool = None
    report = IngestReport(source_type, path)
    header, rows = open_rows(path)
    _check_columns(spec, header, report)
    rejects = RejectsWriter(rejects_path, report)
    seen: dict[tuple[str, str], int] = {}  # the rows of the chunk being filled, by key
    with Session(engine, expire_on_commit=False) as session:
        run = IngestRun(source_type=source_type, file_name=path.name, file_sha256=file_sha256(path))
        session.add(run)
        session.commit()
        report.run_id = run.id
        importer = _Importer(session, spec, run.id)
        chunk: list[_Item] = []
        # Chunks handed to the workers, oldest first: written in this order as they come back.
        in_flight: deque[tuple[list[_Item], Future[PreparedChunk]]] = deque()
        window = 2 * getattr(pool, "_max_workers", 1)  # chunks prepared ahead: bounded memory
        org_ids: dict[str, int] = {}
        bind = session.get_bind().dialect
        dialect = f"{bind.name}+{bind.driver}"
        if pool is not None:
            org_ids = {code: pk for code, pk in session.execute(select(Organisation.code, Organisation.id))}

        def account(items: list[_Item], outcomes: list[Outcome]) -> None:
            counts = {"new": 0, "updated": 0, "unchanged": 0}
            for item, outcome in zip(items, outcomes, strict=True):
                if isinstance(outcome, RowError):
                    rejects.add(item.raw, outcome, item.org, item.record_id)
                else:
                    counts[outcome] += 1
            report.new += counts["new"]
            report.updated += counts["updated"]
            report.unchanged += counts["unchanged"]

        def lost(items: list[_Item], exc: BaseException) -> WorkerError:
            return WorkerError(
                f"{path.name}: a worker process preparing rows {items[0].raw.number}-"
                f"{items[-1].raw.number} died ({exc}); rows before them are stored, nothing of "
                "them or after them: import the file again to complete it"
            )

        def write_oldest() -> None:
            items, future = in_flight.popleft()
            try:
                prepared = future.result()
            except BrokenProcessPool as exc:
                raise lost(items, exc) from exc
            account(items, importer.write(items, prepared))

        def write_chunk() -> None:
            if pool is None:
                account(chunk, importer.write(chunk))
            else:
                data = [item.data for item in chunk]
                stored = None
                if importer.known_before:
                    stored = {key: found[1] for key, found in importer._existing(chunk).items()}
                    session.commit()  # the lookup's transaction (SQLite: the write lock) not held
                try:
                    future = pool.submit(prepare_chunk, spec.name, run.id, org_ids, data, dialect, stored)
                except BrokenProcessPool as exc:  # a worker died: the chunks before go in first
                    while in_flight:
                        write_oldest()
                    raise lost(chunk, exc) from exc
                in_flight.append((list(chunk), future))
                while len(in_flight) > window:
                    write_oldest()
            chunk.clear()
            seen.clear()  # later duplicates are found in the store: written by this run

        try:
            with collector_tuned(), progress_bar(f"ingest {source_type}", path, progress) as advance:
                for raw in rows:
                    advance()
                    report.total += 1
                    if raw.error is not None or raw.data is None:
                        rejects.add(raw, raw.error or RowError("", "unreadable row"), raw.org, raw.record_id)
                        continue
                    data = raw.data
                    org, record_id = data.get("org", "").strip(), data.get("record_id", "").strip()
                    if header is None:  # JSON lines: each row its own columns (a CSV row has the header's)
                        missing = [c for c in spec.required if c not in data]
                        if missing:
                            rejects.add(
                                raw, RowError(missing[0], "column missing from this row"), org, record_id
                            )
                            continue
                    key = (org, record_id)
                    if record_id and key in seen:
                        rejects.add(
                            raw,
                            RowError("record_id", f"duplicate of row {seen[key]} in this file"),
                            org,
                            record_id,
                        )
                        continue
                    seen[key] = raw.number
                    chunk.append(_Item(raw, data, org, record_id))
                    if len(chunk) >= CHUNK_ROWS:
                        write_chunk()
                if chunk:
                    write_chunk()
                while in_flight:
                    write_oldest()
            for name, records in sorted(importer.text_flags.items()):
                report.warnings.append(
                    f"{name}: {len(records)} rows name a person or hold a phone number "
                    "(sealed like the victims' identities)"
                )
            run.finished_at = datetime.now()
            run.rows_total, run.rows_new, run.rows_updated = report.total, report.new, report.updated
            run.rows_unchanged, run.rows_rejected = report.unchanged, report.rejected
            session.commit()
        finally:
            for _, future in in_flight:
                future.cancel()
            rejects.close()
    return report
