"""The public job-offer check in Debian's Chromium at a phone viewport: no sign-in, Khmer page,
red flags with the words of the offer, the country's hotline, a report only after consent, and no
request leaves the site. Screenshots go to test-artifacts/ (check-*.png)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy import Engine, func, select
from tests.api.fixtures import make_world
from tests.web.live_server import serve

from tipnet.store.tables.hotline import HotlineReport

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
OFFER = (
    "ត្រូវការបុគ្គលិកបម្រើអតិថិជនអនឡាញ នៅក្រុងព្រះសីហនុ ប្រាក់ខែ ២០០០ ដុល្លារ មិនត្រូវការបទពិសោធន៍ "
    "ក្រុមហ៊ុនចេញថ្លៃសំបុត្រយន្តហោះ ទាក់ទង Telegram @job_kh_vip"
)


@pytest.fixture
def site(engine: Engine) -> Iterator[tuple[str, Engine]]:
    with serve(make_world(engine).client.app) as url:
        yield url, engine


def _reports(engine: Engine) -> int:
    with engine.connect() as conn:
        return conn.scalar(select(func.count()).select_from(HotlineReport)) or 0


@pytest.mark.browser
def test_check_a_job_offer_on_a_phone(site: tuple[str, Engine], store_url: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    url, engine = site
    db = "pg" if store_url.startswith("postgresql") else "sqlite"  # one file each: run at once
    origin = urlsplit(url).netloc
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 360, "height": 740})  # a small phone
        requests: list[str] = []
        errors: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

        page.goto(f"{url}/check?lang=km&country=KH")
        expect(page.locator("html")).to_have_attribute("lang", "km")
        expect(page.locator("#check-button")).to_have_text("ពិនិត្យ")
        page.fill("#text", OFFER)
        page.screenshot(path=str(ARTIFACTS / f"check-{db}-01-form.png"), full_page=True)
        page.click("#check-button")
        expect(page.locator("#verdict")).to_have_class("card verdict deceptive")
        for code, words in (("COMPOUND_HUB", "ក្រុងព្រះសីហនុ"), ("NO_EXPERIENCE", "មិនត្រូវការបទពិសោធន៍")):
            item = page.locator(f'li[data-code="{code}"]')
            expect(item.locator("mark")).to_have_text(words)
        expect(page.locator("#hotlines a.hotline").first).to_have_text("1288")
        page.screenshot(path=str(ARTIFACTS / f"check-{db}-02-verdict.png"), full_page=True)
        # The page fits the phone: no horizontal scrolling (measured with the stylesheet in: the load
        # event waits for it, the verdict's elements do not).
        page.wait_for_load_state("load")
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        assert _reports(engine) == 0

        # Sending without consent keeps nothing; with it, a report and its reference.
        page.click("#send-report")
        expect(page.locator("#check-error")).to_be_visible()
        assert _reports(engine) == 0
        page.check("#consent")
        page.click("#send-report")
        expect(page.locator("#reference")).to_contain_text("CHK-")
        page.screenshot(path=str(ARTIFACTS / f"check-{db}-03-reported.png"), full_page=True)
        assert _reports(engine) == 1
        browser.close()
    foreign = [r for r in requests if urlsplit(r).netloc not in (origin, "") and not r.startswith("data:")]
    assert foreign == [], foreign
    # The refused send (no consent) answers 422, which Chromium logs; nothing else may fail.
    assert [e for e in errors if "status of 422" not in e] == []
