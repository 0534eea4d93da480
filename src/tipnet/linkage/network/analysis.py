"""What the network says: components, brokers (betweenness), degree, and a summary for reports.

Pure functions of a `Network`. Betweenness is exact on small graphs and a k-sample approximation
with a fixed seed on large ones, so the same store always gives the same brokers.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import networkx as nx

from tipnet.linkage.network import model as m

EXACT_LIMIT = 2000  # nodes up to which betweenness is computed exactly
SAMPLES = 400  # pivots of the approximation above that


def _ordered(groups: list[set[str]]) -> list[list[str]]:
    return sorted((sorted(g) for g in groups), key=lambda group: (-len(group), group[0]))


def components(network: m.Network) -> list[list[str]]:
    """Connected components of the whole graph (directions ignored), largest first."""
    return _ordered([set(c) for c in nx.weakly_connected_components(network.graph)])


def person_graph(network: m.Network) -> nx.Graph:
    """Persons only: tied by a person–person edge or by a thing (phone, account, ...) both are adjacent to."""
    graph: nx.Graph[str] = nx.Graph()
    g = network.graph
    persons = network.nodes_of("person")
    graph.add_nodes_from(persons)
    for u, v, k in g.edges(keys=True):
        if k in m.PERSON_EDGES and g.nodes[u]["kind"] == "person" and g.nodes[v]["kind"] == "person":
            graph.add_edge(u, v)
    for node, kind in g.nodes(data="kind"):
        if kind == "person":
            continue
        near = sorted({n for n in nx.all_neighbors(g, node) if g.nodes[n]["kind"] == "person"})
        for i in range(1, len(near)):  # a path through them connects them all, without a clique
            graph.add_edge(near[i - 1], near[i])
    return graph


def person_components(network: m.Network) -> list[list[str]]:
    """Components of the person-projected graph, largest first."""
    return _ordered([set(c) for c in nx.connected_components(person_graph(network))])


def degree(network: m.Network) -> dict[str, int]:
    """Distinct neighbours of each node (whatever the edge types and directions)."""
    g = network.graph
    return {n: len(set(nx.all_neighbors(g, n))) for n in g.nodes}


def betweenness(network: m.Network, *, seed: int = 0, samples: int = SAMPLES) -> dict[str, float]:
    """Normalised betweenness centrality on the undirected simple graph; sampled above EXACT_LIMIT."""
    simple: nx.Graph[str] = nx.Graph()
    simple.add_nodes_from(sorted(network.graph.nodes))
    simple.add_edges_from(sorted({tuple(sorted((u, v))) for u, v in network.graph.edges() if u != v}))
    n = simple.number_of_nodes()
    k = None if n <= EXACT_LIMIT else min(samples, n)
    return nx.betweenness_centrality(simple, k=k, seed=seed, normalized=True)


@dataclass(frozen=True)
class Broker:
    """A node many shortest paths run through: who ties otherwise separate groups together."""

    node: str
    kind: str
    roles: tuple[str, ...]
    betweenness: float
    degree: int


def brokers(
    network: m.Network,
    *,
    top: int = 10,
    kinds: tuple[str, ...] = ("person",),
    seed: int = 0,
    scores: dict[str, float] | None = None,
) -> list[Broker]:
    """The `top` nodes of `kinds` by betweenness (ties by degree, then id); zero scores left out."""
    scores = scores if scores is not None else betweenness(network, seed=seed)
    degrees = degree(network)
    g = network.graph
    ranked = sorted(
        (n for n in g.nodes if g.nodes[n]["kind"] in kinds and scores.get(n, 0.0) > 0.0),
        key=lambda node: (-scores[node], -degrees[node], node),
    )
    return [
        Broker(
            n, str(g.nodes[n]["kind"]), tuple(g.nodes[n].get("roles", ())), round(scores[n], 6), degrees[n]
        )
        for n in ranked[:top]
    ]


@dataclass
class NetworkSummary:
    """Counts and the shape of the network, with no personal values: fit for a report."""

    nodes_by_kind: dict[str, int] = field(default_factory=dict)
    edges_by_type: dict[str, int] = field(default_factory=dict)
    persons_by_role: dict[str, int] = field(default_factory=dict)
    person_records: int = 0  # store person rows behind the person nodes
    components: int = 0
    largest_components: list[int] = field(default_factory=list)
    person_components: int = 0
    largest_person_components: list[int] = field(default_factory=list)
    persons_connected: int = 0  # persons in a person component of two or more
    brokers: list[Broker] = field(default_factory=list)


def summarise(network: m.Network, *, top: int = 10, seed: int = 0) -> NetworkSummary:
    g = network.graph
    kinds = Counter(str(k) for _, k in g.nodes(data="kind"))
    types = Counter(str(k) for _, _, k in g.edges(keys=True))
    roles: Counter[str] = Counter()
    for node in network.nodes_of("person"):
        roles.update(g.nodes[node].get("roles", ()))
    comps = components(network)
    pcomps = person_components(network)
    return NetworkSummary(
        nodes_by_kind={k: kinds[k] for k in m.NODE_KINDS if kinds[k]},
        edges_by_type={t: types[t] for t in m.EDGE_TYPES if types[t]},
        persons_by_role={r: roles[r] for r in m.ROLES if roles[r]},
        person_records=sum(len(ids) for ids in network.records.values()),
        components=len(comps),
        largest_components=[len(c) for c in comps[:top]],
        person_components=len(pcomps),
        largest_person_components=[len(c) for c in pcomps[:top]],
        persons_connected=sum(len(c) for c in pcomps if len(c) > 1),
        brokers=brokers(network, top=top, seed=seed),
    )
