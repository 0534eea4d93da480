"""Rotating keys in place, on SQLite and PostgreSQL, attacked: a partner announces new keys (signed
by the old and the new), bundles under the old key are accepted during the overlap and refused after
it, bundles under the new key are accepted and update what was received; our own rotation keeps
bundles sealed to our old key opening during the overlap; forged, replayed and revoked rotations are
refused with nothing changed; nothing sealed is lost."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from tests.sharing.installs import VICTIM, Install, consent, open_case, shared_case
from tests.sharing.test_cli import run
from tests.sharing.test_exchange import counts, receive, send

from tipnet.errors import Invalid
from tipnet.sharing import bundle, identity, manifest, partners
from tipnet.sharing.bundle import BundleRefused
from tipnet.sharing.receive import import_bundle, open_content
from tipnet.sharing.send import build_records
from tipnet.store.engine import session_scope
from tipnet.store.tables.security import AuditEvent
from tipnet.store.tables.sharing import Partner, PartnerKey, ReceivedRecord, SharedRecord

Pair = tuple[Install, Install]


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def rotate_kh(kh: Install, th: Install, overlap_days: int = 7) -> tuple[identity.Identity, identity.Former]:
    """KH rotates its identity and TH applies KH's announcement."""
    old = kh.me
    new, former = identity.rotate(kh.ring, overlap_days=overlap_days)
    doc = identity.announcement(
        old, new, code="KH-NCCT", name=kh.name, country="KHM", accept_until=former.accept_until
    )
    with session_scope(th.engine) as session:
        partners.apply_announcement(session, "KH-NCCT", json.loads(json.dumps(doc)), actor="admin-th")
    return new, former


def import_at(th: Install, data: bytes, when: datetime) -> int:
    with session_scope(th.engine) as session:
        result = import_bundle(session, th.ring, data, actor="worker-th", now=when)
        return result.added + result.updated


def test_partner_rotation_overlap_then_refusal(pair: Pair) -> None:
    kh, th = pair
    case_id, _ = shared_case(kh)
    first = send(kh, [case_id])
    assert receive(th, first.data).added == 1
    in_transit = send(kh, [case_id])  # signed by the old key, not yet delivered
    old_fp = kh.me.fingerprint
    new, former = rotate_kh(kh, th)
    assert new.fingerprint != old_fp and kh.me.fingerprint == new.fingerprint

    # During the overlap the old key's bundle is accepted, and updates (does not duplicate).
    assert import_at(th, in_transit.data, now()) == 1
    assert counts(th)[0] == 1
    # The new key's bundle is accepted and updates the same record (the partner row kept its refs).
    fresh = send(kh, [case_id])
    assert receive(th, fresh.data).updated == 1
    # After the overlap: a bundle signed with the retired key is refused, nothing written.
    late = send_signed_with(kh, th, former.identity)
    before = counts(th)
    with pytest.raises(BundleRefused, match="retired key"):
        import_at(th, late, former.accept_until + timedelta(minutes=1))
    assert counts(th) == before
    # ...while the same bundle inside the window would have passed (the key itself is fine).
    assert import_at(th, late, former.accept_until - timedelta(minutes=1)) == 1
    # Nothing sealed is lost: what TH received still opens; KH's log of what it told TH is intact.
    with session_scope(th.engine) as session:
        row = session.scalar(select(ReceivedRecord))
        assert row is not None
        assert open_content(session, th.ring, row)["fields"]["prs_FirstName"] == "Sreyneang"  # type: ignore[index]
        keys = session.scalars(select(PartnerKey)).all()
        assert [(k.fingerprint, k.how) for k in keys] == [(old_fp, "announcement")]
        assert keys[0].accept_until == former.accept_until
        partner = session.scalar(select(Partner).where(Partner.code == "KH-NCCT"))
        assert partner is not None and partner.fingerprint == new.fingerprint
        rotated = session.scalars(select(AuditEvent).where(AuditEvent.action == "rotate")).all()
        assert len(rotated) == 1 and rotated[0].details["old_fingerprint"] == old_fp
    with session_scope(kh.engine) as session:
        assert session.scalar(select(func.count()).select_from(SharedRecord)) == 4


def send_signed_with(kh: Install, th: Install, signer: identity.Identity) -> bytes:
    """A well-formed bundle for TH signed with `signer` (a retired key of KH's, e.g. a stolen one)."""
    built = send(kh, [shared_case(kh)[0]])
    payload = bundle.open_bundle(
        built.data, box_key=th.me.box, me=th.me.fingerprint, verify_key_of=lambda fp: kh.me.sign_public
    ).payload
    doc = copy.deepcopy(payload)
    doc["manifest"]["sender"] = signer.fingerprint
    doc["manifest"]["bundle_id"] = "f" * 32
    doc["entities"] = [
        manifest.entity(signer.fingerprint, manifest.Record(r["ref"], r["role"], r["fields"], [], {}))
        for r in doc["records"]
    ]
    return bundle.seal(
        doc,
        kind="records",
        signing_key=signer.signing,
        sender=signer.fingerprint,
        recipient=th.me.fingerprint,
        recipient_box_key=th.me.box_public,
    )


