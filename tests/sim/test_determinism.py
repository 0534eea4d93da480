"""Same seed and size, same bytes; another seed, other data."""

from __future__ import annotations

import hashlib
from pathlib import Path

from tipnet.sim import simulate


def _digests(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_same_seed_gives_byte_identical_output(tmp_path: Path) -> None:
    simulate(tmp_path / "a", people=1200, seed=5)
    simulate(tmp_path / "b", people=1200, seed=5)
    a, b = _digests(tmp_path / "a"), _digests(tmp_path / "b")
    assert a == b
    assert "manifest.json" in a and "truth/persons.csv" in a


def test_another_seed_gives_other_data(tmp_path: Path) -> None:
    simulate(tmp_path / "a", people=1200, seed=5)
    simulate(tmp_path / "b", people=1200, seed=6)
    a, b = _digests(tmp_path / "a"), _digests(tmp_path / "b")
    changed = [k for k in a if k != "sources/organisations.csv" and a[k] != b.get(k)]
    assert "truth/persons.csv" in changed and "sources/crossings.csv" in changed


def test_rerun_into_the_same_folder_overwrites_it(tmp_path: Path) -> None:
    simulate(tmp_path, people=400, seed=1)
    first = _digests(tmp_path)
    simulate(tmp_path, people=400, seed=1)
    assert _digests(tmp_path) == first
