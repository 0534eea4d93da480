"""Fellegi–Sunter scoring: each feature's level carries log2(m/u) bits; their sum with the prior's
log-odds gives a match probability in [0, 1] that is explained feature by feature.

m = P(level | same person), u = P(level | different people), estimated from labelled pairs
(`tipnet.evaluation.calibration`) and shipped as package data (data/weights.json).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from tipnet.matching.features import (
    LEVELS,
    MISSING,
    FeatureLevel,
    compare_details,
    compare_records,
    name_level,
)
from tipnet.matching.name_evidence import TokenFrequency, best_name_evidence, has_no_family_name
from tipnet.matching.record import PreparedRecord


@dataclass(frozen=True)
class Weights:
    """Per feature and level: bits of evidence; the prior probability; the default threshold."""

    bits: dict[str, dict[str, float]]
    prior: float
    threshold: float
    meta: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {"prior": self.prior, "threshold": self.threshold, "bits": self.bits, "meta": self.meta}

    @staticmethod
    def from_json(data: dict[str, Any]) -> Weights:
        bits = {f: {lv: float(b) for lv, b in levels.items()} for f, levels in data["bits"].items()}
        for feature, levels in LEVELS.items():
            missing = [lv for lv in levels if lv not in bits.get(feature, {})]
            if missing:
                raise ValueError(f"weights lack {feature} level(s) {', '.join(missing)}")
        return Weights(bits, float(data["prior"]), float(data["threshold"]), dict(data.get("meta", {})))


@cache
def default_weights() -> Weights:
    """The calibrated weights shipped with tipnet (see calibration.py for how they are made)."""
    text = (resources.files("tipnet.matching") / "data" / "weights.json").read_text(encoding="utf-8")
    return Weights.from_json(json.loads(text))


@dataclass(frozen=True)
class Evidence:
    """One feature's part in a score."""

    feature: str
    level: str
    bits: float
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"feature": self.feature, "level": self.level, "bits": round(self.bits, 2), "text": self.text}


@dataclass(frozen=True)
class Score:
    probability: float
    bits: float  # total log2 odds, prior included
    evidence: tuple[Evidence, ...]

    def explanation(self) -> list[dict[str, Any]]:
        return [e.to_dict() for e in self.evidence]


def _logit2(p: float) -> float:
    return math.log2(p / (1 - p))


def probability(bits: float) -> float:
    if bits > 60:
        return 1.0
    if bits < -60:
        return 0.0
    return 2**bits / (1 + 2**bits)


def score_levels(levels: list[FeatureLevel], weights: Weights | None = None) -> Score:
    """The probability that the pair is one person, and each feature's bits with its sentence."""
    w = weights or default_weights()
    total = _logit2(w.prior)
    evidence = []
    for fl in levels:
        b = 0.0 if fl.level == MISSING else w.bits[fl.feature][fl.level]
        total += b
        evidence.append(Evidence(fl.feature, fl.level, b, fl.text))
    return Score(round(probability(total), 4), total, tuple(evidence))


def score_pair(q: PreparedRecord, e: PreparedRecord, weights: Weights | None = None) -> Score:
    return score_levels(compare_records(q, e), weights)


def evidence_bits(
    q: PreparedRecord,
    e: PreparedRecord,
    frequency: TokenFrequency,
    weights: Weights | None = None,
    *,
    details: list[FeatureLevel] | None = None,
) -> tuple[float, tuple[Evidence, ...]]:
    """The log2 odds of one pair with the name weighed word by word (tipnet.matching.name_evidence:
    word frequencies, every word explained) and the other features at their calibrated bits; the
    prior included. Screening maps these bits to a probability with its own calibration."""
    w = weights or default_weights()
    whole = has_no_family_name(q.names, q.nationalities) or has_no_family_name(e.names, e.nationalities)
    found = best_name_evidence(q.names, e.names, frequency, whole_names=whole)
    if found is None:
        name_ev = Evidence("name", MISSING, 0.0, "no name to compare")
    else:
        m, ev = found
        name_ev = Evidence("name", name_level(m.score), ev.bits, f"similarity {m.score:.2f}: {ev.text}")
    total = _logit2(w.prior) + name_ev.bits
    evidence = [name_ev]
    for fl in details if details is not None else compare_details(q, e):
        b = 0.0 if fl.level == MISSING else w.bits[fl.feature][fl.level]
        total += b
        evidence.append(Evidence(fl.feature, fl.level, b, fl.text))
    return total, tuple(evidence)
