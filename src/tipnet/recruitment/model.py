"""The text model: logistic regression on hashed character n-grams, which needs no word segmentation
and no downloaded weights (the weights ship as a small JSON file, data/model.json). Reading it needs
numpy only (scikit-learn trains it), so a server's first screening is not slowed by importing it.

Character 2- to 4-grams inside word boundaries read every script the same way, survive spelling
variants and code-mixing, and are fast. Digits are folded to 0 so that the model learns the shape of
amounts, not the amounts (pay plausibility is the rules' business). The model is trained only on the
simulator's adverts (`tipnet adverts train`); its scale against the rules is fitted on another split
(recruitment.score), never on the training one.
"""

from __future__ import annotations

import json
import math
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from tipnet.recruitment.text import DIGITS

N_FEATURES = 2**18
NGRAMS = (2, 4)
KIND = "crc32-char-ngram-logreg"
_DIGIT = re.compile(r"\d")


def prepare(text: str) -> str:
    return " " + " ".join(_DIGIT.sub("0", text.translate(DIGITS).lower()).split()) + " "


def features(text: str) -> tuple[np.ndarray, np.ndarray]:
    """Hashed character 2- to 4-grams of `text` (CRC-32 of their UTF-32 bytes, so no library is needed
    to read them back): feature indices and their L2-normalized counts."""
    b = prepare(text).encode("utf-32-le")
    chars = len(b) // 4
    crc = zlib.crc32
    hashes = [
        crc(b[4 * i : 4 * (i + n)]) for n in range(NGRAMS[0], NGRAMS[1] + 1) for i in range(chars - n + 1)
    ]
    if not hashes:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
    idx, counts = np.unique(np.asarray(hashes, dtype=np.int64) & (N_FEATURES - 1), return_counts=True)
    val = counts.astype(np.float64)
    return idx, val / float(np.sqrt((val * val).sum()))


def matrix(texts: Sequence[str]) -> Any:
    """The feature matrix of `texts` (scipy CSR), for training."""
    from scipy.sparse import csr_matrix

    indptr, indices, data = [0], [], []
    for text in texts:
        idx, val = features(text)
        indices.append(idx)
        data.append(val)
        indptr.append(indptr[-1] + len(idx))
    return csr_matrix(
        (np.concatenate(data) if data else [], np.concatenate(indices) if indices else [], indptr),
        shape=(len(texts), N_FEATURES),
    )


@dataclass
class TextModel:
    weights: np.ndarray  # dense, N_FEATURES
    intercept: float
    # The combination with the rules, fitted on a calibration split: p = sigmoid(a*rules + b*model + c).
    calibration: dict[str, float] = field(default_factory=lambda: {"a": 1.0, "b": 0.0, "c": -2.0})
    threshold: float = 0.5
    meta: dict[str, Any] = field(default_factory=dict)

    def logits(self, texts: Sequence[str]) -> np.ndarray:
        out = np.empty(len(texts), dtype=np.float64)
        w = self.weights
        for i, text in enumerate(texts):
            idx, val = features(text)
            out[i] = float(w[idx] @ val) + self.intercept
        return out

    def to_json(self) -> dict[str, Any]:
        idx = np.flatnonzero(np.abs(self.weights) >= 1e-3)
        return {
            "kind": KIND,
            "n_features": N_FEATURES,
            "ngrams": list(NGRAMS),
            "intercept": round(float(self.intercept), 5),
            "index": idx.tolist(),
            "weight": [round(float(w), 4) for w in self.weights[idx]],
            "calibration": {k: round(v, 5) for k, v in self.calibration.items()},
            "threshold": self.threshold,
            "meta": self.meta,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TextModel:
        if (
            data.get("kind") != KIND
            or data.get("n_features") != N_FEATURES
            or tuple(data.get("ngrams", ())) != NGRAMS
        ):
            raise ValueError("model file was made with other features; retrain with `tipnet adverts train`")
        w = np.zeros(N_FEATURES, dtype=np.float64)
        w[np.asarray(data["index"], dtype=np.int64)] = np.asarray(data["weight"], dtype=np.float64)
        return cls(
            w,
            float(data["intercept"]),
            dict(data["calibration"]),
            float(data["threshold"]),
            data.get("meta", {}),
        )

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_json(), separators=(",", ":")), encoding="utf-8")


def load(path: Path | None = None) -> TextModel | None:
    """The model at `path`, or the packaged one; None if no model has been trained yet."""
    if path is not None:
        return TextModel.from_json(json.loads(path.read_text(encoding="utf-8")))
    res = resources.files("tipnet.recruitment").joinpath("data/model.json")
    if not res.is_file():
        return None
    return TextModel.from_json(json.loads(res.read_text(encoding="utf-8")))


def train(texts: Sequence[str], labels: Sequence[int], *, c: float = 1.0, seed: int = 0) -> TextModel:
    """Fit the n-gram model (L2 logistic regression) on `texts` labelled 1 (deceptive) or 0."""
    from sklearn.linear_model import LogisticRegression

    x = matrix(texts)
    clf = LogisticRegression(C=c, max_iter=2000, solver="liblinear", random_state=seed)
    clf.fit(x, np.asarray(labels))
    return TextModel(clf.coef_[0].astype(np.float64), float(clf.intercept_[0]))


def sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)
