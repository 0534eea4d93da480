# SPDX-License-Identifier: Apache-2.0
"""Train the learnt re-scoring stage of screening (issue 13) on the calibration splits of the
independent sets, and measure it on any split.

    python bench/independent/generate.py --people 2000 --seed 13 --out /tmp/indep
    python bench/independent2/generate.py --people 8000 --seed 2613 --out /tmp/ind2
    python bench/screening_second_stage.py collect ind1 --data /tmp/indep --split calibration --out c1.npz
    python bench/screening_second_stage.py collect ind2 --data /tmp/ind2 --split calibration --out c2.npz
    python bench/screening_second_stage.py train c1.npz c2.npz --out src/tipnet/screening/data/second_stage.json
    python bench/screening_second_stage.py measure ind1 --data /tmp/indep --split test [--model M | --off]

`collect` screens the split's travellers against its watchlist exactly as `tipnet screen` does (the
shipped weights and calibration, the stage off) and writes, for every candidate whose calibrated
probability reaches the review floor, the stage's feature row (`tipnet.screening.rescore.COLUMNS`) and
its label from the set's truth, with how many true pairs the split holds (recall's denominator: the
true pairs never returned or below the floor count as missed). `train` fits scikit-learn's
HistGradientBoostingClassifier on both sets' rows, maps its probability through an isotonic regression
fitted on out-of-fold predictions (5 folds grouped by traveller), chooses on those out-of-fold scores
the name-only lift (the lowest score at which name-only pairs are right >= 0.95 of the time) and the
default threshold (best F1 of both sets pooled, the name-only cap applied), and writes the JSON that
`tipnet.matching.learnt` reads. Neither reads a test split (`collect` refuses one). `measure` screens a
split with the shipped stage, a given model or none (`--off`) and prints P / R / F1 at the default
threshold, the best recall at P >= 0.95 and a reliability table.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

FLOOR = 0.2  # screen.REVIEW_FLOOR: the candidates the stage re-scores


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def split_files(kind: str, data: Path, split: str) -> tuple[Path, list[str], set[tuple[str, str]]]:
    """The watchlist, the split's traveller ids and its true (traveller, entry) pairs."""
    if kind == "ind2":
        wl = data / f"watchlist_{split}.csv"
        ids = [r["id"] for r in read_csv(data / f"travellers_{split}.csv")]
        entries = {r["id"] for r in read_csv(wl)}
        truth = {
            (t["traveller_id"], e)
            for t in read_csv(data / "truth" / "travellers_truth.csv")
            if t["split"] == split
            for e in t["true_entries"].split(";")
            if e and e in entries
        }
        return wl, ids, truth
    scr = data / "screening"
    if split == "all":
        ids = [r["id"] for r in read_csv(scr / "travellers.csv")]
    else:
        ids = [r["traveller_id"] for r in read_csv(scr / "split.csv") if r["split"] == split]
    keep = set(ids)
    truth = {
        (r["traveller_id"], r["entry_id"]) for r in read_csv(scr / "truth.csv") if r["traveller_id"] in keep
    }
    return scr / "watchlist.csv", ids, truth


def travellers_file(kind: str, data: Path, split: str) -> Path:
    return data / f"travellers_{split}.csv" if kind == "ind2" else data / "screening" / "travellers.csv"


def screener_for(kind: str, data: Path, split: str, rescorer: Any = False) -> tuple[Any, list, set]:
    from tipnet.screening.entries import build_from_files
    from tipnet.screening.manifest import read_manifest
    from tipnet.screening.screen import Screener

    wl, ids, truth = split_files(kind, data, split)
    ix, _problems = build_from_files([wl])
    keep = set(ids)
    travellers = [
        t for t in read_manifest(travellers_file(kind, data, split)) if t.record is not None and t.ref in keep
    ]
    return Screener(ix, rescorer=rescorer), travellers, truth


def collect(a: argparse.Namespace) -> int:
    from tipnet.screening.rescore import COLUMNS

    screener, travellers, truth = screener_for(a.kind, a.data, a.split)
    X, y, group, p0 = [], [], [], []
    for g, t in enumerate(travellers):
        q = screener.prepare(t.record)
        scored, n = screener.scored(q, FLOOR)
        ps = [round(screener.calibration.probability(b), 4) for _i, b, _e in scored]
        up = [k for k, p in enumerate(ps) if p >= FLOOR]
        if not up:
            continue
        rows = screener.stage_rows(q, scored, ps, n, up)
        for k, row in zip(up, rows, strict=True):
            entry_id = screener.index.describe(scored[k][0])[1]
            X.append(row)
            y.append((t.ref, entry_id) in truth)
            group.append(g)
            p0.append(ps[k])
    y_arr = np.array(y, dtype=np.int8)
    np.savez_compressed(
        a.out,
        X=np.array(X, dtype=float),
        y=y_arr,
        group=np.array(group),
        p0=np.array(p0),
        true_pairs=np.array(len(truth)),
        features=np.array(COLUMNS),
    )
    print(json.dumps({"rows": len(y), "true": int(y_arr.sum()), "true_pairs": len(truth)}))
    return 0


