"""k-anonymity by local recoding: generalize first (adjacent ranges merged, values mapped up a
hierarchy), suppress only what generalization cannot save, drop only what suppression cannot save.

Why local recoding: a global recoding (every "2019" becomes "2019-2020") costs every row for the
sake of a few; plain greedy local suppression blanks a cell in every row of every small class. Here
only the rows of classes smaller than k change, and a generalized cell still says something
("2019-2020" rather than nothing), so more rows leave whole.

A class is the set of rows with the same released quasi-identifier tuple; a blank (unknown in the
source, or suppressed here) is a value of its own, the strict reading, so a blank never hides in a
class it does not equal. Pure logic: rows in, rows out, no I/O.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

SUPPRESSED = ""
_RANGE = re.compile(r"^\s*(-?\d+)\s*(?:-\s*(-?\d+))?\s*$")

Tuple = tuple[str, ...]


@dataclass(frozen=True)
class Hierarchy:
    """How one quasi-identifier generalizes.

    `ordered`: values are numbers or ranges "a-b"; a value generalizes by merging with the adjacent
    range present in the data ("2019" + "2020" -> "2019-2020"). `parents`: a value -> coarser value
    map (nationality -> region), applied level by level. With neither, the only step is suppression.
    """

    ordered: bool = False
    parents: Mapping[str, str] = field(default_factory=dict)


def parse_range(value: str) -> tuple[int, int] | None:
    m = _RANGE.match(value)
    if not m:
        return None
    lo = int(m.group(1))
    hi = int(m.group(2)) if m.group(2) is not None else lo
    return (min(lo, hi), max(lo, hi))


def format_range(lo: int, hi: int) -> str:
    return str(lo) if lo == hi else f"{lo}-{hi}"


def detect_ordered(values: Sequence[str]) -> bool:
    """A column is ordered when every non-blank value is a number or a range of numbers."""
    seen = [v for v in set(values) if v != SUPPRESSED]
    return bool(seen) and all(parse_range(v) is not None for v in seen)


@dataclass
class KAnonReport:
    k: int
    quasi: list[str]
    rows_in: int
    rows_out: int
    rows_dropped: int
    rows_unchanged: int
    rows_whole: int  # rows released with no cell suppressed (a generalized cell still counts whole)
    cells_generalized: int
    cells_suppressed: int
    classes: int
    smallest_class: int
    method: str

    @property
    def share_rows_whole(self) -> float:
        return self.rows_whole / self.rows_in if self.rows_in else 1.0

    @property
    def share_cells_suppressed(self) -> float:
        cells = self.rows_in * len(self.quasi)
        return self.cells_suppressed / cells if cells else 0.0

    def as_dict(self) -> dict[str, object]:
        return {
            "method": self.method,
            "k": self.k,
            "quasi": self.quasi,
            "rows_in": self.rows_in,
            "rows_out": self.rows_out,
            "rows_dropped": self.rows_dropped,
            "rows_unchanged": self.rows_unchanged,
            "rows_whole": self.rows_whole,
            "share_rows_whole": round(self.share_rows_whole, 4),
            "cells_generalized": self.cells_generalized,
            "cells_suppressed": self.cells_suppressed,
            "share_cells_suppressed": round(self.share_cells_suppressed, 4),
            "classes": self.classes,
            "smallest_class": self.smallest_class,
        }


class _Recoder:
    """Class-level state: each original tuple maps to its current released tuple."""

    def __init__(self, tuples: list[Tuple], hierarchies: Sequence[Hierarchy], k: int) -> None:
        self.k = k
        self.h = list(hierarchies)
        self.orig_count = Counter(tuples)
        # current released tuple of every original tuple (all rows of one original tuple move together)
        self.current: dict[Tuple, Tuple] = {t: t for t in self.orig_count}
        self.domains: list[list[tuple[int, int]]] = []
        for j, h in enumerate(self.h):
            if h.ordered:
                ranges = {parse_range(t[j]) for t in self.orig_count if t[j] != SUPPRESSED}
                self.domains.append(sorted(r for r in ranges if r is not None))
            else:
                self.domains.append([])

    def released_counts(self) -> Counter[Tuple]:
        out: Counter[Tuple] = Counter()
        for t, n in self.orig_count.items():
            out[self.current[t]] += n
        return out

    def _widen(self, j: int, value: str) -> list[tuple[str, float]]:
        """Coarser values of cell j one step up, with their cost in (0, 1); suppression costs 1."""
        h = self.h[j]
        out: list[tuple[str, float]] = []
        if value == SUPPRESSED:
            return out
        if h.ordered:
            r = parse_range(value)
            dom = self.domains[j]
            if r is not None and dom:
                span = max(1, dom[-1][1] - dom[0][0] + 1)
                left = [d for d in dom if d[1] < r[0]]
                right = [d for d in dom if d[0] > r[1]]
                for nb in left[-1:] + right[:1]:
                    lo, hi = min(r[0], nb[0]), max(r[1], nb[1])
                    if (lo, hi) != (dom[0][0], dom[-1][1]):  # the whole span says nothing: suppress
                        out.append((format_range(lo, hi), (hi - lo + 1) / span))
        elif value in h.parents:
            out.append((h.parents[value], 0.5))
        out.append((SUPPRESSED, 1.0))
        return out

    def step(self, generalize: bool) -> bool:
        """Fix the smallest class below k by one move; False when none is left or none can move."""
        counts = self.released_counts()
        small = sorted((n, t) for t, n in counts.items() if n < self.k)
        if not small:
            return False
        members: dict[Tuple, list[Tuple]] = defaultdict(list)
        for o, cur in self.current.items():
            members[cur].append(o)
        for n, cls in small:
            best: tuple[tuple[int, float, int], Tuple, list[Tuple]] | None = None
            for j in range(len(cls)):
                for value, cost in self._widen(j, cls[j]):
                    if not generalize and value != SUPPRESSED:
                        continue
                    target = (*cls[:j], value, *cls[j + 1 :])
                    pulled = [cls]
                    size = n + counts.get(target, 0)
                    if value != SUPPRESSED and generalize:
                        # other small classes that fall inside the widened value come along
                        for m, other in small:
                            if other in (cls, target):
                                continue
                            same_rest = other[:j] == cls[:j] and other[j + 1 :] == cls[j + 1 :]
                            if same_rest and self._inside(j, other[j], value):
                                pulled.append(other)
                                size += m
                    reach = 0 if size >= self.k else 1
                    key = (reach, cost if reach == 0 else -size, -counts.get(target, 0))
                    if best is None or key < best[0]:
                        best = (key, target, pulled)
            if best is None:
                continue
            _, target, pulled = best
            for cls_moved in pulled:
                for o in members[cls_moved]:
                    self.current[o] = target
            return True
        return False

    def _inside(self, j: int, value: str, wider: str) -> bool:
        h = self.h[j]
        if h.ordered:
            a, b = parse_range(value), parse_range(wider)
            return a is not None and b is not None and b[0] <= a[0] and a[1] <= b[1]
        seen = value
        while seen in h.parents:
            seen = h.parents[seen]
            if seen == wider:
                return True
        return False


def anonymize(
    rows: list[dict[str, str]],
    quasi: Sequence[str],
    k: int = 11,
    hierarchies: Mapping[str, Hierarchy] | None = None,
    method: str = "recode",
) -> tuple[list[dict[str, str]], KAnonReport]:
    """Release `rows` k-anonymous over `quasi`. method "recode" (generalize, then suppress) or
    "greedy" (plain greedy local suppression: the baseline). Other columns pass through unchanged;
    rows no move can bring to k are dropped and counted."""
    if k < 1:
        raise ValueError("k must be at least 1")
    if method not in ("recode", "greedy"):
        raise ValueError(f"unknown method {method!r}: recode or greedy")
    quasi = list(quasi)
    for i, row in enumerate(rows):
        missing = [q for q in quasi if q not in row]
        if missing:
            raise ValueError(f"row {i + 1}: no column {', '.join(missing)}")
    hierarchies = dict(hierarchies or {})
    hs = []
    for q in quasi:
        if q in hierarchies:
            hs.append(hierarchies[q])
        else:
            hs.append(Hierarchy(ordered=detect_ordered([r[q].strip() for r in rows])))
    tuples = [tuple(r[q].strip() for q in quasi) for r in rows]
    rec = _Recoder(tuples, hs, k)
    generalize = method == "recode"
    while rec.step(generalize):
        pass
    counts = rec.released_counts()
    out: list[dict[str, str]] = []
    dropped = unchanged = whole = gen_cells = sup_cells = 0
    for row, t in zip(rows, tuples, strict=True):
        new = rec.current[t]
        if counts[new] < k:
            dropped += 1
            sup_cells += sum(1 for v in t if v != SUPPRESSED)
            continue
        sup = sum(1 for a, b in zip(t, new, strict=True) if a != b and b == SUPPRESSED)
        gen = sum(1 for a, b in zip(t, new, strict=True) if a != b and b != SUPPRESSED)
        sup_cells += sup
        gen_cells += gen
        whole += sup == 0
        unchanged += sup == 0 and gen == 0
        released = dict(row)
        released.update(zip(quasi, new, strict=True))
        out.append(released)
    kept = Counter(tuple(r[q] for q in quasi) for r in out)
    report = KAnonReport(
        k=k,
        quasi=quasi,
        rows_in=len(rows),
        rows_out=len(out),
        rows_dropped=dropped,
        rows_unchanged=unchanged,
        rows_whole=whole,
        cells_generalized=gen_cells,
        cells_suppressed=sup_cells,
        classes=len(kept),
        smallest_class=min(kept.values()) if kept else 0,
        method=method,
    )
    return out, report


def classes(rows: list[dict[str, str]], quasi: Sequence[str]) -> Counter[Tuple]:
    """Class sizes of a released table: what an auditor checks against k."""
    return Counter(tuple(r[q] for q in quasi) for r in rows)
