"""Two pure Splink computations remembered per process (Splink 5.0, pinned): each gives what Splink's
own code gives, computed once per distinct input instead of at every call.

- `SqlglotColumnTreeBuilder.from_raw_column_name_or_column_reference`: a column name parsed with
  sqlglot. Splink builds an `InputColumn` for every column of a table each time it asks for the table's
  columns (dozens of times a run, ~40 columns each): 0.1-0.2 CPU s of a FEBRL run. The result is a frozen
  dataclass (shared safely); a name that does not parse raises every time, as before.
- `ComparisonLevel._is_exact_match`: a level's SQL parsed, normalised and simplified by sqlglot, at
  every EM session for every level. It depends only on the level's SQL, its dialect and whether it is
  the ELSE level.
"""

from __future__ import annotations

from typing import Any

_installed = False
_BUILDERS: dict[tuple[Any, str, Any], Any] = {}
_EXACT: dict[tuple[str, Any], bool] = {}
_LIMIT = 100_000  # distinct inputs remembered (a run has a few hundred)


def install() -> None:
    """Remember both computations from now on in this process (idempotent)."""
    global _installed
    if _installed:
        return
    from splink.internals.comparison_level import ComparisonLevel
    from splink.internals.input_column import SqlglotColumnTreeBuilder

    parse = SqlglotColumnTreeBuilder.from_raw_column_name_or_column_reference.__func__  # type: ignore[attr-defined]

    def from_raw(cls: Any, input_str: str, sqlglot_dialect: Any) -> Any:
        try:
            key = (cls, input_str, sqlglot_dialect)
            hit = _BUILDERS.get(key)
        except TypeError:  # an unhashable dialect object: not remembered
            return parse(cls, input_str, sqlglot_dialect)
        if hit is None:
            hit = parse(cls, input_str, sqlglot_dialect)
            if len(_BUILDERS) < _LIMIT:
                _BUILDERS[key] = hit
        return hit

    SqlglotColumnTreeBuilder.from_raw_column_name_or_column_reference = classmethod(from_raw)  # type: ignore[method-assign,assignment]

    exact = ComparisonLevel.__dict__["_is_exact_match"].fget

    def is_exact_match(level: Any) -> bool:
        if level._is_else_level:
            return False
        try:
            key = (level.sql_condition, level.sqlglot_dialect)
            hit = _EXACT.get(key)
        except TypeError:
            return bool(exact(level))
        if hit is None:
            hit = bool(exact(level))
            if len(_EXACT) < _LIMIT:
                _EXACT[key] = hit
        return hit

    ComparisonLevel._is_exact_match = property(is_exact_match)  # type: ignore[method-assign,assignment]
    _installed = True
