# SPDX-License-Identifier: Apache-2.0
"""A learnt matcher against `bench/linkage_ceiling.py`'s oracle, on the same pairs (review of issue 13 / 18).

    python bench/linkage_ceiling_learnt.py ind2 --data /tmp/ind2 --train calibration --target test
    python bench/linkage_ceiling_learnt.py ind1 --data /tmp/indep --train calibration --target test \
        [--across immigration,police] [--target-data /tmp/indep31 --target all]

The oracle ranks cells of a few bucketed features by their own labels on the split it scores, so it is
meant as an upper bound. This script asks whether it is one: a gradient-boosted classifier (scikit-learn)
reads the same pairs with the features unbucketed (name similarity, how many records hold each record's
name, the year gap) and with what the oracle leaves out (`linkage_ceiling.record_evidence`: address,
phone and document agreement or conflict, dates to the day and month; `pooled_evidence`: the years, full
dates and genders of each record's group of corroborated records, the groups a matcher builds from every
corroborated pair it sees, true or false). It is trained on `--train` (two halves, each scoring the
other, to choose the threshold of precision 0.95 out of sample), and scored on `--target`:
  - at the training split's threshold (no hindsight at all);
  - at the target's best threshold of precision >= 0.95 (one number chosen with hindsight, where the
    oracle chooses the order of hundreds of cells);
  - fitted on the target itself (in sample: how much a matcher that memorises could take).
Pairs are counted as the oracle counts them: the transitive pairs (b) linked for free, false pairs only
where two records share a name key, unlike names never taken. `--symmetric` also drops the true pairs
that share no name key of at most BLOCK_CAP records (their false counterparts are never generated), as a
check on that asymmetry, which favours both the oracle and this model.
"""

from __future__ import annotations

import argparse
import itertools
import json
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier

import linkage_ceiling as lc

Key = tuple[str, str]


def universe(kind: str, data: Path, split: str, across: frozenset[str], symmetric: bool) -> dict:
    recs, path = lc.load(kind, data, split)
    party: dict[str, bool] = {}
    if across:
        src = data / "linkage" / "records.csv" if kind == "ind1" else path
        party = {r["record_id"]: r["agency"] in across for r in lc.read_csv(src)}

    def crossing(k: Key) -> bool:
        return not across or party[k[0]] != party[k[1]]

    people: dict[str, list[str]] = defaultdict(list)
    if kind == "ind2":
        for r in lc.read_csv(data / "truth" / "records_truth.csv"):
            if r["split"] == split:
                people[r["person_id"]].append(r["record_id"])
    else:
        psplit = {r["person_id"]: r["split"] for r in lc.read_csv(data / "linkage" / "split.csv")}
        for r in lc.read_csv(data / "linkage" / "truth.csv"):
            if split in ("all", psplit[r["person_id"]]):
                people[r["person_id"]].append(r["record_id"])
    person_pairs = {lc.key(a, b) for ids in people.values() for a, b in itertools.combinations(ids, 2)}
    true_pairs = {k for k in person_pairs if crossing(k)}
    P = lc.Pairs(recs)
    edges = [(a, b) for a, b in person_pairs if a in recs and b in recs and P.corroborated(a, b)]
    comp = lc.components(recs, edges)
    reach = {k for k in true_pairs if k[0] in comp and k[1] in comp and comp[k[0]] == comp[k[1]]}
    ev_index = lc.evidence_index(recs, P)
    corr_all: set[Key] = set()
    for ids in ev_index.values():
        for a, b in itertools.combinations(ids, 2):
            k = lc.key(a, b)
            if k not in corr_all and P.corroborated(*k):
                corr_all.add(k)
    false_corr = {k for k in corr_all if recs[k[0]].person != recs[k[1]].person and crossing(k)}
    size: Counter[str] = Counter()
    name_index: dict[str, list[str]] = defaultdict(list)
    for r in recs.values():
        for f in {*r.blocks, *r.forms}:
            name_index[f].append(r.rid)
            size[f] += 1
    false_seen: set[Key] = set()
    for ids in name_index.values():
        if len(ids) > lc.BLOCK_CAP:
            continue
        for a, b in itertools.combinations(ids, 2):
            k = lc.key(a, b)
            if recs[a].person != recs[b].person and k not in false_corr and crossing(k):
                false_seen.add(k)
    rest = [k for k in true_pairs - reach if k[0] in recs and k[1] in recs]
    if symmetric:
        rest = [
            k
            for k in rest
            if any(
                size[f] <= lc.BLOCK_CAP
                for f in {*recs[k[0]].blocks, *recs[k[0]].forms} & {*recs[k[1]].blocks, *recs[k[1]].forms}
            )
        ]
    group = lc.components(recs, corr_all)  # what a matcher builds: no truth
    members: dict[str, list[str]] = defaultdict(list)
    for rid, g in group.items():
        members[g].append(rid)
    pairs = [(k, 1) for k in rest] + [(k, 0) for k in false_seen]
    rows = []
    for k, t in pairs:
        cell = P.cell(*k)
        if cell[0].startswith(("disagree", "no name")):
            continue  # never taken, as by the oracle
        s, d = P.sim(*k)
        ra, rb = recs[k[0]], recs[k[1]]
        na, nb = sorted((P.name_n[k[0]], P.name_n[k[1]]))
        gap = abs(ra.year - rb.year) if ra.year and rb.year else -1
        ga, gb = members[group[k[0]]], members[group[k[1]]]
        num = [s if s is not None else -1.0, float(d), na, nb, gap, len(ga) + len(gb)]
        cat = [*cell[2:], *lc.record_evidence(ra, rb), *lc.pooled_evidence(recs, ga, gb)]
        rows.append((num, cat, t))
    return {"rows": rows, "base": len(reach), "n_true": len(true_pairs)}


