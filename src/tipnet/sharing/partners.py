"""Partners: other tipnet installs registered by their public keys (from the card they send, whose
fingerprint is checked out of band), listed with their agreement, and revoked when a key is lost or
an agreement ends. A revoked partner's bundles are refused and none are built for it; the row stays
(the log of what was shared with it points to it). Every change is audited.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from nacl.exceptions import BadSignatureError
from nacl.signing import VerifyKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from tipnet.errors import Invalid, NotFound
from tipnet.security import audit
from tipnet.security.users import find_org
from tipnet.sharing import identity
from tipnet.sharing.agreements import current
from tipnet.store.tables.sharing import Partner, PartnerKey, SharingAgreement
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
    except (OSError, ValueError, RecursionError) as exc:
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
    _fresh_keys(session, card)
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


def retired_key(session: Session, fp: str) -> PartnerKey | None:
    """A partner's retired key with this fingerprint (rotated in place), or None."""
    return session.scalar(select(PartnerKey).where(PartnerKey.fingerprint == fp))


def overlapping_keys(session: Session) -> dict[int, datetime]:
    """Partner id -> the latest end of an overlap still running (an old key still accepted)."""
    out: dict[int, datetime] = {}
    for key in session.scalars(select(PartnerKey).where(PartnerKey.accept_until > _now())):
        out[key.partner_id] = max(out.get(key.partner_id, key.accept_until), key.accept_until)
    return out


def _fresh_keys(session: Session, card: Card) -> None:
    """Keys are never reused: not another partner's, current or retired, nor a retired one of its own."""
    if session.scalar(select(Partner.id).where(Partner.fingerprint == card.fingerprint)) is not None:
        raise Invalid("fingerprint: these keys are registered already")
    if retired_key(session, card.fingerprint) is not None:
        raise Invalid(
            "fingerprint: these keys were registered before and retired; a retired key is never reused"
        )


# --- rotation in place --------------------------------------------------------------------------


def _overlap_until(now: datetime, announced: datetime | None, overlap_days: int | None) -> datetime:
    """The end of the overlap: the shortest of what the partner announced, what we chose, and the cap."""
    if overlap_days is not None and not 0 <= overlap_days <= identity.MAX_OVERLAP_DAYS:
        raise Invalid(f"overlap_days: 0 to {identity.MAX_OVERLAP_DAYS}")
    ends = [now + timedelta(days=identity.MAX_OVERLAP_DAYS)]
    if announced is not None:
        ends.append(announced)
    if overlap_days is not None:
        ends.append(now + timedelta(days=overlap_days))
    return max(now, min(ends))


def _retired_keys(session: Session, row: Partner) -> list[PartnerKey]:
    """The partner's retired keys, oldest first (in the order they were retired)."""
    return list(
        session.scalars(select(PartnerKey).where(PartnerKey.partner_id == row.id).order_by(PartnerKey.id))
    )


def _current_key_since(session: Session, row: Partner) -> datetime:
    """When the partner's current key was registered: at its last rotation, or when it was added
    (`added_at` stays the day the partner was added; a rotation does not overwrite it)."""
    retired = _retired_keys(session, row)
    return retired[-1].retired_at if retired else row.added_at


@dataclass(frozen=True)
class KeyEntry:
    """One key of a partner's history: registered when, retired when (None: its current key), how,
    and accepted until when after it was retired."""

    fingerprint: str
    registered_at: datetime
    retired_at: datetime | None
    accept_until: datetime | None
    how: str | None


def key_history(session: Session, code: str) -> list[KeyEntry]:
    """The partner's keys, oldest first, its current key last."""
    row = get(session, code)
    out = [
        KeyEntry(k.fingerprint, k.registered_at, k.retired_at, k.accept_until, k.how)
        for k in _retired_keys(session, row)
    ]
    out.append(KeyEntry(row.fingerprint, _current_key_since(session, row), None, None, None))
    return out


def _rotate(
    session: Session, row: Partner, card: Card, *, actor: str, until: datetime, how: str, now: datetime
) -> PartnerKey:
    if row.revoked_at is not None:
        raise Invalid(f"partner {row.code}: revoked; a revoked partner's keys are not rotated (add it anew)")
    _fresh_keys(session, card)
    old = PartnerKey(
        partner_id=row.id,
        sign_key=row.sign_key,
        box_key=row.box_key,
        fingerprint=row.fingerprint,
        registered_at=_current_key_since(session, row),
        retired_at=now,
        retired_by=actor,
        accept_until=until,
        how=how,
    )
    session.add(old)
    session.flush()  # the old fingerprint leaves the partner row only once its history row exists
    row.sign_key, row.box_key = identity.b64(card.sign_key), identity.b64(card.box_key)
    row.fingerprint = card.fingerprint
    session.flush()
    audit.record(
        session,
        actor,
        "rotate",
        "partner",
        row.id,
        reason=f"key rotation ({how})",
        details={
            "rotated": True,
            "old_fingerprint": old.fingerprint,
            "fingerprint": card.fingerprint,
            "old_accepted_until": until.isoformat(),
        },
    )
    return old


