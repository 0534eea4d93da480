"""`tipnet link store`: resolve the store's persons and watchlist entries into stable identities.

Registered on the `tipnet link` sub-app by `tipnet.commands.link` (`register_store(link_app)`). The
command prints counts only: linkage reads victims' sealed fields, and none of them reaches the screen.
"""

from __future__ import annotations

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

console = Console(stderr=True)


def link_store(
    engine: str = typer.Option("duckdb", "--engine", help="duckdb (embedded) or spark."),
    spark_master: str = typer.Option(None, "--spark-master", help="Spark master URL (default local[2])."),
    threshold: float = typer.Option(0.8, "--threshold", min=0.01, max=1.0, help="Probability that links."),
    review_low: float = typer.Option(
        0.5, "--review-low", min=0.01, max=1.0, help="Pairs from here up to the threshold go to review."
    ),
    reason: str = typer.Option(
        "record linkage", "--reason", help="Why victims' sealed records are read (kept in the audit log)."
    ),
    actor: str = typer.Option("system:link", "--actor", help="Who runs it, for the audit log."),
    no_watchlists: bool = typer.Option(False, "--no-watchlists", help="Link persons only."),
) -> None:
    """Resolve every person record of the store (and the watchlist entries) into identities.

    Ids are stable across runs; analysts' review decisions override the model; the previous run's
    members and pairs are replaced in one transaction.
    """
    from tipnet.linkage.resolve import Options
    from tipnet.linkage.store_link import run_link
    from tipnet.store import engine as store

    if engine not in ("duckdb", "spark"):
        console.print("[red]error:[/red] --engine: duckdb or spark")
        raise typer.Exit(2)
    if review_low > threshold:
        console.print("[red]error:[/red] --review-low must not exceed --threshold")
        raise typer.Exit(2)
    db = store.make_engine()
    if not store.is_up_to_date(db):
        store.upgrade(db)
    opts = Options(engine=engine, spark_master=spark_master, threshold=threshold, review_low=review_low)
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("linking", total=None)
        summary = run_link(
            db,
            options=opts,
            actor=actor,
            reason=reason,
            progress=lambda msg: bar.update(task, description=msg),
        )
    table = Table(title=f"link run {summary.run_id}", show_header=False)
    for label, value in (
        ("records", summary.records),
        ("  persons (sealed opened)", f"{summary.persons} ({summary.sealed})"),
        ("  watchlist entries", summary.watchlist_entries),
        ("  not linkable", summary.rejected),
        ("pairs scored", summary.pairs),
        ("  links", summary.links),
        ("  to review", summary.review),
        ("analysts' decisions applied", summary.decisions),
        ("identities", summary.identities),
        ("  of several records", summary.merged_identities),
        ("  ids kept / new", f"{summary.kept_ids} / {summary.new_ids}"),
        ("seconds", round(sum(summary.timings.values()), 1)),
    ):
        table.add_row(label, str(value))
    Console().print(table)
    db.dispose()


def register_store(link_app: typer.Typer) -> None:
    """Add `store` to the `tipnet link` sub-app."""
    link_app.command("store")(link_store)
