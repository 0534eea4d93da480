"""The screening log: every screening is recorded (who, which organisation, when in UTC, which list
versions, what hits and what possible matches for review) and later the officers' decisions on it, each a new row (the history is kept;
the tables are append-only in the database). Only a digest of the query is kept, never the
traveller's data. Only the organisation that screened may decide on a screening."""

from __future__ import annotations

import hashlib
import hmac
import json

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from tipnet.matching.record import PersonRecord
from tipnet.screening.screen import Result
from tipnet.store.tables.watchlists import (
    DECISIONS,
    WatchlistScreening,
    WatchlistScreeningDecision,
    WatchlistScreeningHit,
)
from tipnet.store.utc import utc_now


class DecisionError(ValueError):
    """A decision that cannot be recorded (unknown screening or decision); says why."""


class DecisionForbidden(DecisionError):
    """A decision on another organisation's screening (or an organisation-less one, by a non-admin)."""


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
    org_id: int | None = None,
) -> list[int]:
    """Log a batch of screenings in one transaction; (record, result, reference) each. Returns ids.
    `key` keys the query digests (`query_digest`); `org_id` is the officer's organisation."""
    rows = []
    with Session(engine) as session, session.begin():
        for record, result, ref in items:
            row = WatchlistScreening(
                actor=actor[:200],
                org_id=org_id,
                channel=channel[:32],
                query_ref=(ref or None) and ref[:200],
                query_digest=query_digest(record, key) if record is not None else "",
                list_versions={li.name: li.version for li in result.lists},
                threshold=result.threshold,
                hit_count=len(result.hits),
                at=utc_now(),
            )
            # the hits, then the review band the officer was shown too (ranked after the hits; a row
            # scored below the screening's threshold is a possible match for review, not a hit)
            row.hits = [
                WatchlistScreeningHit(rank=n, list_name=h.list, entry_id=h.entry_id, score=h.score)
                for n, h in enumerate([*result.hits, *result.review], 1)
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
    org_id: int | None = None,
) -> int:
    return record_screenings(
        engine, [(record, result, ref)], actor=actor, channel=channel, key=key, org_id=org_id
    )[0]


def record_decision(
    engine: Engine,
    screening_id: int,
    decision: str,
    *,
    actor: str,
    note: str | None = None,
    org_id: int | None = None,
    admin: bool = False,
) -> int:
    """Add a decision (no_match, possible_match, confirmed_match, referred) to a screening's history;
    returns its id. With `org_id` (the deciding officer's organisation; the API always gives it) the
    screening must be that organisation's: DecisionForbidden otherwise, and for a screening without
    an organisation (the CLI's, or logged before organisations were recorded) unless `admin`. The
    message does not say whose screening it is."""
    if decision not in DECISIONS:
        raise DecisionError(f"decision must be one of {', '.join(DECISIONS)}")
    with Session(engine) as session, session.begin():
        row = session.scalar(select(WatchlistScreening).where(WatchlistScreening.id == screening_id))
        if row is None:
            raise DecisionError(f"no screening {screening_id}")
        if org_id is not None and not (row.org_id == org_id or (row.org_id is None and admin)):
            raise DecisionForbidden(f"screening {screening_id} was not made by your organisation")
        made = WatchlistScreeningDecision(
            screening_id=row.id,
            decision=decision,
            decided_by=actor[:200],
            org_id=org_id,
            at=utc_now(),
            note=(note or None) and note[:500],
        )
        session.add(made)
        session.flush()
        return made.id
