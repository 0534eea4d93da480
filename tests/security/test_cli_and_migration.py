"""`tipnet user add` (password on standard input), `tipnet keys`, and migrations 0002 and 0005 both ways."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine, insert, inspect, select, text
from typer.testing import CliRunner

from tipnet.cli import app
from tipnet.security.passwords import verify_password
from tipnet.store.engine import current_revision, downgrade, make_engine, session_scope, upgrade
from tipnet.store.tables.cases import Case, CasePerson, VictimAssessment
from tipnet.store.tables.people import Person
from tipnet.store.tables.security import UserAccount
from tipnet.store.tables.sources import Organisation

runner = CliRunner()


def test_user_add_reads_password_from_stdin(store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIPNET_DATABASE_URL", store_url)
    from tipnet.settings import get_settings

    get_settings.cache_clear()
    result = runner.invoke(
        app, ["user", "add", "alice", "--role", "case_worker", "--org", "MOSVY"], input="a-long-password\n"
    )
    assert result.exit_code == 0, result.output
    assert "a-long-password" not in result.output
    engine = make_engine(store_url)
    with session_scope(engine) as session:
        user = session.scalar(select(UserAccount).where(UserAccount.username == "alice"))
        assert user is not None and user.role == "case_worker"
        assert verify_password(user.password_hash, "a-long-password")
        assert session.scalar(select(Organisation.code).where(Organisation.id == user.org_id)) == "MOSVY"
    engine.dispose()
    bad_role = runner.invoke(
        app, ["user", "add", "bob", "--role", "root", "--org", "MOSVY"], input="a-long-password\n"
    )
    assert bad_role.exit_code == 2
    short = runner.invoke(app, ["user", "add", "bob", "--role", "admin", "--org", "MOSVY"], input="short\n")
    assert short.exit_code == 2
    listed = runner.invoke(app, ["user", "list"])
    assert "alice\tcase_worker\tMOSVY\tactive" in listed.output


def test_keys_rotate_command(store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIPNET_DATABASE_URL", store_url)
    from tipnet.settings import get_settings

    get_settings.cache_clear()
    assert runner.invoke(app, ["keys", "status"]).exit_code == 0
    result = runner.invoke(app, ["keys", "rotate", "--index"])
    assert result.exit_code == 0, result.output
    assert "re-indexed" in result.output
    status = runner.invoke(app, ["keys", "status"])
    assert "current version 2" in status.output


def test_migration_0002_down_and_up(engine: Engine) -> None:
    assert current_revision(engine) is not None
    downgrade(engine, "0001")
    assert "user_account" not in inspect(engine).get_table_names()
    upgrade(engine)
    assert {"user_account", "person_secret", "person_blind_index", "victim_assessment", "follow_up"} <= set(
        inspect(engine).get_table_names()
    )


def test_migration_0005_keeps_the_interviews_of_the_screening_table(engine: Engine) -> None:
    """The interview's table `screening` becomes `victim_assessment` with its rows; and back."""
    downgrade(engine, "0004")
    with session_scope(engine) as session:  # tables that 0005 leaves as they are
        # The organisation by its columns of 0004 (later migrations add columns to the ORM's table).
        org_id = session.execute(
            insert(Organisation.__table__).values(code="M5", org_Name="M5")
        ).inserted_primary_key[0]
        case = Case(org_id=org_id, case_ref="R5", source_type="cases")
        person = Person(prs_Citizenship=[])
        session.add_all([case, person])
        session.flush()
        cp = CasePerson(case_id=case.id, person_id=person.id, role="Victim")
        session.add(cp)
        session.flush()
        cp_id = cp.id
        session.execute(
            text(
                "INSERT INTO screening (case_person_id, screened_on, interviewer, is_child, answers, result)"
                " VALUES (:cp, '2026-01-02', 'w', false, '{}', '{}')"
            ),
            {"cp": cp_id},
        )
    upgrade(engine)
    tables = set(inspect(engine).get_table_names())
    assert "victim_assessment" in tables and "screening" not in tables
    with session_scope(engine) as session:
        row = session.scalars(select(VictimAssessment)).one()
        assert (row.case_person_id, row.assessed_on, row.interviewer) == (cp_id, date(2026, 1, 2), "w")
    downgrade(engine, "0004")
    assert "screening" in set(inspect(engine).get_table_names())
    upgrade(engine)
