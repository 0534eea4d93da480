# SPDX-License-Identifier: Apache-2.0
"""Score `tipnet link csv` and `tipnet screen --json` outputs against the independent set's truth.

    python bench/independent/score.py linkage --data DIR --run LINK_OUT [--split test]
    python bench/independent/score.py screening --data DIR --hits hits.jsonl [--split test] [--threshold 0.4009]
        [--run-threshold 0.05]   (when `tipnet screen` ran with --threshold 0.05, for the sweep)

Linkage: pairwise precision, recall and F1 of the links (pairs.csv), a threshold sweep over the links
and the review pairs (review.csv), the pairs implied by the clusters (clusters.csv), recall by the
scripts of the two records and false links by how the two people relate. Screening: pairwise
precision, recall and F1 of (traveller, entry) hits at thresholds, false hits by kind of traveller,
and observed precision by score band (a reliability table).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def script_of(text: str) -> str:
    counts: Counter = Counter()
    for ch in text:
        o = ord(ch)
        if 0x1780 <= o <= 0x17FF:
            counts["khmer"] += 1
        elif 0x0E00 <= o <= 0x0E7F:
            counts["thai"] += 1
        elif 0x0E80 <= o <= 0x0EFF:
            counts["lao"] += 1
        elif 0x1000 <= o <= 0x109F:
            counts["burmese"] += 1
        elif 0x4E00 <= o <= 0x9FFF:
            counts["han"] += 1
        elif ch.isalpha():
            counts["latin"] += 1
    return counts.most_common(1)[0][0] if counts else "none"


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


# ------------------------------------------------------------------ linkage
def score_linkage(data: Path, run: Path, split: str | None) -> dict:
    truth = {r["record_id"]: r["person_id"] for r in _read(data / "linkage" / "truth.csv")}
    person_split = {r["person_id"]: r["split"] for r in _read(data / "linkage" / "split.csv")}
    keep = {rid for rid, pid in truth.items() if split is None or person_split[pid] == split}
    records = {r["record_id"]: r for r in _read(data / "linkage" / "records.csv") if r["record_id"] in keep}
    patterns = {
        r["record_id"]: set(r["patterns"].split(";")) for r in _read(data / "linkage" / "patterns.csv")
    }
    relations: dict[tuple[str, str], str] = {}
    for r in _read(data / "linkage" / "relations.csv"):
        relations.setdefault(_pair(r["person_id"], r["other_person_id"]), r["relation"])
    scripts = {
        rid: script_of(" ".join((r["name"], r["given_name"], r["family_name"]))) for rid, r in records.items()
    }

    by_person: dict[str, list[str]] = defaultdict(list)
    for rid in sorted(keep):
        by_person[truth[rid]].append(rid)
    true_pairs = {_pair(a, b) for rids in by_person.values() for a, b in combinations(rids, 2)}

    def scored(path: Path) -> dict[tuple[str, str], float]:
        out = {}
        if path.exists():
            for r in _read(path):
                a, b = r["id_l"], r["id_r"]
                if a in keep and b in keep:
                    out[_pair(a, b)] = float(r["match_probability"])
        return out

    links = scored(run / "pairs.csv")
    review = scored(run / "review.csv")
    result: dict = {"split": split or "all", "records": len(keep), "true_pairs": len(true_pairs)}

    def measure(predicted) -> dict:
        predicted = set(predicted)
        tp = len(predicted & true_pairs)
        p, r, f = prf(tp, len(predicted) - tp, len(true_pairs) - tp)
        return {
            "precision": round(p, 3),
            "recall": round(r, 3),
            "f1": round(f, 3),
            "predicted": len(predicted),
        }

    result["links"] = measure(links)
    allscored = {**review, **links}
    result["sweep"] = {
        str(t): measure(pair for pair, prob in allscored.items() if prob >= t)
        for t in (0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99)
    }
    clusters: dict[str, list[str]] = defaultdict(list)
    if (run / "clusters.csv").exists():
        for r in _read(run / "clusters.csv"):
            if r["id"] in keep:
                clusters[r["cluster_id"]].append(r["id"])
        result["clusters"] = measure(
            _pair(a, b) for ids in clusters.values() for a, b in combinations(sorted(ids), 2)
        )

    # recall by the scripts of the two records
    found = set(links)
    by_script: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for a, b in true_pairs:
        key = " / ".join(sorted((scripts[a], scripts[b])))
        by_script[key][0] += 1
        by_script[key][1] += (a, b) in found
    result["recall_by_script_pair"] = {
        k: {"true_pairs": n, "recall": round(hit / n, 3)}
        for k, (n, hit) in sorted(by_script.items(), key=lambda kv: -kv[1][0])
        if n >= 20
    }
    # recall by pattern on either record (selected patterns)
    watch = ("sparse_name_and_phone", "no_name", "given_name_only", "nickname", "zawgyi", "thai_transcription",
             "zero_width_space", "burmese_forced_split", "name_order_reversed", "birth_year_off",
             "birth_day_month_swapped", "birth_buddhist_era", "phone_foreign_without_country", "passport_renewed",
             "maiden_name", "mononym_fnu", "truncated_given_names", "doc_ocr", "typo_latin", "typo_native")  # fmt: skip
    by_pattern: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for a, b in true_pairs:
        for pat in watch:
            if pat in patterns.get(a, ()) or pat in patterns.get(b, ()):
                by_pattern[pat][0] += 1
                by_pattern[pat][1] += (a, b) in found
    result["recall_by_pattern"] = {
        k: {"true_pairs": n, "recall": round(h / n, 3)} for k, (n, h) in by_pattern.items()
    }
    # false links by relation of the two people
    false_by_relation: Counter = Counter()
    for a, b in found - true_pairs:
        false_by_relation[relations.get(_pair(truth[a], truth[b]), "unrelated")] += 1
    result["false_links_by_relation"] = dict(false_by_relation.most_common())
    return result


# ------------------------------------------------------------------ screening
def read_hits(path: Path) -> dict[str, list[tuple[str, float]]]:
    hits: dict[str, list[tuple[str, float]]] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if not line.startswith("{"):
                continue
            obj = json.loads(line)
            hits[obj["id"]] = [(h["entry_id"], float(h["score"])) for h in obj.get("hits", [])]
    return hits


def score_screening(
    data: Path, hits_path: Path, split: str | None, default: float | None, run_threshold: float | None = None
) -> dict:
    """`default`: the threshold of the headline figure; `run_threshold`: the --threshold the run used
    (hits under it are not in the output, so the sweep starts there; None: the headline threshold)."""
    splits = {r["traveller_id"]: r["split"] for r in _read(data / "screening" / "split.csv")}
    keep = {t for t, s in splits.items() if split is None or s == split}
    truth = {
        (r["traveller_id"], r["entry_id"])
        for r in _read(data / "screening" / "truth.csv")
        if r["traveller_id"] in keep
    }
    kinds = {
        r["traveller_id"]: r["patterns"].split(";")[0] for r in _read(data / "screening" / "patterns.csv")
    }
    entries = {r["id"]: r for r in _read(data / "screening" / "watchlist.csv")}
    hits = read_hits(hits_path)
    scored = {(t, e): s for t, hs in hits.items() if t in keep for e, s in hs}
    result: dict = {
        "split": split or "all",
        "travellers": len(keep),
        "screened": len(set(hits) & keep),
        "true_hits": len(truth),
    }

    def measure(threshold: float) -> dict:
        predicted = {k for k, s in scored.items() if s >= threshold}
        tp = len(predicted & truth)
        p, r, f = prf(tp, len(predicted) - tp, len(truth) - tp)
        return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3), "hits": len(predicted)}

    floor = run_threshold if run_threshold is not None else (default or 0.0)
    thresholds = sorted(
        {0.05, 0.2, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98, *([default] if default else [])}
    )
    result["sweep"] = {str(t): measure(t) for t in thresholds if t >= floor}
    if default is not None:
        result["at_default"] = {"threshold": default, **measure(default)}
        false = [(t, e) for (t, e), s in scored.items() if s >= default and (t, e) not in truth]
        by_kind: Counter = Counter()
        unresolvable = 0
        for t, e in false:
            by_kind[kinds.get(t, "?")] += 1
            entry = entries.get(e, {})
            if (
                kinds.get(t, "").startswith("lookalike")
                and not entry.get("birth_date")
                and not entry.get("document_number")
            ):
                unresolvable += 1
        result["false_hits_by_traveller_kind"] = dict(by_kind.most_common())
        result["false_hits_on_entries_without_birth_date_or_document"] = unresolvable
    bands: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for key, s in scored.items():
        lo = min(int(s * 10), 9) / 10
        band = f"{lo:.1f}-{lo + 0.1:.1f}"
        bands[band][0] += 1
        bands[band][1] += key in truth
    result["reliability"] = {
        b: {"hits": n, "observed_precision": round(ok / n, 3)} for b, (n, ok) in sorted(bands.items())
    }
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="task", required=True)
    lk = sub.add_parser("linkage")
    lk.add_argument("--data", type=Path, required=True, help="folder written by generate.py")
    lk.add_argument("--run", type=Path, required=True, help="--out folder of tipnet link csv")
    lk.add_argument("--split", choices=("calibration", "test"))
    sc = sub.add_parser("screening")
    sc.add_argument("--data", type=Path, required=True)
    sc.add_argument("--hits", type=Path, required=True, help="output of tipnet screen --json")
    sc.add_argument("--split", choices=("calibration", "test"))
    sc.add_argument(
        "--threshold", type=float, default=0.4009, help="threshold of the headline figure (tipnet's default)"
    )
    sc.add_argument(
        "--run-threshold", type=float, default=None, help="the --threshold the run used, if lower"
    )
    args = parser.parse_args(argv)
    if args.task == "linkage":
        result = score_linkage(args.data, args.run, args.split)
    else:
        result = score_screening(args.data, args.hits, args.split, args.threshold, args.run_threshold)
    json.dump(result, sys.stdout, indent=1, ensure_ascii=False)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
