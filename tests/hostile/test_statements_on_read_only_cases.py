"""Duplicate statements ("same person" / "different person", kept as link hints) are a change made
on a case: an organisation that may only read the case (a referral still pending) or a closed case
must not record them. The statements page checked read scope only (load_case), so the receiver of
a pending referral recorded hints against the sender's cases. SQLite and PostgreSQL."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session
from tests.api.fixtures import ORG_B, VICTIM, make_world
from tests.web.test_pages import login

from tipnet.store.tables.linkage import LinkHint


def _hints(engine: Engine) -> int:
    with Session(engine) as s:
        return int(s.scalar(select(func.count()).select_from(LinkHint)) or 0)


def test_a_pending_referrals_receiver_cannot_state_duplicates(engine: Engine) -> None:
    w = make_world(engine, roles=("case_worker",))
    c, h = w.client, w.h("case_worker")
    cases: list[tuple[int, int]] = []
    for ref in ("REF-1", "REF-2"):
        case_id = c.post("/api/cases", json={"case_ref": ref, "persons": [VICTIM]}, headers=h).json()["id"]
        victim = c.get(f"/api/cases/{case_id}", headers=h).json()["persons"][0]["id"]
        consent = c.post(
            f"/api/cases/{case_id}/persons/{victim}/consents", json={"con_Consent": True}, headers=h
        )
        assert consent.status_code == 201
        referral = c.post(
            f"/api/cases/{case_id}/referrals",
            json={"org": ORG_B, "reason": "AdditionalServicesRequired"},
            headers=h,
        )
        assert referral.status_code == 201 and referral.json()["status"] == "pending"
        cases.append((case_id, victim))
    (case_id, cp), (_, other_cp) = cases

    b = TestClient(c.app, base_url="https://testserver")
    tb = login(b, "b_case_worker")
    url = f"/cases/{case_id}/persons/{cp}/duplicates"
    shown = b.get(url)  # reading the likely duplicates is within B's (read) scope
    assert shown.status_code == 200 and re.search(rf'name="dup_{other_cp}" value="same"', shown.text)
    told = b.post(url, data={"csrf_token": tb, f"dup_{other_cp}": "same"}, follow_redirects=False)
    assert told.status_code == 403, told.status_code
    assert _hints(engine) == 0

    # The owner may, and a closed case is read-only for the owner too.
    ta = login(c, "case_worker")
    assert (
        c.post(url, data={"csrf_token": ta, f"dup_{other_cp}": "same"}, follow_redirects=False).status_code
        == 303
    )
    assert _hints(engine) == 1
    closed = c.patch(
        f"/api/cases/{case_id}",
        json={
            "cas_Status": "Closed",
            "cas_ReasonForCaseClosure": "services done",
            "acknowledge_open_work": True,
        },
        headers=h,
    )
    assert closed.status_code in (200, 204), closed.text
    again = c.post(url, data={"csrf_token": ta, f"dup_{other_cp}": "different"}, follow_redirects=False)
    assert again.status_code == 403
    with Session(engine) as s:
        assert s.scalars(select(LinkHint.same_person)).all() == [True]
