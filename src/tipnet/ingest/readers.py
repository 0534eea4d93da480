"""Streaming readers for CSV and JSON-lines files, one row at a time, never the whole file.

Each row comes with its number (1 = first data row) and its line in the file, or with the
error that makes it unreadable: broken UTF-8, a wrong number of fields (a truncated last line),
invalid JSON. Reading carries on after a bad row.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tipnet.ingest.errors import FileError, RowError

csv.field_size_limit(10 * 1024 * 1024)


@dataclass
class RawRow:
    number: int
    line: int
    data: dict[str, str] | None
    error: RowError | None = None
    # For an unreadable row: its organisation and record id when they could still be read.
    org: str = ""
    record_id: str = ""


def file_format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    if suffix in (".csv", ".txt"):
        return "csv"
    raise FileError(f"{path.name}: unknown file type {suffix!r}; expected .csv or .jsonl")


_SURROGATE = re.compile("[\udc80-\udcff]")  # an undecodable byte, kept by errors="surrogateescape"


def _bad_bytes(values: list[str]) -> int | None:
    if "".join(values).isascii():  # most rows: one check, not one per field
        return None
    for i, value in enumerate(values):
        if not value.isascii() and _SURROGATE.search(value):
            return i
    return None


def _ids(header: list[str], values: list[str]) -> tuple[str, str]:
    out = []
    for name in ("org", "record_id"):
        i = header.index(name) if name in header else -1
        value = values[i].strip() if 0 <= i < len(values) else ""
        out.append("" if _bad_bytes([value]) is not None else value)
    return out[0], out[1]


def read_csv(path: Path) -> tuple[list[str], Iterator[RawRow]]:
    """The header and an iterator over rows. Undecodable bytes are kept as surrogates and flagged."""
    fh = open(path, encoding="utf-8-sig", errors="surrogateescape", newline="")  # noqa: SIM115
    reader = csv.reader(fh)
    try:
        header = next(reader)
    except StopIteration:
        fh.close()
        raise FileError(f"{path.name}: empty file, no header row") from None
    header = [h.strip() for h in header]
    if _bad_bytes(header) is not None:
        fh.close()
        raise FileError(f"{path.name}: header is not valid UTF-8")

    def rows() -> Iterator[RawRow]:
        with fh:
            number = 0
            while True:
                start_line = reader.line_num + 1
                try:
                    values = next(reader)
                except StopIteration:
                    return
                except csv.Error as exc:
                    number += 1
                    yield RawRow(number, start_line, None, RowError("", f"unreadable CSV: {exc}"))
                    continue
                if not values or values == [""]:
                    continue  # blank line
                number += 1
                bad = _bad_bytes(values)
                if bad is not None or len(values) != len(header):
                    ids = _ids(header, values)  # only a refused row needs them apart from its data
                if bad is not None:
                    col = header[bad] if bad < len(header) else f"column {bad + 1}"
                    yield RawRow(
                        number, start_line, None, RowError(col, "not valid UTF-8 (broken encoding)"), *ids
                    )
                    continue
                if len(values) != len(header):
                    yield RawRow(
                        number,
                        start_line,
                        None,
                        RowError(
                            "", f"has {len(values)} fields, the header has {len(header)} (truncated row?)"
                        ),
                        *ids,
                    )
                    continue
                yield RawRow(number, start_line, dict(zip(header, values, strict=True)))

    return header, rows()


def read_jsonl(path: Path) -> tuple[list[str] | None, Iterator[RawRow]]:
    """JSON lines: one object per line. There is no header; columns are checked per row."""

    def rows() -> Iterator[RawRow]:
        with open(path, "rb") as fh:
            number = 0
            for line_no, raw in enumerate(fh, start=1):
                if not raw.strip():
                    continue
                number += 1
                try:
                    text = raw.decode("utf-8")
                except UnicodeDecodeError as exc:
                    yield RawRow(number, line_no, None, RowError("", f"not valid UTF-8 at byte {exc.start}"))
                    continue
                try:
                    obj = json.loads(text)
                except json.JSONDecodeError as exc:
                    yield RawRow(
                        number, line_no, None, RowError("", f"invalid JSON ({exc.msg}; truncated line?)")
                    )
                    continue
                if not isinstance(obj, dict):
                    yield RawRow(number, line_no, None, RowError("", "a JSON line must be an object"))
                    continue
                data = {str(k): _jsonl_value(v) for k, v in obj.items()}
                yield RawRow(number, line_no, data)

    return None, rows()


def _jsonl_value(value: object) -> str:
    # Rows are validated as text whatever the format, so CSV and JSON lines behave the same.
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(_jsonl_value(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def open_rows(path: Path) -> tuple[list[str] | None, Iterator[RawRow]]:
    if not path.exists():
        raise FileError(f"{path}: no such file")
    return read_csv(path) if file_format(path) == "csv" else read_jsonl(path)


def count_rows(path: Path) -> int:
    """Approximate number of rows (lines) for the progress bar, read in blocks."""
    total = 0
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            total += block.count(b"\n")
    return max(total - (1 if file_format(path) == "csv" else 0), 0)


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes (hex), read in blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
