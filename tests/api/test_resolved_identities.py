"""Resolved identities and the link review queue over the API: permissions (401/403/404), names of
sealed persons only for roles that identify victims in scope, audited reads, decisions recorded."""

from __future__ import annotations

from datetime import datetime
from typing import TypedDict

from sqlalchemy import select
from sqlalchemy.orm import Session
from tests.api.fixtures import ORG_B, SUSPECT, VICTIM, World, password

from tipnet.security.users import create_user
from tipnet.store.engine import session_scope
from tipnet.store.tables.cases import CasePerson
from tipnet.store.tables.linkage import IdentityMember, LinkDecision, LinkPair, LinkRun, ResolvedIdentity
from tipnet.store.tables.security import AuditEvent, PersonSecret
from tipnet.store.tables.watchlists import Watchlist, WatchlistEntry

IDENT = "P-0123456789"
EVIDENCE = [
    {"feature": "name", "level": "exact", "bits": 6.1},
    {"feature": "birth_date", "level": "missing", "bits": 0.0},
]


class LinkedWorld(TypedDict):
    victim: int  # person ids
    suspect: int
    review_l: str  # the review pair's uids
    review_r: str


def linked_world(world: World) -> LinkedWorld:
    """A case with a victim (sealed) and a suspect, a watchlist entry, and a hand-written link run:
    one identity of the victim and the entry, a review pair between the suspect and the entry."""
    resp = world.client.post(
        "/api/cases", json={"persons": [VICTIM, SUSPECT]}, headers=world.h("case_worker")
    )
    assert resp.status_code == 201, resp.text
    with session_scope(world.engine) as s:
        case_id = resp.json()["id"]
        victim, suspect = (
            s.scalar(select(CasePerson.person_id).where(CasePerson.case_id == case_id, CasePerson.role == r))
            for r in ("Victim", "Suspect")
        )
        assert s.scalar(select(PersonSecret.id).where(PersonSecret.person_id == victim)) is not None
        wl = Watchlist(name="wanted", version=1)
        s.add(wl)
        s.flush()
        entry = WatchlistEntry(watchlist_id=wl.id, entry_id="W1", name="Chan Vuthy", content_hash="x")
        s.add(entry)
        s.add(create_user(s, "admin_b", password("admin_b"), "admin", ORG_B))
        s.flush()
        run = LinkRun(
            started_at=datetime(2025, 1, 1), actor="t", engine="duckdb", threshold=0.9, review_low=0.5
        )
        s.add(run)
        s.flush()
        s.add_all([ResolvedIdentity(id=IDENT, first_run_id=run.id, last_run_id=run.id, members=2),
                   ResolvedIdentity(id="P-aaaaaaaaaa", first_run_id=run.id, last_run_id=run.id, members=1)])  # fmt: skip
        s.flush()
        uids = {"v": f"person:{victim}", "s": f"person:{suspect}", "w": f"watchlist:{entry.id}"}
        s.add_all(
            [
                IdentityMember(uid=uids["v"], person_id=victim, identity_id=IDENT, dataset="cases"),
                IdentityMember(uid=uids["w"], watchlist_entry_id=entry.id, identity_id=IDENT, dataset="watchlist:wanted"),
                IdentityMember(uid=uids["s"], person_id=suspect, identity_id="P-aaaaaaaaaa", dataset="cases"),
            ]
        )  # fmt: skip
        a, b = sorted([uids["v"], uids["w"]])
        s.add(LinkPair(run_id=run.id, uid_l=a, uid_r=b, match_probability=0.97, match_weight=5.0, evidence=EVIDENCE, status="link"))  # fmt: skip
        a, b = sorted([uids["s"], uids["w"]])
        s.add(LinkPair(run_id=run.id, uid_l=a, uid_r=b, match_probability=0.7, match_weight=1.2, evidence=EVIDENCE, status="review"))  # fmt: skip
    assert victim is not None and suspect is not None
    return {"victim": victim, "suspect": suspect, "review_l": a, "review_r": b}


