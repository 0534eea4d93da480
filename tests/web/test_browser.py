"""The main flows in Debian's Chromium (Playwright): log in, register a victim, assess with
indicators, consent and refer, give the reason for an access and record an incoming referral,
record a prosecution, search in Khmer script, switch to Khmer.
Screenshots go to test-artifacts/ (case-*.png)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import Engine
from tests.api.fixtures import make_world, password
from tests.web.live_server import serve

if TYPE_CHECKING:
    from playwright.sync_api import Page

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


@pytest.fixture
def server(engine: Engine) -> Iterator[str]:
    """The app on loopback (the engine fixture: SQLite and PostgreSQL)."""
    with serve(make_world(engine).client.app) as url:
        yield url


@pytest.mark.browser
def test_main_flows_in_chromium(server: str, store_url: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    db = "pg" if store_url.startswith("postgresql") else "sqlite"
    ARTIFACTS.mkdir(exist_ok=True)

    def shot(page: Page, name: str) -> None:
        page.screenshot(path=str(ARTIFACTS / f"case-{db}-{name}.png"), full_page=True)

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 390, "height": 844})  # a phone
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

        # Log in.
        page.goto(f"{server}/cases")
        expect(page).to_have_url(f"{server}/login")
        page.fill("#username", "case_worker")
        page.fill("#password", password("case_worker"))
        shot(page, "01-login")
        page.click("#login-submit")
        expect(page).to_have_url(f"{server}/work")

        # Register a victim.
        page.click("#nav-new")
        page.select_option("#role", "victim")
        page.fill("#prs_FirstName", "Sok")
        page.fill("#prs_SecondName", "Dara")
        page.fill("#name_native", "សុខ ដារ៉ា")
        page.fill("#prs_Birthdate", "1990-05-01")
        page.select_option("#prs_Gender", "Feminine")
        page.fill("#prs_Citizenship", "KHM")
        shot(page, "02-register")
        page.click("#register")
        expect(page.locator("#case-ref")).to_be_visible()
        expect(page.locator(".person-name")).to_have_text("Sok Dara")
        case_url = page.url.split("?")[0]

        # Assess with indicators.
        # The assessment is one step per dimension (issue 19): each step's boxes ticked, then Next,
        # up to the summary and Save.
        page.click("a[id^=assess-]")
        wanted = (
            "act-recruitment",
            "ind-dr_nature_of_job",
            "ind-dr_wages",
            "ind-ec_excessive_hours",
            "ind-ec_low_salary",
            "ind-cd_documents",
            "ind-cd_isolation",
            "fl-fl_documents",
            "fl-fl_overtime",
        )
        ticked: list[str] = []
        for step in range(1, 21):
            # Wait for this step's page, not the last one's: Next may not have finished loading.
            expect(page.locator("#assess-progress")).to_have_attribute("data-step", str(step))
            # ... and all of it: the progress line comes first, the boxes are counted below it.
            page.wait_for_load_state("domcontentloaded")
            for code in wanted:
                if page.locator(f"#{code}").count():
                    page.check(f"#{code}")
                    ticked.append(code)
            if page.locator("#assess-save").count():
                break
            page.click("#assess-next")
        assert sorted(ticked) == sorted(wanted)  # every box was on some step
        shot(page, "03-assessment")
        page.click("#assess-save")
        expect(page.locator("#suggestion")).to_have_attribute("data-suggestion", "likely")
        expect(page.locator("#forced-labour-count")).to_contain_text("2")
        shot(page, "04-assessment-result")
        page.select_option("#decision", "PossibleVictimOfTrafficking")
        page.click("#decide")
        expect(page.locator(".trafficking-status")).to_have_attribute(
            "data-status", "PossibleVictimOfTrafficking"
        )

        # Consent, then refer to the shelter.
        page.locator("select[name=con_Consent]").select_option("true")  # no answer preselected
        page.locator("button[id^=consent-submit-]").click()
        # The referral form is on the page before the consent too: fill it only once the consent's
        # page has loaded, or the choices go with the page being replaced.
        expect(page.locator(".consent-row")).to_have_count(1)
        page.select_option("#refer-org", "SHELTER-B")
        page.select_option("#refer-reason", "AdditionalServicesRequired")
        page.click("#refer-submit")
        # Pending, read from the sender's side (issue 19).
        expect(page.locator("#referrals tr[data-direction=out] .referral-status")).to_have_text(
            "Sent – awaiting SHELTER-B"
        )
        shot(page, "05-referred")

        # Give the reason for this access (audited), then record a referral received from the shelter.
        page.fill("#why", "intake follow-up")
        page.click("#why-submit")
        expect(page.locator("#why-recorded")).to_contain_text("intake follow-up")
        page.click("#incoming summary")
        page.select_option("#incoming-org", "SHELTER-B")
        page.select_option("#incoming-reason", "MigrationOrChangeOfLocation")
        page.fill("#incoming-date", "2026-09-30")
        page.fill("#incoming-details", "transferred by phone")
        shot(page, "05b-incoming-referral")
        page.click("#incoming-submit")
        incoming = page.locator("#referrals tr[data-direction=in]")
        expect(incoming).to_have_count(1)
        expect(incoming).to_contain_text("SHELTER-B → NGO-A")
        expect(incoming).to_contain_text("Migration or change of location")
        expect(incoming.locator(".referral-status")).to_have_text("accepted")
        expect(page.locator("#why-recorded")).to_contain_text("intake follow-up")  # kept after the change

        # Add a suspect and record the prosecution to a verdict.
        page.click("#add-person-details summary")
        page.select_option("#add-person #role", "suspect")
        page.fill("#add-person #prs_FirstName", "Chan")
        page.fill("#add-person #prs_SecondName", "Vuthy")
        page.click("#add-person-submit")
        suspect = page.locator("section.person[data-role=Suspect]")
        for recorded, (stage, verdict, months) in enumerate(
            (("Investigation", "", ""), ("Prosecution", "", ""), ("Trial", "Convicted", "84")), start=1
        ):
            suspect.locator("select[name=stage]").select_option(stage)
            suspect.locator("input[name=stage_date]").fill("2026-09-01")
            if verdict:
                suspect.locator("select[name=verdict]").select_option(verdict)
                suspect.locator("input[name=sentence_months]").fill(months)
            suspect.locator("button[id^=proceeding-submit-]").click()
            suspect = page.locator("section.person[data-role=Suspect]")
            # The next stage goes into the page that shows this one (a header row and one per stage),
            # not into the form of the page being left.
            expect(suspect.locator("table.proceedings tr")).to_have_count(recorded + 1)
        expect(suspect.locator("table.proceedings tr")).to_have_count(4)
        expect(suspect.locator("table.proceedings")).to_contain_text("Convicted")
        shot(page, "06-prosecution")

        # Search in Khmer script, as you type (HTMX).
        page.goto(f"{server}/cases")
        page.fill("#q", "ដារ៉ា")
        expect(page.locator("#case-list tbody tr")).to_have_count(1)
        expect(page.locator("#case-list")).to_contain_text("សុខ ដារ៉ា")
        page.fill("#q", "នរណាម្នាក់")
        expect(page.locator("#no-cases")).to_be_visible()
        page.fill("#q", "Sok")
        expect(page.locator("#case-list tbody tr")).to_have_count(1)
        shot(page, "07-search-khmer")

        # The shelter accepts the referral.
        page.goto(f"{server}/cases?lang=km")
        expect(page.locator("h1")).to_have_text("ករណី")
        shot(page, "08-khmer")
        other = browser.new_page(viewport={"width": 1280, "height": 900})
        other.goto(f"{server}/login")
        other.fill("#username", "b_case_worker")
        other.fill("#password", password("b_case_worker"))
        other.click("#login-submit")
        expect(other).to_have_url(f"{server}/work")  # signed in before leaving the sign-in page
        other.goto(case_url)
        other.locator("#referrals button", has_text="Accept").click()
        expect(other.locator("#referrals tr[data-direction=out] .referral-status")).to_have_text("accepted")
        other.screenshot(path=str(ARTIFACTS / f"case-{db}-09-shelter.png"), full_page=True)
        browser.close()
    assert not errors, "\n".join(errors)
