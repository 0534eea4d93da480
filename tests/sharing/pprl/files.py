"""The small party files the PPRL command tests encode."""

from __future__ import annotations

import csv
from pathlib import Path

HEADER = ["rid", "name", "birth_date", "gender", "nationality", "document_number", "phone"]


def write_party(path: Path, rows: list[list[str]]) -> Path:
    """Write a party's records under HEADER and return the path."""
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        w.writerows(rows)
    return path
