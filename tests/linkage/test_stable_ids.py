"""Resolved-identity ids are stable across runs: merges, splits, new records, determinism."""

from __future__ import annotations

import hashlib

from tipnet.linkage.stable_ids import assign_ids, new_id


def _h(uid: str) -> str:
    return "P-" + hashlib.sha256(uid.encode()).hexdigest()[:10]


def test_first_run_ids_come_from_the_smallest_member() -> None:
    ids = assign_ids({"a": "a", "b": "a", "c": "c"}, {})
    assert ids == {"a": _h("a"), "b": _h("a"), "c": _h("c")}
    assert len(_h("a")) == 12


def test_unchanged_clusters_keep_their_ids_and_new_records_join() -> None:
    prev = {"a": "P-1", "b": "P-1", "c": "P-2"}
    ids = assign_ids({"a": "a", "b": "a", "c": "c", "d": "a", "e": "e"}, prev)
    assert ids["a"] == ids["b"] == ids["d"] == "P-1" and ids["c"] == "P-2"
    assert ids["e"] == _h("e")


def test_merge_keeps_the_majority_id_and_ties_go_to_the_smallest() -> None:
    prev = {"a": "P-9", "b": "P-9", "c": "P-1"}
    assert set(assign_ids({"a": "a", "b": "a", "c": "a"}, prev).values()) == {"P-9"}
    prev = {"a": "P-9", "c": "P-1"}
    assert set(assign_ids({"a": "a", "c": "a"}, prev).values()) == {"P-1"}


def test_split_leaves_the_id_with_the_larger_part() -> None:
    prev = {u: "P-1" for u in "abcde"}
    ids = assign_ids({"a": "a", "b": "a", "c": "c", "d": "c", "e": "c"}, prev)
    assert ids["c"] == ids["d"] == ids["e"] == "P-1"
    assert ids["a"] == ids["b"] == _h("a")
    # an even split: the part with the smallest uid keeps it
    ids = assign_ids({"a": "a", "b": "a", "c": "c", "d": "c"}, {u: "P-1" for u in "abcd"})
    assert ids["a"] == "P-1" and ids["c"] == _h("c")


def test_a_new_id_never_reuses_a_previous_one() -> None:
    # cluster {a} had id h(a); "a" moves into a new cluster while {x, y} keeps h(a) by majority
    prev = {"a": _h("a"), "x": _h("a"), "y": _h("a")}
    ids = assign_ids({"a": "a", "x": "x", "y": "x"}, prev)
    assert ids["x"] == _h("a") and ids["a"] != _h("a") and ids["a"] == new_id("a", {_h("a")})
    assert assign_ids({"q": "q"}, {}, retired=[_h("q")])["q"] != _h("q")


def test_deterministic_whatever_the_input_order() -> None:
    clusters = {f"u{i}": f"u{i - i % 3}" for i in range(30)}
    prev = {f"u{i}": f"P-{i % 4}" for i in range(0, 30, 2)}
    a = assign_ids(clusters, prev)
    b = assign_ids(dict(reversed(list(clusters.items()))), dict(reversed(list(prev.items()))))
    assert a == b
    assert len(set(a.values())) == 10
