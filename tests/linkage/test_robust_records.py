"""Linkage on records other systems wrote (issue 13): no name, phones without a country, demonyms,
birth years off, phones many people share."""

from __future__ import annotations

import pyarrow as pa
import pytest

from tipnet.linkage.block_keys import rare_values
from tipnet.linkage.comparisons import birth_level_linkage
from tipnet.linkage.records import LinkRecord, prepare_row, rows_table
from tipnet.linkage.resolve import Options, resolve
from tipnet.matching.record import RecordError


def _rec(uid: str, names: tuple[str, ...] = (), **kw: object) -> LinkRecord:
    return LinkRecord(uid, "t", names, **kw)  # type: ignore[arg-type]


def test_record_without_a_name_is_kept_when_other_evidence_remains() -> None:
    row = prepare_row(_rec("a", (), phones=("012 345 678",), birth_date="1990-05-01"))
    assert row["name_codes"] is None and row["name_blocks"] is None
    assert row["phone_suffixes"] == ["12345678"]
    assert prepare_row(_rec("b", ("",), documents=("N0123456",)))["documents"] == ["N0123456"]
    assert prepare_row(_rec("c", (), birth_date="1990-05-01"))["birth_day"] == 1
    with pytest.raises(RecordError) as err:
        prepare_row(_rec("d", (), birth_date="1979", nationalities=("VNM",)))  # a year says nothing
    assert err.value.field == "name"


def test_nationality_demonyms_and_old_codes_are_read() -> None:
    row = prepare_row(_rec("a", ("Sok Dara",), nationalities=("Cambodian", "Kampuchea", "KH")))
    assert row["nationalities"] == ["KHM"] and not row["_dropped"]
    assert prepare_row(_rec("b", ("Win Win",), nationalities=("BUR",)))["nationalities"] == ["MMR"]
    assert prepare_row(_rec("c", ("Win Win",), nationalities=("Atlantean",)))["_dropped"] == ["nationality"]


def test_one_phone_written_with_and_without_its_country_shares_a_suffix() -> None:
    a = prepare_row(_rec("a", ("San Myint",), nationalities=("MM",), phones=("096-405-9100",)))
    b = prepare_row(_rec("b", ("Daw San Myint",), phones=("+66 96 405 9100",)))
    assert a["phones"] != b["phones"]  # read in two countries' plans
    assert set(a["phone_suffixes"]) & set(b["phone_suffixes"])


def test_rare_values_keep_a_persons_phone_and_drop_a_brokers() -> None:
    broker = "98586182"
    rows = [prepare_row(_rec(f"r{i}", ("Sok Dara",), phones=(f"+95 9 9{broker}",))) for i in range(8)]
    rows.append(prepare_row(_rec("own1", ("Chan Thy",), phones=("012 345 678", f"099{broker}"))))
    rows.append(prepare_row(_rec("own2", ("Chan Thy",), phones=("+855 12 345 678",))))
    (table,) = rare_values([rows_table(rows)], "phone_suffixes", "phone_rare", cap=6)
    rare = dict(zip(table["unique_id"].to_pylist(), table["phone_rare"].to_pylist(), strict=True))
    assert rare["r0"] is None  # the broker's number: held by nine records
    assert rare["own1"] == ["12345678"] and rare["own2"] == ["12345678"]
    assert table.schema.field("phone_rare").type == pa.list_(pa.string())


@pytest.mark.parametrize(
    ("a", "b", "level"),
    [
        ((1991, 1, 19), (1993, 1, 19), "year_off"),  # a guessed age, same day and month
        ((1985, 9, 5), (1995, 9, 5), "year_off"),
        ((1985, 9, 5), (1996, 9, 5), "disagree"),  # beyond ten years
        ((1999, 0, 0), (2001, 1, 26), "years_apart"),  # a year-only record
        ((1999, 3, 0), (2003, 3, 12), "years_apart"),
        ((1990, 3, 5), (1990, 7, 9), "disagree"),  # a namesake born the same year
        ((1982, 2, 12), (1982, 12, 2), "near"),  # day and month swapped
        ((1960, 2, 13), (1960, 1, 13), "month_off"),  # one digit of the month mistyped
        ((1990, 1, 1), (1991, 6, 6), "near"),
    ],
)
def test_birth_year_off_is_a_partial_level(
    a: tuple[int, int, int], b: tuple[int, int, int], level: str
) -> None:
    assert birth_level_linkage(a, b) == level


