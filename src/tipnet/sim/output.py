"""Streaming writers for the scenario's folder: sources/, watchlists/, truth/ and manifest.json.

Rows are written as they are generated (csv.writer or one JSON object per line), so memory stays flat
however many people are simulated. The manifest is removed first and written last, through a temporary
file and a rename: a folder with a manifest is a complete scenario.
"""

from __future__ import annotations

import csv
import json
import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any

from tipnet.sources import SOURCE_TYPES, TRUTH_FILES, WATCHLIST

WATCHLISTS = ("traffickers", "wanted", "missing")
_BUFFER = 1 << 20


@dataclass
class Manifest:
    """What a scenario folder holds: enough to reproduce it and to check it is complete."""

    seed: int
    people: int
    as_of: str
    format: str
    tipnet_version: str
    files: dict[str, int] = field(default_factory=dict)  # path relative to the folder -> rows
    citations: list[str] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps(self.__dict__, indent=2, ensure_ascii=False) + "\n"

    @classmethod
    def load(cls, path: Path) -> Manifest:
        return cls(**json.loads(Path(path).read_text(encoding="utf-8")))


class _Sink:
    __slots__ = ("columns", "count", "fh", "jsonl", "path", "writer")

    def __init__(self, path: Path, columns: tuple[str, ...], jsonl: bool) -> None:
        self.path = path
        self.columns = columns
        self.jsonl = jsonl
        self.count = 0
        self.fh: IO[str] = open(path, "w", encoding="utf-8", newline="", buffering=_BUFFER)  # noqa: SIM115
        if jsonl:
            self.writer: Any = None
        else:
            self.writer = csv.writer(self.fh, lineterminator="\n")
            self.writer.writerow(columns)

    def write(self, row: tuple[Any, ...]) -> None:
        self.count += 1
        if self.jsonl:
            self.fh.write(json.dumps(dict(zip(self.columns, row, strict=True)), ensure_ascii=False))
            self.fh.write("\n")
        else:
            self.writer.writerow(row)


class Output:
    """One open sink per file of the layout in tipnet.sources; `write(name, row)` appends a row.

    Names: a source type ("crossings"), "watchlist:<list>" or "truth:<name>".
    """

    def __init__(self, root: Path, fmt: str = "csv") -> None:
        if fmt not in ("csv", "jsonl"):
            raise ValueError(f"format must be csv or jsonl, not {fmt!r}")
        self.root = Path(root)
        self.fmt = fmt
        self.root.mkdir(parents=True, exist_ok=True)
        manifest = self.root / "manifest.json"
        if manifest.exists():
            manifest.unlink()
        self.sinks: dict[str, _Sink] = {}
        jsonl = fmt == "jsonl"
        for name, source in SOURCE_TYPES.items():
            if name == "watchlist":
                continue
            # A previous run in the other format must not leave its files beside this one's.
            stale = self.root / "sources" / f"{name}.{'csv' if jsonl else 'jsonl'}"
            if stale.exists():
                stale.unlink()
            self._open(name, self.root / "sources" / f"{name}.{fmt}", source.columns, jsonl)
        for name in WATCHLISTS:
            # Watchlists stay CSV: it is the format lists are exchanged in.
            self._open(
                f"watchlist:{name}", self.root / "watchlists" / f"{name}.csv", WATCHLIST.columns, False
            )
        for name, columns in TRUTH_FILES.items():
            self._open(f"truth:{name}", self.root / "truth" / f"{name}.csv", columns, False)
        self.write = self._write

    def _open(self, key: str, path: Path, columns: tuple[str, ...], jsonl: bool) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.sinks[key] = _Sink(path, columns, jsonl)

    def _write(self, name: str, row: tuple[Any, ...]) -> None:
        self.sinks[name].write(row)

    def close(self, manifest: Manifest) -> Manifest:
        """Close every file, then write the manifest (last, atomically)."""
        for sink in self.sinks.values():
            sink.fh.close()
            manifest.files[sink.path.relative_to(self.root).as_posix()] = sink.count
        tmp = self.root / "manifest.json.tmp"
        tmp.write_text(manifest.to_json(), encoding="utf-8")
        os.replace(tmp, self.root / "manifest.json")
        return manifest

    def abort(self) -> None:
        for sink in self.sinks.values():
            if not sink.fh.closed:
                sink.fh.close()


def iso(d: date | None) -> str:
    return d.isoformat() if d else ""
