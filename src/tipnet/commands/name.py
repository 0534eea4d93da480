"""`tipnet name`: romanize a name, compare two names."""

from __future__ import annotations

import json

import typer
from rich.console import Console
from rich.table import Table

name_app = typer.Typer(
    name="name",
    help="Names across scripts: romanize a name, compare two names.",
    no_args_is_help=True,
    add_completion=False,
)


def _fail(message: str, code: int = 2) -> None:
    Console(stderr=True).print(f"[red]error:[/red] {message}")
    raise typer.Exit(code)


@name_app.command("romanize")
def romanize_cmd(
    text: str = typer.Argument(..., help="A name in any script."),
    limit: int = typer.Option(8, "--limit", "-n", min=1, max=50, help="How many spellings at most."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Print the plausible Latin spellings of TEXT, best first, one a line."""
    from tipnet.identity.romanize import romanize
    from tipnet.identity.scripts import script_runs

    if not text or not text.strip():
        _fail("empty name: give a name to romanize")
    try:
        candidates = romanize(text, limit=limit)
    except Exception as exc:  # never a traceback for a name
        _fail(f"cannot romanize {text!r}: {exc}", 1)
    if not candidates:
        _fail(f"no letters to romanize in {text!r}")
    if as_json:
        runs = [{"script": s.value, "text": t} for s, t in script_runs(text)]
        typer.echo(json.dumps({"input": text, "scripts": runs, "candidates": candidates}, ensure_ascii=False))
        return
    for cand in candidates:
        typer.echo(cand)


@name_app.command("compare")
def compare_cmd(
    a: str = typer.Argument(..., help="First name, any script."),
    b: str = typer.Argument(..., help="Second name, any script."),
    nationality_a: str = typer.Option(None, "--nationality-a", help="ISO country code of A's holder."),
    nationality_b: str = typer.Option(None, "--nationality-b", help="ISO country code of B's holder."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Print how alike names A and B are, in [0, 1], and why."""
    from tipnet.identity.name_compare import compare_names

    if not a or not a.strip() or not b or not b.strip():
        _fail("empty name: give two names to compare")
    try:
        result = compare_names(a, b, nationality_a=nationality_a, nationality_b=nationality_b)
    except Exception as exc:
        _fail(f"cannot compare {a!r} and {b!r}: {exc}", 1)
    if as_json:
        typer.echo(json.dumps({"a": a, "b": b, **result.to_dict()}, ensure_ascii=False))
        return
    console = Console()
    colour = "green" if result.score >= 0.85 else "yellow" if result.score >= 0.6 else "red"
    console.print(f"[bold {colour}]{result.score:.3f}[/]  {a}  ↔  {b}", highlight=False)
    table = Table(show_header=False, box=None, padding=(0, 1))
    for line in result.explanation:
        table.add_row("·", line)
    console.print(table)


def register(app: typer.Typer) -> None:
    app.add_typer(name_app, name="name")
