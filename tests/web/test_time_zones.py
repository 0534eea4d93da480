"""Times in the reader's time zone (web.zones): a reader in Asia/Bangkok and one in UTC see the same
audit event at their own local times, with the zone named; the organisation's country gives the
default (Cambodia: Asia/Phnom_Penh); the audit page's date filters are days in the reader's zone;
stored times stay UTC. SQLite and PostgreSQL."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from tests.api.fixtures import ORG_A, make_world, password
from tests.web.test_my_work import _new_case
from tests.web.test_pages import login

from tipnet.security.users import create_user
from tipnet.store.engine import session_scope
from tipnet.store.tables.security import AuditEvent, UserAccount
from tipnet.store.tables.sources import Organisation
from tipnet.web import zones
from tipnet.web.audit import day_range


def _csrf(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, page[:300]
    return found.group(1)


def _set_zone(client: TestClient, zone: str) -> None:
    token = _csrf(client.get("/settings/time-zone").text)
    done = client.post("/settings/time-zone", data={"csrf_token": token, "time_zone": zone})
    assert done.status_code == 200 and 'id="flash"' in done.text, done.text[:300]


def _created(audit_page: str) -> list[str]:
    """The times shown on the rows of case creations."""
    return re.findall(
        r'data-action="create" data-object="case">\s*<td[^>]*><time datetime="[^"]+">([^<]+)</time>',
        audit_page,
    )


def test_two_readers_two_zones_one_event(engine: Engine) -> None:
    w = make_world(engine, roles=("case_worker", "admin"))
    with session_scope(engine) as session:
        create_user(session, "admin_utc", password("admin_utc"), "admin", ORG_A)
        org = session.scalar(select(Organisation).where(Organisation.code == ORG_A))
        assert org is not None
        org.org_ShippingCountry = "KHM"
    worker = w.client
    tw = login(worker, "case_worker")
    case_id, _ = _new_case(worker, tw, "Mala")
    bangkok = TestClient(worker.app, base_url="https://testserver")
    login(bangkok, "admin")
    utc = TestClient(worker.app, base_url="https://testserver")
    login(utc, "admin_utc")

    # Default: the organisation's country's zone (Cambodia).
    settings = bangkok.get("/settings/time-zone").text
    assert "Asia/Phnom_Penh" in settings.split('id="zone-now"')[1].split("</p>")[0]
    audit_default = bangkok.get("/audit", params={"action": "create"}).text
    assert "Asia/Phnom_Penh" in audit_default

    # A name the tz database does not know: the form again, the error beside its field, nothing saved.
    token = _csrf(settings)
    bad = bangkok.post("/settings/time-zone", data={"csrf_token": token, "time_zone": "Asia/Atlantis"})
    assert bad.status_code == 422 and 'id="tz-own-error"' in bad.text and 'aria-invalid="true"' in bad.text
    _set_zone(bangkok, "Asia/Bangkok")
    _set_zone(utc, "UTC")
    with session_scope(engine) as session:
        chosen = dict(session.execute(select(UserAccount.username, UserAccount.time_zone)).all())
        at = session.scalar(
            select(AuditEvent.at).where(AuditEvent.action == "create", AuditEvent.case_id == case_id)
        )
    assert chosen["admin"] == "Asia/Bangkok" and chosen["admin_utc"] == "UTC"
    assert isinstance(at, datetime) and at.tzinfo is None  # stored as UTC, without a zone

    seen_bkk = _created(bangkok.get("/audit", params={"action": "create"}).text)
    seen_utc = _created(utc.get("/audit", params={"action": "create"}).text)
    local = at + timedelta(hours=7)  # Bangkok: UTC+7 all year
    assert seen_bkk == [local.strftime("%Y-%m-%d %H:%M:%S") + " ICT (UTC+07:00)"]
    assert seen_utc == [at.strftime("%Y-%m-%d %H:%M:%S") + " UTC"]
    # The machine-readable instant is the same for both.
    instant = at.isoformat(timespec="seconds") + "Z"
    assert f'<time datetime="{instant}">' in bangkok.get("/audit").text
    assert f'<time datetime="{instant}">' in utc.get("/audit").text
    # The case's history, in the reader's zone too.
    history = bangkok.get(f"/cases/{case_id}/history", params={"why": "supervision"}).text
    assert local.strftime("%Y-%m-%d %H:%M") + " ICT (UTC+07:00)" in history

    # Dates of the filters are days in the reader's zone.
    def rows(client: TestClient, since: date, until: date) -> list[str]:
        params = {"action": "create", "since": since.isoformat(), "until": until.isoformat()}
        return _created(client.get("/audit", params=params).text)

    day_bkk, day_utc = local.date(), at.date()
    assert rows(bangkok, day_bkk, day_bkk) and rows(utc, day_utc, day_utc)
    assert not rows(bangkok, day_bkk + timedelta(days=1), day_bkk + timedelta(days=1))
    assert not rows(bangkok, day_bkk - timedelta(days=1), day_bkk - timedelta(days=1))
    # Zones 26 hours apart never share the event's date: one reader's day is never the other's.
    _set_zone(bangkok, "Pacific/Kiritimati")  # UTC+14
    _set_zone(utc, "Etc/GMT+12")  # UTC-12
    east, west = (at + timedelta(hours=14)).date(), (at - timedelta(hours=12)).date()
    assert east > west
    assert rows(bangkok, east, east) and not rows(bangkok, west, west)
    assert rows(utc, west, west) and not rows(utc, east, east)
    assert "(UTC-12:00)" in utc.get("/audit").text


def test_day_range_and_labels() -> None:
    start, end = day_range(date(2026, 12, 7), date(2026, 12, 7), "Asia/Bangkok")
    assert (start, end) == (datetime(2026, 12, 6, 17, 0), datetime(2026, 12, 7, 17, 0))
    assert day_range(None, date(2026, 12, 7), "UTC") == (None, datetime(2026, 12, 8))
    at = datetime(2026, 12, 7, 7, 3)
    assert zones.show(at, zones.zone("Asia/Phnom_Penh")) == "2026-12-07 14:03 ICT (UTC+07:00)"
    assert zones.show(at, zones.zone("Asia/Yangon")) == "2026-12-07 13:33 MMT (UTC+06:30)"
    assert zones.show(at, zones.zone("Asia/Kathmandu")) == "2026-12-07 12:48 (UTC+05:45)"
    assert zones.show(at, zones.zone("UTC")) == "2026-12-07 07:03 UTC"
    # Summer time where there is one: the label follows the date.
    assert (
        zones.show(datetime(2026, 7, 1, 12, 0), zones.zone("Europe/London"))
        == "2026-07-01 13:00 BST (UTC+01:00)"
    )
    assert (
        zones.show(datetime(2026, 1, 1, 12, 0), zones.zone("Europe/London"))
        == "2026-01-01 12:00 GMT (UTC+00:00)"
    )
    assert zones.zone("Not/AZone").key == "UTC"  # a stored name the database lost never breaks a page
    assert (
        zones.of_organisation(Organisation(code="x", org_Name="x", org_ShippingCountry="THA"))
        == "Asia/Bangkok"
    )
    assert zones.of_organisation(Organisation(code="x", org_Name="x")) == "UTC"
