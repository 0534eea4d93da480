"""What parsing an MRZ gives: the holder's and document's data as read, and findings about it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

ERROR, WARNING, INFO = "error", "warning", "info"


@dataclass(slots=True)
class Finding:
    """One observation about an MRZ: a stable `code`, the `field` it concerns, a severity, a message."""

    code: str
    field: str
    severity: str  # 'error' | 'warning' | 'info'
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "field": self.field, "severity": self.severity, "message": self.message}


@dataclass(slots=True)
class MrzResult:
    """A parsed MRZ: the holder's and document's data as read, plus what was found wrong or notable."""

    valid: bool
    format: str | None
    document_type: str | None = None
    document_number: str | None = None
    issuing_state: str | None = None
    nationality: str | None = None
    surname: str | None = None
    given_names: str | None = None
    birth_date: date | None = None
    expiry_date: date | None = None
    sex: str | None = None
    optional_data: str | None = None
    optional_data_2: str | None = None
    names_truncated: bool = False
    findings: list[Finding] = field(default_factory=list)
    repaired: tuple[str, ...] | None = None
    lines: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of `tipnet mrz --json` and the API: dates as ISO 8601 strings."""
        return {
            "valid": self.valid,
            "format": self.format,
            "document_type": self.document_type,
            "document_number": self.document_number,
            "issuing_state": self.issuing_state,
            "nationality": self.nationality,
            "surname": self.surname,
            "given_names": self.given_names,
            "birth_date": self.birth_date.isoformat() if self.birth_date else None,
            "expiry_date": self.expiry_date.isoformat() if self.expiry_date else None,
            "sex": self.sex,
            "optional_data": self.optional_data,
            "optional_data_2": self.optional_data_2,
            "names_truncated": self.names_truncated,
            "findings": [f.to_dict() for f in self.findings],
            "repaired": list(self.repaired) if self.repaired is not None else None,
            "lines": list(self.lines),
        }

    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    def codes(self) -> list[str]:
        return [f.code for f in self.findings]
