"""Linkage on DuckDB: the SQL levels are the matching core's, and a simulated scenario resolves well."""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

import pytest

from tipnet.evaluation.link_records import sim_link_records, sim_truth
from tipnet.linkage.comparisons import birth_level_linkage, comparison
from tipnet.linkage.engines import start_duckdb
from tipnet.linkage.name_similarity import word_differs
from tipnet.linkage.records import LinkRecord, prepare_row
from tipnet.linkage.resolve import Decision, Options, resolve
from tipnet.matching.features import document_level, name_level
from tipnet.matching.names import best_name_match
from tipnet.matching.record import make_record, prepare_record
from tipnet.sim import simulate


def _case_sql(feature: str) -> str:
    levels = comparison(feature, "duckdb")["comparison_levels"]
    whens = []
    for lv in levels:
        if lv["sql_condition"] == "ELSE":
            return "CASE " + " ".join(whens) + f" ELSE '{lv['label_for_charts']}' END"
        whens.append(f"WHEN {lv['sql_condition']} THEN '{lv['label_for_charts']}'")
    raise AssertionError("no ELSE level")


def _pairs_table(con, rows: list[dict]) -> None:
    eng_rows = rows
    import pyarrow as pa

    from tipnet.linkage.records import rows_table as _arrow

    tbl = _arrow(eng_rows)
    con.register("r_arrow", tbl)
    cols = ", ".join(f"l.{c} AS {c}_l, r.{c} AS {c}_r" for c in tbl.column_names)
    con.execute(f"CREATE TABLE pairs AS SELECT l.unique_id AS a, r.unique_id AS b, {cols} "
                "FROM r_arrow l JOIN r_arrow r ON l.unique_id < r.unique_id")  # fmt: skip
    del pa


def _random_record(rng: random.Random, i: int) -> LinkRecord:
    y = rng.choice([1980, 1981, 1990])
    m = rng.choice([None, 1, 2, 5])
    d = rng.choice([None, 1, 2, 5]) if m else None
    birth = f"{y}" + (f"-{m:02d}" if m else "") + (f"-{d:02d}" if d else "")
    doc = rng.choice(["", "P1234567", "P1234S67", "P1234568", "N9876543", "AB12"])
    name = rng.choice(
        ["Sok Dara", "Dara Sok", "Sokh Dara", "សុខ ដារា", "Chan Dara", "Nguyen Van An", "Siti Rahayu"]
    )
    if rng.random() < 0.1:
        birth = ""
    return LinkRecord(f"r{i:03d}", "t", (name,), birth or None, None, (), (doc,) if doc else ())


def test_sql_levels_are_the_matching_core_levels() -> None:
    """Every pair of 60 varied records gets the same name, birth-date and document level in SQL as in
    Python (`tipnet.matching.features`): linkage and screening share one definition."""
    rng = random.Random(5)
    recs = [_random_record(rng, i) for i in range(60)]
    rows = [prepare_row(r) for r in recs]
    prepared = {r.uid: prepare_record(make_record(list(r.names), birth_date=r.birth_date, document_number=list(r.documents))) for r in recs}  # fmt: skip
    eng = start_duckdb()
    try:
        _pairs_table(eng.handle, rows)
        q = f"SELECT a, b, {_case_sql('name')}, {_case_sql('birth_date')}, {_case_sql('document')} FROM pairs"
        got = eng.handle.sql(q).fetchall()
    finally:
        eng.close()
    assert len(got) == 60 * 59 // 2
    seen = Counter()
    for a, b, name, birth, doc in got:
        pa, pb = prepared[a], prepared[b]
        m = best_name_match(pa.names, pb.names)
        shares_key = bool({k for n in pa.names for s in n.spellings for k in s.keys if len(k) > 1}
                          & {k for n in pb.names for s in n.spellings for k in s.keys if len(k) > 1})  # fmt: skip
        expected_name = name_level(m.score) if shares_key else "disagree"
        if shares_key and expected_name != "exact" and word_differs(m):
            expected_name = "word_differs"  # linkage's extra level: a shared word, another one unlike
        elif shares_key and expected_name == "disagree":
            expected_name = "shared_word"  # linkage's extra level: one word alike, names differ
        assert name == expected_name, (a, b)
        assert birth == birth_level_linkage(pa.birth, pb.birth), (a, b)
        # linkage's extra `transposed` level lies below the core's levels (none in these numbers)
        assert doc == document_level(pa.documents, pb.documents), (a, b)
        seen.update([("name", name), ("birth", birth), ("doc", doc)])
    # the data exercise every level, so the agreement means something
    for feature, levels in {"name": ["exact", "word_differs", "disagree"], "birth": ["same_day", "same_month", "same_year", "near", "disagree", "missing"], "doc": ["exact", "near", "disagree", "missing"]}.items():  # fmt: skip
        for level in levels:
            assert seen[(feature, level)] > 0, (feature, level)


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("sim")
    simulate(root, people=400, seed=11)
    return root