def model() -> Any:
    """Small and regularised (about 900 rows to learn from); the score can only rise with the
    calibrated probability and the bits. Chosen out of fold on the calibration splits against larger and
    unconstrained ensembles (BENCHMARKS.md, "a learnt re-scoring stage")."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    from tipnet.screening.rescore import COLUMNS

    return HistGradientBoostingClassifier(
        max_iter=60,
        learning_rate=0.05,
        max_leaf_nodes=6,
        min_samples_leaf=40,
        l2_regularization=2.0,
        monotonic_cst=[1 if c in ("probability", "bits") else 0 for c in COLUMNS],
        random_state=0,
    )


def out_of_fold(X: np.ndarray, y: np.ndarray, groups: np.ndarray, folds: int = 5) -> np.ndarray:
    fold = np.random.default_rng(0).integers(0, folds, int(groups.max()) + 1)[groups]
    oof = np.zeros(len(y))
    for k in range(folds):
        m = model().fit(X[fold != k], y[fold != k])
        oof[fold == k] = m.predict_proba(X[fold == k])[:, 1]
    return oof


def final_scores(
    p: np.ndarray, X: np.ndarray, lift: float, p0: np.ndarray | None = None, cap: float = 0.3
) -> np.ndarray:
    """The screener's score (`Screener.rescored`): the stage's probability `p`, except for a pair
    resting on the name alone when the traveller has a birth date: it keeps its calibrated probability
    `p0` (the stage's `p` when None), capped, unless the stage scores it at or above `lift`."""
    from tipnet.matching.features import capped
    from tipnet.screening.rescore import COLUMNS

    name_only = X[:, COLUMNS.index("name_only")]
    dated = X[:, COLUMNS.index("query_dated")]
    capped_pair = (name_only > 0) & (dated > 0) & (p < lift)
    out = np.where(capped_pair, p if p0 is None else p0, p)
    m = capped_pair & (out > cap)
    out[m] = capped(out[m], cap)
    return out


def prf(s: np.ndarray, y: np.ndarray, true_pairs: int, t: float) -> tuple[float, float, float]:
    take = s >= t
    tp = int(y[take].sum())
    p = tp / max(1, int(take.sum()))
    r = tp / max(1, true_pairs)
    return p, r, 2 * p * r / (p + r) if tp else 0.0


def train(a: argparse.Namespace) -> int:
    from sklearn.isotonic import IsotonicRegression

    from tipnet.matching.learnt import export_sklearn
    from tipnet.screening.rescore import COLUMNS

    sets = [np.load(p) for p in a.sets]
    for d in sets:
        if tuple(d["features"].tolist()) != COLUMNS:
            print(f"refused: {a.sets} were collected with other columns", file=sys.stderr)
            return 2
    offsets = np.cumsum([0] + [int(d["group"].max()) + 1 for d in sets[:-1]])
    X = np.concatenate([d["X"] for d in sets])
    y = np.concatenate([d["y"] for d in sets])
    groups = np.concatenate([d["group"] + o for d, o in zip(sets, offsets, strict=True)])
    which = np.concatenate([np.full(len(d["y"]), k) for k, d in enumerate(sets)])
    true_pairs = [int(d["true_pairs"]) for d in sets]
    oof = out_of_fold(X, y, groups)
    iso = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip").fit(oof, y)
    cal = iso.predict(oof)
    no = X[:, COLUMNS.index("name_only")]
    # the lift: the lowest score from which name-only pairs are right >= 0.95 of the time (pooled)
    lift = 1.0
    for t in np.arange(0.99, 0.29, -0.01):
        m = (no > 0) & (X[:, COLUMNS.index("query_dated")] > 0) & (cal >= t)
        if m.sum() >= 5 and y[m].mean() >= 0.95:
            lift = float(round(t, 2))
        elif m.sum() >= 5:
            break
    s = final_scores(cal, X, lift, np.concatenate([d["p0"] for d in sets]))
    # above the name-only cap: a capped pair is for review, never a hit
    grid = np.round(np.arange(0.31, 0.96, 0.01), 2)
    f1 = [prf(s, y, sum(true_pairs), t)[2] for t in grid]
    threshold = float(grid[int(np.argmax(f1))])
    final = model().fit(X, y)
    data = export_sklearn(
        final,
        COLUMNS,
        (iso.X_thresholds_, iso.y_thresholds_),
        threshold=threshold,
        name_only_lift=lift,
        on_by_default=bool(a.on_by_default),
        rows=len(y),
        true_rows=int(y.sum()),
        true_pairs=true_pairs,
        trained_on=[p.name for p in a.sets],
        trainer="bench/screening_second_stage.py train",
    )
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    report: dict[str, Any] = {"threshold": threshold, "name_only_lift": lift, "trees": len(data["trees"])}
    for k, p in enumerate(a.sets):
        m = which == k
        before = final_scores(sets[k]["p0"], X[m], 2.0)
        report[p.name] = {
            "out_of_fold_at_threshold": prf(s[m], y[m], true_pairs[k], threshold),
            "stage_off_at_0.3111": prf(before, y[m], true_pairs[k], 0.3111),
            "R_at_P95_out_of_fold": recall_at(s[m], y[m], true_pairs[k]),
            "R_at_P95_stage_off": recall_at(before, y[m], true_pairs[k]),
            "R_review_out_of_fold": prf(s[m], y[m], true_pairs[k], FLOOR)[1],
        }
    print(json.dumps(report, indent=1))
    return 0


def recall_at(s: np.ndarray, y: np.ndarray, true_pairs: int, precision: float = 0.95) -> float:
    """The best recall at a threshold whose precision is at least `precision`."""
    best = 0.0
    for t in np.unique(s):
        p, r, _f = prf(s, y, true_pairs, float(t))
        if p >= precision:
            best = max(best, r)
    return best


BINS = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0001]


