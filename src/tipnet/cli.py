"""The `tipnet` command. Thin: each subcommand lives in tipnet.commands.<area> and calls a capability."""

from __future__ import annotations

import gc
import os
import sys

# Run as the `tipnet` command, the imports (typer, rich, and the command's module) allocate hundreds of
# thousands of long-lived objects and no garbage: Python's cyclic collector would walk them again and
# again while they load (0.3 CPU s of a short `link csv`). It is off while they load; then they are
# frozen (`gc.freeze`: never walked by later collections) and it is on again. Not done when imported
# by another program (tests, notebooks).
_AS_COMMAND = bool(sys.argv) and os.path.basename(sys.argv[0]) == "tipnet"
if _AS_COMMAND:
    gc.disable()

import typer  # noqa: E402

from tipnet import __version__  # noqa: E402

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
    # One line per capability; each module exposes `register(app)`. Run as the `tipnet` command, only
    # the module of the command asked for is imported (`register_all`); imported (tests, `--help`),
    # all are.
    import os
    import sys

    from tipnet.commands import register_all

    script = len(sys.argv) > 1 and os.path.basename(sys.argv[0]) == "tipnet"
    register_all(app, sys.argv[1] if script else None)


_register()
if _AS_COMMAND:
    gc.freeze()
    gc.enable()
