"""Subcommands of the `tipnet` command, one module per capability."""

from __future__ import annotations

import importlib

import typer

# Modules under tipnet.commands that define `register(app: typer.Typer) -> None`.
COMMAND_MODULES = (
    "db",
    "ingest",
    "demo",
    "simulate",
    "mrz",
    "screen",
    "name",
    "serve",
    "user",
    "link",
    "audit",
    "finance",
    "adverts",
    "release",
    "stats",
    "reminders",
    "pprl",
    "partners",  # sharing with partners across borders (issue 18)
    "share",
    "i18n",  # the web app's label catalogues: coverage per language
)


def _names(app: typer.Typer) -> set[str]:
    commands = {c.name or (c.callback.__name__ if c.callback else "") for c in app.registered_commands}
    groups = {
        g.name or (g.typer_instance.info.name if g.typer_instance else None) for g in app.registered_groups
    }
    return {str(n) for n in commands | groups if n}


def register_all(app: typer.Typer, only: str | None = None) -> None:
    """Register every subcommand; with `only` (the command a run asks for, which is also a module's
    name) that module alone when it defines that command: `tipnet link csv` then does not import the
    store, the ingest pipeline and the web app (seconds of a short run)."""
    first = None
    if only in COMMAND_MODULES:
        importlib.import_module(f"tipnet.commands.{only}").register(app)
        if only in _names(app):
            return
        first = only
    for name in COMMAND_MODULES:
        if name != first:
            importlib.import_module(f"tipnet.commands.{name}").register(app)
