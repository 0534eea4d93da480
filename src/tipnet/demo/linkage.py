"""The demo's linkage step: resolve the store's person records, score them against the simulator's truth,
build the network of the resolved persons and export it (GraphML, FollowTheMoney) beside the report."""

from __future__ import annotations

from pathlib import Path

from markupsafe import escape
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from tipnet.demo.network import network_section
from tipnet.evaluation.clusters import cluster_scores
from tipnet.evaluation.link_records import sim_truth
from tipnet.linkage.network import build_network, summarise, write_ftm, write_graphml
from tipnet.linkage.store_link import LinkSummary, run_link
from tipnet.linkage.store_review import identities_by_person
from tipnet.report.render import Section
from tipnet.store.tables.people import Person
from tipnet.store.tables.sources import Organisation, SourceRecord


def linkage_sections(engine: Engine, sim_dir: Path, out_dir: Path) -> tuple[list[Section], dict[str, float]]:
    """Run `tipnet link` on the store, then the network; the sections hold counts and ids, no names."""
    summary = run_link(engine, actor="system:demo", reason="demo: resolve the simulated agencies' records")
    truth = sim_truth(sim_dir)
    with Session(engine) as session:
        identity_of = identities_by_person(session)
        truth_of: dict[int, str] = {}
        q = (
            select(Person.id, SourceRecord.source_type, Organisation.code, SourceRecord.record_id)
            .join(SourceRecord, Person.source_record_id == SourceRecord.id)
            .join(Organisation, SourceRecord.org_id == Organisation.id)
        )
        for pid, source_type, org, record_id in session.execute(q):
            t = truth.get((source_type, org, record_id))
            if t is not None:
                truth_of[pid] = t
        network = build_network(session, identity_of)
        net_summary = summarise(network)
        out_dir.mkdir(parents=True, exist_ok=True)
        write_graphml(network, out_dir / "network.graphml")
        write_ftm(network, out_dir / "network.ftm.json")  # ids and roles only: no names leave the store
    scores = cluster_scores(identity_of, truth_of)
    sections = [_linkage_section(summary, scores), network_section(network, net_summary)]
    counts = {
        "records": summary.records,
        "identities": summary.identities,
        "links": summary.links,
        "review": summary.review,
        **{k: round(v, 4) for k, v in scores.items()},
    }
    return sections, counts


def _linkage_section(s: LinkSummary, scores: dict[str, float]) -> Section:
    rows = [
        ("person records (store) and watchlist entries", f"{s.records:,}"),
        ("resolved identities", f"{s.identities:,}"),
        ("identities joining two or more records", f"{s.merged_identities:,}"),
        ("links at the threshold", f"{s.links:,}"),
        ("pairs waiting for an analyst (review queue)", f"{s.review:,}"),
        ("records without a readable name (not linked)", f"{s.rejected:,}"),
        ("pairwise precision / recall against the simulator's truth",
         f"{scores['pair_precision']:.3f} / {scores['pair_recall']:.3f}"),
        ("B-cubed precision / recall", f"{scores['bcubed_precision']:.3f} / {scores['bcubed_recall']:.3f}"),
    ]  # fmt: skip
    body = "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in rows)
    html = (
        "<p>Every agency's person records (border crossings, police and NGO cases, bank customers, "
        "hotline subjects, watchlists) resolved into identities by Splink on DuckDB, with comparisons "
        "from tipnet's matching core, trained without labels. Victims' records were opened for the run "
        "under one audit event. Analysts work the review queue at <code>/link/review</code>; their "
        "decisions override the model in later runs. The network below is exported as "
        "<code>network.graphml</code> and <code>network.ftm.json</code> (FollowTheMoney, ids and "
        "roles only).</p>"
        f"<table class='kv'>{body}</table>"
    )
    return Section("Cross-agency linkage", html, anchor="linkage")
