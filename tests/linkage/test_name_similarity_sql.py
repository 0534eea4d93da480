"""The name-similarity SQL functions on DuckDB give, row for row, what the Python functions give (they
are registered as native functions: no batch path of their own), NULL where a side has no name."""

from __future__ import annotations

import duckdb
import pytest

from tipnet.linkage.name_similarity import (
    SQL_NAME,
    SQL_NAME_DIFFERS,
    name_similarity,
    name_word_differs,
    register_duckdb,
)
from tipnet.matching.names import prepare_name

NAMES = [
    "Sok Sreymom",
    "Sokh Srey Mom",
    "Ros Sokha",
    "Ros Sovann",
    "Nguyen Thi Lan",
    "Nguyen Thi Hoa",
    "ណុប សុខា",
]


def _codes(text: str) -> list[str]:
    prepared = prepare_name(text)
    assert prepared is not None
    return [prepared.encode()]


def test_sql_functions_give_the_python_functions_values() -> None:
    rows = [(_codes(a), _codes(b)) for a in NAMES for b in NAMES]
    rows += [(None, _codes(NAMES[0])), (_codes(NAMES[0]), None), (None, None), ([], _codes(NAMES[1]))]
    con = duckdb.connect()
    register_duckdb(con)
    con.execute("create table t (i integer, a varchar[], b varchar[])")
    con.executemany("insert into t values (?, ?, ?)", [(i, a, b) for i, (a, b) in enumerate(rows)])
    got = con.execute(f"select i, {SQL_NAME}(a, b), {SQL_NAME_DIFFERS}(a, b) from t order by i").fetchall()
    assert len(got) == len(rows)
    for (i, score, differs), (a, b) in zip(got, rows, strict=True):
        assert score == name_similarity(a, b), i
        assert differs == name_word_differs(a, b), i
    scores = [s for _, s, _ in got]
    assert scores.count(None) == 4 and len({s for s in scores if s is not None}) > 3


@pytest.mark.parametrize("where", ["a is not null and b is not null", "i % 7 = 0"])
def test_sql_function_inside_a_case_reads_only_the_rows_it_reaches(where: str) -> None:
    con = duckdb.connect()
    register_duckdb(con)
    con.execute("create table t (i integer, a varchar[], b varchar[])")
    rows = [(i, _codes(NAMES[i % 3]), _codes(NAMES[(i // 3) % 5])) for i in range(5000)]
    con.executemany("insert into t values (?, ?, ?)", rows)
    got = con.execute(
        f"select i, case when {where} then {SQL_NAME}(a, b) else -1 end from t order by i"
    ).fetchall()
    for (i, score), (_, a, b) in zip(got, rows, strict=True):
        assert score == (name_similarity(a, b) if where.startswith("a") or i % 7 == 0 else -1)
