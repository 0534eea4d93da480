"""The checked accounts and transactions of `tipnet finance ingest` written into the store.

What `tipnet.finance.load` kept (every row already checked in DuckDB) goes to the store's `account`,
`company`, `person` and `transaction` tables through the bulk writer (SQLite `executemany`, PostgreSQL
`COPY`), a chunk per database transaction: a run stopped half-way leaves whole chunks, and running it
again adds the rest. Every row has its source row (`source_record`: the bank's organisation, the
account or transaction id and a hash of what was stored), so importing the same file again adds
nothing, and a row stored before with other values is refused, never overwritten half-way.

A person holder becomes a `person` with names, birth date, identity number, phone and address, as every
other source's persons, so `tipnet link store` resolves it; a company holder becomes a `company`, never a
person. Cash legs keep their one account: a deposit has no `from_account`, a withdrawal no `to_account`.
A row the store cannot take (a field too long for its column, a phone that is not a number) is refused
alone with its row and field, never its value.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

from tipnet.finance.load import Loaded
from tipnet.ingest.errors import RowError
from tipnet.ingest.fields import Row
from tipnet.ingest.mappers.common import MapContext, OrgDirectory, build_person, split_full_name
from tipnet.store.bulk import BulkWriter, Rec
from tipnet.store.engine import session_scope
from tipnet.store.tables.finance import Account, Company, Transaction
from tipnet.store.tables.sources import IngestRun, Organisation, SourceRecord

ACCOUNT_SOURCE = "finance_account"
TX_SOURCE = "finance_transaction"
CHUNK = 20_000
_FOUR = Decimal("0.0001")
# Control characters (NUL among them: PostgreSQL's text cannot hold it, and one NUL in an id failed
# the whole chunk's look-up and stopped the run); tab and newline are no part of an id either.
_CONTROL = re.compile("[\x00-\x1f\x7f]")


class StoreError(Exception):
    """The store cannot take the import at all (an unknown bank organisation): exit 2."""


@dataclass
class StoreCounts:
    accounts_new: int = 0
    accounts_unchanged: int = 0
    accounts_known: int = 0  # stored before by another source (`tipnet ingest bank`): left as they are
    transactions_new: int = 0
    transactions_unchanged: int = 0
    rejected: int = 0
    chunks: int = 0
    rejects: list[tuple[str, int, str, str]] = field(default_factory=list)  # file, row, id, reason


def _digest_sql(*columns: str) -> str:
    """DuckDB's SHA-256 of a row's stored values (computed there, column-wise: no Python per value)."""
    parts = ", ".join(f"coalesce(CAST({c} AS VARCHAR), '')" for c in columns)
    return f"sha256(concat_ws(chr(31), {parts}))"


def _chunks(cursor: Any, size: int) -> Iterable[list[tuple[Any, ...]]]:
    while True:
        rows = cursor.fetchmany(size)
        if not rows:
            return
        yield rows


def _stored(session: Session, source_type: str, org_id: int, ids: Sequence[str]) -> dict[str, str]:
    """record id -> content hash of the source rows of this bank already in the store."""
    out: dict[str, str] = {}
    for i in range(0, len(ids), 5000):
        part = ids[i : i + 5000]
        query = select(SourceRecord.record_id, SourceRecord.content_hash).where(
            SourceRecord.source_type == source_type,
            SourceRecord.org_id == org_id,
            SourceRecord.record_id.in_(part),
        )
        out.update({r: h for r, h in session.execute(query)})
    return out


def _refresh_statistics(session: Session, tables: tuple[str, ...], wrote: bool) -> None:
    """PostgreSQL: the planner's row counts kept up with the load. A table that grows from empty within
    one run otherwise keeps the statistics of an empty table, and the next chunk's look-up of its ids
    (`record_id IN (...)`) becomes a sequential scan per id: 86 of 94 s at 100,000 transactions."""
    if wrote and session.get_bind().dialect.name == "postgresql":
        for table in tables:
            session.execute(text(f'ANALYZE "{table}"'))


# pg_advisory_xact_lock(key, bank): a chunk's look-up and write of one bank's rows, one at a time.
_PG_LOCK_KEY = 0x66696E32  # "fin2"; any constant no other part of tipnet uses


def _lock_bank(session: Session, org_id: int) -> None:
    """Two runs of one bank at once (a retried job, two operators): each chunk looked its ids up
    and then wrote, so on PostgreSQL both looked up before either wrote and the second failed on
    the source rows' unique key. Held from the look-up to the chunk's commit, the other run waits
    and then finds the rows stored. SQLite's writer lock (BEGIN IMMEDIATE) already does it."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k, :bank)"), {"k": _PG_LOCK_KEY, "bank": org_id})


