"""The demo's advert step: the stored adverts screened for deceptive recruitment (as ingestion does),
by verdict, language and red flag, the largest recruiter clusters, and the verdicts against the
simulator's truth (the text model was trained on other seeds of the same simulator: this shows the
pipeline working, not its accuracy, which bench/bench_adverts.py measures on independent data)."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from markupsafe import escape
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from tipnet.recruitment.clusters import Item, cluster
from tipnet.recruitment.contacts import extract
from tipnet.recruitment.screen import default_screener
from tipnet.recruitment.stored import screen_stored
from tipnet.recruitment.wages import language_region
from tipnet.report import charts
from tipnet.report.render import Section
from tipnet.store.tables.adverts import AdvertScreening, JobAdvert
from tipnet.store.tables.sources import SourceRecord


def _truth(sim_dir: Path) -> dict[str, bool]:
    path = sim_dir / "truth" / "adverts.csv"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as fh:
        return {r["record_id"]: r["deceptive"] == "true" for r in csv.DictReader(fh)}


def adverts_section(engine: Engine, sim_dir: Path) -> tuple[Section, dict[str, int]]:
    screened = screen_stored(engine, default_screener())
    truth = _truth(sim_dir)
    with Session(engine) as session:
        rows = session.execute(
            select(JobAdvert, AdvertScreening, SourceRecord.record_id)
            .join(AdvertScreening, AdvertScreening.job_advert_id == JobAdvert.id)
            .join(SourceRecord, SourceRecord.id == JobAdvert.source_record_id)
        ).all()
    by_lang: Counter[str] = Counter()
    flagged_lang: Counter[str] = Counter()
    flags: Counter[str] = Counter()
    counts = Counter(adverts=len(rows), screened_now=screened, deceptive=0, tp=0, fp=0, fn=0)
    items = []
    for advert, verdict, record_id in rows:
        lang = verdict.language or "?"
        by_lang[lang] += 1
        if verdict.deceptive:
            counts["deceptive"] += 1
            flagged_lang[lang] += 1
            flags.update(f["code"] for f in verdict.flags)
        real = truth.get(record_id)
        if real is not None:
            counts["tp"] += real and verdict.deceptive
            counts["fp"] += (not real) and verdict.deceptive
            counts["fn"] += real and not verdict.deceptive
        items.append(
            Item(
                str(advert.id),
                advert.body,
                lang,
                extract(advert.body, language_region(lang)),
                verdict.deceptive,
                advert.platform or "",
            )
        )
    top = [c for c in cluster(items) if c.deceptive][:8]
    lang_rows = "".join(
        f"<tr><td>{escape(lg)}</td><td class='n'>{n}</td><td class='n'>{flagged_lang[lg]}</td></tr>"
        for lg, n in by_lang.most_common()
    )
    cluster_rows = "".join(
        f"<tr><td class='n'>{c.id}</td><td class='n'>{len(c.members)}</td><td class='n'>{c.deceptive}</td>"
        f"<td>{escape(', '.join(f'{k} {v}' for k, v in c.languages.most_common()))}</td>"
        f"<td>{escape(', '.join(f'{k} {v}' for k, v in c.contacts[:3]))}</td></tr>"
        for c in top
    )
    chart = charts.bar_chart(flags, "Red flags of the adverts called deceptive")
    html = f"""<div class="grid"><div class="card"><table>
<tr><th>Adverts screened</th><td class="n">{counts["adverts"]}</td></tr>
<tr><th>Called deceptive (each with its red flags)</th><td class="n">{counts["deceptive"]}</td></tr>
<tr><th>... the simulator's truth confirms</th><td class="n">{counts["tp"]}</td></tr>
<tr><th>Genuine adverts called deceptive</th><td class="n">{counts["fp"]}</td></tr>
<tr><th>Deceptive adverts missed</th><td class="n">{counts["fn"]}</td></tr>
</table>
<table><tr><th>Language</th><th class="n">adverts</th><th class="n">deceptive</th></tr>{lang_rows}</table></div>
<div class="card">{chart}</div></div>
<div class="card"><table><tr><th>Recruiter cluster</th><th class="n">adverts</th><th class="n">deceptive</th>
<th>languages</th><th>shared contacts</th></tr>{cluster_rows}</table>
<p class="note">Clusters join adverts of one template (MinHash over word shingles) or one contact (phone,
messaging handle, e-mail). The text model was trained on other simulated seeds; accuracy on independent
adverts is in BENCHMARKS.md.</p></div>"""
    return Section("Deceptive recruitment: job adverts", html, "adverts"), dict(counts)
