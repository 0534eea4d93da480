"""finance_threshold: each typology's queue threshold as tuned from FIU analysts' decisions (every
setting kept, with the decisions it rested on and who applied it).

Revision ID: 0016
Revises: 0015
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "finance_threshold",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("typology", sa.String(length=32), nullable=False),
        sa.Column("threshold", sa.Float(), nullable=False),
        sa.Column("previous", sa.Float(), nullable=False),
        sa.Column("decided", sa.Integer(), nullable=False),
        sa.Column("false_positives", sa.Integer(), nullable=False),
        sa.Column("escalated", sa.Integer(), nullable=False),
        sa.Column("why", sa.Text(), nullable=False),
        sa.Column("set_by", sa.String(length=200), nullable=False),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_finance_threshold")),
    )
    with op.batch_alter_table("finance_threshold", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_finance_threshold_typology"), ["typology"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("finance_threshold", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_finance_threshold_typology"))
    op.drop_table("finance_threshold")
