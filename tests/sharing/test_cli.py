"""`tipnet partners` and `tipnet share` end to end between two installs, on both databases: exit
codes, messages, and no victim's data on the screen or in the logs."""

from __future__ import annotations

import base64
import json
import logging
from datetime import date, timedelta
from pathlib import Path

import pytest
from tests.sharing.installs import SECRET_WORDS, Install, consent, shared_case
from typer.testing import CliRunner, Result

from tipnet.cli import app
from tipnet.security.keys import KeyringError

Pair = tuple[Install, Install]


def run(install: Install, monkeypatch: pytest.MonkeyPatch, *args: str) -> Result:
    install.env(monkeypatch)
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def no_secrets(text: str) -> None:
    for word in SECRET_WORDS:
        assert word not in text, f"{word!r} leaked"


def test_share_import_withdraw_purge_by_cli(
    pair: Pair, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    kh, th = pair
    case_id, (v1, _v2) = shared_case(kh)
    out = tmp_path / "to-th.tnb"
    screen = []
    listed = run(kh, monkeypatch, "partners", "list")
    assert listed.exit_code == 0 and "TH-DSDW" in listed.output and "victim-support" in listed.output
    made = run(
        kh, monkeypatch, "share", "bundle", "--partner", "TH-DSDW", "--purpose", "victim-support",
        "--case", str(case_id), "--reason", "shelter placement", "--out", str(out),
    )  # fmt: skip
    screen.append(made.output)
    assert made.exit_code == 0, made.output
    assert "1 record(s)" in made.output and "left out: 2 person(s)" in made.output
    assert "withheld (outside the agreement): prs_IdentityNumber in 1 record(s)" in made.output
    assert out.exists() and not list(tmp_path.glob(".*.tmp"))

    tampered = tmp_path / "tampered.tnb"
    doc = json.loads(out.read_bytes())
    raw = bytearray(base64.b64decode(doc["ciphertext"]))
    raw[-5] ^= 0x80
    doc["ciphertext"] = base64.b64encode(bytes(raw)).decode()
    tampered.write_text(json.dumps(doc))
    refused = run(th, monkeypatch, "share", "import", str(tampered))
    screen.append(refused.output)
    assert refused.exit_code == 2 and "cannot decrypt" in refused.output

    imported = run(th, monkeypatch, "share", "import", str(out))
    screen.append(imported.output)
    assert imported.exit_code == 0, imported.output
    assert "1 added, 0 updated, 0 rejected" in imported.output
    again = run(th, monkeypatch, "share", "import", str(out))
    assert again.exit_code == 0 and "imported already" in again.output

    consent(kh, case_id, v1, given=False)
    notices = tmp_path / "notices"
    sent = run(kh, monkeypatch, "share", "withdrawals", "--out", str(notices))
    screen.append(sent.output)
    assert sent.exit_code == 0 and "withdrawal notice for TH-DSDW: 1 record(s)" in sent.output
    (notice,) = notices.glob("*.tnb")
    applied = run(th, monkeypatch, "share", "import", str(notice))
    screen.append(applied.output)
    assert applied.exit_code == 0 and "1 record(s) withdrawn" in applied.output

    due = run(kh, monkeypatch, "share", "status")
    assert due.exit_code == 0 and "TH-DSDW" in due.output
    row = next(line for line in due.output.splitlines() if "TH-DSDW" in line)
    assert [c.strip() for c in row.split("│") if c.strip()] == ["TH-DSDW", "active", "2", "0", "0", "0", "0"]
    held = run(th, monkeypatch, "share", "status")
    row = next(line for line in held.output.splitlines() if "KH-NCCT" in line)
    assert [c.strip() for c in row.split("│") if c.strip()] == ["KH-NCCT", "active", "0", "2", "0", "0", "0"]
    later = (date.today() + timedelta(days=400)).isoformat()
    purged = run(th, monkeypatch, "partners", "purge", "--today", later)
    screen.append(purged.output)
    assert purged.exit_code == 0 and "deleted 1 received record(s)" in purged.output  # the tombstone too
    no_secrets("\n".join(screen))
    no_secrets(caplog.text)


def test_register_by_card_checks_the_fingerprint_and_revokes(
    pair: Pair, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kh, th = pair
    card = tmp_path / "kh.card.json"
    shown = run(kh, monkeypatch, "partners", "me", "--code", "KH-NCCT2", "--name", "NCCT", "--out", str(card))
    assert shown.exit_code == 0 and kh.me.fingerprint in shown.output
    assert "sign_key" in card.read_text() and "seed" not in card.read_text()
    wrong = run(th, monkeypatch, "partners", "add", "--card", str(card), "--fingerprint", "0000 1111")
    assert wrong.exit_code == 2 and "fingerprint" in wrong.output
    # Same keys as the registered KH-NCCT: refused as a second registration.
    twice = run(th, monkeypatch, "partners", "add", "--card", str(card), "--fingerprint", kh.me.fingerprint)
    assert twice.exit_code == 2 and "registered already" in twice.output
    revoked = run(th, monkeypatch, "partners", "revoke", "KH-NCCT", "--reason", "key lost")
    assert revoked.exit_code == 0
    listed = run(th, monkeypatch, "partners", "list")
    assert "revoked" in listed.output
    again = run(th, monkeypatch, "partners", "keygen")
    assert again.exit_code == 2 and "left untouched" in again.output


def test_identity_survives_key_rotation(pair: Pair, monkeypatch: pytest.MonkeyPatch) -> None:
    kh, _th = pair
    before = kh.me.fingerprint
    rotated = run(kh, monkeypatch, "keys", "rotate")
    assert rotated.exit_code == 0, rotated.output
    kh.ring.refresh(force=True)
    assert kh.ring.current == 2 and kh.me.fingerprint == before


def test_no_identity_without_a_key_file() -> None:
    from tipnet.security.keys import Keyring
    from tipnet.sharing import identity

    env_ring = Keyring(current=1, keys={1: b"k" * 32}, index_key=b"i" * 32)
    with pytest.raises(identity.NoIdentity):
        identity.load(env_ring)
    with pytest.raises(KeyringError, match="TIPNET_ENCRYPTION_KEY"):
        identity.create(env_ring)
