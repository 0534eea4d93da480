"""Pairwise and B-cubed scores of clusters against a truth, worked by hand."""

from __future__ import annotations

import pytest

from tipnet.evaluation.clusters import cluster_scores


def test_scores_worked_by_hand() -> None:
    # Clusters {a, b} and {c, d}; truth: a, b, c are person x, d is person y.
    s = cluster_scores(
        {"a": "1", "b": "1", "c": "2", "d": "2", "e": "3"}, {"a": "x", "b": "x", "c": "x", "d": "y"}
    )
    assert s["pair_precision"] == pytest.approx(1 / 2)  # (a,b) right, (c,d) wrong
    assert s["pair_recall"] == pytest.approx(1 / 3)  # of (a,b), (a,c), (b,c)
    assert s["bcubed_precision"] == pytest.approx((1 + 1 + 0.5 + 0.5) / 4)
    assert s["bcubed_recall"] == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1) / 4)  # e has no truth: left out


def test_perfect_and_empty() -> None:
    assert cluster_scores({"a": "1", "b": "1"}, {"a": "x", "b": "x"})["bcubed_recall"] == 1.0
    assert cluster_scores({}, {})["pair_precision"] == 1.0
