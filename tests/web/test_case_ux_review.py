"""Regression tests from the hostile review of the case pages (issue 19): another organisation's
reader of a case's history, the supervisor's approvals that a case worker must not bypass, a case
opened from a referral, duplicate checks across organisations, the "our case" link, reasons kept
out of URLs. Through the pages and the API, on SQLite and PostgreSQL. Synthetic data."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from tests.api.fixtures import World, make_world
from tests.web.test_my_work import _consent, _new_case, _refer
from tests.web.test_pages import login

from tipnet.store.tables.cases import Referral


def _clients(engine: Engine, *roles: str) -> tuple[World, dict[str, tuple[TestClient, str]]]:
    w = make_world(engine, roles=("case_worker", "supervisor", "admin"))
    out: dict[str, tuple[TestClient, str]] = {}
    for user in roles:
        c = TestClient(w.client.app, base_url="https://testserver")
        out[user] = (c, login(c, user))
    return w, out


def _referral_id(engine: Engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(Referral.id)).scalar_one()


def test_a_receiving_organisation_sees_only_its_own_events_in_the_senders_history(engine: Engine) -> None:
    _, cl = _clients(engine, "case_worker", "b_case_worker")
    a, ta = cl["case_worker"]
    b, tb = cl["b_case_worker"]
    case_id, cp = _new_case(a, ta, "Mala")
    _consent(a, ta, case_id, cp)
    a.get(f"/cases/{case_id}?why=calling+Mala+Sok+at+Poipet+shelter")
    a.post(
        f"/cases/{case_id}/persons/{cp}/follow-ups",
        data={"csrf_token": ta, "why": "Mala's mother phoned", "due_on": "2030-01-01"},
    )
    _refer(a, ta, case_id)
    ref = _referral_id(engine)
    b.post(
        f"/cases/{case_id}/referrals/{ref}", data={"csrf_token": tb, "status": "accepted", "why": "bed free"}
    )

    # The owner sees everything, reasons included.
    own = a.get(f"/cases/{case_id}/history?views=1").text
    assert "Poipet" in own and "phoned" in own and "b_case_worker" in own
    # The receiver sees its own accounts' events only: no owner's reasons, views or actions.
    for views in ("", "?views=1"):
        page = b.get(f"/cases/{case_id}/history{views}")
        assert page.status_code == 200
        assert "Poipet" not in page.text and "phoned" not in page.text
        assert "(NGO-A)" not in page.text
        assert "b_case_worker" in page.text and "bed free" in page.text
