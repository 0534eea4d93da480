"""Web pages: incoming referrals (HTCDS cas_ReasonForIncomingReferral) and the audit's "why"
(the reason a user gives for viewing, exporting or changing victim data), stored as the API stores
its X-Purpose header. Synthetic data only."""

from __future__ import annotations

import re
from urllib.parse import quote

from sqlalchemy import Row, select
from tests.api.fixtures import World
from tests.web.test_pages import login, victim_id

from tipnet.store.tables.cases import Referral
from tipnet.store.tables.security import AuditEvent
from tipnet.store.tables.sources import Organisation
from tipnet.web.base import WHY_MAX


def _new_case(world: World, token: str, **extra: str) -> tuple[int, int]:
    resp = world.client.post(
        "/cases/new",
        data={"csrf_token": token, "role": "victim", "prs_FirstName": "Mala", **extra},
        follow_redirects=False,
    )
    assert resp.status_code == 303, resp.text
    case_id = int(resp.headers["location"].split("?")[0].rsplit("/", 1)[1])
    page = world.client.get(f"/cases/{case_id}")
    victim = int(victim_id(page.text))
    return case_id, victim


def _events(world: World, **where: object) -> list[Row[AuditEvent]]:
    """Audit rows as the table holds them (a Core connection gives rows, not ORM objects)."""
    with world.engine.connect() as conn:
        stmt = select(AuditEvent).order_by(AuditEvent.id)
        for name, value in where.items():
            stmt = stmt.where(getattr(AuditEvent, name) == value)
        return list(conn.execute(stmt).all())


def _referrals(world: World, case_id: int) -> list[Row[Referral]]:
    with world.engine.connect() as conn:
        return list(conn.execute(select(Referral).where(Referral.case_id == case_id)).all())


def _org_id(world: World, code: str) -> int:
    with world.engine.connect() as conn:
        return conn.execute(select(Organisation.id).where(Organisation.code == code)).scalar_one()


# --- incoming referrals -----------------------------------------------------------------------


def test_incoming_referral_form_records_an_accepted_referral_in(sqlite_world: World) -> None:
    c = sqlite_world.client
    token = login(c, "case_worker")
    case_id, _ = _new_case(sqlite_world, token)
    page = c.get(f"/cases/{case_id}").text
    form = page[page.index('id="incoming-form"') :]
    form = form[: form.index("</form>")]
    # The reasons offered are HTCDS cas_ReasonForIncomingReferral (labelled for people); the other
    # organisations are listed.
    reasons = form[form.index('id="incoming-reason"') :]
    assert re.findall(r'<option value="(\w+)">[^<]+</option>', reasons[: reasons.index("</select>")]) == [
        "AdditionalServicesRequired",
        "MigrationOrChangeOfLocation",
        "Other",
    ]
    assert 'value="SHELTER-B"' in form and 'value="NGO-A"' not in form

    resp = c.post(
        f"/cases/{case_id}/incoming-referrals",
        data={
            "csrf_token": token,
            "org": "SHELTER-B",
            "reason": "MigrationOrChangeOfLocation",
            "referral_date": "2026-10-02",
            "details": "hotline transfer",
            "direction": "out",  # ignored: this form records incoming referrals only
        },
        follow_redirects=False,
    )
    assert resp.status_code == 303 and resp.headers["location"] == f"/cases/{case_id}?done=incoming_recorded"
    (ref,) = _referrals(sqlite_world, case_id)
    assert ref.direction == "in" and ref.status == "accepted"
    assert ref.from_org_id == _org_id(sqlite_world, "SHELTER-B")
    assert ref.to_org_id == _org_id(sqlite_world, "NGO-A")
    assert ref.reason == "MigrationOrChangeOfLocation" and str(ref.referral_date) == "2026-10-02"
    # No consent to share was needed (nothing leaves the organisation); the creation is audited.
    assert [e.object_id for e in _events(sqlite_world, action="create", object_type="referral")] == [
        str(ref.id)
    ]
    row = re.search(
        r'<tr class="referral" data-direction="in">.*?</tr>', c.get(f"/cases/{case_id}").text, re.S
    )
    assert row and "SHELTER-B → NGO-A" in row.group(0) and "accepted" in row.group(0)
    assert "MigrationOrChangeOfLocation" in row.group(0)


