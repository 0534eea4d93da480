"""Every subcommand answers --help; --version prints the version."""

from __future__ import annotations

import click
import typer
from typer.testing import CliRunner

from tipnet import __version__
from tipnet.cli import app


def _command_paths(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    paths = []
    for name, command in group.commands.items():
        path = (*prefix, name)
        paths.append(path)
        if isinstance(command, click.Group):
            paths.extend(_command_paths(command, path))
    return paths


def test_version() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"tipnet {__version__}"


def test_every_subcommand_has_help() -> None:
    root = typer.main.get_command(app)
    paths = _command_paths(root)
    names = {p[0] for p in paths}
    assert {"demo", "simulate", "ingest", "db", "watchlist", "mrz", "name", "report"} <= names
    runner = CliRunner()
    for path in paths:
        result = runner.invoke(app, [*path, "--help"])
        assert result.exit_code == 0, (path, result.output)
        assert "Usage" in result.output
