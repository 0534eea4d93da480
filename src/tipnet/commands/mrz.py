"""`tipnet mrz`: validate machine-readable zones from a file or standard input."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from tipnet.identity.mrz.parse import parse_mrz
from tipnet.identity.mrz.results import Finding, MrzResult

_STYLE = {"error": "red", "warning": "yellow", "info": "dim"}


def split_documents(text: str) -> list[list[str]]:
    """Documents separated by blank lines, each a list of its lines; lines starting with '#' are comments."""
    docs: list[list[str]] = []
    current: list[str] = []
    for line in text.splitlines():
        if line.lstrip().startswith("#"):
            continue
        if line.strip():
            current.append(line)
        elif current:
            docs.append(current)
            current = []
    if current:
        docs.append(current)
    return docs


def _read(file: Path | None) -> str:
    if file is None or str(file) == "-":
        data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode()
    else:
        data = file.read_bytes()
    return data.decode("utf-8", errors="replace")


def _parse_one(lines: list[str], today: date) -> MrzResult:
    try:
        return parse_mrz(lines, today=today)
    except Exception as exc:  # parse_mrz reports rather than raises; this is a last line of defence
        finding = Finding("mrz.internal_error", "mrz", "error", f"could not be read: {exc}")
        return MrzResult(valid=False, format=None, findings=[finding], lines=tuple(lines))


def _table(results: list[MrzResult]) -> Table:
    table = Table(title="MRZ validation")
    for column in ("#", "valid", "format", "number", "state", "nat.", "name", "born", "expires", "sex"):
        table.add_column(column, overflow="fold")
    table.add_column("findings", min_width=18, overflow="fold")
    for n, r in enumerate(results, 1):
        name = ", ".join(x for x in (r.surname, r.given_names) if x)
        shown = {f.code: f.severity for f in r.findings}  # once per code, in order
        codes = "\n".join(f"[{_STYLE[sev]}]{code}[/]" for code, sev in shown.items())
        table.add_row(
            str(n),
            "[green]yes[/]" if r.valid else "[red]no[/]",
            r.format or "?",
            r.document_number or "",
            r.issuing_state or "",
            r.nationality or "",
            name,
            r.birth_date.isoformat() if r.birth_date else "",
            r.expiry_date.isoformat() if r.expiry_date else "",
            r.sex or "",
            codes,
        )
    return table


def _print_findings(console: Console, results: list[MrzResult]) -> None:
    for n, r in enumerate(results, 1):
        for f in r.findings:
            console.print(f"#{n} [{_STYLE[f.severity]}]{f.severity}[/] {f.code} ({f.field}): {f.message}")
        if r.repaired is not None:
            console.print(f"#{n} repaired MRZ:")
            for line in r.repaired:
                console.print(f"    {line}", markup=False)


def mrz(
    file: Path | None = typer.Argument(
        None,
        help="File of MRZs, one line per MRZ line, documents separated by a blank line, '#' starts a"
        " comment line; standard input if omitted or '-'.",
    ),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per document (JSON Lines)."),
    today: str | None = typer.Option(
        None, "--today", help="Date for expiry and age checks, YYYY-MM-DD (default: the system date)."
    ),
) -> None:
    """Parse and validate MRZs (ICAO Doc 9303: TD1, TD2, TD3, MRV-A, MRV-B).

    Exit status 0 when every document is valid (also when there is none), 1 otherwise, 2 on a
    usage or file error.
    """
    err = Console(stderr=True)
    try:
        on = date.fromisoformat(today) if today else date.today()
    except ValueError:
        err.print(f"[red]error:[/] --today {today!r} is not a date (YYYY-MM-DD)")
        raise typer.Exit(2) from None
    try:
        text = _read(file)
    except OSError as exc:
        err.print(f"[red]error:[/] cannot read {file}: {exc.strerror or exc}")
        raise typer.Exit(2) from None
    results = [_parse_one(doc, on) for doc in split_documents(text)]
    if as_json:
        for r in results:
            typer.echo(json.dumps(r.to_dict(), ensure_ascii=False))
    elif results:
        out = Console(width=max(Console().width, 132), highlight=False)
        out.print(_table(results))
        _print_findings(out, results)
    if not results:
        err.print("[yellow]no MRZ in the input[/]")
    if not all(r.valid for r in results):
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("mrz")(mrz)
