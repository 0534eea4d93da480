"""The "Refer to" filter box (issue 19 item 2) in Debian's Chromium, on SQLite and PostgreSQL: among
the directory's organisations, typing part of a name in English or in Khmer keeps only those that
match (empty groups hidden, the count said), a single match is chosen, and the referral is sent to
it; clearing the box shows them all again."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select
from tests.api.fixtures import make_world, password
from tests.web.live_server import serve
from tests.web.test_browser import CHROMIUM, CHROMIUM_ARGS
from tests.web.test_my_work import _consent, _new_case
from tests.web.test_pages import login

from tipnet.store.engine import session_scope
from tipnet.store.tables.cases import Referral
from tipnet.store.tables.sources import Organisation

ORGS = [
    ("BANK-1", "Mekong Commercial Bank", None, "CorporateBusiness"),
    ("LEGAL-1", "Legal Aid Phnom Penh", "ជំនួយផ្លូវច្បាប់ភ្នំពេញ", "LegalService"),
    ("HEALTH-1", "Lotus Path Clinic", "គ្លីនិកផ្លូវឈូក", "HealthServiceOrganisation"),
    ("NGO-9", "Lotus Path", None, "NGO"),
]


@pytest.mark.browser
def test_refer_filter_box(engine: Engine) -> None:
    from playwright.sync_api import expect, sync_playwright

    w = make_world(engine, roles=("case_worker",))
    with session_scope(engine) as session:
        for code, name, name_km, kind in ORGS:
            session.add(Organisation(code=code, org_Name=name, org_Name_km=name_km, org_Type=kind))
    c = w.client
    token = login(c, "case_worker")
    case_id, cp = _new_case(c, token, "Sreymom")
    _consent(c, token, case_id, cp)
    with serve(c.app) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
        page.goto(f"{url}/login")
        page.fill("#username", "case_worker")
        page.fill("#password", password("case_worker"))
        page.click("#login-submit")
        expect(page).to_have_url(f"{url}/work")  # signed in before leaving the sign-in page
        page.goto(f"{url}/cases/{case_id}")
        visible = "s => [...s.options].filter(o => o.value && !o.hidden).map(o => o.value)"
        chooser = page.locator("#refer-org")
        everyone = chooser.evaluate(visible)
        assert {"BANK-1", "LEGAL-1", "HEALTH-1", "NGO-9", "SHELTER-B"} <= set(everyone)
        expect(chooser).to_have_value("")  # nothing chosen by default

        page.fill("#refer-org-filter", "lotus")
        assert sorted(chooser.evaluate(visible)) == ["HEALTH-1", "NGO-9"]
        expect(page.locator("#refer-org-filter-count")).to_have_text("2 organisations match")
        hidden_groups = chooser.evaluate(
            "s => [...s.querySelectorAll('optgroup')].filter(g => g.hidden).length"
        )
        assert hidden_groups >= 2  # the bank's and the legal aid's groups
        expect(chooser).to_have_value("")  # two left: the worker chooses
        page.fill("#refer-org-filter", "ផ្លូវច្បាប់")  # Khmer: the English page names them in English
        assert chooser.evaluate(visible) == []
        expect(page.locator("#refer-org-filter-count")).to_have_text("0 organisations match")
        page.goto(f"{url}/cases/{case_id}?lang=km")
        page.fill("#refer-org-filter", "ផ្លូវច្បាប់")
        assert chooser.evaluate(visible) == ["LEGAL-1"]
        expect(chooser).to_have_value("LEGAL-1")  # the one match is chosen
        page.fill("#refer-org-filter", "")
        assert set(chooser.evaluate(visible)) == set(everyone)
        page.fill("#refer-org-filter", "shelter")
        expect(chooser).to_have_value("SHELTER-B")
        page.click("#refer-submit")
        # The referral's page, before the browser closes: waiting for the load state of the page
        # being left would not wait for the post to be answered.
        expect(page.locator("#referrals tr[data-direction=out]")).to_have_count(1)
        browser.close()
    with engine.connect() as conn:
        to = conn.scalar(
            select(Organisation.code)
            .join(Referral, Referral.to_org_id == Organisation.id)
            .where(Referral.case_id == case_id)
        )
    assert to == "SHELTER-B"
