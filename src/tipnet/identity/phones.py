"""Phone numbers to E.164 with phonenumbers, defaulting to the region's country codes.

Numbers arrive written every way the region writes them: with or without the trunk 0 (012 345 678
and 12 345 678 in Cambodia), with the country code and the trunk 0 together (+855 012 ...), with
00 for +, in Khmer, Thai, Lao or Burmese digits, and often without a country code at all, so that
a Chinese mobile (138 ...) recorded in Cambodia must be recognised as Chinese.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported where used: `tipnet link csv` without importing phonenumbers
    import phonenumbers

# The countries whose numbers the region's records hold most, tried in this order when a number
# is impossible in the default region.
REGION_PHONE_REGIONS: tuple[str, ...] = (
    "KH",
    "TH",
    "VN",
    "LA",
    "MM",
    "CN",
    "MY",
    "SG",
    "ID",
    "PH",
    "KR",
    "HK",
    "TW",
)

# Khmer ០-៩, Thai ๐-๙, Lao ໐-໙, Myanmar ၀-၉ and full-width digits to ASCII.
_DIGITS = str.maketrans(
    {
        **{chr(0x17E0 + i): str(i) for i in range(10)},
        **{chr(0x0E50 + i): str(i) for i in range(10)},
        **{chr(0x0ED0 + i): str(i) for i in range(10)},
        **{chr(0x1040 + i): str(i) for i in range(10)},
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        "＋": "+",
    }
)


class PhoneError(ValueError):
    """A phone number that cannot be read as a valid number."""


def _clean(text: str) -> str:
    raw = (text or "").translate(_DIGITS).strip()
    if raw.startswith("00"):
        raw = "+" + raw[2:]
    return raw


def _parse(raw: str, region: str | None) -> phonenumbers.PhoneNumber | None:
    import phonenumbers

    try:
        number = phonenumbers.parse(raw, None if raw.startswith("+") else region)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_possible_number(number) else None


def _e164(number: phonenumbers.PhoneNumber) -> str:
    import phonenumbers

    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalize_phone(
    text: str, default_region: str | None = "KH", *, fallback_regions: Sequence[str] = ()
) -> str:
    """E.164 form (`+85512345678`) of a number written in any local or international way.

    `default_region` (ISO alpha-2) is used for numbers without a country code; when the number is
    impossible there, each of `fallback_regions` is tried for a *valid* number (pass
    REGION_PHONE_REGIONS to recognise the region's foreign mobiles). Raises PhoneError.
    """
    import phonenumbers

    raw = _clean(text)
    if not raw:
        raise PhoneError("empty phone number")
    if not raw.startswith("+") and default_region:
        # Country code and trunk 0 written together without a plus: 855 012 345 678.
        code = str(phonenumbers.country_code_for_region(default_region))
        digits = "".join(c for c in raw if c.isdigit())
        if code != "0" and digits.startswith(code + "0") and len(digits) >= len(code) + 8:
            raw = "+" + digits
    number = _parse(raw, default_region)
    if number is not None:
        return _e164(number)
    if not raw.startswith("+"):
        for region in fallback_regions:
            alt = _parse(raw, region)
            if alt is not None and phonenumbers.is_valid_number(alt):
                return _e164(alt)
    try:
        phonenumbers.parse(raw, None if raw.startswith("+") else default_region)
    except phonenumbers.NumberParseException as exc:
        raise PhoneError(f"unreadable phone number {text!r}: {exc}") from None
    raise PhoneError(f"impossible phone number {text!r}")


def phone_candidates(text: str, regions: Sequence[str] = REGION_PHONE_REGIONS) -> list[str]:
    """Every E.164 reading of a number without country code that is valid in one of `regions`,
    in the order of `regions`; a number with a country code has one reading. Empty if none."""
    import phonenumbers

    raw = _clean(text)
    if not raw:
        return []
    if raw.startswith("+"):
        number = _parse(raw, None)
        return [_e164(number)] if number is not None else []
    out: list[str] = []
    for region in regions:
        number = _parse(raw, region)
        if number is not None and phonenumbers.is_valid_number(number):
            e164 = _e164(number)
            if e164 not in out:
                out.append(e164)
    return out


SUFFIX_DIGITS = 8  # the last digits two writings of one mobile number always share


def phone_suffix(text: str, digits: int = SUFFIX_DIGITS) -> str | None:
    """The last `digits` digits of a number, or None when it has fewer.

    A number's country and trunk prefix are the parts writers add, drop or guess (`0961 234 5678`,
    `(+95) 9612345678`, `855-12-345-678` / `012 345 678`, a foreign SIM written nationally with no
    country at all); its subscriber digits are what every writing keeps. Comparing the last eight
    digits links the writings whatever region a reader assumed, at a chance of about one in 10^8
    that two different numbers agree."""
    raw = _clean(text)
    only = "".join(c for c in raw if c.isdigit())
    return only[-digits:] if len(only) >= digits else None


def phone_country_number(text: str, region: str | None = None) -> str | None:
    """`"CC|NSN"` (country calling code and national significant number) of a number whose country is
    known: written with its country code (`+66 81 234 5678`, `0066 ...`, `(+95) 9...`,
    `+855 (0)12 ...`), or written nationally and `region` (ISO alpha-2) says where. None when the
    country is unknown (a national writing without `region`, a code written without `+`) or the number
    is impossible there. The national and international writings of one number give one value, and two
    numbers of different countries never do, even when their last eight digits agree."""
    import phonenumbers

    raw = _clean(text).lstrip("( ")
    if raw.startswith("00"):
        raw = "+" + raw[2:]
    if not raw.startswith("+") and not region:
        return None
    number = _parse(raw, None if raw.startswith("+") else region)
    if number is None:
        return None
    return f"{number.country_code}|{phonenumbers.national_significant_number(number)}"


# A phone-like run in free text: 8+ digits with the separators people write, any script's digits
# folded to ASCII first (Khmer, Thai, Lao, Burmese...). Shared by advert contacts and hotline text.
PHONE_IN_TEXT = re.compile(r"(?<![\w+])(?:\+|00)?\d[\d \-.()]{7,17}\d(?!\w)")
_DATE = re.compile(r"\s*(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{4})\s*")


def fold_digits(text: str) -> str:
    """`text` with every decimal digit of any script written as an ASCII digit (same length)."""
    return "".join(str(unicodedata.digit(c)) if c.isdigit() and not c.isascii() else c for c in text)


def phones_in_text(text: str, region: str | None = "KH") -> list[str]:
    """The E.164 numbers written in free text (a hotline narrative, an advert), in order, once each:
    runs of 8 to 15 digits that read as a number of `region` or, without a country code, of one of
    the region's countries; dates (2024-05-01, 01/05/2024) are not numbers."""
    out: list[str] = []
    for m in PHONE_IN_TEXT.finditer(fold_digits(text)):
        raw = m.group(0)
        if not 8 <= sum(c.isdigit() for c in raw) <= 15 or _DATE.fullmatch(raw):
            continue
        try:
            e164 = normalize_phone(raw, region, fallback_regions=REGION_PHONE_REGIONS)
        except PhoneError:
            continue
        if e164 not in out:
            out.append(e164)
    return out
