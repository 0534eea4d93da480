"""Bulk writing of new rows: plain records in, one multi-row statement per table out.

Ingestion builds `Rec`s (a table, its column values, and references to the records whose ids fill
its foreign keys) instead of ORM objects: at national scale the unit of work spends far more time
tracking objects than the database spends storing them. `BulkWriter` gives every new record an id
(SQLite: past the table's largest, under the write lock `BEGIN IMMEDIATE` holds; PostgreSQL: from
the table's sequence), fills the foreign keys, and writes each table in one go: `executemany` on
SQLite, `COPY ... FROM STDIN` on PostgreSQL. Everything happens in the caller's transaction, so a
chunk is written whole or not at all.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Dialect, Table, bindparam, func, select, text, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from tipnet.store.base import Base


def table_of(target: Any) -> Table:
    """The Table of a mapped class (or the Table itself)."""
    found = _TABLES.get(target)
    if found is not None:
        return found
    table = getattr(target, "__table__", target)
    if not isinstance(table, Table):
        raise TypeError(f"not a table: {target!r}")
    if isinstance(target, type):
        _TABLES[target] = table
    return table


_TABLES: dict[type, Table] = {}  # mapped classes to their tables: asked for every record


class Rec:
    """One row to write: its table, its values, and `refs` (foreign-key column -> the parent Rec).

    A Rec made with `id=` stands for a row already stored: it is never inserted, and the columns
    set on it afterwards are written back as an UPDATE (a case's status, its opening date).
    """

    __slots__ = ("changed", "existing", "id", "kids", "owner", "refs", "skip", "table", "values")

    def __init__(
        self, target: Any, values: dict[str, Any] | None = None, refs: dict[str, Rec] | None = None, *,
        id: int | None = None,
    ) -> None:  # fmt: skip
        table = _TABLES.get(target)  # a mapped class seen before (most records): no checks
        self.table = table if table is not None else table_of(target)
        self.values: dict[str, Any] = values if values is not None else {}
        self.refs: dict[str, Rec] = refs if refs is not None else {}
        self.id = id
        self.existing = id is not None
        self.changed: set[str] = set()
        self.kids: list[Rec] = []  # rows that belong to this one (a person's names, phones, ...)
        self.skip = False  # not to be written (a sealed person's clear identifying rows)
        self.owner = 0  # the source row of its batch it belongs to (`prepared_rows`)

    @classmethod
    def restore(
        cls, table: Table, values: dict[str, Any], refs: dict[str, Rec], kids: list[Rec], skip: bool
    ) -> Rec:
        """A new record of `table` as prepared elsewhere (tipnet.ingest.prepare), built without checks:
        this runs for every row a worker process prepares."""
        rec = cls.__new__(cls)
        rec.table, rec.values, rec.refs, rec.kids, rec.skip = table, values, refs, kids, skip
        rec.id, rec.existing, rec.changed, rec.owner = None, False, set(), 0
        return rec

    def __getitem__(self, key: str) -> Any:
        return self.values.get(key)

    def __setitem__(self, key: str, value: Any) -> None:
        self.values[key] = value
        if self.existing:
            self.changed.add(key)

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    def __repr__(self) -> str:  # never the values: they may be personal data
        return f"Rec({self.table.name}, id={self.id})"


def _order(table: Table) -> int:
    """The table's place among all tables, parents before children (computed once all are known)."""
    if table not in _ORDER:
        _ORDER.clear()
        _ORDER.update({t: i for i, t in enumerate(Base.metadata.sorted_tables)})
    return _ORDER[table]


_ORDER: dict[Table, int] = {}


def _constant(value: Any) -> Callable[[], Any]:
    return lambda: value


def _called(fn: Callable[[Any], Any]) -> Callable[[], Any]:
    return lambda: fn(None)  # SQLAlchemy's wrapper of a default callable takes the execution context


def _naive_utc(value: Any) -> Any:
    """What PostgreSQL makes of an aware time bound to a `timestamp` column (server time zone UTC)."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).replace(tzinfo=None)
    return value


def _json_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _memo_json(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """A JSON column's conversion, remembered for short lists of text (a person's citizenship, a
    crossing's MRZ findings: the same few values on millions of rows); anything else converted."""
    memo: dict[tuple[str, ...], Any] = {}

    def converted(value: Any) -> Any:
        if type(value) is list and len(value) <= 4:
            try:
                key = tuple(value)
                found = memo.get(key)  # a key found holds text only: only text equals text
            except TypeError:  # an item that cannot be a key (a list, a dict)
                return convert(value)
            if found is None:
                found = convert(value)
                if len(memo) < 4096 and all(type(x) is str for x in value):
                    memo[key] = found
            return found
        return convert(value)

    return converted


Converter = Callable[[Any], Any]


class _Layout:
    """How one table is written: its columns in order and, per dialect, a function turning a record
    into the tuple of its column values (generated once: this runs for every row of a national load)."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.columns = [c for c in table.columns if c.server_default is None or c.primary_key]
        self.json = {c.key for c in self.columns if isinstance(c.type, JSON)}
        self.defaults: dict[str, Callable[[], Any]] = {}
        for col in self.columns:
            default = col.default
            if default is None or col.primary_key:
                continue
            if getattr(default, "is_scalar", False):
                self.defaults[col.key] = _constant(default.arg)  # type: ignore[attr-defined]
            elif getattr(default, "is_callable", False):
                self.defaults[col.key] = _called(default.arg)  # type: ignore[attr-defined]
        self.fk = {c.key for c in self.columns if c.foreign_keys}
        self._builders: dict[str, Callable[[Rec], tuple[Any, ...]]] = {}
        self._resolver: Callable[[tuple[Any, ...], dict[Table, list[int]]], tuple[Any, ...]] | None = None

    def converters(self, dialect: Dialect) -> list[Converter | None]:
        """Per column, how a Python value becomes what the driver is given (None: as it is)."""
        out: list[Converter | None] = []
        for col in self.columns:
            if dialect.name == "postgresql":  # COPY: psycopg adapts all but JSON and aware times
                if col.key in self.json:
                    out.append(_json_text)
                elif isinstance(col.type, DateTime):
                    out.append(_naive_utc)
                else:
                    out.append(None)
            else:
                out.append(col.type._cached_bind_processor(dialect))  # SQLAlchemy's own conversion
        return out

    def builder(self, dialect: Dialect) -> Callable[[Rec], tuple[Any, ...]]:
        found = self._builders.get(dialect.name)
        if found is None:
            found = self._builders[dialect.name] = self._generate(dialect)
        return found

    def _generate(self, dialect: Dialect, from_values: bool = False) -> Callable[[Rec], tuple[Any, ...]]:
        env: dict[str, Any] = {}
        parts = []
        for i, (col, convert) in enumerate(zip(self.columns, self.converters(dialect), strict=True)):
            key = repr(col.key)
            if col.primary_key:
                expr = f"v[{key}]" if from_values else "rec.id"
            else:
                missing = "None"
                if col.key in self.defaults:
                    env[f"d{i}"] = self.defaults[col.key]
                    missing = f"d{i}()"
                expr = f"(v[{key}] if {key} in v else {missing})"
                if col.key in self.fk and not from_values:
                    expr = f"(r[{key}].id if {key} in r else {expr})"
            if convert is not None:
                env[f"c{i}"] = convert
                if col.key in self.json:  # None is JSON null, as SQLAlchemy writes it
                    env[f"c{i}"] = _memo_json(convert)
                    expr = f"c{i}({expr})"
                else:
                    expr = f"(None if (x{i} := {expr}) is None else c{i}(x{i}))"
            parts.append(expr)
        head = "def build(v):\n" if from_values else "def build(rec):\n    v = rec.values\n    r = rec.refs\n"
        source = head + "    return (" + ", ".join(parts) + ",)\n"
        exec(compile(source, f"<bulk row of {self.table.name}>", "exec"), env)
        built: Callable[[Rec], tuple[Any, ...]] = env["build"]
        return built

    def values_builder(self, dialect: Dialect) -> Callable[[dict[str, Any]], tuple[Any, ...]]:
        """As `builder`, from a dict of every column's value by key (its id and foreign keys
        included, as numbers): the row of a record without making the record."""
        key = f"values:{dialect.name}"
        found = self._builders.get(key)
        if found is None:
            found = self._builders[key] = self._generate(dialect, from_values=True)
        return found  # type: ignore[return-value]

    def resolver(self) -> Callable[[tuple[Any, ...], dict[Table, list[int]]], tuple[Any, ...]]:
        """A function giving a prepared row (`prepared_rows`) its real id and references: a negative
        id -n in the key or a foreign key is the n-th new row of its table in the batch."""
        if self._resolver is None:
            env: dict[str, Any] = {}
            parts = []
            for i, col in enumerate(self.columns):
                if col.primary_key:
                    env[f"t{i}"] = self.table
                    parts.append(f"ids[t{i}][-r[{i}] - 1]")
                elif col.key in self.fk:
                    (fk,) = col.foreign_keys
                    env[f"t{i}"] = fk.column.table
                    parts.append(f"(x if (x := r[{i}]) is None or x > 0 else ids[t{i}][-x - 1])")
                else:
                    parts.append(f"r[{i}]")
            source = "def resolve(r, ids):\n    return (" + ", ".join(parts) + ",)\n"
            exec(compile(source, f"<prepared row of {self.table.name}>", "exec"), env)
            self._resolver = env["resolve"]
        return self._resolver


def prepared_rows(
    recs: Iterable[Rec], dialect: Dialect
) -> dict[str, tuple[list[int], list[tuple[Any, ...]]]]:
    """The records of a batch (`owner` set: the source row each belongs to) as rows ready to insert
    but for their ids: record n of a table has id -n-1, and references to it say so (resolved by
    `BulkWriter.insert_prepared`). Built where the database is not (a worker process)."""
    out: dict[str, tuple[list[int], list[tuple[Any, ...]]]] = {}
    kept = [rec for rec in recs if not rec.skip]
    for rec in kept:
        if rec.existing:
            raise ValueError(f"a stored row ({rec.table.name}) cannot be prepared away from the store")
        rec.id = None
    # One pass: a record's id is its place in its table's rows, given as it is built; a parent
    # comes before its rows in a source row's records (the mappers make it first), so its id is
    # known by then (a reference to a record with none: outside the batch, refused).
    # per table: its owners, its rows and its row builder (looked up once per table, not per record)
    targets: dict[Table, tuple[list[int], list[tuple[Any, ...]], Callable[[Rec], tuple[Any, ...]]]] = {}
    for rec in kept:
        target = targets.get(rec.table)
        if target is None:
            owners: list[int] = []
            rows: list[tuple[Any, ...]] = []
            out[rec.table.name] = (owners, rows)
            target = targets[rec.table] = (owners, rows, layout(rec.table).builder(dialect))
        if rec.refs:
            for key, parent in rec.refs.items():
                if parent.skip or parent.id is None or parent.id > 0:
                    raise ValueError(f"{rec.table.name}.{key} refers to a row outside the batch")
        owners, rows, build = target
        rec.id = -len(rows) - 1
        owners.append(rec.owner)
        rows.append(build(rec))
    return out


_LAYOUTS: dict[Table, _Layout] = {}


def layout(table: Table) -> _Layout:
    found = _LAYOUTS.get(table)
    if found is None:
        found = _LAYOUTS[table] = _Layout(table)
    return found


class BulkWriter:
    """Writes records in the session's current transaction; one instance per transaction."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.dialect = session.get_bind().dialect.name
        self._next: dict[Table, int] = {}
        self.written: dict[str, int] = defaultdict(int)
        # SQLite: a table's VALUES clause while prepared rows are written (`_insert_prepared_sqlite`)
        self._values: dict[Table, str] = {}

    def assign_ids(self, recs: Iterable[Rec]) -> None:
        """Give every new record without an id the next ids of its table."""
        pending: dict[Table, list[Rec]] = defaultdict(list)
        for rec in recs:
            if rec.id is None:
                pending[rec.table].append(rec)
        for table, group in pending.items():
            for rec, new_id in zip(group, self._allocate(table, len(group)), strict=True):
                rec.id = new_id

    def _allocate(self, table: Table, count: int) -> list[int]:
        if self.dialect == "postgresql":
            sequence = self.session.scalar(select(func.pg_get_serial_sequence(table.name, "id")))
            rows = self.session.execute(
                text("SELECT nextval(:seq) FROM generate_series(1, :n)"), {"seq": sequence, "n": count}
            )
            return [int(r[0]) for r in rows]
        start = self._next.get(table)
        if start is None:  # SQLite: the write lock is held since BEGIN IMMEDIATE; nobody else adds rows
            # asked of the driver: built by SQLAlchemy, the query cost more than a chunk's rows' ids
            raw = self.session.connection().connection.driver_connection
            assert raw is not None
            cursor = raw.cursor()
            try:
                found = cursor.execute(f'SELECT max(id) FROM "{table.name}"').fetchone()
            finally:
                cursor.close()
            start = (found[0] or 0) + 1
        self._next[table] = start + count
        return list(range(start, start + count))

    def write(self, recs: Iterable[Rec]) -> None:
        """Insert the new records (ids assigned here if missing) and update the changed stored ones."""
        unique: dict[int, Rec] = {}
        for rec in recs:
            if not rec.skip:
                unique.setdefault(id(rec), rec)
        new = [r for r in unique.values() if not r.existing]
        self.assign_ids(new)
        by_table: dict[Table, list[Rec]] = defaultdict(list)
        for rec in new:
            by_table[rec.table].append(rec)
        for table in sorted(by_table, key=_order):
            self._insert(table, by_table[table])
        self._update([r for r in unique.values() if r.existing and r.changed])

    def _insert(self, table: Table, recs: list[Rec]) -> None:
        shape = layout(table)
        for rec in recs:
            for key, parent in rec.refs.items():
                if parent.id is None or parent.skip:
                    raise ValueError(f"{table.name}.{key} refers to a row that is not written")
        build = shape.builder(self.session.get_bind().dialect)
        self._insert_rows(table, [build(rec) for rec in recs])

    def insert_prepared(
        self, tables: dict[str, tuple[list[int], list[tuple[Any, ...]]]], dropped: set[int]
    ) -> None:
        """Insert rows built elsewhere (`prepared_rows`): ids and references still relative, negative.

        Each table's rows get the next ids of the table (all of them, so a relative id is an index),
        and references to rows of the same batch are resolved; the rows of the source rows in
        `dropped` (refused, unchanged, written another way) are left out.
        """
        if self.dialect == "sqlite":
            self._insert_prepared_sqlite(tables, dropped)
            return
        ids: dict[Table, list[int]] = {}
        for table in sorted((Base.metadata.tables[name] for name in tables), key=_order):
            owners, rows = tables[table.name]
            ids[table] = self._allocate(table, len(rows))
            resolve = layout(table).resolver()
            if dropped:
                kept = [
                    resolve(row, ids) for owner, row in zip(owners, rows, strict=True) if owner not in dropped
                ]
            else:
                kept = [resolve(row, ids) for row in rows]
            if kept:
                self._insert_rows(table, kept)

    def _insert_prepared_sqlite(
        self, tables: dict[str, tuple[list[int], list[tuple[Any, ...]]]], dropped: set[int]
    ) -> None:
        """SQLite: the relative ids resolved by the statement itself, not row by row in Python.

        A table's ids are one contiguous range (`_allocate`: past the largest, under the write
        lock), so relative id -n is `start - 1 + n`: the statement computes it from the row's own
        value (the n-th parameter, numbered), and a foreign key to a row of the batch likewise
        (a stored row's id, positive, or NULL, as it is): the same ids the Python resolver gives.
        """
        starts: dict[Table, int] = {}
        for table in sorted((Base.metadata.tables[name] for name in tables), key=_order):
            owners, rows = tables[table.name]
            if rows:
                allocated = self._allocate(table, len(rows))
                starts[table] = allocated[0]
            else:
                starts[table] = 0
            kept = (
                [row for owner, row in zip(owners, rows, strict=True) if owner not in dropped]
                if dropped
                else rows
            )
            if not kept:
                continue
            shape = layout(table)
            marks = []
            for i, col in enumerate(shape.columns, start=1):
                if col.primary_key:
                    marks.append(f"{starts[table] - 1} - ?{i}")
                elif col.key in shape.fk:
                    (fk,) = col.foreign_keys
                    parent = starts.get(fk.column.table)
                    marks.append(
                        f"?{i}"
                        if parent is None
                        else f"(CASE WHEN ?{i} < 0 THEN {parent - 1} - ?{i} ELSE ?{i} END)"
                    )
                else:
                    marks.append(f"?{i}")
            self._values[table] = ", ".join(marks)
            try:
                self._insert_rows(table, kept)
            finally:
                del self._values[table]

    def _insert_rows(self, table: Table, rows: list[tuple[Any, ...]]) -> None:
        shape = layout(table)
        dialect = self.session.get_bind().dialect
        raw = self.session.connection().connection.driver_connection
        assert raw is not None
        columns = ", ".join(f'"{c.name}"' for c in shape.columns)
        statement = f'"{table.name}" ({columns})'
        dbapi_error = dialect.loaded_dbapi.Error
        try:
            if self.dialect == "postgresql":
                with raw.cursor() as cursor, cursor.copy(f"COPY {statement} FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                cursor = raw.cursor()
                try:
                    marks = self._values.get(table) or ", ".join("?" for _ in shape.columns)
                    cursor.executemany(f"INSERT INTO {statement} VALUES ({marks})", rows)
                finally:
                    cursor.close()
        except dbapi_error as exc:
            # As SQLAlchemy would raise it (IntegrityError, OperationalError...), values hidden.
            raise DBAPIError.instance(
                f"INSERT INTO {statement}", None, exc, dbapi_error, hide_parameters=True, dialect=dialect
            ) from exc
        self.written[table.name] += len(rows)

    def _update(self, recs: list[Rec]) -> None:
        groups: dict[tuple[Table, tuple[str, ...]], list[Rec]] = defaultdict(list)
        for rec in recs:
            groups[(rec.table, tuple(sorted(rec.changed)))].append(rec)
        for (table, keys), group in groups.items():
            statement = (
                update(table)
                .where(table.c.id == bindparam("_id"))
                .values({k: bindparam(f"_v_{k}") for k in keys})
            )
            params = [{"_id": r.id, **{f"_v_{k}": r.values[k] for k in keys}} for r in group]
            self.session.connection().execute(statement, params)
            for rec in group:
                rec.changed.clear()
