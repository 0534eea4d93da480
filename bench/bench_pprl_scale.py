"""PPRL speed and memory at scale (issue 18): encode N records, match N x N with LSH blocking.

    flock /work/notes/heavy.lock nice -n -5 .venv/bin/python bench/bench_pprl_scale.py \\
        --gen /tmp/big1001 --gen /tmp/big1002 --sizes 100000,300000,1000000 --work /tmp/pprl-scale

Data: `bench/independent/generate.py --people 420000 --seed 1001` and `--seed 1002` (not tipnet's
simulator; about 1M records each). Party A takes every immigration and police record of both sets,
party B every NGO, hotline and bank record, the first N of each (record ids prefixed by the seed).
`tipnet pprl encode` runs once on all of A and once on all of B (default workers: the machine's
cores; A + B is the million-record encode), then each size N matches the first N encodings of each side
(`tipnet pprl match AN.clk BN.clk --blocking lsh`). Every command is measured from outside: wall time, CPU time (user +
system of the command and its workers), and peak resident memory summed over the command's
process tree (sampled every 0.2 s from /proc), with the load average before each run. Recall of the
true pairs (truth.csv) among the matches at the default threshold is given too, so that a faster
blocking cannot hide a worse one.

Learnt stage (issue 18, branch pprl14): each size is matched with the default (the learnt comparison
stage, `m{N}`) and with `--no-learnt` (the schema's score alone, `s{N}`), both measured; the raw run below
is the schema's score (`--no-learnt`).

Population prior (issue 18, branch pprl12): each size is also matched with `--no-population-prior
--threshold 0.01` (every candidate's score at the calibration population), from which precision and
recall at the default threshold are computed **before** (no prior: the score of 2,467 records a side)
and **after** (the command's default: the score shifted by `Population.shift` of the two files' sizes),
on the same candidates.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np

A_AGENCIES = {"immigration", "police"}
COLUMNS = ["record_id", "name", "given_name", "family_name", "birth_date", "gender", "nationality",
           "document_number", "phone"]  # fmt: skip


def _tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants (from /proc)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status", encoding="ascii") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children", encoding="ascii") as f:
                    todo.extend(int(c) for c in f.read().split())
        except (FileNotFoundError, ProcessLookupError, ValueError):
            continue
    return total


def measure(cmd: list[str]) -> dict[str, float]:
    """Wall, CPU (user + sys of the command and its children) and peak tree RSS of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load = os.getloadavg()[0]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    done = threading.Event()

    def poll() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            time.sleep(0.2)

    t = threading.Thread(target=poll, daemon=True)
    t.start()
    _out, err = proc.communicate()
    wall = time.perf_counter() - start
    done.set()
    t.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {err.decode()[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall_s": round(wall, 1), "cpu_s": round(cpu, 1), "peak_rss_mb": round(peak / 2**20),
            "load_before": round(load, 2)}  # fmt: skip


def make_parties(gens: list[Path], n: int, out: Path) -> set[tuple[str, str]]:
    """A.csv and B.csv of the first n records of each side; the true pairs across them."""
    out.mkdir(parents=True, exist_ok=True)
    files = {s: (out / f"{s}.csv").open("w", newline="", encoding="utf-8") for s in "AB"}
    writers = {s: csv.writer(f) for s, f in files.items()}
    for w in writers.values():
        w.writerow(COLUMNS)
    counts = {"A": 0, "B": 0}
    person: dict[str, str] = {}
    for gen in gens:
        tag = gen.name
        with (gen / "linkage/truth.csv").open(newline="", encoding="utf-8") as f:
            for r in csv.DictReader(f):
                person[f"{tag}-{r['record_id']}"] = f"{tag}-{r['person_id']}"
        with (gen / "linkage/records.csv").open(newline="", encoding="utf-8") as f:
            for r in csv.DictReader(f):
                side = "A" if r["agency"] in A_AGENCIES else "B"
                if counts[side] >= n:
                    continue
                counts[side] += 1
                r["record_id"] = f"{tag}-{r['record_id']}"
                writers[side].writerow([r[c] for c in COLUMNS])
    for f in files.values():
        f.close()
    by_person: dict[str, tuple[list[str], list[str]]] = {}
    for side in "AB":
        with (out / f"{side}.csv").open(newline="", encoding="utf-8") as f:
            for r in csv.DictReader(f):
                by_person.setdefault(person[r["record_id"]], ([], []))["AB".index(side)].append(
                    r["record_id"]
                )
    return {(a, b) for la, lb in by_person.values() for a in la for b in lb}


def prior_effect(
    raw: Path, truth: set[tuple[str, str]], schema: object, records: list[int], threshold: float
) -> dict[str, object]:
    """Precision and recall at `threshold` before (scores without the population prior) and after
    (shifted by the prior of these sizes), and the threshold that would have given precision 0.95
    without the prior, from one run's every candidate scoring >= 0.01 without it."""
    from tipnet.sharing.pprl.match import Population

    shift = Population(records[0], records[1]).shift(schema)  # type: ignore[arg-type]
    # the overlap the parties would give if they knew it: the smaller file's share of records with a match
    small = 0 if records[0] <= records[1] else 1
    overlap = len({k[small] for k in truth}) / max(1, records[small])
    given = Population(records[0], records[1], min(1.0, max(overlap, 1e-4))).shift(schema)  # type: ignore[arg-type]
    with raw.open(newline="", encoding="utf-8") as f:
        rows = [((r["a_id"], r["b_id"]), float(r["score"])) for r in csv.DictReader(f)]
    y = np.array([k in truth for k, _s in rows], dtype=bool)
    s = np.clip(np.array([x for _k, x in rows]), 1e-9, 1 - 1e-9)
    z = np.log(s) - np.log1p(-s)
    out: dict[str, object] = {"shift": round(shift, 3), "true_overlap": round(overlap, 3),
                              "shift_given_overlap": round(given, 3)}  # fmt: skip
    for label, zz in (("before", z), ("after", z + shift), ("after_given_overlap", z + given)):
        keep = zz >= np.log(threshold / (1 - threshold))
        tp = int((keep & y).sum())
        out[label] = {"matches": int(keep.sum()), "precision": round(tp / max(1, int(keep.sum())), 3),
                      "recall": round(tp / max(1, len(truth)), 3)}  # fmt: skip
    order = np.argsort(-z, kind="stable")
    prec = np.cumsum(y[order]) / np.arange(1, len(order) + 1)
    ok = np.nonzero(prec >= 0.95)[0]
    if len(ok):
        k = ok[-1]
        out["p95_without_prior"] = {"score": round(float(s[order][k]), 4),
                                    "recall": round(float(np.cumsum(y[order])[k] / max(1, len(truth))), 3)}  # fmt: skip
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--gen", type=Path, action="append", required=True, help="a generate.py output")
    ap.add_argument("--sizes", default="100000,300000,1000000", help="records per side matched (first N)")
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--work", type=Path, default=Path("/tmp/pprl-scale"))
    ap.add_argument("--json", type=Path)
    ap.add_argument("--skip-encode", action="store_true", help="match files encoded by an earlier run")
    ap.add_argument("--encode-only", action="store_true", help="encode A and B, match nothing")
    ap.add_argument(
        "--reanalyse", action="store_true", help="read an earlier run's raw matches, match nothing"
    )
    args = ap.parse_args()
    tipnet = str(Path(sys.executable).with_name("tipnet"))
    secret = args.work / "secret.key"
    args.work.mkdir(parents=True, exist_ok=True)
    if not secret.exists():
        secret.write_text(os.urandom(32).hex(), encoding="utf-8")
    results: dict[str, object] = {"cpus": os.cpu_count(), "machine": os.uname().machine, "matches": {}}
    sizes = [int(x) for x in args.sizes.split(",")]
    w = args.work
    truth = make_parties(args.gen, max(sizes), w)
    results["true_pairs"] = len(truth)
    for side in "AB":
        if args.skip_encode and (w / f"{side}.clk").exists():
            continue
        runs = [measure([tipnet, "pprl", "encode", str(w / f"{side}.csv"), "-c", "id=record_id",
                         "--secret-file", str(secret), "--out", str(w / f"{side}.clk")])
                for _ in range(args.runs)]  # fmt: skip
        results[f"encode_{side}"] = runs
        print("encode", side, runs, file=sys.stderr, flush=True)
    if args.encode_only:
        sizes = []
    from tipnet.sharing.pprl.clkfile import read_clk, write_clk

    full = {side: read_clk(w / f"{side}.clk") for side in "AB"}
    results["encoded"] = {side: len(c) for side, c in full.items()}
    for n in sizes:
        for side, c in full.items():
            write_clk(
                w / f"{side}{n}.clk", c.schema, c.key_check, c.ids[:n], np.ascontiguousarray(c.filters[:n])
            )
        runs = [] if args.reanalyse else [
            measure([tipnet, "pprl", "match", str(w / f"A{n}.clk"), str(w / f"B{n}.clk"), "--out",
                     str(w / f"m{n}"), "--blocking", "lsh"]) for _ in range(args.runs)]  # fmt: skip
        # the schema's score alone (`--no-learnt`): the matcher before the learnt stage, timed the same way
        schema_runs = [] if args.reanalyse else [
            measure([tipnet, "pprl", "match", str(w / f"A{n}.clk"), str(w / f"B{n}.clk"), "--out",
                     str(w / f"s{n}"), "--blocking", "lsh", "--no-learnt"]) for _ in range(args.runs)]  # fmt: skip
        if not args.reanalyse:
            measure([tipnet, "pprl", "match", str(w / f"A{n}.clk"), str(w / f"B{n}.clk"), "--out", str(w / f"raw{n}"),
                 "--blocking", "lsh", "--no-population-prior", "--threshold", "0.01", "--no-learnt"])  # fmt: skip
        run = json.loads((w / f"m{n}/run.json").read_text(encoding="utf-8"))
        with (w / f"m{n}/matches.csv").open(newline="", encoding="utf-8") as f:
            found = {(r["a_id"], r["b_id"]) for r in csv.DictReader(f)}
        ids_a, ids_b = set(full["A"].ids[:n]), set(full["B"].ids[:n])
        true_n = {(a, b) for a, b in truth if a in ids_a and b in ids_b}
        tp = len(found & true_n)
        # what a full comparison would find of the true pairs: each true pair scored directly
        from tipnet.sharing.pprl.match import score_pairs

        pos_a = {x: i for i, x in enumerate(full["A"].ids[:n])}
        pos_b = {x: i for i, x in enumerate(full["B"].ids[:n])}
        pairs = sorted(true_n)
        ia = np.array([pos_a[a] for a, _b in pairs], dtype=np.int64)
        ib = np.array([pos_b[b] for _a, b in pairs], dtype=np.int64)
        scores = score_pairs(full["A"].filters[:n], full["B"].filters[:n], full["A"].schema, ia, ib)
        full_tp = int((scores >= run["threshold"]).sum())
        row = {"records": [min(n, len(full["A"])), min(n, len(full["B"]))], "runs": runs,
               "pairs_compared": run["pairs_compared"], "matches": run["matches"], "threshold": run["threshold"],
               "true_pairs": len(true_n), "recall": round(tp / max(1, len(true_n)), 3),
               "precision": round(tp / max(1, len(found)), 3),
               "true_pairs_at_threshold_full": full_tp,  # the true pairs a full comparison would report
               "true_pairs_found_blocked": tp,
               "blocking_recall_loss": round(1 - tp / max(1, full_tp), 4)}  # fmt: skip
        with (w / f"s{n}/matches.csv").open(newline="", encoding="utf-8") as f:
            found_s = {(r["a_id"], r["b_id"]) for r in csv.DictReader(f)}
        tp_s = len(found_s & true_n)
        run_s = json.loads((w / f"s{n}/run.json").read_text(encoding="utf-8"))
        row["no_learnt"] = {"runs": schema_runs, "matches": len(found_s), "threshold": run_s["threshold"],
                            "precision": round(tp_s / max(1, len(found_s)), 3),
                            "recall": round(tp_s / max(1, len(true_n)), 3)}  # fmt: skip
        row["learnt"] = run.get("learnt")
        # blocking's loss is the schema score's: the true pairs it reports in full vs over the LSH candidates
        full_s = int((scores >= run_s["threshold"]).sum())
        row["true_pairs_at_threshold_full"] = full_s
        row["blocking_recall_loss"] = round(1 - tp_s / max(1, full_s), 4)
        row["prior"] = prior_effect(w / f"raw{n}/matches.csv", true_n, full["A"].schema, row["records"],
                                    run["threshold"])  # fmt: skip
        results["matches"][str(n)] = row  # type: ignore[index]
        print("match", n, row, file=sys.stderr, flush=True)
    text = json.dumps(results, indent=1)
    print(text)
    if args.json:
        args.json.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
