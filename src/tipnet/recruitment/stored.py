"""Screening the store's adverts: every advert without a verdict of the current screener gets one
(table advert_screening), in batches, so that ingestion (`tipnet ingest`), the demo and the analysts'
page share one set of verdicts instead of screening again on every read."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from tipnet.recruitment.contacts import node_key
from tipnet.recruitment.screen import Screener, Verdict
from tipnet.store.tables.adverts import AdvertScreening, JobAdvert

BATCH = 500


def _row(advert_id: int, v: Verdict, version: str, now: datetime) -> AdvertScreening:
    return AdvertScreening(
        job_advert_id=advert_id,
        version=version,
        language=v.language,
        deceptive=v.deceptive,
        score=round(v.score, 6),
        flags=[{"code": f.code, "evidence": f.evidence} for f in v.flags],
        salary_usd=v.salary_usd,
        # With each contact its network node (contacts.node_key: "phone:+855...", "telegram:name"), so
        # the network reads recruiters' handles without re-deriving them.
        contacts=[
            {"kind": c.kind, "value": c.value, **({"node": ":".join(k)} if (k := node_key(c)) else {})}
            for c in v.contacts
        ],
        screened_at=now,
    )


def pending(session: Session, version: str, limit: int) -> list[JobAdvert]:
    """Adverts with no verdict, or one of another screener version."""
    q = (
        select(JobAdvert)
        .outerjoin(AdvertScreening, AdvertScreening.job_advert_id == JobAdvert.id)
        .where((AdvertScreening.job_advert_id.is_(None)) | (AdvertScreening.version != version))
        .order_by(JobAdvert.id)
        .limit(limit)
    )
    return list(session.scalars(q))


def screen_stored(
    engine: Engine, screener: Screener, *, progress: Callable[[int], None] | None = None
) -> int:
    """Screen every stored advert lacking a current verdict; the number screened."""
    done = 0
    while True:
        with Session(engine) as session, session.begin():
            batch = pending(session, screener.version, BATCH)
            if not batch:
                return done
            verdicts = screener.screen_batch(
                [(str(a.id), a.body, a.language or None) for a in batch], with_contacts=True
            )
            now = datetime.now(UTC).replace(tzinfo=None)
            for a, v in zip(batch, verdicts, strict=True):
                old = session.get(AdvertScreening, a.id)
                if old is not None:
                    session.delete(old)
                    session.flush()
                session.add(_row(a.id, v, screener.version, now))
        done += len(batch)
        if progress is not None:
            progress(done)
