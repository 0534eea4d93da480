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

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from tipnet.security import audit, fields, keyguard
from tipnet.security.keys import Keyring
from tipnet.sharing import agreements, bundle, handover, identity, partners
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


def _signer_lookup(session: Session) -> tuple[dict[str, Partner], Callable[[str], bytes]]:
    found: dict[str, Partner] = {}

    def verify_key_of(fp: str) -> bytes:
        partner = partners.by_fingerprint(session, fp)
        if partner is None:
            raise BundleRefused("signed by a key no registered partner holds (`tipnet partners add` first)")
        if partner.revoked_at is not None:
            raise BundleRefused(
                f"partner {partner.code} was revoked on {partner.revoked_at:%Y-%m-%d}: refused"
            )
        found[fp] = partner
        return identity.unb64(partner.sign_key)

    return found, verify_key_of


def import_bundle(
    session: Session, ring: Keyring, data: bytes, *, actor: str, today: date | None = None
) -> Imported:
    """Verify, check and import one bundle (see the module). Raises BundleRefused."""
    today = today or date.today()
    me = identity.load(ring)
    found, verify_key_of = _signer_lookup(session)
    opened = bundle.open_bundle(data, box_key=me.box, me=me.fingerprint, verify_key_of=verify_key_of)
    partner = found[opened.sender]
    checked = check(opened.payload, sender=opened.sender)
    bundle_id = checked.manifest["bundle_id"]
    result = Imported(partner=partner.code, bundle_id=bundle_id, kind=opened.kind)
    seen = session.scalar(
        select(SharingBundle.id).where(
            SharingBundle.partner_id == partner.id,
            SharingBundle.direction == "in",
            SharingBundle.bundle_id == bundle_id,
        )
    )
    if seen is not None:
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
    session.add(
        SharingBundle(
            partner_id=partner.id,
            bundle_id=bundle_id,
            direction="in",
            kind=opened.kind,
            purpose=checked.purpose,
            created_at=checked.created_at,
            handled_at=_now(),
            actor=actor,
            records=result.added + result.updated + result.withdrawn,
            rejected=len(result.rejects),
            sha256=opened.sha256,
        )
    )
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
            "added": result.added,
            "updated": result.updated,
            "withdrawn": result.withdrawn,
            "rejected": len(result.rejects),
            "rejects": [[ref, name] for ref, name, _ in result.rejects][:100],
            "case": result.case_id,
        },
    )
    return result


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
