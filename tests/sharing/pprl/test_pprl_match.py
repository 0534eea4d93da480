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
    fa, fb, truth = encoded
    one = Blocking(chunk_pairs=1 << 40)  # A in one chunk
    many = Blocking(chunk_pairs=1)  # chunks of 1,000 rows: two chunks here
    whole = lsh_candidates(fa, fb, DEFAULT_SCHEMA, one)
    parts = lsh_candidates(fa, fb, DEFAULT_SCHEMA, many)
    assert len(whole) > len(truth) and np.array_equal(whole, parts)
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


KH_FAMILY = {"សុខ": "Sok", "ចាន់": "Chan", "គឹម": "Kim", "ហេង": "Heng", "លី": "Ly"}
KH_GIVEN = {"ដារា": "Dara", "សុខា": "Sokha", "វណ្ណា": "Vanna", "បុប្ផា": "Bopha", "កុសល": "Kosal"}
LATIN_FAMILY = ["Nguyen", "Tran", "Somchai", "Phommachanh", "Wang", "Kyaw", "Santos", "Reyes", "Aung", "Le"]
LATIN_GIVEN = ["Linh", "Hung", "Malee", "Wei", "Fang", "Maria", "Analyn", "Htun", "Noi", "Thida"]


def _typo(rng: np.random.Generator, word: str) -> str:
    i = int(rng.integers(1, len(word)))
    return word[:i] + "aeiouy"[int(rng.integers(6))] + word[i + 1 :]


def _realistic(n: int, seed: int) -> tuple[list[PprlInput], list[PprlInput], set[tuple[int, int]]]:
    """Synthetic parties with the variations of the region's records: B holds half of A's persons
    again, each written another way (a typo, the other name order, the native script, the birth date
    missing but a phone or document shared, a document with an OCR slip, a national phone writing),
    among as many strangers, some of them namesakes."""
    rng = np.random.default_rng(seed)
    kh_f, kh_g = list(KH_FAMILY), list(KH_GIVEN)
    a: list[PprlInput] = []
    b: list[PprlInput] = []
    truth: set[tuple[int, int]] = set()

    def person() -> dict[str, object]:
        khmer = rng.random() < 0.3
        if khmer:
            fam, giv = kh_f[int(rng.integers(len(kh_f)))], kh_g[int(rng.integers(len(kh_g)))]
        else:
            fam = LATIN_FAMILY[int(rng.integers(len(LATIN_FAMILY)))]
            giv = LATIN_GIVEN[int(rng.integers(len(LATIN_GIVEN)))] + str(rng.choice(["", "a", "n", "h"]))
        return {
            "khmer": khmer,
            "fam": fam,
            "giv": giv,
            "born": f"{rng.integers(1970, 2006)}-{rng.integers(1, 13):02d}-{rng.integers(1, 29):02d}",
            "phone": f"{rng.integers(10_000_000, 99_999_999)}",
            "doc": f"N{rng.integers(1_000_000, 9_999_999)}",
            "sex": str(rng.choice(["F", "M"])),
        }

    for i in range(n):
        p = person()
        fam, giv = str(p["fam"]), str(p["giv"])
        latin = f"{KH_FAMILY[fam]} {KH_GIVEN[giv]}" if p["khmer"] else f"{fam} {giv}"
        has_doc, has_phone = rng.random() < 0.6, rng.random() < 0.5
        a.append(
            PprlInput(
                f"a{i}",
                (latin.upper(),),
                str(p["born"]),
                str(p["sex"]),
                ("KH" if p["khmer"] else "TH",),
                documents=(str(p["doc"]),) if has_doc else (),
                phones=(f"+855 {p['phone']}",) if has_phone else (),
            )
        )
        if rng.random() < 0.5:
            way = int(rng.integers(6))
            name = f"{fam} {giv}" if p["khmer"] and way == 0 else latin
            if way == 1:
                name = f"{name.split()[1]} {name.split()[0]}"
            if way == 2:
                name = f"{name.split()[0]} {_typo(rng, name.split()[1])}"
            born: str | None = None if way == 3 else str(p["born"])
            doc = str(p["doc"]).replace("0", "O", 1) if way == 4 else str(p["doc"])
            docs = (doc,) if has_doc and (way != 3 or not has_phone) else ()
            phones = (f"0{p['phone']}",) if has_phone else ()
            if way == 3 and not docs and not phones:
                born = str(p["born"])
            truth.add((i, len(b)))
            b.append(
                PprlInput(f"b{i}", (name,), born, str(p["sex"]).lower(), (), documents=docs, phones=phones)
            )
        s = person()  # a stranger, a namesake of someone now and then
        b.append(
            PprlInput(
                f"x{i}",
                (
                    f"{KH_FAMILY[str(s['fam'])]} {KH_GIVEN[str(s['giv'])]}"
                    if s["khmer"]
                    else f"{s['fam']} {s['giv']}",
                ),
                str(s["born"]),
                str(s["sex"]),
                (),
                phones=(f"0{s['phone']}",) if rng.random() < 0.5 else (),
            )
        )
    return a, b, truth


def test_blocking_keeps_the_true_pairs_a_full_comparison_finds() -> None:
    """On realistic variations (BLIP noise on), the default LSH bands keep nearly every true pair the
    full comparison finds at the default threshold, from far fewer candidates."""
    a, b, truth = _realistic(1500, seed=11)
    enc = Encoder(derive_keys(b"realistic-blocking-secret-12345", DEFAULT_SCHEMA), DEFAULT_SCHEMA)
    fa = enc.encode([record_features(r, DEFAULT_SCHEMA)[0] for r in a])
    fb = enc.encode([record_features(r, DEFAULT_SCHEMA)[0] for r in b])
    full = match_filters(fa, fb, DEFAULT_SCHEMA, 0.18)
    blocked = match_filters(fa, fb, DEFAULT_SCHEMA, 0.18, blocking=Blocking())
    assert not full.blocked and blocked.blocked
    found_full = set(zip(full.a.tolist(), full.b.tolist(), strict=True)) & truth
    found = set(zip(blocked.a.tolist(), blocked.b.tolist(), strict=True)) & truth
    assert len(found_full) >= 0.8 * len(truth)
    assert len(found) >= 0.97 * len(found_full)
    assert blocked.candidates <= 4 * len(fa)


def test_strangers_rarely_share_a_block() -> None:
    """Chance collisions: two files of different persons give candidates at a rate per pair low enough
    that 1M x 1M stays near 1e8 pairs (the bit-sampling bands before gave ~2e9)."""
    a, _b, _t = _realistic(3000, seed=21)
    _a, b, _t = _realistic(3000, seed=22)
    enc = Encoder(derive_keys(b"realistic-blocking-secret-12345", DEFAULT_SCHEMA), DEFAULT_SCHEMA)
    fa = enc.encode([record_features(r, DEFAULT_SCHEMA)[0] for r in a])
    fb = enc.encode([record_features(r, DEFAULT_SCHEMA)[0] for r in b])
    cands = len(lsh_candidates(fa, fb, DEFAULT_SCHEMA, Blocking()))
    assert cands / (len(fa) * len(fb)) < 1e-4
