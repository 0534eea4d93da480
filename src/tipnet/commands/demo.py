"""`tipnet demo` and `tipnet report`."""

from __future__ import annotations

import sys
import time

import typer
from rich.console import Console

from tipnet.commands.ingest import print_reports
from tipnet.settings import get_settings

# Paths and reasons stay on one line; tables get room when output goes to a file or CI log.
console = Console(stderr=True, soft_wrap=True, width=None if sys.stderr.isatty() else 140)


def demo(
    people: int = typer.Option(3000, min=50, max=200_000, help="People in the simulated scenario."),
    seed: int = typer.Option(2026, help="Scenario seed (same seed, same data)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bars."),
) -> None:
    """Simulate a scenario, ingest it into the embedded store, run every analysis, write the HTML report."""
    from tipnet.demo import run_demo

    settings = get_settings()
    start = time.perf_counter()
    result = run_demo(
        settings, people=people, seed=seed, progress=not quiet and sys.stderr.isatty(), say=console.print
    )
    print_reports(result.ingest)
    sc = result.screening
    console.print(
        f"screening: {sc['travellers']} travellers, {sc['with_hits']} with hits "
        f"({sc['true_hits']} confirmed by the scenario's truth, {sc['false_hits']} on someone else); "
        f"{sc['listed_found']} of {sc['listed']} listed persons who crossed were found"
    )
    lk = result.linkage
    console.print(
        f"linkage: {lk['records']:,} records into {lk['identities']:,} identities, {lk['review']:,} pairs to review; "
        f"pairwise precision {lk['pair_precision']:.3f}, recall {lk['pair_recall']:.3f} against the truth"
    )
    fi = result.finance
    console.print(
        f"finance: {fi['alerts']} alerts in a simulated bank book; precision {fi['precision']:.3f}, recall "
        f"{fi['recall']:.3f} against the truth; victims found {fi['victims_found']:.3f}, "
        f"reported as suspects {fi['victims_as_suspects']}"
    )
    ad = result.adverts
    if ad:
        console.print(
            f"adverts: {ad['adverts']:,} screened, {ad['deceptive']:,} called deceptive "
            f"({ad['tp']:,} confirmed by the truth, {ad['fp']:,} genuine, {ad['fn']:,} deceptive missed)"
        )
    console.print(f"done in {time.perf_counter() - start:.1f} s")
    typer.echo(f"report: {result.report_path.resolve()}")


def report() -> None:
    """Write the HTML report from what is in the store now."""
    from tipnet.report import write_report
    from tipnet.store.engine import make_engine, upgrade

    settings = get_settings()
    engine = make_engine()
    upgrade(engine)
    typer.echo(f"report: {write_report(engine, settings.report_dir).resolve()}")


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
    app.command("report")(report)
