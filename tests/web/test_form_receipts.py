"""A form sent with an idempotency key is applied once (the offline queue may send it twice), on
SQLite and PostgreSQL: the second sending changes nothing, writes no audit event and is sent where
the first went; a refused form leaves no receipt (corrected, it goes in); a malformed key is
refused; two sendings racing in two transactions: the database's unique constraint lets one in.
Signing out destroys the session's queue secret, and the secret is never given without a session."""

from __future__ import annotations

import threading
import uuid
from datetime import date

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session
from tests.api.fixtures import make_world
from tests.web.test_my_work import _new_case
from tests.web.test_pages import login

from tipnet.security import receipts
from tipnet.store.tables.cases import FollowUp
from tipnet.store.tables.security import AuditEvent, FormReceipt, UserAccount, UserSession


def _counts(engine: Engine, cp: int) -> tuple[int, int]:
    with engine.connect() as conn:
        rows = conn.scalar(select(func.count()).select_from(FollowUp).where(FollowUp.case_person_id == cp))
        audited = conn.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.object_type == "follow_up", AuditEvent.action == "create")
        )
    return int(rows or 0), int(audited or 0)


def test_a_form_sent_twice_is_applied_once(engine: Engine) -> None:
    w = make_world(engine, roles=("case_worker",))
    c = w.client
    token = login(c, "case_worker")
    case_id, cp = _new_case(c, token, "Sreymom")
    key = str(uuid.uuid4())
    form = {"csrf_token": token, "due_on": date.today().isoformat(), "notes": "visit", "idempotency_key": key}
    url = f"/cases/{case_id}/persons/{cp}/follow-ups"

    first = c.post(url, data=form, headers={"X-Tipnet-Queued": "1"}, follow_redirects=False)
    assert first.status_code == 303 and "done=follow_up_added" in first.headers["location"]
    assert _counts(engine, cp) == (1, 1)
    again = c.post(url, data=form, headers={"X-Tipnet-Queued": "1"}, follow_redirects=False)
    assert again.status_code == 303 and again.headers["location"] == first.headers["location"]
    assert again.headers["x-tipnet-already-applied"] == "1"
    assert _counts(engine, cp) == (1, 1)  # no second row, no second audit event

    # Refused (a bad date): no receipt, so the corrected form with the same key goes in.
    other = str(uuid.uuid4())
    bad = c.post(url, data={**form, "idempotency_key": other, "due_on": "31/12"}, follow_redirects=False)
    assert bad.status_code == 422
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(FormReceipt).where(FormReceipt.key == other)) == 0
    good = c.post(url, data={**form, "idempotency_key": other}, follow_redirects=False)
    assert good.status_code == 303 and "x-tipnet-already-applied" not in good.headers
    assert _counts(engine, cp) == (2, 2)

    # The CSRF token is checked as online: a queued form without it (or with another session's) is
    # refused, nothing applied, no receipt.
    for token_given in ("", "not-this-sessions-token"):
        forged = {**form, "idempotency_key": str(uuid.uuid4()), "csrf_token": token_given}
        assert c.post(url, data=forged, headers={"X-Tipnet-Queued": "1"}).status_code == 403
    assert _counts(engine, cp) == (2, 2)
    # A malformed key: refused, nothing applied.
    odd = c.post(url, data={**form, "idempotency_key": "x' or 1=1"}, follow_redirects=False)
    assert odd.status_code == 422 and _counts(engine, cp) == (2, 2)
    # Without a session, the queue secret is not given; a queued post is answered 401, not a page.
    key_page = c.get("/offline/key")
    assert key_page.status_code == 200 and len(key_page.json()["key"]) == 64
    assert key_page.headers["cache-control"] == "no-store"
    c.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert c.get("/offline/key", follow_redirects=False).status_code == 401  # no redirect to sign-in
    assert c.post(url, data=form, headers={"X-Tipnet-Queued": "1"}, follow_redirects=False).status_code == 401
    with engine.connect() as conn:
        live = conn.scalar(
            select(func.count()).where(UserSession.queue_key.is_not(None), UserSession.revoked)
        )
    assert live == 0  # a revoked session keeps no queue secret


def test_two_sendings_racing_one_applied(engine: Engine) -> None:
    """The first sending's transaction holds the receipt (not yet committed) when the second claims
    the same key: the second waits, then fails on the unique constraint (PostgreSQL: a unique
    violation; SQLite: the write lock, then the constraint) and is answered as already applied."""
    make_world(engine, roles=("case_worker",))
    with Session(engine) as s:
        user = s.scalar(select(UserAccount.id).where(UserAccount.username == "case_worker"))
    assert user is not None
    key = str(uuid.uuid4())
    outcome: list[str] = []
    claimed = threading.Event()

    def second() -> None:
        claimed.wait(10)
        try:
            with Session(engine) as s, s.begin():
                receipts.claim(s, user, key, "/cases/1/persons/1/follow-ups", "0" * 64)
            outcome.append("applied twice")
        except (IntegrityError, OperationalError) as exc:
            outcome.append(type(exc).__name__)

    thread = threading.Thread(target=second)
    thread.start()
    with Session(engine) as s, s.begin():
        receipts.claim(s, user, key, "/cases/1/persons/1/follow-ups", "0" * 64)
        claimed.set()
        thread.join(0.5)  # the second is blocked behind this transaction
        assert outcome == [] or outcome == ["OperationalError"]
    thread.join(15)
    assert outcome and outcome[0] != "applied twice", outcome
    with Session(engine) as s:
        assert s.scalar(select(func.count()).select_from(FormReceipt).where(FormReceipt.key == key)) == 1
        assert receipts.seen(s, user, key) is not None


@pytest.mark.parametrize("bad", ["short", "a" * 65, "with space in it 1234", "ünïcödé-key-0123456"])
def test_malformed_keys(bad: str) -> None:
    from tipnet.errors import Invalid

    with pytest.raises(Invalid):
        receipts.key_of(bad)
    assert receipts.key_of("") is None and receipts.key_of(str(uuid.uuid4())) is not None
