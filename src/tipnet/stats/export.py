"""Tables out: text for the terminal, JSON, CSV (through tipnet.ingest.csvsafe) and XLSX (openpyxl),
one sheet per table, its notes under it."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tipnet.ingest import csvsafe
from tipnet.stats.tables import Table


def to_json(ts: Sequence[Table]) -> str:
    return json.dumps([t.as_dict() for t in ts], indent=2, default=str)


def to_text(ts: Sequence[Table]) -> str:
    out: list[str] = []
    for t in ts:
        widths = [
            max(len(str(c)), *(len(str(r[i])) for r in t.rows)) if t.rows else len(str(c))
            for i, c in enumerate(t.columns)
        ]
        out.append(f"## {t.name}")
        out.append("  ".join(str(c).ljust(w) for c, w in zip(t.columns, widths, strict=True)))
        out.extend("  ".join(str(v).ljust(w) for v, w in zip(r, widths, strict=True)) for r in t.rows)
        out.extend(f"  note: {n}" for n in t.notes)
        out.append("")
    return "\n".join(out)


def tables_csv(ts: Sequence[Table], path: Path) -> None:
    """All tables in one CSV, each headed by its name and followed by its notes."""
    tmp = path.with_suffix(path.suffix + ".part")
    with tmp.open("w", newline="", encoding="utf-8") as fh:
        w = csvsafe.writer(fh)
        for t in ts:
            w.writerow([t.name])
            w.writerow(t.columns)
            w.writerows(t.rows)
            for n in t.notes:
                w.writerow([f"note: {n}"])
            w.writerow([])
    tmp.replace(path)


def write_rows(path: Path, columns: list[str], rows: Sequence[dict[str, str]]) -> None:
    """Rows as a plain CSV (through csvsafe), written whole then renamed."""
    tmp = path.with_suffix(path.suffix + ".part")
    with tmp.open("w", newline="", encoding="utf-8") as fh:
        w = csvsafe.writer(fh)
        w.writerow(columns)
        w.writerows([r[c] for c in columns] for r in rows)
    tmp.replace(path)


def _sheet_title(name: str, used: set[str]) -> str:
    base = "".join(ch for ch in name if ch not in "[]:*?/\\")[:28] or "table"
    title, i = base, 1
    while title in used:
        i += 1
        title = f"{base[:25]} {i}"
    used.add(title)
    return title


def to_xlsx(ts: Sequence[Table], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    for t in ts:
        ws = wb.create_sheet(_sheet_title(t.name, used))
        ws.append([t.name])
        ws["A1"].font = Font(bold=True)
        ws.append(t.columns)
        for row in t.rows:
            ws.append([csvsafe.cell(v) for v in row])
        for n in t.notes:
            ws.append([f"note: {n}"])
    tmp = path.with_suffix(path.suffix + ".part")
    wb.save(tmp)
    tmp.replace(path)


def rows_as_dicts(t: Table) -> list[dict[str, Any]]:
    return [dict(zip(t.columns, r, strict=True)) for r in t.rows]
