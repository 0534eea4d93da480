"""The receiving organisation's pages of what partners sent, on SQLite and PostgreSQL: the list holds
no personal data; one record's fields open only for roles that identify victims, of the organisation
the partner delivers to, audited before the page goes out; a withdrawn record is gone."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from tests.sharing.installs import Install, consent, shared_case
from tests.web.test_pages import login

from tipnet.api.app import create_app
from tipnet.security.users import create_user
from tipnet.sharing.receive import import_bundle
from tipnet.sharing.send import build_records, build_withdrawals
from tipnet.store.engine import session_scope
from tipnet.store.tables.security import AuditEvent
from tipnet.store.tables.sharing import ReceivedRecord

PW = "a-long-password"


def test_received_records_pages(pair: tuple[Install, Install]) -> None:
    kh, th = pair
    case_id, (v1, _v2) = shared_case(kh)
    with session_scope(kh.engine) as session:
        data = build_records(
            session,
            kh.ring,
            partner_code="TH-DSDW",
            purpose="victim-support",
            case_ids=[case_id],
            actor="w",
            reason="r",
        ).data
    with session_scope(th.engine) as session:
        import_bundle(session, th.ring, data, actor="worker-th-dsdw")
        create_user(session, "analyst-th", PW, "analyst", "DSDW")
        create_user(session, "other-th", PW, "case_worker", "POLICE-TH", create_org=True)
        rid = session.scalar(select(ReceivedRecord.id))
    client = TestClient(create_app(engine=th.engine, ring=th.ring), base_url="https://testserver")
    login(client, "worker-th-dsdw", PW)
    listing = client.get("/partners/received?why=shelter+intake")
    assert listing.status_code == 200 and 'data-partner="KH-NCCT"' in listing.text
    assert "Sreyneang" not in listing.text and f"/partners/received/{rid}" in listing.text
    shown = client.get(f"/partners/received/{rid}?why=shelter+intake")
    assert shown.status_code == 200 and "Sreyneang" in shown.text and "+85512998877" in shown.text
    assert "N0991827364" not in shown.text  # withheld by the agreement: never received
    with session_scope(th.engine) as session:
        event = session.scalar(
            select(AuditEvent).where(
                AuditEvent.object_type == "received_record", AuditEvent.object_id == str(rid)
            )
        )
        assert (
            event is not None
            and event.reason == "shelter intake"
            and "prs_FirstName" in event.details["fields"]
        )
    login(client, "analyst-th", PW)
    assert client.get("/partners/received").status_code == 200
    assert client.get(f"/partners/received/{rid}").status_code == 403
    login(client, "other-th", PW)
    assert 'data-partner="KH-NCCT"' not in client.get("/partners/received").text
    assert client.get(f"/partners/received/{rid}").status_code == 404
    # The victim withdraws: the notice empties the record, the page no longer opens it.
    consent(kh, case_id, v1, given=False)
    with session_scope(kh.engine) as session:
        notice = build_withdrawals(session, kh.ring, partner_code="TH-DSDW", actor="w")
    assert notice is not None
    with session_scope(th.engine) as session:
        import_bundle(session, th.ring, notice.data, actor="worker-th-dsdw")
    login(client, "worker-th-dsdw", PW)
    assert client.get(f"/partners/received/{rid}").status_code == 404
