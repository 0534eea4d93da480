"""The screening log: append-only in the database, decisions kept as a history, UTC timestamps;
decisions only by the screening organisation; other organisations' case suspects never named.
Every test runs on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.exc import DBAPIError, StatementError
from sqlalchemy.orm import Session
from tests.api.fixtures import SUSPECT, World, make_world

from tipnet.matching.record import make_record
from tipnet.screening.index import ListEntry, ListInfo, ScreeningIndex
from tipnet.screening.log import record_decision, record_screening
from tipnet.screening.screen import Screener
from tipnet.store.tables.watchlists import WatchlistScreening, WatchlistScreeningDecision


def _logged(engine: Engine) -> int:
    entries = [ListEntry("T1", make_record(["Chen Wei"], birth_date="1980-02-03", nationality="CN"))]
    screener = Screener(ScreeningIndex.build([(ListInfo("traffickers", "1"), entries)]))
    record = make_record("Chen Wei", birth_date="1980-02-03")
    sid = record_screening(engine, record, screener.screen(record), actor="officer-7", channel="border")
    record_decision(engine, sid, "possible_match", actor="officer-7")
    return sid


ATTACKS = [
    "UPDATE watchlist_screening SET actor = 'someone-else'",
    "DELETE FROM watchlist_screening",
    "UPDATE watchlist_screening_hit SET score = 0",
    "DELETE FROM watchlist_screening_hit",
    "UPDATE watchlist_screening_decision SET decision = 'no_match'",
    "DELETE FROM watchlist_screening_decision",
]


@pytest.mark.parametrize("sql", ATTACKS)
def test_the_log_refuses_update_and_delete(engine: Engine, sql: str) -> None:
    _logged(engine)
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
        conn.execute(text(sql))


def test_the_log_refuses_conflict_replace_and_truncate(engine: Engine) -> None:
    sid = _logged(engine)
    if engine.dialect.name == "sqlite":
        attacks = [
            f"INSERT OR REPLACE INTO watchlist_screening_decision (id, screening_id, decision, decided_by, at)"
            f" SELECT id, {sid}, 'no_match', 'x', at FROM watchlist_screening_decision",
            f"REPLACE INTO watchlist_screening (id, at, actor, channel, query_digest, list_versions, threshold,"
            f" hit_count) VALUES ({sid}, '2020-01-01', 'x', 'api', '', '{{}}', 0.5, 0)",
            "INSERT OR REPLACE INTO watchlist_screening_hit SELECT * FROM watchlist_screening_hit",
        ]
    else:
        attacks = [f"TRUNCATE {t} CASCADE" for t in ("watchlist_screening_decision", "watchlist_screening")]
    for sql in attacks:
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
            conn.execute(text(sql))
    with Session(engine) as s:
        row = s.get(WatchlistScreening, sid)
        assert row is not None and row.actor == "officer-7"
        assert [d.decision for d in row.decisions] == ["possible_match"]


def test_decisions_are_a_history_in_utc(engine: Engine) -> None:
    sid = _logged(engine)
    before = datetime.now(UTC)
    record_decision(engine, sid, "confirmed_match", actor="officer-8", note="second look")
    with Session(engine) as s:
        row = s.get(WatchlistScreening, sid)
        assert row is not None
        assert [(d.decision, d.decided_by) for d in row.decisions] == [
            ("possible_match", "officer-7"),
            ("confirmed_match", "officer-8"),
        ]
        assert row.at.tzinfo is UTC and all(d.at.tzinfo is UTC for d in row.decisions)
        assert abs((row.decisions[-1].at - before).total_seconds()) < 60
        s.add(
            WatchlistScreeningDecision(
                screening_id=sid, decision="no_match", decided_by="x", at=datetime.now()
            )
        )
        with pytest.raises(StatementError, match="aware"):  # a naive (local?) time is refused
            s.flush()


@pytest.fixture
def world(engine: Engine) -> World:
    return make_world(engine)


def _screen(world: World, user: str, query: dict[str, object]) -> dict[str, object]:
    resp = world.client.post("/api/screen", json=query, headers=world.h(user))
    assert resp.status_code == 200, resp.text
    return resp.json()


def test_only_the_screening_organisation_decides(world: World) -> None:
    sid = _screen(world, "border_officer", {"name": "Chen Wei"})["screening_id"]
    decision = {"decision": "no_match"}
    other = world.client.post(f"/api/screen/{sid}/decision", json=decision, headers=world.h("b_case_worker"))
    assert other.status_code == 404  # as for a screening that does not exist
    own = world.client.post(f"/api/screen/{sid}/decision", json=decision, headers=world.h("case_worker"))
    assert own.status_code == 204
    with Session(world.engine) as s:
        assert s.scalars(select(WatchlistScreeningDecision.decided_by)).all() == ["case_worker"]
        row = s.get(WatchlistScreening, sid)
        assert row is not None and row.org_id is not None


def test_other_organisations_case_suspects_are_not_named(world: World) -> None:
    c = world.client
    created = c.post("/api/cases", json={"persons": [SUSPECT]}, headers=world.h("case_worker"))
    assert created.status_code == 201, created.text
    query = {"name": "Chan Vuthy"}
    own = _screen(world, "border_officer", query)["hits"]
    assert own and own[0]["list"] == "case-suspects" and own[0]["name"] and own[0]["entry_id"]
    theirs = _screen(world, "b_case_worker", query)["hits"]
    assert theirs and theirs[0]["list"] == "case-suspects" and theirs[0]["withheld"] is True
    assert theirs[0]["entry_id"] is None and theirs[0]["name"] is None and theirs[0]["explanation"] == []
    assert "Vuthy" not in str(theirs) and "Chan" not in str(theirs)
    batch = c.post("/api/screen/batch", json={"travellers": [query]}, headers=world.h("b_case_worker"))
    assert batch.status_code == 200 and "Vuthy" not in batch.text
