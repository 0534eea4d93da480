"""Importing a partner's bundle: verify (registered, unrevoked signer; addressed to us; intact),
check (manifest, records, entities: rejects name the record and the field) against our own
agreement with the sender too (its purposes, fields and retention bind us), then store the records
sealed, apply a withdrawal notice, or land a handover in the incoming-referral queue — all in one
transaction with its audit event, so a refused bundle leaves nothing behind.

A bundle imported twice changes nothing the second time (its id is remembered per partner); a
record sent again in a later bundle replaces the earlier copy (one row per partner and reference);
a record withdrawn stays a tombstone so an older bundle cannot bring it back.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import BinaryIO

from nacl.public import PrivateKey
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tipnet.security import audit, fields, keyguard
from tipnet.security.keys import Keyring
from tipnet.sharing import agreements, bundle, handover, htcds, identity, partners
from tipnet.sharing.bundle import BundleRefused
from tipnet.sharing.manifest import Checked, Record, check
from tipnet.store.tables.security import TextSecret
from tipnet.store.tables.sharing import Partner, ReceivedRecord, SharingBundle

SEALED_TABLE = "received_record"  # text_secret.table_name of a received record's content


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


@dataclass
class Imported:
    """What an import did: counts, and rejects as (record reference, field, why), no values."""

    partner: str
    bundle_id: str
    kind: str
    duplicate: bool = False
    added: int = 0
    updated: int = 0
    withdrawn: int = 0
    rejects: list[tuple[str, str, str]] = field(default_factory=list)
    case_id: int | None = None


def _signer_lookup(session: Session, now: datetime) -> tuple[dict[str, Partner], Callable[[str], bytes]]:
    """The signer's registered key: a partner's current key, or a key it retired by rotation while
    the overlap lasts (bundles in transit); after it, refused."""
    found: dict[str, Partner] = {}

    def verify_key_of(fp: str) -> bytes:
        partner = partners.by_fingerprint(session, fp)
        key = partner.sign_key if partner is not None else None
        if partner is None:
            old = partners.retired_key(session, fp)
            if old is None:
                raise BundleRefused(
                    "signed by a key no registered partner holds (`tipnet partners add` first)"
                )
            partner = session.get(Partner, old.partner_id)
            assert partner is not None
            if now >= old.accept_until:  # the overlap's end is exclusive: 0 days accepts nothing
                raise BundleRefused(
                    f"signed with {partner.code}'s retired key (rotated {old.retired_at:%Y-%m-%d}, accepted "
                    f"until {old.accept_until:%Y-%m-%d %H:%M} UTC): refused; ask for a bundle under its new key"
                )
            key = old.sign_key
        if partner.revoked_at is not None:
            raise BundleRefused(
                f"partner {partner.code} was revoked on {partner.revoked_at:%Y-%m-%d}: refused"
            )
        found[fp] = partner
        assert key is not None
        return identity.unb64(key)

    return found, verify_key_of


def _my_keys(ring: Keyring, now: datetime) -> tuple[dict[str, PrivateKey], dict[str, str]]:
    """Our retired identities: still open (overlap), and closed (why)."""
    still: dict[str, PrivateKey] = {}
    closed: dict[str, str] = {}
    for f in identity.former(ring):
        if now < f.accept_until:
            still[f.identity.fingerprint] = f.identity.box
        else:
            closed[f.identity.fingerprint] = (
                f"retired {f.retired_at:%Y-%m-%d}, accepted until {f.accept_until:%Y-%m-%d %H:%M} UTC; "
                "the partner must build it again under our new key"
            )
    return still, closed


def import_bundle(
    session: Session,
    ring: Keyring,
    data: bytes | BinaryIO,
    *,
    actor: str,
    today: date | None = None,
    now: datetime | None = None,
) -> Imported:
    """Verify, check and import one bundle (see the module), given as bytes or an open binary file.
    A bundle in parts (tipnet.sharing.bundle.Parts) is read, verified and imported one part at a
    time in this one transaction, so memory stays bounded; a part that fails refuses the whole.
    Raises BundleRefused."""
    today = today or date.today()
    now = now or datetime.now(UTC).replace(tzinfo=None)  # to the microsecond, as overlaps end
    me = identity.load(ring)
    former, closed = _my_keys(ring, now)
    found, verify_key_of = _signer_lookup(session, now)
    parts = bundle.Parts(
        io.BytesIO(data) if isinstance(data, bytes) else data,
        box_key=me.box,
        me=me.fingerprint,
        verify_key_of=verify_key_of,
        former=former,
        closed=closed,
    )
    stream = iter(parts)
    opened = next(stream)
    partner = found[opened.sender]
    checked = check(opened.payload, sender=opened.sender)
    bundle_id = checked.manifest["bundle_id"]
    result = Imported(partner=partner.code, bundle_id=bundle_id, kind=opened.kind)
    claim = SharingBundle(
        partner_id=partner.id,
        bundle_id=bundle_id,
        direction="in",
        kind=opened.kind,
        purpose=checked.purpose,
        created_at=checked.created_at,
        handled_at=_now(),
        actor=actor,
        records=0,
        rejected=0,
        sha256=opened.sha256,
    )
    if not _claim(session, claim):
        result.duplicate = True
        audit.record(
            session,
            actor,
            "import",
            "sharing_bundle",
            bundle_id,
            details={"partner": partner.code, "duplicate": True},
        )
        return result
    if opened.kind == "withdrawal":
        _withdraw(session, partner, checked, result, today)
    else:
        _records(session, ring, partner, checked, result, today, actor)
    for more in stream:  # the other parts of a large bundle, one at a time
        part = check(more.payload, sender=more.sender)
        if (
            part.manifest["bundle_id"] != bundle_id
            or part.purpose != checked.purpose
            or part.retain_until != checked.retain_until
            or part.created_at != checked.created_at
            or part.referral is not None
            or more.kind != "records"
        ):
            raise BundleRefused("a part differs from the first (bundle id, purpose, dates): nothing imported")
        _release(session)
        _still_accepted(session, partner)
        _records(session, ring, partner, part, result, today, actor)
    _still_accepted(session, partner, lock=True)
    if parts.count > 1:
        claim.sha256 = parts.sha256
    claim.records = result.added + result.updated + result.withdrawn
    claim.rejected = len(result.rejects)
    session.flush()
    audit.record(
        session,
        actor,
        "import",
        "sharing_bundle",
        bundle_id,
        details={
            "partner": partner.code,
            "kind": opened.kind,
            "purpose": checked.purpose,
            "parts": parts.count,
            "added": result.added,
            "updated": result.updated,
            "withdrawn": result.withdrawn,
            "rejected": len(result.rejects),
            "rejects": [[ref, name] for ref, name, _ in result.rejects][:100],
            "case": result.case_id,
        },
    )
    return result


def _still_accepted(session: Session, partner: Partner, *, lock: bool = False) -> None:
    """Refuse the whole import if the partner was revoked since it began (another transaction
    committed it). Read from the store, not the session's copy; with `lock`, the partner's row is
    locked until this import commits (PostgreSQL: FOR UPDATE; SQLite's transactions are serialised
    already), so a revocation either committed before (refused here) or waits for this import."""
    query = select(Partner.revoked_at).where(Partner.id == partner.id)
    revoked = session.execute(query.with_for_update() if lock else query).scalar_one()
    if revoked is not None:
        raise BundleRefused(
            f"partner {partner.code} was revoked on {revoked:%Y-%m-%d} during this import: nothing imported"
        )


def _release(session: Session) -> None:
    """Write the previous part's rows and let go of them: the session's memory stays one part's."""
    session.flush()
    for obj in list(session.identity_map.values()):
        if isinstance(obj, ReceivedRecord | TextSecret):
            session.expunge(obj)


