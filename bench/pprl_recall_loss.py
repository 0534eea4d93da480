"""Where PPRL recall is lost on the independent set: the true pairs by the evidence they share in clear.

    python bench/pprl_recall_loss.py WORK_SALTED WORK_UNSALTED [--seed 13] [--split test]

WORK_* are `bench/bench_pprl.py --work` folders (their JSON next to them gives each run's threshold
chosen on calibration for precision >= 0.95). For every true cross-party pair of the chosen split, the
two records' plaintext features (tipnet's one feature extraction, `sharing.pprl.features`, unsalted)
say which fields both records hold and which agree ("name~": Dice of the unsalted name features >= 0.5);
the pairs are grouped by (birth dates, name, phone or document shared; `--fine`: phone and document
apart) and each group's pairs found by each run are given. Prints counts only, never a value.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

from tipnet.sharing.pprl.features import EncodeError, PprlInput, _birth, record_features
from tipnet.sharing.pprl.schema import PROFILES

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_pprl import make_parties


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _features(row: dict[str, str]) -> dict[str, set[str]]:
    names = tuple(v for v in (row["name"], f"{row['given_name']} {row['family_name']}".strip()) if v)
    rec = PprlInput(
        id=row["record_id"],
        names=names,
        birth_date=row["birth_date"] or None,
        gender=row["gender"] or None,
        nationalities=tuple(v for v in [row["nationality"]] if v),
        documents=tuple(v for v in [row["document_number"]] if v),
        phones=tuple(v for v in [row["phone"]] if v),
    )
    out: dict[str, set[str]] = defaultdict(set)
    try:
        feats, _ = record_features(rec, PROFILES["unsalted"])
    except EncodeError:
        return out
    for field, kind, value in feats:
        out[field].add(f"{kind}:{value}")
    return out


def _dice(a: set[str], b: set[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def _class(
    ra: dict[str, str], rb: dict[str, str], fa: dict[str, set[str]], fb: dict[str, set[str]], fine: bool
) -> str:
    da, db = _birth(ra["birth_date"]), _birth(rb["birth_date"])
    full_a, full_b = all(da), all(db)
    if full_a and full_b:
        same = da[0] == db[0] and sorted(da[1:]) == sorted(db[1:])
        date = "full date both, equal" if same else "full date both, differ"
    elif full_a or full_b:
        date = "full date one side"
    else:
        date = "no full date either side"
    name = "name~" if _dice(fa["name"], fb["name"]) >= 0.5 else "name-"
    phone = "phone=" if fa["phone"] & fb["phone"] else ("phone-" if fa["phone"] and fb["phone"] else "")
    doc = "doc=" if fa["document"] & fb["document"] else ("doc-" if fa["document"] and fb["document"] else "")
    if not fine:
        shared = "phone or document shared" if "=" in phone + doc else "no phone or document shared"
        return " | ".join((date, name, shared))
    return " | ".join(x for x in (date, name, phone, doc) if x)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("runs", type=Path, nargs="+", help="bench_pprl.py --work folders")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--split", default="test", help="calibration, test, or all")
    ap.add_argument("--fine", action="store_true", help="phone and document apart, agreeing or not")
    args = ap.parse_args()
    first = args.runs[0]
    data = make_parties(first / f"indep{args.seed}", first / f"parties{args.seed}")
    rows = {r["record_id"]: r for s in "AB" for r in _read(first / f"parties{args.seed}/{s}.csv")}
    pairs = {
        (a, b)
        for a, b in data["pairs"]  # type: ignore[attr-defined]
        if args.split == "all" or data["split"][data["truth"][a]] == args.split  # type: ignore[index]
    }
    feats = {k: _features(r) for k, r in rows.items()}
    found = []
    for run in args.runs:
        th = json.loads(run.with_suffix(".json").read_text(encoding="utf-8"))["tipnet_pprl"]["thresholds"][
            "p95"
        ]
        got = {
            (r["a_id"], r["b_id"])
            for r in _read(run / f"parties{args.seed}/pprl/matches.csv")
            if float(r["score"]) >= th
        }
        found.append(got)
    groups: Counter[str] = Counter()
    hit: list[Counter[str]] = [Counter() for _ in args.runs]
    for a, b in pairs:
        c = _class(rows[a], rows[b], feats[a], feats[b], args.fine)
        groups[c] += 1
        for i, got in enumerate(found):
            hit[i][c] += (a, b) in got
    head = " | ".join(f"found {r.name}" for r in args.runs)
    print(f"true pairs ({args.split}, seed {args.seed}): {len(pairs)}")
    print(f"| shared in clear | pairs | {head} |")
    print("|---|---:|" + "---:|" * len(args.runs))
    for c, n in sorted(groups.items(), key=lambda kv: -kv[1]):
        print(f"| {c} | {n} | " + " | ".join(str(h[c]) for h in hit) + " |")
    print("| all | " + str(len(pairs)) + " | " + " | ".join(str(sum(h.values())) for h in hit) + " |")


if __name__ == "__main__":
    main()
