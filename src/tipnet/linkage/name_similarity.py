"""The matching core's name similarity as a SQL function, so DuckDB and Spark score names as screening does.

Records carry their prepared names encoded (`PreparedName.encode`); the function decodes them (cached:
names repeat) and returns the score of `tipnet.matching.names.best_name_match`, the very function
screening uses. Name levels in SQL are thresholds on this score (`features.NAME_THRESHOLDS`).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from tipnet.matching.names import NameMatch, PreparedName, best_name_match

SQL_NAME = "tipnet_name_similarity"
# Whether the best reading pairs a word with a clearly different word ("Ros Sokha" / "Ros Sovann":
# relatives who share a family name and a family phone): linkage's `word_differs` name level.
SQL_NAME_DIFFERS = "tipnet_name_word_differs"
# Token similarity below which two paired words are different words ("sokha" / "sovann" 0.46, "lan" /
# "hoa" 0). At 0.7 a third of true pairs on one phone (nicknames, other romanizations) were taken for
# relatives; at 0.5 an eighth, with nearly as many relatives found (independent set 2, calibration).
WORD_DIFFERS = 0.5
_PAIR_CACHE_SIZE = 1 << 16


@lru_cache(maxsize=1 << 18)
def _decode(code: str) -> PreparedName:
    return PreparedName.decode("", code)


class _PairCache:
    """The recent pairs' scores: a CASE over four name levels asks for the same pair up to four times."""

    def __init__(self) -> None:
        self.data: OrderedDict[tuple[tuple[str, ...], tuple[str, ...]], tuple[float, bool]] = OrderedDict()

    def _get(self, a: Sequence[str] | None, b: Sequence[str] | None) -> tuple[float, bool] | None:
        if not a or not b:
            return None
        key = (tuple(a), tuple(b))
        hit = self.data.get(key)
        if hit is not None:
            return hit
        m = best_name_match(tuple(_decode(c) for c in key[0]), tuple(_decode(c) for c in key[1]))
        value = (m.score, word_differs(m)) if m is not None else (0.0, False)
        self.data[key] = value
        if len(self.data) > _PAIR_CACHE_SIZE:
            self.data.popitem(last=False)
        return value

    def score(self, a: Sequence[str] | None, b: Sequence[str] | None) -> float | None:
        hit = self._get(a, b)
        return None if hit is None else hit[0]

    def differs(self, a: Sequence[str] | None, b: Sequence[str] | None) -> bool | None:
        hit = self._get(a, b)
        return None if hit is None else hit[1]


def word_differs(m: NameMatch) -> bool:
    """Whether the best reading of a name pair pairs two words of two letters or more that are unlike
    (token similarity below `WORD_DIFFERS`): another given name beside a shared family
    name ("Ros Sokha" / "Ros Sovann", "Nguyen Thi Lan" / "Nguyen Thi Hoa"). Initials and words one
    side lacks are not a difference (an MRZ truncation, a dropped middle name)."""
    return any(
        t.method != "initial" and t.score < WORD_DIFFERS and min(len(t.a), len(t.b)) >= 2 for t in m.matches
    )


_cache = _PairCache()


def name_similarity(a: Sequence[str] | None, b: Sequence[str] | None) -> float | None:
    """Similarity in [0, 1] of two records' encoded names (None when a side has none)."""
    return _cache.score(a, b)


def name_word_differs(a: Sequence[str] | None, b: Sequence[str] | None) -> bool | None:
    """`word_differs` of two records' encoded names (None when a side has none)."""
    return _cache.differs(a, b)


def register_duckdb(con: Any) -> None:
    """Register the functions on a DuckDB connection, as native (row at a time) functions: DuckDB's
    per-call cost of an Arrow function (~0.15 ms) is paid for every vector that reaches it, and a
    CASE over two million sampled pairs (`u_sampling`) reaches one in nearly every vector for a few
    rows; per row, too, a native call costs less than `to_pylist` of a batch."""
    con.create_function(
        SQL_NAME,
        name_similarity,
        ["VARCHAR[]", "VARCHAR[]"],
        "DOUBLE",
        type="native",
        null_handling="special",
        side_effects=False,
    )
    con.create_function(
        SQL_NAME_DIFFERS,
        name_word_differs,
        ["VARCHAR[]", "VARCHAR[]"],
        "BOOLEAN",
        type="native",
        null_handling="special",
        side_effects=False,
    )


def register_spark(spark: Any) -> None:
    """Register the function on a Spark session (a Python UDF: workers import tipnet)."""
    from pyspark.sql.types import BooleanType, DoubleType

    spark.udf.register(SQL_NAME, name_similarity, DoubleType())
    spark.udf.register(SQL_NAME_DIFFERS, name_word_differs, BooleanType())
