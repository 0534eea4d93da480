"""Supervisor approvals, configured per organisation by its administrator: a worker's closing and
trafficking-status decision wait for a supervisor's sign-off (approved: the change is made and
audited; rejected: reason and confirmation, nothing changes); a supervisor's own steps and an
organisation that asks for none take effect at once. Through the pages, SQLite and PostgreSQL."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from tests.api.fixtures import make_world
from tests.web.test_my_work import _new_case, _section
from tests.web.test_pages import login

from tipnet.store.tables.cases import ApprovalRequest, Case, CasePerson
from tipnet.store.tables.security import AuditEvent


def _one(engine: Engine, stmt):  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return conn.execute(stmt).scalar_one()


def _close(c: TestClient, token: str, case_id: int) -> int:
    data = {
        "csrf_token": token,
        "cas_Status": "Closed",
        "cas_ReasonForCaseClosure": "reintegrated",
        "confirm": "yes",
    }
    return c.post(f"/cases/{case_id}/status", data=data, follow_redirects=False).status_code


def _decide(c: TestClient, token: str, case_id: int, cp: int, status: str) -> int:
    data = {"csrf_token": token, "vic_TraffickingStatus": status}
    return c.post(f"/cases/{case_id}/persons/{cp}/decision", data=data, follow_redirects=False).status_code


def test_steps_wait_for_a_supervisor_where_the_organisation_asks(engine: Engine) -> None:
    w = make_world(engine, roles=("case_worker", "supervisor", "admin"))
    worker, boss, admin = w.client, TestClient(w.client.app, base_url="https://testserver"), None
    tw = login(worker, "case_worker")
    ts = login(boss, "supervisor")
    admin = TestClient(w.client.app, base_url="https://testserver")
    tadm = login(admin, "admin")

    # No approvals asked: a worker's closing takes effect at once.
    quick, _ = _new_case(worker, tw, "Quick")
    assert (
        _close(worker, tw, quick) == 303
        and _one(w.engine, select(Case.cas_Status).where(Case.id == quick)) == "Closed"
    )

    # The administrator asks for both; only the administrator may.
    assert worker.get("/settings/approvals").status_code == 403
    resp = admin.post(
        "/settings/approvals",
        data={"csrf_token": tadm, "step": ["closure", "trafficking_status"]},
        follow_redirects=False,
    )
    assert resp.status_code == 303
    page = admin.get("/settings/approvals").text
    assert 'id="step-closure" checked' in page and 'id="step-trafficking_status" checked' in page

    case_id, cp = _new_case(worker, tw, "Mala")
    assert _close(worker, tw, case_id) == 303
    assert _decide(worker, tw, case_id, cp, "PossibleVictimOfTrafficking") == 303
    assert _one(w.engine, select(Case.cas_Status).where(Case.id == case_id)) == "Active"
    assert _one(w.engine, select(CasePerson.vic_TraffickingStatus).where(CasePerson.id == cp)) is None
    page = worker.get(f"/cases/{case_id}").text
    assert page.count('id="awaiting-approval-') == 2
    assert _close(worker, tw, case_id) == 422  # one request at a time
    # A worker may not answer; the supervisor sees both in "My work".
    with w.engine.connect() as conn:
        ids = dict(conn.execute(select(ApprovalRequest.step, ApprovalRequest.id)).all())
    assert (
        worker.post(f"/approvals/{ids['closure']}", data={"csrf_token": tw, "status": "approved"}).status_code
        == 403
    )
    boss_page = boss.get("/work").text
    mine = _section(boss_page, "work-approvals")
    assert 'id="nav-approvals-count">2 to approve<' in boss_page  # on every page's navigation
    assert set(re.findall(r'data-step="(\w+)"', mine)) == {"closure", "trafficking_status"}
    assert 'id="work-approvals"' not in worker.get("/work").text

    # Rejecting needs a reason and a confirmation, then nothing changes.
    resp = boss.post(f"/approvals/{ids['trafficking_status']}", data={"csrf_token": ts, "status": "rejected"})
    assert resp.status_code == 422 and f'id="approval-why-{ids["trafficking_status"]}-error"' in resp.text
    resp = boss.post(
        f"/approvals/{ids['trafficking_status']}",
        data={"csrf_token": ts, "status": "rejected", "why": "interview incomplete", "confirm": "yes"},
        follow_redirects=False,
    )
    assert resp.status_code == 303 and resp.headers["location"] == "/work?done=approval_rejected"
    assert _one(w.engine, select(CasePerson.vic_TraffickingStatus).where(CasePerson.id == cp)) is None
    # Approving the closure closes the case, audited as the change with its approval.
    resp = boss.post(
        f"/approvals/{ids['closure']}", data={"csrf_token": ts, "status": "approved"}, follow_redirects=False
    )
    assert resp.status_code == 303
    assert _one(w.engine, select(Case.cas_Status).where(Case.id == case_id)) == "Closed"
    with w.engine.connect() as conn:
        events = conn.execute(
            select(AuditEvent).where(AuditEvent.case_id == case_id).order_by(AuditEvent.id)
        ).all()
    closing = [
        e for e in events if e.object_type == "case" and e.action == "update" and "approval" in e.details
    ]
    assert (
        closing
        and closing[-1].actor == "supervisor"
        and closing[-1].details["status"] == ["Active", "Closed"]
    )
    assert {
        e.details.get("status")
        for e in events
        if e.object_type == "approval_request" and e.action == "update"
    } == {
        "approved",
        "rejected",
    }
    assert (
        boss.post(f"/approvals/{ids['closure']}", data={"csrf_token": ts, "status": "approved"}).status_code
        == 422
    )
    hist = worker.get(f"/cases/{case_id}/history").text
    assert 'data-object="approval_request"' in hist

    # A supervisor's own decision needs no second signature.
    other, ocp = _new_case(boss, ts, "Dara")
    assert _decide(boss, ts, other, ocp, "PossibleVictimOfTrafficking") == 303
    assert (
        _one(w.engine, select(CasePerson.vic_TraffickingStatus).where(CasePerson.id == ocp))
        == "PossibleVictimOfTrafficking"
    )
    # Through the API: a waiting step is 202 Accepted naming its request, not 204 as if done.
    api_case, _ = _new_case(worker, tw, "Api")
    resp = w.client.patch(
        f"/api/cases/{api_case}",
        json={"cas_Status": "Closed", "cas_ReasonForCaseClosure": "reunited"},
        headers=w.h("case_worker"),
    )
    assert resp.status_code == 202 and resp.headers["X-Approval-Request"].isdigit(), resp.text
    assert _one(w.engine, select(Case.cas_Status).where(Case.id == api_case)) == "Active"
    resp = w.client.patch(f"/api/cases/{other}", json={"cas_Status": "FollowUp"}, headers=w.h("supervisor"))
    assert resp.status_code == 204 and "X-Approval-Request" not in resp.headers
    # In Khmer, the step and the status asked are in Khmer.
    third, _ = _new_case(worker, tw, "Srey")
    _close(worker, tw, third)
    km = _section(boss.get("/work?lang=km").text, "work-approvals")
    assert "ការបិទករណី" in km and "Closing a case" not in km
