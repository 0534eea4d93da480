"""The bulk encoder (positions hashed once per distinct feature, memoised for repeating fields, bits set
with numpy) gives the bits of the one-feature-at-a-time definition, and an encoding is the same bytes for
one secret and noise seed however it is cut into chunks and processes."""

from __future__ import annotations

import random
from dataclasses import replace

import numpy as np
import pytest

from tipnet.commands import pprl as pprl_cmd
from tipnet.sharing.pprl.encode import Encoder
from tipnet.sharing.pprl.features import PprlInput, record_features
from tipnet.sharing.pprl.schema import DEFAULT_SCHEMA, PROFILES, derive_keys

GIVEN = ["Dara", "Sophea", "Srey Mom", "Nguyen Van", "Somchai", "Aung", "Mei Ling", "ដារា", "สมชาย"]
FAMILY = ["Sok", "Chan", "Hung", "Phommachanh", "Kyaw", "Wang", "Chhay", "សុខ"]


def _inputs(n: int, seed: int = 5) -> list[PprlInput]:
    rng = random.Random(seed)  # synthetic people only
    out = []
    for i in range(n):
        year = rng.randint(1960, 2008)
        date = rng.choice([f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", str(year), ""])
        out.append(
            PprlInput(
                id=f"r{i}",
                names=(f"{rng.choice(FAMILY)} {rng.choice(GIVEN)}",),
                birth_date=date or None,
                gender=rng.choice(["M", "F", None]),
                nationalities=(rng.choice(["KHM", "THA", "VNM"]),),
                documents=(f"N{rng.randint(1000000, 9999999)}",) if rng.random() < 0.4 else (),
                phones=(f"+855 12 {rng.randint(100000, 999999)}",) if rng.random() < 0.6 else (),
            )
        )
    return out


@pytest.mark.parametrize("profile", ["salted", "unsalted"])
def test_bulk_positions_are_those_of_one_feature_at_a_time(profile: str) -> None:
    schema = replace(PROFILES[profile], flip=0.0)
    keys = derive_keys(b"bulk-test-secret" * 2, schema)
    feats = [record_features(r, schema)[0] for r in _inputs(300)]
    bulk = Encoder(keys, schema)
    got = np.concatenate([bulk.encode(feats[:150]), bulk.encode(feats[150:])])  # the memo carries over
    one = Encoder(keys, schema)
    want = np.zeros((len(feats), schema.bits), dtype=bool)
    for i, fs in enumerate(feats):
        for f in fs:
            want[i, list(one.positions(f))] = True
    assert np.array_equal(got, np.packbits(want, axis=1))


def test_seeded_encoding_is_the_same_bytes_in_chunks_and_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pprl_cmd, "CHUNK", 40)  # 300 records: 8 chunks, on one process and on two
    inputs = _inputs(300)
    keys = derive_keys(b"bulk-test-secret" * 2, DEFAULT_SCHEMA)

    def run(workers: int, seed: int) -> np.ndarray:
        enc = Encoder(keys, DEFAULT_SCHEMA, noise_seed=seed)
        return np.concatenate([f for _s, (f, _r) in pprl_cmd._encode_all(inputs, enc, workers)])

    one, two = run(1, 11), run(2, 11)
    assert one.shape == (300, DEFAULT_SCHEMA.filter_bytes)
    assert np.array_equal(one, two)
    assert np.array_equal(one, run(1, 11))
    assert not np.array_equal(one, run(1, 12))  # another seed, other BLIP draws
    # each chunk draws its own noise: the same records in two chunks are not flipped alike
    same = [inputs[0]] * 80
    enc = Encoder(keys, DEFAULT_SCHEMA, noise_seed=11)
    rows = np.concatenate([f for _s, (f, _r) in pprl_cmd._encode_all(same, enc, 1)])
    assert not np.array_equal(rows[:40], rows[40:])
