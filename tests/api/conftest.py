from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from tests.api.fixtures import World, make_world

from tipnet.store.engine import make_engine


@pytest.fixture
def world(engine: Engine) -> World:
    """The world on SQLite and on PostgreSQL."""
    return make_world(engine)


@pytest.fixture
def sqlite_world(tmp_path: Path, migrated_sqlite: Callable[[Path], str]) -> Iterator[World]:
    """The world on SQLite only, for the wide (every endpoint x every role) tests."""
    eng = make_engine(migrated_sqlite(tmp_path / "store.db"))
    yield make_world(eng)
    eng.dispose()
