"""Training the text model and calibrating the combined score, on disjoint sets of adverts.

The n-gram model is fitted on the training set; the combination p = sigmoid(a*rules + b*model + c)
is fitted on the calibration set, which the model never saw, so that its score is a probability
there and the model's overconfidence on its own training data cannot leak into the weights. The
threshold is the calibrated probability 0.5 unless the caller asks for a false-positive budget.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from tipnet.recruitment.corpus import Labelled
from tipnet.recruitment.model import TextModel, train
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
