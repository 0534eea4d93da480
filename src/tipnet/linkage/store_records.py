"""The store's persons and watchlist entries as linkage records.

Every person row (one per source record) and every watchlist entry becomes a `LinkRecord` with a uid
that names it without personal data (`person:123`, `watchlist:45`). Sealed persons (victims,
witnesses, hotline subjects) are unsealed here because linkage must compare them; the caller records
ONE audit event for the whole run (`audit_read`), not one per person, and nothing here logs values.
Rows are read in chunks of ids so that a big store never sits in memory as ORM objects.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from tipnet.linkage.records import LinkRecord
from tipnet.security import audit, fields
from tipnet.security.keys import Keyring, load_keyring
from tipnet.store.tables.people import Address, IdentityDocument, Person, PersonName, Phone
from tipnet.store.tables.security import PersonSecret
from tipnet.store.tables.sources import SourceRecord
from tipnet.store.tables.watchlists import Watchlist, WatchlistEntry

CHUNK = 2000
NO_SOURCE = "cases"  # persons entered through the case pages or API, not imported from a file


@dataclass(frozen=True)
class Member:
    """What a run writes back for one record: the row it came from and its dataset."""

    uid: str
    dataset: str
    person_id: int | None = None
    watchlist_entry_id: int | None = None


@dataclass
class Extraction:
    """Counts and the uid → row map of one extraction (no personal values)."""

    members: dict[str, Member] = field(default_factory=dict)
    persons: int = 0
    sealed: int = 0
    watchlist_entries: int = 0


def person_uid(person_id: int) -> str:
    return f"person:{person_id}"


def watchlist_uid(entry_id: int) -> str:
    return f"watchlist:{entry_id}"


def _t(*values: Any) -> tuple[str, ...]:
    return tuple(dict.fromkeys(str(v).strip() for v in values if v and str(v).strip()))


def _sealed_record(uid: str, dataset: str, row: Any, payload: dict[str, Any]) -> LinkRecord:
    split = " ".join(p for p in (payload.get("prs_FirstName"), payload.get("prs_SecondName")) if p)
    docs = [d.get("document_number") for d in payload.get("documents", []) if isinstance(d, dict)]
    addrs = [a.get("text") for a in payload.get("addresses", []) if isinstance(a, dict)]
    return LinkRecord(
        uid,
        dataset,
        _t(payload.get("full_name"), split, payload.get("name_native"), *payload.get("aliases", [])),
        payload.get("prs_Birthdate") or None,
        row.prs_Gender,
        _t(*(row.prs_Citizenship or [])),
        _t(*docs, payload.get("prs_IdentityNumber")),
        _t(*payload.get("phones", [])),
        _t(*addrs),
    )


def _persons(
    session: Session, ring: Keyring | None, out: Extraction, chunk: int, only: Select[Any] | None = None
) -> Iterator[LinkRecord]:
    last = 0
    while True:
        stmt = (
            select(
                Person.id,
                Person.prs_FirstName,
                Person.prs_SecondName,
                Person.full_name,
                Person.name_native,
                Person.prs_Birthdate,
                Person.prs_Gender,
                Person.prs_Citizenship,
                Person.prs_IdentityNumber,
                SourceRecord.source_type,
            )
            .outerjoin(SourceRecord, SourceRecord.id == Person.source_record_id)
            .where(Person.id > last)
            .order_by(Person.id)
            .limit(chunk)
        )
        if only is not None:
            stmt = stmt.where(Person.id.in_(only))
        rows = session.execute(stmt).all()
        if not rows:
            return
        ids = [r.id for r in rows]
        last = ids[-1]
        related: dict[str, dict[int, list[str]]] = {}
        for name, col, pid in (
            ("names", PersonName.name, PersonName.person_id),
            ("documents", IdentityDocument.document_number, IdentityDocument.person_id),
            ("phones", Phone.number, Phone.person_id),
            ("addresses", Address.text, Address.person_id),
        ):
            got: dict[int, list[str]] = defaultdict(list)
            for person_id, value in session.execute(select(pid, col).where(pid.in_(ids)).order_by(pid, col)):
                got[person_id].append(value)
            related[name] = got
        secrets = session.execute(
            select(
                PersonSecret.person_id, PersonSecret.key_version, PersonSecret.nonce, PersonSecret.ciphertext
            ).where(PersonSecret.person_id.in_(ids))
        ).all()
        payloads: dict[int, dict[str, Any]] = {}
        if secrets:
            ring = ring or load_keyring()
            for person_id, version, nonce, ct in secrets:
                payloads[person_id] = fields.unseal(ring, person_id, version, nonce, ct)
        for r in rows:
            uid, dataset = person_uid(r.id), r.source_type or NO_SOURCE
            out.members[uid] = Member(uid, dataset, person_id=r.id)
            out.persons += 1
            if r.id in payloads:
                out.sealed += 1
                yield _sealed_record(uid, dataset, r, payloads[r.id])
                continue
            split = " ".join(p for p in (r.prs_FirstName, r.prs_SecondName) if p)
            yield LinkRecord(
                uid,
                dataset,
                _t(r.full_name, *related["names"].get(r.id, []), split, r.name_native),
                r.prs_Birthdate or None,
                r.prs_Gender,
                _t(*(r.prs_Citizenship or [])),
                _t(*related["documents"].get(r.id, []), r.prs_IdentityNumber),
                _t(*related["phones"].get(r.id, [])),
                _t(*related["addresses"].get(r.id, [])),
            )


def _watchlists(session: Session, out: Extraction, chunk: int) -> Iterator[LinkRecord]:
    last = 0
    while True:
        rows = session.execute(
            select(
                WatchlistEntry.id,
                WatchlistEntry.name,
                WatchlistEntry.aliases,
                WatchlistEntry.birth_date,
                WatchlistEntry.gender,
                WatchlistEntry.nationality,
                WatchlistEntry.document_number,
                Watchlist.name.label("list_name"),
            )
            .join(Watchlist, Watchlist.id == WatchlistEntry.watchlist_id)
            .where(WatchlistEntry.id > last)
            .order_by(WatchlistEntry.id)
            .limit(chunk)
        ).all()
        if not rows:
            return
        last = rows[-1].id
        for e in rows:
            uid, dataset = watchlist_uid(e.id), f"watchlist:{e.list_name}"
            out.members[uid] = Member(uid, dataset, watchlist_entry_id=e.id)
            out.watchlist_entries += 1
            yield LinkRecord(
                uid,
                dataset,
                _t(e.name, *(e.aliases or [])),
                e.birth_date or None,
                e.gender,
                _t(e.nationality),
                _t(e.document_number),
            )


def store_records(
    session: Session,
    out: Extraction | None = None,
    *,
    ring: Keyring | None = None,
    chunk: int = CHUNK,
    watchlists: bool = True,
    persons: Select[Any] | None = None,
) -> Iterator[LinkRecord]:
    """Every person of the store, then every watchlist entry, as linkage records. `out` collects the
    uid → row map and the counts (how many sealed persons were opened, for the run's audit event).
    `persons`, a select of person ids, keeps only those persons (PPRL encodes victims or suspects)."""
    out = out if out is not None else Extraction()
    yield from _persons(session, ring, out, chunk, persons)
    if watchlists:
        yield from _watchlists(session, out, chunk)


def audit_read(
    session: Session, actor: str, run_id: int | None, extraction: Extraction, reason: str | None
) -> None:
    """The one audit event of a run's reading of sealed persons (counts only, never values)."""
    audit.record(
        session,
        actor,
        "view",
        "link_run",
        run_id,
        reason=reason or "record linkage",
        details={
            "purpose": "linkage",
            "sealed_persons": extraction.sealed,
            "persons": extraction.persons,
            "watchlist_entries": extraction.watchlist_entries,
        },
    )
