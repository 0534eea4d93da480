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

from tipnet.matching.learnt import ModelFileError, export_sklearn, load


@pytest.fixture(scope="module")
def fitted() -> tuple[Any, np.ndarray, dict[str, Any], IsotonicRegression]:
    rng = np.random.default_rng(3)
    X = rng.normal(size=(3000, 5))
    X[rng.random(X.shape) < 0.2] = np.nan  # missing values take the learnt side
    X[:, 3] = rng.integers(0, 4, len(X))  # an ordinal level
    logit = np.nan_to_num(X[:, 0]) * 2 - np.nan_to_num(X[:, 1]) + (X[:, 3] == 2) + np.isnan(X[:, 2])
    y = (rng.random(len(X)) < 1 / (1 + np.exp(-logit))).astype(int)
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
