# SPDX-License-Identifier: Apache-2.0
"""Train the learnt second stage of linkage (issue 13) on the calibration splits of the independent sets.

    python bench/independent2/generate.py --people 8000 --seed 2613 --out /tmp/ind2
    python bench/independent/generate.py --people 2000 --seed 13 --out /tmp/indep
    python bench/linkage_second_stage.py collect ind2 --data /tmp/ind2 --split calibration --out c2.npz
    python bench/linkage_second_stage.py collect ind1 --data /tmp/indep --split calibration --out c1.npz
    python bench/linkage_second_stage.py train c2.npz c1.npz --out src/tipnet/linkage/data/second_stage.json

`collect` runs the linkage exactly as `tipnet link csv` does (the same column mapping, preparation,
training seed 42, first stage only) with the candidate pairs kept down to `second_stage.CANDIDATE_FLOOR`,
and writes their features (`second_stage.COLUMNS`) and labels from the set's truth: the pairs of two
records of the split's people (set 1 is linked whole, as its benchmark does, and only pairs of two
calibration people are kept). `train` fits scikit-learn's HistGradientBoostingClassifier on them, maps
its probability through an isotonic regression fitted on out-of-fold predictions (5 folds, grouped by
the record, so no record's pairs inform their own calibration), and writes the JSON that
`tipnet.matching.learnt` reads. No test split is read by either.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))  # linkage_ceiling, beside this script
from linkage_ceiling import COLUMNS as IND2_COLUMNS
from linkage_ceiling import read_csv


def truth(kind: str, data: Path) -> tuple[dict[str, str], dict[str, str]]:
    """record id → person, record id → split."""
    if kind == "ind2":
        rows = read_csv(data / "truth" / "records_truth.csv")
        return {r["record_id"]: r["person_id"] for r in rows}, {r["record_id"]: r["split"] for r in rows}
    psplit = {r["person_id"]: r["split"] for r in read_csv(data / "linkage" / "split.csv")}
    rows = read_csv(data / "linkage" / "truth.csv")
    return {r["record_id"]: r["person_id"] for r in rows}, {
        r["record_id"]: psplit[r["person_id"]] for r in rows
    }


def run(files: list[Path], columns: list[str], **options: Any) -> Any:
    """`tipnet link csv`'s linkage in process: its reading, preparation and options."""
    from tipnet.linkage.records import prepare_table
    from tipnet.linkage.resolve import Options, resolve
    from tipnet.linkage.tabular import parse_column_options, read_input
    from tipnet.linkage.training import TrainingConfig

    given = parse_column_options(columns)
    two = len(files) == 2
    inputs = [
        read_input(f, given, label=f.name, prefix=f"{i}\x1f" if two else "") for i, f in enumerate(files)
    ]
    datasets = [prepare_table(i.records, workers=1) for i in inputs]
    return resolve(datasets, Options(training=TrainingConfig(seed=42), workers=1, **options))


def collect(a: argparse.Namespace) -> int:
    if a.kind == "ind2":
        files, columns = [a.data / f"records_{a.split}.csv"], IND2_COLUMNS
    else:
        files, columns = [a.data / "linkage" / "records.csv"], ["id=record_id"]
    res = run(files, columns, second_stage=False, keep_candidates=True)
    pairs, X = res.candidates
    person, split = truth(a.kind, a.data)
    left = pairs.table["unique_id_l"].to_pylist()
    right = pairs.table["unique_id_r"].to_pylist()
    keep = np.array([split[x] == a.split and split[y] == a.split for x, y in zip(left, right, strict=True)])
    y = np.array([person[x] == person[y] for x, y in zip(left, right, strict=True)], dtype=np.int8)
    records = sorted({u for u, k in zip(left + right, np.concatenate([keep, keep]), strict=True) if k})
    rid = {u: i for i, u in enumerate(records)}
    np.savez_compressed(
        a.out,
        X=X[keep],
        y=y[keep],
        first=pairs.probability[keep],
        left=np.array([rid[u] for u, k in zip(left, keep, strict=True) if k]),
        right=np.array([rid[u] for u, k in zip(right, keep, strict=True) if k]),
        features=np.array(list(pairs.features)),
    )
    print(
        json.dumps({"pairs": int(keep.sum()), "true": int(y[keep].sum()), "features": list(pairs.features)})
    )
    return 0


