"""victim assessment: the victim-identification interview's table `screening` becomes
`victim_assessment` (its date column `screened_on` becomes `assessed_on`), so that "screening"
means watchlist screening only. Rows are kept as they are.

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _rename(old: str, new: str, old_column: str, new_column: str) -> None:
    with op.batch_alter_table(old, schema=None) as batch_op:
        batch_op.drop_index(f"ix_{old}_case_person_id")
    op.rename_table(old, new)
    with op.batch_alter_table(new, schema=None) as batch_op:
        batch_op.alter_column(old_column, new_column_name=new_column)
        batch_op.create_index(f"ix_{new}_case_person_id", ["case_person_id"], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        # PostgreSQL keeps constraint and sequence names across a table rename: follow the convention.
        op.execute(f"ALTER TABLE {new} RENAME CONSTRAINT pk_{old} TO pk_{new}")
        op.execute(
            f"ALTER TABLE {new} RENAME CONSTRAINT fk_{old}_case_person_id_case_person"
            f" TO fk_{new}_case_person_id_case_person"
        )
        op.execute(f"ALTER SEQUENCE IF EXISTS {old}_id_seq RENAME TO {new}_id_seq")


def upgrade() -> None:
    _rename("screening", "victim_assessment", "screened_on", "assessed_on")


def downgrade() -> None:
    _rename("victim_assessment", "screening", "assessed_on", "screened_on")
