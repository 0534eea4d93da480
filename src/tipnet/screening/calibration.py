"""From a screening pair's evidence in bits to a probability that means what it says.

A sum of bits is a probability only if every feature's weights are right for the lists and travellers
at hand; they were estimated elsewhere (simulator pairs, list word frequencies). So the bits are
mapped to a probability by an isotonic (monotone, piecewise-linear) curve fitted on labelled pairs the
weights never saw, the calibration split of the independent evaluation set
(bench/independent/calibrate_screening.py, scipy's isotonic regression), and the default threshold is chosen on that split too.
A hit at 0.9 is then right about nine times in ten on data like it (BENCHMARKS.md shows the
reliability table and diagram on the test split).
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

GROUPS = ("name", "birth_date", "document", "nationality_gender", "ambiguity")
SOFT_GROUPS = ("birth_date", "nationality_gender")  # no hard identifiers: disagreements not scaled up


def group_of(feature: str) -> str:
    """Each feature is its own group, but nationality and gender (weak, often mis-recorded) share one."""
    return "nationality_gender" if feature in ("nationality", "gender") else feature


@dataclass(frozen=True)
class Calibration:
    """Knots (bits ascending, probability non-decreasing) and the default threshold."""

    bits: tuple[float, ...]
    probabilities: tuple[float, ...]
    threshold: float
    meta: dict[str, Any]
    # How much each kind of evidence counts in the sum (GROUPS; 1 if absent): the
    # name's word bits and the details' simulator bits were estimated on different scales, so their
    # balance is fitted too (a logistic regression on the calibration split) before the isotonic curve.
    scales: tuple[tuple[str, float], ...] = ()

    def __post_init__(self) -> None:
        if len(self.bits) != len(self.probabilities) or len(self.bits) < 2:
            raise ValueError("a calibration needs at least two knots of (bits, probability)")
        if any(b2 < b1 for b1, b2 in zip(self.bits, self.bits[1:], strict=False)):
            raise ValueError("calibration knots must be in ascending order of bits")
        if any(p2 < p1 for p1, p2 in zip(self.probabilities, self.probabilities[1:], strict=False)):
            raise ValueError("calibrated probabilities must not decrease as bits grow")
        if not all(0.0 <= p <= 1.0 for p in self.probabilities) or not 0.0 <= self.threshold <= 1.0:
            raise ValueError("probabilities and the threshold must lie in [0, 1]")
        if any(k not in GROUPS or not v > 0 for k, v in self.scales):
            raise ValueError(f"scales must be positive, for {', '.join(GROUPS)}")

    def scale(self, group: str) -> float:
        return dict(self.scales).get(group, 1.0)

    def combine(self, evidence: Iterable[tuple[str, float]]) -> float:
        """The scaled sum of (feature, bits) pairs: the input of `probability`. A disagreement of a
        feature that is no hard identifier (birth date, nationality, gender) is never scaled up: it
        lowers a score as much as its weight says, and cannot veto a shared document number."""
        sc = dict(self.scales)
        total = 0.0
        for f, b in evidence:
            g = group_of(f)
            scale = sc.get(g, 1.0)
            if b < 0 and g in SOFT_GROUPS:
                scale = min(scale, 1.0)
            total += scale * b
        return total

    def probability(self, bits: float) -> float:
        """Linear between knots, flat beyond the end knots."""
        xs, ys = self.bits, self.probabilities
        if bits <= xs[0]:
            return ys[0]
        if bits >= xs[-1]:
            return ys[-1]
        j = bisect.bisect_right(xs, bits)
        x0, x1, y0, y1 = xs[j - 1], xs[j], ys[j - 1], ys[j]
        return y0 if x1 == x0 else y0 + (y1 - y0) * (bits - x0) / (x1 - x0)

    def to_json(self) -> dict[str, Any]:
        return {
            "threshold": self.threshold,
            "bits": list(self.bits),
            "probabilities": list(self.probabilities),
            "scales": dict(self.scales),
            "meta": self.meta,
        }

    @staticmethod
    def from_json(data: dict[str, Any]) -> Calibration:
        return Calibration(
            tuple(float(b) for b in data["bits"]),
            tuple(float(p) for p in data["probabilities"]),
            float(data["threshold"]),
            dict(data.get("meta", {})),
            tuple((str(k), float(v)) for k, v in dict(data.get("scales", {})).items()),
        )


@cache
def default_calibration() -> Calibration:
    """The calibration shipped with tipnet (bench/independent/calibrate_screening.py makes it)."""
    text = (resources.files("tipnet.screening") / "data" / "calibration.json").read_text(encoding="utf-8")
    return Calibration.from_json(json.loads(text))
