"""Score `tipnet adverts postings --json` verdicts against this set's labels (written by the lead
after the set was frozen; the set's author never ran tipnet on it).

    tipnet adverts postings bench/independent_jobs2/data/postings.csv --json -q > verdicts.jsonl
    python bench/independent_jobs2/score.py verdicts.jsonl
"""

from __future__ import annotations

import argparse
import csv
import json
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).parent


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("verdicts", type=Path)
    ap.add_argument("--labels", type=Path, default=HERE / "data" / "labels.csv")
    args = ap.parse_args()
    verdicts = {d["id"]: d for d in map(json.loads, args.verdicts.read_text(encoding="utf-8").splitlines())}
    labels = list(csv.DictReader(args.labels.open(encoding="utf-8")))
    missing = [r["job_id"] for r in labels if r["job_id"] not in verdicts]
    if missing:
        raise SystemExit(f"{len(missing)} postings have no verdict, e.g. {missing[:3]}")
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # tp, fp, fn per slice
    kinds: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for row in labels:
        truth, said = row["fraudulent"] == "1", bool(verdicts[row["job_id"]]["fraudulent"])
        for key in ("all", f"hard={row['hard']}"):
            c = counts[key]
            c[0] += truth and said
            c[1] += (not truth) and said
            c[2] += truth and not said
        kinds[(row["fraudulent"], row["kind"])][0] += 1
        kinds[(row["fraudulent"], row["kind"])][1] += said
    for key in ("all", "hard=0", "hard=1"):
        tp, fp, fn = counts[key]
        p, r, f = prf(tp, fp, fn)
        print(f"{key:7} tp {tp:4} fp {fp:4} fn {fn:4}  precision {p:.3f} recall {r:.3f} F1 {f:.3f}")
    print("\nkind (fraudulent), postings, called fraudulent")
    for (fraud, kind), (n, called) in sorted(kinds.items()):
        print(f"  {kind} ({fraud}): {n}, {called}")


if __name__ == "__main__":
    main()
