"""The case list's results say why they matched and show birth date and organisation (issue 19
item 8), on SQLite and PostgreSQL: a Khmer-script query finding a Latin-script name says "found by:
name", a year says "birth date", a phone number "phone number"; each person's birth date and the
case's organisation are in the row, in English and Khmer. An analyst (identities withheld) sees
neither names, birth dates nor what a search would have matched."""

from __future__ import annotations

import re
from datetime import date, timedelta

from sqlalchemy import Engine, select
from tests.api.fixtures import VICTIM, make_world
from tests.web.test_my_work import _new_case
from tests.web.test_pages import login

from tipnet.store.tables.cases import CasePerson, FollowUp


def _rows(html: str) -> list[str]:
    table = html[html.index('id="case-list"') :]
    return re.findall(r"<tr>(.*?)</tr>", table[table.index("<tbody>") :], flags=re.S)


def _why(row: str) -> list[str]:
    found = re.search(r'data-matched="([^"]*)"', row)
    return found.group(1).split() if found else []


def test_results_say_why_and_show_birth_date_and_organisation(engine: Engine) -> None:
    w = make_world(engine, roles=("case_worker", "analyst"))
    c, h = w.client, w.h("case_worker")
    other = {**VICTIM, "prs_FirstName": "Chenda", "prs_SecondName": "Keo", "name_native": "ចិន្តា កែវ"}
    other |= {"prs_Birthdate": "1988", "phones": ["+855 12 345 678"]}
    for ref, person in (("REF-DARA", VICTIM), ("REF-CHENDA", other)):
        resp = c.post("/api/cases", json={"case_ref": ref, "persons": [person]}, headers=h)
        assert resp.status_code == 201, resp.text
    login(c, "case_worker")

    # The victim's name in Khmer script finds the case; the row says it was the name.
    page = c.get("/cases/results", params={"q": "ដារ៉ា"}).text
    rows = _rows(page)
    assert len(rows) == 1 and "REF-DARA" in rows[0]
    assert _why(rows[0]) == ["name"]
    assert "found by: name" in rows[0]
    assert "born 1990-05-01" in rows[0] and "NGO A" in rows[0]

    # A year: the birth date (a partial one too); name and year together: both.
    rows = _rows(c.get("/cases/results", params={"q": "1988"}).text)
    assert len(rows) == 1 and "REF-CHENDA" in rows[0] and _why(rows[0]) == ["birth"]
    assert "born 1988" in rows[0]
    rows = _rows(c.get("/cases/results", params={"q": "Dara 1990"}).text)
    assert len(rows) == 1 and _why(rows[0]) == ["name", "birth"]
    assert "found by: name, birth date" in rows[0]
    # A phone number as typed differently.
    rows = _rows(c.get("/cases/results", params={"q": "012345678"}).text)
    assert len(rows) == 1 and "REF-CHENDA" in rows[0] and _why(rows[0]) == ["phone"]

    # Without a query: birth dates and organisations, no "found by".
    rows = _rows(c.get("/cases").text)
    assert len(rows) == 2 and all("NGO A" in r and "born " in r for r in rows)
    assert not any("data-matched" in r for r in rows)

    # In Khmer: the labels in Khmer.
    rows = _rows(c.get("/cases/results", params={"q": "Dara 1990", "lang": "km"}).text)
    assert "រកឃើញតាម: ឈ្មោះ, ថ្ងៃខែឆ្នាំកំណើត" in rows[0] and "កើត 1990-05-01" in rows[0]

    # An analyst reads the cases with identities withheld: no names, birth dates or reasons.
    c.post("/logout", data={"csrf_token": login(c, "case_worker")})
    login(c, "analyst")
    page = c.get("/cases").text
    assert "REF-DARA" in page and "1990-05-01" not in page and "Dara" not in page
    assert "data-matched" not in page


def test_sorted_by_next_follow_up(engine: Engine) -> None:
    """`?sort=due`: the case with an overdue follow-up first, then the nearest, then those with none
    open (newest first); each row says its next follow-up (red when overdue); filters, pages and
    the search keep the order."""
    w = make_world(engine, roles=("case_worker",))
    c = w.client
    token = login(c, "case_worker")
    today = date.today()
    made: dict[str, tuple[int, int]] = {}
    for name in ("Later", "Overdue", "Nothing", "Done"):
        made[name] = _new_case(c, token, name)
    plan = {
        "Later": [today + timedelta(days=10)],
        "Overdue": [today - timedelta(days=5), today + timedelta(days=2)],
    }
    plan["Done"] = [today - timedelta(days=1)]
    for name, dues in plan.items():
        case_id, cp = made[name]
        for due in dues:
            resp = c.post(
                f"/cases/{case_id}/persons/{cp}/follow-ups",
                data={"csrf_token": token, "due_on": due.isoformat()},
                follow_redirects=False,
            )
            assert resp.status_code == 303, resp.text
    case_done, _ = made["Done"]
    with engine.connect() as conn:
        fu = conn.scalar(select(FollowUp.id).join(CasePerson).where(CasePerson.case_id == case_done))
    assert c.post(f"/cases/{case_done}/follow-ups/{fu}/done", data={"csrf_token": token}).status_code == 200

    def order(html: str) -> list[str]:
        return [m for row in _rows(html) for m in re.findall(r">REF-(\w+)<", row)]

    assert order(c.get("/cases").text) == ["Done", "Nothing", "Overdue", "Later"]  # newest first
    page = c.get("/cases", params={"sort": "due"}).text
    assert order(page) == ["Overdue", "Later", "Done", "Nothing"]
    rows = _rows(page)
    overdue = (today - timedelta(days=5)).isoformat()
    assert f'class="next-due overdue-text" data-due="{overdue}"' in rows[0]
    assert f'class="next-due" data-due="{(today + timedelta(days=10)).isoformat()}"' in rows[1]
    assert "next-due" not in rows[2] and "next-due" not in rows[3]
    assert 'id="sort-due" aria-current="page"' in page
    # The order is kept by the filters and the search as you type.
    assert 'href="/cases?only=open&sort=due"' in page.replace("&amp;", "&")
    assert order(c.get("/cases/results", params={"sort": "due", "only": "overdue"}).text) == ["Overdue"]
    # Anything else is the default order, never an error page.
    assert order(c.get("/cases", params={"sort": "x'--"}).text) == ["Done", "Nothing", "Overdue", "Later"]
