"""Sealing free text attached to victims: hotline reports and everything written on a case.

A hotline narrative names the person it is about ("my sister Sok Dara was taken to ..."), with the
caller's phone and where they called from; a case's notes, referral details, support plans and
follow-ups name the victim, their family, their shelter. Sealing only the person row's fields would
leave all of that in clear. So these columns (SEALED_TEXT) are sealed the way identifying fields are
(AES-256-GCM under the keyring's numbered data key, `tipnet keys rotate` re-seals them, a version is
never retired while a text uses it): one `text_secret` row per table row holds the row's sealed
columns as one JSON document, bound by the associated data to its table and row, and the clear
columns are emptied.

Which rows: every hotline report (its subject is a possible victim and its caller an informant,
named or not), and every free-text column of a case (a case about suspects only today may receive
a victim tomorrow, and its notes name the victim whoever the case's persons are).

Writers call `seal_rows` after a flush (rows need ids); readers call `open_rows` and audit the read
(the case service's view event counts the texts opened). `mentions` tells a writer whether a text
names a person of the case or holds a phone number, so the user is warned (by field name, never
echoing the value). `seal_existing` seals the clear text a store held before this module existed
(`tipnet keys seal-text`): resumable, one audit event per batch.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Engine, and_, delete, func, or_, select
from sqlalchemy.orm import Session

from tipnet.security import audit, fields, hotline_phones
from tipnet.security.keyguard import _with_retry, sealing_version
from tipnet.security.keys import Keyring
from tipnet.store.base import Base
from tipnet.store.bulk import Rec
from tipnet.store.tables.cases import (
    Case,
    CaseComment,
    CasePerson,
    FollowUp,
    Referral,
    SupportPlan,
    TraffickingEvent,
)
from tipnet.store.tables.hotline import HotlineReport
from tipnet.store.tables.security import TextSecret

# The sealed columns of each table (ORM attribute names are the column names).
SEALED_TEXT: dict[str, tuple[str, ...]] = {
    "hotline_report": ("narrative", "caller_phone", "location"),
    "case": ("cas_ReasonForCaseClosure",),
    "case_comment": ("cco_CaseComment",),
    "referral": ("details",),
    "case_person": ("per_RoleDetails",),
    "trafficking_event": ("hte_Description", "hte_City"),
    "support_plan": ("spl_Objectives", "spl_ActionPlan"),
    "follow_up": ("notes",),
}
MODELS: dict[str, type[Base]] = {
    "hotline_report": HotlineReport,
    "case": Case,
    "case_comment": CaseComment,
    "referral": Referral,
    "case_person": CasePerson,
    "trafficking_event": TraffickingEvent,
    "support_plan": SupportPlan,
    "follow_up": FollowUp,
}


# The cipher itself lives beside the persons' (tipnet.security.fields), which key rotation uses.
seal_payload = fields.seal_text
unseal_payload = fields.unseal_text


def _table(row: Base | Rec) -> str:
    name = row.table.name if isinstance(row, Rec) else str(getattr(row, "__tablename__", ""))
    if name not in SEALED_TEXT:
        raise ValueError(f"no sealed text in table {name!r}")
    return name


def _empty(model: type[Base], column: str) -> str | None:
    """What a sealed column holds in clear: NULL, or '' where the column may not be NULL."""
    col = model.__table__.c[column]
    return None if col.nullable else ""


def take_clear(row: Base | Rec) -> dict[str, str]:
    """Move a row's free text out of its clear columns (call it before the row is flushed, so the
    clear text never reaches the database, not even as a dead row version); `seal_values` seals it.
    `row` is a mapped object or a bulk record (tipnet.store.bulk.Rec, as ingestion writes)."""
    table = _table(row)
    out: dict[str, str] = {}
    for column in SEALED_TEXT[table]:
        value = row[column] if isinstance(row, Rec) else getattr(row, column)
        if value not in (None, ""):
            out[column] = str(value)
            if isinstance(row, Rec):
                row[column] = _empty(MODELS[table], column)
            else:
                setattr(row, column, _empty(MODELS[table], column))
    return out


def seal_values(session: Session, pairs: Sequence[tuple[Base | Rec, dict[str, str]]], ring: Keyring) -> int:
    """Seal the given text of each row (merged into what the row has sealed already: a column given
    replaces its sealed value). Rows get ids by a flush first if they have none. Returns the rows sealed."""
    pending = [(row, values) for row, values in pairs if values]
    if not pending:
        return 0
    if any(getattr(row, "id", None) is None for row, _ in pending):
        session.flush()
    version = sealing_version(session, ring)
    by_table: dict[str, list[tuple[Base | Rec, dict[str, str]]]] = {}
    for row, values in pending:
        by_table.setdefault(_table(row), []).append((row, values))
    for table, group in by_table.items():
        ids = [int(getattr(row, "id")) for row, _ in group]  # noqa: B009 (any mapped row)
        if session.get_bind().dialect.name == "postgresql":
            # Two writers sealing the same row's text: the second waits for the first and merges
            # into its secret (SQLite transactions are serialized already: BEGIN IMMEDIATE).
            model = MODELS[table]
            session.execute(select(model.id).where(model.id.in_(ids)).with_for_update())  # type: ignore[attr-defined]
        existing = {
            s.row_id: s
            for s in session.scalars(
                select(TextSecret).where(TextSecret.table_name == table, TextSecret.row_id.in_(ids))
            )
        }
        payloads: dict[int, dict[str, str]] = {}
        for (_row, values), row_id in zip(group, ids, strict=True):
            secret = existing.get(row_id)
            payload: dict[str, str] = (
                unseal_payload(ring, table, row_id, secret.key_version, secret.nonce, secret.ciphertext)
                if secret is not None
                else {}
            )
            payload.update(values)
            payloads[row_id] = payload
            nonce, ciphertext = seal_payload(ring, table, row_id, payload, version)
            if secret is None:
                secret = TextSecret(
                    table_name=table, row_id=row_id, key_version=version, nonce=nonce, ciphertext=ciphertext
                )
                session.add(secret)
                existing[row_id] = secret
            else:
                secret.key_version, secret.nonce, secret.ciphertext = version, nonce, ciphertext
        if table == hotline_phones.TABLE:  # the report's numbers, searchable by their keyed hash
            hotline_phones.index(session, payloads, ring)
    return len(pending)


def seal_rows(session: Session, rows: Sequence[Base], ring: Keyring) -> int:
    """Seal the free text rows hold in their clear columns now (text stored before this module:
    `seal_existing`) and empty the columns."""
    return seal_values(session, [(row, take_clear(row)) for row in rows], ring)


def forget(session: Session, table: str, row_id: int, column: str, ring: Keyring | None) -> None:
    """Remove one column from a row's sealed text (the user cleared the field)."""
    secret = session.scalar(
        select(TextSecret).where(TextSecret.table_name == table, TextSecret.row_id == row_id)
    )
    if secret is None:
        return
    if ring is None:
        from tipnet.security.keys import load_keyring

        ring = load_keyring()
    payload = unseal_payload(ring, table, row_id, secret.key_version, secret.nonce, secret.ciphertext)
    if payload.pop(column, None) is None:
        return
    if not payload:
        session.delete(secret)
        return
    version = sealing_version(session, ring)
    secret.nonce, secret.ciphertext = seal_payload(ring, table, row_id, payload, version)
    secret.key_version = version


