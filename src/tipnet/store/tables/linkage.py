"""Tables of linkage on the store: runs, resolved identities and their member records, the scored
pairs (links and the review band) with their evidence, and analysts' decisions.

No personal values are stored here: records are named by uid (`person:123`, `watchlist:45`), the
trained model holds only m/u probabilities, and the training data is kept as the list of uids and a
SHA-256 of their prepared content, so a run can be checked against the data it was trained on.
Decisions outlive runs: every later run passes them to the resolver, where they override the model.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tipnet.store.base import Base

PAIR_STATUSES = ("link", "review", "rejected")


class LinkRun(Base):
    """One linkage run over the store: its settings, counts, trained model and training data digest."""

    __tablename__ = "link_run"
    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[datetime] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(200))
    engine: Mapped[str] = mapped_column(String(16))
    threshold: Mapped[float] = mapped_column(Float)
    review_low: Mapped[float] = mapped_column(Float)
    records: Mapped[int] = mapped_column(Integer, default=0)
    rejected: Mapped[int] = mapped_column(Integer, default=0)
    pairs: Mapped[int] = mapped_column(Integer, default=0)
    identities: Mapped[int] = mapped_column(Integer, default=0)
    model: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    training_report: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    training_uids: Mapped[list[str]] = mapped_column(JSON, default=list)
    training_sha256: Mapped[str | None] = mapped_column(String(64))


class ResolvedIdentity(Base):
    """A person as linkage resolved them across sources; the id is stable across runs."""

    __tablename__ = "resolved_identity"
    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    first_run_id: Mapped[int | None] = mapped_column(
        ForeignKey("link_run.id", ondelete="SET NULL"), index=True
    )
    last_run_id: Mapped[int | None] = mapped_column(
        ForeignKey("link_run.id", ondelete="SET NULL"), index=True
    )
    members: Mapped[int] = mapped_column(Integer, default=0)


class IdentityMember(Base):
    """One record (a store person or a watchlist entry) and the identity it belongs to."""

    __tablename__ = "identity_member"
    uid: Mapped[str] = mapped_column(String(64), primary_key=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    watchlist_entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("watchlist_entry.id", ondelete="CASCADE"), index=True
    )
    identity_id: Mapped[str] = mapped_column(
        ForeignKey("resolved_identity.id", ondelete="CASCADE"), index=True
    )
    dataset: Mapped[str] = mapped_column(String(140))


class LinkPair(Base):
    """A scored pair of the latest run: a link, a pair of the review band, or one an analyst rejected.
    `evidence` is the waterfall: [{feature, level, bits}]."""

    __tablename__ = "link_pair"
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("link_run.id", ondelete="CASCADE"), index=True)
    uid_l: Mapped[str] = mapped_column(String(64), index=True)
    uid_r: Mapped[str] = mapped_column(String(64), index=True)
    match_probability: Mapped[float] = mapped_column(Float)
    match_weight: Mapped[float] = mapped_column(Float)
    evidence: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(8), index=True)


class LinkDecision(Base):
    """An analyst's verdict on a pair (uids ordered, uid_l < uid_r); kept across runs."""

    __tablename__ = "link_decision"
    __table_args__ = (UniqueConstraint("uid_l", "uid_r", name="uq_link_decision_pair"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    uid_l: Mapped[str] = mapped_column(String(64))
    uid_r: Mapped[str] = mapped_column(String(64))
    accept: Mapped[bool] = mapped_column(Boolean)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    actor: Mapped[str] = mapped_column(String(200))
    decided_at: Mapped[datetime] = mapped_column(DateTime)
    reason: Mapped[str | None] = mapped_column(String(500))


class LinkHint(Base):
    """A case worker's statement, while registering a person, that a likely duplicate is "the same
    person" or "a different person" (uids ordered, uid_l < uid_r), with the matching core's score
    then. A hint, not a decision: the link review shows it first and an analyst decides."""

    __tablename__ = "link_hint"
    __table_args__ = (UniqueConstraint("uid_l", "uid_r", name="uq_link_hint_pair"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    uid_l: Mapped[str] = mapped_column(String(64))
    uid_r: Mapped[str] = mapped_column(String(64))
    same_person: Mapped[bool] = mapped_column(Boolean)
    score: Mapped[float] = mapped_column(Float)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    actor: Mapped[str] = mapped_column(String(200))
    given_at: Mapped[datetime] = mapped_column(DateTime)
    decided: Mapped[bool] = mapped_column(Boolean, default=False, index=True)


Index("ix_link_pair_pair", LinkPair.uid_l, LinkPair.uid_r)