def _claim(session: Session, row: SharingBundle) -> bool:
    """Record the bundle as imported before importing it; False when it was imported already.

    The unique (partner, direction, bundle id) decides between two imports of the same bundle at
    once: on PostgreSQL the second INSERT waits for the first transaction and fails if it committed
    (only the savepoint is rolled back, so the loser still records its "imported already"); on
    SQLite, transactions begin IMMEDIATE, so the second finds the first's row by the SELECT."""
    seen = session.scalar(
        select(SharingBundle.id).where(
            SharingBundle.partner_id == row.partner_id,
            SharingBundle.direction == "in",
            SharingBundle.bundle_id == row.bundle_id,
        )
    )
    if seen is not None:
        return False
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        return False
    return True


def _seal(session: Session, ring: Keyring, row: ReceivedRecord, content: dict[str, str]) -> None:
    version = keyguard.sealing_version(session, ring)
    nonce, ciphertext = fields.seal_text(ring, SEALED_TABLE, row.id, content, version)
    secret = session.scalar(
        select(TextSecret).where(TextSecret.table_name == SEALED_TABLE, TextSecret.row_id == row.id)
    )
    if secret is None:
        session.add(
            TextSecret(
                table_name=SEALED_TABLE,
                row_id=row.id,
                key_version=version,
                nonce=nonce,
                ciphertext=ciphertext,
            )
        )
    else:
        secret.key_version, secret.nonce, secret.ciphertext = version, nonce, ciphertext


