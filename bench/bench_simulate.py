"""`tipnet simulate` at scale: wall time and peak memory (goal: 1,000,000 people under 2 GB).

Run: .venv/bin/python bench/bench_simulate.py [--people 1000000] [--also 100000] [--seed 2026]
                                             [--out bench/out/sim] [--keep] [--no-append]

Each size runs `tipnet simulate` in a subprocess under /usr/bin/time -v (peak resident set size of
the process; resource.getrusage(RUSAGE_CHILDREN) when GNU time is missing). Smaller sizes run first.
Appends a section to BENCHMARKS.md (never rewrites it): command, machine, date, rows per file, time,
peak memory, and the load average at the start, since the machine may be shared.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import TypedDict

ROOT = Path(__file__).resolve().parents[1]
BENCHMARKS = ROOT / "BENCHMARKS.md"
GOAL_BYTES = 2 * 1024**3


def _machine() -> str:
    model = "unknown CPU"
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout
        found = re.search(r"Model name:\s*(.+)", out)
        model = found.group(1).strip() if found else model
    except (OSError, subprocess.CalledProcessError):
        pass
    return f"{model}, {os.cpu_count()} cores, Python {platform.python_version()}"


def _tipnet() -> list[str]:
    script = Path(sys.executable).parent / "tipnet"
    return [str(script)] if script.exists() else [sys.executable, "-m", "tipnet.cli"]


class Run(TypedDict):
    people: int
    command: str
    wall: float  # seconds
    cpu: float  # seconds
    peak: int  # bytes of resident memory
    load: float  # load average at the start
    bytes: int  # output size
    files: dict[str, int]  # rows per file


def run_once(people: int, seed: int, out: Path) -> Run:
    """Simulate `people` into `out`; wall seconds, peak RSS bytes and the manifest."""
    if out.exists():
        shutil.rmtree(out)
    cmd = [*_tipnet(), "simulate", "--people", str(people), "--seed", str(seed), "--out", str(out), "--quiet"]
    gnu_time = shutil.which("time") if Path("/usr/bin/time").exists() else None
    load = os.getloadavg()[0]
    start = time.perf_counter()
    if gnu_time:
        proc = subprocess.run(["/usr/bin/time", "-v", *cmd], capture_output=True, text=True)
        wall = time.perf_counter() - start
        if proc.returncode != 0:
            sys.exit(f"simulate failed:\n{proc.stderr[-3000:]}")
        found = re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr)
        peak = int(found.group(1)) * 1024 if found else 0
        cpu = sum(
            float(m.group(1)) for m in re.finditer(r"(?:User|System) time \(seconds\): ([\d.]+)", proc.stderr)
        )
    else:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        proc = subprocess.run(cmd, capture_output=True, text=True)
        wall = time.perf_counter() - start
        if proc.returncode != 0:
            sys.exit(f"simulate failed:\n{proc.stderr[-3000:]}")
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        peak = after.ru_maxrss * 1024  # the largest child so far: sizes run smallest first
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    return {
        "people": people,
        "command": " ".join(["tipnet", *cmd[len(_tipnet()) :]]),
        "wall": wall,
        "cpu": cpu,
        "peak": peak,
        "load": load,
        "bytes": size,
        "files": manifest["files"],
    }


def _section(results: list[Run], seed: int) -> str:
    big = results[-1]
    lines = [
        "",
        f"## Simulator at {big['people']:,} people (issue 2)",
        "",
        f"Command: `.venv/bin/python bench/bench_simulate.py --people {big['people']} "
        f"--also {','.join(str(r['people']) for r in results[:-1]) or 'none'} --seed {seed}`, which runs "
        + "; ".join(f"`{r['command']}`" for r in results)
        + " (peak resident set size from `/usr/bin/time -v`).",
        "",
        f"Machine: {_machine()}. Date: {date.today().isoformat()}. The machine is shared with other work: "
        "load average at the start of each run is given.",
        "",
        "| people | wall time | CPU time | peak memory | goal < 2 GB | output size | load at start |",
        "|---:|---:|---:|---:|---|---:|---:|",
    ]
    for r in results:
        peak = int(r["peak"])
        lines.append(
            f"| {r['people']:,} | {float(r['wall']):.0f} s ({float(r['wall']) / 60:.1f} min) "
            f"| {float(r['cpu']):.0f} s | {peak / 1024**2:,.0f} MB | "
            f"{'met' if 0 < peak < GOAL_BYTES else 'NOT MET'} | {int(r['bytes']) / 1024**2:,.0f} MB "
            f"| {float(r['load']):.1f} |"
        )
    lines += [
        "",
        "Rows per file:",
        "",
        "| file | " + " | ".join(f"{r['people']:,} people" for r in results) + " |",
    ]
    lines.append("|---|" + "---:|" * len(results))
    files = list(big["files"])
    for f in files:
        lines.append(f"| {f} | " + " | ".join(f"{r['files'].get(f, 0):,}" for r in results) + " |")
    lines.append("")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--people", type=int, default=1_000_000)
    ap.add_argument(
        "--also", default="100000", help="smaller sizes to run first, comma-separated ('' for none)"
    )
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "sim")
    ap.add_argument("--keep", action="store_true", help="keep the simulated folders")
    ap.add_argument("--no-append", action="store_true", help="print the section, do not append it")
    args = ap.parse_args()
    sizes = sorted({int(s) for s in args.also.split(",") if s.strip()} | {args.people})
    results: list[Run] = []
    for people in sizes:
        out = args.out / str(people)
        print(f"simulating {people:,} people ...", file=sys.stderr, flush=True)
        result = run_once(people, args.seed, out)
        print(
            f"  {float(result['wall']):.1f} s, peak {int(result['peak']) / 1024**2:,.0f} MB",
            file=sys.stderr,
        )
        results.append(result)
        if not args.keep:
            shutil.rmtree(out, ignore_errors=True)
    section = _section(results, args.seed)
    print(section)
    if not args.no_append:
        if not BENCHMARKS.exists():
            BENCHMARKS.write_text("# tipnet benchmarks\n", encoding="utf-8")
        with open(BENCHMARKS, "a", encoding="utf-8") as fh:
            fh.write(section)


if __name__ == "__main__":
    main()
