"""The `.clk` file: one party's encodings, readable by a linkage unit that holds no key.

Layout (all integers big-endian):

    b"TIPNETCLK\\n"                 magic: refuses anything that is not an encoding
    uint32 n, header (JSON, UTF-8)  format version, schema (public parameters) and its digest,
                                    key check value, record count, filter bytes, id mode
    records x filter_bytes          the filters
    uint64 n, ids (UTF-8, "\\n")    the party's own record ids, or keyed pseudonyms
    32 bytes                        SHA-256 of everything before it (a cut or altered file is refused)

Nothing else: no value of any field, no unkeyed hash of one. The key check value is an HMAC of a
fixed label under a key derived from the secret (schema.derive_keys), never the key or a hash of it.
The file is written to a temporary name (0600) and renamed, so a failed run leaves no half file.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from tipnet.sharing.pprl.schema import SCHEMA_ID, SCHEMA_VERSION, VERSION_CHANGES, Schema

MAGIC = b"TIPNETCLK\n"
FORMAT = "tipnet-pprl-clk"
FORMAT_VERSION = 1
_MAX_HEADER = 1 << 20


class ClkError(ValueError):
    """A file that cannot be used: not an encoding, damaged, or of another schema or key."""


@dataclass
class ClkFile:
    """A read `.clk`: its header, ids and filters (records x filter_bytes, uint8)."""

    path: Path
    header: dict[str, Any]
    ids: list[str]
    filters: np.ndarray

    @property
    def schema(self) -> Schema:
        return Schema.from_dict(self.header["schema"])

    @property
    def key_check(self) -> str:
        return str(self.header["key_check"])

    def __len__(self) -> int:
        return len(self.ids)


def write_clk(
    path: Path,
    schema: Schema,
    key_check: str,
    ids: Sequence[str],
    filters: np.ndarray,
    *,
    id_mode: str = "plain",
    extra: dict[str, Any] | None = None,
) -> None:
    """Write atomically (temporary file in the same folder, 0600, then renamed)."""
    from tipnet.store.files import open_private

    if filters.dtype != np.uint8 or filters.ndim != 2 or filters.shape != (len(ids), schema.filter_bytes):
        raise ValueError("filters must be uint8, one row of filter_bytes per id")
    for i in ids:
        if "\n" in i:
            raise ValueError("a record id holds a line break")
    header = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "schema": schema.to_dict(),
        "schema_digest": schema.digest(),
        "key_check": key_check,
        "records": len(ids),
        "filter_bytes": schema.filter_bytes,
        "ids": id_mode,
        **(extra or {}),
    }
    head = json.dumps(header, sort_keys=True).encode("utf-8")
    blob = "\n".join(ids).encode("utf-8")
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open_private(tmp, "wb") as f:
            h = hashlib.sha256()
            for part in (
                MAGIC,
                struct.pack(">I", len(head)),
                head,
                np.ascontiguousarray(filters).tobytes(),
                struct.pack(">Q", len(blob)),
                blob,
            ):
                h.update(part)
                f.write(part)
            f.write(h.digest())
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def read_clk(path: Path) -> ClkFile:
    """Read and check a `.clk`; ClkError says what is wrong with it."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ClkError(f"{path}: cannot read ({exc.strerror or exc})") from None
    name = path.name
    if not data.startswith(MAGIC):
        raise ClkError(f"{name}: not a tipnet PPRL encoding (made by `tipnet pprl encode`)")
    if len(data) < len(MAGIC) + 4 + 8 + 32:
        raise ClkError(f"{name}: cut short (not a whole encoding file)")
    body, trailer = data[:-32], data[-32:]
    if hashlib.sha256(body).digest() != trailer:
        raise ClkError(f"{name}: damaged or cut short (its checksum does not match)")
    at = len(MAGIC)
    (hlen,) = struct.unpack_from(">I", body, at)
    at += 4
    if hlen > _MAX_HEADER or at + hlen > len(body):
        raise ClkError(f"{name}: damaged header")
    try:
        header = json.loads(body[at : at + hlen].decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):  # a crafted line of brackets recurses
        raise ClkError(f"{name}: damaged header") from None
    at += hlen
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise ClkError(f"{name}: not a tipnet PPRL encoding")
    if header.get("format_version") != FORMAT_VERSION:
        raise ClkError(
            f"{name}: encoding format version {header.get('format_version')!r}; this tipnet reads "
            f"{FORMAT_VERSION}"
        )
    raw = header.get("schema")
    got: dict[str, Any] = raw if isinstance(raw, dict) else {}
    if got.get("schema_id") == SCHEMA_ID and got.get("version") != SCHEMA_VERSION:
        raise ClkError(
            f"{name}: encoded with schema {SCHEMA_ID} v{got.get('version')!r}; this tipnet reads "
            f"v{SCHEMA_VERSION} only ({VERSION_CHANGES[SCHEMA_VERSION]}; "
            f"{VERSION_CHANGES[SCHEMA_VERSION - 1]}): both parties must re-encode with this version"
        )
    n, fb, check = header.get("records"), header.get("filter_bytes"), header.get("key_check")
    if (
        type(n) is not int
        or type(fb) is not int
        or n < 0
        or fb < 0
        or not isinstance(check, str)
        or not check
    ):
        raise ClkError(f"{name}: damaged header (records, filter bytes or key check)")
    try:
        schema = Schema.from_dict(got)
        schema.validate()
    except (KeyError, TypeError, ValueError, IndexError, OverflowError) as exc:
        raise ClkError(f"{name}: damaged header (schema: {exc})") from None
    if schema.digest() != header.get("schema_digest") or fb != schema.filter_bytes:
        raise ClkError(f"{name}: damaged header (the schema does not match its digest)")
    end = at + n * fb
    if end + 8 > len(body):
        raise ClkError(f"{name}: cut short")
    filters = np.frombuffer(body, dtype=np.uint8, count=n * fb, offset=at).reshape(n, fb)
    (blen,) = struct.unpack_from(">Q", body, end)
    blob = body[end + 8 : end + 8 + blen]
    if end + 8 + blen != len(body):
        raise ClkError(f"{name}: damaged (ids)")
    try:
        ids = blob.decode("utf-8").split("\n") if n else []
    except UnicodeDecodeError:
        raise ClkError(f"{name}: damaged (ids are not UTF-8)") from None
    if len(ids) != n:
        raise ClkError(f"{name}: damaged ({len(ids)} ids for {n} filters)")
    return ClkFile(path, header, ids, filters)


def check_compatible(a: ClkFile, b: ClkFile) -> None:
    """Refuse two files that cannot be compared: other schema, or encoded under another secret."""
    sa, sb = a.header, b.header
    if (sa["schema"]["schema_id"], sa["schema"]["version"]) != (
        sb["schema"]["schema_id"],
        sb["schema"]["version"],
    ):
        raise ClkError(
            f"{b.path.name} was encoded with schema {sb['schema']['schema_id']} v{sb['schema']['version']}, "
            f"{a.path.name} with {sa['schema']['schema_id']} v{sa['schema']['version']}: encode both alike"
        )
    if sa["schema_digest"] != sb["schema_digest"]:
        raise ClkError(
            f"{a.path.name} and {b.path.name} were encoded with different schema parameters "
            "(filter length, weights, spellings or the score's coefficients, which were refitted within v4): "
            "both parties must encode with one tipnet version and profile"
        )
    if a.key_check != b.key_check:
        raise ClkError(
            f"{a.path.name} and {b.path.name} were encoded under different secrets (their key check "
            "values differ): both parties must encode with the one secret they share"
        )
