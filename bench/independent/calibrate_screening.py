"""Fit screening's calibration (bits -> probability) and default threshold on the independent set's
CALIBRATION split, and report the reliability of the result on the TEST split (never fitted on).

    python bench/independent/generate.py --people 2000 --seed 13 --out /tmp/indep
    python bench/independent/calibrate_screening.py --data /tmp/indep [--write] [--plot docs/x.png]

Every candidate pair the screener scores (up to 20 per traveller) is one labelled point: the
traveller's split decides where it goes. The isotonic curve is fitted on the calibration points; the
default threshold is the calibrated score that maximises F1 on the calibration split (precision and
recall weighed alike; `--target P` picks instead the lowest score whose hits reach precision P). `--write` stores both in src/tipnet/screening/data/calibration.json.
Reads only the generator's outputs (watchlist, travellers, truth, split), not its source.
"""

from __future__ import annotations

import argparse
import csv
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from tipnet.screening.calibration import GROUPS, SOFT_GROUPS, Calibration, default_calibration, group_of
from tipnet.screening.entries import build_from_files
from tipnet.screening.manifest import read_manifest
from tipnet.screening.screen import MAX_HITS, Screener

OUT = Path(__file__).resolve().parents[2] / "src" / "tipnet" / "screening" / "data" / "calibration.json"


def fit_isotonic(
    bits: list[float], labels: list[bool], *, knots: int = 40
) -> tuple[list[float], list[float]]:
    """Isotonic regression of label on bits (scipy's pool-adjacent-violators), thinned to at most
    `knots` knots at the ends of the fitted steps."""
    import numpy as np
    from scipy.optimize import isotonic_regression  # type: ignore[import-untyped]

    order = np.argsort(np.asarray(bits, dtype=float), kind="stable")
    x = np.asarray(bits, dtype=float)[order]
    y = np.asarray(labels, dtype=float)[order]
    fitted = isotonic_regression(y, increasing=True).x
    # One knot at the middle of each constant block (a step curve made piecewise linear).
    xs: list[float] = []
    ys: list[float] = []
    start = 0
    for k in range(1, len(x) + 1):
        if k == len(x) or fitted[k] != fitted[start]:
            xs.append(float((x[start] + x[k - 1]) / 2))
            ys.append(float(fitted[start]))
            start = k
    if len(xs) > knots:
        pick = sorted({round(i * (len(xs) - 1) / (knots - 1)) for i in range(knots)})
        xs, ys = [xs[i] for i in pick], [ys[i] for i in pick]
    if len(xs) == 1:
        xs, ys = [xs[0] - 1, xs[0] + 1], [ys[0], ys[0]]
    dedup_x: list[float] = []
    dedup_y: list[float] = []
    for a, b in zip(xs, ys, strict=True):
        if dedup_x and a <= dedup_x[-1]:
            continue
        dedup_x.append(round(a, 4))
        dedup_y.append(round(b, 4))
    return dedup_x, dedup_y


Point = tuple[str, str, dict[str, float]]  # traveller, entry, bits per evidence group


def labelled_points(data: Path) -> dict[str, list[Point]]:
    """Per split: (traveller, entry, bits per group) of every scored candidate (top MAX_HITS)."""
    scr = data / "screening"
    split = {r["traveller_id"]: r["split"] for r in csv.DictReader((scr / "split.csv").open())}
    ix, _problems = build_from_files([scr / "watchlist.csv"])
    screener = Screener(ix)
    out: dict[str, list[Point]] = defaultdict(list)
    for t in read_manifest(scr / "travellers.csv"):
        if t.record is None:
            continue
        scored, _n = screener.scored(screener.prepare(t.record))
        scored.sort(key=lambda x: -x[1])
        for i, _bits, evidence in scored[:MAX_HITS]:
            groups = dict.fromkeys((*GROUPS, "soft_disagreement"), 0.0)
            for ev in evidence:
                g = group_of(ev.feature)
                groups["soft_disagreement" if ev.bits < 0 and g in SOFT_GROUPS else g] += ev.bits
            out[split[t.ref]].append((t.ref, ix.describe(i)[1], groups))
    return out


def fit_scales(points: list[Point], labels: list[bool]) -> dict[str, float]:
    """The balance of the evidence groups: a logistic regression of the label on each group's bits
    (scipy's L-BFGS on the log-loss, a little L2), scaled so that the name counts 1. Nationality
    and gender keep their simulator weights (scale 1, an offset in the regression): a mis-recorded
    gender must lower a score, never veto it, whatever this data set's habits."""
    import numpy as np
    from scipy.optimize import minimize  # type: ignore[import-untyped]

    fitted = [k for k in GROUPS if k != "nationality_gender"]
    x = np.array([[g[k] for k in fitted] for _t, _e, g in points], dtype=float)
    # Nationality and gender, and every soft disagreement, at their own weights (see combine).
    offset = np.array([g["nationality_gender"] + g["soft_disagreement"] for _t, _e, g in points], dtype=float)
    y = np.array(labels, dtype=float)

    def loss(w: np.ndarray) -> float:
        z = x @ w[:-1] + w[-1] + offset * w[0]  # the fixed group moves with the name's scale
        return float(np.sum(np.logaddexp(0, z) - y * z) + 1e-3 * np.sum(w[:-1] ** 2))

    w = minimize(loss, np.r_[np.ones(len(fitted)) * 0.5, 0.0], method="L-BFGS-B").x
    name = w[0]
    if name <= 0:
        raise SystemExit("the name's weight came out non-positive: refusing to write this calibration")
    scales = {k: round(max(1e-3, float(w[j] / name)), 4) for j, k in enumerate(fitted)}
    scales["nationality_gender"] = 1.0
    return scales


