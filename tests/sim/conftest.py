"""One simulated scenario shared by the simulator's tests (simulating is the slow part)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest

from tipnet.sim import simulate

PEOPLE = 3000
SEED = 11


@pytest.fixture(scope="session")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("scenario")
    simulate(out, people=PEOPLE, seed=SEED)
    return out


def read(path: Path) -> Iterator[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        yield from csv.DictReader(fh)


@pytest.fixture(scope="session")
def rows(scenario: Path) -> dict[str, list[dict[str, str]]]:
    """Every file of the scenario by its path relative to the folder, e.g. 'sources/police.csv'."""
    return {p.relative_to(scenario).as_posix(): list(read(p)) for p in sorted(scenario.glob("*/*.csv"))}
