"""Services with a planned or delivered state and an outcome (OSCaR's): a support plan marked
delivered on a day with its outcome, the outcome sealed like every note (never in the table in clear,
withheld from the analyst), audited; a future day or a second delivery refused beside the field.
SQLite and PostgreSQL."""

from __future__ import annotations

import re
from datetime import date, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from tests.api.fixtures import make_world
from tests.web.test_my_work import _new_case
from tests.web.test_pages import login

from tipnet.store.tables.cases import FollowUp, SupportPlan
from tipnet.store.tables.security import AuditEvent


def test_a_service_is_planned_then_delivered_with_its_outcome(engine: Engine) -> None:
    w = make_world(engine, roles=("case_worker", "analyst"))
    a = w.client
    ta = login(a, "case_worker")
    case_id, cp = _new_case(a, ta, "Mala")
    planned = (date.today() + timedelta(days=30)).isoformat()
    resp = a.post(
        f"/cases/{case_id}/persons/{cp}/support-plans",
        data={
            "csrf_token": ta,
            "spl_Type": "LabourExploitationRehabilitation",
            "spl_PlannedEndDate": planned,
        },
        follow_redirects=False,
    )
    assert resp.status_code == 303, resp.text
    page = a.get(f"/cases/{case_id}").text
    assert 'data-state="planned"' in page and f"Planned, until {planned}" in page
    with w.engine.connect() as conn:
        plan_id = conn.execute(select(SupportPlan.id)).scalar_one()
    url = f"/cases/{case_id}/support-plans/{plan_id}/delivered"
    future = (date.today() + timedelta(days=2)).isoformat()
    bad = a.post(url, data={"csrf_token": ta, "done_on": future, "notes": "x"})
    assert bad.status_code == 422 and f'id="spl-done-{plan_id}-on-error"' in bad.text
    day = (date.today() - timedelta(days=1)).isoformat()
    outcome = "vocational course finished, working in Battambang"
    resp = a.post(url, data={"csrf_token": ta, "done_on": day, "notes": outcome}, follow_redirects=False)
    assert resp.status_code == 303 and "done=plan_delivered" in resp.headers["location"]
    page = a.get(f"/cases/{case_id}").text
    assert 'data-state="delivered"' in page and f"Delivered on {day}" in page and outcome in page
    assert a.post(url, data={"csrf_token": ta}).status_code == 422  # delivered already
    with w.engine.connect() as conn:
        notes = conn.execute(select(FollowUp.kind, FollowUp.notes, FollowUp.done_on)).all()
        events = conn.execute(
            select(AuditEvent.action, AuditEvent.object_type).where(AuditEvent.case_id == case_id)
        ).all()
    assert [(k, n, str(d)) for k, n, d in notes] == [("outcome", None, day)]  # sealed: not in clear
    assert ("update", "support_plan") in events and ("create", "follow_up") in events
    km = a.get(f"/cases/{case_id}?lang=km").text
    assert "បានផ្តល់នៅថ្ងៃ" in km
    analyst = TestClient(a.app, base_url="https://testserver")
    login(analyst, "analyst")
    seen = analyst.get(f"/cases/{case_id}").text
    assert 'data-state="delivered"' in seen and outcome not in seen
    assert not re.search(r'id="spl-done-\d+"', seen)  # the analyst cannot change it
