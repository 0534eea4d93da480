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


def test_every_evidence_term_has_an_english_and_a_khmer_label() -> None:
    from tipnet.linkage.comparisons import BIRTH_LEVELS, DOCUMENT_LEVELS, EXTRA_LEVELS, FEATURES, NAME_LEVELS
    from tipnet.matching.features import LEVELS
    from tipnet.web.i18n import catalogue

    levels = {*NAME_LEVELS, *BIRTH_LEVELS, *DOCUMENT_LEVELS}
    levels |= {lv for group in (*LEVELS.values(), *EXTRA_LEVELS.values()) for lv in group}
    for lang in ("en", "km"):
        labels = catalogue(lang)
        missing = [f for f in FEATURES if f"evidence_feature.{f}" not in labels]
        missing += [lv for lv in sorted(levels) if f"evidence_level.{lv}" not in labels]
        assert not missing, (lang, missing)


def test_review_keeps_its_place_and_speaks_khmer(sqlite_world: World) -> None:
    ids = linked_world(sqlite_world)
    c = sqlite_world.client
    csrf = login(c, "analyst")
    km = c.get("/link/review?lang=km").text
    cells = re.findall(r'<tr class="evidence-row"[^>]*><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td>', km)
    assert cells and all(not re.search(r"[A-Za-z]", "".join(row)) for row in cells), cells
    form = {
        "uid_l": ids["review_l"],
        "uid_r": ids["review_r"],
        "accept": "0",
        "offset": "20",
        "csrf_token": csrf,
    }
    resp = c.post("/link/review/decision", data=form, follow_redirects=False)
    assert resp.status_code == 303 and resp.headers["location"] == "/link/review?saved=1&offset=20"
