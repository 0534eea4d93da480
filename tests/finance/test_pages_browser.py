"""The alert queue pages in Debian's Chromium (Playwright), on SQLite and PostgreSQL: the FIU analyst
opens the queue from the menu, opens the mule chain's alert (network picture, accounts with the scam
victim marked, evidence), escalates it into a case with the page's own form; an administrator gets the
403 page. Screenshots go to test-artifacts/ (finance-*.png)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, select
from tests.api.fixtures import VICTIM, World, make_world, password
from tests.finance.test_queue_api import _book
from tests.web.live_server import serve
from tests.web.test_browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS

from tipnet.store.engine import session_scope
from tipnet.store.tables.finance import FinanceAlert


@pytest.fixture
def served(engine: Engine) -> Iterator[tuple[str, World, int]]:
    world = make_world(engine)
    c = world.client
    assert (
        c.post("/api/finance/transactions", files=_book(), headers=world.h("fiu_analyst")).status_code == 200
    )
    case = c.post("/api/cases", json={"persons": [VICTIM]}, headers=world.h("case_worker")).json()["id"]
    with serve(c.app) as url:
        yield url, world, case


@pytest.mark.browser
def test_alert_queue_in_chromium(served: tuple[str, World, int], store_url: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    url, world, case = served
    db = "pg" if store_url.startswith("postgresql") else "sqlite"
    ARTIFACTS.mkdir(exist_ok=True)
    errors: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

        def sign_in(username: str, landing: str) -> object:
            page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
            page.on("pageerror", lambda exc: errors.append(f"{username}: {exc}"))
            page.goto(f"{url}/login")
            page.fill("#username", username)
            page.fill("#password", password(username))
            page.click("#login-submit")
            expect(page).to_have_url(f"{url}{landing}")
            return page

        page = sign_in("fiu_analyst", "/finance/alerts")  # the FIU analyst starts at the alert queue
        page.click("#nav-finance")  # type: ignore[attr-defined]
        expect(page).to_have_url(f"{url}/finance/alerts")  # type: ignore[arg-type]
        expect(page.locator("#alerts-total")).to_have_text("2 alerts")  # type: ignore[attr-defined]
        page.locator("#alerts a", has_text="MC-").click()  # type: ignore[attr-defined]
        expect(page.locator("h1")).to_contain_text("Money mule chain")  # type: ignore[attr-defined]
        expect(page.locator("#alert-network img")).to_have_count(1)  # type: ignore[attr-defined]
        expect(page.locator("#alert-accounts tr.victim")).to_have_count(1)  # type: ignore[attr-defined]
        expect(page.locator("#alert-evidence tbody tr")).to_have_count(4)  # type: ignore[attr-defined]
        page.screenshot(path=str(ARTIFACTS / f"finance-{db}-alert.png"), full_page=True)  # type: ignore[attr-defined]
        page.fill("#alert-decide input[name=case_id]", str(case))  # type: ignore[attr-defined]
        page.fill("#alert-decide input[name=comment]", "three new accounts drained a retiree abroad")  # type: ignore[attr-defined]
        page.click("#alert-decide button[value=escalate]")  # type: ignore[attr-defined]
        expect(page.locator("#alert-saved")).to_be_visible()  # type: ignore[attr-defined]
        expect(page.locator("#alert-status")).to_contain_text("escalated")  # type: ignore[attr-defined]
        expect(page.locator("#alert-history li")).to_have_count(1)  # type: ignore[attr-defined]

        admin = sign_in("admin", "/work")
        resp = admin.goto(f"{url}/finance/alerts")  # type: ignore[attr-defined]
        assert resp is not None and resp.status == 403
        assert admin.locator("#nav-finance").count() == 0  # type: ignore[attr-defined]
        browser.close()
    assert errors == []
    with session_scope(world.engine) as s:
        escalated = s.scalar(select(FinanceAlert).where(FinanceAlert.status == "escalated"))
        assert escalated is not None and escalated.case_id == case and escalated.typology == "mule_chain"
