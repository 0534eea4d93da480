"""The learnt second stage of linkage (issue 13) on records tipnet's simulator never wrote: a small
independent set (another seed than the benchmarks'), its trainer re-run, its gate."""

from __future__ import annotations

import csv
import importlib.util
import itertools
import json
from collections import defaultdict
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from tipnet.linkage import second_stage
from tipnet.linkage.comparisons import FEATURES
from tipnet.linkage.records import LinkRecord, prepare_row, prepare_table, rows_table
from tipnet.linkage.resolve import Options, Resolution, resolve
from tipnet.linkage.tabular import read_input
from tipnet.matching.learnt import load

ROOT = Path(__file__).resolve().parents[2]


def _trainer() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "linkage_second_stage", ROOT / "bench" / "linkage_second_stage.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def runs(independent: Path) -> dict[str, Resolution]:
    inp = read_input(independent / "linkage/records.csv", {"id": ["record_id"]}, label="a")
    prepared = prepare_table(inp.records)
    return {
        "on": resolve([prepared], Options(workers=1, keep_candidates=True)),
        "off": resolve([prepared], Options(workers=1, second_stage=False)),
    }


def _true_pairs(data: Path) -> set[tuple[str, str]]:
    with (data / "linkage/truth.csv").open(newline="", encoding="utf-8") as f:
        truth = {r["record_id"]: r["person_id"] for r in csv.DictReader(f)}
    groups: dict[str, list[str]] = defaultdict(list)
    for rid, pid in truth.items():
        groups[pid].append(rid)
    return {tuple(sorted(p)) for g in groups.values() for p in itertools.combinations(g, 2)}  # type: ignore[misc]


def test_the_stage_changes_the_links_and_finds_more_people(
    independent: Path, runs: dict[str, Resolution]
) -> None:
    true_pairs = _true_pairs(independent)
    found = {}
    for name, res in runs.items():
        links = {p.key for p in res.links()}
        tp = len(links & true_pairs)
        found[name] = (tp / len(links), tp / len(true_pairs), links)
    (p_on, r_on, on), (p_off, r_off, off) = found["on"], found["off"]
    assert on != off  # not a no-op
    # this set (seed 7, 400 people), measured: without the stage P 0.968 R 0.585; with it P 0.951 R 0.634
    assert p_on >= 0.94 and r_on > r_off + 0.03, (p_on, r_on, p_off, r_off)
    # the candidates it re-scored reach below the review floor of the first stage
    pairs, X = runs["on"].candidates  # type: ignore[misc]
    assert X.shape == (len(pairs), len(second_stage.COLUMNS))
    assert pairs.probability.min() < 0.5 <= pairs.probability.max()


