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


def test_only_clusters_with_a_weak_link_are_handed_over_and_the_result_is_the_same() -> None:
    import pyarrow as pa

    from tipnet.linkage.bridges import cluster_edges, weak_clusters

    def bridge_edges(clusters: dict[str, str], left: object, right: object, prob: object) -> list:
        return cluster_edges(clusters, weak_clusters(clusters, left, prob), left, right, prob)

    # cluster a: two groups chained by a weak bridge; cluster c: near-certain links only
    links = [
        ("a1", "a2", 0.999), ("b1", "b2", 0.998), ("a2", "h", 0.93), ("b1", "h", 0.92),
        ("c1", "c2", 0.999), ("c2", "c3", 0.995), ("c3", "c4", 0.999),
    ]  # fmt: skip
    clusters = _clusters([["a1", "a2", "b1", "b2", "h"], ["c1", "c2", "c3", "c4"]])
    left, right, prob = (pa.chunked_array([pa.array(col)]) for col in zip(*links, strict=True))
    edges = bridge_edges(clusters, left, right, prob)
    assert sorted(edges) == sorted(e for e in links if e[0][0] in "abh")
    assert split_weak_bridges(clusters, edges) == split_weak_bridges(clusters, links)
    assert split_weak_bridges(clusters, edges)["a1"] != split_weak_bridges(clusters, edges)["b1"]
    strong = [e for e in links if e[0][0] == "c"]
    left, right, prob = (pa.array(col) for col in zip(*strong, strict=True))
    assert bridge_edges(clusters, left, right, prob) == []
