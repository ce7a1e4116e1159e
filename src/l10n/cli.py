"""The `l10n` command: each command parses its options and calls one library function."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from l10n.errors import L10nError
from l10n.project import Project, Report

app = typer.Typer(help="Localise news articles through gettext catalogs: extract sentences, "
                  "update .po files, pre-fill them, check them and compose the articles.",
                  no_args_is_help=True, add_completion=False)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

ProjectOpt = Annotated[Optional[Path], typer.Option(
    "--project", "-p", help="Project folder or configuration file (default: found from the "
    "current folder upwards).")]


def _load(project: Path | None) -> Project:
    return Project.load(project)


def _print(report: Report) -> None:
    for line in report.lines:
        out.print(line, markup=False)


def _stats_table(report: Report, title: str) -> None:
    if not report.stats:
        return
    table = Table(title=title, title_justify="left")
    for col in ("catalog", "lang", "entries", "translated", "fuzzy", "untranslated", "%"):
        table.add_column(col, justify="left" if col in ("catalog", "lang") else "right")
    for slug, lang, s in report.stats:
        table.add_row(slug, lang, str(s.total), str(s.translated), str(s.fuzzy),
                      str(s.untranslated), f"{s.percent:.0f}")
    out.print(table)


@app.command()
def extract(project: ProjectOpt = None) -> None:
    """Write locales/<slug>.pot for every article in the source folder."""
    _print(_load(project).extract())


@app.command()
def update(
    project: ProjectOpt = None,
    obsolete: Annotated[bool | None, typer.Option(
        "--obsolete/--no-obsolete", help="Keep translations whose source went away as #~ "
        "entries (default: the update.obsolete setting, else keep).")] = None,
    previous: Annotated[bool, typer.Option(
        help="Show the old source of fuzzy suggestions as #| msgid.")] = True,
) -> None:
    """Create missing .po files from the templates (like msginit) or merge existing ones."""
    report = _load(project).update(obsolete, previous)
    _print(report)


@app.command()
def translate(
    project: ProjectOpt = None,
    backend: Annotated[Optional[str], typer.Option(help="Backend name (see 'l10n backends').")
                       ] = None,
    target: Annotated[Optional[list[str]], typer.Option(
        help="Target language (repeatable; default: all).")] = None,
    refresh: Annotated[bool, typer.Option(
        help="Re-translate fuzzy machine suggestions too.")] = False,
) -> None:
    """Pre-fill untranslated entries with suggestions, marked fuzzy."""
    _print(_load(project).translate(backend, target, refresh))


@app.command()
def check(project: ProjectOpt = None) -> None:
    """Gate for CI: exit 1 when a language is below its required completeness."""
    report = _load(project).check()
    _stats_table(report, "Completeness")
    _print(report)
    if not report.ok:
        raise typer.Exit(1)


@app.command()
def status(project: ProjectOpt = None) -> None:
    """Show translated, fuzzy and untranslated counts per catalog and language."""
    _stats_table(_load(project).status(), "Status")


@app.command(name="compile")
def compile_(project: ProjectOpt = None) -> None:
    """Write .mo files and the localised articles to the output folder."""
    _print(_load(project).compile())


@app.command()
def build(
    project: ProjectOpt = None,
    backend: Annotated[Optional[str], typer.Option(help="Backend for the translate step.")
                       ] = None,
) -> None:
    """Run the whole chain: extract, update, translate, check, compile."""
    proj = _load(project)
    report = proj.build(backend)
    _print(report)
    _stats_table(proj.status(), "Catalogs")
    out.print(f"{len(report.written)} files written", markup=False)


@app.command()
def backends() -> None:
    """List the installed translation backends."""
    from l10n.translate import registry

    for name, ep in sorted(registry().items()):
        out.print(f"{name}\t{ep.value}", markup=False)


def main() -> None:
    try:
        app()
    except L10nError as exc:
        err.print(f"l10n: error: {exc}", markup=False)
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
