"""The demo's financial-intelligence step and its report section: a simulated bank book, the typologies
found in it (against the simulator's truth), the alerts queued for FIU analysts, and charts of alerts
per typology over time, amounts moved per scheme and the largest schemes' money networks. The section
shows no account number and no holder's name: roles, typologies, counts and sums only."""

from __future__ import annotations

import io
import time
from collections import Counter
from html import escape
from pathlib import Path
from typing import Any

import duckdb
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import networkx as nx
from sqlalchemy import Engine

from tipnet.evaluation.finance import score_alerts
from tipnet.finance.detect import detect, write_alerts
from tipnet.finance.load import load
from tipnet.finance.queue import store_alerts
from tipnet.report import charts
from tipnet.report.render import Section
from tipnet.sim.finance import simulate_finance
from tipnet.store.engine import session_scope

DEMO_ACCOUNTS = 20_000
ROLE_COLOURS = {"victim": "#3a9d5d", "scam_victim": "#3a9d5d", "member": "#7a5195"}
SUSPECT_COLOUR = "#b03a48"


def _network_svg(con: duckdb.DuckDBPyConnection, schemes: list[tuple[str, str, str]]) -> str:
    """Small multiples: each scheme's accounts (coloured by role: victims green, others red) and the money
    between them (edge width by USD). Labels are roles, never account numbers."""
    if not schemes:
        return charts._empty("Largest schemes")
    fig, axes = plt.subplots(1, len(schemes), figsize=(3.3 * len(schemes), 3.4))
    axes_list: list[Any] = list(axes) if len(schemes) > 1 else [axes]
    for ax, (alert_id, typology, scheme) in zip(axes_list, schemes, strict=True):
        roles = dict(
            con.execute(
                "SELECT aid, role FROM finding WHERE typology = ? AND scheme = ?", [typology, scheme]
            ).fetchall()
        )
        edges = con.execute(
            """
            SELECT coalesce(t.src, -1), coalesce(t.dst, -2), sum(t.usd) FROM evidence e JOIN tx t ON t.row = e.row
            WHERE e.typology = ? AND e.scheme = ? GROUP BY 1, 2
            """,
            [typology, scheme],
        ).fetchall()
        g: nx.DiGraph = nx.DiGraph()
        for src, dst, usd in edges:
            g.add_edge(src, dst, usd=usd)
        pos = nx.spring_layout(g, seed=7)
        top = max((d["usd"] for *_, d in g.edges(data=True)), default=1.0)
        colours = [
            ROLE_COLOURS.get(roles.get(n, ""), SUSPECT_COLOUR if n in roles else "#9aa5ad") for n in g.nodes
        ]
        nx.draw_networkx_nodes(g, pos, ax=ax, node_size=60, node_color=colours)
        nx.draw_networkx_edges(
            g, pos, ax=ax, width=[0.4 + 3.0 * d["usd"] / top for *_, d in g.edges(data=True)], alpha=0.6,
            arrowsize=6, edge_color="#4f6d7a",
        )  # fmt: skip
        total = sum(d["usd"] for *_, d in g.edges(data=True))
        ax.set_title(f"{alert_id} {typology}\n{len(roles)} accounts, USD {total:,.0f}", fontsize=8)
        ax.axis("off")
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight")
    plt.close(fig)
    text = buffer.getvalue()
    return text[text.index("<svg") :]


def finance_section(
    engine: Engine, work_dir: Path, *, accounts: int = DEMO_ACCOUNTS
) -> tuple[Section, dict[str, Any]]:
    """Simulate, detect, score against the truth, queue the alerts, and build the report section."""
    book = work_dir / "finance-sim"
    simulate_finance(book, accounts=accounts)
    loaded = load(book / "accounts.csv", book / "transactions.csv", rates=book / "rates.csv")
    start = time.perf_counter()
    result = detect(loaded.con)
    seconds = time.perf_counter() - start
    out = work_dir / "finance-alerts"
    write_alerts(loaded.con, out)
    scores = score_alerts(out / "alerts.csv", book / "truth" / "accounts.csv")
    with session_scope(engine) as session:
        queued = store_alerts(session, loaded.con, actor="system:demo")
    con = loaded.con
    by_week: dict[str, Counter[str]] = {}
    for typology, week, n in con.sql(
        """
        SELECT a.typology, strftime(date_trunc('week', min(t.ts)), '%Y-%m-%d') AS week, 1
        FROM alert a JOIN evidence e USING (typology, scheme) JOIN tx t ON t.row = e.row
        GROUP BY a.typology, a.scheme
        """
    ).fetchall():
        by_week.setdefault(typology, Counter())[week] += n
    moved = Counter(
        {
            f"{aid} {typ}": int(usd)
            for aid, typ, usd in con.sql(
                """
                SELECT a.alert_id, a.typology, sum(t.usd) FROM alert a JOIN evidence e USING (typology, scheme)
                JOIN tx t ON t.row = e.row GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 10
                """
            ).fetchall()
        }
    )
    largest = con.sql(
        "SELECT alert_id, typology, scheme FROM alert ORDER BY accounts DESC, alert_id LIMIT 3"
    ).fetchall()
    rows = "".join(
        f"<tr><td>{escape(t)}</td><td>{s['precision']:.3f}</td><td>{s['recall']:.3f}</td><td>{s['true']}</td></tr>"
        for t, s in scores["typology"].items()
    )
    v = scores["victims"]
    html = (
        f"<p>A simulated bank book of {loaded.accounts:,} accounts and {loaded.transactions:,} transactions "
        f"(ordinary payroll, shops, rent, loans, remittances, payment agents and trade, with six trafficking "
        f"typologies hidden in it): {result.alerts} alerts found in {seconds:.1f} s, one per scheme, and "
        f"queued for FIU analysts ({queued['stored']} new). {v['found']} of {v['true']} victims' accounts were "
        f"found, all as victims; {v['reported_as_suspect']} reported as suspects.</p>"
        "<table><thead><tr><th>typology</th><th>precision</th><th>recall</th><th>accounts (truth)</th></tr>"
        f"</thead><tbody>{rows}</tbody></table>"
        "<p class='note'>Measured on the simulator's own data; the independent set's figures are in "
        "BENCHMARKS.md.</p>"
        f"<div class='figure'>{charts.bar_chart(Counter(result.per_typology), 'Alerts per typology')}</div>"
        f"<div class='figure'>{charts.line_chart(by_week, 'Alerts per typology by week of first evidence')}</div>"
        f"<div class='figure'>{charts.bar_chart(moved, 'USD moved per scheme (largest ten)')}</div>"
        f"<div class='figure'>{_network_svg(con, largest)}</div>"
        "<p class='note'>Networks: victims green, other roles red, cash and accounts outside the scheme "
        "grey; edge width by USD. No account number or holder's name is shown.</p>"
    )
    stats = {
        "alerts": result.alerts,
        "victims_found": v["found_share"],
        "victims_as_suspects": v["reported_as_suspect"],
        "precision": scores["any"]["precision"],
        "recall": scores["any"]["recall"],
    }
    con.close()
    return Section(title="Financial intelligence", html=html, anchor="finance"), stats
