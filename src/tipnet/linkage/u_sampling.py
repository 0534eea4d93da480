"""u by random sampling, every comparison counted in one pass over the sampled pairs.

Splink's `estimate_u_using_random_sampling` (splink 5.0, pinned) takes a seeded sample of the records
and counts, one comparison at a time, the comparison levels of the pairs of the sample: a probe of one
hundredth of the pairs, then (unless every level of the comparison was seen `min_count_per_level` times
in the probe) the pairs again in ten chunks, stopping after the first chunk at which every level has
been seen that often. Each comparison thus builds the pairs of the sample and their list columns anew,
eleven times: on FEBRL4 (2 million pairs, six comparisons) that was 15 of tipnet's 21 CPU seconds.

`estimate_u` builds the same pairs once, computes every comparison's level for each, and counts the
pairs by (chunk, probe, levels): one query. The early-stopping rule is then replayed on those counts,
comparison by comparison, so the counts, hence the u values, are exactly those Splink's own method gives
with the same seed (a test compares them). The sample, the chunks and the probe are Splink's own SQL.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import Any

log = logging.getLogger(__name__)

_CHUNK = "__tipnet_u_chunk"
_PROBE = "__tipnet_u_probe"
PROBE_MULTIPLIER = 10  # Splink's probe is chunk 1 of num_chunks x 10 (estimate_u.estimate_u_values)


def sample_proportion(linker: Any, max_pairs: float) -> float:
    """The share of records Splink samples for `max_pairs` random pairs (its own formulas)."""
    from splink.internals.estimate_u import (
        _proportion_sample_size_link_only,
        _rows_needed_for_n_pairs,
    )

    settings = linker._settings_obj
    sizes = input_sizes(linker)
    total = sum(sizes)
    if settings._link_type == "link_only":
        proportion, _ = _proportion_sample_size_link_only(sizes, max_pairs)
    else:
        proportion = _rows_needed_for_n_pairs(max_pairs) / max(total, 1)
    return min(proportion, 1.0)


def input_sizes(linker: Any) -> list[int]:
    """Records per input data set (one number for a dedupe run)."""
    from splink.internals.pipeline import CTEPipeline
    from splink.internals.vertically_concatenate import enqueue_df_concat

    settings = linker._settings_obj
    pipeline = enqueue_df_concat(linker, CTEPipeline())
    if settings._link_type == "link_only":
        col = settings.column_info_settings.source_dataset_input_column
        sql = f"select count({col.name}) as count from __splink__df_concat group by {col.name}"
    else:
        sql = "select count(*) as count from __splink__df_concat"
    pipeline.enqueue_sql(sql, "__splink__df_concat_count")
    frame = linker._db_api.sql_pipeline_to_splink_dataframe(pipeline)
    try:
        return [int(r["count"]) for r in frame.as_record_list()]
    finally:
        frame.drop_table_from_database_and_remove_from_cache()


# `list_has_any(x_l, y_r)` and `len(list_intersect(x_l, y_r))` in the comparisons' SQL (`comparisons.Sql`):
# on random pairs DuckDB builds two lists per pair and compares them (about a microsecond a pair, and a
# CASE asks again at every level: the address words twice, the name keys up to eight times). The u pass
# counts the shared elements of every such pair of columns once, by joining the sampled records'
# elements (only pairs that share one meet), and the CASE reads the count.
_HAS_ANY = re.compile(r"list_has_any\((\w+)_l, (\w+)_r\)")
_SHARED = re.compile(r"len\(list_intersect\((\w+)_l, (\w+)_r\)\)")
_RID = "__tipnet_rid"


def shared_count_columns(sql: str) -> dict[tuple[str, str], str]:
    """(left column, right column) → the name of its shared-element count, for each list comparison
    in `sql` (DuckDB's spelling) that `with_shared_counts` can answer from a count."""
    found = {m.groups() for m in _HAS_ANY.finditer(sql)} | {m.groups() for m in _SHARED.finditer(sql)}
    return {(a, b): f"__tipnet_n_{a}__{b}" for a, b in sorted(found)}


def with_shared_counts(sql: str, columns: dict[tuple[str, str], str]) -> str:
    """`sql` reading each list comparison from its count: `len(list_intersect(x_l, y_r))` is the count
    (the lists hold no element twice, `records._list`), `list_has_any(x_l, y_r)` is `count > 0`.

    Where a list is missing the two functions give NULL and the count 0: the same inside the
    conditions of a CASE, whose ANDs and ORs take NULL as not true (no NOT is applied to them)."""

    def shared(m: re.Match[str]) -> str:
        return columns[(m.group(1), m.group(2))]

    sql = _SHARED.sub(shared, sql)
    return _HAS_ANY.sub(lambda m: f"({shared(m)} > 0)", sql)


def level_counts(
    linker: Any, max_pairs: float, seed: int | None, num_chunks: int = 10, *, join_lists: bool = True
) -> tuple[list[str], list[dict[str, Any]]]:
    """The gamma columns of the comparisons, and the sampled pairs counted by right-hand chunk
    (`_CHUNK`, 1..num_chunks), probe membership (`_PROBE`) and every comparison's level.

    On DuckDB, with `join_lists`, list comparisons are answered from shared-element counts computed
    by a join (`with_shared_counts`); the levels are the same."""
    from splink.internals.blocking import _sql_gen_where_condition
    from splink.internals.pipeline import CTEPipeline
    from splink.internals.unique_id_concat import _composite_unique_id_from_nodes_sql
    from splink.internals.vertically_concatenate import (
        enqueue_df_concat,
        split_df_concat_with_tf_into_two_tables_sqls,
    )

    settings = linker._settings_obj
    db_api = linker._db_api
    info = settings.column_info_settings
    proportion = sample_proportion(linker, max_pairs)
    uid_cols = info.unique_id_input_columns
    pipeline = enqueue_df_concat(linker, CTEPipeline())
    sample_filter = linker._proportion_sample_sql(proportion, uid_cols, seed=seed)
    # materialised, so that the row numbers are fixed for every later use
    pipeline.enqueue_sql(
        f"select *, row_number() over () as {_RID} from __splink__df_concat where 1=1 {sample_filter}",
        "__splink__df_concat_sample",
    )
    df_sample = db_api.sql_pipeline_to_splink_dataframe(pipeline)
    try:
        pipeline = CTEPipeline(input_dataframes=[df_sample])
        left = right = "__splink__df_concat_sample"
        if len(linker._input_tables_dict) == 2 and settings._link_type == "link_only":
            pipeline.enqueue_list_of_sqls(
                split_df_concat_with_tf_into_two_tables_sqls(
                    "__splink__df_concat", info.source_dataset_column_name, sample_switch=True
                )
            )
            left, right = "__splink__df_concat_sample_left", "__splink__df_concat_sample_right"
        id_cols = [info.unique_id_input_column]
        if info.source_dataset_input_column is not None:
            id_cols = [info.source_dataset_input_column, *id_cols]
        where = _sql_gen_where_condition(settings._link_type, id_cols, sql_dialect=db_api.sql_dialect)
        # the chunk and the probe of the right-hand record, as Splink's `_chunk_assignment_sql` writes them
        hashed = db_api.sql_dialect.hash_function_expression(
            _composite_unique_id_from_nodes_sql(id_cols, "r")
        )
        probe_chunks = num_chunks * PROBE_MULTIPLIER
        cases = [c._case_statement for c in settings.comparisons]
        counted: dict[tuple[str, str], str] = {}
        if join_lists and db_api.sql_dialect.sql_dialect_str == "duckdb":
            counted = shared_count_columns("\n".join(cases))
            cases = [with_shared_counts(c, counted) for c in cases]
        columns: list[str] = []
        for uid in uid_cols:
            columns.extend(uid.l_r_names_as_l_r)
        for comparison in settings.comparisons:
            columns.extend(comparison._columns_to_select_for_blocking())
        columns = list(dict.fromkeys(columns))
        columns += [
            f"(ABS({hashed}) % {num_chunks}) + 1 as {_CHUNK}",
            f"(ABS({hashed}) % {probe_chunks}) + 1 = 1 as {_PROBE}",
        ]
        joined = ""
        if counted:
            parts = []
            for (a, b), name in counted.items():
                parts.append(
                    f"select l.{_RID} as rid_l, r.{_RID} as rid_r, count(distinct l.e) as {name} "
                    f"from (select {_RID}, unnest({a}) as e from {left}) as l "
                    f"inner join (select {_RID}, unnest({b}) as e from {right}) as r on l.e = r.e "
                    "group by l.{rid}, r.{rid}".format(rid=_RID)
                )
            sums = ", ".join(f"max({name}) as {name}" for name in counted.values())
            union = " union all by name ".join(f"({p})" for p in parts)
            pipeline.enqueue_sql(
                f"select rid_l, rid_r, {sums} from ({union}) group by rid_l, rid_r", "__tipnet_u_shared"
            )
            joined = f"left join __tipnet_u_shared as s on s.rid_l = l.{_RID} and s.rid_r = r.{_RID}"
            columns += [f"coalesce(s.{name}, 0) as {name}" for name in counted.values()]
        pipeline.enqueue_sql(
            f"select {', '.join(columns)} from {left} as l inner join {right} as r on (1=1) {joined} {where}",
            "__splink__blocked_id_pairs",
        )
        gammas = [c._gamma_column_name for c in settings.comparisons]
        pipeline.enqueue_sql(
            f"select {_CHUNK}, {_PROBE}, {', '.join(cases)} from __splink__blocked_id_pairs",
            "__splink__u_vectors",
        )
        keys = ", ".join([_CHUNK, _PROBE, *gammas])
        pipeline.enqueue_sql(
            f"select {keys}, count(*) as u_count from __splink__u_vectors group by {keys}",
            "__splink__u_counts",
        )
        frame = db_api.sql_pipeline_to_splink_dataframe(pipeline)
        try:
            return gammas, frame.as_record_list()
        finally:
            frame.drop_table_from_database_and_remove_from_cache()
    finally:
        df_sample.drop_table_from_database_and_remove_from_cache()


def replay_counts(
    rows: Sequence[dict[str, Any]],
    gamma: str,
    levels: Sequence[int],
    min_count_per_level: int | None,
    num_chunks: int,
) -> dict[int, float]:
    """One comparison's u counts per level as Splink's chunked method reaches them: the probe's if it
    saw every level `min_count_per_level` times, else the chunks' in order up to the first after which
    every level has been seen that often (all chunks when `min_count_per_level` is None)."""

    def counts(select: Any) -> dict[int, float]:
        out = dict.fromkeys(levels, 0.0)
        for r in rows:
            value = int(r[gamma])
            if value in out and select(r):
                out[value] += float(r["u_count"])
        return out

    def enough(c: dict[int, float]) -> bool:
        return min_count_per_level is not None and (min(c.values()) if c else 0.0) >= min_count_per_level

    if num_chunks > 1:
        probe = counts(lambda r: bool(r[_PROBE]))
        if enough(probe):
            return probe
    total = dict.fromkeys(levels, 0.0)
    for k in range(1, num_chunks + 1):
        chunk = counts(lambda r, k=k: int(r[_CHUNK]) == k)
        for level, n in chunk.items():
            total[level] += n
        if enough(total):
            break
    return total


def estimate_u(
    linker: Any,
    max_pairs: float,
    seed: int | None = None,
    *,
    min_count_per_level: int | None = 100,
    num_chunks: int = 10,
    join_lists: bool = True,
) -> dict[str, dict[int, float]]:
    """Set the linker's u values as `linker.training.estimate_u_using_random_sampling` would, from
    one pass over the sampled pairs; returns the counts (comparison → level value → pairs)."""
    from splink.internals.constants import LEVEL_NOT_OBSERVED_TEXT

    if num_chunks < 1:
        raise ValueError("num_chunks must be >= 1")
    settings = linker._settings_obj
    gammas, rows = level_counts(linker, max_pairs, seed, num_chunks, join_lists=join_lists)
    out: dict[str, dict[int, float]] = {}
    for comparison, gamma in zip(settings.comparisons, gammas, strict=True):
        levels = [int(cl.comparison_vector_value) for cl in comparison._comparison_levels_excluding_null]
        counts = replay_counts(rows, gamma, levels, min_count_per_level, num_chunks)
        out[comparison.output_column_name] = counts
        total = sum(counts.values())
        for cl in comparison._comparison_levels_excluding_null:
            n = counts[int(cl.comparison_vector_value)]
            cl._add_trained_u_probability(
                n / total if n else LEVEL_NOT_OBSERVED_TEXT, "estimate u by random sampling"
            )
    linker._populate_m_u_from_trained_values()
    return out
