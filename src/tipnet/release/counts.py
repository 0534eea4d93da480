"""DP aggregate tables: noisy counts per cell with a 95% confidence interval (OpenDP's discrete
Laplace mechanism, pure epsilon). A person is in one cell of a table, so adding or removing one
changes one count by 1: L1 sensitivity 1, noise scale 1/epsilon."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import product


@dataclass(frozen=True)
class NoisyCell:
    key: tuple[str, ...]
    count: int  # the noisy count (may be negative: kept unbiased)
    published: int  # clipped at 0
    low: float
    high: float


def laplace_ci(scale: float, level: float = 0.95) -> int:
    """Smallest whole half-width t with P(|noise| > t) <= 1 - level for the *discrete* Laplace
    (P(k) proportional to a^|k|, a = exp(-1/scale)) that OpenDP draws for integer counts.

    The continuous formula (scale x ln 20) covers only about 94% at scale 2: the discrete tail
    P(|X| > t) = 2 a^(t+1) / (1 + a) is heavier than the continuous one at the same t."""
    if not 0 < level < 1:
        raise ValueError("level must be between 0 and 1")
    a = math.exp(-1.0 / scale)
    t = math.ceil(math.log((1.0 - level) * (1.0 + a) / 2.0) / math.log(a)) - 1
    return max(0, t)


def noisy_counts(
    rows: Sequence[Mapping[str, str]],
    by: Sequence[str],
    epsilon: float,
    domain: Mapping[str, Sequence[str]] | None = None,
) -> list[NoisyCell]:
    """Every cell of the cross product of the columns' (public) values, empty ones included, so
    which cells exist says nothing about who is in the data."""
    import opendp.prelude as dp

    if epsilon <= 0:
        raise ValueError("epsilon must be positive")
    dp.enable_features("contrib")
    values = {c: list(domain[c]) if domain and c in domain else sorted({r[c] for r in rows}) for c in by}
    keys = list(product(*(values[c] for c in by)))
    counts = Counter(tuple(r[c] for c in by) for r in rows)
    known = set(keys)
    for i, r in enumerate(rows, start=1):
        t = tuple(r[c] for c in by)
        if t not in known:
            bad = next(c for c in by if r[c] not in values[c])
            raise ValueError(f"row {i}, column {bad}: value {r[bad]!r} is not in the stated domain")
    scale = 1.0 / epsilon
    meas = dp.m.make_laplace(dp.vector_domain(dp.atom_domain(T=int)), dp.l1_distance(T=int), scale=scale)
    assert meas.map(1) <= epsilon * (1 + 1e-9)
    noisy = meas([counts.get(k, 0) for k in keys])
    half = laplace_ci(scale)
    return [
        NoisyCell(k, int(n), max(0, int(n)), n - half, n + half) for k, n in zip(keys, noisy, strict=True)
    ]
