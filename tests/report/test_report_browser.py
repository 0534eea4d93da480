"""The report opens in Debian's Chromium (Playwright), and its charts render.

The report comes from a store filled through ingestion of small synthetic files, so the test
does not depend on the simulator; the demo test covers the whole main job.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import Engine
from tests.report.fixtures import fill_store

from tipnet.report.render import ReportInput, Section, write_report

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


@pytest.mark.slow
@pytest.mark.browser
def test_report_charts_render_in_chromium(tmp_path: Path, sqlite_engine: Engine) -> None:
    from playwright.sync_api import sync_playwright

    fill_store(sqlite_engine, tmp_path)
    extra = ReportInput(
        title="Test report", sections=[Section("Added <by> a capability", "<p id='extra'>ok</p>", "x")]
    )
    path = write_report(sqlite_engine, tmp_path / "report", extra)
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(path.as_uri())
        page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)
        charts = page.locator("div.chart svg")
        assert charts.count() == 9
        for i in range(charts.count()):
            box = charts.nth(i).bounding_box()
            assert box is not None and box["width"] > 150 and box["height"] > 100
        # Bars were drawn: each bar chart has filled rectangles (matplotlib paths) beyond its axes.
        assert page.locator("div[data-chart=nationality] svg path").count() > 10
        assert page.locator("#kpis .kpi b").first.inner_text() == "2"
        assert page.locator("#extra").inner_text() == "ok"
        assert "Added <by> a capability" in page.content().replace("&lt;", "<").replace("&gt;", ">")
        browser.close()
    assert not errors
