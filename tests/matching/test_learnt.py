"""The tree ensemble shipped as JSON (`matching.learnt`): numpy evaluation equal to scikit-learn's, its
calibration, and malformed files refused with the key at fault."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.isotonic import IsotonicRegression
from threadpoolctl import threadpool_limits

from tipnet.matching.learnt import ModelFileError, export_sklearn, load


@pytest.fixture(scope="module")
def fitted() -> tuple[Any, np.ndarray, dict[str, Any], IsotonicRegression]:
    rng = np.random.default_rng(3)
    X = rng.normal(size=(3000, 5))
    X[rng.random(X.shape) < 0.2] = np.nan  # missing values take the learnt side
    X[:, 3] = rng.integers(0, 4, len(X))  # an ordinal level
    logit = np.nan_to_num(X[:, 0]) * 2 - np.nan_to_num(X[:, 1]) + (X[:, 3] == 2) + np.isnan(X[:, 2])
    y = (rng.random(len(X)) < 1 / (1 + np.exp(-logit))).astype(int)
    with threadpool_limits(1):
        model = HistGradientBoostingClassifier(max_iter=40, max_leaf_nodes=15, random_state=0).fit(X, y)
    iso = IsotonicRegression(out_of_bounds="clip").fit(model.predict_proba(X)[:, 1], y)
    data = export_sklearn(
        model, ["a", "b", "c", "d", "e"], (iso.X_thresholds_, iso.y_thresholds_), trained_on=["synthetic"]
    )
    return model, X, data, iso


def test_numpy_evaluation_equals_sklearn(fitted: Any, tmp_path: Path) -> None:
    model, X, data, iso = fitted
    path = tmp_path / "m.json"
    path.write_text(json.dumps(data), encoding="utf-8")  # through a file: what ships
    ens = load(path)
    fresh = np.random.default_rng(9).normal(size=(500, 5))
    fresh[::3, 0] = np.nan
    for rows in (X, fresh):
        np.testing.assert_allclose(
            ens.uncalibrated(rows), model.predict_proba(rows)[:, 1], rtol=0, atol=1e-12
        )
        np.testing.assert_allclose(
            ens.probability(rows), iso.predict(model.predict_proba(rows)[:, 1]), atol=1e-12
        )
    assert ens.meta["trained_on"] == ["synthetic"]
    # the calibration is not the identity: it changes probabilities
    assert np.abs(ens.probability(X) - ens.uncalibrated(X)).max() > 0.01


def test_row_by_row_equals_the_array_evaluation(fitted: Any) -> None:
    """`RowScorer` (screening's one-candidate calls) gives every row the array evaluation's raw score
    and calibrated probability, missing values and the calibration's flat ends included."""
    _model, X, data, _iso = fitted
    ens = load(data)
    fresh = np.random.default_rng(11).normal(size=(400, 5)) * 4  # beyond the calibration's range too
    fresh[::4, 1] = np.nan
    for rows in (X[:600], fresh):
        np.testing.assert_allclose(
            [ens.rows.raw(r.tolist()) for r in rows], ens.raw(rows), rtol=0, atol=1e-12
        )
        np.testing.assert_allclose(
            [ens.rows.probability(r.tolist()) for r in rows], ens.probability(rows), rtol=0, atol=1e-12
        )


def test_wrong_width_refused(fitted: Any) -> None:
    ens = load(fitted[2])
    with pytest.raises(ValueError, match="5 feature columns"):
        ens.probability(np.zeros((3, 4)))


def _broken(data: dict[str, Any], change: Any) -> dict[str, Any]:
    out = copy.deepcopy(data)
    change(out)
    return out


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(schema="other"), "'schema'"),
        (lambda d: d.update(version=2), "'version'"),
        (lambda d: d.pop("features"), "'features'"),
        (lambda d: d.update(baseline="x"), "'baseline'"),
        (lambda d: d.update(trees=[]), "'trees'"),
        (lambda d: d["trees"][1].pop("threshold"), r"trees\[1\]: missing threshold"),
        (lambda d: d["trees"][0].update(value=d["trees"][0]["value"][:-1]), r"trees\[0\]: 'feature'"),
        (lambda d: d["trees"][0]["threshold"].__setitem__(0, "high"), "not a number"),
        (lambda d: d["trees"][2]["feature"].__setitem__(0, 7), "outside 0..4"),
        (lambda d: d["trees"][0]["left"].__setitem__(0, 0), "not a later node"),
        (lambda d: d["calibration"]["y"].reverse(), "non-decreasing"),
        (lambda d: d["calibration"]["x"].pop(), r"calibration: 'y'"),
    ],
)
def test_malformed_model_refused(fitted: Any, change: Any, message: str) -> None:
    with pytest.raises(ModelFileError, match=message):
        load(_broken(fitted[2], change))


