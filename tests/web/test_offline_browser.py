"""The installable app on a lost connection, in Debian's Chromium on SQLite and PostgreSQL: the
manifest and service worker are served, only static files and the offline page are cached (never a
case page: nothing of victims is kept in the browser), a lost connection shows the offline page, and
signing out empties the caches and removes the worker (Clear-Site-Data)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from tests.api.fixtures import make_world, password
from tests.web.live_server import serve
from tests.web.test_browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS
from tests.web.test_my_work import _new_case
from tests.web.test_pages import login

CACHED = """async () => {
  const out = [];
  for (const key of await caches.keys()) {
    const cache = await caches.open(key);
    for (const req of await cache.keys()) { out.push(new URL(req.url).pathname); }
  }
  return out;
}"""


@pytest.fixture
def server(engine: Engine) -> Iterator[tuple[str, int]]:
    w = make_world(engine, roles=("case_worker",))
    token = login(w.client, "case_worker")
    case_id, _ = _new_case(w.client, token, "Sreymom")
    with serve(w.client.app) as url:
        yield url, case_id


@pytest.mark.browser
def test_offline_keeps_nothing_of_victims(server: tuple[str, int], store_url: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    url, case_id = server
    db = "pg" if store_url.startswith("postgresql") else "sqlite"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 390, "height": 844})
        page = context.new_page()
        page.goto(f"{url}/login")
        page.fill("#username", "case_worker")
        page.fill("#password", password("case_worker"))
        page.click("#login-submit")
        expect(page).to_have_url(f"{url}/work")
        assert page.evaluate("navigator.serviceWorker.ready.then(r => r.active !== null)")
        manifest = page.evaluate("fetch('/static/manifest.json').then(r => r.json())")
        assert manifest["start_url"] == "/work" and len(manifest["icons"]) == 2
        page.goto(f"{url}/cases/{case_id}")  # now under the worker's control
        expect(page.locator("#case-ref")).to_have_text("REF-Sreymom")
        page.goto(f"{url}/cases?q=Sreymom")
        cached = page.evaluate(CACHED)
        assert "/static/offline.html" in cached and "/static/app.css" in cached
        assert all(path.startswith("/static/") for path in cached), cached  # never a case page
        # The connection drops: the offline page, no case data.
        context.set_offline(True)
        page.goto(f"{url}/cases/{case_id}")
        expect(page.locator("#offline")).to_be_visible()
        assert "Sreymom" not in page.content()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"offline-{db}-phone.png"), full_page=True)
        context.set_offline(False)
        # Signing out clears the caches and the worker.
        page.goto(f"{url}/work")
        page.locator("header form button").click()
        expect(page).to_have_url(f"{url}/login")
        assert page.evaluate(CACHED) == []
        assert page.evaluate("navigator.serviceWorker.getRegistrations().then(r => r.length)") == 0
        browser.close()
