"""Re-estimate the shipped matching weights (src/tipnet/matching/data/weights.json).

    .venv/bin/python bench/calibrate_weights.py [--pairs 20000] [--seed 101]

Trained on simulator pairs of seed 101; the benchmarks evaluate on seed 202 (a different seed).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from tipnet.evaluation.calibration import calibrate
from tipnet.evaluation.pairs import generate_pairs, pair_levels

OUT = Path(__file__).resolve().parents[1] / "src" / "tipnet" / "matching" / "data" / "weights.json"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pairs", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=101)
    args = ap.parse_args()
    pairs = generate_pairs(args.pairs, seed=args.seed, aliases=False)
    weights = calibrate(
        pair_levels(pairs),
        meta={"trained_on": f"tipnet.evaluation.pairs seed {args.seed}, {args.pairs} pairs"},
    )
    OUT.write_text(json.dumps(weights.to_json(), indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {OUT}: prior {weights.prior:.3f}, threshold {weights.threshold}")


if __name__ == "__main__":
    main()
