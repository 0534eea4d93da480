"""`tipnet demo`, step by step. Each capability that lands adds its step here and a report section."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tipnet.demo.adverts import adverts_section
from tipnet.demo.finance import finance_section
from tipnet.demo.linkage import linkage_sections
from tipnet.demo.screening import screening_section
from tipnet.demo.sharing import sharing_section
from tipnet.demo.statistics import statistics_section
from tipnet.ingest.folder import ingest_folder
from tipnet.ingest.pipeline import IngestReport
from tipnet.recruitment.screen import default_screener
from tipnet.recruitment.stored import screen_stored
from tipnet.report.render import ReportInput, write_report
from tipnet.security.keyguard import init_for_empty_store
from tipnet.settings import Settings
from tipnet.sim import simulate
from tipnet.store.engine import make_engine, upgrade

DEMO_PEOPLE = 3000
DEMO_SEED = 2026


@dataclass
class DemoResult:
    report_path: Path
    sim_dir: Path
    ingest: list[IngestReport]
    timings: dict[str, float] = field(default_factory=dict)
    screening: dict[str, int] = field(default_factory=dict)
    linkage: dict[str, float] = field(default_factory=dict)
    finance: dict[str, float] = field(default_factory=dict)
    adverts: dict[str, int] = field(default_factory=dict)


def run_demo(
    settings: Settings,
    *,
    people: int = DEMO_PEOPLE,
    seed: int = DEMO_SEED,
    progress: bool = False,
    say: Callable[[str], None] = print,
) -> DemoResult:
    timings: dict[str, float] = {}

    def step(name: str) -> Callable[[], None]:
        start = time.perf_counter()
        say(f"- {name} ...")

        def done() -> None:
            timings[name] = time.perf_counter() - start

        return done

    sim_dir = settings.data_dir / "sim"
    done = step(f"simulating {people} people (seed {seed}) into {sim_dir}")
    simulate(sim_dir, people=people, seed=seed, progress=progress)
    done()

    done = step(f"migrating the store ({settings.resolved_database_url.split('://')[0]})")
    engine = make_engine(settings.resolved_database_url)
    upgrade(engine)
    init_for_empty_store(engine)  # the explicit first key file of an empty store (else checks it)
    done()

    done = step("ingesting every agency's files")
    reports = ingest_folder(engine, sim_dir, data_dir=settings.data_dir, progress=progress)
    done()

    done = step("screening the job adverts for deceptive recruitment (as ingestion does)")
    screen_stored(engine, default_screener())
    done()

    done = step("screening every traveller against the watchlists")
    section, screening = screening_section(engine, sim_dir)
    done()

    done = step("resolving persons across agencies (Splink) and building the network")
    link_sections, linkage = linkage_sections(engine, sim_dir, settings.report_dir)
    done()

    done = step("detecting trafficking typologies in a simulated bank book")
    fin_section, finance = finance_section(engine, settings.data_dir)
    done()
    done = step("job adverts: verdicts and recruiter clusters")
    advert_section, adverts = adverts_section(engine, sim_dir)
    done()
    done = step("counting people, not records (statistics)")
    stats_section, _ = statistics_section(engine)
    done()

    done = step("sharing with partners: two countries' installs exchange a bundle, one purges")
    share_section, shared = sharing_section(settings.data_dir)
    say(f"sharing: {shared['sent']} record(s) sent, {shared['received']} imported, {shared['purged']} purged")
    done()

    done = step("writing the report")
    extra = ReportInput(
        title="tipnet: counter-trafficking overview",
        subtitle=f"Simulated scenario: {people} people, seed {seed}.",
        sections=[section, *link_sections, stats_section, fin_section, advert_section, share_section],
    )
    path = write_report(engine, settings.report_dir, extra)
    done()
    engine.dispose()
    return DemoResult(path, sim_dir, reports, timings, screening, linkage, finance, adverts)
