"""Splink settings generated from the matching core: comparison levels, blocking rules, anchors.

The levels of name, birth date, document, nationality and gender are those of
`tipnet.matching.features.LEVELS`, with the same thresholds (`NAME_THRESHOLDS`, `birth_level`,
`document_level`) written as SQL; their starting m/u values are the calibrated screening weights,
which EM then refines on the data at hand. Phones and addresses, which screening queries lack, add two
comparisons of their own. SQL is written per engine from a small table of dialect functions, so the
DuckDB and Spark runs compare exactly alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tipnet.linkage.address_level import SQL_WITHIN
from tipnet.linkage.name_similarity import SQL_NAME, SQL_NAME_DIFFERS
from tipnet.matching.features import CORROBORATING as CORE_CORROBORATING
from tipnet.matching.features import LEVELS, MISSING, NAME_THRESHOLDS, birth_level
from tipnet.matching.scoring import default_weights

DIALECTS = ("duckdb", "spark")

# feature → level → (m, u) starting values for the comparisons screening lacks.
_EXTRA_MU: dict[str, dict[str, tuple[float, float]]] = {
    # household: a number the two records share while their names pair a word with a clearly different
    # one (`name_similarity.word_differs`): relatives on a family phone far more often than one person
    "phone": {
        "household": (0.03, 0.00002),
        "agree": (0.55, 0.0002),
        "shared": (0.05, 0.0003),
        "disagree": (0.37, 0.99948),
    },
    "address": {
        "exact": (0.5, 0.001),
        "exact_common": (0.2, 0.02),
        "near": (0.3, 0.004),
        "most_words": (0.1, 0.002),
        "shared_words": (0.15, 0.05),
        "disagree": (0.05, 0.945),
    },
    # Given and family names compared apart where a source keeps them in two columns (FEBRL, civil
    # registers): one part exact and the other one typo away is strong evidence the whole-name
    # similarity blurs; EM refines these starting values.
    "given_name": {
        "exact": (0.8, 0.005),
        "near": (0.1, 0.001),
        "close": (0.04, 0.005),
        "swapped": (0.02, 0.0005),
        "disagree": (0.04, 0.9885),
    },
    "family_name": {
        "exact": (0.8, 0.002),
        "near": (0.1, 0.0005),
        "close": (0.04, 0.003),
        "swapped": (0.02, 0.0005),
        "disagree": (0.04, 0.994),
    },
}
# Linkage adds one name level to the core's: one word alike in sound while the whole names differ
# ("aiden son" / "abbie son"). Screening has no use for it (a namesake's surname is not a hit), but
# beside an agreeing passport or birth date it is evidence EM can weigh.
# And it splits `exact` by how many records hold the name (term frequency, as Splink's tf adjustment
# but learnt as a level): "Nguyen Van Hung" or "Win Win" on two records is weak evidence, a name only a
# handful of records carry (`exact_rare`, `block_keys.RARE_NAME`) is strong.
# A name is rare or common by its phonetic form (`records.name_key_form`), not its written form: the
# spellings of a common name ("Sok Sreymom", "Sokh Sreymom", "Sok Srey Mom") are counted together.
# `word_differs`: the names share a word but pair another word with a clearly different one ("Ros
# Sokha" / "Ros Sovann": relatives on a family phone; `name_similarity.word_differs`), evidence against
# that a shared phone or address must not outweigh.
NAME_LEVELS: tuple[str, ...] = (
    "exact_rare",
    LEVELS["name"][0],
    "word_differs",
    *LEVELS["name"][1:-2],
    "shared_word",
    *LEVELS["name"][-2:],
)
# Linkage splits the birth-date disagreement: a year guessed by a case worker or a document that made
# a minor older keeps the day and month (`year_off`, up to ten years), and a year-only record a few
# years from another's date (`years_apart`, up to five) is weak evidence, not a veto. Screening keeps
# its own levels (a namesake with another birth year is not a hit).
# A month mistyped while year and day agree (`month_off`: 1960-02-13 / 1960-01-13) is a clerk's slip too.
BIRTH_LEVELS: tuple[str, ...] = (
    *LEVELS["birth_date"][:-2],
    "year_off",
    "month_off",
    "years_apart",
    *LEVELS["birth_date"][-2:],
)
# Linkage adds a document level: the same characters with two swapped (`2694239` / `2692439`), which
# is two edits for Levenshtein, so beyond the core's `near`.
DOCUMENT_LEVELS: tuple[str, ...] = (*LEVELS["document"][:-2], "transposed", *LEVELS["document"][-2:])
_START_MU: dict[tuple[str, str], tuple[float, float]] = {
    ("name", "shared_word"): (0.05, 0.05),
    ("name", "exact_rare"): (0.3, 0.00001),
    ("name", "word_differs"): (0.05, 0.02),
    ("birth_date", "year_off"): (0.05, 0.002),
    ("birth_date", "month_off"): (0.02, 0.002),
    ("document", "transposed"): (0.02, 0.0001),
    ("birth_date", "years_apart"): (0.05, 0.1),
}


def birth_level_linkage(a: tuple[int, int, int], b: tuple[int, int, int]) -> str:
    """The birth-date level of linkage in Python (the SQL below says the same): the core's
    `birth_level`, its disagreement split into `year_off`, `month_off`, `years_apart` and `disagree`."""
    level = birth_level(a, b)
    if level != "disagree":
        return level
    (ya, ma, da), (yb, mb, db) = a, b
    if abs(ya - yb) <= 10 and ma and ma == mb and da and da == db:
        return "year_off"
    if ya == yb and ma and mb and da and da == db:
        return "month_off"
    if abs(ya - yb) <= 5 and (not ma or not mb or ma == mb):
        return "years_apart"
    return "disagree"


# Levels whose every pair is a candidate pair, since a blocking rule asks no more than the level does
# (a shared phone suffix, a shared document key): training counts their non-matches on the candidate
# pairs instead of sampling them (`training.prior_from_scores`). Keep in step with `blocking_rules`.
# Not phone `shared` (a number many records hold): its u would be counted right, but its m is a starting
# guess EM rarely sees. Not `exact_rare` either, although every such pair is a candidate: look-alikes
# (namesakes) share rare names, the model cannot tell them from matches, so the count and the
# probabilities fed each other up to the cap (+4 bits) and, on a 12,000-record independent set, linked
# rare-name pairs whose phones disagree (precision 0.950 -> 0.930); the labelled calibration pairs say
# the sampled value (13 bits) is right.
BLOCKED_LEVELS: frozenset[tuple[str, str]] = frozenset({("phone", "agree"), ("document", "exact")})

# Levels whose m and u are not trained. A number two records share while their names pair a word with
# a clearly different one (`household`) is relatives on a family phone or recruits on a broker's about
# three times in four (independent set 2, calibration split: 316 matches, 949 non-matches); EM's
# sessions cannot tell them apart and learnt such a pair as strong as one person's own number (+14
# bits: 275 false links on shared phones). Its values are those counts: m = 316 of 10,486 true pairs,
# u = 949 of about 50 million pairs, +10.6 bits, so a household's phone without a birth date or a
# document stays below the threshold.
FIXED_LEVELS: frozenset[tuple[str, str]] = frozenset({("phone", "household")})

EXTRA_LEVELS: dict[str, tuple[str, ...]] = {
    # agree: a number only a few records hold; shared: a number many hold (a broker's, a shelter's)
    "phone": ("household", "agree", "shared", "disagree", MISSING),
    # exact: an address at most `block_keys.RARE_ADDRESS` records hold (a household's); exact_common:
    # one many hold (a district, a town, a shelter), which a namesake in that district shares too
    "address": ("exact", "exact_common", "near", "most_words", "shared_words", "disagree", MISSING),
    # only where the records keep given and family names apart (`PART_FEATURES`)
    "given_name": ("exact", "near", "close", "swapped", "disagree", MISSING),
    "family_name": ("exact", "near", "close", "swapped", "disagree", MISSING),
}
# The levels that tell a person from a namesake in linkage (`matching.features.CORROBORATING`, the
# core's, with linkage's finer birth-date and document levels and the comparisons screening lacks): a
# phone the two share, one person's or a household's, and an address few records hold or written
# nearly alike. Not an address many records hold (`exact_common`: a district, a town, a shelter) or
# that shares only some words: a namesake in that district shares it too.
CORROBORATING: dict[str, frozenset[str]] = {
    "birth_date": CORE_CORROBORATING["birth_date"] | {"year_off", "month_off"},
    "document": CORE_CORROBORATING["document"] | {"transposed"},
    "phone": frozenset({"household", "agree", "shared"}),
    "address": frozenset({"exact", "near", "most_words"}),
}
# Comparisons that are used only when some records hold both a given and a family name.
PART_FEATURES: tuple[str, ...] = ("given_name", "family_name")
FEATURES: tuple[str, ...] = (*LEVELS, *EXTRA_LEVELS)


@dataclass(frozen=True)
class Sql:
    """The few functions whose spelling differs between DuckDB and Spark SQL."""

    dialect: str

    def overlap(self, col: str) -> str:
        f = "list_has_any" if self.dialect == "duckdb" else "arrays_overlap"
        return f"{f}({col}_l, {col}_r)"

    def overlap_cols(self, left: str, right: str) -> str:
        f = "list_has_any" if self.dialect == "duckdb" else "arrays_overlap"
        return f"{f}({left}_l, {right}_r)"

    def shared(self, col: str) -> str:
        if self.dialect == "duckdb":
            return f"len(list_intersect({col}_l, {col}_r))"
        return f"size(array_intersect({col}_l, {col}_r))"

    def within(self, a: str, b: str, limit: str) -> str:
        """`levenshtein(a, b) <= limit`; DuckDB's through the bounded, vectorised `address_level`."""
        if self.dialect == "duckdb":
            return f"{SQL_WITHIN}({a}, {b}, {limit})"
        return f"levenshtein({a}, {b}) <= {limit}"

    def size(self, col: str) -> str:
        return f"len({col})" if self.dialect == "duckdb" else f"size({col})"

    def either_null(self, col: str) -> str:
        return f"{col}_l IS NULL OR {col}_r IS NULL"


