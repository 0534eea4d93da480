"""mule_chain: large transfers from abroad (scam victims) enter an account and leave within hours along a
chain of recently opened accounts, each keeping a small cut and ending near zero, to a crypto exchange or
cash (FIN-2023-Alert005: pig-butchering proceeds layered through money mules into virtual currency;
FATF-APG 2018: rapid movement through accounts with no economic purpose; Project Protect: funds moved
on immediately after deposit).

Look-alikes explained away: a remittance from family abroad taken out in cash the same day, by an account
that has been in use for years, is what remittances are for.
"""

from __future__ import annotations

import networkx as nx

from tipnet.finance.typologies import Params, Sql, cite

NAME = "mule_chain"


def run(con: Sql, p: Params) -> None:
    con.execute(
        f"""
        -- inflows into recently opened accounts, and what left each within hours (split or not)
        CREATE OR REPLACE TEMP TABLE mc_in AS
        SELECT t.row, t.ts, t.src, t.dst, t.usd, t.channel
        FROM tx t JOIN accounts a ON a.aid = t.dst
        WHERE t.src IS NOT NULL AND t.usd >= {p.mule_min_hop_usd}
          AND date_diff('day', a.opened, CAST(t.ts AS DATE)) <= {p.mule_new_account_days};

        CREATE OR REPLACE TEMP TABLE mc_pass AS
        SELECT i.row AS in_row, i.dst AS acct, i.src AS in_src, i.usd AS in_usd, i.channel AS in_channel,
               sum(o.usd) AS out_usd, list(o.row) AS out_rows, list(o.channel) AS out_channels
        FROM mc_in i JOIN tx o ON o.src = i.dst AND o.ts > i.ts
             AND o.ts <= i.ts + INTERVAL {p.mule_pass_hours} HOURS
        GROUP BY i.row, i.dst, i.src, i.usd, i.channel
        HAVING sum(o.usd) >= {p.mule_min_pass_share} * i.usd;

        -- pass-through accounts linked when one's outflow is another's inflow
        CREATE OR REPLACE TEMP TABLE mc_link AS
        SELECT DISTINCT a.acct AS a, b.acct AS b
        FROM (SELECT acct, unnest(out_rows) AS out_row FROM mc_pass) a JOIN mc_pass b ON b.in_row = a.out_row
        WHERE a.acct <> b.acct;

        -- money entering: from an account that is not itself a pass-through and not new
        CREATE OR REPLACE TEMP TABLE mc_entry AS
        SELECT m.* FROM mc_pass m JOIN accounts s ON s.aid = m.in_src
        WHERE m.in_src NOT IN (SELECT acct FROM mc_pass)
          AND (date_diff('day', s.opened, DATE '2100-01-01') > 0)
          AND m.in_usd >= {p.mule_min_entry_usd};
        """
    )
    links = con.sql("SELECT a, b FROM mc_link").fetchall()
    entries = con.sql("SELECT DISTINCT acct FROM mc_entry").fetchall()
    graph: nx.Graph = nx.Graph()
    graph.add_nodes_from(a for (a,) in entries)
    graph.add_edges_from(links)
    assignment: list[tuple[int, str]] = []
    for component in nx.connected_components(graph):
        if not any(graph.has_node(a) for a in component):
            continue
        key = f"MC-{min(component):09d}"
        assignment.extend((a, key) for a in component)
    con.execute("CREATE OR REPLACE TEMP TABLE mc_member (acct INTEGER, scheme VARCHAR)")
    if assignment:
        con.executemany("INSERT INTO mc_member VALUES (?, ?)", assignment)
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE mc_candidate AS
        SELECT l.scheme, l.length, e.victims, e.received, e.largest, c.endings
        FROM (SELECT scheme, count(*) AS length FROM mc_member GROUP BY scheme) l
        JOIN (SELECT m.scheme, count(DISTINCT x.in_src) AS victims, sum(x.in_usd) AS received,
                     max(x.in_usd) AS largest
              FROM mc_member m JOIN mc_entry x ON x.acct = m.acct GROUP BY m.scheme) e USING (scheme)
        JOIN (SELECT m.scheme, list_sort(list(DISTINCT ch)) AS endings
              FROM mc_member m JOIN (SELECT acct, unnest(out_channels) AS ch FROM mc_pass) o ON o.acct = m.acct
              GROUP BY m.scheme) c USING (scheme);

        -- the scheme's entry money must be the scam's: at least one large sum, and a chain or a cash-out
        CREATE OR REPLACE TEMP TABLE mc_scheme AS
        SELECT * FROM mc_candidate
        WHERE (length >= 2 AND largest >= {p.mule_min_entry_usd})
           OR (largest >= {p.mule_min_inflow_usd}
               AND list_has_any(endings, ['crypto_exchange', 'cash_withdrawal', 'international_wire']));
        INSERT INTO dismissed SELECT DISTINCT '{NAME}', m.acct,
            'money passed on within hours by a recently opened account, but one account alone, modest sums '
            || 'and no cash-out, exchange or wire at the end: not a mule chain'
        FROM mc_member m WHERE m.scheme NOT IN (SELECT scheme FROM mc_scheme);
        """
    )
    score = "least(1.0, 0.55 + 0.1 * s.length + 0.05 * s.victims)"
    con.execute(
        f"""
        INSERT INTO finding SELECT '{NAME}', s.scheme, m.acct, 'mule', {score}
        FROM mc_scheme s JOIN mc_member m USING (scheme);
        INSERT INTO finding SELECT DISTINCT '{NAME}', s.scheme, e.in_src, 'scam_victim', {score}
        FROM mc_scheme s JOIN mc_member m USING (scheme) JOIN mc_entry e ON e.acct = m.acct;
        INSERT INTO evidence SELECT DISTINCT '{NAME}', s.scheme, unnest(list_prepend(p.in_row, p.out_rows))
        FROM mc_scheme s JOIN mc_member m USING (scheme) JOIN mc_pass p ON p.acct = m.acct;
        INSERT INTO scheme_note SELECT '{NAME}', s.scheme, {score},
            s.victims || CASE WHEN s.victims = 1 THEN ' sender paid ' ELSE ' senders paid ' END || '' || n0(s.received) || ' USD in large sums into recently opened '
            || 'accounts that passed at least ' || {round(p.mule_min_pass_share * 100)} || '% of each sum on within '
            || {p.mule_pass_hours} || ' hours, split or whole, along ' || s.length || ' account(s) ending at '
            || array_to_string(list_filter(s.endings, lambda x: x IS NOT NULL), ', ')
            || ': the layering of scam proceeds through money mules. A family remittance taken out in cash '
            || 'by a long-standing account does not look like this. The senders are treated as scam victims '
            || '(and the scam workers behind them may themselves be trafficked), never as suspects.'
            || '{cite("FIN-2023-Alert005", "FATF-APG 2018", "Project Protect")}'
        FROM mc_scheme s;
        """
    )