def test_unreadable_file_refused(tmp_path: Path) -> None:
    bad = tmp_path / "m.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelFileError, match="not a readable JSON file"):
        load(bad)
    with pytest.raises(ModelFileError, match="JSON object"):
        load(json.loads("[1, 2]"))


def _walk_all_rows(tree: Any, X: np.ndarray) -> np.ndarray:
    """The tree walk as first written (every row masked at every level): the reference for
    `Tree.predict_flat`, which visits only the rows still on their way down."""
    node = np.zeros(len(X), dtype=np.int64)
    rows = np.arange(len(X))
    active = ~tree.leaf[node]
    while active.any():
        r, n = rows[active], node[active]
        x = X[r, tree.feature[n]]
        go_left = np.where(np.isnan(x), tree.missing_left[n], x <= tree.threshold[n])
        node[r] = np.where(go_left, tree.left[n], tree.right[n])
        active[r] = ~tree.leaf[node[r]]
    return np.asarray(tree.value[node], dtype=float)


def test_the_shipped_model_walks_as_before() -> None:
    from tipnet.linkage.second_stage import default_model

    ens = default_model()
    rng = np.random.default_rng(3)
    X = rng.normal(size=(4000, len(ens.features))) * 5
    X[rng.random(X.shape) < 0.2] = np.nan
    want = np.full(len(X), ens.baseline)
    for tree in ens.trees:
        want += _walk_all_rows(tree, X)
    np.testing.assert_array_equal(ens.raw(X), want)
    for tree in ens.trees[:5]:
        np.testing.assert_array_equal(tree.predict(X), _walk_all_rows(tree, X))


def test_chunks_do_not_change_the_scores() -> None:
    """Evaluated in chunks of any size (memory bounded at a million pairs), every score is the same
    float as evaluated at once and as the walk gives."""
    from tipnet.linkage.second_stage import default_model

    ens = default_model()
    rng = np.random.default_rng(11)
    X = rng.normal(size=(20_000, len(ens.features))) * 5
    X[rng.random(X.shape) < 0.2] = np.nan
    whole = ens.raw(X, chunk_rows=len(X))
    np.testing.assert_array_equal(whole, ens.walk(X))
    for chunk in (4096, 8192, 19_999):
        np.testing.assert_array_equal(ens.raw(X, chunk_rows=chunk), whole)
    for chunk in (1, 7):
        np.testing.assert_array_equal(ens.raw(X[:300], chunk_rows=chunk), whole[:300])
    np.testing.assert_array_equal(ens.probability(X), ens.probability(X[::-1])[::-1])
    assert len(ens.raw(X[:0])) == 0
    with pytest.raises(ValueError, match="chunk_rows"):
        ens.raw(X, chunk_rows=0)


def _at_thresholds(ens: Any, n: int, seed: int) -> np.ndarray:
    """Rows whose values sit on the trees' own thresholds (a tie goes left), just beside them, missing,
    or infinite: where a wrong comparison would show."""
    rng = np.random.default_rng(seed)
    X = np.empty((n, len(ens.features)))
    for f in range(X.shape[1]):
        cuts = np.concatenate([t.threshold[(~t.leaf) & (t.feature == f)] for t in ens.trees] + [np.zeros(1)])
        near = np.concatenate([cuts, np.nextafter(cuts, np.inf), np.nextafter(cuts, -np.inf)])
        X[:, f] = rng.choice(np.concatenate([near, [np.nan, np.inf, -np.inf]]), n)
    return X


