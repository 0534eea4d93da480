"""The offline queue's idempotency receipts attacked over HTTP, on SQLite and PostgreSQL: a form
queued by one account and sent by another (its key, its whole body, its receipt), a key sent again
with other entries (the Back button restores a page with its used key: the second form was taken
for the first and silently dropped), and queued forms that reach the server after their sender lost
the case (the referral that gave access done, the case closed). Nothing is applied that the sender
may not do now, no receipt is left by a refused form, and no answer points at another account's
case."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select, update
from tests.api.fixtures import make_world
from tests.web.test_my_work import _consent, _new_case, _refer
from tests.web.test_pages import login

from tipnet.security.config import security_settings
from tipnet.store.tables.cases import FollowUp, Referral
from tipnet.store.tables.security import FormReceipt, UserAccount

QUEUED = {"X-Tipnet-Queued": "1"}


def _follow_ups(engine: Engine, cp: int) -> int:
    with engine.connect() as conn:
        stmt = select(func.count()).select_from(FollowUp).where(FollowUp.case_person_id == cp)
        return int(conn.scalar(stmt) or 0)


def _receipts(engine: Engine, username: str) -> list[tuple[str, str | None]]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(FormReceipt.key, FormReceipt.location)
            .join(UserAccount, UserAccount.id == FormReceipt.user_id)
            .where(UserAccount.username == username)
            .order_by(FormReceipt.id)
        ).all()
    return [(r.key, r.location) for r in rows]


def _two(engine: Engine) -> tuple[TestClient, str, TestClient, str]:
    w = make_world(engine, roles=("case_worker",))
    a = w.client
    ta = login(a, "case_worker")
    b = TestClient(a.app, base_url="https://testserver")
    tb = login(b, "b_case_worker")
    return a, ta, b, tb


def test_a_key_is_its_senders_own(engine: Engine) -> None:
    a, ta, b, tb = _two(engine)
    case_a, cp_a = _new_case(a, ta, "Sreymom")
    case_b, cp_b = _new_case(b, tb, "Chenda")
    key = str(uuid.uuid4())
    today = date.today().isoformat()
    url_a = f"/cases/{case_a}/persons/{cp_a}/follow-ups"
    body_a = {"csrf_token": ta, "due_on": today, "notes": "visit", "idempotency_key": key}
    first = a.post(url_a, data=body_a, headers=QUEUED, follow_redirects=False)
    assert first.status_code == 303 and _follow_ups(engine, cp_a) == 1
    receipt_a = _receipts(engine, "case_worker")
    assert [k for k, _ in receipt_a] == [key]

    # The first account's queued body (its CSRF token, its key) sent from the other account's
    # session: refused on the token, nothing applied, no receipt, no location of the first case.
    stolen = b.post(url_a, data=body_a, headers=QUEUED, follow_redirects=False)
    assert stolen.status_code == 403 and "location" not in stolen.headers
    # With the thief's own token: the case is not in its scope (the same answer as no case); the
    # first account's receipt does not answer for it ("already applied" would name the case's page).
    replay = b.post(url_a, data={**body_a, "csrf_token": tb}, headers=QUEUED, follow_redirects=False)
    assert replay.status_code == 404 and "x-tipnet-already-applied" not in replay.headers
    assert f"/cases/{case_a}" not in replay.headers.get("location", "")
    assert _receipts(engine, "b_case_worker") == []

    # Another account sending the same key with its own form: its form is applied (the key is not
    # "already applied" for it), and it is not sent to the first account's case.
    url_b = f"/cases/{case_b}/persons/{cp_b}/follow-ups"
    body_b = {"csrf_token": tb, "due_on": today, "notes": "visit", "idempotency_key": key}
    mine = b.post(url_b, data=body_b, headers=QUEUED, follow_redirects=False)
    assert mine.status_code == 303 and "x-tipnet-already-applied" not in mine.headers
    assert mine.headers["location"].startswith(f"/cases/{case_b}")
    assert _follow_ups(engine, cp_b) == 1
    again = b.post(url_b, data=body_b, headers=QUEUED, follow_redirects=False)
    assert again.headers.get("x-tipnet-already-applied") == "1"
    assert again.headers["location"] == mine.headers["location"] and _follow_ups(engine, cp_b) == 1

    assert _follow_ups(engine, cp_a) == 1
    assert _receipts(engine, "case_worker") == receipt_a  # untouched
    assert [k for k, _ in _receipts(engine, "b_case_worker")] == [key]  # its own form's only


def test_a_used_key_with_other_entries_is_refused_not_dropped(engine: Engine) -> None:
    """The Back button restores the case page with the key its first follow-up was sent with; the
    worker enters a second follow-up and sends it. It was answered "already applied" and dropped."""
    a, ta, _b, _tb = _two(engine)
    case_id, cp = _new_case(a, ta, "Sreymom")
    key = str(uuid.uuid4())
    url = f"/cases/{case_id}/persons/{cp}/follow-ups"
    first = {
        "csrf_token": ta,
        "due_on": date.today().isoformat(),
        "notes": "first visit",
        "idempotency_key": key,
    }
    assert a.post(url, data=first, follow_redirects=False).status_code == 303
    second = {**first, "notes": "second visit, with her mother"}
    refused = a.post(url, data=second, follow_redirects=False)
    assert refused.status_code == 422 and "x-tipnet-already-applied" not in refused.headers
    assert "sent before with other entries" in refused.text  # said on the page, in the user's words
    assert _follow_ups(engine, cp) == 1
    # In Khmer too.
    km = a.post(url + "?lang=km", data=second, follow_redirects=False)
    assert km.status_code == 422 and "ផ្ញើរួចហើយជាមួយព័ត៌មានផ្សេង" in km.text
    # The same key on another form's address (mark a follow-up done): refused as well.
    with engine.connect() as conn:
        fu = conn.scalar(select(FollowUp.id).where(FollowUp.case_person_id == cp))
    done = a.post(
        f"/cases/{case_id}/follow-ups/{fu}/done",
        data={"csrf_token": ta, "idempotency_key": key},
        follow_redirects=False,
    )
    assert done.status_code == 422
    with engine.connect() as conn:
        assert conn.scalar(select(FollowUp.done_on).where(FollowUp.id == fu)) is None
    # The first form itself again: still "already applied"; the second with a fresh key: applied.
    same = a.post(url, data=first, follow_redirects=False)
    assert same.status_code == 303 and same.headers.get("x-tipnet-already-applied") == "1"
    fresh = a.post(url, data={**second, "idempotency_key": str(uuid.uuid4())}, follow_redirects=False)
    assert fresh.status_code == 303 and _follow_ups(engine, cp) == 2
    assert len(_receipts(engine, "case_worker")) == 2


def test_queued_forms_of_a_case_lost_meanwhile_are_refused(engine: Engine) -> None:
    """The shelter holds an accepted referral and queues a follow-up offline; before it is sent the
    sender marks the referral done (the shelter may no longer change the case). The owner queues one
    too, and the case is closed before it arrives. Both refused, nothing applied, no receipt: sent
    again, they are refused again (never "already applied")."""
    a, ta, b, tb = _two(engine)
    case_id, cp = _new_case(a, ta, "Sreymom")
    _consent(a, ta, case_id, cp)
    _refer(a, ta, case_id)
    with engine.connect() as conn:
        ref = conn.scalar(select(Referral.id).where(Referral.case_id == case_id))
    accepted = b.post(
        f"/cases/{case_id}/referrals/{ref}",
        data={"csrf_token": tb, "status": "accepted"},
        follow_redirects=False,
    )
    assert accepted.status_code == 303, accepted.text
    url = f"/cases/{case_id}/persons/{cp}/follow-ups"
    today = date.today().isoformat()
    # While the referral is accepted, the shelter's form goes in (the route works for it).
    ok = {"csrf_token": tb, "due_on": today, "notes": "shelter visit", "idempotency_key": str(uuid.uuid4())}
    assert b.post(url, data=ok, headers=QUEUED, follow_redirects=False).status_code == 303
    assert _follow_ups(engine, cp) == 1
    queued_b = {
        "csrf_token": tb,
        "due_on": today,
        "notes": "shelter, later",
        "idempotency_key": str(uuid.uuid4()),
    }

    done = a.post(
        f"/cases/{case_id}/referrals/{ref}", data={"csrf_token": ta, "status": "done"}, follow_redirects=False
    )
    assert done.status_code == 303, done.text
    for _ in range(2):
        late = b.post(url, data=queued_b, headers=QUEUED, follow_redirects=False)
        assert late.status_code in (403, 404), late.status_code
        assert "x-tipnet-already-applied" not in late.headers
        assert "shelter, later" not in late.text  # the refused form's note is not echoed into a page
    assert _follow_ups(engine, cp) == 1
    assert len(_receipts(engine, "b_case_worker")) == 1  # the form that went in only

    # The owner's own queued form; the case closed before it arrives.
    queued_a = {
        "csrf_token": ta,
        "due_on": today,
        "notes": "owner, later",
        "idempotency_key": str(uuid.uuid4()),
    }
    closed = a.post(
        f"/cases/{case_id}/status",
        data={
            "csrf_token": ta,
            "cas_Status": "Closed",
            "cas_ReasonForCaseClosure": "reintegrated",
            "confirm": "yes",
        },
        follow_redirects=False,
    )
    assert closed.status_code == 303, closed.text
    for _ in range(2):
        late = a.post(url, data=queued_a, headers=QUEUED, follow_redirects=False)
        assert late.status_code in (403, 422) and "x-tipnet-already-applied" not in late.headers
    assert _follow_ups(engine, cp) == 1
    assert _receipts(engine, "case_worker") == []


def test_receipts_older_than_any_session_are_pruned_at_sign_in(engine: Engine) -> None:
    """Receipts only answer a form sent again by its own session (the form carries that session's
    CSRF token): the table does not grow for ever. At sign-in, the account's receipts older than the
    longest session go; another account's, and the recent ones, stay."""
    a, ta, b, tb = _two(engine)
    case_id, cp = _new_case(a, ta, "Sreymom")
    case_b, cp_b = _new_case(b, tb, "Chenda")
    url = f"/cases/{case_id}/persons/{cp}/follow-ups"
    keys = [str(uuid.uuid4()) for _ in range(2)]
    for key in keys:
        body = {"csrf_token": ta, "due_on": date.today().isoformat(), "notes": key, "idempotency_key": key}
        assert a.post(url, data=body, follow_redirects=False).status_code == 303
    body_b = {"csrf_token": tb, "due_on": date.today().isoformat(), "idempotency_key": keys[0]}
    assert (
        b.post(f"/cases/{case_b}/persons/{cp_b}/follow-ups", data=body_b, follow_redirects=False).status_code
        == 303
    )
    old = datetime.now(UTC).replace(tzinfo=None) - timedelta(hours=security_settings().session_hours + 1)
    with engine.begin() as conn:
        conn.execute(update(FormReceipt).where(FormReceipt.key == keys[0]).values(received_at=old))
    login(a, "case_worker")
    assert [k for k, _ in _receipts(engine, "case_worker")] == [keys[1]]
    assert [k for k, _ in _receipts(engine, "b_case_worker")] == [keys[0]]  # not its sign-in
