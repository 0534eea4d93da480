"""Hostile test of the referral-id existence oracle (issue 14, "Also found"): a referral of another
organisation answers exactly like a referral that does not exist."""

from __future__ import annotations

from sqlalchemy import Engine
from tests.api.fixtures import ORG_B, VICTIM, make_world, password

from tipnet.security.users import create_user
from tipnet.store.engine import session_scope
from tipnet.store.tables.sources import Organisation


def test_another_organisations_referral_answers_like_none(engine: Engine) -> None:
    world = make_world(engine)
    with session_scope(engine) as s:
        s.add(Organisation(code="NGO-C", org_Name="NGO C", org_Type="NGO"))
        s.flush()
        create_user(s, "c_case_worker", password("c_case_worker"), "case_worker", "NGO-C")
    c, h = world.client, world.h("case_worker")
    case = c.post("/api/cases", json={"persons": [VICTIM]}, headers=h).json()
    person = case["persons"][0]["id"] if "persons" in case else None
    if person is None:
        person = c.get(f"/api/cases/{case['id']}", headers=h).json()["persons"][0]["id"]
    consent = c.post(
        f"/api/cases/{case['id']}/persons/{person}/consents", json={"con_Consent": True}, headers=h
    )
    assert consent.status_code == 201, consent.text
    referral = c.post(
        f"/api/cases/{case['id']}/referrals",
        json={"org": ORG_B, "reason": "AdditionalServicesRequired"},
        headers=h,
    )
    assert referral.status_code == 201, referral.text
    outsider = world.h("c_case_worker")
    for status in ("accepted", "done"):
        existing = c.patch(
            f"/api/referrals/{referral.json()['id']}", json={"status": status}, headers=outsider
        )
        missing = c.patch("/api/referrals/999999", json={"status": status}, headers=outsider)
        assert (existing.status_code, existing.json()) == (missing.status_code, missing.json())
        assert existing.status_code == 404
