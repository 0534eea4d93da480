"""Fixtures of the sharing tests: two installs (SQLite, and PostgreSQL) registered with each other."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from tests.sharing.installs import Install, make_install, register

from tipnet.store.engine import make_engine, upgrade


def _url(request: pytest.FixtureRequest, tmp_path: Path, name: str) -> str:
    if request.param == "sqlite":
        fresh: Callable[[Path], str] = request.getfixturevalue("migrated_sqlite")
        return fresh(tmp_path / f"{name}.db")
    from tests.conftest import _fresh_pg_database

    url = _fresh_pg_database(request.getfixturevalue("pg_server"))
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    return url


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
