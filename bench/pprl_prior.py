"""The calibration of `pprl match`'s score for the population prior (issue 18, session 13).

    python bench/pprl_prior.py WORK [WORK ...]

WORK: `bench/bench_pprl.py --work` folders (seed 13's parties encoded). Reads the **calibration** split
only: every pair of a calibration person's A record with every B record, scored without the prior
(`Scorer.logit`, the schema's log-odds z), and fits P(one person) = sigmoid(slope * z + offset) (Platt
scaling, an unpenalised logistic regression on z). Prints the fit per folder, the larger file's records
and the share of A's records with a true match (the prior's reference population and overlap: the
constants of `sharing.pprl.match.Calibration`). Counts only, never a value.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

from tipnet.sharing.pprl.clkfile import read_clk
from tipnet.sharing.pprl.match import PairScorer

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_pprl import make_parties


def fit(work: Path) -> dict[str, float]:
    from sklearn.linear_model import LogisticRegression

    d = make_parties(work / "indep13", work / "parties13")
    a, b = read_clk(work / "parties13/A.clk"), read_clk(work / "parties13/B.clk")
    split = [d["split"][d["truth"][x]] for x in a.ids]  # type: ignore[index]
    rows = np.array([i for i, s in enumerate(split) if s == "calibration"], dtype=np.int64)
    ia, ib = np.repeat(rows, len(b)), np.tile(np.arange(len(b), dtype=np.int64), len(rows))
    scorer = PairScorer(a.filters, b.filters, a.schema)
    scorer.scorer.combine = scorer.scorer.logit  # type: ignore[method-assign]
    z = scorer(ia, ib)
    pa = {x: i for i, x in enumerate(a.ids)}
    pb = {x: i for i, x in enumerate(b.ids)}
    true = {pa[x] * len(b) + pb[y] for x, y in d["pairs"]}  # type: ignore[attr-defined]
    y = np.isin(ia * len(b) + ib, np.fromiter(true, dtype=np.int64))
    lr = LogisticRegression(C=1e6, max_iter=1000).fit(z[:, None], y)
    matched = len({x for x, _y in d["pairs"]}) / len(a.ids)  # type: ignore[attr-defined]
    return {"pairs": len(z), "true": int(y.sum()), "slope": round(float(lr.coef_[0, 0]), 3),
            "offset": round(float(lr.intercept_[0]), 3), "records": max(len(a), len(b)),
            "overlap": round(matched, 3), "profile_salted": bool(a.schema.salt_names)}  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("runs", type=Path, nargs="+")
    for work in ap.parse_args().runs:
        print(work.name, fit(work))


if __name__ == "__main__":
    main()
