from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from tests.api.fixtures import World, make_world

from tipnet.store.engine import make_engine


@pytest.fixture
def sqlite_world(tmp_path: Path, migrated_sqlite: Callable[[Path], str]) -> Iterator[World]:
    eng = make_engine(migrated_sqlite(tmp_path / "store.db"))
    yield make_world(eng)
    eng.dispose()