def _known_accounts(session: Session, org_id: int, numbers: Sequence[str]) -> set[str]:
    """Account numbers of this bank stored by another source (the unique key is bank and number)."""
    out: set[str] = set()
    for i in range(0, len(numbers), 5000):
        part = numbers[i : i + 5000]
        query = (
            select(Account.account_number)
            .join(SourceRecord, SourceRecord.id == Account.source_record_id, isouter=True)
            .where(
                Account.org_id == org_id,
                Account.account_number.in_(part),
                SourceRecord.source_type.is_(None) | (SourceRecord.source_type != ACCOUNT_SOURCE),
            )
        )
        out.update(session.scalars(query))
    return out


def _too_long(name: str, value: str | None, limit: int) -> None:
    if value is not None and len(value) > limit:
        raise RowError(name, f"longer than {limit} characters")


def _control(value: str | None) -> bool:
    return value is not None and _CONTROL.search(value) is not None


# The input field a stored column comes from, to name it in a reject.
_FIELD_OF = {
    "prs_FirstName": "holder_name",
    "prs_SecondName": "holder_name",
    "full_name": "holder_name",
    "name": "holder_name",
    "prs_IdentityNumber": "id_number",
    "document_number": "id_number",
    "number": "phone",
    "text": "address",
    "account_number": "account_id",
}


def _fits(recs: Iterable[Rec]) -> None:
    """Every text value within its column's length (checked by PostgreSQL, not SQLite): a longer one
    failed the chunk's COPY, and the run stopped there on every rerun. Raises RowError naming the
    field a stored column comes from."""
    for rec in recs:
        _fits(rec.kids)
        for column, value in rec.values.items():
            if isinstance(value, str) and column in rec.table.c:
                limit = getattr(rec.table.c[column].type, "length", None)
                if limit is not None and len(value) > limit:
                    raise RowError(_FIELD_OF.get(column, column), f"longer than {limit} characters")


def _account_recs(row: tuple[Any, ...], record: Rec, org_id: int) -> list[Rec]:
    """The rows one account writes: its holder (a person and its names, document, phone, address, or a
    company) and the account. Raises RowError naming the field the store cannot take."""
    _, account_id, holder_name, holder_type, country, opened, birth, id_number, phone, address, _ = row
    _too_long("account_id", account_id, 64)
    ctx = MapContext(session=None, row=Row({}), record=record, orgs=OrgDirectory(None, complete=True))
    holder: dict[str, Rec] = {}
    fields = Row(
        {
            "holder_name": holder_name or "",
            "birth_date": birth.isoformat() if birth is not None else "",
            "id_number": id_number or "",
            "phone": phone or "",
            "address": address or "",
        }
    )
    if holder_type == "company":
        # a company row's KYC columns: id_number is its registration number, birth_date its date of
        # incorporation (what goAML's t_entity_my_client needs for the bank's own customer)
        _too_long("holder_name", holder_name, 300)
        if _control(holder_name):
            raise RowError("holder_name", "contains control characters")
        registration = fields.text("id_number", max_len=64)
        holder["holder_company_id"] = ctx.new(
            Company,
            {"source_record_id": record},
            name=holder_name,
            country=country,
            registration_number=registration.strip() if registration else None,
            incorporated_on=birth,
            phone=fields.phone("phone", region=country or "KH"),
            address=fields.text("address", max_len=1000),
        )
    else:
        full = fields.text("holder_name", max_len=600)
        first, second = split_full_name(full) if full else (None, None)
        holder["holder_person_id"] = build_person(
            ctx,
            first=first,
            second=second,
            full=full,
            birth=fields.partial_date("birth_date"),
            document_number=fields.document_number("id_number"),
            phone=fields.phone("phone", region=country or "KH"),
            address=fields.text("address", max_len=1000),
            address_country=country,
        )[0]
    ctx.new(
        Account,
        {"source_record_id": record, **holder},
        org_id=org_id,
        account_number=account_id,
        opened_on=opened,
        holder_type=holder_type,
        country=country,
    )
    return ctx.rows


