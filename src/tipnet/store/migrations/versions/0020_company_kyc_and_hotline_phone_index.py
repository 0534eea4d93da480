"""The bank's KYC of company account holders: registration number, date of incorporation, phone and
address (what goAML's `t_entity_my_client` needs when the bank reports its own customer); the blind
index of hotline reports' phone numbers (`hotline_phone_index`: keyed hashes, never the numbers); the
bank whose book an alert was detected in (`finance_alert.bank_org_id`) and what the alert is, hashed
(`finance_alert.fingerprint`: a run's alert ids restart at 000001 with every book).

Revision ID: 0020
Revises: 0019
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("company", schema=None) as batch_op:
        batch_op.add_column(sa.Column("registration_number", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("incorporated_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("phone", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("address", sa.String(length=1000), nullable=True))

    op.create_table(
        "hotline_phone_index",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("hotline_report_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("digest", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["hotline_report_id"],
            ["hotline_report.id"],
            name=op.f("fk_hotline_phone_index_hotline_report_id_hotline_report"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hotline_phone_index")),
    )
    with op.batch_alter_table("hotline_phone_index", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_hotline_phone_index_hotline_report_id"), ["hotline_report_id"], unique=False
        )
        batch_op.create_index("ix_hotline_phone_index_digest", ["digest"], unique=False)

    with op.batch_alter_table("finance_alert", schema=None) as batch_op:
        batch_op.add_column(sa.Column("bank_org_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("fingerprint", sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f("ix_finance_alert_fingerprint"), ["fingerprint"], unique=True)
        batch_op.create_index(batch_op.f("ix_finance_alert_bank_org_id"), ["bank_org_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_finance_alert_bank_org_id_organisation"),
            "organisation",
            ["bank_org_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("finance_alert", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_finance_alert_bank_org_id_organisation"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_finance_alert_bank_org_id"))
        batch_op.drop_index(batch_op.f("ix_finance_alert_fingerprint"))
        batch_op.drop_column("fingerprint")
        batch_op.drop_column("bank_org_id")

    with op.batch_alter_table("hotline_phone_index", schema=None) as batch_op:
        batch_op.drop_index("ix_hotline_phone_index_digest")
        batch_op.drop_index(batch_op.f("ix_hotline_phone_index_hotline_report_id"))
    op.drop_table("hotline_phone_index")

    with op.batch_alter_table("company", schema=None) as batch_op:
        batch_op.drop_column("address")
        batch_op.drop_column("phone")
        batch_op.drop_column("incorporated_on")
        batch_op.drop_column("registration_number")
