"""The exchange attacked, on SQLite and PostgreSQL: a bundle file of brackets nested too deep for
the JSON parser, a box sealed to us by anyone (our public card is enough) naming an unknown or a
retired sender, a part line far larger than tipnet writes, a partner revoked while its bundle is
being imported. Each is refused whole, with a clear message and nothing written, or (a revocation
that waits for the import) serialised after it."""

from __future__ import annotations

import base64
import io
import json
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from nacl.public import PublicKey, SealedBox
from sqlalchemy import select
from tests.sharing.installs import VICTIM, Install, consent, open_case
from tests.sharing.test_cli import run
from tests.sharing.test_exchange import counts, receive
from tests.sharing.test_rotation import rotate_kh

from tipnet.sharing import bundle, identity, partners
from tipnet.sharing.bundle import BundleRefused
from tipnet.sharing.receive import import_bundle
from tipnet.sharing.send import build_records
from tipnet.store.engine import session_scope
from tipnet.store.tables.sharing import Partner

Pair = tuple[Install, Install]

DEEP = b"[" * 100_000 + b"]" * 100_000


def _header(kh: Install, th: Install, parts: int = 2) -> bytes:
    head = {"format": "tipnet-bundle/2", "kind": "records", "sender": kh.me.fingerprint}
    head |= {"recipient": th.me.fingerprint, "parts": parts}
    return bundle.canonical(head) + b"\n"


def _anonymous(th: Install, sender: str, inner: bytes) -> bytes:
    """A box sealed to TH's public key by anyone, naming `sender` in clear."""
    ciphertext = SealedBox(PublicKey(th.me.box_public)).encrypt(inner)
    outer = {"format": bundle.FORMAT, "kind": "records", "sender": sender, "recipient": th.me.fingerprint}
    outer["ciphertext"] = base64.b64encode(ciphertext).decode("ascii")
    return bundle.canonical(outer) + b"\n"