def _level(sql: str, label: str, m_u: tuple[float, float] | None, *, null: bool = False) -> dict[str, Any]:
    level: dict[str, Any] = {"sql_condition": sql, "label_for_charts": label}
    if null:
        level["is_null_level"] = True
    elif m_u is not None:
        level["m_probability"], level["u_probability"] = m_u
    return level


def _levels(feature: str) -> tuple[str, ...]:
    if feature == "name":
        return NAME_LEVELS
    if feature == "birth_date":
        return BIRTH_LEVELS
    if feature == "document":
        return DOCUMENT_LEVELS
    return LEVELS.get(feature) or EXTRA_LEVELS[feature]


def _mu(feature: str, level: str) -> tuple[float, float] | None:
    if (feature, level) in _START_MU:
        return _START_MU[(feature, level)]
    if feature in _EXTRA_MU:
        return _EXTRA_MU[feature][level]
    mu = default_weights().meta.get("m_u", {}).get(feature, {}).get(level)
    return (max(mu["m"], 1e-6), max(mu["u"], 1e-6)) if mu else None


def _conditions(feature: str, s: Sql) -> dict[str, str]:
    """level → SQL condition, for the levels before the catch-all `disagree`."""
    if feature == "name":
        # The similarity is asked only of names sharing a phonetic key: screening's candidates share
        # one too, and random pairs (u estimation) then cost no Python call.
        sim = f"{SQL_NAME}(name_codes_l, name_codes_r)"
        gate = s.overlap("name_keys")
        levels = {level: f"{gate} AND {sim} >= {threshold}" for level, threshold in NAME_THRESHOLDS}
        # Equal readings of rank 0 and ≤ 1 are `exact` by the core's own rule (order-free equal tokens
        # score 1, less 0.01 per rank): most duplicates, answered in SQL without a Python call.
        exact_sql = (
            f"{s.overlap_cols('name_forms_rank0', 'name_forms_rank1')} "
            f"OR {s.overlap_cols('name_forms_rank1', 'name_forms_rank0')}"
        )
        levels["exact"] = f"({exact_sql}) OR ({levels['exact']})"
        # a phonetic form few records hold, and the names alike (`high`: a spelling variant of a rare
        # name is as telling as the same spelling)
        levels["exact_rare"] = f"({s.overlap('name_forms_rare')}) AND ({levels['exact']} OR {levels['high']})"
        levels["word_differs"] = f"{gate} AND {SQL_NAME_DIFFERS}(name_codes_l, name_codes_r)"
        levels["shared_word"] = gate
        return levels
    if feature == "birth_date":
        y = "birth_year_l = birth_year_r"
        m = "birth_month_l = birth_month_r"
        return {
            "same_day": f"{y} AND {m} AND birth_day_l = birth_day_r",
            "same_month": f"{y} AND {m} AND (birth_day_l IS NULL OR birth_day_r IS NULL)",
            "same_year": f"{y} AND (birth_month_l IS NULL OR birth_month_r IS NULL)",
            # a year apart; a clerk's slip of the day; day and month transposed
            "near": (
                f"abs(birth_year_l - birth_year_r) = 1 OR ({y} AND {m}) "
                f"OR ({y} AND birth_month_l = birth_day_r AND birth_day_l = birth_month_r)"
            ),
            "year_off": (f"abs(birth_year_l - birth_year_r) <= 10 AND {m} AND birth_day_l = birth_day_r"),
            "month_off": f"{y} AND birth_day_l = birth_day_r AND birth_month_l <> birth_month_r",
            "years_apart": (
                "abs(birth_year_l - birth_year_r) <= 5 AND (birth_month_l IS NULL OR birth_month_r IS NULL "
                f"OR {m})"
            ),
        }
    if feature == "document":
        return {
            "exact": s.overlap("documents"),
            "near": (
                f"{s.overlap('document_keys')} OR (length(document_key1_l) >= 6 AND length(document_key1_r) >= 6 "
                "AND abs(length(document_key1_l) - length(document_key1_r)) <= 1 "
                "AND levenshtein(document_key1_l, document_key1_r) <= 1)"
            ),
            "transposed": (
                "document_sorted_l = document_sorted_r AND length(document_key1_l) >= 6 "
                "AND levenshtein(document_key1_l, document_key1_r) <= 2"
            ),
        }
    if feature == "nationality":
        return {"agree": s.overlap("nationalities")}
    if feature == "gender":
        return {"agree": "gender_l = gender_r"}
    if feature == "phone":
        differs = f"coalesce({SQL_NAME_DIFFERS}(name_codes_l, name_codes_r), false)"
        return {
            "household": f"{s.overlap('phone_suffixes')} AND {s.overlap('name_keys')} AND {differs}",
            "agree": s.overlap("phone_rare"),
            "shared": s.overlap("phone_suffixes"),
        }
    if feature == "address":
        return {
            "exact": f"address_l = address_r AND {s.overlap('address_rare')}",
            "exact_common": "address_l = address_r",
            # the length test is implied by the distance and costs nothing: most random pairs
            # (u sampling) fail it and never reach the edit distance
            "near": (
                "abs(length(address_l) - length(address_r)) <= "
                "greatest(2, 0.15 * greatest(length(address_l), length(address_r))) AND "
                f"{s.within('address_l', 'address_r', 'greatest(2, 0.15 * greatest(length(address_l), length(address_r)))')}"
            ),
            # most words of the shorter address, in any order and whatever the typos elsewhere
            # ("3 larpent street brentwopd vlge dianella 2101" / "3 larpent street brentwood vlge
            # ormond 2101"): more than a street or a town in common, less than `near`
            "most_words": (
                f"{s.shared('address_tokens')} >= 3 AND {s.shared('address_tokens')} >= "
                f"0.6 * least({s.size('address_tokens_l')}, {s.size('address_tokens_r')})"
            ),
            "shared_words": f"{s.shared('address_tokens')} >= 2",
        }
    if feature in PART_FEATURES:
        other = "family_name" if feature == "given_name" else "given_name"
        c = feature
        return {
            "exact": f"{c}_l = {c}_r",
            # the length tests are implied by the distances and cost nothing (u sampling's random
            # pairs mostly fail them)
            "near": f"abs(length({c}_l) - length({c}_r)) <= 1 AND levenshtein({c}_l, {c}_r) <= 1",
            # two edits in a longer word ("catherine" / "katharine")
            "close": (
                f"least(length({c}_l), length({c}_r)) >= 5 AND abs(length({c}_l) - length({c}_r)) <= 2 "
                f"AND levenshtein({c}_l, {c}_r) <= 2"
            ),
            # the two columns swapped on one record ("smith john" / "john smith"): both parts must
            # cross, or one coincidence ("lara wilkins" / "wilkins zanke") would count in both
            # comparisons
            "swapped": f"{c}_l = {other}_r AND {other}_l = {c}_r",
        }
    raise KeyError(feature)


