"""partner, sharing_agreement, sharing_bundle, shared_record, received_record; consent.purposes and
consent.partners: the safe exchange with partners across borders (tipnet.sharing).

Revision ID: 0015
Revises: 0014
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "partner",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("country", sa.String(length=3), nullable=True),
        sa.Column("sign_key", sa.String(length=64), nullable=False),
        sa.Column("box_key", sa.String(length=64), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=True),
        sa.Column("deliver_to_org_id", sa.Integer(), nullable=True),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.Column("added_by", sa.String(length=200), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.Column("revoked_by", sa.String(length=200), nullable=True),
        sa.Column("revoke_reason", sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(
            ["deliver_to_org_id"],
            ["organisation.id"],
            name=op.f("fk_partner_deliver_to_org_id_organisation"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisation.id"], name=op.f("fk_partner_org_id_organisation"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner")),
        sa.UniqueConstraint("code", name=op.f("uq_partner_code")),
        sa.UniqueConstraint("fingerprint", name=op.f("uq_partner_fingerprint")),
    )
    with op.batch_alter_table("partner", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_partner_deliver_to_org_id"), ["deliver_to_org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_partner_org_id"), ["org_id"], unique=False)

    op.create_table(
        "sharing_agreement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("purposes", sa.JSON(), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("retention_days", sa.Integer(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("superseded_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["partner.id"],
            name=op.f("fk_sharing_agreement_partner_id_partner"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sharing_agreement")),
    )
    with op.batch_alter_table("sharing_agreement", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sharing_agreement_partner_id"), ["partner_id"], unique=False)

    op.create_table(
        "sharing_bundle",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("bundle_id", sa.String(length=64), nullable=False),
        sa.Column("direction", sa.String(length=3), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("purpose", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("handled_at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("records", sa.Integer(), nullable=False),
        sa.Column("rejected", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["partner.id"],
            name=op.f("fk_sharing_bundle_partner_id_partner"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sharing_bundle")),
        sa.UniqueConstraint("partner_id", "direction", "bundle_id", name="uq_sharing_bundle_once"),
    )
    with op.batch_alter_table("sharing_bundle", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sharing_bundle_partner_id"), ["partner_id"], unique=False)

    op.create_table(
        "received_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("record_ref", sa.String(length=64), nullable=False),
        sa.Column("bundle_id", sa.String(length=64), nullable=False),
        sa.Column("bundle_created_at", sa.DateTime(), nullable=False),
        sa.Column("purpose", sa.String(length=32), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("consent", sa.JSON(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("retain_until", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(), nullable=True),
        sa.Column("case_person_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_person_id"],
            ["case_person.id"],
            name=op.f("fk_received_record_case_person_id_case_person"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["partner.id"],
            name=op.f("fk_received_record_partner_id_partner"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_received_record")),
        sa.UniqueConstraint("partner_id", "record_ref", name="uq_received_record_ref"),
    )
    with op.batch_alter_table("received_record", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_received_record_case_person_id"), ["case_person_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_received_record_partner_id"), ["partner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_received_record_retain_until"), ["retain_until"], unique=False)

    op.create_table(
        "shared_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("bundle_id", sa.String(length=64), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("case_person_id", sa.Integer(), nullable=True),
        sa.Column("record_ref", sa.String(length=64), nullable=False),
        sa.Column("purpose", sa.String(length=32), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("withheld", sa.JSON(), nullable=False),
        sa.Column("consent_id", sa.Integer(), nullable=True),
        sa.Column("referral_id", sa.Integer(), nullable=True),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.Column("sent_by", sa.String(length=200), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(), nullable=True),
        sa.Column("withdrawal_bundle", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["case.id"], name=op.f("fk_shared_record_case_id_case"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["case_person_id"],
            ["case_person.id"],
            name=op.f("fk_shared_record_case_person_id_case_person"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["partner.id"],
            name=op.f("fk_shared_record_partner_id_partner"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shared_record")),
    )
    with op.batch_alter_table("shared_record", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_shared_record_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_shared_record_case_person_id"), ["case_person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_shared_record_partner_id"), ["partner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_shared_record_record_ref"), ["record_ref"], unique=False)

    with op.batch_alter_table("consent", schema=None) as batch_op:
        batch_op.add_column(sa.Column("purposes", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("partners", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("consent", schema=None) as batch_op:
        batch_op.drop_column("partners")
        batch_op.drop_column("purposes")

    with op.batch_alter_table("shared_record", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shared_record_record_ref"))
        batch_op.drop_index(batch_op.f("ix_shared_record_partner_id"))
        batch_op.drop_index(batch_op.f("ix_shared_record_case_person_id"))
        batch_op.drop_index(batch_op.f("ix_shared_record_case_id"))

    op.drop_table("shared_record")
    with op.batch_alter_table("received_record", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_received_record_retain_until"))
        batch_op.drop_index(batch_op.f("ix_received_record_partner_id"))
        batch_op.drop_index(batch_op.f("ix_received_record_case_person_id"))

    op.drop_table("received_record")
    with op.batch_alter_table("sharing_bundle", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sharing_bundle_partner_id"))

    op.drop_table("sharing_bundle")
    with op.batch_alter_table("sharing_agreement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sharing_agreement_partner_id"))

    op.drop_table("sharing_agreement")
    with op.batch_alter_table("partner", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_org_id"))
        batch_op.drop_index(batch_op.f("ix_partner_deliver_to_org_id"))

    op.drop_table("partner")
