"""The REST API end to end, on SQLite and PostgreSQL: token, cases, scope, workflow, audit."""

from __future__ import annotations

from sqlalchemy import select
from tests.api.fixtures import ORG_B, SUSPECT, VICTIM, World, password

from tipnet.store.tables.people import Person
from tipnet.store.tables.security import AuditEvent, PersonSecret

ISSUE_EXAMPLE = {
    "cas_Status": "Open",
    "persons": [
        {
            "role": "victim",
            "prs_FirstName": "Srey",
            "prs_SecondName": "Mom",
            "prs_Birthdate": "1990-05-01",
            "prs_Gender": "Feminine",
            "prs_Citizenship": ["KHM"],
        }
    ],
}


def test_token_then_create_read_list(world: World) -> None:
    c = world.client
    resp = c.post("/api/auth/token", data={"username": "case_worker", "password": password("case_worker")})
    assert resp.status_code == 200
    body = resp.json()
    assert body["token_type"] == "bearer" and body["access_token"]
    h = {"Authorization": f"Bearer {body['access_token']}"}
    created = c.post("/api/cases", json=ISSUE_EXAMPLE, headers=h)
    assert created.status_code == 201, created.text
    case_id = created.json()["id"]
    got = c.get(f"/api/cases/{case_id}", headers=h)
    assert got.status_code == 200
    case = got.json()
    assert case["cas_Status"] == "Active"  # "Open" is an alias of HTCDS Active
    victim = case["persons"][0]
    assert victim["role"] == "Victim"
    assert (victim["prs_FirstName"], victim["prs_SecondName"], victim["prs_Birthdate"]) == (
        "Srey",
        "Mom",
        "1990-05-01",
    )
    assert victim["prs_Citizenship"] == ["KHM"] and victim["prs_Gender"] == "Feminine"
    listed = c.get("/api/cases", headers=h).json()
    assert [x["id"] for x in listed] == [case_id]


def test_victim_identity_is_encrypted_at_rest(world: World) -> None:
    resp = world.client.post("/api/cases", json=ISSUE_EXAMPLE, headers=world.h("case_worker"))
    assert resp.status_code == 201
    with world.engine.connect() as conn:
        person = conn.execute(select(Person)).one()
        secret = conn.execute(select(PersonSecret)).one()
    assert person.prs_FirstName is None and person.prs_SecondName is None and person.prs_Birthdate is None
    assert person.birth_year == 1990 and person.prs_Gender == "Feminine"
    assert b"Srey" not in secret.ciphertext and b"1990-05-01" not in secret.ciphertext


def test_without_token_401_and_other_org_404(world: World) -> None:
    c = world.client
    case_id = c.post("/api/cases", json=ISSUE_EXAMPLE, headers=world.h("case_worker")).json()["id"]
    assert c.get(f"/api/cases/{case_id}").status_code == 401
    assert c.get("/api/cases").status_code == 401
    assert c.post("/api/cases", json=ISSUE_EXAMPLE).status_code == 401
    assert c.get(f"/api/cases/{case_id}", headers={"Authorization": "Bearer forged"}).status_code == 401
    other = world.h("b_case_worker")
    assert c.get(f"/api/cases/{case_id}", headers=other).status_code == 404
    assert c.get("/api/cases/999999", headers=other).status_code == 404
    assert c.get("/api/cases", headers=other).json() == []


def test_bad_values_are_422(world: World) -> None:
    h = world.h("case_worker")
    bad = [
        {"cas_Status": "Sideways"},
        {"persons": [{**VICTIM, "prs_Gender": "Robot"}]},
        {"persons": [{**VICTIM, "prs_Birthdate": "1990-13-01"}]},
        {"persons": [{**VICTIM, "prs_Citizenship": ["XYZ"]}]},
        {"persons": [{**VICTIM, "role": "boss"}]},
        {"persons": [{**VICTIM, "unknown_field": 1}]},
    ]
    for body in bad:
        assert world.client.post("/api/cases", json=body, headers=h).status_code == 422, body


