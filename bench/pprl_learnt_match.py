# SPDX-License-Identifier: Apache-2.0
"""Train the learnt comparison stage of `pprl match` (issue 18) on the seed-13 calibration split only.

    # encodings of the independent set (seed 13), each under its own secret: bench_pprl.py work folders
    python bench/bench_pprl.py --work /tmp/w1 --only-tipnet              # and --link-own, other secrets
    python bench/pprl_learnt_match.py collect /tmp/w1 /tmp/w2 ... --out cal.npz
    python bench/pprl_learnt_match.py train cal.npz --out src/tipnet/sharing/pprl/data/pprl_match.json

`collect` reads each work folder's seed-13 encodings (`parties13/A.clk`, `parties13/B.clk`) and the
set's truth, keeps the records of the **calibration** persons of both parties (no test record is read:
they are dropped before matching, so they are neither labelled nor anyone's rival), matches them in
full at the stage's floor (`learnt_match.FLOOR`, the schema's score) and writes the stage's features
(`learnt_match.features`: bit counts of the two filters, no secret) with their labels (one person or
not), the A record's person (the folds) and the number of true pairs (those below the floor count as
missed). It refuses a test split and any seed but 13 (31 is the unseen check).

`train` fits scikit-learn's HistGradientBoostingClassifier, maps its probability through an isotonic
regression fitted on out-of-fold predictions (5 folds grouped by the A record's person, so no person's
pairs inform their own calibration), chooses the default threshold on those out-of-fold probabilities
(the best F1 at precision >= 0.95, true pairs below the floor counted as missed), and writes the JSON
that `tipnet.matching.learnt` reads, with the schema the encodings were made under. It prints the
out-of-fold F1 of the stage against the schema's own score on the same pairs.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def collect_one(work: Path, split: str, people_offset: int) -> dict[str, Any]:
    from tipnet.sharing.pprl.clkfile import check_compatible, read_clk
    from tipnet.sharing.pprl.learnt_match import FLOOR, MATE_FLOOR, SCORED, features, mates
    from tipnet.sharing.pprl.match import PairScorer, match_filters

    data = work / "indep13"
    manifest = json.loads((data / "manifest.json").read_text(encoding="utf-8"))
    if int(manifest.get("seed", -1)) == 31:
        raise SystemExit(f"refused: {data} is seed 31, the unseen check: the stage never learns from it")
    truth = {r["record_id"]: r["person_id"] for r in _read(data / "linkage/truth.csv")}
    psplit = {r["person_id"]: r["split"] for r in _read(data / "linkage/split.csv")}
    fa, fb = read_clk(work / "parties13/A.clk"), read_clk(work / "parties13/B.clk")
    check_compatible(fa, fb)
    ka = np.array([psplit[truth[i]] == split for i in fa.ids])
    kb = np.array([psplit[truth[i]] == split for i in fb.ids])
    ids_a = [i for i, k in zip(fa.ids, ka, strict=True) if k]
    ids_b = [i for i, k in zip(fb.ids, kb, strict=True) if k]
    a, b = fa.filters[ka], fb.filters[kb]
    res = match_filters(a, b, fa.schema, FLOOR, full_limit=1 << 62)  # the schema score's candidates
    full = 1 << 62
    ma, mb = (mates(f, fa.schema, MATE_FLOOR, full_limit=full) for f in (a, b))
    X, z, ia, ib = features(PairScorer(a, b, fa.schema), res.a, res.b, ma, mb, FLOOR, SCORED)
    pa = [truth[i] for i in ids_a]
    pb = [truth[i] for i in ids_b]
    y = np.array([pa[i] == pb[j] for i, j in zip(ia.tolist(), ib.tolist(), strict=True)], dtype=np.int8)
    people = sorted(set(pa))
    pid = {p: k + people_offset for k, p in enumerate(people)}
    by_person: dict[str, list[int]] = {}
    for p in pb:
        by_person.setdefault(p, []).append(1)
    true_pairs = sum(len(by_person.get(p, [])) for p in pa)
    print(
        json.dumps(
            {
                "work": str(work),
                "a": len(ids_a),
                "b": len(ids_b),
                "pairs": len(y),
                "true_found": int(y.sum()),
                "true_pairs": true_pairs,
                "link_own": bool(fa.header.get("link_own")),
            }
        )
    )
    return {
        "X": X,
        "y": y,
        "z": z,
        "group": np.array([pid[pa[i]] for i in ia.tolist()], dtype=np.int64),
        "true_pairs": true_pairs,
        "people": len(people),
        "schema": fa.schema,
    }


def collect(a: argparse.Namespace) -> int:
    parts, offset = [], 0
    schema = None
    for work in a.works:
        got = collect_one(work, a.split, offset)
        offset += got["people"]
        if schema is not None and got["schema"].digest() != schema.digest():
            raise SystemExit(f"refused: {work} was encoded under another schema than the first folder")
        schema = got["schema"]
        parts.append(got)
    assert schema is not None
    np.savez_compressed(
        a.out,
        X=np.concatenate([p["X"] for p in parts]),
        y=np.concatenate([p["y"] for p in parts]),
        z=np.concatenate([p["z"] for p in parts]),
        group=np.concatenate([p["group"] for p in parts]),
        true_pairs=np.array(sum(p["true_pairs"] for p in parts)),
        schema=np.array(json.dumps(schema.to_dict())),
        works=np.array([str(w) for w in a.works]),
    )
    return 0


def model() -> Any:
    """The linkage second stage's ensemble (one set of hyper-parameters for tipnet's learnt stages)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))  # linkage_second_stage, beside this script
    from linkage_second_stage import model as linkage_model

    return linkage_model()


