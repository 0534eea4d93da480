""" "My work" (the landing page) and the safe steps around it, through the pages on SQLite and
PostgreSQL: referrals awaiting our answer (accepted or rejected in place, a rejection needing its
reason and a confirmation), follow-ups due or overdue, cases without an assessment or a decision,
cases blocked for lack of consent; counts on the navigation; closing and reopening. Synthetic data."""

from __future__ import annotations

import re
from datetime import date, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from tests.api.fixtures import World, make_world
from tests.web.test_pages import login, victim_id

from tipnet.store.tables.cases import Case, Referral
from tipnet.store.tables.security import AuditEvent


def _new_case(c: TestClient, token: str, name: str) -> tuple[int, int]:
    resp = c.post(
        "/cases/new",
        data={"csrf_token": token, "role": "victim", "prs_FirstName": name, "case_ref": f"REF-{name}"},
        follow_redirects=False,
    )
    assert resp.status_code == 303, resp.text
    case_id = int(resp.headers["location"].split("?")[0].rsplit("/", 1)[1])
    return case_id, int(victim_id(c.get(f"/cases/{case_id}").text))


def _consent(c: TestClient, token: str, case_id: int, cp: int) -> None:
    resp = c.post(
        f"/cases/{case_id}/persons/{cp}/consents",
        data={"csrf_token": token, "scope": "sharing", "con_Consent": "true"},
        follow_redirects=False,
    )
    assert resp.status_code == 303, resp.text


def _refer(c: TestClient, token: str, case_id: int) -> None:
    resp = c.post(
        f"/cases/{case_id}/referrals",
        data={
            "csrf_token": token,
            "org": "SHELTER-B",
            "direction": "out",
            "reason": "AdditionalServicesRequired",
        },
        follow_redirects=False,
    )
    assert resp.status_code == 303, resp.text


def _section(html: str, sid: str) -> str:
    start = html.index(f'id="{sid}"')
    return html[start : html.index("</section>", start)]


def _world(engine: Engine) -> tuple[World, TestClient, str, TestClient, str]:
    w = make_world(engine, roles=("case_worker",))
    a = w.client
    ta = login(a, "case_worker")
    b = TestClient(a.app, base_url="https://testserver")
    tb = login(b, "b_case_worker")
    return w, a, ta, b, tb


