"""Linkage of the simulator's multi-agency records: accuracy against the truth, time and memory.

    .venv/bin/python bench/bench_linkage_sim.py --people 100000            # accuracy at 100k people
    .venv/bin/python bench/bench_linkage_sim.py --records 1000000          # scale: 1M records

Simulates a scenario (or reuses --sim DIR), reads every person record of the agency files (border
crossings, police and NGO cases, bank KYC, hotline subjects) as linkage records, and resolves them with
`tipnet.linkage` on DuckDB exactly as `tipnet link` does: names prepared on 2 processes, Splink
trained without labels (u by random sampling, EM), scored, clustered at the threshold. Reports the
stage times, the peak memory (of this process and all its workers together, sampled from /proc),
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
import threading
import time
from collections import Counter
from pathlib import Path

from tipnet.evaluation.clusters import cluster_scores
from tipnet.evaluation.link_records import sim_link_records, sim_truth
from tipnet.linkage.records import prepare_table
from tipnet.linkage.resolve import Options, resolve
from tipnet.linkage.scored import PairTable
from tipnet.sim import simulate

RECORDS_PER_PERSON = 5.09  # measured on the simulator's default scenario (crossings repeat people)


def _rss_mb() -> dict[str, int]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    return {"peak_main_mb": int(own), "peak_worker_mb": int(kids)}


class TreeMemory:
    """Peak memory of this process and all its descendants together, sampled twice a second from
    /proc: the sum of RSS (counts pages shared by forked workers once per process) and of PSS (shares
    them out: the machine's real use)."""

    def __init__(self) -> None:
        self.peak_rss_mb = self.peak_pss_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(0.5):
            rss = pss = 0
            for pid in _tree(os.getpid()):
                try:
                    text = Path(f"/proc/{pid}/smaps_rollup").read_text()
                except OSError:
                    continue
                for line in text.splitlines():
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1])
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1])
            self.peak_rss_mb = max(self.peak_rss_mb, rss / 1024)
            self.peak_pss_mb = max(self.peak_pss_mb, pss / 1024)


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, []))
    return out


def _cpu_s() -> float:
    """CPU seconds (user + system) of this process and of its workers that have ended."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def scores(clusters: dict[str, str], links: PairTable, truth_of: dict[str, str | None]) -> dict[str, float]:
    """Pairwise P/R of the links, and pairwise and B-cubed P/R of the clusters (`evaluation.clusters`)."""
    truth = {k: v for k, v in truth_of.items() if v is not None}
    persons: dict[str, int] = Counter(truth.values())
    true_pairs = sum(_pairs(n) for n in persons.values())
    tp = 0
    for batch in links.table.select(["unique_id_l", "unique_id_r"]).to_batches(max_chunksize=200_000):
        for a, b in zip(batch.column(0).to_pylist(), batch.column(1).to_pylist(), strict=True):
            ta = truth.get(a)
            tp += ta is not None and ta == truth.get(b)
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
    ap.add_argument("--no-second-stage", action="store_true", help="the first stage's probabilities only")
    ap.add_argument(
        "--save-pairs", type=Path, help="write the scored pairs and the truth here (Parquet) for analysis"
    )
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
    truth = sim_truth(root)
    keyed = list(sim_link_records(root))
    records = [rec for _key, rec in keyed]
    truth_of = {rec.uid: truth.get(key) for key, rec in keyed}
    out["people"] = len({p for p in truth_of.values() if p is not None})  # with records, that is
    out["records"] = len(records)
    print("records", len(records), flush=True)
    with TreeMemory() as memory:
        t, cpu = time.perf_counter(), _cpu_s()
        prepared = prepare_table(records, workers=args.workers)
        prepare_s = out["prepare_s"] = round(time.perf_counter() - t, 1)
        out["prepare_cpu_s"] = round(_cpu_s() - cpu, 1)
        out["rejected"] = len(prepared.rejected)
        del records, keyed
        print("prepared", out, flush=True)
        t, cpu = time.perf_counter(), _cpu_s()
        opts = Options(threshold=args.threshold, workers=args.workers, second_stage=not args.no_second_stage)
        res = resolve([prepared], opts, progress=lambda m: print(" ", m, flush=True))
        resolve_s = out["resolve_s"] = round(time.perf_counter() - t, 1)
        out["resolve_cpu_s"] = round(_cpu_s() - cpu, 1)
    out["stages_s"] = {k: round(v, 1) for k, v in res.timings.items()}
    out["link_total_s"] = round(prepare_s + resolve_s, 1)
    out["peak_tree_rss_mb"] = round(memory.peak_rss_mb)
    out["peak_tree_pss_mb"] = round(memory.peak_pss_mb)
    out["second_stage"] = res.second_stage
    out["scored_pairs"] = len(res.pairs)
    out["review_queue"] = len(res.review_queue())
    out["clusters"] = len(set(res.clusters.values()))
    out.update(_rss_mb())
    out["training"] = res.training.to_dict() if res.training else None
    out["accuracy"] = scores(res.clusters, res.links(), truth_of)
    if args.save_pairs:
        import pyarrow as pa
        import pyarrow.parquet as pq

        args.save_pairs.mkdir(parents=True, exist_ok=True)
        pq.write_table(res.pairs.table, args.save_pairs / "pairs.parquet")
        uids = list(truth_of)
        truth_table = {
            "uid": uids,
            "person": [truth_of[u] for u in uids],
            "cluster": [res.clusters.get(u) for u in uids],
        }
        pq.write_table(pa.table(truth_table), args.save_pairs / "truth.parquet")
    out["wall_s"] = round(time.perf_counter() - t0, 1)
    out["load_average"] = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    print(json.dumps(out, indent=1))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(out, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
