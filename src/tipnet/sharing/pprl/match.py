"""Compare two parties' filters without any key: per-field Dice of popcounts, scored, with blocking.

Each field has its own segment of the filter (schema.segments), so a pair is scored from the Dice
similarity of each field that *both* records hold: a field one party does not record is unknown, not
a disagreement. The per-field similarities are combined by the schema's logistic coefficients into a
match probability. Small inputs are compared in full (a matrix product of the bits per field); large
ones are blocked by locality-sensitive hashing over the filter bits: MinHash of each segment's set bits
(one permutation per band, cut into `rows` bins; each bin gives the first set bit it holds, Li, Owen
and Zhang's one-permutation hashing), so two records share a band's key with about the probability
that their segments' set bits agree (Jaccard) to the power `rows`: near for the same person, nearly
never for two strangers whose sparse filters share only zeros. Bands read the name, the names salted
with a phone or document, the phone and the document segments, with permutations drawn from a public
seed; a band never keys an empty segment. Blocks come from the filters themselves: no block key of a
name, year or country is written anywhere.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

from tipnet.sharing.pprl.schema import PROFILES, Schema

FULL_LIMIT = 30_000_000  # pairs compared in full below this; blocked above
_PAIR_CHUNK = 1 << 19


@dataclass(frozen=True)
class Blocking:
    """MinHash LSH: `bands` is (spec, how many bands) with spec "segment:rows" or several joined by "+"
    ("birth:4+name:2": a band of four words of the birth segment and two of the name); each row is one
    64-bit word of the segment, rotated by a random number of bits, whose first set bit is the row's
    hash. A band keys no record whose segments hold fewer than `min_ones` set bits (a field it does not
    know); `max_block` caps the pairs one block may give (a block that big holds a frequent value, not a
    person). Chosen on the bench's own generated records (bench/independent/generate.py, seed 1001,
    not the accuracy bench's seeds) so that candidate pairs grow about linearly with the file sizes:
    chance collisions of two strangers' filters come to about 8e7 at 1M x 1M (issue 18; the bit-sampling
    bands before gave about 2e9)."""

    bands: tuple[tuple[str, int], ...] = (
        ("name:4", 24),  # the names (salted with the full birth date) alike
        ("birth:4+name:2", 32),  # the same birth date and names partly alike (a reading, a typo)
        ("name_phone:5", 8),  # the names salted with a shared phone
        ("name_phone_country:5", 2),
        ("name_document:5", 8),  # the names salted with a shared document
        ("phone:6", 16),  # a shared phone (its two words, three rotations each)
        ("phone_country:6", 4),
        ("document:6", 16),  # a shared document number
    )
    seed: int = 20261207
    max_block: int = 50_000
    min_ones: int = 2  # a segment with fewer set bits holds noise, not a value: not a block
    chunk_pairs: int = 8_000_000  # block pairs per chunk of A (bounds memory: ~16 bytes a pair)


@dataclass(frozen=True)
class Calibration:
    """How a profile's score relates to the probability that a pair is one person, and the population it
    was set on. `slope` and `offset`: Platt scaling of the score's log-odds z on the calibration split of
    the independent set (seed 13; every pair of a calibration A record with every B record), so that
    P(one person) = sigmoid(slope * z + offset) in a population like that one: `records` in the larger
    file, a share `overlap` of the smaller file's records with a match in the other (bench/pprl_prior.py;
    not fitted on the test split nor on seed 31)."""

    slope: float
    offset: float
    records: int
    overlap: float


# bench/pprl_prior.py on seed 13's parties (2,353 x 2,467 records, 66.5 % of A's records matched):
# salted slope 1.612-1.613 / offset -0.29 over three encodings under three secrets; unsalted 1.556 / -0.389.
CALIBRATION_SALTED = Calibration(slope=1.61, offset=-0.29, records=2467, overlap=0.665)
CALIBRATION_UNSALTED = Calibration(slope=1.56, offset=-0.39, records=2467, overlap=0.665)
# A schema whose coefficients are neither profile's (a v4 file encoded before the refit): the score is
# taken at face value (slope 1), in the same reference population.
CALIBRATION_OTHER = Calibration(slope=1.0, offset=0.0, records=2467, overlap=0.665)


def calibration(schema: Schema) -> Calibration:
    """The calibration of the schema's score (by its coefficients)."""
    for name, cal in (("salted", CALIBRATION_SALTED), ("unsalted", CALIBRATION_UNSALTED)):
        ref = PROFILES[name]
        if schema.intercept == ref.intercept and schema.coefficients == ref.coefficients:
            return cal
    return CALIBRATION_OTHER


