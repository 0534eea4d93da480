"""Reminders of due and overdue work by e-mail, as Primero and OSCaR send them: each worker gets
one message listing the follow-ups of the cases assigned to them that are due within a week or
overdue; an organisation's supervisors also get those overdue beyond a grace period, and those of
cases nobody is assigned to. Messages hold case references, dates and links only: never a victim's
name or anything else about them (a mailbox is not the sealed store). Each sent message is audited
(ids and counts); a worker gets at most one a day. The SMTP adapter is `tipnet reminders send`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from email.message import EmailMessage

from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy import select
from sqlalchemy.orm import Session

from tipnet.cases.scope import CLOSED
from tipnet.cases.worklist import DUE_WITHIN
from tipnet.security import audit
from tipnet.security.roles import Perm, allowed
from tipnet.store.tables.cases import Case, CaseAssignment, CasePerson, FollowUp
from tipnet.store.tables.security import AuditEvent, UserAccount


class MailSettings(BaseSettings):
    """TIPNET_SMTP_* and the address of the web pages the links point to."""

    model_config = SettingsConfigDict(env_prefix="TIPNET_", extra="ignore")

    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_starttls: bool = True  # off only for a loopback relay: the password never travels in clear
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_from: str = "tipnet@localhost"
    base_url: str = "http://localhost:8000"
    reminder_grace_days: int = 3  # overdue this long: the supervisors are told too


@dataclass(frozen=True)
class Item:
    case_id: int
    case_ref: str
    due_on: date
    overdue: bool


@dataclass
class Reminder:
    user_id: int
    username: str
    email: str
    items: list[Item] = field(default_factory=list)
    as_supervisor: bool = False  # beyond the grace period or unassigned: a supervisor's copy

    @property
    def overdue(self) -> int:
        return sum(1 for i in self.items if i.overdue)


def due_work(session: Session, *, today: date | None = None, grace_days: int = 3) -> list[Reminder]:
    """Who is to be reminded of what today (accounts with an address, not yet reminded today)."""
    today = today or date.today()
    rows = session.execute(
        select(FollowUp.due_on, Case.id, Case.case_ref, Case.org_id)
        .join(CasePerson, CasePerson.id == FollowUp.case_person_id)
        .join(Case, Case.id == CasePerson.case_id)
        .where(FollowUp.done_on.is_(None), FollowUp.due_on <= today + DUE_WITHIN)
        .where(Case.cas_Status.not_in(CLOSED))
        .order_by(FollowUp.due_on, Case.id)
    ).all()
    if not rows:
        return []
    case_ids = {r[1] for r in rows}
    assigned: dict[int, list[tuple[int, int]]] = {}  # case -> [(org, user)]
    for case_id, org_id, user_id in session.execute(
        select(CaseAssignment.case_id, CaseAssignment.org_id, CaseAssignment.user_id).where(
            CaseAssignment.case_id.in_(case_ids)
        )
    ):
        assigned.setdefault(case_id, []).append((org_id, user_id))
    accounts = {a.id: a for a in session.scalars(select(UserAccount).where(UserAccount.active.is_(True)))}
    supervisors: dict[int, list[int]] = {}
    for a in accounts.values():
        if allowed(a.role, Perm.CASE_ASSIGN) and a.role != "admin":
            supervisors.setdefault(a.org_id, []).append(a.id)
    out: dict[tuple[int, bool], Reminder] = {}

    def add(user_id: int, item: Item, as_supervisor: bool) -> None:
        account = accounts.get(user_id)
        if account is None or not account.email:
            return
        key = (user_id, as_supervisor)
        reminder = out.setdefault(
            key, Reminder(user_id, account.username, account.email, as_supervisor=as_supervisor)
        )
        if item not in reminder.items:
            reminder.items.append(item)

    grace = today - timedelta(days=grace_days)
    for due_on, case_id, ref, owner in rows:
        item = Item(case_id, ref, due_on, due_on < today)
        workers = assigned.get(case_id, [])
        for _org, user_id in workers:
            add(user_id, item, False)
        late = item.overdue and due_on < grace
        orgs = {org for org, _ in workers} if late else set()
        if item.overdue and not workers:
            orgs.add(owner)  # nobody works the case: its owner's supervisors
        for org in orgs:
            for user_id in supervisors.get(org, []):
                add(user_id, item, True)
    reminded = _reminded_today(session, today)
    return [r for key, r in out.items() if key not in reminded]


def _reminded_today(session: Session, today: date) -> set[tuple[int, bool]]:
    start = datetime(today.year, today.month, today.day)
    events = session.execute(
        select(AuditEvent.object_type, AuditEvent.object_id, AuditEvent.details)
        .where(AuditEvent.object_type.in_(("reminder", "reminder_failed")), AuditEvent.at >= start)
        .order_by(AuditEvent.id)
    ).all()
    out: set[tuple[int, bool]] = set()
    for kind, oid, details in events:  # a failed sending (recorded after its attempt) is retried
        if oid and str(oid).isdigit():
            key = (int(oid), bool((details or {}).get("supervisor")))
            if kind == "reminder":
                out.add(key)
            else:
                out.discard(key)
    return out


def message(reminder: Reminder, settings: MailSettings, *, today: date | None = None) -> EmailMessage:
    """The e-mail of one reminder, in English and Khmer: references, dates and links only."""
    today = today or date.today()
    base = settings.base_url.rstrip("/")
    msg = EmailMessage()
    msg["From"] = settings.smtp_from
    msg["To"] = reminder.email
    msg["Subject"] = (
        f"tipnet: {reminder.overdue} overdue, {len(reminder.items) - reminder.overdue} due this week"
    )
    lines = [
        f"{'Overdue beyond ' + str(settings.reminder_grace_days) + ' days, or unassigned' if reminder.as_supervisor else 'Your follow-ups'}"
        " / ការតាមដានដែលត្រូវធ្វើ:",
        "",
    ]
    for item in reminder.items:
        state = (
            f"OVERDUE by {(today - item.due_on).days} days / ហួសកាលកំណត់" if item.overdue else "due / ដល់កាលកំណត់"
        )
        lines.append(
            f"- {item.case_ref}: {item.due_on.isoformat()} ({state}) {base}/cases/{item.case_id}#follow-ups"
        )
    lines += ["", f"My work / ការងាររបស់ខ្ញុំ: {base}/work"]
    msg.set_content("\n".join(lines))
    return msg


def record_failed(session: Session, reminder: Reminder, error: str) -> None:
    """The audit of a reminder whose sending failed after it was recorded (the kind of error only)."""
    audit.record(
        session,
        "tipnet-reminders",
        "export",
        "reminder_failed",
        reminder.user_id,
        details={"supervisor": reminder.as_supervisor, "error": error[:100]},
    )


def record_sent(session: Session, reminder: Reminder) -> None:
    """The audit of one reminder, committed before it is sent: to whom (account id), which cases,
    how many overdue."""
    audit.record(
        session,
        "tipnet-reminders",
        "export",
        "reminder",
        reminder.user_id,
        details={
            "case_ids": sorted({i.case_id for i in reminder.items})[:200],
            "overdue": reminder.overdue,
            "items": len(reminder.items),
            "supervisor": reminder.as_supervisor,
        },
    )
