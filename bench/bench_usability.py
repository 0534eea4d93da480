"""Usability bench (issue 19): page opens and actions from the landing page to done, for a case
worker of a shelter, measured in Chromium against any tipnet tree with the same task script and the
same counting, so that "before" (a tree from before issue 19) and "after" (this one) sit side by side.

    PYTHONPATH=<tree>/src:<tree> python bench/bench_usability.py --label before --out bench/out/usability-before.json

The world, entered through the tree's own forms: NGO A registers 8 victims, records their consent
and refers them to Shelter B (8 referrals awaiting the shelter's answer); the shelter's worker has 23
cases of her own, one with a follow-up 3 days overdue. She sees 31 cases.

Counting (mechanical, the same for both trees): a *page open* is a document loaded in the main frame
(the landing page after signing in, every link followed, every page a form's answer shows, Back);
an *action* is a click, a typed field, a selection or Back. Signing in is not counted. The script
behaves as a user would with what the page offers: where a list of what is due exists it is read,
otherwise every case of the list is opened.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-dev-shm-usage"]
TODAY = date.today()


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF token"
    return found.group(1)


def _login(c: Any, user: str, password: str) -> str:
    page = c.get("/login")
    resp = c.post(
        "/login",
        data={"username": user, "password": password, "csrf_token": _csrf(page.text)},
        follow_redirects=False,
    )
    assert resp.status_code == 303, resp.text[:300]
    return _csrf(c.get("/cases/new").text)


def _case(c: Any, token: str, ref: str, name: str) -> tuple[int, int]:
    resp = c.post(
        "/cases/new",
        data={"csrf_token": token, "role": "victim", "prs_FirstName": name, "case_ref": ref},
        follow_redirects=False,
    )
    assert resp.status_code == 303, resp.text[:500]
    case_id = int(resp.headers["location"].split("?")[0].rsplit("/", 1)[1])
    person = re.search(r'id="person-(\d+)"', c.get(f"/cases/{case_id}").text)
    assert person
    return case_id, int(person.group(1))


def _post(c: Any, url: str, data: dict[str, str]) -> None:
    resp = c.post(url, data=data, follow_redirects=False)
    assert resp.status_code == 303, (url, resp.status_code, resp.text[:500])


def seed(c: Any, password: Any) -> dict[str, int]:
    token = _login(c, "case_worker", password("case_worker"))
    for i in range(8):
        case_id, cp = _case(c, token, f"A-{i + 1:02d}", f"Srey{i}")
        _post(
            c,
            f"/cases/{case_id}/persons/{cp}/consents",
            {"csrf_token": token, "scope": "sharing", "con_Consent": "true"},
        )
        _post(
            c,
            f"/cases/{case_id}/referrals",
            {
                "csrf_token": token,
                "org": "SHELTER-B",
                "direction": "out",
                "reason": "AdditionalServicesRequired",
            },
        )
    token = _login(c, "b_case_worker", password("b_case_worker"))
    overdue = (TODAY - timedelta(days=3)).isoformat()
    later = (TODAY + timedelta(days=30)).isoformat()
    for i in range(23):
        case_id, cp = _case(c, token, f"B-{i + 1:02d}", f"Chan{i}")
        due = overdue if i == 16 else later
        _post(c, f"/cases/{case_id}/persons/{cp}/follow-ups", {"csrf_token": token, "due_on": due})
    return {"referrals_waiting": 8, "overdue": 1, "cases_seen": 31}


@dataclass
class Count:
    opens: int = 0
    actions: int = 0
    cases_opened: int = 0
    notes: list[str] = field(default_factory=list)


class User:
    """The shelter's worker in Chromium; every document load and every action counted."""

    def __init__(self, browser: Any, url: str, password: str) -> None:
        self.url = url
        self.context = browser.new_context(viewport={"width": 1366, "height": 800})
        self.page = self.context.new_page()
        self.count = Count()
        self.page.on("framenavigated", self._loaded)
        self.counting = False
        self.page.goto(f"{url}/login?lang=en")
        self.page.fill("#username", "b_case_worker")
        self.page.fill("#password", password)
        self.counting = True  # the landing page is the first page counted
        self.page.click("#login-submit")
        self.page.wait_for_load_state()

    def _loaded(self, frame: Any) -> None:
        if self.counting and frame == self.page.main_frame:
            self.count.opens += 1

    def click(self, locator: Any) -> None:
        self.count.actions += 1
        locator.click()
        self.page.wait_for_load_state()

    def type(self, selector: str, value: str) -> None:
        self.count.actions += 1
        self.page.fill(selector, value)

    def choose(self, selector: str, value: str) -> None:
        self.count.actions += 1
        self.page.select_option(selector, value)

    def back(self) -> None:
        self.count.actions += 1
        self.page.go_back()
        self.page.wait_for_load_state()

    def close(self) -> Count:
        self.context.close()
        return self.count

    # What a case page shows of what is due: a referral awaiting our answer, an overdue follow-up.
    def due_here(self) -> tuple[int, int]:
        waiting = self.page.locator("tr.referral form input[name=status][value=accepted]").count()
        overdue = 0
        for row in self.page.locator("tr:has(form[action$='/done'])").all():
            cells = row.locator("td").all_inner_texts()
            day = re.match(r"\d{4}-\d{2}-\d{2}", cells[0].strip()) if cells else None
            if (
                day
                and day.group(0) < TODAY.isoformat()
                and "/follow-ups/" in (row.locator("form").first.get_attribute("action") or "")
            ):
                overdue += 1
        return waiting, overdue

    def case_links(self) -> list[str]:
        """The case list's links, in order (the landing page's, or the Cases page's)."""
        if not self.page.locator("#results, table.cases, #case-list").count():
            self.click(self.page.locator("header a[href='/cases']").last)
        hrefs = self.page.locator("main table a[href^='/cases/']").evaluate_all(
            "els => els.map(e => e.getAttribute('href'))"
        )
        return [h for h in dict.fromkeys(hrefs) if re.fullmatch(r"/cases/\d+(\?.*)?", h)]

    def open_each_case(self, until: Any = None) -> tuple[int, int]:
        found = [0, 0]
        for href in self.case_links():
            self.count.cases_opened += 1
            self.click(self.page.locator(f"main a[href='{href}']").first)
            w, o = self.due_here()
            found[0] += w
            found[1] += o
            if until and until(w, o):
                return found[0], found[1]
            self.back()
        return found[0], found[1]


