# SPDX-License-Identifier: Apache-2.0
"""The hand-labelled hard pairs (hard_pairs.csv) and how they were made.

    python bench/independent/hard_pairs.py show            # the chosen pairs, without the truth, for labelling
    python bench/independent/hard_pairs.py write LABELS    # merge hand labels with the generator's truth
    python bench/independent/hard_pairs.py check           # regenerate and compare the records (as the test does)

LABELS is a CSV `left_id, right_id, hand_label, why` written by a person reading each pair blind
(hand_label: match, non-match or unsure). `write` produces hard_pairs.csv (`left_id, right_id,
is_match, why, hand_label, stratum`), hard_pairs_records.csv (the records of those pairs, as
generated) and hard_pairs.json (seed, people, generator version, digests).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from indepgen import GENERATOR_VERSION  # noqa: E402
from indepgen.build import DEFAULT_PEOPLE, DEFAULT_SEED, build_linkage  # noqa: E402
from indepgen.hardpairs import select  # noqa: E402
from indepgen.records import RECORD_COLUMNS  # noqa: E402

PAIRS = HERE / "hard_pairs.csv"
RECORDS = HERE / "hard_pairs_records.csv"
META = HERE / "hard_pairs.json"


def _rows_digest(rows: list[dict]) -> str:
    h = hashlib.sha256()
    for row in rows:
        h.update(("\x1f".join(row[c] for c in RECORD_COLUMNS) + "\n").encode("utf-8"))
    return h.hexdigest()


def generated(seed: int = DEFAULT_SEED, people: int = DEFAULT_PEOPLE):
    records, truth, _split, patterns, relations = build_linkage(seed, people)
    return records, truth, patterns, relations


def show(seed: int, people: int) -> None:
    records, truth, patterns, relations = generated(seed, people)
    row_of = {r["record_id"]: r for r in records}
    cols = [c for c in RECORD_COLUMNS if c != "record_id"]
    for i, (a, b, _stratum) in enumerate(select(records, truth, patterns, relations, seed), 1):
        print(f"#{i} {a} {b}")
        for rid in (a, b):
            print("   " + " | ".join(repr(row_of[rid][c]) if row_of[rid][c] else "-" for c in cols))


def write(labels_path: Path, seed: int, people: int) -> None:
    records, truth, patterns, relations = generated(seed, people)
    person_of = {t["record_id"]: t["person_id"] for t in truth}
    strata = {(a, b): s for a, b, s in select(records, truth, patterns, relations, seed)}
    with labels_path.open(newline="", encoding="utf-8") as fh:
        labels = {(r["left_id"], r["right_id"]): r for r in csv.DictReader(fh)}
    missing = [pair for pair in strata if pair not in labels]
    if missing:
        raise SystemExit(f"{len(missing)} chosen pairs have no label, e.g. {missing[0]}")
    out, ids = [], []
    for a, b in strata:  # the chosen pairs, in their order; labels of pairs no longer chosen are left out
        lab = labels[(a, b)]
        out.append(
            {
                "left_id": a,
                "right_id": b,
                "is_match": "true" if person_of[a] == person_of[b] else "false",
                "why": lab["why"],
                "hand_label": lab["hand_label"],
                "stratum": strata.get((a, b), strata.get((b, a), "")),
            }
        )
        ids += [a, b]
    with PAIRS.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(out[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(out)
    wanted = sorted(set(ids))
    row_of = {r["record_id"]: r for r in records}
    rows = [row_of[rid] for rid in wanted]
    with RECORDS.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(RECORD_COLUMNS), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    META.write_text(
        json.dumps(
            {
                "generator_version": GENERATOR_VERSION,
                "seed": seed,
                "people": people,
                "command": f"python bench/independent/generate.py --people {people} --seed {seed} --out DIR",
                "pairs": len(out),
                "records": len(rows),
                "records_digest": _rows_digest(rows),
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    agree = sum(
        (o["hand_label"] == "match") == (o["is_match"] == "true") for o in out if o["hand_label"] != "unsure"
    )
    unsure = sum(o["hand_label"] == "unsure" for o in out)
    print(f"{len(out)} pairs ({sum(o['is_match'] == 'true' for o in out)} matches), {len(rows)} records; "
          f"hand labels agree with the truth on {agree} of {len(out) - unsure} decided, {unsure} unsure")  # fmt: skip


def check() -> bool:
    """Regenerate with the committed seed and compare the committed records of the labelled pairs."""
    meta = json.loads(META.read_text(encoding="utf-8"))
    records, _truth, _patterns, _relations = generated(meta["seed"], meta["people"])
    row_of = {r["record_id"]: r for r in records}
    with RECORDS.open(newline="", encoding="utf-8") as fh:
        committed = list(csv.DictReader(fh))
    return (
        all(row_of.get(r["record_id"]) == r for r in committed)
        and _rows_digest(committed) == meta["records_digest"]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="task", required=True)
    sub.add_parser("show")
    w = sub.add_parser("write")
    w.add_argument("labels", type=Path)
    sub.add_parser("check")
    args = parser.parse_args(argv)
    if args.task == "show":
        show(DEFAULT_SEED, DEFAULT_PEOPLE)
    elif args.task == "write":
        write(args.labels, DEFAULT_SEED, DEFAULT_PEOPLE)
    else:
        ok = check()
        print("records reproduced" if ok else "records differ: the labels no longer describe this generator")
        return 0 if ok else 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
