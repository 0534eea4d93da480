"""wage_skim: a company pays wages to many workers and each passes most of it, within hours or days, to
the same person, who sends the pooled money on, often abroad (FATF-APG 2018: wages paid into accounts the
trafficker controls; FIN-2020-A008: employees' pay moved to one third party; Project Protect: several
people's funds pooled in one account and wired abroad).

Look-alikes explained away: payroll alone (workers keep and spend their wages); a payment agent that
workers pay to remit home pays each sum on to many different recipients, not one or two.
"""

from __future__ import annotations

from tipnet.finance.typologies import Params, Sql, cite

NAME = "wage_skim"


def run(con: Sql, p: Params) -> None:
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE ws_wage AS
        SELECT t.row, t.ts, t.src AS company, t.dst AS worker, t.usd
        FROM tx t JOIN accounts c ON c.aid = t.src AND c.holder_type = 'company'
                  JOIN accounts w ON w.aid = t.dst AND w.holder_type = 'person'
        WHERE t.channel IN ('transfer', 'mobile') AND t.usd >= 30;

        CREATE OR REPLACE TEMP TABLE ws_out AS
        SELECT t.row, t.ts, t.src, t.dst, t.usd FROM tx t JOIN accounts d ON d.aid = t.dst
        WHERE t.src IN (SELECT worker FROM ws_wage) AND d.holder_type = 'person'
          AND t.channel IN ('transfer', 'mobile');

        CREATE OR REPLACE TEMP TABLE ws_pass AS
        SELECT w.company, w.worker, o.dst AS collector, w.row AS wage_row, o.row AS pass_row, w.usd AS wage,
               o.usd AS passed, o.ts AS pass_ts
        FROM ws_wage w JOIN ws_out o ON o.src = w.worker AND o.ts > w.ts
             AND o.ts <= w.ts + INTERVAL {p.skim_hours} HOURS
        WHERE o.usd BETWEEN {p.skim_min_share} * w.usd AND w.usd;

        CREATE OR REPLACE TEMP TABLE ws_pair AS
        SELECT company, collector, count(DISTINCT worker) AS workers, sum(passed) AS pooled,
               sum(passed) / sum(wage) AS share, min(pass_ts) AS first_ts, max(pass_ts) AS last_ts
        FROM ws_pass GROUP BY company, collector HAVING count(DISTINCT worker) >= {p.skim_min_workers};

        -- where the collector sends money in the days after the pooled passes
        CREATE OR REPLACE TEMP TABLE ws_onward AS
        SELECT c.company, c.collector, t.dst, sum(t.usd) AS usd, list(t.row) AS rows,
               any_value(t.channel) AS channel
        FROM ws_pair c JOIN tx t ON t.src = c.collector AND t.ts >= c.first_ts
             AND t.ts <= c.last_ts + INTERVAL 7 DAYS AND t.dst IS NOT NULL
        GROUP BY c.company, c.collector, t.dst;

        -- each pass followed within days by the collector paying at least as much on: pooling, not keeping
        CREATE OR REPLACE TEMP TABLE ws_fwd AS
        SELECT s.company, s.collector, avg(CASE WHEN f.pass_row IS NULL THEN 0 ELSE 1 END) AS forwarded
        FROM ws_pass s JOIN ws_pair USING (company, collector)
        LEFT JOIN (
            SELECT DISTINCT s2.pass_row FROM ws_pass s2 JOIN tx t ON t.src = s2.collector AND t.ts > s2.pass_ts
                 AND t.ts <= s2.pass_ts + INTERVAL 4 DAYS AND t.usd >= 0.8 * s2.passed
                 AND t.dst IS NOT NULL  -- paid on to an account; cash taken out is kept, not pooled
        ) f ON f.pass_row = s.pass_row
        GROUP BY s.company, s.collector;

        CREATE OR REPLACE TEMP TABLE ws_scheme AS
        SELECT c.*, coalesce(o.total, 0) AS onward, coalesce(o.top, 0) AS top, o.n_dst, w.forwarded
        FROM ws_pair c JOIN ws_fwd w USING (company, collector) LEFT JOIN (
            SELECT company, collector, sum(usd) AS total, max(usd) AS top, count(*) AS n_dst
            FROM ws_onward GROUP BY company, collector) o USING (company, collector);
        """
    )
    con.execute(
        f"""
        INSERT INTO dismissed
        SELECT '{NAME}', collector,
               workers || ' workers of one employer paid this account soon after payday, but it paid money '
               || 'on to ' || coalesce(n_dst, 0) || ' different recipients, ' || n0(onward) || ' USD against '
               || n0(pooled) || ' USD pooled: a payment agent remitting for customers, not one controller '
               || 'pooling wages'
        FROM ws_scheme WHERE top < {p.skim_min_concentration} * least(pooled, onward) OR onward > 3 * pooled;
        DELETE FROM ws_scheme WHERE top < {p.skim_min_concentration} * least(pooled, onward) OR onward > 3 * pooled;
        INSERT INTO dismissed
        SELECT '{NAME}', collector,
               'workers of one employer paid this person part of each wage, but the money stays with it (only '
               || n0(100 * forwarded) || '% passed on within days): a fixed deduction (see debt_bondage), '
               || 'not wages pooled and sent on'
        FROM ws_scheme WHERE forwarded < 0.5;
        DELETE FROM ws_scheme WHERE forwarded < 0.5;

        CREATE OR REPLACE TEMP TABLE ws_operator AS
        SELECT o.company, o.collector, o.dst, o.rows FROM ws_onward o JOIN ws_scheme s USING (company, collector)
        WHERE o.usd >= 0.2 * least(s.pooled, s.onward);
        """
    )
    scheme = "'WS-' || lpad(CAST(s.company AS VARCHAR), 9, '0') || '-' || lpad(CAST(s.collector AS VARCHAR), 9, '0')"
    score = (
        "least(1.0, 0.4 + 0.03 * s.workers) * least(1.0, s.share / 0.8) * least(1.0, s.top / s.pooled + 0.3)"
    )
    con.execute(
        f"""
        INSERT INTO finding SELECT '{NAME}', {scheme}, s.company, 'front_company', {score} FROM ws_scheme s;
        INSERT INTO finding SELECT '{NAME}', {scheme}, s.collector, 'recruiter', {score} FROM ws_scheme s;
        INSERT INTO finding SELECT DISTINCT '{NAME}', {scheme}, p.worker, 'victim', {score}
        FROM ws_scheme s JOIN ws_pass p USING (company, collector);
        INSERT INTO finding SELECT '{NAME}', {scheme}, o.dst, 'operator', {score}
        FROM ws_scheme s JOIN ws_operator o USING (company, collector);
        INSERT INTO evidence SELECT '{NAME}', {scheme}, unnest([p.wage_row, p.pass_row])
        FROM ws_scheme s JOIN ws_pass p USING (company, collector);
        INSERT INTO evidence SELECT '{NAME}', {scheme}, unnest(o.rows)
        FROM ws_scheme s JOIN ws_operator o USING (company, collector);
        INSERT INTO scheme_note SELECT '{NAME}', {scheme}, {score},
            s.workers || ' workers paid by one company each passed on average ' || n0(100 * s.share)
            || '% of their wage, within ' || {p.skim_hours} || ' hours of payday, to the same person, who sent '
            || n0(100 * s.top / s.pooled) || '% of the pooled ' || n0(s.pooled) || ' USD on to '
            || CASE WHEN s.n_dst = 1 THEN 'a single account' ELSE s.n_dst || ' accounts' END
            || '. Payroll alone does not look like this: ordinary workers keep and spend their wages, and a '
            || 'payment agent pays each customer''s money to a different recipient. The workers are treated as '
            || 'victims whose wages are taken, never as suspects.'
            || '{cite("FATF-APG 2018", "FIN-2020-A008", "Project Protect")}'
        FROM ws_scheme s;
        """
    )
