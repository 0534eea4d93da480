"""Building bundles from the store: the records of some cases for one partner and purpose, and the
withdrawal notices a partner is due.

A person's record goes in only when their latest word on sharing covers the purpose and the
partner (tipnet.sharing.consent); only the agreement's fields go in (tipnet.sharing.manifest).
Everything sent is logged (`shared_record`: partner, purpose, fields sent and withheld, consent,
when, by whom) and audited per case in the same transaction; the caller writes the file and then
commits (see tipnet.commands.share), so a bundle the log does not know about is never left behind.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tipnet.errors import Invalid, NotFound
from tipnet.security import audit, sealing
from tipnet.security.keys import Keyring
from tipnet.sharing import agreements, bundle, htcds, identity, manifest, partners
from tipnet.sharing.consent import latest_words, pending_withdrawals
from tipnet.sharing.handover import outgoing
from tipnet.store.tables.cases import Case, CasePerson
from tipnet.store.tables.sharing import Partner, SharedRecord, SharingBundle

# The case person's context columns a record may carry (identifying fields come sealed).
_PERSON_CONTEXT = ("prs_Gender", "prs_Citizenship", "prs_PrimaryLanguage", "birth_year")
_CASE_CONTEXT = tuple(
    f for f in agreements.CONTEXT_FIELDS if f.startswith(("vic_", "per_")) and hasattr(CasePerson, f)
)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


@dataclass
class Built:
    """A bundle ready to write, and what it holds (counts and field names only)."""

    data: bytes
    bundle_id: str
    partner: str
    records: int = 0
    no_consent: int = 0
    withheld: dict[str, int] = field(default_factory=dict)  # field name -> records it was left out of
    cases: list[int] = field(default_factory=list)


def _usable(session: Session, code: str) -> Partner:
    partner = partners.get(session, code)
    if partner.revoked_at is not None:
        raise Invalid(f"partner {code}: revoked on {partner.revoked_at:%Y-%m-%d}; nothing is sent to it")
    return partner


def _unchanged(session: Session, partner: Partner, sealed_to: str, *, revoked_ok: bool = False) -> None:
    """Before what was built commits: the partner was not revoked, nor its keys rotated, by another
    transaction meanwhile (a key reported lost is revoked or replaced at once; nothing may then be
    sealed to it). Read from the store and the partner's row locked until commit (PostgreSQL: FOR
    UPDATE), so a revocation or rotation either committed first (refused here) or waits for this."""
    row = session.execute(
        select(Partner.revoked_at, Partner.fingerprint).where(Partner.id == partner.id).with_for_update()
    ).one()
    if row.revoked_at is not None and not revoked_ok:
        raise Invalid(
            f"partner {partner.code}: revoked on {row.revoked_at:%Y-%m-%d} while the bundle was built; "
            "nothing is sent to it"
        )
    if row.fingerprint != sealed_to:
        raise Invalid(
            f"partner {partner.code}: its keys changed while the bundle was built; nothing was sent, build it again"
        )


def _ref_for(session: Session, partner_id: int, case_person_id: int) -> str:
    """The opaque reference of a person for one partner: the same in every bundle to that partner
    (so updates and withdrawals find it), different for each partner (so two partners cannot join
    their copies by it)."""
    known = session.scalar(
        select(SharedRecord.record_ref)
        .where(SharedRecord.partner_id == partner_id, SharedRecord.case_person_id == case_person_id)
        .limit(1)
    )
    return known or uuid.uuid4().hex


def _values(session: Session, cp: CasePerson, ring: Keyring) -> dict[str, Any]:
    person = cp.person
    values: dict[str, Any] = dict(sealing.open_person(session, person, ring))
    values.pop("aliases", None)
    for name in _PERSON_CONTEXT:
        values[name] = getattr(person, name)
    for name in _CASE_CONTEXT:
        values[name] = getattr(cp, name)
    return values


def build_records(
    session: Session,
    ring: Keyring,
    *,
    partner_code: str,
    purpose: str,
    case_ids: list[int],
    actor: str,
    reason: str,
    referral_id: int | None = None,
    today: date | None = None,
    part_records: int = bundle.PART_RECORDS,
) -> Built:
    """A signed, encrypted bundle of the cases' consented records for the partner (see the module)."""
    if not reason.strip():
        raise Invalid("reason: say why these records are shared (kept in the audit log)")
    today = today or date.today()
    me = identity.load(ring)
    partner = _usable(session, partner_code)
    terms = agreements.for_purpose(session, partner, purpose, today)
    allowed = frozenset(terms.fields)
    case_ids = list(dict.fromkeys(case_ids))
    if not case_ids:
        raise Invalid("case: name at least one case")
    cases = {c.id: c for c in session.scalars(select(Case).where(Case.id.in_(case_ids)))}
    for cid in case_ids:
        if cid not in cases:
            raise NotFound(f"case {cid}: not found")
    referral = None
    if referral_id is not None:
        if purpose != "referral":
            raise Invalid("purpose: a handover (--referral) is shared for the purpose 'referral'")
        referral = outgoing(session, referral_id, partner, case_ids)
    persons = [cp for cid in case_ids for cp in sorted(cases[cid].persons, key=lambda p: p.id)]
    words = latest_words(session, [cp.id for cp in persons])
    bundle_id = uuid.uuid4().hex
    now = _now()
    records: list[manifest.Record] = []
    out = Built(data=b"", bundle_id=bundle_id, partner=partner.code, cases=list(case_ids))
    by_case: dict[int, int] = {}
    sent: list[tuple[CasePerson, manifest.Record, int]] = []
    for cp in persons:
        word = words.get(cp.id)
        if word is None or not word.covers(purpose, partner.code):
            out.no_consent += 1
            continue
        kept, withheld = manifest.filter_fields(_values(session, cp, ring), allowed)
        rec = manifest.Record(
            ref=_ref_for(session, partner.id, cp.id),
            role=cp.role,
            fields=kept,
            withheld=withheld,
            consent=word.basis(partner.code),
        )
        records.append(rec)
        sent.append((cp, rec, word.consent_id))
        by_case[cp.case_id] = by_case.get(cp.case_id, 0) + 1
        for name in withheld:
            out.withheld[name] = out.withheld.get(name, 0) + 1
    if not records:
        raise Invalid(
            f"nothing to share: no person of these cases has a consent covering {purpose!r} and {partner.code}"
        )
    if referral is not None:
        referral["records"] = [rec.ref for cp, rec, _ in sent if cp.case_id == referral["case_id"]]
        referral.pop("case_id")
    documents = []
    for cp, rec, _ in sent:
        document = htcds.document(rec.role, rec.fields)
        faults = htcds.errors(document)
        if faults:  # a stored value HTCDS cannot carry: say which person and field, never the value
            where, why = faults[0]
            raise Invalid(f"case {cp.case_id}, person {cp.id}: {where}: {why} (HTCDS v2.0); nothing built")
        documents.append(document)
    # A handover travels whole; a large bundle in parts the receiver reads one at a time.
    size = len(records) if referral is not None else max(1, part_records)
    chunks = [range(i, min(i + size, len(records))) for i in range(0, len(records), size)]
    payloads = []
    for index, chunk in enumerate(chunks):
        doc = manifest.manifest(
            bundle_id=bundle_id,
            kind="records",
            sender=me.fingerprint,
            recipient=partner.fingerprint,
            created_at=now,
            purpose=purpose,
            retain_until=today + timedelta(days=terms.retention_days),
            records=[records[i] for i in chunk],
            referral=referral,
            part=(index, len(chunks)) if len(chunks) > 1 else None,
        )
        payloads.append(
            {
                "manifest": doc,
                "records": [
                    {
                        "ref": records[i].ref,
                        "role": records[i].role,
                        "fields": records[i].fields,
                        "htcds": documents[i],
                    }
                    for i in chunk
                ],
                "entities": [manifest.entity(me.fingerprint, records[i]) for i in chunk],
            }
        )
    partner_fp = partner.fingerprint
    out.data = bundle.seal_parts(
        payloads,
        kind="records",
        signing_key=me.signing,
        sender=me.fingerprint,
        recipient=partner_fp,
        recipient_box_key=identity.unb64(partner.box_key),
    )
    out.records = len(records)
    for cp, rec, consent_id in sent:
        session.add(
            SharedRecord(
                partner_id=partner.id,
                bundle_id=bundle_id,
                case_id=cp.case_id,
                case_person_id=cp.id,
                record_ref=rec.ref,
                purpose=purpose,
                fields=sorted(rec.fields),
                withheld=rec.withheld,
                consent_id=consent_id,
                referral_id=referral_id if referral is not None and rec.ref in referral["records"] else None,
                sent_at=now,
                sent_by=actor,
            )
        )
    _log_bundle(session, partner, bundle_id, "records", purpose, now, actor, out.records, out.data)
    for cid in case_ids:
        audit.record(
            session,
            actor,
            "export",
            "case",
            cid,
            reason=reason,
            details={
                "to_partner": partner.code,
                "purpose": purpose,
                "bundle": bundle_id,
                "records": by_case.get(cid, 0),
                "handover": referral_id,
            },
        )
    _unchanged(session, partner, sealed_to=partner_fp)
    return out


