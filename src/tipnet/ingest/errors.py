"""Row-level errors: which field, and why, without echoing personal data."""

from __future__ import annotations


class RowError(Exception):
    """A row that cannot be stored. `field` is the column at fault ('' for the whole row)."""

    def __init__(self, field: str, reason: str) -> None:
        self.field = field
        self.reason = reason
        super().__init__(f"{field}: {reason}" if field else reason)


class FileError(Exception):
    """A file that cannot be imported at all (unknown source type, missing required columns)."""
