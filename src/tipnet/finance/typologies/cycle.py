"""cycle: about the same sum sent round three to six accounts within days and back to where it started
(FATF-APG 2018: round-tripping through related accounts and front companies; Project Protect: funds
moved in circles between personal and business accounts).

SQL first keeps only transfers such that, within the span, about the same sum leaves the receiving account
and enters the sending account (repeated: a few thousand edges stay of millions); networkx `simple_cycles` then finds the loops, and each is checked hop by hop in time.

Look-alikes explained away: companies trading in a loop pay different sums weeks apart.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

import networkx as nx

from tipnet.finance.typologies import Params, Sql, cite

NAME = "cycle"


def run(con: Sql, p: Params) -> None:
    tol = p.cycle_amount_tolerance
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE cy_edge AS
        SELECT row, ts, src, dst, usd FROM tx
        WHERE src IS NOT NULL AND dst IS NOT NULL AND usd >= {p.cycle_min_usd}
          AND channel NOT IN ('cash_deposit', 'cash_withdrawal', 'card');
        """
    )
    for _ in range(4):
        con.execute(
            f"""
            CREATE OR REPLACE TEMP TABLE cy_edge AS
            SELECT e.* FROM cy_edge e
            WHERE EXISTS (SELECT 1 FROM cy_edge n WHERE n.src = e.dst AND n.row <> e.row
                          AND n.ts BETWEEN e.ts - INTERVAL {p.cycle_span_days} DAYS
                                       AND e.ts + INTERVAL {p.cycle_span_days} DAYS
                          AND n.usd BETWEEN (1 - {tol}) * e.usd AND (1 + {tol}) * e.usd)
              AND EXISTS (SELECT 1 FROM cy_edge b WHERE b.dst = e.src AND b.row <> e.row
                          AND b.ts BETWEEN e.ts - INTERVAL {p.cycle_span_days} DAYS
                                       AND e.ts + INTERVAL {p.cycle_span_days} DAYS
                          AND b.usd BETWEEN (1 - {tol}) * e.usd AND (1 + {tol}) * e.usd)
            """
        )
    edges = con.sql("SELECT row, ts, src, dst, usd FROM cy_edge ORDER BY ts").fetchall()
    by_pair: dict[tuple[int, int], list[tuple[int, object, float]]] = defaultdict(list)
    graph: nx.DiGraph = nx.DiGraph()
    for row, ts, src, dst, usd in edges:
        by_pair[(src, dst)].append((row, ts, usd))
        graph.add_edge(src, dst)
    hop = timedelta(days=p.cycle_hop_days)
    span = timedelta(days=p.cycle_span_days)
    found: list[tuple[list[int], list[int], float]] = []
    for nodes in nx.simple_cycles(graph, length_bound=6):
        if len(nodes) < 3:
            continue
        # rotate so every start is tried: a temporal walk round the loop, each hop after the last
        for start in range(len(nodes)):
            ring = nodes[start:] + nodes[:start]
            for row0, ts0, usd0 in by_pair[(ring[0], ring[1])]:
                path = [row0]
                t, amount = ts0, usd0
                ok = True
                for i in range(1, len(ring)):
                    nxt = [
                        (r, ts, u)
                        for r, ts, u in by_pair[(ring[i], ring[(i + 1) % len(ring)])]
                        if t < ts <= t + hop and abs(u - amount) <= tol * amount  # type: ignore[operator]
                    ]
                    if not nxt:
                        ok = False
                        break
                    r, t, amount = nxt[0]
                    path.append(r)
                if ok and t - ts0 <= span:  # type: ignore[operator]
                    found.append((ring, path, usd0))
            if found and found[-1][0] == ring:
                break
    # loops sharing an account are one scheme
    members: nx.Graph = nx.Graph()
    for ring, _path, _usd in found:
        nx.add_path(members, ring)
    con.execute("CREATE OR REPLACE TEMP TABLE cy_member (scheme VARCHAR, aid INTEGER)")
    con.execute("CREATE OR REPLACE TEMP TABLE cy_row (scheme VARCHAR, row BIGINT, usd DOUBLE, size INTEGER)")
    scheme_of: dict[int, str] = {}
    for component in nx.connected_components(members):
        key = f"CY-{min(component):09d}"
        for a in component:
            scheme_of[a] = key
    if scheme_of:
        con.executemany("INSERT INTO cy_member VALUES (?, ?)", [(k, a) for a, k in scheme_of.items()])
    rows = {(scheme_of[ring[0]], r, usd, len(ring)) for ring, path, usd in found for r in path}
    if rows:
        con.executemany("INSERT INTO cy_row VALUES (?, ?, ?, ?)", sorted(rows))
    score = "least(1.0, 0.6 + 0.1 * s.loops)"
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE cy_scheme AS
        SELECT scheme, count(DISTINCT row) AS hops, max(size) AS size, max(usd) AS usd,
               greatest(1, count(DISTINCT row) // max(size)) AS loops
        FROM cy_row GROUP BY scheme;
        INSERT INTO finding SELECT '{NAME}', m.scheme, m.aid, 'member', {score}
        FROM cy_member m JOIN cy_scheme s USING (scheme);
        INSERT INTO evidence SELECT DISTINCT '{NAME}', scheme, row FROM cy_row;
        INSERT INTO scheme_note SELECT '{NAME}', s.scheme, {score},
            'About ' || n0(s.usd) || ' USD went round ' || s.size || ' accounts and back to the first, each hop '
            || 'within ' || {p.cycle_hop_days} || ' days of the last and the sum changing by under '
            || {round(tol * 100)} || '% (' || s.loops || ' time(s)): money sent in a circle to look like trade '
            || 'or to blur where it came from. Companies trading in a loop pay different sums weeks apart.'
            || '{cite("FATF-APG 2018", "Project Protect")}'
        FROM cy_scheme s;
        """
    )
