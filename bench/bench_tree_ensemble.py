"""The second stage's tree ensemble (`matching.learnt`) on a saved feature matrix: the walk (tree by tree,
as main evaluated it before the compiled tables) against the compiled chunks, in interleaved rounds;
CPU seconds (process_time, robust to a shared machine), tracemalloc peak, outputs compared bit for bit.

    tipnet simulate -n 2000 -s 2026 -o sim2k -q
    python bench/bench_tree_ensemble.py X.npy --save-from sim2k     # link the simulator's records once
    python bench/bench_tree_ensemble.py X.npy [ROUNDS] [--tile N]

X.npy: the matrix `second_stage.features` returned in a run of the simulator's linkage (threshold 0.8,
one worker); `--tile N` repeats its rows N times (the run's distribution of values at N times the pairs).
"""

from __future__ import annotations

import argparse
import time
import tracemalloc
from pathlib import Path

import numpy as np

from tipnet.linkage import second_stage
from tipnet.linkage.second_stage import default_model


def save_from(sim: Path, path: str) -> None:
    from tipnet.evaluation.link_records import sim_link_records
    from tipnet.linkage.records import prepare_table
    from tipnet.linkage.resolve import Options, resolve

    features = second_stage.features

    def saving(*args: object, **kwargs: object) -> np.ndarray:
        X = features(*args, **kwargs)  # type: ignore[arg-type]
        np.save(path, X)
        print("saved", X.shape, "to", path)
        return X

    second_stage.features = saving  # type: ignore[assignment]
    records = [rec for _key, rec in sim_link_records(sim)]
    resolve([prepare_table(records, workers=1)], Options(threshold=0.8, workers=1))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("matrix")
    ap.add_argument("rounds", type=int, nargs="?", default=3)
    ap.add_argument("--tile", type=int, default=1)
    ap.add_argument("--save-from", type=Path, metavar="SIM", help="link this simulation, save its matrix")
    args = ap.parse_args()
    if args.save_from:
        save_from(args.save_from, args.matrix)
        return
    X = np.tile(np.load(args.matrix), (args.tile, 1))
    ens = default_model()
    t = time.process_time()
    assert ens.compiled is not None
    print("compile CPU s", round(time.process_time() - t, 3))
    cpu: dict[str, list[float]] = {"walk": [], "compiled": []}
    peak: dict[str, float] = {}
    out: dict[str, np.ndarray] = {}
    for r in range(args.rounds):
        for name, f in (("walk", ens.walk), ("compiled", ens.raw)):
            tracemalloc.start()
            t = time.process_time()
            out[name] = f(X)
            cpu[name].append(time.process_time() - t)
            peak[name] = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
        print(r, {k: round(v[-1], 2) for k, v in cpu.items()}, flush=True)
    print("rows", X.shape, "identical", np.array_equal(out["walk"], out["compiled"]))
    for k, v in cpu.items():
        print(
            k,
            "median CPU s",
            round(float(np.median(v)), 2),
            [round(x, 2) for x in v],
            "peak MB",
            round(peak[k]),
        )
    print("walk / compiled", round(float(np.median(cpu["walk"]) / np.median(cpu["compiled"])), 1))


if __name__ == "__main__":
    main()
