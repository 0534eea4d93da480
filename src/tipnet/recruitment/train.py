"""Training the text model and calibrating the combined score, on disjoint sets of adverts.

The n-gram model is fitted on the training set; the combination p = sigmoid(a*rules + b*model + c)
is fitted on the calibration set, which the model never saw, so that its score is a probability
there and the model's overconfidence on its own training data cannot leak into the weights. The
threshold is the calibrated probability 0.5 unless the caller asks for a false-positive budget.

A model trained on the simulator alone learns its templates: on adverts written by others it ranks
near chance, and a threshold calibrated on the simulator flagged a quarter of independent genuine
offers. `recalibrate` therefore refits the combination on the simulator's calibration split *and* a
labelled development set written independently (never the set it is evaluated on), and sets the
threshold so that in no language of that set more than `max_fpr` of the genuine adverts are called
deceptive.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from tipnet.recruitment.corpus import Labelled
from tipnet.recruitment.model import TextModel, sigmoid, train
from tipnet.recruitment.screen import Screener


def rule_scores(items: Sequence[Labelled]) -> np.ndarray:
    screener = Screener(use_model=False)
    verdicts = screener.screen_batch([(a.id, a.text, a.language or None) for a in items])
    return np.asarray([v.rule_score for v in verdicts])


def fit(train_set: Sequence[Labelled], calibration_set: Sequence[Labelled], *, c: float = 0.3) -> TextModel:
    from sklearn.linear_model import LogisticRegression

    if len({a.deceptive for a in train_set}) < 2 or len({a.deceptive for a in calibration_set}) < 2:
        raise ValueError("training and calibration sets each need deceptive and genuine adverts")
    model = train([a.text for a in train_set], [int(a.deceptive) for a in train_set], c=c)
    rs = rule_scores(calibration_set)
    ml = model.logits([a.text for a in calibration_set])
    x = np.column_stack([rs, ml])
    y = np.asarray([int(a.deceptive) for a in calibration_set])
    comb = LogisticRegression(C=1.0, max_iter=1000)
    comb.fit(x, y)
    model.calibration = {
        "a": float(comb.coef_[0][0]),
        "b": float(comb.coef_[0][1]),
        "c": float(comb.intercept_[0]),
    }
    model.meta = {
        "trained_on": "tipnet simulator adverts only",
        "train_adverts": len(train_set),
        "calibration_adverts": len(calibration_set),
        "c": c,
    }
    return model


def _combination(items: Sequence[Labelled], model: TextModel) -> tuple[np.ndarray, np.ndarray, list[bool]]:
    screener = Screener(model)
    verdicts = screener.screen_batch([(a.id, a.text, a.language or None) for a in items])
    x = np.asarray([[v.rule_score, v.model_logit or 0.0] for v in verdicts])
    return x, np.asarray([int(a.deceptive) for a in items]), [bool(v.flags) for v in verdicts]


def threshold_for(
    scores: Sequence[float],
    deceptive: Sequence[bool],
    languages: Sequence[str],
    explained: Sequence[bool],
    max_fpr: float,
) -> float:
    """The lowest threshold at which, in every language, at most `max_fpr` of the genuine adverts are
    called deceptive (a call needs the score and an explained flag)."""
    worst = 0.0
    for lang in sorted(set(languages)):
        neg = sorted(
            (
                s
                for s, d, lg, e in zip(scores, deceptive, languages, explained, strict=True)
                if lg == lang and not d and e
            ),
            reverse=True,
        )
        n_genuine = sum(1 for d, lg in zip(deceptive, languages, strict=True) if lg == lang and not d)
        allowed = int(np.floor(max_fpr * n_genuine))
        if allowed < len(neg):
            worst = max(worst, float(np.nextafter(neg[allowed], np.inf)))
    return worst


def recalibrate(
    model: TextModel,
    simulated: Sequence[Labelled],
    development: Sequence[Labelled],
    *,
    max_fpr: float = 0.10,
) -> TextModel:
    """The same n-gram weights with the combination refitted on simulated and independent development
    adverts (none of them seen in training) and the threshold set on the development set."""
    from sklearn.linear_model import LogisticRegression

    if not development or len({a.deceptive for a in development}) < 2:
        raise ValueError("the development set needs deceptive and genuine adverts")
    xs, ys, _ = _combination(simulated, model) if simulated else (np.zeros((0, 2)), np.zeros(0), [])
    xd, yd, explained = _combination(development, model)
    comb = LogisticRegression(C=1.0, max_iter=1000)
    comb.fit(np.vstack([xs, xd]), np.concatenate([ys, yd]))
    a, b, c = float(comb.coef_[0][0]), float(comb.coef_[0][1]), float(comb.intercept_[0])
    scores = [sigmoid(a * r + b * m + c) for r, m in xd]
    langs = [x.language or "?" for x in development]
    threshold = threshold_for(scores, [bool(y) for y in yd], langs, explained, max_fpr)
    meta = dict(model.meta)
    meta.update(
        {
            "calibrated_on": f"{len(simulated)} simulated + {len(development)} independent development adverts",
            "threshold_rule": f"at most {max_fpr:.0%} of genuine development adverts called deceptive in any language",
        }
    )
    return TextModel(
        model.weights, model.intercept, {"a": a, "b": b, "c": c}, math.ceil(threshold * 1e4) / 1e4, meta
    )
