"""The statistics dashboard: analysts and admins only; filters by year and organisation type;
aggregates only (small cells hidden, no person's name or record link on the page)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session
from tests.api.fixtures import World
from tests.web.test_pages import login

from tipnet.store.tables.cases import Case, CasePerson
from tipnet.store.tables.people import Person
from tipnet.store.tables.sources import Organisation


def _victims(world: World) -> None:
    with Session(world.engine) as s, s.begin():
        org = s.query(Organisation).first()
        assert org is not None
        for i in range(14):
            case = Case(org_id=org.id, case_ref=f"STAT-{i}", opened_on=date(2025 if i < 11 else 2026, 3, 1))
            s.add(case)
            s.flush()
            person = Person(
                full_name=f"Sokha Test{i}", prs_Gender="Feminine" if i % 7 else "Masculine", birth_year=2000
            )
            s.add(person)
            s.flush()
            s.add(
                CasePerson(
                    case_id=case.id,
                    person_id=person.id,
                    role="Victim",
                    vic_TypeOfExploitation=["ForcedLabour"],
                )
            )


@pytest.mark.parametrize("role", ["analyst", "admin"])
def test_dashboard_for_analysts_and_admins(sqlite_world: World, role: str) -> None:
    _victims(sqlite_world)
    c = sqlite_world.client
    login(c, role)
    page = c.get("/statistics")
    assert page.status_code == 200 and "people, not records" in page.text
    assert 'id="nav-statistics"' in page.text
    assert "Sokha" not in page.text and "/cases/" not in page.text.split("<main", 1)[-1]
    # 2025: 11 persons (9 women, 2 men -> the men hidden, and the women with them by secondary suppression)
    by_sex = c.get("/statistics?year=2025&by=sex").text
    assert (
        "&lt;5*" in by_sex
        and ">2026<" not in by_sex.split("people, not records", 1)[1].split("</table>", 1)[0]
    )
    sdg = by_sex.split("SDG 16.2.2 by sex", 1)[1]
    assert "<td>Masculine</td><td>2</td>" not in sdg.replace("\n", "").replace(" ", "") and "&lt;5*" in sdg
    assert c.get("/statistics?by=nationality&org_type=Nonexistent").status_code == 200


@pytest.mark.parametrize("role", ["case_worker", "partner", "border_officer"])
def test_dashboard_refused_to_other_roles(sqlite_world: World, role: str) -> None:
    c = sqlite_world.client
    login(c, role)
    page = c.get("/statistics")
    assert page.status_code == 403


@pytest.mark.browser
def test_dashboard_in_chromium(sqlite_world: World) -> None:
    """An analyst opens the dashboard from the menu, filters a year and a breakdown with the page's
    own form; no script error; a screenshot goes to test-artifacts/statistics-dashboard.png."""
    from playwright.sync_api import expect, sync_playwright
    from tests.api.fixtures import password
    from tests.web.live_server import serve
    from tests.web.test_browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS

    _victims(sqlite_world)
    errors: list[str] = []
    with serve(sqlite_world.client.app) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.goto(f"{url}/login")
        page.fill("#username", "analyst")
        page.fill("#password", password("analyst"))
        page.click("#login-submit")
        expect(page).to_have_url(f"{url}/work")  # "My work" is the landing page
        page.click("#nav-statistics")
        expect(page).to_have_url(f"{url}/statistics")
        expect(page.locator("#per-year .bar-row")).to_have_count(2)  # 2025 and 2026
        page.select_option("select[name=year]", "2025")
        page.select_option("select[name=by]", "exploitation")
        page.click("#stats-filters button[type=submit]")
        expect(page).to_have_url(f"{url}/statistics?year=2025&org_type=&by=exploitation")
        expect(page.locator("h2", has_text="victims identified by exploitation")).to_be_visible()
        page.wait_for_load_state("domcontentloaded")  # the table below the heading parsed too
        rows = page.locator("table.stats-table").nth(1).locator("tr").all_inner_texts()
        assert any("ForcedLabour" in r and "11" in r for r in rows), rows
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "statistics-dashboard.png"), full_page=True)
        browser.close()
    assert not errors, errors
