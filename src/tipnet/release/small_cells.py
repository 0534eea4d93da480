"""Small cells in published aggregate tables: counts from 1 to threshold-1 are hidden (primary
suppression), and so are further cells wherever a hidden cell could be recovered by subtracting
the others from a published total (secondary suppression). Zeros stay, unless a zero is the only cell left to hide beside a hidden one.

The rule, as published with every table: "cells under 5 hidden; in any row or column of a table
whose total is published, never exactly one hidden cell (the next smallest is hidden with it)"."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

Key = tuple[str, str]


def suppress(cells: Mapping[Key, int], threshold: int = 5) -> dict[Key, int | None]:
    """`cells`: (row, column) -> count of a table whose row and column totals are published; give
    every cell of the grid, zeros included (an absent cell is a known zero to an attacker)."""
    out: dict[Key, int | None] = {k: (None if 0 < n < threshold else n) for k, n in cells.items()}
    changed = True
    while changed:
        changed = False
        for axis in (0, 1):
            groups: dict[str, list[Key]] = defaultdict(list)
            for k in cells:
                groups[k[axis]].append(k)
            for members in groups.values():
                hidden = [k for k in members if out[k] is None]
                if len(hidden) != 1:
                    continue
                shown = [k for k in members if out[k] not in (None, 0)]
                if not shown:  # only zeros left: hide one, or the total gives the cell away
                    shown = [k for k in members if out[k] == 0]
                if not shown:
                    continue
                pick = min(shown, key=lambda k: (cells[k], k))
                out[pick] = None
                changed = True
    return out


def recoverable(cells: Mapping[Key, int], published: Mapping[Key, int | None]) -> list[Key]:
    """Hidden cells an adversary recovers exactly from row/column totals (the test's attacker):
    repeatedly, a row or column with one unknown cell gives it away."""
    known = {k: v for k, v in published.items() if v is not None}
    row_tot: dict[str, int] = defaultdict(int)
    col_tot: dict[str, int] = defaultdict(int)
    for (r, c), n in cells.items():
        row_tot[r] += n
        col_tot[c] += n
    found: list[Key] = []
    progress = True
    while progress:
        progress = False
        for axis, totals in ((0, row_tot), (1, col_tot)):
            groups: dict[str, list[Key]] = defaultdict(list)
            for k in cells:
                groups[k[axis]].append(k)
            for g, members in groups.items():
                unknown = [k for k in members if k not in known]
                if len(unknown) == 1:
                    k = unknown[0]
                    known[k] = totals[g] - sum(known[m] for m in members if m != k)
                    found.append(k)
                    progress = True
    return found
