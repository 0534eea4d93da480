"""The assessment one step at a time: the basics and acts, one Delphi dimension per step, the
forced-labour indicators, then the summary with its explained suggestion. The ticks are kept as a
draft per person and author (leave and come back resumes), seen only by the author, audited on read
and change, discarded on save; saving gives what the one-page form gives. Plain forms, no script.
SQLite and PostgreSQL."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from tests.api.fixtures import make_world
from tests.web.test_pages import login, victim_id

from tipnet.cases import assessment_draft
from tipnet.store.tables.cases import AssessmentDraft, VictimAssessment
from tipnet.store.tables.security import AuditEvent

STEPS = len(assessment_draft.STEPS)


def _new_victim(c: TestClient, token: str, name: str) -> tuple[int, int]:
    resp = c.post(
        "/cases/new",
        data={"csrf_token": token, "role": "victim", "prs_FirstName": name, "prs_Birthdate": "1990-05-01"},
        follow_redirects=False,
    )
    assert resp.status_code == 303, resp.text
    case_id = int(resp.headers["location"].split("?")[0].rsplit("/", 1)[1])
    return case_id, int(victim_id(c.get(f"/cases/{case_id}").text))


def _progress(html: str) -> int:
    found = re.search(r'id="assess-progress" data-step="(\d+)" data-steps="(\d+)"', html)
    assert found, html[:2000]
    assert int(found.group(2)) == STEPS
    return int(found.group(1))


def _checked(html: str) -> set[str]:
    return set(
        re.findall(r'name="(?:indicators|acts|forced_labour)" value="([a-z_]+)" id="[^"]+" checked', html)
    )


def _step(c: TestClient, token: str, url: str, number: int, go: str, **fields: Any) -> Any:
    return c.post(
        f"{url}/step",
        data={"csrf_token": token, "step": str(number), "go": go, "why": "interview", **fields},
        follow_redirects=False,
    )


def _audit(engine: Engine) -> list[Any]:
    with engine.connect() as conn:
        return list(conn.execute(select(AuditEvent).order_by(AuditEvent.id)).all())


def _drafts(engine: Engine) -> list[Any]:
    with engine.connect() as conn:
        return list(conn.execute(select(AssessmentDraft)).all())


def test_step_through_leave_resume_and_save(engine: Engine) -> None:
    w = make_world(engine, roles=("case_worker", "admin"))
    c = w.client
    token = login(c, "case_worker")
    case_id, cp = _new_victim(c, token, "Mala")
    url = f"/cases/{case_id}/persons/{cp}/assess"

    first = c.get(url)
    assert first.status_code == 200 and _progress(first.text) == 1
    assert f"Step 1 of {STEPS}" in first.text and 'id="assess-discard"' not in first.text
    assert not _checked(first.text) and 'name="indicators"' not in first.text  # one group per page

    resp = _step(c, token, url, 1, "next", acts=["recruitment"], assessed_on="2026-11-30")
    assert resp.status_code == 303 and resp.headers["location"] == f"{url}?step=2&why=interview"
    second = c.get(resp.headers["location"])
    assert _progress(second.text) == 2 and 'id="dim-deceptive_recruitment"' in second.text
    assert "ind-dr_wages" in second.text and "ind-cr_violence" not in second.text
    assert _step(c, token, url, 2, "next", indicators=["dr_nature_of_job", "dr_wages"]).status_code == 303
    assert _step(c, token, url, 3, "next", indicators=["cr_violence", "cr_documents"]).status_code == 303

    # A code of another step is refused on the page itself; the draft keeps what it had.
    bad = _step(c, token, url, 4, "next", indicators=["ec_excessive_hours"])
    assert bad.status_code == 422 and 'role="alert"' in bad.text and _progress(bad.text) == 4
    assert "ind-ec_excessive_hours" not in bad.text

    # A bad date: the step again, the error beside the field, the draft's date unchanged.
    wrong = _step(c, token, url, 1, "next", acts=["recruitment"], assessed_on="30/11/2026")
    assert wrong.status_code == 422 and _progress(wrong.text) == 1 and 'aria-invalid="true"' in wrong.text
    # A step out of range or not a number: the nearest step, not an error.
    assert _progress(c.get(f"{url}?step=99").text) == STEPS and _progress(c.get(f"{url}?step=x").text) == 4

    # Leave and come back: the case page offers to resume; the interview resumes at step 4, earlier
    # ticks kept.
    case_page = c.get(f"/cases/{case_id}").text
    assert (
        f'id="assess-{cp}" data-resume="4"' in case_page
        and f"Resume the assessment (step 4 of {STEPS})" in case_page
    )
    back = c.get(url)
    assert _progress(back.text) == 4 and 'id="assess-discard"' in back.text
    assert _checked(c.get(f"{url}?step=2").text) == {"dr_nature_of_job", "dr_wages"}
    assert _checked(c.get(f"{url}?step=1").text) == {"recruitment"}
    assert 'value="2026-11-30"' in c.get(f"{url}?step=1").text

    # "All on one page" shows the same interview, the draft's ticks ticked.
    one_page = c.get(f"{url}?all=1").text
    assert _checked(one_page) == {
        "recruitment",
        "dr_nature_of_job",
        "dr_wages",
        "cr_violence",
        "cr_documents",
    }
    assert 'value="2026-11-30"' in one_page

    # The language switch keeps the step (and the ticks: they are server-side).
    km = c.get(f"{url}?step=3&lang=km")
    assert _progress(km.text) == 3 and "ជំហានទី 3" in km.text
    assert _checked(km.text) == {"cr_violence", "cr_documents"}
    links = re.findall(r'href="([^"]+)" lang="en"', km.text)
    assert links and "step=3" in links[0].replace("&amp;", "&")
    c.get(f"{url}?step=3&lang=en")

    # Back keeps what was ticked on the step left; unticking replaces that step's ticks only.
    resp = _step(c, token, url, 5, "back", indicators=["ec_excessive_hours", "ec_hazardous"])
    assert resp.headers["location"].startswith(f"{url}?step=4")
    assert (
        _step(c, token, url, 2, "6", indicators=["dr_wages"]).headers["location"].startswith(f"{url}?step=6")
    )
    assert _checked(c.get(f"{url}?step=2").text) == {"dr_wages"}
    assert (
        _step(c, token, url, STEPS - 1, "next", forced_labour=["fl_wages", "fl_overtime"]).status_code == 303
    )

    summary = c.get(url)
    assert _progress(summary.text) == STEPS and 'id="assess-save"' in summary.text
    suggested = re.search(r'id="suggestion" data-suggestion="([a-z_]+)"', summary.text)
    assert suggested and suggested.group(1) == "likely"
    assert 'data-dimension="exploitative_conditions" data-holds="yes"' in summary.text
    assert 'data-dimension="deceptive_recruitment" data-holds="no"' in summary.text
    assert "2 of 11 present" in summary.text

    before = len(_audit(w.engine))
    saved = _step(c, token, url, STEPS, "save")
    assert saved.status_code == 200 and 'data-suggestion="likely"' in saved.text
    assert not _drafts(w.engine)  # discarded on save
    events = _audit(w.engine)[before:]
    assert ("create", "victim_assessment") in {(e.action, e.object_type) for e in events}
    assert ("delete", "assessment_draft") in {(e.action, e.object_type) for e in events}
    assert all(
        e.reason == "interview" for e in events if e.object_type in ("victim_assessment", "assessment_draft")
    )

    # The same answers on the one-page form: the same assessment.
    case2, cp2 = _new_victim(c, token, "Mala")
    one = c.post(
        f"/cases/{case2}/persons/{cp2}/assess",
        data={
            "csrf_token": token,
            "acts": ["recruitment"],
            "assessed_on": "2026-11-30",
            "indicators": ["dr_wages", "cr_violence", "cr_documents", "ec_excessive_hours", "ec_hazardous"],
            "forced_labour": ["fl_overtime", "fl_wages"],
        },
    )
    assert one.status_code == 200
    with engine.connect() as conn:
        rows = {r.case_person_id: r for r in conn.execute(select(VictimAssessment)).all()}
    stepped, paged = rows[cp], rows[cp2]
    assert stepped.answers == paged.answers and stepped.result == paged.result
    assert stepped.assessed_on == paged.assessed_on and stepped.is_child == paged.is_child
    assert stepped.suggested_status == paged.suggested_status == "likely"

    # Saving again without a draft: refused, nothing written.
    again = _step(c, token, url, STEPS, "save")
    assert again.status_code == 422
    with engine.connect() as conn:
        assert len(conn.execute(select(VictimAssessment)).all()) == 2


def test_a_draft_is_its_authors_only_and_audited(engine: Engine) -> None:
    w = make_world(engine, roles=("case_worker", "admin"))
    c = w.client
    token = login(c, "case_worker")
    case_id, cp = _new_victim(c, token, "Srey")
    url = f"/cases/{case_id}/persons/{cp}/assess"
    assert _step(c, token, url, 1, "next", acts=["transportation"]).status_code == 303
    assert _step(c, token, url, 2, "next", indicators=["dr_travel"]).status_code == 303
    mine = c.get(url)
    assert _progress(mine.text) == 3
    reads = [e for e in _audit(w.engine) if e.object_type == "assessment_draft" and e.action == "view"]
    assert reads and reads[-1].actor == "case_worker" and reads[-1].details == {"case": case_id, "step": 3}
    assert not any(
        "dr_travel" in str(e.details) or "transportation" in str(e.details) for e in _audit(w.engine)
    )

    # The admin of the same organisation (who may assess) starts a fresh interview: no draft of theirs.
    a = TestClient(c.app, base_url="https://testserver")
    ta = login(a, "admin")
    before = len(_audit(w.engine))
    theirs = a.get(url)
    assert theirs.status_code == 200 and _progress(theirs.text) == 1 and not _checked(theirs.text)
    assert not _checked(a.get(f"{url}?step=2").text)
    assert not [e for e in _audit(w.engine)[before:] if e.object_type == "assessment_draft"]
    assert f'id="assess-{cp}" data-resume' not in a.get(f"/cases/{case_id}").text
    # Their save finds no draft of theirs; discarding touches only their own (none).
    assert _step(a, ta, url, STEPS, "save").status_code == 422
    assert _step(a, ta, url, 1, "discard", confirm_discard="yes").status_code == 303
    assert [d.author for d in _drafts(w.engine)] == ["case_worker"]

    # Another organisation's worker cannot reach the person at all.
    b = TestClient(c.app, base_url="https://testserver")
    tb = login(b, "b_case_worker")
    assert b.get(url).status_code in (403, 404)
    assert _step(b, tb, url, 2, "next", indicators=["dr_travel"]).status_code in (403, 404)
    assert [d.author for d in _drafts(w.engine)] == ["case_worker"]

    # The author discards it, confirming (without the box ticked: the step again, nothing lost).
    unconfirmed = _step(c, token, url, 3, "discard")
    assert unconfirmed.status_code == 422 and 'role="alert"' in unconfirmed.text and _drafts(w.engine)
    done = _step(c, token, url, 3, "discard", confirm_discard="yes")
    assert done.headers["location"].startswith(f"/cases/{case_id}")
    assert not _drafts(w.engine)
    assert _audit(w.engine)[-1].action == "delete" and _audit(w.engine)[-1].object_type == "assessment_draft"

    # Saved from the one-page form instead: the author's draft of the same interview goes too.
    assert _step(c, token, url, 1, "next", acts=["harbouring"]).status_code == 303
    assert _drafts(w.engine)
    saved = c.post(url, data={"csrf_token": token, "acts": ["harbouring"], "indicators": ["dr_travel"]})
    assert saved.status_code == 200 and not _drafts(w.engine)


def test_a_bad_step_post_names_the_field_never_the_value(engine: Engine) -> None:
    """Unknown codes, a step or a destination that is not a number, an unknown `go`: a clear answer
    naming the field; the values posted are never echoed back (nor kept)."""
    w = make_world(engine, roles=("case_worker",))
    c = w.client
    token = login(c, "case_worker")
    case_id, cp = _new_victim(c, token, "Dara")
    url = f"/cases/{case_id}/persons/{cp}/assess"
    marker = "zz-secret-ស្រី-value"
    bad = _step(c, token, url, 2, "next", indicators=["dr_wages", marker, "<script>x</script>"])
    assert bad.status_code == 422 and 'role="alert"' in bad.text
    assert marker not in bad.text and "script&gt;x" not in bad.text
    assert not _drafts(w.engine)
    # Malformed numbers: the nearest step, nothing refused, nothing echoed.
    odd = (
        ("-3", "next"),
        ("9" * 40, "next"),
        ("２", "next"),
        ("3", "1e9"),
        ("3", "៣"),
        ("²", "next"),
        ("3", "²"),
    )
    for step_value, go in odd:
        resp = c.post(
            f"{url}/step", data={"csrf_token": token, "step": step_value, "go": go}, follow_redirects=False
        )
        assert resp.status_code in (303, 422), (step_value, go, resp.status_code)
        assert "1e9" not in resp.text and "9" * 40 not in resp.text
    for step_value in ("²", "១", "-1", "9" * 40):  # the page itself: the nearest step, never a 500
        assert c.get(f"{url}?step={step_value}").status_code == 200, step_value
