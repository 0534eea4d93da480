"""Bundles, pure: sign then encrypt a payload for one partner, and open one (decrypt, verify).

Why PyNaCl: it binds libsodium, whose primitives (Ed25519 signatures, X25519 + XSalsa20-Poly1305
sealed boxes) are audited, constant-time and maintained, and leaves no parameter to get wrong.

The file is a small JSON document: `format`, `kind`, the `sender` and `recipient` fingerprints (in
clear, so a bundle for someone else is refused with a clear message before any key is used) and the
ciphertext: a sealed box to the recipient's X25519 key of `{signer, signature, body}`, where body is
the canonical JSON of the payload and the signature is the sender's Ed25519 signature over it. The
payload's manifest names the sender and the recipient again, inside the signature, so a bundle
re-encrypted to a third party by its recipient (surreptitious forwarding) is refused, and the clear
header cannot be altered to pass for another partner's. Any changed byte fails decryption or the
signature: the bundle is refused whole, before anything is written.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, BinaryIO

from nacl.exceptions import BadSignatureError, CryptoError
from nacl.public import PrivateKey, PublicKey, SealedBox
from nacl.signing import SigningKey, VerifyKey

FORMAT = "tipnet-bundle/1"
KINDS = ("records", "withdrawal")
MAX_BYTES = 256 * 1024 * 1024


class BundleRefused(ValueError):
    """The bundle is not opened: not a bundle, not for us, tampered, unsigned, unknown or revoked
    signer. The message says which; nothing was written."""


def canonical(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def seal(
    payload: dict[str, Any],
    *,
    kind: str,
    signing_key: SigningKey,
    sender: str,
    recipient: str,
    recipient_box_key: bytes,
) -> bytes:
    """The bundle file's bytes: `payload` signed by `signing_key`, sealed to `recipient_box_key`."""
    if kind not in KINDS:
        raise ValueError(f"kind: one of {', '.join(KINDS)}")
    body = canonical(payload)
    signature = signing_key.sign(body).signature
    inner = canonical(
        {
            "signer": sender,
            "signature": base64.b64encode(signature).decode("ascii"),
            "body": base64.b64encode(body).decode("ascii"),
        }
    )
    ciphertext = SealedBox(PublicKey(recipient_box_key)).encrypt(inner)
    outer = {
        "format": FORMAT,
        "kind": kind,
        "sender": sender,
        "recipient": recipient,
        "ciphertext": base64.b64encode(ciphertext).decode("ascii"),
    }
    return canonical(outer) + b"\n"


@dataclass(frozen=True)
class Opened:
    kind: str
    sender: str  # the signer's fingerprint, verified
    payload: dict[str, Any]
    sha256: str


def _json(data: bytes) -> Any:
    """Parsed JSON, or ValueError: not UTF-8, not JSON, or nested too deep to parse (a crafted
    line of brackets raises RecursionError in the parser; it is refused like any other non-JSON)."""
    try:
        return json.loads(data.decode("utf-8"))
    except RecursionError:
        raise ValueError("nested too deep") from None


def _b64(value: Any, what: str) -> bytes:
    if not isinstance(value, str):
        raise BundleRefused(f"{what}: missing")
    try:
        return base64.b64decode(value.encode("ascii"), validate=True)
    except (binascii.Error, ValueError, UnicodeEncodeError):
        raise BundleRefused(f"{what}: not base64 (altered bundle?)") from None


