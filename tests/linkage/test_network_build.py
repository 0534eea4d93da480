"""Graph construction from plain rows: each edge type from the rows that should create it, and only those."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import networkx as nx

from tipnet.linkage.network import BuildOptions, build_graph
from tipnet.linkage.network import model as m
from tipnet.linkage.network.rows import (
    AccountRow,
    AdvertRow,
    CrossingRow,
    HotlineRow,
    PersonRow,
    RoleRow,
    StoreRows,
    ThingRow,
    TransactionRow,
)

T0 = datetime(2025, 3, 1, 8, 0)


def _persons(*ids: int, sealed: tuple[int, ...] = ()) -> list[PersonRow]:
    return [PersonRow(i, ("KHM",), i in sealed) for i in ids]


def _types(net: m.Network) -> set[str]:
    return {k for _, _, k in net.graph.edges(keys=True)}


def test_no_rows_no_edges() -> None:
    net = build_graph(StoreRows(persons=_persons(1, 2)))
    assert net.graph.number_of_edges() == 0
    assert net.nodes_of("person") == ["person:1", "person:2"]
    assert net.graph.nodes["person:1"]["roles"] == ()


def test_things_and_derived_edges() -> None:
    rows = StoreRows(
        persons=_persons(1, 2, 3),
        things=[
            ThingRow(10, 1, "phone", value="+85512000001"),
            ThingRow(11, 1, "address", value="12, Street 5  Phnom Penh"),
            ThingRow(12, 2, "address", value="12 street 5 phnom penh"),
            ThingRow(13, 1, "document", value="e12-345", document_type="P"),
            ThingRow(14, 3, "document", value="E12345"),
            ThingRow(15, 3, "phone", value="+85512000009"),
        ],
    )
    net = build_graph(rows)
    assert net.edge("person:1", "phone:+85512000001", m.HAS_PHONE)["evidence"] == ("phone:10",)
    assert net.edge("person:2", "address:12 street 5 phnom penh", m.LIVES_AT)["count"] == 1
    assert net.edge("person:3", "document:E12345", m.HOLDS_DOCUMENT) is not None
    assert net.graph.nodes["document:E12345"]["document_type"] == "P"
    same_address = net.edge("person:2", "person:1", m.SAME_ADDRESS)
    assert same_address is not None and same_address["evidence"] == ("address:12 street 5 phnom penh",)
    assert net.edge("person:1", "person:3", m.SAME_DOCUMENT) is not None
    # Different phones: no derived edge, and no types that no row supports.
    assert _types(net) == {m.HAS_PHONE, m.LIVES_AT, m.HOLDS_DOCUMENT, m.SAME_ADDRESS, m.SAME_DOCUMENT}


def test_shared_thing_held_by_many_derives_no_pairs() -> None:
    rows = StoreRows(
        persons=_persons(*range(1, 8)),
        things=[ThingRow(i, i, "address", value="Shelter Road") for i in range(1, 8)],
    )
    assert not build_graph(rows, options=BuildOptions(max_shared=5)).edges_of(m.SAME_ADDRESS)
    assert len(build_graph(rows).edges_of(m.SAME_ADDRESS)) == 21


def test_identities_merge_person_nodes() -> None:
    rows = StoreRows(
        persons=[PersonRow(1, ("KHM",)), PersonRow(2, ("THA",)), PersonRow(3)],
        things=[ThingRow(1, 1, "document", value="N1"), ThingRow(2, 2, "document", value="N1")],
        roles=[RoleRow(1, 1, 1, "Suspect")],
        accounts=[AccountRow(1, "ACC-1", 9, holder_person_id=2)],
    )
    net = build_graph(rows, {1: "P-abc", 2: "P-abc"})
    assert net.nodes_of("person") == ["person:3", "person:P-abc"]
    node = net.graph.nodes["person:P-abc"]
    assert node["identity"] == "P-abc" and node["records"] == 2
    assert node["roles"] == ("suspect", "bank customer")
    assert node["nationalities"] == ("KHM", "THA")
    assert net.records["person:P-abc"] == (1, 2) and net.person_node(2) == "person:P-abc"
    assert not net.edges_of(m.SAME_DOCUMENT)  # one identity: nothing to derive
    assert net.edge("person:P-abc", "document:N1", m.HOLDS_DOCUMENT)["count"] == 2
    assert "name" not in node and "full_name" not in node


def test_recruited_needs_a_recruiter_in_the_same_case() -> None:
    rows = StoreRows(
        persons=_persons(1, 2, 3, 4, 5),
        roles=[
            RoleRow(1, 100, 1, "Suspect", ("RecruiterOrIntermediary", "Exploiter"), date(2025, 1, 2)),
            RoleRow(2, 100, 2, "Suspect", ("Exploiter",)),
            RoleRow(3, 100, 3, "Victim"),
            RoleRow(4, 100, 4, "Witness"),
            RoleRow(5, 200, 5, "Victim"),  # another case
        ],
    )
    net = build_graph(rows)
    edges = net.edges_of(m.RECRUITED)
    assert [(u, v) for u, v, _ in edges] == [("person:1", "person:3")]
    assert edges[0][2]["first"] == "2025-01-02"
    assert edges[0][2]["evidence"] == ("case_person:1", "case_person:3")
    assert net.graph.nodes["person:4"]["roles"] == ("witness",)


def test_travelled_with_by_booking_and_by_post_window() -> None:
    rows = StoreRows(
        persons=_persons(*range(1, 12)),
        crossings=[
            CrossingRow(1, 1, T0, "Exit", "Poipet", "bk7"),
            CrossingRow(2, 2, T0 + timedelta(hours=3), "Exit", "Bavet", "BK7"),
            # Same post and direction within 10 minutes, no booking.
            CrossingRow(3, 3, T0 + timedelta(days=1), "Entry", "Cham Yeam"),
            CrossingRow(4, 4, T0 + timedelta(days=1, minutes=6), "Entry", "Cham Yeam"),
            # Same post, other direction; and same post too late.
            CrossingRow(5, 5, T0 + timedelta(days=1, minutes=2), "Exit", "Cham Yeam"),
            CrossingRow(6, 6, T0 + timedelta(days=1, minutes=40), "Entry", "Cham Yeam"),
        ]
        # A busy hour at the airport: seven people in ten minutes are not a party.
        + [CrossingRow(10 + i, 5 + i, T0 + timedelta(days=5, minutes=i), "Exit", "PNH") for i in range(7)]
        # The same plate, written otherwise, the same day: a party; three months later: strangers.
        + [
            CrossingRow(20, 11, T0 + timedelta(hours=5), "Exit", "Poipet", "bk 7"),
            CrossingRow(21, 10, T0 + timedelta(days=90), "Exit", "Poipet", "BK-7"),
        ],
    )
    net = build_graph(rows)
    pairs = {(u, v): d for u, v, d in net.edges_of(m.TRAVELLED_WITH)}
    assert set(pairs) == {
        ("person:1", "person:2"),
        ("person:1", "person:11"),
        ("person:11", "person:2"),
        ("person:3", "person:4"),
    }
    assert pairs[("person:1", "person:2")]["basis"] == ("booking",)
    assert pairs[("person:3", "person:4")]["basis"] == ("same post and time",)
    assert net.graph.nodes["person:6"]["roles"] == ("traveller",)
    no_window = build_graph(rows, options=BuildOptions(crossing_window=None))
    assert {(u, v) for u, v, _ in no_window.edges_of(m.TRAVELLED_WITH)} == set(pairs) - {
        ("person:3", "person:4")
    }


def test_called_paid_and_adverts() -> None:
    rows = StoreRows(
        persons=_persons(1, 2, 3, 4, sealed=(3,)),
        things=[ThingRow(1, 1, "phone", value="+85512000001")],
        hotline=[
            HotlineRow(1, T0, "+85599000009", 3),
            HotlineRow(2, T0 + timedelta(days=2), "+85599000009", 3),
            HotlineRow(3, T0, "+85599000008", None),  # no subject: no edge
        ],
        accounts=[AccountRow(1, "ACC-1", 9, 1, date(2024, 5, 1)), AccountRow(2, "acc 2", 9, 2)],
        transactions=[
            TransactionRow(1, T0, "ACC-1", "ACC-2", Decimal("100.50"), "USD"),
            TransactionRow(2, T0 + timedelta(days=9), "ACC-1", "ACC-2", Decimal("50"), "USD"),
            TransactionRow(3, T0, "ACC-1", "ACC-2", Decimal("4000"), "KHR"),
            TransactionRow(4, T0, "ACC-9", "ACC-1", Decimal("7"), "USD"),
        ],
        adverts=[
            AdvertRow(1, date(2025, 2, 1), "Tonle Logistics Co., Ltd.", "+85512000001"),
            AdvertRow(2, date(2025, 2, 9), "TONLE LOGISTICS", "+85512000001"),
            AdvertRow(3, date(2025, 2, 9), "Mekong Staffing", "+85512000077"),
            AdvertRow(4, date(2025, 2, 9), None, "+85512000066"),  # no employer: nothing
        ],
    )
    net = build_graph(rows)
    called = net.edge("phone:+85599000009", "person:3", m.CALLED)
    assert called is not None and called["count"] == 2 and called["last"].startswith("2025-03-03")
    assert [(u, v) for u, v, _ in net.edges_of(m.CALLED)] == [("phone:+85599000009", "person:3")]
    assert (
        net.graph.nodes["person:3"]["roles"] == ("hotline subject",) and net.graph.nodes["person:3"]["sealed"]
    )

    paid = net.edge("account:ACC1@9", "account:ACC2@9", m.PAID)
    assert paid is not None and paid["count"] == 3
    assert paid["amounts"] == {"KHR": "4000", "USD": "150.50"}
    assert net.edge("person:1", "person:2", m.PAID)["count"] == 3  # through the holders
    assert net.edge("account:ACC9", "account:ACC1@9", m.PAID)["count"] == 1  # ACC9: a bank without a book
    assert net.edge("person:1", "account:ACC1@9", m.HAS_ACCOUNT)["first"] == "2024-05-01"
    assert len([1 for u, v, _ in net.edges_of(m.PAID) if u.startswith("person:")]) == 1

    assert net.nodes_of("company") == ["company:mekong staffing", "company:tonle logistics"]
    advertised = net.edge("phone:+85512000001", "company:tonle logistics", m.ADVERTISED_BY)
    assert advertised is not None and advertised["count"] == 2
    employed = net.edges_of(m.EMPLOYED_BY)
    assert [(u, v) for u, v, _ in employed] == [("person:1", "company:tonle logistics")]
    assert employed[0][2]["evidence"] == ("job_advert:1", "job_advert:2")


def test_sealed_things_join_clear_ones_through_blind_indexes() -> None:
    rows = StoreRows(
        persons=_persons(1, 2, 3, sealed=(2, 3)),
        things=[
            ThingRow(1, 1, "phone", value="+85512000001", digest="d-phone-1"),
            ThingRow(0, 2, "phone", digest="d-phone-1"),  # the victim's sealed phone is the suspect's
            ThingRow(0, 2, "document", digest="d-doc-2"),
            ThingRow(0, 3, "document", digest="d-doc-2"),  # two sealed persons, one unknown document
        ],
    )
    net = build_graph(rows)
    assert net.edge("person:2", "phone:+85512000001", m.HAS_PHONE)["evidence"] == ("person_blind_index:2",)
    assert net.nodes_of("document") == ["document:#d-doc-2"]
    assert net.graph.nodes["document:#d-doc-2"]["sealed"] is True
    assert net.edge("person:2", "person:3", m.SAME_DOCUMENT) is not None


def test_build_is_deterministic() -> None:
    rows = StoreRows(
        persons=_persons(3, 1, 2),
        things=[ThingRow(2, 2, "phone", value="+1"), ThingRow(1, 1, "phone", value="+1")],
        crossings=[CrossingRow(1, 1, T0, "Exit", "P", "B"), CrossingRow(2, 3, T0, "Exit", "P", "B")],
    )
    a, b = build_graph(rows), build_graph(rows)
    assert list(a.graph.nodes(data=True)) == list(b.graph.nodes(data=True))
    assert list(a.graph.edges(keys=True, data=True)) == list(b.graph.edges(keys=True, data=True))


def _two_banks() -> StoreRows:
    """Bank 1 and bank 2 each have a customer holding "ACC1" (persons 1 and 2); bank 2 alone holds
    ACC7 (person 7); bank 3 sent transactions but holds no accounts."""
    return StoreRows(
        persons=[PersonRow(i) for i in (1, 2, 3, 7)],
        accounts=[
            AccountRow(1, "ACC-1", 1, 1, bank="BANK1"),
            AccountRow(2, "acc 1", 2, 2, bank="BANK2"),
            AccountRow(3, "ACC-3", 1, 3, bank="BANK1"),
            AccountRow(4, "ACC-7", 2, 7, bank="BANK2"),
        ],
        transactions=[
            TransactionRow(1, T0, "ACC-1", "ACC-3", Decimal("10"), "USD", bank_org_id=1),  # bank 1's book
            TransactionRow(2, T0, "ACC-1", "ACC-7", Decimal("20"), "USD", bank_org_id=1),  # out to bank 2
            TransactionRow(3, T0, "ACC-7", "ACC-1", Decimal("30"), "USD", bank_org_id=2),  # bank 2's book
            TransactionRow(4, T0, "ACC-1", "ACC-9", Decimal("40"), "USD", bank_org_id=3),  # bank 3's book
        ],
    )


def test_one_number_at_two_banks_is_two_accounts() -> None:
    net = build_graph(_two_banks())
    g = net.graph
    assert net.nodes_of("account") == [
        "account:ACC1",  # bank 3's counterparty "ACC1": at bank 1 or 2, not knowable
        "account:ACC1@1",
        "account:ACC1@2",
        "account:ACC3@1",
        "account:ACC7@2",
        "account:ACC9",
    ]
    node = g.nodes["account:ACC1@2"]
    assert (node["number"], node["bank_org_id"], node["bank"]) == ("ACC1", 2, "BANK2")
    # The two customers holding "ACC1" share no account and no edge (person 7 dealt with both, truly).
    assert set(nx.all_neighbors(g, "person:1")) & set(nx.all_neighbors(g, "person:2")) == {"person:7"}
    assert not g.has_edge("person:1", "person:2") and not g.has_edge("person:2", "person:1")
    # Each book's "ACC1" is its own bank's account; a counterparty one bank alone holds joins its holder.
    assert net.edge("account:ACC1@1", "account:ACC3@1", m.PAID)["count"] == 1
    assert net.edge("person:1", "person:3", m.PAID)["count"] == 1
    assert net.edge("account:ACC1@1", "account:ACC7@2", m.PAID)["count"] == 1
    assert net.edge("person:1", "person:7", m.PAID)["evidence"] == ("transaction:2",)
    assert net.edge("account:ACC7@2", "account:ACC1@2", m.PAID)["count"] == 1
    assert net.edge("person:7", "person:2", m.PAID)["evidence"] == ("transaction:3",)
    # Bank 3 holds no "ACC1" and two banks do: an account of unknown bank, joined to no holder.
    assert net.edge("account:ACC1", "account:ACC9", m.PAID)["count"] == 1
    assert g.nodes["account:ACC1"]["bank_org_id"] == 0
    assert [u for u, _ in g.in_edges("account:ACC1")] == []