def out_of_fold(
    X: np.ndarray, y: np.ndarray, w: np.ndarray, groups: np.ndarray, folds: int = 5
) -> np.ndarray:
    fold = np.random.default_rng(0).integers(0, folds, int(groups.max()) + 1)[groups]
    oof = np.zeros(len(y))
    for k in range(folds):
        m = model().fit(X[fold != k], y[fold != k], sample_weight=w[fold != k])
        oof[fold == k] = m.predict_proba(X[fold == k])[:, 1]
    return oof


def thin(z: np.ndarray, y: np.ndarray, rate: float, below: float = 0.1) -> tuple[np.ndarray, np.ndarray]:
    """(rows kept, their weights): the easy non-matches (schema score below `below`) kept at `rate`,
    weighted 1/rate, so the fit and the calibration see the same population in less time."""
    easy = (y == 0) & (z < np.log(below / (1 - below)))
    keep = ~easy | (np.random.default_rng(1).random(len(y)) < rate)
    return keep, np.where(easy, 1.0 / rate, 1.0)[keep]


def best_p95(
    score: np.ndarray, y: np.ndarray, w: np.ndarray, true_pairs: int
) -> tuple[float, float, float, float]:
    """(threshold, precision, recall, F1) of the best F1 at precision >= 0.95; recall over every true
    pair (those below the floor count as missed); `w` the rows' weights (thinned non-matches)."""
    order = np.argsort(-score, kind="stable")
    s, t = score[order], y[order]
    tp = np.cumsum(t)
    n = np.cumsum(w[order])
    last = np.r_[s[1:] != s[:-1], True]  # cut only between distinct scores
    p, r = tp / n, tp / max(true_pairs, 1)
    f = np.where(p + r > 0, 2 * p * r / np.maximum(p + r, 1e-12), 0.0)
    ok = last & (p >= 0.95)
    if not ok.any():  # a small or hard training set: the cut of the highest precision (said by `train`)
        ok = last & (p >= p[last].max())
    k = int(np.argmax(np.where(ok, f, -1.0)))
    return float(s[k]), float(p[k]), float(r[k]), float(f[k])


