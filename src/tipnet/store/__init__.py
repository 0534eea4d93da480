"""The store: records of truth in SQLite (embedded default) or PostgreSQL (server).

`tables/` declares the schema (SQLAlchemy 2, HTCDS field names), one module per domain over the
shared `base`; `migrations/` evolves it (Alembic), `engine` opens it.
"""
