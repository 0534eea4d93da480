"""The link review page: signed-in reviewers see pending pairs with the evidence, decide with a CSRF-
protected form, and the pair leaves the queue; others are refused; labels exist in Khmer."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session
from tests.api.fixtures import World
from tests.api.test_resolved_identities import linked_world
from tests.web.test_pages import login

from tipnet.store.tables.linkage import LinkDecision


def test_review_page_flow(sqlite_world: World) -> None:
    ids = linked_world(sqlite_world)
    c = sqlite_world.client
    assert c.get("/link/review", follow_redirects=False).status_code == 303  # to the sign-in page
    csrf = login(c, "analyst")
    page = c.get("/link/review")
    assert page.status_code == 200 and ids["review_l"] in page.text and "exact" in page.text
    assert "Same person" in page.text and "Different persons" in page.text
    km = c.get("/link/review?lang=km")
    assert "មនុស្សតែមួយ" in km.text
    form = {"uid_l": ids["review_l"], "uid_r": ids["review_r"], "accept": "1", "reason": "same passport"}
    assert c.post("/link/review/decision", data=form, follow_redirects=False).status_code == 403  # no token
    resp = c.post("/link/review/decision", data={**form, "csrf_token": csrf}, follow_redirects=False)
    assert resp.status_code == 303 and resp.headers["location"].startswith("/link/review")
    after = c.get(resp.headers["location"])
    assert re.search(r'id="review-empty"', after.text) and 'id="review-saved"' in after.text
    with Session(sqlite_world.engine) as s:
        d = s.scalar(select(LinkDecision))
        assert d is not None and d.accept and d.reason == "same passport"


def test_review_page_refused_without_the_permission(sqlite_world: World) -> None:
    linked_world(sqlite_world)
    c = sqlite_world.client
    login(c, "case_worker")
    assert c.get("/link/review").status_code == 403
