"""The navigation's counts (on every page) in one query, equal to the "My work" lists they count,
for each kind of reader, on SQLite and PostgreSQL. Synthetic data."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine, event, select
from sqlalchemy.orm import Session
from tests.api.fixtures import make_world
from tests.web.test_my_work import _consent, _new_case, _refer
from tests.web.test_pages import login

from tipnet.cases import worklist
from tipnet.security.users import principal_of
from tipnet.store.tables.cases import Referral
from tipnet.store.tables.security import UserAccount


@contextmanager
def statements(engine: Engine) -> Iterator[list[str]]:
    seen: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)


def test_nav_counts_are_one_query_and_match_the_lists(engine: Engine) -> None:
    w = make_world(engine, roles=("case_worker", "supervisor", "analyst"))
    a = w.client
    ta = login(a, "case_worker")
    b = TestClient(a.app, base_url="https://testserver")
    tb = login(b, "b_case_worker")
    today = date.today()
    referred = []
    for name in ("Mala", "Srey", "Kanha"):
        case_id, cp = _new_case(a, ta, name)
        _consent(a, ta, case_id, cp)
        _refer(a, ta, case_id)
        referred.append(case_id)
    blocked, cp = _new_case(a, ta, "Dara")
    for days in (-3, 0, 5, 7, 8, 30):
        due = (today + timedelta(days=days)).isoformat()
        a.post(f"/cases/{blocked}/persons/{cp}/follow-ups", data={"csrf_token": ta, "due_on": due})
    # A refusal after a consent blocks; a consent after a refusal does not.
    refused, rcp = _new_case(a, ta, "Nary")
    _consent(a, ta, refused, rcp)
    a.post(
        f"/cases/{refused}/persons/{rcp}/consents",
        data={"csrf_token": ta, "scope": "sharing", "con_Consent": "false"},
    )
    decided, dcp = _new_case(a, ta, "Vanna")
    a.post(
        f"/cases/{decided}/persons/{dcp}/decision",
        data={"csrf_token": ta, "vic_TraffickingStatus": "PossibleVictimOfTrafficking"},
    )
    closed, ccp = _new_case(a, ta, "Sokha")
    a.post(f"/cases/{closed}/persons/{ccp}/follow-ups", data={"csrf_token": ta, "due_on": "2020-01-01"})
    a.post(
        f"/cases/{closed}/status",
        data={
            "csrf_token": ta,
            "cas_Status": "Closed",
            "cas_ReasonForCaseClosure": "done",
            "acknowledge_open_work": "yes",
            "confirm": "yes",
        },
    )
    with w.engine.connect() as conn:
        refs = dict(conn.execute(select(Referral.case_id, Referral.id)).all())
    b.post(
        f"/cases/{referred[0]}/referrals/{refs[referred[0]]}", data={"csrf_token": tb, "status": "accepted"}
    )

    with Session(w.engine) as session:
        accounts = session.scalars(select(UserAccount)).all()
        for account in accounts:
            principal = principal_of(account)
            with statements(w.engine) as listed:
                lists = worklist.my_work(session, principal, audited=False)
            print(account.username, "lists:", len(listed), "statements")  # the cost before
            with statements(w.engine) as seen:
                counts = worklist.counts(session, principal)
            assert len(seen) == 1, (account.username, seen)
            assert (counts.work, counts.overdue) == (lists.total, lists.overdue), account.username
            if account.username == "case_worker":
                # 4 due (−3, 0, 5, 7 days), 5 open cases undecided (not Vanna's), 3 blocked (Dara,
                # Vanna: no consent; Nary: a refusal after the consent); 1 overdue.
                assert (counts.work, counts.overdue) == (4 + 5 + 3, 1)
            if account.username == "b_case_worker":
                assert (counts.work, counts.overdue) == (2 + 1, 0)  # two awaiting, one accepted undecided
            if account.username == "analyst":
                assert counts.work == 4 + 5  # no referrals: nothing awaiting or blocked counted
    # The page shows them.
    page = a.get("/cases").text
    found = re.search(r'id="nav-work-count">(\d+)<', page)
    assert found and int(found.group(1)) == 12
