"""The offline queue in Debian's Chromium, on SQLite and PostgreSQL: with the connection cut
(`context.set_offline`), a follow-up with a note naming the victim and a service delivered are kept
in IndexedDB (nothing of either in clear there, nor in the caches), "2 forms waiting to be sent"
shows; the connection back, they are sent (two flushes racing, so each form reaches the server
twice) and applied once each, audited as the same forms sent online; signing out empties IndexedDB
and the caches and destroys the session's queue secret."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import Engine, func, select
from tests.api.fixtures import make_world, password
from tests.web.live_server import serve
from tests.web.test_browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS
from tests.web.test_my_work import _new_case
from tests.web.test_pages import login

from tipnet.security.users import set_password
from tipnet.store.engine import session_scope
from tipnet.store.tables.cases import FollowUp, SupportPlan
from tipnet.store.tables.security import AuditEvent, FormReceipt, UserAccount, UserSession

NAME = "Sreymom"
NOTE = f"{NAME} met at the shelter, asks about her sister in Pattaya"
OUTCOME = f"{NAME} enrolled in the sewing course"

# Everything IndexedDB holds, bytes as base64 and as UTF-8 text (what a thief reading the browser
# profile would see), and the databases that exist.
DUMP = """async () => {
  const dbs = await indexedDB.databases();
  const out = {databases: dbs.map(d => d.name), records: []};
  for (const info of dbs) {
    const db = await new Promise((ok, ko) => { const r = indexedDB.open(info.name); r.onsuccess = () => ok(r.result); r.onerror = ko; });
    for (const name of db.objectStoreNames) {
      const rows = await new Promise((ok) => { const r = db.transaction(name).objectStore(name).getAll(); r.onsuccess = () => ok(r.result); });
      for (const row of rows) {
        const flat = {};
        for (const [k, v] of Object.entries(row)) {
          if (v instanceof ArrayBuffer || ArrayBuffer.isView(v)) {
            const bytes = new Uint8Array(v.buffer || v, v.byteOffset || 0, v.byteLength);
            flat[k] = {b64: btoa(String.fromCharCode(...bytes)), text: new TextDecoder('utf-8', {fatal: false}).decode(bytes)};
          } else { flat[k] = v; }
        }
        out.records.push(flat);
      }
    }
    db.close();
  }
  return out;
}"""

CACHED = """async () => {
  const out = [];
  for (const key of await caches.keys()) {
    const cache = await caches.open(key);
    for (const req of await cache.keys()) { out.push(new URL(req.url).pathname); }
  }
  return out;
}"""


@pytest.fixture
def server(engine: Engine) -> Iterator[tuple[str, int, int, int]]:
    w = make_world(engine, roles=("case_worker",))
    c = w.client
    token = login(c, "case_worker")
    case_id, cp = _new_case(c, token, NAME)
    resp = c.post(
        f"/cases/{case_id}/persons/{cp}/support-plans",
        data={
            "csrf_token": token,
            "spl_Type": "LabourExploitationRehabilitation",
            "spl_Objectives": "course",
        },
        follow_redirects=False,
    )
    assert resp.status_code == 303, resp.text
    with engine.connect() as conn:
        plan = conn.scalar(select(SupportPlan.id).where(SupportPlan.case_person_id == cp))
    assert plan is not None
    with serve(c.app) as url:
        yield url, case_id, cp, plan


def _count(engine: Engine, stmt: object) -> int:
    with engine.connect() as conn:
        return int(conn.scalar(stmt) or 0)  # type: ignore[call-overload]


@pytest.mark.browser
def test_forms_queued_offline_are_encrypted_sent_once_and_cleared(
    server: tuple[str, int, int, int], engine: Engine, store_url: str
) -> None:
    from playwright.sync_api import expect, sync_playwright

    url, case_id, cp, plan = server
    db = "pg" if store_url.startswith("postgresql") else "sqlite"
    follow_ups = select(func.count()).select_from(FollowUp).where(FollowUp.case_person_id == cp)
    creates = (
        select(func.count())
        .select_from(AuditEvent)
        .where(
            AuditEvent.object_type == "follow_up",
            AuditEvent.action == "create",
            AuditEvent.actor == "case_worker",
        )
    )
    assert _count(engine, follow_ups) == 0
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 390, "height": 844})
        page = context.new_page()
        page.goto(f"{url}/login")
        page.fill("#username", "case_worker")
        page.fill("#password", password("case_worker"))
        page.click("#login-submit")
        expect(page).to_have_url(f"{url}/work")
        page.goto(f"{url}/cases/{case_id}")
        expect(page.locator("body")).to_have_attribute("data-queue-ready", "1")
        expect(page.locator("#queue-status")).to_be_hidden()

        # The connection drops while the case page is open: two forms are kept, not lost.
        context.set_offline(True)
        today = date.today().isoformat()
        page.fill(f"#fud-{cp}", today)
        page.fill(f"#fun-{cp}", NOTE)
        page.locator(f"#fu-form-{cp} button[type=submit]").click()
        expect(page.locator("#queue-status")).to_have_text("1 form waiting to be sent")
        expect(page.locator("#queue-note")).to_contain_text("kept on this device, encrypted")
        expect(page.locator(f"#fun-{cp}")).to_have_value("")  # the form emptied for the next entry
        page.locator(f"#spl-done-{plan}").locator("xpath=..").locator("summary").click()
        page.fill(f"#spl-done-{plan}-on", today)
        page.fill(f"#spl-done-{plan}-outcome", OUTCOME)
        page.click(f"#spl-done-{plan}-submit")
        expect(page.locator("#queue-status")).to_have_text("2 forms waiting to be sent")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"offline-queue-{db}-phone.png"), full_page=False)

        # What the browser keeps: ciphertext, an IV and a time; no name, no note, no address, no token.
        dump = page.evaluate(DUMP)
        assert dump["databases"] == ["tipnet-queue"]
        assert len(dump["records"]) == 2
        for record in dump["records"]:
            assert set(record) == {"id", "iv", "sealed", "queued_at"}
            assert len(base64.b64decode(record["sealed"]["b64"])) > len(OUTCOME)
        shown = json.dumps(dump, ensure_ascii=False)
        for secret in (
            NAME,
            "Sreymom",
            "Pattaya",
            "sewing",
            "csrf",
            "follow-ups",
            "delivered",
            f"/cases/{case_id}",
        ):
            assert secret not in shown, secret
        assert all(path.startswith("/static/") for path in page.evaluate(CACHED))
        assert _count(engine, follow_ups) == 0  # nothing sent yet

        # The connection returns: both sent. Two flushes race (a second tab, a retry): each form
        # reaches the server twice, and is applied once.
        page.evaluate("""async () => {
          const db = await new Promise((ok) => { const r = indexedDB.open('tipnet-queue'); r.onsuccess = () => ok(r.result); });
          window.__copies = await new Promise((ok) => { const r = db.transaction('forms').objectStore('forms').getAll(); r.onsuccess = () => ok(r.result); });
          db.close();
        }""")
        context.set_offline(False)
        expect(page.locator("#queue-status")).to_be_hidden()
        expect(page.locator("#queue-note")).to_contain_text("Sent now that the connection is back: 2")
        # The same two records again, as a second tab holding them would send them.
        page.evaluate("""async () => {
          const db = await new Promise((ok) => { const r = indexedDB.open('tipnet-queue'); r.onsuccess = () => ok(r.result); });
          await new Promise((ok) => { const tx = db.transaction('forms', 'readwrite');
            for (const c of window.__copies) tx.objectStore('forms').put(c); tx.oncomplete = ok; });
          db.close();
        }""")
        counts = page.evaluate("window.tipnetQueue.flush()")
        assert counts == {"sent": 2, "refused": 0, "lost": 0}, counts
        assert _count(engine, follow_ups) == 2  # the note's follow-up and the service's outcome
        # Audited as the same forms sent online, once each: the follow-up and the service's outcome
        # created, the plan marked delivered; none of it twice.
        assert _count(engine, creates) == 2
        plan_updates = (
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.object_type == "support_plan", AuditEvent.action == "update")
        )
        assert _count(engine, plan_updates) == 1
        with engine.connect() as conn:
            delivered = conn.scalar(select(SupportPlan.spl_ActualEndDate).where(SupportPlan.id == plan))
            receipts = conn.scalar(select(func.count()).select_from(FormReceipt))
        assert str(delivered) == today and receipts == 2
        page.goto(f"{url}/cases/{case_id}")
        expect(page.locator("table.follow-ups")).to_contain_text(NOTE)
        expect(page.locator("tr.support-plan[data-state=delivered]")).to_contain_text("sewing course")

        # Queued again, then signing out: IndexedDB, the caches and the session's secret are gone.
        # (Offline only once this page holds the session's key: fetched after the page is shown.)
        expect(page.locator("body")).to_have_attribute("data-queue-ready", "1")
        context.set_offline(True)
        page.fill(f"#fud-{cp}", today)
        page.fill(f"#fun-{cp}", NOTE)
        page.locator(f"#fu-form-{cp} button[type=submit]").click()
        expect(page.locator("#queue-status")).to_have_text("1 form waiting to be sent")
        context.set_offline(False)
        expect(page.locator("#queue-status")).to_be_hidden()
        assert _count(engine, follow_ups) == 3
        page.locator("header form button").click()
        expect(page).to_have_url(f"{url}/login")
        assert page.evaluate("indexedDB.databases().then(d => d.map(x => x.name))") == []
        assert page.evaluate(CACHED) == []
        with engine.connect() as conn:
            last = conn.execute(
                select(UserSession.revoked, UserSession.queue_key).order_by(UserSession.id.desc())
            ).first()
        assert last is not None and last.revoked and last.queue_key is None  # the browser's session
        browser.close()


@pytest.mark.browser
def test_signed_out_with_forms_waiting_nothing_is_left_to_decrypt(
    server: tuple[str, int, int, int], engine: Engine
) -> None:
    """Forms kept offline, then the session ends on the server (the password changed, as after a
    device is reported lost) before the browser could send or clear them: the ciphertext
    is still in the browser, and can never be decrypted or sent (the key was the session's)."""
    from playwright.sync_api import expect, sync_playwright

    url, case_id, cp, _plan = server
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1366, "height": 800})
        page = context.new_page()
        page.goto(f"{url}/login?lang=km")
        page.fill("#username", "case_worker")
        page.fill("#password", password("case_worker"))
        page.click("#login-submit")
        expect(page).to_have_url(f"{url}/work")  # signed in before leaving the sign-in page
        page.goto(f"{url}/cases/{case_id}")
        expect(page.locator("body")).to_have_attribute("data-queue-ready", "1")
        context.set_offline(True)
        page.fill(f"#fud-{cp}", date.today().isoformat())
        page.fill(f"#fun-{cp}", NOTE)
        page.locator(f"#fu-form-{cp} button[type=submit]").click()
        expect(page.locator("#queue-status")).to_have_text("ទម្រង់ 1 កំពុងរង់ចាំផ្ញើ")
        # The device reported lost: the password changed (tipnet user passwd), every session revoked.
        with session_scope(engine) as session:
            account = session.scalar(select(UserAccount).where(UserAccount.username == "case_worker"))
            assert account is not None
            set_password(session, account, "a new long passphrase 2026")
        context.set_offline(False)
        # The key is refused to the ended session: nothing sent, the ciphertext stays unreadable.
        assert page.evaluate("window.tipnetQueue.flush()") == {"sent": 0, "refused": 0, "lost": 0}
        assert page.evaluate("window.tipnetQueue.count()") == 1
        stolen = page.evaluate(
            "fetch('/offline/key', {redirect: 'manual'}).then(r => r.type + ' ' + r.status)"
        )
        assert stolen == "basic 401"  # no key, and no redirect to the sign-in page
        # Signing in again (a new session, a new key): the old form cannot be decrypted; it is deleted
        # and the worker told so, never sent under the new session.
        page.goto(f"{url}/login")
        page.fill("#username", "case_worker")
        page.fill("#password", "a new long passphrase 2026")
        page.click("#login-submit")
        expect(page.locator("#queue-note")).to_contain_text("ទម្រង់ដែលបានរក្សាទុកក្នុងការចូលលើកមុន")
        assert page.evaluate("window.tipnetQueue.count()") == 0
        assert (
            _count(engine, select(func.count()).select_from(FollowUp).where(FollowUp.case_person_id == cp))
            == 0
        )
        browser.close()