@pytest.mark.parametrize("leaves", [2, 8, 15, 31, 40, 80])
def test_compiled_equals_sklearn_and_the_walk(leaves: int) -> None:
    """Trees of every size: masks of 8, 16, 32 and 64 bits, and trees over 64 leaves (walked)."""
    rng = np.random.default_rng(leaves)
    X = rng.normal(size=(3000, 4))
    X[rng.random(X.shape) < 0.15] = np.nan
    X[:, 3] = rng.integers(0, 6, len(X))
    logit = np.sin(np.nan_to_num(X[:, 0]) * 3) * 2 + np.nan_to_num(X[:, 1]) * X[:, 3] / 3
    y = (rng.random(len(X)) < 1 / (1 + np.exp(-logit))).astype(int)
    with threadpool_limits(1):  # the fit's OpenMP threads crawl on a loaded machine
        model = HistGradientBoostingClassifier(
            max_iter=6, max_leaf_nodes=leaves, min_samples_leaf=3, random_state=0
        ).fit(X, y)
    ens = load(export_sklearn(model, ["a", "b", "c", "d"]))
    most = max(int(t.leaf.sum()) for t in ens.trees)
    assert most <= leaves and (most > 64) == (ens.compiled is None)
    for rows in (X, _at_thresholds(ens, 3000, leaves)):
        got = ens.raw(rows, chunk_rows=1000)
        np.testing.assert_array_equal(got, ens.walk(rows))
        np.testing.assert_allclose(
            ens.uncalibrated(rows), model.predict_proba(rows)[:, 1], rtol=0, atol=1e-12
        )


def test_hand_made_trees_missing_values_and_a_lone_leaf() -> None:
    """A tree that is one leaf, and missing values sent left or right by each node."""
    data = {
        "schema": "tipnet.tree_ensemble",
        "version": 1,
        "features": ["a", "b"],
        "baseline": 0.25,
        "trees": [
            {"feature": [0], "threshold": [0.0], "missing_left": [False], "left": [0], "right": [0],
             "leaf": [True], "value": [1.5]},
            {"feature": [0, 1, 0, 0, 0], "threshold": [1.0, -1.0, 0.0, 0.0, 0.0],
             "missing_left": [False, True, False, False, False], "left": [1, 3, 0, 0, 0],
             "right": [2, 4, 0, 0, 0], "leaf": [False, False, True, True, True],
             "value": [0.0, 0.0, 10.0, 20.0, 40.0]},
        ],
    }  # fmt: skip
    ens = load(data)
    nan = np.nan
    X = np.array([[0.0, -2.0], [0.0, -1.0], [0.0, 0.0], [1.0, nan], [2.0, -5.0], [nan, -5.0], [nan, nan]])
    # a <= 1 (missing: right): b <= -1 (missing: left) -> 20, else 40; a > 1 -> 10
    want = 0.25 + 1.5 + np.array([20.0, 20.0, 40.0, 20.0, 10.0, 10.0, 10.0])
    np.testing.assert_array_equal(ens.raw(X), want)
    np.testing.assert_array_equal(ens.walk(X), want)


def test_a_shared_subtree_is_walked() -> None:
    """A file whose two nodes share a child (not a tree, but the walk reads it): no compiled tables."""
    data = {
        "schema": "tipnet.tree_ensemble",
        "version": 1,
        "features": ["a"],
        "baseline": 0.0,
        "trees": [
            {"feature": [0, 0, 0, 0], "threshold": [0.0, -1.0, 0.0, 0.0],
             "missing_left": [True, True, True, True], "left": [1, 2, 0, 0], "right": [2, 3, 0, 0],
             "leaf": [False, False, True, True], "value": [0.0, 0.0, 1.0, 2.0]},
        ],
    }  # fmt: skip
    ens = load(data)
    assert ens.compiled is None
    np.testing.assert_array_equal(ens.raw(np.array([[-2.0], [-0.5], [1.0], [np.nan]])), [1.0, 2.0, 1.0, 1.0])
