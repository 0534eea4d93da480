"""Named, versioned watchlists in the store, updated in place from a full list file.

Two file formats: CSV/JSON lines with the WATCHLIST columns (tipnet.sources), and
FollowTheMoney entity files (JSON lines, as OpenSanctions publishes them: `Person` entities;
other schemata are skipped and counted).

A load compares the file with the stored list: entries are added, changed or removed, and the
list's version goes up by one when anything changed. Entries whose rows were rejected are
kept as they were (a bad row must not silently delete a trafficker from the list); when a row
was too broken even to give its id, no entry is removed at all and the report says so.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import NotRequired, TypedDict

from followthemoney import model
from followthemoney.exc import InvalidData
from followthemoney.types import registry
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from tipnet.ingest.errors import FileError, RowError
from tipnet.ingest.fields import Row
from tipnet.ingest.pipeline import IngestReport, RejectsWriter, progress_bar, row_hash
from tipnet.ingest.readers import open_rows
from tipnet.sources import WATCHLIST
from tipnet.store.tables.watchlists import Watchlist, WatchlistEntry

_GENDERS = {
    "f": "Feminine",
    "female": "Feminine",
    "feminine": "Feminine",
    "m": "Masculine",
    "male": "Masculine",
    "masculine": "Masculine",
    "other": "NonConforming",
    "x": "NonSpecifiedUnknown",
    "unknown": "NonSpecifiedUnknown",
}


@dataclass
class WatchlistUpdate(IngestReport):
    list_name: str = ""
    version: int = 0
    removed: int = 0
    removals_skipped: bool = False
    skipped: int = 0  # FollowTheMoney entities that are not persons


class EntryValues(TypedDict):
    """A list entry's stored columns, as read from one row (the keyword arguments of WatchlistEntry)."""

    name: str
    aliases: list[str]
    birth_date: str | None
    nationality: str | None
    gender: str | None
    document_number: str | None
    topics: list[str]
    # Present only where an entry has several (FollowTheMoney): every one, the first above too.
    nationalities: NotRequired[list[str]]
    documents: NotRequired[list[str]]


def entry_values(row: Row) -> EntryValues:
    """A list row's values as stored and screened (screening.entries reads list files through it too)."""
    gender_raw = row.text("gender", max_len=40)
    gender = None
    if gender_raw:
        gender = _GENDERS.get(gender_raw.lower())
        if gender is None:
            gender = row.code("gender", "prs_Gender")
    aliases = [a.strip() for a in (row.text("aliases", max_len=5000) or "").split(";") if a.strip()]
    birth = row.partial_date("birth_date")
    nationality = row.country("nationality")
    document = row.document_number("document_number")
    # Every nationality and document of a FollowTheMoney entity (columns `nationalities` and
    # `documents`, ";"-separated, which ftm_row fills); `nationality`/`document_number` keep the first.
    nationalities = list(
        dict.fromkeys([*([nationality] if nationality else []), *row.countries("nationalities")])
    )
    documents = [document] if document else []
    for part in (row.text("documents", max_len=2000) or "").split(";"):
        if part.strip():
            doc = Row({"documents": part.strip()}).document_number("documents")
            if doc and doc not in documents:
                documents.append(doc)
    values: EntryValues = {
        "name": row.text("name", required=True),
        "aliases": aliases,
        "birth_date": birth.iso() if birth else None,
        "nationality": nationalities[0] if nationalities else None,
        "gender": gender,
        "document_number": documents[0] if documents else None,
        "topics": _topics(row.text("topics", max_len=2000)),
    }
    if len(nationalities) > 1 or len(documents) > 1:  # else absent: the content hash stays as it was
        values["nationalities"] = nationalities
        values["documents"] = documents
    return values


def _topics(text: str | None) -> list[str]:
    """FollowTheMoney topics (crime.traffick.human, sanction, wanted, poi, ...), validated by FtM."""
    topics = []
    for item in (text or "").split(";"):
        if item.strip():
            topic = registry.topic.clean(item.strip())
            if topic is None:
                raise RowError("topics", f"unknown FollowTheMoney topic {item.strip()!r}")
            topics.append(topic)
    return list(dict.fromkeys(topics))


def is_ftm(data: dict[str, str]) -> bool:
    """Whether a JSON line is a FollowTheMoney entity rather than a flat list row."""
    return "schema" in data and "properties" in data


