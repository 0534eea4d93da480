"""Scored pairs kept as columns read back as the same LinkedPairs, in key order, and filter by mask."""

from __future__ import annotations

import numpy as np
import pytest

from tipnet.linkage.scored import LinkedPair, PairTable

FEATURES = ("name", "birth_date")


def _pairs() -> list[LinkedPair]:
    return [
        LinkedPair("b", "a", 0.95, 4.2, (3.0, 1.2)),  # stored with uid_l > uid_r: normalised
        LinkedPair("a", "c", 0.6, 0.6, (1.0, -0.4)),
        LinkedPair("c", "d", 0.2, -2.0, (-1.0, -1.0)),
    ]


def test_round_trip_and_normalised_keys() -> None:
    table = PairTable.from_pairs(_pairs(), FEATURES)
    got = list(table)
    assert len(table) == 3
    assert [p.key for p in got] == [p.key for p in _pairs()]
    assert all(p.uid_l <= p.uid_r for p in got)
    assert got[0] == LinkedPair("a", "b", 0.95, 4.2, (3.0, 1.2))
    assert table[-1] == got[2]
    assert list(table[1:]) == got[1:]
    with pytest.raises(IndexError):
        table[3]


def test_masks_positions_and_order() -> None:
    table = PairTable.from_pairs(_pairs(), FEATURES)
    links = table.where(table.probability >= 0.5)
    assert [p.key for p in links] == [("a", "b"), ("a", "c")]
    assert table.positions({("c", "d"): True, ("a", "d"): False}) == {("c", "d"): 2}
    shuffled = table.take(np.array([2, 0, 1]))
    assert [p.key for p in shuffled.sorted()] == [("a", "b"), ("a", "c"), ("c", "d")]
    assert len(PairTable.empty(FEATURES)) == 0 and list(PairTable.empty(FEATURES)) == []
