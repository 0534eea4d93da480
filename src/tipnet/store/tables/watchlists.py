"""Tables of watchlist screening: the lists and their entries (versioned, so a screening names the
list versions it ran against), every screening (who, when, list versions, hits) and the officer's
decision.

The traveller's particulars are not stored, only a digest of the query, so the log proves what was
screened without becoming a second register of travellers.

The log is append-only in the database itself (migration 0008: triggers refuse UPDATE and DELETE on
both databases, and INSERT OR REPLACE over an existing row on SQLite): a decision is a new row of
watchlist_screening_decision, never an overwritten column. Timestamps are aware UTC (UTCDateTime).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tipnet.store.base import Base, fk_column
from tipnet.store.utc import UTCDateTime, utc_now

DECISIONS = ("no_match", "possible_match", "confirmed_match", "referred")


class Watchlist(Base):
    __tablename__ = "watchlist"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    version: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime | None] = mapped_column(DateTime)


class WatchlistEntry(Base):
    __tablename__ = "watchlist_entry"
    __table_args__ = (UniqueConstraint("watchlist_id", "entry_id", name="uq_watchlist_entry_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    watchlist_id: Mapped[int] = fk_column("watchlist.id", nullable=False)
    entry_id: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(600))
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    birth_date: Mapped[str | None] = mapped_column(String(10))
    nationality: Mapped[str | None] = mapped_column(String(3))
    gender: Mapped[str | None] = mapped_column(String(32))
    document_number: Mapped[str | None] = mapped_column(String(64), index=True)
    # Every nationality and document where there are several (FollowTheMoney); None: the one above.
    nationalities: Mapped[list[str] | None] = mapped_column(JSON)
    documents: Mapped[list[str] | None] = mapped_column(JSON)
    topics: Mapped[list[str]] = mapped_column(JSON, default=list)
    content_hash: Mapped[str] = mapped_column(String(64))
    added_in_version: Mapped[int] = mapped_column(Integer, default=1)
    changed_in_version: Mapped[int] = mapped_column(Integer, default=1)


class WatchlistScreening(Base):
    """One screening of one person against the lists at their versions."""

    __tablename__ = "watchlist_screening"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, index=True)
    actor: Mapped[str] = mapped_column(String(200))
    # The screening officer's organisation (None: the CLI, or screenings logged before 0008).
    org_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    channel: Mapped[str] = mapped_column(String(32))  # api, batch, border, cli
    query_ref: Mapped[str | None] = mapped_column(String(200))  # manifest line, passenger reference
    query_digest: Mapped[str] = mapped_column(String(64))
    list_versions: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    threshold: Mapped[float] = mapped_column(Float)
    hit_count: Mapped[int] = mapped_column(Integer, default=0)
    hits: Mapped[list[WatchlistScreeningHit]] = relationship(
        back_populates="screening", order_by="WatchlistScreeningHit.rank"
    )
    decisions: Mapped[list[WatchlistScreeningDecision]] = relationship(
        back_populates="screening", order_by="WatchlistScreeningDecision.id"
    )


class WatchlistScreeningDecision(Base):
    """One decision on a screening; a later decision is a new row (the history is kept)."""

    __tablename__ = "watchlist_screening_decision"
    id: Mapped[int] = mapped_column(primary_key=True)
    screening_id: Mapped[int] = mapped_column(ForeignKey("watchlist_screening.id"), index=True)
    decision: Mapped[str] = mapped_column(String(32))
    decided_by: Mapped[str] = mapped_column(String(200))
    org_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    note: Mapped[str | None] = mapped_column(String(500))
    screening: Mapped[WatchlistScreening] = relationship(back_populates="decisions")


class WatchlistScreeningHit(Base):
    """One hit of a screening: which entry of which list, its score and rank."""

    __tablename__ = "watchlist_screening_hit"
    id: Mapped[int] = mapped_column(primary_key=True)
    screening_id: Mapped[int] = mapped_column(
        ForeignKey("watchlist_screening.id", ondelete="CASCADE"), index=True
    )
    rank: Mapped[int] = mapped_column(Integer)
    list_name: Mapped[str] = mapped_column(String(100))
    entry_id: Mapped[str] = mapped_column(String(200))
    score: Mapped[float] = mapped_column(Float)
    screening: Mapped[WatchlistScreening] = relationship(back_populates="hits")
