"""Issue 14, severe 6: a sealed victim re-identified through resolved identities.

A victim (sealed, in NGO-A's case) is the same person as a clear border crossing record and a clear
bank customer record; linkage puts the three in one identity. Readers who may not see the victim's
case (an analyst, an FIU analyst, an administrator of unrelated organisations, or of the border
agency) must see the identity without the victim's member, without the pairs touching it, without
anything that counts it, and neither in the review queue nor by deciding on its pairs. A sealed
hotline subject with no case is treated alike. The reader who may see the case still does.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from tests.api.fixtures import VICTIM, make_world, password

from tipnet.security import sealing
from tipnet.security.keys import load_keyring
from tipnet.security.users import create_user
from tipnet.store.engine import session_scope
from tipnet.store.tables.cases import CasePerson
from tipnet.store.tables.linkage import IdentityMember, LinkPair, LinkRun, ResolvedIdentity
from tipnet.store.tables.people import Person
from tipnet.store.tables.sources import Organisation, SourceRecord

IDENT, HOTLINE_IDENT, VICTIM_ONLY = "P-00000000a1", "P-00000000b2", "P-00000000c3"
EVIDENCE = [{"feature": "name", "level": "exact", "bits": 6.1}]


def _record(s: Session, org: str, source: str, rid: str, name: str | None = None) -> Person:
    org_id = s.scalar(select(Organisation.id).where(Organisation.code == org))
    rec = SourceRecord(source_type=source, org_id=org_id, record_id=rid, content_hash="h" + rid)
    s.add(rec)
    s.flush()
    person = Person(source_record_id=rec.id, full_name=name, prs_FirstName=name)
    s.add(person)
    s.flush()
    return person


def _world(engine: Engine):  # type: ignore[no-untyped-def]
    world = make_world(engine, roles=("case_worker", "analyst", "admin"))
    resp = world.client.post("/api/cases", json={"persons": [VICTIM]}, headers=world.h("case_worker"))
    assert resp.status_code == 201, resp.text
    with session_scope(engine) as s:
        for code, kind in (("IMM", "Immigration"), ("FIU", "FIU"), ("BANK", "Bank"), ("HOTLINE", "NGO")):
            s.add(Organisation(code=code, org_Name=code, org_Type=kind))
        s.flush()
        create_user(s, "imm_analyst", password("imm_analyst"), "analyst", "IMM")
        create_user(s, "imm_admin", password("imm_admin"), "admin", "IMM")
        create_user(s, "fiu", password("fiu"), "fiu_analyst", "FIU")
        victim = s.scalar(select(CasePerson.person_id).where(CasePerson.case_id == resp.json()["id"]))
        border = _record(s, "IMM", "crossings", "X1", "SOK DARA")
        bank = _record(s, "BANK", "bank", "B1", "Sok Dara")
        subject = _record(s, "HOTLINE", "hotline", "H1", "Keo Mony")
        sealing.seal_person(s, subject, ring=load_keyring())
        border2 = _record(s, "IMM", "crossings", "X2", "KEO MONY")
        run = LinkRun(
            started_at=datetime(2026, 1, 1), actor="t", engine="duckdb", threshold=0.9, review_low=0.5
        )
        s.add(run)
        s.flush()
        for ident, n in ((IDENT, 3), (HOTLINE_IDENT, 2), (VICTIM_ONLY, 1)):
            s.add(ResolvedIdentity(id=ident, first_run_id=run.id, last_run_id=run.id, members=n))
        s.flush()
        uid = {p.id: f"person:{p.id}" for p in (border, bank, subject, border2)}
        uid[victim] = f"person:{victim}"
        members = (
            (victim, IDENT),
            (border.id, IDENT),
            (bank.id, IDENT),
            (subject.id, HOTLINE_IDENT),
            (border2.id, HOTLINE_IDENT),
        )
        for pid, ident in members:
            s.add(IdentityMember(uid=uid[pid], person_id=pid, identity_id=ident, dataset="x"))
        for a_id, b_id, status in (
            (victim, border.id, "link"),
            (border.id, bank.id, "link"),
            (victim, bank.id, "review"),
            (subject.id, border2.id, "review"),
        ):
            a, b = sorted([uid[a_id], uid[b_id]])
            s.add(
                LinkPair(
                    run_id=run.id,
                    uid_l=a,
                    uid_r=b,
                    match_probability=0.8,
                    match_weight=2.0,
                    evidence=EVIDENCE,
                    status=status,
                )
            )
        s.flush()
        # an identity of the victim alone would say "a victim exists" by its very id
        alone = _record(s, "HOTLINE", "hotline", "H2", "Lone Victim")
        sealing.seal_person(s, alone, ring=load_keyring())
        s.add(
            IdentityMember(uid=f"person:{alone.id}", person_id=alone.id, identity_id=VICTIM_ONLY, dataset="x")
        )
    return world, victim, subject.id, border.id


def test_unrelated_readers_do_not_see_the_victim_in_an_identity(engine: Engine) -> None:
    world, victim, subject, border = _world(engine)
    c = world.client
    for who in ("imm_analyst", "imm_admin", "fiu"):
        resp = c.get(f"/api/identities/{IDENT}", headers=world.h(who))
        assert resp.status_code == 200, (who, resp.text)
        body = resp.json()
        uids = {m["uid"] for m in body["members"]}
        assert f"person:{victim}" not in uids, who
        assert uids == {f"person:{border}", next(u for u in uids if u != f"person:{border}")}
        assert all(m.get("role") not in ("Victim", "Witness") for m in body["members"]), who
        assert "Victim" not in resp.text and f'person:{victim}"' not in resp.text, who
        assert all(f"person:{victim}" not in (p["uid_l"], p["uid_r"]) for p in body["pairs"]), who
        assert len(body["pairs"]) == 1, who  # border-bank only
        hot = c.get(f"/api/identities/{HOTLINE_IDENT}", headers=world.h(who)).json()
        assert [m["uid"] for m in hot["members"]] != [] and f"person:{subject}" not in str(hot), who
        assert hot["pairs"] == [], who
        # an identity of hidden records only is not found, like one that does not exist
        alone = c.get(f"/api/identities/{VICTIM_ONLY}", headers=world.h(who))
        missing = c.get("/api/identities/P-0000000fff", headers=world.h(who))
        assert (alone.status_code, alone.json()) == (missing.status_code, missing.json()), who
    for who in ("imm_analyst", "imm_admin"):
        queue = c.get("/api/link/review", headers=world.h(who)).json()
        assert queue["total"] == 0 and queue["items"] == [], (who, queue)
        a, b = sorted(
            [
                f"person:{victim}",
                next(
                    m["uid"]
                    for m in c.get(f"/api/identities/{IDENT}", headers=world.h(who)).json()["members"]
                    if m["uid"] != f"person:{border}"
                ),
            ]
        )
        decided = c.post(
            "/api/link/review/decision", json={"uid_l": a, "uid_r": b, "accept": True}, headers=world.h(who)
        )
        assert decided.status_code == 404, (who, decided.text)


def test_readers_of_the_case_still_see_the_victim(engine: Engine) -> None:
    world, victim, _subject, _border = _world(engine)
    c = world.client
    admin = c.get(f"/api/identities/{IDENT}", headers=world.h("admin")).json()
    member = next(m for m in admin["members"] if m["uid"] == f"person:{victim}")
    assert member["role"] == "Victim" and member["name"] == "Sok Dara"
    assert len(admin["pairs"]) == 3
    analyst = c.get(f"/api/identities/{IDENT}", headers=world.h("analyst")).json()
    member = next(m for m in analyst["members"] if m["uid"] == f"person:{victim}")
    assert member["role"] == "Victim" and member["name_withheld"] and member["name"] is None
    queue = c.get("/api/link/review", headers=world.h("analyst")).json()
    assert queue["total"] == 1 and f"person:{victim}" in (
        queue["items"][0]["uid_l"],
        queue["items"][0]["uid_r"],
    )


def test_review_page_hides_the_victim_pair(engine: Engine) -> None:
    from tests.web.test_pages import login

    world, victim, _subject, _border = _world(engine)
    login(world.client, "imm_analyst")
    page = world.client.get("/link/review")
    assert page.status_code == 200
    assert f"person:{victim}" not in page.text and "Victim" not in page.text


def test_a_visible_person_does_not_show_a_victim_role_from_another_case(engine: Engine) -> None:
    """The victim of NGO-A's case is also a suspect in the immigration agency's own case: the agency's
    analyst sees the member (its case is in scope) as a suspect, never as NGO-A's victim."""
    from tipnet.store.tables.cases import Case

    world, victim, _subject, _border = _world(engine)
    with session_scope(engine) as s:
        imm = s.scalar(select(Organisation.id).where(Organisation.code == "IMM"))
        case = Case(org_id=imm, case_ref="IMM-1")
        s.add(case)
        s.flush()
        s.add(CasePerson(case_id=case.id, person_id=victim, role="Suspect"))
    resp = world.client.get(f"/api/identities/{IDENT}", headers=world.h("imm_analyst"))
    member = next(m for m in resp.json()["members"] if m["uid"] == f"person:{victim}")
    assert member["role"] == "Suspect" and member["name_withheld"]
    assert "Victim" not in resp.text
