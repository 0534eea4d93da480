"""Preparing a chunk away from the database: validate, hash and map its rows to plain records.

This is most of an import's CPU time (field checks, MRZ check digits, building records, the row
hash) and needs nothing from the store but the organisations' ids, so it can run in worker
processes while the importer writes the previous chunks, in order, in its own transactions.
Workers send back what the importer needs, as plain data: per row either why it is refused, or
its key, hash and records (`pack`), which the importer turns back into records (`unpack`),
decides new / updated / unchanged against what is stored at that moment, and writes as the
serial path does. Source types whose rows share state across a chunk (the cases of police and
NGO rows) are prepared by the importer itself.
"""

from __future__ import annotations

import gc
import hashlib
import re
from collections.abc import Callable, Collection
from datetime import datetime
from json.encoder import encode_basestring as _json_str  # what json.dumps uses
from operator import itemgetter
from typing import Any

from sqlalchemy import Dialect
from sqlalchemy.engine import make_url

from tipnet.ingest.errors import RowError
from tipnet.ingest.fields import Row
from tipnet.ingest.mappers import MAPPERS, MapContext, crossings
from tipnet.ingest.mappers.common import OrgDirectory
from tipnet.store.base import Base
from tipnet.store.bulk import Rec, layout, prepared_rows, table_of
from tipnet.store.tables.sources import SourceRecord

# Source types whose rows need nothing but their own fields and the organisations' ids.
PARALLEL_SOURCES = frozenset({"crossings", "bank", "transactions", "adverts", "hotline"})

# One record, as plain data: table name, values, refs (column -> index in the row's records),
# kids (indexes), skip.
Packed = tuple[str, dict[str, Any], dict[str, int], list[int], bool]
# A prepared row: ("refused", field, reason), ("known", ...: as "mapped", stored already, no records) or
# ("mapped", org id, record id, hash, records (the source record first), indexes to seal,
#  (index, text) to seal, [(field, record id)] of free text naming a person).
Prepared = tuple[Any, ...]
# A prepared chunk: per row its Prepared (records None: its rows are in the second part), and the
# rows to insert per table (tipnet.store.bulk.prepared_rows).
PreparedChunk = tuple[list[Prepared], dict[str, tuple[list[int], list[tuple[Any, ...]]]]]


def row_hash(data: dict[str, str], *, stripped: bool = False) -> str:
    """SHA-256 of the row's canonical JSON: `json.dumps(sorted((k, v.strip()) ...), ensure_ascii=False)`,
    built by hand (the same text, a quarter of the time): stores hashed by earlier versions re-import
    as unchanged. The keys' part of the text is made once per set of columns (a file's header).

    `stripped`: the values are text already stripped (a Row's): the text is the header's template
    filled with the values, as they are when none holds a character JSON escapes (a quote, a
    backslash, a control character: one search of them all), else escaped in one call."""
    plan = _PLANS.get(tuple(data))
    if plan is None:
        keys = sorted(data)
        template = "[" + ", ".join(f'[{_json_str(k).replace("%", "%%")}, "%s"]' for k in keys) + "]"
        plan = _PLANS[tuple(data)] = ([(k, f"[{_json_str(k)}, ") for k in keys], template, _getter(keys))
    items, template, values_of = plan
    if stripped:
        values = values_of(data)
        joined = "".join(values)
        if _ESCAPED.search(joined) is None:
            return hashlib.sha256((template % values).encode("utf-8", errors="surrogatepass")).hexdigest()
        if "\\" not in joined and "\x1e" not in joined:
            # some need escaping (an MRZ's line break): all escaped at once, cut at the separator
            # (no backslash in the values: no escape can run into the separator's own escape)
            escaped = tuple(_json_str("\x1e".join(values))[1:-1].split("\\u001e"))
            return hashlib.sha256((template % escaped).encode("utf-8", errors="surrogatepass")).hexdigest()
    canonical = "[" + ", ".join([f"{key}{_json_str((data[k] or '').strip())}]" for k, key in items]) + "]"
    return hashlib.sha256(canonical.encode("utf-8", errors="surrogatepass")).hexdigest()


def _getter(keys: list[str]) -> Callable[[dict[str, str]], tuple[str, ...]]:
    if len(keys) <= 1:  # itemgetter: one key gives the value, not a tuple; none, an error
        return lambda data: tuple(data[k] for k in keys)
    return itemgetter(*keys)


