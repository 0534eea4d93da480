"""Financial records in the store: `company` (account holders that are companies, never persons),
the account's holder type, company and country, and cash legs in `transaction` (a nullable
counterparty account, a wider channel, the amount in the reporting currency).

Revision ID: 0018
Revises: 0017
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "company",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_record_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=300), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.ForeignKeyConstraint(
            ["source_record_id"],
            ["source_record.id"],
            name=op.f("fk_company_source_record_id_source_record"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_company")),
    )
    with op.batch_alter_table("company", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_company_source_record_id"), ["source_record_id"], unique=False)

    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.add_column(sa.Column("holder_type", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("holder_company_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("country", sa.String(length=2), nullable=True))
        batch_op.create_index(batch_op.f("ix_account_holder_company_id"), ["holder_company_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_account_holder_company_id_company"),
            "company",
            ["holder_company_id"],
            ["id"],
            ondelete="SET NULL",
        )

    with op.batch_alter_table("transaction", schema=None) as batch_op:
        batch_op.alter_column("from_account", existing_type=sa.String(length=64), nullable=True)
        batch_op.alter_column("to_account", existing_type=sa.String(length=64), nullable=True)
        batch_op.alter_column(
            "channel", existing_type=sa.String(length=16), type_=sa.String(length=32), existing_nullable=True
        )
        batch_op.add_column(sa.Column("usd", sa.Numeric(precision=24, scale=4), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("transaction", schema=None) as batch_op:
        batch_op.drop_column("usd")
        batch_op.alter_column(
            "channel", existing_type=sa.String(length=32), type_=sa.String(length=16), existing_nullable=True
        )
        batch_op.alter_column("to_account", existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column("from_account", existing_type=sa.String(length=64), nullable=False)

    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_account_holder_company_id_company"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_account_holder_company_id"))
        batch_op.drop_column("country")
        batch_op.drop_column("holder_company_id")
        batch_op.drop_column("holder_type")

    with op.batch_alter_table("company", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_company_source_record_id"))
    op.drop_table("company")