def test_whole_workflow_across_two_organisations(world: World) -> None:
    c, h = world.client, world.h("case_worker")
    case_id = c.post("/api/cases", json={"persons": [VICTIM, SUSPECT]}, headers=h).json()["id"]
    case = c.get(f"/api/cases/{case_id}", headers=h).json()
    victim = next(p["id"] for p in case["persons"] if p["role"] == "Victim")
    suspect = next(p["id"] for p in case["persons"] if p["role"] == "Suspect")

    assessment = c.post(
        f"/api/cases/{case_id}/persons/{victim}/assessments",
        json={
            "indicators": [
                "dr_nature_of_job",
                "dr_wages",
                "ec_excessive_hours",
                "ec_low_salary",
                "cd_documents",
                "cd_isolation",
            ],
            "acts": ["recruitment"],
            "forced_labour": ["fl_deception", "fl_documents"],
        },
        headers=h,
    )
    assert assessment.status_code == 201, assessment.text
    assert assessment.json()["suggestion"] == "likely"
    assert assessment.json()["forced_labour"]["count"] == 2
    # The suggestion does not set the status: the case worker decides.
    assert c.get(f"/api/cases/{case_id}", headers=h).json()["persons"][0]["vic_TraffickingStatus"] is None
    decided = c.patch(
        f"/api/cases/{case_id}/persons/{victim}",
        json={"vic_TraffickingStatus": "PossibleVictimOfTrafficking"},
        headers=h,
    )
    assert decided.status_code == 204

    # No referral out before the victim consents to sharing.
    refer = {"org": ORG_B, "reason": "AdditionalServicesRequired"}
    assert c.post(f"/api/cases/{case_id}/referrals", json=refer, headers=h).status_code == 403
    assert c.get(f"/api/cases/{case_id}/export", headers=h).status_code == 403
    consent = c.post(f"/api/cases/{case_id}/persons/{victim}/consents", json={"con_Consent": True}, headers=h)
    assert consent.status_code == 201
    referral = c.post(f"/api/cases/{case_id}/referrals", json=refer, headers=h)
    assert referral.status_code == 201 and referral.json()["status"] == "pending"
    ref_id = referral.json()["id"]

    b = world.h("b_case_worker")
    seen = c.get(f"/api/cases/{case_id}", headers=b)
    assert seen.status_code == 200 and seen.json()["access"] == "referred" and not seen.json()["writable"]
    plan = {"spl_Type": "Health", "spl_PlannedEndDate": "2027-03-01"}
    assert (
        c.post(f"/api/cases/{case_id}/persons/{victim}/support-plans", json=plan, headers=b).status_code
        == 403
    )
    assert c.patch(f"/api/referrals/{ref_id}", json={"status": "accepted"}, headers=h).status_code == 403
    assert c.patch(f"/api/referrals/{ref_id}", json={"status": "accepted"}, headers=b).status_code == 200
    plan_resp = c.post(f"/api/cases/{case_id}/persons/{victim}/support-plans", json=plan, headers=b)
    assert plan_resp.status_code == 201
    fu = c.post(
        f"/api/cases/{case_id}/persons/{victim}/follow-ups",
        json={"due_on": "2027-01-15", "kind": "home visit", "support_plan_id": plan_resp.json()["id"]},
        headers=b,
    )
    assert fu.status_code == 201
    assert (
        c.patch(
            f"/api/cases/{case_id}/follow-ups/{fu.json()['id']}", json={"done_on": "2027-01-16"}, headers=b
        ).status_code
        == 204
    )
    assert c.patch(f"/api/referrals/{ref_id}", json={"status": "done"}, headers=b).status_code == 200

    for step in (
        {"stage": "Investigation", "stage_date": "2026-01-10"},
        {"stage": "Prosecution", "stage_date": "2026-03-01"},
        {"stage": "Trial", "stage_date": "2026-09-01", "verdict": "Convicted", "sentence_months": 84},
    ):
        assert (
            c.post(f"/api/cases/{case_id}/persons/{suspect}/proceedings", json=step, headers=h).status_code
            == 201
        )
    bad = {"stage": "Investigation", "verdict": "Convicted"}
    assert (
        c.post(f"/api/cases/{case_id}/persons/{suspect}/proceedings", json=bad, headers=h).status_code == 422
    )
    assert (
        c.post(
            f"/api/cases/{case_id}/persons/{victim}/proceedings", json={"stage": "Trial"}, headers=h
        ).status_code
        == 422
    )

    full = c.get(f"/api/cases/{case_id}", headers=h).json()
    v = next(p for p in full["persons"] if p["role"] == "Victim")
    s = next(p for p in full["persons"] if p["role"] == "Suspect")
    assert v["vic_TraffickingStatus"] == "PossibleVictimOfTrafficking"
    assert v["support_plans"][0]["spl_Type"] == "Health" and v["follow_ups"][0]["done_on"] == "2027-01-16"
    assert [p["stage"] for p in s["proceedings"]] == ["Investigation", "Prosecution", "Trial"]
    assert s["proceedings"][-1]["verdict"] == "Convicted" and s["proceedings"][-1]["sentence_months"] == 84
    assert full["referrals"][0]["status"] == "done"
    assert c.get(f"/api/cases/{case_id}/export", headers=h).status_code == 200
    assert c.get("/api/stats", headers=world.h("partner")).json()["verdicts"] == {"Convicted": 1}