def open_rows(
    session: Session, table: str, row_ids: Iterable[int], ring: Keyring | None
) -> dict[int, dict[str, str]]:
    """The sealed columns of the given rows of `table`, in one query. Callers audit the read."""
    ids = sorted(set(row_ids))
    if not ids:
        return {}
    found = session.execute(
        select(TextSecret.row_id, TextSecret.key_version, TextSecret.nonce, TextSecret.ciphertext).where(
            TextSecret.table_name == table, TextSecret.row_id.in_(ids)
        )
    ).all()
    if not found:
        return {}
    if ring is None:
        from tipnet.security.keys import load_keyring

        ring = load_keyring()
    return {rid: unseal_payload(ring, table, rid, v, n, ct) for rid, v, n, ct in found}


def open_tables(
    session: Session, wanted: Mapping[str, Iterable[int]], ring: Keyring | None
) -> dict[str, dict[int, dict[str, str]]]:
    """The sealed columns of rows of several tables (table -> row ids) in one query."""
    conditions = [
        and_(TextSecret.table_name == table, TextSecret.row_id.in_(sorted(set(ids))))
        for table, ids in wanted.items()
        if ids
    ]
    out: dict[str, dict[int, dict[str, str]]] = {table: {} for table in wanted}
    if not conditions:
        return out
    found = session.execute(
        select(
            TextSecret.table_name,
            TextSecret.row_id,
            TextSecret.key_version,
            TextSecret.nonce,
            TextSecret.ciphertext,
        ).where(or_(*conditions))
    ).all()
    if found and ring is None:
        from tipnet.security.keys import load_keyring

        ring = load_keyring()
    for table, rid, v, n, ct in found:
        assert ring is not None
        out[table][rid] = unseal_payload(ring, table, rid, v, n, ct)
    return out


def delete_rows(session: Session, table: str, row_ids: Any) -> None:
    """Delete the secrets of rows being deleted (`row_ids`: ids or a SELECT of them)."""
    if table == hotline_phones.TABLE:
        hotline_phones.drop(session, row_ids)
    session.execute(delete(TextSecret).where(TextSecret.table_name == table, TextSecret.row_id.in_(row_ids)))


# --- warnings: names and phone numbers in free text ------------------------------------------------

_WORD = re.compile(r"\w+", re.UNICODE)
_PHONE = re.compile(r"\+?\d[\d\s().\-]{6,}\d")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}")
_PUNCT = re.compile(r"[\s,;:/\\()\[\]{}\"'.\-_]+")


