"""The population prior of `pprl match` (issue 18): a pair's score is its log-odds at the calibration
population plus the prior of the files' sizes, so that a larger file (more strangers per record) needs
more evidence for one score; the parties' expected overlap moves it, and the matcher applies it to
every pair alike, in full and blocked."""

from __future__ import annotations

import csv
import itertools
import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from tipnet.cli import app
from tipnet.sharing.pprl.encode import Encoder
from tipnet.sharing.pprl.features import PprlInput, record_features
from tipnet.sharing.pprl.match import (
    CALIBRATION_SALTED,
    Blocking,
    Population,
    calibration,
    match_filters,
    score_pairs,
)
from tipnet.sharing.pprl.schema import DEFAULT_SCHEMA, PROFILES, derive_keys

runner = CliRunner()


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-12, 1 - 1e-12)
    return np.log(p) - np.log1p(-p)


def test_shift_follows_the_population() -> None:
    ref = CALIBRATION_SALTED.records
    assert calibration(DEFAULT_SCHEMA) is CALIBRATION_SALTED
    assert Population(ref, ref).shift(DEFAULT_SCHEMA) == 0.0
    shifts = [Population(n, n).shift(DEFAULT_SCHEMA) for n in (ref, 10 * ref, 100 * ref, 1000 * ref)]
    assert all(x > y for x, y in itertools.pairwise(shifts))
    # ten times the records, ten times lower prior odds (nearly): log(10) nats of probability
    ten = shifts[1] * CALIBRATION_SALTED.slope
    assert ten == pytest.approx(-np.log(10), abs=0.01)
    # files smaller than the calibration's are not raised by their size
    assert Population(10, 20).shift(DEFAULT_SCHEMA) == 0.0
    # the larger file rules (the smaller file's records each look for their person among it)
    assert Population(ref, 50 * ref).shift(DEFAULT_SCHEMA) == Population(50 * ref, ref).shift(DEFAULT_SCHEMA)
    # the parties' expected overlap: more expected matches, a higher prior
    lo, hi = (Population(10 * ref, 10 * ref, o).shift(DEFAULT_SCHEMA) for o in (0.1, 0.9))
    assert lo < shifts[1] < hi


def test_probability_is_monotone_and_calibrated_to_the_platt_fit() -> None:
    pop = Population(5000, 5000)
    s = np.array([0.01, 0.18, 0.5, 0.9, 0.999])
    p = pop.probability(DEFAULT_SCHEMA, s)
    assert np.all(np.diff(p) > 0)
    assert p == pytest.approx(
        1 / (1 + np.exp(-(CALIBRATION_SALTED.slope * _logit(s) + CALIBRATION_SALTED.offset)))
    )
    # a schema that is neither profile's: the score read at face value
    other = PROFILES["unsalted"]
    assert calibration(other).records == CALIBRATION_SALTED.records


def _records(n: int, seed: int) -> list[PprlInput]:
    rng = np.random.default_rng(seed)
    fam = ["sok", "chan", "kim", "nguyen", "tran", "wang", "li", "somchai"]
    giv = ["dara", "sokha", "vanna", "linh", "hung", "wei", "malee", "kosal"]
    out = []
    for i in range(n):
        born = f"{rng.integers(1960, 2008)}-{rng.integers(1, 13):02d}-{rng.integers(1, 29):02d}"
        name = f"{fam[rng.integers(len(fam))]} {giv[rng.integers(len(giv))]}"
        out.append(PprlInput(f"r{seed}-{i}", (name,), born, "F", ("KHM",)))
    return out


def test_matcher_shifts_every_pair_alike_in_full_and_blocked() -> None:
    enc = Encoder(derive_keys(b"k" * 32, DEFAULT_SCHEMA), DEFAULT_SCHEMA)
    a = _records(300, 1)
    b = a[:150] + _records(150, 2)
    fa = enc.encode([record_features(r, DEFAULT_SCHEMA)[0] for r in a])
    fb = enc.encode([record_features(r, DEFAULT_SCHEMA)[0] for r in b])
    shift = Population(1_000_000, 1_000_000).shift(DEFAULT_SCHEMA)
    assert shift < -3
    for blocking in (None, Blocking()):
        plain = match_filters(fa, fb, DEFAULT_SCHEMA, 0.95, blocking=blocking)
        moved = match_filters(fa, fb, DEFAULT_SCHEMA, 0.95, blocking=blocking, shift=shift)
        got = score_pairs(fa, fb, DEFAULT_SCHEMA, plain.a, plain.b, shift)
        assert _logit(got) == pytest.approx(_logit(plain.score) + shift, abs=1e-4)
        # the shifted matcher reports exactly the pairs whose shifted score clears the threshold
        assert 0 < len(moved.a) == int((got >= 0.95).sum()) < len(plain.a)


def _csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["rid", "name", "birth_date", "gender"])
        w.writerows(rows)
    return path


def test_cli_applies_the_prior_and_writes_the_probability(tmp_path: Path) -> None:
    secret = tmp_path / "s.key"
    secret.write_text("a secret the two parties share, 32+ bytes\n", encoding="utf-8")
    rows = [[r.id, r.names[0], r.birth_date or "", "F"] for r in _records(40, 3)]
    for side, part in (("a", rows), ("b", rows[:20])):
        src = _csv(tmp_path / f"{side}.csv", part)
        res = runner.invoke(app, ["pprl", "encode", str(src), "-c", "id=rid", "--secret-file", str(secret),
                                  "--out", str(tmp_path / f"{side}.clk")])  # fmt: skip
        assert res.exit_code == 0, res.output
    base = ["pprl", "match", str(tmp_path / "a.clk"), str(tmp_path / "b.clk"), "--threshold", "0.01"]
    runs = {}
    for label, extra in (("default", []), ("none", ["--no-population-prior"]),
                         ("low", ["--expected-overlap", "0.001"])):  # fmt: skip
        res = runner.invoke(app, [*base, "--out", str(tmp_path / label), *extra])
        assert res.exit_code == 0, res.output
        run = json.loads((tmp_path / label / "run.json").read_text(encoding="utf-8"))
        with (tmp_path / label / "matches.csv").open(encoding="utf-8", newline="") as f:
            got = list(csv.DictReader(f))
        runs[label] = (run["population_prior"], {(r["a_id"], r["b_id"]): r for r in got})
    # 40 records a side are fewer than the calibration's: the default leaves the score as it was
    assert runs["default"][0]["shift"] == 0.0 and runs["none"][0]["applied"] is False
    assert {k: v["score"] for k, v in runs["default"][1].items()} == {
        k: v["score"] for k, v in runs["none"][1].items()
    }
    # a party that expects few shared persons lowers every score
    assert runs["low"][0]["shift"] < 0 and runs["low"][0]["expected_overlap"] == 0.001
    low = runs["low"][1]
    assert low and all(float(low[k]["score"]) < float(runs["none"][1][k]["score"]) for k in low)
    for _prior, found in runs.values():
        for r in found.values():
            assert 0.0 <= float(r["probability"]) <= 1.0
    res = runner.invoke(app, [*base, "--out", str(tmp_path / "x"), "--no-population-prior",
                              "--expected-overlap", "0.5"])  # fmt: skip
    assert res.exit_code == 2 and "--expected-overlap" in res.output
