"""Frequency attacks on the encodings of a 10,000-record file (sharing.pprl.attack).

The attacker holds the file and the public schema, not the secret, and knows how often each name
occurs. Each attack is also run on an encoding without the hardening, where it must succeed: the
attacks are real, and these tests can fail.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from tipnet.sharing.pprl.attack import frequent_bits, pattern_alignment, success
from tipnet.sharing.pprl.encode import Encoder
from tipnet.sharing.pprl.features import PprlInput, record_features
from tipnet.sharing.pprl.schema import Schema, derive_keys

SURNAMES = [
    "sok",
    "chan",
    "kim",
    "heng",
    "chea",
    "ly",
    "lim",
    "seng",
    "tep",
    "yim",
    "nguyen",
    "tran",
    "le",
    "pham",
    "hoang",
    "phan",
    "vu",
    "dang",
    "bui",
    "ho",
    "wang",
    "li",
    "zhang",
    "liu",
    "chen",
    "yang",
    "huang",
    "zhao",
    "wu",
    "zhou",
]
GIVEN = [
    "dara",
    "sokha",
    "vanna",
    "srey",
    "mom",
    "pisey",
    "rithy",
    "bopha",
    "kosal",
    "vichet",
    "linh",
    "hung",
    "lan",
    "anh",
    "minh",
    "tuan",
    "thu",
    "hoa",
    "wei",
    "fang",
    "jing",
    "min",
    "lei",
    "jun",
    "yan",
    "ping",
    "hui",
    "ying",
    "somchai",
    "malee",
]


def _population(n: int = 10_000) -> tuple[list[PprlInput], list[str]]:
    """Zipf-distributed surnames and given names (the head of real name distributions), 60 % with a
    birth date, every record a distinct person."""
    rng = np.random.default_rng(7)
    ps = 1 / np.arange(1, len(SURNAMES) + 1) ** 1.1
    pg = 1 / np.arange(1, len(GIVEN) + 1) ** 0.9
    sur = rng.choice(SURNAMES, size=n, p=ps / ps.sum())
    giv = rng.choice(GIVEN, size=n, p=pg / pg.sum())
    recs = []
    for i in range(n):
        born = f"{rng.integers(1960, 2008)}-{rng.integers(1, 13):02d}-{rng.integers(1, 29):02d}"
        recs.append(
            PprlInput(
                str(i),
                (f"{sur[i]} {giv[i]}",),
                born if rng.random() < 0.6 else None,
                "F" if rng.random() < 0.5 else "M",
                ("KHM",),
            )
        )
    return recs, [str(s) for s in sur]


@pytest.fixture(scope="module")
def population() -> tuple[list[PprlInput], list[str]]:
    return _population()


def _name_segment(recs: list[PprlInput], schema: Schema) -> tuple[np.ndarray, np.ndarray]:
    filters = Encoder(derive_keys(b"k" * 32, schema), schema).encode(
        [record_features(r, schema)[0] for r in recs]
    )
    start, size = schema.stored_segments()["name"]
    return filters, filters[:, start // 8 : (start + size) // 8]


def test_pattern_alignment_no_better_than_chance(population: tuple[list[PprlInput], list[str]]) -> None:
    recs, _surnames = population
    full = [r.names[0] for r in recs]
    by_freq = [k for k, _ in Counter(full).most_common()]
    filters, names = _name_segment(recs, Schema())
    for target in (names, filters):
        right, chance, _n = success(pattern_alignment(target, by_freq, 10), full)
        assert right <= chance + 0.02, (right, chance)
    # control: without BLIP, equal names give equal name segments and the attack re-identifies
    _f, plain = _name_segment(recs, Schema(flip=0.0))
    right, chance, n = success(pattern_alignment(plain, by_freq, 10), full)
    assert right > 0.9 and n > 1000, (right, chance, n)


@pytest.mark.xfail(
    strict=True,
    reason="Known weakness (docs/pprl.md): the name segment is public, so frequent bit-set mining finds "
    "the positions of the most frequent surname; BLIP, salting with the birth year and XOR-folding do "
    "not stop it at a usable accuracy.",
)
def test_frequent_bit_mining_no_better_than_chance(population: tuple[list[PprlInput], list[str]]) -> None:
    recs, surnames = population
    top = Counter(surnames).most_common(1)[0][0]
    _f, names = _name_segment(recs, Schema())
    right, chance, n = success(frequent_bits(names, top, 8), surnames)
    assert right <= chance + 0.05, (right, chance, n)