def open_bundle(
    data: bytes,
    *,
    box_key: PrivateKey,
    me: str,
    verify_key_of: Callable[[str], bytes],
    former: Mapping[str, PrivateKey] | None = None,
    closed: Mapping[str, str] | None = None,
) -> Opened:
    """Decrypt and verify a bundle addressed to `me`. `verify_key_of(fingerprint)` gives the
    registered signer's key or raises BundleRefused (unknown, revoked, retired). After we rotated our
    own keys, `former` holds the retired identities still accepted (fingerprint -> box key) and
    `closed` says why the others are not. Raises BundleRefused."""
    if len(data) > MAX_BYTES:
        raise BundleRefused(f"larger than {MAX_BYTES // (1024 * 1024)} MB: not a bundle tipnet writes")
    try:
        outer = _json(data)
    except (UnicodeDecodeError, ValueError):
        raise BundleRefused("not a tipnet bundle (not JSON)") from None
    if not isinstance(outer, dict) or outer.get("format") != FORMAT:
        raise BundleRefused(f"not a tipnet bundle (format is not {FORMAT})")
    kind = outer.get("kind")
    if kind not in KINDS:
        raise BundleRefused("kind: unknown")
    recipient = outer.get("recipient")
    if not isinstance(recipient, str):
        raise BundleRefused("recipient: missing")
    if recipient != me and recipient in (former or {}):
        box_key = (former or {})[recipient]
    elif recipient != me and recipient in (closed or {}):
        raise BundleRefused(f"sealed to this install's retired key: {(closed or {})[recipient]}")
    elif recipient != me:
        raise BundleRefused(f"wrong recipient: this bundle is for {recipient!r}, this install is {me!r}")
    sender = outer.get("sender")
    if not isinstance(sender, str):
        raise BundleRefused("sender: missing")
    # The sender named in clear must be a partner whose key we accept (not unknown, revoked, or
    # retired past its overlap) before anything is decrypted: anyone holding our public card can
    # seal a box to us, and decrypting a large one costs memory. The signer inside must be the same.
    verify_key = verify_key_of(sender)
    ciphertext = _b64(outer.pop("ciphertext", None), "ciphertext")
    del outer
    try:
        inner_bytes = SealedBox(box_key).decrypt(ciphertext)
    except CryptoError:
        raise BundleRefused(
            "cannot decrypt: the bundle was altered, or not sealed to this install's key"
        ) from None
    del ciphertext
    try:
        inner = _json(inner_bytes)
    except (UnicodeDecodeError, ValueError):
        raise BundleRefused("not a tipnet bundle (inner document)") from None
    del inner_bytes
    if not isinstance(inner, dict) or not inner.get("signature"):
        raise BundleRefused("unsigned: the bundle carries no signature")
    signer = inner.get("signer")
    if not isinstance(signer, str) or signer != sender:
        raise BundleRefused("the signer inside does not match the sender outside (altered bundle?)")
    signature = _b64(inner.get("signature"), "signature")
    body = _b64(inner.get("body"), "body")
    try:
        VerifyKey(verify_key).verify(body, signature)
    except (BadSignatureError, ValueError):
        raise BundleRefused("bad signature: altered, or not signed by the registered partner's key") from None
    try:
        payload = _json(body)
    except (UnicodeDecodeError, ValueError):
        raise BundleRefused("payload: not JSON") from None
    if not isinstance(payload, dict) or not isinstance(payload.get("manifest"), dict):
        raise BundleRefused("payload: no manifest")
    manifest = payload["manifest"]
    if manifest.get("sender") != signer or manifest.get("recipient") != recipient:
        raise BundleRefused(
            "the signed manifest names another sender or recipient (a bundle forwarded by its recipient?)"
        )
    if manifest.get("kind") != kind:
        raise BundleRefused("the signed manifest's kind differs from the header's")
    return Opened(kind=kind, sender=signer, payload=payload, sha256=hashlib.sha256(data).hexdigest())


# --- large bundles: parts, read one at a time ---------------------------------------------------

FORMAT_PARTS = "tipnet-bundle/2"
PART_RECORDS = 1000  # records per part: what the receiver holds in memory at once
MAX_PARTS = 10_000
MAX_HEADER_BYTES = 64 * 1024
# A part holds at most PART_RECORDS records (a handover, however many persons, travels in one part):
# a few MB. The cap bounds what one line of a crafted file costs to read and open.
MAX_PART_BYTES = 64 * 1024 * 1024