def test_my_work_lists_what_is_due_and_answers_referrals_in_place(engine: Engine) -> None:
    w, a, ta, b, tb = _world(engine)
    today = date.today()
    # NGO-A: three cases; two referred to the shelter, one without consent, one with follow-ups.
    referred = []
    for name in ("Mala", "Srey"):
        case_id, cp = _new_case(a, ta, name)
        _consent(a, ta, case_id, cp)
        _refer(a, ta, case_id)
        referred.append(case_id)
    blocked, cp = _new_case(a, ta, "Dara")
    for due in (today - timedelta(days=3), today + timedelta(days=5), today + timedelta(days=30)):
        resp = a.post(
            f"/cases/{blocked}/persons/{cp}/follow-ups",
            data={"csrf_token": ta, "due_on": due.isoformat()},
            follow_redirects=False,
        )
        assert resp.status_code == 303, resp.text

    # Signing in lands on "My work".
    assert login.__name__  # the helper follows the redirect to /cases; the login answer itself:
    home = a.get("/", follow_redirects=False)
    assert home.status_code == 303 and home.headers["location"] == "/work"
    page = a.get("/work").text
    due = _section(page, "work-due")
    assert due.count('class="due') == 2  # the one due in 30 days is not listed
    assert due.count('data-overdue="yes"') == 1 and "overdue-row" in due
    assert "REF-Dara" in due
    assert "REF-Dara" in _section(page, "work-blocked")
    assert "REF-Mala" not in _section(page, "work-blocked")
    undecided = _section(page, "work-undecided")
    assert {"REF-Mala", "REF-Srey", "REF-Dara"} <= set(re.findall(r">(REF-\w+)<", undecided))
    assert 'data-what="no_assessment"' in undecided
    nav = re.search(r'id="nav-work-count">(\d+)<', page)
    assert nav and int(nav.group(1)) == 2 + 3 + 1  # due, undecided, blocked
    assert 'id="nav-overdue-count"' in page
    # The counts are on every page's navigation, not only on the landing page.
    assert 'id="nav-work-count"' in a.get("/cases").text

    # The shelter sees the two referrals awaiting its answer; accepts one in place.
    page_b = b.get("/work").text
    awaiting = _section(page_b, "work-awaiting")
    assert awaiting.count('class="awaiting"') == 2 and "NGO A" in awaiting
    refs = {r.case_id: r.id for r in _rows(w, Referral)}
    resp = b.post(
        f"/cases/{referred[0]}/referrals/{refs[referred[0]]}",
        data={"csrf_token": tb, "status": "accepted", "next": "/work"},
        follow_redirects=False,
    )
    assert resp.status_code == 303 and resp.headers["location"] == "/work?done=accepted"
    # Rejecting needs a reason and a confirmation: refused without either, nothing changed.
    for data in ({"why": "no beds"}, {"confirm": "yes"}):
        resp = b.post(
            f"/cases/{referred[1]}/referrals/{refs[referred[1]]}",
            data={"csrf_token": tb, "status": "rejected", "next": "/work", **data},
            follow_redirects=False,
        )
        assert resp.status_code == 422, resp.text
        assert 'role="alert"' in resp.text
    assert {r.status for r in _rows(w, Referral)} == {"accepted", "pending"}
    resp = b.post(
        f"/cases/{referred[1]}/referrals/{refs[referred[1]]}",
        data={"csrf_token": tb, "status": "rejected", "next": "/work", "why": "no beds", "confirm": "yes"},
        follow_redirects=False,
    )
    assert resp.status_code == 303
    assert {r.status for r in _rows(w, Referral)} == {"accepted", "rejected"}
    rejected = [e for e in _rows(w, AuditEvent) if e.object_type == "referral" and e.action == "update"]
    assert rejected[-1].reason == "no beds"
    after = b.get("/work?done=rejected").text
    assert 'class="awaiting"' not in after and 'id="work-flash"' in after
    # The accepted case is now the shelter's work too (no assessment yet).
    assert "REF-Mala" in _section(after, "work-undecided")
    views = [e for e in _rows(w, AuditEvent) if e.object_type == "work_list"]
    assert views and all(e.action == "view" for e in views)


def _rows(w: World, table: type) -> list:  # type: ignore[type-arg]
    with w.engine.connect() as conn:
        return list(conn.execute(select(table).order_by(table.id)).all())


def test_closing_needs_a_reason_and_acknowledgement_then_the_case_is_read_only(engine: Engine) -> None:
    w, a, ta, _b, _tb = _world(engine)
    case_id, cp = _new_case(a, ta, "Mala")
    _consent(a, ta, case_id, cp)
    _refer(a, ta, case_id)
    overdue = (date.today() - timedelta(days=2)).isoformat()
    a.post(f"/cases/{case_id}/persons/{cp}/follow-ups", data={"csrf_token": ta, "due_on": overdue})

    def close(**extra: str) -> int:
        data = {"csrf_token": ta, "cas_Status": "Closed", **extra}
        return a.post(f"/cases/{case_id}/status", data=data, follow_redirects=False).status_code

    assert close() == 422  # no reason
    assert close(cas_ReasonForCaseClosure="reintegrated", confirm="yes") == 422  # open work
    page = a.get(f"/cases/{case_id}").text
    assert 'id="close-open-work"' in page
    assert close(cas_ReasonForCaseClosure="reintegrated", acknowledge_open_work="yes") == 422  # no confirm
    assert _status(w, case_id) == "Active"
    assert close(cas_ReasonForCaseClosure="reintegrated", acknowledge_open_work="yes", confirm="yes") == 303
    assert _status(w, case_id) == "Closed"
    page = a.get(f"/cases/{case_id}").text
    assert 'id="case-closed"' in page and 'id="reopen-form"' in page
    assert 'id="refer-form"' not in page and "/follow-ups" not in page.replace("#follow-ups", "")
    # Writes are refused by the service, not only hidden.
    resp = a.post(
        f"/cases/{case_id}/persons/{cp}/follow-ups",
        data={"csrf_token": ta, "due_on": overdue},
        follow_redirects=False,
    )
    assert resp.status_code == 403
    # Reopening needs a reason, and is audited with it.
    assert (
        a.post(f"/cases/{case_id}/status", data={"csrf_token": ta, "cas_Status": "Active"}).status_code == 422
    )
    resp = a.post(
        f"/cases/{case_id}/status",
        data={"csrf_token": ta, "cas_Status": "Active", "why": "new exploitation reported"},
        follow_redirects=False,
    )
    assert resp.status_code == 303 and _status(w, case_id) == "Active"
    last = [e for e in _rows(w, AuditEvent) if e.object_type == "case" and e.action == "update"][-1]
    assert last.reason == "new exploitation reported" and last.details["status"] == ["Closed", "Active"]


