"""The border flow: a passport's MRZ is read and validated, and its holder screened, in one call.

An MRZ that fails its checks is still screened when a name can be read from it: a forged or damaged
document must not hide its holder from the lists; the officer sees both the document findings and
the hits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from tipnet.identity.dates import PartialDate
from tipnet.identity.mrz.parse import parse_mrz
from tipnet.identity.mrz.results import MrzResult
from tipnet.matching.record import PersonRecord, RecordError
from tipnet.screening.screen import Result, Screener
from tipnet.vocab.codelists import VocabError, normalize_country


@dataclass(frozen=True)
class BorderCheck:
    document: MrzResult
    record: PersonRecord | None
    result: Result | None
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "document": self.document.to_dict(),
            "screened": self.result is not None,
            "error": self.error,
            "hits": [h.to_dict() for h in self.result.hits] if self.result else [],
            "review": [h.to_dict() for h in self.result.review] if self.result else [],
            "lists": {li.name: li.version for li in self.result.lists} if self.result else {},
        }


def holder_record(mrz: MrzResult) -> PersonRecord:
    """The holder as a screening query; RecordError when the MRZ gives no name."""
    name = " ".join(x for x in (mrz.given_names, mrz.surname) if x).strip()
    if not name:
        raise RecordError("mrz", "no holder name could be read from the MRZ")
    nationality: tuple[str, ...] = ()
    if mrz.nationality:
        try:
            nationality = (normalize_country(mrz.nationality.replace("<", "")),)
        except VocabError:
            nationality = ()
    birth = None
    if mrz.birth_date is not None:
        birth = PartialDate(mrz.birth_date.year, mrz.birth_date.month, mrz.birth_date.day)
    return PersonRecord(
        names=(name,),
        birth_date=birth,
        nationalities=nationality,
        gender=mrz.sex if mrz.sex in ("F", "M") else None,
        documents=(mrz.document_number,) if mrz.document_number else (),
    )


def check_mrz(
    screener: Screener,
    mrz_text: str | list[str],
    *,
    today: date | None = None,
    threshold: float | None = None,
) -> BorderCheck:
    document = parse_mrz(mrz_text, today=today)
    try:
        record = holder_record(document)
        result = screener.screen(record, threshold=threshold)
    except RecordError as exc:
        return BorderCheck(document, None, None, str(exc))
    return BorderCheck(document, record, result)
