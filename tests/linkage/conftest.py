"""Fixtures shared by the linkage tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

GENERATE = Path(__file__).resolve().parents[2] / "bench" / "independent" / "generate.py"


@pytest.fixture(scope="session")
def independent(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small independent set (bench/independent, 400 people), seed 7: another seed than the
    evaluation's and the second stage's training, generated once for every module that links it."""
    out = tmp_path_factory.mktemp("indep")
    subprocess.run(
        [sys.executable, str(GENERATE), "--people", "400", "--seed", "7", "--out", str(out)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return out
