"""The trained linkage model (Splink's parameters) and the waterfall it explains a pair with: apart
from `resolve`, so that the stages scoring pairs read it without importing the pipeline."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from tipnet.linkage.comparisons import CORROBORATING, FEATURES
from tipnet.linkage.scored import LinkedPair
from tipnet.matching.features import name_only


@dataclass(frozen=True)
class Evidence:
    feature: str
    level: str
    bits: float

    def to_dict(self) -> dict[str, Any]:
        return {"feature": self.feature, "level": self.level, "bits": round(self.bits, 2)}


@dataclass
class Model:
    """The trained parameters (Splink's model JSON) and what they explain about a pair."""

    splink: dict[str, Any]
    features: tuple[str, ...] = FEATURES

    def __post_init__(self) -> None:
        # feature → [(level name, bits)] of its non-null levels, best first
        self._levels: dict[str, list[tuple[str, float]]] = {}
        for comp in self.splink["comparisons"]:
            levels = []
            for lv in comp["comparison_levels"]:
                if lv.get("is_null_level"):
                    continue
                m, u = lv.get("m_probability"), lv.get("u_probability")
                levels.append((lv.get("label_for_charts", "?"), math.log2(m / u) if m and u else 0.0))
            self._levels[comp["output_column_name"]] = levels

    @property
    def prior(self) -> float:
        return float(self.splink["probability_two_random_records_match"])

    def evidence(self, pair: LinkedPair) -> list[Evidence]:
        """The waterfall of a pair: each comparison's level and its bits (log2 Bayes factor); and,
        for a pair whose probability was capped for resting on the name alone (`cap_name_only`: its
        weight says more than its probability), `corroboration` at level `name_only`."""
        out = []
        for feature, bits in zip(self.features, pair.bits, strict=True):
            out.append(Evidence(feature, self.level_of(feature, bits), bits))
        weighed = 2.0 ** min(pair.weight, 60.0)
        if weighed / (1 + weighed) > pair.probability + 1e-6 and name_only(
            ((e.feature, e.level) for e in out), CORROBORATING
        ):
            out.append(Evidence("corroboration", "name_only", 0.0))
        return out

    def level_of(self, feature: str, bits: float) -> str:
        """The level whose weight the engine reported (a null level weighs exactly 0)."""
        levels = self._levels[feature]
        best = min(levels, key=lambda lv: abs(lv[1] - bits))
        if bits == 0.0 and abs(best[1]) > 1e-9:
            return "missing"
        return best[0]

    def prior_bits(self) -> float:
        p = self.prior
        return math.log2(p / (1 - p))