_ESCAPED = re.compile(r'[\x00-\x1f"\\]')  # what json.dumps escapes with ensure_ascii=False
_PLANS: dict[
    tuple[str, ...], tuple[list[tuple[str, str]], str, Callable[[dict[str, str]], tuple[str, ...]]]
] = {}


def identify(row: Row, orgs: OrgDirectory) -> tuple[int, str, str]:
    """The row's organisation id, record id and content hash (RowError if it has no valid key)."""
    org_id = orgs.id_of(row.text("org", required=True, max_len=64) or "", "org")
    record_id = row.text("record_id", required=True, max_len=200) or ""
    return org_id, record_id, row_hash(row.data, stripped=True)


def source_record(
    source_type: str, org_id: int, record_id: str, digest: str, run_id: int, stored_id: int | None
) -> Rec:
    """The source_record row of a row: new, or (an update) the stored one rewritten."""
    if stored_id is None:
        return Rec(SourceRecord, new_source_record(source_type, org_id, record_id, digest, run_id))
    record = Rec(
        SourceRecord, {"source_type": source_type, "org_id": org_id, "record_id": record_id}, id=stored_id
    )
    record["content_hash"], record["ingest_run_id"] = digest, run_id
    record["updated_at"] = datetime.now()
    return record


def new_source_record(
    source_type: str, org_id: int, record_id: str, digest: str, run_id: int
) -> dict[str, Any]:
    """A new source_record row's values."""
    return {
        "source_type": source_type,
        "org_id": org_id,
        "record_id": record_id,
        "content_hash": digest,
        "ingest_run_id": run_id,
    }


def pack(recs: list[Rec]) -> list[Packed]:
    """The records of one row as plain data; references must stay within the row."""
    index = {id(rec): i for i, rec in enumerate(recs)}
    out: list[Packed] = []
    for rec in recs:
        if rec.existing:
            raise ValueError(f"a stored row ({rec.table.name}) cannot be prepared away from the store")
        refs = {key: index[id(parent)] for key, parent in rec.refs.items()}
        out.append((rec.table.name, rec.values, refs, [index[id(kid)] for kid in rec.kids], rec.skip))
    return out


def unpack(packed: list[Packed], record: Rec, copied: Collection[int] = ()) -> list[Rec]:
    """Records again, `record` standing for the first (the source record, new or stored).

    The values of the records at `copied` are copies: sealing empties a person's clear columns in
    place, and a chunk retried after a lock must start from the prepared values again.
    """
    tables = Base.metadata.tables
    restore = Rec.restore
    recs = [record]
    for i, (name, values, _, _, skip) in enumerate(packed):
        if i:
            recs.append(restore(tables[name], dict(values) if i in copied else values, {}, [], skip))
    for rec, (_, _, refs, kids, _) in zip(recs, packed, strict=True):
        if rec is record:
            continue
        if refs:
            rec.refs = {key: recs[i] for key, i in refs.items()}
        if kids:
            rec.kids = [recs[i] for i in kids]
    return recs


# Source types whose rows seal nothing: prepared down to the rows to insert (`prepared_rows`).
ROW_SOURCES = frozenset({"crossings", "bank", "transactions", "adverts"})

_DIALECTS: dict[str, Dialect] = {}


def _dialect(name: str) -> Dialect:
    """A dialect of this name ("sqlite+pysqlite"), for its value conversions (no connection)."""
    found = _DIALECTS.get(name)
    if found is None:
        found = _DIALECTS[name] = make_url(f"{name}://").get_dialect()()
    return found


# Source types whose rows to insert are made from their checked fields directly (`_DirectRows`).
DIRECT_SOURCES = frozenset({"crossings"})