def ftm_row(data: dict[str, str]) -> dict[str, str] | None:
    """A FollowTheMoney Person entity as WATCHLIST columns; None for other schemata."""
    try:
        entity = model.get_proxy(
            {"id": data.get("id"), "schema": data.get("schema"), "properties": json.loads(data["properties"])}
        )
    except (InvalidData, ValueError, TypeError) as exc:
        raise RowError("schema", f"not a FollowTheMoney entity: {exc}") from None
    if not entity.schema.is_a("Person"):
        return None
    names = entity.get("name")
    if not names:
        raise RowError("name", "a Person entity without a name")
    documents = entity.get("passportNumber") + entity.get("idNumber")
    births = sorted(entity.get("birthDate"))
    return {
        "id": entity.id or "",
        "name": names[0],
        "aliases": ";".join(names[1:] + entity.get("alias") + entity.get("weakAlias")),
        "birth_date": births[0] if births else "",
        "nationality": "",
        "nationalities": ";".join(dict.fromkeys(entity.get("nationality") + entity.get("citizenship"))),
        "gender": (entity.get("gender") or [""])[0],
        "document_number": "",
        "documents": ";".join(dict.fromkeys(documents)),
        "topics": ";".join(entity.get("topics")),
    }


def load_watchlist(
    engine: Engine, list_name: str, path: Path, *, rejects_path: Path, progress: bool = False
) -> WatchlistUpdate:
    """Bring the stored list `list_name` in line with the file (CSV or JSON lines, WATCHLIST columns)."""
    if not list_name.strip() or len(list_name) > 100:
        raise FileError("a watchlist needs a name of 1 to 100 characters")
    path = Path(path)
    report = WatchlistUpdate("watchlist", path, list_name=list_name)
    header, rows = open_rows(path)
    if header is not None:
        missing = [c for c in WATCHLIST.required if c not in header]
        if missing:
            raise FileError(f"{path.name}: missing required column(s) {', '.join(missing)} for a watchlist")
    rejects = RejectsWriter(rejects_path, report)
    with Session(engine) as session, session.begin():
        wl = session.scalar(select(Watchlist).where(Watchlist.name == list_name))
        if wl is None:
            wl = Watchlist(name=list_name, version=0)
            session.add(wl)
            session.flush()
        stored = {
            e.entry_id: e
            for e in session.scalars(select(WatchlistEntry).where(WatchlistEntry.watchlist_id == wl.id))
        }
        next_version = wl.version + 1
        seen: dict[str, int] = {}
        try:
            with progress_bar(f"watchlist {list_name}", path, progress) as advance:
                for raw in rows:
                    advance()
                    report.total += 1
                    if raw.error is not None or raw.data is None:
                        report.removals_skipped = True
                        rejects.add(raw, raw.error or RowError("", "unreadable row"))
                        continue
                    if is_ftm(raw.data):
                        try:
                            converted = ftm_row(raw.data)
                        except RowError as err:
                            rejects.add(raw, err, "", (raw.data.get("id") or "").strip())
                            if not (raw.data.get("id") or "").strip():
                                report.removals_skipped = True
                            else:
                                seen.setdefault(raw.data["id"].strip(), raw.number)
                            continue
                        if converted is None:
                            report.skipped += 1
                            continue
                        raw.data = converted
                    entry_id = (raw.data.get("id") or "").strip()
                    if not entry_id:
                        report.removals_skipped = True
                        rejects.add(raw, RowError("id", "required value is missing"))
                        continue
                    if entry_id in seen:
                        rejects.add(
                            raw,
                            RowError("id", f"duplicate of row {seen[entry_id]} in this file"),
                            "",
                            entry_id,
                        )
                        continue
                    seen[entry_id] = raw.number
                    try:
                        values = entry_values(Row(raw.data))
                    except RowError as err:  # the stored entry stays as it was
                        rejects.add(raw, err, "", entry_id)
                        continue
                    digest = row_hash({k: str(v) for k, v in values.items()})
                    entry = stored.get(entry_id)
                    if entry is None:
                        session.add(
                            WatchlistEntry(
                                watchlist_id=wl.id,
                                entry_id=entry_id,
                                content_hash=digest,
                                added_in_version=next_version,
                                changed_in_version=next_version,
                                **values,
                            )
                        )
                        report.new += 1
                    elif entry.content_hash != digest:
                        for key, value in values.items():
                            setattr(entry, key, value)
                        entry.content_hash = digest
                        entry.changed_in_version = next_version
                        report.updated += 1
                    else:
                        report.unchanged += 1
        finally:
            rejects.close()
        if not report.removals_skipped:
            for entry_id, entry in stored.items():
                if entry_id not in seen:
                    session.delete(entry)
                    report.removed += 1
        if report.new or report.updated or report.removed:
            wl.version = next_version
            wl.updated_at = datetime.now()
        report.version = wl.version
    return report