def test_incoming_referral_form_validates_and_checks_permissions(sqlite_world: World) -> None:
    c = sqlite_world.client
    token = login(c, "case_worker")
    case_id, _ = _new_case(sqlite_world, token)
    url = f"/cases/{case_id}/incoming-referrals"
    for data in (
        {"org": "SHELTER-B", "reason": "AdditionalServicesRequired-not"},  # not an HTCDS code
        {"org": "NO-SUCH-ORG", "reason": "Other"},
        {"org": "NGO-A", "reason": "Other"},  # one's own organisation
        {"org": "SHELTER-B", "referral_date": "02/10/2026"},
    ):
        resp = c.post(url, data={"csrf_token": token, **data}, follow_redirects=False)
        assert resp.status_code == 422, data
    assert c.post(url, data={"org": "SHELTER-B"}, follow_redirects=False).status_code == 403  # no CSRF
    assert _referrals(sqlite_world, case_id) == []

    # Another organisation cannot record referrals on this case (it cannot even see it).
    other = type(c)(c.app, base_url="https://testserver")
    other_token = login(other, "b_case_worker")
    resp = other.post(url, data={"csrf_token": other_token, "org": "NGO-A"}, follow_redirects=False)
    assert resp.status_code == 404
    # An analyst reads cases but records no referrals, and sees no form.
    analyst = type(c)(c.app, base_url="https://testserver")
    analyst_token = login(analyst, "analyst")
    assert 'id="incoming-form"' not in analyst.get(f"/cases/{case_id}").text
    resp = analyst.post(url, data={"csrf_token": analyst_token, "org": "SHELTER-B"}, follow_redirects=False)
    assert resp.status_code == 403
    assert _referrals(sqlite_world, case_id) == []


# --- the audit's "why" ------------------------------------------------------------------------


def test_why_on_views_searches_and_changes_is_stored_like_the_api(sqlite_world: World) -> None:
    w = sqlite_world
    c = w.client
    token = login(c, "case_worker")
    case_id, victim = _new_case(w, token, why="intake interview")
    assert _events(w, action="create", object_type="case")[-1].reason == "intake interview"

    why = "follow-up visit (shelter)"
    page = c.get(f"/cases/{case_id}?why={quote(why)}")
    assert page.status_code == 200
    assert re.search(r'id="why-recorded">[^<]*follow-up visit \(shelter\)', page.text)
    # Every form of the page carries the reason, so a change made from it is audited with it.
    assert page.text.count(f'<input type="hidden" name="why" value="{why}">') >= 3
    assert f"/assess?why={quote(why, safe='/')}" in page.text
    view = _events(w, action="view", object_type="case", object_id=str(case_id))[-1]
    assert view.reason == why

    resp = c.post(
        f"/cases/{case_id}/persons/{victim}/consents",
        data={"csrf_token": token, "con_Consent": "true", "scope": "sharing", "why": why},
        follow_redirects=False,
    )
    assert (
        resp.status_code == 303
        and resp.headers["location"] == f"/cases/{case_id}?why={quote(why, safe='')}&done=consent_recorded"
    )
    assert _events(w, action="create", object_type="consent")[-1].reason == why

    # Search as you type sends the reason with the query; the result links keep it.
    results = c.get("/cases/results", params={"q": "Mala", "why": "duplicate check"})
    assert f'href="/cases/{case_id}?why=duplicate%20check"' in results.text
    search = _events(w, action="search", object_type="case_list")[-1]
    assert search.reason == "duplicate check" and "Mala" not in str(search.details)

    # The assessment page and its result keep the reason; the assessment is audited with it.
    assess_page = c.get(f"/cases/{case_id}/persons/{victim}/assess", params={"why": "assessment"})
    assert '<input type="hidden" name="why" value="assessment">' in assess_page.text
    result = c.post(
        f"/cases/{case_id}/persons/{victim}/assess",
        data={"csrf_token": token, "indicators": ["dr_wages"], "why": "assessment"},
    )
    assert result.status_code == 200 and '<input type="hidden" name="why" value="assessment">' in result.text
    assert _events(w, action="create", object_type="victim_assessment")[-1].reason == "assessment"

    # No reason given: none stored (as with the API without X-Purpose).
    c.get(f"/cases/{case_id}")
    assert _events(w, action="view", object_type="case", object_id=str(case_id))[-1].reason is None

    # The API stores its X-Purpose header in the same column, the same way.
    api = w.client.get(f"/api/cases/{case_id}", headers={**w.h("case_worker"), "X-Purpose": why})
    assert api.status_code == 200
    views = _events(w, action="view", object_type="case", object_id=str(case_id))
    assert views[-1].reason == why and views[-1].actor == view.actor


