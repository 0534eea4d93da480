"""Cases assigned to people ("my cases"), reassigned by a supervisor with a reason, each
organisation assigning its own worker; the case page's summary card; the case's history read from
the audit log (views hidden by default, reasons only for those who identify victims, no victim data,
reading it audited). Through the pages, on SQLite and PostgreSQL. Synthetic data."""

from __future__ import annotations

import re
from datetime import date, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import Engine, delete, select
from tests.api.fixtures import make_world
from tests.web.test_my_work import _consent, _new_case, _refer, _section
from tests.web.test_pages import login

from tipnet.store.tables.cases import CaseAssignment, Referral
from tipnet.store.tables.security import AuditEvent, UserAccount


def _events(engine: Engine) -> list[AuditEvent]:
    with engine.connect() as conn:
        return list(conn.execute(select(AuditEvent).order_by(AuditEvent.id)).all())  # type: ignore[arg-type]


def _assignees(engine: Engine, case_id: int) -> dict[int, str]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(CaseAssignment.org_id, UserAccount.username)
            .join(UserAccount, UserAccount.id == CaseAssignment.user_id)
            .where(CaseAssignment.case_id == case_id)
        ).all()
    return {org: name for org, name in rows}


def _user_id(engine: Engine, name: str) -> int:
    with engine.connect() as conn:
        return conn.execute(select(UserAccount.id).where(UserAccount.username == name)).scalar_one()


def _assign(c: TestClient, token: str, case_id: int, who: str, why: str = "") -> int:
    data = {"csrf_token": token, "assignee": who, **({"why": why} if why else {})}
    return c.post(f"/cases/{case_id}/assignee", data=data, follow_redirects=False).status_code


def test_my_cases_and_reassignment_by_a_supervisor(engine: Engine) -> None:
    w = make_world(engine, roles=("case_worker", "supervisor"))
    worker = w.client
    tw = login(worker, "case_worker")
    boss = TestClient(worker.app, base_url="https://testserver")
    ts = login(boss, "supervisor")
    shelter = TestClient(worker.app, base_url="https://testserver")
    tb = login(shelter, "b_case_worker")

    # Whoever opens a case works it: it is in their "my cases", with its next follow-up.
    mine, cp = _new_case(worker, tw, "Mala")
    due = (date.today() - timedelta(days=2)).isoformat()
    worker.post(f"/cases/{mine}/persons/{cp}/follow-ups", data={"csrf_token": tw, "due_on": due})
    theirs, _ = _new_case(boss, ts, "Srey")
    page = worker.get("/work").text
    mine_section = _section(page, "work-mine")
    assert ">REF-Mala<" in mine_section and ">REF-Srey<" not in mine_section
    assert 'class="mine overdue-row"' in mine_section and due in mine_section
    assert re.findall(r">(REF-\w+)</a>", worker.get("/cases?only=mine").text) == ["REF-Mala"]
    assert 'id="work-unassigned"' not in page  # only those who assign see the unassigned cases

    # A worker neither takes a colleague's case nor gives away their own.
    assert _assign(worker, tw, theirs, "case_worker") == 403
    assert _assign(worker, tw, mine, "supervisor", why="holiday") == 403
    assert 'id="assign-form"' not in worker.get(f"/cases/{mine}").text
    assert _assignees(w.engine, theirs) == {1: "supervisor"}

    # The supervisor reassigns: the reason is required (beside its field), then audited.
    resp = boss.post(
        f"/cases/{theirs}/assignee",
        data={"csrf_token": ts, "assignee": "case_worker"},
        follow_redirects=False,
    )
    assert resp.status_code == 422 and 'id="assign-why-error"' in resp.text
    assert '<option value="case_worker" selected>' in resp.text
    assert _assign(boss, ts, theirs, "nobody-here", why="x") == 422
    assert _assign(boss, ts, theirs, "case_worker", why="supervisor on leave") == 303
    assert _assignees(w.engine, theirs) == {1: "case_worker"}
    last = [e for e in _events(w.engine) if e.object_type == "case" and e.action == "update"][-1]
    assert last.reason == "supervisor on leave" and last.case_id == theirs
    assert last.details["assignee"] == [_user_id(w.engine, "supervisor"), _user_id(w.engine, "case_worker")]
    page = worker.get("/work").text
    assert {"REF-Mala", "REF-Srey"} <= set(re.findall(r">(REF-\w+)<", _section(page, "work-mine")))
    assert 'id="summary-assignee">case_worker<' in worker.get(f"/cases/{theirs}").text

    # A case nobody works (as every case opened before assignment existed) is the supervisor's to give.
    with w.engine.begin() as conn:
        conn.execute(delete(CaseAssignment).where(CaseAssignment.case_id == mine))
    assert ">REF-Mala<" in _section(boss.get("/work").text, "work-unassigned")
    assert 'id="take-case"' in worker.get(f"/cases/{mine}").text
    assert _assign(worker, tw, mine, "case_worker") == 303  # taking an unassigned case: no reason needed
    assert ">REF-Mala<" not in boss.get("/work").text.split('id="work-unassigned"')[1].split("</section>")[0]

    # The shelter holding an accepted referral assigns its own worker; NGO A's stays.
    _consent(worker, tw, mine, cp)
    _refer(worker, tw, mine)
    with w.engine.connect() as conn:
        ref = conn.execute(select(Referral.id).where(Referral.case_id == mine)).scalar_one()
    shelter.post(f"/cases/{mine}/referrals/{ref}", data={"csrf_token": tb, "status": "accepted"})
    page = shelter.get(f"/cases/{mine}").text
    assert 'id="summary-assignee">' in page and 'id="take-case"' in page
    assert _assign(shelter, tb, mine, "b_case_worker") == 303
    assert set(_assignees(w.engine, mine).values()) == {"case_worker", "b_case_worker"}
    assert ">REF-Mala<" in _section(shelter.get("/work").text, "work-mine")


