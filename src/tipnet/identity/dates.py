"""Dates as people record them: partial (year, year-month), Buddhist-era years, several layouts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

# Thai official dates count years in the Buddhist era: 2567 BE = 2024 CE.
BUDDHIST_ERA_OFFSET = 543
_BE_MIN = 2400  # a four-digit year at or above this is read as Buddhist era

_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_DMY = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$")
_YMD_SLASH = re.compile(r"^(\d{4})[./](\d{1,2})[./](\d{1,2})$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


class DateError(ValueError):
    """A date that cannot be read; the message says why."""


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

    def iso(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @property
    def precision(self) -> str:
        return "year" if self.month is None else "month" if self.day is None else "day"

    def earliest(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    def to_date(self) -> date | None:
        """The full date, or None when only the year or month is known."""
        return self.earliest() if self.day is not None else None

    def __str__(self) -> str:
        return self.iso()


def _ce_year(year: int) -> int:
    return year - BUDDHIST_ERA_OFFSET if year >= _BE_MIN else year


def _build(text: str, y: int, m: int | None, d: int | None) -> PartialDate:
    y = _ce_year(y)
    if not 1800 <= y <= 2200:
        raise DateError(f"year {y} out of range in {text!r}")
    if m is not None and not 1 <= m <= 12:
        raise DateError(f"month {m} out of range in {text!r}")
    if d is not None:
        try:
            date(y, m or 1, d)
        except ValueError as exc:
            raise DateError(f"no such day in {text!r}: {exc}") from None
    return PartialDate(y, m, d)


# Month names: English (full and three-letter, as in passports: 15 JAN 1990) and Thai (full and
# abbreviated, as in Thai ID cards: 15 ม.ค. 2533).
_MONTHS: dict[str, int] = {}
for _i, _names in enumerate(
    (
        ("january", "jan", "มกราคม", "ม.ค."),
        ("february", "feb", "กุมภาพันธ์", "ก.พ."),
        ("march", "mar", "มีนาคม", "มี.ค."),
        ("april", "apr", "เมษายน", "เม.ย."),
        ("may", "พฤษภาคม", "พ.ค."),
        ("june", "jun", "มิถุนายน", "มิ.ย."),
        ("july", "jul", "กรกฎาคม", "ก.ค."),
        ("august", "aug", "สิงหาคม", "ส.ค."),
        ("september", "sep", "sept", "กันยายน", "ก.ย."),
        ("october", "oct", "ตุลาคม", "ต.ค."),
        ("november", "nov", "พฤศจิกายน", "พ.ย."),
        ("december", "dec", "ธันวาคม", "ธ.ค."),
    ),
    start=1,
):
    for _n in _names:
        _MONTHS[_n] = _i
_MONTH_ALT = "|".join(sorted((re.escape(m) for m in _MONTHS), key=len, reverse=True))
_D_MON_Y = re.compile(rf"^(?:(\d{{1,2}})[\s\-/]*)?({_MONTH_ALT})[\s\-/,]*(\d{{4}})$", re.IGNORECASE)
_MON_D_Y = re.compile(rf"^({_MONTH_ALT})\s+(\d{{1,2}}),?\s+(\d{{4}})$", re.IGNORECASE)
# Khmer, Thai, Lao and Myanmar digits.
_NATIVE_DIGITS = str.maketrans(
    {chr(base + i): str(i) for base in (0x17E0, 0x0E50, 0x0ED0, 0x1040, 0xFF10) for i in range(10)}
)
_BE_PREFIX = re.compile(r"^(?:พ\.ศ\.|B\.?E\.?)\s*", re.IGNORECASE)


def parse_partial_date(text: str) -> PartialDate:
    """Read `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, `DD/MM/YYYY`, `YYYY/MM/DD`, `YYYYMMDD`, `15 JAN 1990`,
    `Jan 1990`, `January 15, 1990` or Thai `15 มกราคม 2533`, in any of the region's digits.

    Years of 2400 and above are Buddhist era and converted. Day-first is assumed for
    slash dates, as in every country of the region. Raises DateError.
    """
    s = (text or "").translate(_NATIVE_DIGITS).strip()
    if not s:
        raise DateError("empty date")
    s = _BE_PREFIX.sub("", s)
    s = re.sub(r"\s*(?:พ\.ศ\.)\s*", " ", s).strip()
    if s.upper().endswith(("BE", "B.E.")):
        s = s.rstrip(".").upper().removesuffix("B.E").removesuffix("BE").strip()
    if m := _ISO.match(s):
        y, mo, d = m.groups()
        return _build(text, int(y), int(mo) if mo else None, int(d) if d else None)
    if m := _DMY.match(s):
        d, mo, y = m.groups()
        return _build(text, int(y), int(mo), int(d))
    if m := (_YMD_SLASH.match(s) or _COMPACT.match(s)):
        y, mo, d = m.groups()
        return _build(text, int(y), int(mo), int(d))
    if m := _D_MON_Y.match(s):
        d, mon, y = m.groups()
        return _build(text, int(y), _MONTHS[mon.lower()], int(d) if d else None)
    if m := _MON_D_Y.match(s):
        mon, d, y = m.groups()
        return _build(text, int(y), _MONTHS[mon.lower()], int(d))
    raise DateError(f"unrecognised date {text!r}: expected YYYY, YYYY-MM, YYYY-MM-DD or DD/MM/YYYY")


@dataclass(frozen=True)
class DateRange:
    """A span of possible dates: "1990-1992", "circa 1990", "before 1995"; `start` or `end` may be open."""

    start: PartialDate | None
    end: PartialDate | None
    circa: bool = False

    def contains(self, when: PartialDate) -> bool:
        """True when `when` may fall within the range (compared at the coarser precision)."""
        lo = self.start.earliest() if self.start else date.min
        hi = _latest(self.end) if self.end else date.max
        return lo <= _latest(when) and when.earliest() <= hi

    def __str__(self) -> str:
        if self.circa and self.start == self.end and self.start is not None:
            return f"circa {self.start}"
        return f"{self.start or ''}/{self.end or ''}"


def _latest(d: PartialDate) -> date:
    if d.month is None:
        return date(d.year, 12, 31)
    if d.day is None:
        nxt = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
        return date.fromordinal(nxt.toordinal() - 1)
    return date(d.year, d.month, d.day)


CIRCA_YEARS = 2  # "circa 1990" is read as 1988-1992
_CIRCA = re.compile(r"^(?:circa|ca\.?|c\.|approx\.?|about|around|~|ประมาณ)\s*(.+)$", re.IGNORECASE)
_BEFORE = re.compile(r"^(?:before|until|<|ก่อน)\s*(.+)$", re.IGNORECASE)
_AFTER = re.compile(r"^(?:after|since|from|>|หลัง)\s*(.+)$", re.IGNORECASE)
_YEAR_SPAN = re.compile(r"^(\d{4})\s*(?:-|–|—|to|/|ถึง)\s*(\d{2}|\d{4})$", re.IGNORECASE)
_SPAN = re.compile(r"^(.+?)\s+(?:-|–|—|to|until|ถึง)\s+(.+)$", re.IGNORECASE)


def parse_date_range(text: str) -> DateRange:
    """Read a date or a span of dates: "1990-1992", "1990-92", "2533-2535" (BE), "circa 1990",
    "c. 1990", "before 1995", "after 2001", "2001-03-01 to 2001-06-30", or one date (a one-point range).
    Raises DateError.
    """
    s = (text or "").translate(_NATIVE_DIGITS).strip()
    if not s:
        raise DateError("empty date range")
    if m := _CIRCA.match(s):
        d = parse_partial_date(m.group(1))
        lo, hi = PartialDate(d.year - CIRCA_YEARS), PartialDate(d.year + CIRCA_YEARS)
        return DateRange(lo, hi, circa=True)
    if m := _BEFORE.match(s):
        return DateRange(None, parse_partial_date(m.group(1)))
    if m := _AFTER.match(s):
        return DateRange(parse_partial_date(m.group(1)), None)
    if m := _YEAR_SPAN.match(s):
        a, b = m.groups()
        if len(b) == 2 and int(b) <= 12:  # 1990-12 is December 1990, not 1990-1912
            d = parse_partial_date(s)
            return DateRange(d, d)
        if len(b) == 2:
            b = a[:2] + b
        start, end = parse_partial_date(a), parse_partial_date(b)
    elif m := _SPAN.match(s):
        start, end = parse_partial_date(m.group(1)), parse_partial_date(m.group(2))
    else:
        d = parse_partial_date(s)
        return DateRange(d, d)
    if start.earliest() > end.earliest():
        raise DateError(f"range {text!r} ends before it starts")
    return DateRange(start, end)
