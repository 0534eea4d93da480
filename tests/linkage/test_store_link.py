"""Linkage on the store (SQLite and PostgreSQL): a simulated scenario resolves into identities that
match the truth, keep their ids on a re-run, split when an analyst rejects a link (and stay split),
with one audit event per run and no personal value in the logs."""

from __future__ import annotations

import logging
from collections import defaultdict
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from tipnet.evaluation.link_records import sim_truth
from tipnet.ingest.folder import ingest_folder
from tipnet.linkage.store_link import run_link
from tipnet.linkage.store_review import identities_by_person
from tipnet.security.sealing import open_many
from tipnet.sim import simulate
from tipnet.store.tables.linkage import IdentityMember, LinkDecision, LinkPair, LinkRun, ResolvedIdentity
from tipnet.store.tables.people import Person
from tipnet.store.tables.security import AuditEvent, PersonSecret
from tipnet.store.tables.sources import Organisation, SourceRecord


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("sim")
    simulate(root, people=150, seed=11)
    return root


def _members(engine: Engine) -> dict[str, str]:
    with Session(engine) as s:
        return dict(s.execute(select(IdentityMember.uid, IdentityMember.identity_id)).all())


def _precision(engine: Engine, truth: dict[tuple[str, str, str], str]) -> tuple[float, int]:
    with Session(engine) as s:
        rows = s.execute(
            select(
                IdentityMember.identity_id,
                SourceRecord.source_type,
                Organisation.code,
                SourceRecord.record_id,
            )
            .join(Person, Person.id == IdentityMember.person_id)
            .join(SourceRecord, SourceRecord.id == Person.source_record_id)
            .join(Organisation, Organisation.id == SourceRecord.org_id)
        ).all()
    groups: dict[str, list[str]] = defaultdict(list)
    for ident, st, org, rid in rows:
        groups[ident].append(truth[(st, org, rid)])
    tp = fp = 0
    for g in groups.values():
        for i in range(len(g)):
            for j in range(i + 1, len(g)):
                tp, fp = (tp + 1, fp) if g[i] == g[j] else (tp, fp + 1)
    return tp / max(1, tp + fp), tp


def _victim_names(engine: Engine) -> list[str]:
    with Session(engine) as s:
        sealed = list(s.scalars(select(PersonSecret.person_id)))
        return [
            str(v)
            for p in open_many(s, sealed).values()
            for k in ("full_name", "prs_FirstName", "name_native")
            if (v := p.get(k)) and len(str(v)) > 3
        ]


@pytest.mark.slow
def test_store_linkage(
    engine: Engine, scenario: Path, data_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    ingest_folder(engine, scenario, data_dir=data_dir)
    caplog.set_level(logging.DEBUG)
    messages: list[str] = []
    first = run_link(engine, actor="tester", reason="test run", progress=messages.append)
    assert first.sealed > 0 and first.persons > 100 and first.links > 0
    precision, true_links = _precision(engine, sim_truth(scenario))
    assert precision >= 0.97 and true_links > 50, precision
    ids1 = _members(engine)
    assert len(ids1) == first.records and all(i.startswith("P-") and len(i) == 12 for i in ids1.values())
    assert any(u.startswith("watchlist:") for u in ids1)
    with Session(engine) as s:
        run = s.get(LinkRun, first.run_id)
        assert run is not None and run.finished_at and run.training_sha256 and len(run.training_uids) > 100
        assert run.model["comparisons"] and run.records == first.records
        assert set(identities_by_person(s).values()) <= set(ids1.values())

    # a second run over the same data keeps every id
    second = run_link(engine, actor="tester", reason="test run")
    assert _members(engine) == ids1 and second.new_ids == 0 and second.kept_ids == second.identities

    # reject the only link of a two-record identity: it splits, and the decision holds on re-runs
    with Session(engine) as s, s.begin():
        sizes: dict[str, list[str]] = defaultdict(list)
        for uid, ident in ids1.items():
            sizes[ident].append(uid)
        pair = next(
            p
            for p in s.scalars(select(LinkPair).where(LinkPair.status == "link").order_by(LinkPair.id))
            if len(sizes[ids1[p.uid_l]]) == 2 and ids1[p.uid_l] == ids1[p.uid_r]
        )
        a, b, kept = pair.uid_l, pair.uid_r, ids1[pair.uid_l]
        s.add(LinkDecision(uid_l=a, uid_r=b, accept=False, actor="tester", decided_at=run.started_at))
    third = run_link(engine, actor="tester", reason="test run")
    ids3 = _members(engine)
    assert ids3[a] != ids3[b] and ids3[min(a, b)] == kept
    assert third.decisions == 1 and third.new_ids == 1
    assert {u: i for u, i in ids3.items() if u not in (a, b)} == {
        u: i for u, i in ids1.items() if u not in (a, b)
    }
    with Session(engine) as s:
        status = s.scalar(select(LinkPair.status).where(LinkPair.uid_l == a, LinkPair.uid_r == b))
        assert status == "rejected"
        assert s.scalar(select(LinkPair.run_id).distinct()) == third.run_id  # previous pairs replaced
        kept_identity = s.get(ResolvedIdentity, kept)
        assert kept_identity is not None and kept_identity.last_run_id == third.run_id
        events = list(s.scalars(select(AuditEvent).where(AuditEvent.object_type == "link_run")))
    assert [e.object_id for e in events] == [str(first.run_id), str(second.run_id), str(third.run_id)]
    assert all(
        e.actor == "tester" and e.reason == "test run" and e.details["sealed_persons"] > 0 for e in events
    )

    names = _victim_names(engine)
    assert names
    logged = caplog.text + "\n".join(messages)
    assert not [n for n in names if n in logged]
