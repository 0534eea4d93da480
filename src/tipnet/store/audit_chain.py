"""The audit log's hash chain: each row stores SHA-256 over its own content and the previous row's hash.

Deleting, editing, inserting or reordering rows breaks the chain at the first row touched, which
`tipnet audit verify` reports. Kept in the store layer so the migration that chains existing rows and
the code that appends new ones hash the same bytes.

Locking (so two transactions never chain onto the same row): on PostgreSQL a transaction-level
advisory lock is taken before the last row is read and held until commit; on SQLite the writer lock
of the committing transaction serialises writers (a transaction whose snapshot is stale cannot write).
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

GENESIS = "0" * 64
# pg_advisory_xact_lock key: any constant that no other part of tipnet uses.
PG_LOCK_KEY = 0x7469706E  # "tipn"


def _when(at: datetime | str | None) -> str:
    if at is None:
        return ""
    if isinstance(at, str):  # raw SQLite text, e.g. from a migration's plain SELECT
        at = datetime.fromisoformat(at)
    return at.replace(tzinfo=None).isoformat(timespec="microseconds")


def row_digest(fields: dict[str, Any], prev_hash: str) -> str:
    """SHA-256 (hex) of a row's content and the previous row's hash, in a canonical JSON form."""
    details = fields.get("details") or {}
    if isinstance(details, str):
        details = json.loads(details)
    content = [
        prev_hash,
        _when(fields.get("at")),
        fields.get("actor"),
        fields.get("action"),
        fields.get("object_type"),
        fields.get("object_id"),
        fields.get("reason"),
        details,
        fields.get("case_id"),
    ]
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8", errors="surrogatepass")).hexdigest()


def lock_chain(session: Session) -> None:
    """Serialise appenders until this transaction ends (PostgreSQL; SQLite's writer lock does it)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_LOCK_KEY})
