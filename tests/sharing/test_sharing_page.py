"""The case's "Shared with partners" page, on SQLite and PostgreSQL: consent to share recorded through
the case page's form (purposes and partners), a bundle built, the consent withdrawn; the page lists
partner, purpose, fields sent and withheld, when, by whom and the withdrawal due, never a victim's
name; the read is audited before the page goes out; another organisation gets 404. In Chromium at
desktop and phone sizes (screenshots in test-artifacts/sharing-*.png)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from sqlalchemy import Engine, select
from tests.api.fixtures import World, make_world, password
from tests.web.live_server import serve
from tests.web.test_browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS
from tests.web.test_pages import login, victim_id

from tipnet.security.keys import load_keyring
from tipnet.sharing import agreements, identity, partners
from tipnet.sharing.send import build_records
from tipnet.store.engine import session_scope
from tipnet.store.tables.security import AuditEvent

NAME = "Sreyleak"


def _shared(world: World) -> int:
    """A case of NGO A whose victim consented (through the page) to victim support by TH-DSDW; one
    bundle sent; then the victim withdrew."""
    c = world.client
    token = login(c, "case_worker")
    resp = c.post(
        "/cases/new",
        data={
            "csrf_token": token,
            "role": "victim",
            "prs_FirstName": NAME,
            "prs_Gender": "Feminine",
            "case_ref": "REF-SHARE-1",
        },
        follow_redirects=False,
    )
    assert resp.status_code == 303, resp.text
    case_id = int(resp.headers["location"].split("?")[0].rsplit("/", 1)[1])
    cp = int(victim_id(c.get(f"/cases/{case_id}").text))
    ring = load_keyring()
    identity.create(ring)
    other = identity.from_seed(b"\x07" * 32)
    with session_scope(world.engine) as session:
        row = partners.add(session, partners.card_of(other.card("TH-DSDW", "Thai shelter")), actor="admin")
        agreements.set_agreement(
            session,
            row,
            agreements.terms(
                ["victim-support"],
                ["prs_Gender", "prs_Citizenship"],
                30,
                date.today(),
                date.today() + timedelta(days=30),
            ),
            actor="admin",
        )
    form = {"csrf_token": token, "scope": "sharing", "con_Consent": "true", "method": "written"}
    bad = c.post(f"/cases/{case_id}/persons/{cp}/consents", data={**form, "purposes": "victim support!"})
    assert bad.status_code == 422 and "purposes" in bad.text
    resp = c.post(
        f"/cases/{case_id}/persons/{cp}/consents",
        data={**form, "purposes": "victim-support", "partners": "TH-DSDW"},
        follow_redirects=False,
    )
    assert resp.status_code == 303, resp.text
    with session_scope(world.engine) as session:
        built = build_records(
            session,
            ring,
            partner_code="TH-DSDW",
            purpose="victim-support",
            case_ids=[case_id],
            actor="case_worker",
            reason="shelter",
        )
        assert built.records == 1
    resp = c.post(
        f"/cases/{case_id}/persons/{cp}/consents",
        data={"csrf_token": token, "scope": "sharing", "con_Consent": "false"},
        follow_redirects=False,
    )
    assert resp.status_code == 303
    return case_id


def test_sharing_page_lists_what_was_told_and_audits_the_read(engine: Engine) -> None:
    world = make_world(engine, roles=("case_worker",))
    case_id = _shared(world)
    c = world.client
    resp = c.get(f"/cases/{case_id}/sharing?why=checking+withdrawals")
    assert resp.status_code == 200
    html = resp.text
    assert 'data-partner="TH-DSDW"' in html and 'data-withdrawal="due"' in html
    assert "victim-support" in html and '<td class="fields">prs_Gender</td>' in html  # only what was sent
    assert "prs_FirstName" in html  # withheld: named, not shown
    assert NAME not in html
    with session_scope(engine) as session:  # committed before the response
        event = session.scalars(
            select(AuditEvent)
            .where(AuditEvent.case_id == case_id, AuditEvent.action == "view")
            .order_by(AuditEvent.id.desc())
        ).first()
        assert (
            event is not None and event.details.get("sharing_log") and event.reason == "checking withdrawals"
        )
    page = c.get(f"/cases/{case_id}")
    assert f'href="/cases/{case_id}/sharing"' in page.text and "victim-support" in page.text
    login(c, "b_case_worker")
    assert c.get(f"/cases/{case_id}/sharing").status_code == 404


@pytest.fixture
def server(engine: Engine) -> Iterator[tuple[str, int]]:
    world = make_world(engine, roles=("case_worker",))
    case_id = _shared(world)
    with serve(world.client.app) as url:
        yield url, case_id


@pytest.mark.browser
def test_sharing_page_in_chromium(server: tuple[str, int], store_url: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    url, case_id = server
    db = "pg" if store_url.startswith("postgresql") else "sqlite"
    ARTIFACTS.mkdir(exist_ok=True)
    errors: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for size, (width, height) in {"desktop": (1366, 800), "phone": (390, 844)}.items():
            page = browser.new_context(viewport={"width": width, "height": height}).new_page()
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(f"{url}/login?lang=en")
            page.fill("#username", "case_worker")
            page.fill("#password", password("case_worker"))
            page.click("#login-submit")
            expect(page).to_have_url(f"{url}/work")  # signed in before leaving the sign-in page
            page.goto(f"{url}/cases/{case_id}")
            page.click("#sharing-link")
            expect(page.locator("#sharing-title")).to_have_text("Shared with partners")
            row = page.locator("#sharing-told tr.told")
            expect(row).to_have_count(1)
            expect(row).to_have_attribute("data-withdrawal", "due")
            expect(row.locator("td.withheld")).to_contain_text("prs_FirstName")
            expect(row.locator("td.fields")).to_have_text("prs_Gender")
            assert NAME not in page.content()
            page.wait_for_load_state("load")  # the width is the stylesheet's doing: measured with it in
            overflow = page.evaluate("document.documentElement.scrollWidth")
            assert overflow <= width, f"page is {overflow}px wide on a {width}px screen"
            page.screenshot(path=str(ARTIFACTS / f"sharing-{db}-{size}.png"), full_page=True)
        browser.close()
    assert errors == []
