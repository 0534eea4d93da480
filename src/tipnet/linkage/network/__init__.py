"""The trafficking network of issue 5: resolved persons, their phones, accounts, addresses, companies,
documents and vehicles, the links between them with their evidence, what the network says (components,
brokers) and its exports (FollowTheMoney, GraphML, an SVG picture). Its report section is the demo's
(`tipnet.demo.network`).

`build_network(session, identities)` reads the store (`store`), builds the graph from plain rows
(`build`, pure) and returns a `Network`; everything else takes that `Network`.
"""

from __future__ import annotations

from tipnet.linkage.network.analysis import (
    Broker,
    NetworkSummary,
    brokers,
    components,
    degree,
    person_components,
    person_graph,
    summarise,
)
from tipnet.linkage.network.build import BuildOptions, build_graph
from tipnet.linkage.network.ftm import ftm_entities, write_ftm
from tipnet.linkage.network.graphml import write_graphml
from tipnet.linkage.network.model import EDGE_TYPES, NODE_KINDS, Network
from tipnet.linkage.network.picture import network_svg
from tipnet.linkage.network.store import build_network, read_rows

__all__ = [
    "EDGE_TYPES",
    "NODE_KINDS",
    "Broker",
    "BuildOptions",
    "Network",
    "NetworkSummary",
    "brokers",
    "build_graph",
    "build_network",
    "components",
    "degree",
    "ftm_entities",
    "network_svg",
    "person_components",
    "person_graph",
    "read_rows",
    "summarise",
    "write_ftm",
    "write_graphml",
]
