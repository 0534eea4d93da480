"""Given and family names compared apart where a source keeps them in two columns (issue 13, the
FEBRL gap)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tipnet.linkage.comparisons import PART_FEATURES, comparison
from tipnet.linkage.records import LinkRecord, name_part, prepare_row, rows_table
from tipnet.linkage.resolve import Options, present_features, resolve


def _rec(uid: str, given: str | None, family: str | None, **kw: Any) -> LinkRecord:
    full = " ".join(x for x in (given, family) if x)
    return LinkRecord(uid, "a", (full,) if full else (), given_name=given, family_name=family, **kw)


def _levels(feature: str, rows: list[dict[str, Any]]) -> dict[tuple[str, str], str]:
    """Each pair's level of one comparison, as the engine's CASE reads it."""
    import duckdb

    from tipnet.linkage import address_level
    from tipnet.linkage.name_similarity import register_duckdb

    levels = comparison(feature, "duckdb")["comparison_levels"]
    case = " ".join(
        f"WHEN {lv['sql_condition']} THEN '{lv['label_for_charts']}'"
        for lv in levels
        if lv["sql_condition"] != "ELSE"
    )
    table = rows_table(rows)
    con = duckdb.connect()
    register_duckdb(con)
    address_level.register_duckdb(con)
    con.register("t", table)
    cols = ", ".join(f"l.{c} AS {c}_l, r.{c} AS {c}_r" for c in table.column_names)
    return {
        (a, b): level
        for a, b, level in con.sql(
            f"SELECT a, b, CASE {case} ELSE 'disagree' END FROM (SELECT l.unique_id AS a, "
            f"r.unique_id AS b, {cols} FROM t l JOIN t r ON l.unique_id < r.unique_id)"
        ).fetchall()
    }


def test_name_parts_are_folded_for_an_edit_distance() -> None:
    assert name_part("O'Brien") == "o brien"
    assert name_part("  ＪＯＨＮ ") == "john"  # full-width Latin
    assert name_part("") is None and name_part(None) is None
    assert name_part("ដារា") is None  # another script: the whole-name comparison reads it


def test_given_and_family_levels() -> None:
    rows = [
        prepare_row(_rec("a", "katherine", "webb")),
        prepare_row(_rec("b", "katherine", "webbe")),  # family one edit away
        prepare_row(_rec("c", "kathryne", "smith")),  # given two edits away, another family
        prepare_row(_rec("d", "webb", "katherine")),  # written in the other columns
        prepare_row(_rec("e", "joshua", None)),  # no family name
    ]
    given, family = _levels("given_name", rows), _levels("family_name", rows)
    assert given[("a", "b")] == "exact" and family[("a", "b")] == "near"
    assert given[("a", "c")] == "close" and family[("a", "c")] == "disagree"
    assert given[("a", "d")] == "swapped" and family[("a", "d")] == "swapped"
    # where one record lacks a part, neither part is compared: the whole name decides alone
    assert family[("a", "e")] == "missing" and given[("a", "e")] == "missing"
    assert _levels("name", rows)[("a", "e")] != "missing"


def test_whole_name_gives_way_where_both_records_have_both_parts() -> None:
    """Counting the whole name beside its parts would count one agreement twice."""
    rows = [
        prepare_row(_rec("a", "samuel", "webb")),
        prepare_row(_rec("b", "samuel", "webb")),
        prepare_row(LinkRecord("c", "a", ("samuel webb",))),  # one column: the whole name decides
    ]
    name = _levels("name", rows)
    assert name[("a", "b")] == "missing"
    assert name[("a", "c")] != "missing"


def test_parts_are_compared_only_when_the_records_hold_both() -> None:
    both = rows_table([prepare_row(_rec("a", "samuel", "webb"))])
    given_only = rows_table([prepare_row(_rec("a", "samuel", None))])
    assert set(PART_FEATURES) <= set(present_features([both]))
    assert not set(PART_FEATURES) & set(present_features([given_only]))


def test_namesakes_with_nothing_else_in_common_stay_apart() -> None:
    """FEBRL3's false links: two "Samuel Webb" with other birth dates, numbers and addresses; the
    true duplicates (a typo in one part) link."""
    people = [
        ("samuel", "webb", "1940-12-03", "9777818", "61 balala place osborne park 5023"),
        ("samuel", "webb", "1969-07-21", "2721666", "410 garrett place rothwell 0812"),
    ]
    givens = ["oliver", "james", "lucy", "amelia", "noah", "grace", "henry", "chloe", "jack", "ruby"]
    families = ["brown", "taylor", "wilson", "martin", "clarke", "walker", "hall", "young", "king"]
    for i in range(400):
        g, f = givens[i % len(givens)], families[(i * 7) % len(families)]
        people.append(
            (
                g,
                f + "x" * (i // 90),
                f"19{20 + i % 79:02d}-{1 + i % 12:02d}-{1 + i % 28:02d}",
                f"{1000000 + i * 7919}",
                f"{i} street {i % 50} town {2000 + i}",
            )
        )
    recs = []
    for i, (g, f, b, doc, addr) in enumerate(people):
        recs.append(_rec(f"p{i}", g, f, birth_date=b, documents=(doc,), addresses=(addr,)))
        if i >= 2 and i % 2 == 0:  # a duplicate with a typo in the family name
            recs.append(_rec(f"p{i}d", g, f[:-1] + "q", birth_date=b, documents=(doc,), addresses=(addr,)))
    res = resolve([[prepare_row(r) for r in recs]], Options(workers=1, threshold=0.9))
    cl = res.clusters
    assert cl["p0"] != cl["p1"]
    dups = [i for i in range(2, len(people)) if i % 2 == 0]
    assert sum(cl[f"p{i}"] == cl[f"p{i}d"] for i in dups) >= 0.95 * len(dups)


@pytest.mark.parametrize("given,family", [("Samuel", "Webb"), ("", "Webb")])
def test_csv_columns_reach_the_record(tmp_path: Path, given: str, family: str) -> None:
    from tipnet.linkage.tabular import read_input

    src = tmp_path / "a.csv"
    src.write_text(f"id,given_name,family_name\n1,{given},{family}\n", encoding="utf-8")
    (rec,) = read_input(src, {"id": ["id"]}, label="a").records
    assert rec.given_name == (given or None) and rec.family_name == family
    assert rec.names == (f"{given} {family}".strip(),)


def test_address_levels_keep_their_meaning_with_the_length_prefilter() -> None:
    """The length test before the edit distance (a cost cut for u sampling) changes no level."""
    rows = [
        prepare_row(_rec("a", "ann", "lee", addresses=("61 balala place osborne park 5023",))),
        prepare_row(_rec("b", "ann", "lee", addresses=("16 balala place osborn e park 5032",))),
        prepare_row(_rec("c", "ann", "lee", addresses=("61 balala place",))),  # all its words: most
        prepare_row(_rec("d", "ann", "lee", addresses=("410 garrett place rothwell 0812",))),
        prepare_row(_rec("e", "ann", "lee", addresses=("7 balala place perth",))),  # two words
    ]
    got = _levels("address", rows)
    assert got[("a", "b")] == "near"
    assert got[("a", "c")] == "most_words"
    assert got[("a", "e")] == "shared_words"
    assert got[("a", "d")] == "disagree"


def test_a_file_with_a_whole_name_column_keeps_the_whole_name_comparison(tmp_path: Path) -> None:
    """Where a source writes the whole name too, parts are not compared apart (the independent set
    lost precision when they were)."""
    from tipnet.linkage.tabular import read_input

    src = tmp_path / "a.csv"
    src.write_text("id,name,given_name,family_name\n1,Sok Dara,Dara,Sok\n", encoding="utf-8")
    (rec,) = read_input(src, {"id": ["id"]}, label="a").records
    assert rec.given_name is None and rec.family_name is None
    assert set(rec.names) == {"Dara Sok", "Sok Dara"}


def test_most_words_of_an_address_in_any_order() -> None:
    """FEBRL3's duplicates change a suburb or a word's letters: most words of the shorter address
    still agree, which is more than a street or a town in common."""
    rows = [
        prepare_row(_rec("a", "ann", "lee", addresses=("3 larpent street brentwopd vlge dianella 2101",))),
        prepare_row(_rec("b", "ann", "lee", addresses=("3 larpent street brentwood vlge ormond 2101",))),
        prepare_row(_rec("c", "ann", "lee", addresses=("9 kemp street ormond 3204",))),  # street, town
    ]
    got = _levels("address", rows)
    assert got[("a", "b")] == "most_words"
    assert got[("b", "c")] == "shared_words"


def test_one_part_written_in_the_other_column_is_not_a_swap() -> None:
    """Both parts must cross: one coincidence ("lara wilkins" / "wilkins zanke") is no swap."""
    rows = [prepare_row(_rec("a", "lara", "wilkins")), prepare_row(_rec("b", "wilkins", "zanke"))]
    assert _levels("given_name", rows)[("a", "b")] == "disagree"
    assert _levels("family_name", rows)[("a", "b")] == "disagree"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_within_edits_answers_as_the_edit_distance(seed: int) -> None:
    """The vectorised test is `levenshtein(a, b) <= limit`, checked against DuckDB's own function."""
    import random

    import duckdb

    from tipnet.linkage.address_level import SQL_WITHIN, register_duckdb, within_edits

    rng = random.Random(seed)
    words = ["street", "place", "road", "osborne", "park", "balala", "garrett", "5023", "0812", "61"]
    left, right, limits = [], [], []
    for _ in range(500):
        a = " ".join(rng.choice(words) for _ in range(rng.randint(0, 6)))
        b = list(a)
        for _ in range(rng.randint(0, 5)):  # a few typos: insert, delete or replace a character
            k = rng.randrange(len(b) + 1)
            op = rng.choice("idr")
            if op == "i" or not b:
                b.insert(k, rng.choice("abcde 1"))
            elif op == "d" and k < len(b):
                del b[k]
            elif k < len(b):
                b[k] = rng.choice("xyz")
        left.append(a)
        right.append("".join(b) if rng.random() > 0.2 else " ".join(rng.choice(words) for _ in range(3)))
        limits.append(rng.choice([0, 1, 2, 3.5, 6.0]))
    left[0], right[1], limits[2] = None, None, None
    got = within_edits(left, right, limits)
    assert got[:3] == [None, None, None]
    con = duckdb.connect()
    register_duckdb(con)
    con.execute("CREATE TABLE p (i INT, a VARCHAR, b VARCHAR, k DOUBLE)")
    con.executemany(
        "INSERT INTO p VALUES (?, ?, ?, ?)", list(zip(range(500), left, right, limits, strict=True))
    )
    rows = con.execute(
        f"SELECT i, {SQL_WITHIN}(a, b, k), levenshtein(a, b) <= k FROM p ORDER BY i"
    ).fetchall()
    assert [r[1] for r in rows] == [r[2] for r in rows] == got
    assert any(got[3:]) and not all(x for x in got[3:] if x is not None)


