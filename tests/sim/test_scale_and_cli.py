"""Small end-to-end runs: speed, JSON lines, the manifest written last, and the command line."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tipnet.cli import app
from tipnet.sim import simulate


def test_a_few_thousand_people_in_seconds(tmp_path: Path) -> None:
    start = time.perf_counter()
    manifest = simulate(tmp_path, people=5000, seed=3)
    elapsed = time.perf_counter() - start
    assert elapsed < 30  # ~2 s on an idle core; generous for loaded CI machines
    assert manifest.files["truth/persons.csv"] == 5000
    assert manifest.files["sources/crossings.csv"] > 5000


def test_jsonl_sources(tmp_path: Path) -> None:
    manifest = simulate(tmp_path, people=600, seed=2, fmt="jsonl")
    lines = (tmp_path / "sources" / "police.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == manifest.files["sources/police.jsonl"]
    first = json.loads((tmp_path / "sources" / "crossings.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert first["mrz"].count("\n") == 1 and first["org"]


def test_no_manifest_after_a_crash(tmp_path: Path) -> None:
    simulate(tmp_path, people=300, seed=1)
    assert (tmp_path / "manifest.json").exists()

    def boom(done: int, total: int) -> None:
        raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        simulate(tmp_path, people=3000, seed=1, progress=boom)
    assert not (tmp_path / "manifest.json").exists()


def test_cli_simulate(tmp_path: Path) -> None:
    out = tmp_path / "sim"
    result = CliRunner().invoke(
        app, ["simulate", "--people", "500", "--seed", "4", "--out", str(out), "--quiet"]
    )
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["people"] == 500 and manifest["seed"] == 4
    bad = CliRunner().invoke(app, ["simulate", "--people", "10", "--out", str(out), "--format", "xml"])
    assert bad.exit_code != 0


def test_switching_format_leaves_no_stale_files(tmp_path: Path) -> None:
    simulate(tmp_path, people=200, seed=1, fmt="jsonl")
    simulate(tmp_path, people=200, seed=1, fmt="csv")
    assert not list((tmp_path / "sources").glob("*.jsonl"))
