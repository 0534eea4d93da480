"""What every part of one scenario run shares: the seed, the clock, the output and the issuers."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from tipnet.sim.identifiers import Issuer
from tipnet.sim.output import Output
from tipnet.sim.phonebook import Phonebook

WINDOW_YEARS = 5  # the scenario covers the five years before `as_of`
ACCOUNT_POOL = 4000  # recent ordinary accounts kept as counterparts for ordinary transfers


class Pool:
    """The last `size` items added, with O(1) random access (a ring buffer)."""

    __slots__ = ("_items", "_next", "size")

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: list[Any] = []
        self._next = 0

    def append(self, item: Any) -> None:
        if len(self._items) < self.size:
            self._items.append(item)
        else:
            self._items[self._next] = item
            self._next = (self._next + 1) % self.size

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, i: int) -> Any:
        return self._items[i]


@dataclass
class Ctx:
    seed: int
    as_of: date
    out: Output
    issuer: Issuer
    phones: Phonebook
    start: date = field(init=False)
    _pids: int = 0
    _nets: int = 0
    _wl: int = 0
    pool: Pool = field(default_factory=lambda: Pool(ACCOUNT_POOL))
    businesses: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.start = add_years(self.as_of, -WINDOW_YEARS)

    def new_pid(self) -> str:
        self._pids += 1
        return f"P{self._pids:07d}"

    def new_network_id(self) -> str:
        self._nets += 1
        return f"N{self._nets:05d}"

    def new_watchlist_id(self, prefix: str) -> str:
        self._wl += 1
        return f"{prefix}-{self._wl:06d}"

    @property
    def people(self) -> int:
        return self._pids

    def record(self, source_type: str, org: str, record_id: str, pid: str) -> None:
        """The linkage ground truth: this record describes this person."""
        self.out.write("truth:records", (source_type, org, record_id, pid))

    def day_between(self, rng: random.Random, a: date, b: date) -> date:
        span = (b - a).days
        return a + timedelta(days=rng.randint(0, max(span, 0)))

    def day_in_window(self, rng: random.Random, *, margin_days: int = 0) -> date:
        return self.day_between(rng, self.start, self.as_of - timedelta(days=margin_days))


def add_years(d: date, years: int) -> date:
    """The same day `years` later (28 February for 29 February in a common year)."""
    try:
        return d.replace(year=d.year + years)
    except ValueError:
        return d.replace(year=d.year + years, day=28)


def at_time(rng: random.Random, d: date, *, night: bool = False) -> datetime:
    """A moment on day `d`: office hours, or any hour for crossings and hotline calls at night."""
    hour = rng.randrange(0, 24) if night else rng.randrange(7, 21)
    return datetime(d.year, d.month, d.day, hour, rng.randrange(60), rng.randrange(60))


def stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")
