"""`tipnet reminders send` against a real SMTP server (aiosmtpd on loopback), on SQLite and
PostgreSQL: each worker gets one message with the follow-ups of their cases due within a week or
overdue; the supervisors those overdue beyond the grace period and those of cases nobody works;
references, dates and links only (no victim's name); audited; at most once a day. Synthetic data."""

from __future__ import annotations

import email
import socket
from collections.abc import Iterator
from datetime import date, timedelta
from email import policy
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, delete, select
from tests.api.fixtures import make_world
from tests.web.test_pages import login, victim_id
from typer.testing import CliRunner

from tipnet.cli import app
from tipnet.settings import get_settings
from tipnet.store.tables.cases import CaseAssignment
from tipnet.store.tables.security import AuditEvent

NAMES = ("Sreymom", "Bopha", "Kanha", "Thida", "Chenda", "Rachana")


class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], email.message.EmailMessage]] = []
        self.refuse = False

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.refuse:
            return "554 Transaction failed"
        parsed = email.message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((list(envelope.rcpt_tos), parsed))  # type: ignore[arg-type]
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    from aiosmtpd.controller import Controller

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


def _case(c: TestClient, token: str, ref: str, name: str, due: date | None) -> int:
    resp = c.post(
        "/cases/new",
        data={"csrf_token": token, "role": "victim", "prs_FirstName": name, "case_ref": ref},
        follow_redirects=False,
    )
    assert resp.status_code == 303, resp.text
    case_id = int(resp.headers["location"].split("?")[0].rsplit("/", 1)[1])
    if due is not None:
        cp = victim_id(c.get(f"/cases/{case_id}").text)
        c.post(
            f"/cases/{case_id}/persons/{cp}/follow-ups", data={"csrf_token": token, "due_on": due.isoformat()}
        )
    return case_id


def _run(*args: str) -> Any:
    return CliRunner().invoke(app, ["reminders", *args])


