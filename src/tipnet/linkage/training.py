"""Training without labels: the prior from deterministic anchors, u by random sampling, m by EM.

Starting m/u values are the matching core's calibrated weights, so a session EM cannot run (too few
pairs, a level never seen) leaves sensible values rather than defaults; what ran is reported.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from tipnet.linkage.comparisons import BLOCKED_LEVELS, anchor_rules, training_rules
from tipnet.linkage.u_sampling import estimate_u

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
    # After EM, the prior is re-estimated as the share of pairs the model itself expects to match
    # (see `prior_from_scores`); the anchors' estimate assumes a recall the data may not have.
    prior_from_scores: bool = True
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


def train(
    linker: Any,
    config: TrainingConfig | None = None,
    *,
    records: int | None = None,
    total_pairs: float | None = None,
    feature_pairs: Mapping[str, float] | None = None,
    predict: Callable[[float], Any] | None = None,
) -> TrainingReport:
    """Train the linker's model in place; `predict(threshold)`, if given, stands for the linker's
    `inference.predict` in the prior's refit (`vectors.Vectors.predict`: the same rows)."""
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
    if linker._sql_dialect_str == "duckdb":
        # the same counts as Splink's method, in one pass over the sampled pairs (`u_sampling`)
        estimate_u(linker, cfg.u_max_pairs, cfg.seed)
    else:
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
    if cfg.prior_from_scores and total_pairs:
        prior = prior_from_scores(linker, total_pairs, feature_pairs, predict=predict)
        if prior is not None:
            settings._probability_two_random_records_match = prior
            report.sessions.append({"prior_from_scores": prior, "anchor_prior": report.prior})
            report.prior = prior
    return report


PRIOR_FLOOR_P = 1e-3  # candidate pairs below this probability are left out of the prior's sum
MAX_U_GAIN = 4.0  # a level's u may fall to 1/4 of its sampled value (2 bits) when matches are removed
# A counted level's u may fall to 1/64 of its sampled value (6 bits): the count weighs each pair by the
# model's own probability, and where the model cannot tell a match from its look-alike the two feed each
# other (a passport shared by 858 pairs ran to 21 bits, one assumed non-match, on the independent set).
MAX_COUNTED_GAIN = 64.0
_ROUNDS = 50


