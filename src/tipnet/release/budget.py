"""The privacy budget ledger: every DP release spends epsilon against the data set it came from, and
a release that would take the year's spend past the budget is refused, with the figures.

Epsilons add up (basic composition): a conservative reading the committee can check by hand. The
check and the spend happen in one transaction, with the budget row locked where the database can,
so two releases at once cannot both squeeze under the limit."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tipnet.errors import TipnetError
from tipnet.store.tables.releases import PrivacyBudget, PrivacySpend

DEFAULT_YEARLY_EPSILON = 10.0


class BudgetExceeded(TipnetError):
    """A release would spend more than the year's budget left."""


@dataclass(frozen=True)
class Standing:
    dataset: str
    year: int
    budget: float
    spent: float

    @property
    def left(self) -> float:
        return max(0.0, self.budget - self.spent)


def set_budget(session: Session, dataset: str, year: int, epsilon: float, actor: str) -> None:
    if epsilon <= 0:
        raise ValueError("a budget is a positive epsilon")
    row = session.scalar(
        select(PrivacyBudget).where(PrivacyBudget.dataset == dataset, PrivacyBudget.year == year)
    )
    if row is None:
        session.add(PrivacyBudget(dataset=dataset, year=year, epsilon=epsilon, set_by=actor))
    else:
        row.epsilon, row.set_by = epsilon, actor


def standing(session: Session, dataset: str, year: int, lock: bool = False) -> Standing:
    q = select(PrivacyBudget).where(PrivacyBudget.dataset == dataset, PrivacyBudget.year == year)
    if lock:
        q = q.with_for_update()
    row = session.scalar(q)
    spent = session.scalar(
        select(func.coalesce(func.sum(PrivacySpend.epsilon), 0.0)).where(
            PrivacySpend.dataset == dataset, PrivacySpend.year == year
        )
    )
    return Standing(dataset, year, row.epsilon if row else DEFAULT_YEARLY_EPSILON, float(spent or 0.0))


def spend(
    session: Session,
    dataset: str,
    year: int,
    kind: str,
    epsilon: float,
    delta: float,
    actor: str,
    sha256: str | None = None,
    note: str | None = None,
) -> Standing:
    """Record a release's spend, or raise BudgetExceeded (nothing recorded) with the figures."""
    if epsilon <= 0:
        raise ValueError("epsilon must be positive")
    exists = session.scalar(
        select(PrivacyBudget.id).where(PrivacyBudget.dataset == dataset, PrivacyBudget.year == year)
    )
    if exists is None:  # a row to lock: the default budget, written down
        session.add(
            PrivacyBudget(dataset=dataset, year=year, epsilon=DEFAULT_YEARLY_EPSILON, set_by="default")
        )
        session.flush()
    now = standing(session, dataset, year, lock=True)
    if now.spent + epsilon > now.budget + 1e-12:
        raise BudgetExceeded(
            f"refused: {kind} at epsilon {epsilon:g} on {dataset!r} would bring {year}'s spend to "
            f"{now.spent + epsilon:g} of a budget of {now.budget:g} ({now.left:g} left)"
        )
    session.add(
        PrivacySpend(
            dataset=dataset,
            year=year,
            kind=kind,
            epsilon=epsilon,
            delta=delta,
            actor=actor,
            dataset_sha256=sha256,
            note=note,
        )
    )
    session.flush()
    return Standing(dataset, year, now.budget, now.spent + epsilon)
