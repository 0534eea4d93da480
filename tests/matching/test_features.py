"""Comparison levels: cross-script names, partial dates, OCR-confused document numbers."""

from __future__ import annotations

import pytest

from tipnet.matching.features import (
    LEVELS,
    birth_level,
    compare_document,
    compare_gender,
    compare_name,
    compare_nationality,
    document_level,
)
from tipnet.matching.names import QUERY_SPELLINGS, blocking_keys, prepare_name
from tipnet.matching.record import PreparedRecord, RecordError, make_record, prepare_record


def _prep(name: str, **kw: str) -> PreparedRecord:
    return prepare_record(make_record(name, **kw), spellings=QUERY_SPELLINGS)


@pytest.mark.parametrize(
    ("a", "b", "levels"),
    [
        ("ចាន់ ស្រីមុំ", "Chan Sreymom", {"exact", "high"}),
        ("陈伟", "Chen Wei", {"exact"}),
        ("陈伟", "Tan Wei", {"exact", "high", "medium"}),  # Hokkien/Teochew reading of 陈
        ("Sreymom Chan", "CHAN SREYMOM", {"exact"}),  # order-free, case-free
        ("Somchai Phrom", "Somchai Prom", {"exact", "high"}),
        ("Chen Wei", "Maria Santos", {"disagree"}),
    ],
)
def test_name_levels_across_scripts(a: str, b: str, levels: set[str]) -> None:
    level, match = compare_name(_prep(a), _prep(b))
    assert level.level in levels, (level, match)


@pytest.mark.parametrize(
    ("a", "b", "level"),
    [
        ((1990, 5, 1), (1990, 5, 1), "same_day"),
        ((1990, 5, 1), (1990, 5, 0), "same_month"),
        ((1990, 5, 1), (1990, 0, 0), "same_year"),
        ((1990, 0, 0), (1990, 0, 0), "same_year"),
        ((1990, 5, 4), (1990, 4, 5), "near"),  # day and month transposed
        ((1990, 5, 1), (1991, 5, 1), "near"),
        ((1990, 5, 1), (1990, 7, 1), "disagree"),
        ((1990, 5, 1), (1995, 5, 1), "disagree"),
        ((0, 0, 0), (1990, 5, 1), "missing"),
    ],
)
def test_partial_birth_dates(a: tuple[int, int, int], b: tuple[int, int, int], level: str) -> None:
    assert birth_level(a, b) == level
    assert birth_level(b, a) == level


def test_document_numbers_exact_ocr_and_one_edit() -> None:
    q = _prep("Chen Wei", document_number="E1234-5678")
    assert compare_document(q, _prep("x", document_number="e12345678")).level == "exact"
    assert compare_document(q, _prep("x", document_number="E1234S678")).level == "near"
    assert compare_document(q, _prep("x", document_number="E12345679")).level == "near"
    assert compare_document(q, _prep("x", document_number="K99887766")).level == "disagree"
    assert compare_document(q, _prep("x")).level == "missing"
    assert document_level((), ()) == "missing"


def test_nationality_alpha2_alpha3_and_gender() -> None:
    a = _prep("Chen Wei", nationality="CN", gender="male")
    assert compare_nationality(a, _prep("x", nationality="CHN")).level == "agree"
    assert compare_nationality(a, _prep("x", nationality="TH")).level == "disagree"
    assert compare_gender(a, _prep("x", gender="M")).level == "agree"
    assert compare_gender(a, _prep("x", gender="F")).level == "disagree"
    assert compare_gender(a, _prep("x", gender="unknown")).level == "missing"


def test_bad_values_raise_record_errors() -> None:
    with pytest.raises(RecordError, match="name"):
        make_record(["", "  "])
    with pytest.raises(RecordError, match="birth_date"):
        make_record("Chen Wei", birth_date="31/31/1990")
    with pytest.raises(RecordError, match="nationality"):
        make_record("Chen Wei", nationality="Narnia")
    with pytest.raises(RecordError, match="name"):
        prepare_record(make_record("1234 !!"))


def test_prepared_name_round_trips_and_has_order_free_keys() -> None:
    p = prepare_name("ចាន់ ស្រីមុំ", limit=4)
    assert p is not None and p.script == "Khmer"
    assert p.decode(p.text, p.encode()) == p
    a, b = prepare_name("Sreymom Chan"), prepare_name("Chan Sreymom")
    assert a is not None and b is not None and blocking_keys(a) == blocking_keys(b)


def test_columns_are_plain_values_for_sql() -> None:
    cols = _prep("陈伟", birth_date="1980-03", nationality="CN", document_number="E 1234 5678").columns()
    assert cols["birth_year"] == 1980 and cols["birth_month"] == 3 and cols["birth_day"] is None
    spellings = cols["name_spellings"]
    assert isinstance(spellings, list) and "chen wei" in spellings and cols["documents"] == ["E12345678"]
    assert set(LEVELS) == {"name", "birth_date", "document", "nationality", "gender"}
