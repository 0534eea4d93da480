# SPDX-License-Identifier: Apache-2.0
"""Issue 15's anchor: first-line bank rules, each flagging accounts for one typology, written as the issue
states them (not tipnet's detector). Reads the independent set and writes an alerts.csv the scorer reads.

    python bench/independent/finance/anchor.py --data DIR --out ANCHOR_DIR

Rules (amounts in USD with rates.csv of the day; malformed rows skipped):
- recruitment_fees: >= 10 distinct senders in 7 days, each payment <= USD 1,000 (the receiver, `broker`);
- wage_skim: >= 8 senders in 3 days and >= 80 % of that inflow sent on within 5 days (`recruiter`);
- mule_chain: an inflow >= USD 3,000 followed within 24 h by outflows >= 90 % of it (`mule`);
- structuring: >= 2 cash deposits of USD 9,000-9,999.99 within 30 days (`collector`);
- debt_bondage: >= 3 senders each paying >= 4 times with amounts varying under 5 % (`controller`);
- cycle: networkx simple cycles of length 3-6 on transfers >= USD 1,000 whose hops follow each other
  within 7 days (`member`).
"""

from __future__ import annotations

import argparse
import csv
import math
import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from datetime import datetime, timedelta
from pathlib import Path

import networkx as nx

ISO = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
TRANSFERS = {"transfer", "mobile", "international_wire", "card", "crypto_exchange"}


def load(data: Path) -> list[tuple[datetime, str, str, float, str, str]]:
    rates: dict[tuple[str, str], float] = {}
    with (data / "rates.csv").open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            rates[(r["date"], r["currency"])] = float(r["per_usd"])
    with (data / "accounts.csv").open(encoding="utf-8") as fh:
        known = {r["account_id"] for r in csv.DictReader(fh)}
    out = []
    with (data / "transactions.csv").open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            try:
                if not ISO.match(r["timestamp"]):
                    continue
                ts = datetime.fromisoformat(r["timestamp"].replace("Z", "+00:00"))
                amount = float(r["amount"])
                per = rates[(ts.date().isoformat(), r["currency"])]
            except (ValueError, KeyError):
                continue
            if not math.isfinite(amount) or amount <= 0 or amount > 7.9e15:
                continue
            if any(a and a not in known for a in (r["from_account"], r["to_account"])):
                continue
            out.append((ts, r["from_account"], r["to_account"], amount / per, r["channel"], r["tx_id"]))
    out.sort()
    return out


def detect(txs: list[tuple[datetime, str, str, float, str, str]]) -> list[dict[str, str]]:
    inflow: dict[str, list[tuple[datetime, str, float, str]]] = defaultdict(list)
    outflow: dict[str, list[tuple[datetime, float, str]]] = defaultdict(list)
    deposits: dict[str, list[tuple[datetime, float, str]]] = defaultdict(list)
    for ts, src, dst, usd, ch, tx in txs:
        if src and dst:
            inflow[dst].append((ts, src, usd, tx))
        if src:
            outflow[src].append((ts, usd, tx))
        if ch == "cash_deposit" and dst:
            deposits[dst].append((ts, usd, tx))
    alerts: list[dict[str, str]] = []

    def alert(acc: str, typology: str, role: str, evidence: list[str]) -> None:
        alerts.append({"alert_id": f"A{len(alerts) + 1:06d}", "account_id": acc, "typology": typology, "role": role,
                       "score": "1.0", "evidence": ";".join(evidence[:50])})  # fmt: skip

    for acc, ins in inflow.items():
        times = [t for t, *_ in ins]
        # recruitment fees and wage skim: many senders in a short window
        done_rf = done_ws = False
        for i, (t0, *_rest) in enumerate(ins):
            j7 = bisect_right(times, t0 + timedelta(days=7))
            small = [x for x in ins[i:j7] if x[2] <= 1000]
            if not done_rf and len({x[1] for x in small}) >= 10:
                alert(acc, "recruitment_fees", "broker", [x[3] for x in small])
                done_rf = True
            j3 = bisect_right(times, t0 + timedelta(days=3))
            window = ins[i:j3]
            if not done_ws and len({x[1] for x in window}) >= 8:
                total = sum(x[2] for x in window)
                end = window[-1][0]
                sent = sum(u for t, u, _ in outflow.get(acc, []) if t0 <= t <= end + timedelta(days=5))
                if total > 0 and sent >= 0.8 * total:
                    alert(acc, "wage_skim", "recruiter", [x[3] for x in window])
                    done_ws = True
            if done_rf and done_ws:
                break
        # mule: a large inflow and >= 90 % of it out within 24 h
        outs = outflow.get(acc, [])
        out_times = [t for t, *_ in outs]
        for t0, _src, usd, tx in ins:
            if usd < 3000:
                continue
            a, b = bisect_left(out_times, t0), bisect_right(out_times, t0 + timedelta(hours=24))
            if sum(u for _, u, _ in outs[a:b]) >= 0.9 * usd:
                alert(acc, "mule_chain", "mule", [tx] + [x[2] for x in outs[a:b]])
                break
        # debt bondage: >= 3 senders each paying >= 4 times, amounts within 5 %
        by_sender: dict[str, list[float]] = defaultdict(list)
        for _t, src, usd, _tx in ins:
            by_sender[src].append(usd)
        steady = [s for s, v in by_sender.items() if len(v) >= 4 and (max(v) - min(v)) / max(v) < 0.05]
        if len(steady) >= 3:
            alert(acc, "debt_bondage", "controller", [x[3] for x in ins if x[1] in steady])
    for acc, deps in deposits.items():
        band = [(t, tx) for t, u, tx in deps if 9000 <= u < 10000]
        for i in range(len(band) - 1):
            if band[i + 1][0] - band[i][0] <= timedelta(days=30):
                alert(acc, "structuring", "collector", [band[i][1], band[i + 1][1]])
                break
    # cycles
    edges: dict[tuple[str, str], list[tuple[datetime, str]]] = defaultdict(list)
    for ts, src, dst, usd, ch, tx in txs:
        if src and dst and usd >= 1000 and ch in TRANSFERS:
            edges[(src, dst)].append((ts, tx))
    g = nx.DiGraph(list(edges))
    members: dict[str, list[str]] = {}
    for cyc in nx.simple_cycles(g, length_bound=6):
        if len(cyc) < 3:
            continue
        path = _timed(cyc, edges)
        if path:
            for acc in cyc:
                members.setdefault(acc, path)
    for acc, path in members.items():
        alert(acc, "cycle", "member", path)
    return alerts


def _timed(cyc: list[str], edges: dict[tuple[str, str], list[tuple[datetime, str]]]) -> list[str] | None:
    """Evidence of hops taken in order, each within 7 days of the one before, from any starting hop."""
    n = len(cyc)
    for s in range(n):
        hops = [(cyc[(s + i) % n], cyc[(s + i + 1) % n]) for i in range(n)]
        for t0, tx0 in edges[hops[0]]:
            t, path, ok = t0, [tx0], True
            for h in hops[1:]:
                nxt = [(u, x) for u, x in edges[h] if t <= u <= t + timedelta(days=7)]
                if not nxt:
                    ok = False
                    break
                t, x = nxt[0]
                path.append(x)
            if ok:
                return path
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    alerts = detect(load(args.data))
    args.out.mkdir(parents=True, exist_ok=True)
    with (args.out / "alerts.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=["alert_id", "account_id", "typology", "role", "score", "evidence"],
                           lineterminator="\n")  # fmt: skip
        w.writeheader()
        w.writerows(alerts)
    print(f"{len(alerts)} alerts -> {args.out / 'alerts.csv'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
