"""Passwords, throttling, sessions, the append-only audit log, the permission matrix."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from tipnet.security import audit, sessions
from tipnet.security.passwords import hash_password, verify_password
from tipnet.security.roles import MATRIX, Perm, Role, allowed
from tipnet.security.users import Throttled, UserError, authenticate, create_user
from tipnet.store.engine import session_scope


@pytest.mark.argon2
def test_argon2id_hashes() -> None:
    hashed = hash_password("correct horse battery")
    assert hashed.startswith("$argon2id$")
    # argon2-cffi's defaults, RFC 9106's second recommended option (the rest of the suite hashes cheaply)
    assert hashed.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert verify_password(hashed, "correct horse battery")
    assert not verify_password(hashed, "correct horse batterx")
    assert not verify_password("garbage", "x")
    with pytest.raises(ValueError):
        hash_password("short")


def test_matrix_denies_by_default() -> None:
    assert not allowed("nobody", Perm.CASE_READ)
    assert MATRIX[Role.PARTNER] == {Perm.STATS_READ}
    assert MATRIX[Role.FIU_ANALYST] == {
        Perm.STATS_READ,
        Perm.LINK_READ,
        Perm.FINANCE_READ,
        Perm.FINANCE_REVIEW,
    }
    assert all(
        Perm.FINANCE_READ not in perms for role, perms in MATRIX.items() if role is not Role.FIU_ANALYST
    )
    assert Perm.AUDIT_READ in MATRIX[Role.ADMIN]
    assert all(Perm.AUDIT_READ not in perms for role, perms in MATRIX.items() if role is not Role.ADMIN)
    assert Perm.PERSON_IDENTIFY not in MATRIX[Role.ANALYST]


def test_throttling_and_sessions(engine: Engine) -> None:
    with session_scope(engine) as s:
        create_user(s, "worker", "a-long-password", "case_worker", "ORG", create_org=True)
        with pytest.raises(UserError):
            create_user(s, "worker", "a-long-password", "case_worker", "ORG")
        with pytest.raises(UserError):
            create_user(s, "other", "a-long-password", "superuser", "ORG")
    for _ in range(5):
        with session_scope(engine) as s:
            assert authenticate(s, "worker", "wrong-password", "10.0.0.1") is None
    with pytest.raises(Throttled), session_scope(engine) as s:
        authenticate(s, "worker", "a-long-password", "10.0.0.1")
    with session_scope(engine) as s:
        s.execute(text("DELETE FROM login_attempt"))
    with session_scope(engine) as s:
        user = authenticate(s, "worker", "a-long-password", "10.0.0.1")
        assert user is not None
        opened = sessions.open_session(s, user, "web")
        assert sessions.resolve(s, opened.token, "web") is not None
        assert sessions.resolve(s, opened.token, "api") is None  # a cookie is not a bearer token
        assert sessions.csrf_ok(opened.csrf_token, opened.csrf_token)
        assert not sessions.csrf_ok(opened.csrf_token, "x") and not sessions.csrf_ok(opened.csrf_token, None)
        sessions.revoke(s, opened.token)
        assert sessions.resolve(s, opened.token, "web") is None


@pytest.mark.parametrize("statement", ["UPDATE audit_event SET actor = 'x'", "DELETE FROM audit_event"])
def test_audit_log_is_append_only_in_the_database(engine: Engine, statement: str) -> None:
    with session_scope(engine) as s:
        audit.record(s, "worker", "view", "case", 1, reason="test")
    with pytest.raises(DBAPIError), engine.begin() as conn:
        conn.execute(text(statement))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT actor FROM audit_event")).scalar_one() == "worker"
