"""screening log: append-only (triggers), decisions as a history, UTC timestamps, the screening
organisation; every nationality and document of a watchlist entry.

- watchlist_screening_decision: one row per decision (the former decision columns are copied in,
  then dropped from watchlist_screening).
- watchlist_screening.org_id: the screening officer's organisation (only it may decide).
- watchlist_screening.at and the decisions' at: timestamp with time zone on PostgreSQL (existing
  values were written as the server's UTC time and are read as UTC); SQLite stores UTC.
- watchlist_entry.nationalities, .documents: all of them where an entry has several.
- Triggers refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL) on the three log tables, and on
  SQLite an INSERT (OR REPLACE) whose id is already taken: conflict-replace deletes the old row
  without firing DELETE triggers.

Revision ID: 0008
Revises: 0007
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LOG_TABLES = ("watchlist_screening", "watchlist_screening_hit", "watchlist_screening_decision")


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.create_table(
        "watchlist_screening_decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("screening_id", sa.Integer(), nullable=False),
        sa.Column("decision", sa.String(length=32), nullable=False),
        sa.Column("decided_by", sa.String(length=200), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(
            ["screening_id"],
            ["watchlist_screening.id"],
            name=op.f("fk_watchlist_screening_decision_screening_id_watchlist_screening"),
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisation.id"], name=op.f("fk_watchlist_screening_decision_org_id_organisation")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_watchlist_screening_decision")),
    )
    op.create_index(
        op.f("ix_watchlist_screening_decision_screening_id"),
        "watchlist_screening_decision",
        ["screening_id"],
        unique=False,
    )
    op.execute(
        "INSERT INTO watchlist_screening_decision (screening_id, decision, decided_by, at, note) "
        "SELECT id, decision, COALESCE(decided_by, ''), COALESCE(decided_at, at), decision_note "
        "FROM watchlist_screening WHERE decision IS NOT NULL"
    )
    with op.batch_alter_table("watchlist_screening", schema=None) as batch_op:
        batch_op.add_column(sa.Column("org_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_watchlist_screening_org_id_organisation"), "organisation", ["org_id"], ["id"]
        )
        batch_op.create_index(batch_op.f("ix_watchlist_screening_org_id"), ["org_id"], unique=False)
        batch_op.drop_column("decision_note")
        batch_op.drop_column("decided_at")
        batch_op.drop_column("decided_by")
        batch_op.drop_column("decision")
        batch_op.alter_column(
            "at",
            existing_type=sa.DateTime(),
            type_=sa.DateTime(timezone=True),
            existing_nullable=False,
            server_default=None,
            postgresql_using="at AT TIME ZONE 'UTC'",
        )
    with op.batch_alter_table("watchlist_entry", schema=None) as batch_op:
        batch_op.add_column(sa.Column("nationalities", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("documents", sa.JSON(), nullable=True))
    _append_only(dialect)


def _append_only(dialect: str) -> None:
    for table in LOG_TABLES:
        if dialect == "sqlite":
            for verb in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
                )
            op.execute(
                f"CREATE TRIGGER {table}_no_replace BEFORE INSERT ON {table} "
                f"WHEN EXISTS (SELECT 1 FROM {table} WHERE id = NEW.id) "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
            )
        elif dialect == "postgresql":
            op.execute(
                f"CREATE FUNCTION {table}_append_only() RETURNS trigger LANGUAGE plpgsql AS "
                f"$$ BEGIN RAISE EXCEPTION '{table} is append-only'; END $$"
            )
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {table}_append_only()"
            )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table in LOG_TABLES:
        if dialect == "sqlite":
            for name in ("update", "delete", "replace"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{name}")
        elif dialect == "postgresql":
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS {table}_append_only()")
    with op.batch_alter_table("watchlist_entry", schema=None) as batch_op:
        batch_op.drop_column("documents")
        batch_op.drop_column("nationalities")
    with op.batch_alter_table("watchlist_screening", schema=None) as batch_op:
        batch_op.alter_column(
            "at",
            existing_type=sa.DateTime(timezone=True),
            type_=sa.DateTime(),
            existing_nullable=False,
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            postgresql_using="at AT TIME ZONE 'UTC'",
        )
        batch_op.add_column(sa.Column("decision", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("decided_by", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("decided_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("decision_note", sa.String(length=500), nullable=True))
        batch_op.drop_index(batch_op.f("ix_watchlist_screening_org_id"))
        batch_op.drop_constraint(batch_op.f("fk_watchlist_screening_org_id_organisation"), type_="foreignkey")
        batch_op.drop_column("org_id")
    # The latest decision of each screening goes back to the columns; the history is lost.
    op.execute(
        "UPDATE watchlist_screening SET decision = d.decision, decided_by = d.decided_by, "
        "decided_at = d.at, decision_note = d.note FROM watchlist_screening_decision d "
        "WHERE d.screening_id = watchlist_screening.id AND d.id = (SELECT MAX(id) FROM "
        "watchlist_screening_decision WHERE screening_id = watchlist_screening.id)"
    )
    op.drop_index(
        op.f("ix_watchlist_screening_decision_screening_id"), table_name="watchlist_screening_decision"
    )
    op.drop_table("watchlist_screening_decision")