def test_our_rotation_keeps_bundles_sealed_to_the_old_key_opening(pair: Pair) -> None:
    """TH built a bundle for KH before learning KH's new key: KH opens it during the overlap and
    refuses it, saying why, after."""
    kh, th = pair
    case_id, (cp,) = open_case(th, VICTIM)
    consent(th, case_id, cp, purposes=["victim-support"], partners=["KH-NCCT"])
    with session_scope(th.engine) as session:
        to_old = build_records(
            session,
            th.ring,
            partner_code="KH-NCCT",
            purpose="victim-support",
            case_ids=[case_id],
            actor="worker-th",
            reason="family tracing in Cambodia",
        )
    _new, former = rotate_kh(kh, th, overlap_days=3)
    with session_scope(kh.engine) as session, pytest.raises(BundleRefused, match="retired key"):
        import_bundle(
            session,
            kh.ring,
            to_old.data,
            actor="worker-kh",
            now=former.accept_until + timedelta(seconds=1),
        )
    with session_scope(kh.engine) as session:
        assert import_bundle(session, kh.ring, to_old.data, actor="worker-kh").added == 1
    # TH now seals to the new key, which KH opens.
    with session_scope(th.engine) as session:
        to_new = build_records(
            session,
            th.ring,
            partner_code="KH-NCCT",
            purpose="victim-support",
            case_ids=[case_id],
            actor="worker-th",
            reason="update",
        )
    assert json.loads(to_new.data)["recipient"] == kh.me.fingerprint != former.identity.fingerprint
    with session_scope(kh.engine) as session:
        assert import_bundle(session, kh.ring, to_new.data, actor="worker-kh").updated == 1
    # A second rotation keeps the first former while its window lasts.
    identity.rotate(kh.ring, overlap_days=1)
    assert len(identity.former(kh.ring)) == 2


def test_forged_replayed_and_revoked_rotations_are_refused(pair: Pair) -> None:
    kh, th = pair
    stranger = identity.from_seed(b"s" * 32)
    old = kh.me
    until = now() + timedelta(days=5)
    # Signed by a stranger's key instead of KH's registered one.
    forged = identity.announcement(
        stranger, stranger, code="KH-NCCT", name="x", country=None, accept_until=until
    )
    forged["old_fingerprint"] = old.fingerprint
    # Genuine, then altered to announce the stranger's keys.
    new, former = identity.rotate(kh.ring, overlap_days=5)
    genuine = identity.announcement(old, new, code="KH-NCCT", name=kh.name, country=None, accept_until=until)
    altered = copy.deepcopy(genuine)
    altered["card"] = stranger.card("KH-NCCT", kh.name, None)  # type: ignore[assignment]
    # Signed by the old key only: the new key's holder never proved it.
    no_new = copy.deepcopy(genuine)
    no_new["signature_new"] = genuine["signature_old"]
    # A longer overlap than announced cannot be claimed after signing.
    stretched = copy.deepcopy(genuine)
    stretched["accept_old_until"] = (until + timedelta(days=80)).isoformat()
    for doc, why in (
        (forged, "not signed by KH-NCCT's registered key"),
        (altered, "not signed by KH-NCCT's registered key"),
        (no_new, "not signed by the new key"),
        (stretched, "not signed by KH-NCCT's registered key"),
    ):
        with session_scope(th.engine) as session, pytest.raises(Invalid, match=why):
            partners.apply_announcement(session, "KH-NCCT", doc, actor="admin-th")
    with session_scope(th.engine) as session:
        assert session.scalar(select(func.count()).select_from(PartnerKey)) == 0
        assert partners.get(session, "KH-NCCT").fingerprint == old.fingerprint
    with session_scope(th.engine) as session:
        applied = partners.apply_announcement(session, "KH-NCCT", genuine, actor="admin-th", overlap_days=2)
        # The shorter of what was announced (5 days) and what we chose (2) holds.
        assert applied.accept_until <= now() + timedelta(days=2, seconds=5)
    # Replayed: it no longer names the current key.
    with session_scope(th.engine) as session, pytest.raises(Invalid, match="not for KH-NCCT's current key"):
        partners.apply_announcement(session, "KH-NCCT", genuine, actor="admin-th")
    # A retired key can never be registered again, as a rotation or as a new partner.
    with session_scope(th.engine) as session, pytest.raises(Invalid, match="retired"):
        partners.add(session, partners.card_of(former.identity.card("KH-OLD", "x", None)), actor="admin-th")
    # A revoked partner's keys are not rotated.
    third, _ = identity.rotate(kh.ring, overlap_days=1)
    with session_scope(th.engine) as session:
        partners.revoke(session, "KH-NCCT", actor="admin-th", reason="agreement ended")
    with session_scope(th.engine) as session, pytest.raises(Invalid, match="revoked"):
        partners.apply_announcement(
            session,
            "KH-NCCT",
            identity.announcement(new, third, code="KH-NCCT", name=kh.name, country=None, accept_until=until),
            actor="admin-th",
        )
    # ... and its retired key is refused with its current one.
    with session_scope(th.engine) as session:
        assert partners.get(session, "KH-NCCT").revoked_at is not None