def prior_from_scores(
    linker: Any,
    total_pairs: float,
    feature_pairs: Mapping[str, float] | None = None,
    *,
    predict: Callable[[float], Any] | None = None,
) -> float | None:
    """The prior at which the model's expected number of matches agrees with itself, with each
    level's u cleared of the matches that random sampling drew (the settings' u values are changed).

    Splink's anchor estimate counts the pairs sharing a passport and birth year and divides by an
    assumed recall (0.6); where few records carry a passport (hotline and NGO records) the true recall
    is far lower and the prior, so every probability, too low. And u, sampled from random pairs, counts
    the true matches among them as non-matches: in a file where each person has two or three records,
    about one random pair in 2,000 is a match, so no level could weigh more than -log2(prior) bits and no
    one piece of evidence (an exact name, a phone only one person uses) could outweigh the prior. Here,
    on the candidate pairs' comparison levels, the prior and u are iterated to their joint fixed point:
    prior = (sum over pairs of the match probability) / all pairs (pairs not blocked together count as
    non-matches), and u = (u sampled - prior x m) / (1 - prior), never below 1/MAX_U_GAIN of the sampled
    u. None when there are no candidate pairs.

    A level every pair of which is a candidate pair (`comparisons.BLOCKED_LEVELS`: a shared phone or
    passport is itself a blocking rule) needs no sampling: its non-matches are counted where they all
    are, as the candidate pairs at that level weighted by their probability of not matching, over the
    pairs whose two records both hold the field (`feature_pairs`; at least one such pair is assumed).
    Two million random pairs hold a few dozen of them, most of them matches; the count holds them all.
    The count's u stays above 1/MAX_COUNTED_GAIN of the sampled u."""
    import numpy as np

    settings = linker._settings_obj
    p0 = float(settings._probability_two_random_records_match)
    if predict is not None:
        predictions = predict(PRIOR_FLOOR_P)
    else:
        predictions = linker.inference.predict(threshold_match_probability=PRIOR_FLOOR_P)
    if linker._sql_dialect_str == "duckdb":  # as Arrow (no pandas to import: 0.2 CPU s of a small run)
        frame = predictions.as_pyarrow_table()
    else:
        import pyarrow as pa

        frame = pa.Table.from_pandas(predictions.as_pandas_dataframe(), preserve_index=False)
    predictions.drop_table_from_database_and_remove_from_cache()
    if not frame.num_rows or total_pairs <= 0:
        return None
    pairs_with = feature_pairs or {}
    comps = []  # (gamma of each pair, its levels, m, sampled u, which levels are counted, their pairs)
    for comp in settings.comparisons:
        feature = comp.output_column_name
        column = f"mw_{feature}"  # the engine keeps each comparison's weight
        levels = [
            cl
            for cl in comp.comparison_levels
            if not cl.is_null_level
            and isinstance(cl.m_probability, float)
            and isinstance(cl.u_probability, float)
        ]
        fixed = np.array([bool(getattr(cl, "_fix_u_probability", False)) for cl in levels])
        if column not in frame.column_names or not levels:
            continue
        m = np.array([cl.m_probability for cl in levels])
        u = np.array([cl.u_probability for cl in levels])
        weight = np.asarray(frame[column].to_numpy(), dtype=float)
        level_bits = np.log2(m / u)
        # each pair's level: the one whose weight it carries; a weight of exactly 0 is the null level
        rows = np.abs(weight[:, None] - level_bits[None, :]).argmin(axis=1)
        rows = np.where((weight == 0.0) & (np.abs(level_bits).min() > 1e-9), -1, rows)
        counted = np.array(
            [
                (feature, cl.label_for_charts) in BLOCKED_LEVELS and pairs_with.get(feature, 0) > 0
                for cl in levels
            ]
        )
        comps.append((rows, levels, m, u, counted, fixed, float(pairs_with.get(feature, 0))))
    prior = p0
    fitted: list[Any] = [u for _, _, _, u, _, _, _ in comps]
    probs = None
    for _ in range(_ROUNDS):
        new_fitted = []
        bits = np.zeros(frame.num_rows)
        for (rows, _levels, m, u, counted, fixed, n_with), current in zip(comps, fitted, strict=True):
            clean = np.maximum((u - prior * m) / (1 - prior), u / MAX_U_GAIN)
            clean[fixed] = u[fixed]  # a fixed u (comparisons.FIXED_LEVELS) is not re-estimated
            if counted.any():
                if probs is None:
                    exact = current[counted]
                else:
                    non_match = np.bincount(rows[rows >= 0], weights=1.0 - probs[rows >= 0], minlength=len(m))
                    exact = np.maximum(
                        np.maximum(non_match[counted], 1.0) / n_with, u[counted] / MAX_COUNTED_GAIN
                    )
                rest = ~counted & ~fixed
                left = max(1.0 - exact.sum() - clean[fixed].sum(), 1e-12)
                clean[rest] = clean[rest] / clean[rest].sum() * left
                clean[counted] = exact
            else:
                rest = ~fixed
                clean[rest] = clean[rest] / clean[rest].sum() * max(1.0 - clean[fixed].sum(), 1e-12)
            new_fitted.append(clean)
            level_bits = np.log2(m / clean)
            bits += np.where(rows >= 0, level_bits[np.maximum(rows, 0)], 0.0)
        settled = all(
            np.allclose(a[c], b[c], rtol=1e-3, atol=0)
            for a, b, (*_, c, _f, _n) in zip(new_fitted, fitted, comps, strict=True)
        )
        fitted = new_fitted
        probs = 1.0 / (1.0 + np.exp2(-(bits + math.log2(prior / (1 - prior)))))
        new = float(min(max(probs.sum() / total_pairs, 1e-12), 0.5))
        done = abs(new - prior) <= 1e-4 * prior and settled
        prior = new
        if done:
            break
    for (_rows, levels, _m, _u, _c, _f, _n), clean in zip(comps, fitted, strict=True):
        for cl, value in zip(levels, clean, strict=True):
            cl.u_probability = float(value)
    return prior


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
