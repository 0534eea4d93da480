"""Issue 18's withdrawals due, on "My work" (SQLite and PostgreSQL): a victim who consented to
sharing with a Thai shelter, a bundle sent, then the consent withdrawn: the worker's landing page
lists the case (reference and partner, never the name), linked to the case's sharing page, in
English and Khmer, audited; once the withdrawal notice is built it goes; another organisation's
worker never sees it."""

from __future__ import annotations

import re

from sqlalchemy import Engine, select
from tests.api.fixtures import make_world
from tests.sharing.test_sharing_page import NAME, _shared
from tests.web.test_pages import login

from tipnet.security.keys import load_keyring
from tipnet.sharing.send import build_withdrawals
from tipnet.store.engine import session_scope
from tipnet.store.tables.security import AuditEvent


def _section(html: str) -> str:
    found = re.search(r'<section class="card" id="work-withdrawals".*?</section>', html, re.S)
    return found.group(0) if found else ""


def test_withdrawals_due_on_my_work(engine: Engine) -> None:
    world = make_world(engine, roles=("case_worker", "analyst"))
    case_id = _shared(world)
    c = world.client
    html = c.get("/work").text
    section = _section(html)
    assert f'<li class="withdrawal-due" data-case="{case_id}">' in section
    assert (
        f'href="/cases/{case_id}/sharing">REF-SHARE-1</a>' in section and 'data-partner="TH-DSDW"' in section
    )
    assert NAME not in html
    km = _section(c.get("/work?lang=km").text)
    assert "ការដកការយល់ព្រមដែលត្រូវជូនដំណឹងដល់ដៃគូ" in km and "Withdrawals due" not in km
    with session_scope(engine) as session:
        event = session.scalars(
            select(AuditEvent)
            .where(AuditEvent.object_type == "withdrawals_due")
            .order_by(AuditEvent.id.desc())
        ).first()
        assert event is not None and event.actor == "case_worker" and event.details["case_ids"] == [case_id]

    # Another organisation's worker, and a role that records no consent: nothing.
    login(c, "b_case_worker")
    assert _section(c.get("/work").text) == ""
    login(c, "analyst")
    assert _section(c.get("/work").text) == ""

    # The notice built (tipnet share withdrawals): no longer due.
    with session_scope(engine) as session:
        built = build_withdrawals(session, load_keyring(), partner_code="TH-DSDW", actor="admin")
        assert built is not None
    login(c, "case_worker")
    assert _section(c.get("/work").text) == ""
