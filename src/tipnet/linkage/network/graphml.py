"""The network as GraphML (Gephi, Cytoscape, yEd, networkx), with scalar attributes only.

Tuples become `;`-separated text and payment totals `CUR=amount;…`. Person nodes hold their
identity id, roles, record count and nationalities; their labels are roles, never names.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO

import networkx as nx

from tipnet.linkage.network import model as m


def _scalar(value: object) -> str | int | float | bool:
    if isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dict):
        return ";".join(f"{k}={v}" for k, v in value.items())
    if isinstance(value, tuple | list | set):
        return ";".join(str(v) for v in value)
    return "" if value is None else str(value)


def node_label(attrs: dict[str, object]) -> str:
    """What a viewer shows on a node: its roles (persons) or its kind, never a name or value."""
    roles = attrs.get("roles")
    if attrs.get("kind") == "person" and isinstance(roles, tuple) and roles:
        return ", ".join(str(r) for r in roles)
    return str(attrs.get("kind", ""))


def graphml_graph(network: m.Network) -> nx.MultiDiGraph:
    """A copy of the graph whose attributes GraphML can hold."""
    out: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for node, attrs in network.graph.nodes(data=True):
        out.add_node(node, label=node_label(attrs), **{k: _scalar(v) for k, v in attrs.items()})
    for u, v, key, attrs in network.graph.edges(keys=True, data=True):
        out.add_edge(u, v, key=key, **{k: _scalar(v) for k, v in attrs.items()})
    return out


def write_graphml(network: m.Network, out: Path | IO[bytes]) -> None:
    nx.write_graphml(graphml_graph(network), out, encoding="utf-8", prettyprint=True)
