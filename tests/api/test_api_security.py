"""SQL injection through every text field and the search, and brute-force throttling, via the API."""

from __future__ import annotations

from sqlalchemy import inspect
from tests.api.fixtures import ORG_B, World, password

INJECTIONS = [
    "'; DROP TABLE person; --",
    '" OR 1=1 --',
    'Robert\'); DELETE FROM "case";--',
    "x' UNION SELECT password_hash FROM user_account --",
    "<script>alert(1)</script>",
]


def test_sql_injection_through_every_text_field_is_stored_as_text(world: World) -> None:
    c, h = world.client, world.h("case_worker")
    for i, evil in enumerate(INJECTIONS):
        person = {
            "role": "victim",
            "prs_Salutation": evil[:100],
            "prs_FirstName": evil,
            "prs_MiddleName": evil,
            "prs_SecondName": evil,
            "name_native": evil,
            "prs_Email": evil,
            "prs_IdentityNumber": evil[:64],
            "phones": [evil[:32]],
        }
        suspect = {"role": "suspect", "prs_FirstName": evil, "per_RoleDetails": evil}
        created = c.post(
            "/api/cases",
            json={"case_ref": f"{evil}-{i}", "persons": [person, suspect]},
            headers=h,
        )
        assert created.status_code == 201, created.text
        case_id = created.json()["id"]
        assert (
            c.patch(f"/api/cases/{case_id}", json={"cas_ReasonForCaseClosure": evil}, headers=h).status_code
            == 204
        )
        case = c.get(f"/api/cases/{case_id}", headers=h).json()
        assert case["case_ref"] == f"{evil}-{i}" and case["cas_ReasonForCaseClosure"] == evil
        victim = next(p for p in case["persons"] if p["role"] == "Victim")
        assert (
            victim["prs_FirstName"] == evil and victim["name_native"] == evil and victim["prs_Email"] == evil
        )
        vid = victim["id"]
        for path, body in (
            (f"/api/cases/{case_id}/persons/{vid}/consents", {"con_Consent": True}),
            (f"/api/cases/{case_id}/referrals", {"org": ORG_B, "details": evil}),
            (
                f"/api/cases/{case_id}/persons/{vid}/support-plans",
                {"spl_Type": "Legal", "spl_Objectives": evil, "spl_ActionPlan": evil},
            ),
            (
                f"/api/cases/{case_id}/persons/{vid}/follow-ups",
                {"due_on": "2027-01-01", "kind": evil[:32], "notes": evil},
            ),
        ):
            assert c.post(path, json=body, headers=h).status_code == 201, path
        found = c.get("/api/cases", params={"q": evil}, headers=h)
        assert found.status_code == 200
        assert c.get("/api/cases", params={"status": evil}, headers=h).status_code == 422
    # Referral to an organisation named by an injection is simply not found.
    assert (
        c.post(f"/api/cases/{case_id}/referrals", json={"org": "' OR '1'='1"}, headers=h).status_code == 422
    )
    tables = set(inspect(world.engine).get_table_names())
    assert {"person", "case", "user_account", "audit_event"} <= tables
    assert len(c.get("/api/cases", headers=h).json()) == len(INJECTIONS)


def test_brute_force_login_is_throttled(world: World) -> None:
    c = world.client
    for _ in range(5):
        assert (
            c.post("/api/auth/token", data={"username": "analyst", "password": "guess-guess"}).status_code
            == 401
        )
    right = c.post("/api/auth/token", data={"username": "analyst", "password": password("analyst")})
    assert right.status_code == 429
    # Unknown accounts are throttled the same way (no account enumeration through timing or codes).
    for _ in range(5):
        assert (
            c.post("/api/auth/token", data={"username": "ghost", "password": "guess-guess"}).status_code
            == 401
        )
    assert c.post("/api/auth/token", data={"username": "ghost", "password": "guess-guess"}).status_code == 429
    # Another account is not locked by someone guessing this one.
    assert (
        c.post("/api/auth/token", data={"username": "partner", "password": password("partner")}).status_code
        == 200
    )


def test_revoked_token_is_refused(world: World) -> None:
    h = world.h("admin")
    assert world.client.post("/api/auth/logout", headers=h).status_code == 204
    assert world.client.get("/api/auth/me", headers=h).status_code == 401


def test_admin_manages_accounts_of_own_organisation_only(world: World) -> None:
    c, h = world.client, world.h("admin")
    names = {u["username"] for u in c.get("/api/users", headers=h).json()}
    assert "case_worker" in names and "b_case_worker" not in names
    made = c.post(
        "/api/users",
        json={"username": "new-worker", "password": "a-long-password", "role": "case_worker"},
        headers=h,
    )
    assert made.status_code == 201
    assert (
        c.post(
            "/api/users",
            json={"username": "new-worker", "password": "a-long-password", "role": "case_worker"},
            headers=h,
        ).status_code
        == 422
    )
    assert (
        c.post(
            "/api/users", json={"username": "x2", "password": "a-long-password", "role": "root"}, headers=h
        ).status_code
        == 422
    )
    token = c.post("/api/auth/token", data={"username": "new-worker", "password": "a-long-password"})
    assert token.status_code == 200
    me = c.get("/api/auth/me", headers={"Authorization": f"Bearer {token.json()['access_token']}"}).json()
    assert me["role"] == "case_worker" and me["org_id"] == c.get("/api/auth/me", headers=h).json()["org_id"]
