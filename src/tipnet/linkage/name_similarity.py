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

from tipnet.matching.names import PreparedName, best_name_match

SQL_NAME = "tipnet_name_similarity"
_PAIR_CACHE_SIZE = 1 << 16


@lru_cache(maxsize=1 << 18)
def _decode(code: str) -> PreparedName:
    return PreparedName.decode("", code)


class _PairCache:
    """The recent pairs' scores: a CASE over four name levels asks for the same pair up to four times."""

    def __init__(self) -> None:
        self.data: OrderedDict[tuple[tuple[str, ...], tuple[str, ...]], float] = OrderedDict()

    def score(self, a: Sequence[str] | None, b: Sequence[str] | None) -> float | None:
        if not a or not b:
            return None
        key = (tuple(a), tuple(b))
        hit = self.data.get(key)
        if hit is not None:
            return hit
        m = best_name_match(tuple(_decode(c) for c in key[0]), tuple(_decode(c) for c in key[1]))
        value = m.score if m is not None else 0.0
        self.data[key] = value
        if len(self.data) > _PAIR_CACHE_SIZE:
            self.data.popitem(last=False)
        return value


_cache = _PairCache()


def name_similarity(a: Sequence[str] | None, b: Sequence[str] | None) -> float | None:
    """Similarity in [0, 1] of two records' encoded names (None when a side has none)."""
    return _cache.score(a, b)


def register_duckdb(con: Any) -> None:
    """Register the function on a DuckDB connection (vectorised: one Python call per batch)."""
    import pyarrow as pa

    def batch(a, b):  # unannotated on purpose: DuckDB reads annotations; these are pa.Array
        return pa.array([_cache.score(x, y) for x, y in zip(a.to_pylist(), b.to_pylist(), strict=True)])

    con.create_function(
        SQL_NAME,
        batch,
        ["VARCHAR[]", "VARCHAR[]"],
        "DOUBLE",
        type="arrow",
        null_handling="special",
        side_effects=False,
    )


def register_spark(spark: Any) -> None:
    """Register the function on a Spark session (a Python UDF: workers import tipnet)."""
    from pyspark.sql.types import DoubleType

    spark.udf.register(SQL_NAME, name_similarity, DoubleType())
