"""A learnt scorer shipped as data: a gradient-boosted tree ensemble and its calibration, read from JSON
and evaluated with numpy alone (no pickle, no scikit-learn at run time).

The JSON (`SCHEMA`, version 1) holds what scikit-learn's `HistGradientBoostingClassifier` learnt for a
binary target, exported by `export_sklearn` (used by the trainers in bench/):

    {"schema": "tipnet.tree_ensemble", "version": 1,
     "features": ["name", ...],              # the columns of X, in order
     "baseline": -2.1,                       # raw score before the trees (log odds)
     "trees": [{"feature": [...], "threshold": [...], "missing_left": [...],
                "left": [...], "right": [...], "leaf": [...], "value": [...]}, ...],
     "calibration": {"x": [...], "y": [...]},  # isotonic map of the model's probability (optional)
     ...}                                      # other keys: the trainer's own (threshold, provenance)

A tree's node i is a leaf when `leaf[i]`; otherwise a row goes to `left[i]` when its value of
`feature[i]` is <= `threshold[i]`, or is missing (NaN) and `missing_left[i]`, else to `right[i]`. The raw
score is `baseline` plus the value of every tree's leaf; the probability is its logistic, mapped through
the calibration's points (linear interpolation, as scikit-learn's `IsotonicRegression.predict`).

Evaluation (`TreeEnsemble.raw`) does not walk the trees row by row: the ensemble is compiled once into
tables (`_Compiled`, the bitvector scheme of QuickScorer, Lucchese et al., SIGIR 2015). Each tree's leaves
are numbered left to right; an inner node whose test fails for a row (the row goes right) rules out the
leaves of its left subtree, and the leaf a row reaches is the leftmost leaf no failing node rules out.
The nodes splitting on one feature, sorted by threshold, fail for a row exactly when their threshold is
below its value (a prefix of them), or, for a missing value, when they send missing values right; so per
feature a table holds, for every such prefix, each tree's mask of the leaves still allowed. A row's leaf
is found by one `searchsorted` and one table row per feature, AND-ed, for all trees at once, in chunks of
`CHUNK_ROWS` rows (memory bounded whatever the number of rows). The leaves' values are added to the
baseline in tree order, as the walk did: the result is bit-identical to it.
"""

from __future__ import annotations

import json
import math
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

SCHEMA = "tipnet.tree_ensemble"
VERSION = 1
_TREE_KEYS = ("feature", "threshold", "missing_left", "left", "right", "leaf", "value")
# rows evaluated at once: a chunk's tables take about 20 bytes a row and tree (33 MB for 200 trees), so
# memory stays bounded whatever the number of rows
CHUNK_ROWS = 8192
# the most leaves a tree may have for the compiled evaluation (one bit each in a 64-bit mask); a larger
# tree is walked node by node (`Tree.predict_flat`)
MAX_COMPILED_LEAVES = 64


class ModelFileError(ValueError):
    """A learnt model's JSON that does not follow `SCHEMA`: the message names the key at fault."""


@dataclass(frozen=True)
class Tree:
    feature: np.ndarray  # int, node → column of X
    threshold: np.ndarray  # float
    missing_left: np.ndarray  # bool
    left: np.ndarray  # int
    right: np.ndarray  # int
    leaf: np.ndarray  # bool
    value: np.ndarray  # float, a leaf's contribution to the raw score

    def predict(self, X: np.ndarray) -> np.ndarray:
        return self.predict_flat(np.ascontiguousarray(np.asarray(X, dtype=float).T).ravel(), len(X))

    def predict_flat(self, columns: np.ndarray, n_rows: int) -> np.ndarray:
        """`predict` of X given column after column (`X.T.ravel()`): each level of the tree visits only
        the rows still on their way down, and reads one value each from the flat columns."""
        node = np.zeros(n_rows, dtype=np.int64)
        if self.leaf[0]:
            return np.asarray(self.value[node], dtype=float)
        rows = np.arange(n_rows)
        at = node
        while len(rows):
            x = columns[self.feature[at] * n_rows + rows]
            go_left = np.where(np.isnan(x), self.missing_left[at], x <= self.threshold[at])
            at = np.where(go_left, self.left[at], self.right[at])
            done = self.leaf[at]
            node[rows[done]] = at[done]
            rows, at = rows[~done], at[~done]
        return np.asarray(self.value[node], dtype=float)


