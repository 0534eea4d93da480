"""Consent as sharing reads it: a person's latest word on sharing (the `consent` rows of scope
"sharing", latest first) covers a partner and a purpose only when it was given, names the purpose,
and names the partner (or "*": any partner with an agreement for the purpose). Anything else — no
consent, a refusal, a withdrawal, a consent for other purposes — keeps the record out of bundles.

A withdrawal is a later word that no longer covers what was shared: every partner holding the
record then has a notice pending (`pending_withdrawals`) until one is sent.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tipnet.security import audit
from tipnet.store.tables.cases import Case, Consent
from tipnet.store.tables.sharing import Partner, SharedRecord


@dataclass(frozen=True)
class Word:
    """A person's latest word on sharing."""

    consent_id: int
    given: bool
    purposes: tuple[str, ...]
    partners: tuple[str, ...]
    method: str | None
    recorded_on: str | None

    def covers(self, purpose: str, partner_code: str) -> bool:
        return (
            self.given
            and purpose in self.purposes
            and (partner_code in self.partners or "*" in self.partners)
        )

    def basis(self, partner_code: str) -> dict[str, Any]:
        """What travels with the record: how and when consent was given, what it covers. The worker
        who explained it stays here (a name)."""
        return {
            "consent_id": self.consent_id,
            "given": self.given,
            "method": self.method,
            "recorded_on": self.recorded_on,
            "purposes": list(self.purposes),
            "partner": partner_code,
        }


def latest_words(session: Session, case_person_ids: Iterable[int]) -> dict[int, Word]:
    """Each person's latest consent of scope "sharing" (by id: the latest recorded counts)."""
    ids = sorted(set(case_person_ids))
    out: dict[int, Word] = {}
    if not ids:
        return out
    for row in session.scalars(
        select(Consent)
        .where(Consent.case_person_id.in_(ids), Consent.scope == "sharing")
        .order_by(Consent.id)
    ):
        out[row.case_person_id] = Word(
            consent_id=row.id,
            given=bool(row.con_Consent),
            purposes=tuple(row.purposes or ()),
            partners=tuple(row.partners or ()),
            method=row.method,
            recorded_on=row.recorded_on.isoformat() if row.recorded_on else None,
        )
    return out


@dataclass(frozen=True)
class Pending:
    """A record a partner holds whose consent no longer covers it: a withdrawal notice is due."""

    partner_id: int
    record_ref: str
    case_id: int | None
    case_person_id: int | None


def pending_withdrawals(session: Session, partner_id: int | None = None) -> list[Pending]:
    """Records shared (and not withdrawn yet) whose person's latest word no longer covers the
    partner and purpose they were shared under. A person whose case row is gone counts as withdrawn."""
    stmt = (
        select(SharedRecord, Partner.code)
        .join(Partner, Partner.id == SharedRecord.partner_id)
        .where(SharedRecord.withdrawn_at.is_(None))
        .order_by(SharedRecord.id)
    )
    if partner_id is not None:
        stmt = stmt.where(SharedRecord.partner_id == partner_id)
    rows = session.execute(stmt).all()
    words = latest_words(session, [r.case_person_id for r, _ in rows if r.case_person_id is not None])
    due: dict[tuple[int, str], Pending] = {}
    for row, code in rows:
        word = words.get(row.case_person_id) if row.case_person_id is not None else None
        if word is None or not word.covers(row.purpose, code):
            due.setdefault(
                (row.partner_id, row.record_ref),
                Pending(row.partner_id, row.record_ref, row.case_id, row.case_person_id),
            )
    return list(due.values())


@dataclass(frozen=True)
class CaseWithdrawals:
    """A case of the organisation with withdrawal notices due: which partners still hold a record
    whose consent was withdrawn (codes and counts only: what "My work" shows)."""

    case_id: int
    case_ref: str
    partners: tuple[tuple[str, str, int], ...]  # (partner code, partner name, records held)


def withdrawals_due_for_org(session: Session, org_id: int, *, actor: str) -> list[CaseWithdrawals]:
    """The organisation's cases whose shared records wait for a withdrawal notice (sent with
    `tipnet share withdrawals`), for its workers' "My work"; audited as a view when any is shown."""
    due = [p for p in pending_withdrawals(session) if p.case_id is not None]
    if not due:
        return []
    ids = {p.case_id for p in due}
    cases = dict(
        session.execute(select(Case.id, Case.case_ref).where(Case.id.in_(ids), Case.org_id == org_id)).all()
    )
    partners = {
        pid: (code, name)
        for pid, code, name in session.execute(select(Partner.id, Partner.code, Partner.name))
    }
    held: dict[int, dict[int, int]] = {}
    for p in due:
        if p.case_id in cases:
            per = held.setdefault(p.case_id, {})
            per[p.partner_id] = per.get(p.partner_id, 0) + 1
    out = [
        CaseWithdrawals(case_id, cases[case_id], tuple(sorted((*partners[pid], n) for pid, n in per.items())))
        for case_id, per in sorted(held.items())
    ]
    if out:
        audit.record(
            session,
            actor,
            "view",
            "withdrawals_due",
            details={"case_ids": [w.case_id for w in out][:200], "results": len(out)},
        )
    return out
