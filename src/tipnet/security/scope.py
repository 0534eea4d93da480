"""The organisation scope of a principal: which cases it sees, whatever the capability asking (the case
services, linkage's identity reads). A principal sees the cases its organisation opened and the
cases referred to it (referral pending, accepted or done); no role sees every organisation's cases.
What a principal may change within its scope is the case services' rule (tipnet.cases.scope).
"""

from __future__ import annotations

from sqlalchemy import Select, or_, select

from tipnet.security.users import Principal
from tipnet.store.tables.cases import Case, Referral

# Referral states in which the receiving organisation sees the case.
VISIBLE_REFERRAL = ("pending", "accepted", "done")


def _referred_to(org_id: int) -> Select[int]:
    return select(Referral.case_id).where(Referral.to_org_id == org_id, Referral.status.in_(VISIBLE_REFERRAL))


def visible_cases(principal: Principal) -> Select[Case]:
    """The SELECT of cases in the principal's scope."""
    return select(Case).where(
        or_(Case.org_id == principal.org_id, Case.id.in_(_referred_to(principal.org_id)))
    )


def scoped_ids(principal: Principal) -> Select[int]:
    """The SELECT of the ids of the cases in the principal's scope."""
    return visible_cases(principal).with_only_columns(Case.id)
