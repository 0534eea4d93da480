"""Files and folders holding personal data (the database, key files, rejects, outputs): created
0600, folders 0700, whatever the process umask is; writers open them through `open_private`."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import IO, Any

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def private_dir(path: Path, *, always: bool = False) -> Path:
    """Create `path` (and parents) if missing; the folders created are 0700. With `always`, an
    existing leaf folder is made 0700 too (the keys folder)."""
    path = Path(path)
    missing = []
    probe = path
    while not probe.exists():
        missing.append(probe)
        if probe.parent == probe:
            break
        probe = probe.parent
    path.mkdir(parents=True, exist_ok=True)
    for made in missing:
        _chmod(made, 0o700)
    if always:
        _chmod(path, 0o700)
    return path


def open_private(path: Path, mode: str = "w", **kwargs: Any) -> IO[Any]:
    """Open `path` for writing (truncated, "w"/"wb", or "a"), created 0600, an existing file made 0600;
    its folder is created 0700 when missing. Symbolic links are not followed."""
    path = Path(path)
    private_dir(path.parent)
    flags = os.O_WRONLY | os.O_CREAT | _NOFOLLOW | (os.O_APPEND if mode.startswith("a") else os.O_TRUNC)
    fd = os.open(path, flags, 0o600)
    try:
        os.fchmod(fd, 0o600)
        return os.fdopen(fd, mode, **kwargs)
    except BaseException:
        os.close(fd)
        raise


def private_sqlite_file(database: Path) -> None:
    """Create the SQLite database file 0600 before SQLite does (its WAL and SHM files then get the
    database's mode), and narrow an existing database, WAL and SHM to 0600."""
    database = Path(database)
    private_dir(database.parent)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(database, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600))
    for suffix in ("", "-wal", "-shm", "-journal"):
        candidate = database.with_name(database.name + suffix)
        if candidate.exists():
            _chmod(candidate, 0o600)


def _chmod(path: Path, mode: int) -> None:
    with contextlib.suppress(OSError):  # not ours (a read-only copy): leave it
        os.chmod(path, mode)
