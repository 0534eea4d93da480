"""A learnt comparison stage for `pprl match` (issue 18): the schema's logistic score re-scored by a tree
ensemble over what the linkage unit sees of a pair, without the secret.

The schema's score adds one term per field from its Dice alone. What it cannot weigh is how the
evidence combines and what the rest of the two files says about the pair. The stage reads, per
candidate pair (pairs whose schema score, with the population prior, is at least `FLOOR`):

  - per segment of the filter (each field and each salted name segment): the Dice of the two records'
    bits (NaN when either record holds none: a field one party does not record) and the two records'
    popcounts, the smaller and the larger (how much a record holds: a full birth date sets more bits
    than a year alone, several phones more than one, a long name more than a short one);
  - the best Dice of the name segments (the name alone, and salted with a phone or a document);
  - the schema's log-odds z (before the population prior);
  - the pair's rivals: z minus the best z of the A record's other candidates, and the same for the B
    record (the smaller and the larger of the two; NaN when the record has no other candidate). A pair
    that is the best by far for both its records is likelier one person than one of many alike pairs.

Every column is a function of the two encoding files alone: bit counts of the filters, no secret, no
value. The tree ensemble (`matching.learnt`, the one evaluator linkage's second stage uses too) is
shipped as JSON in `tipnet/sharing/pprl/data/` and was trained by `bench/pprl_learnt_match.py` on the
seed-13 calibration split of the independent set only; it holds split thresholds on these similarity
columns and nothing else. Its probability (isotonic, out of fold) is the probability at the
calibration population; the population prior is added to its log-odds as to the schema's.

A model applies only to encodings of the schema it was trained on (`check`): another schema's
segments, coefficients or digest are refused with what differs.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from tipnet.matching.learnt import ModelFileError, TreeEnsemble, load
from tipnet.sharing.pprl.match import (
    FULL_LIMIT,
    Blocking,
    Matches,
    PairScorer,
    Population,
    calibration,
    match_filters,
)
from tipnet.sharing.pprl.schema import Schema

MODEL_FILE = "pprl_match.json"
# Files up to this many records a side are re-scored by the stage unless `--no-learnt`; larger ones only
# with `--learnt`. Trained on files of ~2,500 records a side, at 200,000 a side the stage's precision at
# its default threshold fell to 0.91 (its isotonic map's top plateau, shifted whole by the population
# prior) and its match took 3.7x the CPU of the schema's score, which would put the million-record
# match's 15 minutes at risk (BENCHMARKS.md, "PPRL: a learnt comparison stage").
AUTO_LIMIT = 50_000
# The schema score (with the population prior) at or above which a pair is re-scored by the stage: the
# true pairs of the calibration split below it are few (the trainer prints how many).
FLOOR = 0.01
# The schema score (or the strength of a path through a mate) from which the stage scores a pair; the
# candidates between FLOOR and this are its rivals only (on the calibration split the stage accepted
# 1 pair of 436 below it, for 100 times fewer pairs to score).
SCORED = 0.05
# The schema score at or above which two records of one file are taken as one person's (mates): a pair
# reached through a mate is a candidate too, and the path's strength is a column.
MATE_FLOOR = 0.2
_CHUNK = 1 << 18  # pairs per chunk of features and tree walks (bounds memory)


def columns(schema: Schema) -> tuple[str, ...]:
    """The stage's feature columns for encodings of `schema`, in order."""
    out: list[str] = []
    for seg in schema.stored_segments():
        out += [f"dice_{seg}", f"lo_{seg}", f"hi_{seg}"]
    return (*out, "name_best", "z", "rival_lo", "rival_hi", "via_lo", "via_hi")


@dataclass(frozen=True)
class Stage:
    """A model checked against a schema."""

    model: TreeEnsemble
    floor: float
    mate_floor: float
    scored: float
    threshold: float  # the model's default threshold (precision 0.95 on its calibration, out of fold)