NULL_COLUMN = {
    "name": "name_codes",
    "birth_date": "birth_year",
    "document": "documents",
    "nationality": "nationalities",
    "gender": "gender",
    "phone": "phone_suffixes",
    "address": "address",
    "given_name": "given_name",
    "family_name": "family_name",
}


def _both_parts() -> str:
    """SQL: both records keep a given and a family name apart."""
    return " AND ".join(f"{c}_{side} IS NOT NULL" for c in PART_FEATURES for side in "lr")


def comparison(feature: str, dialect: str) -> dict[str, Any]:
    """One Splink comparison (settings dict form) whose levels are the matching core's levels."""
    s = Sql(dialect)
    levels = _levels(feature)
    conditions = _conditions(feature, s)
    null = s.either_null(NULL_COLUMN[feature])
    if feature == "name":
        # Where both records keep given and family names apart, those two comparisons weigh the name
        # (counting the whole name as well would count one agreement twice: two "Samuel Webb" with
        # nothing else in common would link).
        null = f"{null} OR ({_both_parts()})"
    if feature in PART_FEATURES:
        # ... and only there: where one record lacks a part, the whole name decides alone ("cameron
        # matson" / "matson" is one weak agreement, not a `low` name plus an exact family name)
        null = f"NOT ({_both_parts()})"
    if feature == "nationality":
        # Names carry their nationality: two records whose names share a word alike in sound are of
        # one nationality far more often than two random records, matches or not (namesakes and
        # relatives agree too), so that agreement is no news beside the name and is not counted
        # (independence would count it twice). A disagreement still counts.
        null = f"{null} OR ({s.overlap('name_keys')} AND {s.overlap('nationalities')})"
    out = [_level(null, MISSING, None, null=True)]
    for level in levels:
        if level == MISSING:
            continue
        sql = conditions.get(level, "ELSE")
        out.append(_level(sql, level, _mu(feature, level)))
        if (feature, level) in FIXED_LEVELS:
            # EM's sessions cannot tell these pairs' matches from their look-alikes (relatives on a
            # family phone): the starting m and u are kept.
            out[-1]["fix_m_probability"] = True
            out[-1]["fix_u_probability"] = True
        if feature == "nationality":
            # The pairs left to this comparison (names not alike) are few and mostly non-matches in
            # EM's sessions, which then learn that a match's nationalities disagree two times in three
            # (-0.3 bits for a disagreement); a person's nationality does not depend on how a clerk
            # wrote the name, so m stays the matching core's calibrated value (agree 0.98).
            out[-1]["fix_m_probability"] = True
    return {"output_column_name": feature, "comparison_levels": out, "comparison_description": feature}


