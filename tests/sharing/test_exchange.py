"""The safe exchange between two installs, on SQLite and PostgreSQL: what goes into a bundle (consent,
agreement), what the receiver refuses (tampered, unsigned, revoked, not for it), re-import,
withdrawal, retention and the referral handover. Each test attacks one promise."""

from __future__ import annotations

import base64
import json
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from tests.sharing.installs import (
    SECOND_VICTIM,
    VICTIM,
    Install,
    consent,
    open_case,
    refer_out,
    shared_case,
)

from tipnet.cases.worklist import my_work
from tipnet.errors import Invalid
from tipnet.sharing import bundle, partners
from tipnet.sharing.bundle import BundleRefused
from tipnet.sharing.consent import pending_withdrawals
from tipnet.sharing.purge import purge
from tipnet.sharing.receive import Imported, import_bundle, open_content
from tipnet.sharing.send import Built, build_records, build_withdrawals
from tipnet.store.engine import session_scope
from tipnet.store.tables.cases import Referral
from tipnet.store.tables.security import AuditEvent, PersonSecret, TextSecret
from tipnet.store.tables.sharing import ReceivedRecord, SharedRecord, SharingBundle

Pair = tuple[Install, Install]


def send(
    kh: Install, case_ids: list[int], purpose: str = "victim-support", referral: int | None = None
) -> Built:
    with session_scope(kh.engine) as session:
        return build_records(
            session,
            kh.ring,
            partner_code="TH-DSDW",
            purpose=purpose,
            case_ids=case_ids,
            actor="worker-kh",
            reason="shelter in Thailand asks",
            referral_id=referral,
        )


def receive(th: Install, data: bytes, today: date | None = None) -> Imported:
    with session_scope(th.engine) as session:
        return import_bundle(session, th.ring, data, actor="worker-th", today=today)


def opened_payload(th: Install, data: bytes, kh: Install) -> dict[str, object]:
    """The receiver's view of the decrypted, verified payload."""
    opened = bundle.open_bundle(
        data, box_key=th.me.box, me=th.me.fingerprint, verify_key_of=lambda fp: kh.me.sign_public
    )
    return opened.payload


def counts(install: Install) -> tuple[int, int, int]:
    with session_scope(install.engine) as session:
        return (
            session.scalar(select(func.count()).select_from(ReceivedRecord)) or 0,
            session.scalar(
                select(func.count()).select_from(SharingBundle).where(SharingBundle.direction == "in")
            )
            or 0,
            session.scalar(
                select(func.count()).select_from(TextSecret).where(TextSecret.table_name == "received_record")
            )
            or 0,
        )


