# SPDX-License-Identifier: Apache-2.0
"""What any scorer could reach on an independent screening set, from the written records alone (issue 13).

    tipnet screen --list W T --json --no-log --threshold 0 --workers 1 > hits.jsonl
    python bench/screening_ceiling.py ind2 --data /tmp/ind2 --split calibration --hits hits.jsonl --json c2.json
    python bench/screening_ceiling.py ind2 --data /tmp/ind2 --split test --hits hits_test.jsonl --order-from c2.json
    python bench/screening_ceiling.py ind1 --data /tmp/indep --split test --hits h1.jsonl [--order-from c1.json]

`ind2` is `bench/independent2` (watchlist_{split}.csv, travellers_{split}.csv, truth/travellers_truth.csv);
`ind1` is `bench/independent` (screening/watchlist.csv, travellers.csv, truth.csv, split.csv: the whole
list, the split's travellers), scored as their score.py scripts score them.

Candidates: every (traveller, entry) pair tipnet's screening returns at threshold 0 (its name index and
name evidence: the levels of each feature are read from the explanation), plus the true pairs it does
not return, compared here with tipnet's matching core (`make_record`, `prepare_record`,
`compare_records`). A true pair not returned whose names are unlike (name level `disagree`) is missed
by any name-based candidate generator: it counts against every recall below and sits in no cell.

(a) Per true pair, what the two written records share (strongest first): the same document (exact or
    one OCR slip); the same full birth date (compatible: equal, day and month swapped, a day's slip);
    the birth year (or year and month) only, or a year apart; nothing but the name, with the date
    missing on a side, or with the dates disagreeing.
(b) An oracle groups every candidate (true and false) by the features any scorer could use: document
    level, birth-date level, name level (tipnet's name similarity) and tipnet's name evidence in bits
    (the list's word rarity) bucketed, how many entries the traveller's name matches at `high` or
    better (rarity in the list) and how many travellers match the entry's name so (rarity in the
    traveller file), gender and nationality agreement. It takes the cells best-first by their own
    precision and reports the best recall at precision >= 0.95 and the best precision at recall >= 0.90.
    It is an upper bound on a scorer using these features: the cells are chosen with hindsight on the
    split itself, and the false pairs tipnet's index does not return are not counted (the missed true
    pairs with like names are put in their cells at no false cost). It is not a bound on a scorer with
    finer features (exact name bits, word-by-word evidence): a cell mixes pairs such a scorer might
    separate; the buckets are the limit of the claim. `--order-from` ranks the cells by another split's
    precision instead, smoothed as (true + 0.5) / (pairs + 1), cells it never saw last (what a scorer
    could learn; not a bound). `--cells medium`: the fine cells without gender and nationality;
    `--cells coarse`: the shared evidence of (a) (document, full date, year only, name only with a date
    missing, dates disagreeing), the name level, the bits bucket and both rarities (fewer, larger cells:
    less hindsight; a bound only on a scorer that sees no more than they hold).
tipnet's own P/R at the default threshold, and with the review band (>= 0.2), are reported beside.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from tipnet.matching.features import compare_records
from tipnet.matching.record import RecordError, make_record, prepare_record

P_GOAL = 0.95
R_GOAL = 0.90
DEFAULT = 0.3111
REVIEW = 0.2
NEVER = 10**6  # the false count of a cell of unlike names: every unlike pair of the files (never taken)


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def prf(tp: int, fp: int, fn: int) -> tuple[float, float]:
    return (tp / (tp + fp) if tp + fp else 0.0), (tp / (tp + fn) if tp + fn else 0.0)


# ------------------------------------------------------------------------------------- loading
def load(kind: str, data: Path, split: str) -> tuple[dict, dict, set[tuple[str, str]]]:
    """entries, travellers (id → row) and the true (traveller, entry) pairs of the split."""
    if kind == "ind2":
        entries = {r["id"]: r for r in read_csv(data / f"watchlist_{split}.csv")}
        travellers = {r["id"]: r for r in read_csv(data / f"travellers_{split}.csv")}
        truth = {
            (r["traveller_id"], e)
            for r in read_csv(data / "truth" / "travellers_truth.csv")
            if r["split"] == split
            for e in r["true_entries"].split(";")
            if e and e in entries
        }
    else:
        entries = {r["id"]: r for r in read_csv(data / "screening" / "watchlist.csv")}
        keep = {r["traveller_id"] for r in read_csv(data / "screening" / "split.csv") if r["split"] == split}
        travellers = {r["id"]: r for r in read_csv(data / "screening" / "travellers.csv") if r["id"] in keep}
        truth = {
            (r["traveller_id"], r["entry_id"])
            for r in read_csv(data / "screening" / "truth.csv")
            if r["traveller_id"] in keep
        }
    return entries, travellers, truth


def read_hits(path: Path, keep: dict) -> dict[tuple[str, str], tuple[float, dict[str, str], float]]:
    """(traveller, entry) → (score, feature → level, name bits), the best-scored of each pair."""
    out: dict[tuple[str, str], tuple[float, dict[str, str], float]] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.startswith("{"):
                continue
            obj = json.loads(line)
            if obj["id"] not in keep:
                continue
            for h in [*obj.get("hits", []), *obj.get("review", [])]:
                k = (obj["id"], h["entry_id"])
                s = float(h["score"])
                if k in out and out[k][0] >= s:
                    continue
                levels = {x["feature"]: x["level"] for x in h["explanation"]}
                bits = next((float(x["bits"]) for x in h["explanation"] if x["feature"] == "name"), 0.0)
                out[k] = (s, levels, bits)
    return out


def record_of(row: dict[str, str], entry: bool):  # type: ignore[no-untyped-def]
    names = [row["name"], *(a for a in (row.get("aliases") or "").split(";") if a)] if entry else row["name"]
    return prepare_record(
        make_record(
            names,
            birth_date=row.get("birth_date") or None,
            nationality=row.get("nationality") or None,
            gender=row.get("gender") or None,
            document_number=row.get("document_number") or None,
        )
    )


# ------------------------------------------------------------------------------------ evidence
def evidence(levels: dict[str, str]) -> str:
    doc, birth = levels.get("document", "missing"), levels.get("birth_date", "missing")
    if doc in ("exact", "near"):
        return "document"
    if birth == "same_day" or (birth == "near" and levels.get("_full") == "yes"):
        return "full birth date"
    if birth in ("same_month", "same_year", "near"):
        return "birth year only"
    if birth == "disagree":
        return "name only, dates disagree"
    return "name only"


def bits_bucket(b: float) -> str:
    return (
        "<0"
        if b < 0
        else "0-8"
        if b < 8
        else "8-12"
        if b < 12
        else "12-16"
        if b < 16
        else "16-20"
        if b < 20
        else "20+"
    )


def cell(levels: dict[str, str], bits: float, list_n: int, trav_n: int, cells: str) -> tuple[str, ...]:
    if cells == "medium":  # the fine cell without gender and nationality
        return cell(levels, bits, list_n, trav_n, "fine")[:6]
    if cells == "coarse":  # what the two records share, the name level, its bits and both rarities
        return (
            evidence(levels),
            levels.get("name", "missing"),
            bits_bucket(bits),
            "list 1" if list_n <= 1 else "list 2+",
            "travellers 1" if trav_n <= 1 else "travellers 2+",
        )
    return (
        levels.get("document", "missing"),
        levels.get("birth_date", "missing"),
        levels.get("name", "missing"),
        bits_bucket(bits),
        "list 1" if list_n <= 1 else "list 2+",
        "travellers 1" if trav_n <= 1 else "travellers 2+",
        levels.get("gender", "missing"),
        levels.get("nationality", "missing"),
    )


def oracle(
    cells: dict[tuple[str, ...], list[int]],
    n_true: int,
    order: list[tuple[str, ...]] | None = None,
    name_only: dict[tuple[str, ...], list[int]] | None = None,
) -> dict:
    """Cells best-first (own precision, or `order`): best recall at P >= P_GOAL, best P at R >= R_GOAL.
    `name_only`: cell → [true, false] of its name-only pairs (what the prefix takes of them); `small`:
    the true pairs taken from cells of at most 2 pairs (the oracle's hindsight at its plainest)."""
    name_only = name_only or {}
    if order is None:
        order = sorted(
            (c for c, v in cells.items() if v[1] < NEVER and v[0]),
            key=lambda c: (-cells[c][0] / (cells[c][0] + cells[c][1]), -cells[c][0]),
        )
    tp = fp = nt = nf = small = 0
    best_r: dict = {"precision": 1.0, "recall": 0.0, "tp": 0, "fp": 0, "cells": 0}
    best_p: dict | None = None
    for i, c in enumerate(order, 1):
        t, f = cells.get(c, [0, 0])
        if f >= NEVER:
            continue
        tp, fp = tp + t, fp + f
        no = name_only.get(c, [0, 0])
        nt, nf, small = nt + no[0], nf + no[1], small + (t if t + f <= 2 else 0)
        p, r = prf(tp, fp, n_true - tp)
        row = {
            "precision": round(p, 3),
            "recall": round(r, 3),
            "tp": tp,
            "fp": fp,
            "cells": i,
            "name_only_tp_fp": [nt, nf],
            "tp_from_cells_of_1_2_pairs": small,
        }
        if p >= P_GOAL and r > best_r["recall"]:
            best_r = row
        if r >= R_GOAL and (best_p is None or p > best_p["precision"]):
            best_p = row
    return {
        "best_recall_at_p95": best_r,
        "best_precision_at_r90": best_p or "recall 0.90 not reachable",
        "interpolated": interpolated(cells, n_true, order),
    }


def interpolated(
    cells: dict[tuple[str, ...], list[int]], n_true: int, order: list[tuple[str, ...]]
) -> dict[str, float | None]:
    """The same cells in the same order, a part of a cell allowed (a scorer that takes a random share of
    a cell's pairs reaches, in expectation, every point between two prefixes): the best precision at
    recall exactly R_GOAL and the best recall at precision exactly P_GOAL. Whole prefixes alone jump
    over the goal: a last cell of 8 true and 21 false pairs took the second set's test split from
    recall 0.89 to 0.915 and its precision to 0.863, where the point at 0.90 is 0.896."""
    need = R_GOAL * n_true
    tp = fp = 0.0
    best_p: float | None = None
    best_r = 0.0
    for c in order:
        t, f = cells.get(c, [0, 0])
        if f >= NEVER or t + f == 0:
            continue
        if tp + fp and tp / (tp + fp) >= P_GOAL:
            best_r = max(best_r, tp / n_true)
            if (tp + t) / (tp + t + fp + f) < P_GOAL:
                # the share x of the cell that brings precision down to P_GOAL exactly
                x = (P_GOAL * (tp + fp) - tp) / (t - P_GOAL * (t + f))
                best_r = max(best_r, (tp + x * t) / n_true)
        if tp < need <= tp + t:
            x = (need - tp) / t
            p_at = need / (need + fp + x * f)
            best_p = p_at if best_p is None else max(best_p, p_at)
        tp, fp = tp + t, fp + f
        if tp >= need and tp + fp:
            best_p = max(best_p or 0.0, tp / (tp + fp))
    if tp + fp and tp / (tp + fp) >= P_GOAL:
        best_r = max(best_r, tp / n_true)
    return {
        "precision_at_r90": None if best_p is None else round(best_p, 3),
        "recall_at_p95": round(best_r, 3),
    }


def ceiling(
    kind: str, data: Path, split: str, hits_path: Path, order_from: Path | None, cell_kind: str = "fine"
) -> dict:
    t0 = time.perf_counter()
    entries, travellers, truth = load(kind, data, split)
    hits = read_hits(hits_path, travellers)
    # the missed true pairs, compared with the matching core
    missed_unlike = 0
    rejected = 0
    for t, e in sorted(truth - set(hits)):
        try:
            fl = compare_records(record_of(travellers[t], False), record_of(entries[e], True))
        except RecordError:
            rejected += 1
            continue
        levels = {x.feature: x.level for x in fl}
        if levels["name"] == "disagree":
            missed_unlike += 1
            continue
        hits[(t, e)] = (-1.0, levels, float("nan"))
    # full dates on both sides (a `near` birth level of two full dates is a swap or a day's slip)
    full = {i for i, r in [*entries.items(), *travellers.items()] if len(r.get("birth_date") or "") == 10}
    for (t, e), (_s, levels, _b) in hits.items():
        levels["_full"] = "yes" if t in full and e in full else "no"
    # rarity: entries a traveller's name matches at `high` or better, travellers matching an entry so
    good = {k for k, (_s, lv, _b) in hits.items() if lv.get("name") in ("exact", "high")}
    list_n = Counter(t for t, _e in good)
    trav_n = Counter(e for _t, e in good)

    n_true = len(truth)
    by_ev: dict[str, Counter[str]] = defaultdict(Counter)
    cells: dict[tuple[str, ...], list[int]] = defaultdict(lambda: [0, 0])
    no_cells: dict[tuple[str, ...], list[int]] = defaultdict(lambda: [0, 0])
    for k, (s, levels, bits) in hits.items():
        is_true = k in truth
        ev = evidence(levels)
        by_ev[ev]["true" if is_true else "false"] += 1
        if is_true:
            by_ev[ev][
                "true, not returned"
                if s < 0
                else "true, tipnet >= default"
                if s >= DEFAULT
                else ("true, review band" if s >= REVIEW else "true, below review")
            ] += 1
        elif s >= DEFAULT:
            by_ev[ev]["false, tipnet >= default"] += 1
        c = cell(levels, bits if bits == bits else 12.0, list_n[k[0]], trav_n[k[1]], cell_kind)
        cells[c][0 if is_true else 1] += 1
        if ev.startswith("name only"):
            no_cells[c][0 if is_true else 1] += 1
    by_ev["name unlike, not returned"]["true"] = missed_unlike
    by_ev["a record tipnet rejects"]["true"] = rejected

    def tipnet_at(th: float) -> dict:
        pred = {k for k, (s, _l, _b) in hits.items() if s >= th}
        tp = len(pred & truth)
        p, r = prf(tp, len(pred) - tp, n_true - tp)
        return {"precision": round(p, 3), "recall": round(r, 3), "tp": tp, "fp": len(pred) - tp}

    def tipnet_sweep() -> dict:
        """tipnet's own score as a ranking: best recall at P >= P_GOAL, best P at R >= R_GOAL."""
        ranked = sorted(((s, k in truth) for k, (s, _l, _b) in hits.items() if s >= 0), key=lambda x: -x[0])
        tp = fp = 0
        best_r: dict = {"recall": 0.0}
        best_p: dict = {"precision": 0.0}
        for i, (s, ok) in enumerate(ranked):
            tp, fp = tp + ok, fp + (not ok)
            if i + 1 < len(ranked) and ranked[i + 1][0] == s:
                continue  # a threshold takes every pair of one score
            p, r = prf(tp, fp, n_true - tp)
            row = {"threshold": s, "precision": round(p, 3), "recall": round(r, 3), "tp": tp, "fp": fp}
            if p >= P_GOAL and r > best_r["recall"]:
                best_r = row
            if r >= R_GOAL and p > best_p["precision"]:
                best_p = row
        return {"best_recall_at_p95": best_r, "best_precision_at_r90": best_p}

    corroborated = sum(by_ev[ev]["true"] for ev in ("document", "full birth date", "birth year only"))
    res: dict = {
        "set": kind,
        "split": split,
        "travellers": len(travellers),
        "entries": len(entries),
        "true_pairs": n_true,
        "candidates": len(hits),
        "evidence": {ev: dict(c) for ev, c in sorted(by_ev.items(), key=lambda kv: -kv[1]["true"])},
        "tipnet_default": tipnet_at(DEFAULT),
        "tipnet_with_review": tipnet_at(REVIEW),
        "tipnet_by_threshold": tipnet_sweep(),
        # recall if every true pair sharing a document or a birth date (to the year) were found and no
        # name-only pair taken; the rest of R_GOAL must come from the name-only pairs
        "recall_without_name_only": round(corroborated / n_true, 3),
        "name_only_true_needed_for_r90": max(0, -(-int(R_GOAL * n_true * 1000) // 1000) - corroborated),
        "cells": len(cells),
        "cell_features": cell_kind,
        "oracle": oracle(cells, n_true, None, no_cells),
    }
    res["_cells"] = {"|".join(c): v for c, v in cells.items()}
    if order_from is not None:
        other = json.loads(order_from.read_text())["_cells"]
        ranked = sorted(
            (c for c, v in other.items() if v[0]),
            # smoothed: a cell of 1 true and no false is not ranked above one of 20 true and 1 false
            key=lambda c: (-(other[c][0] + 0.5) / (sum(other[c]) + 1), -other[c][0]),
        )
        order = [tuple(c.split("|")) for c in ranked]
        # cells the other split never saw (or saw without a true pair) come last, in no learnt order
        order += sorted(c for c in cells if c not in set(order))
        res["learnt_order"] = oracle(cells, n_true, order, no_cells)
    res["best_cells"] = sorted(
        ([c, t, f] for c, (t, f) in cells.items() if t), key=lambda x: (-x[1] / (x[1] + x[2]), -x[1])
    )[:15]
    res["seconds"] = round(time.perf_counter() - t0, 1)
    return res


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("kind", choices=("ind1", "ind2"))
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--split", default="calibration", choices=("calibration", "test"))
    ap.add_argument("--hits", type=Path, required=True, help="`tipnet screen --json --threshold 0` output")
    ap.add_argument("--order-from", type=Path, help="this script's --json on another split: rank cells by it")
    ap.add_argument("--json", type=Path, help="write the result here")
    ap.add_argument(
        "--cells",
        choices=("fine", "medium", "coarse"),
        default="fine",
        help="fine: every feature; medium: without gender and nationality; coarse: shared evidence, name "
        "level, name bits, list and traveller rarity",
    )
    a = ap.parse_args()
    res = ceiling(a.kind, a.data, a.split, a.hits, a.order_from, a.cells)
    if a.json:
        a.json.write_text(json.dumps(res, indent=1))
    print(json.dumps({k: v for k, v in res.items() if k not in ("_cells", "best_cells")}, indent=1))
    print("best cells:", file=sys.stderr)
    for c, t, f in res["best_cells"]:
        print(f"  {c}: true {t}, false {f}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
