"""Fit the PPRL score's logistic coefficients on the **calibration** split only (issue 18).

    python bench/pprl_fit.py /tmp/pprl10/b1 /tmp/pprl10/b2 /tmp/pprl10/b3 [--json OUT]

Each argument is a `bench/bench_pprl.py --work` folder (its `parties13/A.clk`, `B.clk`, the generated
seed-13 set and its split; each folder encoded under its own secret, so the fit sees several BLIP
draws). The pairs fitted are every A record of a calibration person against every B record (the
bench's own calibration set); the test split and seed 31 are never read. The features are the
matcher's own (`match.Scorer.terms`): per field, whether both records hold it, its Dice and Dice**4,
the salted name segments (`name_phone` tiered with `name_phone_country`, `name_document`) each with
their own terms. The fit is an L2 logistic regression (scikit-learn, bench only); the script prints
the coefficients in the schema's layout and, by 5-fold cross-validation over calibration persons, the
F1 at precision >= 0.95 of the schema's present coefficients and of the refit.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_pprl import make_parties
from tipnet.sharing.pprl.clkfile import read_clk
from tipnet.sharing.pprl.match import Scorer
from tipnet.sharing.pprl.schema import DEFAULT_SCHEMA, PROFILES, Schema

# The coefficients before the refit (fitted for v1, kept to v4 until session 11; the unsalted profile's): the gate of --hard and
# the baseline the refit is compared with
EARLIER = replace(
    DEFAULT_SCHEMA, intercept=PROFILES["unsalted"].intercept, coefficients=PROFILES["unsalted"].coefficients
)
FIELDS = ("name", "name_phone", "name_document", "birth", "document", "phone", "gender", "nationality")


def pair_parts(
    work: Path,
) -> tuple[dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]], np.ndarray, np.ndarray]:
    """Per-field (intersections, counts A, counts B) of every calibration A x B pair, flattened; the
    labels; the person of each pair's A record (for grouped cross-validation)."""
    data = make_parties(work / "indep13", work / "fit13")
    fa, fb = read_clk(work / "parties13/A.clk"), read_clk(work / "parties13/B.clk")
    truth, split = data["truth"], data["split"]
    rows_a = [i for i, x in enumerate(fa.ids) if split[truth[x]] == "calibration"]
    segs = fa.schema.stored_segments()
    ua, ub = np.unpackbits(fa.filters[rows_a], axis=1), np.unpackbits(fb.filters, axis=1)
    parts = {}
    for f, (s, n) in segs.items():
        sa, sb = ua[:, s : s + n].astype(np.float32), ub[:, s : s + n].astype(np.float32)
        parts[f] = (
            (sa @ sb.T).ravel(),
            np.repeat(sa.sum(axis=1), len(fb.ids)),
            np.tile(sb.sum(axis=1), len(rows_a)),
        )
    pairs = data["pairs"]
    label = np.array([(fa.ids[i], y) in pairs for i in rows_a for y in fb.ids], dtype=bool)
    person = np.repeat(np.array([int(truth[fa.ids[i]][1:]) for i in rows_a]), len(fb.ids))
    return parts, label, person


def design(schema: Schema, parts: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]) -> np.ndarray:
    terms = Scorer(schema).terms(parts)
    cols = []
    for f in FIELDS:
        present, dice = terms[f]
        cols += [present, present * dice, present * dice**4]
    return np.stack(cols, axis=1).astype(np.float64)


