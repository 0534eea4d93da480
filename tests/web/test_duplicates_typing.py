"""Duplicates shown while a person is registered: the one matching core's check (the same as on
saving) asked after a pause in typing, with the match's reference, names in both scripts, birth
date, organisation and score; scoped to the user's cases, for those who identify victims, audited
without names, sent by POST so nothing typed lands in a URL. SQLite and PostgreSQL, and Chromium."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from tests.api.fixtures import make_world, password
from tests.web.live_server import serve
from tests.web.test_browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS
from tests.web.test_pages import login

from tipnet.store.tables.security import AuditEvent

EXISTING = {
    "role": "victim",
    "case_ref": "REF-SOK",
    "prs_FirstName": "Sok",
    "prs_SecondName": "Dara",
    "name_native": "សុខ ដារ៉ា",
    "prs_Birthdate": "1990-05-01",
    "prs_Gender": "Feminine",
    "prs_Citizenship": "KHM",
}


def _register(c: TestClient, token: str, fields: dict[str, str]) -> int:
    resp = c.post("/cases/new", data={"csrf_token": token, **fields}, follow_redirects=False)
    assert resp.status_code == 303, resp.text
    return int(resp.headers["location"].split("?")[0].rsplit("/", 1)[1])


def _check(c: TestClient, token: str, **typed: str) -> str:
    resp = c.post("/cases/duplicates", data={"csrf_token": token, **typed})
    assert resp.status_code == 200, resp.text
    return resp.text


def test_duplicates_while_typing(engine: Engine) -> None:
    w = make_world(engine, roles=("case_worker", "analyst"))
    a = w.client
    ta = login(a, "case_worker")
    case_id = _register(a, ta, EXISTING)
    _register(
        a, ta, {"role": "victim", "case_ref": "REF-OTHER", "prs_FirstName": "Chan", "prs_SecondName": "Thida"}
    )
    before = len(_audit(w.engine))

    # Too little typed: nothing asked, nothing audited.
    assert "possible-duplicate" not in _check(a, ta, prs_FirstName="S")
    assert len(_audit(w.engine)) == before

    # The Latin spelling in another order, the Khmer name, a birth date: the match, told apart.
    for typed in (
        {"prs_FirstName": "Dara", "prs_SecondName": "Sok", "prs_Birthdate": "1990-05-01"},
        {"name_native": "សុខ ដារ៉ា", "prs_Birthdate": "1990-05-01"},
        {
            "prs_FirstName": "Sok",
            "prs_SecondName": "Dara",
            "prs_Gender": "Feminine",
            "prs_Citizenship": "KHM",
        },
    ):
        html = _check(a, ta, **typed)
        found = re.findall(r'class="possible-duplicate" data-case="(\d+)" data-score="([0-9.]+)"', html)
        assert [int(cid) for cid, _ in found] == [case_id], (typed, html)
        assert ">REF-SOK<" in html and "សុខ ដារ៉ា" in html and "1990-05-01" in html and "NGO-A" in html
        assert "REF-OTHER" not in html
    assert 'id="no-duplicates"' in _check(a, ta, prs_FirstName="Bopha", prs_SecondName="Keo")

    # Audited as searches, with case ids and counts, never what was typed.
    checks = [e for e in _audit(w.engine)[before:] if e.object_type == "duplicate_check"]
    assert len(checks) == 4 and all(e.action == "search" for e in checks)
    assert checks[0].details == {"case": case_id, "results": 1} and checks[0].case_id == case_id
    assert not any(
        word in str(e.details) + str(e.reason) for e in checks for word in ("Sok", "Dara", "សុខ", "1990")
    )

    # Another organisation's worker does not see NGO A's person; the analyst may not ask at all.
    b = TestClient(a.app, base_url="https://testserver")
    tb = login(b, "b_case_worker")
    assert "possible-duplicate" not in _check(
        b, tb, prs_FirstName="Sok", prs_SecondName="Dara", prs_Birthdate="1990-05-01"
    )
    an = TestClient(a.app, base_url="https://testserver")
    tn = login(an, "analyst")
    resp = an.post(
        "/cases/duplicates", data={"csrf_token": tn, "prs_FirstName": "Sok", "prs_SecondName": "Dara"}
    )
    assert resp.status_code == 403 and "REF-SOK" not in resp.text
    # Without the session's CSRF token: refused.
    assert a.post("/cases/duplicates", data={"prs_FirstName": "Sok"}).status_code == 403
    # In Khmer, the box speaks Khmer.
    km = a.post(
        "/cases/duplicates?lang=km", data={"csrf_token": ta, "prs_FirstName": "Sok", "prs_SecondName": "Dara"}
    )
    assert "ប្រហែលជាបានចុះឈ្មោះរួចហើយ" in km.text


def _audit(engine: Engine) -> list[AuditEvent]:
    with engine.connect() as conn:
        return list(conn.execute(select(AuditEvent).order_by(AuditEvent.id)).all())  # type: ignore[arg-type]


@pytest.fixture
def server(engine: Engine) -> Iterator[str]:
    w = make_world(engine, roles=("case_worker",))
    token = login(w.client, "case_worker")
    _register(w.client, token, EXISTING)
    with serve(w.client.app) as url:
        yield url


@pytest.mark.browser
def test_duplicates_appear_while_typing_in_chromium(server: str, store_url: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    db = "pg" if store_url.startswith("postgresql") else "sqlite"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 390, "height": 844})
        posted: list[str] = []
        page.on("request", lambda r: posted.append(r.url) if "duplicates" in r.url else None)
        page.goto(f"{server}/login")
        page.fill("#username", "case_worker")
        page.fill("#password", password("case_worker"))
        page.click("#login-submit")
        expect(page).to_have_url(f"{server}/work")  # signed in before leaving the sign-in page
        page.goto(f"{server}/cases/new")
        page.locator("#prs_FirstName").press_sequentially("Sok", delay=40)
        page.locator("#prs_SecondName").press_sequentially("Dara", delay=40)
        page.fill("#prs_Birthdate", "1990-05-01")
        box = page.locator("#possible-duplicates")
        expect(box).to_be_visible()
        expect(box.locator("li.possible-duplicate")).to_have_count(1)
        expect(box).to_contain_text("REF-SOK")
        expect(box).to_contain_text("សុខ ដារ៉ា")
        assert page.locator("#duplicates").get_attribute("aria-live") == "polite"
        assert all("Sok" not in url and "Dara" not in url for url in posted) and posted
        # Typed fast, asked once or twice: the check waits for a pause.
        assert len(posted) <= 4, posted
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"duplicates-{db}-phone.png"), full_page=True)
        browser.close()
