"""The independent evaluation set (bench/independent): deterministic from its seed, files with the
documented columns, every messiness pattern present, the hand-labelled pairs still valid."""

from __future__ import annotations

import csv
import importlib.util
import json
import sys
import unicodedata
from collections import Counter
from functools import cache
from pathlib import Path

import phonenumbers
import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "independent"
sys.path.insert(0, str(BENCH))

from indepgen import GENERATOR_VERSION  # noqa: E402
from indepgen.build import (  # noqa: E402
    DEFAULT_PEOPLE,
    DEFAULT_SEED,
    ENTRY_PATTERNS,
    RECORD_PATTERNS,
    RELATION_KINDS,
    TRAVELLER_PATTERNS,
    build_linkage,
    generate,
)
from indepgen.fields import PHONE_PLANS, new_phone  # noqa: E402
from indepgen.people import rng_for  # noqa: E402
from indepgen.render import to_zawgyi  # noqa: E402
from indepgen.screening import build_screening  # noqa: E402

COLUMNS = {
    "linkage/records.csv": ["record_id", "agency", "name", "given_name", "family_name", "birth_date", "gender",
                            "nationality", "document_number", "phone", "address"],
    "linkage/truth.csv": ["record_id", "person_id"],
    "linkage/split.csv": ["person_id", "split"],
    "linkage/patterns.csv": ["record_id", "patterns"],
    "linkage/relations.csv": ["person_id", "other_person_id", "relation"],
    "screening/watchlist.csv": ["id", "name", "aliases", "birth_date", "nationality", "gender", "document_number",
                                "topics"],
    "screening/travellers.csv": ["id", "name", "birth_date", "nationality", "gender", "document_number"],
    "screening/truth.csv": ["traveller_id", "entry_id"],
    "screening/split.csv": ["traveller_id", "split"],
    "screening/patterns.csv": ["traveller_id", "patterns"],
    "screening/entry_patterns.csv": ["entry_id", "patterns"],
}  # fmt: skip