def drop_content(session: Session, row_ids: list[int]) -> None:
    if row_ids:
        session.execute(
            delete(TextSecret).where(TextSecret.table_name == SEALED_TABLE, TextSecret.row_id.in_(row_ids))
        )


def _records(
    session: Session,
    ring: Keyring,
    partner: Partner,
    checked: Checked,
    result: Imported,
    today: date,
    actor: str,
) -> None:
    assert checked.retain_until is not None and checked.purpose is not None
    if checked.retain_until < today:
        raise BundleRefused(
            f"the bundle's retention date {checked.retain_until} has passed: nothing imported"
        )
    ours = agreements.current(session, partner.id)
    if ours is None:
        raise BundleRefused(
            f"no data-sharing agreement with {partner.code} is recorded here: nothing imported"
        )
    if checked.purpose not in ours.purposes:
        raise BundleRefused(
            f"purpose {checked.purpose!r} is not in our agreement with {partner.code}: nothing imported"
        )
    if not ours.valid_from <= today <= ours.valid_until:
        raise BundleRefused(
            f"our agreement with {partner.code} is valid {ours.valid_from} to {ours.valid_until}: nothing imported"
        )
    # Kept no longer than either side's agreement allows, counted from when the bundle was made (as
    # the sender counts): a bundle made before a withdrawal is then never importable after the
    # withdrawal's tombstone is purged (see _withdraw).
    retain_until = min(
        checked.retain_until,
        checked.created_at.date() + timedelta(days=ours.retention_days),
        today + timedelta(days=ours.retention_days),
    )
    if retain_until < today:
        raise BundleRefused(
            f"made {checked.created_at:%Y-%m-%d}, beyond our agreement's retention of "
            f"{ours.retention_days} days: nothing imported"
        )
    allowed = set(ours.fields)
    result.rejects.extend(checked.rejects)
    accepted: list[Record] = []
    for rec in checked.records:
        outside = sorted(set(rec.fields) - allowed)
        if outside:
            result.rejects.append((rec.ref, outside[0], f"outside our agreement with {partner.code}"))
        else:
            accepted.append(rec)
    checked.records = accepted
    existing = {
        r.record_ref: r
        for r in session.scalars(
            select(ReceivedRecord).where(
                ReceivedRecord.partner_id == partner.id,
                ReceivedRecord.record_ref.in_([rec.ref for rec in checked.records] or [""]),
            )
        )
    }
    now = _now()
    kept: dict[str, Record] = {}
    rows: dict[str, ReceivedRecord] = {}
    for rec in checked.records:
        row = existing.get(rec.ref)
        if row is not None and row.status == "withdrawn" and (row.withdrawn_at or now) >= checked.created_at:
            result.rejects.append((rec.ref, "ref", "withdrawn by the sender after this bundle was made"))
            continue
        if row is None:
            row = ReceivedRecord(partner_id=partner.id, record_ref=rec.ref)
            session.add(row)
            result.added += 1
        else:
            result.updated += 1
        row.bundle_id = checked.manifest["bundle_id"]
        row.bundle_created_at = checked.created_at
        row.purpose = checked.purpose
        row.role = rec.role
        row.fields = sorted(rec.fields)
        row.consent = rec.consent
        row.received_at = now
        row.retain_until = retain_until
        row.status = "active"
        row.withdrawn_at = None
        session.flush()
        content = {
            "fields": json.dumps(rec.fields, ensure_ascii=False, sort_keys=True),
            "htcds": json.dumps(htcds.document(rec.role, rec.fields), ensure_ascii=False, sort_keys=True),
            "entity": json.dumps(checked.entities[rec.ref], ensure_ascii=False, sort_keys=True),
        }
        _seal(session, ring, row, content)
        kept[rec.ref] = rec
        rows[rec.ref] = row
    if checked.referral is not None:
        fresh = {ref: rec for ref, rec in kept.items() if rows[ref].case_person_id is None}
        case_id, placed = handover.land(session, ring, partner, checked.referral, fresh, actor=actor)
        for ref, cp_id in placed.items():
            rows[ref].case_person_id = cp_id
        result.case_id = case_id


