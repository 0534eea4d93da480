"""Where the screening index's entries come from: watchlist files (CSV, JSON lines or FollowTheMoney),
the lists kept in the store, and the suspects of the store's cases, each as a named list at a version.

Kept apart from the index (tipnet.screening.index), which only prepares and searches the entries it is
given: a new kind of list is a new function here, and the index never reads a file or the store.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import Engine, or_, select
from sqlalchemy.orm import Session

from tipnet.ingest.errors import RowError
from tipnet.ingest.fields import Row
from tipnet.ingest.readers import open_rows
from tipnet.ingest.watchlists import entry_values, ftm_row, is_ftm
from tipnet.matching.record import RecordError, make_record
from tipnet.screening.index import ListEntry, ListInfo, ScreeningIndex
from tipnet.store.tables.cases import Case, CasePerson, Referral
from tipnet.store.tables.people import Person
from tipnet.store.tables.watchlists import Watchlist, WatchlistEntry


def entries_from_file(path: Path) -> tuple[list[ListEntry], list[str]]:
    """Entries of a watchlist file (CSV/JSON lines with the watchlist columns, or FollowTheMoney),
    and the problems of rows that were left out (row number and reason, never content)."""
    header, rows = open_rows(Path(path))
    if header is not None and ("id" not in header or "name" not in header):
        raise RowError("header", f"{Path(path).name}: a watchlist needs the columns id and name")
    entries: list[ListEntry] = []
    problems: list[str] = []
    for raw in rows:
        if raw.error is not None or raw.data is None:
            problems.append(f"row {raw.number}: {raw.error or 'unreadable'}")
            continue
        data = raw.data
        try:
            if is_ftm(data):
                converted = ftm_row(data)
                if converted is None:
                    continue
                data = converted
            entry_id = (data.get("id") or "").strip()
            if not entry_id:
                raise RowError("id", "required value is missing")
            values = entry_values(Row(data))
            record = make_record(
                [str(values["name"]), *values["aliases"]],
                birth_date=values["birth_date"],
                nationality=values.get("nationalities") or values["nationality"],
                gender=gender_code(values["gender"]),
                document_number=values.get("documents") or values["document_number"],
            )
        except (RowError, RecordError) as err:
            problems.append(f"row {raw.number}: {err}")
            continue
        entries.append(ListEntry(entry_id, record, tuple(values["topics"])))
    return entries, problems


def file_version(path: Path) -> str:
    """A file list's version: the first 12 hex digits of its SHA-256."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()[:12]


def gender_code(htcds: str | None) -> str | None:
    return {"Feminine": "F", "Masculine": "M"}.get(htcds or "")


def entries_from_store(
    engine: Engine, names: Iterable[str] | None = None
) -> list[tuple[ListInfo, list[ListEntry]]]:
    """The stored watchlists (all, or those named) at their current versions."""
    wanted = set(names) if names is not None else None
    out: list[tuple[ListInfo, list[ListEntry]]] = []
    with Session(engine) as session:
        for wl in session.scalars(select(Watchlist).order_by(Watchlist.name)):
            if wanted is not None and wl.name not in wanted:
                continue
            entries = []
            for e in session.scalars(select(WatchlistEntry).where(WatchlistEntry.watchlist_id == wl.id)):
                try:
                    record = make_record(
                        [e.name, *(e.aliases or [])],
                        birth_date=e.birth_date,
                        nationality=e.nationalities or e.nationality,
                        gender=gender_code(e.gender),
                        document_number=e.documents or e.document_number,
                    )
                except RecordError:
                    continue
                entries.append(ListEntry(e.entry_id, record, tuple(e.topics or [])))
            out.append((ListInfo(wl.name, str(wl.version)), entries))
        if wanted is not None:
            missing = wanted - {info.name for info, _ in out}
            if missing:
                raise KeyError(f"no stored watchlist named {', '.join(sorted(missing))}")
    return out


SUSPECTS_LIST = "case-suspects"


def entries_from_suspects(engine: Engine) -> tuple[ListInfo, list[ListEntry]]:
    """The suspects of cases in the store as a list ("case-suspects"): every name a record gives them,
    their birth date, citizenship, gender and documents. Victims and witnesses are never listed.
    The version is a digest of the suspects' record ids and contents, so it changes when a suspect is
    added, changed or removed."""
    entries: list[ListEntry] = []
    with Session(engine) as session:
        persons = session.scalars(
            select(Person)
            .where(Person.id.in_(select(CasePerson.person_id).where(CasePerson.role == "Suspect")))
            .order_by(Person.id)
        )
        for p in persons:
            names = [n for n in (p.full_name, p.name_native) if n]
            names += [n.name for n in p.names if n.name not in names]
            if not names:
                first = " ".join(x for x in (p.prs_FirstName, p.prs_MiddleName, p.prs_SecondName) if x)
                names = [first] if first else []
            docs = [d.document_number for d in p.documents] + (
                [p.prs_IdentityNumber] if p.prs_IdentityNumber else []
            )
            try:
                record = make_record(
                    names,
                    birth_date=p.prs_Birthdate,
                    nationality=list(p.prs_Citizenship or []),
                    gender=gender_code(p.prs_Gender),
                    document_number=docs,
                )
            except RecordError:
                continue  # a suspect known without a usable name cannot be screened for
            entries.append(ListEntry(f"person-{p.id}", record, ("crime.traffick",)))
    digest = hashlib.sha256(
        ",".join(f"{e.entry_id}:{entry_fingerprint(e)}" for e in entries).encode()
    ).hexdigest()[:12]
    return ListInfo(SUSPECTS_LIST, digest), entries


def entry_fingerprint(entry: ListEntry) -> str:
    """A digest of what screening reads of an entry: tells a changed suspect from an unchanged one
    without preparing either (the suspects list has no store version to go by)."""
    r = entry.record
    birth = r.birth_date.iso() if r.birth_date is not None else ""
    parts = [*r.names, "", birth, ";".join(r.nationalities), r.gender or "", *r.documents, "", *entry.topics]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]


def build_from_files(paths: Iterable[Path], *, workers: int = 1) -> tuple[ScreeningIndex, list[str]]:
    """An index over list files, each list named after its file; problems of left-out rows."""
    sources = []
    problems: list[str] = []
    for p in paths:
        p = Path(p)
        entries, probs = entries_from_file(p)
        problems.extend(f"{p.name}: {x}" for x in probs)
        sources.append((ListInfo(p.stem, file_version(p)), entries))
    return ScreeningIndex.build(sources, workers=workers), problems


# Referral states under which the receiving organisation sees a case (as the case service's scope).
_VISIBLE_REFERRAL = ("pending", "accepted", "done")


def visible_suspects(engine: Engine, org_id: int, entry_ids: Iterable[str]) -> set[str]:
    """Those of the case-suspects entries `entry_ids` ("person-<id>") that are suspects of a case
    organisation `org_id` may see (its own cases, and cases referred to it)."""
    ids = {int(e.removeprefix("person-")) for e in entry_ids if e.startswith("person-") and e[7:].isdigit()}
    if not ids:
        return set()
    referred = select(Referral.case_id).where(
        Referral.to_org_id == org_id, Referral.status.in_(_VISIBLE_REFERRAL)
    )
    with Session(engine) as session:
        found = session.scalars(
            select(CasePerson.person_id)
            .join(Case, Case.id == CasePerson.case_id)
            .where(
                CasePerson.person_id.in_(ids),
                CasePerson.role == "Suspect",
                or_(Case.org_id == org_id, Case.id.in_(referred)),
            )
        ).all()
    return {f"person-{p}" for p in found}
