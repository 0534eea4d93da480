"""The harness of the mapper tables: run one source row through its mapper and show what it produced.

A mapper is a pure function of its row (and the organisation directory): it validates every field,
then adds store objects to the session, or raises RowError naming the field and the reason. Here it
runs against `FakeSession`, which keeps what is added and knows no stored row, so a table can say,
for each column, what a value becomes (the stored rows, as plain dicts) or why it is refused.

A case is written on top of a good base row: the column under test gets a value (or is left out
with ABSENT); `also` changes other columns the case needs (a suspect's role for a verdict, say).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, cast

import pytest
from sqlalchemy import inspect
from sqlalchemy.orm import Session

from tipnet.ingest.errors import RowError
from tipnet.ingest.fields import Row
from tipnet.ingest.mappers import MAPPERS, MapContext
from tipnet.ingest.mappers.common import OrgDirectory
from tipnet.ingest.pipeline import _apply_organisation
from tipnet.sources import SOURCE_TYPES
from tipnet.store.bulk import Rec
from tipnet.store.tables.people import Person
from tipnet.store.tables.sources import Organisation, SourceRecord

ABSENT = "<absent>"  # the column is left out of the row

# The organisation directory every table runs against: code -> id.
ORG_IDS = {
    "KH-NCCT": 1,
    "KH-AHTJP": 2,
    "NGO-SHELTER": 3,
    "NGO-OUT": 4,
    "KH-IMM": 5,
    "KH-HOTLINE": 6,
    "BANK-ABA": 7,
    "MON-1": 8,
}

# Columns whose refused value is personal data: the reason describes it, never repeats it.
PERSONAL = {
    "full_name",
    "name_native",
    "surname",
    "given_names",
    "birth_date",
    "document_number",
    "id_document_number",
    "phone",
    "address",
    "mrz",
    "caller_phone",
    "subject_name",
    "subject_phone",
    "narrative",
    "contact_phone",
    "prs_FirstName",
    "prs_SecondName",
    "prs_NameNative",
    "prs_Birthdate",
    "prs_IdentityNumber",
    "prs_MobilePhone",
}


class FakeSession:
    """What a mapper touches of a Session: add, scalar (nothing is stored yet) and no_autoflush."""

    no_autoflush = contextlib.nullcontext()

    def __init__(self) -> None:
        self.added: list[Any] = []

    def add(self, obj: Any) -> None:
        self.added.append(obj)

    def scalar(self, _query: Any) -> None:
        return None

    def execute(self, _query: Any) -> Any:
        return _NoRows()

    def flush(self) -> None:
        pass


class _NoRows:
    def first(self) -> None:
        return None


@dataclass(frozen=True)
class Rejected:
    field: str
    reason: str  # a fragment of the reason


@dataclass
class Mapped:
    """A mapper's outcome: the rows it produced (table -> rows) or the RowError it raised."""

    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    error: RowError | None = None
    added: list[Rec] = field(default_factory=list)  # the records the mapper made, for the store tests
    to_seal: list[Rec] = field(default_factory=list)

    def values(self, key: str) -> list[Any]:
        """'table.column' -> that column's value in each produced row of the table (None when unset)."""
        table, column = key.split(".")
        return [row.get(column) for row in self.rows.get(table, [])]


def _skip_column(column: Any) -> bool:
    """Primary keys and the foreign keys a relationship fills in (all but organisation ids)."""
    if column.primary_key:
        return True
    return any(fk.column.table.name != "organisation" for fk in column.foreign_keys)


def stored_rows(
    top: list[Any], sealed: Callable[[Person], bool], record: SourceRecord | None = None
) -> dict[str, list[dict[str, Any]]]:
    """The rows an object graph makes, table by table, in walk order; unset (None) columns left out.

    Walks every relationship except those to the source record (checked to be `record`, the row's
    own, when given) and to organisations (directory rows, not produced). Persons carry a `sealed`
    pseudo-column: whether their identifying fields are to be sealed (victims, witnesses).
    """
    rows: dict[str, list[dict[str, Any]]] = {}
    seen: set[int] = set()
    queue = list(top)
    while queue:
        obj = queue.pop(0)
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        mapper = inspect(obj).mapper
        row = {
            attr.key: getattr(obj, attr.key)
            for attr in mapper.column_attrs
            if not _skip_column(attr.columns[0]) and getattr(obj, attr.key) is not None
        }
        if isinstance(obj, Person):
            row["sealed"] = sealed(obj)
        rows.setdefault(mapper.local_table.name, []).append(row)
        for rel in mapper.relationships:
            target = rel.mapper.class_
            if target is SourceRecord:
                if record is not None:
                    assert getattr(obj, rel.key) is record, f"{mapper.class_.__name__}.{rel.key}"
                continue
            if target is Organisation:
                continue
            value = getattr(obj, rel.key)
            queue.extend(value if isinstance(value, list) else [] if value is None else [value])
    return rows


def rec_rows(recs: list[Rec], sealed: Callable[[Rec], bool]) -> dict[str, list[dict[str, Any]]]:
    """The rows a mapper's records make, table by table in the order made; unset (None) columns, ids
    and the foreign keys a reference fills in left out, as `stored_rows` does for stored objects."""
    rows: dict[str, list[dict[str, Any]]] = {}
    for rec in recs:
        row = {
            col.key: rec.values[col.key]
            for col in rec.table.columns
            if col.key in rec.values and not _skip_column(col) and rec.values[col.key] is not None
        }
        if rec.table.name == "person":
            row["sealed"] = sealed(rec)
        rows.setdefault(rec.table.name, []).append(row)
    return rows


