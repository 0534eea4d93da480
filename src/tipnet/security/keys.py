"""The keyring: numbered AES-256 data keys (one current) and the blind-index key.

Keys come from TIPNET_ENCRYPTION_KEY (one key, version 1) or from a key file, JSON
`{"current": 2, "keys": {"1": "<b64>", "2": "<b64>"}, "checks": {"1": "<hex>", ...},
"index_key": "<b64>"}`. The file is created only by an explicit step (`tipnet keys init`, or the
demo / `tipnet db upgrade` on an empty store, through `init_keyring`), never because it is missing:
a missing file is an error, since a new key cannot read what the old one sealed.

Each version carries a check value (an HMAC of a constant under the key), kept in the file and in
the store's `key_check` table (tipnet.security.keyguard), so a wrong key file is refused at start.

A file-backed keyring follows its file: `refresh()` re-reads it when its inode, size or mtime
changed (callers refresh per request and before sealing), and asking for a version it lacks
re-reads it once before failing, so a server picks up `tipnet keys rotate` while it runs.
Keys are never logged.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from tipnet.security.config import SecuritySettings, security_settings
from tipnet.store.files import private_dir

_CHECK_CONSTANT = b"tipnet key check v1"


class KeyringError(RuntimeError):
    """The keyring is missing, malformed, or lacks a version a sealed row needs."""


class KeyFileMissing(KeyringError):
    """No key file where one is expected (it is never created implicitly)."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    raw = base64.b64decode(text.encode("ascii"), validate=True)
    if len(raw) != 32:
        raise KeyringError("keys must be 32 bytes (base64-encoded)")
    return raw


def check_value(key: bytes) -> str:
    """The public check value of a key: HMAC-SHA256 of a constant under it (hex, 128 bits)."""
    return hmac.new(key, _CHECK_CONSTANT, hashlib.sha256).hexdigest()[:32]


def _stat_signature(path: Path) -> tuple[int, int, int, int] | None:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


