"""The learnt re-scoring stage of screening (tipnet.screening.rescore): it moves hits the way it was
trained to on a second independent set of a seed it never saw, equals the ensemble's own evaluator,
switches off, and refuses a malformed model by the key at fault."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from tipnet.cli import app
from tipnet.matching.learnt import ModelFileError
from tipnet.screening.entries import build_from_files
from tipnet.screening.manifest import read_manifest
from tipnet.screening.rescore import COLUMNS, MODEL_FILE, default_rescorer, load_rescorer
from tipnet.screening.screen import Screener

BENCH = Path(__file__).resolve().parents[2] / "bench"
SHIPPED = Path(__file__).resolve().parents[2] / "src" / "tipnet" / "screening" / "data" / MODEL_FILE


@pytest.fixture(scope="module")
def second_set(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """bench/independent2, 2,000 people, seed 7: neither seed 2613 (the stage's training set) nor any
    set tipnet generated; its calibration split is used as one more unseen file."""
    out = tmp_path_factory.mktemp("ind2s7")
    subprocess.run(
        [
            sys.executable,
            str(BENCH / "independent2" / "generate.py"),
            "--people",
            "2000",
            "--seed",
            "7",
            "--out",
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    return out


def _hits(data: Path, screener: Screener) -> tuple[int, int]:
    """(true, false) hits at the screener's default threshold on the split's watchlist."""
    travellers = [t for t in read_manifest(data / "travellers_calibration.csv") if t.record is not None]
    truth = {
        (t["traveller_id"], e)
        for t in csv.DictReader((data / "truth" / "travellers_truth.csv").open(encoding="utf-8"))
        if t["split"] == "calibration"
        for e in t["true_entries"].split(";")
        if e
    }
    results = screener.screen_many([t.record for t in travellers])
    found = {(t.ref, h.entry_id) for t, r in zip(travellers, results, strict=True) for h in r.hits}
    return len(found & truth), len(found - truth)


def test_the_stage_clears_false_hits_without_losing_true_ones(second_set: Path) -> None:
    """On the calibration split of seed 2613 the stage's gain was precision (out of fold 0.890 -> 0.932 at
    the same recall); on seed 7 it must clear false hits and keep every true one. (Measured: off 99
    true / 7 false at 0.3111, on 102 true / 2 false at the stage's 0.31.)"""
    ix, _problems = build_from_files([second_set / "watchlist_calibration.csv"])
    stage = default_rescorer()
    assert stage is not None
    on_true, on_false = _hits(second_set, Screener(ix, rescorer=stage))
    off_true, off_false = _hits(second_set, Screener(ix, rescorer=False))
    assert on_false < off_false and on_true >= off_true, (on_true, on_false, off_true, off_false)


def test_row_by_row_evaluation_equals_the_ensemble() -> None:
    stage = default_rescorer()
    assert stage is not None
    rng = np.random.default_rng(0)
    X = rng.uniform(-2, 20, size=(300, len(COLUMNS)))
    X[rng.random(X.shape) < 0.2] = np.nan
    want = stage.model.probability(X)
    got = np.array([stage.probability(row.tolist()) for row in X])
    assert np.allclose(got, want, atol=1e-12)


def test_shipped_off_by_default_and_the_flags(tmp_path: Path, second_set: Path) -> None:
    """The shipped stage did not help on both test splits (BENCHMARKS.md), so it is off unless asked;
    --learnt-stage turns it on, --no-learnt-stage keeps it off, and the explanation says so."""
    stage = default_rescorer()
    assert stage is not None and stage.model.meta["on_by_default"] is False
    wl = second_set / "watchlist_calibration.csv"
    trav = tmp_path / "t.csv"
    rows = list(csv.reader((second_set / "travellers_calibration.csv").open(encoding="utf-8")))
    with trav.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows[:200])

    def run(*flags: str) -> list[dict]:
        r = CliRunner().invoke(
            app, ["screen", "--list", str(wl), str(trav), "--json", "--no-log", "--workers", "1", *flags]
        )
        assert r.exit_code == 0, r.stderr
        return [json.loads(line) for line in r.stdout.splitlines()]

    default, off, on = run(), run("--no-learnt-stage"), run("--learnt-stage")
    assert default == off
    learnt = [
        e for r in on for h in r["hits"] + r["review"] for e in h["explanation"] if e["feature"] == "learnt"
    ]
    assert learnt and not [
        e for r in off for h in r["hits"] for e in h["explanation"] if e["feature"] == "learnt"
    ]
    assert on != off
    assert run("--learnt-model", str(SHIPPED)) == on


def _model() -> dict:
    return json.loads(SHIPPED.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("change", "key"),
    [
        (lambda m: m.pop("name_only_lift"), "name_only_lift"),
        (lambda m: m.update(threshold=1.5), "threshold"),
        (lambda m: m.update(features=[*m["features"][:-1], "shoe_size"]), "features"),
        (lambda m: m["trees"][0].pop("leaf"), "leaf"),
        (lambda m: m.update(schema="something else"), "schema"),
    ],
)
def test_a_malformed_model_is_refused_naming_the_key(tmp_path: Path, change, key: str) -> None:  # type: ignore[no-untyped-def]
    m = _model()
    change(m)
    with pytest.raises(ModelFileError, match=key):
        load_rescorer(m)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(m), encoding="utf-8")
    (tmp_path / "t.csv").write_text(
        "id,name,birth_date,nationality,gender,document_number\nT1,SOK DARA,1990-01-01,KH,M,\n"
    )
    (tmp_path / "w.csv").write_text(
        "id,name,aliases,birth_date,nationality,gender,document_number,topics\nW1,SOK DARA,,1990,KH,male,,\n"
    )
    r = CliRunner().invoke(
        app,
        [
            "screen",
            "--list",
            str(tmp_path / "w.csv"),
            str(tmp_path / "t.csv"),
            "--no-log",
            "--learnt-model",
            str(path),
        ],
    )
    assert r.exit_code == 2 and key in r.stderr and "not a learnt screening model" in r.stderr
