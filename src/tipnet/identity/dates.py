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


def parse_partial_date(text: str) -> PartialDate:
    """Read `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, `DD/MM/YYYY`, `YYYY/MM/DD` or `YYYYMMDD`.

    Years of 2400 and above are Buddhist era and converted. Day-first is assumed for
    slash dates, as in every country of the region. Raises DateError.
    """
    s = (text or "").strip()
    if not s:
        raise DateError("empty date")
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
    raise DateError(f"unrecognised date {text!r}: expected YYYY, YYYY-MM, YYYY-MM-DD or DD/MM/YYYY")