@dataclass(frozen=True)
class TreeEnsemble:
    features: tuple[str, ...]
    baseline: float
    trees: tuple[Tree, ...]
    calibration: tuple[np.ndarray, np.ndarray] | None
    meta: dict[str, Any]

    @cached_property
    def compiled(self) -> _Compiled | None:
        """The tables of the compiled evaluation (built on first use); None when a tree has more than
        `MAX_COMPILED_LEAVES` leaves."""
        return _Compiled.build(self.trees, len(self.features))

    def raw(self, X: np.ndarray, chunk_rows: int = CHUNK_ROWS) -> np.ndarray:
        """The raw score (log odds) of each row of X, evaluated `chunk_rows` rows at a time."""
        X = np.asarray(X, dtype=float)
        if X.ndim != 2 or X.shape[1] != len(self.features):
            raise ValueError(f"expected {len(self.features)} feature columns, got shape {X.shape}")
        if chunk_rows < 1:
            raise ValueError("chunk_rows must be at least 1")
        out = np.empty(len(X), dtype=float)
        compiled = self.compiled
        for lo in range(0, len(X), chunk_rows):
            part = X[lo : lo + chunk_rows]
            if compiled is not None:
                out[lo : lo + len(part)] = compiled.raw(part, self.baseline)
            else:
                out[lo : lo + len(part)] = self.walk(part)
        return out

    def walk(self, X: np.ndarray) -> np.ndarray:
        """The raw score by walking each tree (`Tree.predict_flat`): the compiled evaluation's reference,
        and its fallback for trees too large to compile."""
        out = np.full(len(X), self.baseline, dtype=float)
        columns = np.ascontiguousarray(np.asarray(X, dtype=float).T).ravel()
        for tree in self.trees:
            out += tree.predict_flat(columns, len(X))
        return out

    def uncalibrated(self, X: np.ndarray) -> np.ndarray:
        """The ensemble's own probability (scikit-learn's `predict_proba(X)[:, 1]`)."""
        return np.asarray(1.0 / (1.0 + np.exp(-self.raw(X))), dtype=float)

    def probability(self, X: np.ndarray) -> np.ndarray:
        """The calibrated probability: the ensemble's, mapped through the isotonic points."""
        p = self.uncalibrated(X)
        if self.calibration is None:
            return p
        xs, ys = self.calibration
        return np.asarray(np.interp(p, xs, ys), dtype=float)

    def require_columns(self, want: Sequence[str], what: str) -> None:
        """`ModelFileError` unless the model reads exactly `want`, in order; the message names `what`
        reads them and which columns are missing, unknown or out of order."""
        if tuple(self.features) == tuple(want):
            return
        missing = [c for c in want if c not in self.features]
        extra = [c for c in self.features if c not in want]
        raise ModelFileError(
            f"'features' must be {what}'s columns"
            + (f"; missing {', '.join(missing)}" if missing else "")
            + (f"; unknown {', '.join(extra)}" if extra else "")
            + ("; in another order" if not missing and not extra else "")
        )

    @cached_property
    def rows(self) -> RowScorer:
        """The same ensemble evaluated one row at a time in plain Python (`RowScorer`)."""
        return RowScorer(self)


