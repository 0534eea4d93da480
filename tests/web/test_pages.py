"""Pages without a browser: sign-in, CSRF, session fixation, stored XSS, scope, Khmer labels."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from tests.api.fixtures import World, make_world, password

XSS = [
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "{{7*7}}",
    "<svg/onload=alert(1)>",
]


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, html[:500]
    return found.group(1)


def login(client: TestClient, username: str, pw: str | None = None) -> str:
    page = client.get("/login")
    resp = client.post(
        "/login",
        data={"username": username, "password": pw or password(username), "csrf_token": _csrf(page.text)},
        follow_redirects=False,
    )
    assert resp.status_code == 303, resp.text
    cases = client.get("/cases")
    return _csrf(cases.text)


def victim_id(case_page: str) -> str:
    """The id of the first person on a case page."""
    found = re.search(r'id="person-(\d+)"', case_page)
    assert found is not None, "no person on the case page"
    return found.group(1)


def test_pages_need_a_session(sqlite_world: World) -> None:
    c = sqlite_world.client
    for path in ("/cases", "/cases/new", "/cases/1", "/audit"):
        resp = c.get(path, follow_redirects=False)
        assert resp.status_code == 303 and resp.headers["location"] == "/login"


def test_login_cookie_flags_and_fixation(sqlite_world: World) -> None:
    c = sqlite_world.client
    c.cookies.set("tipnet_session", "planted-by-attacker")
    page = c.get("/login")
    resp = c.post(
        "/login",
        data={"username": "case_worker", "password": password("case_worker"), "csrf_token": _csrf(page.text)},
        follow_redirects=False,
    )
    assert resp.status_code == 303
    cookie = resp.headers["set-cookie"]
    assert (
        "HttpOnly" in cookie
        and "Secure" in cookie
        and "SameSite=strict" in cookie.replace("Strict", "strict")
    )
    new = resp.cookies.get("tipnet_session")
    assert new and new != "planted-by-attacker"
    # Signing in again replaces the session: the previous cookie stops working.
    page = c.get("/login")
    c.post(
        "/login",
        data={"username": "case_worker", "password": password("case_worker"), "csrf_token": _csrf(page.text)},
        follow_redirects=False,
    )
    stale = TestClient(c.app, base_url="https://testserver", cookies={"tipnet_session": new})
    assert stale.get("/cases", follow_redirects=False).status_code == 303


def test_login_form_needs_its_csrf_token_and_failures_throttle(sqlite_world: World) -> None:
    c = sqlite_world.client
    c.get("/login")
    bad = c.post("/login", data={"username": "admin", "password": password("admin"), "csrf_token": "x"})
    assert bad.status_code == 403
    for _ in range(5):
        page = c.get("/login")
        r = c.post(
            "/login", data={"username": "admin", "password": "wrong-one", "csrf_token": _csrf(page.text)}
        )
        assert r.status_code == 401
    page = c.get("/login")
    r = c.post(
        "/login", data={"username": "admin", "password": password("admin"), "csrf_token": _csrf(page.text)}
    )
    assert r.status_code == 429


def test_a_second_sign_in_page_or_an_ended_pages_key_request_keeps_the_first_form_valid(
    engine: Engine,
) -> None:
    """CI saw B's sign-in refused (403) in one tab while A's page, whose session had ended, flushed
    its offline queue in another: the key request was redirected to the sign-in page, which set a
    new sign-in CSRF cookie under B's open form. Now the key request is answered 401 (no redirect,
    no cookie), and a sign-in page keeps the token the browser already holds."""
    c = make_world(engine, roles=("case_worker",)).client
    token = login(c, "case_worker")
    c.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    first = c.get("/login")
    ended = c.get("/offline/key", follow_redirects=False)  # the ended page asks for its key
    assert ended.status_code == 401 and ended.json() == {"key": None}
    assert "location" not in ended.headers and "set-cookie" not in ended.headers
    second = c.get("/login")  # the same sign-in page in another tab
    assert _csrf(second.text) == _csrf(first.text)
    resp = c.post(
        "/login",
        data={
            "username": "case_worker",
            "password": password("case_worker"),
            "csrf_token": _csrf(first.text),
        },
        follow_redirects=False,
    )
    assert resp.status_code == 303 and resp.headers["location"] == "/work"
    # Signed in, the sign-in token is dropped: the next sign-in page gets a new one.
    assert _csrf(c.get("/login").text) != _csrf(first.text)
    # A planted, malformed token is not taken over.
    planted = TestClient(c.app, base_url="https://testserver", cookies={"tipnet_login_csrf": "x"})
    assert _csrf(planted.get("/login").text) != "x"


def test_posts_without_csrf_are_refused(sqlite_world: World) -> None:
    c = sqlite_world.client
    token = login(c, "case_worker")
    data = {"role": "victim", "prs_FirstName": "Mala"}
    assert c.post("/cases/new", data=data, follow_redirects=False).status_code == 403
    assert (
        c.post("/cases/new", data={**data, "csrf_token": "forged"}, follow_redirects=False).status_code == 403
    )
    ok = c.post("/cases/new", data={**data, "csrf_token": token}, follow_redirects=False)
    assert ok.status_code == 303
    # HTMX sends the token as a header.
    ok2 = c.post("/cases/new", data=data, headers={"X-CSRF-Token": token}, follow_redirects=False)
    assert ok2.status_code == 303


def test_stored_xss_is_escaped_everywhere(sqlite_world: World) -> None:
    c = sqlite_world.client
    token = login(c, "case_worker")
    for evil in XSS:
        resp = c.post(
            "/cases/new",
            data={
                "csrf_token": token,
                "case_ref": evil,
                "role": "victim",
                "prs_FirstName": evil,
                "prs_SecondName": evil,
                "name_native": evil,
            },
            follow_redirects=False,
        )
        assert resp.status_code == 303, resp.text
        case_url = resp.headers["location"].split("?")[0]
        case_id = case_url.rsplit("/", 1)[1]
        page = c.get(case_url)
        victim = victim_id(page.text)
        for path, data in (
            (f"/cases/{case_id}/persons/{victim}/consents", {"con_Consent": "true", "scope": "sharing"}),
            (
                f"/cases/{case_id}/persons/{victim}/support-plans",
                {"spl_Type": "Health", "spl_Objectives": evil},
            ),
            (f"/cases/{case_id}/persons/{victim}/follow-ups", {"due_on": "2027-01-01", "notes": evil}),
            (f"/cases/{case_id}/referrals", {"org": "SHELTER-B", "details": evil}),
        ):
            assert (
                c.post(path, data={**data, "csrf_token": token}, follow_redirects=False).status_code == 303
            ), path
        for url in (case_url, "/cases", f"/cases/results?q={evil}", f"/cases?q={evil}"):
            html = c.get(url).text
            assert "<script>alert" not in html and "<img src=x" not in html and "<svg/onload" not in html, url
    assert "{{7*7}}" in c.get("/cases").text  # shown as typed: no template injection
    assert "Content-Security-Policy" in c.get("/cases").headers


def test_other_organisation_case_page_is_404(sqlite_world: World) -> None:
    c = sqlite_world.client
    token = login(c, "case_worker")
    resp = c.post(
        "/cases/new",
        data={"csrf_token": token, "role": "victim", "prs_FirstName": "Mala"},
        follow_redirects=False,
    )
    case_url = resp.headers["location"]
    other = TestClient(c.app, base_url="https://testserver")
    login(other, "b_case_worker")
    page = other.get(case_url)
    assert page.status_code == 404 and "Mala" not in page.text


def test_partner_sees_statistics_only(sqlite_world: World) -> None:
    c = sqlite_world.client
    login(c, "partner")
    page = c.get("/cases")
    assert page.status_code == 200 and 'id="stats"' in page.text
    assert c.get("/cases/new").status_code == 403
    assert c.get("/audit").status_code == 403


def test_khmer_labels(sqlite_world: World) -> None:
    c = sqlite_world.client
    login(c, "case_worker")
    page = c.get("/cases?lang=km")
    assert "ករណី" in page.text and "ស្វែងរក" in page.text
    assert "ករណីថ្មី" in c.get("/cases").text  # the choice is kept in a cookie


def test_pages_on_both_databases(engine: Engine) -> None:
    world = make_world(engine)
    token = login(world.client, "case_worker")
    resp = world.client.post(
        "/cases/new",
        data={"csrf_token": token, "role": "victim", "name_native": "សុខ ដារ៉ា"},
        follow_redirects=False,
    )
    assert resp.status_code == 303
    assert "សុខ ដារ៉ា" in world.client.get("/cases?q=សុខ").text


def test_admin_reads_the_audit_page_and_assessment_labels_in_khmer(sqlite_world: World) -> None:
    c = sqlite_world.client
    token = login(c, "admin")
    resp = c.post(
        "/cases/new",
        data={"csrf_token": token, "role": "victim", "prs_FirstName": "Mala"},
        follow_redirects=False,
    )
    case_id = resp.headers["location"].split("/")[-1].split("?")[0]
    page = c.get(f"/cases/{case_id}")
    victim = victim_id(page.text)
    assessment_page = c.get(f"/cases/{case_id}/persons/{victim}/assess?all=1&lang=km")
    assert assessment_page.status_code == 200
    assert "ការជ្រើសរើសដោយបោកបញ្ឆោត" in assessment_page.text and "ការជាប់បំណុល" in assessment_page.text
    audit = c.get("/audit")
    assert audit.status_code == 200 and 'id="audit"' in audit.text
    assert "Mala" not in audit.text
    # Actions by their labels (in Khmer here: the language chosen above stays).
    assert ">បានបន្ថែម<" in audit.text and ">បានមើល<" in audit.text


def test_serve_command_is_registered() -> None:
    from typer.testing import CliRunner

    from tipnet.cli import app

    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0 and "--port" in result.output
