"""Frequency attacks on the encodings of a 10,000-record file (sharing.pprl.attack).

The attacker holds the file and the public schema, not the secret, and knows how often each name
occurs. Each attack is also run on encodings without the hardening (the `unsalted` profile, and names
salted with the birth year only), where it must succeed: the attacks are real, and these tests can fail.
"Chance" is what labelling the same records at random by the names' frequencies gets right; an attack
is at chance when its hits are not significantly more (one-sided binomial test, p ≥ 0.001).
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from scipy.stats import binom

from tipnet.sharing.pprl.attack import frequent_bits, pattern_alignment, similarity_clusters, success
from tipnet.sharing.pprl.encode import Encoder
from tipnet.sharing.pprl.features import PprlInput, record_features
from tipnet.sharing.pprl.schema import DEFAULT_SCHEMA, PROFILES, Schema, derive_keys

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


def _name_segment(recs: list[PprlInput], schema: Schema, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The file's encodings and their name segments; the BLIP draws are seeded (`seed`), so each
    assertion below holds or fails the same way at every run (a CI run once drew a control encoding
    the clustering attack labelled 0.46 right, under the 0.5 asked)."""
    filters = Encoder(derive_keys(b"k" * 32, schema), schema, noise_seed=seed).encode(
        [record_features(r, schema)[0] for r in recs]
    )
    start, size = schema.stored_segments()["name"]
    return filters, filters[:, start // 8 : (start + size) // 8]


SCHEMAS = {
    "default": DEFAULT_SCHEMA,
    "unsalted": PROFILES["unsalted"],
    "year_salt": Schema(salt_names="birth_year", unsalted_names=True),
    "no_blip": Schema(salt_names="", unsalted_names=True, flip=0.0),
}


@pytest.fixture(scope="module")
def segments(population: tuple[list[PprlInput], list[str]]) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    recs, _surnames = population
    return {k: _name_segment(recs, s, seed) for seed, (k, s) in enumerate(SCHEMAS.items(), start=1)}


def _at_chance(result: tuple[float, float, int]) -> bool:
    """Not significantly better than chance: as many right or more would happen by chance with
    probability at least 0.001 (one-sided binomial test)."""
    right, chance, n = result
    if n == 0:
        return True
    return float(binom.sf(round(right * n) - 1, n, chance)) >= 0.001


def _by_frequency(values: list[str]) -> list[str]:
    return [k for k, _ in Counter(values).most_common()]


def test_default_profile_is_salted() -> None:
    assert DEFAULT_SCHEMA.salt_names == "birth_date" and not DEFAULT_SCHEMA.unsalted_names


def test_pattern_alignment_no_better_than_chance(
    population: tuple[list[PprlInput], list[str]], segments: dict[str, tuple[np.ndarray, np.ndarray]]
) -> None:
    recs, _surnames = population
    full = [r.names[0] for r in recs]
    by_freq = _by_frequency(full)
    for profile in ("default", "unsalted"):
        filters, names = segments[profile]
        for target in (names, filters):
            result = success(pattern_alignment(target, by_freq, 10), full)
            assert _at_chance(result), (profile, result)
    # control: without BLIP, equal names give equal name segments and the attack re-identifies
    right, chance, n = success(pattern_alignment(segments["no_blip"][1], by_freq, 10), full)
    assert right > 0.9 and n > 1000, (right, chance, n)


def test_frequent_bit_mining_no_better_than_chance(
    population: tuple[list[PprlInput], list[str]], segments: dict[str, tuple[np.ndarray, np.ndarray]]
) -> None:
    """Christen et al.'s frequent bit-set mining, for the three most frequent surnames."""
    _recs, surnames = population
    by_freq = _by_frequency(surnames)
    result = success(frequent_bits(segments["default"][1], by_freq, 3), surnames)
    assert _at_chance(result), result
    # control: on the unsalted profile the same attack labels hundreds of records, far above chance
    right, chance, n = success(frequent_bits(segments["unsalted"][1], by_freq, 3), surnames)
    assert n > 500 and right > chance + 0.2, (right, chance, n)
    right, chance, n = success(frequent_bits(segments["unsalted"][1], by_freq, 1), surnames)
    assert n > 500 and right > 0.8, (right, chance, n)  # 0.95-1.0 over four keys; chance 0.29


def test_similarity_clustering_no_better_than_chance(
    population: tuple[list[PprlInput], list[str]], segments: dict[str, tuple[np.ndarray, np.ndarray]]
) -> None:
    """The linkage unit matches the file with itself: the largest groups of similar name segments
    get the most frequent full names."""
    recs, _surnames = population
    full = [r.names[0] for r in recs]
    by_freq = _by_frequency(full)
    # BLIP draws afresh per encoding, and in about one encoding in six of this file the attack labels
    # some 20 % of its 16-18 records right (chance 2.5 %; docs/pprl.md): the test asks that most of five
    # independent encodings hold, so it fails when the attack works as a rule, not on one unlucky draw
    encodings = [segments["default"][1], *(_name_segment(recs, DEFAULT_SCHEMA, 100 + i)[1] for i in range(4))]
    results = [success(similarity_clusters(names, by_freq, 10), full) for names in encodings]
    assert sum(map(_at_chance, results)) >= 3, results
    # controls: unsalted names, and names salted with the birth year only (a year holds many equal
    # names), are re-identified
    for profile in ("unsalted", "year_salt"):
        right, chance, n = success(similarity_clusters(segments[profile][1], by_freq, 10), full)
        assert n > 500 and right > 0.5, (
            profile,
            right,
            chance,
            n,
        )  # chance is about 0.03; one run gave 0.6998


def test_salted_profile_leaves_out_names_without_a_full_birth_date() -> None:
    """An unsalted name is what the attacks find: a record with no full date encodes no name bits."""
    rec = PprlInput("1", ("Sok Dara",), "1990", "F", ("KHM",), phones=("012 345 678",))
    feats, _dropped = record_features(rec, DEFAULT_SCHEMA)
    assert not [f for f in feats if f[0] == "name"]
    dated = PprlInput("1", ("Sok Dara",), "1990-05-04", "F", ("KHM",))
    swapped = PprlInput("2", ("Dara Sok",), "1990-04-05", "F", ("KHM",))
    names = [{f for f in record_features(r, DEFAULT_SCHEMA)[0] if f[0] == "name"} for r in (dated, swapped)]
    assert names[0] and names[0] == names[1]
