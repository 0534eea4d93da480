"""partner_key: a partner's retired keys after a rotation in place (accepted until the end of the
overlap, kept after it so what they signed stays verifiable).

Revision ID: 0019
Revises: 0018
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "partner_key",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("sign_key", sa.String(length=64), nullable=False),
        sa.Column("box_key", sa.String(length=64), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("registered_at", sa.DateTime(), nullable=False),
        sa.Column("retired_at", sa.DateTime(), nullable=False),
        sa.Column("retired_by", sa.String(length=200), nullable=False),
        sa.Column("accept_until", sa.DateTime(), nullable=False),
        sa.Column("how", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["partner_id"], ["partner.id"], name=op.f("fk_partner_key_partner_id_partner"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_key")),
        sa.UniqueConstraint("fingerprint", name=op.f("uq_partner_key_fingerprint")),
    )
    with op.batch_alter_table("partner_key", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_partner_key_partner_id"), ["partner_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("partner_key", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_key_partner_id"))
    op.drop_table("partner_key")
