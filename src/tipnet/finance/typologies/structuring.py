"""structuring: repeated cash deposits just under the cash reporting threshold, sometimes by several people
who pass the money to one account (FIN-2020-A008: cash deposits kept under the CTR threshold; FATF-APG
2018: structured cash deposits of trafficking proceeds; Project Protect: deposits by several people into
one account). The threshold is a parameter (default USD 10,000 equivalent).

Look-alikes explained away: a shop depositing its takings makes many deposits of every size and crosses
the threshold now and then (and is reported); one deposit near the threshold is not a pattern.
"""

from __future__ import annotations

from tipnet.finance.typologies import Params, Sql, cite

NAME = "structuring"


def run(con: Sql, p: Params) -> None:
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
               any_value(c.n) AS deposits, any_value(c.over) AS over_deposits, any_value(c.usd) AS cash_usd
        FROM st_band b JOIN (SELECT acct, count(*) AS n, count(*) FILTER (WHERE over) AS over, sum(usd) AS usd
                             FROM st_cash GROUP BY acct) c USING (acct)
        GROUP BY b.acct HAVING max(b.in_window) >= {p.structuring_min_deposits};
        """
    )
    con.execute(
        f"""
        INSERT INTO dismissed SELECT '{NAME}', acct,
            CASE WHEN over_deposits > 0 THEN 'also deposits over the threshold (' || over_deposits
                      || ' times), so it is reported anyway: a business banking its takings'
                 ELSE 'near-threshold deposits are under half the cash it deposited (' || n0(cash_usd)
                      || ' USD in ' || deposits || ' deposits): a business banking takings of every size' END
        FROM st_depositor WHERE over_deposits > 0 OR band_usd < 0.5 * cash_usd;
        -- by value, not by count: a person's everyday small deposits do not hide near-threshold ones
        DELETE FROM st_depositor WHERE over_deposits > 0 OR band_usd < 0.5 * cash_usd;

        -- each near-threshold deposit passed on within three days to another account
        CREATE OR REPLACE TEMP TABLE st_pass AS
        SELECT b.acct AS smurf, t.dst AS collector, b.row AS dep_row, t.row AS pass_row, t.usd
        FROM st_band b JOIN st_depositor d USING (acct)
        JOIN tx t ON t.src = b.acct AND t.ts > b.ts AND t.ts <= b.ts + INTERVAL 3 DAYS AND t.dst IS NOT NULL
        WHERE t.usd >= 0.8 * b.usd AND t.usd <= 1.02 * b.usd
        QUALIFY row_number() OVER (PARTITION BY b.row ORDER BY t.ts, t.row) = 1;

        CREATE OR REPLACE TEMP TABLE st_link AS
        SELECT smurf, collector, count(*) AS passes FROM st_pass GROUP BY smurf, collector
        QUALIFY row_number() OVER (PARTITION BY smurf ORDER BY count(*) DESC, collector) = 1;

        -- smurfing: several people each deposit cash under the threshold (not only just under it) and pass
        -- it on within three days to the same person, together at least the threshold
        CREATE OR REPLACE TEMP TABLE st_ring_pass AS
        SELECT c.acct AS smurf, t.dst AS collector, c.row AS dep_row, t.row AS pass_row, c.usd
        FROM st_cash c
        JOIN accounts sa ON sa.aid = c.acct AND sa.holder_type = 'person'
        JOIN tx t ON t.src = c.acct AND t.ts > c.ts AND t.ts <= c.ts + INTERVAL 3 DAYS AND t.dst IS NOT NULL
        JOIN accounts ca ON ca.aid = t.dst AND ca.holder_type = 'person'
        WHERE c.usd >= {p.smurf_min_share} * {p.cash_threshold_usd} AND NOT c.over AND t.dst <> c.acct
          AND t.usd BETWEEN 0.8 * c.usd AND 1.02 * c.usd
          AND c.acct NOT IN (SELECT acct FROM st_cash WHERE over)
        QUALIFY row_number() OVER (PARTITION BY c.row ORDER BY t.ts, t.row) = 1;

        CREATE OR REPLACE TEMP TABLE st_ring AS
        SELECT collector FROM st_ring_pass GROUP BY collector
        HAVING count(DISTINCT smurf) >= 2 AND sum(usd) >= {p.cash_threshold_usd};

        CREATE OR REPLACE TEMP TABLE st_member AS
        SELECT coalesce(l.collector, d.acct) AS collector, d.acct AS depositor, d.band_deposits AS deposits,
               d.band_usd AS usd, d.peak
        FROM st_depositor d LEFT JOIN st_link l ON l.smurf = d.acct
        UNION ALL
        SELECT r.collector, r.smurf, count(*), sum(r.usd), count(*)
        FROM st_ring_pass r
        WHERE r.collector IN (SELECT collector FROM st_ring) AND r.smurf NOT IN (SELECT acct FROM st_depositor)
        GROUP BY r.collector, r.smurf;

        CREATE OR REPLACE TEMP TABLE st_scheme AS
        SELECT collector, count(DISTINCT depositor) AS depositors, sum(deposits) AS deposits, sum(usd) AS usd,
               max(peak) AS peak, bool_or(depositor <> collector) AS smurfed
        FROM st_member GROUP BY collector;
        """
    )
    scheme = "'ST-' || lpad(CAST(s.collector AS VARCHAR), 9, '0')"
    score = "least(1.0, 0.5 + 0.08 * s.deposits + 0.1 * s.depositors)"
    con.execute(
        f"""
        INSERT INTO finding SELECT '{NAME}', {scheme}, s.collector, 'collector', {score} FROM st_scheme s;
        INSERT INTO finding SELECT DISTINCT '{NAME}', {scheme}, m.depositor, 'smurf', {score}
        FROM st_scheme s JOIN st_member m USING (collector) WHERE m.depositor <> s.collector;
        INSERT INTO evidence SELECT '{NAME}', {scheme}, b.row
        FROM st_scheme s JOIN st_member m USING (collector) JOIN st_band b ON b.acct = m.depositor;
        INSERT INTO evidence SELECT '{NAME}', {scheme}, unnest([b.dep_row, b.pass_row])
        FROM st_scheme s JOIN st_pass b ON b.collector = s.collector;
        INSERT INTO evidence SELECT '{NAME}', {scheme}, unnest([r.dep_row, r.pass_row])
        FROM st_scheme s JOIN st_ring_pass r ON r.collector = s.collector
        JOIN st_member m ON m.collector = s.collector AND m.depositor = r.smurf;
        INSERT INTO scheme_note SELECT '{NAME}', {scheme}, {score},
            s.deposits || ' cash deposits under the cash reporting threshold of ' || {int(p.cash_threshold_usd)}
            || ' USD (many of them just under it), never one over it'
            || CASE WHEN s.smurfed THEN ', made by ' || s.depositors || ' people who each passed the cash on '
                    || 'within three days to this one account' ELSE ' into this account' END
            || ', ' || n0(s.usd) || ' USD in all: cash kept under the threshold so that no cash '
            || 'transaction report is filed. A business banking its takings makes deposits of every size and '
            || 'crosses the threshold now and then.'
            || '{cite("FIN-2020-A008", "FATF-APG 2018", "Project Protect")}'
        FROM st_scheme s;
        """
    )
