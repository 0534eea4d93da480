"""The demo's screening step: every traveller against the lists, scored against the simulator's truth."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from markupsafe import escape
from sqlalchemy import Engine

from tipnet.evaluation.link_records import sim_truth
from tipnet.report.render import Section
from tipnet.screening.crossings import screen_travellers
from tipnet.screening.live import live_from_store
from tipnet.screening.screen import Screener


def screening_section(engine: Engine, sim_dir: Path) -> tuple[Section, dict[str, int]]:
    """Screen every traveller; count hits per list and how many the truth confirms."""
    screener = Screener(live_from_store(engine))
    truth = sim_truth(sim_dir)
    listed = {pid: key[1] for key, pid in truth.items() if key[0] == "watchlist"}
    per_list: Counter[str] = Counter()
    counts = Counter(travellers=0, with_hits=0, true_hits=0, false_hits=0, listed=0, listed_found=0)
    for traveller, result in screen_travellers(engine, screener):
        counts["travellers"] += 1
        persons = {truth.get(("crossings", org, rid)) for org, rid in traveller.crossings} - {None}
        on_list = any(p in listed for p in persons)
        counts["listed"] += on_list
        if result.hits:
            counts["with_hits"] += 1
        found = False
        for hit in result.hits:
            per_list[hit.list] += 1
            if truth.get(("watchlist", hit.list, hit.entry_id)) in persons:
                counts["true_hits"] += 1
                found = True
            else:
                counts["false_hits"] += 1
        counts["listed_found"] += on_list and found
    rows = "".join(
        f"<tr><td>{escape(name)}</td><td class='n'>{n}</td></tr>" for name, n in per_list.most_common()
    )
    html = f"""<div class="grid"><div class="card"><table>
<tr><th>Travellers screened (distinct travel documents)</th><td class="n">{counts["travellers"]}</td></tr>
<tr><th>Travellers with at least one hit</th><td class="n">{counts["with_hits"]}</td></tr>
<tr><th>Hits the simulator's truth confirms</th><td class="n">{counts["true_hits"]}</td></tr>
<tr><th>Hits on someone else</th><td class="n">{counts["false_hits"]}</td></tr>
<tr><th>Listed persons who crossed</th><td class="n">{counts["listed"]}</td></tr>
<tr><th>... of them found</th><td class="n">{counts["listed_found"]}</td></tr>
</table></div><div class="card"><table><tr><th>Hits by list</th><th class="n">hits</th></tr>{rows}</table>
<p class="note">Threshold {screener.threshold:.2f}. Every traveller who crossed a border is screened against
today's lists, so a person listed after travelling is still found.</p></div></div>"""
    return Section("Watchlist screening of travellers", html, "screening"), dict(counts)
