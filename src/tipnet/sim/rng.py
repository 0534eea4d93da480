"""Deterministic random sub-streams: one `random.Random` per (seed, concern, ...) key.

Each concern (names, crossings, money ...) of each unit of the scenario draws from its own stream, so
adding a feature to one concern does not reshuffle every other file. Keys are hashed with BLAKE2b,
never with `hash()`, whose value changes between Python processes.
"""

from __future__ import annotations

import hashlib
import random
from bisect import bisect
from collections.abc import Sequence
from itertools import accumulate
from typing import Generic, TypeVar

T = TypeVar("T")


def substream(seed: int, *keys: object) -> random.Random:
    """A generator seeded by `seed` and `keys` (ints and strings), independent of other keys."""
    text = "\x1f".join([str(seed), *map(str, keys)])
    digest = hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()
    return random.Random(int.from_bytes(digest, "big"))


class Weighted(Generic[T]):
    """A fixed weighted choice, with cumulative weights computed once (`random.choices` recomputes them)."""

    __slots__ = ("_cum", "_total", "items", "weights")

    def __init__(self, items: Sequence[T], weights: Sequence[float]) -> None:
        if len(items) != len(weights) or not items:
            raise ValueError("items and weights must be non-empty and of equal length")
        self.items = list(items)
        self.weights = list(weights)
        self._cum = list(accumulate(weights))
        self._total = self._cum[-1]

    def pick(self, rng: random.Random) -> T:
        return self.items[bisect(self._cum, rng.random() * self._total)]

    @classmethod
    def of(cls, table: dict[T, float]) -> Weighted[T]:
        return cls(list(table), list(table.values()))


def chance(rng: random.Random, p: float) -> bool:
    return rng.random() < p