def test_only_consented_records_and_agreed_fields_travel(pair: Pair) -> None:
    kh, th = pair
    case_id, _ = shared_case(kh)
    built = send(kh, [case_id])
    assert (built.records, built.no_consent) == (1, 2)
    # The identity number is outside the agreement: withheld, and nowhere in the decrypted bundle.
    withheld = ["birth_year", "full_name", "name_native", "prs_IdentityNumber"]
    assert built.withheld == dict.fromkeys(withheld, 1)
    payload = opened_payload(th, built.data, kh)
    text = json.dumps(payload, ensure_ascii=False)
    assert "N0991827364" not in text and "ស្រីនាង" not in text
    assert "Chanthavy" not in text and "Bunthoeurn" not in text  # no consent for this purpose / none
    assert "Sreyneang" in text  # the consented, agreed name does travel
    manifest = payload["manifest"]
    assert isinstance(manifest, dict)
    (entry,) = manifest["records"]
    assert entry["withheld"] == withheld
    assert (
        entry["consent"]["purposes"] == ["victim-support", "referral"] and entry["consent"]["given"] is True
    )
    assert manifest["schemas"]["htcds"] == "2.0" and manifest["purpose"] == "victim-support"
    assert manifest["retain_until"] == (date.today() + timedelta(days=90)).isoformat()
    # Nothing readable outside the ciphertext.
    assert b"Sreyneang" not in built.data and b"victim-support" not in built.data
    result = receive(th, built.data)
    assert (result.added, result.updated, result.rejects) == (1, 0, [])
    with session_scope(th.engine) as session:
        row = session.scalar(select(ReceivedRecord))
        assert row is not None and row.fields == sorted(
            [
                "prs_FirstName",
                "prs_SecondName",
                "prs_Birthdate",
                "prs_Gender",
                "prs_Citizenship",
                "phones",
                "vic_TypeOfExploitation",
            ]
        )
        content = open_content(session, th.ring, row)
        assert content["fields"]["prs_FirstName"] == "Sreyneang"  # type: ignore[index]
        assert content["entity"]["schema"] == "Person"  # type: ignore[index]
        # Sealed at rest: the name is not in the secret's bytes.
        secret = session.scalar(select(TextSecret).where(TextSecret.table_name == "received_record"))
        assert secret is not None and b"Sreyneang" not in secret.ciphertext
    with session_scope(kh.engine) as session:
        log = session.scalar(select(SharedRecord))
        assert log is not None and log.purpose == "victim-support" and "prs_IdentityNumber" in log.withheld
        exported = session.scalars(select(AuditEvent).where(AuditEvent.action == "export")).all()
        assert [e.case_id for e in exported] == [case_id]


def test_no_purpose_in_agreement_or_no_consent_builds_nothing(pair: Pair) -> None:
    kh, _th = pair
    case_id, _ = shared_case(kh)
    with pytest.raises(Invalid, match="not in the agreement"):
        send(kh, [case_id], purpose="prosecution")
    # Investigation is consented by the second victim but not agreed with TH-DSDW.
    with pytest.raises(Invalid, match="not in the agreement"):
        send(kh, [case_id], purpose="investigation")
    only_refused, (v,) = open_case(kh, SECOND_VICTIM)
    consent(kh, only_refused, v, given=False, purposes=["victim-support"], partners=["*"])
    with pytest.raises(Invalid, match="nothing to share"):
        send(kh, [only_refused])


