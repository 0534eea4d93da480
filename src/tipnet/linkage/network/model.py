"""The network: a directed multigraph of resolved persons and the things that tie them together.

Nodes have a `kind` (person, phone, account, address, company, document, vehicle, handle). Edges are keyed by
their `type` (one edge per pair and type, aggregated over every store row that supports it) and
carry their evidence: the store rows (`table:id`), how many, and the first and last dates.
Person nodes hold no names and no identifying values: identity id, roles, record count,
nationalities. Their store person ids stay beside the graph (`records`), for whoever may look.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx

# `handle`: a recruiter's messaging account from job adverts (Telegram username, Line or WeChat id:
# "handle:telegram:name"); numbers used on WhatsApp, Viber or Zalo are `phone` nodes.
NODE_KINDS = ("person", "phone", "account", "address", "company", "document", "vehicle", "handle")

# Edge types: person→thing, thing→person, thing→thing, person→person (derived or direct).
HAS_PHONE = "has_phone"
HAS_ACCOUNT = "has_account"
LIVES_AT = "lives_at"
HOLDS_DOCUMENT = "holds_document"
CALLED = "called"
PAID = "paid"
TRAVELLED_WITH = "travelled_with"
TRAVELLED_IN = "travelled_in"
RECRUITED = "recruited"
EMPLOYED_BY = "employed_by"
ADVERTISED_BY = "advertised_by"
SAME_ADDRESS = "same_address"
SAME_DOCUMENT = "same_document"
EDGE_TYPES = (
    HAS_PHONE,
    HAS_ACCOUNT,
    LIVES_AT,
    HOLDS_DOCUMENT,
    CALLED,
    PAID,
    TRAVELLED_WITH,
    TRAVELLED_IN,
    RECRUITED,
    EMPLOYED_BY,
    ADVERTISED_BY,
    SAME_ADDRESS,
    SAME_DOCUMENT,
)
# Undirected in meaning: stored once, from the smaller node id to the larger.
SYMMETRIC = frozenset({TRAVELLED_WITH, SAME_ADDRESS, SAME_DOCUMENT})
# Person–person edges (direct or derived through a shared thing).
PERSON_EDGES = frozenset({PAID, TRAVELLED_WITH, RECRUITED, SAME_ADDRESS, SAME_DOCUMENT})

ROLES = ("victim", "suspect", "witness", "traveller", "bank customer", "hotline subject", "listed")


@dataclass
class Network:
    """The graph plus, per person node, the store person ids it resolves (never exported by default)."""

    graph: nx.MultiDiGraph
    records: dict[str, tuple[int, ...]] = field(default_factory=dict)

    def nodes_of(self, kind: str) -> list[str]:
        return sorted(n for n, k in self.graph.nodes(data="kind") if k == kind)

    def edges_of(self, edge_type: str) -> list[tuple[str, str, dict[str, object]]]:
        """(source, target, attributes) of every edge of one type, sorted."""
        return sorted(
            ((u, v, d) for u, v, k, d in self.graph.edges(keys=True, data=True) if k == edge_type),
            key=lambda edge: (edge[0], edge[1]),
        )

    def edge(self, source: str, target: str, edge_type: str) -> dict[str, object] | None:
        if edge_type in SYMMETRIC and source > target:
            source, target = target, source
        data = self.graph.get_edge_data(source, target, key=edge_type)
        return data

    def person_node(self, person_id: int) -> str | None:
        """The node a store person id resolved into."""
        for node, ids in self.records.items():
            if person_id in ids:
                return node
        return None
