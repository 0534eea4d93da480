"""The keyring: numbered AES-256 data keys (one current) and the blind-index key.

Keys come from TIPNET_ENCRYPTION_KEY (one key, version 1) or from a key file, JSON
`{"current": 2, "keys": {"1": "<b64>", "2": "<b64>"}, "index_key": "<b64>"}`, created with
mode 0600 on first use. Rotation adds a version to the file; old versions stay until no sealed
row uses them (`tipnet keys rotate --retire`). Keys are never logged.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from tipnet.security.config import SecuritySettings, security_settings


class KeyringError(RuntimeError):
    """The keyring is missing, malformed, or lacks a version a sealed row needs."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    raw = base64.b64decode(text.encode("ascii"), validate=True)
    if len(raw) != 32:
        raise KeyringError("keys must be 32 bytes (base64-encoded)")
    return raw


@dataclass
class Keyring:
    current: int
    keys: dict[int, bytes]
    index_key: bytes
    path: Path | None = None  # None: from the environment, cannot rotate
    next_index_key: bytes | None = None  # during an index-key rotation: the key being rolled out
    _repr_hidden: bool = field(default=True, repr=False)

    def __repr__(self) -> str:  # never show key material
        return f"Keyring(current={self.current}, versions={sorted(self.keys)}, path={self.path})"

    def key(self, version: int) -> bytes:
        try:
            return self.keys[version]
        except KeyError:
            raise KeyringError(f"key version {version} is not in the keyring") from None

    def save(self) -> None:
        if self.path is None:
            raise KeyringError("keys from TIPNET_ENCRYPTION_KEY cannot be rotated; use a key file")
        tmp = self._write_temp()
        os.replace(tmp, self.path)

    def save_new(self) -> bool:
        """Create the key file only if none exists (atomic: two starting processes cannot both win).

        False when another process created it first; the caller then reads that one.
        """
        assert self.path is not None
        tmp = self._write_temp()
        try:
            os.link(tmp, self.path)
        except FileExistsError:
            return False
        finally:
            os.unlink(tmp)
        return True

    def _write_temp(self) -> Path:
        assert self.path is not None
        doc: dict[str, object] = {
            "current": self.current,
            "keys": {str(v): _b64(k) for v, k in sorted(self.keys.items())},
            "index_key": _b64(self.index_key),
        }
        if self.next_index_key is not None:
            doc["next_index_key"] = _b64(self.next_index_key)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(doc, fh)
        return tmp

    def add_version(self) -> int:
        version = max(self.keys) + 1
        self.keys[version] = secrets.token_bytes(32)
        self.current = version
        return version


def _derive_index_key(data_key: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"tipnet blind index").derive(data_key)


def load_keyring(settings: SecuritySettings | None = None, *, create: bool = True) -> Keyring:
    """The keyring from the environment or the key file (created when missing and `create`)."""
    settings = settings or security_settings()
    if settings.encryption_key:
        key = _unb64(settings.encryption_key)
        index = _unb64(settings.index_key) if settings.index_key else _derive_index_key(key)
        return Keyring(current=1, keys={1: key}, index_key=index)
    path = settings.resolved_key_file
    if not path.exists():
        if not create:
            raise KeyringError(f"no key file at {path}")
        ring = Keyring(
            current=1, keys={1: secrets.token_bytes(32)}, index_key=secrets.token_bytes(32), path=path
        )
        if ring.save_new():
            return ring
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        keys = {int(v): _unb64(k) for v, k in doc["keys"].items()}
        ring = Keyring(current=int(doc["current"]), keys=keys, index_key=_unb64(doc["index_key"]), path=path)
        if doc.get("next_index_key"):
            ring.next_index_key = _unb64(doc["next_index_key"])
    except (ValueError, KeyError, TypeError) as exc:
        raise KeyringError(f"malformed key file {path}") from exc
    if ring.current not in ring.keys:
        raise KeyringError(f"key file {path}: current version missing")
    return ring
