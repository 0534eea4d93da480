"""Roles and the permission matrix. Deny by default: a permission not listed is refused.

Every role is scoped by its organisation: it sees the cases its organisation opened and the
cases referred to it (see tipnet.security.scope); no role sees every organisation's cases.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    CASE_WORKER = "case_worker"
    SUPERVISOR = "supervisor"  # a case worker who also assigns and reassigns the organisation's cases
    BORDER_OFFICER = "border_officer"
    ANALYST = "analyst"
    FIU_ANALYST = "fiu_analyst"
    PARTNER = "partner"


class Perm(StrEnum):
    CASE_READ = "case:read"  # case records within scope
    CASE_WRITE = "case:write"  # open and update cases, add persons
    PERSON_IDENTIFY = "person:identify"  # see victim-identifying fields (names, birth date, numbers)
    CASE_SEARCH = "case:search"  # search persons by name, number, birth date
    ASSESS = "assessment:write"  # victim-identification interviews (assessments) and status decisions
    REFERRAL = "referral:write"  # refer in and out, accept, reject, close referrals
    SUPPORT = "support:write"  # consent, support plans, reintegration follow-ups
    PROCEEDING = "proceeding:write"  # legal proceedings of suspects
    CASE_ASSIGN = "case:assign"  # assign and reassign the organisation's cases to its workers
    EXPORT = "case:export"  # HTCDS export of a case (needs the victims' consent to share)
    # Build a bundle of the organisation's cases for a partner abroad (tipnet.sharing; the web form):
    # only the consented records and the agreed fields travel.
    SHARE = "partner:share"
    AUDIT_READ = "audit:read"  # the audit log of the reader's organisation (its accounts and cases)
    # Every organisation's audit events (a national oversight body): granted to no role by default;
    # give it only by editing MATRIX below, on purpose.
    AUDIT_READ_ALL = "audit:read-all"
    USER_MANAGE = "user:manage"
    STATS_READ = "stats:read"  # aggregate figures only, no person data
    WATCHLIST_SCREEN = "watchlist:screen"  # screen travellers and persons against the watchlists
    LINK_READ = "link:read"  # resolved identities and the evidence of their links
    LINK_REVIEW = "link:review"  # the review queue of uncertain links: accept or reject a pair
    # Financial intelligence: the FIU's alert queue with its transactions; the FIU analyst's alone
    # ("no other role sees transactions"), not even the administrator's.
    FINANCE_READ = "finance:read"  # alerts, their accounts, evidence transactions and money network
    FINANCE_REVIEW = "finance:review"  # upload a bank's files, assign, comment, close or escalate alerts
    ADVERT_SCREEN = "advert:screen"  # screen job adverts; the flagged adverts and recruiter clusters


_CASE_WORK = {
    Perm.CASE_READ,
    Perm.CASE_WRITE,
    Perm.PERSON_IDENTIFY,
    Perm.CASE_SEARCH,
    Perm.ASSESS,
    Perm.REFERRAL,
    Perm.SUPPORT,
    Perm.PROCEEDING,
    Perm.EXPORT,
    Perm.SHARE,
    Perm.STATS_READ,
    Perm.WATCHLIST_SCREEN,
}

MATRIX: dict[Role, frozenset[Perm]] = {
    Role.ADMIN: frozenset(Perm) - {Perm.AUDIT_READ_ALL, Perm.FINANCE_READ, Perm.FINANCE_REVIEW},
    Role.CASE_WORKER: frozenset(_CASE_WORK),
    # Primero's and OSCaR's case-work supervisor: the case worker's rights, plus assigning the work.
    Role.SUPERVISOR: frozenset(_CASE_WORK | {Perm.CASE_ASSIGN}),
    # At the border: identify, assess and refer to a shelter; no services, no prosecutions, no export.
    Role.BORDER_OFFICER: frozenset(
        {Perm.CASE_READ, Perm.CASE_WRITE, Perm.PERSON_IDENTIFY, Perm.CASE_SEARCH, Perm.ASSESS, Perm.REFERRAL}
        | {Perm.STATS_READ, Perm.WATCHLIST_SCREEN}
    ),
    # Reads its organisation's cases with the persons' identities withheld.
    # Linkage: analysts read resolved identities and review uncertain links; the FIU reads them.
    # Prevention: analysts screen job adverts and see the recruiter clusters (issue 16).
    Role.ANALYST: frozenset(
        {Perm.CASE_READ, Perm.STATS_READ, Perm.LINK_READ, Perm.LINK_REVIEW, Perm.ADVERT_SCREEN}
    ),
    Role.FIU_ANALYST: frozenset({Perm.STATS_READ, Perm.LINK_READ, Perm.FINANCE_READ, Perm.FINANCE_REVIEW}),
    Role.PARTNER: frozenset({Perm.STATS_READ}),
}


def allowed(role: str, perm: Perm) -> bool:
    """Whether `role` holds `perm`; unknown roles hold nothing."""
    try:
        return perm in MATRIX[Role(role)]
    except ValueError:
        return False
