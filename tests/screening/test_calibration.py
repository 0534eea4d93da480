"""The screening calibration: the shipped curve is sane, and its promise holds on an independent set of
a seed it was not fitted on (bench/independent, written without reading tipnet's simulator)."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tipnet.screening.calibration import GROUPS, Calibration, default_calibration
from tipnet.screening.entries import build_from_files
from tipnet.screening.manifest import read_manifest
from tipnet.screening.screen import REVIEW_FLOOR, Screener

GENERATE = Path(__file__).resolve().parents[2] / "bench" / "independent" / "generate.py"


def test_shipped_calibration_is_monotone_and_keeps_soft_features_at_their_weight() -> None:
    cal = default_calibration()
    assert 0 < cal.threshold < 1
    ps = [cal.probability(b / 2) for b in range(-80, 120)]
    assert ps == sorted(ps) and ps[0] < 0.01 and ps[-1] > 0.99
    assert {k for k, _v in cal.scales} <= set(GROUPS)
    assert cal.scale("nationality_gender") == 1.0  # a mis-recorded gender lowers, never vetoes
    assert cal.combine([("name", 10.0), ("gender", -4.0)]) == pytest.approx(
        10.0 * cal.scale("name") - 4.0 * cal.scale("nationality_gender")
    )


def test_a_calibration_that_would_lie_is_refused() -> None:
    with pytest.raises(ValueError):
        Calibration((0.0, 1.0), (0.9, 0.1), 0.5, {})  # a probability falling as evidence grows
    with pytest.raises(ValueError):
        Calibration((1.0, 0.0), (0.1, 0.9), 0.5, {})
    with pytest.raises(ValueError):
        Calibration((0.0, 1.0), (0.1, 0.9), 0.5, {}, (("name", -1.0),))
    round_trip = Calibration.from_json(json.loads(json.dumps(default_calibration().to_json())))
    assert round_trip == default_calibration()


def test_precision_recall_and_reliability_on_an_unseen_independent_seed(tmp_path: Path) -> None:
    """Seed 29, 800 people: neither the calibration's data (seed 13) nor anything tipnet generated.
    At the default threshold the hits are mostly right; the hits and the review band together (a name
    alone against an undated entry is a possible match for review, not a hit, since session 10) miss
    few listed travellers; hits at 0.9 or more are right at least nine times in ten. (Measured on this
    seed: hits P 0.905 R 0.812, with the review band R 0.952; without the name-only cap P 0.833 R 0.939.
    On the issue's seed-13 test split: P 0.870 R 0.740, with the review band R 0.934.)"""
    subprocess.run(
        [sys.executable, str(GENERATE), "--people", "800", "--seed", "29", "--out", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    scr = tmp_path / "screening"
    truth = {(r["traveller_id"], r["entry_id"]) for r in csv.DictReader((scr / "truth.csv").open())}
    ix, _problems = build_from_files([scr / "watchlist.csv"])
    screener = Screener(ix)
    travellers = [t for t in read_manifest(scr / "travellers.csv") if t.record is not None]
    results = screener.screen_many([t.record for t in travellers], threshold=0.0)
    hits = [(t.ref, h.entry_id, h.score) for t, r in zip(travellers, results, strict=True) for h in r.hits]
    at_default = [(t, e) for t, e, s in hits if s >= screener.threshold]
    right = sum((t, e) in truth for t, e in at_default)
    precision, recall = right / len(at_default), right / len(truth)
    shown = {(t, e) for t, e, s in hits if s >= REVIEW_FLOOR}  # the hits and the review band
    assert precision >= 0.85 and recall >= 0.75, (precision, recall)
    assert len(truth & shown) / len(truth) >= 0.9
    high = [(t, e) for t, e, s in hits if s >= 0.9]
    assert len(high) >= 30 and sum(p in truth for p in high) / len(high) >= 0.9
    low = [(t, e) for t, e, s in hits if s < 0.2]
    assert sum(p in truth for p in low) / len(low) < 0.2
