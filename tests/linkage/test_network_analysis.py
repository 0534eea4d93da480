"""Components, brokers and the picture, on networks built from plain rows."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime, timedelta

import pytest

from tipnet.linkage.network import (
    analysis,
    brokers,
    build_graph,
    components,
    degree,
    network_svg,
    person_components,
    summarise,
)
from tipnet.linkage.network.rows import (
    AccountRow,
    CrossingRow,
    PersonRow,
    RoleRow,
    StoreRows,
    ThingRow,
    TransactionRow,
)

T0 = datetime(2025, 1, 1, 8)


def _two_groups_and_a_broker() -> StoreRows:
    """Persons 1-4 and 11 travel together, 6-9 share a phone; person 5 travels with the first group
    and pays person 6: every path between the groups runs through 5, then 6."""
    return StoreRows(
        persons=[PersonRow(i) for i in range(1, 12)],
        crossings=[CrossingRow(i, i, T0, "Exit", "Bavet", "BK1") for i in (1, 2, 3, 4, 5, 11)],
        things=[ThingRow(i, i, "phone", value="+85512999999") for i in (6, 7, 8, 9)],
        roles=[RoleRow(1, 1, 5, "Suspect", ("BrokerTravelAgent",))],
        accounts=[AccountRow(1, "A5", 1, 5), AccountRow(2, "A6", 1, 6)],
        transactions=[TransactionRow(1, T0, "A5", "A6", 10, "USD")],
    )


def test_components_full_and_person_projected() -> None:
    net = build_graph(_two_groups_and_a_broker())
    full = components(net)
    assert [len(c) for c in full] == [13, 1]  # 10 persons + phone + 2 accounts; person 10 alone
    assert full[1] == ["person:10"]
    persons = person_components(net)
    assert [len(c) for c in persons] == [10, 1]
    assert all(n.startswith("person:") for c in persons for n in c)


def test_person_projection_through_a_shared_phone() -> None:
    rows = StoreRows(
        persons=[PersonRow(i) for i in (1, 2, 3)],
        things=[ThingRow(1, 1, "phone", value="+1"), ThingRow(2, 2, "phone", value="+1")],
    )
    net = build_graph(rows)
    assert person_components(net) == [["person:1", "person:2"], ["person:3"]]
    assert degree(net)["phone:+1"] == 2


def test_the_known_broker_comes_first() -> None:
    net = build_graph(_two_groups_and_a_broker())
    top = brokers(net, top=3)
    assert top[0].node == "person:5" and top[0].roles == ("suspect", "traveller", "bank customer")
    assert top[0].betweenness > top[1].betweenness > 0
    assert all(b.kind == "person" for b in top)
    things = brokers(net, kinds=("phone", "account"))
    assert {b.node for b in things} == {"phone:+85512999999", "account:A5@1", "account:A6@1"}


def test_sampled_betweenness_is_deterministic(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = StoreRows(
        persons=[PersonRow(i) for i in range(1, 61)],
        crossings=[
            CrossingRow(i, i, T0 + timedelta(days=i // 4), "Exit", "Bavet", f"B{i // 4}")
            for i in range(1, 61)
        ],
        things=[ThingRow(i, i, "phone", value=f"+{i // 3}") for i in range(1, 61)],
    )
    net = build_graph(rows)
    monkeypatch.setattr(analysis, "EXACT_LIMIT", 10)
    a = analysis.betweenness(net, samples=20)
    assert a == analysis.betweenness(net, samples=20)
    assert brokers(net, scores=a) == brokers(net, scores=analysis.betweenness(net, samples=20))


def test_summary_counts() -> None:
    summary = summarise(build_graph(_two_groups_and_a_broker()))
    assert summary.nodes_by_kind == {"person": 11, "phone": 1, "account": 2}
    assert summary.edges_by_type["travelled_with"] == 15
    assert summary.edges_by_type["paid"] == 2  # account → account, and person → person
    assert summary.persons_by_role == {"suspect": 1, "traveller": 6, "bank customer": 2}
    assert summary.persons_connected == 10 and summary.components == 2
    assert summary.brokers[0].node == "person:5"


def test_svg_draws_a_trimmed_component_deterministically() -> None:
    net = build_graph(_two_groups_and_a_broker())
    svg = network_svg(net, max_components=3, max_nodes=5)
    root = ET.fromstring(svg)
    circles = root.findall(".//{http://www.w3.org/2000/svg}circle")
    assert len(circles) == 5  # the lone person is not a component worth drawing
    assert "(part shown)" in svg
    legend = [t.text for t in root.findall(".//{http://www.w3.org/2000/svg}text")]
    assert "suspect" in legend
    assert svg == network_svg(net, max_components=3, max_nodes=5)