def _prior_logodds(records: int, overlap: float) -> float:
    """Log prior odds that a pair is one person: each record of the smaller file has its person among
    the larger file's `records` with probability `overlap`."""
    p = min(overlap / max(records, 1), 0.5)
    return math.log(p / (1.0 - p))


@dataclass(frozen=True)
class Population:
    """The population prior of a match: the score of a pair is its log-odds at the calibration
    population plus `shift`, so that one score means one probability whatever the file sizes. A
    larger file holds more strangers per record (more namesakes born the same day), so its prior
    odds are lower: the shift is the difference of the prior log-odds (divided by the calibration's
    slope: the score's log-odds unit). `overlap`: the share of the smaller file's records expected
    to have a match (the parties' estimate, `--expected-overlap`), else the calibration's. Files
    smaller than the calibration population are scored as at it: the prior is only ever lowered by
    size (a prior raised by a small file would let a weak agreement through on the overlap alone),
    though a higher `overlap` raises it."""

    records_a: int
    records_b: int
    overlap: float | None = None

    def shift(self, schema: Schema) -> float:
        cal = calibration(schema)
        overlap = cal.overlap if self.overlap is None else self.overlap
        records = max(self.records_a, self.records_b, cal.records)
        delta = _prior_logodds(records, overlap) - _prior_logodds(cal.records, cal.overlap)
        return delta / cal.slope

    def probability(self, schema: Schema, score: np.ndarray) -> np.ndarray:
        """P(one person) of pairs with these (shifted) scores: Platt's calibration of the score."""
        cal = calibration(schema)
        s = np.clip(np.asarray(score, dtype=np.float64), 1e-15, 1 - 1e-15)
        return _sigmoid(cal.slope * (np.log(s) - np.log1p(-s)) + cal.offset)


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

    def __init__(self, schema: Schema, shift: float = 0.0) -> None:
        self.schema = schema
        self.segments = schema.stored_segments()
        self.shift = shift  # added to the log-odds: the population prior (see `Population`)

    def _dice(
        self, parts: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]], field: str
    ) -> tuple[np.ndarray, np.ndarray]:
        """(both records hold the field, its Dice); the field's finer tier compared instead where both
        records hold that (a phone's country)."""
        inter, ca, cb = parts[field]
        present = (ca > 0) & (cb > 0)
        dice = np.where(present, 2.0 * inter / np.maximum(ca + cb, 1), 0.0)
        fine = self.schema.tiers.get(field)
        if fine is not None and fine in parts:
            fi, fa, fb = parts[fine]
            dice = np.where((fa > 0) & (fb > 0), 2.0 * fi / np.maximum(fa + fb, 1), dice)
        return present, dice

    def terms(
        self, parts: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]
    ) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """Field -> (both records hold it, its Dice), a finer tier compared in its coarse field's place."""
        finer = set(self.schema.tiers.values())
        return {f: self._dice(parts, f) for f in parts if f not in finer}

    def combine(self, parts: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]) -> np.ndarray:
        """The match score: the sigmoid of `logit` plus the population shift."""
        return _sigmoid(self.logit(parts) + self.shift)

    def logit(self, parts: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]) -> np.ndarray:
        """The pair's log-odds at the reference population. parts: field -> (intersections, popcounts
        A, popcounts B), broadcastable arrays.

        Each field both records hold adds c0 + c1 * dice + c2 * dice**4 (its coefficients). A salted
        name segment (v4) with coefficients of its own is a term of its own (a name agreeing together
        with a phone or document is stronger evidence than a name alone); one without (the schema of
        v4 files written before the refit) is folded into the name: the best Dice of those both hold."""
        total: np.ndarray | float = self.schema.intercept
        coefs = self.schema.coefficients
        terms = self.terms(parts)
        salted = self.schema.name_salts
        for field, (present, dice) in terms.items():
            if field in salted and field not in coefs:  # folded into the name below
                continue
            if field == "name":
                for seg in salted:
                    if seg in terms and seg not in coefs:
                        both, d = terms[seg]
                        dice = np.maximum(dice, d)
                        present = present | both
            c0, c1, c2 = coefs.get(field, (0.0, 0.0, 0.0))
            total = total + present * (c0 + c1 * dice + c2 * dice**4)
        return np.asarray(total, dtype=np.float64)


