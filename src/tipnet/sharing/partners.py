"""Partners: other tipnet installs registered by their public keys (from the card they send, whose
fingerprint is checked out of band), listed with their agreement, and revoked when a key is lost or
an agreement ends. A revoked partner's bundles are refused and none are built for it; the row stays
(the log of what was shared with it points to it). Every change is audited.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tipnet.errors import Invalid, NotFound
from tipnet.security import audit
from tipnet.security.users import find_org
from tipnet.sharing import identity
from tipnet.sharing.agreements import current
from tipnet.store.tables.sharing import Partner, SharingAgreement
from tipnet.store.tables.sources import Organisation

_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class Card:
    """A partner's public card, checked (keys decode, fingerprint matches them)."""

    code: str
    name: str
    country: str | None
    sign_key: bytes
    box_key: bytes

    @property
    def fingerprint(self) -> str:
        return identity.fingerprint(self.sign_key, self.box_key)


def read_card(path: Path) -> Card:
    """A card file as `tipnet partners me --out` writes it; Invalid naming the bad field."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise Invalid(f"card: cannot read {path.name}: {exc.__class__.__name__}") from None
    if not isinstance(doc, dict) or doc.get("format") != "tipnet-partner-card/1":
        raise Invalid("card: not a tipnet partner card")
    return card_of(doc)


def card_of(doc: dict[str, Any]) -> Card:
    code = str(doc.get("code") or "")
    if not _CODE.match(code):
        raise Invalid("code: letters, digits, '.', '_' or '-', at most 64")
    try:
        sign = identity.unb64(str(doc.get("sign_key") or ""), what="sign_key")
        box = identity.unb64(str(doc.get("box_key") or ""), what="box_key")
    except ValueError as exc:
        raise Invalid(str(exc)) from None
    card = Card(code, str(doc.get("name") or code)[:300], (doc.get("country") or None), sign, box)
    stated = doc.get("fingerprint")
    if stated and str(stated).replace(" ", "").upper() != card.fingerprint.replace(" ", ""):
        raise Invalid("fingerprint: does not match the card's keys (altered card?)")
    return card


def add(
    session: Session,
    card: Card,
    *,
    actor: str,
    expected_fingerprint: str | None = None,
    deliver_to: str | None = None,
) -> Partner:
    """Register a partner. `expected_fingerprint`, read to you by the partner, must match."""
    if expected_fingerprint is not None and (
        expected_fingerprint.replace(" ", "").upper() != card.fingerprint.replace(" ", "")
    ):
        raise Invalid("fingerprint: the card's keys do not have the fingerprint you were given")
    if session.scalar(select(Partner.id).where(Partner.code == card.code)) is not None:
        raise Invalid(f"code: partner {card.code} exists already (revoke it, then add under a new code)")
    if session.scalar(select(Partner.id).where(Partner.fingerprint == card.fingerprint)) is not None:
        raise Invalid("fingerprint: these keys are registered already under another code")
    deliver_org = None
    if deliver_to is not None:
        found = find_org(session, deliver_to)
        if found is None:
            raise Invalid("deliver_to: no such organisation")
        deliver_org = found.id
    org = session.scalar(select(Organisation).where(Organisation.code == card.code))
    if org is None:  # the organisation standing for the partner here (its handed-over cases)
        org = Organisation(
            code=card.code, org_Name=card.name, org_Type="partner", org_ShippingCountry=card.country
        )
        session.add(org)
        session.flush()
    row = Partner(
        code=card.code,
        name=card.name,
        country=card.country,
        sign_key=identity.b64(card.sign_key),
        box_key=identity.b64(card.box_key),
        fingerprint=card.fingerprint,
        org_id=org.id,
        deliver_to_org_id=deliver_org,
        added_at=_now(),
        added_by=actor,
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor,
        "create",
        "partner",
        row.id,
        details={"code": card.code, "fingerprint": card.fingerprint},
    )
    return row


def get(session: Session, code: str) -> Partner:
    row = session.scalar(select(Partner).where(Partner.code == code))
    if row is None:
        raise NotFound(f"partner {code}: not registered")
    return row


def by_fingerprint(session: Session, fp: str) -> Partner | None:
    return session.scalar(select(Partner).where(Partner.fingerprint == fp))


def revoke(session: Session, code: str, *, actor: str, reason: str) -> Partner:
    """Refuse the partner's bundles from now on and build none for it (audited)."""
    if not reason.strip():
        raise Invalid("reason: say why the partner is revoked")
    row = get(session, code)
    if row.revoked_at is not None:
        raise Invalid(f"partner {code}: revoked already on {row.revoked_at:%Y-%m-%d}")
    row.revoked_at, row.revoked_by, row.revoke_reason = _now(), actor, reason[:500]
    audit.record(session, actor, "update", "partner", row.id, reason=reason, details={"revoked": True})
    return row


def listing(session: Session) -> list[tuple[Partner, SharingAgreement | None]]:
    return [(p, current(session, p.id)) for p in session.scalars(select(Partner).order_by(Partner.code))]
