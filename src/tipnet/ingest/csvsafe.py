"""The one CSV writer for files tipnet writes for people to open (rejects, `tipnet link csv` outputs):
cells that a spreadsheet would run as a formula are written as text.

A text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return (or the full-width `＝ ＋ － ＠`)
gets a leading `'` (OWASP, "CSV Injection"), so `=HYPERLINK(...)` or `=cmd|...` in an agency's file shows
as text, never runs. Deliberately, a *text* cell that looks like a number (`-5`, `+855 12 345 678`) is
escaped too: it came from input, and `-2+3` or `-1e3` would be evaluated; values tipnet computes as
numbers (int and float cells, e.g. row numbers and probabilities) are written as they are.

Not used for the simulator's agency files (tipnet.sim.output): those are input data that tipnet reads
back byte for byte (phone numbers start with `+`), not a report for a spreadsheet.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import IO, Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def cell(value: Any) -> Any:
    """`value` as it is safe to write: text starting like a formula gets a leading `'`."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


class SafeWriter:
    """csv.writer with every cell passed through `cell`."""

    def __init__(self, fh: IO[str], **fmt: Any) -> None:
        self._writer = csv.writer(fh, **fmt)

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([cell(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(fh: IO[str], **fmt: Any) -> SafeWriter:
    return SafeWriter(fh, **fmt)