def _status(w: World, case_id: int) -> str:
    with w.engine.connect() as conn:
        return conn.execute(select(Case.cas_Status).where(Case.id == case_id)).scalar_one()


def test_case_list_filters_and_pages_past_fifty(engine: Engine) -> None:
    _w, a, ta, b, _tb = _world(engine)
    ids = [_new_case(a, ta, f"P{n:02d}") for n in range(52)]
    closed, _ = ids[0]
    assert (
        a.post(
            f"/cases/{closed}/status",
            data={
                "csrf_token": ta,
                "cas_Status": "Closed",
                "cas_ReasonForCaseClosure": "done",
                "confirm": "yes",
            },
            follow_redirects=False,
        ).status_code
        == 303
    )
    late_case, late_cp = ids[1]
    due = (date.today() - timedelta(days=1)).isoformat()
    a.post(f"/cases/{late_case}/persons/{late_cp}/follow-ups", data={"csrf_token": ta, "due_on": due})
    ref_case, ref_cp = ids[2]
    _consent(a, ta, ref_case, ref_cp)
    _refer(a, ta, ref_case)

    def refs(client: TestClient, query: str) -> list[str]:
        page = client.get(f"/cases?{query}").text
        return re.findall(r">(REF-P\d+)</a>", page)

    first = a.get("/cases").text
    assert len(re.findall(r">(REF-P\d+)</a>", first)) == 50 and 'id="next-page"' in first
    second = refs(a, "page=2")
    assert len(second) == 2 and "REF-P00" in second and 'id="prev-page"' in a.get("/cases?page=2").text
    assert refs(a, "only=closed") == ["REF-P00"]
    assert len(refs(a, "only=open")) == 50 and len(refs(a, "only=open&page=2")) == 1
    assert refs(a, "only=overdue") == ["REF-P01"]
    assert refs(a, "only=referred") == []
    assert refs(b, "only=referred") == ["REF-P02"]
    # The filter is kept by the search as you type and by the pages' links.
    assert 'id="only" name="only" value="open"' in a.get("/cases?only=open").text
    assert (
        "page=2&amp;only=open" in a.get("/cases?only=open").text
        or "page=2&only=open" in a.get("/cases?only=open").text
    )


def test_a_bad_form_comes_back_with_what_was_entered_and_every_error_beside_its_field(engine: Engine) -> None:
    _w, a, ta, _b, _tb = _world(engine)
    entered = {
        "role": "victim",
        "case_ref": "REF-kept",
        "prs_FirstName": "Sreymom",
        "prs_SecondName": "Chea",
        "prs_Birthdate": "31/12/1990",
        "prs_Gender": "Feminine",
        "prs_Citizenship": "XX",
        "phone": "012 345 678",
    }
    resp = a.post("/cases/new", data={"csrf_token": ta, **entered})
    assert resp.status_code == 422
    page = resp.text
    assert 'id="new-case"' in page and "Error 422" not in page  # the form, not an error page
    assert 'id="new-case-errors" ' in page or 'id="new-case-errors">' in page
    for field in ("prs_Birthdate", "prs_Citizenship"):  # both errors at once, each beside its field
        assert f'aria-describedby="new-case-{field}-error"' in page
        assert re.search(rf'<p class="field-error" id="new-case-{field}-error" role="alert">', page)
    assert "Date of birth" in page or "Birth" in page  # the field's label, not prs_Birthdate
    assert not re.search(r'role="alert">prs_', page)
    for value in ("REF-kept", "Sreymom", "Chea", "31/12/1990", "XX", "012 345 678"):
        assert f'value="{value}"' in page, value
    assert re.search(r'<option value="Feminine" selected>', page)
    # In Khmer, the same errors in Khmer.
    km = a.post("/cases/new?lang=km", data={"csrf_token": ta, **entered}).text
    assert "ត្រឹមត្រូវ" in km or "កាលបរិច្ឆេទ" in km