class _DirectRows:
    """A chunk's rows to insert made as a mapper writes them (`mappers.common.RowSink`: here
    `mappers.crossings.write`, the same mapping `apply` runs), without the records in between:
    the same rows, ids relative, as `prepared_rows` gives for those records (the same tables,
    columns, conversions and order; compared in tests/ingest). A row's handle is its relative id.
    Crossings are seven records in ten of a national load, and their records cost a third of
    their preparation."""

    def __init__(self, dialect: str | None, run_id: int) -> None:
        self.dialect = _dialect(dialect or "sqlite+pysqlite")
        self.run_id = run_id
        self.tables: dict[str, tuple[list[int], list[tuple[Any, ...]]]] = {}
        # per mapped class: its table's owners, rows and row builder
        self._targets: dict[Any, tuple[list[int], list[tuple[Any, ...]], Callable[..., tuple[Any, ...]]]] = {}
        self.owner = 0  # the source row being written
        self.record = 0  # its source record's relative id

    def start(self, n: int, source_type: str, org_id: int, record_id: str, digest: str) -> None:
        """Source row `n`'s source record, whose rows follow."""
        self.owner = n
        self.record = self._add(
            SourceRecord, new_source_record(source_type, org_id, record_id, digest, self.run_id)
        )

    def new(self, target: Any, refs: dict[str, int] | None = None, /, **values: Any) -> int:
        if refs:
            values.update(refs)
        return self._add(target, values)

    def person_row(self, person: int, target: Any, /, **values: Any) -> int:
        values["person_id"] = person
        return self._add(target, values)

    def _add(self, target: Any, values: dict[str, Any]) -> int:
        """Add a row of `target` (its relative id filled in); its relative id."""
        found = self._targets.get(target)
        if found is None:
            table = table_of(target)
            owners: list[int] = []
            rows: list[tuple[Any, ...]] = []
            self.tables[table.name] = (owners, rows)
            found = self._targets[target] = (owners, rows, layout(table).values_builder(self.dialect))
        owners, rows, build = found
        values["id"] = pk = -len(rows) - 1
        owners.append(self.owner)
        rows.append(build(values))
        return pk


def prepare_chunk(
    source_type: str,
    run_id: int,
    org_ids: dict[str, int],
    rows: list[dict[str, str]],
    dialect: str | None = None,
    stored: dict[tuple[int, str], str] | None = None,
) -> PreparedChunk:
    """Validate and map each row of a chunk (in a worker process: no database).

    With `dialect` ("sqlite+pysqlite", "postgresql+psycopg"), a source type of ROW_SOURCES comes
    back as the rows to insert, ids relative (tipnet.store.bulk.prepared_rows), the cheapest form
    for the importer; otherwise as records (`pack`). `stored`: (org id, record id) -> hash of rows
    the store held when the chunk was sent; a row stored with the same hash is not mapped again
    ("known": the importer decides, against the store at writing time).
    """
    # The collector is off while a chunk is prepared: every object the chunk makes lives until it
    # returns, and the collector, run every few thousand allocations, walked them again and again
    # (18% of a crossing's preparation). The cycles it would look for are broken below.
    collecting = gc.isenabled()
    gc.disable()
    try:
        orgs = OrgDirectory(None, dict(org_ids), complete=True)
        mapper = MAPPERS[source_type]
        as_rows = dialect is not None and source_type in ROW_SOURCES
        out: list[Prepared] = []
        batch: list[Rec] = []
        direct = _DirectRows(dialect, run_id) if as_rows and source_type in DIRECT_SOURCES else None
        for n, data in enumerate(rows):
            row = Row(data)
            flags: dict[str, set[str]] = {}
            try:
                org_id, record_id, digest = identify(row, orgs)
                if stored and stored.get((org_id, record_id)) == digest:
                    out.append(("known", org_id, record_id, digest, None, [], [], []))
                    continue
                if direct is not None:
                    crossing = crossings.read(row)
                    direct.start(n, source_type, org_id, record_id, digest)
                    crossings.write(direct, crossing)
                    out.append(("mapped", org_id, record_id, digest, None, [], [], []))
                    continue
                record = source_record(source_type, org_id, record_id, digest, run_id, None)
                ctx = MapContext(None, row, record, orgs, {}, cases_loaded=True, text_flags=flags)
                mapper(ctx)
            except RowError as err:
                out.append(("refused", err.field, err.reason))
                continue
            recs = [record, *ctx.rows]
            if as_rows and not (ctx.to_seal or ctx.to_seal_text or flags):
                for rec in recs:
                    rec.owner = n
                batch.extend(recs)
                out.append(("mapped", org_id, record_id, digest, None, [], [], []))
                continue
            index = {id(rec): i for i, rec in enumerate(recs)}
            out.append(
                (
                    "mapped",
                    org_id,
                    record_id,
                    digest,
                    pack(recs),
                    [index[id(p)] for p in ctx.to_seal],
                    [(index[id(r)], text) for r, text in ctx.to_seal_text],
                    [(name, rid) for name, ids in flags.items() for rid in ids],
                )
            )
        prepared = prepared_rows(batch, _dialect(dialect)) if batch and dialect else {}
        if direct is not None:
            prepared = direct.tables
        for rec in batch:
            rec.kids.clear()  # a person and its rows refer to each other: freed now, not by the collector
        return out, prepared
    finally:
        if collecting:
            gc.enable()