def model() -> Any:
    from sklearn.ensemble import HistGradientBoostingClassifier

    return HistGradientBoostingClassifier(
        max_iter=200,
        learning_rate=0.05,
        max_leaf_nodes=15,
        min_samples_leaf=40,
        l2_regularization=1.0,
        random_state=0,
    )


def load_sets(paths: list[Path]) -> tuple[np.ndarray, np.ndarray, np.ndarray, set[str]]:
    Xs, ys, groups, feats = [], [], [], set()
    offset = 0
    for p in paths:
        d = np.load(p)
        Xs.append(d["X"])
        ys.append(d["y"])
        groups.append(d["left"] + offset)  # a pair's fold follows its left record
        offset += int(max(d["left"].max(initial=0), d["right"].max(initial=0))) + 1
        feats |= set(d["features"].tolist())
    return np.concatenate(Xs), np.concatenate(ys), np.concatenate(groups), feats


def out_of_fold(X: np.ndarray, y: np.ndarray, groups: np.ndarray, folds: int = 5) -> np.ndarray:
    fold = np.random.default_rng(0).integers(0, folds, int(groups.max()) + 1)[groups]
    oof = np.zeros(len(y))
    for k in range(folds):
        m = model().fit(X[fold != k], y[fold != k])
        oof[fold == k] = m.predict_proba(X[fold == k])[:, 1]
    return oof


def fit(X: np.ndarray, y: np.ndarray, groups: np.ndarray, trained_features: set[str], **meta: Any) -> tuple:
    """The final classifier (all pairs), its isotonic calibration (out-of-fold), the out-of-fold
    calibrated probabilities, and the JSON `tipnet.matching.learnt` reads."""
    from sklearn.isotonic import IsotonicRegression

    from tipnet.linkage.second_stage import COLUMNS
    from tipnet.matching.learnt import export_sklearn

    oof = out_of_fold(X, y, groups)
    iso = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip").fit(oof, y)
    final = model().fit(X, y)
    data = export_sklearn(
        final,
        COLUMNS,
        (iso.X_thresholds_, iso.y_thresholds_),
        trained_features=sorted(trained_features),
        pairs=len(y),
        true_pairs=int(y.sum()),
        trainer="bench/linkage_second_stage.py train",
        **meta,
    )
    return final, iso, iso.predict(oof), data


def train(a: argparse.Namespace) -> int:
    X, y, groups, feats = load_sets(a.sets)
    _final, _iso, cal, data = fit(X, y, groups, feats, trained_on=[p.name for p in a.sets])
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    for t in (0.5, 0.6, 0.7, 0.8, 0.9):
        take = cal >= t
        tp = int(y[take].sum())
        print(
            f"out-of-fold t={t}: pairs {int(take.sum())} precision {tp / max(1, take.sum()):.3f} recall {tp / y.sum():.3f}"
        )
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("collect")
    c.add_argument("kind", choices=("ind1", "ind2"))
    c.add_argument("--data", type=Path, required=True)
    c.add_argument("--split", default="calibration")
    c.add_argument("--out", type=Path, required=True)
    t = sub.add_parser("train")
    t.add_argument("sets", type=Path, nargs="+")
    t.add_argument("--out", type=Path, required=True)
    a = ap.parse_args(argv)
    if a.cmd == "collect" and a.split == "test":
        print("refused: the second stage never learns from a test split", file=sys.stderr)
        return 2
    return collect(a) if a.cmd == "collect" else train(a)


if __name__ == "__main__":
    raise SystemExit(main())
