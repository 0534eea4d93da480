"""Ingestion: agency files (CSV, JSON lines) validated row by row into the store.

A bad row never stops the others and is never half-written (each row in its own savepoint);
it goes to a rejects file with its row number, field and reason. Re-importing a file changes
nothing: rows are keyed by (source type, organisation, record id) and a content hash. Watchlists
(`watchlists`) load the same way into named, versioned lists.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tipnet.ingest.pipeline import IngestReport, ingest_file

__all__ = ["IngestReport", "ingest_file"]


def __getattr__(name: str) -> Any:
    # The pipeline (and its FollowTheMoney model) loads when asked for, not whenever a light module
    # of the package is (`readers`, `csvsafe`, `errors`: `tipnet link csv` reads CSVs through them).
    if name in __all__:
        from tipnet.ingest import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
