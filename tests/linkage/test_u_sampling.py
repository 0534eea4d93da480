"""u in one pass (`u_sampling.estimate_u`) gives exactly the counts of Splink's own random sampling."""

from __future__ import annotations

import random
from typing import Any

import pytest

from tipnet.linkage.comparisons import settings
from tipnet.linkage.engines import start_duckdb
from tipnet.linkage.records import LinkRecord, prepare_row, rows_table
from tipnet.linkage.resolve import DEFAULT_CAP, present_features, run_tables
from tipnet.linkage.u_sampling import (
    distance_columns,
    estimate_u,
    ranked_condition,
    replay_counts,
    shared_count_columns,
    with_distances,
    with_shared_counts,
)

GIVEN = ["dara", "sophea", "john", "mary", "aung", "kyaw", "lan", "minh", "siti", "nur"]
FAMILY = ["sok", "chan", "smith", "nguyen", "tran", "win", "rahayu", "lim", "ko", "brown"]
STREETS = ["main street", "river road", "station lane", "hill avenue", "market street"]
TOWNS = ["phnom penh", "yangon", "hanoi", "bangkok", "dianella"]


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 3 or rng.random() < 0.6:
        return word
    i = rng.randrange(len(word))
    return word[:i] + rng.choice("aeiouxk") + word[i + 1 :]


