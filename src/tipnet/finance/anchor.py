"""The anchor: first-line bank rules, each flagging accounts for one typology (the issue's list, as a bank's
transaction-monitoring system would have them). The benchmark runs them side by side with tipnet.

- recruitment_fees: >= 10 distinct senders in 7 days, each paying <= USD 1,000;
- wage_skim: >= 8 senders in 3 days and >= 80% of that inflow sent on within 5 days;
- mule_chain: an inflow >= USD 3,000 followed within 24 h by outflows >= 90% of it;
- structuring: >= 2 cash deposits of USD 9,000-9,999.99 within 30 days;
- debt_bondage: >= 3 senders each paying >= 4 times with amounts varying under 5%;
- cycle: networkx simple_cycles of length 3-6 on transfers >= USD 1,000 whose hops follow each other
  within 7 days.

The rules name no roles and find no victims: they flag the account the rule fires on (for cycles, every
member). Rows: (account aid, typology).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

import duckdb
import networkx as nx


def run_anchor(con: duckdb.DuckDBPyConnection) -> None:
    """Fill the table `anchor_flag (aid, typology)`."""
    con.execute(
        """
        CREATE OR REPLACE TABLE anchor_flag (aid INTEGER, typology VARCHAR);

        INSERT INTO anchor_flag
        SELECT DISTINCT dst, 'recruitment_fees' FROM (
            SELECT dst, count(DISTINCT src) OVER (PARTITION BY dst ORDER BY ts
                   RANGE BETWEEN INTERVAL 7 DAYS PRECEDING AND CURRENT ROW) AS senders
            FROM tx WHERE src IS NOT NULL AND dst IS NOT NULL AND usd <= 1000)
        WHERE senders >= 10;

        CREATE OR REPLACE TEMP TABLE an_ws AS
        SELECT dst AS acct, ts, sum(usd) OVER w AS inflow, count(DISTINCT src) OVER w AS senders
        FROM tx WHERE src IS NOT NULL AND dst IS NOT NULL
        WINDOW w AS (PARTITION BY dst ORDER BY ts RANGE BETWEEN INTERVAL 3 DAYS PRECEDING AND CURRENT ROW);
        INSERT INTO anchor_flag
        SELECT DISTINCT w.acct, 'wage_skim' FROM (
            SELECT * FROM an_ws WHERE senders >= 8
            QUALIFY row_number() OVER (PARTITION BY acct, CAST(ts AS DATE) ORDER BY inflow DESC) = 1) w
        JOIN tx o ON o.src = w.acct AND o.ts > w.ts AND o.ts <= w.ts + INTERVAL 5 DAYS
        GROUP BY w.acct, w.ts, w.inflow HAVING sum(o.usd) >= 0.8 * w.inflow;

        INSERT INTO anchor_flag
        SELECT DISTINCT i.dst, 'mule_chain'
        FROM tx i JOIN tx o ON o.src = i.dst AND o.ts > i.ts AND o.ts <= i.ts + INTERVAL 24 HOURS
        WHERE i.usd >= 3000 AND i.dst IS NOT NULL
        GROUP BY i.row, i.dst, i.usd HAVING sum(o.usd) >= 0.9 * i.usd;

        INSERT INTO anchor_flag
        SELECT DISTINCT dst, 'structuring' FROM (
            SELECT dst, count(*) OVER (PARTITION BY dst ORDER BY ts
                   RANGE BETWEEN INTERVAL 30 DAYS PRECEDING AND CURRENT ROW) AS n
            FROM tx WHERE channel = 'cash_deposit' AND usd >= 9000 AND usd < 10000)
        WHERE n >= 2;

        INSERT INTO anchor_flag
        SELECT dst, 'debt_bondage' FROM (
            SELECT dst, src FROM tx WHERE src IS NOT NULL AND dst IS NOT NULL
            GROUP BY dst, src HAVING count(*) >= 4 AND (max(usd) - min(usd)) < 0.05 * avg(usd))
        GROUP BY dst HAVING count(*) >= 3;

        CREATE OR REPLACE TEMP TABLE an_edge AS
        SELECT row, ts, src, dst FROM tx
        WHERE src IS NOT NULL AND dst IS NOT NULL AND usd >= 1000
          AND channel NOT IN ('cash_deposit', 'cash_withdrawal');
        """
    )
    # keep only edges with a hop right before or right after (every edge of a qualifying cycle has one)
    for _ in range(6):
        con.execute(
            """
            CREATE OR REPLACE TEMP TABLE an_edge AS SELECT e.* FROM an_edge e
            WHERE EXISTS (SELECT 1 FROM an_edge n WHERE n.src = e.dst AND n.ts > e.ts
                          AND n.ts <= e.ts + INTERVAL 7 DAYS)
               OR EXISTS (SELECT 1 FROM an_edge b WHERE b.dst = e.src AND b.ts < e.ts
                          AND b.ts >= e.ts - INTERVAL 7 DAYS)
            """
        )
    edges = con.sql("SELECT ts, src, dst FROM an_edge ORDER BY ts").fetchall()
    times: dict[tuple[int, int], list[object]] = defaultdict(list)
    graph: nx.DiGraph = nx.DiGraph()
    for ts, src, dst in edges:
        times[(src, dst)].append(ts)
        graph.add_edge(src, dst)
    week = timedelta(days=7)
    flagged: set[int] = set()
    for nodes in nx.simple_cycles(graph, length_bound=6):
        if len(nodes) < 3 or set(nodes) <= flagged:
            continue
        for t0 in times[(nodes[0], nodes[1])]:
            t = t0
            for i in range(1, len(nodes)):
                nxt = [x for x in times[(nodes[i], nodes[(i + 1) % len(nodes)])] if t < x <= t + week]  # type: ignore[operator]
                if not nxt:
                    break
                t = nxt[0]
            else:
                flagged.update(nodes)
                break
    if flagged:
        con.executemany("INSERT INTO anchor_flag VALUES (?, 'cycle')", [(a,) for a in sorted(flagged)])


def anchor_rows(con: duckdb.DuckDBPyConnection) -> list[dict[str, str]]:
    """The anchor's flags as alert rows (role `flagged`), for the same scorer as tipnet's alerts."""
    return [
        {"account_id": a, "typology": t, "role": "flagged"}
        for a, t in con.sql(
            "SELECT a.account_id, f.typology FROM anchor_flag f JOIN accounts a ON a.aid = f.aid"
        ).fetchall()
    ]
