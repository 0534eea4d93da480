"""Regression tests from the hostile review of the case pages (issue 19): another organisation's
reader of a case's history, the supervisor's approvals that a case worker must not bypass, a case
opened from a referral, duplicate checks across organisations, the "our case" link, reasons kept
out of URLs. Through the pages and the API, on SQLite and PostgreSQL. Synthetic data."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from tests.api.fixtures import VICTIM, World, make_world
from tests.web.test_my_work import _consent, _new_case, _refer
from tests.web.test_pages import login

from tipnet.cases import approvals
from tipnet.errors import Forbidden
from tipnet.security.users import Principal, create_user
from tipnet.store.engine import session_scope
from tipnet.store.tables.cases import ApprovalRequest, Case, CasePerson, Referral
from tipnet.store.tables.security import AuditEvent, TextSecret, UserAccount
from tipnet.store.tables.sources import Organisation


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


def _require_approvals(cl: dict[str, tuple[TestClient, str]]) -> None:
    adm, tadm = cl["admin"]
    data = {"csrf_token": tadm, "step": ["closure", "trafficking_status"]}
    assert adm.post("/settings/approvals", data=data, follow_redirects=False).status_code == 303


def _statuses(engine: Engine) -> dict[int, str | None]:
    with engine.connect() as conn:
        return dict(conn.execute(select(CasePerson.id, CasePerson.vic_TraffickingStatus)).all())


def _approvals(engine: Engine) -> int:
    with engine.connect() as conn:
        return len(conn.execute(select(ApprovalRequest.id)).all())


def test_a_case_worker_cannot_bypass_the_supervisors_approval(engine: Engine) -> None:
    w, cl = _clients(engine, "case_worker", "admin")
    _require_approvals(cl)
    wk, tw = cl["case_worker"]
    decided = "ActualVictimOfTrafficking"
    # A new case or a new person carrying a decision is refused, naming the field; nothing is written.
    data = {"csrf_token": tw, "role": "victim", "prs_FirstName": "Mala", "vic_TraffickingStatus": decided}
    resp = wk.post("/cases/new", data={**data, "case_ref": "X1"}, follow_redirects=False)
    assert resp.status_code == 422 and _statuses(engine) == {}  # the form offers no such field
    case_id, cp = _new_case(wk, tw, "Srey")
    resp = wk.post(f"/cases/{case_id}/persons", data=data, follow_redirects=False)
    assert resp.status_code == 422 and decided not in _statuses(engine).values()
    h = {**w.h("case_worker"), "X-Purpose": "case work"}
    resp = w.client.post(
        "/api/cases", json={"persons": [{**VICTIM, "vic_TraffickingStatus": decided}]}, headers=h
    )
    assert resp.status_code == 422 and "vic_TraffickingStatus" in resp.text
    resp = w.client.post(
        f"/api/cases/{case_id}/persons", json={**VICTIM, "vic_TraffickingStatus": decided}, headers=h
    )
    assert resp.status_code == 422 and decided not in _statuses(engine).values()
    # A case is not created already closed when closing needs approval.
    resp = w.client.post("/api/cases", json={"cas_Status": "Closed", "persons": [VICTIM]}, headers=h)
    assert resp.status_code == 422 and "cas_Status" in resp.text
    with engine.connect() as conn:
        assert set(conn.execute(select(Case.cas_Status)).scalars()) == {"Active"}

    # A decision approved by a supervisor is not cleared by a worker's null.
    boss = TestClient(w.client.app, base_url="https://testserver")
    ts = login(boss, "supervisor")
    resp = boss.post(
        f"/cases/{case_id}/persons/{cp}/decision",
        data={"csrf_token": ts, "vic_TraffickingStatus": decided},
        follow_redirects=False,
    )
    assert resp.status_code == 303 and _statuses(engine)[cp] == decided
    resp = w.client.patch(
        f"/api/cases/{case_id}/persons/{cp}", json={"vic_TraffickingStatus": None}, headers=h
    )
    assert resp.status_code == 422 and _statuses(engine)[cp] == decided


def test_the_case_owners_approval_policy_binds_a_receiving_organisation(engine: Engine) -> None:
    _, cl = _clients(engine, "case_worker", "admin", "b_case_worker", "supervisor")
    _require_approvals(cl)
    a, ta = cl["case_worker"]
    b, tb = cl["b_case_worker"]
    case_id, cp = _new_case(a, ta, "Mala")
    _consent(a, ta, case_id, cp)
    _refer(a, ta, case_id)
    b.post(
        f"/cases/{case_id}/referrals/{_referral_id(engine)}", data={"csrf_token": tb, "status": "accepted"}
    )
    # SHELTER-B asks for no approvals, NGO-A does: B's worker's decision on A's case waits.
    b.post(
        f"/cases/{case_id}/persons/{cp}/decision",
        data={"csrf_token": tb, "vic_TraffickingStatus": "PossibleVictimOfTrafficking"},
        follow_redirects=False,
    )
    assert _statuses(engine)[cp] is None
    # NGO-A's supervisor answers it.
    boss, ts = cl["supervisor"]
    with engine.connect() as conn:
        req = conn.execute(select(ApprovalRequest.id)).scalar_one()
    assert f'data-approval="{req}"' in boss.get("/work").text
    resp = boss.post(
        f"/approvals/{req}", data={"csrf_token": ts, "status": "approved"}, follow_redirects=False
    )
    assert resp.status_code == 303 and _statuses(engine)[cp] == "PossibleVictimOfTrafficking"


def test_a_case_opened_from_a_referral_is_audited_for_the_sender_and_not_referred_on(engine: Engine) -> None:
    w, cl = _clients(engine, "case_worker", "b_case_worker")
    with session_scope(engine) as s:
        s.add(Organisation(code="ORG-C", org_Name="C", org_Type="NGO"))
    a, ta = cl["case_worker"]
    b, tb = cl["b_case_worker"]
    case_id, cp = _new_case(a, ta, "Mala")
    _consent(a, ta, case_id, cp)
    _refer(a, ta, case_id)
    ref = _referral_id(engine)
    b.post(f"/cases/{case_id}/referrals/{ref}", data={"csrf_token": tb, "status": "accepted"})
    resp = b.post(f"/cases/{case_id}/referrals/{ref}/open", data={"csrf_token": tb}, follow_redirects=False)
    new_id = int(resp.headers["location"].split("?")[0].rsplit("/", 1)[1])
    # The sender's audit names its case: the opening is in its history.
    with engine.connect() as conn:
        seen = conn.execute(
            select(AuditEvent.actor, AuditEvent.details).where(
                AuditEvent.case_id == case_id, AuditEvent.object_type == "referral"
            )
        ).all()
    assert any(actor == "b_case_worker" and (d or {}).get("opened_case") == new_id for actor, d in seen)
    assert "opened_case_id" in a.get(f"/cases/{case_id}/history").text
    # The receiver neither refers the victims on nor exports them, even with consent on its case.
    with engine.connect() as conn:
        bcp = conn.execute(select(CasePerson.id).where(CasePerson.case_id == new_id)).scalar_one()
    _consent(b, tb, new_id, bcp)
    data = {"csrf_token": tb, "org": "ORG-C", "direction": "out", "reason": "AdditionalServicesRequired"}
    resp = b.post(f"/cases/{new_id}/referrals", data=data, follow_redirects=False)
    assert resp.status_code == 403 and "original owner" in resp.text
    with engine.connect() as conn:
        assert len(conn.execute(select(Referral.id)).all()) == 1
    h = {**w.h("b_case_worker"), "X-Purpose": "case work"}
    resp = w.client.post(
        f"/api/cases/{new_id}/referrals",
        json={"org": "ORG-C", "direction": "out", "reason": "AdditionalServicesRequired"},
        headers=h,
    )
    assert resp.status_code == 403 and "original owner" in resp.text
    resp = b.get(f"/cases/{new_id}/export?why=share")
    assert resp.status_code == 403 and "original owner" in resp.text


def test_a_duplicate_check_matching_another_organisations_case_is_in_its_audit(engine: Engine) -> None:
    _, cl = _clients(engine, "case_worker", "admin", "b_case_worker")
    a, ta = cl["case_worker"]
    b, tb = cl["b_case_worker"]
    adm, _ = cl["admin"]
    typed = {"prs_FirstName": "Sok", "prs_SecondName": "Dara", "prs_Birthdate": "1990-05-01"}
    resp = a.post(
        "/cases/new",
        data={"csrf_token": ta, "role": "victim", "case_ref": "A-1", **typed},
        follow_redirects=False,
    )
    case_id = int(resp.headers["location"].split("?")[0].rsplit("/", 1)[1])
    with engine.connect() as conn:
        cp = conn.execute(select(CasePerson.id).where(CasePerson.case_id == case_id)).scalar_one()
    _consent(a, ta, case_id, cp)
    _refer(a, ta, case_id)
    html = b.post("/cases/duplicates", data={"csrf_token": tb, **typed}).text
    assert f'data-case="{case_id}"' in html
    with engine.connect() as conn:
        checks = conn.execute(
            select(AuditEvent.case_id, AuditEvent.details).where(
                AuditEvent.object_type == "duplicate_check", AuditEvent.actor == "b_case_worker"
            )
        ).all()
    assert [c for c, _ in checks] == [case_id] and checks[0][1] == {"case": case_id, "results": 1}
    # The owner's case history and its administrator's audit page (filtered by the case) show the read.
    assert 'data-object="duplicate_check"' in a.get(f"/cases/{case_id}/history").text
    assert "b_case_worker" in adm.get("/audit?case=A-1").text


def test_another_receivers_case_is_not_shown_as_ours(engine: Engine) -> None:
    _, cl = _clients(engine, "case_worker", "b_case_worker")
    with session_scope(engine) as s:
        s.add(Organisation(code="ORG-C", org_Name="C", org_Type="NGO"))
        s.flush()
        create_user(s, "c_case_worker", "pw-c_case_worker-long-enough", "case_worker", "ORG-C")
    c = TestClient(cl["case_worker"][0].app, base_url="https://testserver")
    tc = login(c, "c_case_worker", "pw-c_case_worker-long-enough")
    a, ta = cl["case_worker"]
    b, tb = cl["b_case_worker"]
    case_id, cp = _new_case(a, ta, "Mala")
    _consent(a, ta, case_id, cp)
    _refer(a, ta, case_id)
    data = {"csrf_token": ta, "org": "ORG-C", "direction": "out", "reason": "AdditionalServicesRequired"}
    a.post(f"/cases/{case_id}/referrals", data=data)
    with engine.connect() as conn:
        by_org = dict(
            conn.execute(
                select(Organisation.code, Referral.id).join(Referral, Referral.to_org_id == Organisation.id)
            ).all()
        )
    rb, rc = by_org["SHELTER-B"], by_org["ORG-C"]
    b.post(f"/cases/{case_id}/referrals/{rb}", data={"csrf_token": tb, "status": "accepted"})
    c.post(f"/cases/{case_id}/referrals/{rc}", data={"csrf_token": tc, "status": "accepted"})
    resp = c.post(f"/cases/{case_id}/referrals/{rc}/open", data={"csrf_token": tc}, follow_redirects=False)
    c_case = int(resp.headers["location"].split("?")[0].rsplit("/", 1)[1])
    page = b.get(f"/cases/{case_id}").text
    assert f'id="open-as-ours-{rb}"' in page  # B's own referral: B may open it
    assert f'id="our-case-{rc}"' not in page and f'id="open-as-ours-{rc}"' not in page
    assert f'href="/cases/{c_case}"' not in page


def test_a_reassignments_reason_is_audited_but_never_in_the_url(engine: Engine) -> None:
    _, cl = _clients(engine, "case_worker", "supervisor")
    boss, ts = cl["supervisor"]
    case_id, _ = _new_case(boss, ts, "Mala")
    data = {"csrf_token": ts, "assignee": "case_worker", "why": "Sokha on maternity leave"}
    resp = boss.post(f"/cases/{case_id}/assignee", data=data, follow_redirects=False)
    assert resp.status_code == 303
    location = resp.headers["location"]
    assert "why=" not in location and "maternity" not in location and "done=assigned" in location
    with engine.connect() as conn:
        reasons = conn.execute(
            select(AuditEvent.reason).where(AuditEvent.object_type == "case", AuditEvent.case_id == case_id)
        ).scalars()
        assert "Sokha on maternity leave" in set(reasons)


def _close(c: TestClient, token: str, case_id: int) -> int:
    data = {
        "csrf_token": token,
        "cas_Status": "Closed",
        "cas_ReasonForCaseClosure": "moved in with her aunt in Battambang",
        "confirm": "yes",
    }
    return c.post(f"/cases/{case_id}/status", data=data, follow_redirects=False).status_code


def test_a_rejected_closure_drops_its_reason_and_nobody_approves_their_own_request(engine: Engine) -> None:
    _, cl = _clients(engine, "case_worker", "supervisor", "admin")
    _require_approvals(cl)
    wk, tw = cl["case_worker"]
    boss, ts = cl["supervisor"]
    case_id, _ = _new_case(wk, tw, "Mala")
    assert _close(wk, tw, case_id) == 303

    def sealed() -> int:
        with engine.connect() as conn:
            return len(
                conn.execute(
                    select(TextSecret.id).where(TextSecret.table_name == "case", TextSecret.row_id == case_id)
                ).all()
            )

    assert sealed() == 1
    with engine.connect() as conn:
        req, worker_id, org_id = conn.execute(
            select(ApprovalRequest.id, UserAccount.id, UserAccount.org_id)
            .join(UserAccount, UserAccount.username == ApprovalRequest.requested_by)
            .where(UserAccount.username == "case_worker")
        ).one()
    # The worker, promoted since, does not approve the request they made.
    with session_scope(engine) as s, pytest.raises(Forbidden):
        approvals.decide(s, Principal(worker_id, "case_worker", "supervisor", org_id), req, True)
    data = {"csrf_token": ts, "status": "rejected", "why": "services not finished", "confirm": "yes"}
    assert boss.post(f"/approvals/{req}", data=data, follow_redirects=False).status_code == 303
    assert sealed() == 0  # the closing reason went with the rejected request
    with engine.connect() as conn:
        assert conn.execute(select(Case.cas_Status).where(Case.id == case_id)).scalar_one() == "Active"
