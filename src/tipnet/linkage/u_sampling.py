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

from tipnet.linkage.address_level import SQL_WITHIN

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
# CASE asks again at every level: the address words twice, the name keys up to eight times). And
# `levenshtein(x_l, y_r)` (documents, name parts) and `tipnet_within_edits(x_l, y_r, limit)` (addresses)
# fill a table of edits for every pair whose lengths allow it: FEBRL's identity numbers are all seven
# digits long, its addresses of like lengths. The u pass computes each of these once per pair of
# sampled records, outside SQL (`pair_table`: the records meeting on each element for the shared
# elements, rapidfuzz's `cdist` over the distinct values for the distances), and the CASE reads them.
_HAS_ANY = re.compile(r"list_has_any\((\w+)_l, (\w+)_r\)")
_SHARED = re.compile(r"len\(list_intersect\((\w+)_l, (\w+)_r\)\)")
_LEVENSHTEIN = re.compile(r"levenshtein\((\w+)_l, (\w+)_r\)")
_WITHIN = re.compile(rf"{SQL_WITHIN}\((\w+)_l, (\w+)_r, ")
_RID = "__tipnet_rid"
_POS = "__tipnet_pos"
_PAIRS = "__tipnet_u_pairs"
_KEY, _SET = "__tipnet_key", "__tipnet_set"
_BY_PAIR = "__tipnet_u_pair_values"
_RPOS, _LRID, _LKEY, _LSET = "__tipnet_rpos", "__tipnet_lrid", "__tipnet_lkey", "__tipnet_lset"


def ranked_condition(where: str, id_cols: Sequence[Any], split: str | None) -> str:
    """Splink's pair condition with the composite ids compared by their ranks (`_KEY`) and, in a link,
    the data sets by theirs (`_SET`), the left record's read from the pair's row (`p`, `pair_table`):
    the same pairs. A part not found as Splink writes it is left as it is (still right, only slower)."""
    from splink.internals.unique_id_concat import _composite_unique_id_from_nodes_sql

    id_l = _composite_unique_id_from_nodes_sql(list(id_cols), "l")
    id_r = _composite_unique_id_from_nodes_sql(list(id_cols), "r")
    where = where.replace(f"{id_l} < {id_r}", f"p.{_LKEY} < r.{_KEY}")
    if split:
        col = id_cols[0].name  # the data set's column, as Splink names it there
        where = where.replace(f"l.{col} != r.{col}", f"p.{_LSET} != r.{_SET}")
    return where


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


def distance_columns(sql: str) -> dict[tuple[str, str, bool], str]:
    """(left column, right column, counted in UTF-8 bytes) → the name of its edit distance, for each
    `levenshtein` (DuckDB's counts bytes) and `tipnet_within_edits` (characters) in `sql`."""
    found = {(a, b, True) for a, b in (m.groups() for m in _LEVENSHTEIN.finditer(sql))}
    found |= {(a, b, False) for a, b in (m.groups() for m in _WITHIN.finditer(sql))}
    return {
        (a, b, by_bytes): f"__tipnet_d{'b' if by_bytes else 'c'}_{a}__{b}" for a, b, by_bytes in sorted(found)
    }


def with_distances(sql: str, columns: dict[tuple[str, str, bool], str]) -> str:
    """`sql` reading each edit distance from its column: `levenshtein(x_l, y_r)` is the distance,
    `tipnet_within_edits(x_l, y_r, limit)` is `distance <= (limit)`. A missing value's distance is
    `_FAR`: the limits in the comparisons never reach it, as a NULL distance meets none."""
    sql = _LEVENSHTEIN.sub(lambda m: columns[(m.group(1), m.group(2), True)], sql)
    out, i = [], 0
    for m in _WITHIN.finditer(sql):
        depth, j = 1, m.end()
        while depth:  # the limit runs to the call's closing parenthesis
            depth += {"(": 1, ")": -1}.get(sql[j], 0)
            j += 1
        limit = sql[m.end() : j - 1]
        out += [sql[i : m.start()], f"({columns[(m.group(1), m.group(2), False)]} <= ({limit}))"]
        i = j
    return "".join(out) + sql[i:]


_LENGTH = re.compile(r"\b(length|len)\((\w+)_([lr])\)")


def length_columns(sql: str) -> dict[tuple[str, str], str]:
    """(function, column) → the name of its value on each sampled record, for each `length(x_l)`
    (characters) and `len(x_l)` (list elements) in `sql`: computed once per record, not per pair."""
    found = {(fn, col) for fn, col, _side in _LENGTH.findall(sql)}
    return {(fn, col): f"__tipnet_{fn}_{col}" for fn, col in sorted(found)}