def measure(a: argparse.Namespace) -> int:
    from tipnet.screening.rescore import load_rescorer

    rescorer: Any = False if a.off else (load_rescorer(a.model) if a.model else True)
    screener, travellers, truth = screener_for(a.kind, a.data, a.split, rescorer)
    scores: dict[tuple[str, str], float] = {}
    results = screener.screen_many([t.record for t in travellers], threshold=0.0)
    for t, r in zip(travellers, results, strict=True):
        for h in r.hits:
            k = (t.ref, h.entry_id)
            scores[k] = max(scores.get(k, 0.0), h.score)
    keys = list(scores)
    s = np.array([scores[k] for k in keys])
    y = np.array([k in truth for k in keys], dtype=np.int8)
    default = screener.threshold if a.threshold is None else a.threshold
    p, r, f = prf(s, y, len(truth), default)
    best95 = recall_at(s, y, len(truth))
    review = prf(s, y, len(truth), FLOOR)[1]
    bins = []
    for lo, hi in itertools.pairwise(BINS):
        m = (s >= lo) & (s < hi)
        if m.any():
            bins.append(
                [
                    f"{lo:.1f}-{min(hi, 1.0):.1f}",
                    int(m.sum()),
                    round(float(s[m].mean()), 3),
                    round(float(y[m].mean()), 3),
                ]
            )
    out = {
        "set": f"{a.kind}/{a.split}",
        "stage": "off"
        if a.off
        else (str(a.model) if a.model else "shipped" if screener.rescorer else "none shipped"),
        "threshold": default,
        "true_pairs": len(truth),
        "P": round(p, 3),
        "R": round(r, 3),
        "F1": round(f, 3),
        "R_at_P95": round(best95, 3),
        "R_with_review": round(review, 3),
        "reliability": bins,
        "kinds": dict(Counter()),
    }
    print(json.dumps(out))
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
    t.add_argument("--on-by-default", action="store_true", help="Mark the model to be used by default.")
    m = sub.add_parser("measure")
    m.add_argument("kind", choices=("ind1", "ind2"))
    m.add_argument("--data", type=Path, required=True)
    m.add_argument("--split", default="test")
    m.add_argument("--model", type=Path)
    m.add_argument("--off", action="store_true")
    m.add_argument("--threshold", type=float)
    a = ap.parse_args(argv)
    if a.cmd == "collect" and a.split != "calibration":
        print("refused: the screening stage learns from calibration splits only", file=sys.stderr)
        return 2
    return {"collect": collect, "train": train, "measure": measure}[a.cmd](a)


if __name__ == "__main__":
    raise SystemExit(main())