@pytest.mark.parametrize("where", ["ciphertext", "header"])
def test_a_tampered_byte_is_refused_and_nothing_written(pair: Pair, where: str) -> None:
    kh, th = pair
    case_id, _ = shared_case(kh)
    data = send(kh, [case_id]).data
    outer = json.loads(data)
    if where == "ciphertext":
        raw = bytearray(base64.b64decode(outer["ciphertext"]))
        raw[len(raw) // 2] ^= 0x01
        outer["ciphertext"] = base64.b64encode(bytes(raw)).decode()
    else:
        outer["sender"] = outer["sender"][:-1] + ("0" if outer["sender"][-1] != "0" else "1")
    with pytest.raises(BundleRefused):
        receive(th, json.dumps(outer).encode())
    assert counts(th) == (0, 0, 0)


def test_unsigned_or_wrongly_signed_is_refused(pair: Pair) -> None:
    kh, th = pair
    case_id, _ = shared_case(kh)
    good = opened_payload(th, send(kh, [case_id]).data, kh)
    from nacl.public import PublicKey, SealedBox
    from nacl.signing import SigningKey

    inner = {"signer": kh.me.fingerprint, "body": base64.b64encode(bundle.canonical(good)).decode()}
    sealed = SealedBox(PublicKey(th.me.box_public)).encrypt(bundle.canonical(inner))
    outer = {
        "format": bundle.FORMAT,
        "kind": "records",
        "sender": kh.me.fingerprint,
        "recipient": th.me.fingerprint,
        "ciphertext": base64.b64encode(sealed).decode(),
    }
    with pytest.raises(BundleRefused, match="unsigned"):
        receive(th, json.dumps(outer).encode())
    # Signed by a stranger claiming to be KH: the registered key does not verify it.
    forged = bundle.seal(
        good,
        kind="records",
        signing_key=SigningKey.generate(),
        sender=kh.me.fingerprint,
        recipient=th.me.fingerprint,
        recipient_box_key=th.me.box_public,
    )
    with pytest.raises(BundleRefused, match="bad signature"):
        receive(th, forged)
    assert counts(th) == (0, 0, 0)


def test_revoked_partner_is_refused_both_ways(pair: Pair) -> None:
    kh, th = pair
    case_id, _ = shared_case(kh)
    data = send(kh, [case_id]).data
    with session_scope(th.engine) as session:
        partners.revoke(session, "KH-NCCT", actor="admin", reason="key reported lost")
    with pytest.raises(BundleRefused, match="revoked"):
        receive(th, data)
    assert counts(th) == (0, 0, 0)
    with session_scope(kh.engine) as session:
        partners.revoke(session, "TH-DSDW", actor="admin", reason="agreement ended")
    with pytest.raises(Invalid, match="revoked"):
        send(kh, [case_id])


def test_a_bundle_for_someone_else_is_refused(pair: Pair) -> None:
    kh, _th = pair
    case_id, _ = shared_case(kh)
    data = send(kh, [case_id]).data
    with pytest.raises(BundleRefused, match="wrong recipient"):
        receive(kh, data)  # the sender itself is not the recipient
    # Re-addressed in the clear header: the recipient's key cannot open what was sealed to another.
    outer = json.loads(data)
    outer["recipient"] = kh.me.fingerprint
    with pytest.raises(BundleRefused, match="cannot decrypt"):
        receive(kh, json.dumps(outer).encode())


def test_forwarded_bundle_is_refused(pair: Pair) -> None:
    """TH re-encrypts KH's signed payload to KH (as if forwarding it): the signed manifest names TH."""
    kh, th = pair
    case_id, _ = shared_case(kh)
    data = send(kh, [case_id]).data
    sealed = json.loads(data)
    from nacl.public import SealedBox

    inner = SealedBox(th.me.box).decrypt(base64.b64decode(sealed["ciphertext"]))
    from nacl.public import PublicKey

    sealed["ciphertext"] = base64.b64encode(SealedBox(PublicKey(kh.me.box_public)).encrypt(inner)).decode()
    sealed["recipient"] = kh.me.fingerprint
    with session_scope(kh.engine) as session:  # KH registers its own key as a partner, to get that far
        partners.add(session, partners.card_of({**kh.me.card("SELF", "self"), "code": "SELF"}), actor="t")
    with pytest.raises(BundleRefused, match="forwarded"):
        receive(kh, json.dumps(sealed).encode())


def test_reimport_changes_nothing_and_a_later_bundle_updates(pair: Pair) -> None:
    kh, th = pair
    case_id, _ = shared_case(kh)
    first = send(kh, [case_id]).data
    assert receive(th, first).added == 1
    again = receive(th, first)
    assert again.duplicate and again.added == 0
    assert counts(th) == (1, 1, 1)
    second = send(kh, [case_id]).data  # the same person again: the same reference for this partner
    result = receive(th, second)
    assert (result.added, result.updated) == (0, 1)
    assert counts(th) == (1, 2, 1)


def test_withdrawal_stops_sharing_and_empties_the_partners_copy(pair: Pair) -> None:
    kh, th = pair
    case_id, (v1, _v2) = shared_case(kh)
    receive(th, send(kh, [case_id]).data)
    with session_scope(kh.engine) as session:
        assert pending_withdrawals(session) == []
    consent(kh, case_id, v1, given=False)  # the victim withdraws
    with session_scope(kh.engine) as session:
        (due,) = pending_withdrawals(session)
        assert due.case_person_id == v1
    with pytest.raises(Invalid, match="nothing to share"):
        send(kh, [case_id])
    with session_scope(kh.engine) as session:
        notice = build_withdrawals(session, kh.ring, partner_code="TH-DSDW", actor="worker-kh")
        assert notice is not None and notice.records == 1
    with session_scope(kh.engine) as session:
        assert pending_withdrawals(session) == []
        assert build_withdrawals(session, kh.ring, partner_code="TH-DSDW", actor="worker-kh") is None
    result = receive(th, notice.data)
    assert result.withdrawn == 1
    with session_scope(th.engine) as session:
        row = session.scalar(select(ReceivedRecord))
        assert row is not None and row.status == "withdrawn" and row.fields == []
    assert counts(th)[2] == 0  # the sealed content is gone


def test_an_older_bundle_cannot_bring_a_withdrawn_record_back(pair: Pair) -> None:
    kh, th = pair
    case_id, (v1, _) = shared_case(kh)
    old = send(kh, [case_id]).data
    receive(th, old)
    consent(kh, case_id, v1, given=False)
    with session_scope(kh.engine) as session:
        notice = build_withdrawals(session, kh.ring, partner_code="TH-DSDW", actor="w")
    assert notice is not None
    receive(th, notice.data)
    with session_scope(th.engine) as session:  # forget that the old bundle was imported
        session.execute(SharingBundle.__table__.delete().where(SharingBundle.kind == "records"))
    result = receive(th, old)
    assert result.added == 0 and [r[1] for r in result.rejects] == ["ref"]
    assert counts(th)[2] == 0


def test_a_purged_tombstone_does_not_let_an_older_bundle_back(pair: Pair) -> None:
    """The withdrawal notice arrives before a bundle made earlier (files travel as they travel). Its
    tombstone was kept until the day it arrived only: the next day's purge deleted it and the older
    bundle then brought the withdrawn record back. The tombstone is now kept as long as a bundle made
    before the withdrawal could still be imported (our agreement's retention from the withdrawal),
    and a bundle's records are kept no longer than that retention from when the bundle was made."""
    kh, th = pair
    case_id, (v1, _) = shared_case(kh)
    old = send(kh, [case_id]).data  # made, still on its way
    consent(kh, case_id, v1, given=False)
    with session_scope(kh.engine) as session:
        notice = build_withdrawals(session, kh.ring, partner_code="TH-DSDW", actor="w")
    assert notice is not None
    assert receive(th, notice.data).withdrawn == 0  # nothing received yet: a tombstone
    next_day = date.today() + timedelta(days=1)
    with session_scope(th.engine) as session:
        purge(session, actor="system:retention", today=next_day)
    result = receive(th, old, today=next_day)
    assert result.added == 0 and [r[1] for r in result.rejects] == ["ref"]
    with session_scope(th.engine) as session:
        assert session.scalar(select(func.count()).where(ReceivedRecord.status == "active")) == 0
    assert counts(th)[2] == 0  # no content
    # Once no bundle made before the withdrawal can be imported any more, the tombstone goes too.
    later = date.today() + timedelta(days=91)
    with session_scope(th.engine) as session:
        purge(session, actor="system:retention", today=later)
    assert counts(th)[0] == 0


def test_purge_removes_exactly_the_expired(pair: Pair) -> None:
    kh, th = pair
    refs = []
    for _ in range(3):
        case_id, (v,) = open_case(kh, SECOND_VICTIM)
        consent(kh, case_id, v, purposes=["victim-support"], partners=["TH-DSDW"])
        receive(th, send(kh, [case_id]).data)
        refs.append(case_id)
    with session_scope(th.engine) as session:
        rows = session.scalars(select(ReceivedRecord).order_by(ReceivedRecord.id)).all()
        today = date.today()
        rows[0].retain_until = today - timedelta(days=1)  # expired yesterday
        rows[1].retain_until = today  # its last day
        rows[2].retain_until = today + timedelta(days=30)
        expired_id = rows[0].id
    with session_scope(th.engine) as session:
        assert purge(session, actor="system:retention", today=today, dry_run=True) == {"KH-NCCT": 1}
    with session_scope(th.engine) as session:
        assert purge(session, actor="system:retention", today=today) == {"KH-NCCT": 1}
    with session_scope(th.engine) as session:
        left = session.scalars(select(ReceivedRecord.id)).all()
        assert expired_id not in left and len(left) == 2
        assert (
            session.scalar(
                select(func.count())
                .select_from(TextSecret)
                .where(TextSecret.row_id == expired_id, TextSecret.table_name == "received_record")
            )
            == 0
        )
        event = session.scalar(select(AuditEvent).where(AuditEvent.action == "delete"))
        assert event is not None and event.details["records"] == 1
    assert counts(th)[2] == 2


def test_an_expired_bundle_is_not_imported(pair: Pair) -> None:
    kh, th = pair
    case_id, _ = shared_case(kh)
    data = send(kh, [case_id]).data
    with pytest.raises(BundleRefused, match="retention"):
        receive(th, data, today=date.today() + timedelta(days=91))
    assert counts(th) == (0, 0, 0)


def test_handover_lands_in_the_incoming_referral_queue(pair: Pair) -> None:
    kh, th = pair
    case_id, _ = shared_case(kh)
    referral_id = refer_out(kh, case_id, "TH-DSDW")  # to the organisation standing for the partner
    built = send(kh, [case_id], purpose="referral", referral=referral_id)
    result = receive(th, built.data)
    assert result.case_id is not None and result.added == 1
    with session_scope(th.engine) as session:
        work = my_work(session, th.worker)
        (waiting,) = work.awaiting
        assert waiting.case_id == result.case_id and waiting.from_org == "KH-NCCT"
        row = session.scalar(select(Referral).where(Referral.case_id == result.case_id))
        assert row is not None and row.status == "pending"
        # The handed-over person is sealed like every victim.
        assert session.scalar(select(func.count()).select_from(PersonSecret)) == 1
    with session_scope(kh.engine) as session:
        log = session.scalar(select(SharedRecord))
        assert log is not None and log.referral_id == referral_id


def test_handover_needs_an_outgoing_referral_to_that_partner(pair: Pair) -> None:
    kh, _th = pair
    case_id, _ = shared_case(kh)
    with pytest.raises(Exception, match="not found"):
        send(kh, [case_id], purpose="referral", referral=999)


def test_bad_records_are_rejected_naming_record_and_field(pair: Pair) -> None:
    """A partner's tipnet (another version, a bug, an attacker holding its key) sends records that
    break the rules: each is rejected by reference and field, the others are imported."""
    kh, th = pair
    case_id, persons = open_case(kh, VICTIM, SECOND_VICTIM, {**SECOND_VICTIM, "prs_FirstName": "Sophea"})
    for v in persons:
        consent(kh, case_id, v, purposes=["victim-support"], partners=["TH-DSDW"])
    payload = opened_payload(th, send(kh, [case_id]).data, kh)
    records = payload["records"]
    manifest = payload["manifest"]
    assert isinstance(records, list) and isinstance(manifest, dict)
    first, second, _third = records
    first["fields"]["prs_IdentityNumber"] = "N0991827364"  # withheld by the agreement: smuggled in
    second["fields"]["prs_Gender"] = "Alien"  # not an HTCDS value
    data = bundle.seal(
        payload,
        kind="records",
        signing_key=kh.me.signing,
        sender=kh.me.fingerprint,
        recipient=th.me.fingerprint,
        recipient_box_key=th.me.box_public,
    )
    result = receive(th, data)
    assert result.added == 1
    assert sorted((ref, name) for ref, name, _ in result.rejects) == sorted(
        [(first["ref"], "prs_IdentityNumber"), (second["ref"], "prs_Gender")]
    )
    assert all("N0991827364" not in why and "Alien" not in why for _, _, why in result.rejects)
    with session_scope(th.engine) as session:
        event = session.scalar(select(AuditEvent).where(AuditEvent.action == "import"))
        assert event is not None and event.details["rejected"] == 2


def test_a_record_without_consent_basis_is_rejected(pair: Pair) -> None:
    kh, th = pair
    case_id, _ = shared_case(kh)
    payload = opened_payload(th, send(kh, [case_id]).data, kh)
    manifest = payload["manifest"]
    assert isinstance(manifest, dict)
    manifest["records"][0]["consent"] = {"given": True, "purposes": ["investigation"]}
    data = bundle.seal(
        payload,
        kind="records",
        signing_key=kh.me.signing,
        sender=kh.me.fingerprint,
        recipient=th.me.fingerprint,
        recipient_box_key=th.me.box_public,
    )
    result = receive(th, data)
    assert result.added == 0 and [name for _, name, _ in result.rejects] == ["consent"]


def test_received_records_survive_key_rotation_and_retirement(pair: Pair) -> None:
    """Received content is sealed under the data keys: `tipnet keys rotate`, reseal and retiring the
    old version keep it readable (and the partner identity in the key file unchanged)."""
    from tipnet.security import keyguard

    kh, th = pair
    case_id, _ = shared_case(kh)
    receive(th, send(kh, [case_id]).data)
    before = th.me.fingerprint
    keyguard.add_version(th.engine, th.ring)
    assert keyguard.reseal(th.engine, th.ring)["resealed"] >= 1
    assert keyguard.retire_unused(th.engine, th.ring) == [1]
    with session_scope(th.engine) as session:
        secret = session.scalar(select(TextSecret).where(TextSecret.table_name == "received_record"))
        assert secret is not None and secret.key_version == 2
        row = session.scalar(select(ReceivedRecord))
        assert row is not None
        assert open_content(session, th.ring, row)["fields"]["prs_FirstName"] == "Sreyneang"  # type: ignore[index]
    assert th.me.fingerprint == before
    # And the next bundle still opens with the same identity.
    assert receive(th, send(kh, [case_id]).data).updated == 1


def test_the_receivers_own_agreement_binds_too(pair: Pair) -> None:
    """TH's agreement with KH allows fewer fields and a shorter retention than KH's with TH, and not
    family tracing: a record with a field TH did not agree to receive is rejected naming it, the
    retention is the shorter one, a purpose TH did not agree to is refused whole."""
    from tests.sharing.installs import FIELDS

    from tipnet.sharing import agreements

    kh, th = pair
    case_id, _ = shared_case(kh)
    with session_scope(th.engine) as session:
        terms = agreements.terms(
            ["victim-support"],
            [f for f in FIELDS if f != "phones"],
            30,
            date.today(),
            date.today() + timedelta(days=30),
        )
        agreements.set_agreement(session, partners.get(session, "KH-NCCT"), terms, actor="admin")
    with_phone, (v,) = open_case(kh, SECOND_VICTIM)
    consent(kh, with_phone, v, purposes=["victim-support"], partners=["TH-DSDW"])
    result = receive(th, send(kh, [case_id, with_phone]).data)
    assert result.added == 1 and [(name, why) for _, name, why in result.rejects] == [
        ("phones", "outside our agreement with KH-NCCT")
    ]
    with session_scope(th.engine) as session:
        row = session.scalar(select(ReceivedRecord))
        assert row is not None and row.retain_until == date.today() + timedelta(days=30)
    with pytest.raises(BundleRefused, match="not in our agreement"):
        receive(th, send(kh, [case_id], purpose="referral").data)


@pytest.mark.parametrize(
    "data",
    [b"PK\x03\x04 not json", b'{"format": "age-encryption.org/v1"}', b"[]", "ស្រីនាង".encode()],
)
def test_what_is_not_a_bundle_is_refused_clearly(pair: Pair, data: bytes) -> None:
    _kh, th = pair
    with pytest.raises(BundleRefused, match="not a tipnet bundle"):
        receive(th, data)
    assert counts(th) == (0, 0, 0)
