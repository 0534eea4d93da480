"""Importing a whole folder laid out as the simulator writes it (see tipnet.sources)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from tipnet.ingest import pipeline
from tipnet.ingest.errors import FileError
from tipnet.ingest.pipeline import (
    PARALLEL_MIN_BYTES,
    IngestReport,
    collector_tuned,
    default_rejects_path,
    ingest_file,
    worker_pool,
)
from tipnet.ingest.prepare import PARALLEL_SOURCES
from tipnet.ingest.watchlists import load_watchlist
from tipnet.store import indexes

# The directory first: every other record names its organisation.
ORDER = ("organisations", "crossings", "police", "ngo", "hotline", "bank", "transactions", "adverts")


def _source_file(folder: Path, name: str) -> Path | None:
    for suffix in (".csv", ".jsonl"):
        candidate = folder / "sources" / f"{name}{suffix}"
        if candidate.exists():
            return candidate
    return None


def ingest_folder(
    engine: Engine, folder: Path, *, data_dir: Path, progress: bool = False, workers: int | None = None
) -> list[IngestReport]:
    """Import every source file and watchlist found in `folder`, in dependency order.

    One pool of worker processes prepares the rows of every large file (`workers`: see
    tipnet.ingest.pipeline.ingest_file; started only if a file is large enough to need it). If the
    bulk sources are large, the secondary indexes of the tables they fill, when empty, are left out
    until the last source file is in (tipnet.store.indexes), then built once.
    """
    folder = Path(folder)
    if not (folder / "sources").is_dir():
        raise FileError(f"{folder}: no sources/ folder (expected the layout `tipnet simulate` writes)")
    files = [(name, path) for name in ORDER if (path := _source_file(folder, name)) is not None]
    large = any(n in PARALLEL_SOURCES and p.stat().st_size >= PARALLEL_MIN_BYTES for n, p in files)
    bulk = sum(p.stat().st_size for n, p in files if n in PARALLEL_SOURCES)
    reports: list[IngestReport] = []
    with (
        collector_tuned(),
        indexes.deferred(engine, bulk >= pipeline.DEFER_INDEXES_MIN_BYTES),
        worker_pool(workers if large or workers else 0) as pool,
    ):
        for name, path in files:
            rejects = default_rejects_path(data_dir, path, name)
            reports.append(
                ingest_file(
                    engine,
                    name,
                    path,
                    rejects_path=rejects,
                    progress=progress,
                    workers=0,
                    pool=pool,
                    manage_indexes=False,
                )
            )
    for path in sorted((folder / "watchlists").glob("*.csv")) if (folder / "watchlists").is_dir() else []:
        rejects = default_rejects_path(data_dir, path, "watchlist")
        reports.append(load_watchlist(engine, path.stem, path, rejects_path=rejects, progress=progress))
    return reports
