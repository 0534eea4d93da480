"""A picture of the largest components as inline SVG: deterministic, labelled by role and kind only.

Written by hand rather than through matplotlib so the markup is small, stable between runs and
checkable (one `<circle>` per drawn node; the legend uses squares).
"""

from __future__ import annotations

from html import escape

import networkx as nx

from tipnet.linkage.network import model as m
from tipnet.linkage.network.analysis import components

# Persons are coloured by their most telling role, things by kind.
ROLE_ORDER = ("suspect", "listed", "victim", "witness", "hotline subject", "bank customer", "traveller")
COLOURS = {
    "suspect": "#b03a48",
    "listed": "#7a1f2b",
    "victim": "#1f5f8b",
    "witness": "#5fa8d3",
    "hotline subject": "#7a5195",
    "bank customer": "#3a9d5d",
    "traveller": "#c9a227",
    "person": "#4f6d7a",
    "phone": "#e07b39",
    "account": "#2e7d32",
    "address": "#8d6e63",
    "company": "#455a64",
    "document": "#9e9e9e",
    "vehicle": "#00838f",
    "handle": "#6a1b9a",
}
EDGE_COLOURS = {
    m.PAID: "#2e7d32",
    m.TRAVELLED_WITH: "#c9a227",
    m.TRAVELLED_IN: "#00838f",
    m.RECRUITED: "#b03a48",
    m.CALLED: "#7a5195",
    m.EMPLOYED_BY: "#455a64",
    m.ADVERTISED_BY: "#455a64",
}
_EDGE_OTHER = "#b0bec5"


def node_category(attrs: dict[str, object]) -> str:
    """The legend entry of a node: a person's leading role, or a thing's kind."""
    kind = str(attrs.get("kind", ""))
    if kind != "person":
        return kind
    roles = attrs.get("roles") or ()
    assert isinstance(roles, tuple)
    return next((r for r in ROLE_ORDER if r in roles), "person")


def _trim(graph: nx.Graph, nodes: list[str], limit: int) -> list[str]:
    """At most `limit` nodes of one component, breadth-first from its best-connected node."""
    if len(nodes) <= limit:
        return nodes
    sub = graph.subgraph(nodes)
    start = min(nodes, key=lambda node: (-sub.degree(node), node))
    kept: list[str] = []
    for node in [start, *(v for _, v in nx.bfs_edges(sub, start, sort_neighbors=sorted))]:
        kept.append(node)
        if len(kept) == limit:
            break
    return sorted(kept)


def network_svg(
    network: m.Network,
    max_components: int = 3,
    *,
    max_nodes: int = 120,
    panel: int = 320,
    seed: int = 7,
    title: str = "Largest components of the network",
) -> str:
    """The `max_components` largest components side by side (each trimmed to `max_nodes`)."""
    simple: nx.Graph[str] = nx.Graph()
    simple.add_nodes_from(sorted(network.graph.nodes))
    simple.add_edges_from(sorted({tuple(sorted((u, v))) for u, v in network.graph.edges() if u != v}))
    comps = [c for c in components(network) if len(c) > 1][:max_components]
    width = max(1, len(comps)) * panel
    legend_top = panel + 36
    parts: list[str] = []
    used: list[str] = []
    used_edges: list[str] = []
    radius = 5.0
    for i, comp in enumerate(comps):
        nodes = _trim(simple, comp, max_nodes)
        sub = simple.subgraph(nodes)
        pos = nx.spring_layout(sub, seed=seed, iterations=80) if len(nodes) > 1 else {nodes[0]: (0.0, 0.0)}
        xs = [p[0] for p in pos.values()]
        ys = [p[1] for p in pos.values()]
        span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
        margin = 18.0

        coords = {
            node: (
                round(i * panel + margin + (pos[node][0] - min(xs)) / span_x * (panel - 2 * margin), 1),
                round(30 + margin + (pos[node][1] - min(ys)) / span_y * (panel - 2 * margin), 1),
            )
            for node in nodes
        }

        parts.append(
            f'<text x="{i * panel + 8}" y="24" font-size="12" fill="#33414e">'
            f"component {i + 1}: {len(comp)} nodes{' (part shown)' if len(nodes) < len(comp) else ''}</text>"
        )
        drawn = set(nodes)
        for u, v, key in sorted(network.graph.edges(keys=True)):
            if u in drawn and v in drawn and u != v:
                (x1, y1), (x2, y2) = coords[u], coords[v]
                colour = EDGE_COLOURS.get(key, _EDGE_OTHER)
                if key in EDGE_COLOURS and key not in used_edges:
                    used_edges.append(key)
                dash = ' stroke-dasharray="3 2"' if key in (m.SAME_ADDRESS, m.SAME_DOCUMENT) else ""
                parts.append(
                    f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{colour}" '
                    f'stroke-width="1.2" stroke-opacity="0.7"{dash}><title>{escape(key)}</title></line>'
                )
        for node in nodes:
            attrs = network.graph.nodes[node]
            category = node_category(attrs)
            if category not in used:
                used.append(category)
            x, y = coords[node]
            label = escape(", ".join(attrs.get("roles", ())) or str(attrs["kind"]))
            parts.append(
                f'<circle cx="{x}" cy="{y}" r="{radius}" fill="{COLOURS.get(category, "#4f6d7a")}" '
                f'stroke="#ffffff" stroke-width="1"><title>{label}</title></circle>'
            )
    if not comps:
        parts.append('<text x="8" y="40" font-size="12" fill="#5b6b7a">no connected records yet</text>')
    legend: list[str] = []
    order = [*ROLE_ORDER, "person", *m.NODE_KINDS[1:]]
    x, y = 8, legend_top
    for category in [c for c in order if c in used]:
        if x > width - 110:
            x, y = 8, y + 18
        legend.append(
            f'<rect x="{x}" y="{y - 9}" width="10" height="10" fill="{COLOURS[category]}"/>'
            f'<text x="{x + 14}" y="{y}" font-size="11" fill="#33414e">{escape(category)}</text>'
        )
        x += 110
    for edge_type in [t for t in m.EDGE_TYPES if t in used_edges]:
        if x > width - 110:
            x, y = 8, y + 18
        legend.append(
            f'<line x1="{x}" y1="{y - 4}" x2="{x + 10}" y2="{y - 4}" stroke="{EDGE_COLOURS[edge_type]}" '
            f'stroke-width="2"/><text x="{x + 14}" y="{y}" font-size="11" fill="#33414e">'
            f"{escape(edge_type.replace('_', ' '))}</text>"
        )
        x += 110
    height = y + 14
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {max(width, 330)} {height}" '
        f'width="{max(width, 330)}" height="{height}" role="img" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>{''.join(parts)}{''.join(legend)}</svg>"
    )
