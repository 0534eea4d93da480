"""Ingestion throughput: a simulated scenario imported into the embedded SQLite store.

    .venv/bin/python bench/bench_ingest.py --people 20000

Prints a Markdown table (rows per source, seconds, rows/s, peak RSS) to paste into BENCHMARKS.md,
and times the re-import of the same folder (every row unchanged).
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

from tipnet.ingest.folder import ingest_folder
from tipnet.sim import simulate
from tipnet.store.engine import make_engine, upgrade


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        simulate(root / "sim", people=args.people, seed=args.seed)
        engine = make_engine(f"sqlite:///{root / 'tipnet.db'}")
        upgrade(engine)
        runs = []
        for label in ("first import", "re-import (no-op)"):
            start = time.perf_counter()
            reports = ingest_folder(engine, root / "sim", data_dir=root)
            runs.append((label, time.perf_counter() - start, reports))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"people: {args.people}, seed {args.seed}; peak RSS {peak_mb:.0f} MB\n")
    print("| run | source | rows | new | unchanged | rejected |")
    print("|---|---|---:|---:|---:|---:|")
    for label, _, reports in runs:
        for r in reports:
            print(f"| {label} | {r.source_type} | {r.total} | {r.new} | {r.unchanged} | {r.rejected} |")
    print("\n| run | seconds | rows/s |\n|---|---:|---:|")
    for label, seconds, reports in runs:
        rows = sum(r.total for r in reports)
        print(f"| {label} | {seconds:.1f} | {rows / seconds:,.0f} |")


if __name__ == "__main__":
    main()
