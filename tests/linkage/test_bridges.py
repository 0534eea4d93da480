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


def _networkx_split(
    clusters: dict[str, str], links: list[tuple[str, str, float]], keep: float = 0.99, min_side: int = 2
) -> dict[str, str]:
    """The cut as first written with networkx (its bridges, its connected components)."""
    import networkx as nx

    members: dict[str, list[str]] = {}
    for uid, key in clusters.items():
        members.setdefault(key, []).append(uid)
    big = {key for key, group in members.items() if len(group) >= 2 * min_side}
    graphs: dict[str, nx.Graph] = {}
    for a, b, p in links:
        home = clusters.get(a)
        if home is None or home not in big or clusters.get(b) != home:
            continue
        g = graphs.setdefault(home, nx.Graph())
        if not g.has_edge(a, b) or g[a][b]["p"] < p:
            g.add_edge(a, b, p=p)
    out = dict(clusters)
    for g in graphs.values():
        weak = [(a, b) for a, b in nx.bridges(g) if g[a][b]["p"] < keep]
        if not weak:
            continue
        cut = g.copy()
        for a, b in sorted(weak, key=lambda e: g[e[0]][e[1]]["p"]):
            cut.remove_edge(a, b)
            sides = [c for c in nx.connected_components(cut) if a in c or b in c]
            if len(sides) == 2 and all(len(c) >= min_side for c in sides):
                continue
            cut.add_edge(a, b)
        for part in nx.connected_components(cut):
            for uid in part:
                out[uid] = min(part)
    return out


def test_bridges_and_cuts_are_networkx_s_on_random_graphs() -> None:
    import random

    import networkx as nx

    from tipnet.linkage.bridges import bridges

    rng = random.Random(13)
    for trial in range(400):
        n = rng.randint(2, 14)
        nodes = [f"r{rng.randint(0, 99):02d}x{k}" for k in range(n)]
        # a connected cluster: a random tree, some extra edges (cycles), links given twice or reversed
        links = [(nodes[k], nodes[rng.randrange(k)], 0.0) for k in range(1, n)]
        for _ in range(rng.randint(0, n // 2)):
            a, b = rng.sample(nodes, 2)
            links.append((a, b, 0.0))
        levels = [0.6, 0.9, 0.9, 0.95, 0.99, 0.999] if trial % 2 else [0.9]  # ties in half the trials
        links = [(a, b, rng.choice(levels)) for a, b, _ in links]
        links += [(b, a, rng.choice(levels)) for a, b, _ in rng.sample(links, min(2, len(links)))]
        rng.shuffle(links)
        clusters = {uid: min(nodes) for uid in nodes}
        for min_side in (1, 2, 3):
            assert split_weak_bridges(clusters, links, min_side=min_side) == _networkx_split(
                clusters, links, min_side=min_side
            ), (trial, links)
        graph = nx.Graph()
        adjacency: dict[str, dict[str, float]] = {}
        for a, b, p in links:
            graph.add_edge(a, b)
            adjacency.setdefault(a, {})[b] = p
            adjacency.setdefault(b, {})[a] = p
        assert bridges(adjacency) == list(nx.bridges(graph))
