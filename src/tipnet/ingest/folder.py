"""Importing a whole folder laid out as the simulator writes it (see tipnet.sources)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from tipnet.ingest.errors import FileError
from tipnet.ingest.pipeline import IngestReport, default_rejects_path, ingest_file
from tipnet.ingest.watchlists import load_watchlist

# The directory first: every other record names its organisation.
ORDER = ("organisations", "crossings", "police", "ngo", "hotline", "bank", "transactions", "adverts")


def _source_file(folder: Path, name: str) -> Path | None:
    for suffix in (".csv", ".jsonl"):
        candidate = folder / "sources" / f"{name}{suffix}"
        if candidate.exists():
            return candidate
    return None


def ingest_folder(
    engine: Engine, folder: Path, *, data_dir: Path, progress: bool = False
) -> list[IngestReport]:
    """Import every source file and watchlist found in `folder`, in dependency order."""
    folder = Path(folder)
    if not (folder / "sources").is_dir():
        raise FileError(f"{folder}: no sources/ folder (expected the layout `tipnet simulate` writes)")
    reports: list[IngestReport] = []
    for name in ORDER:
        path = _source_file(folder, name)
        if path is not None:
            rejects = default_rejects_path(data_dir, path, name)
            reports.append(ingest_file(engine, name, path, rejects_path=rejects, progress=progress))
    for path in sorted((folder / "watchlists").glob("*.csv")) if (folder / "watchlists").is_dir() else []:
        rejects = default_rejects_path(data_dir, path, "watchlist")
        reports.append(load_watchlist(engine, path.stem, path, rejects_path=rejects, progress=progress))
    return reports
