"""The network's section of the HTML report: counts, brokers and the picture; no personal values."""

from __future__ import annotations

from html import escape

from tipnet.linkage.network import model as m
from tipnet.linkage.network.analysis import NetworkSummary, summarise
from tipnet.linkage.network.picture import network_svg
from tipnet.report.render import Section

_KIND_LABELS = {
    "person": "persons (resolved)",
    "phone": "phones",
    "account": "bank accounts",
    "address": "addresses",
    "company": "companies",
    "document": "documents",
    "vehicle": "vehicles",
    "handle": "messaging accounts (from job adverts)",
}


def _table(head: tuple[str, ...], rows: list[tuple[object, ...]]) -> str:
    th = "".join(f"<th>{escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"


def network_section(
    network: m.Network,
    summary: NetworkSummary | None = None,
    *,
    max_components: int = 3,
    title: str = "The trafficking network",
) -> Section:
    """A report `Section` (anchor `network`) for `ReportInput.sections`."""
    s = summary or summarise(network)
    persons = s.nodes_by_kind.get("person", 0)
    intro = (
        f"<p>{s.person_records} person records resolve into {persons} persons, tied to "
        f"{sum(v for k, v in s.nodes_by_kind.items() if k != 'person')} phones, accounts, addresses, "
        f"companies, documents and vehicles. {s.persons_connected} persons share a component with "
        f"someone else; "
        f"the largest person component holds "
        f"{s.largest_person_components[0] if s.largest_person_components else 0}.</p>"
    )
    nodes = _table(("node", "count"), [(_KIND_LABELS.get(k, k), v) for k, v in s.nodes_by_kind.items()])
    edges = _table(("link", "count"), [(k.replace("_", " "), v) for k, v in s.edges_by_type.items()])
    roles = _table(("role", "persons"), list(s.persons_by_role.items()))
    brokers = (
        _table(
            ("identity", "roles", "betweenness", "neighbours"),
            [
                (b.node.removeprefix("person:"), ", ".join(b.roles), f"{b.betweenness:.4f}", b.degree)
                for b in s.brokers
            ],
        )
        if s.brokers
        else "<p>No brokers: no person links otherwise separate groups.</p>"
    )
    html = (
        f"{intro}<div class='figure'>{network_svg(network, max_components)}</div>"
        f"<h3>Nodes and links</h3>{nodes}{edges}{roles}"
        f"<h3>Brokers (betweenness centrality)</h3>{brokers}"
        "<p class='note'>Identities are resolved-identity ids; names stay in the store.</p>"
    )
    return Section(title=title, html=html, anchor="network")