def test_json_nested_too_deep_is_refused_not_a_crash(
    pair: Pair, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kh, th = pair
    sealed_deep = _anonymous(th, kh.me.fingerprint, DEEP)  # KH is registered: the box is opened
    for data, why in (
        (DEEP + b"\n", "not a tipnet bundle"),  # the outer document
        (_header(kh, th) + DEEP + b"\n", "not a tipnet bundle"),  # a part
        (sealed_deep, "inner document"),  # what the box holds
    ):
        with pytest.raises(BundleRefused, match=why):
            receive(th, data)
    path = tmp_path / "deep.tnb"
    path.write_bytes(DEEP)
    done = run(th, monkeypatch, "share", "import", str(path))
    assert done.exit_code == 2 and "not a tipnet bundle" in done.output
    card = tmp_path / "deep.card.json"
    card.write_bytes(DEEP)
    added = run(th, monkeypatch, "partners", "add", "--card", str(card), "--fingerprint", "0000")
    assert added.exit_code == 2 and "cannot read" in added.output
    assert counts(th) == (0, 0, 0)


def test_a_box_from_an_unknown_or_retired_sender_is_refused_before_it_is_opened(pair: Pair) -> None:
    """Sealing to us needs only our public card: the sender named in clear is checked first, so a
    stranger's (or a thief's after the overlap) large box costs no decryption. The ciphertext here
    cannot be decrypted at all; the refusal names the sender, not the ciphertext."""
    kh, th = pair
    stranger = identity.from_seed(b"q" * 32)
    junk = base64.b64encode(b"\x00" * 4096).decode("ascii")
    outer = {"format": bundle.FORMAT, "kind": "records", "sender": stranger.fingerprint}
    outer |= {"recipient": th.me.fingerprint, "ciphertext": junk}
    with pytest.raises(BundleRefused, match="no registered partner holds"):
        receive(th, bundle.canonical(outer))
    old_fp = kh.me.fingerprint
    _new, former = rotate_kh(kh, th, overlap_days=1)
    outer["sender"] = old_fp
    with session_scope(th.engine) as session, pytest.raises(BundleRefused, match="retired key"):
        import_bundle(
            session,
            th.ring,
            bundle.canonical(outer),
            actor="worker-th",
            now=former.accept_until + timedelta(seconds=1),
        )
    # Revoked: refused by name, before the box is opened.
    with session_scope(th.engine) as session:
        partners.revoke(session, "KH-NCCT", actor="admin-th", reason="agreement ended")
    outer["sender"] = kh.me.fingerprint
    with pytest.raises(BundleRefused, match="revoked"):
        receive(th, bundle.canonical(outer))
    assert counts(th) == (0, 0, 0)


def test_a_part_line_far_larger_than_tipnet_writes_is_refused_unread(pair: Pair) -> None:
    """A part holds at most 1,000 records (a few MB); a line over the part cap is refused after
    reading the cap, never parsed or decrypted. A large first line is never parsed as a header."""
    kh, th = pair
    huge = _header(kh, th) + b"A" * (bundle.MAX_PART_BYTES + 10) + b"\n"
    with pytest.raises(BundleRefused, match="part 1 larger than 64 MB"):
        receive(th, huge)
    padded = json.dumps({"format": "tipnet-bundle/2", "pad": "x" * bundle.MAX_HEADER_BYTES}).encode()
    with pytest.raises(BundleRefused, match="not a tipnet bundle"):
        receive(th, padded + b"\n")
    assert counts(th) == (0, 0, 0)


class _RevokedWhileRead(io.BytesIO):
    """The bundle file as the importer reads it, line by line; when line `at` is read, an admin
    revokes the partner in another session (a thread), and the reader waits up to 3 s for that to
    commit. PostgreSQL commits it at once; SQLite's revocation waits for the import's write lock."""

    def __init__(self, data: bytes, th: Install, at: int) -> None:
        super().__init__(data)
        self.th, self.at, self.lines = th, at, 0
        self.thread: threading.Thread | None = None
        self.revoked_during: bool | None = None

    def _revoke(self) -> None:
        with session_scope(self.th.engine) as session:
            partners.revoke(session, "KH-NCCT", actor="admin-th", reason="key reported stolen")

    def readline(self, size: int | None = -1, /) -> bytes:
        line = super().readline(size)
        self.lines += 1
        if self.lines == self.at:
            self.thread = threading.Thread(target=self._revoke)
            self.thread.start()
            self.thread.join(timeout=3)
            self.revoked_during = not self.thread.is_alive()
        return line


@pytest.mark.parametrize("at", [3, 5], ids=["between parts", "after the last part"])
def test_a_partner_revoked_during_an_import_stops_it(pair: Pair, at: int) -> None:
    kh, th = pair
    case_id, persons = open_case(kh, *([VICTIM] * 5))
    for cp in persons:
        consent(kh, case_id, cp, purposes=["victim-support"], partners=["TH-DSDW"])
    with session_scope(kh.engine) as session:
        built = build_records(
            session,
            kh.ring,
            partner_code="TH-DSDW",
            purpose="victim-support",
            case_ids=[case_id],
            actor="worker-kh",
            reason="shelter",
            part_records=2,
        )
    assert built.data.count(b"\n") == 4  # header and 3 parts; line 5 is the end of the file
    source = _RevokedWhileRead(built.data, th, at)
    refused: BundleRefused | None = None
    try:
        with session_scope(th.engine) as session:
            import_bundle(session, th.ring, source, actor="worker-th")
    except BundleRefused as exc:
        refused = exc
    assert source.thread is not None
    source.thread.join(timeout=120)
    assert not source.thread.is_alive()
    with session_scope(th.engine) as session:
        partner = session.scalar(select(Partner).where(Partner.code == "KH-NCCT"))
        assert partner is not None and partner.revoked_at is not None
    if source.revoked_during:  # the revocation committed first: the import is refused whole
        assert refused is not None and "revoked" in str(refused) and "during this import" in str(refused)
        assert counts(th) == (0, 0, 0)
    else:  # it waited for the import, which came first and is kept whole
        assert th.url.startswith("sqlite")
        assert refused is None and counts(th) == (5, 1, 5)
    if th.url.startswith("postgresql"):
        assert source.revoked_during
    # Either way, from now on the partner's bundles are refused.
    with pytest.raises(BundleRefused, match="revoked"):
        receive(th, built.data)


def test_a_key_replaced_by_card_is_refused_at_once_unless_an_overlap_is_chosen(
    pair: Pair, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rotation by card is for an old key that cannot sign: lost, perhaps stolen. By default its
    bundles are refused from the moment the new card is registered; an overlap must be asked for."""
    kh, th = pair
    from tests.sharing.installs import shared_case
    from tests.sharing.test_exchange import send

    case_id, _ = shared_case(kh)
    under_old = send(kh, [case_id]).data  # e.g. made by whoever holds the lost key
    newest, _former = identity.rotate(kh.ring, overlap_days=0)
    card = tmp_path / "kh-new.card.json"
    card.write_text(json.dumps(newest.card("KH-NCCT", kh.name, None)))
    done = run(
        th,
        monkeypatch,
        "partners",
        "rotate",
        "KH-NCCT",
        "--card",
        str(card),
        "--fingerprint",
        newest.fingerprint,
    )
    assert done.exit_code == 0, done.output
    with pytest.raises(BundleRefused, match="retired key"):
        receive(th, under_old)
    assert counts(th) == (0, 0, 0)
    assert receive(th, send(kh, [case_id]).data).added == 1  # the new key's bundles arrive


def test_a_partner_revoked_while_a_bundle_is_built_for_it_gets_nothing(pair: Pair) -> None:
    """An admin revokes a partner (its key reported lost) while a worker builds a bundle for it.
    On PostgreSQL the build is held at its first write to `sharing_bundle` (another connection locks
    the table) while the revocation commits; released, the build must refuse, nothing logged. On
    SQLite, write transactions are serialised whole (BEGIN IMMEDIATE): the interleaving cannot occur."""
    kh, _th = pair
    if not kh.url.startswith("postgresql"):
        pytest.skip("SQLite serialises write transactions whole: a revocation cannot commit mid-build")
    from sqlalchemy import func, text

    from tipnet.errors import Invalid
    from tipnet.store.tables.sharing import SharedRecord, SharingBundle

    case_id, persons = open_case(kh, VICTIM, VICTIM)
    for cp in persons:
        consent(kh, case_id, cp, purposes=["victim-support"], partners=["TH-DSDW"])
    outcome: list[object] = []

    def build() -> None:
        try:
            with session_scope(kh.engine) as session:
                outcome.append(
                    build_records(
                        session,
                        kh.ring,
                        partner_code="TH-DSDW",
                        purpose="victim-support",
                        case_ids=[case_id],
                        actor="worker-kh",
                        reason="shelter",
                    )
                )
        except Invalid as exc:
            outcome.append(exc)

    with kh.engine.connect() as holder:
        holder.execute(text("LOCK TABLE sharing_bundle IN SHARE ROW EXCLUSIVE MODE"))
        worker = threading.Thread(target=build)
        worker.start()
        with kh.engine.connect() as probe:  # until the build waits on the lock
            for _ in range(600):
                waiting = probe.execute(
                    text("SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                         "WHERE c.relname = 'sharing_bundle' AND NOT l.granted")
                ).scalar_one()  # fmt: skip
                probe.rollback()
                if waiting:
                    break
                worker.join(timeout=0.1)
            assert waiting, "the build never reached its write"
        with session_scope(kh.engine) as session:
            partners.revoke(session, "TH-DSDW", actor="admin-kh", reason="key reported lost")
        holder.rollback()  # releases the lock: the build goes on
    worker.join(timeout=120)
    assert len(outcome) == 1 and isinstance(outcome[0], Invalid), outcome
    assert "revoked" in str(outcome[0]) and "while the bundle was built" in str(outcome[0])
    with session_scope(kh.engine) as session:
        assert session.scalar(select(func.count()).select_from(SharedRecord)) == 0
        out = select(func.count()).select_from(SharingBundle).where(SharingBundle.direction == "out")
        assert session.scalar(out) == 0