class RowScorer:
    """`TreeEnsemble.probability` of one row at a time, walked in plain Python over lists: where a
    caller scores one to three rows per call (screening's candidates of one traveller), numpy's
    per-call overhead over a hundred trees costs more than the walk. Equal to the array evaluation
    (tests/matching)."""

    def __init__(self, model: TreeEnsemble) -> None:
        self._baseline = model.baseline
        self._trees = [
            (
                t.feature.tolist(),
                t.threshold.tolist(),
                t.missing_left.tolist(),
                t.left.tolist(),
                t.right.tolist(),
                t.leaf.tolist(),
                t.value.tolist(),
            )
            for t in model.trees
        ]
        cal = model.calibration
        self._cal: tuple[list[float], list[float]] | None = (
            None if cal is None else (cal[0].tolist(), cal[1].tolist())
        )

    def raw(self, row: Sequence[float]) -> float:
        """The raw score (log odds) of one row (`TreeEnsemble.raw`)."""
        total = self._baseline
        for feature, threshold, missing_left, left, right, leaf, value in self._trees:
            n = 0
            while not leaf[n]:
                x = row[feature[n]]
                go_left = missing_left[n] if x != x else x <= threshold[n]
                n = left[n] if go_left else right[n]
            total += value[n]
        return total

    def probability(self, row: Sequence[float]) -> float:
        """The calibrated probability of one row (`TreeEnsemble.probability`)."""
        r = self.raw(row)
        p = 1.0 / (1.0 + math.exp(-r)) if r > -700 else 0.0
        if self._cal is None:
            return p
        xs, ys = self._cal
        if p <= xs[0]:
            return ys[0]
        if p >= xs[-1]:
            return ys[-1]
        j = bisect_right(xs, p)
        x0, x1, y0, y1 = xs[j - 1], xs[j], ys[j - 1], ys[j]
        return y0 if x1 == x0 else y0 + (y1 - y0) * (p - x0) / (x1 - x0)


def _leaf_ranges(tree: Tree) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[int]] | None:
    """(per node, the first and one past the last left-to-right rank of the leaves under it; per rank,
    the leaf's node; the inner nodes reached from the root), or None when a node is reached twice (a
    file may share a subtree between two parents: the walk reads it, the ranks cannot)."""
    n = len(tree.leaf)
    first = np.zeros(n, dtype=np.int64)
    end = np.zeros(n, dtype=np.int64)
    seen = np.zeros(n, dtype=bool)
    leaves: list[int] = []
    inner: list[int] = []
    stack: list[tuple[int, bool]] = [(0, False)]
    while stack:  # depth first, left before right
        node, done = stack.pop()
        if done:
            first[node] = first[tree.left[node]]
            end[node] = end[tree.right[node]]
            continue
        if seen[node]:
            return None
        seen[node] = True
        if tree.leaf[node]:
            first[node] = len(leaves)
            leaves.append(node)
            end[node] = len(leaves)
        else:
            inner.append(node)
            stack += [(node, True), (int(tree.right[node]), False), (int(tree.left[node]), False)]
    return first, end, np.asarray(leaves, dtype=np.int64), inner


@dataclass(frozen=True)
class _FeatureTable:
    column: int
    thresholds: np.ndarray  # sorted, of the inner nodes splitting on the column
    # (len(thresholds) + 2, trees): row k, the masks of leaves left once the first k nodes fail; the
    # last row, once the nodes sending missing values right fail
    masks: np.ndarray


