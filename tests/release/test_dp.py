"""Differentially private releases: synthetic data keeps the correlations and does not memorize,
noisy counts' intervals cover the truth as stated, small cells cannot be recovered from totals."""

from __future__ import annotations

import math
import random
from collections import Counter
from itertools import combinations
from pathlib import Path

import pytest

from tipnet.release.counts import laplace_ci, noisy_counts
from tipnet.release.small_cells import recoverable, suppress
from tipnet.release.synthetic import epsilon_of, rho_for, synthesize
from tipnet.release.utility import (
    MembershipReport,
    bootstrap,
    exceeds,
    independent_columns,
    mean_relative_errors,
    membership,
    pooled,
)


def _people(n: int, seed: int) -> list[dict[str, str]]:
    """Correlated columns: region drives nationality, sex drives exploitation, age follows sex."""
    rnd = random.Random(seed)
    rows = []
    for _ in range(n):
        sex = rnd.choices(["F", "M"], [6, 4])[0]
        form = rnd.choices(["sexual", "labour"], [7, 3] if sex == "F" else [1, 9])[0]
        region = rnd.choice(["mekong", "south", "east"])
        nat = rnd.choice({"mekong": ["KHM", "LAO", "MMR"], "south": ["IDN", "PHL"], "east": ["CHN"]}[region])
        minor = rnd.choices(["minor", "adult"], [3, 7] if form == "sexual" else [1, 9])[0]
        rows.append({"sex": sex, "form": form, "region": region, "nat": nat, "age": minor})
    return rows


COLS = ["sex", "form", "region", "nat", "age"]


def test_rho_and_epsilon_agree() -> None:
    rho = rho_for(4.0, 1e-6)
    assert epsilon_of(rho, 1e-6) <= 4.0 < epsilon_of(rho * 1.01, 1e-6)


def test_synthetic_keeps_correlations_better_than_independent_columns() -> None:
    rows = _people(8000, 1)
    syn, rep = synthesize(rows, COLS, epsilon=4.0, seed=3)
    assert abs(rep.rows_out - len(rows)) < 200 and set(syn[0]) == set(COLS)
    dp = mean_relative_errors(rows, syn, COLS)
    indep = mean_relative_errors(rows, independent_columns(rows, COLS, len(rows)), COLS)
    assert dp[2] < 0.15 and dp[3] < 0.25, dp
    assert dp[2] < indep[2] / 2 and dp[3] < indep[3] / 2


def test_membership_check_catches_a_copy_and_passes_the_dp_release() -> None:
    rows = _people(6000, 2)
    for i, r in enumerate(rows):  # a unique marker per person: every row is a rare combination
        r["id"] = f"{i % 1500}"
    cols = [*COLS, "id"]
    train, hold = rows[:3000], rows[3000:]
    copy = membership(train, hold, bootstrap(train, 3000, seed=1), cols)
    assert not copy.attack_fails and copy.above_chance and copy.rare_train > 0.3
    # a copy claimed to be DP at epsilon 1 is caught as well: it is far past e^1 x chance
    assert not membership(
        train, hold, bootstrap(train, 3000, seed=1), cols, epsilon=1.0, delta=1e-6
    ).attack_fails
    reports = [
        membership(
            train, hold, synthesize(train, cols, epsilon=1.0, seed=s)[0], cols, epsilon=1.0, delta=1e-6
        )
        for s in range(3)
    ]
    mean = pooled(reports)
    assert mean.released_n == sum(r.released_n for r in reports) and mean.rare_train_n > 100
    assert mean.attack_fails, mean
    # within the guarantee, and far from a copy's rate
    assert mean.linkage_train <= math.e * mean.linkage_holdout and mean.rare_train < copy.rare_train / 5


def test_exceeds_is_a_one_sided_test_with_the_guarantee_as_factor() -> None:
    assert exceeds(0.10, 3000, 0.06, 3000)  # 4 points over 3000 trials: above chance
    assert not exceeds(0.07, 3000, 0.06, 3000)  # 1 point: within sampling error
    assert not exceeds(0.10, 3000, 0.06, 3000, factor=math.e)  # epsilon 1 allows up to e x
    assert exceeds(0.5, 100, 0.0, 100, factor=math.e**4, delta=1e-6)  # a copy breaks any guarantee
    report = MembershipReport(0.02, 0.02, 0.11, 0.06, 500, 500, 3000, epsilon=1.0)
    assert report.above_chance and report.attack_fails


def test_laplace_interval_is_exact_for_the_discrete_mechanism() -> None:
    for scale in (0.5, 1.0, 2.0, 10.0):
        a = math.exp(-1.0 / scale)
        t = laplace_ci(scale)
        assert 2 * a ** (t + 1) / (1 + a) <= 0.05 < 2 * a**t / (1 + a) or t == 0
    assert laplace_ci(2.0) == 6  # the continuous scale x ln 20 = 5.99 would cover only 93.8%


def test_noisy_count_intervals_cover_the_truth_at_least_95_percent() -> None:
    """1,000 intervals at epsilon 0.5 (exact coverage 96.2%): the band is 4 binomial sd wide each
    side, so a correct mechanism fails it about once in 30,000 runs; the old continuous interval
    (93.8%) fails it about half the time."""
    rows = _people(2000, 3)
    truth = Counter((r["sex"], r["form"]) for r in rows)
    covered = total = 0
    for _ in range(250):
        for cell in noisy_counts(rows, ["sex", "form"], epsilon=0.5):
            total += 1
            covered += cell.low <= truth.get(cell.key, 0) <= cell.high
    assert total == 1000
    assert 0.938 <= covered / total <= 0.986