def test_search_in_khmer_and_latin_and_duplicate_warning(world: World) -> None:
    c, h = world.client, world.h("case_worker")
    first = c.post("/api/cases", json={"persons": [VICTIM]}, headers=h).json()["id"]
    other = c.post("/api/cases", json={"persons": [{**SUSPECT, "role": "suspect"}]}, headers=h).json()["id"]
    assert [x["id"] for x in c.get("/api/cases", params={"q": "សុខ"}, headers=h).json()] == [first]
    assert [x["id"] for x in c.get("/api/cases", params={"q": "dara"}, headers=h).json()] == [first]
    assert [x["id"] for x in c.get("/api/cases", params={"q": "vuthy"}, headers=h).json()] == [other]
    assert c.get("/api/cases", params={"q": "nobody"}, headers=h).json() == []
    # Another organisation's search never reaches this organisation's victims.
    assert c.get("/api/cases", params={"q": "សុខ"}, headers=world.h("b_case_worker")).json() == []
    again = c.post(
        "/api/cases",
        json={
            "persons": [
                {
                    "role": "victim",
                    "prs_FirstName": "Sok",
                    "prs_SecondName": "Dara",
                    "prs_Birthdate": "1990-05-01",
                }
            ]
        },
        headers=h,
    )
    assert again.status_code == 201
    assert again.json()["duplicates"] and again.json()["duplicates"][0]["case_id"] == first


def test_audit_log_records_reads_and_is_admin_only(world: World) -> None:
    c, h = world.client, world.h("case_worker")
    case_id = c.post("/api/cases", json=ISSUE_EXAMPLE, headers=h).json()["id"]
    c.get(f"/api/cases/{case_id}", headers={**h, "X-Purpose": "follow-up visit"})
    c.get("/api/cases", params={"q": "srey"}, headers=h)
    assert c.get("/api/audit", headers=h).status_code == 403
    events = c.get("/api/audit", headers=world.h("admin")).json()
    actions = [(e["actor"], e["action"], e["object_type"]) for e in events]
    assert ("case_worker", "create", "case") in actions
    assert ("case_worker", "view", "case") in actions
    assert ("case_worker", "search", "case_list") in actions
    view = next(e for e in events if e["action"] == "view" and e["object_type"] == "case")
    assert view["reason"] == "follow-up visit" and view["object_id"] == str(case_id)
    # No personal data in the log: neither the name searched for nor the victim's.
    text = str(events).lower()
    assert "srey" not in text and "mom" not in text
    with world.engine.connect() as conn:
        assert conn.execute(select(AuditEvent)).all()


def test_assessment_keeps_its_former_path_and_date_name(world: World) -> None:
    """Clients written before the interview was called an assessment still record one: the former
    path (deprecated in the spec) and its date field `screened_on` are read as before."""
    c, h = world.client, world.h("case_worker")
    case_id = c.post("/api/cases", json={"persons": [VICTIM]}, headers=h).json()["id"]
    victim = c.get(f"/api/cases/{case_id}", headers=h).json()["persons"][0]["id"]
    old = c.post(
        f"/api/cases/{case_id}/persons/{victim}/screenings",
        json={"indicators": ["dr_wages"], "screened_on": "2026-01-02"},
        headers=h,
    )
    assert old.status_code == 201, old.text
    new = c.post(
        f"/api/cases/{case_id}/persons/{victim}/assessments",
        json={"indicators": ["dr_wages"], "assessed_on": "2026-01-03"},
        headers=h,
    )
    assert new.status_code == 201, new.text
    person = c.get(f"/api/cases/{case_id}", headers=h).json()["persons"][0]
    assert [a["assessed_on"] for a in person["assessments"]] == ["2026-01-02", "2026-01-03"]
    spec = c.get("/api/openapi.json", headers=h).json()["paths"]
    assert spec["/api/cases/{case_id}/persons/{cp_id}/screenings"]["post"]["deprecated"] is True
    assert not spec["/api/cases/{case_id}/persons/{cp_id}/assessments"]["post"].get("deprecated")
