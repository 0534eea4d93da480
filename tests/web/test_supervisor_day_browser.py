"""A supervisor's day in Debian's Chromium (Playwright), on SQLite and PostgreSQL, at phone
(390×844) and desktop (1366×800) sizes, in Khmer and English: lands on "My work", approves a
worker's closing in place, gives an unassigned case to a worker with the reason, reads the case's
summary and history; the worker then finds the case under "My cases". Nothing overflows the phone's
screen. Screenshots in test-artifacts/supervisor-*.png."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import Engine, delete, select
from tests.api.fixtures import make_world, password
from tests.web.live_server import serve
from tests.web.test_browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS
from tests.web.test_my_work import _new_case
from tests.web.test_pages import login

from tipnet.store.tables.cases import Case, CaseAssignment

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

SIZES = {"phone": (390, 844), "desktop": (1366, 800)}


@pytest.fixture
def server(engine: Engine) -> Iterator[tuple[str, Engine]]:
    """NGO A asks for approval of closings; per size and language one case to close (asked by the
    worker) and one case nobody works."""
    w = make_world(engine, roles=("case_worker", "supervisor", "admin"))
    c = w.client
    admin_token = login(c, "admin")
    c.post("/settings/approvals", data={"csrf_token": admin_token, "step": ["closure"]})
    token = login(c, "case_worker")
    for run in ("phone-km", "phone-en", "desktop-km", "desktop-en"):
        closing, _ = _new_case(c, token, f"Close{run.replace('-', '')}")
        c.post(
            f"/cases/{closing}/status",
            data={
                "csrf_token": token,
                "cas_Status": "Closed",
                "cas_ReasonForCaseClosure": "reunited",
                "confirm": "yes",
            },
        )
        orphan, _ = _new_case(c, token, f"Orphan{run.replace('-', '')}")
        with w.engine.begin() as conn:
            conn.execute(delete(CaseAssignment).where(CaseAssignment.case_id == orphan))
    with serve(c.app) as url:
        yield url, w.engine


def _sign_in(browser: Browser, url: str, user: str, size: str, lang: str) -> Page:
    width, height = SIZES[size]
    page = browser.new_context(viewport={"width": width, "height": height}).new_page()
    page.goto(f"{url}/login?lang={lang}")
    page.fill("#username", user)
    page.fill("#password", password(user))
    page.click("#login-submit")
    return page


def _fits(page: Page, width: int) -> None:
    # Measured once the stylesheet is in (the load event waits for it; the DOM comes first): the
    # width is the stylesheet's doing.
    page.wait_for_load_state("load")
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= width, f"{wide}px wide on a {width}px screen"


@pytest.mark.browser
def test_supervisor_day(server: tuple[str, Engine], store_url: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    url, engine = server
    db = "pg" if store_url.startswith("postgresql") else "sqlite"
    ARTIFACTS.mkdir(exist_ok=True)
    errors: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for size in SIZES:
            for lang in ("km", "en"):
                run = f"{size}{lang}"
                page = _sign_in(browser, url, "supervisor", size, lang)
                page.on("pageerror", lambda exc: errors.append(str(exc)))
                expect(page).to_have_url(f"{url}/work")
                expect(page.locator("html")).to_have_attribute("lang", lang)
                width = SIZES[size][0]
                _fits(page, width)
                page.screenshot(
                    path=str(ARTIFACTS / f"supervisor-{db}-{size}-{lang}-1-work.png"), full_page=True
                )
                # Approve the worker's closing in place.
                row = page.locator("#work-approvals tr.approval", has_text=f"REF-Close{run}")
                expect(row).to_have_count(1)
                row.locator("button.accept").click()
                expect(page).to_have_url(f"{url}/work?done=approved")
                expect(page.locator("#work-flash")).to_be_visible()
                expect(page.locator("#work-approvals tr.approval", has_text=f"REF-Close{run}")).to_have_count(
                    0
                )
                # Give the unassigned case to the worker, with the reason.
                page.locator("#work-unassigned a", has_text=f"REF-Orphan{run}").click()
                expect(page.locator("#summary-assignee")).to_be_visible()
                _fits(page, width)
                page.locator("#assign-details summary").click()
                page.select_option("#assignee", "case_worker")
                page.click("#assign-submit")
                expect(page.locator("#summary-assignee")).to_have_text("case_worker")
                page.screenshot(
                    path=str(ARTIFACTS / f"supervisor-{db}-{size}-{lang}-2-case.png"), full_page=True
                )
                # The case's history says who did what.
                page.click("#history-link")
                expect(page.locator("#history tr.history-entry").first).to_be_visible()
                expect(page.locator("#history .assignee-change").first).to_contain_text("case_worker")
                _fits(page, width)
                page.screenshot(
                    path=str(ARTIFACTS / f"supervisor-{db}-{size}-{lang}-3-history.png"), full_page=True
                )
                page.context.close()
        # The worker finds the case under "My cases"; the closed one is closed.
        page = _sign_in(browser, url, "case_worker", "phone", "en")
        mine = page.locator("#work-mine")
        for run in ("phonekm", "phoneen", "desktopkm", "desktopen"):
            expect(mine.locator("a", has_text=f"REF-Orphan{run}")).to_have_count(1)
        browser.close()
    with engine.connect() as conn:
        statuses = dict(conn.execute(select(Case.case_ref, Case.cas_Status)).all())
    assert all(
        statuses[f"REF-Close{r}"] == "Closed" for r in ("phonekm", "phoneen", "desktopkm", "desktopen")
    )
    assert not errors, errors
