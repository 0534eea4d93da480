"""`tipnet i18n`: how much of each language the web app's label catalogues cover (per group of
labels: the navigation, My work, each code list), which groups each catalogue declares complete, and
what is wrong with a catalogue (a key English lacks, placeholders that differ, a group declared
complete that is not). Exit 1 when something is wrong. Adding a language: docs/web.md."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    @app.command("i18n")
    def coverage() -> None:
        """Report the label catalogues' coverage per language (src/tipnet/web/i18n/<code>.json)."""
        from tipnet.web import i18n

        typer.echo(i18n.coverage_table())
        wrong = [p for lang in i18n.LANGUAGES for p in i18n.problems(lang)]
        for line in wrong:
            typer.echo(f"problem: {line}", err=True)
        if wrong:
            raise typer.Exit(1)