def train(a: argparse.Namespace) -> int:
    from sklearn.isotonic import IsotonicRegression

    from tipnet.matching.learnt import export_sklearn
    from tipnet.sharing.pprl.learnt_match import FLOOR, MATE_FLOOR, SCORED, columns
    from tipnet.sharing.pprl.schema import Schema

    Xs, ys, zs, gs, true_pairs, schemas, works = [], [], [], [], 0, set(), []
    offset = 0
    for path in a.sets:
        d = np.load(path)
        Xs.append(d["X"])
        ys.append(d["y"])
        zs.append(d["z"])
        gs.append(d["group"] + offset)
        offset += int(d["group"].max(initial=0)) + 1
        true_pairs += int(d["true_pairs"])
        schemas.add(str(d["schema"]))
        works += [str(w) for w in d["works"]]
    if len(schemas) != 1:
        raise SystemExit("refused: the sets were encoded under different schemas")
    schema = Schema.from_dict(json.loads(schemas.pop()))
    X, y, z, groups = np.concatenate(Xs), np.concatenate(ys), np.concatenate(zs), np.concatenate(gs)
    keep, w = thin(z, y, a.easy_rate)
    X, y, z, groups = X[keep], y[keep], z[keep], groups[keep]
    oof = out_of_fold(X, y, w, groups)
    iso = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip").fit(oof, y, sample_weight=w)
    cal = iso.predict(oof)
    th, p, r, f = best_p95(cal, y, w, true_pairs)
    th = min(th, 0.9999)  # a cut at the isotonic map's top (1.0) as a threshold the model check admits
    zt, zp, zr, zf = best_p95(z, y, w, true_pairs)
    final = model().fit(X, y, sample_weight=w)
    data = export_sklearn(
        final,
        columns(schema),
        (iso.X_thresholds_, iso.y_thresholds_),
        encoding_schema={
            "schema_id": schema.schema_id,
            "version": schema.version,
            "digest": schema.digest(),
            "segments": schema.segments,
            "intercept": schema.intercept,
            "coefficients": {k: list(v) for k, v in schema.coefficients.items()},
        },
        floor=FLOOR,
        mate_floor=MATE_FLOOR,
        scored=SCORED,
        threshold=round(th, 4),
        pairs=len(y),
        easy_rate=a.easy_rate,
        true_pairs_found=int(y.sum()),
        true_pairs=true_pairs,
        encodings=len(works),
        out_of_fold={"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)},
        schema_score_same_pairs={"precision": round(zp, 3), "recall": round(zr, 3), "f1": round(zf, 3)},
        trained_on="independent set seed 13, calibration split (bench/independent/generate.py --people 2000)",
        trainer="bench/pprl_learnt_match.py train",
    )
    if p < 0.95:
        print(
            f"warning: no threshold reaches precision 0.95 out of fold; the default is the most precise cut (P {p:.3f})"
        )
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    print(
        f"pairs {len(y)} true found {int(y.sum())} of {true_pairs}; out of fold at P>=0.95: stage "
        f"threshold {th:.4f} P {p:.3f} R {r:.3f} F1 {f:.3f}; schema score (z {zt:.3f}) P {zp:.3f} "
        f"R {zr:.3f} F1 {zf:.3f}"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("collect")
    c.add_argument("works", type=Path, nargs="+", help="bench_pprl.py work folders")
    c.add_argument("--split", default="calibration")
    c.add_argument("--out", type=Path, required=True)
    t = sub.add_parser("train")
    t.add_argument("sets", type=Path, nargs="+")
    t.add_argument("--out", type=Path, required=True)
    t.add_argument(
        "--easy-rate", type=float, default=0.2, help="share of the easy non-matches kept (weighted back)"
    )
    a = ap.parse_args(argv)
    if a.cmd == "collect" and a.split != "calibration":
        print("refused: the learnt stage learns from the calibration split only", file=sys.stderr)
        return 2
    return collect(a) if a.cmd == "collect" else train(a)


if __name__ == "__main__":
    raise SystemExit(main())
