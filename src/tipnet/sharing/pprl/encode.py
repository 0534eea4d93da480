"""Features to keyed Bloom filters: pure, no I/O.

Each feature sets `weight` bit positions in its field's segment of the record's filter, read from
HMAC-SHA256 under the field's own key (`schema.derive_keys`): without the secret nobody can tell which
positions a value sets, nor test a guess, and one value of two fields never shares positions. With
`schema.fold` each segment is XOR-folded (Schnell, Borgs and Encarnação, 2016): stored bit i is raw bit
i XOR raw bit i + half, so a frequent value's positions are flipped by the record's other values.
"""

from __future__ import annotations

import hmac
import secrets
import struct
from collections.abc import Sequence

import numpy as np

from tipnet.sharing.pprl.features import Feature
from tipnet.sharing.pprl.schema import Keys, Schema

_CACHE_LIMIT = 1 << 20  # feature positions kept (names, years and countries repeat endlessly)


class Encoder:
    """Encodes feature lists into filters under one key and schema; caches each feature's positions."""

    def __init__(self, keys: Keys, schema: Schema, *, noise_seed: int | None = None) -> None:
        """`noise_seed` fixes the BLIP draws, for tests that must not depend on them; the commands never
        set it (each encoding then draws its noise from the OS)."""
        for name, bits in schema.segments.items():
            if bits & (bits - 1) or not (128 if schema.fold else 64) <= bits <= 65536:
                raise ValueError(f"segment {name}: bits must be a power of two, 64 (128 folded) to 65536")
        if any(not 1 <= w <= 16 for w in schema.weights.values()):
            raise ValueError("each weight must be 1 to 16 bit positions")
        self.keys = keys
        self.schema = schema
        self._offsets: dict[str, tuple[int, int]] = {}
        at = 0
        for name, bits in sorted(schema.segments.items()):  # the layout of schema.stored_segments
            self._offsets[name] = (at, bits - 1)
            at += bits
        self._raw_bits = at
        self._cache: dict[Feature, tuple[int, ...]] = {}
        self._noise_seed = noise_seed

    def positions(self, feature: Feature) -> tuple[int, ...]:
        """The raw-filter positions of one feature: `weight` 16-bit words of its HMAC, in its segment."""
        got = self._cache.get(feature)
        if got is not None:
            return got
        field, kind, value = feature
        digest = hmac.digest(self.keys.fields[field], f"{kind}\x1f{value}".encode(), "sha256")
        k = self.schema.weights[kind]
        offset, mask = self._offsets[field]
        pos = tuple(offset + (w & mask) for w in struct.unpack(">16H", digest)[:k])
        if len(self._cache) >= _CACHE_LIMIT:
            self._cache.clear()
        self._cache[feature] = pos
        return pos

    def encode(self, records: Sequence[Sequence[Feature]]) -> np.ndarray:
        """One row of `schema.filter_bytes` bytes per record (bits big-endian within a byte)."""
        n = len(records)
        cols: list[int] = []
        counts = np.zeros(n, dtype=np.int64)
        positions = self.positions
        for i, feats in enumerate(records):
            before = len(cols)
            for f in feats:
                cols.extend(positions(f))
            counts[i] = len(cols) - before
        raw = np.zeros((n, self._raw_bits), dtype=bool)
        if cols:
            raw[np.repeat(np.arange(n), counts), np.asarray(cols, dtype=np.int64)] = True
        if self.schema.flip > 0:
            raw = self._flip(raw)
        if self.schema.fold:
            parts = []
            for offset, mask in self._offsets.values():
                half = (mask + 1) // 2
                parts.append(raw[:, offset : offset + half] ^ raw[:, offset + half : offset + 2 * half])
            raw = np.concatenate(parts, axis=1)
        return np.packbits(raw, axis=1)

    def _flip(self, raw: np.ndarray) -> np.ndarray:
        """Randomised response per bit in every non-empty segment, from a fresh OS-seeded generator."""
        seed = secrets.randbits(128) if self._noise_seed is None else self._noise_seed
        rng = np.random.default_rng(seed)
        for offset, mask in self._offsets.values():
            seg = raw[:, offset : offset + mask + 1]
            present = np.asarray(seg.any(axis=1))
            noise = rng.random(seg.shape, dtype=np.float32) < self.schema.flip
            seg ^= noise & present[:, None]
        return raw


def pseudonym(keys: Keys, record_id: str) -> str:
    """A keyed pseudonym of a party's own record id (HMAC-SHA256, 128 bits): the party that holds the
    secret maps it back by recomputing it over its ids; the linkage unit learns nothing from it."""
    return "P" + hmac.new(keys.ids, record_id.encode("utf-8"), "sha256").hexdigest()[:32]
