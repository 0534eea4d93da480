"""No page in Khmer shows an English code-list value: case status, gender, trafficking status,
support types, referral reasons and consent scopes, neither as the HTCDS code nor as its English
label; and every such value has a Khmer label. Pages through the test client, SQLite and PostgreSQL."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

from sqlalchemy import Engine
from tests.web.test_my_work import _consent, _new_case, _refer, _world

from tipnet.vocab import code_list
from tipnet.web.i18n import catalogue

LISTS = (
    "cas_Status",
    "prs_Gender",
    "vic_TraffickingStatus",
    "spl_Type",
    "cas_ReasonForOutgoingReferral",
    "cas_ReasonForIncomingReferral",
)
SCOPES = ("case-management", "sharing")


def _english() -> set[str]:
    en = catalogue("en")
    words: set[str] = set()
    for name in LISTS:
        for code in code_list(name):
            words |= {code, en[f"{name}.{code}"]}
    for scope in SCOPES:
        words |= {scope, en[f"consent_scope.{scope}"]}
    # Audit actions and kinds of record (the case's history, the audit page), approval steps.
    words |= {v for k, v in en.items() if k.startswith(("audit_action.", "audit_object.", "approval_step."))}
    return words


def _visible(page: str) -> str:
    """The text a reader sees: tags (and their attributes) and scripts left out."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def test_every_code_list_value_has_a_khmer_label() -> None:
    km, en = catalogue("km"), catalogue("en")
    for name in LISTS:
        for code in code_list(name):
            key = f"{name}.{code}"
            assert key in km and key in en and km[key] != en[key], key
    for scope in SCOPES:
        assert catalogue("km")[f"consent_scope.{scope}"] != en[f"consent_scope.{scope}"]


def test_no_khmer_page_shows_an_english_code_list_value(engine: Engine) -> None:
    _w, a, ta, b, _tb = _world(engine)
    case_id, cp = _new_case(a, ta, "Mala")
    _consent(a, ta, case_id, cp)
    a.post(
        f"/cases/{case_id}/persons/{cp}/support-plans",
        data={"csrf_token": ta, "spl_Type": "LabourExploitationRehabilitation"},
    )
    a.post(
        f"/cases/{case_id}/persons/{cp}/decision",
        data={"csrf_token": ta, "vic_TraffickingStatus": "PossibleVictimOfTrafficking"},
    )
    due = (date.today() - timedelta(days=1)).isoformat()
    a.post(f"/cases/{case_id}/persons/{cp}/follow-ups", data={"csrf_token": ta, "due_on": due})
    _refer(a, ta, case_id)
    english = _english()
    # A form re-rendered with its errors, in Khmer: the messages are Khmer too.
    bad = a.post(
        "/cases/new?lang=km",
        data={"csrf_token": ta, "role": "victim", "prs_Birthdate": "31/12/1990", "prs_Citizenship": "XX"},
    )
    assert bad.status_code == 422 and bad.text.count('class="field-error"') == 2
    interview = {
        "csrf_token": ta,
        "acts": ["recruitment"],
        "indicators": ["dr_nature_of_job", "dr_wages", "ec_excessive_hours", "cd_documents", "cd_isolation"],
    }
    assessed = a.post(f"/cases/{case_id}/persons/{cp}/assess?lang=km", data=interview)
    assert assessed.status_code == 200, assessed.text[:300]
    pages = {
        "assessment-result": assessed.text,
        "new-case-errors": bad.text,
        "work": a.get("/work?lang=km").text,
        "cases": a.get("/cases?lang=km").text,
        "case": a.get(f"/cases/{case_id}?lang=km").text,
        "new": a.get("/cases/new?lang=km").text,
        "shelter-work": b.get("/work?lang=km").text,
        "shelter-case": b.get(f"/cases/{case_id}?lang=km").text,
        "history": a.get(f"/cases/{case_id}/history?views=1&lang=km").text,
        "shelter-history": b.get(f"/cases/{case_id}/history?lang=km").text,
    }
    for name, page in pages.items():
        assert 'lang="km"' in page, name
        text = _visible(page)
        shown = sorted(w for w in english if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text))
        assert not shown, (name, shown)
    # The assessment's suggestion preselects "possible victim" only, labelled as the suggestion.
    en = a.post(f"/cases/{case_id}/persons/{cp}/assess?lang=en", data=interview).text
    assert re.search(
        r'<option value="PossibleVictimOfTrafficking" selected>Possible victim of trafficking \(', en
    )
    # The same pages in English do show the labels (the check above can fail).
    assert "Possible victim of trafficking" in _visible(a.get(f"/cases/{case_id}?lang=en").text)