def test_rotation_by_cli(pair: Pair, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    kh, th = pair
    announce = tmp_path / "kh.rotation.json"
    old = kh.me.fingerprint
    done = run(
        kh, monkeypatch, "partners", "rotate", "--self", "--code", "KH-NCCT", "--name", kh.name,
        "--overlap-days", "14", "--out", str(announce),
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    new = kh.me.fingerprint
    assert new != old and new in done.output
    applied = run(th, monkeypatch, "partners", "rotate", "KH-NCCT", "--announcement", str(announce))
    assert applied.exit_code == 0, applied.output
    assert new in applied.output
    listed = run(th, monkeypatch, "partners", "list")
    assert "KH-NCCT: its old key is accepted until" in listed.output
    again = run(th, monkeypatch, "partners", "rotate", "KH-NCCT", "--announcement", str(announce))
    assert again.exit_code == 2 and "current key" in again.output
    # By card: the fingerprint told out of band is required and checked.
    card = tmp_path / "kh.card.json"
    newest, _ = identity.rotate(kh.ring, overlap_days=1)
    card.write_text(json.dumps(newest.card("KH-NCCT", kh.name, None)))
    wrong = run(th, monkeypatch, "partners", "rotate", "KH-NCCT", "--card", str(card), "--fingerprint", old)
    assert wrong.exit_code == 2 and "fingerprint" in wrong.output
    ok = run(
        th, monkeypatch, "partners", "rotate", "KH-NCCT", "--card", str(card), "--fingerprint",
        newest.fingerprint, "--overlap-days", "0",
    )  # fmt: skip
    assert ok.exit_code == 0, ok.output
    with session_scope(kh.engine) as session:
        events = session.scalars(select(AuditEvent).where(AuditEvent.object_type == "partner_identity")).all()
        assert [e.details["fingerprint"] for e in events] == [new]
    with session_scope(th.engine) as session:
        assert session.scalar(select(func.count()).select_from(PartnerKey)) == 2


def test_two_rotations_in_a_row_keep_each_keys_registration_time(
    pair: Pair, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The history names when each key was registered: the first when the partner was added, each
    later one at the rotation that brought it; the partner's own `added_at` is not overwritten."""
    kh, th = pair
    with session_scope(th.engine) as session:
        added = partners.get(session, "KH-NCCT").added_at
    fps = [kh.me.fingerprint]
    t1, t2 = now() + timedelta(days=1), now() + timedelta(days=3)
    for when in (t1, t2):
        old = kh.me
        new, former = identity.rotate(kh.ring, overlap_days=7)
        doc = identity.announcement(
            old, new, code="KH-NCCT", name=kh.name, country="KHM", accept_until=former.accept_until
        )
        with session_scope(th.engine) as session:
            partners.apply_announcement(session, "KH-NCCT", doc, actor="admin-th", now=when)
        fps.append(new.fingerprint)
    with session_scope(th.engine) as session:
        history = partners.key_history(session, "KH-NCCT")
        assert [(k.fingerprint, k.registered_at, k.retired_at) for k in history] == [
            (fps[0], added, t1),
            (fps[1], t1, t2),
            (fps[2], t2, None),
        ]
        assert partners.get(session, "KH-NCCT").added_at == added
    shown = run(th, monkeypatch, "partners", "keys", "KH-NCCT")
    assert shown.exit_code == 0, shown.output
    lines = shown.output.strip().splitlines()
    assert len(lines) == 3 and all(line.startswith(fp + "  ") for line, fp in zip(lines, fps, strict=True))
    assert (
        f"registered {added:%Y-%m-%d %H:%M:%S}" in lines[0] and f"retired {t1:%Y-%m-%d %H:%M:%S}" in lines[0]
    )
    assert f"registered {t1:%Y-%m-%d %H:%M:%S}" in lines[1] and f"retired {t2:%Y-%m-%d %H:%M:%S}" in lines[1]
    assert f"registered {t2:%Y-%m-%d %H:%M:%S}" in lines[2] and lines[2].endswith("current")
