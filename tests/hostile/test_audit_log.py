"""Hostile tests of the audit log (issue 14, "Also found"): another organisation's admin reads nothing
of ours; rows cannot be replaced, and any edit, deletion or reordering breaks a hash chain that
`tipnet audit verify` checks; unauthenticated failures cannot flood it; actor text is normalised."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.exc import DBAPIError, OperationalError
from tests.api.fixtures import ORG_B, VICTIM, World, make_world, password
from typer.testing import CliRunner

from tipnet.cli import app
from tipnet.security import audit, users
from tipnet.security.roles import MATRIX, Perm
from tipnet.security.users import create_user
from tipnet.settings import get_settings
from tipnet.store.engine import make_engine, session_scope, upgrade
from tipnet.store.tables.security import AuditEvent

runner = CliRunner()


@pytest.fixture
def world(engine: Engine) -> World:
    w = make_world(engine)
    with session_scope(engine) as s:
        create_user(s, "b_admin", password("b_admin"), "admin", ORG_B)
    return w


def _case(world: World, who: str = "case_worker") -> int:
    created = world.client.post("/api/cases", json={"persons": [VICTIM]}, headers=world.h(who))
    assert created.status_code == 201, created.text
    return int(created.json()["id"])


def test_another_organisations_admin_reads_none_of_our_events(world: World) -> None:
    c = world.client
    ours = _case(world)
    assert c.get(f"/api/cases/{ours}", headers=world.h("case_worker"), params={}).status_code == 200
    theirs = _case(world, "b_case_worker")

    b_events = c.get("/api/audit", headers=world.h("b_admin"), params={"limit": 1000}).json()
    assert b_events, "B's admin sees B's own events"
    assert {e["actor"] for e in b_events} <= {"b_admin", "b_case_worker"}
    assert str(ours) not in {e["object_id"] for e in b_events if e["object_type"] == "case"}
    # Filtering by our actor or our case finds nothing either.
    for params in ({"actor": "case_worker"}, {"object_type": "case", "object_id": str(ours)}):
        assert c.get("/api/audit", headers=world.h("b_admin"), params=params).json() == []

    a_events = c.get("/api/audit", headers=world.h("admin"), params={"limit": 1000}).json()
    assert any(e["object_type"] == "case" and e["object_id"] == str(ours) for e in a_events)
    assert not any(e["object_type"] == "case" and e["object_id"] == str(theirs) for e in a_events)
    assert "b_case_worker" not in {e["actor"] for e in a_events}


def test_events_of_other_organisations_on_our_cases_are_ours_to_read(world: World) -> None:
    """An event whose actor is elsewhere but which concerns our case (a referral's receiver reading
    it) is shown to us; the same event is shown to the actor's organisation too."""
    ours = _case(world)
    with session_scope(world.engine) as s:
        audit.record(s, "b_case_worker", "view", "case", ours, reason="referred")
    a_events = world.client.get("/api/audit", headers=world.h("admin"), params={"limit": 1000}).json()
    assert any(e["actor"] == "b_case_worker" and e["object_id"] == str(ours) for e in a_events)
    b_events = world.client.get("/api/audit", headers=world.h("b_admin"), params={"limit": 1000}).json()
    assert any(e["actor"] == "b_case_worker" and e["object_id"] == str(ours) for e in b_events)


def test_the_audit_page_is_scoped_too(world: World) -> None:
    from tests.web.test_pages import login

    _case(world)
    login(world.client, "b_admin")
    page = world.client.get("/audit")
    assert page.status_code == 200
    assert ">case_worker<" not in page.text and "b_admin" in page.text


def test_no_role_reads_every_organisation_by_default() -> None:
    assert all(Perm.AUDIT_READ_ALL not in perms for perms in MATRIX.values())


# --- append-only, replace-proof, hash-chained ------------------------------------------------------


def _events(engine: Engine, n: int = 3) -> None:
    with session_scope(engine) as s:
        for i in range(n):
            audit.record(s, "worker", "view", "case", i + 1, reason="test", details={"i": i})


def _verify(engine: Engine) -> audit.Verdict:
    with session_scope(engine) as s:
        return audit.verify(s)


def _replace_statement(dialect: str) -> str:
    cols = "(id, at, actor, action, object_type, object_id, reason, details, prev_hash, row_hash)"
    values = "(1, '2026-01-01 00:00:00', 'nobody', 'view', 'case', '1', NULL, '{}', NULL, NULL)"
    if dialect == "sqlite":
        return f"INSERT OR REPLACE INTO audit_event {cols} VALUES {values}"
    return f"INSERT INTO audit_event {cols} VALUES {values} ON CONFLICT (id) DO UPDATE SET actor = 'nobody'"


def test_conflict_replace_cannot_rewrite_a_row(engine: Engine) -> None:
    _events(engine)
    statements = [_replace_statement(engine.dialect.name)]
    if engine.dialect.name == "sqlite":
        statements.append(statements[0].replace("INSERT OR REPLACE", "REPLACE"))
    for statement in statements:
        with pytest.raises(DBAPIError), engine.begin() as conn:
            conn.execute(text(statement))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT actor FROM audit_event WHERE id = 1")).scalar_one() == "worker"
    assert _verify(engine).broken_at is None


