"""Typed access to one row's fields: each accessor validates and names the field at fault.

Error messages repeat a rejected value only for coded, non-personal fields (a country code, a
picklist value); a bad name, birth date or phone is described, never echoed, so rejects files
and logs carry no victim data.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Literal, overload

from tipnet.identity.dates import DateError, PartialDate, parse_partial_date
from tipnet.identity.documents import DocumentNumberError, normalize_document_number
from tipnet.identity.phones import PhoneError, normalize_phone
from tipnet.ingest.errors import RowError
from tipnet.vocab import VocabError, normalize_country, validate, validate_many

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f]")  # control characters but tab and newline
_TRUE = {"true", "yes", "y", "1", "t"}
# Parsed values by text: at national scale the same dates and codes come back millions of times
# (pure functions of the text; refusals are not cached, they raise again).
_partial_date = lru_cache(maxsize=1 << 16)(parse_partial_date)
_codes: dict[tuple[str, str], str] = {}
_documents: dict[str, str] = {}  # document numbers as compared, by their text (a traveller's, every crossing)
_FALSE = {"false", "no", "n", "0", "f"}


def vocab_reason(exc: VocabError) -> str:
    """A code-list refusal without the cell's value (it goes to the rejects file and the console,
    and may be personal data): the list and the expected form only."""
    said = f"{exc.value!r} is not a value of code list {exc.list_name!r}"
    hint = str(exc).removeprefix(said).removeprefix("; ")
    return f"not a value of code list {exc.list_name!r}" + (f"; {hint}" if hint else "")


class Row:
    """One source row as text, with validating accessors."""

    __slots__ = ("controls", "data")

    def __init__(self, data: dict[str, str]) -> None:
        self.data = {k: (v or "").strip() for k, v in data.items()}
        # One search of the whole row; fields are searched one by one only if it finds any.
        self.controls = _CONTROL.search("".join(self.data.values())) is not None

    def raw(self, field: str) -> str:
        return self.data.get(field, "")

    @overload
    def text(self, field: str, *, required: Literal[True], max_len: int = 600) -> str: ...
    @overload
    def text(self, field: str, *, required: bool = False, max_len: int = 600) -> str | None: ...
    def text(self, field: str, *, required: bool = False, max_len: int = 600) -> str | None:
        value = self.data.get(field, "")
        if not value:
            if required:
                raise RowError(field, "required value is missing")
            return None
        if len(value) > max_len:
            raise RowError(field, f"too long ({len(value)} characters, at most {max_len})")
        if self.controls and _CONTROL.search(value):
            raise RowError(field, "contains control characters")
        return value

    def partial_date(self, field: str, *, required: bool = False) -> PartialDate | None:
        value = self.text(field, required=required, max_len=40)
        if value is None:
            return None
        try:
            return _partial_date(value)
        except DateError:
            raise RowError(field, "not a date: expected YYYY, YYYY-MM, YYYY-MM-DD or DD/MM/YYYY") from None

    def date(self, field: str, *, required: bool = False) -> date | None:
        partial = self.partial_date(field, required=required)
        if partial is None:
            return None
        if partial.to_date() is None:
            raise RowError(field, "a full date (YYYY-MM-DD) is required here")
        return partial.to_date()

    def datetime(self, field: str, *, required: bool = False) -> datetime | None:
        value = self.text(field, required=required, max_len=40)
        if value is None:
            return None
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise RowError(field, "not an ISO 8601 date-time (YYYY-MM-DDTHH:MM[:SS])") from None
        return moment

    def code(self, field: str, code_list: str, *, required: bool = False) -> str | None:
        value = self.text(field, required=required, max_len=200)
        if value is None:
            return None
        found = _codes.get((code_list, value))
        if found is not None:
            return found
        try:
            found = validate(code_list, value)
        except VocabError as exc:
            raise RowError(field, vocab_reason(exc)) from None
        if len(_codes) < 1 << 16:
            _codes[(code_list, value)] = found
        return found

    def codes(self, field: str, code_list: str) -> list[str]:
        value = self.text(field, max_len=2000)
        if value is None:
            return []
        try:
            return list(dict.fromkeys(validate_many(code_list, value)))
        except VocabError as exc:
            raise RowError(field, vocab_reason(exc)) from None

    def country(self, field: str, *, required: bool = False) -> str | None:
        value = self.text(field, required=required, max_len=40)
        if value is None:
            return None
        try:
            return normalize_country(value)
        except VocabError as exc:
            raise RowError(field, vocab_reason(exc)) from None

    def countries(self, field: str) -> list[str]:
        value = self.text(field, max_len=200)
        if value is None:
            return []
        out: list[str] = []
        for item in value.split(";"):
            if item.strip():
                try:
                    out.append(normalize_country(item))
                except VocabError as exc:
                    raise RowError(field, vocab_reason(exc)) from None
        return list(dict.fromkeys(out))

    def phone(self, field: str, *, region: str | None = "KH") -> str | None:
        value = self.text(field, max_len=40)
        if value is None:
            return None
        try:
            return normalize_phone(value, region)
        except PhoneError:
            raise RowError(field, "not a valid phone number") from None

    def document_number(self, field: str, *, required: bool = False) -> str | None:
        """A travel or identity document number as compared everywhere: upper case, no separators."""
        value = self.text(field, required=required, max_len=64)
        if value is None:
            return None
        found = _documents.get(value)
        if found is not None:
            return found
        try:
            found = normalize_document_number(value).value
        except DocumentNumberError:
            raise RowError(field, "not a document number: letters and digits expected") from None
        if len(_documents) < 1 << 16:
            _documents[value] = found
        return found

    def decimal(self, field: str, *, required: bool = False) -> Decimal | None:
        value = self.text(field, required=required, max_len=40)
        if value is None:
            return None
        try:
            number = Decimal(value.replace(",", ""))
        except InvalidOperation:
            raise RowError(field, "not a number: digits expected, with an optional decimal point") from None
        if not number.is_finite():
            raise RowError(field, "not a number: a finite amount expected")
        return number

    def integer(self, field: str, *, minimum: int | None = None, maximum: int | None = None) -> int | None:
        value = self.text(field, max_len=20)
        if value is None:
            return None
        try:
            number = int(value)
        except ValueError:
            raise RowError(field, "not a whole number: digits expected") from None
        if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
            raise RowError(field, f"outside {minimum}..{maximum}")
        return number

    def boolean(self, field: str) -> bool | None:
        value = self.text(field, max_len=10)
        if value is None:
            return None
        if value.lower() in _TRUE:
            return True
        if value.lower() in _FALSE:
            return False
        raise RowError(field, "not true/false: expected yes/no, true/false or 1/0")
