"""finance alert queue: alerts from `tipnet finance detect`, their accounts and roles, evidence
transactions, and every review decision of an FIU analyst (kept, never overwritten).

Revision ID: 0010
Revises: 0009
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "finance_alert",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("alert_key", sa.String(length=64), nullable=False),
        sa.Column("typology", sa.String(length=32), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("assignee", sa.String(length=200), nullable=True),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["case.id"], name=op.f("fk_finance_alert_case_id_case"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_finance_alert")),
        sa.UniqueConstraint("alert_key", name=op.f("uq_finance_alert_alert_key")),
    )
    with op.batch_alter_table("finance_alert", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_finance_alert_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_finance_alert_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_finance_alert_typology"), ["typology"], unique=False)

    op.create_table(
        "finance_alert_account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("alert_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.String(length=64), nullable=False),
        sa.Column("holder_name", sa.String(length=300), nullable=True),
        sa.Column("holder_type", sa.String(length=16), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["alert_id"],
            ["finance_alert.id"],
            name=op.f("fk_finance_alert_account_alert_id_finance_alert"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_finance_alert_account")),
    )
    with op.batch_alter_table("finance_alert_account", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_finance_alert_account_account_id"), ["account_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_finance_alert_account_alert_id"), ["alert_id"], unique=False)

    op.create_table(
        "finance_alert_decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("alert_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("comment", sa.String(length=2000), nullable=True),
        sa.ForeignKeyConstraint(
            ["alert_id"],
            ["finance_alert.id"],
            name=op.f("fk_finance_alert_decision_alert_id_finance_alert"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_finance_alert_decision_user_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_finance_alert_decision")),
    )
    with op.batch_alter_table("finance_alert_decision", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_finance_alert_decision_alert_id"), ["alert_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_finance_alert_decision_user_id"), ["user_id"], unique=False)

    op.create_table(
        "finance_alert_evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("alert_id", sa.Integer(), nullable=False),
        sa.Column("tx_id", sa.String(length=100), nullable=False),
        sa.Column("booked_at", sa.DateTime(), nullable=False),
        sa.Column("from_account", sa.String(length=64), nullable=True),
        sa.Column("to_account", sa.String(length=64), nullable=True),
        sa.Column("amount", sa.Numeric(precision=24, scale=4), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("usd", sa.Numeric(precision=24, scale=4), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["alert_id"],
            ["finance_alert.id"],
            name=op.f("fk_finance_alert_evidence_alert_id_finance_alert"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_finance_alert_evidence")),
    )
    with op.batch_alter_table("finance_alert_evidence", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_finance_alert_evidence_alert_id"), ["alert_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("finance_alert_evidence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_finance_alert_evidence_alert_id"))

    op.drop_table("finance_alert_evidence")
    with op.batch_alter_table("finance_alert_decision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_finance_alert_decision_user_id"))
        batch_op.drop_index(batch_op.f("ix_finance_alert_decision_alert_id"))

    op.drop_table("finance_alert_decision")
    with op.batch_alter_table("finance_alert_account", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_finance_alert_account_alert_id"))
        batch_op.drop_index(batch_op.f("ix_finance_alert_account_account_id"))

    op.drop_table("finance_alert_account")
    with op.batch_alter_table("finance_alert", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_finance_alert_typology"))
        batch_op.drop_index(batch_op.f("ix_finance_alert_status"))
        batch_op.drop_index(batch_op.f("ix_finance_alert_case_id"))

    op.drop_table("finance_alert")