def top_table(mapped: Mapped) -> str:
    """The table of the row a source row is about (a crossing, a case person, an account...)."""
    (top,) = {
        rec.table.name
        for rec in mapped.added
        if "source_record_id" in rec.refs and rec.table.name != "person"
    }
    return top


def run(source: str, data: Mapping[str, str], org_ids: Mapping[str, int] = ORG_IDS) -> Mapped:
    """Run `data` through the mapper of `source` (organisations: the directory's own writer)."""
    fake = FakeSession()
    session = cast(Session, fake)  # a stand-in: the mapper only adds to it
    orgs = OrgDirectory(session, dict(org_ids))
    record = Rec(
        SourceRecord,
        {
            "source_type": source,
            "org_id": org_ids.get(data.get("org", ""), 0),
            "record_id": data.get("record_id"),
        },
    )
    ctx = MapContext(session, Row(dict(data)), record, orgs)
    try:
        if source == "organisations":
            _apply_organisation(session, ctx.row, orgs)
        else:
            MAPPERS[source](ctx)
    except RowError as err:
        return Mapped(error=err, added=[*fake.added, *ctx.rows], to_seal=ctx.to_seal)
    if source == "organisations":
        return Mapped(rows=stored_rows(fake.added, lambda p: False), added=[])
    for rec, held in ctx.to_seal_text:  # free text held for sealing: compared as the mapper read it
        for column, value in held.items():
            rec[column] = value
    sealed = [id(p) for p in ctx.to_seal]
    for rec in ctx.rows:
        for key, parent in rec.refs.items():
            assert parent is record or parent in ctx.rows, f"{rec.table.name}.{key} refers to a row not made"
    rows = rec_rows(ctx.rows, lambda p: id(p) in sealed)
    return Mapped(rows=rows, added=ctx.rows, to_seal=ctx.to_seal)


def with_value(base: Mapping[str, str], column: str, value: str, also: Mapping[str, str]) -> dict[str, str]:
    data = {**base, **also}
    if value == ABSENT:
        data.pop(column, None)
    else:
        data[column] = value
    return data


def ok(column: str, value: str, stored: dict[str, list[Any]], *, also: Mapping[str, str] = {}) -> Any:
    """A case: `column` = `value` is kept, and the produced rows hold `stored` ('table.column': values)."""
    return pytest.param(column, value, also, stored, id=_case_id(column, value, also))


def bad(column: str, value: str, fault: str, reason: str, *, also: Mapping[str, str] = {}) -> Any:
    """A case: the row is refused, RowError names `fault` and its reason contains `reason`."""
    return pytest.param(column, value, also, Rejected(fault, reason), id=_case_id(column, value, also))


def _case_id(column: str, value: str, also: Mapping[str, str]) -> str:
    shown = value if len(value) <= 24 else f"{value[:12]}...({len(value)})"
    extra = ",".join(f"{k}={v or '-'}" for k, v in also.items())
    return f"{column}={shown!r}" + (f"[{extra}]" if extra else "")


def check(
    source: str,
    base: Mapping[str, str],
    column: str,
    value: str,
    also: Mapping[str, str],
    expect: dict[str, list[Any]] | Rejected,
) -> None:
    """Run the case and compare; a refused row must have added nothing and queued nothing for sealing."""
    outcome = run(source, with_value(base, column, value, also))
    if isinstance(expect, Rejected):
        assert outcome.error is not None, f"accepted, produced {outcome.rows}"
        assert outcome.error.field == expect.field, f"refused for another field: {outcome.error}"
        assert expect.reason in outcome.error.reason, f"refused for another reason: {outcome.error}"
        assert outcome.added == [] and outcome.to_seal == []
        if column in PERSONAL and value.strip():
            assert value.strip() not in str(outcome.error), "the reason repeats personal data"
        # No cell's value in a reason (it goes to the rejects file and the console); organisation
        # codes, the directory's and not a person's, are named so the directory can be fixed.
        for part in (
            filter(None, (p.strip() for p in value.split(";"))) if "Organisation" not in column else ()
        ):
            assert f"'{part}'" not in str(outcome.error) and not outcome.error.reason.startswith(part), (
                "the reason repeats the cell's value"
            )
        return
    assert outcome.error is None, f"refused: {outcome.error}"
    assert {key: outcome.values(key) for key in expect} == expect


def assert_every_column_has_cases(source: str, cases: list[Any], by_pipeline: tuple[str, ...] = ()) -> None:
    """Each column of the source type has cases for a kept value, a refused row and its absence;
    `by_pipeline` columns are read by the import loop, not the mapper (see the store tests)."""
    columns = SOURCE_TYPES[source].columns + SOURCE_TYPES[source].optional
    tested = {case.values[0] for case in cases}
    assert tested | set(by_pipeline) == set(columns), set(columns) ^ (tested | set(by_pipeline))
    for column in sorted(set(columns) - set(by_pipeline)):
        mine = [case.values for case in cases if case.values[0] == column]
        assert any(not isinstance(expect, Rejected) for *_, expect in mine), f"{column}: no kept value"
        assert any(isinstance(expect, Rejected) for *_, expect in mine), f"{column}: no refused value"
        assert any(value == ABSENT for _, value, *_ in mine), f"{column}: absence not covered"
