"""Compare two parties' filters without any key: per-field Dice of popcounts, scored, with blocking.

Each field has its own segment of the filter (schema.segments), so a pair is scored from the Dice
similarity of each field that *both* records hold: a field one party does not record is unknown, not
a disagreement. The per-field similarities are combined by the schema's logistic coefficients into a
match probability. Small inputs are compared in full (a matrix product of the bits per field); large
ones are blocked by locality-sensitive hashing over the filter bits (Hamming LSH, bit sampling): each
band reads `rows` bit positions of one segment (name, phone or document), drawn from a public seed, and
two records become candidates when a band agrees on all its bits (empty segments never do). Blocks come
from the filters themselves: no block key of a name, year or country is written anywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from tipnet.sharing.pprl.schema import Schema

FULL_LIMIT = 30_000_000  # pairs compared in full below this; blocked above
_PAIR_CHUNK = 1 << 19


@dataclass(frozen=True)
class Blocking:
    """Hamming LSH: per segment, `bands` bands of `rows` sampled bits; a band key with fewer than
    `min_ones` set bits is no block (sparse filters agree mostly on zeros); `max_block` caps the pairs
    one block may give (a block that big holds a frequent value, not a person)."""

    bands: tuple[tuple[str, int, int], ...] = (("name", 30, 16), ("phone", 3, 10), ("document", 4, 12))
    seed: int = 20261207
    max_block: int = 50_000
    min_ones: int = 2  # a band key with fewer set bits says little (filters are sparse): not a block


@dataclass
class Matches:
    """Pairs at or above the threshold: row indexes into A and B, and their scores."""

    a: np.ndarray
    b: np.ndarray
    score: np.ndarray
    candidates: int  # pairs compared
    blocked: bool


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _segment_bits(filters: np.ndarray, start: int, size: int) -> np.ndarray:
    """The bits of one segment, unpacked (records x size, uint8)."""
    return np.unpackbits(filters, axis=1)[:, start : start + size] if size else filters[:, :0]


class Scorer:
    """Scores pairs from the per-field intersections and popcounts."""

    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self.segments = schema.stored_segments()

    def combine(self, parts: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]) -> np.ndarray:
        """parts: field -> (intersections, popcounts A, popcounts B), broadcastable arrays."""
        total: np.ndarray | float = self.schema.intercept
        for field, (inter, ca, cb) in parts.items():
            c0, c1, c2 = self.schema.coefficients.get(field, (0.0, 0.0, 0.0))
            present = (ca > 0) & (cb > 0)
            dice = np.where(present, 2.0 * inter / np.maximum(ca + cb, 1), 0.0)
            total = total + present * (c0 + c1 * dice + c2 * dice**4)
        return _sigmoid(np.asarray(total, dtype=np.float64))


def _full(
    a: np.ndarray, b: np.ndarray, schema: Schema, threshold: float, progress: Callable[[float], None] | None
) -> Matches:
    scorer = Scorer(schema)
    ua, ub = np.unpackbits(a, axis=1), np.unpackbits(b, axis=1)
    seg_b = {f: ub[:, s : s + n].astype(np.float32) for f, (s, n) in scorer.segments.items()}
    cnt_b = {f: m.sum(axis=1) for f, m in seg_b.items()}
    outs: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    step = max(1, min(len(a), 2_000_000 // max(1, len(b))))
    for s in range(0, len(a), step):
        parts = {}
        for f, (start, n) in scorer.segments.items():
            sa = ua[s : s + step, start : start + n].astype(np.float32)
            parts[f] = (sa @ seg_b[f].T, sa.sum(axis=1)[:, None], cnt_b[f][None, :])
        score = scorer.combine(parts)
        i, j = np.nonzero(score >= threshold)
        outs.append((i + s, j, score[i, j].astype(np.float32)))
        if progress:
            progress(min(1.0, (s + step) / len(a)))
    return Matches(
        np.concatenate([o[0] for o in outs]).astype(np.int64),
        np.concatenate([o[1] for o in outs]).astype(np.int64),
        np.concatenate([o[2] for o in outs]),
        len(a) * len(b),
        False,
    )


def _band_keys(filters: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """The sampled bits of every filter packed into one uint64 per filter."""
    key = np.zeros(len(filters), dtype=np.uint64)
    for p in positions:
        bit = (filters[:, p >> 3] >> np.uint8(7 - (p & 7))) & np.uint8(1)
        key = (key << np.uint64(1)) | bit.astype(np.uint64)
    return key


def _segment_empty(filters: np.ndarray, start: int, size: int) -> np.ndarray:
    """Records whose segment has no bit set (the field is unknown)."""
    if start % 8 == 0 and size % 8 == 0:
        return np.asarray(~filters[:, start // 8 : (start + size) // 8].any(axis=1))
    return np.asarray(~_segment_bits(filters, start, size).any(axis=1))


def _expand(
    st_a: np.ndarray,
    n_a: np.ndarray,
    st_b: np.ndarray,
    n_b: np.ndarray,
    rows_a: np.ndarray,
    rows_b: np.ndarray,
    nb: np.int64,
) -> np.ndarray:
    """Every pair of every shared block, vectorised: block k pairs rows_a[st_a[k]:...+n_a[k]] with
    rows_b[st_b[k]:...+n_b[k]]; returns codes ia * nb + ib."""
    sizes = (n_a * n_b).astype(np.int64)
    total = int(sizes.sum())
    if total == 0:
        return np.empty(0, dtype=np.int64)
    block = np.repeat(np.arange(len(sizes)), sizes)
    local = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    nbk = n_b.astype(np.int64)[block]
    ia = rows_a[st_a[block] + local // nbk].astype(np.int64)
    ib = rows_b[st_b[block] + local % nbk].astype(np.int64)
    return ia * nb + ib


def lsh_candidates(
    a: np.ndarray,
    b: np.ndarray,
    schema: Schema,
    blocking: Blocking,
    progress: Callable[[float], None] | None = None,
) -> np.ndarray:
    """Candidate pairs as unique int64 codes ia * len(b) + ib."""
    segments = schema.stored_segments()
    rng = np.random.default_rng(blocking.seed)
    found: list[np.ndarray] = []
    pending = 0
    nb = np.int64(len(b))
    total = sum(n for _f, n, _r in blocking.bands)
    done = 0
    for field, bands, rows in blocking.bands:
        start, size = segments[field]
        empty_a, empty_b = _segment_empty(a, start, size), _segment_empty(b, start, size)
        idx_a, idx_b = np.nonzero(~empty_a)[0], np.nonzero(~empty_b)[0]
        fa, fb = a[idx_a], b[idx_b]
        for _ in range(bands):
            pos = start + rng.choice(size, size=min(rows, size), replace=False)
            ka, kb = _band_keys(fa, pos), _band_keys(fb, pos)
            # keys with too few ones are made unique (never shared) by a sentinel per record
            weak_a = np.bitwise_count(ka) < blocking.min_ones
            weak_b = np.bitwise_count(kb) < blocking.min_ones
            ka = np.where(weak_a, np.uint64(1 << 63) | np.arange(len(ka), dtype=np.uint64), ka)
            kb = np.where(weak_b, np.uint64(1 << 62) | np.arange(len(kb), dtype=np.uint64), kb)
            oa, ob = np.argsort(ka, kind="stable"), np.argsort(kb, kind="stable")
            ua, st_a, n_a = np.unique(ka[oa], return_index=True, return_counts=True)
            ub, st_b, n_b = np.unique(kb[ob], return_index=True, return_counts=True)
            _common, xa, xb = np.intersect1d(ua, ub, assume_unique=True, return_indices=True)
            na, nbk = n_a[xa], n_b[xb]
            keep = na * nbk <= blocking.max_block
            codes = _expand(st_a[xa][keep], na[keep], st_b[xb][keep], nbk[keep], idx_a[oa], idx_b[ob], nb)
            if len(codes):
                found.append(codes)
                pending += len(codes)
            if pending > 20_000_000:
                found = [np.unique(np.concatenate(found))]
                pending = len(found[0])
            done += 1
            if progress:
                progress(done / total)
    if not found:
        return np.empty(0, dtype=np.int64)
    return np.unique(np.concatenate(found))


def _words(filters: np.ndarray) -> np.ndarray:
    """Filters as uint64 words (every segment is a whole number of 64-bit words)."""
    f = np.ascontiguousarray(filters)
    return f.view(np.uint64).reshape(len(f), -1)


def score_pairs(a: np.ndarray, b: np.ndarray, schema: Schema, ia: np.ndarray, ib: np.ndarray) -> np.ndarray:
    """Scores of the pairs (a[ia[k]], b[ib[k]]), by popcounts of 64-bit words."""
    scorer = Scorer(schema)
    wa, wb = _words(a), _words(b)
    spans = {f: (start // 64, (start + n) // 64) for f, (start, n) in scorer.segments.items()}
    cnt_a = {f: np.bitwise_count(wa[:, x:y]).sum(axis=1, dtype=np.int64) for f, (x, y) in spans.items()}
    cnt_b = {f: np.bitwise_count(wb[:, x:y]).sum(axis=1, dtype=np.int64) for f, (x, y) in spans.items()}
    out = np.empty(len(ia), dtype=np.float32)
    for s in range(0, len(ia), _PAIR_CHUNK):
        x, y = ia[s : s + _PAIR_CHUNK], ib[s : s + _PAIR_CHUNK]
        both = wa[x] & wb[y]
        parts = {
            f: (np.bitwise_count(both[:, p:q]).sum(axis=1, dtype=np.int64), cnt_a[f][x], cnt_b[f][y])
            for f, (p, q) in spans.items()
        }
        out[s : s + _PAIR_CHUNK] = scorer.combine(parts)
    return out


def match_filters(
    a: np.ndarray,
    b: np.ndarray,
    schema: Schema,
    threshold: float,
    *,
    blocking: Blocking | None = None,
    full_limit: int = FULL_LIMIT,
    progress: Callable[[float], None] | None = None,
) -> Matches:
    """Pairs of A and B scoring ≥ threshold: in full when small (and `blocking` is None), else over
    the LSH candidates."""
    if len(a) == 0 or len(b) == 0:
        return Matches(np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0, np.float32), 0, False)
    if blocking is None and len(a) * len(b) <= full_limit:
        return _full(a, b, schema, threshold, progress)
    codes = lsh_candidates(a, b, schema, blocking or Blocking(), progress)
    nb = np.int64(len(b))
    ia, ib = codes // nb, codes % nb
    score = score_pairs(a, b, schema, ia, ib)
    keep = score >= threshold
    return Matches(ia[keep], ib[keep], score[keep], len(codes), True)
