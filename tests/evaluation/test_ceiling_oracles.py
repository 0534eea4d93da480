"""The screening ceiling's oracle (bench/screening_ceiling.py) on hand-made cells: whole prefixes of
cells jump over the recall goal, and a share of the crossing cell is a point any scorer reaches (in
expectation, by taking a random share of that cell's pairs), so the ceiling reports it too."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "screening_ceiling.py"
spec = importlib.util.spec_from_file_location("screening_ceiling", BENCH)
assert spec and spec.loader
sc = importlib.util.module_from_spec(spec)
spec.loader.exec_module(sc)


def test_precision_at_the_recall_goal_takes_a_share_of_the_crossing_cell() -> None:
    # 10 true pairs: a clean cell of 8, then a cell of 2 true and 2 false
    cells = {("a",): [8, 0], ("b",): [2, 2]}
    res = sc.oracle(cells, 10)
    # whole cells: recall 0.8, then 1.0 at precision 10 / 12
    assert res["best_precision_at_r90"]["precision"] == pytest.approx(0.833, abs=1e-3)
    # half of cell b gives recall 0.9 at precision 9 / 10
    assert res["interpolated"]["precision_at_r90"] == pytest.approx(0.9)
    # precision 0.95 holds until a share x of cell b: (8 + 2x) / (8 + 4x) = 0.95, x = 2 / 9
    assert res["interpolated"]["recall_at_p95"] == pytest.approx((8 + 4 / 9) / 10, abs=1e-3)
    assert res["best_recall_at_p95"]["recall"] == pytest.approx(0.8)


def test_interpolation_never_below_the_whole_prefixes_and_skips_unlike_cells() -> None:
    cells = {
        ("a",): [50, 1],
        ("b",): [30, 3],
        ("c",): [15, 20],
        ("d",): [5, 40],
        ("unlike",): [3, sc.NEVER],
    }
    res = sc.oracle(cells, 103)
    whole = res["best_precision_at_r90"]
    assert whole["recall"] >= 0.9
    assert res["interpolated"]["precision_at_r90"] >= whole["precision"]
    assert res["interpolated"]["recall_at_p95"] >= res["best_recall_at_p95"]["recall"]
    # the unlike cell is never taken: recall 1.0 is out of reach, 100 / 103 at most
    assert sc.interpolated(cells, 103, list(cells))["precision_at_r90"] is not None
    assert sc.oracle({("a",): [1, 0], ("u",): [9, sc.NEVER]}, 10)["interpolated"]["precision_at_r90"] is None
