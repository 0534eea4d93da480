"""screening log: watchlist screenings, their hits and the officer's decision.

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "watchlist_screening",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("query_ref", sa.String(length=200), nullable=True),
        sa.Column("query_digest", sa.String(length=64), nullable=False),
        sa.Column("list_versions", sa.JSON(), nullable=False),
        sa.Column("threshold", sa.Float(), nullable=False),
        sa.Column("hit_count", sa.Integer(), nullable=False),
        sa.Column("decision", sa.String(length=32), nullable=True),
        sa.Column("decided_by", sa.String(length=200), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("decision_note", sa.String(length=500), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_watchlist_screening")),
    )
    op.create_index(op.f("ix_watchlist_screening_at"), "watchlist_screening", ["at"], unique=False)
    op.create_table(
        "watchlist_screening_hit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("screening_id", sa.Integer(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("list_name", sa.String(length=100), nullable=False),
        sa.Column("entry_id", sa.String(length=200), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["screening_id"],
            ["watchlist_screening.id"],
            name=op.f("fk_watchlist_screening_hit_screening_id_watchlist_screening"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_watchlist_screening_hit")),
    )
    op.create_index(
        op.f("ix_watchlist_screening_hit_screening_id"),
        "watchlist_screening_hit",
        ["screening_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_watchlist_screening_hit_screening_id"), table_name="watchlist_screening_hit")
    op.drop_table("watchlist_screening_hit")
    op.drop_index(op.f("ix_watchlist_screening_at"), table_name="watchlist_screening")
    op.drop_table("watchlist_screening")
