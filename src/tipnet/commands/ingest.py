"""`tipnet ingest` and `tipnet watchlist`: agency files into the store."""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy import Engine

from tipnet.ingest.errors import FileError
from tipnet.ingest.folder import ingest_folder
from tipnet.ingest.pipeline import IngestReport, default_rejects_path, ingest_file
from tipnet.ingest.watchlists import WatchlistUpdate, load_watchlist
from tipnet.security.keys import KeyringError
from tipnet.settings import get_settings
from tipnet.sources import SOURCE_TYPES
from tipnet.store import engine as store

# Paths and reasons stay on one line; tables get room when output goes to a file or CI log.
console = Console(stderr=True, soft_wrap=True, width=None if sys.stderr.isatty() else 140)
# Worked out here, not in the default argument below: mypy 2.4 does not see a generator's own name there.
_FILE_SOURCES = ", ".join(name for name in SOURCE_TYPES if name != "watchlist")
watchlist_app = typer.Typer(help="Named, versioned watchlists.", no_args_is_help=True)


def _ready_engine() -> Engine:
    engine = store.make_engine()
    store.upgrade(engine)
    return engine


def print_reports(reports: list[IngestReport]) -> None:
    table = Table(title="Ingestion")
    for column in ("source", "file", "rows", "new", "updated", "unchanged", "removed", "rejected"):
        table.add_column(column, justify="left" if column in ("source", "file") else "right")
    for r in reports:
        removed = str(r.removed) if isinstance(r, WatchlistUpdate) else ""
        source = f"watchlist {r.list_name} v{r.version}" if isinstance(r, WatchlistUpdate) else r.source_type
        table.add_row(
            source, r.file.name, str(r.total), str(r.new), str(r.updated), str(r.unchanged), removed,
            f"[red]{r.rejected}[/]" if r.rejected else "0",
        )  # fmt: skip
    console.print(table)
    for r in reports:
        for warning in r.warnings:
            console.print(f"[yellow]{r.file.name}: {warning}[/]")
        if isinstance(r, WatchlistUpdate) and r.removals_skipped:
            console.print(f"[yellow]{r.file.name}: unreadable rows, so no entry was removed from the list[/]")
        for rej in r.rejections[:5]:
            where = f"row {rej.row} (line {rej.line})" + (f" record {rej.record_id}" if rej.record_id else "")
            console.print(
                f"[red]{r.file.name} {where}: {rej.field + ': ' if rej.field else ''}{rej.reason}[/]"
            )
        if r.rejects_path:
            console.print(f"{r.rejected} rejected row(s) of {r.file.name} written to {r.rejects_path}")


def ingest(
    source_type: str = typer.Argument(..., help=f"One of: {_FILE_SOURCES}; or 'all' for a folder."),
    path: Path = typer.Argument(..., help="CSV or JSON-lines file (a folder for 'all')."),
    rejects: Path | None = typer.Option(None, help="Where rejected rows go (default: under the data dir)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
) -> None:
    """Import an agency file; bad rows go to a rejects file and the exit status is 1."""
    settings = get_settings()
    progress = not quiet and sys.stderr.isatty()
    try:
        engine = _ready_engine()
        if source_type == "all":
            reports = ingest_folder(engine, path, data_dir=settings.data_dir, progress=progress)
        else:
            target = rejects or default_rejects_path(settings.data_dir, path, source_type)
            reports = [ingest_file(engine, source_type, path, rejects_path=target, progress=progress)]
    except FileError as exc:
        console.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from None
    except KeyringError as exc:  # no key file, or not this store's: nothing of the failed chunk was written
        console.print(f"[red]refused:[/] {exc}")
        raise typer.Exit(2) from None
    print_reports(reports)
    if any(r.source_type == "adverts" and (r.new or r.updated) for r in reports):
        _screen_adverts(engine)
    if any(not r.ok for r in reports):
        raise typer.Exit(1)


def _screen_adverts(engine: Engine) -> None:
    """Adverts are screened for deceptive recruitment as they come in (issue 16)."""
    from tipnet.recruitment.screen import default_screener
    from tipnet.recruitment.stored import screen_stored

    n = screen_stored(engine, default_screener())
    console.print(f"{n:,} advert(s) screened for deceptive recruitment")


@watchlist_app.command("load")
def watchlist_load(
    name: str = typer.Argument(..., help="The list's name, e.g. traffickers."),
    path: Path = typer.Argument(
        ...,
        help="CSV or JSON lines: id, name, aliases, birth_date, nationality, gender, document_number, topics.",
    ),
    rejects: Path | None = typer.Option(None, help="Where rejected rows go."),
    quiet: bool = typer.Option(False, "--quiet", "-q"),
) -> None:
    """Add, change and remove entries so that the stored list matches the file; bumps the version."""
    settings = get_settings()
    try:
        engine = _ready_engine()
        target = rejects or default_rejects_path(settings.data_dir, path, "watchlist")
        report = load_watchlist(
            engine, name, path, rejects_path=target, progress=not quiet and sys.stderr.isatty()
        )
    except FileError as exc:
        console.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from None
    print_reports([report])
    if not report.ok:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest)
    app.add_typer(watchlist_app, name="watchlist")