def test_a_nameless_duplicate_links_on_birth_date_address_and_number() -> None:
    """FEBRL3 keeps records whose name is empty: birth date, address and identity number still link
    them to their person (and the address blocks them together)."""
    givens = ["oliver", "james", "lucy", "amelia", "noah", "grace", "henry", "chloe", "jack", "ruby"]
    families = ["brown", "taylor", "wilson", "martin", "clarke", "walker", "hall", "young", "king"]
    recs = []
    for i in range(400):
        g, f = givens[i % len(givens)], families[(i * 7) % len(families)] + "x" * (i // 90)
        birth = f"19{20 + i % 79:02d}-{1 + i % 12:02d}-{1 + i % 28:02d}"
        doc, addr = f"{1000000 + i * 7919}", f"{i} kemp street {i % 50} town {2000 + i}"
        recs.append(_rec(f"p{i}", g, f, birth_date=birth, documents=(doc,), addresses=(addr,)))
        if i % 2 == 0:  # a duplicate with a typo in the family name
            recs.append(
                _rec(f"p{i}d", g, f[:-1] + "q", birth_date=birth, documents=(doc,), addresses=(addr,))
            )
        if i % 40 == 1:  # a duplicate without a name, its number mistyped
            recs.append(
                _rec(f"p{i}n", None, None, birth_date=birth, documents=(doc[:-1] + "0",), addresses=(addr,))
            )
    res = resolve([[prepare_row(r) for r in recs]], Options(workers=1))
    cl = res.clusters
    nameless = [i for i in range(400) if i % 40 == 1]
    assert sum(cl[f"p{i}"] == cl[f"p{i}n"] for i in nameless) >= 0.9 * len(nameless)
    assert len({cl[f"p{i}n"] for i in nameless}) == len(nameless)  # not one heap of nameless records