def level_names(feature: str) -> list[str]:
    """Splink's comparison-vector values → level names (Splink numbers levels from the last, 0)."""
    levels = [lv for lv in _levels(feature) if lv != MISSING]
    return list(reversed(levels))


# Two names within typing distance: at most 3 edits in 10 letters of the sorted best readings.
NAME_TYPO = (
    "levenshtein(l.name_sort, r.name_sort) <= 0.3 * greatest(length(l.name_sort), length(r.name_sort))"
)


def blocking_rules(dialect: str = "duckdb") -> list[Any]:
    """Candidate pairs: two name words alike in sound with the birth year; one document; one phone;
    two name words when a birth year is unknown; the whole name alike in sound with the day and month
    (a mistyped year); the full birth date and one name word alike in sound or the names within typing
    distance, unless the nationalities differ (a misspelt name). Name words are the records' filtered blocking keys (`block_keys`)."""
    from splink import block_on

    overlap = "list_has_any" if dialect == "duckdb" else "arrays_overlap"
    return [
        block_on("name_blocks", "birth_year", arrays_to_explode=["name_blocks"]),
        block_on("document_keys", arrays_to_explode=["document_keys"]),
        # two name words alike in sound that few records share, whatever the birth dates say (a year
        # off by ten, a date on one record only)
        block_on("name_blocks_rare", arrays_to_explode=["name_blocks_rare"]),
        # one name word that few records hold: a given name alone ("Leakhena") beside a full name
        block_on("name_keys_rare", arrays_to_explode=["name_keys_rare"]),
        block_on("phone_suffixes", arrays_to_explode=["phone_suffixes"]),
        # two neighbouring address words few records share (`block_keys.RARE_ADDRESS`): duplicates
        # whose name and birth date were both mistyped still live at one address
        block_on("address_blocks_rare", arrays_to_explode=["address_blocks_rare"]),
        # a whole name reading at most `block_keys.RARE_NAME` records hold (at most six pairs each):
        # the rules above find nearly all of them, this one all
        block_on("name_forms_rare", arrays_to_explode=["name_forms_rare"]),
        {
            "blocking_rule": "l.name_blocks = r.name_blocks AND (l.birth_year IS NULL OR r.birth_year IS NULL)",
            "arrays_to_explode": ["name_blocks"],
        },
        "l.name_first_key = r.name_first_key AND l.birth_month = r.birth_month AND l.birth_day = r.birth_day",
        "l.birth_year = r.birth_year AND l.birth_month = r.birth_month AND l.birth_day = r.birth_day "
        f"AND ({overlap}(l.name_keys, r.name_keys) OR {NAME_TYPO}) "
        "AND (l.nationalities IS NULL OR r.nationalities IS NULL "
        f"OR {overlap}(l.nationalities, r.nationalities))",
    ]


