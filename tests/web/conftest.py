from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.api.fixtures import World, make_world

from tipnet.store.engine import make_engine, upgrade


@pytest.fixture
def sqlite_world(tmp_path: Path) -> Iterator[World]:
    eng = make_engine(f"sqlite:///{tmp_path / 'store.db'}")
    upgrade(eng)
    yield make_world(eng)
    eng.dispose()
