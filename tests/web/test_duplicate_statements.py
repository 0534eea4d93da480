"""Duplicates before saving, decided: beside each likely match the worker answers "same person –
link" or "different person" (nothing preselected). The worker may not decide links, so on
registering the answer is kept as a pending hint on the pair of persons, with the duplicate check's
score; the link review shows hinted pairs first with the statement, and an analyst's decision settles
them (kept for linkage runs as every decision). Only matches the check found are hinted; audited
without names. SQLite and PostgreSQL."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from tests.api.fixtures import make_world
from tests.web.test_duplicates_typing import EXISTING, _register
from tests.web.test_pages import login

from tipnet.store.tables.cases import CasePerson
from tipnet.store.tables.linkage import LinkDecision, LinkHint, LinkPair, LinkRun
from tipnet.store.tables.security import AuditEvent

TYPED = {"prs_FirstName": "Sok", "prs_SecondName": "Dara", "prs_Birthdate": "1990-05-01"}


def _audit(engine: Engine) -> list[Any]:
    with engine.connect() as conn:
        return list(conn.execute(select(AuditEvent).order_by(AuditEvent.id)).all())


def _person_of_case(engine: Engine, case_id: int) -> int:
    with Session(engine) as s:
        pid = s.scalar(select(CasePerson.person_id).where(CasePerson.case_id == case_id))
        assert pid is not None
        return pid


def _hints(engine: Engine) -> list[LinkHint]:
    with Session(engine) as s:
        return list(s.scalars(select(LinkHint).order_by(LinkHint.id)))


def test_same_or_different_person_becomes_a_hint_an_analyst_decides(engine: Engine) -> None:
    w = make_world(engine, roles=("case_worker", "analyst"))
    c = w.client
    token = login(c, "case_worker")
    first = _register(c, token, EXISTING)
    unrelated = _register(c, token, {"role": "victim", "case_ref": "REF-CHAN", "prs_FirstName": "Chan"})
    existing_person = _person_of_case(w.engine, first)

    # The panel offers both answers for each match, none chosen; a choice survives a re-check.
    panel = c.post("/cases/duplicates", data={"csrf_token": token, **TYPED}).text
    cps = re.findall(r'name="dup_(\d+)" value="same"', panel)
    assert len(cps) == 1 and "Same person – link" in panel and "Different person" in panel
    assert " checked" not in panel
    cp = cps[0]
    again = c.post("/cases/duplicates", data={"csrf_token": token, **TYPED, f"dup_{cp}": "same"}).text
    assert re.search(rf'name="dup_{cp}" value="same" id="[^"]+" checked', again)
    km = c.post("/cases/duplicates?lang=km", data={"csrf_token": token, **TYPED}).text
    assert "បុគ្គលដដែល – ភ្ជាប់" in km

    # Registering with "same person": a pending hint on the pair, with the check's score; a statement
    # on a person the check did not find (the unrelated case's) is ignored.
    with Session(w.engine) as s:
        other_cp = s.scalar(select(CasePerson.id).where(CasePerson.case_id == unrelated))
    before = len(_audit(w.engine))
    second = _register(
        c,
        token,
        {"role": "victim", "case_ref": "REF-SOK-2", **TYPED, f"dup_{cp}": "same", f"dup_{other_cp}": "same"},
    )
    new_person = _person_of_case(w.engine, second)
    [hint] = _hints(w.engine)
    assert {hint.uid_l, hint.uid_r} == {f"person:{existing_person}", f"person:{new_person}"}
    assert hint.same_person and not hint.decided and hint.actor == "case_worker" and hint.case_id == second
    assert 0.5 < hint.score <= 1.0
    events = [e for e in _audit(w.engine)[before:] if e.object_type == "link_hint"]
    assert len(events) == 1 and events[0].action == "create"
    assert events[0].details == {"case": second, "same_person": True, "score": round(hint.score, 2)}
    assert not any(word in str(e.details) for e in _audit(w.engine) for word in ("Sok", "Dara", "សុខ"))

    # A third registration, "different person" from the first: a second hint.
    third = _register(
        c, token, {"role": "victim", "case_ref": "REF-SOK-3", **TYPED, f"dup_{cp}": "different"}
    )
    third_person = _person_of_case(w.engine, third)
    hints = _hints(w.engine)
    assert len(hints) == 2 and not hints[1].same_person and hints[1].case_id == third

    # The worker cannot decide links.
    assert c.get("/link/review").status_code == 403
    refused = c.post(
        "/link/review/decision",
        data={"csrf_token": token, "uid_l": hint.uid_l, "uid_r": hint.uid_r, "accept": "1"},
        follow_redirects=False,
    )
    assert refused.status_code == 403

    # A linkage run has since scored the "different" pair in the review band, and another pair too.
    with Session(w.engine) as s, s.begin():
        run = LinkRun(
            started_at=datetime(2026, 12, 1), actor="t", engine="core", threshold=0.9, review_low=0.3
        )
        s.add(run)
        s.flush()
        s.add(
            LinkPair(
                run_id=run.id,
                uid_l=hints[1].uid_l,
                uid_r=hints[1].uid_r,
                match_probability=0.7,
                match_weight=1.2,
                evidence=[{"feature": "birth_date", "level": "exact", "bits": 4.0}],
                status="review",
            )
        )
        a, b = sorted([f"person:{new_person}", f"person:{third_person}"])
        s.add(
            LinkPair(
                run_id=run.id,
                uid_l=a,
                uid_r=b,
                match_probability=0.5,
                match_weight=0.0,
                evidence=[],
                status="review",
            )
        )

    # The analyst's queue shows the workers' statements first, then the other pending pair.
    an = TestClient(c.app, base_url="https://testserver")
    ta = login(an, "analyst")
    page = an.get("/link/review").text
    order = re.findall(
        r'class="review-pair card( hinted)?" id="pair-\d+" tabindex="-1"(?: data-hint="(\w+)")?', page
    )
    assert order == [(" hinted", "same"), (" hinted", "different"), ("", "")], order
    assert "case_worker said: same person" in page and "case_worker said: different person" in page
    assert "Not yet scored by a linkage run" in page  # the "same" pair: no run has scored it yet
    assert re.search(r'id="review-total">[^<]*3', page)
    api = an.get("/api/link/review", headers=w.h("analyst"))
    assert api.status_code == 200
    body = api.json()
    assert [h["hint"]["same_person"] for h in body["hints"]] == [True, False]
    assert body["hints"][1]["match_weight"] == 1.2 and len(body["items"]) == 1 and body["total"] == 3
    view = [e for e in _audit(w.engine) if e.object_type == "link_review"][-1]
    assert view.details["hints"] == 2

    # The analyst accepts the "same person" pair (no scored pair yet: the decision is kept for runs).
    resp = an.post(
        "/link/review/decision",
        data={"csrf_token": ta, "uid_l": hint.uid_l, "uid_r": hint.uid_r, "accept": "1"},
        follow_redirects=False,
    )
    assert resp.status_code == 303
    # And rejects the "different person" pair: the scored pair is rejected too.
    resp = an.post(
        "/link/review/decision",
        data={"csrf_token": ta, "uid_l": hints[1].uid_l, "uid_r": hints[1].uid_r, "accept": "0"},
        follow_redirects=False,
    )
    assert resp.status_code == 303
    with Session(w.engine) as s:
        decisions = {(d.uid_l, d.uid_r): d.accept for d in s.scalars(select(LinkDecision))}
        statuses = {(p.uid_l, p.uid_r): p.status for p in s.scalars(select(LinkPair))}
    assert decisions == {(hint.uid_l, hint.uid_r): True, (hints[1].uid_l, hints[1].uid_r): False}
    assert statuses[(hints[1].uid_l, hints[1].uid_r)] == "rejected"
    assert all(h.decided for h in _hints(w.engine))
    after = an.get("/link/review").text
    assert "data-hint=" not in after and len(re.findall(r'class="review-pair card"', after)) == 1

    # A made-up pair with no hint and no score: still not found.
    resp = an.post(
        "/link/review/decision",
        data={
            "csrf_token": ta,
            "uid_l": f"person:{_person_of_case(w.engine, unrelated)}",
            "uid_r": f"person:{third_person}",
            "accept": "1",
        },
        follow_redirects=False,
    )
    assert resp.status_code == 404


def test_a_hint_stays_within_the_organisations_that_may_see_both_persons(engine: Engine) -> None:
    from tests.api.fixtures import password

    from tipnet.security.users import create_user
    from tipnet.store.engine import session_scope

    w = make_world(engine, roles=("case_worker", "analyst"))
    with session_scope(w.engine) as s:
        create_user(s, "b_analyst", password("b_analyst"), "analyst", "SHELTER-B")
    c = w.client
    token = login(c, "case_worker")
    _register(c, token, EXISTING)
    panel = c.post("/cases/duplicates", data={"csrf_token": token, **TYPED}).text
    [cp] = re.findall(r'name="dup_(\d+)" value="same"', panel)
    _register(c, token, {"role": "victim", "case_ref": "REF-SOK-2", **TYPED, f"dup_{cp}": "same"})
    [hint] = _hints(w.engine)

    # NGO A's analyst sees it; Shelter B's analyst sees nothing of it (the persons are victims in
    # NGO A's cases, in no linkage run yet) and deciding on it is "not found", as for any hidden pair.
    a = TestClient(c.app, base_url="https://testserver")
    login(a, "analyst")
    assert 'data-hint="same"' in a.get("/link/review").text
    b = TestClient(c.app, base_url="https://testserver")
    tb = login(b, "b_analyst")
    page = b.get("/link/review").text
    assert "data-hint" not in page and hint.uid_l not in page and hint.uid_r not in page
    assert 'id="review-empty"' in page
    assert b.get("/api/link/review", headers=w.h("b_analyst")).json()["total"] == 0
    resp = b.post(
        "/link/review/decision",
        data={"csrf_token": tb, "uid_l": hint.uid_l, "uid_r": hint.uid_r, "accept": "0"},
        follow_redirects=False,
    )
    assert resp.status_code == 404
    assert not _hints(w.engine)[0].decided


def test_statements_after_registering_without_scripts(engine: Engine) -> None:
    w = make_world(engine, roles=("case_worker", "analyst"))
    c = w.client
    token = login(c, "case_worker")
    first = _register(c, token, EXISTING)
    unrelated = _register(c, token, {"role": "victim", "case_ref": "REF-CHAN", "prs_FirstName": "Chan"})
    # Registered with no panel (no scripts): the case page warns and links to the statements.
    resp = c.post(
        "/cases/new",
        data={"csrf_token": token, "role": "victim", "case_ref": "REF-SOK-2", **TYPED},
        follow_redirects=False,
    )
    second = int(resp.headers["location"].split("?")[0].rsplit("/", 1)[1])
    case_page = c.get(resp.headers["location"]).text
    link = re.search(r'href="(/cases/\d+/persons/(\d+)/duplicates)" id="tell-duplicates-link"', case_page)
    assert link, case_page[:3000]
    page = c.get(link.group(1))
    assert page.status_code == 200 and "REF-SOK<" in page.text and "REF-SOK-2<" not in page.text
    [cp] = re.findall(r'name="dup_(\d+)" value="different"', page.text)
    with Session(w.engine) as s:
        other_cp = s.scalar(select(CasePerson.id).where(CasePerson.case_id == unrelated))
    told = c.post(
        link.group(1),
        data={"csrf_token": token, f"dup_{cp}": "different", f"dup_{other_cp}": "same"},
        follow_redirects=False,
    )
    assert told.status_code == 303 and "done=duplicates_told" in told.headers["location"]
    assert "Your answer is kept for the link review." in c.get(told.headers["location"]).text
    [hint] = _hints(w.engine)
    persons = {f"person:{_person_of_case(w.engine, first)}", f"person:{_person_of_case(w.engine, second)}"}
    assert {hint.uid_l, hint.uid_r} == persons and not hint.same_person and hint.case_id == second
    # Another organisation's worker cannot reach the page or tell anything.
    b = TestClient(c.app, base_url="https://testserver")
    tb = login(b, "b_case_worker")
    assert b.get(link.group(1)).status_code == 404
    assert b.post(link.group(1), data={"csrf_token": tb, f"dup_{cp}": "same"}).status_code == 404
    assert len(_hints(w.engine)) == 1 and not _hints(w.engine)[0].same_person
    # The analyst (no person:identify) cannot use it either.
    an = TestClient(c.app, base_url="https://testserver")
    login(an, "analyst")
    assert an.get(link.group(1)).status_code == 403
