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
    probabilities (an analyst's accepted link counts as 1)."""
    import networkx as nx

    members: dict[str, list[str]] = {}
    for uid, key in clusters.items():
        members.setdefault(key, []).append(uid)
    big = {key for key, group in members.items() if len(group) >= 2 * min_side}
    if not big:
        return dict(clusters)
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
                continue  # a real cut: both sides are groups of their own
            cut.add_edge(a, b)  # a leaf's link: keep it
        for part in nx.connected_components(cut):
            name = min(part)
            for uid in part:
                out[uid] = name
    return out


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
