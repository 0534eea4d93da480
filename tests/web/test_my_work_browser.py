""" "My work" in Debian's Chromium (Playwright) on SQLite and PostgreSQL, at desktop (1366×800) and
phone (390×844) sizes, in English and Khmer: the shelter's worker signs in, lands on the referrals
awaiting her answer, accepts one and rejects the other in place (reason and confirmation); NGO A's
worker lands on the overdue follow-up in red. On the phone nothing overflows the screen and the
Accept button is on it. Screenshots go to test-artifacts/ (work-*.png)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import Engine
from tests.api.fixtures import make_world, password
from tests.web.live_server import serve
from tests.web.test_browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS
from tests.web.test_my_work import _consent, _new_case, _refer
from tests.web.test_pages import login

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

SIZES = {"desktop": (1366, 800), "phone": (390, 844)}


@pytest.fixture
def server(engine: Engine) -> Iterator[str]:
    """The app on loopback with NGO A's cases: two referred to the shelter, one overdue follow-up."""
    world = make_world(engine, roles=("case_worker",))
    c = world.client
    token = login(c, "case_worker")
    for name in ("Mala", "Srey"):
        case_id, cp = _new_case(c, token, name)
        _consent(c, token, case_id, cp)
        _refer(c, token, case_id)
    case_id, cp = _new_case(c, token, "Dara")
    overdue = (date.today() - timedelta(days=4)).isoformat()
    c.post(f"/cases/{case_id}/persons/{cp}/follow-ups", data={"csrf_token": token, "due_on": overdue})
    with serve(c.app) as url:
        yield url


def _sign_in(browser: Browser, url: str, username: str, size: str, lang: str, errors: list[str]) -> Page:
    width, height = SIZES[size]
    page = browser.new_context(viewport={"width": width, "height": height}).new_page()
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{url}/login?lang={lang}")
    page.fill("#username", username)
    page.fill("#password", password(username))
    page.click("#login-submit")
    return page


def _fits(page: Page, width: int) -> None:
    # Measured once the stylesheet is in (the load event waits for it; the DOM comes first): the
    # width is the stylesheet's doing.
    page.wait_for_load_state("load")
    overflow = page.evaluate("document.documentElement.scrollWidth")
    assert overflow <= width, f"page is {overflow}px wide on a {width}px screen"


@pytest.mark.browser
def test_landing_page_day_at_two_sizes_in_two_languages(server: str, store_url: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    db = "pg" if store_url.startswith("postgresql") else "sqlite"
    ARTIFACTS.mkdir(exist_ok=True)
    errors: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        # NGO A: the overdue follow-up, in red, on every size and language; counts on the navigation.
        for size in SIZES:
            for lang in ("en", "km"):
                page = _sign_in(browser, server, "case_worker", size, lang, errors)
                expect(page).to_have_url(f"{server}/work")
                expect(page.locator("html")).to_have_attribute("lang", lang)
                expect(page.locator("#nav-overdue-count")).to_be_visible()
                overdue = page.locator("#work-due tr[data-overdue=yes]")
                expect(overdue).to_have_count(1)
                # Retried until the stylesheet has applied: the DOM is there before the CSS is.
                expect(overdue.locator("td").first).to_have_css("color", "rgb(183, 28, 28)")  # red
                expect(page.locator("#work-blocked li")).to_have_count(1)
                title = page.title()
                assert title.startswith(("My work", "ការងាររបស់ខ្ញុំ")), title
                _fits(page, SIZES[size][0])
                page.keyboard.press("Tab")  # the skip link comes first
                expect(page.locator("a.skip")).to_be_focused()
                page.screenshot(path=str(ARTIFACTS / f"work-{db}-ngo-{size}-{lang}.png"), full_page=True)
                page.context.close()

        # The shelter: accept one referral, reject the other in place, on the phone in Khmer and on the
        # desktop in English (one referral each time would be used up: accept on one, reject on the other).
        page = _sign_in(browser, server, "b_case_worker", "phone", "km", errors)
        expect(page).to_have_url(f"{server}/work")
        rows = page.locator("#work-awaiting tr.awaiting")
        expect(rows).to_have_count(2)
        _fits(page, 390)
        accept = rows.first.locator("button.accept")
        box = accept.bounding_box()
        assert box is not None and box["x"] + box["width"] <= 390 and box["height"] >= 44
        page.screenshot(path=str(ARTIFACTS / f"work-{db}-shelter-phone-km.png"), full_page=True)
        accept.click()
        expect(page.locator("#work-flash")).to_be_visible()
        expect(page.locator("#work-awaiting tr.awaiting")).to_have_count(1)
        page.context.close()

        page = _sign_in(browser, server, "b_case_worker", "desktop", "en", errors)
        row = page.locator("#work-awaiting tr.awaiting")
        expect(row).to_have_count(1)
        row.locator("details.reject summary").click()
        # Without a reason or a confirmation: refused, the errors beside both fields, the form open.
        row.locator("button.danger").click()
        expect(page.locator("#work-awaiting tr.awaiting")).to_have_count(1)
        expect(page.locator("#work-awaiting .field-error")).to_have_count(2)
        expect(page.locator("#work-awaiting [aria-invalid=true]")).to_have_count(2)
        row = page.locator("#work-awaiting tr.awaiting")
        row.locator("input[name=why]").fill("no place in the shelter this month")
        row.locator("input[name=confirm]").check()
        page.screenshot(path=str(ARTIFACTS / f"work-{db}-shelter-reject-desktop-en.png"), full_page=True)
        row.locator("button.danger").click()
        expect(page.locator("#work-flash")).to_contain_text("rejected")
        expect(page.locator("#work-awaiting tr.awaiting")).to_have_count(0)
        # The accepted case is now the shelter's work: assess it.
        expect(page.locator("#work-undecided li")).to_have_count(1)
        page.context.close()
        browser.close()
    assert not errors, "\n".join(errors)
