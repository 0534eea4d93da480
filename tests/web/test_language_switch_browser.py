"""The language switch in Debian's Chromium (Playwright) on SQLite and PostgreSQL: a case worker
searches the case list in English, switches to Thai (a catalogue dropped in, partly translated):
the navigation is Thai, a label Thai lacks is English (never its key), the search is kept, Thai's
line height applies. Signing in again in a fresh browser (no cookie): still Thai, the account kept
it. Screenshot: test-artifacts/language-*.png. Every check is an expect() that waits."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import Engine
from tests.api.fixtures import make_world, password
from tests.web.live_server import serve
from tests.web.test_browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS
from tests.web.test_my_work import _new_case
from tests.web.test_pages import login

from tipnet.web import i18n

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page


@pytest.fixture
def server(engine: Engine) -> Iterator[str]:
    """The app on loopback with one of NGO A's cases."""
    world = make_world(engine, roles=("case_worker",))
    c = world.client
    _new_case(c, login(c, "case_worker"), "Mala")
    with serve(c.app) as url:
        yield url


def _sign_in(browser: Browser, url: str, errors: list[str]) -> Page:
    """A fresh browser (no cookie) on a phone, English by its locale, signed in: on My work."""
    from playwright.sync_api import expect

    page = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB").new_page()
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{url}/login")
    page.fill("#username", "case_worker")
    page.fill("#password", password("case_worker"))
    page.click("#login-submit")
    expect(page).to_have_url(f"{url}/work")
    return page


@pytest.mark.browser
def test_switch_to_thai_with_english_fallback(server: str, store_url: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    db = "pg" if store_url.startswith("postgresql") else "sqlite"
    th, en = i18n.catalogue("th"), i18n.catalogue("en")
    assert "search" not in th and "my_work" in th  # the fallback below is a fallback
    ARTIFACTS.mkdir(exist_ok=True)
    errors: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

        page = _sign_in(browser, server, errors)
        expect(page.locator("html")).to_have_attribute("lang", "en")
        page.goto(f"{server}/cases?q=Mala")
        expect(page.locator("#q")).to_have_value("Mala")
        page.locator('header a[hreflang="th"]').click()

        expect(page.locator("html")).to_have_attribute("lang", "th")
        expect(page.locator("#nav-work")).to_contain_text(th["my_work"])  # Thai
        expect(page.locator('label[for="q"]')).to_have_text(en["search"])  # English, not "search"
        expect(page.locator("#q")).to_have_value("Mala")  # the switch kept the search
        expect(page.locator('header a[hreflang="th"]')).to_have_attribute("aria-current", "true")
        expect(page.locator("body")).to_have_css("line-height", "25.6px")  # 1.6 × 16 px for Thai
        page.screenshot(path=str(ARTIFACTS / f"language-{db}-cases-th.png"), full_page=True)
        page.context.close()

        # Another browser, no cookie: the account kept Thai.
        page = _sign_in(browser, server, errors)
        expect(page.locator("html")).to_have_attribute("lang", "th")
        expect(page.locator("#nav-work")).to_contain_text(th["my_work"])
        page.context.close()
        browser.close()
    assert errors == []
