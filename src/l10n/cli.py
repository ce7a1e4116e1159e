"""The `l10n` command: each command parses its options and calls one library function."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console

from l10n.errors import L10nError
from l10n.project import Project, Report

app = typer.Typer(help="Localise news articles through gettext catalogs: extract sentences, "
                  "update .po files, pre-fill them, check them and compose the articles.",
                  no_args_is_help=True, add_completion=False)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

ProjectOpt = Annotated[Path | None, typer.Option(
    "--project", "-p", help="Project folder or configuration file (default: found from the "
    "current folder upwards).")]


def _load(project: Path | None) -> Project:
    return Project.load(project)


def _print(report: Report) -> None:
    for line in report.lines:
        out.print(line, markup=False)


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
    backend: Annotated[str | None, typer.Option(
        metavar="NAME", help="Backend name (see 'l10n backends').")] = None,
    endpoint: Annotated[str | None, typer.Option(
        metavar="URL", help="Base URL of the HTTP service (apertium, libretranslate, "
        "deepl).")] = None,
    target: Annotated[list[str] | None, typer.Option(
        metavar="LANG", help="Target language (repeatable; default: all).")] = None,
    via: Annotated[str | None, typer.Option(
        metavar="LANG", help="Pivot: translate from this language's reviewed catalog "
        "instead of the source.")] = None,
    refresh: Annotated[bool, typer.Option(
        help="Re-translate fuzzy machine suggestions too.")] = False,
) -> None:
    """Pre-fill untranslated entries with suggestions, marked fuzzy."""
    report = _load(project).translate(backend, target, refresh, via=via, endpoint=endpoint,
                                      progress=err.is_terminal)
    _print(report)
    if not report.ok:
        raise typer.Exit(1)


@app.command()
def check(
    project: ProjectOpt = None,
    output: Annotated[str, typer.Option(
        "--format", "-f", help="text (table and problem lines), json (stable schema, see "
        "docs) or github (workflow annotations).")] = "text",
    junit: Annotated[Path | None, typer.Option(
        help="Also write a JUnit XML report to this file.")] = None,
    lang: Annotated[list[str] | None, typer.Option(
        help="Check only this target language (repeatable; default: all).")] = None,
) -> None:
    """Gate for CI: completeness, staleness, validity and quality of every catalog.

    Exit status 0 when no error-level problem is found, 1 when the gate fails, 2 on a usage
    or input error (bad configuration, unreadable source).
    """
    from l10n.check import run
    from l10n.checks import report as fmt

    writers = {"json": fmt.to_json, "github": fmt.to_github}
    if output not in ("text", *writers):
        raise typer.BadParameter("choose text, json or github", param_hint="'--format'")
    result = run(_load(project), lang)
    if output == "text":
        fmt.print_text(result, out)
    else:
        out.file.write(writers[output](result))
    if junit is not None:
        try:
            junit.write_text(fmt.to_junit(result), encoding="utf-8")
        except OSError as exc:
            raise L10nError(f"cannot write the JUnit report: {exc.strerror}", junit) from None
    if not result.ok:
        raise typer.Exit(1)


@app.command()
def status(project: ProjectOpt = None) -> None:
    """Show translated, fuzzy and untranslated counts per catalog and language, with bars."""
    from l10n.checks.report import print_status

    print_status(_load(project).status().stats, out)


@app.command(name="compile")
def compile_(
    project: ProjectOpt = None,
    min_translated: Annotated[float | None, typer.Option(
        min=0, max=100, help="Publish languages with at least this percentage of translated "
        "units, overriding the configured threshold (for previews).")] = None,
    use_fuzzy: Annotated[bool, typer.Option(
        "--use-fuzzy", help="Use fuzzy translations too (for previews).")] = False,
) -> None:
    """Write .mo files and the localised articles to the output folder."""
    _print(_load(project).compile(min_translated, use_fuzzy or None))


@app.command()
def build(
    project: ProjectOpt = None,
    backend: Annotated[str | None, typer.Option(help="Backend for the translate step.")
                       ] = None,
) -> None:
    """Run the whole chain: extract, update, translate, check, compile."""
    from l10n.checks.report import print_status

    proj = _load(project)
    report = proj.build(backend)
    _print(report)
    print_status(proj.status().stats, out)
    gate = "passed" if report.ok else "failed (see the lines above; 'l10n check' for details)"
    out.print(f"check {gate}; {len(report.written)} files written", markup=False)


@app.command()
def report(
    project: ProjectOpt = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="DIR", help="Folder to write the site to (default: "
        "report/ in the output folder).")] = None,
) -> None:
    """Write the review site: every article and language, and each article side by side."""
    from l10n.report import write_site

    proj = _load(project)
    site = write_site(proj, output)
    out.print(f"{proj.rel(site.index)}: {site.articles} articles, {site.catalogs} catalogs; "
              f"{len(site.written)} files written, {site.unchanged} unchanged"
              + (f", {len(site.removed)} pages removed" if site.removed else ""), markup=False)


@app.command()
def backends() -> None:
    """List the installed translation backends."""
    from l10n.translate import registry

    for name, entry in sorted(registry().items()):
        out.print(f"{name}\t{entry.target}\t({entry.origin})", markup=False)


def main() -> None:
    """Run the CLI; a user's mistake or a failing disk is one line on stderr and exit 2.

    Any other exception is a bug in l10n and keeps its traceback.
    """
    try:
        app()
    except L10nError as exc:
        _fail(str(exc))
    except OSError as exc:  # e.g. a read-only folder or a full disk outside fsutil
        where = f"{exc.filename}: " if exc.filename else ""
        _fail(f"{where}{exc.strerror or exc}")


def _fail(message: str) -> NoReturn:
    err.print(f"l10n: error: {' '.join(message.split())}", markup=False)
    raise SystemExit(2) from None


if __name__ == "__main__":
    main()