def _fold(text: str) -> str:
    """Case-folded, accents removed from Latin letters (marks of other scripts are letters there)."""
    out: list[str] = []
    for ch in unicodedata.normalize("NFKD", unicodedata.normalize("NFC", text).casefold()):
        if unicodedata.combining(ch) and out and out[-1].isascii():
            continue
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


def mentions(text: str | None, names: Iterable[str]) -> list[str]:
    """What a free text holds that identifies someone: "name" when it contains a name token of one
    of `names` (Latin tokens of 3+ letters as words; tokens of other scripts, often written without
    spaces, as substrings), "phone" when it holds a phone-like number (8+ digits, dates excepted)."""
    if not text:
        return []
    found: list[str] = []
    folded = _fold(text)
    words = set(_WORD.findall(folded))
    for name in names:
        tokens = [t for t in _PUNCT.split(_fold(name or "")) if t]
        if any(
            (t in words if t.isascii() else t in folded)
            for t in tokens
            if (len(t) >= 3 if t.isascii() else len(t) >= 2) and not t.isdigit()
        ):
            found.append("name")
            break
    for match in _PHONE.finditer(text):
        number = match.group(0).strip()
        if sum(ch.isdigit() for ch in number) >= 8 and not _DATE.fullmatch(number):
            found.append("phone")
            break
    return found


def person_names(payload: dict[str, Any]) -> list[str]:
    """The names of one person's identifying payload (as tipnet.security.sealing keeps them)."""
    keys = ("prs_FirstName", "prs_MiddleName", "prs_SecondName", "full_name", "name_native")
    return [str(payload[k]) for k in keys if payload.get(k)] + [str(a) for a in payload.get("aliases") or []]


def flag(values: Mapping[str, str | None], names: Iterable[str]) -> list[dict[str, Any]]:
    """Warnings for the given fields (field name -> text written): which mention whom. No values."""
    names = list(names)
    out = []
    for field, text in values.items():
        kinds = mentions(text, names)
        if kinds:
            out.append({"field": field, "mentions": kinds, "sealed": True})
    return out


# --- existing data -----------------------------------------------------------------------------------


def clear_counts(session: Session) -> dict[str, int]:
    """Rows per table still holding free text in clear (what `seal_existing` has left to do)."""
    return {
        table: int(session.scalar(select(func.count()).where(_has_clear(table))) or 0)
        for table in SEALED_TEXT
    }


def _has_clear(table: str) -> Any:
    model = MODELS[table]
    cols = [getattr(model, c) for c in SEALED_TEXT[table]]
    return or_(*(and_(c.is_not(None), c != "") for c in cols))


def seal_existing(
    engine: Engine,
    ring: Keyring,
    *,
    batch: int = 500,
    actor: str = "cli",
    progress: Callable[[str, int], None] | None = None,
) -> dict[str, int]:
    """Seal every row's free text still in clear, `batch` rows per committed transaction with one
    audit event each (table and count, no text). Resumable: a re-run continues where one stopped."""
    done: dict[str, int] = {}
    for table in SEALED_TEXT:
        model = MODELS[table]
        total = 0
        batches = 0

        def one_batch(table: str = table, model: type[Base] = model, number: int = 1) -> int:
            with Session(engine) as session, session.begin():
                # Locked (PostgreSQL): a user changing the same text meanwhile commits first and
                # the row, re-checked, is no longer clear; the older clear text never overwrites it.
                query = select(model).where(_has_clear(table)).order_by(model.id)  # type: ignore[attr-defined]
                rows = list(session.scalars(query.limit(batch).with_for_update()))
                n = seal_rows(session, rows, ring)
                if n:
                    audit.record(
                        session,
                        actor,
                        "update",
                        "free_text",
                        table,
                        details={"step": "seal-text", "table": table, "batch": number, "rows": n},
                    )
                return n

        while True:
            n = _with_retry(lambda: one_batch(number=batches + 1))  # noqa: B023 (called at once)
            if not n:
                break
            total += n
            batches += 1
            if progress:
                progress(table, total)
        done[table] = total
    return done


def compact(engine: Engine, tables: Iterable[str]) -> None:
    """Rewrite the store so the clear text `seal_existing` replaced leaves no copy on disk: SQLite
    keeps overwritten cells in free pages and the WAL until VACUUM and a checkpoint; PostgreSQL
    keeps the old row versions until VACUUM FULL rewrites the table. Takes exclusive locks: run it
    when the store is quiet."""
    names = [t for t in tables if t in SEALED_TEXT]
    if engine.dialect.name == "sqlite":
        raw = engine.raw_connection()  # outside any transaction (the engine begins IMMEDIATE ones)
        try:
            cursor = raw.cursor()
            for statement in ("PRAGMA wal_checkpoint(TRUNCATE)", "VACUUM", "PRAGMA wal_checkpoint(TRUNCATE)"):
                cursor.execute(statement)
            cursor.close()
        finally:
            raw.close()
    elif engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            for table in names:
                conn.exec_driver_sql(f'VACUUM FULL "{table}"')
