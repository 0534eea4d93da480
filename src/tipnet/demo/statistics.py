"""The report's statistics section: people counted by resolved identity (records beside), the
3P tables and SDG 16.2.2, published with small cells hidden (tipnet.release.small_cells)."""

from __future__ import annotations

from collections import Counter

from markupsafe import escape
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from tipnet.report import charts
from tipnet.report.render import Section
from tipnet.stats import tables
from tipnet.stats.service import compute, facts, load_population

SHOWN = (
    "people, not records",
    "victims identified by sex",
    "victims identified by child, age_band",
    "victims identified by exploitation",
    "victims identified by referral",
    "suspects (prosecution)",
    "SDG 16.2.2 by sex",
    "prevention",
)


def _table_html(t: tables.Table) -> str:
    head = "".join(f"<th>{escape(c)}</th>" for c in t.columns)
    body = "".join("<tr>" + "".join(f"<td>{escape(str(v))}</td>" for v in r) + "</tr>" for r in t.rows)
    notes = "".join(f"<li>{escape(n)}</li>" for n in t.notes)
    return f"<h3>{escape(t.name)}</h3><table><tr>{head}</tr>{body}</table><ul class='notes'>{notes}</ul>"


def statistics_section(engine: Engine, suppress: int = 5) -> tuple[Section, dict[str, int]]:
    with Session(engine) as session:
        f = facts(session)
    ts = {t.name: t for t in compute(f, population=load_population())}
    persons = Counter({str(p.year): 0 for p in f.victims})
    records = Counter({str(p.year): 0 for p in f.victims})
    for p in f.victims:
        persons[str(p.year)] += 1
        records[str(p.year)] += p.records
    chart = charts.line_chart(
        {"victims (persons)": persons, "victim records": records}, "Victims per year: people and records"
    )
    shown = [
        tables.suppress_small(ts[n], suppress) if n.startswith("victims") else ts[n] for n in SHOWN if n in ts
    ]
    html = (
        "<p>Victims and suspects counted as people: the agencies' records resolved into identities by "
        "the linkage, a person once per year however many agencies recorded her, the records beside "
        f"for comparison. Victim tables are shown as they may be published: cells under {suppress} "
        "hidden, with secondary suppression. <code>tipnet stats</code> prints every table; "
        "<code>--csv</code> and <code>--xlsx</code> export them.</p>"
        + chart
        + "".join(_table_html(t) for t in shown)
    )
    counts = {
        "victims_persons": len({p.identity for p in f.victims}),
        "victim_records": sum(p.records for p in f.victims),
    }
    return Section("Statistics: people, not records", html, anchor="statistics"), counts
