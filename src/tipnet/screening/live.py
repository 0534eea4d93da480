"""A screening index that follows list updates without being rebuilt from nothing.

The base index (a million entries, minutes to prepare) stays as it is; entries added or changed since
go into a small delta index, rebuilt on each update because it stays small, and entries changed or
removed are masked in the base. `update_from_store` reads only what changed in the stored lists since
the index's versions (WatchlistEntry.changed_in_version), plus the ids, to see removals; the case
suspects, which have no stored version, are compared by a fingerprint of each suspect. Rebuild the
base (and save it) now and then, e.g. nightly, when the delta has grown.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from tipnet.matching.record import PreparedRecord, RecordError, make_record
from tipnet.screening.entries import (
    SUSPECTS_LIST,
    entries_from_store,
    entries_from_suspects,
    entry_fingerprint,
    gender_code,
)
from tipnet.screening.index import EntryDetails, ListEntry, ListInfo, ScreeningIndex
from tipnet.store.tables.watchlists import Watchlist, WatchlistEntry


class LiveIndex:
    """A base ScreeningIndex plus the updates since it was built; the Screener reads either."""

    def __init__(self, base: ScreeningIndex) -> None:
        self.base = base
        self.masked = np.zeros(len(base), dtype=bool)
        self.delta = ScreeningIndex()
        self._delta_entries: dict[tuple[str, str], ListEntry] = {}
        self._versions: dict[str, str] = {li.name: li.version for li in base.lists}
        self._where: dict[tuple[str, str], int] | None = None
        # Per list without store versions (the case suspects): entry id → fingerprint of its content.
        self.fingerprints: dict[str, dict[str, str]] = {}

    @property
    def lists(self) -> list[ListInfo]:
        return [ListInfo(name, version) for name, version in self._versions.items()]

    def __len__(self) -> int:
        return int(len(self.base) - self.masked.sum()) + len(self.delta)

    def _base_positions(self) -> dict[tuple[str, str], int]:
        if self._where is None:
            names = [li.name for li in self.base.lists]
            self._where = {
                (names[int(n)], eid): i
                for i, (n, eid) in enumerate(zip(self.base.entry_list, self.base.entry_ids, strict=True))
            }
        return self._where

    def entry_ids(self, list_name: str) -> set[str]:
        """Ids of the list's live entries."""
        ids = {
            eid for (ln, eid), i in self._base_positions().items() if ln == list_name and not self.masked[i]
        }
        return ids | {eid for (ln, eid) in self._delta_entries if ln == list_name}

    def update(self, info: ListInfo, upserts: Iterable[ListEntry], removed: Iterable[str]) -> None:
        """Apply one list's changes: entries added or changed, and the ids of entries removed."""
        where = self._base_positions()
        for entry_id in removed:
            self._drop(info.name, entry_id, where)
        for entry in upserts:
            self._drop(info.name, entry.entry_id, where)
            self._delta_entries[(info.name, entry.entry_id)] = entry
        self._versions[info.name] = info.version
        by_list: dict[str, list[ListEntry]] = {}
        for (ln, _eid), entry in self._delta_entries.items():
            by_list.setdefault(ln, []).append(entry)
        self.delta = ScreeningIndex.build(
            [(ListInfo(ln, self._versions[ln]), es) for ln, es in by_list.items()]
        )

    def _drop(self, list_name: str, entry_id: str, where: dict[tuple[str, str], int]) -> None:
        i = where.get((list_name, entry_id))
        if i is not None:
            self.masked[i] = True
        self._delta_entries.pop((list_name, entry_id), None)

    # -- what the Screener reads ----------------------------------------------------------------

    def candidates(self, query: PreparedRecord, limit: int = 20) -> list[tuple[int, float]]:
        n = len(self.base)
        found = [(i, w) for i, w in self.base.candidates(query, limit + 8) if not self.masked[i]]
        found += [(n + i, w) for i, w in self.delta.candidates(query, limit)]
        found.sort(key=lambda candidate: -candidate[1])
        return found[:limit]

    def entry(self, i: int, *, names: bool = True) -> PreparedRecord:
        n = len(self.base)
        return self.base.entry(i, names=names) if i < n else self.delta.entry(i - n, names=names)

    def details(self, ids: list[int]) -> list[EntryDetails]:
        n = len(self.base)
        base = iter(self.base.details([i for i in ids if i < n]))
        delta = iter(self.delta.details([i - n for i in ids if i >= n]))
        return [next(base) if i < n else next(delta) for i in ids]

    def token_frequency(self, word: str) -> float:
        """The base index's word frequency (the delta is small; a rebuild refreshes the counts)."""
        return self.base.token_frequency(word) if len(self.base) else self.delta.token_frequency(word)

    def describe(self, i: int) -> tuple[str, str, str, tuple[str, ...]]:
        n = len(self.base)
        return self.base.describe(i) if i < n else self.delta.describe(i - n)