@lru_cache(maxsize=1)
def _shipped() -> TreeEnsemble:
    return load(str(resources.files("tipnet.sharing.pprl") / "data" / MODEL_FILE))


def default_model() -> TreeEnsemble:
    """The shipped model (`tipnet/sharing/pprl/data/pprl_match.json`)."""
    return _shipped()


def load_model(path: Path | None = None) -> TreeEnsemble:
    """The model at `path` (the shipped one when None); `ModelFileError` when malformed."""
    return default_model() if path is None else load(path)


def check(model: TreeEnsemble, schema: Schema) -> Stage:
    """The model as a `Stage` for encodings of `schema`; `ModelFileError` naming what does not fit."""
    meta = model.meta
    model.require_columns(columns(schema), "this encoding schema's learnt stage")
    trained = meta.get("encoding_schema")
    if not isinstance(trained, dict):
        raise ModelFileError(
            "the model does not say which schema it was trained on ('encoding_schema' object)"
        )
    if (trained.get("schema_id"), trained.get("version")) != (schema.schema_id, schema.version):
        raise ModelFileError(
            f"the model was trained on {trained.get('schema_id')} v{trained.get('version')}, "
            f"the files are {schema.schema_id} v{schema.version}"
        )
    if trained.get("segments") != schema.segments:
        raise ModelFileError("the model was trained on encodings with other segments (fields or sizes)")
    coefs = {k: list(v) for k, v in schema.coefficients.items()}
    if trained.get("intercept") != schema.intercept or trained.get("coefficients") != coefs:
        raise ModelFileError(
            "the model was trained on the score of other coefficients (a profile or schema it does not know)"
        )
    if trained.get("digest") != schema.digest():
        raise ModelFileError(
            f"the model was trained on encodings of schema digest {str(trained.get('digest'))[:12]}, "
            f"the files are {schema.digest()[:12]} (another salting or noise): retrain it "
            "(bench/pprl_learnt_match.py)"
        )
    values = []
    for key in ("floor", "mate_floor", "scored", "threshold"):
        value = meta.get(key)
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 < value < 1:
            raise ModelFileError(f"'{key}' must be a number between 0 and 1")
        values.append(float(value))
    return Stage(model, *values)


def _rival(group: np.ndarray, z: np.ndarray) -> np.ndarray:
    """z minus the best z of the same group's other pairs (NaN for a pair alone in its group)."""
    n = len(z)
    out = np.full(n, math.nan)
    if not n:
        return out
    order = np.lexsort((-z, group))
    g, zs = group[order], z[order]
    start = np.r_[True, g[1:] != g[:-1]]
    first = np.flatnonzero(start)
    size = np.diff(np.r_[first, n])
    gid = np.cumsum(start) - 1
    best = zs[first][gid]
    second = np.where(size > 1, zs[np.minimum(first + 1, n - 1)], math.nan)[gid]
    is_best = np.arange(n) == first[gid]
    out[order] = zs - np.where(is_best, second, best)
    return out


@dataclass(frozen=True)
class Mates:
    """Pairs of records within one file that the schema's score links (the linkage unit's own view of
    a party's several records of one person): i, j (both directions) and the link's z."""

    i: np.ndarray
    j: np.ndarray
    z: np.ndarray

    @staticmethod
    def none() -> Mates:
        return Mates(np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0, np.float64))


def mates(
    f: np.ndarray,
    schema: Schema,
    floor: float,
    *,
    shift: float = 0.0,
    full_limit: int | None = None,
    blocking: Blocking | None = None,
) -> Mates:
    """The links within one file scoring at least `floor` (the schema's score), both directions."""
    limit = FULL_LIMIT if full_limit is None else full_limit
    got = match_filters(f, f, schema, floor, blocking=blocking, shift=shift, full_limit=limit)
    keep = got.a != got.b
    i, j = got.a[keep], got.b[keep]
    z = _logit(got.score[keep]) - shift
    # both directions, each once (a blocked self-match may give one or both)
    ii, jj, zz = np.r_[i, j], np.r_[j, i], np.r_[z, z]
    code = ii * np.int64(len(f)) + jj
    _u, first = np.unique(code, return_index=True)
    return Mates(ii[first], jj[first], zz[first])


