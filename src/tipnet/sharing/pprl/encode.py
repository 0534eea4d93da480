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
        self._memo: dict[Feature, np.ndarray] = {}
        # fields whose values repeat across a file: their positions are kept for the run
        self._memo_fields = {"birth", "gender", "nationality"} | (set() if schema.salt_names else {"name"})
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

    def encode(self, records: Sequence[Sequence[Feature]], *, stream: int = 0) -> np.ndarray:
        """One row of `schema.filter_bytes` bytes per record (bits big-endian within a byte).

        The positions are those of `positions` (one HMAC per feature), computed in bulk: each distinct
        feature of the call is hashed once, and features of the fields whose values repeat (`_memo_fields`:
        birth, gender, nationality, and unsalted names) are memoised for the run; the salted names,
        phones and documents, near unique, are not kept. `stream` (the chunk's number) makes the BLIP
        draws of a seeded encoder differ between chunks, so that an encoding cut into chunks, on one
        process or several, is the same bytes for one secret and seed."""
        n = len(records)
        flat: list[Feature] = [f for feats in records for f in feats]
        counts = np.fromiter((len(feats) for feats in records), dtype=np.int64, count=n)
        raw = np.zeros((n, self._raw_bits), dtype=bool)
        if flat:
            local: dict[Feature, int] = {}
            ids = np.fromiter(
                (local.setdefault(f, len(local)) for f in flat), dtype=np.int64, count=len(flat)
            )
            table = self._table(list(local))
            pos = table[ids]  # (features, 16), -1 where the feature sets fewer than 16 bits
            rows = np.repeat(np.repeat(np.arange(n), counts)[:, None], pos.shape[1], axis=1)
            ok = pos >= 0
            raw[rows[ok], pos[ok]] = True
        if self.schema.flip > 0:
            raw = self._flip(raw, stream)
        if self.schema.fold:
            parts = []
            for offset, mask in self._offsets.values():
                half = (mask + 1) // 2
                parts.append(raw[:, offset : offset + half] ^ raw[:, offset + half : offset + 2 * half])
            raw = np.concatenate(parts, axis=1)
        return np.packbits(raw, axis=1)

    def _table(self, features: list[Feature]) -> np.ndarray:
        """(len(features), 16) int64 raw positions of each feature, -1 past its weight."""
        out = np.full((len(features), 16), -1, dtype=np.int64)
        todo: list[int] = []
        memo = self._memo
        for i, f in enumerate(features):
            got = memo.get(f)
            if got is None:
                todo.append(i)
            else:
                out[i] = got
        if todo:
            keys, weights, offsets = self.keys.fields, self.schema.weights, self._offsets
            todo_f = [features[i] for i in todo]
            digests = b"".join(
                hmac.digest(keys[fld], f"{kind}\x1f{value}".encode(), "sha256") for fld, kind, value in todo_f
            )
            words = np.frombuffer(digests, dtype=">u2").reshape(len(todo_f), 16).astype(np.int64)
            k = np.fromiter((weights[kind] for _f, kind, _v in todo_f), dtype=np.int64, count=len(todo_f))
            off = np.fromiter((offsets[fld][0] for fld, _k, _v in todo_f), dtype=np.int64, count=len(todo_f))
            mask = np.fromiter((offsets[fld][1] for fld, _k, _v in todo_f), dtype=np.int64, count=len(todo_f))
            pos = off[:, None] + (words & mask[:, None])
            pos[np.arange(16)[None, :] >= k[:, None]] = -1
            out[todo] = pos
            if len(memo) >= _CACHE_LIMIT:
                memo.clear()
            for j, f in enumerate(todo_f):
                if f[0] in self._memo_fields:
                    memo[f] = pos[j].copy()  # a view would keep the chunk's whole table alive
        return out

    def _flip(self, raw: np.ndarray, stream: int = 0) -> np.ndarray:
        """Randomised response per bit in every non-empty segment, from a fresh OS-seeded generator
        (or, seeded, one per chunk: `stream`)."""
        if self._noise_seed is None:
            rng = np.random.default_rng(secrets.randbits(128))
        else:
            rng = np.random.default_rng(
                np.random.SeedSequence([self._noise_seed, stream]) if stream else self._noise_seed
            )
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
