"""Screening accuracy: tipnet's matching core beside nomenklatura's `logic-v1` and `name-based`.

    .venv/bin/python bench/bench_screening_accuracy.py [--pairs 6000] [--seed 202] [--json OUT]

Pairs come from tipnet.evaluation.pairs (simulator names; transliteration, order, truncation, typos,
partial dates, OCR-confused documents, look-alike people) with seed 202; tipnet's shipped weights were
calibrated on seed 101 (bench/calibrate_weights.py). Each tool is judged at its own threshold: tipnet's
calibrated one, nomenklatura's 0.7 (yente's default); precision, recall and F1 for cross-script and
Latin-only pairs separately, and pairs per second (one process, this machine).

Also nomenklatura's labelled name pairs (/work/shared/data/name_bench/cases.csv, Person rows): tipnet's
name similarity alone beside the published logic-v2 figure (P 0.760, R 0.835, F1 0.796 at 0.7).
"""

from __future__ import annotations

import argparse
import csv
import json
import time
from pathlib import Path
from typing import Any

from tipnet.evaluation.calibration import precision_recall
from tipnet.evaluation.pairs import Pair, Side, generate_pairs
from tipnet.identity.name_compare import compare_names
from tipnet.matching.features import compare_records
from tipnet.matching.names import QUERY_SPELLINGS
from tipnet.matching.record import prepare_record
from tipnet.matching.scoring import default_weights, score_levels

NAME_BENCH = Path("/work/shared/data/name_bench/cases.csv")
NK_THRESHOLD = 0.7


def _metrics(scores: list[float], labels: list[bool], threshold: float) -> dict[str, float]:
    p, r = precision_recall(scores, labels, threshold)
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(2 * p * r / (p + r) if p + r else 0, 4),
    }


def tipnet_scores(pairs: list[Pair]) -> tuple[list[float], float]:
    w = default_weights()
    t = time.perf_counter()
    out = []
    for p in pairs:
        q = prepare_record(p.query.record(), spellings=QUERY_SPELLINGS)
        e = prepare_record(p.entry.record())
        out.append(score_levels(compare_records(q, e), w).probability)
    return out, len(pairs) / (time.perf_counter() - t)


def _entity(side: Side, ident: str) -> Any:
    from followthemoney import model

    e = model.make_entity("Person")
    e.id = ident
    e.add("name", side.name)
    for a in side.aliases:
        e.add("alias", a)
    if side.birth_date:
        e.add("birthDate", side.birth_date)
    if side.nationality:
        e.add("nationality", side.nationality)
    if side.gender:
        e.add("gender", {"F": "female", "M": "male"}.get(side.gender, side.gender))
    if side.document_number:
        e.add("passportNumber", side.document_number)
    return e


def nomenklatura_scores(pairs: list[Pair], algorithm: str) -> tuple[list[float], float]:
    from nomenklatura.matching import get_algorithm
    from nomenklatura.matching.types import ScoringConfig

    algo = get_algorithm(algorithm)
    assert algo is not None
    cfg = ScoringConfig.defaults()
    ents = [(_entity(p.query, f"q{i}"), _entity(p.entry, f"e{i}")) for i, p in enumerate(pairs)]
    t = time.perf_counter()
    out = [algo.compare(q, e, cfg).score for q, e in ents]
    return out, len(pairs) / (time.perf_counter() - t)


def name_bench() -> dict[str, Any]:
    rows = [r for r in csv.DictReader(NAME_BENCH.open(encoding="utf-8")) if r["schema"] == "Person"]
    labels = [r["is_match"].strip().lower() == "true" for r in rows]
    scores = [compare_names(r["name1"], r["name2"]).score for r in rows]
    out: dict[str, Any] = {"pairs": len(rows)}
    for t in (0.8, 0.9):
        out[f"tipnet_name_at_{t}"] = _metrics(scores, labels, t)
    out["nomenklatura_logic_v2_published_at_0.7"] = {"precision": 0.760, "recall": 0.835, "f1": 0.796}
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pairs", type=int, default=6000)
    ap.add_argument("--seed", type=int, default=202)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--skip-nomenklatura", action="store_true")
    args = ap.parse_args()
    pairs = generate_pairs(args.pairs, seed=args.seed)
    labels = [p.match for p in pairs]
    kinds = {k: [i for i, p in enumerate(pairs) if p.script == k] for k in ("cross", "latin")}
    w = default_weights()
    tools: dict[str, tuple[list[float], float, float]] = {}
    s, rate = tipnet_scores(pairs)
    tools["tipnet"] = (s, rate, w.threshold)
    if not args.skip_nomenklatura:
        for algo in ("logic-v1", "name-based"):
            s, rate = nomenklatura_scores(pairs, algo)
            tools[f"nomenklatura {algo}"] = (s, rate, NK_THRESHOLD)
    report: dict[str, Any] = {"pairs": len(pairs), "seed": args.seed, "matches": sum(labels), "tools": {}}
    for name, (scores, rate, threshold) in tools.items():
        entry: dict[str, Any] = {"threshold": threshold, "pairs_per_second": round(rate, 1)}
        entry["all"] = _metrics(scores, labels, threshold)
        for kind, idx in kinds.items():
            entry[kind] = _metrics([scores[i] for i in idx], [labels[i] for i in idx], threshold)
            entry[kind]["pairs"] = len(idx)
        report["tools"][name] = entry
    report["name_bench"] = name_bench()
    print(f"{'tool':26} {'kind':6} {'pairs':>6} {'P':>6} {'R':>6} {'F1':>6} {'pairs/s':>9}")
    for name, e in report["tools"].items():
        for kind in ("cross", "latin", "all"):
            m = e[kind]
            print(
                f"{name:26} {kind:6} {m.get('pairs', len(pairs)):>6} {m['precision']:>6.3f} {m['recall']:>6.3f} "
                f"{m['f1']:>6.3f} {e['pairs_per_second']:>9.1f}"
            )
    print(json.dumps(report["name_bench"]))
    if args.json:
        args.json.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