@dataclass
class Keyring:
    current: int
    keys: dict[int, bytes]
    index_key: bytes
    path: Path | None = None  # None: from the environment, cannot rotate
    next_index_key: bytes | None = None  # during an index-key rotation: the key being rolled out
    # The seed of this install's partner identity (tipnet.sharing.identity: Ed25519 signing and
    # X25519 encryption keys derived from it), kept in the key file beside the data keys so it has
    # their protection and backup; None until `tipnet partners keygen`. Rotation keeps it.
    sharing_seed: bytes | None = None
    # Former partner identities after `tipnet partners rotate --self`: (seed, retired at, accepted
    # until), ISO times, kept so bundles partners sealed to the old key in the overlap still open.
    former_sharing: list[tuple[bytes, str, str]] = field(default_factory=list)
    _repr_hidden: bool = field(default=True, repr=False)
    _signature: tuple[int, int, int, int] | None = field(default=None, repr=False, compare=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)
    # Versions this process held and the key file has since dropped (retired): kept to open what a
    # read fetched before the re-seal (see `refresh`), never to seal; gone when the process ends.
    _former: dict[int, bytes] = field(default_factory=dict, repr=False, compare=False)

    def __repr__(self) -> str:  # never show key material
        return f"Keyring(current={self.current}, versions={sorted(self.keys)}, path={self.path})"

    def checks(self) -> dict[int, str]:
        return {v: check_value(k) for v, k in self.keys.items()}

    def key(self, version: int) -> bytes:
        try:
            return self.keys[version]
        except KeyError:
            pass
        self.refresh(force=True)  # rotated by another process since we read the file?
        try:
            return self.keys[version]
        except KeyError:
            pass
        try:
            return self._former[version]
        except KeyError:
            raise KeyringError(f"key version {version} is not in the keyring") from None

    def refresh(self, *, force: bool = False) -> bool:
        """Re-read the key file if it changed on disk (or always, with `force`); True if re-read.

        The object is updated in place, so every holder (a server's app state) sees the new keys.
        A vanished or unreadable file keeps the keys in memory (and the next refresh tries again).
        """
        if self.path is None:
            return False
        sig = _stat_signature(self.path)
        if sig is None or (sig == self._signature and not force):
            return False
        with self._lock:
            try:
                fresh = _read_file(self.path)
            except (KeyringError, OSError):
                return False
            # widen the key set before switching the current version, so a reader never sees a
            # current version without its key
            self.keys = {**self.keys, **fresh.keys}
            self.index_key = fresh.index_key
            self.next_index_key = fresh.next_index_key
            self.sharing_seed = fresh.sharing_seed
            self.former_sharing = fresh.former_sharing
            self.current = fresh.current
            # A retired version leaves the file, but a request of this process may have fetched a
            # record sealed under it just before the re-seal (PostgreSQL's READ COMMITTED) and not
            # opened it yet: keep its key in memory for opening only (tests/hostile/test_key_retire_race).
            self._former.update({v: k for v, k in self.keys.items() if v not in fresh.keys})
            self.keys = fresh.keys
            self._signature = fresh._signature
        return True

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the key file's writer lock (an flock on a lock file beside it): read-modify-write of
        the file by `rotate`, `retire` and `reseal` never interleave between processes."""
        if self.path is None:
            raise KeyringError("keys from TIPNET_ENCRYPTION_KEY cannot be rotated; use a key file")
        import fcntl

        private_dir(self.path.parent, always=True)
        lock = self.path.with_name(f".{self.path.name}.lock")
        fd = os.open(lock, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)

    @property
    def screening_index_key(self) -> bytes:
        """The key of a saved screening index's integrity tag (HMAC-SHA256), derived from the
        blind-index key: no key file of its own, and an index saved under another keyring (or after
        the blind-index key is rotated) is refused and must be rebuilt."""
        return HKDF(
            algorithm=hashes.SHA256(), length=32, salt=None, info=b"tipnet screening index integrity"
        ).derive(self.index_key)

    def save(self) -> None:
        if self.path is None:
            raise KeyringError("keys from TIPNET_ENCRYPTION_KEY cannot be rotated; use a key file")
        tmp = self._write_temp()
        os.replace(tmp, self.path)
        _fsync_dir(self.path.parent)
        self._signature = _stat_signature(self.path)

    def save_new(self) -> bool:
        """Create the key file only if none exists (atomic: two processes cannot both win).

        False when another process created it first.
        """
        assert self.path is not None
        tmp = self._write_temp()
        try:
            os.link(tmp, self.path)
        except FileExistsError:
            return False
        finally:
            os.unlink(tmp)
        _fsync_dir(self.path.parent)
        self._signature = _stat_signature(self.path)
        return True

    def _write_temp(self) -> Path:
        """The keyring written to an unpredictable, exclusive 0600 file beside the key file."""
        assert self.path is not None
        doc: dict[str, object] = {
            "current": self.current,
            "keys": {str(v): _b64(k) for v, k in sorted(self.keys.items())},
            "checks": {str(v): c for v, c in sorted(self.checks().items())},
            "index_key": _b64(self.index_key),
        }
        if self.next_index_key is not None:
            doc["next_index_key"] = _b64(self.next_index_key)
        if self.sharing_seed is not None:
            doc["sharing_seed"] = _b64(self.sharing_seed)
        if self.former_sharing:
            doc["former_sharing"] = [
                {"seed": _b64(seed), "retired_at": retired, "accept_until": until}
                for seed, retired, until in self.former_sharing
            ]
        private_dir(self.path.parent, always=True)
        tmp = self.path.with_name(f".{self.path.name}.{secrets.token_hex(16)}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(doc, fh)
                fh.flush()
                os.fsync(fh.fileno())
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return tmp

    def add_version(self, *, above: int = 0) -> int:
        """A new random data key, made current; its number is above every version known here and
        `above` (the store's highest, retired ones included), so numbers are never reused."""
        version = max(max(self.keys), above) + 1
        self.keys[version] = secrets.token_bytes(32)
        self.current = version
        return version


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory fds
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


def _derive_index_key(data_key: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"tipnet blind index").derive(data_key)


def missing_file_message(path: Path) -> str:
    return (
        f"no key file at {path}. tipnet never creates one implicitly: if this store already holds "
        "sealed victim data, restore the key file from the backup taken with the store (or point "
        "TIPNET_KEY_FILE at it); only for a new, empty store run `tipnet keys init`."
    )


def _read_file(path: Path) -> Keyring:
    sig = _stat_signature(path)
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        keys = {int(v): _unb64(k) for v, k in doc["keys"].items()}
        ring = Keyring(current=int(doc["current"]), keys=keys, index_key=_unb64(doc["index_key"]), path=path)
        if doc.get("next_index_key"):
            ring.next_index_key = _unb64(doc["next_index_key"])
        if doc.get("sharing_seed"):
            ring.sharing_seed = _unb64(doc["sharing_seed"])
        ring.former_sharing = [
            (_unb64(f["seed"]), str(f["retired_at"]), str(f["accept_until"]))
            for f in doc.get("former_sharing") or []
        ]
        checks = {int(v): str(c) for v, c in (doc.get("checks") or {}).items()}
    except FileNotFoundError:
        raise KeyFileMissing(missing_file_message(path)) from None
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise KeyringError(f"malformed key file {path}") from exc
    if ring.current not in ring.keys:
        raise KeyringError(f"key file {path}: current version missing")
    for version, check in checks.items():
        if version in ring.keys and not hmac.compare_digest(check, check_value(ring.keys[version])):
            raise KeyringError(f"key file {path}: key version {version} does not match its check value")
    ring._signature = sig
    return ring


def load_keyring(settings: SecuritySettings | None = None) -> Keyring:
    """The keyring from the environment or the key file; KeyFileMissing if there is no file."""
    settings = settings or security_settings()
    if settings.encryption_key:
        key = _unb64(settings.encryption_key)
        index = _unb64(settings.index_key) if settings.index_key else _derive_index_key(key)
        return Keyring(current=1, keys={1: key}, index_key=index)
    return _read_file(settings.resolved_key_file)


def init_keyring(settings: SecuritySettings | None = None) -> Keyring:
    """Create a new key file (version 1 and an index key); KeyringError if one exists already."""
    settings = settings or security_settings()
    if settings.encryption_key:
        raise KeyringError("TIPNET_ENCRYPTION_KEY is set: keys come from the environment, no key file")
    path = settings.resolved_key_file
    ring = Keyring(current=1, keys={1: secrets.token_bytes(32)}, index_key=secrets.token_bytes(32), path=path)
    if not ring.save_new():
        raise KeyringError(f"a key file exists already at {path}; it was left untouched")
    return ring


def key_file_exists(settings: SecuritySettings | None = None) -> bool:
    settings = settings or security_settings()
    return bool(settings.encryption_key) or settings.resolved_key_file.exists()
