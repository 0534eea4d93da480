# SPDX-License-Identifier: Apache-2.0
"""Score a detector's alerts (tipnet's `finance detect` alerts.csv) against the independent set's truth.

    python bench/independent/finance/score.py --data DIR --alerts ALERTS.csv [--rejected REJECTED.csv]
        [--min-score 0.0] [--json]

alerts.csv: alert_id, account_id, typology, role, score, evidence. An account counts for a typology when
any alert of that typology names it (any role), for a role when an alert names it with that typology and
role. Reports precision, recall and F1 per typology, per role, and over any typology; the victims'
accounts found (in any alert, under their typology, and under their typology as victims) and victims
named in a suspect's role; false positives by the look-alike they fell for; and, with --rejected
(rejected.csv: row, tx_id, reason), how the rejected rows compare with rejects_truth.csv.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

TYPOLOGIES = ("wage_skim", "recruitment_fees", "debt_bondage", "mule_chain", "structuring", "cycle")
VICTIM_ROLES = {"victim", "scam_victim"}
GOAL = 0.8


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def score(
    data: Path, alerts_path: Path, rejected: Path | None = None, min_score: float | None = None
) -> dict:
    truth = _read(data / "truth.csv")
    accounts = {r["account_id"] for r in _read(data / "accounts.csv")}
    look = {r["account_id"]: r["lookalike"] for r in _read(data / "lookalikes.csv")}
    alerts = _read(alerts_path)
    unknown_accounts = sorted({a["account_id"] for a in alerts} - accounts)
    unknown_typologies = sorted({a["typology"] for a in alerts} - set(TYPOLOGIES))
    if min_score is not None:
        alerts = [a for a in alerts if float(a.get("score") or 0) >= min_score]

    t_typ: dict[str, set[str]] = defaultdict(set)
    t_role: dict[tuple[str, str], set[str]] = defaultdict(set)
    scheme_of: dict[str, str] = {}
    for r in truth:
        t_typ[r["typology"]].add(r["account_id"])
        t_role[(r["typology"], r["role"])].add(r["account_id"])
        scheme_of[r["account_id"]] = r["scheme_id"]
    p_typ: dict[str, set[str]] = defaultdict(set)
    p_role: dict[tuple[str, str], set[str]] = defaultdict(set)
    for a in alerts:
        p_typ[a["typology"]].add(a["account_id"])
        p_role[(a["typology"], a["role"])].add(a["account_id"])

    result: dict = {
        "alerts": len(alerts),
        "alerted_accounts": len(set().union(*p_typ.values()) if p_typ else set()),
    }
    result["per_typology"] = {}
    for t in TYPOLOGIES:
        tp = len(p_typ[t] & t_typ[t])
        row = prf(tp, len(p_typ[t] - t_typ[t]), len(t_typ[t] - p_typ[t]))
        schemes = {scheme_of[a] for a in t_typ[t]}
        row["schemes"] = len(schemes)
        row["schemes_touched"] = len({scheme_of[a] for a in p_typ[t] & t_typ[t]})
        result["per_typology"][t] = row
    result["per_role"] = {}
    for (t, role), members in sorted(t_role.items()):
        pred = p_role[(t, role)]
        result["per_role"][f"{t}/{role}"] = prf(
            len(pred & members), len(pred - t_typ[t]), len(members - pred)
        ) | {"other_role_same_typology": len((pred & t_typ[t]) - members)}
    every_truth = set().union(*t_typ.values()) if t_typ else set()
    every_pred = set().union(*p_typ.values()) if p_typ else set()
    result["any_typology"] = prf(
        len(every_pred & every_truth), len(every_pred - every_truth), len(every_truth - every_pred)
    )

    victims = {r["account_id"]: r["typology"] for r in truth if r["role"] in VICTIM_ROLES}
    suspect_named = {a["account_id"] for a in alerts if a["role"] not in VICTIM_ROLES}
    n = len(victims) or 1
    result["victims"] = {
        "victims": len(victims),
        "found_in_any_alert": round(sum(v in every_pred for v in victims) / n, 4),
        "found_under_their_typology": round(sum(v in p_typ[t] for v, t in victims.items()) / n, 4),
        "found_as_victims": round(
            sum(v in p_role[(t, "victim")] or v in p_role[(t, "scam_victim")] for v, t in victims.items())
            / n,
            4,
        ),
        "named_as_suspects": sum(v in suspect_named for v in victims),
        "by_typology": {
            t: round(
                sum(v in p_typ[t] for v, tt in victims.items() if tt == t)
                / max(1, sum(tt == t for tt in victims.values())),
                4,
            )
            for t in sorted(set(victims.values()))
        },
    }
    fp = every_pred - every_truth
    result["false_positives_by_lookalike"] = dict(Counter(look.get(a, "ordinary") for a in fp).most_common())
    result["goal"] = {
        "every_typology_precision_and_recall_at_least_0.8": all(
            result["per_typology"][t]["precision"] >= GOAL and result["per_typology"][t]["recall"] >= GOAL
            for t in TYPOLOGIES
        ),
        "victims_found_at_least_0.8": result["victims"]["found_under_their_typology"] >= GOAL,
    }
    result["grouping"] = _grouping(alerts, scheme_of, {r["account_id"]: r["typology"] for r in truth})
    if (data / "transactions.csv").exists():
        result["evidence"] = _evidence(data, alerts)
    result["warnings"] = {"unknown_accounts": len(unknown_accounts), "unknown_typologies": unknown_typologies}
    if rejected is not None:
        result["rejects"] = score_rejects(data, rejected)
    return result


def _grouping(alerts: list[dict[str, str]], scheme_of: dict[str, str], typology_of: dict[str, str]) -> dict:
    """Issue 15 groups alerts per scheme: does one alert hold one scheme, and one scheme one alert?"""
    schemes_in_alert: dict[str, set[str]] = defaultdict(set)
    alerts_of_scheme: dict[str, set[str]] = defaultdict(set)
    for a in alerts:
        acc = a["account_id"]
        if acc in scheme_of and a["typology"] == typology_of[acc]:
            schemes_in_alert[a["alert_id"]].add(scheme_of[acc])
            alerts_of_scheme[scheme_of[acc]].add(a["alert_id"])
    touched = len(alerts_of_scheme)
    return {
        "alerts_on_schemes": len(schemes_in_alert),
        "alerts_mixing_schemes": sum(len(s) > 1 for s in schemes_in_alert.values()),
        "schemes_touched": touched,
        "schemes_in_one_alert": round(sum(len(a) == 1 for a in alerts_of_scheme.values()) / touched, 4)
        if touched
        else None,
    }


def _evidence(data: Path, alerts: list[dict[str, str]]) -> dict:
    """Evidence must name transactions of the file, and not the malformed rows."""
    with (data / "transactions.csv").open(newline="", encoding="utf-8") as fh:
        known = {r["tx_id"] for r in csv.DictReader(fh)}
    rejected = {r["tx_id"] for r in _read(data / "rejects_truth.csv")}
    ids = [x.strip() for a in alerts for x in (a.get("evidence") or "").split(";") if x.strip()]
    return {
        "alerts_with_evidence": round(
            sum(bool((a.get("evidence") or "").strip()) for a in alerts) / len(alerts), 4
        )
        if alerts
        else None,
        "evidence_ids": len(ids),
        "evidence_ids_unknown": sum(x not in known for x in ids),
        "evidence_ids_on_malformed_rows": sum(x in rejected for x in ids),
    }


def score_rejects(data: Path, rejected: Path) -> dict:
    expected = {r["tx_id"]: r["kind"] for r in _read(data / "rejects_truth.csv")}
    got = {r["tx_id"] for r in _read(rejected) if r.get("tx_id")}
    missed = Counter(kind for tx, kind in expected.items() if tx not in got)
    return prf(len(got & set(expected)), len(got - set(expected)), len(set(expected) - got)) | {
        "missed_by_kind": dict(sorted(missed.items())),
        "caught_by_kind": dict(sorted(Counter(k for tx, k in expected.items() if tx in got).items())),
    }


def _print(result: dict) -> None:
    out = sys.stdout.write
    out(f"{result['alerts']} alerts on {result['alerted_accounts']} accounts\n\n")
    out(
        f"{'typology':<18}{'precision':>10}{'recall':>8}{'F1':>7}{'TP':>6}{'FP':>6}{'FN':>6}  schemes touched\n"
    )
    for t, r in result["per_typology"].items():
        out(f"{t:<18}{r['precision']:>10.3f}{r['recall']:>8.3f}{r['f1']:>7.3f}{r['tp']:>6}{r['fp']:>6}{r['fn']:>6}"
            f"  {r['schemes_touched']}/{r['schemes']}\n")  # fmt: skip
    a = result["any_typology"]
    out(
        f"{'any typology':<18}{a['precision']:>10.3f}{a['recall']:>8.3f}{a['f1']:>7.3f}{a['tp']:>6}{a['fp']:>6}{a['fn']:>6}\n\n"
    )
    out(f"{'role':<32}{'precision':>10}{'recall':>8}{'TP':>6}{'FP':>6}{'FN':>6}{'other role':>11}\n")
    for k, r in result["per_role"].items():
        out(
            f"{k:<32}{r['precision']:>10.3f}{r['recall']:>8.3f}{r['tp']:>6}{r['fp']:>6}{r['fn']:>6}{r['other_role_same_typology']:>11}\n"
        )
    v = result["victims"]
    out(f"\nvictims' accounts: {v['victims']}; found in any alert {v['found_in_any_alert']:.3f}, under their "
        f"typology {v['found_under_their_typology']:.3f}, as victims {v['found_as_victims']:.3f}; named in a "
        f"suspect's role: {v['named_as_suspects']}\n  by typology: {v['by_typology']}\n")  # fmt: skip
    out(f"false positives by look-alike: {result['false_positives_by_lookalike']}\n")
    out(f"grouping: {result['grouping']}\n")
    if "evidence" in result:
        out(f"evidence: {result['evidence']}\n")
    out(f"goal: {result['goal']}\n")
    if result["warnings"]["unknown_accounts"] or result["warnings"]["unknown_typologies"]:
        out(f"warnings: {result['warnings']}\n")
    if "rejects" in result:
        r = result["rejects"]
        out(
            f"\nrejected rows: precision {r['precision']:.3f} recall {r['recall']:.3f} (missed by kind {r['missed_by_kind']})\n"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="the generated folder")
    parser.add_argument("--alerts", type=Path, required=True, help="alerts.csv of the detector")
    parser.add_argument("--rejected", type=Path, help="rejected.csv of the detector (row, tx_id, reason)")
    parser.add_argument("--min-score", type=float, help="keep alerts scored at least this")
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args(argv)
    result = score(args.data, args.alerts, args.rejected, args.min_score)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        _print(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
