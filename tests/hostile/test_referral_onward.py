"""Issue 14, "Also found": an organisation that accepted a referral provides its services on the case
but neither refers the case onward (to a third organisation, or as an "incoming" referral it records)
nor adds persons to it; only the organisation that opened the case widens its circle."""

from __future__ import annotations

from sqlalchemy import Engine, func, select
from tests.api.fixtures import ORG_B, VICTIM, make_world, password
from tests.web.test_pages import login

from tipnet.security.users import create_user
from tipnet.store.engine import session_scope
from tipnet.store.tables.cases import CasePerson, Referral
from tipnet.store.tables.sources import Organisation


def test_receiver_of_an_accepted_referral_cannot_widen_the_case(engine: Engine) -> None:
    world = make_world(engine, roles=("case_worker",))
    with session_scope(engine) as s:
        s.add(Organisation(code="NGO-C", org_Name="NGO C", org_Type="NGO"))
        s.flush()
        create_user(s, "c_case_worker", password("c_case_worker"), "case_worker", "NGO-C")
    c, owner, receiver = world.client, world.h("case_worker"), world.h("b_case_worker")
    case_id = c.post("/api/cases", json={"persons": [VICTIM]}, headers=owner).json()["id"]
    victim = c.get(f"/api/cases/{case_id}", headers=owner).json()["persons"][0]["id"]
    consent = {"con_Consent": True, "scope": "sharing"}
    assert (
        c.post(f"/api/cases/{case_id}/persons/{victim}/consents", json=consent, headers=owner).status_code
        == 201
    )
    ref = c.post(
        f"/api/cases/{case_id}/referrals",
        json={"org": ORG_B, "reason": "AdditionalServicesRequired"},
        headers=owner,
    )
    assert ref.status_code == 201, ref.text
    assert (
        c.patch(
            f"/api/referrals/{ref.json()['id']}", json={"status": "accepted"}, headers=receiver
        ).status_code
        == 200
    )
    seen = c.get(f"/api/cases/{case_id}", headers=receiver).json()
    assert seen["access"] == "referred" and seen["writable"]  # it works on the case ...

    # ... but cannot pass it on to a third organisation, nor record it as coming from one,
    onward = c.post(
        f"/api/cases/{case_id}/referrals",
        json={"org": "NGO-C", "reason": "AdditionalServicesRequired"},
        headers=receiver,
    )
    assert onward.status_code == 403, onward.text
    incoming = c.post(
        f"/api/cases/{case_id}/referrals",
        json={"org": "NGO-C", "direction": "in", "reason": "AdditionalServicesRequired"},
        headers=receiver,
    )
    assert incoming.status_code in (403, 422), incoming.text
    # ... nor add persons to it (neither a victim, whose identity it would seal into the case, nor a suspect),
    added = c.post(
        f"/api/cases/{case_id}/persons", json={**VICTIM, "prs_FirstName": "Other"}, headers=receiver
    )
    assert added.status_code == 403, added.text
    suspect = {"role": "suspect", "prs_FirstName": "Chan", "prs_SecondName": "Vuthy"}
    assert c.post(f"/api/cases/{case_id}/persons", json=suspect, headers=receiver).status_code == 403
    # ... and the third organisation sees nothing.
    assert c.get(f"/api/cases/{case_id}", headers=world.h("c_case_worker")).status_code == 404
    with session_scope(engine) as s:
        assert s.scalar(select(func.count()).select_from(Referral).where(Referral.case_id == case_id)) == 1
        assert (
            s.scalar(select(func.count()).select_from(CasePerson).where(CasePerson.case_id == case_id)) == 1
        )
    # The receiver still provides its services: a support plan is fine.
    plan = c.post(
        f"/api/cases/{case_id}/persons/{victim}/support-plans", json={"spl_Type": "Health"}, headers=receiver
    )
    assert plan.status_code == 201, plan.text
    # The owner still refers on and adds persons.
    assert c.post(f"/api/cases/{case_id}/persons", json=suspect, headers=owner).status_code == 201
    third = c.post(
        f"/api/cases/{case_id}/referrals",
        json={"org": "NGO-C", "reason": "AdditionalServicesRequired"},
        headers=owner,
    )
    assert third.status_code == 201, third.text


def test_receiver_pages_offer_no_onward_referral_or_new_person(engine: Engine) -> None:
    """The case page of the receiving organisation has no refer or add-person form."""
    world = make_world(engine, roles=("case_worker",))
    c, owner, receiver = world.client, world.h("case_worker"), world.h("b_case_worker")
    case_id = c.post("/api/cases", json={"persons": [VICTIM]}, headers=owner).json()["id"]
    victim = c.get(f"/api/cases/{case_id}", headers=owner).json()["persons"][0]["id"]
    c.post(
        f"/api/cases/{case_id}/persons/{victim}/consents",
        json={"con_Consent": True, "scope": "sharing"},
        headers=owner,
    )
    ref = c.post(f"/api/cases/{case_id}/referrals", json={"org": ORG_B}, headers=owner).json()
    c.patch(f"/api/referrals/{ref['id']}", json={"status": "accepted"}, headers=receiver)
    login(c, "b_case_worker")
    page = c.get(f"/cases/{case_id}")
    assert page.status_code == 200
    assert 'id="refer-form"' not in page.text and 'id="add-person"' not in page.text
    assert 'id="incoming-form"' not in page.text
