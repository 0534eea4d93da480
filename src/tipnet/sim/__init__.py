"""The scenario simulator: deterministic synthetic multi-agency data with its ground truth.

`simulate(out_dir, people=N, seed=S)` writes what immigration, police, NGOs, hotlines, banks and
online monitoring would hold about N people of the Mekong region and beyond, some of them victims of
trafficking networks and some traffickers, in the layout of tipnet.sources, with the truth (who is
who, which records are the same person, which transactions and adverts are criminal) beside it.
Same seed and people, same bytes. See docs in each module for the figures used and their sources.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from tipnet.sim.output import Manifest

DEFAULT_AS_OF = date(2026, 6, 30)

__all__ = ["DEFAULT_AS_OF", "Manifest", "simulate"]


def simulate(
    out_dir: Path,
    *,
    people: int,
    seed: int,
    fmt: str = "csv",
    as_of: date = DEFAULT_AS_OF,
    progress: bool | Callable[[int, int], None] | None = None,
) -> Manifest:
    """Simulate `people` people into `out_dir` (sources/, watchlists/, truth/, manifest.json).

    `progress`: a callback (done, total), or True for a progress bar on stderr.
    """
    from tipnet.sim.scenario import run

    if progress is True:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        columns = (TextColumn("simulate"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
            task = bar.add_task("people", total=people)
            return run(
                Path(out_dir),
                people=people,
                seed=seed,
                fmt=fmt,
                as_of=as_of,
                progress=lambda done, total: bar.update(task, completed=done),
            )
    callback = progress if callable(progress) else None
    return run(Path(out_dir), people=people, seed=seed, fmt=fmt, as_of=as_of, progress=callback)
