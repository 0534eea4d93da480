"""The `tipnet` command. Thin: each subcommand lives in tipnet.commands.<area> and calls a capability."""

from __future__ import annotations

import typer

from tipnet import __version__

app = typer.Typer(
    name="tipnet",
    help="tipnet: counter-trafficking data platform (screening, linkage, cases, statistics).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"tipnet {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version."
    ),
) -> None:
    """tipnet: counter-trafficking data platform."""


def _register() -> None:
    # One line per capability; each module exposes `register(app)`.
    from tipnet.commands import register_all

    register_all(app)


_register()
