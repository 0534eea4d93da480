"""Field encryption, blind indexes and key rotation."""

from __future__ import annotations

import base64
import os
import stat
from pathlib import Path

import pytest
from cryptography.exceptions import InvalidTag
from sqlalchemy import Engine, select

from tipnet.security import fields, sealing
from tipnet.security.config import SecuritySettings
from tipnet.security.keys import KeyringError, init_keyring, load_keyring
from tipnet.store.engine import session_scope
from tipnet.store.tables.people import Person
from tipnet.store.tables.security import PersonBlindIndex, PersonSecret

PAYLOAD = {
    "prs_FirstName": "Sok",
    "prs_SecondName": "Dara",
    "name_native": "សុខ ដារ៉ា",
    "prs_Birthdate": "1990-05-01",
}


def test_key_file_created_private(tmp_path: Path) -> None:
    ring = init_keyring(SecuritySettings(key_file=tmp_path / "k.json"))
    mode = stat.S_IMODE(os.stat(tmp_path / "k.json").st_mode)
    assert mode == 0o600
    material = base64.b64encode(ring.keys[1]).decode()
    assert material not in repr(ring) and str(ring.keys[1]) not in repr(ring)  # never shows key material
    again = load_keyring(SecuritySettings(key_file=tmp_path / "k.json"))
    assert again.keys == ring.keys and again.index_key == ring.index_key


def test_key_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    key = base64.b64encode(b"k" * 32).decode()
    monkeypatch.setenv("TIPNET_ENCRYPTION_KEY", key)
    ring = load_keyring()
    assert ring.current == 1 and ring.keys[1] == b"k" * 32 and ring.path is None
    with pytest.raises(KeyringError):
        ring.save()  # cannot rotate a key from the environment
    monkeypatch.setenv("TIPNET_ENCRYPTION_KEY", "c2hvcnQ=")
    with pytest.raises(KeyringError):
        load_keyring()


def test_seal_roundtrip_and_tamper(tmp_path: Path) -> None:
    ring = init_keyring(SecuritySettings(key_file=tmp_path / "k.json"))
    version, nonce, ct = fields.seal(ring, 7, PAYLOAD)
    assert b"Sok" not in ct and "សុខ".encode() not in ct
    assert fields.unseal(ring, 7, version, nonce, ct) == PAYLOAD
    with pytest.raises(InvalidTag):  # moved to another person
        fields.unseal(ring, 8, version, nonce, ct)
    with pytest.raises(InvalidTag):  # altered
        fields.unseal(ring, 7, version, nonce, ct[:-1] + bytes([ct[-1] ^ 1]))


def test_blind_index_finds_across_scripts(tmp_path: Path) -> None:
    ring = init_keyring(SecuritySettings(key_file=tmp_path / "k.json"))
    forms = fields.identity_forms(PAYLOAD)
    assert ("name", "សុខ") in forms and ("name", "sok") in forms and ("birth", "1990") in forms
    stored = fields.digests(ring, forms)
    for query in ("សុខ", "Sok", "DARA", "sok dara 1990", "1990-05"):
        groups = [fields.digests(ring, g) for g in fields.query_forms(query)]
        assert groups and all(g & stored for g in groups), query
    assert not fields.digests(ring, fields.query_forms("Vuthy")) & stored
    # Digests are keyed: another keyring gives other digests.
    other = init_keyring(SecuritySettings(key_file=tmp_path / "other.json"))
    assert not fields.digests(other, forms) & stored


def test_seal_person_and_rotate(engine: Engine, tmp_path: Path) -> None:
    ring = init_keyring(SecuritySettings(key_file=tmp_path / "k.json"))
    with session_scope(engine) as session:
        for i in range(7):
            person = Person(
                prs_FirstName=f"Name{i}", prs_SecondName="Dara", prs_Birthdate="1990-05-01", birth_year=1990
            )
            session.add(person)
            session.flush()
            sealing.seal_person(session, person, ring=ring)
    with session_scope(engine) as session:
        assert session.scalars(select(Person.prs_FirstName)).all() == [None] * 7
        assert set(session.scalars(select(PersonSecret.key_version))) == {1}
        assert session.scalar(select(PersonBlindIndex.id)) is not None
    result = sealing.rotate_keys(engine, ring, batch=3)
    assert result == {"version": 2, "resealed": 7, "batches": 3, "retired": 1}
    fresh = load_keyring(SecuritySettings(key_file=tmp_path / "k.json"))
    assert sorted(fresh.keys) == [2]
    with session_scope(engine) as session:
        assert set(session.scalars(select(PersonSecret.key_version))) == {2}
        people = session.scalars(select(Person).order_by(Person.id)).all()
        assert [sealing.open_person(session, p, fresh)["prs_FirstName"] for p in people] == [
            f"Name{i}" for i in range(7)
        ]
        # Blind indexes survive rotation of the data key.
        assert len(sealing.search(session, "dara", fresh)) == 7


def test_rotate_index_key(engine: Engine, tmp_path: Path) -> None:
    ring = init_keyring(SecuritySettings(key_file=tmp_path / "k.json"))
    with session_scope(engine) as session:
        sealed = Person(birth_year=1990)
        clear = Person(prs_FirstName="Chan", prs_SecondName="Vuthy")
        session.add_all([sealed, clear])
        session.flush()
        sealing.seal_person(session, sealed, {"prs_FirstName": "Sok", "name_native": "សុខ ដារ៉ា"}, ring)
        sealing.index_person(session, clear.id, sealing.clear_payload(clear), ring)
        old_digests = set(session.scalars(select(PersonBlindIndex.digest)))
    old_index_key = ring.index_key
    assert sealing.rotate_index_key(engine, ring, batch=1) == {"reindexed": 2, "hotline_reports": 0}
    fresh = load_keyring(SecuritySettings(key_file=tmp_path / "k.json"))
    assert fresh.index_key != old_index_key and fresh.next_index_key is None
    with session_scope(engine) as session:
        assert not set(session.scalars(select(PersonBlindIndex.digest))) & old_digests
        assert len(sealing.search(session, "សុខ", fresh)) == 1
        assert len(sealing.search(session, "vuthy", fresh)) == 1


def test_concurrent_init_creates_one_key_file(tmp_path: Path) -> None:
    """Two inits at once must not each write a key (data sealed with the loser's would be lost)."""
    from concurrent.futures import ThreadPoolExecutor

    settings = SecuritySettings(key_file=tmp_path / "keys" / "k.json")

    def init() -> bytes | None:
        try:
            return init_keyring(settings).keys[1]
        except KeyringError:
            return None

    with ThreadPoolExecutor(8) as pool:
        made = [k for k in pool.map(lambda _: init(), range(16)) if k is not None]
    assert len(made) == 1 and load_keyring(settings).keys[1] == made[0]
    assert [p.name for p in (tmp_path / "keys").iterdir()] == ["k.json"]