def with_lengths(sql: str, columns: dict[tuple[str, str], str]) -> str:
    """`sql` reading `length(x_l)` and `len(x_r)` from the records' columns (`length_columns`)."""
    return _LENGTH.sub(lambda m: f"{columns[(m.group(1), m.group(2))]}_{m.group(3)}", sql)


def pair_table(
    db_api: Any,
    df_sample: Any,
    counted: dict[tuple[str, str], str],
    distances: dict[tuple[str, str, bool], str],
    uid: str,
    split: str | None,
    key: str,
) -> tuple[Any, Any]:
    """The sampled records' shared-element counts and edit distances with each other, as two Arrow
    tables: per record, keyed by row number (`_RID`), its position among the right-hand records
    (`_POS`) and its ranks by `key` (`_KEY`, the composite id) and by data set (`_SET`); per pair, the
    left record's row number and ranks (`_LRID`, `_LKEY`, `_LSET`), the right record's position
    (`_RPOS`) and a column per name in `counted` and `distances` (null where a value is missing, as
    the SQL function would give).

    The pairs are Splink's: in a dedupe run each two sampled records once, the one whose `uid` sorts
    first on the left (Splink's condition, which the query still applies on the ranks); in a
    two-data-set link (`split`: the column naming the data set) each record of the first data set
    with every record of the second.

    A count is the number of distinct elements the two records' lists share, counted over the pairs
    that meet on an element (an element's holders on one side against those on the other): the same
    number as `count(distinct element)` over a join of the two records' elements. A distance is rapidfuzz's
    Levenshtein over the distinct values of each side (in UTF-8 bytes where it stands for DuckDB's
    `levenshtein`). Each column has the narrowest unsigned type its values fit."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc
    from rapidfuzz.distance import Levenshtein
    from rapidfuzz.process import cdist

    cols = sorted({c for pair in counted for c in pair} | {c for a, b, _ in distances for c in (a, b)})
    sample = df_sample.physical_name
    # the sides and the order by id as DuckDB sees them (its string comparison decides Splink's condition)
    if split:
        sides = (
            f"coalesce({split} = (select min({split}) from {sample}), false) as __tipnet_is_l, "
            f"coalesce({split} = (select max({split}) from {sample}), false) as __tipnet_is_r"
        )
    else:
        sides = f"row_number() over (order by {uid}) as __tipnet_rank"
    # Splink's pair condition (`l.id < r.id`, the composite id `source_dataset || '-__-' || id` in a
    # link; and different data sets) is read from each record's rank by that id and by its data set,
    # numbered by DuckDB's own ordering of the same expressions: integers compared per pair
    sides += f", row_number() over (order by {key}) as {_KEY}"
    sides += f", dense_rank() over (order by {split}) as {_SET}" if split else f", 1 as {_SET}"
    select = ", ".join(dict.fromkeys([_RID, *cols]))
    table = db_api._con.sql(f"select {select}, {sides} from {sample} order by {_RID}").to_arrow_table()
    n = table.num_rows
    if split:
        is_left = np.asarray(table["__tipnet_is_l"].to_numpy(zero_copy_only=False), dtype=bool)
        is_right = np.asarray(table["__tipnet_is_r"].to_numpy(zero_copy_only=False), dtype=bool)
        left_rows, right_rows = np.flatnonzero(is_left), np.flatnonzero(is_right)
        offset = np.zeros(n, dtype=np.int64)
    else:
        offset = np.asarray(table["__tipnet_rank"].to_numpy(), dtype=np.int64)
        left_rows = right_rows = np.argsort(offset, kind="stable")  # rows by id
    pos = np.zeros(n, dtype=np.int64)
    pos[right_rows] = np.arange(1, len(right_rows) + 1)
    rid = table[_RID].combine_chunks()
    records = pa.table({_RID: rid, _POS: pa.array(pos), _KEY: table[_KEY], _SET: table[_SET]})
    n_left, n_right = len(left_rows), len(right_rows)
    # the k-th left row's entries: right positions after its offset (all of them in a link), in
    # table order of the left rows, as the lists are stored
    first = np.zeros(n_left, dtype=np.int64) if split else np.arange(1, n_left + 1)
    by_row = np.argsort(left_rows, kind="stable")
    first, lengths = first[by_row], np.maximum(n_right - first[by_row], 0)
    li = np.repeat(by_row, lengths)
    ri = np.arange(int(lengths.sum()), dtype=np.int64) - np.repeat(
        np.cumsum(lengths) - lengths - first, lengths
    )
    # one row per pair: the left record's row number and ranks, the right record's position
    left_of = pa.array(left_rows[li])
    out: dict[str, Any] = {
        _LRID: rid.take(left_of),
        _LKEY: table[_KEY].combine_chunks().take(left_of),
        _LSET: table[_SET].combine_chunks().take(left_of),
        _RPOS: pa.array(ri + 1),
    }

    def narrow(values: Any, missing: Any = None) -> Any:
        top = int(values.max()) if len(values) else 0
        dtype = next(t for t in (np.uint8, np.uint16, np.uint32, np.uint64) if top <= np.iinfo(t).max)
        return pa.array(values.astype(dtype), mask=missing)

    def holders(column: Any, rows: Any, codes: Any) -> tuple[Any, Any]:
        """(row, element) of each distinct element of each record's list (`rows`, in order)."""
        lists = column.combine_chunks().take(pa.array(rows))
        parents = pc.list_parent_indices(lists).to_numpy().astype(np.int64)
        keep = codes >= 0
        pairs = np.unique(np.stack([parents[keep], codes[keep]], axis=1), axis=0)
        return pairs[:, 0], pairs[:, 1]

    for (a, b), name in counted.items():
        values_a = pc.list_flatten(table[a].combine_chunks().take(pa.array(left_rows)))
        values_b = pc.list_flatten(table[b].combine_chunks().take(pa.array(right_rows)))
        both = pa.concat_arrays([values_a.cast(pa.string()), values_b.cast(pa.string())])
        codes = (
            pc.dictionary_encode(both).indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)
        )
        row_a, el_a = holders(table[a], left_rows, codes[: len(values_a)])
        row_b, el_b = holders(table[b], right_rows, codes[len(values_a) :])
        # every (left row, right row) meeting on an element: each left holding against the right
        # holders of its element (a contiguous run once sorted by element), counted per pair
        order = np.argsort(el_b, kind="stable")
        row_b, el_b = row_b[order], el_b[order]
        lo, hi = np.searchsorted(el_b, el_a, "left"), np.searchsorted(el_b, el_a, "right")
        runs = hi - lo
        meet_l = np.repeat(row_a, runs)
        meet_r = row_b[
            np.arange(int(runs.sum()), dtype=np.int64) - np.repeat(np.cumsum(runs) - runs - lo, runs)
        ]
        shared = np.bincount(meet_l * n_right + meet_r, minlength=n_left * n_right)
        out[name] = narrow(shared[li * n_right + ri])

    def distinct(column: Any, rows: Any, by_bytes: bool) -> tuple[list[Any], Any, Any]:
        """The distinct values of `rows` (UTF-8 bytes where counted so), each row's index among them,
        and which rows hold a value."""
        values = column.combine_chunks().take(pa.array(rows))
        encoded = pc.dictionary_encode(values)
        index = encoded.indices.fill_null(0).to_numpy(zero_copy_only=False).astype(np.int64)
        present = np.asarray(values.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
        words = encoded.dictionary.to_pylist() or [""]
        if by_bytes:
            words = [w.encode("utf-8") for w in words]
        return words, index, present

    for (a, b, by_bytes), name in distances.items():
        words_a, index_a, present_a = distinct(table[a], left_rows, by_bytes)
        words_b, index_b, present_b = distinct(table[b], right_rows, by_bytes)
        d = cdist(words_a, words_b, scorer=Levenshtein.distance, dtype=np.int64, workers=1)
        out[name] = narrow(d[index_a[li], index_b[ri]], ~(present_a[li] & present_b[ri]))
    return records, pa.table(out)


def level_counts(
    linker: Any, max_pairs: float, seed: int | None, num_chunks: int = 10, *, join_lists: bool = True
) -> tuple[list[str], list[dict[str, Any]]]:
    """The gamma columns of the comparisons, and the sampled pairs counted by right-hand chunk
    (`_CHUNK`, 1..num_chunks), probe membership (`_PROBE`) and every comparison's level.

    On DuckDB, with `join_lists`, list comparisons and edit distances are answered from counts and
    distances computed once per pair of sampled records (`pair_table`); the levels are the same."""
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
    registered = False
    try:
        pipeline = CTEPipeline(input_dataframes=[df_sample])
        left = right = "__splink__df_concat_sample"
        split = None
        if len(linker._input_tables_dict) == 2 and settings._link_type == "link_only":
            split = info.source_dataset_column_name
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
        distances: dict[tuple[str, str, bool], str] = {}
        lengths: dict[tuple[str, str], str] = {}
        if join_lists and db_api.sql_dialect.sql_dialect_str == "duckdb":
            counted = shared_count_columns("\n".join(cases))
            distances = distance_columns("\n".join(cases))
            cases = [with_distances(with_shared_counts(c, counted), distances) for c in cases]
            lengths = length_columns("\n".join(cases)) if counted or distances else {}
            cases = [with_lengths(c, lengths) for c in cases]
        frm = f"{left} as l inner join {right} as r on (1=1)"
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
        if counted or distances:
            # the sample again, each record with its counts and distances (`pair_table`)
            uid_name = info.unique_id_input_column.unquote().name
            con = db_api._con
            key = _composite_unique_id_from_nodes_sql(id_cols)
            by_record, by_pair = pair_table(db_api, df_sample, counted, distances, uid_name, split, key)
            con.register(_PAIRS, by_record)
            # a record's chunk and probe membership as the right-hand record, once per record (Splink's
            # expressions on the record's own id columns), not once per pair
            own = db_api.sql_dialect.hash_function_expression(
                _composite_unique_id_from_nodes_sql(id_cols, "s")
            )
            sides = ""
            if split:
                # the two sides (Splink's: the data set sorting first, the one sorting last), as
                # columns: plain filters
                sides = "".join(
                    f", coalesce(s.{split} = (select {fn}({split}) from {df_sample.physical_name}), false)"
                    f" as __tipnet_side_{fn}"
                    for fn in ("min", "max")
                )
            try:
                con.execute(
                    f"create or replace temp table {_PAIRS}_sample as select s.*, p.* exclude ({_RID}), "
                    f"(ABS({own}) % {num_chunks}) + 1 as {_CHUNK}, (ABS({own}) % {probe_chunks}) + 1 = 1 as {_PROBE}"
                    + "".join(f", {fn}(s.{col}) as {name}" for (fn, col), name in lengths.items())
                    + sides
                    + f" from {df_sample.physical_name} as s inner join {_PAIRS} as p using ({_RID})"
                )
            finally:
                con.unregister(_PAIRS)
            registered = True
            # the pairs' counts and distances, read by the query from Arrow
            con.register(_BY_PAIR, by_pair)
            pipeline = CTEPipeline()
            left = right = f"{_PAIRS}_sample"
            if split:
                pipeline.enqueue_list_of_sqls(
                    [
                        {
                            "sql": f"select * from {_PAIRS}_sample where __tipnet_side_min",
                            "output_table_name": "__tipnet_u_left",
                        },
                        {
                            "sql": f"select * from {_PAIRS}_sample where __tipnet_side_max",
                            "output_table_name": "__tipnet_u_right",
                        },
                    ]
                )
                left, right = "__tipnet_u_left", "__tipnet_u_right"
            where = ranked_condition(where, id_cols, split)
            columns = [c for c in columns if not c.endswith((f" as {_CHUNK}", f" as {_PROBE}"))]
            columns += [f"r.{_CHUNK} as {_CHUNK}", f"r.{_PROBE} as {_PROBE}"]
            # one row per pair (`pair_table`), joined to its two records: each count and distance read
            # once per pair (per-record lists read with `l.value[r.pos - l.off]` inside the CASE read
            # a list element at every use, ~0.5 CPU s on FEBRL4, and were copied into a table first).
            # The pair condition reads the left record's ranks from the pair's row, so that no
            # condition joins the two records directly (DuckDB would pair them all first)
            per_pair = [*counted.values(), *distances.values()]
            frm = (
                f"{_BY_PAIR} as p inner join {left} as l on (l.{_RID} = p.{_LRID}) "
                f"inner join {right} as r on (r.{_POS} = p.{_RPOS})"
            )
            columns += [f"p.{name} as {name}" for name in per_pair]
            columns += [f"{side}.{name} as {name}_{side}" for name in lengths.values() for side in "lr"]
        pipeline.enqueue_sql(
            f"select {', '.join(columns)} from {frm} {where}",
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
        if registered:
            db_api._con.unregister(_BY_PAIR)
            db_api._con.execute(f"drop table if exists {_PAIRS}_sample")
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

    # one pass over the rows: the probe's counts and each chunk's (counts are whole numbers, so the
    # float sums are exact in any order)
    probe = dict.fromkeys(levels, 0.0)
    chunks = [dict.fromkeys(levels, 0.0) for _ in range(num_chunks + 1)]
    for r in rows:
        value = int(r[gamma])
        if value not in probe:
            continue
        n = float(r["u_count"])
        if r[_PROBE]:
            probe[value] += n
        k = int(r[_CHUNK])
        if 1 <= k <= num_chunks:
            chunks[k][value] += n

    def enough(c: dict[int, float]) -> bool:
        return min_count_per_level is not None and (min(c.values()) if c else 0.0) >= min_count_per_level

    if num_chunks > 1 and enough(probe):
        return probe
    total = dict.fromkeys(levels, 0.0)
    for k in range(1, num_chunks + 1):
        for level, n in chunks[k].items():
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