@dataclass(frozen=True)
class _Compiled:
    """The ensemble as tables (see the module's docstring)."""

    features: tuple[_FeatureTable, ...]
    full: np.ndarray  # (trees,) every leaf allowed
    leaf_value: np.ndarray  # (trees, most leaves): a tree's leaf values by rank, 0 past its last leaf
    lowest_bit: np.ndarray | None  # mask -> its lowest set bit, for masks of 16 bits or fewer
    offset: np.ndarray  # (trees,) where a tree's leaves start in `leaf_value.ravel()`

    @classmethod
    def build(cls, trees: Sequence[Tree], n_features: int) -> _Compiled | None:
        found = [_leaf_ranges(t) for t in trees]
        ranges = [r for r in found if r is not None]
        if len(ranges) < len(found):
            return None
        most = max(len(leaves) for _first, _end, leaves, _inner in ranges)
        if most > MAX_COMPILED_LEAVES:
            return None
        dtype = next(d for d in (np.uint8, np.uint16, np.uint32, np.uint64) if np.iinfo(d).bits >= most)
        ones = int(np.iinfo(dtype).max)
        leaf_value = np.zeros((len(trees), most), dtype=float)
        nodes: list[list[tuple[float, bool, int, int]]] = [[] for _ in range(n_features)]
        for t, (tree, (first, end, leaves, inner)) in enumerate(zip(trees, ranges, strict=True)):
            leaf_value[t, : len(leaves)] = tree.value[leaves]
            for node in inner:
                left = tree.left[node]  # failing the test rules out the left subtree's leaves
                keep = ones & ~(((1 << int(end[left] - first[left])) - 1) << int(first[left]))
                nodes[tree.feature[node]].append(
                    (float(tree.threshold[node]), bool(tree.missing_left[node]), t, keep)
                )
        full = np.array([(1 << len(leaves)) - 1 for _f, _e, leaves, _i in ranges], dtype=dtype)
        tables = []
        for column, on in enumerate(nodes):
            if not on:
                continue
            on.sort(key=lambda node: node[0])
            masks = np.tile(full, (len(on) + 2, 1))
            for k, (_threshold, missing_left, t, keep) in enumerate(on):
                masks[k + 1 : len(on) + 1, t] &= dtype(keep)
                if not missing_left:
                    masks[-1, t] &= dtype(keep)
            tables.append(_FeatureTable(column, np.array([node[0] for node in on], dtype=float), masks))
        lowest_bit = None
        if np.iinfo(dtype).bits <= 16:
            values = np.arange(1 << np.iinfo(dtype).bits, dtype=np.int64)
            lowest_bit = np.zeros(len(values), dtype=np.int64)
            lowest_bit[1:] = np.log2(values[1:] & -values[1:]).astype(np.int64)
        offset = np.arange(len(trees), dtype=np.int64) * most
        return cls(tuple(tables), full, leaf_value, lowest_bit, offset)

    def raw(self, X: np.ndarray, baseline: float) -> np.ndarray:
        """The raw scores of the rows of X (one chunk: its tables take about 10 bytes a row and tree)."""
        columns = np.ascontiguousarray(X.T)
        allowed = np.empty((len(X), len(self.full)), dtype=self.full.dtype)
        allowed[:] = self.full
        for table in self.features:
            x = columns[table.column]
            k = np.searchsorted(table.thresholds, x, side="left")  # the nodes with threshold < x fail
            k[np.isnan(x)] = len(table.masks) - 1
            allowed &= table.masks[k]
        if self.lowest_bit is not None:
            rank = self.lowest_bit[allowed]
        else:
            lowest = allowed & (~allowed + allowed.dtype.type(1))
            rank = np.frexp(lowest.astype(float))[1] - 1
        rank += self.offset
        values = self.leaf_value.ravel()[rank]  # (rows, trees)
        out = np.full(len(X), baseline, dtype=float)
        for t in range(values.shape[1]):  # in tree order, as the walk adds them: the same float sums
            out += values[:, t]
        return out


def _array(tree: Mapping[str, Any], key: str, where: str, dtype: Any, n: int | None) -> np.ndarray:
    values = tree.get(key)
    if not isinstance(values, list) or (n is not None and len(values) != n):
        want = "a list" if n is None else f"a list of {n} values"
        raise ModelFileError(f"{where}: {key!r} must be {want}")
    try:
        return np.asarray(values, dtype=dtype)
    except (TypeError, ValueError) as exc:
        raise ModelFileError(f"{where}: {key!r} holds a value that is not a number ({exc})") from None


def _tree(raw: Any, i: int, n_features: int) -> Tree:
    where = f"trees[{i}]"
    if not isinstance(raw, dict):
        raise ModelFileError(f"{where}: must be an object")
    missing = [k for k in _TREE_KEYS if k not in raw]
    if missing:
        raise ModelFileError(f"{where}: missing {', '.join(missing)}")
    n = len(raw["value"]) if isinstance(raw["value"], list) else None
    if not n:
        raise ModelFileError(f"{where}: 'value' must be a non-empty list")
    t = Tree(
        feature=_array(raw, "feature", where, np.int64, n),
        threshold=_array(raw, "threshold", where, float, n),
        missing_left=_array(raw, "missing_left", where, bool, n),
        left=_array(raw, "left", where, np.int64, n),
        right=_array(raw, "right", where, np.int64, n),
        leaf=_array(raw, "leaf", where, bool, n),
        value=_array(raw, "value", where, float, n),
    )
    inner = ~t.leaf
    if ((t.feature[inner] < 0) | (t.feature[inner] >= n_features)).any():
        raise ModelFileError(f"{where}: a node splits on a feature outside 0..{n_features - 1}")
    # children come after their parent: every path ends at a leaf, no loops
    idx = np.arange(n)
    for side in (t.left, t.right):
        if ((side[inner] <= idx[inner]) | (side[inner] >= n)).any():
            raise ModelFileError(f"{where}: a node's child is not a later node of the tree")
    return t


