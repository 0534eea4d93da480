"""Vehicles: a land crossing's plate becomes a vehicle node, a flight's PNR never does; the edge carries
its crossings, analysis treats vehicles as things, and the exports show plates as they show phones."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta

import networkx as nx
import pytest
from followthemoney import model

from tipnet.demo.network import network_section
from tipnet.linkage.network import (
    BuildOptions,
    brokers,
    build_graph,
    ftm_entities,
    keys,
    network_svg,
    person_components,
    summarise,
    write_ftm,
)
from tipnet.linkage.network import model as m
from tipnet.linkage.network.graphml import graphml_graph
from tipnet.linkage.network.rows import CrossingRow, PersonRow, StoreRows

T0 = datetime(2025, 3, 1, 8, 0)
POIPET = "Poipet International Checkpoint"
ARANYA = "Ban Khlong Luek (Aranyaprathet)"
AIRPORT = "Phnom Penh International Airport"


@pytest.mark.parametrize(
    ("ref", "post", "key"),
    [
        # The simulator's plates at its land checkpoints, however they are written.
        ("2B-4821", POIPET, "2B4821"),
        (" 2b 4821 ", POIPET, "2B4821"),
        ("2B4821", "Bavet", "2B4821"),
        ("2B.4821", None, "2B4821"),
        # Regional plates: Thai, Chinese (middle dot), Vietnamese, Myanmar, Khmer script.
        ("กข 1234", "Mae Sot (Friendship Bridge)", "กข1234"),
        ("云A·12345", "Hekou", "云A12345"),
        ("51F-123.45", "", "51F12345"),
        ("YGN 1A-2345", "Myawaddy", "YGN1A2345"),
        ("ភ្នំពេញ 2A-1234", "Bavet International Checkpoint", "ភ្នំពេញ2A1234"),
        # Airports (by name, in a regional language, or an IATA code): a booking, never a vehicle.
        ("2B-4821", AIRPORT, ""),
        ("ABC123", "Suvarnabhumi Airport", ""),
        ("ABC123", "ท่าอากาศยานสุวรรณภูมิ", ""),
        ("ABC123", "Sân bay Tân Sơn Nhất", ""),
        ("ABC123", "PNH", ""),
        # PNR-shaped or too short to be a plate, wherever they are.
        ("K7Q2M9", POIPET, ""),
        ("BK-9", POIPET, ""),
        ("12", POIPET, ""),
        ("", POIPET, ""),
        (None, POIPET, ""),
        ("BOOKING REF 1234567890", POIPET, ""),
        # A bare six-character code at an unknown post could be either: left out.
        ("2B4821", None, ""),
        ("ABC123", " ", ""),
        # ...but written with a separator it is a plate.
        ("ABC 123", None, "ABC123"),
    ],
)
def test_the_plate_rule(ref: str | None, post: str | None, key: str) -> None:
    assert keys.vehicle_key(ref, post) == key


def test_air_posts() -> None:
    assert keys.is_air_post("Kunming Changshui International Airport")
    assert keys.is_air_post("Bandara Soekarno-Hatta")
    assert not keys.is_air_post("Poipet International Checkpoint")
    assert not keys.is_air_post("Mae Sai") and not keys.is_air_post(None) and not keys.is_air_post("")


def _rows() -> StoreRows:
    """A van across Poipet and Aranyaprathet (four people, two of them one person's records), a
    flight, a second van trip a week later, and a sealed person in a van of her own."""
    return StoreRows(
        persons=[PersonRow(i, ("KHM",), i == 9) for i in range(1, 10)],
        crossings=[
            # The van: each traveller leaves Cambodia and enters Thailand with the same plate.
            CrossingRow(1, 1, T0, "Exit", POIPET, "2B-4821"),
            CrossingRow(2, 1, T0 + timedelta(minutes=25), "Entry", ARANYA, "2B-4821"),
            CrossingRow(3, 2, T0 + timedelta(minutes=1), "Exit", POIPET, "2B-4821"),
            CrossingRow(4, 2, T0 + timedelta(minutes=26), "Entry", ARANYA, "2b 4821"),
            CrossingRow(5, 3, T0 + timedelta(minutes=2), "Exit", POIPET, "2B-4821"),
            # The same van a week later, with someone else.
            CrossingRow(6, 4, T0 + timedelta(days=7), "Exit", POIPET, "2B 4821"),
            # A flight: the PNR ties its passengers but is no vehicle.
            CrossingRow(7, 5, T0 + timedelta(days=2), "Exit", AIRPORT, "K7Q2M9"),
            CrossingRow(8, 6, T0 + timedelta(days=2, minutes=1), "Exit", AIRPORT, "K7Q2M9"),
            # Irregular crossings leave no ref; a sealed person's own van.
            CrossingRow(9, 7, T0 + timedelta(days=3), "Entry", "Myawaddy"),
            CrossingRow(10, 9, T0 + timedelta(days=4), "Entry", POIPET, "3C-7707"),
        ],
    )


def test_land_plates_become_vehicles_with_their_crossings() -> None:
    net = build_graph(_rows(), {1: "P-a", 8: "P-a"})
    assert net.nodes_of("vehicle") == ["vehicle:2B4821", "vehicle:3C7707"]
    van = net.graph.nodes["vehicle:2B4821"]
    assert van["kind"] == "vehicle" and van["records"] == 6 and van["posts"] == (ARANYA, POIPET)
    rides = {u: d for u, v, d in net.edges_of(m.TRAVELLED_IN) if v == "vehicle:2B4821"}
    assert set(rides) == {"person:P-a", "person:2", "person:3", "person:4"}
    assert rides["person:P-a"]["evidence"] == ("border_crossing:1", "border_crossing:2")
    assert rides["person:P-a"]["count"] == 2
    assert rides["person:P-a"]["first"] == T0.isoformat()
    assert rides["person:P-a"]["last"] == (T0 + timedelta(minutes=25)).isoformat()
    assert rides["person:2"]["evidence"] == ("border_crossing:3", "border_crossing:4")
    assert rides["person:4"]["first"] == rides["person:4"]["last"] == (T0 + timedelta(days=7)).isoformat()
    # The flight ties its passengers, as before, but makes no vehicle; the irregular crossing neither.
    assert "booking" in net.edge("person:5", "person:6", m.TRAVELLED_WITH)["basis"]
    assert not [v for u, v, _ in net.edges_of(m.TRAVELLED_IN) if u in ("person:5", "person:6", "person:7")]
    assert "vehicle:K7Q2M9" not in net.graph
    # travelled_with by booking is unchanged by vehicles.
    assert net.edge("person:P-a", "person:3", m.TRAVELLED_WITH) is not None
    plain = build_graph(_rows(), {1: "P-a", 8: "P-a"}, options=BuildOptions(crossing_window=None))
    assert {(u, v) for u, v, _ in plain.edges_of(m.TRAVELLED_WITH)} == {
        (u, v) for u, v, d in net.edges_of(m.TRAVELLED_WITH) if "booking" in d["basis"]
    }


def test_vehicles_are_things_in_analysis() -> None:
    rows = _rows()
    # Without the shared booking or the window, only the van ties person 4 to the first party.
    rows.crossings[5] = CrossingRow(6, 4, T0 + timedelta(days=7), "Exit", POIPET, "2B.4821")
    net = build_graph(rows, options=BuildOptions(crossing_window=None))
    assert net.edge("person:1", "person:4", m.TRAVELLED_WITH) is None
    comps = person_components(net)
    assert comps[0] == ["person:1", "person:2", "person:3", "person:4"]
    summary = summarise(net)
    assert summary.nodes_by_kind["vehicle"] == 2 and summary.edges_by_type["travelled_in"] == 5
    assert summary.largest_components[0] == 5  # four persons and their van
    assert [b.node for b in brokers(net, kinds=("vehicle",))] == ["vehicle:2B4821"]
    assert all(b.kind == "person" for b in summary.brokers)


def test_ftm_vehicles_validate_and_follow_the_privacy_of_phones() -> None:
    net = build_graph(_rows())
    entities = {p.id: p for p in ftm_entities(net)}
    for proxy in entities.values():
        assert proxy.schema.validate(proxy.to_dict()) is None
        for prop in proxy.schema.required:
            assert proxy.get(prop), (proxy.schema.name, prop)
        for prop, value in proxy.itervalues():
            if prop.type.name == "entity":
                assert value in entities
                assert entities[value].schema.is_a(prop.range)
    [van] = [p for p in entities.values() if p.schema.name == "Vehicle"]
    assert van.get("registrationNumber") == ["2B4821"]
    rides = [p for p in entities.values() if p.schema.name == "UnknownLink"]
    assert len(rides) == 4 and all(r.get("object") == [van.id] for r in rides)
    assert {r.first("role") for r in rides} == {"travelled in"}
    assert {r.first("summary") for r in rides} == {"border crossings: 2", "border crossings: 1"}
    assert {entities[r.first("subject")].schema.name for r in rides} == {"Person"}
    # The sealed person's van is left out, as her phone would be; PNRs never appear.
    text = json.dumps([p.to_dict() for p in entities.values()])
    assert "3C7707" not in text and "K7Q2M9" not in text
    # With names revealed (the audited path), her van and her link to it appear.
    revealed = list(ftm_entities(net, {n: [] for n in net.nodes_of("person")}))
    plates = sorted(p.first("registrationNumber") for p in revealed if p.schema.name == "Vehicle")
    assert plates == ["2B4821", "3C7707"]
    buf = io.StringIO()
    assert write_ftm(net, buf) == len(entities)
    for line in buf.getvalue().splitlines():
        model.get_proxy(json.loads(line))


def test_graphml_picture_and_section_show_vehicles() -> None:
    net = build_graph(_rows())
    g = graphml_graph(net)
    assert g.nodes["vehicle:2B4821"]["label"] == "vehicle"
    assert g.nodes["vehicle:2B4821"]["posts"] == f"{ARANYA};{POIPET}"
    out = io.BytesIO()
    nx.write_graphml(g, out)
    svg = network_svg(net, max_components=1)
    root = ET.fromstring(svg)
    titles = [t.text for t in root.iter("{http://www.w3.org/2000/svg}title")]
    assert "vehicle" in titles and "travelled_in" in titles
    assert "2B4821" not in svg and "4821" not in svg
    html = network_section(net).html
    assert "<td>vehicles</td><td>2</td>" in html and "<td>travelled in</td><td>5</td>" in html
    assert "4821" not in html and "vehicles" in html.split("</p>", 1)[0]
