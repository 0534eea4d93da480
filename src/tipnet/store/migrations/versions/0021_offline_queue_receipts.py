"""The browser's offline queue: a per-session secret its forms are encrypted with
(`user_session.queue_key`) and the receipts of forms sent with an idempotency key (`form_receipt`),
so that a queued form sent twice is applied once (`digest`: what the form said, so that the key
sent again with another form is refused, not taken for the first).

Revision ID: 0021
Revises: 0020
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("user_session", schema=None) as batch_op:
        batch_op.add_column(sa.Column("queue_key", sa.String(length=64), nullable=True))
    op.create_table(
        "form_receipt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("path", sa.String(length=300), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("location", sa.String(length=1000), nullable=True),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_form_receipt_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_form_receipt")),
        sa.UniqueConstraint("user_id", "key", name="uq_form_receipt_user_key"),
    )
    with op.batch_alter_table("form_receipt", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_form_receipt_user_id"), ["user_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_form_receipt_received_at"), ["received_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("form_receipt", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_form_receipt_received_at"))
        batch_op.drop_index(batch_op.f("ix_form_receipt_user_id"))
    op.drop_table("form_receipt")
    with op.batch_alter_table("user_session", schema=None) as batch_op:
        batch_op.drop_column("queue_key")