def _naive(ts: datetime) -> datetime:
    return ts.astimezone(UTC).replace(tzinfo=None) if ts.tzinfo is not None else ts


def write_store(
    engine: Engine,
    loaded: Loaded,
    *,
    bank: str,
    accounts_file: str,
    transactions_file: str,
    file_sha256: tuple[str, str] = ("", ""),
    chunk: int = CHUNK,
    progress: Callable[[int], None] | None = None,
) -> StoreCounts:
    """Write the checked accounts, then the transactions, a chunk per transaction; returns the counts."""
    counts = StoreCounts()
    with session_scope(engine) as session:
        org_id = session.scalar(select(Organisation.id).where(Organisation.code == bank))
        if org_id is None:
            raise StoreError(f"unknown organisation {bank!r}: import the organisations directory first")
        runs = [
            IngestRun(source_type=source, file_name=name, file_sha256=sha)
            for source, name, sha in (
                (ACCOUNT_SOURCE, accounts_file, file_sha256[0]),
                (TX_SOURCE, transactions_file, file_sha256[1]),
            )
        ]
        session.add_all(runs)
        session.flush()
        run_ids = [r.id for r in runs]
    refused_accounts: set[str] = set()
    con = loaded.con

    cursor = con.execute(
        "SELECT row, account_id, holder_name, holder_type, country, opened, birth_date, id_number, phone, "
        f"address, {_digest_sql('account_id', 'holder_name', 'holder_type', 'country', 'opened', 'birth_date', 'id_number', 'phone', 'address')} "
        "FROM accounts ORDER BY aid"
    )
    for rows in _chunks(cursor, chunk):
        with session_scope(engine) as session:
            _lock_bank(session, org_id)
            for row in rows:
                if _control(row[1]):  # refused before any look-up: the store cannot be asked for it
                    refused_accounts.add(row[1])
                    counts.rejects.append(
                        (accounts_file, row[0], row[1], "account_id: contains control characters")
                    )
            clean = [r for r in rows if not _control(r[1])]
            ids = [r[1] for r in clean]
            stored = _stored(session, ACCOUNT_SOURCE, org_id, ids)
            known = _known_accounts(session, org_id, ids)
            recs: list[Rec] = []
            for row in clean:
                account_id, digest = row[1], row[-1]
                if account_id in stored:
                    if stored[account_id] == digest:
                        counts.accounts_unchanged += 1
                    else:  # the account stays as stored; its transactions still go in
                        counts.rejects.append(
                            (accounts_file, row[0], account_id, "account_id: stored before with other values")
                        )
                    continue
                if account_id in known:
                    counts.accounts_known += 1
                    continue
                record = Rec(
                    SourceRecord,
                    {"source_type": ACCOUNT_SOURCE, "org_id": org_id, "record_id": account_id},
                )
                record["content_hash"] = digest
                record["ingest_run_id"] = run_ids[0]
                try:
                    made = _account_recs(row, record, org_id)
                    _fits([record, *made])
                except RowError as exc:
                    refused_accounts.add(account_id)
                    counts.rejects.append((accounts_file, row[0], account_id, str(exc)))
                    continue
                recs.append(record)
                recs.extend(made)
                counts.accounts_new += 1
            BulkWriter(session).write(recs)
            _refresh_statistics(session, ("source_record", "account"), bool(recs))
        counts.chunks += 1
        if progress is not None:
            progress(len(rows))

    cursor = con.execute(
        "SELECT t.row, t.tx_id, t.ts, s.account_id, d.account_id, t.amount, t.currency, t.usd, t.channel, "
        f"{_digest_sql('t.tx_id', 't.ts', 's.account_id', 'd.account_id', 'round(t.amount, 4)', 't.currency', 't.channel')} "
        "FROM tx t LEFT JOIN accounts s ON s.aid = t.src LEFT JOIN accounts d ON d.aid = t.dst ORDER BY t.row"
    )
    for rows in _chunks(cursor, chunk):
        with session_scope(engine) as session:
            _lock_bank(session, org_id)
            stored = _stored(session, TX_SOURCE, org_id, [r[1] for r in rows if not _control(r[1])])
            recs = []
            for row_no, tx_id, ts, src, dst, amount, currency, usd, channel, digest in rows:
                amount_d = Decimal(repr(amount)).quantize(_FOUR)
                usd_d = Decimal(repr(usd)).quantize(_FOUR) if usd is not None else None
                reason = None
                if tx_id in stored:
                    if stored[tx_id] == digest:
                        counts.transactions_unchanged += 1
                        continue
                    reason = "tx_id: stored before with other values"
                elif len(tx_id) > 200:
                    reason = "tx_id: longer than 200 characters"
                elif _control(tx_id):
                    reason = "tx_id: contains control characters"
                elif src in refused_accounts:
                    reason = "from_account: its account was not stored"
                elif dst in refused_accounts:
                    reason = "to_account: its account was not stored"
                elif abs(amount_d) >= Decimal("1e16"):
                    reason = "amount: too large for the store"
                if reason is not None:
                    counts.rejects.append((transactions_file, row_no, tx_id, reason))
                    continue
                record = Rec(SourceRecord, {"source_type": TX_SOURCE, "org_id": org_id, "record_id": tx_id})
                record["content_hash"] = digest
                record["ingest_run_id"] = run_ids[1]
                recs.append(record)
                recs.append(
                    Rec(
                        Transaction,
                        {
                            "booked_at": _naive(ts),
                            "from_account": src,
                            "to_account": dst,
                            "amount": amount_d,
                            "currency": currency,
                            "channel": channel,
                            "usd": usd_d,
                        },
                        {"source_record_id": record},
                    )
                )
                counts.transactions_new += 1
            BulkWriter(session).write(recs)
            _refresh_statistics(session, ("source_record",), bool(recs))
        counts.chunks += 1
        if progress is not None:
            progress(len(rows))

    counts.rejected = len(counts.rejects)
    with session_scope(engine) as session:
        for run, (new, unchanged, total, file_name) in zip(
            run_ids,
            (
                (
                    counts.accounts_new,
                    counts.accounts_unchanged + counts.accounts_known,
                    loaded.accounts,
                    accounts_file,
                ),
                (
                    counts.transactions_new,
                    counts.transactions_unchanged,
                    loaded.transactions,
                    transactions_file,
                ),
            ),
            strict=True,
        ):
            stored_run = session.get(IngestRun, run)
            assert stored_run is not None
            stored_run.rows_total = total
            stored_run.rows_new = new
            stored_run.rows_unchanged = unchanged
            stored_run.rows_rejected = sum(1 for r in counts.rejects if r[0] == file_name)
            stored_run.finished_at = datetime.now(UTC).replace(tzinfo=None)
    return counts
