"""`tipnet i18n`: how much of each language the web app's label catalogues cover (per group of
labels: the navigation, My work, each code list), which groups each catalogue declares complete, and
what is wrong with a catalogue (a key English lacks, placeholders that differ, a group declared
complete that is not). `tipnet i18n FILE...` checks catalogues before they are dropped in. Exit 1
when something is wrong. Adding a language: docs/cases.md#languages."""

from __future__ import annotations

from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    @app.command("i18n")
    def coverage(
        files: list[Path] = typer.Argument(
            None, help="Catalogues to check (<code>.json) before dropping them into src/tipnet/web/i18n/."
        ),
    ) -> None:
        """Report the label catalogues' coverage per language (src/tipnet/web/i18n/<code>.json), or
        check the catalogue FILEs given: every fault named by file and key."""
        from tipnet.web import i18n

        wrong: list[str] = []
        if files:
            for path in files:
                name = str(path)
                if not i18n.CODE.match(path.name.removesuffix(".json")) or not path.name.endswith(".json"):
                    wrong.append(f"{name}: a catalogue is named <ISO 639 code>.json (th.json, vi.json)")
                    continue
                try:
                    data = i18n.read(name, path.read_text(encoding="utf-8"))
                except (OSError, UnicodeDecodeError) as exc:
                    wrong.append(f"{name}: cannot be read ({exc.__class__.__name__})")
                    continue
                except i18n.CatalogueError as exc:
                    wrong += exc.lines
                    continue
                errors, gaps = i18n.check(name, data)
                wrong += errors + gaps
                if not errors and not gaps:
                    have = sum(
                        1 for k, v in data.items() if not k.startswith("_") and isinstance(v, str) and v
                    )
                    typer.echo(f"{name}: sound, {have}/{len(i18n.catalogue(i18n.DEFAULT))} labels")
        else:
            typer.echo(i18n.coverage_table())
            wrong = [p for lang in i18n.LANGUAGES for p in i18n.problems(lang)]
        for line in wrong:
            typer.echo(f"problem: {line}", err=True)
        if wrong:
            raise typer.Exit(1)
