"""Accuracy of financial-intelligence alerts against a truth file: precision and recall per typology
(over all the typology's accounts, victims included), per role, and the share of victims' accounts found.

Input: alerts.csv (alert_id, account_id, typology, role, ...) and a truth file with account_id, typology,
role. An account counts once per typology; a role is right when the alert names the truth's role.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path
from typing import Any

VICTIM_ROLES = frozenset({"victim", "scam_victim"})


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def score_alerts(alerts: Path | list[dict[str, str]], truth: Path | list[dict[str, str]]) -> dict[str, Any]:
    got = _read(alerts) if isinstance(alerts, Path) else alerts
    want = _read(truth) if isinstance(truth, Path) else truth
    pred: dict[str, set[str]] = defaultdict(set)
    pred_role: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in got:
        pred[r["typology"]].add(r["account_id"])
        pred_role[(r["typology"], r["role"])].add(r["account_id"])
    true: dict[str, set[str]] = defaultdict(set)
    true_role: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in want:
        if r.get("typology") in (None, "", "none"):
            continue
        true[r["typology"]].add(r["account_id"])
        true_role[(r["typology"], r["role"])].add(r["account_id"])

    def pr(p: set[str], t: set[str]) -> dict[str, float | int]:
        tp = len(p & t)
        return {
            "precision": round(tp / len(p), 3) if p else 0.0,
            "recall": round(tp / len(t), 3) if t else 0.0,
            "predicted": len(p),
            "true": len(t),
        }

    out: dict[str, Any] = {"typology": {}, "role": {}}
    for typ in sorted(set(true) | set(pred)):
        out["typology"][typ] = pr(pred[typ], true[typ])
    for key in sorted(set(true_role) | set(pred_role)):
        out["role"][f"{key[0]}/{key[1]}"] = pr(pred_role[key], true_role[key])
    all_pred = set().union(*pred.values()) if pred else set()
    all_true = set().union(*true.values()) if true else set()
    out["any"] = pr(all_pred, all_true)
    victims = {a for (t, role), s in true_role.items() if role in VICTIM_ROLES for a in s}
    flagged_victims = {r["account_id"] for r in got if r["role"] in VICTIM_ROLES}
    suspects = {r["account_id"] for r in got if r["role"] not in VICTIM_ROLES}
    out["victims"] = {
        "true": len(victims),
        "found": len(victims & all_pred),
        "found_share": round(len(victims & all_pred) / len(victims), 3) if victims else 0.0,
        "found_as_victim": len(victims & flagged_victims),
        "reported_as_suspect": len(victims & suspects),
    }
    return out