def test_empty_cells_are_released_too() -> None:
    rows = [{"a": "x", "b": "1"}, {"a": "y", "b": "2"}]
    keys = {c.key for c in noisy_counts(rows, ["a", "b"], 1.0)}
    assert keys == {("x", "1"), ("x", "2"), ("y", "1"), ("y", "2")}


def test_small_cells_hidden_and_not_recoverable_from_totals() -> None:
    cells = {
        ("2025", "KHM"): 40, ("2025", "LAO"): 3, ("2025", "MMR"): 12,
        ("2026", "KHM"): 55, ("2026", "LAO"): 9, ("2026", "MMR"): 2,
    }  # fmt: skip
    published = suppress(cells, threshold=5)
    assert published[("2025", "LAO")] is None and published[("2026", "MMR")] is None
    assert recoverable(cells, published) == []
    # primary suppression alone gives the small cells away
    naive = {k: (None if 0 < n < 5 else n) for k, n in cells.items()}
    assert set(recoverable(cells, naive)) >= {("2025", "LAO")}


@pytest.mark.parametrize("seed", range(5))
def test_secondary_suppression_random_tables(seed: int) -> None:
    rnd = random.Random(seed)
    cells = {(str(r), str(c)): rnd.choice([0, 1, 2, 3, 6, 10, 30]) for r in range(5) for c in range(4)}
    published = suppress(cells)
    assert all(published[k] is None for k, n in cells.items() if 0 < n < 5)
    assert not [k for k in recoverable(cells, published) if 0 < cells[k] < 5]


def test_cli_synthetic_spends_writes_and_reports(tmp_path: Path) -> None:
    import csv
    import json

    from typer.testing import CliRunner

    from tipnet.cli import app
    from tipnet.settings import get_settings
    from tipnet.store.engine import make_engine, upgrade

    get_settings.cache_clear()
    engine = make_engine(get_settings().resolved_database_url)
    upgrade(engine)
    engine.dispose()
    src = tmp_path / "people.csv"
    rows = _people(3000, 5)
    with src.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=COLS)
        w.writeheader()
        w.writerows(rows)
    out, rep = tmp_path / "syn.csv", tmp_path / "report.json"
    args = [
        "release",
        "synthetic",
        str(src),
        "--epsilon",
        "4",
        "--out",
        str(out),
        "--actor",
        "t",
        "--report",
        str(rep),
    ]
    res = CliRunner().invoke(app, [*args, "--seed", "1"])
    assert res.exit_code == 0, res.output
    report = json.loads(rep.read_text(encoding="utf-8"))
    assert report["budget"]["spent"] == 4.0 and report["membership_check"]["attack_fails"]
    assert report["utility_and_risk"]["mean_relative_error"]["2-way"] < 0.15
    with out.open(newline="", encoding="utf-8") as fh:
        released = list(csv.DictReader(fh))
    assert abs(len(released) - 3000) < 150 and list(released[0]) == COLS
    again = CliRunner().invoke(app, [*args, "--epsilon", "7"])
    assert again.exit_code == 3 and "refused" in again.output


def test_the_fit_weights_a_pool_towards_the_measured_marginals() -> None:
    """The least-squares fit (sparse marginals) moves the pool's weight so its 1-, 2- and 3-way
    marginals match the measurements: from a pool of independent columns, with exact measurements,
    the fitted marginals come close to the data's, far closer than the pool's own."""
    import numpy as np

    from tipnet.release.synthetic import _encode, _fit, _marginal

    rows = _people(3000, seed=8)
    dom = {c: sorted({r[c] for r in rows}) for c in COLS}
    data = _encode(rows, COLS, dom)
    sizes = [len(dom[c]) for c in COLS]
    rng = np.random.default_rng(4)
    pool = np.stack(
        [rng.integers(0, s, size=12000) for s in sizes], axis=1
    )  # every combination, no correlation
    measured = [((j,), _marginal(data, [j], sizes).astype(float), 1.0) for j in range(len(COLS))]
    measured += [
        ((a, b), _marginal(data, [a, b], sizes).astype(float), 1.0) for a, b in combinations(range(5), 2)
    ]
    measured.append(((0, 1, 4), _marginal(data, [0, 1, 4], sizes).astype(float), 1.0))
    distinct, prob = _fit(pool, measured, sizes, total=float(len(rows)), iterations=300)
    assert distinct.shape[1] == len(COLS) and prob.shape == (len(distinct),)
    assert prob.min() >= 0 and abs(prob.sum() - 1) < 1e-9

    def error(cols: tuple[int, ...], weights: np.ndarray, table: np.ndarray) -> float:
        shape = tuple(sizes[c] for c in cols)
        cells = np.ravel_multi_index(tuple(distinct[:, c] for c in cols), shape)
        got = np.bincount(cells, weights=weights, minlength=int(np.prod(shape))) * len(rows)
        return float(np.abs(got - table.ravel()).sum() / len(rows))

    _, counts = np.unique(pool, axis=0, return_counts=True)
    before = counts / counts.sum()
    for cols, table, _ in measured:
        assert error(cols, prob, table) < 0.05, cols  # total variation of the fitted marginal
    assert error((0, 1, 4), before, measured[-1][1]) > 10 * error((0, 1, 4), prob, measured[-1][1])
