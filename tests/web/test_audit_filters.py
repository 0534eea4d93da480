"""The audit log page's filters (account, case reference, action, dates in UTC), case references
instead of ids, the page's own views hidden by default, labels in Khmer. SQLite and PostgreSQL."""

from __future__ import annotations

import re
from datetime import date, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from tests.api.fixtures import make_world
from tests.web.test_my_work import _new_case
from tests.web.test_pages import login


def _rows(html: str) -> list[tuple[str, str]]:
    return re.findall(r'class="audit-row" data-action="(\w+)" data-object="(\w+)"', html)


def test_audit_log_filters(engine: Engine) -> None:
    w = make_world(engine, roles=("case_worker", "admin"))
    worker = w.client
    tw = login(worker, "case_worker")
    mala, _ = _new_case(worker, tw, "Mala")
    _new_case(worker, tw, "Dara")
    worker.get(f"/cases/{mala}", params={"why": "supervision"})
    admin = TestClient(worker.app, base_url="https://testserver")
    login(admin, "admin")
    admin.get("/audit")
    admin.get("/audit")

    page = admin.get("/audit").text
    assert ("view", "audit_log") not in _rows(page)  # its own views hidden by default
    assert ("view", "audit_log") in _rows(admin.get("/audit?all=1").text)
    assert f'<a href="/cases/{mala}">REF-Mala</a>' in page  # the case by its reference
    assert " UTC</time>" in page

    by_case = admin.get("/audit", params={"case": "REF-Mala"}).text
    assert _rows(by_case) and "REF-Dara" not in by_case
    assert set(re.findall(r'<a href="/cases/(\d+)">REF-', by_case)) == {str(mala)}
    created = _rows(admin.get("/audit", params={"action": "create"}).text)
    assert created and {a for a, _ in created} == {"create"}
    mine = admin.get("/audit", params={"actor": "case_worker", "all": "1"}).text
    assert _rows(mine) and ">admin<" not in mine
    today = date.today()
    assert not _rows(admin.get("/audit", params={"since": (today + timedelta(days=2)).isoformat()}).text)
    assert _rows(
        admin.get("/audit", params={"since": today.isoformat(), "until": today.isoformat()}).text
    ) or (
        # a run across midnight UTC
        _rows(admin.get("/audit", params={"since": (today - timedelta(days=1)).isoformat()}).text)
    )
    bad = admin.get("/audit", params={"since": "31/12/2026"})
    assert bad.status_code == 200 and 'id="f-since-error"' in bad.text and 'value="31/12/2026"' in bad.text
    # Filters kept on the "older" link.
    assert "case=REF-Mala" in by_case.split('id="audit-older"')[0].rsplit("href=", 1)[1]
    km = admin.get("/audit?lang=km").text
    assert "បានបន្ថែម" in km and ">Added<" not in km
