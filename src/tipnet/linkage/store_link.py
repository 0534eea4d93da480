"""`tipnet link store`: resolve every person record of the store (and the watchlist entries) into
identities, and keep the result in the store.

The run reads the records (unsealing victims, with one audit event), trains and scores with the
linkage core, applies the analysts' decisions, gives clusters stable ids, and replaces the previous
run's members and pairs in ONE transaction, so readers see either the old run or the new one.
What readers see of the result, and the analysts' review of its pairs: tipnet.linkage.store_review.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, delete, insert, select, update
from sqlalchemy.orm import Session

from tipnet.linkage.records import Prepared, prepare_table, table_digest
from tipnet.linkage.resolve import Decision, Options, Resolution, resolve
from tipnet.linkage.stable_ids import assign_ids
from tipnet.linkage.store_records import Extraction, audit_read, store_records
from tipnet.security.keys import Keyring
from tipnet.store.tables.linkage import IdentityMember, LinkDecision, LinkPair, LinkRun, ResolvedIdentity

SYSTEM_ACTOR = "system:link"
Progress = Callable[[str], None]


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass
class LinkSummary:
    """What a run did, in counts (printed by the command, returned to callers)."""

    run_id: int
    records: int
    persons: int
    sealed: int
    watchlist_entries: int
    rejected: int
    pairs: int
    links: int
    review: int
    decisions: int
    identities: int
    merged_identities: int  # identities of two or more records
    kept_ids: int  # identities whose id the previous run already used
    new_ids: int
    timings: dict[str, float] = field(default_factory=dict)
    rejected_by_field: dict[str, int] = field(default_factory=dict)


def load_decisions(session: Session) -> list[Decision]:
    return [
        Decision(a, b, bool(ok))
        for a, b, ok in session.execute(select(LinkDecision.uid_l, LinkDecision.uid_r, LinkDecision.accept))
    ]


def pair_status(res: Resolution, pair: Any) -> str:
    verdict = res.decisions.get(pair.key)
    if verdict is False:
        return "rejected"
    return "link" if res.is_link(pair) else "review"


def run_link(
    target: Engine | Session,
    *,
    options: Options | None = None,
    actor: str = SYSTEM_ACTOR,
    reason: str | None = None,
    progress: Progress | None = None,
    ring: Keyring | None = None,
    watchlists: bool = True,
) -> LinkSummary:
    """Resolve the store and write the run. With an Engine the result commits in one transaction of
    its own; with a Session it is flushed into the caller's transaction."""
    opts = options or Options()
    if isinstance(target, Session):
        return _run(target, target, opts, actor, reason, progress, ring, watchlists, own=False)
    with Session(target) as reader, Session(target) as writer:
        return _run(reader, writer, opts, actor, reason, progress, ring, watchlists, own=True)


def _run(
    reader: Session,
    writer: Session,
    opts: Options,
    actor: str,
    reason: str | None,
    progress: Progress | None,
    ring: Keyring | None,
    watchlists: bool,
    *,
    own: bool,
) -> LinkSummary:
    say = progress or (lambda _m: None)
    started = _now()
    timings: dict[str, float] = {}
    t = time.perf_counter()
    say("reading the store")
    ext = Extraction()
    records = list(store_records(reader, ext, ring=ring, watchlists=watchlists))
    # Names are prepared on every core (romanizing is the slow part); workers are forked after the
    # read, and never touch the database.
    prepared = prepare_table(records, workers=os.cpu_count() or 1)
    rejected = prepared.rejected
    del records
    if own:
        reader.rollback()  # end the read transaction before the long resolve
    timings["read_s"] = time.perf_counter() - t
    say(f"{len(prepared) + len(rejected)} records read")
    decisions = load_decisions(writer)
    res: Resolution | None = None
    try:
        if len(prepared) >= 2:
            res = resolve([prepared], opts, decisions, progress=say)
            timings.update(res.timings)
    except Exception:
        # The sealed persons were opened even though the run failed: that read is audited anyway.
        if own:
            writer.rollback()
        audit_read(writer, actor, None, ext, reason)
        writer.commit() if own else writer.flush()
        raise
    clusters = dict(res.clusters) if res else {}
    for uid in ext.members:
        clusters.setdefault(uid, uid)  # rejected records (no name) stand alone
    t = time.perf_counter()
    say("writing identities and pairs")
    summary = _write(writer, ext, prepared, clusters, res, opts, actor, started, len(decisions))
    audit_read(writer, actor, summary.run_id, ext, reason)
    writer.commit() if own else writer.flush()
    timings["write_s"] = time.perf_counter() - t
    summary.timings = {k: round(v, 3) for k, v in timings.items()}
    return summary


