"""Derive the simulator's victim distributions from CTDC's victim–perpetrator synthetic data set.

Source: Counter Trafficking Data Collaborative (CTDC), global victim–perpetrator synthetic data
(differentially private synthetic data published by IOM's CTDC), condensed copy in
../shared/data/ctdc/CTDC_VPsynthetic_condensed.csv. Only aggregate shares leave this script; no CTDC
row is copied into the repository (CTDC's terms: cite, do not redistribute, do not re-identify).

Run when the data set changes:
    python tools/ctdc_distributions.py ../shared/data/ctdc/CTDC_VPsynthetic_condensed.csv
It writes src/tipnet/sim/data/ctdc_distributions.json, read by tipnet.sim.figures.
"""

from __future__ import annotations

import csv
import json
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src" / "tipnet" / "sim" / "data" / "ctdc_distributions.json"

# CTDC's relationship categories mapped onto HTCDS vic_RelationshipToTrafficker value names.
RELATION_TO_HTCDS = {
    "StrangerUnknownOther": "Unaquainted",
    "FriendAcquaintance": "Acquainted",
    "FamilyIntimatePartner": "Familial",
}


def _shares(values: Iterable[str]) -> dict[str, float]:
    """Shares of each value among non-empty cells; a multi-valued cell ("a;b") counts 1/n to each."""
    counts: Counter[str] = Counter()
    for cell in values:
        parts = [p for p in cell.split(";") if p]
        for part in parts:
            counts[part] += 1 / len(parts)
    total = sum(counts.values())
    return {k: round(v / total, 4) for k, v in sorted(counts.items())} if total else {}


def _exploitation(row: dict[str, str]) -> str:
    fl, se = row["isForcedLabour"] == "1", row["isSexualExploit"] == "1"
    return "both" if fl and se else "ForcedLabour" if fl else "SexualExploitation" if se else "other"


def _summary(rows: list[dict[str, str]]) -> dict[str, object]:
    by_type: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_type.setdefault(_exploitation(row), []).append(row)
    return {
        "n": len(rows),
        "exploitation": _shares(_exploitation(r) for r in rows),
        "gender_by_exploitation": {
            k: _shares(r["gender"] for r in v) for k, v in sorted(by_type.items()) if k != "other"
        },
        "minor_by_exploitation": {
            k: _shares(r["majorityStatus"] for r in v) for k, v in sorted(by_type.items()) if k != "other"
        },
        "relationship_to_trafficker": _shares(
            ";".join(RELATION_TO_HTCDS[p] for p in r["IP_Relation"].split(";") if p) for r in rows
        ),
        "trafficker_gender": _shares(r["IP_Gender"] for r in rows),
        "recruiter_or_broker_involved": _shares(r["IP_RecruiterBroker"] or "0" for r in rows),
        "victim_paid_money": _shares(r["IP_PayMoney"] for r in rows),
    }


def main(path: str) -> None:
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    asia = [r for r in rows if r["UN_COO_Region"] == "Asia"]
    result = {
        "citation": "Counter Trafficking Data Collaborative (CTDC), global victim-perpetrator synthetic data "
        "set (v2024), https://www.ctdatacollaborative.org/",
        "note": "Aggregate shares derived by tools/ctdc_distributions.py; shares are among non-empty cells.",
        "asia_origin": _summary(asia),
        "global": _summary(rows),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(result["asia_origin"], indent=1))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/ctdc/CTDC_VPsynthetic_condensed.csv")
