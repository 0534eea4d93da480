"""Financial intelligence: accuracy against the anchor of first-line bank rules, and speed at scale.

Run (heavy: take the lock):
    flock /work/notes/heavy.lock .venv/bin/python bench/bench_finance.py \
        [--accuracy-accounts 200000] [--scale-accounts 1000000] [--seed 2026] [--out bench/out/finance]
        [--independent DIR]   # a transaction set from a generator that never read tipnet.sim
        [--no-append]

1. Accuracy: `tipnet.sim.finance` at --accuracy-accounts; tipnet's detection and the anchor's rules on the
   same data; precision and recall per typology (over all its accounts, victims included), per role, and
   the share of victims' accounts found (the anchor names no roles, so it is scored per typology).
   With --independent DIR (accounts.csv, transactions.csv, truth file, optional rates.csv: see that
   folder's README) the same is measured on it.
2. Scale: the simulator at --scale-accounts (about 10 transactions per account); ingestion (CSV read
   and checked, written as Parquet) and detection (from that Parquet) each run in a subprocess under
   /usr/bin/time -v for wall time and peak memory; detection reports seconds per typology.

Appends a section to BENCHMARKS.md (command, machine, load average; never rewrites it).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCHMARKS = ROOT / "BENCHMARKS.md"


def _machine() -> str:
    model = "unknown CPU"
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout
        found = re.search(r"Model name:\s*(.+)", out)
        model = found.group(1).strip() if found else model
    except (OSError, subprocess.CalledProcessError):
        pass
    return f"{model}, {os.cpu_count()} cores, Python {platform.python_version()}"


def _timed(args: list[str]) -> tuple[float, int, str]:
    """Wall seconds, peak RSS bytes and stdout of a subprocess under GNU time."""
    start = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-v", *args], capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"failed: {' '.join(args)}")
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr)
    return wall, int(peak.group(1)) * 1024 if peak else 0, proc.stdout


# --- stages run in their own process ---------------------------------------------------------------


def stage_ingest(accounts: Path, transactions: Path, rates: Path | None, parquet: Path) -> None:
    from tipnet.finance.load import load, write_parquet

    t0 = time.perf_counter()
    loaded = load(accounts, transactions, rates=rates)
    t1 = time.perf_counter()
    write_parquet(loaded, parquet)
    print(
        json.dumps(
            {
                "read_check": t1 - t0,
                "parquet": time.perf_counter() - t1,
                "rows": loaded.transactions,
                "rejected": loaded.rejected,
            }
        )
    )


def stage_detect(parquet: Path, memory_limit: str) -> None:
    from tipnet.finance.detect import detect
    from tipnet.finance.load import load_checked

    t0 = time.perf_counter()
    loaded = load_checked(parquet, memory_limit=memory_limit)
    t1 = time.perf_counter()
    result = detect(loaded.con)
    print(json.dumps({"load_parquet": t1 - t0, "seconds": result.seconds, "alerts": result.per_typology}))


# --- accuracy --------------------------------------------------------------------------------------


def accuracy(accounts: Path, transactions: Path, truth: Path, rates: Path | None) -> dict[str, Any]:
    from tipnet.evaluation.finance import score_alerts
    from tipnet.finance.anchor import anchor_rows, run_anchor
    from tipnet.finance.detect import detect, write_alerts
    from tipnet.finance.load import load

    loaded = load(accounts, transactions, rates=rates)
    t0 = time.perf_counter()
    detect(loaded.con)
    t_tipnet = time.perf_counter() - t0
    out_dir = accounts.parent / "bench-alerts"
    write_alerts(loaded.con, out_dir)
    tipnet = score_alerts(out_dir / "alerts.csv", truth)
    t0 = time.perf_counter()
    run_anchor(loaded.con)
    t_anchor = time.perf_counter() - t0
    anchor = score_alerts(anchor_rows(loaded.con), truth)
    return {
        "tipnet": tipnet,
        "anchor": anchor,
        "seconds": {"tipnet": t_tipnet, "anchor": t_anchor},
        "transactions": loaded.transactions,
        "accounts": loaded.accounts,
        "rejected": loaded.rejected,
    }


def _acc_table(res: dict[str, Any]) -> list[str]:
    lines = [
        "| typology | tipnet P | tipnet R | anchor P | anchor R | accounts (truth) |",
        "|---|---|---|---|---|---|",
    ]
    for typ, t in res["tipnet"]["typology"].items():
        a = res["anchor"]["typology"].get(typ, {"precision": 0.0, "recall": 0.0})
        lines.append(
            f"| {typ} | {t['precision']:.3f} | {t['recall']:.3f} | {a['precision']:.3f} | "
            f"{a['recall']:.3f} | {t['true']} |"
        )
    t, a = res["tipnet"]["any"], res["anchor"]["any"]
    lines.append(
        f"| **any typology** | {t['precision']:.3f} | {t['recall']:.3f} | {a['precision']:.3f} | "
        f"{a['recall']:.3f} | {t['true']} |"
    )
    v, va = res["tipnet"]["victims"], res["anchor"]["victims"]
    lines += [
        "",
        f"Victims' accounts found: tipnet {v['found']} of {v['true']} ({v['found_share']:.3f}), all as victims "
        f"({v['found_as_victim']}), reported as suspects: {v['reported_as_suspect']}; anchor {va['found']} "
        f"({va['found_share']:.3f}).",
        "",
        "| role | precision | recall | predicted | truth |",
        "|---|---|---|---|---|",
    ]
    for role, r in res["tipnet"]["role"].items():
        lines.append(
            f"| {role} | {r['precision']:.3f} | {r['recall']:.3f} | {r['predicted']} | {r['true']} |"
        )
    lines.append("")
    lines.append(
        f"Detection {res['seconds']['tipnet']:.1f} s; anchor rules {res['seconds']['anchor']:.1f} s "
        f"({res['transactions']:,} transactions, {res['accounts']:,} accounts)."
    )
    return lines


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--stage", choices=["ingest", "detect"])
    ap.add_argument("--accounts-file", type=Path)
    ap.add_argument("--transactions-file", type=Path)
    ap.add_argument("--rates", type=Path)
    ap.add_argument("--parquet", type=Path)
    ap.add_argument("--memory-limit", default="6GB")
    ap.add_argument("--accuracy-accounts", type=int, default=200_000)
    ap.add_argument("--scale-accounts", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "finance")
    ap.add_argument("--independent", type=Path)
    ap.add_argument("--independent-truth", type=Path)
    ap.add_argument("--no-append", action="store_true")
    ap.add_argument("--skip-scale", action="store_true")
    args = ap.parse_args()
    if args.stage == "ingest":
        stage_ingest(args.accounts_file, args.transactions_file, args.rates, args.parquet)
        return
    if args.stage == "detect":
        stage_detect(args.parquet, args.memory_limit)
        return

    from tipnet.sim.finance import simulate_finance

    load_avg = os.getloadavg()[0]
    lines = [
        f"## Financial intelligence ({date.today().isoformat()})",
        "",
        f"Command: `flock /work/notes/heavy.lock python bench/bench_finance.py --accuracy-accounts "
        f"{args.accuracy_accounts} --scale-accounts {args.scale_accounts} --seed {args.seed}"
        + (f" --independent {args.independent}" if args.independent else "")
        + "`",
        f"Machine: {_machine()}; load average at start {load_avg:.1f} (shared machine).",
        "",
        f"### Accuracy on simulator data ({args.accuracy_accounts:,} accounts, seed {args.seed})",
        "",
    ]
    acc_dir = args.out / f"sim-{args.accuracy_accounts}"
    simulate_finance(acc_dir, accounts=args.accuracy_accounts, seed=args.seed)
    res = accuracy(
        acc_dir / "accounts.csv",
        acc_dir / "transactions.csv",
        acc_dir / "truth" / "accounts.csv",
        acc_dir / "rates.csv",
    )
    lines += _acc_table(res)
    print("\n".join(lines), flush=True)
    if args.independent:
        d = args.independent
        truth = args.independent_truth or d / "truth" / "accounts.csv"
        rates = d / "rates.csv" if (d / "rates.csv").is_file() else None
        ind = accuracy(d / "accounts.csv", d / "transactions.csv", truth, rates)
        lines += ["", f"### Accuracy on the independent set ({d})", "", *_acc_table(ind)]
    if not args.skip_scale:
        scale_dir = args.out / f"sim-{args.scale_accounts}"
        t0 = time.perf_counter()
        m = simulate_finance(scale_dir, accounts=args.scale_accounts, seed=args.seed)
        t_sim = time.perf_counter() - t0
        csv_bytes = (scale_dir / "transactions.csv").stat().st_size
        py = [sys.executable, str(Path(__file__).resolve())]
        pq = scale_dir / "parquet"
        w_in, peak_in, out_in = _timed(
            [
                *py,
                "--stage",
                "ingest",
                "--accounts-file",
                str(scale_dir / "accounts.csv"),
                "--transactions-file",
                str(scale_dir / "transactions.csv"),
                "--rates",
                str(scale_dir / "rates.csv"),
                "--parquet",
                str(pq),
            ]
        )
        ingest = json.loads(out_in.strip().splitlines()[-1])
        w_det, peak_det, out_det = _timed(
            [*py, "--stage", "detect", "--parquet", str(pq), "--memory-limit", args.memory_limit]
        )
        det = json.loads(out_det.strip().splitlines()[-1])
        secs = det["seconds"]
        lines += [
            "",
            f"### Scale: {m.accounts:,} accounts, {m.transactions:,} transactions",
            "",
            f"- simulate: {t_sim:.0f} s (transactions.csv {csv_bytes / 1e9:.2f} GB)",
            f"- ingest (read the CSV, check every row, convert currencies, write Parquet): {w_in:.0f} s wall "
            f"(read and check {ingest['read_check']:.0f} s, Parquet {ingest['parquet']:.0f} s), peak "
            f"{peak_in / 1e9:.2f} GB, {ingest['rejected']} rows rejected",
            f"- detect, all six typologies from Parquet: **{secs['total']:.1f} s** (goal < 60 s), peak "
            f"**{peak_det / 1e9:.2f} GB** (goal < 8 GB; DuckDB memory_limit {args.memory_limit}); the process "
            f"with reading Parquet {w_det:.0f} s wall",
            "- seconds per step: " + ", ".join(f"{k} {v:.1f}" for k, v in secs.items() if k != "total"),
            "- alerts per typology: " + ", ".join(f"{k} {v}" for k, v in sorted(det["alerts"].items())),
        ]
    text = "\n".join(lines) + "\n"
    print(text)
    if not args.no_append:
        with BENCHMARKS.open("a", encoding="utf-8") as f:
            f.write("\n" + text)


if __name__ == "__main__":
    main()