def task_find_due(user: User) -> dict[str, Any]:
    page = user.page
    if page.locator("#work-awaiting").count():  # a list of what is due: read it
        waiting = page.locator("#work-awaiting tr.awaiting").count()
        overdue = page.locator("#work-due tr.overdue-row").count()
    else:
        waiting, overdue = user.open_each_case()
    return {"found_waiting": waiting, "found_overdue": overdue}


def task_accept(user: User) -> dict[str, Any]:
    page = user.page
    if page.locator("#work-awaiting tr.awaiting button.accept").count():
        user.click(page.locator("#work-awaiting tr.awaiting button.accept").first)
    else:
        user.open_each_case(until=lambda w, _o: w > 0)
        user.click(page.locator("tr.referral form:has(input[name=status][value=accepted]) button").first)
    return {"accepted": "accepted" in page.content().lower() or page.locator("#work-flash").count() > 0}


def task_overdue_list(user: User) -> dict[str, Any]:
    page = user.page
    user.click(page.locator("header a[href='/cases']").last)
    if page.locator("#filter-overdue").count():
        user.click(page.locator("#filter-overdue"))
        return {"found_overdue": page.locator("main table a[href^='/cases/']").count()}
    user.back()  # no filter: back to the landing page, and through every case
    _w, overdue = user.open_each_case()
    return {"found_overdue": overdue}


