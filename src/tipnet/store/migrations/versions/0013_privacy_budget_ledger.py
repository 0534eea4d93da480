"""privacy_budget, privacy_spend: the privacy gate's yearly budgets and ledger of DP releases.

Revision ID: 0013
Revises: 0012
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "privacy_budget",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dataset", sa.String(length=200), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("epsilon", sa.Float(), nullable=False),
        sa.Column("set_by", sa.String(length=200), nullable=False),
        sa.Column("set_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_privacy_budget")),
        sa.UniqueConstraint("dataset", "year", name="uq_privacy_budget_dataset_year"),
    )
    op.create_table(
        "privacy_spend",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dataset", sa.String(length=200), nullable=False),
        sa.Column("dataset_sha256", sa.String(length=64), nullable=True),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("epsilon", sa.Float(), nullable=False),
        sa.Column("delta", sa.Float(), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_privacy_spend")),
    )
    op.create_index(op.f("ix_privacy_spend_dataset"), "privacy_spend", ["dataset"], unique=False)
    op.create_index(op.f("ix_privacy_spend_year"), "privacy_spend", ["year"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_privacy_spend_year"), table_name="privacy_spend")
    op.drop_index(op.f("ix_privacy_spend_dataset"), table_name="privacy_spend")
    op.drop_table("privacy_spend")
    op.drop_table("privacy_budget")
