"""`tipnet simulate`: write a synthetic multi-agency scenario with its ground truth."""

from __future__ import annotations

import sys
import time
from datetime import date
from pathlib import Path

import typer
from rich.console import Console


def _as_of(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"not an ISO date (YYYY-MM-DD): {value!r}") from None


def simulate(
    people: int = typer.Option(3000, "--people", "-n", min=1, help="People in the scenario."),
    seed: int = typer.Option(2026, "--seed", "-s", help="Scenario seed: same seed and people, same bytes."),
    out: Path = typer.Option(Path("tipnet-data/sim"), "--out", "-o", help="Output folder."),
    fmt: str = typer.Option("csv", "--format", "-f", help="Source files as csv or jsonl."),
    as_of: str = typer.Option("2026-06-30", "--as-of", help="The scenario's reference date (its 'today')."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
) -> None:
    """Simulate immigration, police, NGO, hotline, bank and advert records of PEOPLE people, with the truth.

    Writes OUT/sources/*.csv, OUT/watchlists/*.csv, OUT/truth/*.csv and, last, OUT/manifest.json.
    """
    from tipnet.sim import simulate as run

    if fmt not in ("csv", "jsonl"):
        raise typer.BadParameter("--format must be csv or jsonl")
    console = Console(stderr=True)
    start = time.perf_counter()
    manifest = run(
        out,
        people=people,
        seed=seed,
        fmt=fmt,
        as_of=_as_of(as_of),
        progress=not quiet and sys.stderr.isatty(),
    )
    if not quiet:
        for path, rows in manifest.files.items():
            console.print(f"  {path:<32} {rows:>12,}")
        console.print(f"simulated {people:,} people in {time.perf_counter() - start:.1f} s")
    typer.echo(str(out / "manifest.json"))


def register(app: typer.Typer) -> None:
    app.command("simulate")(simulate)
