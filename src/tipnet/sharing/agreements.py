"""Data-sharing agreements as data: per partner, the purposes it may receive records for, the HTCDS
fields it may receive, how long it may keep them (days), and the dates the agreement is valid.

The machine enforces them: a bundle is built only for a purpose of a valid agreement, and only
with the fields it allows (the others are withheld, and the manifest names them). Setting a new
agreement supersedes the partner's previous one, which is kept with the time it ended; each change
is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from tipnet.errors import Invalid
from tipnet.security import audit
from tipnet.security.fields import IDENTIFYING
from tipnet.store.tables.sharing import Partner, SharingAgreement

# Why a partner may receive records. "referral" hands a case over (tipnet.sharing.handover).
PURPOSES = (
    "victim-support",
    "family-tracing",
    "repatriation",
    "investigation",
    "prosecution",
    "referral",
)

# The fields of a shared record an agreement can allow (HTCDS v2.0 names; phones, documents and
# addresses as tipnet's person payload holds them). The role of the person always travels. The
# identifying ones are the store's one list (sealed for victims), so a field sealed is a field agreed.
IDENTIFYING_FIELDS = IDENTIFYING
CONTEXT_FIELDS = (
    "prs_Gender",
    "prs_Citizenship",
    "prs_PrimaryLanguage",
    "birth_year",
    "vic_TraffickingStatus",
    "vic_RelationshipToTrafficker",
    "vic_AgeWhenTrafficked",
    "vic_MethodOfRecruitment",
    "vic_MethodsOfControl",
    "vic_TypeOfExploitation",
    "vic_Vulnerabilities",
    "vic_LocationOfRecruitment",
    "vic_LocationOfExploitation",
    "vic_ForcedLabourIndustry",
    "vic_TypeOfSexExploitation",
    "per_RoleInProcess",
)
SHAREABLE_FIELDS = IDENTIFYING_FIELDS + CONTEXT_FIELDS
MAX_RETENTION_DAYS = 3650


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class Terms:
    """An agreement's terms, checked."""

    purposes: tuple[str, ...]
    fields: tuple[str, ...]
    retention_days: int
    valid_from: date
    valid_until: date


def terms(
    purposes: list[str], fields: list[str], retention_days: int, valid_from: date, valid_until: date
) -> Terms:
    """Checked terms; Invalid names the first bad value (these are codes, never personal data)."""
    if not purposes:
        raise Invalid("purposes: at least one")
    for p in purposes:
        if p not in PURPOSES:
            raise Invalid(f"purposes: {p!r} is not one of {', '.join(PURPOSES)}")
    if not fields:
        raise Invalid("fields: at least one")
    for f in fields:
        if f not in SHAREABLE_FIELDS:
            raise Invalid(f"fields: {f!r} is not a shareable field (see docs/sharing.md)")
    if not 1 <= retention_days <= MAX_RETENTION_DAYS:
        raise Invalid(f"retention_days: 1 to {MAX_RETENTION_DAYS}")
    if valid_until < valid_from:
        raise Invalid("valid_until: before valid_from")
    return Terms(
        tuple(dict.fromkeys(purposes)), tuple(dict.fromkeys(fields)), retention_days, valid_from, valid_until
    )


def set_agreement(session: Session, partner: Partner, new: Terms, *, actor: str) -> SharingAgreement:
    """Record `new` as the partner's agreement, superseding the current one (audited)."""
    now = _now()
    previous = current(session, partner.id)
    if previous is not None:
        previous.superseded_at = now
    row = SharingAgreement(
        partner_id=partner.id,
        purposes=list(new.purposes),
        fields=list(new.fields),
        retention_days=new.retention_days,
        valid_from=new.valid_from,
        valid_until=new.valid_until,
        created_at=now,
        created_by=actor,
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor,
        "update" if previous is not None else "create",
        "sharing_agreement",
        row.id,
        details={
            "partner": partner.code,
            "purposes": list(new.purposes),
            "fields": list(new.fields),
            "retention_days": new.retention_days,
            "valid_from": new.valid_from.isoformat(),
            "valid_until": new.valid_until.isoformat(),
            "supersedes": previous.id if previous is not None else None,
        },
    )
    return row


def current(session: Session, partner_id: int) -> SharingAgreement | None:
    """The partner's agreement in force (not superseded), whatever its dates."""
    return session.scalar(
        select(SharingAgreement)
        .where(SharingAgreement.partner_id == partner_id, SharingAgreement.superseded_at.is_(None))
        .order_by(SharingAgreement.id.desc())
        .limit(1)
    )


def for_purpose(session: Session, partner: Partner, purpose: str, today: date) -> SharingAgreement:
    """The agreement allowing `purpose` today; Invalid saying what is missing otherwise."""
    row = current(session, partner.id)
    if row is None:
        raise Invalid(f"partner {partner.code}: no data-sharing agreement recorded")
    if purpose not in row.purposes:
        raise Invalid(
            f"purpose: {purpose!r} is not in the agreement with {partner.code} ({', '.join(row.purposes)})"
        )
    if not row.valid_from <= today <= row.valid_until:
        raise Invalid(
            f"partner {partner.code}: the agreement is valid {row.valid_from} to {row.valid_until}, not today"
        )
    return row