def _full(
    a: np.ndarray,
    b: np.ndarray,
    schema: Schema,
    threshold: float,
    progress: Callable[[float], None] | None,
    shift: float = 0.0,
) -> Matches:
    scorer = Scorer(schema, shift)
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
        outs.append((i + s, j, score[i, j]))
        if progress:
            progress(min(1.0, (s + step) / len(a)))
    return Matches(
        np.concatenate([o[0] for o in outs]).astype(np.int64),
        np.concatenate([o[1] for o in outs]).astype(np.int64),
        np.concatenate([o[2] for o in outs]),
        len(a) * len(b),
        False,
    )


@dataclass
class _Band:
    """One LSH band, planned over both files: its rows (64-bit words of one segment, each with a
    rotation), and the blocks of B it may pair with (keys shared with A whose pairs stay within
    `max_block`)."""

    words: np.ndarray  # per row: the word's index in the filter (uint64 words)
    turns: np.ndarray  # per row: the rotation (bits) applied before taking the first set bit
    segments: tuple[str, ...]  # the segments it reads (each must hold min_ones set bits)
    keys: np.ndarray = dataclasses.field(
        default_factory=lambda: np.empty(0, np.uint64)
    )  # sorted keys allowed
    first: np.ndarray = dataclasses.field(
        default_factory=lambda: np.empty(0, np.int64)
    )  # per key: first row in rows_b
    count: np.ndarray = dataclasses.field(default_factory=lambda: np.empty(0, np.int64))  # per key: rows of B
    rows_b: np.ndarray = dataclasses.field(
        default_factory=lambda: np.empty(0, np.int64)
    )  # B's rows in key order
    keys_a: np.ndarray = dataclasses.field(
        default_factory=lambda: np.empty(0, np.uint64)
    )  # every A record's key
    pairs: int = 0  # pairs the band gives over all of A


_NONE = np.uint64(0xFFFFFFFFFFFFFFFF)
_ONE = np.uint64(1)


def _first_set(w: np.ndarray, turn: int) -> np.ndarray:
    """The first set bit (0-63; 64 when none) of each word rotated right by `turn` bits."""
    if turn:
        w = (w >> np.uint64(turn)) | (w << np.uint64(64 - turn))
    return np.bitwise_count((w & (~w + _ONE)) - _ONE).astype(np.uint64)


def _band_keys(words: np.ndarray, band: _Band, known: np.ndarray) -> np.ndarray:
    """One uint64 key per filter: the first set bit of each of the band's rotated words (7 bits each),
    packed; `_NONE` where not `known` (a segment of the band without `min_ones` set bits), never a block."""
    key = np.zeros(len(words), dtype=np.uint64)
    for w, t in zip(band.words.tolist(), band.turns.tolist(), strict=True):
        key = (key << np.uint64(7)) | _first_set(words[:, w], t)
    key[~known] = _NONE
    return key


def _parse_spec(spec: str, segments: dict[str, tuple[int, int]]) -> list[tuple[str, int]] | None:
    """("segment", rows) of a band spec; None when the schema lacks one of its segments (the unsalted
    profile has no salted names). ValueError for a spec that cannot be read or holds over 9 rows."""
    out = []
    for part in spec.split("+"):
        name, _, rows = part.partition(":")
        if not rows.isdigit() or int(rows) < 1:
            raise ValueError(f"blocking band {spec!r}: each part is segment:rows")
        if name not in segments:
            return None
        out.append((name, int(rows)))
    if sum(r for _n, r in out) > 9:
        raise ValueError(f"blocking band {spec!r}: at most 9 rows (7 bits each in a 64-bit key)")
    return out


