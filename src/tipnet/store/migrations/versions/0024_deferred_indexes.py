"""Secondary indexes dropped for the time of a large import (`deferred_index`), so that an import
killed before building them again leaves a record the next import or upgrade builds them from.

Revision ID: 0024
Revises: 0023
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "deferred_index",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("table_name", sa.String(length=200), nullable=False),
        sa.Column("definition", sa.Text(), nullable=False),
        sa.Column(
            "deferred_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False
        ),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_deferred_index")),
    )


def downgrade() -> None:
    # Indexes still deferred are built again before their record goes.
    bind = op.get_bind()
    for (definition,) in bind.execute(sa.text("SELECT definition FROM deferred_index")).all():
        bind.exec_driver_sql(definition)
    op.drop_table("deferred_index")