def training_rules() -> list[Any]:
    """EM sessions: each blocks on something, so the others' m values are learnt from its pairs."""
    from splink import block_on

    return [
        block_on("birth_year", "birth_month", "birth_day"),
        # the whole name alike in sound with a mistyped year, if the day or month still agrees
        "l.name_first_key = r.name_first_key AND (l.birth_month = r.birth_month OR l.birth_day = r.birth_day)",
    ]


def anchor_rules() -> list[Any]:
    """Deterministic links (same passport number and birth year) for the prior: near-certain pairs."""
    from splink import block_on

    return [block_on("documents", "birth_year", arrays_to_explode=["documents"])]


def settings(link_type: str, dialect: str, features: tuple[str, ...] = FEATURES) -> dict[str, Any]:
    if dialect not in DIALECTS:
        raise ValueError(f"unknown engine dialect {dialect!r}; one of {', '.join(DIALECTS)}")
    return {
        "link_type": link_type,
        "unique_id_column_name": "unique_id",
        "source_dataset_column_name": "source_dataset",
        "probability_two_random_records_match": 1e-4,
        "comparisons": [comparison(f, dialect) for f in features],
        "blocking_rules_to_generate_predictions": blocking_rules(dialect),
        "retain_matching_columns": False,
        "retain_intermediate_calculation_columns": True,
        "additional_columns_to_retain": [],
    }
