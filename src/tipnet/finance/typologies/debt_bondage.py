"""debt_bondage: workers with ordinary wages pay a large, fixed share of every wage to one person, week
after week (FATF-APG 2018: debt bondage repayments deducted from wages; FIN-2020-A008: regular payments
of a fixed portion of pay to a third party; Project Protect: frequent transfers to one individual).

Look-alikes explained away: rent is paid monthly, not after every weekly wage; a loan instalment goes to a
lending company; a share that changes from week to week is spending, not a fixed deduction.
"""

from __future__ import annotations

from tipnet.finance.typologies import Params, Sql, cite

NAME = "debt_bondage"
# Paid less often than fortnightly, a deduction is told from rent by its size: at least 40% of the wage,
# whether the sum moves with the wage (a share) or stays put (a fixed instalment on the "debt").
_TRACKS = "(share >= 0.4)"


def run(con: Sql, p: Params) -> None:
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE db_wage AS
        SELECT t.row, t.ts, t.src AS employer, t.dst AS worker, t.usd
        FROM tx t JOIN accounts c ON c.aid = t.src AND c.holder_type = 'company'
                  JOIN accounts w ON w.aid = t.dst AND w.holder_type = 'person'
        WHERE t.channel IN ('transfer', 'mobile') AND t.usd >= 20;

        CREATE OR REPLACE TEMP TABLE db_pay AS
        SELECT w.worker, t.dst AS payee, w.employer, w.row AS wage_row, t.row AS pay_row, t.ts,
               t.usd / w.usd AS share, t.usd, t.amount AS native
        FROM db_wage w JOIN tx t ON t.src = w.worker AND t.ts > w.ts
             AND t.ts <= w.ts + INTERVAL {p.bondage_hours} HOURS AND t.dst IS NOT NULL
        WHERE t.channel IN ('transfer', 'mobile')
          AND t.usd BETWEEN {p.bondage_min_share} * w.usd AND {p.bondage_max_share} * w.usd
        QUALIFY row_number() OVER (PARTITION BY t.row ORDER BY w.ts DESC, w.row DESC) = 1;

        CREATE OR REPLACE TEMP TABLE db_pair AS
        SELECT d.worker, d.payee, count(*) AS n, avg(d.share) AS share,
               coalesce(stddev_samp(d.share) / avg(d.share), 0) AS cv,
               coalesce(stddev_samp(d.native) / avg(d.native), 0) AS amount_cv,
               date_diff('day', min(d.ts), max(d.ts)) / greatest(count(*) - 1, 1) AS gap_days,
               any_value(a.holder_type) AS payee_type, any_value(k.wages) AS wages
        FROM db_pay d JOIN accounts a ON a.aid = d.payee
        JOIN (SELECT worker, count(*) AS wages FROM db_wage GROUP BY worker) k ON k.worker = d.worker
        GROUP BY d.worker, d.payee HAVING count(*) >= {p.bondage_min_payments};
        """
    )
    con.execute(
        f"""
        INSERT INTO dismissed SELECT '{NAME}', payee,
            CASE WHEN payee_type = 'company' THEN 'fixed sums after payday to a company: a loan instalment'
                 WHEN gap_days > {p.bondage_max_gap_days} AND NOT {_TRACKS}
                      THEN 'under 40% of the wage, about monthly: rent or a bill, not a deduction from each wage'
                 ELSE 'the share of the wage changes (' || n0(100 * cv) || '% variation): spending, not a fixed deduction' END
        FROM db_pair
        WHERE payee_type = 'company' OR (gap_days > {p.bondage_max_gap_days} AND NOT {_TRACKS})
           OR cv > {p.bondage_max_share_cv};

        CREATE OR REPLACE TEMP TABLE db_victim AS
        SELECT * FROM db_pair
        WHERE payee_type = 'person' AND (gap_days <= {p.bondage_max_gap_days} OR {_TRACKS})
          AND cv <= {p.bondage_max_share_cv} AND n >= 0.6 * wages;

        -- each worker's main employer: a controller's workers are placed with one employer
        CREATE OR REPLACE TEMP TABLE db_employer AS
        SELECT v.payee, v.worker, mode(d.employer) AS employer
        FROM db_victim v JOIN db_pay d USING (worker, payee) GROUP BY v.payee, v.worker;

        CREATE OR REPLACE TEMP TABLE db_candidate AS
        SELECT v.payee, count(*) AS victims, avg(v.share) AS share, sum(v.n) AS payments, avg(v.gap_days) AS gap,
               any_value(e.top) AS same_employer
        FROM db_victim v JOIN (
            SELECT payee, max(c) AS top FROM (
                SELECT payee, employer, count(*) AS c FROM db_employer GROUP BY payee, employer) GROUP BY payee
        ) e USING (payee)
        GROUP BY v.payee HAVING count(*) >= {p.bondage_min_victims};

        INSERT INTO dismissed SELECT '{NAME}', payee,
            CASE WHEN share < {p.bondage_min_controller_share}
                 THEN 'several people pay it ' || n0(100 * share) || '% of their pay: a modest share, like family '
                      || 'support or a canteen, not a debt deduction'
                 ELSE 'several people pay it a share of their pay, but they work for ' || victims - same_employer + 1
                      || ' or more different employers: relatives supporting one person, not a controller of '
                      || 'placed workers' END
        FROM db_candidate
        WHERE share < {p.bondage_min_controller_share} OR same_employer < {p.bondage_min_same_employer} * victims;

        CREATE OR REPLACE TEMP TABLE db_controller AS
        SELECT payee, victims, share, payments, gap FROM db_candidate
        WHERE share >= {p.bondage_min_controller_share} AND same_employer >= {p.bondage_min_same_employer} * victims;

        -- a payee already found pooling these wages for an operator is reported as wage_skim, not twice
        INSERT INTO dismissed SELECT '{NAME}', payee,
            'workers pay it a share of each wage, but it pays the pooled money straight on: reported as wage_skim'
        FROM db_controller WHERE payee IN (SELECT aid FROM finding WHERE typology = 'wage_skim' AND role = 'recruiter');
        DELETE FROM db_controller
        WHERE payee IN (SELECT aid FROM finding WHERE typology = 'wage_skim' AND role = 'recruiter');
        """
    )
    scheme = "'DB-' || lpad(CAST(c.payee AS VARCHAR), 9, '0')"
    score = "least(1.0, 0.5 + 0.1 * c.victims) * least(1.0, c.share / 0.4)"
    con.execute(
        f"""
        INSERT INTO finding SELECT '{NAME}', {scheme}, c.payee, 'controller', {score} FROM db_controller c;
        INSERT INTO finding SELECT '{NAME}', {scheme}, v.worker, 'victim', {score}
        FROM db_controller c JOIN db_victim v ON v.payee = c.payee;
        INSERT INTO evidence SELECT '{NAME}', {scheme}, unnest([d.wage_row, d.pay_row])
        FROM db_controller c JOIN db_victim v ON v.payee = c.payee
        JOIN db_pay d ON d.worker = v.worker AND d.payee = v.payee;
        INSERT INTO scheme_note SELECT '{NAME}', {scheme}, {score},
            c.victims || ' workers each paid this person about ' || n0(100 * c.share)
            || '% of every wage, within ' || {p.bondage_hours} || ' hours of being paid, every '
            || round(c.gap, 1) || ' days (' || c.payments || ' payments in all): a fixed deduction taken from '
            || 'each wage, the way a controller collects a debt the workers can never repay. Not rent (paid '
            || 'monthly) nor a loan instalment (paid to a lending company). The workers are treated as '
            || 'victims of debt bondage, never as suspects.'
            || '{cite("FATF-APG 2018", "FIN-2020-A008", "Project Protect")}'
        FROM db_controller c;
        """
    )
