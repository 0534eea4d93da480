"""Opening the store: engines for SQLite (embedded default) and PostgreSQL, and migrations."""

from __future__ import annotations

import random
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry, QueuePool

from tipnet.settings import get_settings
from tipnet.store.files import private_sqlite_file

BUSY_TIMEOUT_MS = 10_000  # how long one statement waits for another writer's lock
BEGIN_RETRIES = 5  # then, a bounded retry of BEGIN IMMEDIATE with backoff


def _is_locked(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "database is locked" in text or "database is busy" in text


def _sqlite_setup(engine: Engine) -> None:
    """WAL, a busy timeout, foreign keys, and every transaction a write transaction.

    pysqlite's own transaction handling breaks SAVEPOINT and begins deferred transactions, which
    fail with SQLITE_BUSY (no wait) when two of them read then write; take it over (SQLAlchemy
    docs, "Serializable isolation / Savepoints / Transactional DDL") and emit `BEGIN IMMEDIATE`:
    the writer lock is taken at the start, waited for (busy_timeout), and retried a bounded number
    of times, so a transaction that has begun never fails on a lock. Readers are never blocked (WAL).
    """

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: sqlite3.Connection, _record: ConnectionPoolEntry) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        for attempt in range(BEGIN_RETRIES + 1):
            try:
                conn.exec_driver_sql("BEGIN IMMEDIATE")
                return
            except OperationalError as exc:
                if attempt == BEGIN_RETRIES or not _is_locked(exc):
                    raise
                time.sleep(min(0.05 * 2**attempt, 1.0) * (0.5 + random.random()))


def make_engine(url: str | None = None) -> Engine:
    """An engine for `url` (default: the configured database, the embedded SQLite file)."""
    url = url or get_settings().resolved_database_url
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:" and not parsed.database.startswith("file:"):
            private_sqlite_file(Path(parsed.database))  # 0600 database, WAL and SHM, whatever the umask
        engine = create_engine(url, hide_parameters=True)  # errors never carry values
        _sqlite_setup(engine)
        return engine
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        url = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    return create_engine(url, pool_pre_ping=True, hide_parameters=True)


def connection_capacity(engine: Engine) -> int | None:
    """How many connections the engine's pool hands out at once before callers wait (QueuePool:
    its size plus overflow); None when it never makes a caller wait."""
    pool = engine.pool
    if isinstance(pool, QueuePool):
        overflow = pool._max_overflow  # no public accessor; -1 is unbounded
        return None if overflow < 0 else pool.size() + overflow
    return None


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", "tipnet.store:migrations")
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to `revision` (Alembic); at head, build any index an import killed
    mid-way left deferred (tipnet.store.indexes)."""
    command.upgrade(alembic_config(engine), revision)
    if revision == "head":
        from tipnet.store import indexes

        indexes.restore(engine)


def downgrade(engine: Engine, revision: str) -> None:
    command.downgrade(alembic_config(engine), revision)


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision(engine: Engine) -> str | None:
    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


def is_up_to_date(engine: Engine) -> bool:
    return current_revision(engine) == head_revision(engine)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session whose work is committed on success and rolled back on error."""
    factory = sessionmaker(engine, expire_on_commit=False)
    with factory() as session, session.begin():
        yield session
