"""assessment_draft: an assessment interview kept between its steps, per person and author.

Revision ID: 0017
Revises: 0016
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "assessment_draft",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_person_id", sa.Integer(), nullable=False),
        sa.Column("author", sa.String(length=100), nullable=False),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_person_id"],
            ["case_person.id"],
            name=op.f("fk_assessment_draft_case_person_id_case_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_draft")),
        sa.UniqueConstraint("case_person_id", "author", name="uq_assessment_draft_author"),
    )
    with op.batch_alter_table("assessment_draft", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_assessment_draft_case_person_id"), ["case_person_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("assessment_draft", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_draft_case_person_id"))
    op.drop_table("assessment_draft")
