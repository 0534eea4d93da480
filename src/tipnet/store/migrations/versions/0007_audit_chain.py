"""audit log hardened: the case an event concerns (for scoped reads), a hash chain over every row (existing
rows chained here), a trigger refusing INSERT OR REPLACE on SQLite; sign-in attempts marked ok or refused.

Revision ID: 0007
Revises: 0006
"""

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from tipnet.store.audit_chain import GENESIS, row_digest

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# SQLite's INSERT OR REPLACE / REPLACE INTO delete the conflicting row without firing DELETE
# triggers (recursive_triggers is off): refuse any insert whose id is not above every existing id,
# before the conflict is resolved. Rows appended by tipnet carry no id: the database assigns max+1,
# and a BEFORE INSERT trigger sees NEW.id = -1 for them. An explicit negative id inserts a new row
# (nothing to replace), which the hash chain reports.
_NO_REPLACE = (
    "CREATE TRIGGER audit_event_no_replace BEFORE INSERT ON audit_event "
    "WHEN NEW.id <> -1 AND NEW.id <= (SELECT COALESCE(MAX(id), 0) FROM audit_event) "
    "BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END"
)
_SQLITE_NO_UPDATE = (
    "CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event "
    "BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END"
)


def _backfill() -> None:
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            "SELECT id, at, actor, action, object_type, object_id, reason, details FROM audit_event ORDER BY id"
        )
    ).mappings()
    prev = GENESIS
    updates = []
    for row in rows:
        fields = dict(row)
        details = fields["details"]
        if isinstance(details, str):
            details = json.loads(details)
        fields["details"] = details or {}
        case = None
        if fields["object_type"] == "case" and str(fields["object_id"] or "").isdigit():
            case = int(fields["object_id"])
        elif isinstance(details, dict) and str(details.get("case", "")).isdigit():
            case = int(details["case"])
        fields["case_id"] = case
        digest = row_digest(fields, prev)
        updates.append({"id": row["id"], "case": case, "prev": prev, "hash": digest})
        prev = digest
    if updates:
        bind.execute(
            sa.text(
                "UPDATE audit_event SET case_id = :case, prev_hash = :prev, row_hash = :hash WHERE id = :id"
            ),
            updates,
        )


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.add_column("audit_event", sa.Column("case_id", sa.Integer(), nullable=True))
    op.add_column("audit_event", sa.Column("prev_hash", sa.String(length=64), nullable=True))
    op.add_column("audit_event", sa.Column("row_hash", sa.String(length=64), nullable=True))
    op.create_index(op.f("ix_audit_event_case_id"), "audit_event", ["case_id"], unique=False)
    op.add_column("login_attempt", sa.Column("ok", sa.Boolean(), server_default="0", nullable=False))
    op.add_column("login_attempt", sa.Column("refused", sa.Boolean(), server_default="0", nullable=False))
    # Existing rows get their scope and their chain: the append-only guard is lifted for this
    # transaction only (the migration runs in one transaction on both databases).
    if dialect == "sqlite":
        op.execute("DROP TRIGGER audit_event_no_update")
        _backfill()
        op.execute(_SQLITE_NO_UPDATE)
        op.execute(_NO_REPLACE)
    elif dialect == "postgresql":
        op.execute("ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only")
        _backfill()
        op.execute("ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_event_no_replace")
    with op.batch_alter_table("login_attempt") as batch_op:
        batch_op.drop_column("refused")
        batch_op.drop_column("ok")
    op.drop_index(op.f("ix_audit_event_case_id"), table_name="audit_event")
    # Dropping columns on SQLite rebuilds the table (and would lose its triggers): drop them in place.
    for column in ("row_hash", "prev_hash", "case_id"):
        op.execute(f"ALTER TABLE audit_event DROP COLUMN {column}")
