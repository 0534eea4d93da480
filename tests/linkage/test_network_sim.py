"""The network of a small simulated multi-agency store: it builds, its vans are vehicles and its flights
are not, and its exports hold no victim names."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from followthemoney import model
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from tipnet.demo.network import network_section
from tipnet.ingest.folder import ingest_folder
from tipnet.linkage.network import build_network, keys, summarise, write_ftm
from tipnet.linkage.network import model as m
from tipnet.security.sealing import open_many
from tipnet.sim import simulate
from tipnet.store.tables.cases import CasePerson
from tipnet.store.tables.crossings import BorderCrossing


@pytest.mark.slow
def test_simulated_store(engine: Engine, tmp_path: Path, data_dir: Path) -> None:
    simulate(tmp_path / "sim", people=150, seed=11)
    ingest_folder(engine, tmp_path / "sim", data_dir=data_dir)
    with Session(engine) as session:
        net = build_network(session)
        victims = list(session.scalars(select(CasePerson.person_id).where(CasePerson.role == "Victim")))
        names = [
            str(p[k])
            for p in open_many(session, victims).values()
            for k in ("full_name", "prs_FirstName")
            if p.get(k)
        ]
        crossings = {
            f"border_crossing:{cid}": (post, ref)
            for cid, post, ref in session.execute(
                select(BorderCrossing.id, BorderCrossing.border_post, BorderCrossing.booking_ref)
            )
        }
    summary = summarise(net)
    assert summary.nodes_by_kind["person"] == summary.person_records > 0
    assert summary.edges_by_type.get("holds_document", 0) > 0 and summary.edges_by_type.get("paid", 0) > 0
    assert summary.persons_by_role.get("victim", 0) == len({net.person_node(v) for v in victims})
    # The simulator's land crossings carry van plates, its flights PNRs: only the vans are vehicles.
    vehicles = net.nodes_of("vehicle")
    land_refs = {keys.plate_key(r) for p, r in crossings.values() if r and not keys.is_air_post(p)}
    air_refs = {keys.plate_key(r) for p, r in crossings.values() if r and keys.is_air_post(p)}
    assert vehicles and {v.removeprefix("vehicle:") for v in vehicles} == land_refs
    assert not air_refs & land_refs and air_refs  # both kinds of crossing were simulated
    rides = net.edges_of(m.TRAVELLED_IN)
    assert {v for _, v, _ in rides} == set(vehicles)
    for u, v, data in rides:
        assert net.graph.nodes[u]["kind"] == "person" and data["first"] and data["count"] >= 1
        for ref in data["evidence"]:
            post, booking = crossings[ref]
            assert not keys.is_air_post(post) and f"vehicle:{keys.plate_key(booking)}" == v
    assert summary.nodes_by_kind["vehicle"] == len(vehicles)
    assert summary.edges_by_type.get("travelled_with", 0) > 0
    buf = io.StringIO()
    write_ftm(net, buf)
    schemata = set()
    for line in buf.getvalue().splitlines():
        proxy = model.get_proxy(json.loads(line))
        assert proxy.schema.validate(proxy.to_dict()) is None
        schemata.add(proxy.schema.name)
    assert "Vehicle" in schemata and "UnknownLink" in schemata
    assert not [r for r in air_refs if r in buf.getvalue()]
    html = network_section(net, summary).html
    assert names and not [n for n in names if n in buf.getvalue() or n in html]
