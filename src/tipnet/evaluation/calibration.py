"""Estimating m and u per comparison level from labelled pairs, and choosing the default threshold.

Counts are smoothed (add-`alpha` per level) so that a level never seen among matches still has a finite
weight; bits are then forced to be non-increasing from a feature's best level to its worst, so more
agreement never lowers a score. `missing` is 0 bits by definition. Regenerate the shipped weights with
`python bench/calibrate_weights.py` (simulator pairs of a seed different from the
evaluation's).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from tipnet.matching.features import LEVELS, MISSING, FeatureLevel
from tipnet.matching.scoring import Weights, score_levels


def estimate(
    pairs: Iterable[tuple[list[FeatureLevel], bool]], *, alpha: float = 1.0
) -> tuple[dict[str, dict[str, float]], float, dict[str, dict[str, dict[str, float]]]]:
    """(bits per feature and level, share of matches, m and u per level) from (levels, is_match)."""
    m_counts: dict[str, Counter[str]] = {f: Counter() for f in LEVELS}
    u_counts: dict[str, Counter[str]] = {f: Counter() for f in LEVELS}
    n_match = n_non = 0
    for levels, is_match in pairs:
        counts = m_counts if is_match else u_counts
        n_match += is_match
        n_non += not is_match
        for fl in levels:
            counts[fl.feature][fl.level] += 1
    if not n_match or not n_non:
        raise ValueError("calibration needs both matching and non-matching pairs")
    bits: dict[str, dict[str, float]] = {}
    mu: dict[str, dict[str, dict[str, float]]] = {}
    for feature, feature_levels in LEVELS.items():
        graded = [lv for lv in feature_levels if lv != MISSING]
        m_total = sum(m_counts[feature][lv] for lv in graded) + alpha * len(graded)
        u_total = sum(u_counts[feature][lv] for lv in graded) + alpha * len(graded)
        fb: dict[str, float] = {}
        mu[feature] = {}
        previous = math.inf
        for lv in graded:
            m = (m_counts[feature][lv] + alpha) / m_total
            u = (u_counts[feature][lv] + alpha) / u_total
            b = min(math.log2(m / u), previous)
            previous = b
            fb[lv] = round(b, 4)
            mu[feature][lv] = {"m": round(m, 6), "u": round(u, 6)}
        fb[MISSING] = 0.0
        bits[feature] = fb
    return bits, n_match / (n_match + n_non), mu


def precision_recall(
    scores: Sequence[float], labels: Sequence[bool], threshold: float
) -> tuple[float, float]:
    tp = sum(1 for s, y in zip(scores, labels, strict=True) if s >= threshold and y)
    fp = sum(1 for s, y in zip(scores, labels, strict=True) if s >= threshold and not y)
    fn = sum(1 for s, y in zip(scores, labels, strict=True) if s < threshold and y)
    return (tp / (tp + fp) if tp + fp else 1.0), (tp / (tp + fn) if tp + fn else 1.0)


def choose_threshold(scores: Sequence[float], labels: Sequence[bool]) -> float:
    """The threshold of the best F1, placed in the middle of the gap below it so that it is not fitted
    to the one pair that sits on it."""
    candidates = sorted(set(round(s, 4) for s in scores))
    best_f1, best_t = -1.0, 0.5
    for t in candidates:
        p, r = precision_recall(scores, labels, t)
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        if f1 > best_f1:
            best_f1, best_t = f1, t
    below = [s for s in candidates if s < best_t]
    return round((best_t + below[-1]) / 2, 4) if below else best_t


def calibrate(
    pairs: Sequence[tuple[list[FeatureLevel], bool]],
    *,
    alpha: float = 1.0,
    meta: dict[str, Any] | None = None,
) -> Weights:
    """Weights estimated from labelled pairs, with the prior set to the pairs' match share and the
    threshold chosen on the same pairs."""
    bits, share, mu = estimate(pairs, alpha=alpha)
    prior = min(max(share, 1e-6), 1 - 1e-6)
    w = Weights(bits, prior, 0.5, {**(meta or {}), "m_u": mu, "pairs": len(pairs)})
    scores = [score_levels(levels, w).probability for levels, _ in pairs]
    threshold = choose_threshold(scores, [y for _, y in pairs])
    return Weights(bits, prior, threshold, w.meta)
