"""Alembic environment: runs against the engine tipnet hands over (see tipnet.store.engine)."""

from __future__ import annotations

from alembic import context

from tipnet.store import tables as _tables  # noqa: F401 (every table in Base.metadata)
from tipnet.store.base import Base
from tipnet.store.engine import make_engine

config = context.config
engine = config.attributes.get("engine") or make_engine()

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
