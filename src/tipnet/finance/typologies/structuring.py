"""structuring: repeated cash deposits just under the cash reporting threshold, sometimes by several people
who pass the money to one account (FIN-2020-A008: cash deposits kept under the CTR threshold; FATF-APG
2018: structured cash deposits of trafficking proceeds; Project Protect: deposits by several people into
one account). The threshold is a parameter (default USD 10,000 equivalent).

Look-alikes explained away: a shop depositing its takings makes many deposits of every size and crosses
the threshold now and then (and is reported); one deposit near the threshold is not a pattern.
"""

from __future__ import annotations

import duckdb

from tipnet.finance.typologies import Params, cite

NAME = "structuring"


def run(con: duckdb.DuckDBPyConnection, p: Params) -> None:
    low = p.structuring_band * p.cash_threshold_usd
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE st_cash AS
        SELECT row, ts, dst AS acct, usd, usd >= {low} AND usd < {p.cash_threshold_usd} AS band,
               usd >= {p.cash_threshold_usd} AS over
        FROM tx WHERE channel = 'cash_deposit';

        CREATE OR REPLACE TEMP TABLE st_band AS
        SELECT *, count(*) OVER (PARTITION BY acct ORDER BY ts
                  RANGE BETWEEN INTERVAL {p.structuring_window_days} DAYS PRECEDING AND CURRENT ROW) AS in_window
        FROM st_cash WHERE band;

        CREATE OR REPLACE TEMP TABLE st_depositor AS
        SELECT b.acct, max(b.in_window) AS peak, count(*) AS band_deposits, sum(b.usd) AS band_usd,
               any_value(c.n) AS deposits, any_value(c.over) AS over_deposits
        FROM st_band b JOIN (SELECT acct, count(*) AS n, count(*) FILTER (WHERE over) AS over
                             FROM st_cash GROUP BY acct) c USING (acct)
        GROUP BY b.acct HAVING max(b.in_window) >= {p.structuring_min_deposits};
        """
    )
    con.execute(
        f"""
        INSERT INTO dismissed SELECT '{NAME}', acct,
            CASE WHEN over_deposits > 0 THEN 'also deposits over the threshold (' || over_deposits
                      || ' times), so it is reported anyway: a business banking its takings'
                 ELSE 'near-threshold deposits are a minority of its ' || deposits
                      || ' cash deposits: a business banking takings of every size' END
        FROM st_depositor WHERE over_deposits > 0 OR band_deposits * 1.0 / deposits < 0.5;
        DELETE FROM st_depositor WHERE over_deposits > 0 OR band_deposits * 1.0 / deposits < 0.5;

        -- each near-threshold deposit passed on within three days to another account
        CREATE OR REPLACE TEMP TABLE st_pass AS
        SELECT b.acct AS smurf, t.dst AS collector, b.row AS dep_row, t.row AS pass_row, t.usd
        FROM st_band b JOIN st_depositor d USING (acct)
        JOIN tx t ON t.src = b.acct AND t.ts > b.ts AND t.ts <= b.ts + INTERVAL 3 DAYS AND t.dst IS NOT NULL
        WHERE t.usd >= 0.8 * b.usd AND t.usd <= 1.02 * b.usd
        QUALIFY row_number() OVER (PARTITION BY b.row ORDER BY t.ts) = 1;

        CREATE OR REPLACE TEMP TABLE st_link AS
        SELECT smurf, collector, count(*) AS passes FROM st_pass GROUP BY smurf, collector
        QUALIFY row_number() OVER (PARTITION BY smurf ORDER BY count(*) DESC) = 1;

        CREATE OR REPLACE TEMP TABLE st_scheme AS
        SELECT coalesce(l.collector, d.acct) AS collector, count(*) AS depositors, sum(d.band_deposits) AS deposits,
               sum(d.band_usd) AS usd, max(d.peak) AS peak, bool_or(l.collector IS NOT NULL) AS smurfed
        FROM st_depositor d LEFT JOIN st_link l ON l.smurf = d.acct
        GROUP BY coalesce(l.collector, d.acct);
        """
    )
    scheme = "'ST-' || lpad(CAST(s.collector AS VARCHAR), 9, '0')"
    score = "least(1.0, 0.5 + 0.08 * s.deposits + 0.1 * s.depositors)"
    con.execute(
        f"""
        INSERT INTO finding SELECT '{NAME}', {scheme}, s.collector, 'collector', {score} FROM st_scheme s;
        INSERT INTO finding SELECT '{NAME}', {scheme}, l.smurf, 'smurf', {score}
        FROM st_scheme s JOIN st_link l ON l.collector = s.collector;
        INSERT INTO evidence SELECT '{NAME}', {scheme}, b.row
        FROM st_scheme s JOIN st_depositor d ON d.acct = s.collector JOIN st_band b ON b.acct = d.acct;
        INSERT INTO evidence SELECT '{NAME}', {scheme}, unnest([b.dep_row, b.pass_row])
        FROM st_scheme s JOIN st_pass b ON b.collector = s.collector;
        INSERT INTO scheme_note SELECT '{NAME}', {scheme}, {score},
            s.deposits || ' cash deposits of between ' || {int(low)} || ' and ' || {int(p.cash_threshold_usd)}
            || ' USD (just under the cash reporting threshold), never one over it'
            || CASE WHEN s.smurfed THEN ', made by ' || s.depositors || ' people who each passed the cash on '
                    || 'within three days to this one account' ELSE ' into this account' END
            || ', ' || n0(s.usd) || ' USD in all: deposits kept under the threshold so that no cash '
            || 'transaction report is filed. A business banking its takings makes deposits of every size and '
            || 'crosses the threshold now and then.'
            || '{cite("FIN-2020-A008", "FATF-APG 2018", "Project Protect")}'
        FROM st_scheme s;
        """
    )
