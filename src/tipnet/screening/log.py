"""The screening log: every screening is recorded (who, when, which list versions, what hits) and
later the officer's decision on it. Only a digest of the query is kept, never the traveller's data."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import datetime

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from tipnet.matching.record import PersonRecord
from tipnet.screening.screen import Result
from tipnet.store.tables.watchlists import DECISIONS, WatchlistScreening, WatchlistScreeningHit


class DecisionError(ValueError):
    """A decision that cannot be recorded (unknown screening or decision); says why."""


def query_digest(record: PersonRecord, key: bytes | None = None) -> str:
    """A digest of the query's values: proves what was screened without storing it.

    Keyed (HMAC-SHA256 with the keyring's blind-index key) wherever a keyring exists: a plain hash
    of a name and birth date could be recomputed by anyone who knows them, to learn whether that
    person was screened. Unkeyed only where no keyring is at hand (tests, a bare library call)."""
    data = {
        "names": list(record.names),
        "birth_date": record.birth_date.iso() if record.birth_date else None,
        "nationalities": list(record.nationalities),
        "gender": record.gender,
        "documents": list(record.documents),
    }
    payload = json.dumps(data, sort_keys=True, ensure_ascii=False).encode()
    if key is not None:
        return hmac.new(key, b"screening query\x1f" + payload, hashlib.sha256).hexdigest()
    return hashlib.sha256(payload).hexdigest()


def record_screenings(
    engine: Engine,
    items: list[tuple[PersonRecord | None, Result, str | None]],
    *,
    actor: str,
    channel: str,
    key: bytes | None = None,
) -> list[int]:
    """Log a batch of screenings in one transaction; (record, result, reference) each. Returns ids.
    `key` keys the query digests (`query_digest`)."""
    rows = []
    with Session(engine) as session, session.begin():
        for record, result, ref in items:
            row = WatchlistScreening(
                actor=actor[:200],
                channel=channel[:32],
                query_ref=(ref or None) and ref[:200],
                query_digest=query_digest(record, key) if record is not None else "",
                list_versions={li.name: li.version for li in result.lists},
                threshold=result.threshold,
                hit_count=len(result.hits),
                at=datetime.now(),
            )
            row.hits = [
                WatchlistScreeningHit(rank=n, list_name=h.list, entry_id=h.entry_id, score=h.score)
                for n, h in enumerate(result.hits, 1)
            ]
            session.add(row)
            rows.append(row)
        session.flush()
        return [r.id for r in rows]


def record_screening(
    engine: Engine,
    record: PersonRecord,
    result: Result,
    *,
    actor: str,
    channel: str,
    ref: str | None = None,
    key: bytes | None = None,
) -> int:
    return record_screenings(engine, [(record, result, ref)], actor=actor, channel=channel, key=key)[0]


def record_decision(
    engine: Engine, screening_id: int, decision: str, *, actor: str, note: str | None = None
) -> None:
    """The officer's decision on a screening (no_match, possible_match, confirmed_match, referred)."""
    if decision not in DECISIONS:
        raise DecisionError(f"decision must be one of {', '.join(DECISIONS)}")
    with Session(engine) as session, session.begin():
        row = session.scalar(select(WatchlistScreening).where(WatchlistScreening.id == screening_id))
        if row is None:
            raise DecisionError(f"no screening {screening_id}")
        row.decision = decision
        row.decided_by = actor[:200]
        row.decided_at = datetime.now()
        row.decision_note = (note or None) and note[:500]
