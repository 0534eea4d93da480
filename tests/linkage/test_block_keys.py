"""Block filtering: common name keys are dropped from a record's blocking keys, never its last one."""

from __future__ import annotations

import pyarrow as pa

from tipnet.linkage.block_keys import filter_block_keys, key_counts


def _table(lists: list[list[str] | None]) -> pa.Table:
    return pa.table(
        {
            "unique_id": [f"r{i}" for i in range(len(lists))],
            "name_blocks": pa.array(lists, pa.list_(pa.string())),
        }
    )


def test_common_keys_are_dropped_unless_a_record_has_nothing_rarer() -> None:
    common = [["nguyen|ti", f"lan{i}|ti"] for i in range(5)]  # "nguyen|ti" in 7 records, the others in 1
    t = _table([*common, ["nguyen|ti"], ["nguyen|ti", "x|y"], None, ["x|y"]])
    assert key_counts([t])["nguyen|ti"] == 7
    (out,) = filter_block_keys([t], cap=3)
    got = out["name_blocks"].to_pylist()
    assert got[:5] == [[f"lan{i}|ti"] for i in range(5)]
    assert got[5] == ["nguyen|ti"]  # its only key: kept, or the record could never be paired by name
    assert got[6] == ["x|y"]
    assert got[7] is None  # no name keys stays unknown, not an empty list
    assert got[8] == ["x|y"]
    assert out["unique_id"].to_pylist() == t["unique_id"].to_pylist()


def test_the_rarest_of_all_common_keys_is_kept_and_counts_span_both_tables() -> None:
    left = _table([["a|b", "c|d"]] + [["a|b"]] * 3)
    right = _table([["c|d"]] * 2 + [["a|b"]])
    # a|b: 5 records, c|d: 3 (over both tables); with cap 2 the first record keeps c|d, its rarer key
    out_l, out_r = filter_block_keys([left, right], cap=2)
    assert out_l["name_blocks"].to_pylist()[0] == ["c|d"]
    assert out_r["name_blocks"].to_pylist() == [["c|d"], ["c|d"], ["a|b"]]


def test_nothing_changes_below_the_cap() -> None:
    t = _table([["a|b"], ["a|b", "c|d"], None])
    (out,) = filter_block_keys([t], cap=2)
    assert out is t
