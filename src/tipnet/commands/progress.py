"""The progress bar of a long step counted in records: shown only on a terminal, so a piped or
logged run writes no control characters."""

from __future__ import annotations

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn


def counted(err: Console) -> Progress:
    """A bar of the task's description, done of total and time elapsed, on `err` (stderr)."""
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=not err.is_terminal,
        disable=not err.is_terminal,
    )