def test_sparse_records_link_on_name_and_phone() -> None:
    """Hotline and NGO records holding a name and a phone link to the person's passport record; a
    nameless record links on the same phone and birth date; a namesake with another phone does not."""
    recs = [
        _rec(
            "imm",
            ("SOK SREYMOM",),
            birth_date="1995-03-02",
            gender="F",
            nationalities=("KHM",),
            documents=("N1234567",),
            phones=("+855 12 888 431",),
        ),
        _rec("hot", ("Sok Sreymom",), phones=("012 888 431",)),
        _rec("ngo", ("សុខ\u200bស្រីមុំ",), phones=("(855) 12-888-431",), gender="female"),
        _rec("bank", (), birth_date="1995-03-02", phones=("855 12888431",), documents=("N1234567",)),
        _rec("other", ("Chan Dara",), birth_date="1970-01-01", phones=("+855 97 111 2222",)),
    ]
    res = resolve([[prepare_row(r) for r in recs]], Options(workers=1, threshold=0.9))
    cl = res.clusters
    assert cl["imm"] == cl["hot"] == cl["ngo"] == cl["bank"]
    assert cl["other"] != cl["imm"]


def test_rare_names_are_their_own_level_and_one_word_names_never_are() -> None:
    from tipnet.linkage.comparisons import comparison

    rows = [prepare_row(_rec(f"n{i}", ("Nguyen Van Hung",))) for i in range(8)]  # a common name
    rows += [
        prepare_row(_rec("s1", ("Sirivanichbun Wichay",))),
        prepare_row(_rec("s2", ("WICHAY SIRIVANICHBUN",))),
    ]
    rows += [prepare_row(_rec("k1", ("Kunthea",))), prepare_row(_rec("k2", ("Kunthea",)))]
    from tipnet.linkage.block_keys import RARE_NAME

    (table,) = rare_values([rows_table(rows)], "name_forms_multi", "name_forms_rare", RARE_NAME)
    name_sql = comparison("name", "duckdb")["comparison_levels"]
    labels = [lv["label_for_charts"] for lv in name_sql]
    assert labels[1] == "exact_rare"
    import duckdb

    con = duckdb.connect()
    from tipnet.linkage.name_similarity import register_duckdb

    register_duckdb(con)
    con.register("t", table)
    cols = ", ".join(f"l.{c} AS {c}_l, r.{c} AS {c}_r" for c in table.column_names)
    case = " ".join(
        f"WHEN {lv['sql_condition']} THEN '{lv['label_for_charts']}'"
        for lv in name_sql
        if lv["sql_condition"] != "ELSE"
    )
    got = dict(
        ((a, b), level)
        for a, b, level in con.sql(
            f"SELECT a, b, CASE {case} ELSE 'disagree' END FROM "
            f"(SELECT l.unique_id AS a, r.unique_id AS b, {cols} FROM t l JOIN t r ON l.unique_id < r.unique_id)"
        ).fetchall()
    )
    assert got[("s1", "s2")] == "exact_rare"  # few records hold it, order aside
    assert got[("n0", "n1")] == "exact"  # eight records hold it
    assert got[("k1", "k2")] == "exact"  # one word: every other record's given name too


def test_documents_with_two_characters_swapped_are_their_own_level() -> None:
    import duckdb

    from tipnet.linkage.comparisons import comparison

    rows = [
        prepare_row(_rec("a", ("Nathan Challenor",), documents=("2694239",))),
        prepare_row(_rec("b", ("Nathan Challenor",), documents=("2692439",))),  # 9 and 4 swapped
        prepare_row(_rec("c", ("Nathan Challenor",), documents=("2694293",))),  # 3 and 9 swapped
        prepare_row(_rec("d", ("Nathan Challenor",), documents=("7150026",))),  # another number
    ]
    levels = comparison("document", "duckdb")["comparison_levels"]
    case = " ".join(
        f"WHEN {lv['sql_condition']} THEN '{lv['label_for_charts']}'"
        for lv in levels
        if lv["sql_condition"] != "ELSE"
    )
    con = duckdb.connect()
    con.register("t", rows_table(rows))
    cols = ", ".join(f"l.{c} AS {c}_l, r.{c} AS {c}_r" for c in rows_table(rows).column_names)
    got = dict(
        ((a, b), level)
        for a, b, level in con.sql(
            f"SELECT a, b, CASE {case} ELSE 'disagree' END FROM "
            f"(SELECT l.unique_id AS a, r.unique_id AS b, {cols} FROM t l JOIN t r ON l.unique_id < r.unique_id)"
        ).fetchall()
    )
    assert got[("a", "b")] == "transposed" and got[("a", "c")] == "transposed"
    assert got[("a", "d")] == "disagree"
