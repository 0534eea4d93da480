"""The issue-17 anchor run side by side: smartnoise-synth's MST on the CTDC file, scored with the
same metric as bench/bench_release.py (tipnet.release.utility.mean_relative_errors: cells with at
least 10 people, every 1-, 2- and 3-way combination of the 16 columns).

smartnoise-synth pins old dependencies (and pulls torch and JAX), so it lives in its own venv, never
in the product's:

    python3 -m venv /work/anchor-venv-sn && /work/anchor-venv-sn/bin/pip install smartnoise-synth==1.0.8
    PYTHONPATH=src flock /work/notes/heavy.lock /work/anchor-venv-sn/bin/python bench/anchor_mst.py --runs 3

Only tipnet.release.utility (pure numpy) is imported from tipnet.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import time
from importlib.metadata import version
from pathlib import Path

import pandas as pd
from snsynth import Synthesizer

from tipnet.release.utility import mean_relative_errors

DEFAULT = Path("/work/shared/data/ctdc/CTDC_VPsynthetic_condensed.csv")


def _rows(out: object, cols: list[str]) -> list[dict[str, str]]:
    frame = out if isinstance(out, pd.DataFrame) else pd.DataFrame(list(out), columns=cols)  # type: ignore[call-overload]
    return [
        {c: "" if pd.isna(v) else str(v) for c, v in zip(cols, r, strict=True)}
        for r in frame.itertuples(index=False)
    ]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--ctdc", type=Path, default=DEFAULT)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--epsilon", type=float, nargs="*", default=[4.0, 1.0])
    ap.add_argument("--delta", type=float, default=1e-6)
    args = ap.parse_args()
    with args.ctdc.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    cols = list(rows[0])
    df = pd.DataFrame(rows, columns=cols).fillna("")
    print(
        f"smartnoise-synth {version('smartnoise-synth')}, mbi {version('mbi')}, opendp {version('opendp')}; "
        f"{len(rows)} rows, {len(cols)} columns, delta {args.delta:g}\n"
    )
    print("| method | epsilon | 1-way | 2-way | 3-way | seconds (median) | runs: 2-way / 3-way |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for eps in args.epsilon:
        errs, errs_iid, times = [], [], []
        for _ in range(args.runs):
            t = time.perf_counter()
            synth = Synthesizer.create("mst", epsilon=eps, delta=args.delta)
            synth.fit(df, categorical_columns=cols, preprocessor_eps=0.0)
            out = synth.sample(len(rows))
            times.append(time.perf_counter() - t)
            errs.append(mean_relative_errors(rows, _rows(out, cols), cols))
            # the same fitted model, rows drawn i.i.d. from it instead of mbi's rounding sampler
            iid = synth.synthesizer.synthetic_data(rows=len(rows), method="sample")
            dec = synth.undo_compress_fn(iid)
            out2 = synth._transformer.inverse_transform([tuple(t[1:]) for t in dec.df.itertuples()])
            errs_iid.append(mean_relative_errors(rows, _rows(out2, cols), cols))
            print(f"<!-- run: round {errs[-1]} iid {errs_iid[-1]} {times[-1]:.0f}s -->", flush=True)
        med = {w: statistics.median(e[w] for e in errs) for w in (1, 2, 3)}
        runs = ", ".join(f"{e[2]:.3f}/{e[3]:.3f}" for e in errs)
        print(
            f"| smartnoise-synth MST (as installed) | {eps:g} | {med[1]:.3f} | {med[2]:.3f} | {med[3]:.3f} "
            f"| {statistics.median(times):.0f} | {runs} |",
            flush=True,
        )
        med = {w: statistics.median(e[w] for e in errs_iid) for w in (1, 2, 3)}
        runs = ", ".join(f"{e[2]:.3f}/{e[3]:.3f}" for e in errs_iid)
        print(
            f"| same MST model, rows drawn i.i.d. (method='sample') | {eps:g} | {med[1]:.3f} | {med[2]:.3f} "
            f"| {med[3]:.3f} | | {runs} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
