"""linkage on the store: link runs, resolved identities and members, scored pairs, analysts' decisions.

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "link_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("engine", sa.String(length=16), nullable=False),
        sa.Column("threshold", sa.Float(), nullable=False),
        sa.Column("review_low", sa.Float(), nullable=False),
        sa.Column("records", sa.Integer(), nullable=False),
        sa.Column("rejected", sa.Integer(), nullable=False),
        sa.Column("pairs", sa.Integer(), nullable=False),
        sa.Column("identities", sa.Integer(), nullable=False),
        sa.Column("model", sa.JSON(), nullable=False),
        sa.Column("training_report", sa.JSON(), nullable=False),
        sa.Column("training_uids", sa.JSON(), nullable=False),
        sa.Column("training_sha256", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_link_run")),
    )
    op.create_table(
        "link_pair",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("uid_l", sa.String(length=64), nullable=False),
        sa.Column("uid_r", sa.String(length=64), nullable=False),
        sa.Column("match_probability", sa.Float(), nullable=False),
        sa.Column("match_weight", sa.Float(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"], ["link_run.id"], name=op.f("fk_link_pair_run_id_link_run"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_link_pair")),
    )
    with op.batch_alter_table("link_pair", schema=None) as batch_op:
        batch_op.create_index("ix_link_pair_pair", ["uid_l", "uid_r"], unique=False)
        batch_op.create_index(batch_op.f("ix_link_pair_run_id"), ["run_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_link_pair_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_link_pair_uid_l"), ["uid_l"], unique=False)
        batch_op.create_index(batch_op.f("ix_link_pair_uid_r"), ["uid_r"], unique=False)

    op.create_table(
        "resolved_identity",
        sa.Column("id", sa.String(length=16), nullable=False),
        sa.Column("first_run_id", sa.Integer(), nullable=True),
        sa.Column("last_run_id", sa.Integer(), nullable=True),
        sa.Column("members", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["first_run_id"],
            ["link_run.id"],
            name=op.f("fk_resolved_identity_first_run_id_link_run"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["last_run_id"],
            ["link_run.id"],
            name=op.f("fk_resolved_identity_last_run_id_link_run"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resolved_identity")),
    )
    with op.batch_alter_table("resolved_identity", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_resolved_identity_first_run_id"), ["first_run_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_resolved_identity_last_run_id"), ["last_run_id"], unique=False)

    op.create_table(
        "link_decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid_l", sa.String(length=64), nullable=False),
        sa.Column("uid_r", sa.String(length=64), nullable=False),
        sa.Column("accept", sa.Boolean(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_link_decision_user_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_link_decision")),
        sa.UniqueConstraint("uid_l", "uid_r", name="uq_link_decision_pair"),
    )
    with op.batch_alter_table("link_decision", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_link_decision_user_id"), ["user_id"], unique=False)

    op.create_table(
        "identity_member",
        sa.Column("uid", sa.String(length=64), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("watchlist_entry_id", sa.Integer(), nullable=True),
        sa.Column("identity_id", sa.String(length=16), nullable=False),
        sa.Column("dataset", sa.String(length=140), nullable=False),
        sa.ForeignKeyConstraint(
            ["identity_id"],
            ["resolved_identity.id"],
            name=op.f("fk_identity_member_identity_id_resolved_identity"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_identity_member_person_id_person"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["watchlist_entry_id"],
            ["watchlist_entry.id"],
            name=op.f("fk_identity_member_watchlist_entry_id_watchlist_entry"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("uid", name=op.f("pk_identity_member")),
    )
    with op.batch_alter_table("identity_member", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_identity_member_identity_id"), ["identity_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_identity_member_person_id"), ["person_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_identity_member_watchlist_entry_id"), ["watchlist_entry_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("identity_member", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_identity_member_watchlist_entry_id"))
        batch_op.drop_index(batch_op.f("ix_identity_member_person_id"))
        batch_op.drop_index(batch_op.f("ix_identity_member_identity_id"))

    op.drop_table("identity_member")
    with op.batch_alter_table("link_decision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_link_decision_user_id"))

    op.drop_table("link_decision")
    with op.batch_alter_table("resolved_identity", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_resolved_identity_last_run_id"))
        batch_op.drop_index(batch_op.f("ix_resolved_identity_first_run_id"))

    op.drop_table("resolved_identity")
    with op.batch_alter_table("link_pair", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_link_pair_uid_r"))
        batch_op.drop_index(batch_op.f("ix_link_pair_uid_l"))
        batch_op.drop_index(batch_op.f("ix_link_pair_status"))
        batch_op.drop_index(batch_op.f("ix_link_pair_run_id"))
        batch_op.drop_index("ix_link_pair_pair")

    op.drop_table("link_pair")
    op.drop_table("link_run")