def load(source: Mapping[str, Any] | str | Path) -> TreeEnsemble:
    """A `TreeEnsemble` from its JSON (a parsed object or a file path); `ModelFileError` when malformed."""
    if isinstance(source, (str, Path)):
        try:
            data = json.loads(Path(source).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ModelFileError(f"{source}: not a readable JSON file ({exc})") from None
    else:
        data = source
    if not isinstance(data, Mapping):
        raise ModelFileError("a learnt model must be a JSON object")
    if data.get("schema") != SCHEMA:
        raise ModelFileError(f"'schema' must be {SCHEMA!r}, found {data.get('schema')!r}")
    if data.get("version") != VERSION:
        raise ModelFileError(
            f"'version' {data.get('version')!r} is not supported (this tipnet reads {VERSION})"
        )
    features = data.get("features")
    if not isinstance(features, list) or not features or not all(isinstance(f, str) for f in features):
        raise ModelFileError("'features' must be a non-empty list of column names")
    baseline = data.get("baseline")
    if not isinstance(baseline, (int, float)) or isinstance(baseline, bool):
        raise ModelFileError("'baseline' must be a number")
    trees_raw = data.get("trees")
    if not isinstance(trees_raw, list) or not trees_raw:
        raise ModelFileError("'trees' must be a non-empty list")
    trees = tuple(_tree(t, i, len(features)) for i, t in enumerate(trees_raw))
    calibration = None
    cal = data.get("calibration")
    if cal is not None:
        if not isinstance(cal, Mapping):
            raise ModelFileError("'calibration' must be an object with 'x' and 'y'")
        xs = _array(cal, "x", "calibration", float, None)
        ys = _array(cal, "y", "calibration", float, len(xs))
        if len(xs) < 2 or (np.diff(xs) < 0).any() or (np.diff(ys) < 0).any():
            raise ModelFileError("calibration: 'x' and 'y' must be non-decreasing, at least two points")
        if (ys < 0).any() or (ys > 1).any():
            raise ModelFileError("calibration: 'y' must lie in [0, 1]")
        calibration = (xs, ys)
    meta = {k: v for k, v in data.items() if k not in ("schema", "version", "features", "baseline", "trees")}
    return TreeEnsemble(tuple(features), float(baseline), trees, calibration, meta)


def export_sklearn(
    model: Any,
    features: Sequence[str],
    calibration: tuple[Sequence[float], Sequence[float]] | None = None,
    **meta: Any,
) -> dict[str, Any]:
    """The JSON of a fitted binary `HistGradientBoostingClassifier` (numeric features only) and an
    optional isotonic calibration (`IsotonicRegression`'s `X_thresholds_`, `y_thresholds_`)."""
    if getattr(model, "n_trees_per_iteration_", 1) != 1:
        raise ValueError("only binary classifiers export")
    trees = []
    for (predictor,) in model._predictors:
        nodes = predictor.nodes
        if nodes["is_categorical"].any():
            raise ValueError("categorical splits do not export; one-hot encode instead")
        trees.append(
            {
                "feature": [int(x) for x in nodes["feature_idx"]],
                "threshold": [float(x) for x in nodes["num_threshold"]],
                "missing_left": [bool(x) for x in nodes["missing_go_to_left"]],
                "left": [int(x) for x in nodes["left"]],
                "right": [int(x) for x in nodes["right"]],
                "leaf": [bool(x) for x in nodes["is_leaf"]],
                "value": [float(x) for x in nodes["value"]],
            }
        )
    out: dict[str, Any] = {
        "schema": SCHEMA,
        "version": VERSION,
        "features": list(features),
        "baseline": float(np.ravel(model._baseline_prediction)[0]),
        "trees": trees,
    }
    if calibration is not None:
        out["calibration"] = {
            "x": [float(x) for x in calibration[0]],
            "y": [float(y) for y in calibration[1]],
        }
    out.update(meta)
    return out