def _write(
    session: Session,
    ext: Extraction,
    prepared: Prepared,
    clusters: dict[str, str],
    res: Resolution | None,
    opts: Options,
    actor: str,
    started: datetime,
    decisions: int,
) -> LinkSummary:
    previous = dict(session.execute(select(IdentityMember.uid, IdentityMember.identity_id)).all())
    known = set(session.scalars(select(ResolvedIdentity.id)))
    ids = assign_ids(clusters, previous, known)
    sizes: dict[str, int] = {}
    for ident in ids.values():
        sizes[ident] = sizes.get(ident, 0) + 1
    run = LinkRun(
        started_at=started,
        actor=actor[:200],
        engine=opts.engine,
        threshold=opts.threshold,
        review_low=opts.review_low,
        records=len(ext.members),
        rejected=len(prepared.rejected),
        pairs=len(res.pairs) if res else 0,
        identities=len(sizes),
        model=res.model.splink if res else {},
        training_report=res.training.to_dict() if res and res.training else {},
        training_uids=sorted(prepared.table["unique_id"].to_pylist()),
        training_sha256=table_digest([prepared.table]),
    )
    session.add(run)
    session.flush()
    session.execute(delete(LinkPair))
    session.execute(delete(IdentityMember))
    old_ids = previous.values()
    session.execute(update(ResolvedIdentity).values(members=0))
    existing = known & set(sizes)
    for ident in sorted(existing):
        session.execute(
            update(ResolvedIdentity)
            .where(ResolvedIdentity.id == ident)
            .values(last_run_id=run.id, members=sizes[ident])
        )
    fresh = sorted(set(sizes) - known)
    _bulk(
        session,
        ResolvedIdentity,
        [{"id": i, "first_run_id": run.id, "last_run_id": run.id, "members": sizes[i]} for i in fresh],
    )
    _bulk(
        session,
        IdentityMember,
        [
            {
                "uid": m.uid,
                "person_id": m.person_id,
                "watchlist_entry_id": m.watchlist_entry_id,
                "identity_id": ids[m.uid],
                "dataset": m.dataset[:140],
            }
            for m in sorted(ext.members.values(), key=lambda member: member.uid)
        ],
    )
    statuses = {"link": 0, "review": 0, "rejected": 0}
    pair_rows = []
    if res is not None:
        for p in res.pairs:
            status = pair_status(res, p)
            statuses[status] += 1
            a, b = p.key
            pair_rows.append(
                {
                    "run_id": run.id,
                    "uid_l": a,
                    "uid_r": b,
                    "match_probability": p.probability,
                    "match_weight": p.weight,
                    "evidence": [e.to_dict() for e in res.model.evidence(p)],
                    "status": status,
                }
            )
    _bulk(session, LinkPair, pair_rows)
    run.finished_at = _now()
    by_field: dict[str, int] = {}
    for r in prepared.rejected:
        by_field[r.field] = by_field.get(r.field, 0) + 1
    return LinkSummary(
        run_id=run.id,
        records=len(ext.members),
        persons=ext.persons,
        sealed=ext.sealed,
        watchlist_entries=ext.watchlist_entries,
        rejected=len(prepared.rejected),
        pairs=len(pair_rows),
        links=statuses["link"],
        review=statuses["review"],
        decisions=decisions,
        identities=len(sizes),
        merged_identities=sum(1 for n in sizes.values() if n > 1),
        kept_ids=len(set(sizes) & set(old_ids)),
        new_ids=len(set(sizes) - set(old_ids)),
        rejected_by_field=by_field,
    )


def _bulk(session: Session, table: type, rows: list[dict[str, Any]], batch: int = 5000) -> None:
    for i in range(0, len(rows), batch):
        session.execute(insert(table), rows[i : i + batch])
