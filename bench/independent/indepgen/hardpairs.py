# SPDX-License-Identifier: Apache-2.0
"""Choose hard record pairs from a generated linkage set for labelling by hand: true pairs that carry
the hardest patterns (scripts, sparse records, nicknames, shifted dates...) and non-matching pairs of
related or alike people (namesakes, twins, relatives, Burmese names that overlap, shared phones).
The choice is stratified by pattern and relation only; no matcher's score takes part in it."""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from itertools import combinations

from .people import rng_for

POSITIVE_STRATA = (
    # (stratum, how many, test on the two records' patterns)
    ("burmese_script_vs_latin", 9, lambda a, b: {"script_burmese", "script_latin"} <= (a | b)),
    ("zawgyi", 8, lambda a, b: "zawgyi" in a | b),
    ("thai_transcription", 8, lambda a, b: "thai_transcription" in a | b),
    ("khmer_script_vs_latin", 9, lambda a, b: {"script_khmer", "script_latin"} <= (a | b)),
    ("thai_script_vs_latin", 8, lambda a, b: {"script_thai", "script_latin"} <= (a | b)),
    ("lao_script_vs_latin", 6, lambda a, b: {"script_lao", "script_latin"} <= (a | b)),
    ("han_vs_latin", 8, lambda a, b: {"script_han", "script_latin"} <= (a | b)),
    ("sparse_both", 10, lambda a, b: "sparse_name_and_phone" in a and "sparse_name_and_phone" in b),
    ("nickname_or_given_only", 10, lambda a, b: bool({"nickname", "given_name_only", "partial_name"} & (a | b))),
    ("no_name", 8, lambda a, b: "no_name_other_evidence" in a | b),
    ("birth_year_off", 8, lambda a, b: "birth_year_off" in a | b),
    ("maiden_name", 5, lambda a, b: "maiden_name" in a | b),
    ("indonesian_mononym", 5, lambda a, b: any(p.startswith("mononym") for p in a | b)),
    ("burmese_forced_split_or_honorific", 6, lambda a, b: bool({"burmese_forced_split", "burmese_honorific"} & (a | b))),
    ("typo", 8, lambda a, b: bool({"typo_latin", "typo_native"} & (a | b))),
    ("order_reversed_or_swapped", 6, lambda a, b: bool({"name_order_reversed", "fields_swapped", "comma_order"} & (a | b))),
    ("document_ocr_or_renewed", 6, lambda a, b: bool({"doc_ocr", "passport_renewed", "doc_typo"} & (a | b))),
    ("foreign_phone_without_country", 6, lambda a, b: "phone_foreign_without_country" in a | b),
)  # fmt: skip
NEGATIVE_QUOTAS = {
    "namesake": 26,
    "burmese_overlap": 26,
    "twin": 12,
    "sibling": 16,
    "parent": 8,
    "spouse": 8,
    "shared_contact_phone": 12,
}
LOOKALIKE_QUOTA = 16


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).casefold()
    return "".join(c for c in text if c.isalnum() or c == " ").strip()


def _named(row: dict) -> bool:
    return any(row[k] for k in ("name", "given_name", "family_name"))


def select(
    records: list[dict], truth: list[dict], patterns: list[dict], relations: list[dict], seed: int
) -> list[tuple[str, str, str]]:
    """(left_id, right_id, stratum) for about 250 pairs, in a seeded random order."""
    rng = rng_for(seed, "hard-pairs")
    row_of = {r["record_id"]: r for r in records}
    person_of = {t["record_id"]: t["person_id"] for t in truth}
    pats = {p["record_id"]: set(p["patterns"].split(";")) for p in patterns}
    records_of: dict[str, list[str]] = defaultdict(list)
    for t in truth:
        records_of[t["person_id"]].append(t["record_id"])
    chosen: list[tuple[str, str, str]] = []
    used: set[tuple[str, str]] = set()

    def take(a: str, b: str, stratum: str) -> None:
        key = (a, b) if a < b else (b, a)
        if key not in used:
            used.add(key)
            chosen.append((*key, stratum))

    true_pairs = sorted(
        (a, b) if a < b else (b, a) for rids in records_of.values() for a, b in combinations(sorted(rids), 2)
    )
    for stratum, quota, test in POSITIVE_STRATA:
        pool = [(a, b) for a, b in true_pairs if test(pats[a], pats[b]) and (a, b) not in used]
        if stratum != "no_name":
            pool = [(a, b) for a, b in pool if _named(row_of[a]) and _named(row_of[b])]
        for a, b in rng.sample(pool, min(quota, len(pool))):
            take(a, b, stratum)

    by_kind: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for r in relations:
        by_kind[r["relation"]].append((r["person_id"], r["other_person_id"]))

    def carrying(pid: str) -> list[str]:  # the records that show the shared contact number
        return [r for r in sorted(records_of[pid]) if "broker_phone" in pats[r]]

    for kind, quota in NEGATIVE_QUOTAS.items():
        persons = sorted(by_kind.get(kind, []))
        if kind == "shared_contact_phone":  # only where both records show the number
            persons = [(p1, p2) for p1, p2 in persons if carrying(p1) and carrying(p2)]
        for p1, p2 in rng.sample(persons, min(quota, len(persons))):
            left = [r for r in sorted(records_of[p1]) if _named(row_of[r])]
            right = [r for r in sorted(records_of[p2]) if _named(row_of[r])]
            if kind == "shared_contact_phone":
                left, right = carrying(p1), carrying(p2)
            if left and right:
                take(rng.choice(left), rng.choice(right), kind)

    # unrelated people whose Latin names fold to the same words
    by_name: dict[str, list[str]] = defaultdict(list)
    for r in records:
        name = _fold(r["name"] or f"{r['family_name']} {r['given_name']}")
        if name.isascii() and len(name.split()) >= 2:
            by_name[" ".join(sorted(name.split()))].append(r["record_id"])
    alike = []
    for rids in by_name.values():
        for a, b in combinations(sorted(rids), 2):
            if person_of[a] != person_of[b]:
                alike.append((a, b))
    related = {tuple(sorted((r["person_id"], r["other_person_id"]))) for r in relations}
    alike = [(a, b) for a, b in alike if tuple(sorted((person_of[a], person_of[b]))) not in related]
    for a, b in rng.sample(alike, min(LOOKALIKE_QUOTA, len(alike))):
        take(a, b, "unrelated_same_name")
    rng.shuffle(chosen)
    return chosen
