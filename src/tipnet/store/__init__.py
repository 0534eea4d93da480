"""The store: records of truth in SQLite (embedded default) or PostgreSQL (server).

`tables` declares the schema (SQLAlchemy 2, HTCDS field names), `migrations/` evolves it
(Alembic), `engine` opens it.
"""