def _sig(value: object, what: str) -> bytes:
    try:
        raw = base64.b64decode(str(value or "").encode("ascii"), validate=True)
    except (binascii.Error, ValueError, UnicodeEncodeError):
        raise Invalid(f"{what}: not base64") from None
    if len(raw) != 64:
        raise Invalid(f"{what}: not a signature")
    return raw


def read_announcement(path: Path) -> dict[str, Any]:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError) as exc:
        raise Invalid(f"announcement: cannot read {path.name}: {exc.__class__.__name__}") from None
    if not isinstance(doc, dict) or doc.get("format") != identity.ANNOUNCEMENT_FORMAT:
        raise Invalid("announcement: not a tipnet key-rotation announcement")
    return doc


def apply_announcement(
    session: Session,
    code: str,
    doc: dict[str, Any],
    *,
    actor: str,
    overlap_days: int | None = None,
    now: datetime | None = None,
) -> PartnerKey:
    """Rotate a partner's keys from its announcement: signed by the key we have registered for it
    (so no new out-of-band check is needed) and by the new key (its holder announces it). Its old key
    is accepted until the shorter of the announced overlap and ours. Invalid, nothing changed, if
    the announcement is not for the partner's current key, altered, or signed by anyone else."""
    now = now or _now()
    row = get(session, code)
    if doc.get("format") != identity.ANNOUNCEMENT_FORMAT:
        raise Invalid("announcement: not a tipnet key-rotation announcement")
    if doc.get("old_fingerprint") != row.fingerprint:
        raise Invalid(
            f"announcement: not for {code}'s current key (an old or another partner's announcement?)"
        )
    card_doc = doc.get("card")
    if not isinstance(card_doc, dict):
        raise Invalid("announcement.card: missing")
    card = card_of(card_doc)
    if card.code != row.code:
        raise Invalid(f"announcement.card.code: {card.code!r}, the partner is {row.code}")
    body = identity.announcement_body(doc)
    try:
        VerifyKey(identity.unb64(row.sign_key)).verify(body, _sig(doc.get("signature_old"), "signature_old"))
    except BadSignatureError:
        raise Invalid(
            f"announcement: not signed by {code}'s registered key (altered, or not from the partner)"
        ) from None
    try:
        VerifyKey(card.sign_key).verify(body, _sig(doc.get("signature_new"), "signature_new"))
    except BadSignatureError:
        raise Invalid("announcement: not signed by the new key it announces") from None
    try:
        announced = datetime.fromisoformat(str(doc.get("accept_old_until")))
    except ValueError:
        raise Invalid("announcement.accept_old_until: not a time") from None
    until = _overlap_until(now, announced, overlap_days)
    return _rotate(session, row, card, actor=actor, until=until, how="announcement", now=now)


def rotate_by_card(
    session: Session,
    code: str,
    card: Card,
    *,
    actor: str,
    expected_fingerprint: str,
    overlap_days: int,
    now: datetime | None = None,
) -> PartnerKey:
    """Rotate a partner's keys from its new card, when it cannot sign an announcement with the old
    key: the fingerprint must have been told out of band, as when it was first added."""
    now = now or _now()
    if expected_fingerprint.replace(" ", "").upper() != card.fingerprint.replace(" ", ""):
        raise Invalid("fingerprint: the card's keys do not have the fingerprint you were given")
    row = get(session, code)
    if card.code != row.code:
        raise Invalid(f"card.code: {card.code!r}, the partner is {row.code}")
    until = _overlap_until(now, None, overlap_days)
    return _rotate(session, row, card, actor=actor, until=until, how="card", now=now)


def own_rotation_audited(
    session: Session, *, actor: str, old_fingerprint: str, fingerprint: str, accept_until: datetime
) -> None:
    """The audit event of rotating our own identity (the key file changes, not the store)."""
    audit.record(
        session,
        actor,
        "rotate",
        "partner_identity",
        None,
        reason="own key rotation",
        details={
            "old_fingerprint": old_fingerprint,
            "fingerprint": fingerprint,
            "old_accepted_until": accept_until.isoformat(),
        },
    )


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
