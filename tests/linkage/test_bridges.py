"""Clusters are cut at weak bridges between two groups, never at a single record's link."""

from __future__ import annotations

from tipnet.linkage.bridges import split_weak_bridges


def _clusters(groups: list[list[str]]) -> dict[str, str]:
    return {uid: min(g) for g in groups for uid in g}


def test_two_namesakes_chained_by_a_sparse_record_are_cut_apart() -> None:
    # a1-a2 (passport and phone), b1-b2 (another person, same name), chained through h (a hotline
    # record with the name only) by two uncertain links
    links = [("a1", "a2", 0.999), ("b1", "b2", 0.998), ("a2", "h", 0.93), ("h", "b1", 0.92)]
    got = split_weak_bridges(_clusters([["a1", "a2", "b1", "b2", "h"]]), links)
    assert got["a1"] == got["a2"] and got["b1"] == got["b2"]
    assert got["a1"] != got["b1"]
    assert got["h"] in (got["a1"], got["b1"])  # the record keeps one side


def test_a_record_hanging_by_one_link_stays() -> None:
    links = [("a1", "a2", 0.999), ("a2", "a3", 0.999), ("a3", "h", 0.91)]
    got = split_weak_bridges(_clusters([["a1", "a2", "a3", "h"]]), links)
    assert len(set(got.values())) == 1


def test_strong_bridges_and_cycles_are_kept() -> None:
    strong = [("a1", "a2", 0.999), ("b1", "b2", 0.999), ("a2", "b1", 0.995)]
    assert len(set(split_weak_bridges(_clusters([["a1", "a2", "b1", "b2"]]), strong).values())) == 1
    # two weak links between the groups form a cycle: no single link holds the cluster together
    cycle = [("a1", "a2", 0.999), ("b1", "b2", 0.999), ("a2", "b1", 0.92), ("a1", "b2", 0.93)]
    assert len(set(split_weak_bridges(_clusters([["a1", "a2", "b1", "b2"]]), cycle).values())) == 1


def test_an_analysts_accepted_link_is_never_cut() -> None:
    links = [("a1", "a2", 0.999), ("b1", "b2", 0.999), ("a2", "b1", 1.0)]
    assert len(set(split_weak_bridges(_clusters([["a1", "a2", "b1", "b2"]]), links).values())) == 1
