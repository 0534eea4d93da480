"""LSH blocking streams the candidate join in chunks of A: the same candidates and matches whatever
the chunk size, and the blocked matcher finds what the full comparison finds on linkable pairs."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from tipnet.sharing.pprl.encode import Encoder
from tipnet.sharing.pprl.features import PprlInput, record_features
from tipnet.sharing.pprl.match import Blocking, lsh_candidates, match_filters, plan_bands
from tipnet.sharing.pprl.schema import DEFAULT_SCHEMA, derive_keys

FAMILY = ["sok", "chan", "kim", "nguyen", "tran", "le", "wang", "li", "somchai", "phommachanh"]
GIVEN = ["dara", "sokha", "vanna", "linh", "hung", "wei", "fang", "malee", "kosal", "bopha"]


def _parties(n: int = 1500) -> tuple[list[PprlInput], list[PprlInput], set[tuple[int, int]]]:
    """A and B: B holds 60 % of A's persons again (written in the other order, phone in national
    form), and as many other persons."""
    rng = np.random.default_rng(5)
    a, b, truth = [], [], set()
    for i in range(n):
        fam, giv = FAMILY[rng.integers(len(FAMILY))], GIVEN[rng.integers(len(GIVEN))]
        born = f"{rng.integers(1960, 2008)}-{rng.integers(1, 13):02d}-{rng.integers(1, 29):02d}"
        phone = f"{rng.integers(10_000_000, 99_999_999)}"
        a.append(PprlInput(f"a{i}", (f"{fam} {giv}",), born, "F", ("KHM",), phones=(f"+855 {phone}",)))
        if rng.random() < 0.6:
            truth.add((i, len(b)))
            b.append(PprlInput(f"b{i}", (f"{giv} {fam}",), born, "female", ("KH",), phones=(f"0{phone}",)))
        other = f"{rng.integers(1960, 2008)}-{rng.integers(1, 13):02d}-{rng.integers(1, 29):02d}"
        b.append(PprlInput(f"x{i}", (f"{fam} {GIVEN[rng.integers(len(GIVEN))]}",), other, "M", ("VNM",)))
    return a, b, truth


@pytest.fixture(scope="module")
def encoded() -> tuple[np.ndarray, np.ndarray, set[tuple[int, int]]]:
    a, b, truth = _parties()
    enc = Encoder(derive_keys(b"k" * 32, DEFAULT_SCHEMA), DEFAULT_SCHEMA)
    fa = enc.encode([record_features(r, DEFAULT_SCHEMA)[0] for r in a])
    fb = enc.encode([record_features(r, DEFAULT_SCHEMA)[0] for r in b])
    return fa, fb, truth


def test_chunks_do_not_change_candidates_or_matches(encoded: tuple[np.ndarray, np.ndarray, set]) -> None:
    fa, fb, _truth = encoded
    one = Blocking(chunk_pairs=1 << 40)  # A in one chunk
    many = Blocking(chunk_pairs=1)  # chunks of 1,000 rows: two chunks here
    whole = lsh_candidates(fa, fb, DEFAULT_SCHEMA, one)
    parts = lsh_candidates(fa, fb, DEFAULT_SCHEMA, many)
    assert len(whole) > len(fa) and np.array_equal(whole, parts)
    m1 = match_filters(fa, fb, DEFAULT_SCHEMA, 0.87, blocking=one)
    m2 = match_filters(fa, fb, DEFAULT_SCHEMA, 0.87, blocking=many)
    assert m1.blocked and m1.candidates == m2.candidates == len(whole)
    assert np.array_equal(m1.a, m2.a) and np.array_equal(m1.b, m2.b)


def test_blocked_matcher_finds_what_full_comparison_finds(
    encoded: tuple[np.ndarray, np.ndarray, set],
) -> None:
    fa, fb, truth = encoded
    steps: list[float] = []
    blocked = match_filters(
        fa, fb, DEFAULT_SCHEMA, 0.87, blocking=Blocking(chunk_pairs=1), progress=steps.append
    )
    full = match_filters(fa, fb, DEFAULT_SCHEMA, 0.87)
    assert not full.blocked and blocked.candidates < len(fa) * len(fb) // 20
    found_full = set(zip(full.a.tolist(), full.b.tolist(), strict=True))
    found = set(zip(blocked.a.tolist(), blocked.b.tolist(), strict=True))
    assert len(found_full & truth) >= 0.95 * len(truth)
    assert len(found & truth) >= 0.95 * len(found_full & truth)
    assert steps and steps[-1] == 1.0 and steps == sorted(steps)


def test_oversized_blocks_are_dropped_over_the_whole_of_a(
    encoded: tuple[np.ndarray, np.ndarray, set],
) -> None:
    """A block's size is counted over all of A, not per chunk: chunking cannot let a huge block in."""
    fa, fb, _truth = encoded
    tight = dataclasses.replace(Blocking(), max_block=4)
    for band in plan_bands(fa, fb, DEFAULT_SCHEMA, tight):
        assert band.pairs <= 4 * len(band.keys)