def _paths(
    ia: np.ndarray, ib: np.ndarray, z: np.ndarray, m: Mates, nb: int, via_b: bool
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs reached through one within-file link (a, b') + (b', b) [via_b] or (a', a) + (a', b), as
    codes ia * nb + ib, and the path's strength: the weaker link's z; the best path per pair."""
    if not len(m.i) or not len(z):
        return np.empty(0, np.int64), np.empty(0, np.float64)
    side = ib if via_b else ia
    order = np.argsort(m.i, kind="stable")
    mi, mj, mz = m.i[order], m.j[order], m.z[order]
    lo = np.searchsorted(mi, side, "left")
    cnt = np.searchsorted(mi, side, "right") - lo
    rep = np.repeat(np.arange(len(z)), cnt)
    offset = np.arange(int(cnt.sum())) - np.repeat(np.cumsum(cnt) - cnt, cnt)
    k = lo[rep] + offset
    other = mj[k]
    strength = np.minimum(z[rep], mz[k])
    code = (ia[rep] * np.int64(nb) + other) if via_b else (other * np.int64(nb) + ib[rep])
    order = np.lexsort((-strength, code))
    code, strength = code[order], strength[order]
    first = np.r_[True, code[1:] != code[:-1]]
    return code[first], strength[first]


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-9, 1 - 1e-9)
    return np.asarray(np.log(p) - np.log1p(-p), dtype=np.float64)


def _logits(scorer: PairScorer, ia: np.ndarray, ib: np.ndarray) -> np.ndarray:
    z = np.empty(len(ia), dtype=np.float64)
    for s in range(0, len(ia), _CHUNK):
        z[s : s + _CHUNK] = scorer.scorer.logit(scorer.parts(ia[s : s + _CHUNK], ib[s : s + _CHUNK]))
    return z


def _lookup(codes: np.ndarray, keys: np.ndarray, values: np.ndarray) -> np.ndarray:
    """values[keys == code] per code (keys sorted, unique), NaN where absent."""
    out = np.full(len(codes), math.nan)
    if len(keys):
        pos = np.minimum(np.searchsorted(keys, codes), len(keys) - 1)
        hit = keys[pos] == codes
        out[hit] = values[pos[hit]]
    return out


def features(
    scorer: PairScorer,
    ia: np.ndarray,
    ib: np.ndarray,
    mates_a: Mates | None,
    mates_b: Mates | None,
    floor: float,
    scored: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(X of `columns(schema)`, z, ia, ib) of the pairs the stage scores, from the candidates
    (a[ia[k]], b[ib[k]]) (the schema's score at least `floor`) and the pairs reached from them through
    one within-file link (a mate of the B record or of the A record; the path's strength is its weaker
    link's z, `via_lo`/`via_hi` the best path through each side). The rivals are taken among the
    candidates and the reached pairs of strength >= `floor`; the stage scores those whose schema score
    or path strength is at least `scored` (the rest are not reported: below it the stage found
    nothing on its calibration)."""
    nb = np.int64(len(scorer.wb))
    z0 = _logits(scorer, ia, ib)
    paths = []
    for m, through_b in ((mates_b, True), (mates_a, False)):
        paths.append(
            _paths(ia, ib, z0, m, int(nb), through_b)
            if m is not None
            else (np.empty(0, np.int64), np.empty(0))
        )
    cut, cut_scored = float(_logit(np.array([floor]))[0]), float(_logit(np.array([scored]))[0])
    codes = np.unique(np.concatenate([ia * nb + ib, *(c[v >= cut] for c, v in paths)]))
    ia, ib = codes // nb, codes % nb
    z = _logits(scorer, ia, ib)
    via_b, via_a = (_lookup(codes, c, v) for c, v in paths)
    ra, rb = _rival(ia, z), _rival(ib, z)
    take = (z >= cut_scored) | (np.fmax(via_a, via_b) >= cut_scored)
    ia, ib, z = ia[take], ib[take], z[take]
    X = _features(scorer, ia, ib, z)
    base = X.shape[1] - 4
    X[:, base] = np.fmin(ra[take], rb[take])
    X[:, base + 1] = np.fmax(ra[take], rb[take])
    X[:, base + 2] = np.fmin(via_a[take], via_b[take])
    X[:, base + 3] = np.fmax(via_a[take], via_b[take])
    return X, z, ia, ib


def _features(scorer: PairScorer, ia: np.ndarray, ib: np.ndarray, z: np.ndarray) -> np.ndarray:
    """The per-segment columns, `name_best` and `z` (the rest left NaN, filled by `features`)."""
    segs = list(scorer.scorer.segments)
    X = np.full((len(ia), len(columns(scorer.scorer.schema))), math.nan, dtype=np.float64)
    names = [i for i, s in enumerate(segs) if s == "name" or s in scorer.scorer.schema.name_salts]
    for s in range(0, len(ia), _CHUNK):
        rows = slice(s, s + _CHUNK)
        parts = scorer.parts(ia[rows], ib[rows])
        for i, seg in enumerate(segs):
            inter, ca, cb = parts[seg]
            both = (ca > 0) & (cb > 0)
            X[rows, 3 * i] = np.where(both, 2.0 * inter / np.maximum(ca + cb, 1), math.nan)
            X[rows, 3 * i + 1] = np.minimum(ca, cb)
            X[rows, 3 * i + 2] = np.maximum(ca, cb)
    base = 3 * len(segs)
    if names and len(ia):
        dice = X[:, [3 * i for i in names]]
        has = ~np.isnan(dice).all(axis=1)
        X[has, base] = np.nanmax(dice[has], axis=1)
    X[:, base + 1] = z
    return X


def rescore(stage: Stage, X: np.ndarray, prior: float) -> np.ndarray:
    """The stage's probability of each row of X, its log-odds moved by `prior` (the population's)."""
    out = np.empty(len(X), dtype=np.float64)
    for s in range(0, len(X), _CHUNK):
        p = stage.model.probability(X[s : s + _CHUNK])
        out[s : s + _CHUNK] = 1.0 / (1.0 + np.exp(-(_logit(p) + prior)))
    return out


def prior_logodds(population: Population, schema: Schema, applied: bool) -> float:
    """The population prior in log-odds of a probability (`Population.shift` is in units of the schema
    score's log-odds: times the calibration's slope)."""
    return population.shift(schema) * calibration(schema).slope if applied else 0.0


def match_learnt(
    a: np.ndarray,
    b: np.ndarray,
    schema: Schema,
    threshold: float,
    stage: Stage,
    *,
    shift: float = 0.0,
    prior: float = 0.0,
    full_limit: int | None = None,
    blocking: Blocking | None = None,
    progress: Callable[[float], None] | None = None,
) -> Matches:
    """Pairs of A and B whose stage probability (with the prior) is ≥ threshold: the schema's matcher
    gives the candidates scoring at least the stage's floor, which the stage re-scores."""
    limit = FULL_LIMIT if full_limit is None else full_limit
    first = match_filters(
        a,
        b,
        schema,
        min(stage.floor, threshold),
        blocking=blocking,
        progress=progress,
        shift=shift,
        full_limit=limit,
    )
    if not len(first.a):
        return first
    ma = mates(a, schema, stage.mate_floor, shift=shift, full_limit=limit, blocking=blocking)
    mb = mates(b, schema, stage.mate_floor, shift=shift, full_limit=limit, blocking=blocking)
    X, _z, ia, ib = features(PairScorer(a, b, schema), first.a, first.b, ma, mb, stage.floor, stage.scored)
    score = rescore(stage, X, prior)
    keep = score >= threshold
    return Matches(ia[keep], ib[keep], score[keep], first.candidates, first.blocked)