def plan_bands(a: np.ndarray, b: np.ndarray, schema: Schema, blocking: Blocking) -> list[_Band]:
    """Each band's blocks of B that A shares, keeping only blocks of at most `max_block` pairs (counted
    over the whole of A, so the blocks do not depend on how A is cut into chunks). A segment the schema
    lacks (the unsalted profile's salted names) gives no band.

    A band's rows are words of its segment drawn from a public seed (without repeats while the segment
    has words left), each rotated by a random number of bits: the first set bit of a rotated word is a
    MinHash of the bits that word holds (the filters' bit positions are keyed hashes, so uniformly
    spread), and two records agree on it with about the Jaccard similarity of those bits."""
    segments = schema.stored_segments()
    rng = np.random.default_rng(blocking.seed)
    wa, wb = _words(a), _words(b)
    ones: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    out: list[_Band] = []
    for spec, bands in blocking.bands:
        parts = _parse_spec(spec, segments)
        if parts is None:
            continue
        known_a, known_b = np.ones(len(a), dtype=bool), np.ones(len(b), dtype=bool)
        for name, _rows in parts:
            if name not in ones:
                start, size = segments[name]
                x, y = start // 64, (start + size) // 64
                ones[name] = (
                    np.bitwise_count(wa[:, x:y]).sum(axis=1, dtype=np.int32),
                    np.bitwise_count(wb[:, x:y]).sum(axis=1, dtype=np.int32),
                )
            known_a &= ones[name][0] >= blocking.min_ones
            known_b &= ones[name][1] >= blocking.min_ones
        for _ in range(bands):
            picks: list[np.ndarray] = []
            for name, rows in parts:
                start, size = segments[name]
                count = size // 64
                order = np.concatenate([rng.permutation(count) for _ in range(-(-rows // count))])
                picks.append(start // 64 + order[:rows])
            words = np.concatenate(picks)
            band = _Band(words, rng.integers(0, 64, size=len(words)), tuple(n for n, _r in parts))
            ka = _band_keys(wa, band, known_a)
            kb = _band_keys(wb, band, known_b)
            ua, na = np.unique(ka, return_counts=True)
            ob = np.argsort(kb, kind="stable")
            ub, st, nb = np.unique(kb[ob], return_index=True, return_counts=True)
            _c, xa, xb = np.intersect1d(ua, ub, assume_unique=True, return_indices=True)
            keep = (na[xa] * nb[xb] <= blocking.max_block) & (ub[xb] != _NONE)
            xa, xb = xa[keep], xb[keep]
            band.keys, band.first, band.count = ub[xb], st[xb].astype(np.int64), nb[xb].astype(np.int64)
            band.rows_b, band.keys_a = ob.astype(np.int64), ka
            band.pairs = int((na[xa] * nb[xb]).sum())
            out.append(band)
    return out


def _chunk_candidates(offset: int, rows: int, bands: list[_Band], nb: int) -> np.ndarray:
    """Unique candidate codes (ia * nb + ib) of A's rows offset..offset+rows."""
    found: list[np.ndarray] = []
    for band in bands:
        if not len(band.keys):
            continue
        ka = band.keys_a[offset : offset + rows]
        at = np.minimum(np.searchsorted(band.keys, ka), len(band.keys) - 1)
        hit = np.nonzero(band.keys[at] == ka)[0]
        if not len(hit):
            continue
        sizes = band.count[at[hit]]
        total = int(sizes.sum())
        ia = np.repeat(hit.astype(np.int64) + offset, sizes)
        local = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(sizes) - sizes, sizes)
        ib = band.rows_b[np.repeat(band.first[at[hit]], sizes) + local]
        found.append(ia * nb + ib)
    if not found:
        return np.empty(0, dtype=np.int64)
    return np.unique(np.concatenate(found))


def lsh_candidates(
    a: np.ndarray,
    b: np.ndarray,
    schema: Schema,
    blocking: Blocking,
    progress: Callable[[float], None] | None = None,
) -> np.ndarray:
    """All candidate pairs as unique int64 codes ia * len(b) + ib (for tests and small files: the
    matcher itself streams them chunk by chunk, see `match_filters`)."""
    bands = plan_bands(a, b, schema, blocking)
    parts = [c for _s, c in _chunks(a, b, bands, blocking, progress)]
    return np.concatenate(parts) if parts else np.empty(0, dtype=np.int64)


def _chunks(
    a: np.ndarray,
    b: np.ndarray,
    bands: list[_Band],
    blocking: Blocking,
    progress: Callable[[float], None] | None,
) -> Iterator[tuple[int, np.ndarray]]:
    """(first row of A, candidate codes) per chunk of A, sized so that a chunk gives about
    `blocking.chunk_pairs` pairs before duplicates are removed: memory stays bounded whatever the
    file sizes."""
    total = sum(band.pairs for band in bands)
    rows = int(min(len(a), max(1000, len(a) * blocking.chunk_pairs // max(total, 1))))
    for s in range(0, len(a), rows):
        yield s, _chunk_candidates(s, rows, bands, len(b))
        if progress:
            progress(min(1.0, (s + rows) / len(a)))


def _words(filters: np.ndarray) -> np.ndarray:
    """Filters as uint64 words (every segment is a whole number of 64-bit words)."""
    f = np.ascontiguousarray(filters)
    return f.view(np.uint64).reshape(len(f), -1)


class PairScorer:
    """Scores pairs (a[ia[k]], b[ib[k]]) by popcounts of 64-bit words; each record's per-field
    popcounts are counted once, not per chunk of pairs."""

    def __init__(self, a: np.ndarray, b: np.ndarray, schema: Schema, shift: float = 0.0) -> None:
        self.scorer = Scorer(schema, shift)
        self.wa, self.wb = _words(a), _words(b)
        self.spans = {f: (start // 64, (start + n) // 64) for f, (start, n) in self.scorer.segments.items()}
        self.cnt_a = {f: self._count(self.wa, x, y) for f, (x, y) in self.spans.items()}
        self.cnt_b = {f: self._count(self.wb, x, y) for f, (x, y) in self.spans.items()}

    @staticmethod
    def _count(words: np.ndarray, x: int, y: int) -> np.ndarray:
        return np.bitwise_count(words[:, x:y]).sum(axis=1, dtype=np.int32)

    def parts(self, x: np.ndarray, y: np.ndarray) -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """Field -> (intersections, popcounts of A, popcounts of B) of the pairs (a[x[k]], b[y[k]])."""
        both = self.wa[x] & self.wb[y]
        return {
            f: (
                np.bitwise_count(both[:, p:q]).sum(axis=1, dtype=np.int32),
                self.cnt_a[f][x],
                self.cnt_b[f][y],
            )
            for f, (p, q) in self.spans.items()
        }

    def __call__(self, ia: np.ndarray, ib: np.ndarray) -> np.ndarray:
        out = np.empty(len(ia), dtype=np.float64)
        for s in range(0, len(ia), _PAIR_CHUNK):
            x, y = ia[s : s + _PAIR_CHUNK], ib[s : s + _PAIR_CHUNK]
            out[s : s + _PAIR_CHUNK] = self.scorer.combine(self.parts(x, y))
        return out


def score_pairs(
    a: np.ndarray, b: np.ndarray, schema: Schema, ia: np.ndarray, ib: np.ndarray, shift: float = 0.0
) -> np.ndarray:
    """Scores of the pairs (a[ia[k]], b[ib[k]]), their log-odds shifted by `shift` (the population's)."""
    return PairScorer(a, b, schema, shift)(ia, ib)


def match_filters(
    a: np.ndarray,
    b: np.ndarray,
    schema: Schema,
    threshold: float,
    *,
    blocking: Blocking | None = None,
    full_limit: int = FULL_LIMIT,
    progress: Callable[[float], None] | None = None,
    shift: float = 0.0,
) -> Matches:
    """Pairs of A and B scoring ≥ threshold: in full when small (and `blocking` is None), else over
    the LSH candidates. `shift` is added to every pair's log-odds (`Population.shift`)."""
    if len(a) == 0 or len(b) == 0:
        return Matches(np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0, np.float64), 0, False)
    if blocking is None and len(a) * len(b) <= full_limit:
        return _full(a, b, schema, threshold, progress, shift)
    blocking = blocking or Blocking()
    bands = plan_bands(a, b, schema, blocking)
    nb = np.int64(len(b))
    scorer = PairScorer(a, b, schema, shift)
    outs: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    candidates = 0
    for _s, codes in _chunks(a, b, bands, blocking, progress):
        candidates += len(codes)
        ia, ib = codes // nb, codes % nb
        score = scorer(ia, ib)
        keep = score >= threshold
        outs.append((ia[keep], ib[keep], score[keep]))
    if not outs:
        return Matches(np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0, np.float64), 0, True)
    return Matches(
        np.concatenate([o[0] for o in outs]),
        np.concatenate([o[1] for o in outs]),
        np.concatenate([o[2] for o in outs]),
        candidates,
        True,
    )
