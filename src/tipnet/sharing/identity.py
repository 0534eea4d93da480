"""This install's partner identity: an Ed25519 signing key and an X25519 encryption key, both derived
from one 32-byte seed kept in the key file beside the data keys (tipnet.security.keys), so it shares
their protection (0600 file, private directory, never logged) and their backup, and survives key
rotation. Created only by an explicit step (`tipnet partners keygen`), never because it is missing:
a new identity would make every partner refuse our bundles until they registered it again.

What partners register is the public card: both public keys and their fingerprint, which people
compare out of band (a phone call, a signed letter) before trusting a key.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from nacl.public import PrivateKey
from nacl.signing import SigningKey

from tipnet.security.keys import Keyring, KeyringError


class NoIdentity(KeyringError):
    """This install has no partner identity yet (`tipnet partners keygen`)."""


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str, *, what: str = "key") -> bytes:
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError):
        raise ValueError(f"{what}: not base64") from None
    if len(raw) != 32:
        raise ValueError(f"{what}: expected 32 bytes")
    return raw


def fingerprint(sign_key: bytes, box_key: bytes) -> str:
    """SHA-256 over both public keys, 160 bits in groups of four hex digits (as PGP shows them)."""
    digest = hashlib.sha256(b"tipnet partner v1\0" + sign_key + box_key).hexdigest()[:40]
    return " ".join(digest[i : i + 4] for i in range(0, 40, 4)).upper()


def _derive(seed: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(seed)


@dataclass(frozen=True)
class Identity:
    """Our private keys (never printed: the repr shows the fingerprint only)."""

    signing: SigningKey
    box: PrivateKey

    @property
    def sign_public(self) -> bytes:
        return bytes(self.signing.verify_key)

    @property
    def box_public(self) -> bytes:
        return bytes(self.box.public_key)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.sign_public, self.box_public)

    def card(self, code: str, name: str, country: str | None = None) -> dict[str, str | None]:
        """The public card a partner registers (`tipnet partners add --card`)."""
        return {
            "format": "tipnet-partner-card/1",
            "code": code,
            "name": name,
            "country": country,
            "sign_key": b64(self.sign_public),
            "box_key": b64(self.box_public),
            "fingerprint": self.fingerprint,
        }

    def __repr__(self) -> str:
        return f"Identity(fingerprint={self.fingerprint!r})"


def from_seed(seed: bytes) -> Identity:
    """Two independent keys from one seed (HKDF with distinct labels), not one key used twice."""
    return Identity(
        signing=SigningKey(_derive(seed, b"tipnet sharing ed25519")),
        box=PrivateKey(_derive(seed, b"tipnet sharing x25519")),
    )


def load(ring: Keyring) -> Identity:
    ring.refresh()
    if ring.sharing_seed is None:
        raise NoIdentity(
            "this install has no partner identity: run `tipnet partners keygen` once (it is kept in "
            "the key file, back it up with the store)"
        )
    return from_seed(ring.sharing_seed)


def create(ring: Keyring) -> Identity:
    """Add a new identity to the key file; refused if it has one (partners know that one)."""
    with ring.locked():
        ring.refresh(force=True)
        if ring.sharing_seed is not None:
            raise KeyringError(
                "this install has a partner identity already; it was left untouched (partners "
                "registered its keys)"
            )
        ring.sharing_seed = secrets.token_bytes(32)
        ring.save()
    return from_seed(ring.sharing_seed)


# --- rotation of our own identity ---------------------------------------------------------------

ANNOUNCEMENT_FORMAT = "tipnet-key-rotation/1"
MAX_OVERLAP_DAYS = 90  # how long a retired key may still be used, at most (both sides cap it)


def _utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


@dataclass(frozen=True)
class Former:
    """A retired identity of ours: bundles partners sealed to it still open until `accept_until`."""

    identity: Identity
    retired_at: datetime
    accept_until: datetime


def former(ring: Keyring) -> list[Former]:
    ring.refresh()
    return [
        Former(from_seed(seed), datetime.fromisoformat(retired), datetime.fromisoformat(until))
        for seed, retired, until in ring.former_sharing
    ]


def rotate(ring: Keyring, *, overlap_days: int, now: datetime | None = None) -> tuple[Identity, Former]:
    """A new identity made current; the old one kept as former, accepted `overlap_days` more for
    bundles in transit. Formers whose window closed are dropped from the key file (their public keys
    stay with the partners, so what they signed stays verifiable)."""
    if not 0 <= overlap_days <= MAX_OVERLAP_DAYS:
        raise KeyringError(f"overlap: 0 to {MAX_OVERLAP_DAYS} days")
    now = now or _utcnow()
    with ring.locked():
        ring.refresh(force=True)
        if ring.sharing_seed is None:
            raise NoIdentity("this install has no partner identity to rotate (`tipnet partners keygen`)")
        old_seed = ring.sharing_seed
        until = now + timedelta(days=overlap_days)
        kept = [f for f in ring.former_sharing if datetime.fromisoformat(f[2]) >= now]
        ring.former_sharing = [*kept, (old_seed, now.isoformat(), until.isoformat())]
        ring.sharing_seed = secrets.token_bytes(32)
        ring.save()
    return from_seed(ring.sharing_seed), Former(from_seed(old_seed), now, until)


def _announce_body(doc: dict[str, object]) -> bytes:
    body = {k: v for k, v in doc.items() if k not in ("signature_old", "signature_new")}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def announcement(
    old: Identity, new: Identity, *, code: str, name: str, country: str | None, accept_until: datetime
) -> dict[str, object]:
    """What partners apply (`tipnet partners rotate CODE --announcement`): the new card, signed by
    the old key (so the partner trusts it as it trusted the old one, no new phone call needed) and by
    the new key (proof that whoever announces it holds it)."""
    doc: dict[str, object] = {
        "format": ANNOUNCEMENT_FORMAT,
        "old_fingerprint": old.fingerprint,
        "card": new.card(code, name, country),
        "issued_at": _utcnow().isoformat(),
        "accept_old_until": accept_until.isoformat(),
    }
    body = _announce_body(doc)
    doc["signature_old"] = b64(old.signing.sign(body).signature)
    doc["signature_new"] = b64(new.signing.sign(body).signature)
    return doc


def announcement_body(doc: dict[str, object]) -> bytes:
    """The bytes both signatures of an announcement cover."""
    return _announce_body(doc)
