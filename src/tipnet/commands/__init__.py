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
)


def register_all(app: typer.Typer) -> None:
    for name in COMMAND_MODULES:
        importlib.import_module(f"tipnet.commands.{name}").register(app)
