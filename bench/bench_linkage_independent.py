"""Linkage on the independent evaluation set (issue 13): splits, hand-labelled hard pairs, reliability.

    .venv/bin/python bench/bench_linkage_independent.py [--people 2000] [--seed 13] [--json OUT] [--plot PNG]

Generates the set with `bench/independent/generate.py` (written without reading tipnet's simulator),
links it with `tipnet link csv` (defaults, one worker) and scores the links with
`bench/independent/score.py` on the calibration and test splits. Adds two views score.py lacks:
the hand-labelled hard pairs (`bench/independent/hard_pairs.csv`, only for the default seed and size),
and the reliability diagram: the pairs tipnet scored (links and the review queue, score ≥ 0.5) whose two
records both belong to calibration-split people, binned by score, with the share that are true matches.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
INDEP = HERE / "independent"
BINS = [(0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 0.95), (0.95, 0.99), (0.99, 1.0)]


def _key(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def reliability(data: Path, run: Path, split_name: str = "calibration") -> list[dict[str, float]]:
    truth = {r["record_id"]: r["person_id"] for r in _read(data / "linkage/truth.csv")}
    split = {r["person_id"]: r["split"] for r in _read(data / "linkage/split.csv")}
    scores: dict[tuple[str, str], float] = {}
    for name in ("pairs.csv", "review.csv"):
        for r in _read(run / name):
            scores[_key(r["id_l"], r["id_r"])] = float(r["match_probability"])
    out = []
    for lo, hi in BINS:
        sel = [
            k
            for k, v in scores.items()
            if lo <= v < (hi if hi < 1 else 1.0001)
            and split[truth[k[0]]] == split_name
            and split[truth[k[1]]] == split_name
        ]
        right = sum(1 for a, b in sel if truth[a] == truth[b])
        out.append(
            {"low": lo, "high": hi, "pairs": len(sel), "precision": right / len(sel) if sel else float("nan")}
        )
    return out


def hard_pairs(run: Path) -> dict[str, float]:
    links = {_key(r["id_l"], r["id_r"]) for r in _read(run / "pairs.csv")}
    rows = _read(INDEP / "hard_pairs.csv")
    true = [r for r in rows if r["is_match"].lower() == "true"]
    linked = [r for r in rows if _key(r["left_id"], r["right_id"]) in links]
    tp = sum(1 for r in linked if r["is_match"].lower() == "true")
    p = tp / len(linked) if linked else 0.0
    rc = tp / len(true)
    correct = tp + (len(rows) - len(true) - (len(linked) - tp))
    return {
        "pairs": len(rows),
        "true": len(true),
        "linked": len(linked),
        "precision": round(p, 3),
        "recall": round(rc, 3),
        "f1": round(2 * p * rc / (p + rc), 3) if p + rc else 0.0,
        "accuracy": round(correct / len(rows), 3),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--people", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--plot", type=Path, help="write the reliability diagram as a PNG")
    ap.add_argument("--work", type=Path, help="keep the data and the run in this folder")
    args = ap.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="tipnet-indep-"))
    data, run = work / "data", work / "run"
    py = sys.executable
    subprocess.run(
        [
            py,
            str(INDEP / "generate.py"),
            "--people",
            str(args.people),
            "--seed",
            str(args.seed),
            "--out",
            str(data),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    t = time.perf_counter()
    rc = subprocess.run(
        [
            "tipnet",
            "link",
            "csv",
            str(data / "linkage/records.csv"),
            "--out",
            str(run),
            "-c",
            "id=record_id",
            "--workers",
            "1",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    ).returncode
    wall = time.perf_counter() - t
    result: dict[str, object] = {
        "people": args.people,
        "seed": args.seed,
        "link_wall_s": round(wall, 1),
        "exit": rc,
    }
    for split in ("calibration", "test"):
        out = subprocess.run(
            [
                py,
                str(INDEP / "score.py"),
                "linkage",
                "--data",
                str(data),
                "--run",
                str(run),
                "--split",
                split,
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        result[split] = json.loads(out)
    if args.people == 2000 and args.seed == 13:
        result["hard_pairs"] = hard_pairs(run)
    result["reliability_calibration"] = reliability(data, run)
    for split in ("calibration", "test"):
        s = result[split]
        assert isinstance(s, dict)
        print(f"{split:12s} links P/R/F1 {s['links']['precision']}/{s['links']['recall']}/{s['links']['f1']}"
              f"  clusters {s['clusters']['precision']}/{s['clusters']['recall']}/{s['clusters']['f1']}")  # fmt: skip
    if "hard_pairs" in result:
        print("hard pairs", result["hard_pairs"])
    print("reliability (calibration split): score bin, pairs, observed precision")
    for b in result["reliability_calibration"]:  # type: ignore[attr-defined]
        print(f"  {b['low']:.2f}-{b['high']:.2f}  {b['pairs']:5d}  {b['precision']:.3f}")
    if args.plot:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        bins = [b for b in result["reliability_calibration"] if b["pairs"]]  # type: ignore[attr-defined]
        mid = [(b["low"] + b["high"]) / 2 for b in bins]
        fig, ax = plt.subplots(figsize=(4.5, 4.5))
        ax.plot([0.5, 1], [0.5, 1], "--", color="grey", label="perfectly calibrated")
        ax.plot(mid, [b["precision"] for b in bins], "o-", label="tipnet link csv")
        for x, b in zip(mid, bins, strict=True):
            ax.annotate(
                str(b["pairs"]), (x, b["precision"]), textcoords="offset points", xytext=(4, -10), fontsize=7
            )
        ax.set_xlabel("match probability (bin middle)")
        ax.set_ylabel("observed precision")
        ax.set_title("Linkage reliability\n(independent set, calibration split)", fontsize=10)
        ax.legend(loc="lower right", fontsize=8)
        fig.tight_layout()
        fig.savefig(args.plot, dpi=110)
    if args.json:
        args.json.write_text(json.dumps(result, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
