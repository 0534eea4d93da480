"""case_assignment: the worker of each organisation who works a case ("my cases", reassignment);
approval_request and organisation.approvals: the steps a supervisor signs off, per organisation;
user_account.email: where reminders of overdue work go; organisation.org_Name_km: its Khmer name;
referral.opened_case_id: the receiver's own case opened from a referral.

Revision ID: 0014
Revises: 0013
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "case_assignment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("assigned_at", sa.DateTime(), nullable=False),
        sa.Column("assigned_by", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["case.id"], name=op.f("fk_case_assignment_case_id_case"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organisation.id"],
            name=op.f("fk_case_assignment_org_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_case_assignment_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_assignment")),
        sa.UniqueConstraint("case_id", "org_id", name="uq_case_assignment_case_id"),
    )
    for column in ("case_id", "org_id", "user_id"):
        op.create_index(op.f(f"ix_case_assignment_{column}"), "case_assignment", [column], unique=False)
    # Added and dropped in place (no table rebuild on SQLite: these tables are referenced by others).
    op.add_column("organisation", sa.Column("approvals", sa.JSON(), nullable=True))
    op.add_column("organisation", sa.Column("org_Name_km", sa.String(length=300), nullable=True))
    op.add_column("user_account", sa.Column("email", sa.String(length=320), nullable=True))
    op.add_column("referral", sa.Column("opened_case_id", sa.Integer(), nullable=True))
    op.create_index(op.f("ix_referral_opened_case_id"), "referral", ["opened_case_id"], unique=False)
    op.create_table(
        "approval_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("case_person_id", sa.Integer(), nullable=True),
        sa.Column("step", sa.String(length=32), nullable=False),
        sa.Column("value", sa.String(length=64), nullable=False),
        sa.Column("requested_by", sa.String(length=100), nullable=False),
        sa.Column("requested_at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("decided_by", sa.String(length=100), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["case.id"], name=op.f("fk_approval_request_case_id_case"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["case_person_id"],
            ["case_person.id"],
            name=op.f("fk_approval_request_case_person_id_case_person"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organisation.id"],
            name=op.f("fk_approval_request_org_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_approval_request")),
    )
    for column in ("case_id", "org_id", "case_person_id"):
        op.create_index(op.f(f"ix_approval_request_{column}"), "approval_request", [column], unique=False)


def downgrade() -> None:
    for column in ("case_person_id", "org_id", "case_id"):
        op.drop_index(op.f(f"ix_approval_request_{column}"), table_name="approval_request")
    op.drop_table("approval_request")
    op.drop_index(op.f("ix_referral_opened_case_id"), table_name="referral")
    for table, column in (
        ("referral", "opened_case_id"),
        ("user_account", "email"),
        ("organisation", "org_Name_km"),
        ("organisation", "approvals"),
    ):
        op.execute(f'ALTER TABLE {table} DROP COLUMN "{column}"')
    for column in ("user_id", "org_id", "case_id"):
        op.drop_index(op.f(f"ix_case_assignment_{column}"), table_name="case_assignment")
    op.drop_table("case_assignment")