def update_from_store(engine: Engine, live: LiveIndex) -> dict[str, tuple[int, int]]:
    """Bring the live index in line with the stored lists; per changed list (upserts, removals)."""
    done: dict[str, tuple[int, int]] = {}
    known = dict((li.name, li.version) for li in live.lists)
    with Session(engine) as session:
        for wl in session.scalars(select(Watchlist).order_by(Watchlist.name)):
            old = known.get(wl.name)
            if old == str(wl.version):
                continue
            since = int(old) if old is not None and old.isdigit() else 0
            query = select(WatchlistEntry).where(WatchlistEntry.watchlist_id == wl.id)
            current = set(session.scalars(query.with_only_columns(WatchlistEntry.entry_id)))
            upserts = []
            for e in session.scalars(query.where(WatchlistEntry.changed_in_version > since)):
                try:
                    record = make_record(
                        [e.name, *(e.aliases or [])],
                        birth_date=e.birth_date,
                        nationality=e.nationality,
                        gender=gender_code(e.gender),
                        document_number=e.document_number,
                    )
                except RecordError:
                    continue
                upserts.append(ListEntry(e.entry_id, record, tuple(e.topics or [])))
            removed = live.entry_ids(wl.name) - current if old is not None else set()
            live.update(ListInfo(wl.name, str(wl.version)), upserts, removed)
            done[wl.name] = (len(upserts), len(removed))
    if SUSPECTS_LIST in known:
        changed = update_suspects(engine, live)
        if changed is not None:
            done[SUSPECTS_LIST] = changed
    return done


def update_suspects(engine: Engine, live: LiveIndex) -> tuple[int, int] | None:
    """Bring the case suspects in line with the cases (a new list version): suspects added or whose
    names, birth date, citizenship, gender or documents changed are upserted, those no longer
    suspects removed. None when nothing changed. Only the changed suspects are prepared again once
    their fingerprints are known (after live_from_store, or after a first update)."""
    info, entries = entries_from_suspects(engine)
    if dict((li.name, li.version) for li in live.lists).get(SUSPECTS_LIST) == info.version:
        return None
    before = live.fingerprints.get(SUSPECTS_LIST)
    now = {e.entry_id: entry_fingerprint(e) for e in entries}
    upserts = [e for e in entries if before is None or before.get(e.entry_id) != now[e.entry_id]]
    removed = live.entry_ids(SUSPECTS_LIST) - now.keys()
    live.update(info, upserts, removed)
    live.fingerprints[SUSPECTS_LIST] = now
    return len(upserts), len(removed)


def live_from_store(engine: Engine, *, suspects: bool = True, workers: int = 1) -> LiveIndex:
    """A live index over every stored watchlist (and the case suspects), ready for update_from_store."""
    sources = entries_from_store(engine)
    if suspects:
        sources.append(entries_from_suspects(engine))
    live = LiveIndex(ScreeningIndex.build(sources, workers=workers))
    if suspects:
        live.fingerprints[SUSPECTS_LIST] = {e.entry_id: entry_fingerprint(e) for e in sources[-1][1]}
    return live