def test_reminders_by_email(
    engine: Engine, store_url: str, smtp: tuple[Inbox, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox, port = smtp
    w = make_world(engine, roles=("case_worker", "supervisor"))
    c = w.client
    token = login(c, "case_worker")
    today = date.today()
    late = _case(c, token, "TN-LATE", NAMES[0], today - timedelta(days=5))  # beyond the 3-day grace
    soon = _case(c, token, "TN-SOON", NAMES[1], today + timedelta(days=3))
    just = _case(c, token, "TN-JUST", NAMES[2], today - timedelta(days=1))
    _case(c, token, "TN-LATER", NAMES[3], today + timedelta(days=20))  # not this week
    closed = _case(c, token, "TN-CLOSED", NAMES[4], today - timedelta(days=9))
    c.post(
        f"/cases/{closed}/status",
        data={
            "csrf_token": token,
            "cas_Status": "Closed",
            "cas_ReasonForCaseClosure": "moved abroad",
            "acknowledge_open_work": "yes",
            "confirm": "yes",
        },
    )
    orphan = _case(c, token, "TN-ORPHAN", NAMES[5], today - timedelta(days=1))
    with w.engine.begin() as conn:
        conn.execute(delete(CaseAssignment).where(CaseAssignment.case_id == orphan))

    monkeypatch.setenv("TIPNET_DATABASE_URL", store_url)
    monkeypatch.setenv("TIPNET_BASE_URL", "https://tipnet.ngo-a.example")
    get_settings.cache_clear()
    assert _run("address", "case_worker", "not an address").exit_code == 2
    for user, address in (("case_worker", "worker@ngo-a.example"), ("supervisor", "lead@ngo-a.example")):
        result = _run("address", user, address)
        assert result.exit_code == 0, result.output
    # Without an SMTP server configured: a clear refusal, nothing recorded as sent.
    result = _run("send")
    assert result.exit_code == 2 and "TIPNET_SMTP_HOST" in result.output
    dry = _run("send", "--dry-run")
    assert dry.exit_code == 0 and "case_worker: 3 follow-ups, 2 overdue" in dry.output and not inbox.messages

    monkeypatch.setenv("TIPNET_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("TIPNET_SMTP_PORT", str(port))
    monkeypatch.setenv("TIPNET_SMTP_FROM", "tipnet@ngo-a.example")
    monkeypatch.setenv("TIPNET_SMTP_STARTTLS", "false")  # the loopback test server speaks no TLS
    result = _run("send")
    assert result.exit_code == 0, result.output
    assert "2 reminders sent" in result.output
    by_rcpt = {rcpt[0]: msg for rcpt, msg in inbox.messages}
    assert set(by_rcpt) == {"worker@ngo-a.example", "lead@ngo-a.example"}
    worker = by_rcpt["worker@ngo-a.example"].get_content()
    assert worker.count("\n- ") + worker.startswith("- ") == 3
    for ref, case_id in (("TN-LATE", late), ("TN-SOON", soon), ("TN-JUST", just)):
        assert ref in worker and f"https://tipnet.ngo-a.example/cases/{case_id}#follow-ups" in worker
    assert "TN-LATER" not in worker and "TN-CLOSED" not in worker and "TN-ORPHAN" not in worker
    assert by_rcpt["worker@ngo-a.example"]["Subject"] == "tipnet: 2 overdue, 1 due this week"
    lead = by_rcpt["lead@ngo-a.example"].get_content()
    assert "TN-LATE" in lead and "TN-ORPHAN" in lead and "TN-JUST" not in lead and "TN-SOON" not in lead
    assert "ហួសកាលកំណត់" in lead  # Khmer beside English
    for _rcpt, msg in inbox.messages:  # no victim's name, in any part or header
        text = msg.as_string() + msg.get_content()
        assert not any(name in text for name in NAMES)

    with w.engine.connect() as conn:
        sent = conn.execute(
            select(AuditEvent).where(AuditEvent.object_type == "reminder").order_by(AuditEvent.id)
        ).all()
    assert len(sent) == 2 and all(e.action == "export" for e in sent)
    assert sorted(sent[0].details["case_ids"] + sent[1].details["case_ids"]) == sorted(
        [late, soon, just, late, orphan]
    )
    # Once a day: a second run sends nothing.
    again = _run("send")
    assert again.exit_code == 0 and "0 reminders" in again.output and len(inbox.messages) == 2
    # The next day, again (the late follow-up still not done).
    tomorrow = _run("send", "--today", (today + timedelta(days=1)).isoformat())
    assert tomorrow.exit_code == 0 and len(inbox.messages) >= 3
    get_settings.cache_clear()


def test_reminders_tell_when_the_server_is_down(
    engine: Engine, store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = make_world(engine, roles=("case_worker",))
    token = login(w.client, "case_worker")
    _case(w.client, token, "TN-1", "Sreymom", date.today() - timedelta(days=1))
    monkeypatch.setenv("TIPNET_DATABASE_URL", store_url)
    get_settings.cache_clear()
    assert _run("address", "case_worker", "worker@ngo-a.example").exit_code == 0
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed_port = sock.getsockname()[1]
    monkeypatch.setenv("TIPNET_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("TIPNET_SMTP_PORT", str(closed_port))
    result = _run("send")
    assert result.exit_code == 1 and "0 sent" in result.output
    with w.engine.connect() as conn:  # nothing recorded as sent
        assert not conn.execute(select(AuditEvent.id).where(AuditEvent.object_type == "reminder")).all()
    get_settings.cache_clear()


def _one_due(engine: Engine, store_url: str, monkeypatch: pytest.MonkeyPatch, port: int) -> None:
    w = make_world(engine, roles=("case_worker",))
    token = login(w.client, "case_worker")
    _case(w.client, token, "TN-1", "Sreymom", date.today() - timedelta(days=1))
    monkeypatch.setenv("TIPNET_DATABASE_URL", store_url)
    get_settings.cache_clear()
    assert _run("address", "case_worker", "worker@ngo-a.example").exit_code == 0
    monkeypatch.setenv("TIPNET_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("TIPNET_SMTP_PORT", str(port))


def _reminder_events(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return list(
            conn.execute(
                select(AuditEvent.object_type)
                .where(AuditEvent.object_type.in_(("reminder", "reminder_failed")))
                .order_by(AuditEvent.id)
            ).scalars()
        )


def test_a_reminder_is_audited_before_it_is_sent_and_a_refused_one_is_recorded_and_retried(
    engine: Engine, store_url: str, smtp: tuple[Inbox, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox, port = smtp
    _one_due(engine, store_url, monkeypatch, port)
    monkeypatch.setenv("TIPNET_SMTP_STARTTLS", "false")
    inbox.refuse = True
    result = _run("send")
    assert result.exit_code == 1 and "0 sent" in result.output and not inbox.messages
    assert _reminder_events(engine) == ["reminder", "reminder_failed"]
    inbox.refuse = False  # the failed one goes out on the next run, audited again first
    result = _run("send")
    assert result.exit_code == 0 and "1 reminders sent" in result.output and len(inbox.messages) == 1
    assert _reminder_events(engine) == ["reminder", "reminder_failed", "reminder"]
    get_settings.cache_clear()


def test_starttls_is_on_by_default_and_no_password_is_sent_without_it(
    engine: Engine, store_url: str, smtp: tuple[Inbox, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tipnet.cases.reminders import MailSettings

    monkeypatch.delenv("TIPNET_SMTP_STARTTLS", raising=False)
    assert MailSettings().smtp_starttls is True
    inbox, port = smtp
    _one_due(engine, store_url, monkeypatch, port)
    # The loopback server offers no STARTTLS: by default nothing is sent in clear.
    result = _run("send")
    assert result.exit_code == 1 and not inbox.messages
    monkeypatch.setenv("TIPNET_SMTP_STARTTLS", "false")
    monkeypatch.setenv("TIPNET_SMTP_USER", "tipnet")
    monkeypatch.setenv("TIPNET_SMTP_PASSWORD", "secret-password")
    result = _run("send")
    assert result.exit_code == 2 and "without TLS" in result.output and not inbox.messages
    assert _reminder_events(engine) == []
    get_settings.cache_clear()