def _log_bundle(
    session: Session,
    partner: Partner,
    bundle_id: str,
    kind: str,
    purpose: str | None,
    now: datetime,
    actor: str,
    records: int,
    data: bytes,
) -> None:
    session.add(
        SharingBundle(
            partner_id=partner.id,
            bundle_id=bundle_id,
            direction="out",
            kind=kind,
            purpose=purpose,
            created_at=now,
            handled_at=now,
            actor=actor,
            records=records,
            rejected=0,
            sha256=hashlib.sha256(data).hexdigest(),
        )
    )
    session.flush()


def build_withdrawals(session: Session, ring: Keyring, *, partner_code: str, actor: str) -> Built | None:
    """The signed notice of every record the partner holds whose consent was withdrawn, or None
    when none is due. Sent to revoked partners too: they still hold the records."""
    me = identity.load(ring)
    partner = partners.get(session, partner_code)
    due = pending_withdrawals(session, partner.id)
    if not due:
        return None
    bundle_id = uuid.uuid4().hex
    now = _now()
    refs = sorted({d.record_ref for d in due})
    doc = manifest.manifest(
        bundle_id=bundle_id,
        kind="withdrawal",
        sender=me.fingerprint,
        recipient=partner.fingerprint,
        created_at=now,
        withdrawn=refs,
    )
    data = bundle.seal(
        {"manifest": doc},
        kind="withdrawal",
        signing_key=me.signing,
        sender=me.fingerprint,
        recipient=partner.fingerprint,
        recipient_box_key=identity.unb64(partner.box_key),
    )
    for row in session.scalars(
        select(SharedRecord).where(
            SharedRecord.partner_id == partner.id,
            SharedRecord.record_ref.in_(refs),
            SharedRecord.withdrawn_at.is_(None),
        )
    ):
        row.withdrawn_at, row.withdrawal_bundle = now, bundle_id
    _log_bundle(session, partner, bundle_id, "withdrawal", None, now, actor, len(refs), data)
    cases: dict[int, int] = {}
    for d in due:
        if d.case_id is not None:
            cases[d.case_id] = cases.get(d.case_id, 0) + 1
    for cid, n in sorted(cases.items()):
        audit.record(
            session,
            actor,
            "update",
            "case",
            cid,
            reason="consent to share withdrawn",
            details={"withdrawal_to_partner": partner.code, "bundle": bundle_id, "records": n},
        )
    _unchanged(session, partner, sealed_to=doc["recipient"], revoked_ok=True)
    return Built(data=data, bundle_id=bundle_id, partner=partner.code, records=len(refs))
