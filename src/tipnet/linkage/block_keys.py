"""Block filtering: a record's commonest name blocking keys are dropped before the engine pairs records.

A name key shared by thousands of records ("nguyen|ti": Nguyen Thi, a third of Vietnamese women)
proposes millions of pairs that its other keys ("nguyen|lan", "ti|lan") already cover far more
selectively; the pairs grow with the square of the key's count. Each record therefore keeps the keys
held by at most `cap` records, and if it has none, its single rarest key, so that no record loses its
name blocking altogether (block filtering, as in Papadakis et al., "Blocking and Filtering Techniques
for Entity Resolution", ACM Computing Surveys 2020). Done on the Arrow tables before loading, so both
engines see the same keys.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

DEFAULT_CAP = 500  # records per key; at a million records this halves the candidate pairs (BENCHMARKS.md)
COLUMN = "name_blocks"


def key_counts(tables: Sequence[Any], column: str = COLUMN) -> dict[str, int]:
    """How many records hold each key, over all the tables (keys are distinct within a record)."""
    keys, counts = _counts(tables, column)
    return dict(zip(keys.to_pylist(), counts.tolist(), strict=True))


def filter_block_keys(tables: Sequence[Any], cap: int = DEFAULT_CAP, column: str = COLUMN) -> list[Any]:
    """The tables with `column` reduced to each record's keys held by ≤ `cap` records (or its
    rarest key when all are commoner); a table where no key is that common comes back unchanged."""
    keys, counts = _counts(tables, column)
    if not len(counts) or counts.max() <= cap:
        return list(tables)
    return [_filter(t, keys, counts, cap, column) for t in tables]


def _counts(tables: Sequence[Any], column: str) -> tuple[Any, Any]:
    """The distinct keys (an Arrow array) and how many records hold each (numpy)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    flat = [c for t in tables if t.num_rows for c in pc.list_flatten(t[column]).chunks]
    if not flat:
        return pa.array([], pa.string()), np.zeros(0, dtype=np.int64)
    counts = pc.value_counts(pa.chunked_array(flat, type=pa.string()))
    return counts.field("values"), counts.field("counts").to_numpy()


def _filter(table: Any, keys: Any, counts: Any, cap: int, column: str) -> Any:
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    lists = table[column].combine_chunks()
    if lists.null_count == len(lists):
        return table
    values = pc.list_flatten(lists)
    parents = pc.list_parent_indices(lists).to_numpy()
    n = counts[pc.index_in(values, value_set=keys).to_numpy()]
    # each record's smallest key count, spread back over its keys
    rows = len(lists)
    rarest = np.full(rows, np.iinfo(np.int64).max)
    np.minimum.at(rarest, parents, n)
    # when all of a record's keys are common: its rarest one (the first of equally rare ones)
    fallback = np.flatnonzero((n == rarest[parents]) & (rarest[parents] > cap))
    _, first = np.unique(parents[fallback], return_index=True)
    keep = n <= cap
    keep[fallback[first]] = True
    kept_per_row = np.bincount(parents[keep], minlength=rows)
    offsets = np.concatenate([[0], np.cumsum(kept_per_row)]).astype(np.int32)
    mask = pa.array(~lists.is_valid().to_numpy(zero_copy_only=False))
    new = pa.ListArray.from_arrays(pa.array(offsets), values.filter(pa.array(keep)), mask=mask)
    return table.set_column(table.schema.get_field_index(column), column, new)


RARE_NAME_BLOCK = 20  # records per name key for the blocking rule that asks nothing else (no birth year)
RARE_NAME_KEY = 10  # records per single name word's key for the rule on one rare word ("Leakhena")
RARE_NAME = 4  # records per name reading for linkage's `exact_rare` name level
# records per neighbouring address word pair: a household's or one person's records (FEBRL3 keeps up to
# ten records of a person), not a street's or a village's
RARE_ADDRESS = 10
RARE_PHONE = 6  # records per number: one person's records, not a broker's or a shelter's line


def rare_values(tables: Sequence[Any], column: str, out: str, cap: int) -> list[Any]:
    """The tables with `out` set to each record's values of `column` held by at most `cap` records
    over all the tables. A phone shared by many unrelated people (a recruiter's, a shelter's) says
    less than one only a person's own records carry: linkage weighs the two apart."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    keys, counts = _counts(tables, column)
    result = []
    for table in tables:
        lists = table[column].combine_chunks()
        idx = table.schema.get_field_index(out)
        if not len(keys) or lists.null_count == len(lists):
            result.append(table.set_column(idx, out, pa.nulls(len(lists), pa.list_(pa.string()))))
            continue
        values = pc.list_flatten(lists)
        parents = pc.list_parent_indices(lists).to_numpy()
        keep = counts[pc.index_in(values, value_set=keys).to_numpy()] <= cap
        kept = np.bincount(parents[keep], minlength=len(lists))
        offsets = np.concatenate([[0], np.cumsum(kept)]).astype(np.int32)
        mask = pa.array(kept == 0)
        new = pa.ListArray.from_arrays(pa.array(offsets), values.filter(pa.array(keep)), mask=mask)
        result.append(table.set_column(idx, out, new))
    return result