def test_the_name_similarity_column_is_the_comparisons_own_score(
    independent: Path, runs: dict[str, Resolution]
) -> None:
    from tipnet.linkage.name_similarity import name_similarity

    pairs, X = runs["on"].candidates  # type: ignore[misc]
    inp = read_input(independent / "linkage/records.csv", {"id": ["record_id"]}, label="a")
    table = prepare_table(inp.records).table
    codes = dict(zip(table["unique_id"].to_pylist(), table["name_codes"].to_pylist(), strict=True))
    column = X[:, second_stage.COLUMNS.index("name_similarity")]
    left, right = pairs.table["unique_id_l"].to_pylist(), pairs.table["unique_id_r"].to_pylist()
    for i in range(0, len(pairs), max(1, len(pairs) // 200)):
        want = name_similarity(codes[left[i]], codes[right[i]])
        if want is None:
            assert np.isnan(column[i])
        else:
            assert column[i] == pytest.approx(want)
    # unbucketed: more distinct values than the name comparison has levels
    assert len(np.unique(column[~np.isnan(column)])) > 20


def test_the_shipped_model_is_calibrated_data(runs: dict[str, Resolution]) -> None:
    model = second_stage.default_model()
    assert model.features == second_stage.COLUMNS
    assert model.calibration is not None
    _pairs, X = runs["on"].candidates  # type: ignore[misc]
    p = model.probability(X)
    assert ((p >= 0) & (p <= 1)).all()
    # group evidence is read: the stage's probability moves with it
    X2 = X.copy()
    X2[:, second_stage.COLUMNS.index("group_dates_agree")] = 0.0
    X2[:, second_stage.COLUMNS.index("group_year_gap")] = 20.0
    assert (model.probability(X2) < p - 0.05).any()


def test_a_run_comparing_name_parts_keeps_the_first_stage() -> None:
    """FEBRL-like records (given and family names apart): the model never saw that comparison."""
    model = second_stage.default_model()
    assert second_stage.applies(model, [f for f in FEATURES if f not in ("given_name", "family_name")])
    assert not second_stage.applies(model, FEATURES)
    given = ["john", "mary", "peter", "susan", "alan", "linda", "mark", "karen", "paul", "emma"]
    family = ["smith", "jones", "brown", "white", "green", "black", "young", "king", "scott", "hall"]
    recs = []
    for i, (g, f) in enumerate(itertools.product(given, family)):
        date = f"{1950 + i % 40}-{1 + i % 12:02d}-{1 + i % 28:02d}"
        recs.append(LinkRecord(f"a{i:03d}", "t", (f"{g} {f}",), birth_date=date, given_name=g, family_name=f))
        if i % 3 == 0:
            typo = g[:-1] + ("x" if g[-1] != "x" else "y")
            recs.append(
                LinkRecord(
                    f"b{i:03d}", "t", (f"{typo} {f}",), birth_date=date, given_name=typo, family_name=f
                )
            )
    table = rows_table(prepare_row(r) for r in recs)
    on = resolve([table], Options(workers=1))
    off = resolve([table], Options(workers=1, second_stage=False))
    assert on.candidates is None
    assert [(p.key, p.probability) for p in on.pairs.sorted()] == [
        (p.key, p.probability) for p in off.pairs.sorted()
    ]


def test_the_trainer_runs_on_a_generated_set(independent: Path, tmp_path: Path) -> None:
    trainer = _trainer()
    npz = tmp_path / "c.npz"
    assert trainer.main(["collect", "ind1", "--data", str(independent), "--out", str(npz)]) == 0
    assert trainer.main(["collect", "ind1", "--data", str(independent), "--split", "test", "--out", "x"]) == 2
    X, y, groups, feats = trainer.load_sets([npz])
    assert 0 < y.sum() < len(y)
    final, iso, _cal, data = trainer.fit(X, y, groups, feats)
    path = tmp_path / "m.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    ens = load(path)
    np.testing.assert_allclose(ens.uncalibrated(X), final.predict_proba(X)[:, 1], atol=1e-12)
    np.testing.assert_allclose(ens.probability(X), iso.predict(final.predict_proba(X)[:, 1]), atol=1e-12)
    assert second_stage.applies(ens, feats)


def _group_evidence_by_loop(
    comp: np.ndarray, recs: second_stage._Records, ca: np.ndarray, cb: np.ndarray
) -> np.ndarray:
    """The group columns as the stage first computed them (sets per group, a loop per pair): the
    reference the vectorised `_GroupValues` must equal."""
    years: dict[int, set[float]] = {}
    dates: dict[int, set[tuple[int, int, int]]] = {}
    genders: dict[int, set[str]] = {}
    for i, c in enumerate(comp.tolist()):
        y = recs.year[i]
        if not np.isnan(y):
            years.setdefault(c, set()).add(y)
            if recs.month[i] and recs.day[i]:
                md = sorted((recs.month[i], recs.day[i]))
                dates.setdefault(c, set()).add((int(y), md[0], md[1]))
        if recs.gender[i]:
            genders.setdefault(c, set()).add(recs.gender[i])
    out = np.full((len(ca), 3), np.nan)
    for i, (a, b) in enumerate(zip(ca.tolist(), cb.tolist(), strict=True)):
        ya, yb = years.get(a), years.get(b)
        if ya and yb:
            out[i, 0] = min(abs(x - y) for x in ya for y in yb)
        fa, fb = dates.get(a), dates.get(b)
        if fa and fb:
            out[i, 1] = 1.0 if fa & fb else 0.0
        ga, gb = genders.get(a), genders.get(b)
        if ga and gb:
            out[i, 2] = 1.0 if ga & gb else 0.0
    return out


def test_the_group_columns_equal_the_per_pair_loop(independent: Path, runs: dict[str, Resolution]) -> None:
    from tipnet.linkage.resolve import corroborated

    res = runs["on"]
    pairs, X = res.candidates  # type: ignore[misc]
    inp = read_input(independent / "linkage/records.csv", {"id": ["record_id"]}, label="a")
    recs = second_stage._Records([prepare_table(inp.records).table])
    left = np.array([recs.index[u] for u in pairs.table["unique_id_l"].to_pylist()])
    right = np.array([recs.index[u] for u in pairs.table["unique_id_r"].to_pylist()])
    linked = corroborated(pairs, res.model) & (pairs.probability >= res.threshold)
    comp = second_stage._components(len(recs.year), left[linked], right[linked])
    want = _group_evidence_by_loop(comp, recs, comp[left], comp[right])
    cols = [
        second_stage.COLUMNS.index(c) for c in ("group_year_gap", "group_dates_agree", "group_gender_agrees")
    ]
    assert (X[:, second_stage.COLUMNS.index("same_group")] == 1).sum() > 10  # groups are exercised
    np.testing.assert_array_equal(X[:, cols], want)


def test_group_values_on_random_groups_equal_the_loop() -> None:
    rng = np.random.default_rng(5)
    n = 3000
    comp = np.sort(rng.integers(0, 900, n))
    comp = np.unique(comp, return_inverse=True)[1].astype(np.int64)
    recs = second_stage._Records([])
    recs.year = np.where(rng.random(n) < 0.2, np.nan, rng.integers(1950, 2010, n).astype(float))
    recs.month = rng.integers(0, 13, n).tolist()
    recs.day = np.where(rng.random(n) < 0.3, 0, rng.integers(1, 29, n)).tolist()
    recs.gender = [None if r < 0.2 else ("f" if r < 0.6 else "m") for r in rng.random(n)]
    ca, cb = rng.integers(0, int(comp.max()) + 1, (2, 5000))
    want = _group_evidence_by_loop(comp, recs, ca, cb)
    year = np.nan_to_num(recs.year).astype(np.int64)
    month, day = np.array(recs.month), np.array(recs.day)
    has_date = ~np.isnan(recs.year) & (month > 0) & (day > 0)
    date = year * 10000 + np.minimum(month, day) * 100 + np.maximum(month, day)
    gender = np.array([{"f": 0, "m": 1}.get(g or "", -1) for g in recs.gender])
    got = np.stack(
        [
            second_stage._GroupValues(comp, year, ~np.isnan(recs.year)).nearest(ca, cb),
            second_stage._GroupValues(comp, date, has_date).shared(ca, cb),
            second_stage._GroupValues(comp, gender, gender >= 0).shared(ca, cb),
        ],
        axis=1,
    )
    assert not np.isnan(want).all(axis=0).any() and (want[:, 1] == 1).any() and (want[:, 1] == 0).any()
    np.testing.assert_array_equal(got, want)


def test_date_relation_reads_dates_to_the_day_and_month() -> None:
    # (year, month, day) pairs: same date, swapped day and month, the same day and month 14 years apart
    # (beyond the `year_off` level's ten), a day typo, a contradiction, a side without a month
    a = [(1990, 5, 4), (1990, 5, 4), (1970, 3, 9), (1990, 5, 4), (1990, 5, 4), (1990, 5, 4)]
    b = [(1990, 5, 4), (1990, 4, 5), (1984, 3, 9), (1990, 5, 7), (1991, 2, 7), (1990, 0, 0)]
    recs = a + b
    year = np.array([r[0] for r in recs], dtype=np.int64)
    month = np.array([r[1] for r in recs], dtype=np.int64)
    day = np.array([r[2] for r in recs], dtype=np.int64)
    left, right = np.arange(len(a)), np.arange(len(a)) + len(a)
    got = second_stage.date_relation(year, month, day, year > 0, left, right)
    want = [
        second_stage.DATE_SAME,
        second_stage.DATE_SAME,
        second_stage.YEAR_DIFFERS,
        second_stage.DAY_DIFFERS,
        second_stage.DATES_CONTRADICT,
        np.nan,
    ]
    np.testing.assert_array_equal(got, want)


def test_conflict_and_wide_group_columns_equal_their_definitions(
    independent: Path, runs: dict[str, Resolution]
) -> None:
    """Record conflicts (documents, phones, full dates that differ), the groups' documents and phones,
    and the wide groups (every corroborated candidate pair with compatible names), against loops."""
    from tipnet.linkage.resolve import corroborated

    res = runs["on"]
    pairs, X = res.candidates  # type: ignore[misc]
    col = {c: i for i, c in enumerate(second_stage.COLUMNS)}
    inp = read_input(independent / "linkage/records.csv", {"id": ["record_id"]}, label="a")
    recs = second_stage._Records([prepare_table(inp.records).table])
    left = np.array([recs.index[u] for u in pairs.table["unique_id_l"].to_pylist()])
    right = np.array([recs.index[u] for u in pairs.table["unique_id_r"].to_pylist()])
    for i, (a, b) in enumerate(zip(left.tolist(), right.tolist(), strict=True)):
        pa_, pb = set(recs.phones[a]), set(recs.phones[b])
        want = int(X[i, col["level_document"]] == 0) + int(bool(pa_ and pb and not pa_ & pb))
        full = all((recs.day[x], recs.month[x]) != (0, 0) and recs.day[x] for x in (a, b))
        want += int(full and X[i, col["date_relation"]] == second_stage.DATES_CONTRADICT)
        assert X[i, col["conflicts"]] == want
        assert (X[i, col["level_phone"]] == 0) == bool(pa_ and pb and not pa_ & pb)
    assert (X[:, col["conflicts"]] >= 2).sum() > 5
    sim = X[:, col["name_similarity"]]
    wide_links = corroborated(pairs, res.model) & (np.isnan(sim) | (sim >= second_stage.COMPATIBLE_NAME))
    assert wide_links.sum() > 10
    assert (X[wide_links, col["wide_same_group"]] == 1).all()
    assert (X[:, col["wide_size"]] >= 2).all()
    comp = second_stage._components(len(recs.year), left[wide_links], right[wide_links])
    members: dict[int, list[int]] = defaultdict(list)
    for i, c in enumerate(comp.tolist()):
        members[c].append(i)
    for i in range(0, len(pairs), max(1, len(pairs) // 300)):
        ga, gb = members[comp[left[i]]], members[comp[right[i]]]
        ya = {recs.year[x] for x in ga if not np.isnan(recs.year[x])}
        yb = {recs.year[x] for x in gb if not np.isnan(recs.year[x])}
        want_gap = min(abs(x - y) for x in ya for y in yb) if ya and yb else np.nan
        np.testing.assert_equal(X[i, col["wide_year_gap"]], want_gap)


def test_dates_that_agree_to_the_day_and_month_in_another_year_link(
    independent: Path, runs: dict[str, Resolution]
) -> None:
    """Near-evidence the comparison levels blur (`date_relation`): two records whose birth dates share
    the day and month with the year mistyped. On this set (seed 7, never trained on) such candidate
    pairs are all one person (23); the first stage links 20, the stage before `date_relation` 21
    (measured, learn14), the stage now every one."""
    pairs, X = runs["on"].candidates  # type: ignore[misc]
    true_pairs = _true_pairs(independent)
    links = {p.key for p in runs["on"].links()}
    rel = X[:, second_stage.COLUMNS.index("date_relation")]
    left, right = pairs.table["unique_id_l"].to_pylist(), pairs.table["unique_id_r"].to_pylist()
    near = [tuple(sorted((left[i], right[i]))) for i in np.flatnonzero(rel == second_stage.YEAR_DIFFERS)]
    assert len(near) >= 15 and all(k in true_pairs for k in near)
    assert all(k in links for k in near), [k for k in near if k not in links]
