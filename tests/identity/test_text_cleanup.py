"""Invisible characters, compatibility forms, Zawgyi and nationality spellings made one (issue 13)."""

from __future__ import annotations

import unicodedata

import pytest

from tipnet.identity.nationality import read_nationality
from tipnet.identity.phones import phone_suffix
from tipnet.identity.text import clean_text
from tipnet.identity.zawgyi import to_unicode_if_zawgyi, zawgyi_probability
from tipnet.matching.names import best_name_match
from tipnet.matching.record import make_record, prepare_record


@pytest.mark.parametrize(
    ("written", "clean"),
    [
        ("សុខ\u200bស្រីមុំ", "សុខ ស្រីមុំ"),  # word-break software's zero-width space: a word break
        ("កុសល\u200b", "កុសល"),
        ("ស្រី\u200cមុំ", "ស្រីមុំ"),  # zero-width non-joiner from a keyboard
        ("\ufeffSok Dara", "Sok Dara"),  # a spreadsheet's byte-order mark
        ("Sok\u00adha", "Sokha"),  # soft hyphen
        ("Sok\u200bDara", "Sok Dara"),  # between Latin words it was the only break
        ("ＳＯＫ　ＤＡＲＡ", "SOK DARA"),  # full-width Latin and the ideographic space
        ("  Win   Win ", "Win Win"),
        ("Nguyê\u0303n Văn", unicodedata.normalize("NFC", "Nguyễn Văn")),  # decomposed input
        ("สมหญิง\u200bแสงจันทร์", "สมหญิง แสงจันทร์"),
    ],
)
def test_clean_text(written: str, clean: str) -> None:
    assert clean_text(written) == clean


def test_zawgyi_is_converted_and_unicode_left_alone() -> None:
    unicode = "ဖြူဆွေခင်"
    assert zawgyi_probability("ျဖူေဆြခင္") > 0.95
    assert to_unicode_if_zawgyi("ျဖူေဆြခင္") == unicode
    assert to_unicode_if_zawgyi(unicode) == unicode  # never converted twice
    assert zawgyi_probability(unicode) < 0.05
    assert zawgyi_probability("Win Win") == 0.0
    assert clean_text("ခင္စုယဉ္") == "ခင်စုယဉ်"


def test_names_written_differently_match_after_cleaning() -> None:
    """The matching core sees one name whatever invisible or encoding differences it arrived with."""
    pairs = [
        ("សុខ\u200bស្រីមុំ", "សុខ ស្រីមុំ"),
        ("ခင္စုယဉ္", "ခင်စုယဉ်"),  # Zawgyi vs Unicode
        ("ＮＧＵＹＥＮ ＶＡＮ ＨＵＮＧ", "Nguyen Van Hung"),
    ]
    for a, b in pairs:
        ra, rb = prepare_record(make_record(a)), prepare_record(make_record(b))
        m = best_name_match(ra.names, rb.names)
        assert m is not None and m.score >= 0.99, (a, b, m)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("KH", "KHM"),
        ("KHM", "KHM"),
        ("Cambodian", "KHM"),
        ("Khmer", "KHM"),
        ("Kampuchea", "KHM"),
        ("cambodia", "KHM"),
        ("BUR", "MMR"),
        ("Burma", "MMR"),
        ("Myanmar", "MMR"),
        ("PRC", "CHN"),
        ("Chinese", "CHN"),
        ("Viet Nam", "VNM"),
        ("Filipina", "PHL"),
        ("Lao PDR", "LAO"),
        ("Thailand", "THA"),
    ],
)
def test_read_nationality(value: str, code: str) -> None:
    assert read_nationality(value) == code


@pytest.mark.parametrize("value", ["", "XX", "Atlantis", "unknown"])
def test_read_nationality_unknown(value: str) -> None:
    assert read_nationality(value) is None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("0961 234 5678", "(+95) 9612345678"),
        ("855-12-345-678", "012 345 678"),
        ("092 111 222", "855 92111222"),
        ("+855 (0)99 809 797", "(855) 99 809 797"),
        ("096-405-9100", "+66 96 405 9100"),  # a Thai SIM written nationally by a Burmese owner
        ("០១២ ៣៤៥ ៦៧៨", "+85512345678"),  # Khmer digits
    ],
)
def test_phone_suffix_agrees_across_writings(a: str, b: str) -> None:
    assert phone_suffix(a) is not None and phone_suffix(a) == phone_suffix(b)


def test_phone_suffix_tells_numbers_apart() -> None:
    assert phone_suffix("012 345 678") != phone_suffix("092 345 678")
    assert phone_suffix("12 345") is None  # too short to be a number's subscriber digits
