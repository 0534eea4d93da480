"""Fixtures of the sharing tests: two installs (SQLite, and PostgreSQL) registered with each other.

PostgreSQL databases are copies of one migrated template (CREATE DATABASE ... TEMPLATE), so a test
does not run the migrations twice."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from tests.pg import PgServer
from tests.sharing.installs import Install, make_install, register

from tipnet.store.engine import make_engine, upgrade


@pytest.fixture(scope="session")
def pg_template(pg_server: PgServer) -> str:
    name = f"share_tmpl_{uuid.uuid4().hex[:8]}"
    admin = create_engine(pg_server.url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    engine = make_engine(pg_server.url(name))
    upgrade(engine)
    engine.dispose()
    return name


def _url(request: pytest.FixtureRequest, tmp_path: Path, name: str) -> str:
    if request.param == "sqlite":
        fresh: Callable[[Path], str] = request.getfixturevalue("migrated_sqlite")
        return fresh(tmp_path / f"{name}.db")
    server: PgServer = request.getfixturevalue("pg_server")
    template = request.getfixturevalue("pg_template")
    db = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server.url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{db}" TEMPLATE "{template}"'))
    admin.dispose()
    return server.url(db)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def pair(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Install, Install]]:
    """(kh, th): Cambodia's agency shares with Thailand's; each registered the other's keys (the
    fingerprint checked) under an agreement for victim support and referrals."""
    kh = make_install(
        "KH-NCCT",
        "National Committee for Counter Trafficking",
        "NCCT",
        _url(request, tmp_path, "kh"),
        tmp_path,
    )
    th = make_install("TH-DSDW", "Thai social development", "DSDW", _url(request, tmp_path, "th"), tmp_path)
    register(kh, th)
    register(th, kh, deliver_to="DSDW")
    yield kh, th
    kh.engine.dispose()
    th.engine.dispose()
