"""Phone numbers to E.164 with phonenumbers, defaulting to the region's country codes."""

from __future__ import annotations

import phonenumbers


class PhoneError(ValueError):
    """A phone number that cannot be read as a valid number."""


def normalize_phone(text: str, default_region: str | None = "KH") -> str:
    """E.164 form (`+85512345678`) of a number written in any local or international way.

    `default_region` (ISO alpha-2) is used for numbers without a country code. Raises PhoneError.
    """
    raw = (text or "").strip()
    if not raw:
        raise PhoneError("empty phone number")
    if raw.startswith("00"):
        raw = "+" + raw[2:]
    try:
        number = phonenumbers.parse(raw, None if raw.startswith("+") else default_region)
    except phonenumbers.NumberParseException as exc:
        raise PhoneError(f"unreadable phone number {text!r}: {exc}") from None
    if not phonenumbers.is_possible_number(number):
        raise PhoneError(f"impossible phone number {text!r}")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
