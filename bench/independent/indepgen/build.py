# SPDX-License-Identifier: Apache-2.0
"""Build the independent evaluation set: multi-agency linkage records and a screening watchlist
with travellers, with ground truth and a calibration/test split. Deterministic from --seed.

    python bench/independent/generate.py --people 2000 --seed 13 --out /tmp/indep
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
from pathlib import Path

from . import GENERATOR_VERSION
from .people import assign_broker_phones, assign_splits, build_population, rng_for
from .records import AGENCIES, AGENCY_WEIGHTS, RECORD_COLUMNS, make_record
from .screening import TRAVELLER_COLUMNS, WATCHLIST_COLUMNS, build_screening

DEFAULT_SEED = 13
DEFAULT_PEOPLE = 2000

# Every messiness pattern the generator can apply, by where it is logged. The test checks that the
# default set shows each at least once; README.md describes them.
RECORD_PATTERNS = (
    "script_latin", "script_khmer", "script_thai", "script_lao", "script_burmese", "script_vietnamese", "script_han",
    "thai_transcription", "traditional_chinese", "zawgyi", "zero_width_space", "zero_width_joiner", "nfd",
    "fullwidth_latin", "uppercase", "uppercase_no_diacritics", "extra_spaces", "typo_latin", "typo_native",
    "romanization_variant", "native_spelling_variant", "vietnamese_tone_placement", "name_order_reversed",
    "fields_swapped", "comma_order", "title", "burmese_honorific", "burmese_forced_split",
    "burmese_syllables_joined", "ethnic_prefix_dropped", "partial_name", "nickname", "given_name_only",
    "middle_name_dropped", "middle_initial", "maiden_name", "patronymic_added", "mononym_as_family_name",
    "mononym_as_given_name", "mononym_repeated", "mononym_fnu", "truncated_given_names", "truncated_field",
    "no_name", "no_name_other_evidence", "sparse_name_and_phone",
    "birth_year_off", "birth_day_month_swapped", "birth_year_only", "birth_year_month", "birth_jan1_default",
    "birth_buddhist_era", "birth_unreadable", "gender_wrong", "nationality_alpha2", "nationality_alpha3",
    "nationality_demonym", "nationality_country_name", "nationality_old_code", "nationality_wrong",
    "doc_ocr", "doc_typo", "doc_format", "doc_leading_zero_lost", "doc_burmese_digits", "passport_renewed",
    "phone_e164", "phone_intl_spaced", "phone_intl_no_plus", "phone_intl_00", "phone_paren_cc",
    "phone_cc_with_trunk", "phone_national", "phone_national_regrouped", "phone_no_country_no_trunk",
    "phone_foreign_without_country", "family_phone", "broker_phone", "household_address", "shelter_address",
)  # fmt: skip
RELATION_KINDS = (
    "sibling",
    "parent",
    "spouse",
    "twin",
    "namesake",
    "burmese_overlap",
    "shared_contact_phone",
)
TRAVELLER_PATTERNS = (
    "listed", "not_listed", "lookalike_namesake", "lookalike_relative", "lookalike_burmese_overlap",
    "traveller_native_script", "traveller_mrz_order", "traveller_given_first", "traveller_other_spelling",
    "truncated_given_names", "typo", "zawgyi", "birth_year_off", "traveller_no_birth_date",
)  # fmt: skip
ENTRY_PATTERNS = ("entry_primary_native", "entry_primary_latin", "duplicate_listing", "listed_namesake")


def _write(path: Path, columns, rows) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(columns), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def build_linkage(seed: int, people_count: int):
    people, relations = build_population(seed, people_count, stream="person")
    split = assign_splits(seed, people, "person")
    assign_broker_phones(seed, people, split, relations, "person")
    drafts = []
    for person in people:
        rng = rng_for(seed, "records", person.index)
        count = rng.choices((1, 2, 3, 4, 5, 6), weights=(30, 30, 20, 12, 5, 3))[0]
        for _ in range(count):
            agency = rng.choices(AGENCIES, weights=AGENCY_WEIGHTS)[0]
            locale = person.culture if rng.random() < 0.45 else person.destination
            row, patterns = make_record(person, agency, locale, rng)
            drafts.append((person, row, patterns))
    rng_for(seed, "record-order").shuffle(drafts)
    records, truth, pattern_rows = [], [], []
    for i, (person, row, patterns) in enumerate(drafts):
        rid = f"R{i + 1:06d}"
        row["record_id"] = rid
        records.append(row)
        truth.append({"record_id": rid, "person_id": person.pid})
        pattern_rows.append({"record_id": rid, "patterns": ";".join(dict.fromkeys(patterns))})
    split_rows = [{"person_id": p.pid, "split": split[p.group]} for p in people]
    relation_rows = [{"person_id": a, "other_person_id": b, "relation": k} for a, b, k in relations]
    return records, truth, split_rows, pattern_rows, relation_rows


def generate(out: Path, people_count: int = DEFAULT_PEOPLE, seed: int = DEFAULT_SEED) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    records, truth, split_rows, pattern_rows, relation_rows = build_linkage(seed, people_count)
    _write(out / "linkage" / "records.csv", RECORD_COLUMNS, records)
    _write(out / "linkage" / "truth.csv", ("record_id", "person_id"), truth)
    _write(out / "linkage" / "split.csv", ("person_id", "split"), split_rows)
    _write(out / "linkage" / "patterns.csv", ("record_id", "patterns"), pattern_rows)
    _write(out / "linkage" / "relations.csv", ("person_id", "other_person_id", "relation"), relation_rows)
    entries, travellers, s_truth, s_split, s_patterns, e_patterns = build_screening(seed, people_count)
    _write(out / "screening" / "watchlist.csv", WATCHLIST_COLUMNS, entries)
    _write(out / "screening" / "travellers.csv", TRAVELLER_COLUMNS, travellers)
    _write(out / "screening" / "truth.csv", ("traveller_id", "entry_id"), s_truth)
    _write(out / "screening" / "split.csv", ("traveller_id", "split"), s_split)
    _write(out / "screening" / "patterns.csv", ("traveller_id", "patterns"), s_patterns)
    _write(out / "screening" / "entry_patterns.csv", ("entry_id", "patterns"), e_patterns)
    manifest = {
        "generator": "tipnet bench/independent",
        "version": GENERATOR_VERSION,
        "seed": seed,
        "people": people_count,
        "counts": {
            "records": len(records),
            "people": len(split_rows),
            "watchlist_entries": len(entries),
            "travellers": len(travellers),
            "true_hits": len(s_truth),
        },
        "sha256": {},
    }
    for path in sorted(out.rglob("*.csv")):
        manifest["sha256"][str(path.relative_to(out))] = hashlib.sha256(path.read_bytes()).hexdigest()
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--people", type=int, default=DEFAULT_PEOPLE, help="people in the linkage set (default 2000)"
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="seed (default 13)")
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    args = parser.parse_args(argv)
    manifest = generate(args.out, args.people, args.seed)
    counts = manifest["counts"]
    print(
        f"{counts['records']} records of {counts['people']} people; {counts['watchlist_entries']} watchlist entries, "
        f"{counts['travellers']} travellers ({counts['true_hits']} true hits) -> {args.out}"
    )
    return 0
