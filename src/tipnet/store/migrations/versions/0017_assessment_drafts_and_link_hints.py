"""assessment_draft: an assessment interview kept between its steps, per person and author;
link_hint: a case worker's "same person" / "different person" on a likely duplicate, for the review.

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
    op.create_table(
        "link_hint",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid_l", sa.String(length=64), nullable=False),
        sa.Column("uid_r", sa.String(length=64), nullable=False),
        sa.Column("same_person", sa.Boolean(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("given_at", sa.DateTime(), nullable=False),
        sa.Column("decided", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["case.id"], name=op.f("fk_link_hint_case_id_case"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_link_hint")),
        sa.UniqueConstraint("uid_l", "uid_r", name="uq_link_hint_pair"),
    )
    with op.batch_alter_table("link_hint", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_link_hint_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_link_hint_decided"), ["decided"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("link_hint", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_link_hint_decided"))
        batch_op.drop_index(batch_op.f("ix_link_hint_case_id"))
    op.drop_table("link_hint")
    with op.batch_alter_table("assessment_draft", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_draft_case_person_id"))
    op.drop_table("assessment_draft")