def matrices(us: list[dict]) -> list[tuple[np.ndarray, np.ndarray]]:
    vocab: dict[tuple[int, str], int] = {}
    for u in us:
        for _n, cat, _t in u["rows"]:
            for j, v in enumerate(cat):
                vocab.setdefault((j, v), len(vocab))
    out = []
    for u in us:
        X = np.zeros((len(u["rows"]), 6 + len(vocab)), dtype=np.float32)
        y = np.zeros(len(u["rows"]), dtype=np.int8)
        for i, (num, cat, t) in enumerate(u["rows"]):
            X[i, :6] = num
            for j, v in enumerate(cat):
                X[i, 6 + vocab[(j, v)]] = 1
            y[i] = t
        out.append((X, y))
    return out


def model() -> HistGradientBoostingClassifier:
    return HistGradientBoostingClassifier(max_iter=200, learning_rate=0.05, max_leaf_nodes=31, random_state=0)


def curve(scores: np.ndarray, y: np.ndarray, base: int, n_true: int) -> tuple[np.ndarray, ...]:
    o = np.argsort(-scores, kind="stable")
    tp = base + np.cumsum(y[o])
    fp = np.cumsum(1 - y[o])
    p = tp / (tp + fp)
    r = tp / n_true
    return p, r, 2 * p * r / (p + r), scores[o]


def best(p: np.ndarray, r: np.ndarray, f: np.ndarray) -> tuple[int, list[float]] | None:
    ok = np.where(p >= lc.P_GOAL)[0]
    if not len(ok):
        return None
    i = int(ok[np.argmax(f[ok])])
    return i, [round(float(p[i]), 4), round(float(r[i]), 4), round(float(f[i]), 4)]


def evaluate(train: dict, target: dict) -> dict:
    (A, ya), (B, yb) = matrices([train, target])
    fold = np.random.default_rng(0).integers(0, 2, len(ya))
    oof = np.zeros(len(ya))
    sb = np.zeros(len(yb))
    for k in (0, 1):
        m = model().fit(A[fold != k], ya[fold != k])
        oof[fold == k] = m.predict_proba(A[fold == k])[:, 1]
        sb += m.predict_proba(B)[:, 1] / 2
    p, r, f, sc = curve(oof, ya, train["base"], train["n_true"])
    b = best(p, r, f)
    res: dict = {"train_out_of_sample": b[1] if b else None}
    if b:
        take = sb >= sc[b[0]]
        tp = target["base"] + int(yb[take].sum())
        fp = int((1 - yb[take]).sum())
        P_, R_ = tp / (tp + fp), tp / target["n_true"]
        res["target_at_train_threshold"] = [round(P_, 4), round(R_, 4), round(2 * P_ * R_ / (P_ + R_), 4)]
    bt = best(*curve(sb, yb, target["base"], target["n_true"])[:3])
    res["target_best_threshold"] = bt[1] if bt else None
    m = model().fit(B, yb)
    bi = best(*curve(m.predict_proba(B)[:, 1], yb, target["base"], target["n_true"])[:3])
    res["target_in_sample"] = bi[1] if bi else None
    res["transitive_recall_free"] = round(target["base"] / target["n_true"], 4)
    return res


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("kind", choices=("ind1", "ind2"))
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--train", default="calibration")
    ap.add_argument("--target", default="test")
    ap.add_argument("--target-data", type=Path, help="the target split's set (default: --data)")
    ap.add_argument("--across", default="", help="party A's agencies, as linkage_ceiling.py --across")
    ap.add_argument("--symmetric", action="store_true", help="drop true pairs that share no name key")
    ap.add_argument("--json", type=Path)
    a = ap.parse_args()
    across = frozenset(x for x in a.across.split(",") if x)
    tr = universe(a.kind, a.data, a.train, across, a.symmetric)
    ta = universe(a.kind, a.target_data or a.data, a.target, across, a.symmetric)
    res = evaluate(tr, ta)
    print(json.dumps(res))
    if a.json:
        a.json.write_text(json.dumps(res, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
