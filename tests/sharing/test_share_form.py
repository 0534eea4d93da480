"""The web form that builds a bundle, on SQLite and PostgreSQL: a case worker of NGO A chooses the
partner and purpose of an agreement, cases of NGO A, previews (counts: records, persons left out for
want of consent; no name), and downloads the bundle, which the partner opens; CSRF, the permission,
the organisation's scope, a made-up agreement and a missing reason are refused with nothing built;
the preview and the build are audited, committed before the response. Labels in Khmer too."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from sqlalchemy import Engine, func, select
from tests.api.fixtures import World, make_world, password
from tests.web.live_server import serve
from tests.web.test_browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS
from tests.web.test_pages import login, victim_id

from tipnet.security.keys import load_keyring
from tipnet.sharing import agreements, bundle, identity, partners
from tipnet.store.engine import session_scope
from tipnet.store.tables.security import AuditEvent
from tipnet.store.tables.sharing import SharedRecord, SharingBundle

NAMES = ("Sreyleak", "Chanmony")
THAI = identity.from_seed(b"\x07" * 32)


def _case(world: World, token: str, name: str, consent: bool) -> int:
    c = world.client
    resp = c.post(
        "/cases/new",
        data={"csrf_token": token, "role": "victim", "prs_FirstName": name, "prs_Gender": "Feminine"},
        follow_redirects=False,
    )
    assert resp.status_code == 303, resp.text
    case_id = int(resp.headers["location"].split("?")[0].rsplit("/", 1)[1])
    if consent:
        cp = int(victim_id(c.get(f"/cases/{case_id}").text))
        resp = c.post(
            f"/cases/{case_id}/persons/{cp}/consents",
            data={
                "csrf_token": token,
                "scope": "sharing",
                "con_Consent": "true",
                "method": "written",
                "purposes": "victim-support",
                "partners": "TH-DSDW",
            },
            follow_redirects=False,
        )
        assert resp.status_code == 303, resp.text
    return case_id


def _setup(engine: Engine) -> tuple[World, str, list[int]]:
    world = make_world(engine, roles=("case_worker", "analyst"))
    token = login(world.client, "case_worker")
    cases = [_case(world, token, NAMES[0], True), _case(world, token, NAMES[1], False)]
    identity.create(load_keyring())
    with session_scope(engine) as session:
        row = partners.add(session, partners.card_of(THAI.card("TH-DSDW", "Thai shelter")), actor="admin")
        agreements.set_agreement(
            session,
            row,
            agreements.terms(
                ["victim-support"],
                ["prs_FirstName", "prs_Gender"],
                30,
                date.today(),
                date.today() + timedelta(days=30),
            ),
            actor="admin",
        )
    return world, token, cases


def _bundles(engine: Engine) -> int:
    with session_scope(engine) as session:
        return session.scalar(select(func.count()).select_from(SharingBundle)) or 0


def test_build_a_bundle_from_the_web(engine: Engine) -> None:
    world, token, cases = _setup(engine)
    c = world.client
    page = c.get("/partners/share")
    assert page.status_code == 200
    assert 'value="TH-DSDW|victim-support"' in page.text
    assert all(f'id="share-case-{i}"' in page.text for i in cases)
    assert not any(name in page.text for name in NAMES)
    form = {"agreement": "TH-DSDW|victim-support", "case_id": [str(i) for i in cases], "reason": "shelter"}

    # CSRF: without the token, refused.
    assert c.post("/partners/share/preview", data=form).status_code == 403
    assert c.post("/partners/share/build", data=form).status_code == 403
    assert _bundles(engine) == 0

    shown = c.post("/partners/share/preview", data={**form, "csrf_token": token})
    assert shown.status_code == 200, shown.text
    assert 'data-records="1"' in shown.text and 'data-excluded="1"' in shown.text
    assert not any(name in shown.text for name in NAMES)
    assert _bundles(engine) == 0  # a preview builds nothing
    with session_scope(engine) as session:
        previews = session.scalars(select(AuditEvent).where(AuditEvent.action == "view")).all()
        assert sorted(e.case_id for e in previews if e.details.get("sharing_preview") == "TH-DSDW") == sorted(
            cases
        )

    # A reason is required; a made-up agreement is refused; nothing built.
    no_reason = c.post("/partners/share/build", data={**form, "reason": "", "csrf_token": token})
    assert no_reason.status_code == 422 and "share-error" in no_reason.text
    made_up = c.post(
        "/partners/share/build", data={**form, "agreement": "TH-DSDW|prosecution", "csrf_token": token}
    )
    assert made_up.status_code == 422
    assert _bundles(engine) == 0

    built = c.post("/partners/share/build", data={**form, "csrf_token": token})
    assert built.status_code == 200, built.text
    assert built.headers["content-type"] == "application/octet-stream"
    assert re.match(
        r'attachment; filename="to-TH-DSDW-[0-9a-f]{12}\.tnb"', built.headers["content-disposition"]
    )
    assert built.headers["x-tipnet-records"] == "1" and built.headers["x-tipnet-left-out"] == "1"
    me = identity.load(load_keyring())
    opened = bundle.open_bundle(
        built.content, box_key=THAI.box, me=THAI.fingerprint, verify_key_of=lambda fp: me.sign_public
    )
    (record,) = opened.payload["records"]
    assert record["fields"] == {"prs_FirstName": NAMES[0], "prs_Gender": "Feminine"}  # consented, agreed
    assert NAMES[1].encode() not in built.content
    with session_scope(engine) as session:  # committed before the download went out
        assert session.scalar(select(func.count()).select_from(SharedRecord)) == 1
        exported = session.scalars(select(AuditEvent).where(AuditEvent.action == "export")).all()
        assert sorted(e.case_id for e in exported) == sorted(cases)  # per case, with its count
        assert sorted(e.details["records"] for e in exported) == [0, 1]
        assert all(e.reason == "shelter" and e.actor == "case_worker" for e in exported)


def test_scope_permission_and_khmer(engine: Engine) -> None:
    world, _token, cases = _setup(engine)
    c = world.client
    khmer = c.get("/partners/share?lang=km")
    assert khmer.status_code == 200 and "ចែករំលែកជាមួយដៃគូ" in khmer.text and "បង្កើត និងទាញយក" in khmer.text
    # Another organisation's worker: NGO A's cases are not on offer, and naming them is "not found".
    token_b = login(c, "b_case_worker")
    page = c.get("/partners/share?lang=en")
    assert page.status_code == 200 and not any(f'id="share-case-{i}"' in page.text for i in cases)
    form = {
        "agreement": "TH-DSDW|victim-support",
        "case_id": [str(cases[0])],
        "reason": "x",
        "csrf_token": token_b,
    }
    assert c.post("/partners/share/preview", data=form).status_code == 404
    assert c.post("/partners/share/build", data=form).status_code == 404
    # A role without the sharing permission.
    token_a = login(c, "analyst")
    assert c.get("/partners/share").status_code == 403
    form["csrf_token"] = token_a
    assert c.post("/partners/share/build", data=form).status_code == 403
    assert 'id="nav-share"' not in c.get("/cases").text
    assert _bundles(engine) == 0


@pytest.fixture
def share_server(engine: Engine) -> Iterator[tuple[str, list[int]]]:
    world, _token, cases = _setup(engine)
    with serve(world.client.app) as url:
        yield url, cases


@pytest.mark.browser
def test_share_form_in_chromium(share_server: tuple[str, list[int]], store_url: str) -> None:
    """Choose, preview, download, in Khmer and at phone size: the preview's counts, no name, the
    file downloaded, no page wider than the screen (screenshots in test-artifacts/share-form-*.png)."""
    from playwright.sync_api import expect, sync_playwright

    url, cases = share_server
    db = "pg" if store_url.startswith("postgresql") else "sqlite"
    ARTIFACTS.mkdir(exist_ok=True)
    errors: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for size, (width, height), lang in (("desktop", (1366, 800), "en"), ("phone", (390, 844), "km")):
            context = browser.new_context(viewport={"width": width, "height": height}, accept_downloads=True)
            page = context.new_page()
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(f"{url}/login?lang={lang}")
            page.fill("#username", "case_worker")
            page.fill("#password", password("case_worker"))
            page.click("#login-submit")
            expect(page).to_have_url(f"{url}/work")  # signed in before leaving the sign-in page
            page.goto(f"{url}/cases")
            page.click("#nav-share")
            page.select_option("#share-agreement", "TH-DSDW|victim-support")
            for case_id in cases:
                page.check(f"#share-case-{case_id}")
            page.fill("#share-reason", "shelter placement")
            page.click("#share-preview")
            result = page.locator("#share-preview-result")
            expect(result).to_have_attribute("data-records", "1")
            expect(result).to_have_attribute("data-excluded", "1")
            if lang == "km":
                expect(page.locator("#share-title")).to_have_text("ចែករំលែកជាមួយដៃគូ")
            assert not any(name in page.content() for name in NAMES)
            page.wait_for_load_state("load")  # the width is the stylesheet's doing: measured with it in
            overflow = page.evaluate("document.documentElement.scrollWidth")
            assert overflow <= width, f"page is {overflow}px wide on a {width}px screen"
            page.screenshot(path=str(ARTIFACTS / f"share-form-{db}-{size}.png"), full_page=True)
            with page.expect_download() as download:
                page.click("#share-build")
            assert re.match(r"to-TH-DSDW-[0-9a-f]{12}\.tnb", download.value.suggested_filename)
            context.close()
        browser.close()
    assert errors == []
    assert _bundles_by_url(store_url) == 2


def _bundles_by_url(url: str) -> int:
    from tipnet.store.engine import make_engine

    eng = make_engine(url)
    try:
        return _bundles(eng)
    finally:
        eng.dispose()
