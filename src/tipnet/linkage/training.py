"""Training without labels: the prior from deterministic anchors, u by random sampling, m by EM.

Starting m/u values are the matching core's calibrated weights, so a session EM cannot run (too few
pairs, a level never seen) leaves sensible values rather than defaults; what ran is reported.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from tipnet.linkage.comparisons import anchor_rules, training_rules

log = logging.getLogger(__name__)

# The least m probability a level keeps after training. EM drives a level that matches never show in
# the training data (a nationality disagreement in clean data) towards zero, which would make one
# disagreement veto any link (-100 bits and more) and, past 1e-300, fails the session. Real records
# do disagree now and then (dual nationality, a clerk's slip): at 1e-4 a disagreement on a level
# whose u is ~1 weighs about -13 bits, as much as an exact name agrees.
M_FLOOR = 1e-4


@dataclass
class TrainingConfig:
    u_max_pairs: float = 2e6
    seed: int = 42
    anchor_recall: float = 0.6  # share of true links the anchors (same passport + birth year) find
    em: bool = True
    # Below this many records, random pairs say nothing reliable about u (four copies of one person
    # would make "same name" look common among non-matches): the calibrated weights are used as they are.
    min_records: int = 300
    # Above this many records, the model is trained on a random sample of this size (seeded) and
    # then scores all records: EM's same-birth-date pairs grow with the square of the records.
    sample_records: int = 200_000


@dataclass
class TrainingReport:
    prior: float | None = None
    u_pairs: float = 0
    sessions: list[dict[str, Any]] = field(default_factory=list)
    # when training saw a random sample: its size and the records it was drawn from
    sample_records: int | None = None
    sampled_from: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def training_sample(tables: Sequence[Any], config: TrainingConfig) -> list[Any] | None:
    """A seeded random sample of the Arrow tables' rows, `config.sample_records` in all (shared in
    proportion to their sizes), or None when they are no bigger than that."""
    import numpy as np

    total = sum(t.num_rows for t in tables)
    if total <= config.sample_records:
        return None
    rng = np.random.default_rng(config.seed)
    out = []
    for t in tables:
        k = max(1, round(config.sample_records * t.num_rows / total))
        rows = np.sort(rng.choice(t.num_rows, size=min(k, t.num_rows), replace=False))
        out.append(t.take(rows))
    return out


def train(linker: Any, config: TrainingConfig | None = None, *, records: int | None = None) -> TrainingReport:
    cfg = config or TrainingConfig()
    report = TrainingReport(u_pairs=cfg.u_max_pairs)
    if records is not None and records < cfg.min_records:
        report.u_pairs = 0
        report.prior = float(linker._settings_obj._probability_two_random_records_match)
        report.sessions.append(
            {"skipped": f"{records} records (< {cfg.min_records}): calibrated weights used"}
        )
        return report
    settings = linker._settings_obj
    before = settings._probability_two_random_records_match
    try:
        linker.training.estimate_probability_two_random_records_match(
            anchor_rules(), recall=cfg.anchor_recall
        )
    except (ValueError, ZeroDivisionError) as exc:
        log.warning("prior not estimated from anchors: %s", type(exc).__name__)
    if not 0 < settings._probability_two_random_records_match < 1:
        # No two records share a passport and birth year (or all do): keep the starting prior.
        settings._probability_two_random_records_match = before
        report.sessions.append({"anchors": "no usable anchor estimate; starting prior kept"})
    report.prior = float(settings._probability_two_random_records_match)
    linker.training.estimate_u_using_random_sampling(max_pairs=cfg.u_max_pairs, seed=cfg.seed)
    if cfg.em:
        for rule in training_rules():
            name = rule.create_sql(linker._sql_dialect) if hasattr(rule, "create_sql") else str(rule)
            try:
                linker.training.estimate_parameters_using_expectation_maximisation(rule)
                report.sessions.append({"blocking_rule": name, "trained": True})
            except (ValueError, ZeroDivisionError, RuntimeError) as exc:
                # Splink refuses an m value that underflows (a level EM drove to zero): the
                # starting values stay for this session's comparisons.
                report.sessions.append({"blocking_rule": name, "trained": False, "reason": str(exc)[:200]})
            floor_m(settings)
    return report


def floor_m(settings: Any, floor: float = M_FLOOR) -> None:
    """Raise every trained m probability to at least `floor`, the comparison's m values then scaled
    back to a sum of one (a Splink settings object, changed in place)."""
    for comparison in settings.comparisons:
        levels = [
            cl
            for cl in comparison.comparison_levels
            if not cl.is_null_level and isinstance(cl.m_probability, float)
        ]
        if not levels or all(cl.m_probability >= floor for cl in levels):
            continue
        raised = [max(cl.m_probability, floor) for cl in levels]
        total = sum(raised)
        for cl, m in zip(levels, raised, strict=True):
            cl.m_probability = m / total
