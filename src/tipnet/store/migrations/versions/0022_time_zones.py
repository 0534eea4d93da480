"""Time zones: the zone an account (`user_account.time_zone`) or an organisation
(`organisation.time_zone`) reads times in, an IANA name; none: the organisation's, then its
country's (tipnet.web.zones). Stored times stay UTC.

Revision ID: 0022
Revises: 0021
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.add_column(sa.Column("time_zone", sa.String(length=64), nullable=True))
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("time_zone", sa.String(length=64), nullable=True))


def downgrade() -> None:
    # A plain DROP COLUMN (SQLite >= 3.35), not a batch copy: copying would drop and re-create
    # `organisation` and `user_account`, which other tables' rows reference (foreign keys are on).
    op.drop_column("organisation", "time_zone")
    op.drop_column("user_account", "time_zone")
