"""Every endpoint x every role: allowed exactly where the permission matrix says, 403 otherwise;
another organisation's case ids give 404 on every case route."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.api.fixtures import ORG_A, ORG_B, ROLES, SUSPECT, VICTIM, World

from tipnet.security.roles import MATRIX, Perm, Role


@dataclass
class Ids:
    case: int
    victim: int
    suspect: int
    follow_up: int
    incoming: dict[str, int]  # role -> a pending referral from ORG_B to ORG_A


def _setup(world: World) -> Ids:
    c, h = world.client, world.h("case_worker")
    case = c.post("/api/cases", json={"persons": [VICTIM, SUSPECT]}, headers=h).json()["id"]
    persons = c.get(f"/api/cases/{case}", headers=h).json()["persons"]
    victim = next(p["id"] for p in persons if p["role"] == "Victim")
    suspect = next(p["id"] for p in persons if p["role"] == "Suspect")
    assert (
        c.post(
            f"/api/cases/{case}/persons/{victim}/consents", json={"con_Consent": True}, headers=h
        ).status_code
        == 201
    )
    fu = c.post(
        f"/api/cases/{case}/persons/{victim}/follow-ups", json={"due_on": "2027-01-01"}, headers=h
    ).json()["id"]
    b = world.h("b_case_worker")
    incoming: dict[str, int] = {}
    for role in ROLES:
        b_case = c.post("/api/cases", json={"persons": [VICTIM]}, headers=b).json()["id"]
        b_victim = c.get(f"/api/cases/{b_case}", headers=b).json()["persons"][0]["id"]
        c.post(f"/api/cases/{b_case}/persons/{b_victim}/consents", json={"con_Consent": True}, headers=b)
        ref = c.post(f"/api/cases/{b_case}/referrals", json={"org": ORG_A}, headers=b)
        assert ref.status_code == 201
        incoming[role] = ref.json()["id"]
    return Ids(case, victim, suspect, fu, incoming)


Call = Callable[[Ids, str], tuple[str, str, Any]]
ENDPOINTS: list[tuple[str, set[Perm], Call]] = [
    ("list cases", {Perm.CASE_READ}, lambda i, r: ("GET", "/api/cases", None)),
    ("search", {Perm.CASE_READ, Perm.CASE_SEARCH}, lambda i, r: ("GET", "/api/cases?q=sok", None)),
    ("read case", {Perm.CASE_READ}, lambda i, r: ("GET", f"/api/cases/{i.case}", None)),
    ("create case", {Perm.CASE_WRITE}, lambda i, r: ("POST", "/api/cases", {"persons": [VICTIM]})),
    (
        "update case",
        {Perm.CASE_WRITE},
        lambda i, r: ("PATCH", f"/api/cases/{i.case}", {"cas_Status": "FollowUp"}),
    ),
    (
        "add person",
        {Perm.CASE_WRITE},
        lambda i, r: ("POST", f"/api/cases/{i.case}/persons", {"role": "witness"}),
    ),
    (
        "victim context",
        {Perm.CASE_WRITE},
        lambda i, r: ("PATCH", f"/api/cases/{i.case}/persons/{i.victim}", {"vic_Vulnerabilities": []}),
    ),
    (
        "status decision",
        {Perm.ASSESS},
        lambda i, r: (
            "PATCH",
            f"/api/cases/{i.case}/persons/{i.victim}",
            {"vic_TraffickingStatus": "PossibleVictimOfTrafficking"},
        ),
    ),
    (
        "assessment",
        {Perm.ASSESS},
        lambda i, r: (
            "POST",
            f"/api/cases/{i.case}/persons/{i.victim}/assessments",
            {"indicators": ["dr_wages"]},
        ),
    ),
    (
        "consent",
        {Perm.SUPPORT, Perm.REFERRAL},
        lambda i, r: ("POST", f"/api/cases/{i.case}/persons/{i.victim}/consents", {"con_Consent": True}),
    ),
    ("refer out", {Perm.REFERRAL}, lambda i, r: ("POST", f"/api/cases/{i.case}/referrals", {"org": ORG_B})),
    (
        "accept referral",
        {Perm.REFERRAL},
        lambda i, r: ("PATCH", f"/api/referrals/{i.incoming[r]}", {"status": "accepted"}),
    ),
    (
        "support plan",
        {Perm.SUPPORT},
        lambda i, r: (
            "POST",
            f"/api/cases/{i.case}/persons/{i.victim}/support-plans",
            {"spl_Type": "Health"},
        ),
    ),
    (
        "follow-up",
        {Perm.SUPPORT},
        lambda i, r: ("POST", f"/api/cases/{i.case}/persons/{i.victim}/follow-ups", {"due_on": "2027-02-01"}),
    ),
    (
        "follow-up done",
        {Perm.SUPPORT},
        lambda i, r: ("PATCH", f"/api/cases/{i.case}/follow-ups/{i.follow_up}", {}),
    ),
    (
        "proceeding",
        {Perm.PROCEEDING},
        lambda i, r: (
            "POST",
            f"/api/cases/{i.case}/persons/{i.suspect}/proceedings",
            {"stage": "Investigation"},
        ),
    ),
    ("export", {Perm.CASE_READ, Perm.EXPORT}, lambda i, r: ("GET", f"/api/cases/{i.case}/export", None)),
    ("audit", {Perm.AUDIT_READ}, lambda i, r: ("GET", "/api/audit", None)),
    ("statistics", {Perm.STATS_READ}, lambda i, r: ("GET", "/api/stats", None)),
    ("list users", {Perm.USER_MANAGE}, lambda i, r: ("GET", "/api/users", None)),
    (
        "add user",
        {Perm.USER_MANAGE},
        lambda i, r: (
            "POST",
            "/api/users",
            {"username": f"new-{r}", "password": "a-long-password", "role": "analyst"},
        ),
    ),
    ("indicators", set(), lambda i, r: ("GET", "/api/indicators", None)),
    ("me", set(), lambda i, r: ("GET", "/api/auth/me", None)),
]


def _expected(role: str, perms: set[Perm], name: str) -> bool:
    """Allowed when the role holds every listed permission (consent: either of the two)."""
    held = MATRIX[Role(role)]
    return bool(perms & held) if name == "consent" else perms <= held


def test_every_endpoint_every_role(sqlite_world: World) -> None:
    world = sqlite_world
    ids = _setup(world)
    failures = []
    for role in ROLES:
        headers = world.h(role)
        for name, perms, call in ENDPOINTS:
            method, path, body = call(ids, role)
            resp = world.client.request(method, path, json=body, headers=headers)
            allowed = _expected(role, perms, name)
            ok = resp.status_code < 300 if allowed else resp.status_code == 403
            if not ok:
                failures.append((role, name, resp.status_code, resp.text[:120]))
            # Unauthenticated: always 401.
            assert world.client.request(method, path, json=body).status_code == 401, (name, role)
    assert not failures, failures


def test_analyst_reads_cases_without_identities(sqlite_world: World) -> None:
    world = sqlite_world
    ids = _setup(world)
    case = world.client.get(f"/api/cases/{ids.case}", headers=world.h("analyst")).json()
    victim = next(p for p in case["persons"] if p["role"] == "Victim")
    assert victim["identity_withheld"] is True
    assert "prs_FirstName" not in victim and "prs_Birthdate" not in victim
    assert victim["prs_Gender"] == "Feminine"


CASE_ROUTES = [
    n
    for n, _, _ in ENDPOINTS
    if n
    not in {
        "audit",
        "statistics",
        "indicators",
        "me",
        "list cases",
        "search",
        "create case",
        "accept referral",
        "list users",
        "add user",
    }
]


def test_other_organisation_gets_404_on_every_case_route(sqlite_world: World) -> None:
    world = sqlite_world
    ids = _setup(world)
    for name in CASE_ROUTES:
        call = next(c for n, _, c in ENDPOINTS if n == name)
        method, path, body = call(ids, "case_worker")
        resp = world.client.request(method, path, json=body, headers=world.h("b_case_worker"))
        assert resp.status_code == 404, (name, resp.status_code, resp.text)
        assert "Sok" not in resp.text
    # The sending organisation sees its referral, but only the receiving one accepts it.
    other = world.client.patch(
        f"/api/referrals/{ids.incoming['admin']}",
        json={"status": "accepted"},
        headers=world.h("b_case_worker"),
    )
    assert other.status_code == 403
