"""Ingestion: agency files (CSV, JSON lines) validated row by row into the store.

A bad row never stops the others and is never half-written (each row in its own savepoint);
it goes to a rejects file with its row number, field and reason. Re-importing a file changes
nothing: rows are keyed by (source type, organisation, record id) and a content hash. Watchlists
(`watchlists`) load the same way into named, versioned lists.
"""

from tipnet.ingest.pipeline import IngestReport, ingest_file

__all__ = ["IngestReport", "ingest_file"]