def task_refer_without_consent(user: User) -> dict[str, Any]:
    """Refer one of her own cases (no consent recorded) to NGO A: done when she knows why it cannot
    be done and is back on the case."""
    page = user.page
    user.click(page.locator("header a[href='/cases']").last)
    user.click(page.locator("main a", has_text="B-01").first)
    if page.locator("#refer-org").count():
        user.choose("#refer-org", "NGO-A")
        user.choose("#refer-reason", "AdditionalServicesRequired")
        user.click(page.locator("#refer-submit"))
    told = "consent" in page.content().lower()
    if not page.locator("#case-ref, h1 #case-ref").count() and not page.locator("#refer-form").count():
        user.back()  # an error page: back to the case
    return {"told_why": told, "refused": True}


def task_fix_bad_value(user: User) -> dict[str, Any]:
    """Register a victim with 8 fields, one of them wrong (a birth date 1990-13-45): done when the
    case is registered."""
    page = user.page
    fields = {
        "#case_ref": "B-NEW",
        "#prs_FirstName": "Sophea",
        "#prs_SecondName": "Kim",
        "#name_native": "សុភា",
        "#prs_Birthdate": "1990-13-45",
        "#prs_Citizenship": "KHM",
        "#phone": "+85512345678",
        "#prs_IdentityNumber": "N1234567",
    }
    user.click(page.locator("header a[href='/cases/new']"))
    for sel, value in fields.items():
        user.type(sel, value)
    user.click(page.locator("#register, form button[type=submit]").last)
    if not page.locator("#prs_FirstName").count():  # an error page: Back to the form
        user.back()
    fields["#prs_Birthdate"] = "1990-12-05"
    for sel, value in fields.items():
        if page.locator(sel).input_value() != value:
            user.type(sel, value)
    user.click(page.locator("#register, form button[type=submit]").last)
    return {"registered": bool(re.search(r"/cases/\d+", page.url))}


TASKS = [
    ("find what is due (8 referrals awaiting us, 1 overdue follow-up)", task_find_due),
    ("accept a waiting referral", task_accept),
    ("list the cases with an overdue follow-up", task_overdue_list),
    ("refer a case whose victim has not consented", task_refer_without_consent),
    ("fix one bad value in a new case (8 fields entered)", task_fix_bad_value),
]


def _serve(app: Any) -> tuple[str, Any]:
    import uvicorn

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    return f"http://localhost:{port}", server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--label", required=True)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="usability-"))
    os.environ["TIPNET_DATA_DIR"] = str(tmp / "data")
    for name in ("TIPNET_DATABASE_URL", "TIPNET_KEY_FILE", "TIPNET_ENCRYPTION_KEY", "TIPNET_INDEX_KEY"):
        os.environ.pop(name, None)
    from playwright.sync_api import sync_playwright
    from tests.api.fixtures import make_world, password  # the tree's own fixtures

    from tipnet.security.keys import init_keyring
    from tipnet.settings import get_settings
    from tipnet.store.engine import make_engine, upgrade

    get_settings.cache_clear()
    init_keyring()
    engine = make_engine(f"sqlite:///{tmp / 'store.db'}")
    upgrade(engine)
    world = make_world(engine, roles=("case_worker",))
    truth = seed(world.client, password)
    import tipnet

    results = []
    url, server = _serve(world.client.app)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for name, task in TASKS:
                user = User(browser, url, password("b_case_worker"))
                outcome = task(user)
                count = user.close()
                results.append(
                    {
                        "task": name,
                        "page_opens": count.opens,
                        "actions": count.actions,
                        "cases_opened": count.cases_opened,
                        **outcome,
                    }
                )
                print(
                    f"{args.label}: {name}: {count.opens} page opens, {count.actions} actions {outcome}",
                    flush=True,
                )
            browser.close()
    finally:
        server.should_exit = True
    report = {
        "label": args.label,
        "tipnet": str(Path(tipnet.__file__).parents[2]),
        "world": truth,
        "tasks": results,
    }
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, indent=1, ensure_ascii=False))
    json.dump(report, sys.stdout, indent=1, ensure_ascii=False)


if __name__ == "__main__":
    main()