def _load_script(name: str):
    spec = importlib.util.spec_from_file_location(f"indep_{name}", BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@cache
def default_set():
    records, truth, split, patterns, relations = build_linkage(DEFAULT_SEED, DEFAULT_PEOPLE)
    screening = build_screening(DEFAULT_SEED, DEFAULT_PEOPLE)
    return records, truth, split, patterns, relations, screening


def test_same_seed_same_files_other_seed_other_files(tmp_path: Path) -> None:
    a = generate(tmp_path / "a", 300, 5)
    b = generate(tmp_path / "b", 300, 5)
    c = generate(tmp_path / "c", 300, 6)
    assert a["sha256"] == b["sha256"]
    assert a["sha256"]["linkage/records.csv"] != c["sha256"]["linkage/records.csv"]
    assert a["version"] == GENERATOR_VERSION


def test_files_have_the_documented_columns_and_consistent_ids(tmp_path: Path) -> None:
    generate(tmp_path, 300, 5)
    for name, columns in COLUMNS.items():
        with (tmp_path / name).open(encoding="utf-8") as fh:
            assert next(csv.reader(fh)) == columns, name
    records = _read(tmp_path / "linkage/records.csv")
    truth = {r["record_id"]: r["person_id"] for r in _read(tmp_path / "linkage/truth.csv")}
    split = {r["person_id"]: r["split"] for r in _read(tmp_path / "linkage/split.csv")}
    assert [r["record_id"] for r in records] == list(truth)
    assert set(truth.values()) <= set(split) and set(split.values()) == {"calibration", "test"}
    entries = {r["id"] for r in _read(tmp_path / "screening/watchlist.csv")}
    travellers = {r["id"] for r in _read(tmp_path / "screening/travellers.csv")}
    for row in _read(tmp_path / "screening/truth.csv"):
        assert row["traveller_id"] in travellers and row["entry_id"] in entries
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["counts"]["records"] == len(records)
    # every record says something about someone: a name, a phone or a document
    assert all(
        r["name"] or r["given_name"] or r["family_name"] or r["phone"] or r["document_number"]
        for r in records
    )


def test_every_pattern_appears_in_the_default_set() -> None:
    _records, _truth, _split, patterns, relations, screening = default_set()
    seen = Counter(p for row in patterns for p in row["patterns"].split(";") if p)
    assert [p for p in RECORD_PATTERNS if not seen[p]] == []
    assert set(seen) <= set(RECORD_PATTERNS)  # every pattern logged is documented
    assert {r["relation"] for r in relations} == set(RELATION_KINDS)
    _entries, _travellers, _truth_s, _split_s, traveller_patterns, entry_patterns = screening
    seen_t = {p for row in traveller_patterns for p in row["patterns"].split(";")}
    seen_e = {p for row in entry_patterns for p in row["patterns"].split(";") if p}
    assert set(TRAVELLER_PATTERNS) <= seen_t
    assert set(ENTRY_PATTERNS) <= seen_e


def test_the_patterns_are_in_the_data_not_only_in_the_log() -> None:
    records, _truth, split, _patterns, _relations, screening = default_set()
    names = [" ".join((r["name"], r["given_name"], r["family_name"])) for r in records]
    text = "\n".join(names)
    assert "\u200b" in text and ("\u200c" in text or "\u200d" in text)
    assert any("\uff21" <= ch <= "\uff5a" for ch in text)  # full-width Latin
    assert any(unicodedata.normalize("NFC", n) != n for n in names)  # decomposed (NFD) names
    assert any(
        "\u1060" <= ch <= "\u109f" or (ch == "\u1031" and i == 0) for n in names for i, ch in enumerate(n)
    )
    for low, high in (("\u1780", "\u17ff"), ("\u0e01", "\u0e5b"), ("\u0e81", "\u0edf"), ("\u1000", "\u104f"),
                      ("\u4e00", "\u9fff")):  # fmt: skip
        assert any(low <= ch <= high for ch in text)
    assert any(ch in text for ch in "ễốạịư")  # Vietnamese with diacritics
    phones = [r["phone"] for r in records if r["phone"]]
    assert any(p.startswith("+855") for p in phones) and any(p.startswith("(+95)") for p in phones)
    assert any(p.startswith("0") for p in phones) and any(p.startswith("855") for p in phones)
    nats = {r["nationality"] for r in records}
    assert {"KH", "KHM", "Cambodian", "Khmer"} <= nats
    dates = [r["birth_date"] for r in records if r["birth_date"]]
    assert any(len(d) == 4 for d in dates) and any(
        d.startswith("25") for d in dates
    )  # year only; Buddhist era
    shares = Counter(row["split"] for row in split)
    assert 0.2 < shares["calibration"] / len(split) < 0.4
    entries, travellers, truth_s, _split_s, traveller_patterns, _ep = screening
    listed = sum(row["patterns"].startswith("listed") for row in traveller_patterns)
    assert 0.15 < listed / len(travellers) < 0.25 and len(truth_s) >= listed
    assert any(";" in e["aliases"] for e in entries) and any(not e["birth_date"] for e in entries)


def test_generated_phones_are_valid_numbers_of_their_country() -> None:
    rng = rng_for(1, "phones")
    for country, (cc, _trunk, _ranges, _group) in PHONE_PLANS.items():
        for _ in range(40):
            _c, nsn = new_phone(country, rng)
            number = phonenumbers.parse(f"+{cc}{nsn}")
            assert phonenumbers.is_valid_number(number), (country, nsn)


def test_zawgyi_encodings_of_known_words() -> None:
    assert to_zawgyi("မြန်မာ") == "\u103b\u1019\u1014\u1039\u1019\u102c"  # ျမန္မာ
    assert to_zawgyi("ကျော်") == "\u1031\u1000\u103a\u102c\u1039"  # ေက်ာ္
    assert to_zawgyi("သန္တာ") == "\u101e\u108f\u1071\u102c"  # သႏၱာ


def test_hand_labelled_pairs_still_describe_the_generator() -> None:
    hard = _load_script("hard_pairs")
    meta = json.loads(hard.META.read_text(encoding="utf-8"))
    assert meta["generator_version"] == GENERATOR_VERSION
    assert (meta["seed"], meta["people"]) == (DEFAULT_SEED, DEFAULT_PEOPLE)
    records, truth, *_ = default_set()
    row_of = {r["record_id"]: r for r in records}
    person_of = {t["record_id"]: t["person_id"] for t in truth}
    committed = _read(hard.RECORDS)
    assert all(row_of[r["record_id"]] == r for r in committed)
    pairs = _read(hard.PAIRS)
    assert 200 <= len(pairs) <= 300
    for p in pairs:
        assert p["is_match"] == ("true" if person_of[p["left_id"]] == person_of[p["right_id"]] else "false")
        assert p["why"] and p["hand_label"] in ("match", "non-match", "unsure")
    committed_size = sum(
        f.stat().st_size for f in BENCH.rglob("*") if f.is_file() and "__pycache__" not in f.parts
    )
    assert committed_size < 2_000_000


def test_scores_of_a_known_run(tmp_path: Path) -> None:
    score = _load_script("score")
    generate(tmp_path / "data", 60, 3)
    truth = _read(tmp_path / "data/linkage/truth.csv")
    by_person: dict[str, list[str]] = {}
    for row in truth:
        by_person.setdefault(row["person_id"], []).append(row["record_id"])
    true_pairs = [(rids[0], rids[1]) for rids in by_person.values() if len(rids) >= 2]
    run = tmp_path / "run"
    run.mkdir()
    with (run / "pairs.csv").open("w", encoding="utf-8") as fh:
        fh.write("id_l,id_r,match_probability\n")
        for a, b in true_pairs[:2]:
            fh.write(f"{a},{b},0.95\n")
        other = next(r for r in truth if r["person_id"] != truth[0]["person_id"])
        fh.write(f"{truth[0]['record_id']},{other['record_id']},0.91\n")  # a false link
    result = score.score_linkage(tmp_path / "data", run, None)
    assert result["links"]["predicted"] == 3
    assert result["links"]["precision"] == pytest.approx(2 / 3, abs=0.001)
    hits = tmp_path / "hits.jsonl"
    s_truth = _read(tmp_path / "data/screening/truth.csv")
    t, e = s_truth[0]["traveller_id"], s_truth[0]["entry_id"]
    hits.write_text(
        json.dumps({"id": t, "hits": [{"entry_id": e, "score": 0.9}, {"entry_id": "W99999", "score": 0.5}]})
        + "\n"
    )
    result = score.score_screening(tmp_path / "data", hits, None, 0.4)
    assert result["at_default"]["hits"] == 2 and result["at_default"]["precision"] == 0.5
    assert result["sweep"]["0.6"]["precision"] == 1.0
