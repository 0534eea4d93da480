"""advert screening: the deceptive-recruitment verdict of each stored job advert (issue 16).

Revision ID: 0012
Revises: 0011
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "advert_screening",
        sa.Column("job_advert_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.String(length=64), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=True),
        sa.Column("deceptive", sa.Boolean(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("flags", sa.JSON(), nullable=False),
        sa.Column("salary_usd", sa.Float(), nullable=True),
        sa.Column("contacts", sa.JSON(), nullable=False),
        sa.Column("screened_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["job_advert_id"],
            ["job_advert.id"],
            name=op.f("fk_advert_screening_job_advert_id_job_advert"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("job_advert_id", name=op.f("pk_advert_screening")),
    )


def downgrade() -> None:
    op.drop_table("advert_screening")
