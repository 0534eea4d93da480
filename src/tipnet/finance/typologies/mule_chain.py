"""mule_chain: large transfers from abroad (scam victims) enter an account and leave within hours along a
chain of recently opened accounts, each keeping a small cut and ending near zero, to a crypto exchange or
cash (FIN-2023-Alert005: pig-butchering proceeds layered through money mules into virtual currency;
FATF-APG 2018: rapid movement through accounts with no economic purpose; Project Protect: funds moved
on immediately after deposit).

Look-alikes explained away: a remittance from family abroad taken out in cash the same day, by an account
that has been in use for years, is what remittances are for.
"""

from __future__ import annotations

import duckdb
import networkx as nx

from tipnet.finance.typologies import Params, cite

NAME = "mule_chain"


def run(con: duckdb.DuckDBPyConnection, p: Params) -> None:
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE mc_in AS
        SELECT row, ts, src, dst, usd, channel FROM tx
        WHERE dst IS NOT NULL AND usd >= {p.mule_min_inflow_usd} * 0.5;

        CREATE OR REPLACE TEMP TABLE mc_hop AS
        SELECT i.row AS in_row, o.row AS out_row, i.dst AS acct, i.src AS in_src, o.dst AS out_dst,
               i.usd AS in_usd, o.usd AS out_usd, o.channel AS out_channel, i.ts AS in_ts, i.channel AS in_channel
        FROM mc_in i JOIN tx o ON o.src = i.dst AND o.ts > i.ts
             AND o.ts <= i.ts + INTERVAL {p.mule_pass_hours} HOURS
        WHERE o.usd BETWEEN {p.mule_min_pass_share} * i.usd AND i.usd
        QUALIFY row_number() OVER (PARTITION BY i.row ORDER BY o.ts) = 1;

        CREATE OR REPLACE TEMP TABLE mc_chain AS
        WITH RECURSIVE chain(seed_row, seed_src, in_row, out_row, acct, out_channel, depth, in_ts) AS (
            SELECT h.in_row, h.in_src, h.in_row, h.out_row, h.acct, h.out_channel, 1, h.in_ts
            FROM mc_hop h JOIN accounts s ON s.aid = h.in_src
            WHERE h.in_usd >= {p.mule_min_inflow_usd}
              AND (s.country <> '{p.home_country}' OR h.in_channel = 'international_wire')
            UNION ALL
            SELECT c.seed_row, c.seed_src, h.in_row, h.out_row, h.acct, h.out_channel, c.depth + 1, h.in_ts
            FROM chain c JOIN mc_hop h ON h.in_row = c.out_row WHERE c.depth < 8
        )
        SELECT c.*, a.opened, a.holder_type,
               date_diff('day', a.opened, CAST(c.in_ts AS DATE)) <= {p.mule_new_account_days} AS new_account
        FROM chain c JOIN accounts a ON a.aid = c.acct;

        CREATE OR REPLACE TEMP TABLE mc_seed AS
        SELECT seed_row, any_value(seed_src) AS seed_src, max(depth) AS length,
               count(*) FILTER (WHERE new_account) AS new_accounts,
               arg_max(out_channel, depth) AS last_channel
        FROM mc_chain GROUP BY seed_row;
        """
    )
    con.execute(
        f"""
        INSERT INTO dismissed SELECT DISTINCT '{NAME}', c.acct,
            'money from abroad passed on or taken out within hours, but by a long-standing account with no '
            || 'chain behind it: a remittance collected by the family, not a mule'
        FROM mc_seed s JOIN mc_chain c ON c.seed_row = s.seed_row
        WHERE NOT (s.new_accounts >= 1 AND (s.length >= 2
                   OR s.last_channel IN ('crypto_exchange', 'cash_withdrawal', 'international_wire')));
        DELETE FROM mc_seed WHERE NOT (new_accounts >= 1 AND (length >= 2
                   OR last_channel IN ('crypto_exchange', 'cash_withdrawal', 'international_wire')));
        """
    )
    # chains that share a mule are one scheme
    rows = con.sql(
        "SELECT DISTINCT s.seed_row, c.acct FROM mc_seed s JOIN mc_chain c ON c.seed_row = s.seed_row"
    ).fetchall()
    graph: nx.Graph = nx.Graph()
    for seed, acct in rows:
        graph.add_edge(("seed", seed), ("acct", acct))
    assignment: list[tuple[int, str]] = []
    for component in nx.connected_components(graph):
        accts = sorted(a for kind, a in component if kind == "acct")
        key = f"MC-{accts[0]:09d}"
        assignment.extend((seed, key) for kind, seed in component if kind == "seed")
    con.execute("CREATE OR REPLACE TEMP TABLE mc_scheme_of (seed_row BIGINT, scheme VARCHAR)")
    if assignment:
        con.executemany("INSERT INTO mc_scheme_of VALUES (?, ?)", assignment)
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE mc_scheme AS
        SELECT m.scheme, count(DISTINCT s.seed_src) AS victims, max(s.length) AS length,
               sum(c.in_usd_seed) AS received, list(DISTINCT s.last_channel) AS endings
        FROM mc_scheme_of m JOIN mc_seed s ON s.seed_row = m.seed_row
        JOIN (SELECT row, usd AS in_usd_seed FROM tx) c ON c.row = s.seed_row
        GROUP BY m.scheme;

        CREATE OR REPLACE TEMP TABLE mc_mule AS
        SELECT DISTINCT m.scheme, c.acct FROM mc_scheme_of m JOIN mc_chain c ON c.seed_row = m.seed_row;
        """
    )
    score = "least(1.0, 0.55 + 0.1 * s.length + 0.05 * s.victims)"
    con.execute(
        f"""
        INSERT INTO finding SELECT '{NAME}', s.scheme, m.acct, 'mule', {score}
        FROM mc_scheme s JOIN mc_mule m USING (scheme);
        INSERT INTO finding SELECT DISTINCT '{NAME}', s.scheme, d.seed_src, 'scam_victim', {score}
        FROM mc_scheme s JOIN mc_scheme_of o USING (scheme) JOIN mc_seed d ON d.seed_row = o.seed_row;
        INSERT INTO evidence SELECT DISTINCT '{NAME}', o.scheme, unnest([c.in_row, c.out_row])
        FROM mc_scheme_of o JOIN mc_chain c ON c.seed_row = o.seed_row;
        INSERT INTO scheme_note SELECT '{NAME}', s.scheme, {score},
            s.victims || ' senders abroad paid ' || n0(s.received) || ' USD in large transfers that left again '
            || 'within ' || {p.mule_pass_hours} || ' hours along a chain of up to ' || s.length
            || ' accounts, recently opened, each keeping a small cut, ending at '
            || array_to_string(s.endings, ', ')
            || ': the layering of scam proceeds through money mules. A family remittance taken out in cash '
            || 'by a long-standing account does not look like this. The senders are treated as scam victims '
            || '(and the scam workers behind them may themselves be trafficked), never as suspects.'
            || '{cite("FIN-2023-Alert005", "FATF-APG 2018", "Project Protect")}'
        FROM mc_scheme s;
        """
    )