def test_referring_without_consent_is_a_message_in_the_form(engine: Engine) -> None:
    _w, a, ta, _b, _tb = _world(engine)
    case_id, cp = _new_case(a, ta, "Mala")
    page = a.get(f"/cases/{case_id}").text
    refer = page[page.index('id="refer-form"') : page.index("</form>", page.index('id="refer-form"'))]
    assert '<option value="">' in refer and "selected" not in refer  # no organisation preselected
    assert 'id="consent-hint"' in page
    consent = page[page.index(f'id="consent-form-{cp}"') :]
    consent = consent[: consent.index("</form>")]
    assert 'name="con_Consent" required' in consent and "selected" not in consent  # no answer preselected
    resp = a.post(
        f"/cases/{case_id}/referrals",
        data={"csrf_token": ta, "org": "SHELTER-B", "direction": "out", "details": "needs a lawyer"},
    )
    assert resp.status_code == 403
    assert 'id="refer-form-errors"' in resp.text and "record each victim" in resp.text
    assert "Not allowed" not in resp.text
    assert '<option value="SHELTER-B" selected>' in resp.text and 'value="needs a lawyer"' in resp.text
    # Consent without an answer is refused beside its field, nothing recorded.
    resp = a.post(f"/cases/{case_id}/persons/{cp}/consents", data={"csrf_token": ta, "scope": "sharing"})
    assert resp.status_code == 422 and f'id="consent-{cp}-error"' in resp.text
    assert 'class="consent-row"' not in resp.text and 'class="muted consent-row"' not in resp.text


def test_consent_records_how_when_and_who_explained_it(engine: Engine) -> None:
    w, a, ta, _b, _tb = _world(engine)
    case_id, cp = _new_case(a, ta, "Mala")
    resp = a.post(
        f"/cases/{case_id}/persons/{cp}/consents",
        data={
            "csrf_token": ta,
            "scope": "sharing",
            "con_Consent": "true",
            "method": "guardian",
            "recorded_on": "2026-11-30",
            "explained_by": "case_worker",
        },
        follow_redirects=False,
    )
    assert resp.status_code == 303, resp.text
    page = a.get(f"/cases/{case_id}").text
    row = re.search(r'class="muted consent-row">([^<]*)<', page)
    assert (
        row
        and "2026-11-30" in row.group(1)
        and "By a guardian" in row.group(1)
        and "case_worker" in row.group(1)
    )
    bad = a.post(
        f"/cases/{case_id}/persons/{cp}/consents",
        data={"csrf_token": ta, "scope": "sharing", "con_Consent": "true", "method": "telepathy"},
    )
    assert bad.status_code == 422 and f'id="consent-method-{cp}-error"' in bad.text
    assert '<option value="true" selected>' in bad.text  # the answer given is kept
    from tipnet.store.tables.cases import Consent

    (stored,) = _rows(w, Consent)
    assert stored.method == "guardian" and stored.explained_by == "case_worker"


def test_the_language_switch_keeps_the_page_and_its_query(engine: Engine) -> None:
    _w, a, ta, _b, _tb = _world(engine)
    _new_case(a, ta, "Mala")
    page = a.get("/cases", params={"q": "Mala", "only": "open", "page": "1"}).text
    assert 'href="/cases?q=Mala&amp;only=open&amp;page=1&amp;lang=km"' in page
    km = a.get("/cases?q=Mala&only=open&page=1&lang=km").text
    assert 'value="Mala"' in km and 'id="only" name="only" value="open"' in km and ">REF-Mala<" in km
    assert 'href="/cases?q=Mala&amp;only=open&amp;page=1&amp;lang=en"' in km
