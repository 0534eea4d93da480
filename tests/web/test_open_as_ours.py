"""An accepted referral opened as the receiver's own case, linked to the sender's: the same victims
(the same person records, identities not copied), assigned to whoever opened it, once per referral,
only by the receiver, audited. SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import Engine, select
from tests.web.test_my_work import _consent, _new_case, _refer, _world

from tipnet.store.tables.cases import Case, CasePerson, Referral
from tipnet.store.tables.security import AuditEvent


def test_open_an_accepted_referral_as_our_case(engine: Engine) -> None:
    w, a, ta, b, tb = _world(engine)
    case_id, cp = _new_case(a, ta, "Mala")
    _consent(a, ta, case_id, cp)
    _refer(a, ta, case_id)
    with w.engine.connect() as conn:
        ref = conn.execute(select(Referral.id)).scalar_one()
    url = f"/cases/{case_id}/referrals/{ref}/open"
    assert b.post(url, data={"csrf_token": tb}).status_code == 403  # still pending
    b.post(f"/cases/{case_id}/referrals/{ref}", data={"csrf_token": tb, "status": "accepted"})
    assert f'id="open-as-ours-{ref}"' in b.get(f"/cases/{case_id}").text
    assert a.post(url, data={"csrf_token": ta}).status_code == 403  # the sender does not
    resp = b.post(url, data={"csrf_token": tb, "why": "shelter intake"}, follow_redirects=False)
    assert resp.status_code == 303, resp.text
    new_id = int(resp.headers["location"].split("?")[0].rsplit("/", 1)[1])
    page = b.get(f"/cases/{new_id}").text
    assert 'id="opened-from"' in page and f'href="/cases/{case_id}"' in page and "REF-Mala" in page
    assert (
        "Mala" in page.split('class="person-name">')[1][:40]
    )  # the same person, identity shown to the receiver
    assert 'id="summary-assignee">b_case_worker<' in page
    assert f'id="our-case-{ref}"' in b.get(f"/cases/{case_id}").text
    assert b.post(url, data={"csrf_token": tb}).status_code == 422  # once per referral
    with w.engine.connect() as conn:
        owner = conn.execute(select(Case.org_id).where(Case.id == new_id)).scalar_one()
        sender = conn.execute(select(Case.org_id).where(Case.id == case_id)).scalar_one()
        people = {
            c: p
            for c, p in conn.execute(
                select(CasePerson.case_id, CasePerson.person_id).where(CasePerson.role == "Victim")
            )
        }
        created = conn.execute(
            select(AuditEvent).where(AuditEvent.case_id == new_id, AuditEvent.action == "create")
        ).all()
    assert owner != sender and people[new_id] == people[case_id]
    assert created[0].details == {"persons": 1, "from_referral": ref, "linked_case": case_id}
    assert created[0].reason == "shelter intake"
    # The new case is the shelter's own: in its list, under "My cases".
    assert ">REF-Mala-R" in b.get("/cases?only=mine").text
