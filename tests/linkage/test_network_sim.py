"""The network of a small simulated multi-agency store: it builds, and its exports hold no victim names."""

from __future__ import annotations

import io
import json
from pathlib import Path

from followthemoney import model
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from tipnet.ingest.folder import ingest_folder
from tipnet.linkage.network import build_network, network_section, summarise, write_ftm
from tipnet.security.sealing import open_many
from tipnet.sim import simulate
from tipnet.store.tables import CasePerson


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
    summary = summarise(net)
    assert summary.nodes_by_kind["person"] == summary.person_records > 0
    assert summary.edges_by_type.get("holds_document", 0) > 0 and summary.edges_by_type.get("paid", 0) > 0
    assert summary.persons_by_role.get("victim", 0) == len({net.person_node(v) for v in victims})
    buf = io.StringIO()
    write_ftm(net, buf)
    for line in buf.getvalue().splitlines():
        model.get_proxy(json.loads(line))
    html = network_section(net, summary).html
    assert names and not [n for n in names if n in buf.getvalue() or n in html]
