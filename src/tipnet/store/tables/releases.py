"""Tables of the privacy gate: each data set's yearly privacy budget and every differentially
private release that spent from it (the ledger). Budgets are in epsilon at a stated delta; a
release that would take a year's spend past the budget is refused before anything is computed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Float, Integer, String, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column

from tipnet.store.base import Base


class PrivacyBudget(Base):
    """The epsilon a data set may spend in a calendar year."""

    __tablename__ = "privacy_budget"
    __table_args__ = (UniqueConstraint("dataset", "year", name="uq_privacy_budget_dataset_year"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    dataset: Mapped[str] = mapped_column(String(200))
    year: Mapped[int] = mapped_column(Integer)
    epsilon: Mapped[float] = mapped_column(Float)
    set_by: Mapped[str] = mapped_column(String(200))
    set_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())


class PrivacySpend(Base):
    """One DP release: what it spent, on what data, made by whom, as what."""

    __tablename__ = "privacy_spend"
    id: Mapped[int] = mapped_column(primary_key=True)
    dataset: Mapped[str] = mapped_column(String(200), index=True)
    dataset_sha256: Mapped[str | None] = mapped_column(String(64))
    year: Mapped[int] = mapped_column(Integer, index=True)
    kind: Mapped[str] = mapped_column(String(32))  # synthetic | counts
    epsilon: Mapped[float] = mapped_column(Float)
    delta: Mapped[float] = mapped_column(Float)
    actor: Mapped[str] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