def test_why_too_long_or_with_control_characters_is_refused_and_not_stored(sqlite_world: World) -> None:
    w = sqlite_world
    c = w.client
    token = login(c, "case_worker")
    case_id, _ = _new_case(w, token)
    before = len(_events(w))
    assert c.get(f"/cases/{case_id}", params={"why": "x" * (WHY_MAX + 1)}).status_code == 422
    assert c.get(f"/cases/{case_id}", params={"why": "a\x00b"}).status_code == 422
    assert c.get("/cases/results", params={"q": "Mala", "why": "x" * (WHY_MAX + 1)}).status_code == 422
    resp = c.post(
        f"/cases/{case_id}/status",
        data={"csrf_token": token, "cas_Status": "Closed", "why": "x" * (WHY_MAX + 1)},
        follow_redirects=False,
    )
    assert resp.status_code == 422
    assert len(_events(w)) == before  # nothing read, nothing changed, nothing audited
    assert c.get(f"/cases/{case_id}", params={"why": "x" * WHY_MAX}).status_code == 200


def test_export_from_the_case_page_needs_consent_and_is_audited_with_its_reason(sqlite_world: World) -> None:
    w = sqlite_world
    c = w.client
    token = login(c, "case_worker")
    case_id, victim = _new_case(w, token)
    page = c.get(f"/cases/{case_id}").text
    assert 'id="export-form"' in page and 'id="export-why"' in page

    refused = c.get(f"/cases/{case_id}/export", params={"why": "court request"})
    assert refused.status_code == 403 and _events(w, action="export") == []
    c.post(
        f"/cases/{case_id}/persons/{victim}/consents",
        data={"csrf_token": token, "con_Consent": "true", "scope": "sharing"},
    )
    resp = c.get(f"/cases/{case_id}/export", params={"why": "court request"})
    assert resp.status_code == 200
    assert resp.headers["content-disposition"] == f'attachment; filename="tipnet-case-{case_id}-htcds.json"'
    assert resp.json()["id"] == case_id and resp.json()["persons"][0]["prs_FirstName"] == "Mala"
    (export,) = _events(w, action="export")
    assert export.object_id == str(case_id) and export.reason == "court request"

    # A border officer may not export (case:export); the form is not offered.
    officer = type(c)(c.app, base_url="https://testserver")
    login(officer, "border_officer")
    assert 'id="export-form"' not in officer.get(f"/cases/{case_id}").text
    assert officer.get(f"/cases/{case_id}/export").status_code == 403
    assert len(_events(w, action="export")) == 1


def test_audit_page_shows_the_reason_escaped(sqlite_world: World) -> None:
    w = sqlite_world
    c = w.client
    token = login(c, "admin")
    case_id, _ = _new_case(w, token)
    c.get(f"/cases/{case_id}", params={"why": "<b>supervision</b> review"})
    audit = c.get("/audit").text
    cells = re.findall(r'<td class="why">([^<]*)</td>', audit)
    assert "&lt;b&gt;supervision&lt;/b&gt; review" in cells
    assert "<b>supervision</b>" not in audit
