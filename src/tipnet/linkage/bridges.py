"""Clusters without weak bridges: a cluster held together by one uncertain link is cut in two.

Connected components chain links: two people with the same name each get a sparse record that links
to both, and the two people become one cluster although no link between them was ever scored high.
A link whose removal splits its cluster (a bridge, in graph terms) and that is not near-certain is
such a chain's weak point. It is cut when both sides keep at least two records: a record hanging from
a cluster by one link (a hotline record with a name and a phone) is the common, healthy case, and its
link is exactly as good as its score says.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

BRIDGE_KEEP = 0.99  # a bridge scored at least this is kept
MIN_SIDE = 2  # records each side of a bridge must keep for it to be cut


def split_weak_bridges(
    clusters: Mapping[str, str],
    links: Iterable[tuple[str, str, float]],
    *,
    keep: float = BRIDGE_KEEP,
    min_side: int = MIN_SIDE,
) -> dict[str, str]:
    """The clusters (uid → cluster key) with weak bridges cut; each new cluster is named by its
    smallest uid, as before. `links` are the edges the clusters were built from, with their
    probabilities (an analyst's accepted link counts as 1).

    The graphs are plain adjacency dicts (no networkx: its import alone cost 0.1-0.2 CPU s of a
    5,000-record run); the bridges are tried weakest first, ties in networkx's edge order (the order
    in which the links first joined two records), as `networkx.bridges` gave them; a test compares
    the two on random graphs."""
    members: dict[str, list[str]] = {}
    for uid, key in clusters.items():
        members.setdefault(key, []).append(uid)
    big = {key for key, group in members.items() if len(group) >= 2 * min_side}
    if not big:
        return dict(clusters)
    graphs: dict[str, dict[str, dict[str, float]]] = {}
    for a, b, p in links:
        home = clusters.get(a)
        if home is None or home not in big or clusters.get(b) != home:
            continue
        g = graphs.setdefault(home, {})
        old = g.get(a, {}).get(b)
        if old is None or old < p:
            g.setdefault(a, {})[b] = p
            g.setdefault(b, {})[a] = p
    out = dict(clusters)
    for g in graphs.values():
        weak = [(a, b) for a, b in bridges(g) if g[a][b] < keep]
        if not weak:
            continue
        cut = {node: dict(nbrs) for node, nbrs in g.items()}
        for a, b in sorted(weak, key=lambda e: g[e[0]][e[1]]):
            p = cut[a].pop(b)
            del cut[b][a]
            # a bridge of the graph is one of every part of it: a and b now lie in two components
            if len(component(cut, a)) >= min_side and len(component(cut, b)) >= min_side:
                continue  # a real cut: both sides are groups of their own
            cut[a][b] = p  # a leaf's link: keep it
            cut[b][a] = p
        done: set[str] = set()
        for node in cut:
            if node in done:
                continue
            part = component(cut, node)
            done |= part
            name = min(part)
            for uid in part:
                out[uid] = name
    return out


def bridges(graph: Mapping[str, Mapping[str, Any]]) -> list[tuple[str, str]]:
    """The bridges of an undirected graph (adjacency: node → neighbour → anything; no edge twice)
    in the order networkx's `bridges` yields them: its edge order, each edge from the node added
    first. Tarjan's low points, by an iterative depth-first search."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    found: set[frozenset[str]] = set()
    for root in graph:
        if root in index:
            continue
        index[root] = low[root] = len(index)
        stack: list[tuple[str, str | None, Any]] = [(root, None, iter(graph[root]))]
        while stack:
            node, parent, todo = stack[-1]
            for nbr in todo:
                if nbr == parent:
                    continue
                if nbr in index:
                    low[node] = min(low[node], index[nbr])
                else:
                    index[nbr] = low[nbr] = len(index)
                    stack.append((nbr, node, iter(graph[nbr])))
                    break
            else:
                stack.pop()
                if parent is not None:
                    low[parent] = min(low[parent], low[node])
                    if low[node] > index[parent]:
                        found.add(frozenset((parent, node)))
    seen: set[str] = set()
    out = []
    for node, nbrs in graph.items():
        for nbr in nbrs:
            if nbr not in seen and frozenset((node, nbr)) in found:
                out.append((node, nbr))
        seen.add(node)
    return out


def component(graph: Mapping[str, Mapping[str, Any]], start: str) -> set[str]:
    """The nodes connected to `start` (itself included)."""
    seen = {start}
    todo = [start]
    while todo:
        for nbr in graph[todo.pop()]:
            if nbr not in seen:
                seen.add(nbr)
                todo.append(nbr)
    return seen


def weak_clusters(
    clusters: Mapping[str, str], uid_l: Any, probability: Any, *, keep: float = BRIDGE_KEEP
) -> set[str]:
    """The clusters holding at least one link (Arrow arrays) below `keep`: the only ones that can have
    a weak bridge. At a million records most clusters' links are all near-certain."""
    import pyarrow.compute as pc

    touched = {clusters.get(uid) for uid in uid_l.filter(pc.less(probability, keep)).to_pylist()}
    touched.discard(None)
    return touched  # type: ignore[return-value]


def cluster_edges(
    clusters: Mapping[str, str], keys: set[str], uid_l: Any, uid_r: Any, probability: Any
) -> list[tuple[str, str, float]]:
    """The links (Arrow arrays of the two uids and the probability) of the clusters in `keys`, as
    Python tuples for the cluster steps: only those, so that a graph of millions of links is never
    built in memory (the steps look at no other cluster's links)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not keys:
        return []
    members = pa.array([uid for uid, key in clusters.items() if key in keys], uid_l.type)
    mask = pc.is_in(uid_l, value_set=members)
    return list(
        zip(
            uid_l.filter(mask).to_pylist(),
            uid_r.filter(mask).to_pylist(),
            probability.filter(mask).to_pylist(),
            strict=True,
        )
    )