def f1_at_p95(score: np.ndarray, label: np.ndarray, positives: int) -> tuple[float, float, float, float]:
    """(F1, precision, recall, threshold) of the best F1 with precision >= 0.95."""
    order = np.argsort(-score, kind="stable")
    s, y = score[order], label[order]
    tp = np.cumsum(y)
    k = np.arange(1, len(y) + 1)
    p, r = tp / k, tp / max(1, positives)
    last = np.r_[s[1:] != s[:-1], True]  # a threshold takes every pair of equal score
    f = np.where(last & (p >= 0.95), 2 * p * r / np.maximum(p + r, 1e-12), 0.0)
    i = int(np.argmax(f))
    return float(f[i]), float(p[i]), float(r[i]), float(s[i])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("work", nargs="+", type=Path)
    ap.add_argument("--c", type=float, default=1.0, help="inverse L2 strength")
    ap.add_argument("--json", type=Path)
    ap.add_argument(
        "--households", type=float, default=0.0, help="weight of the shared-phone prior (0: none)"
    )
    ap.add_argument("--model", default="logit", help="logit (the schema's form) or gbm (an upper bound)")
    ap.add_argument(
        "--hard", type=float, default=0.0, help="fit only pairs the present score puts at or above"
    )
    args = ap.parse_args()
    from sklearn.linear_model import LogisticRegression

    schema = DEFAULT_SCHEMA
    xs, ys, gs, olds, nows, augs = [], [], [], [], [], []
    positives = 0  # every true pair, found or not (those with no agreement stay in the recall's denominator)
    for w in args.work:
        parts, y, g = pair_parts(w)
        keep = np.zeros(len(y), dtype=bool)  # pairs with no agreement at all are left out (score ~0)
        for f in ("name", "name_phone", "name_phone_country", "name_document", "document", "phone",
                  "phone_country", "birth"):  # fmt: skip
            keep |= parts[f][0] > 0
        sub = {f: (a[keep], b[keep], c[keep]) for f, (a, b, c) in parts.items()}
        xs.append(design(schema, sub))
        ys.append(y[keep])
        positives += int(y.sum())
        gs.append(g[keep])
        olds.append(Scorer(EARLIER).combine(sub))
        nows.append(Scorer(schema).combine(sub))
        augs.append(np.zeros(int(keep.sum()), dtype=bool))
        print(f"{w}: {int(keep.sum()):,} pairs with some agreement, {int(y.sum()):,} true", file=sys.stderr)
        if args.households:
            # The prior of a shared phone with another name (households, a broker's or shelter's line;
            # rare in this data set): every pair sharing a phone (Dice >= 0.8) and holding names salted
            # with it is copied with those names' Dice set to 0.25 (a shared surname) and labelled a
            # non-match. Training only: the cross-validation scores real pairs alone.
            terms = Scorer(schema).terms(sub)
            pp, pd = terms["phone"]
            npres, _nd = terms["name_phone"]
            m = pp & (pd >= 0.8) & npres
            hh = {f: (a[m], b[m], c[m]) for f, (a, b, c) in sub.items()}
            for f in ("name", "name_phone", "name_phone_country", "name_document"):
                _i, ca, cb = hh[f]
                hh[f] = (0.125 * (ca + cb), ca, cb)
            xs.append(design(schema, hh))
            n = int(m.sum())
            ys.append(np.zeros(n, dtype=bool))
            gs.append(np.full(n, -1))
            olds.append(np.zeros(n))
            nows.append(np.zeros(n))
            augs.append(np.ones(n, dtype=bool))
    x, y, g = np.concatenate(xs), np.concatenate(ys), np.concatenate(gs)
    old, now, aug = np.concatenate(olds), np.concatenate(nows), np.concatenate(augs)
    folds = np.abs(g) % 5
    hard = (
        old >= args.hard
    ) | aug  # the fit sees the pairs near the decision only (the rest score ~0 anyway)

    def fit(tr: np.ndarray):  # type: ignore[no-untyped-def]
        if args.model == "gbm":
            from sklearn.ensemble import HistGradientBoostingClassifier

            return HistGradientBoostingClassifier(max_iter=300, learning_rate=0.05).fit(x[tr], y[tr])
        weight = np.where(aug[tr], args.households, 1.0)
        return LogisticRegression(C=args.c, max_iter=5000).fit(x[tr], y[tr], sample_weight=weight)

    oof = np.zeros(len(y))
    for k in range(5):
        tr, te = ((folds != k) | aug) & hard, (folds == k) & ~aug
        oof[te] = fit(tr).predict_proba(x[te])[:, 1]
    # every pair of a held-out fold is scored (as the matcher will), not only those the fit saw
    m = fit(hard)
    out: dict[str, object] = {
        "model": args.model,
        "hard": args.hard,
        "pairs_fitted": int(hard.sum()),
        "cv_f1_p95_refit": f1_at_p95(oof[~aug], y[~aug], positives),
        "f1_p95_earlier": f1_at_p95(old[~aug], y[~aug], positives),
        "f1_p95_schema_now": f1_at_p95(now[~aug], y[~aug], positives),
    }
    if args.model == "logit":
        coef = m.coef_[0]
        out["intercept"] = round(float(m.intercept_[0]), 2)
        out["coefficients"] = {
            f: [round(float(c), 2) for c in coef[3 * i : 3 * i + 3]] for i, f in enumerate(FIELDS)
        }
    print(json.dumps(out, indent=1))
    if args.json:
        args.json.write_text(json.dumps(out, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