def test_identity_permissions_and_redaction(world: World) -> None:
    ids = linked_world(world)
    c = world.client
    url = f"/api/identities/{IDENT}"
    assert c.get(url).status_code == 401
    assert c.get("/api/link/review").status_code == 401
    assert (
        c.post("/api/link/review/decision", json={"uid_l": "a", "uid_r": "b", "accept": True}).status_code
        == 401
    )
    for role in ("case_worker", "border_officer", "partner"):
        assert c.get(url, headers=world.h(role)).status_code == 403, role
    assert c.get("/api/identities/P-ffffffffff", headers=world.h("admin")).status_code == 404

    # admin of the owning organisation: the victim's name, audited with the reason
    resp = c.get(url, headers={**world.h("admin"), "X-Purpose": "link check"})
    assert resp.status_code == 200, resp.text
    body = resp.json()
    members = {m["uid"]: m for m in body["members"]}
    victim = members[f"person:{ids['victim']}"]
    assert victim["name"] == "Sok Dara" and victim["role"] == "Victim" and victim["sealed"]
    assert (
        victim["source"] is None
        and members[next(u for u in members if u.startswith("watchlist:"))]["org"] == "wanted"
    )
    assert [p["status"] for p in body["pairs"]] == ["link", "review"] and body["pairs"][0][
        "evidence"
    ] == EVIDENCE
    with Session(world.engine) as s:
        ev = s.scalars(select(AuditEvent).where(AuditEvent.object_type == "identity")).all()
    assert [(e.actor, e.object_id, e.reason, e.details["sealed_persons_shown"]) for e in ev] == [
        ("admin", IDENT, "link check", [ids["victim"]])
    ]

    # the organisation's analyst (who reads its cases without identities): the name withheld
    resp = c.get(url, headers=world.h("analyst"))
    assert resp.status_code == 200
    v = next(m for m in resp.json()["members"] if m["uid"] == f"person:{ids['victim']}")
    assert v["name"] is None and v["name_withheld"] and "Sok" not in resp.text and "ដារ៉ា" not in resp.text
    # the FIU (no case reads) and an administrator of another organisation: not the member at all
    # (issue 14, severe 6; tests/hostile/test_identity_reidentification.py)
    for who in ("fiu_analyst", "admin_b"):
        resp = c.get(url, headers=world.h(who))
        assert resp.status_code == 200, who
        assert all(m["uid"] != f"person:{ids['victim']}" for m in resp.json()["members"]), who
        assert "Sok" not in resp.text and "Victim" not in resp.text


def test_review_queue_and_decision(world: World) -> None:
    ids = linked_world(world)
    c = world.client
    assert c.get("/api/link/review", headers=world.h("fiu_analyst")).status_code == 403
    resp = c.get("/api/link/review", headers=world.h("analyst"))
    assert resp.status_code == 200, resp.text
    queue = resp.json()
    assert queue["total"] == 1 and queue["items"][0]["left"]["uid"] == ids["review_l"]
    assert queue["items"][0]["evidence"] == EVIDENCE and queue["items"][0]["match_probability"] == 0.7
    decision = {
        "uid_l": ids["review_r"],
        "uid_r": ids["review_l"],
        "accept": False,
        "reason": "different fathers",
    }
    assert (
        c.post("/api/link/review/decision", json=decision, headers=world.h("fiu_analyst")).status_code == 403
    )
    assert c.post("/api/link/review/decision", json={**decision, "uid_r": "person:999999"}, headers=world.h("analyst")).status_code == 404  # fmt: skip
    resp = c.post("/api/link/review/decision", json=decision, headers=world.h("analyst"))
    assert resp.status_code == 200, resp.text
    assert resp.json()["uid_l"] == ids["review_l"]  # stored in order
    assert c.get("/api/link/review", headers=world.h("analyst")).json()["total"] == 0
    with Session(world.engine) as s:
        d = s.scalar(select(LinkDecision))
        assert d is not None and (d.uid_l, d.uid_r, d.accept, d.actor) == (
            ids["review_l"],
            ids["review_r"],
            False,
            "analyst",
        )
        assert s.scalar(select(AuditEvent.id).where(AuditEvent.object_type == "link_decision")) is not None
    # deciding again replaces the verdict
    assert (
        c.post(
            "/api/link/review/decision", json={**decision, "accept": True}, headers=world.h("admin")
        ).status_code
        == 200
    )
    with Session(world.engine) as s:
        assert [r.accept for r in s.scalars(select(LinkDecision))] == [True]