def seal_parts(
    payloads: list[dict[str, Any]],
    *,
    kind: str,
    signing_key: SigningKey,
    sender: str,
    recipient: str,
    recipient_box_key: bytes,
) -> bytes:
    """A bundle in parts: a header line (format, kind, sender, recipient, number of parts), then one
    line per part, each a sealed, signed bundle of its own whose signed manifest says which part of
    how many it is (and carries the same bundle id). The receiver reads, verifies and imports one part
    at a time, in one transaction, and refuses the whole if a part is missing, repeated, out of order
    or from another bundle. One payload: a plain single bundle (tipnet-bundle/1)."""
    if len(payloads) == 1:
        return seal(
            payloads[0],
            kind=kind,
            signing_key=signing_key,
            sender=sender,
            recipient=recipient,
            recipient_box_key=recipient_box_key,
        )
    header = {
        "format": FORMAT_PARTS,
        "kind": kind,
        "sender": sender,
        "recipient": recipient,
        "parts": len(payloads),
    }
    lines = [canonical(header) + b"\n"]
    for payload in payloads:
        lines.append(
            seal(
                payload,
                kind=kind,
                signing_key=signing_key,
                sender=sender,
                recipient=recipient,
                recipient_box_key=recipient_box_key,
            )
        )
    return b"".join(lines)


class Parts:
    """The verified parts of a bundle file, read one line at a time (bounded memory): iterate for
    Opened parts; `sha256` (of the whole file) once iteration ended. Raises BundleRefused."""

    def __init__(
        self,
        source: BinaryIO,
        *,
        box_key: PrivateKey,
        me: str,
        verify_key_of: Callable[[str], bytes],
        former: Mapping[str, PrivateKey] | None = None,
        closed: Mapping[str, str] | None = None,
    ) -> None:
        self._source = source
        self._keys: dict[str, Any] = {
            "box_key": box_key,
            "me": me,
            "verify_key_of": verify_key_of,
            "former": former,
            "closed": closed,
        }
        self._hash = hashlib.sha256()
        self.count = 1
        self.sha256 = ""

    def _line(self, limit: int, what: str) -> bytes:
        line = self._source.readline(limit + 1)
        if len(line) > limit:
            raise BundleRefused(f"{what} larger than {limit // (1024 * 1024)} MB: not a bundle tipnet writes")
        self._hash.update(line)
        return line

    def __iter__(self) -> Iterator[Opened]:
        first = self._line(MAX_BYTES, "a bundle")
        header = None
        if len(first) <= MAX_HEADER_BYTES:  # a header is small; a large first line is a single bundle
            try:
                header = _json(first)
            except (UnicodeDecodeError, ValueError):
                header = None
        if not isinstance(header, dict) or header.get("format") != FORMAT_PARTS:
            rest = self._source.read(MAX_BYTES + 1)  # a single bundle: one line (anything after is refused)
            self._hash.update(rest)
            if rest.strip():
                raise BundleRefused("not a tipnet bundle (data after the bundle)")
            opened = open_bundle(first, **self._keys)
            if opened.payload["manifest"].get("part") is not None:
                raise BundleRefused("one part of a bundle in parts, alone: nothing imported")
            self.sha256 = self._hash.hexdigest()
            yield opened
            return
        count = header.get("parts")
        if not isinstance(count, int) or isinstance(count, bool) or not 2 <= count <= MAX_PARTS:
            raise BundleRefused("parts: not a number of parts tipnet writes")
        self.count = count
        for index in range(count):
            line = self._line(MAX_PART_BYTES, f"part {index + 1}")
            if not line.strip():
                raise BundleRefused(f"truncated: {index} of {count} parts; nothing imported")
            opened = open_bundle(line, **self._keys)
            if opened.kind != header.get("kind") or opened.sender != header.get("sender"):
                raise BundleRefused(f"part {index + 1}: another kind or sender than the header's")
            part = opened.payload["manifest"].get("part")
            if part != {"index": index, "count": count}:
                raise BundleRefused(
                    f"part {index + 1} of {count}: its signed manifest says another place (parts reordered, "
                    "repeated or from another bundle?)"
                )
            yield opened
        if self._line(MAX_PART_BYTES, "what follows the last part").strip():
            raise BundleRefused(f"more than the {count} parts the header announces")
        self.sha256 = self._hash.hexdigest()