@pytest.mark.browser
def test_an_assessment_step_ticked_offline_reaches_the_draft(
    server: tuple[str, int, int, int], engine: Engine
) -> None:
    """The assessment's step 2 (deceptive recruitment) ticked with the connection down: kept, sent
    when it returns (the step's ticks in the server-side draft, as if sent online); discarding the
    draft is refused offline (irreversible: it needs the connection)."""
    from playwright.sync_api import expect, sync_playwright

    url, case_id, cp, _plan = server
    assess = f"{url}/cases/{case_id}/persons/{cp}/assess"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 390, "height": 844})
        page = context.new_page()
        page.goto(f"{url}/login")
        page.fill("#username", "case_worker")
        page.fill("#password", password("case_worker"))
        page.click("#login-submit")
        expect(page).to_have_url(f"{url}/work")  # signed in before leaving the sign-in page
        page.goto(f"{assess}?step=2")
        expect(page.locator("body")).to_have_attribute("data-queue-ready", "1")
        context.set_offline(True)
        page.check("#ind-dr_wages")
        page.check("#ind-dr_nature_of_job")
        page.click("#assess-next")
        expect(page.locator("#queue-status")).to_have_text("1 form waiting to be sent")
        assert "dr_wages" not in json.dumps(page.evaluate(DUMP))  # the ticks are sealed too
        context.set_offline(False)
        expect(page.locator("#queue-status")).to_be_hidden()
        page.goto(f"{assess}?step=2")
        expect(page.locator("#ind-dr_wages")).to_be_checked()
        expect(page.locator("#ind-dr_nature_of_job")).to_be_checked()
        expect(page.locator("#ind-dr_travel")).not_to_be_checked()
        # Discarding the draft offline: refused in the page, nothing queued.
        context.set_offline(True)
        page.check("#confirm_discard")
        page.click("#assess-discard")
        expect(page.locator("#queue-note")).to_have_text("This step needs the connection.")
        assert page.evaluate("window.tipnetQueue.count()") == 0
        context.set_offline(False)
        browser.close()
