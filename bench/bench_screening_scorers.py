"""The pair scorer screening used before issue 13 beside the one it uses now, on pairs screening never
calibrated on: simulator pairs (seed 202, as bench_screening_accuracy.py) and the hand-labelled hard
pairs of the independent set (bench/independent/hard_pairs.csv).

    python bench/bench_screening_scorers.py [--pairs 6000] [--json OUT]

before: the name similarity's level and the shipped Fellegi-Sunter weights, probability at the
        weights' threshold (0.4009).
after:  the name weighed word by word (word frequencies of the entries of the same pair set, the way
        screening reads them from its list), every word explained; calibrated probability (the
        calibration's balance of name and details, then its isotonic curve) at the screening
        calibration's default threshold (tipnet.screening.calibration). Pairs, so no ambiguity.
Pairs whose record has no readable name (hard pairs of the no-name stratum) count as a score of 0.
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path
from typing import Any

from tipnet.evaluation.calibration import precision_recall
from tipnet.evaluation.pairs import generate_pairs
from tipnet.matching.features import compare_records
from tipnet.matching.names import QUERY_SPELLINGS
from tipnet.matching.record import PersonRecord, RecordError, make_record, prepare_record
from tipnet.matching.scoring import default_weights, evidence_bits, score_levels
from tipnet.screening.calibration import default_calibration
from tipnet.screening.index import ListEntry, ListInfo, ScreeningIndex

HARD = Path(__file__).resolve().parent / "independent"


def _metrics(scores: list[float], labels: list[bool], threshold: float) -> dict[str, float]:
    p, r = precision_recall(scores, labels, threshold)
    return {
        "precision": round(p, 3),
        "recall": round(r, 3),
        "f1": round(2 * p * r / (p + r) if p + r else 0, 3),
    }


def score_both(pairs: list[tuple[PersonRecord | None, PersonRecord | None, bool]]) -> dict[str, Any]:
    entries = [ListEntry(str(k), e) for k, (_q, e, _y) in enumerate(pairs) if e is not None]
    ix = ScreeningIndex.build([(ListInfo("pairs", "1"), entries)])
    w, cal = default_weights(), default_calibration()
    before: list[float] = []
    after: list[float] = []
    labels = []
    for q, e, y in pairs:
        labels.append(y)
        try:
            if q is None or e is None:
                raise RecordError("name", "no name")
            pq = prepare_record(q, spellings=QUERY_SPELLINGS)
            pe = prepare_record(e)
        except RecordError:
            before.append(0.0)
            after.append(0.0)
            continue
        before.append(score_levels(compare_records(pq, pe), w).probability)
        evidence = evidence_bits(pq, pe, ix.token_frequency, w)[1]
        after.append(cal.probability(cal.combine((ev.feature, ev.bits) for ev in evidence)))
    return {
        "pairs": len(pairs),
        "matches": sum(labels),
        "before": {"threshold": w.threshold, **_metrics(before, labels, w.threshold)},
        "after": {"threshold": cal.threshold, **_metrics(after, labels, cal.threshold)},
    }


def _country(value: str) -> str | None:
    try:
        make_record("x", nationality=value)
        return value
    except RecordError:
        return None


def _hard_record(row: dict[str, str]) -> PersonRecord | None:
    name = row["name"].strip() or " ".join(x for x in (row["given_name"], row["family_name"]) if x.strip())
    try:
        return make_record(
            name,
            birth_date=row["birth_date"] or None,
            nationality=_country(row["nationality"]) if row["nationality"] else None,
            gender=row["gender"] or None,
            document_number=row["document_number"] or None,
        )
    except RecordError:
        return None


def hard_pairs() -> list[tuple[PersonRecord | None, PersonRecord | None, bool]]:
    records = {
        r["record_id"]: r for r in csv.DictReader((HARD / "hard_pairs_records.csv").open(encoding="utf-8"))
    }
    out = []
    for row in csv.DictReader((HARD / "hard_pairs.csv").open(encoding="utf-8")):
        out.append(
            (
                _hard_record(records[row["left_id"]]),
                _hard_record(records[row["right_id"]]),
                row["is_match"] == "true",
            )
        )
    return out


def nomenklatura_hard(threshold: float = 0.7) -> dict[str, Any]:
    """nomenklatura logic-v1 on the hard pairs (FollowTheMoney Persons from the same fields)."""
    from followthemoney import model
    from nomenklatura.matching import get_algorithm
    from nomenklatura.matching.types import ScoringConfig

    records = {
        r["record_id"]: r for r in csv.DictReader((HARD / "hard_pairs_records.csv").open(encoding="utf-8"))
    }

    def person(row: dict[str, str]) -> Any:
        e = model.make_entity("Person")
        e.id = row["record_id"]
        name = row["name"].strip() or " ".join(
            x for x in (row["given_name"], row["family_name"]) if x.strip()
        )
        if name:
            e.add("name", name)
        for prop, col in (("birthDate", "birth_date"), ("nationality", "nationality"),
                          ("passportNumber", "document_number"), ("phone", "phone"), ("address", "address")):  # fmt: skip
            if row.get(col):
                e.add(prop, row[col], quiet=True)
        return e

    algo = get_algorithm("logic-v1")
    assert algo is not None
    cfg = ScoringConfig.defaults()
    scores, labels = [], []
    for row in csv.DictReader((HARD / "hard_pairs.csv").open(encoding="utf-8")):
        scores.append(
            algo.compare(person(records[row["left_id"]]), person(records[row["right_id"]]), cfg).score
        )
        labels.append(row["is_match"] == "true")
    return {"threshold": threshold, **_metrics(scores, labels, threshold)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pairs", type=int, default=6000)
    ap.add_argument("--seed", type=int, default=202)
    ap.add_argument("--json", type=Path)
    ap.add_argument(
        "--nomenklatura", action="store_true", help="also nomenklatura logic-v1 on the hard pairs"
    )
    ap.add_argument("--hard-only", action="store_true")
    args = ap.parse_args()
    if args.hard_only:
        report: dict[str, Any] = {"hard_pairs": score_both(hard_pairs())}
        if args.nomenklatura:
            report["hard_pairs"]["nomenklatura logic-v1"] = nomenklatura_hard()
        print(json.dumps(report, indent=1))
        return
    sim = [(p.query.record(), p.entry.record(), p.match) for p in generate_pairs(args.pairs, seed=args.seed)]
    report = {"simulator": score_both(sim), "hard_pairs": score_both(hard_pairs())}
    if args.nomenklatura:
        report["hard_pairs"]["nomenklatura logic-v1"] = nomenklatura_hard()
    text = json.dumps(report, indent=1)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
