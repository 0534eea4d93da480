"""The CPU time of screening a batch, per traveller, and a digest of every result (issue 13).

    python bench/screening_batch_cpu.py [--entries 200000] [--travellers 5000] [--threshold 0|default]

Entries and travellers are generated as in bench/bench_screening_scale.py (same functions, same
seed, smaller numbers); the index is built once and saved under --dir (reused while the entries,
seed and the index file format are the same; --rebuild to force). The screening then runs in a fresh
process (cold caches, as a new `tipnet screen` would), one process, no workers, and prints the CPU
seconds of the screening alone (process time), per traveller, and a SHA-256 digest of all results:
each traveller's hits and review (list, entry id, score, explanation), candidates and error. At
threshold 0 every candidate compared is in the digest, so two code versions that print the same
digest scored every pair alike. --repeat N screens the batch N times in the one process (the later
passes warm).

    python bench/screening_batch_cpu.py --entries 1000000 --batch 100000 --workers 2

screens a longer batch (--batch N travellers, generated after the same entries with the same random
stream, so its first travellers are the default batch's) against the same saved index, in forked
workers as `tipnet screen --workers` does; the CPU seconds are then this process's and its workers'.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import pickle
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

KEY = b"screening-batch-cpu-bench-key-32"  # the bench's own index file key (synthetic data only)


def _build(args: argparse.Namespace, folder: Path, batch: int | None = None) -> None:
    """Build and save the index and the travellers; with `batch`, only write `batch` travellers (the
    entries are generated again, unbuilt, to put the random stream where the travellers start)."""
    from tipnet.evaluation.pairs import _person, entry_side, query_side
    from tipnet.screening.index import ListEntry, ListInfo, ScreeningIndex

    rng = random.Random(args.seed)
    truths = [_person(rng) for _ in range(args.entries)]
    entries = [ListEntry(f"E{i}", entry_side(rng, tr, aliases=True).record()) for i, tr in enumerate(truths)]
    if batch is None:
        t = time.perf_counter()
        ix = ScreeningIndex.build([(ListInfo("generated", "1"), entries)], workers=2)
        print(f"built {args.entries:,} entries in {time.perf_counter() - t:.1f} s", flush=True)
        folder.mkdir(parents=True, exist_ok=True)
        ix.save(folder / "index.idx", KEY)
    del entries
    travellers = []
    for k in range(args.travellers if batch is None else batch):
        if k % 2 == 0:
            q, _ = query_side(rng, truths[rng.randrange(len(truths))], cross=rng.random() < 0.3)
        else:
            q, _ = query_side(rng, _person(rng), cross=rng.random() < 0.3)
        travellers.append(q.record())
    with open(folder / ("travellers.pkl" if batch is None else f"travellers-{batch}.pkl"), "wb") as fh:
        pickle.dump(travellers, fh, protocol=5)


def _screen(args: argparse.Namespace, folder: Path) -> None:
    from tipnet.screening.index import ScreeningIndex
    from tipnet.screening.screen import Screener

    ix = ScreeningIndex.load(folder / "index.idx", KEY)
    with open(
        folder / ("travellers.pkl" if args.batch is None else f"travellers-{args.batch}.pkl"), "rb"
    ) as fh:
        travellers = pickle.load(fh)
    if args.learnt_stage:
        from tipnet.screening.rescore import default_rescorer

        screener = Screener(ix, rescorer=default_rescorer())
    else:
        screener = Screener(ix)
    threshold = None if args.threshold == "default" else float(args.threshold)
    for rep in range(args.repeat):
        c0, t0, k0 = time.process_time(), time.perf_counter(), _children_cpu()
        results = screener.screen_many(travellers, threshold=threshold, workers=args.workers)
        cpu = time.process_time() - c0 + _children_cpu() - k0
        wall = time.perf_counter() - t0
        digest = hashlib.sha256()
        hits = review = 0
        for r in results:
            hits += len(r.hits)
            review += len(r.review)
            row = {
                "hits": [h.to_dict() for h in r.hits],
                "review": [h.to_dict() for h in r.review],
                "candidates": r.candidates,
                "error": r.error,
            }
            digest.update(json.dumps(row, sort_keys=True, ensure_ascii=False).encode("utf-8") + b"\n")
        print(
            json.dumps(
                {
                    "pass": rep + 1,
                    "entries": args.entries,
                    "travellers": len(travellers),
                    "workers": args.workers,
                    "threshold": screener.threshold if threshold is None else threshold,
                    "cpu_s": round(cpu, 2),
                    "wall_s": round(wall, 2),
                    "ms_per_traveller_cpu": round(1000 * cpu / len(travellers), 3),
                    "hits": hits,
                    "review": review,
                    "load": [round(x, 1) for x in os.getloadavg()],
                    "sha256": digest.hexdigest(),
                }
            ),
            flush=True,
        )


def _children_cpu() -> float:
    """User and system seconds of the finished (reaped) worker processes."""
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--entries", type=int, default=200_000)
    ap.add_argument("--travellers", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=303)
    ap.add_argument(
        "--threshold", default="0", help="0: every candidate compared is kept; 'default': the calibration's"
    )
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--batch", type=int, default=None, help="screen this many travellers instead")
    ap.add_argument("--workers", type=int, default=1, help="screening processes (forked, as the CLI's)")
    ap.add_argument("--dir", type=Path, default=Path("/tmp/screening_batch_cpu"))
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument(
        "--learnt-stage",
        action="store_true",
        help="screen with the shipped learnt stage on (tipnet.screening.rescore)",
    )
    ap.add_argument("--screen-only", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    from tipnet.screening.index_file import MAGIC

    tag = hashlib.sha256(MAGIC).hexdigest()[:8]
    folder = args.dir / f"e{args.entries}-t{args.travellers}-s{args.seed}-{tag}"
    if args.screen_only:
        _screen(args, folder)
        return
    if args.rebuild or not (folder / "travellers.pkl").exists():
        _build(args, folder)
    if args.batch is not None and not (folder / f"travellers-{args.batch}.pkl").exists():
        _build(args, folder, args.batch)
    # A fresh process: cold caches, and no memory of the build.
    subprocess.run([sys.executable, __file__, *sys.argv[1:], "--screen-only"], check=True)


if __name__ == "__main__":
    main()
