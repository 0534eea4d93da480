"""A small world for API and page tests: two organisations, one account per role, a client."""

from __future__ import annotations

from dataclasses import dataclass, field

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tipnet.api import create_app
from tipnet.security.users import create_user
from tipnet.store.engine import session_scope
from tipnet.store.tables.sources import Organisation

ROLES = ("admin", "case_worker", "border_officer", "analyst", "fiu_analyst", "partner")
ORG_A, ORG_B = "NGO-A", "SHELTER-B"


def password(name: str) -> str:
    return f"pw-{name}-long-enough"


@dataclass
class World:
    engine: Engine
    client: TestClient
    users: dict[str, str] = field(default_factory=dict)  # username -> role
    tokens: dict[str, str] = field(default_factory=dict)

    def token(self, username: str) -> str:
        if username not in self.tokens:
            resp = self.client.post(
                "/api/auth/token", data={"username": username, "password": password(username)}
            )
            assert resp.status_code == 200, resp.text
            self.tokens[username] = resp.json()["access_token"]
        return self.tokens[username]

    def h(self, username: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(username)}"}


def make_world(engine: Engine, roles: tuple[str, ...] = ROLES) -> World:
    """Accounts `<role>` in NGO-A and `b_case_worker` in SHELTER-B."""
    users: dict[str, str] = {}
    with session_scope(engine) as session:
        session.add_all(
            [
                Organisation(code=ORG_A, org_Name="NGO A", org_Type="NGO"),
                Organisation(code=ORG_B, org_Name="Shelter B", org_Type="NGO"),
            ]
        )
        session.flush()
        for role in roles:
            create_user(session, role, password(role), role, ORG_A)
            users[role] = role
        create_user(session, "b_case_worker", password("b_case_worker"), "case_worker", ORG_B)
        users["b_case_worker"] = "case_worker"
    client = TestClient(create_app(engine=engine), base_url="https://testserver")
    return World(engine, client, users)


VICTIM = {
    "role": "victim",
    "prs_FirstName": "Sok",
    "prs_SecondName": "Dara",
    "name_native": "សុខ ដារ៉ា",
    "prs_Birthdate": "1990-05-01",
    "prs_Gender": "Feminine",
    "prs_Citizenship": ["KHM"],
}
SUSPECT = {"role": "suspect", "prs_FirstName": "Chan", "prs_SecondName": "Vuthy", "prs_Gender": "Masculine"}