def _keep_tombstone_until(session: Session, partner: Partner, checked: Checked, today: date) -> date:
    """How long a withdrawal's tombstone must stay: while a bundle made before the withdrawal could
    still be imported, i.e. our agreement's retention counted from the withdrawal (the longest
    any agreement allows without one). Purged earlier, an older bundle arriving late brought the
    withdrawn record back."""
    ours = agreements.current(session, partner.id)
    days = ours.retention_days if ours is not None else agreements.MAX_RETENTION_DAYS
    return max(today, checked.created_at.date() + timedelta(days=days))


def _withdraw(session: Session, partner: Partner, checked: Checked, result: Imported, today: date) -> None:
    refs = checked.withdrawn
    keep_until = _keep_tombstone_until(session, partner, checked, today)
    existing = {
        r.record_ref: r
        for r in session.scalars(
            select(ReceivedRecord).where(
                ReceivedRecord.partner_id == partner.id, ReceivedRecord.record_ref.in_(refs or [""])
            )
        )
    }
    emptied: list[int] = []
    handed: list[int] = []
    for ref in refs:
        row = existing.get(ref)
        if row is None:  # not received (yet): a tombstone keeps an older bundle from bringing it
            session.add(
                ReceivedRecord(
                    partner_id=partner.id,
                    record_ref=ref,
                    bundle_id=checked.manifest["bundle_id"],
                    bundle_created_at=checked.created_at,
                    purpose="",
                    role="",
                    fields=[],
                    consent={},
                    received_at=_now(),
                    retain_until=keep_until,
                    status="withdrawn",
                    withdrawn_at=checked.created_at,
                )
            )
            continue
        if row.status == "withdrawn":
            continue
        row.status, row.withdrawn_at, row.fields = "withdrawn", checked.created_at, []
        row.retain_until = max(row.retain_until, keep_until)
        emptied.append(row.id)
        if row.case_person_id is not None:
            handed.append(row.case_person_id)
        result.withdrawn += 1
    drop_content(session, emptied)
    handover.forget_identity(session, handed)
    session.flush()


def open_content(session: Session, ring: Keyring, row: ReceivedRecord) -> dict[str, object]:
    """A received record's fields and entity, unsealed. Callers audit the read."""
    secret = session.scalar(
        select(TextSecret).where(TextSecret.table_name == SEALED_TABLE, TextSecret.row_id == row.id)
    )
    if secret is None:
        return {}
    content = fields.unseal_text(
        ring, SEALED_TABLE, row.id, secret.key_version, secret.nonce, secret.ciphertext
    )
    return {k: json.loads(v) for k, v in content.items()}
