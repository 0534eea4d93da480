"""text_secret: the sealed free text of hotline reports and cases (narratives, notes, caller phones).

The clear text already stored is sealed by `tipnet keys seal-text` (it needs the key file, which a
migration does not read): resumable, audited per batch.

Revision ID: 0009
Revises: 0008
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "text_secret",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("table_name", sa.String(length=32), nullable=False),
        sa.Column("row_id", sa.Integer(), nullable=False),
        sa.Column("key_version", sa.Integer(), nullable=False),
        sa.Column("nonce", sa.LargeBinary(length=16), nullable=False),
        sa.Column("ciphertext", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_text_secret")),
        sa.UniqueConstraint("table_name", "row_id", name="uq_text_secret_row"),
    )
    with op.batch_alter_table("text_secret", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_text_secret_key_version"), ["key_version"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("text_secret", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_text_secret_key_version"))
    op.drop_table("text_secret")