def _scores(res, keys, truth) -> tuple[float, float]:
    groups = defaultdict(list)
    for uid, k in keys.items():
        if k in truth:
            groups[truth[k]].append(uid)
    total = sum(len(g) * (len(g) - 1) // 2 for g in groups.values())
    links = res.links()
    tp = sum(1 for p in links if truth.get(keys[p.uid_l]) == truth.get(keys[p.uid_r]) is not None)
    return tp / len(links), tp / total


@pytest.mark.slow
def test_simulated_agencies_resolve_with_high_precision_and_recall(scenario: Path) -> None:
    keys, rows = {}, []
    for key, rec in sim_link_records(scenario):
        rows.append(prepare_row(rec))
        keys[rec.uid] = key
    truth = sim_truth(scenario)
    res = resolve([rows], Options(training=Options().training))
    precision, recall = _scores(res, keys, truth)
    assert precision >= 0.98 and recall >= 0.95, (precision, recall)
    # Evidence: every link's weights add up to its match weight (the waterfall).
    p = res.links()[0]
    total = res.model.prior_bits() + sum(e.bits for e in res.model.evidence(p))
    assert total == pytest.approx(p.weight, abs=1e-6)
    assert res.training is not None and res.training.sessions[0].get("trained")
    # Deterministic: a second run gives the same clusters.
    again = resolve([rows])
    assert again.clusters == res.clusters


@pytest.mark.slow
def test_analyst_decisions_override_the_model(scenario: Path) -> None:
    rows = [prepare_row(rec) for _key, rec in sim_link_records(scenario)]
    res = resolve([rows])
    link = max(res.links(), key=lambda p: p.probability)
    # Reject the strongest link of a two-record cluster... find one where the pair is a bridge
    members = defaultdict(list)
    for u, c in res.clusters.items():
        members[c].append(u)
    pair = next(p for p in res.links() if len(members[res.clusters[p.uid_l]]) == 2)
    split = resolve([rows], decisions=[Decision(pair.uid_l, pair.uid_r, accept=False)])
    assert split.clusters[pair.uid_l] != split.clusters[pair.uid_r]
    assert not split.is_link(next(p for p in split.pairs if p.key == pair.key))
    # Accept a pair the model never proposed: the two clusters merge.
    singles = sorted(u for u, c in res.clusters.items() if len(members[c]) == 1)
    a, b = singles[0], singles[1]
    merged = resolve([rows], decisions=[Decision(a, b, accept=True)])
    assert merged.clusters[a] == merged.clusters[b]
    assert link.probability > 0.99


def test_two_datasets_link_only() -> None:
    left = [LinkRecord("a1", "left", ("Sok Dara",), "1990-05-01", "M", ("KHM",), ("N0123456",)),
            LinkRecord("a2", "left", ("Siti Rahayu",), "1985", "F", ("IDN",))]  # fmt: skip
    right = [LinkRecord("b1", "right", ("សុខ ដារា",), "1990-05-01", "M", ("KHM",), ("N0123456",)),
             LinkRecord("b2", "right", ("Dara Sokh",), "1990-05-01", "M", ("KHM",)),
             LinkRecord("b3", "right", ("Nguyen Van An",), "1985", "M", ("VNM",))]  # fmt: skip
    res = resolve([[prepare_row(r) for r in left], [prepare_row(r) for r in right]])
    linked = {p.key for p in res.links()}
    assert ("a1", "b1") in linked  # same passport, birth date, name across scripts
    # Same rare name spelt another way (its phonetic form counted over the run: two records) and the
    # same birth date, no document: scored, linked or for an analyst to decide
    assert ("a1", "b2") in {p.key for p in res.pairs}
    assert all(a.startswith("a") != b.startswith("a") for a, b in (p.key for p in res.pairs))  # link only
    assert res.clusters["a1"] == res.clusters["b1"]
    assert res.clusters["a2"] != res.clusters["b3"]


def test_bad_options_are_refused() -> None:
    with pytest.raises(ValueError, match="review_low"):
        resolve([[]], Options(threshold=0.4, review_low=0.5))
    with pytest.raises(ValueError, match="one data set"):
        resolve([[], [], []])


def test_pairs_listed_once() -> None:
    rows = [
        prepare_row(LinkRecord(f"x{i}", "t", ("Sok Dara",), "1990-05-01", None, ("KHM",))) for i in range(4)
    ]
    res = resolve([rows])
    assert len({p.key for p in res.pairs}) == len(res.pairs) == len(list(combinations(range(4), 2)))


@pytest.mark.slow
def test_scoring_in_two_processes_gives_the_same_pairs(scenario: Path) -> None:
    """Big inputs are scored in worker processes (one left chunk each): same pairs, same clusters."""
    rows = [prepare_row(rec) for _key, rec in sim_link_records(scenario)]
    one = resolve([rows], Options(workers=1))
    two = resolve([rows], Options(workers=2, parallel_from=1, model=one.model.splink))
    assert {p.key: round(p.probability, 9) for p in two.pairs} == {
        p.key: round(p.probability, 9) for p in one.pairs
    }
    assert two.clusters == one.clusters


def test_training_on_a_sample_resolves_as_well(scenario: Path) -> None:
    """Big inputs train on a seeded random sample, then score every record: as accurate here, the
    report says so, and the same seed gives the same model."""
    keys, rows = {}, []
    for key, rec in sim_link_records(scenario):
        rows.append(prepare_row(rec))
        keys[rec.uid] = key
    training = Options().training
    training.sample_records = len(rows) // 2
    res = resolve([rows], Options(training=training))
    assert res.training is not None
    assert (res.training.sample_records, res.training.sampled_from) == (len(rows) // 2, len(rows))
    assert any(s.get("trained") for s in res.training.sessions)
    precision, recall = _scores(res, keys, sim_truth(scenario))
    assert precision >= 0.98 and recall >= 0.95, (precision, recall)
    again = resolve([rows], Options(training=training))
    for part in ("comparisons", "probability_two_random_records_match"):
        # Equal up to the order DuckDB's parallel sums add floats in (the last bits may differ).
        assert _close(again.model.splink[part], res.model.splink[part]), part
    assert again.clusters == res.clusters


def _close(a: object, b: object) -> bool:
    """Nested model settings equal, floats to 1e-9 relative."""
    if isinstance(a, float) and isinstance(b, float):
        return a == pytest.approx(b, rel=1e-9, abs=1e-300)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_close(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_close(x, y) for x, y in zip(a, b, strict=True))
    return a == b
