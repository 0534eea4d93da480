"""Secondary indexes left out of a large import and built once at its end, crash-safely.

A bulk load pays for each non-unique index row by row (a random insert into its B-tree for every
row written); building the index once over the loaded table (a sort) costs a fraction of that. So a
large import into **empty** tables drops their non-unique indexes first and builds them again at
its end. Unique indexes and constraints stay (the re-import key, cases), and so do the indexes
of tables that already hold rows: an import never runs a query on a table whose indexes it dropped
(it only inserts into them: every row of an empty table is new).

Crash safety: each index is dropped in the same transaction that records its definition (as the
database itself gives it) in `deferred_index`, and built again in the same transaction that deletes
its record (SQLite and PostgreSQL both have transactional DDL). An import killed in between leaves
records, and `restore` builds those indexes: at the start of every import and at every `upgrade`
(so `tipnet serve` and every command heal a store left so). Meanwhile the store is correct, only
slower to search (a query planned without the index reads the table).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, delete, func, insert, inspect, select, text

from tipnet.store.tables.sources import DeferredIndex

# Tables the bulk sources only insert into during an import (never read back while loading).
BULK_TABLES = (
    "source_record",
    "person",
    "person_name",
    "identity_document",
    "phone",
    "address",
    "border_crossing",
    "account",
    "company",
    "transaction",
    "job_advert",
)


def enabled() -> bool:
    """TIPNET_INGEST_DEFER_INDEXES=0 turns deferral off (every index maintained row by row)."""
    return os.environ.get("TIPNET_INGEST_DEFER_INDEXES", "1").strip().lower() not in (
        "0",
        "no",
        "false",
        "off",
    )


def _secondary(conn: Connection, table: str) -> list[tuple[str, str]]:
    """(name, definition) of the table's non-unique indexes created by CREATE INDEX."""
    if conn.dialect.name == "postgresql":
        query = text(
            "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid "
            "JOIN pg_namespace n ON n.oid = t.relnamespace "
            "WHERE t.relname = :table AND n.nspname = current_schema() "
            "AND NOT i.indisunique AND NOT i.indisprimary "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid) "
            "ORDER BY c.relname"
        )
        return [(str(n), str(d)) for n, d in conn.execute(query, {"table": table})]
    out = []
    for row in conn.exec_driver_sql(f'PRAGMA index_list("{table}")').all():
        name, unique, origin = row[1], row[2], row[3]
        if unique or origin != "c":
            continue
        sql = conn.execute(
            text("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = :name"), {"name": name}
        ).scalar()
        if sql:
            out.append((str(name), str(sql)))
    return sorted(out)


def _quoted(conn: Connection, name: str) -> str:
    return conn.dialect.identifier_preparer.quote_identifier(name)


def defer(engine: Engine, tables: Iterable[str] = BULK_TABLES) -> list[str]:
    """Drop the non-unique indexes of those `tables` that are empty, recording each; their names.

    One transaction: either every drop is recorded, or nothing is dropped.
    """
    if not enabled():
        return []
    dropped: list[str] = []
    with engine.begin() as conn:
        present = set(inspect(conn).get_table_names())
        if DeferredIndex.__tablename__ not in present:
            return []  # a store not migrated yet: nowhere to record a drop
        for table in tables:
            if table not in present:
                continue
            if conn.execute(text(f"SELECT 1 FROM {_quoted(conn, table)} LIMIT 1")).first() is not None:
                continue  # rows already: an import may read them (updates), indexes kept
            for name, definition in _secondary(conn, table):
                conn.execute(insert(DeferredIndex).values(name=name, table_name=table, definition=definition))
                conn.exec_driver_sql(f"DROP INDEX {_quoted(conn, name)}")
                dropped.append(name)
    return dropped


def _exists(conn: Connection, name: str) -> bool:
    if conn.dialect.name == "postgresql":
        return (
            conn.execute(text("SELECT to_regclass(:n) IS NOT NULL"), {"n": _quoted(conn, name)}).scalar()
            is True
        )
    found = conn.execute(text("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = :n"), {"n": name})
    return found.first() is not None


def pending(engine: Engine) -> list[str]:
    """The names of the indexes deferred and not built again yet."""
    with engine.connect() as conn:
        if not inspect(conn).has_table(DeferredIndex.__tablename__):
            return []
        return list(conn.scalars(select(DeferredIndex.name).order_by(DeferredIndex.name)))


def restore(engine: Engine) -> int:
    """Build every deferred index again, each in its own transaction with the deletion of its
    record; how many were built. Safe to run at any time and from several processes at once."""
    built = 0
    for name in pending(engine):
        with engine.begin() as conn:
            built += _build(conn, name)
    return built


def restore_within(conn: Connection) -> int:
    """Build every deferred index again in the caller's transaction (an import about to replace
    stored rows: its deletes look rows up by the indexes deferred); how many were built."""
    names = list(conn.scalars(select(DeferredIndex.name).order_by(DeferredIndex.name)))
    return sum(_build(conn, name) for name in names)


def _build(conn: Connection, name: str) -> int:
    query = select(DeferredIndex.definition).where(DeferredIndex.name == name)
    if conn.dialect.name == "postgresql":
        query = query.with_for_update()  # a second restorer waits, then finds it gone
    definition = conn.scalar(query)
    if definition is None:
        return 0  # built by another process meanwhile
    built = 0
    if not _exists(conn, name):
        conn.exec_driver_sql(definition)
        built = 1
    conn.execute(delete(DeferredIndex).where(DeferredIndex.name == name))
    return built


@contextmanager
def deferred(engine: Engine, active: bool, tables: Iterable[str] = BULK_TABLES) -> Iterator[list[str]]:
    """Indexes left out of an import (`active`) and built again at its end, even a failed one's.

    Indexes an earlier, killed import left deferred are built first.
    """
    restore(engine)
    dropped = defer(engine, tables) if active else []
    try:
        yield dropped
    finally:
        if dropped:
            restore(engine)


def count(engine: Engine) -> int:
    """How many indexes the store has (tests: the same before and after an import)."""
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            return int(
                conn.scalar(text("SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema()")) or 0
            )
        return int(
            conn.scalar(select(func.count()).select_from(text("sqlite_master")).where(text("type = 'index'")))
            or 0
        )
