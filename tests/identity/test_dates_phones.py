"""Dates (partial, ranges, Buddhist era, month names) and phones (the region's prefixes)."""

from __future__ import annotations

import pytest

from tipnet.identity.dates import DateError, PartialDate, parse_date_range, parse_partial_date
from tipnet.identity.phones import REGION_PHONE_REGIONS, PhoneError, normalize_phone, phone_candidates


@pytest.mark.parametrize(
    ("text", "iso"),
    [("1990", "1990"), ("1990-12", "1990-12"), ("2567", "2024"), ("2567 BE", "2024"), ("พ.ศ. 2533", "1990"),
     ("15/01/1990", "1990-01-15"), ("19900115", "1990-01-15"), ("15 JAN 1990", "1990-01-15"),
     ("Jan 1990", "1990-01"), ("January 15, 1990", "1990-01-15"), ("15 มกราคม 2533", "1990-01-15"),
     ("15 ม.ค. 2533", "1990-01-15"), ("๑๕/๐๑/๒๕๓๓", "1990-01-15"), ("១៥/០១/១៩៩០", "1990-01-15")],
)  # fmt: skip
def test_partial_dates(text: str, iso: str) -> None:
    assert parse_partial_date(text).iso() == iso


@pytest.mark.parametrize("bad", ["", "31/02/1990", "1990-13", "yesterday", "1700"])
def test_bad_dates(bad: str) -> None:
    with pytest.raises(DateError):
        parse_partial_date(bad)


@pytest.mark.parametrize(
    ("text", "start", "end", "circa"),
    [("1990-1992", "1990", "1992", False), ("1990-92", "1990", "1992", False), ("2533-2535", "1990", "1992", False),
     ("circa 1990", "1988", "1992", True), ("c. 1990", "1988", "1992", True), ("before 1995", None, "1995", False),
     ("after 2001", "2001", None, False), ("2001-03-01 to 2001-06-30", "2001-03-01", "2001-06-30", False),
     ("1990-12", "1990-12", "1990-12", False)],
)  # fmt: skip
def test_date_ranges(text: str, start: str | None, end: str | None, circa: bool) -> None:
    r = parse_date_range(text)
    assert (r.start.iso() if r.start else None) == start
    assert (r.end.iso() if r.end else None) == end
    assert r.circa is circa


def test_range_contains_and_errors() -> None:
    r = parse_date_range("1990-1992")
    assert r.contains(PartialDate(1991, 5)) and r.contains(PartialDate(1992, 12, 31))
    assert not r.contains(PartialDate(1993))
    with pytest.raises(DateError):
        parse_date_range("1995-1990")
    with pytest.raises(DateError):
        parse_date_range("")


@pytest.mark.parametrize(
    ("text", "region", "e164"),
    [("012 345 678", "KH", "+85512345678"), ("12 345 678", "KH", "+85512345678"),
     ("+855 012 345 678", "KH", "+85512345678"), ("855 012 345 678", "KH", "+85512345678"),
     ("00855 12 345 678", "KH", "+85512345678"), ("០១២ ៣៤៥ ៦៧៨", "KH", "+85512345678"),
     ("081 234 5678", "TH", "+66812345678"), ("๐๘๑ ๒๓๔ ๕๖๗๘", "TH", "+66812345678"),
     ("0912 345 678", "VN", "+84912345678"), ("020 5555 1234", "LA", "+8562055551234"),
     ("09 7812 3456", "MM", "+95978123456"), ("138 1234 5678", "CN", "+8613812345678")],
)  # fmt: skip
def test_phones(text: str, region: str, e164: str) -> None:
    assert normalize_phone(text, region) == e164


def test_phone_fallback_regions() -> None:
    with pytest.raises(PhoneError):
        normalize_phone("13812345678")  # a Chinese mobile is impossible as Cambodian
    assert normalize_phone("13812345678", fallback_regions=REGION_PHONE_REGIONS) == "+8613812345678"
    assert "+66812345678" in phone_candidates("0812345678")
    assert phone_candidates("+855 12 345 678") == ["+85512345678"]
    assert phone_candidates("") == []
    with pytest.raises(PhoneError):
        normalize_phone("  ")
