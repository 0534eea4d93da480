"""`splink_memo`: Splink's column parsing and exact-match test, remembered, give what Splink's own code
gives (the SQL of every run, hence every link, unchanged)."""

from __future__ import annotations

import pytest
from splink import DuckDBAPI, Linker
from splink.internals.comparison_level import ComparisonLevel
from splink.internals.input_column import InputColumn, SqlglotColumnTreeBuilder

from tipnet.linkage import splink_memo
from tipnet.linkage.comparisons import settings

PARSE = SqlglotColumnTreeBuilder.from_raw_column_name_or_column_reference.__func__  # type: ignore[attr-defined]
EXACT = ComparisonLevel.__dict__["_is_exact_match"].fget
NAMES = [
    "unique_id",
    "first name",
    "group",
    "lat long[1]",
    "coords['lat']",
    '"sur NAME"',
    "name_codes",
    "ខ្មែរ",
]


def _levels() -> list[ComparisonLevel]:
    from tipnet.linkage.records import table_schema

    table = table_schema().empty_table()
    out = []
    for link_type in ("dedupe_only", "link_only"):
        db = DuckDBAPI()
        tables = (
            [db.register(table)] if link_type == "dedupe_only" else [db.register(table), db.register(table)]
        )
        linker = Linker(
            tables if len(tables) > 1 else tables[0], settings(link_type, "duckdb"), validate_settings=False
        )
        out += [cl for c in linker._settings_obj.comparisons for cl in c.comparison_levels]
    return out


@pytest.mark.parametrize("dialect", ["duckdb", "spark"])
def test_remembered_column_parse_is_splinks(dialect: str) -> None:
    splink_memo.install()
    for name in NAMES:
        for _ in range(2):  # the second answer comes from the memo
            got = SqlglotColumnTreeBuilder.from_raw_column_name_or_column_reference(name, dialect)
            assert got == PARSE(SqlglotColumnTreeBuilder, name, dialect)
        col = InputColumn(name, sqlglot_dialect_str=dialect)
        assert col.name == InputColumn(name, sqlglot_dialect_str=dialect).name


def _outcome(fn: object, *args: object) -> object:
    try:
        return fn(*args)  # type: ignore[operator]
    except Exception as exc:  # the same error, every time
        return (type(exc), str(exc))


def test_odd_column_names_give_splinks_answer_or_error_every_time() -> None:
    splink_memo.install()
    for name in ["a[", "a b[", "[", "x]]", "select", ""]:
        want = _outcome(PARSE, SqlglotColumnTreeBuilder, name, "duckdb")
        for _ in range(2):
            got = _outcome(SqlglotColumnTreeBuilder.from_raw_column_name_or_column_reference, name, "duckdb")
            assert got == want


def test_remembered_exact_match_is_splinks() -> None:
    splink_memo.install()
    levels = _levels()
    assert levels
    answers = [EXACT(cl) for cl in levels]
    assert any(answers) and not all(answers)  # both kinds present
    for _ in range(2):
        assert [cl._is_exact_match for cl in levels] == answers
