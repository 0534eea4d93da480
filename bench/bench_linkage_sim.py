"""Linkage of the simulator's multi-agency records: accuracy against the truth, time and memory.

    .venv/bin/python bench/bench_linkage_sim.py --people 100000            # accuracy at 100k people
    .venv/bin/python bench/bench_linkage_sim.py --records 1000000          # scale: 1M records

Simulates a scenario (or reuses --sim DIR), reads every person record of the agency files (border
crossings, police and NGO cases, bank KYC, hotline subjects) as linkage records, and resolves them with
`tipnet.linkage` on DuckDB exactly as `tipnet link` does: names prepared on 2 processes, Splink
trained without labels (u by random sampling, EM), scored, clustered at the threshold. Reports the
stage times, the peak memory (largest resident set of this process and of the preparing workers),
pairwise precision/recall/F1 of the links and of the clusters, and B-cubed cluster precision/recall.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import tempfile
import time
from collections import Counter
from pathlib import Path

from tipnet.linkage.evaluation import cluster_scores
from tipnet.linkage.records import prepare_many
from tipnet.linkage.resolve import Options, resolve
from tipnet.sim import simulate
from tipnet.sim.link_records import sim_link_records, sim_truth

RECORDS_PER_PERSON = 5.09  # measured on the simulator's default scenario (crossings repeat people)


def _rss_mb() -> dict[str, int]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    return {"peak_main_mb": int(own), "peak_worker_mb": int(kids)}


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def scores(
    clusters: dict[str, str], links: list[tuple[str, str]], truth_of: dict[str, str | None]
) -> dict[str, float]:
    """Pairwise P/R of the links, and pairwise and B-cubed P/R of the clusters (`linkage.evaluation`)."""
    truth = {k: v for k, v in truth_of.items() if v is not None}
    persons: dict[str, int] = Counter(truth.values())
    true_pairs = sum(_pairs(n) for n in persons.values())
    tp = sum(1 for a, b in links if truth.get(a) is not None and truth.get(a) == truth.get(b))
    out: dict[str, float] = {"true_pairs": true_pairs, "links": len(links)}
    out["pair_precision"] = tp / len(links) if links else 1.0
    out["pair_recall"] = tp / true_pairs if true_pairs else 1.0
    c = cluster_scores(clusters, truth)
    out["cluster_pair_precision"], out["cluster_pair_recall"] = c["pair_precision"], c["pair_recall"]
    out["bcubed_precision"], out["bcubed_recall"] = c["bcubed_precision"], c["bcubed_recall"]
    for k in ("pair", "cluster_pair", "bcubed"):
        p, r = out[f"{k}_precision"], out[f"{k}_recall"]
        out[f"{k}_f1"] = 2 * p * r / (p + r) if p + r else 0.0
    return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in out.items()}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--people", type=int, default=100_000)
    ap.add_argument("--records", type=int, help="aim at this many records (sets --people)")
    ap.add_argument("--sim", type=Path, help="an existing simulated scenario folder")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--threshold", type=float, default=0.9)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    people = int(args.records / RECORDS_PER_PERSON) if args.records else args.people
    out: dict[str, object] = {
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
    }
    root = args.sim
    t0 = time.perf_counter()
    if root is None:
        root = Path(tempfile.mkdtemp(prefix="tipnet-linkbench-"))
        t = time.perf_counter()
        simulate(root, people=people, seed=args.seed)
        out["simulate_s"] = round(time.perf_counter() - t, 1)
    out["people"] = people
    truth = sim_truth(root)
    keyed = list(sim_link_records(root))
    records = [rec for _key, rec in keyed]
    truth_of = {rec.uid: truth.get(key) for key, rec in keyed}
    out["records"] = len(records)
    print("records", len(records), flush=True)
    t = time.perf_counter()
    rows, rejected = prepare_many(records, workers=args.workers)
    out["prepare_s"] = round(time.perf_counter() - t, 1)
    out["rejected"] = len(rejected)
    del records, keyed
    print("prepared", out, flush=True)
    t = time.perf_counter()
    res = resolve([rows], Options(threshold=args.threshold), progress=lambda m: print(" ", m, flush=True))
    out["resolve_s"] = round(time.perf_counter() - t, 1)
    out["stages_s"] = {k: round(v, 1) for k, v in res.timings.items()}
    out["link_total_s"] = round(out["prepare_s"] + out["resolve_s"], 1)  # type: ignore[operator]
    out["scored_pairs"] = len(res.pairs)
    out["review_queue"] = len(res.review_queue())
    out["clusters"] = len(set(res.clusters.values()))
    out.update(_rss_mb())
    out["training"] = res.training.to_dict() if res.training else None
    links = [(p.uid_l, p.uid_r) for p in res.links()]
    out["accuracy"] = scores(res.clusters, links, truth_of)
    out["wall_s"] = round(time.perf_counter() - t0, 1)
    out["load_average"] = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    print(json.dumps(out, indent=1))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(out, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