def _records(rng: random.Random, n: int, dataset: str, parts: bool) -> list[LinkRecord]:
    """Synthetic people (no real data), some written twice with slips, so that most levels occur."""
    out = []
    people = max(2, n * 2 // 3)
    for i in range(n):
        p = rng.randrange(people)
        r = random.Random(p)  # the person's own values
        given, family = r.choice(GIVEN), r.choice(FAMILY)
        year, month, day = r.randint(1960, 2005), r.randint(1, 12), r.randint(1, 28)
        if rng.random() < 0.2:
            year += rng.choice([-1, 1, 5])
        birth = None if rng.random() < 0.1 else f"{year}-{month:02d}-{day:02d}"
        doc = f"N{r.randint(1000000, 9999999)}"
        if rng.random() < 0.15:
            doc = doc[:3] + doc[4] + doc[3] + doc[5:]  # two characters swapped
        phone = f"0{r.randint(10, 99)} {r.randint(100, 999)} {r.randint(100, 999)}"
        address = f"{r.randint(1, 99)} {r.choice(STREETS)} {_typo(rng, r.choice(TOWNS))}"
        g, f = _typo(rng, given), _typo(rng, family)
        out.append(
            LinkRecord(
                f"{dataset}{i}",
                dataset,
                (f"{g} {f}",),
                birth,
                r.choice(["M", "F"]),
                (r.choice(["KHM", "MMR"]),) if rng.random() < 0.7 else (),
                (doc,) if rng.random() < 0.6 else (),
                (phone,) if rng.random() < 0.5 else (),
                (address,) if rng.random() < 0.7 else (),
                given_name=g if parts else None,
                family_name=f if parts else None,
            )
        )
    return out


def _linker(tables: list[Any]) -> Any:
    from splink import Linker

    engine = start_duckdb()
    tables = run_tables(tables, DEFAULT_CAP)
    link_type = "dedupe_only" if len(tables) == 1 else "link_only"
    spec = settings(link_type, "duckdb", present_features(tables))
    loaded = [engine.load(t, f"t_{i}") for i, t in enumerate(tables)]
    return Linker(loaded if len(loaded) > 1 else loaded[0], spec, log_level=None)


def _u(linker: Any) -> dict[str, list[Any]]:
    return {
        c.output_column_name: [cl.u_probability for cl in c._comparison_levels_excluding_null]
        for c in linker._settings_obj.comparisons
    }


@pytest.mark.parametrize(("datasets", "parts"), [(1, True), (1, False), (2, True)])
def test_one_pass_gives_splinks_u_exactly(datasets: int, parts: bool) -> None:
    rng = random.Random(7 + datasets)
    rows = [[prepare_row(r) for r in _records(rng, 300, f"d{k}", parts)] for k in range(datasets)]
    tables = [rows_table(r) for r in rows]
    theirs, ours = _linker(tables), _linker(tables)
    theirs.training.estimate_u_using_random_sampling(max_pairs=2e4, seed=11)
    estimate_u(ours, 2e4, 11)  # Splink's own stopping rule (100 pairs a level)
    assert _u(ours) == _u(theirs)
    # the list comparisons answered from joined counts give the plain SQL's levels
    for max_pairs, min_count in ((2e4, None), (5e3, 1)):
        joined, plain = _linker(tables), _linker(tables)
        counts = estimate_u(joined, max_pairs, 11, min_count_per_level=min_count)
        assert estimate_u(plain, max_pairs, 11, min_count_per_level=min_count, join_lists=False) == counts
        assert _u(plain) == _u(joined)
        # most levels were seen: the comparison is not empty
        seen = sum(1 for c in counts.values() for n in c.values() if n)
        assert seen >= 0.6 * sum(len(c) for c in counts.values())


def test_list_comparisons_read_from_counts() -> None:
    sql = (
        "CASE WHEN list_has_any(name_keys_l, name_keys_r) AND x THEN 2 "
        "WHEN len(list_intersect(address_tokens_l, address_tokens_r)) >= 3 THEN 1 ELSE 0 END"
    )
    cols = shared_count_columns(sql)
    assert set(cols) == {("name_keys", "name_keys"), ("address_tokens", "address_tokens")}
    out = with_shared_counts(sql, cols)
    assert "list_has_any" not in out and "list_intersect" not in out
    assert f"({cols[('name_keys', 'name_keys')]} > 0) AND x" in out
    assert f"{cols[('address_tokens', 'address_tokens')]} >= 3" in out


def test_replay_stops_where_splink_stops() -> None:
    probe = "__tipnet_u_probe"
    chunk = "__tipnet_u_chunk"
    # level 1 is rare: the probe sees it once, chunk 1 twice in all, chunks 1-2 five times
    rows = [
        {chunk: 1, probe: True, "g": 0, "u_count": 50},
        {chunk: 1, probe: True, "g": 1, "u_count": 1},
        {chunk: 1, probe: False, "g": 0, "u_count": 100},
        {chunk: 1, probe: False, "g": 1, "u_count": 1},
        {chunk: 2, probe: False, "g": 0, "u_count": 150},
        {chunk: 2, probe: False, "g": 1, "u_count": 3},
        {chunk: 3, probe: False, "g": 0, "u_count": 150},
        {chunk: 3, probe: False, "g": 1, "u_count": 9},
    ]
    assert replay_counts(rows, "g", [0, 1], 1, 3) == {0: 50.0, 1: 1.0}  # the probe is enough
    assert replay_counts(rows, "g", [0, 1], 5, 3) == {0: 300.0, 1: 5.0}  # chunks 1 and 2
    assert replay_counts(rows, "g", [0, 1], 100, 3) == {0: 450.0, 1: 14.0}  # never enough: all
    assert replay_counts(rows, "g", [0, 1], None, 3) == {0: 450.0, 1: 14.0}


def test_edit_distances_read_from_columns() -> None:
    """`levenshtein(x_l, y_r)` becomes the distance column; `tipnet_within_edits(x_l, y_r, limit)` the
    column's test against the whole limit, nested parentheses and all."""
    sql = (
        "CASE WHEN abs(length(a_l) - length(a_r)) <= 1 AND levenshtein(doc_l, doc_r) <= 1 THEN 2 "
        "WHEN tipnet_within_edits(address_l, address_r, greatest(2, 0.15 * greatest(length(address_l), "
        "length(address_r)))) THEN 1 ELSE 0 END"
    )
    cols = distance_columns(sql)
    assert set(cols) == {("doc", "doc", True), ("address", "address", False)}
    out = with_distances(sql, cols)
    assert "levenshtein" not in out and "tipnet_within_edits" not in out
    assert f"{cols[('doc', 'doc', True)]} <= 1 THEN 2" in out
    limit = "greatest(2, 0.15 * greatest(length(address_l), length(address_r)))"
    assert f"({cols[('address', 'address', False)]} <= ({limit})) THEN 1 ELSE 0 END" in out


def test_non_latin_parts_give_the_plain_sqls_levels() -> None:
    """Name parts that keep letters beyond ASCII: DuckDB's `levenshtein` counts UTF-8 bytes, and the
    precomputed distances count them so too (the u values are the plain SQL's)."""
    rng = random.Random(5)
    recs = []
    for i in range(200):
        g = rng.choice(["ĳsbrand", "ijsbrand", "łukasz", "lukasz", "þóra", "thora", "tora"])
        f = rng.choice(["dĳkstra", "dijkstra", "wałęsa", "walesa"])
        recs.append(LinkRecord(f"r{i}", "d", (f"{g} {f}",), "1990-01-01", given_name=g, family_name=f))
    tables = [rows_table([prepare_row(r) for r in recs])]
    joined, plain = _linker(tables), _linker(tables)
    counts = estimate_u(joined, 1e4, 3, min_count_per_level=None)
    assert estimate_u(plain, 1e4, 3, min_count_per_level=None, join_lists=False) == counts


@pytest.mark.parametrize("link_type", ["dedupe_only", "link_only"])
def test_pair_condition_on_ranks_replaces_every_string_comparison(link_type: str) -> None:
    # Splink's own pair condition: the ranked one keeps no composite id (built per pair) and no
    # data-set string compared per pair; a spelling of Splink's not matched would leave them (slow)
    from splink.internals.blocking import _sql_gen_where_condition
    from splink.internals.input_column import InputColumn

    ids = [InputColumn("unique_id", sqlglot_dialect_str="duckdb")]
    if link_type == "link_only":
        ids = [InputColumn("source_dataset", sqlglot_dialect_str="duckdb"), *ids]
    where = _sql_gen_where_condition(link_type, ids)
    ranked = ranked_condition(where, ids, "source_dataset" if link_type == "link_only" else None)
    expected = "where p.__tipnet_lkey < r.__tipnet_key"
    if link_type == "link_only":
        expected += " and p.__tipnet_lset != r.__tipnet_set"
    assert ranked.strip() == expected