def truth_of(data: Path) -> tuple[set[tuple[str, str]], dict[str, int]]:
    scr = data / "screening"
    split = {r["traveller_id"]: r["split"] for r in csv.DictReader((scr / "split.csv").open())}
    truth = {(r["traveller_id"], r["entry_id"]) for r in csv.DictReader((scr / "truth.csv").open())}
    per_split: dict[str, int] = defaultdict(int)
    for t, _e in truth:
        per_split[split[t]] += 1
    return truth, per_split


def sweep(probs: list[float], labels: list[bool], n_true: int, thresholds: list[float]) -> dict[str, Any]:
    out = {}
    for t in thresholds:
        tp = sum(1 for p, y in zip(probs, labels, strict=True) if p >= t and y)
        hits = sum(1 for p in probs if p >= t)
        prec = tp / hits if hits else 1.0
        rec = tp / n_true if n_true else 0.0
        out[f"{t:g}"] = {"precision": round(prec, 3), "recall": round(rec, 3), "hits": hits}
    return out


def reliability(probs: list[float], labels: list[bool], bins: int = 10) -> list[dict[str, Any]]:
    rows = []
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        sel = [y for p, y in zip(probs, labels, strict=True) if lo <= p < hi or (b == bins - 1 and p == 1.0)]
        mean = [p for p in probs if lo <= p < hi or (b == bins - 1 and p == 1.0)]
        rows.append(
            {
                "bin": f"{lo:.1f}-{hi:.1f}",
                "pairs": len(sel),
                "mean_score": round(sum(mean) / len(mean), 3) if mean else None,
                "observed_precision": round(sum(sel) / len(sel), 3) if sel else None,
            }
        )
    return rows


def choose_threshold(probs: list[float], labels: list[bool], n_true: int, target: float | None) -> float:
    """The score maximising F1 (ties: the higher score), or with `target` the lowest score whose
    hits at or above it reach that precision."""
    best, best_f1 = 1.0, -1.0
    for t in sorted(set(probs), reverse=True):
        tp = sum(1 for p, y in zip(probs, labels, strict=True) if p >= t and y)
        hits = sum(1 for p in probs if p >= t)
        if target is not None:
            if hits and tp / hits >= target:
                best = t
            continue
        f1 = 2 * tp / (hits + n_true) if hits + n_true else 0.0
        if f1 > best_f1:
            best, best_f1 = t, f1
    return round(best, 4)


def plot(rows: list[dict[str, Any]], path: Path, title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    xs = [r["mean_score"] for r in rows if r["pairs"]]
    ys = [r["observed_precision"] for r in rows if r["pairs"]]
    ns = [r["pairs"] for r in rows if r["pairs"]]
    fig, ax = plt.subplots(figsize=(5, 5))
    ax.plot([0, 1], [0, 1], "--", color="grey", label="perfect calibration")
    ax.plot(xs, ys, "o-", label="tipnet screen (test split)")
    for x, y, n in zip(xs, ys, ns, strict=True):
        ax.annotate(str(n), (x, y), textcoords="offset points", xytext=(4, -10), fontsize=7)
    ax.set_xlabel("predicted score (bin mean)")
    ax.set_ylabel("observed precision")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.02)
    ax.set_title(title, fontsize=9)
    ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=120)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--write", action="store_true", help="store the fitted calibration in the package")
    ap.add_argument("--plot", type=Path, help="reliability diagram of the test split (PNG)")
    ap.add_argument("--target", type=float, help="precision to reach instead of the best F1")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--no-scales", action="store_true", help="sum the bits as they are (no logistic balance)")
    args = ap.parse_args()
    points = labelled_points(args.data)
    truth, n_true = truth_of(args.data)
    cal_pts = points["calibration"]
    cal_labels = [(t, e) in truth for t, e, _g in cal_pts]
    scales = tuple(fit_scales(cal_pts, cal_labels).items()) if not args.no_scales else ()
    base = Calibration((0.0, 1.0), (0.0, 1.0), 0.5, {}, scales)
    cal_bits = [base.combine(g.items()) for _t, _e, g in cal_pts]
    xs, ys = fit_isotonic(cal_bits, cal_labels)
    provisional = Calibration(tuple(xs), tuple(ys), 0.5, {}, scales)
    cal_probs = [provisional.probability(b) for b in cal_bits]
    threshold = choose_threshold(cal_probs, cal_labels, n_true["calibration"], args.target)
    calibration = Calibration(
        tuple(xs),
        tuple(ys),
        threshold,
        {
            "fitted_on": f"bench/independent calibration split ({args.data.name}), {len(cal_pts)} pairs",
            "scales": "logistic regression of the label on the bits of each evidence group",
            "threshold_rule": "best F1 on the calibration split"
            if args.target is None
            else f"lowest score with precision >= {args.target} on the calibration split",
        },
        scales,
    )
    if args.write:
        OUT.write_text(json.dumps(calibration.to_json(), indent=1) + "\n", encoding="utf-8")
        default_calibration.cache_clear()
    report: dict[str, Any] = {"threshold": threshold, "knots": len(xs), "scales": dict(scales)}
    for split in ("calibration", "test"):
        pts = points[split]
        labels = [(t, e) in truth for t, e, _g in pts]
        probs = [calibration.probability(calibration.combine(g.items())) for _t, _e, g in pts]
        report[split] = {
            "pairs": len(pts),
            "true_hits": n_true[split],
            "sweep": sweep(probs, labels, n_true[split], [threshold, 0.3, 0.5, 0.7, 0.9]),
            "reliability": reliability(probs, labels),
        }
    if args.plot:
        plot(
            report["test"]["reliability"],
            args.plot,
            f"Screening reliability, independent set test split\n(isotonic fitted on the calibration split; threshold {threshold})",
        )
    text = json.dumps(report, indent=1)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