def _drop_guards(engine: Engine) -> None:
    """What someone with full write access to the database can do: the chain must still tell."""
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            for name in ("audit_event_no_update", "audit_event_no_delete", "audit_event_no_replace"):
                conn.execute(text(f"DROP TRIGGER {name}"))
        else:
            conn.execute(text("ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only"))


@pytest.mark.parametrize(
    ("tamper", "broken"),
    [
        ("UPDATE audit_event SET reason = 'innocent' WHERE id = 2", 2),
        ("DELETE FROM audit_event WHERE id = 2", 3),
        ("UPDATE audit_event SET id = id + 100 WHERE id = 1", 2),  # reordered: row 1 moved last
        ("DELETE FROM audit_event WHERE id = 3", None),  # the head: found by the anchor only
    ],
)
def test_the_chain_reports_the_first_broken_row(engine: Engine, tamper: str, broken: int | None) -> None:
    _events(engine)
    intact = _verify(engine)
    assert intact.broken_at is None and intact.rows == 3
    _drop_guards(engine)
    with engine.begin() as conn:
        conn.execute(text(tamper))
    after = _verify(engine)
    assert after.broken_at == broken
    if broken is None:  # truncating the tail keeps a valid chain; the kept head hash shows it
        assert after.head != intact.head


def test_tipnet_audit_verify_exit_codes(store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIPNET_DATABASE_URL", store_url)
    get_settings.cache_clear()
    engine = make_engine(store_url)
    _events(engine)
    ok = runner.invoke(app, ["audit", "verify"])
    assert ok.exit_code == 0 and "intact: 3 events" in ok.output
    _drop_guards(engine)
    with engine.begin() as conn:
        conn.execute(text("UPDATE audit_event SET actor = 'someone-else' WHERE id = 2"))
    engine.dispose()
    bad = runner.invoke(app, ["audit", "verify"])
    assert bad.exit_code == 1 and "BROKEN at audit event 2" in bad.output


def test_concurrent_appenders_keep_one_chain(engine: Engine) -> None:
    errors: list[Exception] = []

    def append(worker: int) -> None:
        for i in range(10):
            for _ in range(50):  # SQLite: a writer whose snapshot went stale retries
                try:
                    with session_scope(engine) as s:
                        audit.record(s, f"w{worker}", "view", "case", i)
                        audit.record(s, f"w{worker}", "view", "case", i)
                    break
                except OperationalError as exc:
                    errors.append(exc)

    threads = [threading.Thread(target=append, args=(w,)) for w in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    verdict = _verify(engine)
    assert verdict.broken_at is None and verdict.rows == 120


def test_existing_rows_are_chained_and_scoped_on_upgrade(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    upgrade(engine, "0004")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO organisation (code, org_Name) VALUES ('ORG', 'Org')"))
        conn.execute(
            text(
                "INSERT INTO user_account (username, password_hash, role, org_id, active) "
                "VALUES ('worker', 'x', 'case_worker', 1, 1)"
            )
        )
        for i in range(4):
            conn.execute(
                text(
                    "INSERT INTO audit_event (at, actor, action, object_type, object_id, details) "
                    "VALUES ('2026-11-30 10:00:00.000001', :actor, 'view', 'case', :id, :d)"
                ),
                {"actor": "worker" if i else "cli", "id": str(i), "d": f'{{"case": {i}}}'},
            )
    upgrade(engine)
    verdict = _verify(engine)
    assert verdict.broken_at is None and verdict.rows == 4
    _events(engine, 1)  # new rows chain onto the migrated ones
    assert _verify(engine).rows == 5
    with engine.connect() as conn:
        cases = conn.execute(text("SELECT case_id FROM audit_event ORDER BY id")).scalars().all()
    assert cases[:4] == [0, 1, 2, 3]
    engine.dispose()


# --- unauthenticated floods, actor text ------------------------------------------------------------


def test_unauthenticated_failures_do_not_flood_the_log(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(users, "burn_time", lambda _given: None)  # unknown accounts: no argon2 wait
    world = make_world(engine, roles=("admin",))
    for i in range(60):
        r = world.client.post("/api/auth/token", data={"username": f"nobody{i}", "password": "guess-guess"})
        assert r.status_code in (401, 429)
    with session_scope(engine) as s:
        logged = s.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.object_type == "login")
        )
    assert logged <= 2  # one per address per minute (two if the run straddles a minute)


def test_actor_text_is_normalised_and_bounded(engine: Engine) -> None:
    world = make_world(engine, roles=("admin",))
    evil = "\x1b[31madmin\u202e\x00\r\n" + "A" * 100_000
    r = world.client.post("/api/auth/token", data={"username": evil, "password": "guess-guess"})
    assert r.status_code == 401
    with session_scope(engine) as s:
        audit.record(s, "x\u200b\ty\u2066", "view", "case", 1)
        actors = s.scalars(select(AuditEvent.actor)).all()
    assert actors and all(len(a) <= 100 for a in actors)
    assert all(ch.isprintable() for a in actors for ch in a)
    assert "x y" in actors
