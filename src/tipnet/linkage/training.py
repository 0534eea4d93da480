"""Training without labels: the prior from deterministic anchors, u by random sampling, m by EM.

Starting m/u values are the matching core's calibrated weights, so a session EM cannot run (too few
pairs, a level never seen) leaves sensible values rather than defaults; what ran is reported.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, field
from typing import Any

from tipnet.linkage.comparisons import anchor_rules, training_rules

log = logging.getLogger(__name__)


@dataclass
class TrainingConfig:
    u_max_pairs: float = 2e6
    seed: int = 42
    anchor_recall: float = 0.6  # share of true links the anchors (same passport + birth year) find
    em: bool = True
    # Below this many records, random pairs say nothing reliable about u (four copies of one person
    # would make "same name" look common among non-matches): the calibrated weights are used as they are.
    min_records: int = 300


@dataclass
class TrainingReport:
    prior: float | None = None
    u_pairs: float = 0
    sessions: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


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
    return report
