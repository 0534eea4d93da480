"""recruitment_fees: many new accounts each pay one or two round "placement fees" to the same person
within a few weeks, then go quiet (FATF-APG 2018 §3: recruitment and travel fees; FIN-2020-A008: payments
by many unrelated people to one individual; Project Protect: accounts opened just to pay).

Look-alikes explained away: a school or shop is paid round sums by many people, but by long-standing
accounts that stay in use; a payer that keeps using its account is not a one-off fee account. The
broker may be a person or a company (an unlicensed "job centre"): what counts is who pays it.
"""

from __future__ import annotations

from tipnet.finance.typologies import Params, Sql, cite

NAME = "recruitment_fees"


def run(con: Sql, p: Params) -> None:
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE rf_pay AS
        SELECT t.row, t.ts, t.src, t.dst, t.usd
        FROM tx t
        WHERE t.src IS NOT NULL AND t.dst IS NOT NULL AND t.channel IN ('transfer', 'mobile')
          AND t.usd BETWEEN {p.fee_min_usd} AND {p.fee_max_usd}
          AND (t.amount = round(t.amount, 1 - CAST(floor(log10(t.amount)) AS INTEGER))
               OR (t.amount % 50 = 0 AND t.amount = round(t.amount, 2 - CAST(floor(log10(t.amount)) AS INTEGER))));

        -- per payer and payee: the first and last round payment, and what the payer did afterwards
        CREATE OR REPLACE TEMP TABLE rf_pair AS
        SELECT r.src, r.dst, min(r.ts) AS first_ts, max(r.ts) AS last_ts, count(*) AS n, list(r.row) AS rows
        FROM rf_pay r GROUP BY r.src, r.dst HAVING count(*) <= 3;

        CREATE OR REPLACE TEMP TABLE rf_payer AS
        SELECT q.*, s.holder_type AS payer_type, d.holder_type AS payee_type,
               date_diff('day', s.opened, CAST(q.first_ts AS DATE)) AS age_days
        FROM rf_pair q
        JOIN accounts s ON s.aid = q.src
        JOIN accounts d ON d.aid = q.dst;

        -- what the new payers did after their last fee (only they can be fee accounts)
        CREATE OR REPLACE TEMP TABLE rf_new AS
        SELECT src, dst, last_ts FROM rf_payer
        WHERE age_days <= {p.fee_new_account_days} AND payer_type = 'person';
        CREATE OR REPLACE TEMP TABLE rf_touch AS
        SELECT src AS aid, ts FROM tx WHERE src IN (SELECT src FROM rf_new)
        UNION ALL SELECT dst AS aid, ts FROM tx WHERE dst IN (SELECT src FROM rf_new);
        CREATE OR REPLACE TEMP TABLE rf_after AS
        SELECT n.src, n.dst, count(t.ts) AS after
        FROM rf_new n LEFT JOIN rf_touch t ON t.aid = n.src AND t.ts > n.last_ts
        GROUP BY n.src, n.dst;
        """
    )
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE rf_flag AS
        SELECT r.*, coalesce(a.after <= {p.fee_quiet_after}, false) AS fee_like
        FROM rf_payer r LEFT JOIN rf_after a ON a.src = r.src AND a.dst = r.dst;

        CREATE OR REPLACE TEMP TABLE rf_window AS
        SELECT *, count(*) FILTER (WHERE fee_like) OVER (
                   PARTITION BY dst ORDER BY first_ts
                   RANGE BETWEEN INTERVAL {p.fee_window_days} DAYS PRECEDING AND CURRENT ROW) AS in_window
        FROM rf_flag;

        CREATE OR REPLACE TEMP TABLE rf_broker AS
        SELECT dst, max(in_window) AS peak, count(*) FILTER (WHERE fee_like) AS victims, count(*) AS payers,
               any_value(payee_type) AS payee_type,
               sum(n) FILTER (WHERE fee_like) AS payments
        FROM rf_window GROUP BY dst HAVING max(in_window) >= {p.fee_min_victims};
        """
    )
    con.execute(
        """
        INSERT INTO dismissed
        SELECT 'recruitment_fees', dst,
               'paid round sums by ' || payers || ' accounts, but only ' || victims
               || ' of them new and quiet afterwards: the pattern of a school, shop or landlord, not a broker'
        FROM rf_broker WHERE victims * 1.0 / payers < 0.5;
        DELETE FROM rf_broker WHERE victims * 1.0 / payers < 0.5;
        """
    )
    scheme = "'RF-' || lpad(CAST(b.dst AS VARCHAR), 9, '0')"
    score = "least(1.0, 0.5 + 0.02 * b.victims) * (b.victims * 1.0 / b.payers)"
    con.execute(
        f"""
        INSERT INTO finding SELECT '{NAME}', {scheme}, b.dst, 'broker', {score} FROM rf_broker b;
        INSERT INTO finding SELECT '{NAME}', {scheme}, f.src, 'victim', {score}
        FROM rf_broker b JOIN rf_flag f ON f.dst = b.dst AND f.fee_like;
        INSERT INTO evidence SELECT '{NAME}', {scheme}, unnest(f.rows)
        FROM rf_broker b JOIN rf_flag f ON f.dst = b.dst AND f.fee_like;
        INSERT INTO scheme_note SELECT '{NAME}', {scheme}, {score},
            b.victims || ' accounts, each opened shortly before, paid round sums (' || b.payments
            || ' payments) to one account, up to ' || b.peak || ' of them within ' || {p.fee_window_days}
            || ' days, and then fell silent: the fee pattern of a recruitment broker collecting '
            || '"placement fees" from job seekers. Not a school or shop: '
            || n0(100.0 * b.victims / b.payers) || '% of its round-sum payers were new, one-off accounts. '
            || 'The payers are treated as victims (debt created by recruitment fees), never as suspects.'
            || '{cite("FATF-APG 2018", "FIN-2020-A008", "Project Protect")}'
        FROM rf_broker b;
        """
    )