def test_summary_card_and_history(engine: Engine) -> None:
    w = make_world(engine, roles=("case_worker", "analyst"))
    a = w.client
    ta = login(a, "case_worker")
    b = TestClient(a.app, base_url="https://testserver")
    login(b, "b_case_worker")
    analyst = TestClient(a.app, base_url="https://testserver")
    login(analyst, "analyst")

    case_id, cp = _new_case(a, ta, "Sreyleak")
    card = _section(a.get(f"/cases/{case_id}").text, "case-summary")
    assert 'data-consented="no"' in card and 'data-decided="0" data-victims="1"' in card
    assert 'id="summary-assignee">case_worker<' in card and 'href="#consent"' in card
    _consent(a, ta, case_id, cp)
    _refer(a, ta, case_id)
    overdue = (date.today() - timedelta(days=3)).isoformat()
    a.post(f"/cases/{case_id}/persons/{cp}/follow-ups", data={"csrf_token": ta, "due_on": overdue})
    resp = a.post(
        f"/cases/{case_id}/persons/{cp}/decision",
        data={
            "csrf_token": ta,
            "vic_TraffickingStatus": "PossibleVictimOfTrafficking",
            "why": "interview done",
        },
        follow_redirects=False,
    )
    assert resp.status_code == 303, resp.text
    card = _section(a.get(f"/cases/{case_id}").text, "case-summary")
    assert 'data-consented="yes"' in card and 'data-decided="1"' in card
    assert 'id="summary-next" class="overdue-text"' in card and overdue in card
    assert "Sent – awaiting SHELTER-B" in card
    # The referral from the receiver's side, in the card and in the referrals' table.
    b_page = b.get(f"/cases/{case_id}").text
    assert "Incoming from NGO-A – awaiting your answer" in _section(b_page, "case-summary")
    assert '<span class="reader-side">Incoming from NGO-A – awaiting your answer</span>' in b_page
    assert '<span class="reader-side">Sent – awaiting SHELTER-B</span>' in a.get(f"/cases/{case_id}").text
    km = _section(a.get(f"/cases/{case_id}?lang=km").text, "case-summary")
    assert "ការតាមដានបន្ទាប់" in km and "Next follow-up" not in km

    # History: changes newest first, from the audit; views hidden unless asked for.
    hist = a.get(f"/cases/{case_id}/history").text
    rows = re.findall(r'class="history-entry" data-action="(\w+)" data-object="(\w+)"', hist)
    assert rows[-1] == ("create", "case") and ("update", "case_person") in rows
    assert (
        ("create", "consent") in rows and ("create", "referral") in rows and ("create", "follow_up") in rows
    )
    assert all(action != "view" for action, _ in rows)
    assert "interview done" in hist and "vic_TraffickingStatus" not in hist  # labels, not field names
    assert "Sreyleak" not in hist.replace("REF-Sreyleak", "")  # no victim data in the history
    with_views = a.get(f"/cases/{case_id}/history?views=1").text
    assert 'data-action="view" data-object="case"' in with_views
    # Reading the history is itself audited, with the case.
    reads = [e for e in _events(w.engine) if e.object_type == "case_history"]
    assert reads and reads[-1].case_id == case_id and reads[-1].action == "view"
    # The analyst reads the history without the reasons (free text: they might name someone).
    seen = analyst.get(f"/cases/{case_id}/history")
    assert seen.status_code == 200 and 'data-object="case_person"' in seen.text
    assert "interview done" not in seen.text
    # Outside the case's circle: no such case.
    other = make_world_client_outside(a)
    assert other.get(f"/cases/{case_id}/history").status_code == 404
    # The shelter answered: the answer is in the sender's history, in Khmer too.
    with w.engine.connect() as conn:
        ref = conn.execute(select(Referral.id).where(Referral.case_id == case_id)).scalar_one()
    tb = login(b, "b_case_worker")
    b.post(f"/cases/{case_id}/referrals/{ref}", data={"csrf_token": tb, "status": "accepted"})
    km_hist = a.get(f"/cases/{case_id}/history?lang=km").text
    assert 'data-action="update" data-object="referral"' in km_hist and "b_case_worker (SHELTER-B)" in km_hist
    assert "បានផ្លាស់ប្តូរ" in km_hist and ">Changed" not in km_hist


def make_world_client_outside(a: TestClient) -> TestClient:
    """A third organisation's worker, who sees nothing of NGO A's cases."""
    from tipnet.security.users import create_user
    from tipnet.store.engine import session_scope
    from tipnet.store.tables.sources import Organisation

    engine = a.app.state.engine
    with session_scope(engine) as session:
        session.add(Organisation(code="OTHER-C", org_Name="Other C", org_Type="NGO"))
        session.flush()
        create_user(session, "c_case_worker", "pw-c_case_worker-long-enough", "case_worker", "OTHER-C")
    c = TestClient(a.app, base_url="https://testserver")
    login(c, "c_case_worker", "pw-c_case_worker-long-enough")
    return c
