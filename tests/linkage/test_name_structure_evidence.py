"""Linkage evidence that independent records need (issue 13): one-name people written twice or beside
a placeholder, names written without spaces in their own script, nationality implied by the name, and
levels whose non-matches are counted on the candidate pairs."""

from __future__ import annotations

from typing import Any

import duckdb

from tipnet.linkage.block_keys import RARE_NAME, RARE_PHONE, rare_values
from tipnet.linkage.comparisons import BLOCKED_LEVELS, blocking_rules, comparison
from tipnet.linkage.name_similarity import name_similarity, register_duckdb
from tipnet.linkage.records import LinkRecord, prepare_row, rows_table
from tipnet.linkage.tabular import whole_name


def _rec(uid: str, names: tuple[str, ...] = (), **kw: Any) -> LinkRecord:
    return LinkRecord(uid, "t", names, **kw)


def _levels(table: Any, feature: str) -> dict[tuple[str, str], str]:
    """Each pair's level of one comparison, by its own SQL (the engine's CASE, evaluated in DuckDB)."""
    levels = comparison(feature, "duckdb")["comparison_levels"]
    con = duckdb.connect()
    register_duckdb(con)
    con.register("t", table)
    cols = ", ".join(f"l.{c} AS {c}_l, r.{c} AS {c}_r" for c in table.column_names)
    case = " ".join(
        f"WHEN {lv['sql_condition']} THEN '{lv['label_for_charts']}'"
        for lv in levels
        if lv["sql_condition"] != "ELSE"
    )
    rows = con.sql(
        f"SELECT a, b, CASE {case} ELSE 'disagree' END FROM "
        f"(SELECT l.unique_id AS a, r.unique_id AS b, {cols} FROM t l JOIN t r ON l.unique_id < r.unique_id)"
    ).fetchall()
    return {(a, b): level for a, b, level in rows}


def test_a_one_name_person_is_named_once() -> None:
    assert whole_name("SOEMIATI", "SOEMIATI") == "SOEMIATI"
    assert whole_name("FNU", "PARDJO") == "PARDJO"
    assert whole_name("Pardjo", "lnu") == "Pardjo"
    assert whole_name("Sok", "Dara") == "Sok Dara"
    assert whole_name("", "Dara") == "Dara"
    a = prepare_row(_rec("a", (whole_name("SOEMIATI", "SOEMIATI"),)))
    b = prepare_row(_rec("b", ("Soemiati",)))
    assert name_similarity(a["name_codes"], b["name_codes"]) == 1.0


def test_a_name_written_without_spaces_meets_its_spaced_form() -> None:
    """ "លឹមស្រីនាង" (Khmer, no space) and "Lim Sreyneang" share no word key; the joined key lets the
    name gate through, and the similarity says they are one name. Unrelated names stay apart."""
    khmer = prepare_row(_rec("k", ("លឹមស្រីនាង",)))
    latin = prepare_row(_rec("l", ("Lim Sreyneang",)))
    other = prepare_row(_rec("o", ("Chan Dara",)))
    assert set(khmer["name_keys"]) & set(latin["name_keys"])
    assert not set(other["name_keys"]) & set(latin["name_keys"])
    levels = _levels(rows_table([khmer, latin, other]), "name")
    assert levels[("k", "l")] in ("exact_rare", "exact", "high")
    assert levels[("l", "o")] == "disagree"


def test_nationality_beside_alike_names_is_no_news_but_a_disagreement_counts() -> None:
    rows = [
        prepare_row(_rec("a", ("Sok Dara",), nationalities=("KHM",))),
        prepare_row(_rec("b", ("SOK DARA",), nationalities=("Cambodian",))),
        prepare_row(_rec("c", ("Somchai Jaidee",), nationalities=("KH",))),
        prepare_row(_rec("d", ("Sok Dara",), nationalities=("THA",))),
    ]
    levels = _levels(rows_table(rows), "nationality")
    assert levels[("a", "b")] == "missing"  # the name already says Cambodian
    assert levels[("a", "c")] == "agree"  # nothing in the names: the nationality is evidence
    assert levels[("a", "d")] == "disagree"  # a Thai Sok Dara is another person


def test_every_pair_at_a_counted_level_is_a_candidate_pair() -> None:
    """Training counts the non-matches of `BLOCKED_LEVELS` on the candidate pairs: that count is whole
    only if a blocking rule finds every pair at such a level."""
    recs = [
        _rec("p1", ("Sok Dara",), phones=("+855 12 888 431",), documents=("N1234567",)),
        _rec("p2", ("Chan Thida",), phones=("012 888 431",), documents=("N1234567",)),
        _rec("p3", ("Kim Sreymom",), phones=("+66 81 234 5678",)),
        _rec("p4", ("Sreymom Kim",), phones=("081 234 5679",), documents=("N7654321",)),
        _rec("p5", ("KIM SREYMOM",), documents=("N7654321",)),
        _rec("p6", ("Nguyen Van Hung",), phones=("+84 912 345 678",)),
    ]
    (table,) = rare_values(
        [rows_table([prepare_row(r) for r in recs])], "phone_suffixes", "phone_rare", RARE_PHONE
    )
    (table,) = rare_values([table], "name_forms_multi", "name_forms_rare", RARE_NAME)
    rules = [
        r if isinstance(r, dict) else r.create_blocking_rule_dict("duckdb")
        for r in blocking_rules()
        if not isinstance(r, str)
    ]
    # rules that join on one exploded array column and nothing else
    explode = {
        tuple(r["arrays_to_explode"])
        for r in rules
        if r.get("arrays_to_explode") and " AND " not in r["blocking_rule"]
    }
    # each counted level's SQL asks for a shared value of a column that a rule explodes and joins on
    columns = {"phone": "phone_suffixes", "document": "document_keys", "name": "name_forms_rare"}
    for feature, level in BLOCKED_LEVELS:
        assert (columns[feature],) in explode, (feature, level)
        got = _levels(table, feature)
        rows = {r["unique_id"]: r for r in table.to_pylist()}
        at_level = [k for k, lv in got.items() if lv == level]
        for a, b in at_level:
            assert set(rows[a][columns[feature]] or []) & set(rows[b][columns[feature]] or []), (
                feature,
                a,
                b,
            )
    assert _levels(table, "phone")[("p1", "p2")] == "agree"
    assert _levels(table, "document")[("p4", "p5")] == "exact"
    assert _levels(table, "name")[("p3", "p5")] == "exact_rare"
