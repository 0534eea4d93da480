"""Scores: calibrated weights load, more agreement never lowers a score, calibration is sane."""

from __future__ import annotations

import itertools

from tipnet.evaluation.calibration import calibrate, choose_threshold, estimate
from tipnet.evaluation.pairs import generate_pairs, pair_levels
from tipnet.matching.features import LEVELS, MISSING, FeatureLevel
from tipnet.matching.scoring import default_weights, score_levels


def _levels(**chosen: str) -> list[FeatureLevel]:
    return [FeatureLevel(f, chosen.get(f, MISSING), "") for f in LEVELS]


def test_shipped_weights_cover_every_level_and_are_monotone() -> None:
    w = default_weights()
    assert 0 < w.prior < 1 and 0 < w.threshold < 1
    for feature, levels in LEVELS.items():
        graded = [w.bits[feature][lv] for lv in levels if lv != MISSING]
        assert graded == sorted(graded, reverse=True), feature
        assert w.bits[feature][MISSING] == 0.0
        assert graded[0] > 0 > graded[-1], feature


def test_more_agreement_never_lowers_the_score() -> None:
    w = default_weights()
    features = list(LEVELS)
    for combo in itertools.product(*(LEVELS[f][:-1] for f in features[:3])):
        base = dict(zip(features, combo, strict=False))
        s = score_levels(_levels(**base), w).probability
        for f in features[:3]:
            i = LEVELS[f].index(base[f])
            if i > 0:
                better = {**base, f: LEVELS[f][i - 1]}
                assert score_levels(_levels(**better), w).probability >= s


def test_score_is_a_probability_with_an_explanation() -> None:
    s = score_levels(_levels(name="exact", birth_date="same_day", document="exact"))
    assert 0.99 < s.probability <= 1.0
    assert [e["feature"] for e in s.explanation()] == list(LEVELS)
    low = score_levels(_levels(name="disagree", birth_date="disagree"))
    assert low.probability < 0.01


def test_calibration_separates_simulated_pairs() -> None:
    train = pair_levels(generate_pairs(600, seed=7))
    bits, share, _mu = estimate(train)
    assert 0.3 < share < 0.7
    assert bits["name"]["exact"] > bits["name"]["medium"] > bits["name"]["disagree"]
    assert bits["document"]["exact"] > 3
    w = calibrate(train)
    test = pair_levels(generate_pairs(400, seed=8))
    scores = [score_levels(lv, w).probability for lv, _ in test]
    tp = sum(s >= w.threshold and y for s, (_, y) in zip(scores, test, strict=True))
    fp = sum(s >= w.threshold and not y for s, (_, y) in zip(scores, test, strict=True))
    fn = sum(s < w.threshold and y for s, (_, y) in zip(scores, test, strict=True))
    assert tp / (tp + fp) > 0.9 and tp / (tp + fn) > 0.9


def test_threshold_sits_in_the_gap() -> None:
    assert choose_threshold([0.1, 0.2, 0.8, 0.9], [False, False, True, True]) == 0.5
