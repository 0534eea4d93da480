"""Scored pairs, held as columns: a million records give millions of pairs, too many for one Python
object each, yet callers still read them one `LinkedPair` at a time."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, overload

import numpy as np

UID_L, UID_R, PROBABILITY, WEIGHT = "unique_id_l", "unique_id_r", "match_probability", "match_weight"


def pair_key(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


@dataclass(frozen=True, slots=True)
class LinkedPair:
    """Two records the model scored at or above the review floor; `bits` are each comparison's match
    weight (log2 Bayes factor), in the order of the run's features."""

    uid_l: str
    uid_r: str
    probability: float
    weight: float
    bits: tuple[float, ...]

    @property
    def key(self) -> tuple[str, str]:
        return pair_key(self.uid_l, self.uid_r)


def weight_column(feature: str) -> str:
    return f"mw_{feature}"


class PairTable(Sequence[LinkedPair]):
    """An Arrow table of scored pairs (uid_l ≤ uid_r, so a row's key is its two uids) that reads as
    a sequence of `LinkedPair`s and filters with numpy masks."""

    def __init__(self, table: Any, features: Sequence[str]) -> None:
        import pyarrow.compute as pc

        self.features = tuple(features)
        if table.num_rows:
            left, right = table[UID_L], table[UID_R]
            swap = pc.greater(left, right)
            if pc.any(swap).as_py():
                i, j = table.schema.get_field_index(UID_L), table.schema.get_field_index(UID_R)
                table = table.set_column(i, UID_L, pc.if_else(swap, right, left))
                table = table.set_column(j, UID_R, pc.if_else(swap, left, right))
        self.table = table.combine_chunks()
        self.probability = _floats(self.table, PROBABILITY)
        self.weight = _floats(self.table, WEIGHT)

    @classmethod
    def empty(cls, features: Sequence[str]) -> PairTable:
        return cls(schema(features).empty_table(), features)

    @classmethod
    def from_pairs(cls, pairs: Sequence[LinkedPair], features: Sequence[str]) -> PairTable:
        import pyarrow as pa

        cols: dict[str, list[Any]] = {
            UID_L: [p.uid_l for p in pairs],
            UID_R: [p.uid_r for p in pairs],
            PROBABILITY: [p.probability for p in pairs],
            WEIGHT: [p.weight for p in pairs],
        }
        for i, f in enumerate(features):
            cols[weight_column(f)] = [p.bits[i] for p in pairs]
        return cls(pa.table(cols, schema=schema(features)), features)

    def __len__(self) -> int:
        return int(self.table.num_rows)

    @overload
    def __getitem__(self, i: int) -> LinkedPair: ...
    @overload
    def __getitem__(self, i: slice) -> PairTable: ...
    def __getitem__(self, i: int | slice) -> LinkedPair | PairTable:
        if isinstance(i, slice):
            idx = range(len(self))[i]
            return self.take(np.arange(idx.start, idx.stop, idx.step))
        n = len(self)
        if not -n <= i < n:
            raise IndexError(i)
        return next(iter(self._pairs(self.table.slice(i % n, 1))))

    def __iter__(self) -> Iterator[LinkedPair]:
        return self._pairs(self.table)

    def _pairs(self, table: Any) -> Iterator[LinkedPair]:
        names = [weight_column(f) for f in self.features]
        for batch in table.to_batches(max_chunksize=50_000):
            left = batch.column(UID_L).to_pylist()
            right = batch.column(UID_R).to_pylist()
            prob = batch.column(PROBABILITY).to_pylist()
            weight = batch.column(WEIGHT).to_pylist()
            bits = list(zip(*(batch.column(c).to_pylist() for c in names), strict=True))
            if not names:
                bits = [()] * len(left)
            for row in zip(left, right, prob, weight, bits, strict=True):
                yield LinkedPair(row[0], row[1], float(row[2]), float(row[3]), tuple(row[4]))

    def where(self, mask: np.ndarray) -> PairTable:
        import pyarrow as pa

        return PairTable(self.table.filter(pa.array(mask)), self.features)

    def take(self, indices: np.ndarray) -> PairTable:
        return PairTable(self.table.take(indices), self.features)

    def sorted(self) -> PairTable:
        """In key order (uid_l, then uid_r): files written from it are the same in every run."""
        return PairTable(self.table.sort_by([(UID_L, "ascending"), (UID_R, "ascending")]), self.features)

    def positions(self, keys: Mapping[tuple[str, str], Any]) -> dict[tuple[str, str], int]:
        """Row numbers of the given keys that are present (analysts' decisions: few)."""
        import pyarrow as pa
        import pyarrow.compute as pc

        if not keys or not len(self):
            return {}
        lefts = pa.array(sorted({a for a, _ in keys}), type=pa.string())
        rows = np.flatnonzero(pc.is_in(self.table[UID_L], value_set=lefts).to_numpy(zero_copy_only=False))
        out = {}
        left = self.table[UID_L].take(rows).to_pylist()
        right = self.table[UID_R].take(rows).to_pylist()
        for i, a, b in zip(rows, left, right, strict=True):
            if (a, b) in keys:
                out[(a, b)] = int(i)
        return out


def schema(features: Sequence[str]) -> Any:
    import pyarrow as pa

    fields = [(UID_L, pa.string()), (UID_R, pa.string()), (PROBABILITY, pa.float64()), (WEIGHT, pa.float64())]
    return pa.schema(fields + [(weight_column(f), pa.float64()) for f in features])


def _floats(table: Any, column: str) -> np.ndarray:
    return np.asarray(table[column].to_numpy(), dtype=np.float64)
