"""Issue 13, independent set 2: relatives on a family phone, spelling variants on one's own phone, and
how rare a name is counted over its spellings (linkage's SQL levels, generated from the matching core)."""

from __future__ import annotations

from tests.linkage.test_resolve import _case_sql, _pairs_table

from tipnet.linkage.block_keys import rare_values
from tipnet.linkage.engines import start_duckdb
from tipnet.linkage.name_similarity import word_differs
from tipnet.linkage.records import LinkRecord, name_key_form, prepare_row, rows_table
from tipnet.matching.names import best_name_match, prepare_name

# (name a, name b): a shared family name beside another given name (relatives), and one person's
# name written two ways (romanization, a joined given name, Khmer script, a dropped middle name)
RELATIVES = [("Ros Sokha", "Ros Sovann"), ("រស់ សុខា", "Ros Sovann"), ("Nguyen Thi Lan", "Nguyen Thi Hoa")]
VARIANTS = [("Sok Sreymom", "Sokh Srey Mom"), ("សុខ ស្រីមុំ", "SOK SREYMOM"), ("Nguyen Thi Lan", "Nguyen Lan")]


def _match(a: str, b: str):  # type: ignore[no-untyped-def]
    pa, pb = prepare_name(a), prepare_name(b)
    assert pa is not None and pb is not None
    return best_name_match((pa,), (pb,))


def test_word_differs_tells_relatives_from_spellings() -> None:
    for a, b in RELATIVES:
        assert word_differs(_match(a, b)), (a, b)
    for a, b in VARIANTS:
        assert not word_differs(_match(a, b)), (a, b)


def _levels(pairs: list[tuple[str, str]], phones: tuple[str, str]) -> list[tuple[str, str]]:
    recs = []
    for i, (a, b) in enumerate(pairs):
        recs.append(LinkRecord(f"p{i}a", "t", (a,), phones=(phones[0],)))
        recs.append(LinkRecord(f"p{i}b", "t", (b,), phones=(phones[1],)))
    tables = rare_values([rows_table(prepare_row(r) for r in recs)], "phone_suffixes", "phone_rare", 6)
    eng = start_duckdb()
    try:
        _pairs_table(eng.handle, tables[0].to_pylist())
        q = f"SELECT a, b, {_case_sql('name')}, {_case_sql('phone')} FROM pairs ORDER BY a"
        got = eng.handle.sql(q).fetchall()
    finally:
        eng.close()
    return [(name, phone) for a, b, name, phone in got if a[:-1] == b[:-1]]


def test_a_family_phone_with_another_given_name_is_a_household_not_an_agreement() -> None:
    """Two records on one number whose names pair a family name with another given name fall in the
    phone's `household` level (fixed at its counted weight) and the name's `word_differs` level;
    one person's spelling variants on the same number stay at `agree`."""
    for i, (name, phone) in enumerate(_levels(RELATIVES, ("012 345 678", "+855 12 345 678"))):
        assert (name, phone) == ("word_differs", "household"), RELATIVES[i]
    for i, (name, phone) in enumerate(_levels(VARIANTS, ("092 111 222", "855 92111222"))):
        assert phone == "agree", VARIANTS[i]
        assert name in ("exact", "high", "medium"), VARIANTS[i]


def test_household_weight_is_fixed_and_far_below_an_own_phone() -> None:
    from tipnet.linkage.comparisons import comparison

    levels = {lv["label_for_charts"]: lv for lv in comparison("phone", "duckdb")["comparison_levels"]}
    household = levels["household"]
    assert household["fix_m_probability"] and household["fix_u_probability"]
    bits = household["m_probability"] / household["u_probability"]
    assert bits < levels["agree"]["m_probability"] / levels["agree"]["u_probability"]


def test_name_rarity_is_counted_on_the_phonetic_form() -> None:
    """Three spellings of one common name on six records: counted apart, each written form is held by
    two records and would pass as rare (`exact_rare` at RARE_NAME = 4); counted on the phonetic form,
    the name is held by six and is not rare."""
    spellings = ["Sok Sreymom", "Sokh Sreymom", "SOK SREYMOM"]
    recs = [LinkRecord(f"r{i}", "t", (spellings[i % 3],)) for i in range(6)]
    rows = [prepare_row(r) for r in recs]
    forms = {f for row in rows for f in row["name_forms_multi"]}
    assert len(forms) == 1, forms
    sp = prepare_name("Sokh Sreymom")
    assert sp is not None and name_key_form(sp.spellings[0]) in forms
    table = rare_values([rows_table(rows)], "name_forms_multi", "name_forms_rare", 4)[0]
    assert table["name_forms_rare"].null_count == 6
