"""Building a bundle from the web, for a user holding the sharing permission (`partner:share`):
the choices (active partners with an agreement valid today and its purposes; the cases of the
user's own organisation), a preview of what would go (per case: persons, records that would travel,
persons left out for want of consent; the agreement's fields), and the build itself
(tipnet.sharing.send, audited per case as the CLI's). Counts, case references and field names only:
no person's name or value is shown or opened by the preview, which is audited as a view of each case.

Only cases the user's organisation owns: a case referred to it by another organisation is that
organisation's to share.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from tipnet.errors import Invalid, NotFound
from tipnet.security import audit
from tipnet.security.keys import Keyring
from tipnet.security.permissions import require
from tipnet.security.roles import Perm
from tipnet.security.scope import visible_cases
from tipnet.security.users import Principal
from tipnet.sharing import agreements, partners
from tipnet.sharing.consent import latest_words
from tipnet.sharing.send import Built, build_records
from tipnet.store.tables.cases import Case, CasePerson
from tipnet.store.tables.sharing import Partner

CASES_SHOWN = 300


@dataclass(frozen=True)
class Option:
    """A partner and one purpose of its agreement valid today: `value` is what the form sends."""

    partner: str
    name: str
    purpose: str
    fields: tuple[str, ...]
    retention_days: int

    @property
    def value(self) -> str:
        return f"{self.partner}|{self.purpose}"


@dataclass(frozen=True)
class CaseChoice:
    id: int
    case_ref: str | None
    status: str | None
    persons: int


@dataclass
class Preview:
    option: Option
    cases: list[tuple[CaseChoice, int, int]] = field(default_factory=list)  # case, records, no consent

    @property
    def records(self) -> int:
        return sum(r for _, r, _ in self.cases)

    @property
    def excluded(self) -> int:
        return sum(n for _, _, n in self.cases)


def options(session: Session, principal: Principal, today: date | None = None) -> list[Option]:
    require(principal, Perm.SHARE)
    today = today or date.today()
    out: list[Option] = []
    for p, terms in partners.listing(session):
        if p.revoked_at is not None or terms is None or not terms.valid_from <= today <= terms.valid_until:
            continue
        out.extend(
            Option(p.code, p.name, purpose, tuple(terms.fields), terms.retention_days)
            for purpose in terms.purposes
        )
    return out


def option(session: Session, principal: Principal, value: str, today: date | None = None) -> Option:
    """The option the form sent; Invalid when it is not one on offer (revoked, expired, made up)."""
    for o in options(session, principal, today):
        if o.value == value:
            return o
    raise Invalid("agreement: choose a partner and purpose of an agreement valid today")


def _own(principal: Principal) -> Select[Case]:
    return visible_cases(principal).where(Case.org_id == principal.org_id)


def cases(session: Session, principal: Principal) -> list[CaseChoice]:
    """The organisation's own cases, newest first (references and counts, no person data)."""
    require(principal, Perm.SHARE)
    own = _own(principal).order_by(Case.id.desc()).limit(CASES_SHOWN).subquery()
    rows = session.execute(
        select(own.c.id, own.c.case_ref, own.c.cas_Status, func.count(CasePerson.id))
        .outerjoin(CasePerson, CasePerson.case_id == own.c.id)
        .group_by(own.c.id, own.c.case_ref, own.c.cas_Status)
        .order_by(own.c.id.desc())
    )
    return [CaseChoice(i, ref, status, n) for i, ref, status, n in rows]


def _chosen(session: Session, principal: Principal, case_ids: list[int]) -> list[CaseChoice]:
    ids = list(dict.fromkeys(case_ids))
    if not ids:
        raise Invalid("case: choose at least one case")
    if len(ids) > CASES_SHOWN:
        raise Invalid(f"case: at most {CASES_SHOWN} cases in one bundle")
    found = {c.id: c for c in cases_by_id(session, principal, ids)}
    for cid in ids:
        if cid not in found:
            raise NotFound("case not found")  # outside the organisation's own cases: as if absent
    return [found[cid] for cid in ids]


def cases_by_id(session: Session, principal: Principal, ids: list[int]) -> list[CaseChoice]:
    own = _own(principal).where(Case.id.in_(ids)).subquery()
    rows = session.execute(
        select(own.c.id, own.c.case_ref, own.c.cas_Status, func.count(CasePerson.id))
        .outerjoin(CasePerson, CasePerson.case_id == own.c.id)
        .group_by(own.c.id, own.c.case_ref, own.c.cas_Status)
    )
    return [CaseChoice(i, ref, status, n) for i, ref, status, n in rows]


def preview(
    session: Session, principal: Principal, value: str, case_ids: list[int], today: date | None = None
) -> Preview:
    """What a bundle would hold (counts), from the consents alone: nothing sealed is opened."""
    chosen_option = option(session, principal, value, today)
    chosen = _chosen(session, principal, case_ids)
    partner = session.scalar(select(Partner).where(Partner.code == chosen_option.partner))
    assert partner is not None
    agreements.for_purpose(session, partner, chosen_option.purpose, today or date.today())
    persons = session.execute(
        select(CasePerson.id, CasePerson.case_id).where(CasePerson.case_id.in_([c.id for c in chosen]))
    ).all()
    words = latest_words(session, [cp for cp, _ in persons])
    out = Preview(chosen_option)
    for c in chosen:
        mine = [cp for cp, cid in persons if cid == c.id]
        covered = sum(
            1
            for cp in mine
            if (w := words.get(cp)) is not None and w.covers(chosen_option.purpose, partner.code)
        )
        out.cases.append((c, covered, len(mine) - covered))
        audit.record(
            session,
            principal.username,
            "view",
            "case",
            c.id,
            details={"sharing_preview": partner.code, "purpose": chosen_option.purpose, "records": covered},
        )
    return out


def build(
    session: Session,
    principal: Principal,
    ring: Keyring,
    value: str,
    case_ids: list[int],
    reason: str,
    today: date | None = None,
) -> Built:
    """Build the bundle (tipnet.sharing.send.build_records: consent, agreement, log and audit)."""
    chosen_option = option(session, principal, value, today)
    chosen = _chosen(session, principal, case_ids)
    return build_records(
        session,
        ring,
        partner_code=chosen_option.partner,
        purpose=chosen_option.purpose,
        case_ids=[c.id for c in chosen],
        actor=principal.username,
        reason=reason,
        today=today,
    )
