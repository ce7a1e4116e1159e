"""The `l10n` command: each command parses its options and calls one library function.

Everything a user can get wrong (a configuration mistake, a broken file, a mistyped option)
is one line on stderr, ``l10n: error: ...``, and exit status 2. A step that had to leave
an unreadable catalog out does the rest first, prints one such line per catalog, and then
exits with status 2.
"""

# No ``from __future__ import annotations`` here: typer reads every command's annotations
# on every run, and string annotations would be compiled and evaluated each time (15 ms
# of a build with nothing to do).
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, NoReturn, TextIO

import typer

from l10n.errors import L10nError
from l10n.project import Project
from l10n.results import Report

try:  # recent typer carries its own copy of click
    from typer._click.exceptions import ClickException
except ImportError:  # pragma: no cover
    from click.exceptions import ClickException  # type: ignore[no-redef]

app = typer.Typer(help="Localise news articles through gettext catalogs: extract sentences, "
                  "update .po files, pre-fill them, check them and compose the articles.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)


class _Console:
    """rich's console for a terminal, made on first use: plain text to a pipe or a file
    is written as it is (what CI and scripts read), without loading rich at all."""

    def __init__(self, stderr: bool = False):
        self.stderr = stderr
        self._rich: Any = None

    @property
    def file(self) -> TextIO:
        return sys.stderr if self.stderr else sys.stdout

    @property
    def is_terminal(self) -> bool:
        return self._rich.is_terminal if self._rich is not None else self.file.isatty()

    def print(self, text: object = "", *, markup: bool | None = None, **style: Any) -> None:
        if isinstance(text, str) and markup is False and not self.is_terminal:
            self.file.write(f"{text}\n")
        else:
            self.rich.print(text, markup=markup, **style)

    @property
    def rich(self) -> Any:
        if self._rich is None:
            from rich.console import Console

            self._rich = Console(stderr=self.stderr, highlight=False, soft_wrap=True)
        return self._rich

    def __getattr__(self, name: str) -> Any:  # width, tables, progress bars: rich's
        return getattr(self.rich, name)


out = _Console()
err = _Console(stderr=True)

ProjectOpt = Annotated[Path | None, typer.Option(
    "--project", "-p", metavar="PATH", help="Project folder, l10n.toml or pyproject.toml "
    "(default: found from the current folder upwards).")]
JobsOpt = Annotated[int | None, typer.Option(
    "--jobs", "-j", min=0, metavar="N", help="Worker processes (default: the jobs setting, "
    "else one per core; 1: none).")]

# --project given before the command name (l10n --project P status).
_options: dict[str, Path | None] = {"project": None}


@app.callback()
def _global(project: ProjectOpt = None) -> None:
    _options["project"] = project


def _load(project: Path | None) -> Project:
    return Project.load(project if project is not None else _options["project"],
                        on_wait=lambda message: err.print(f"l10n: {message}", markup=False))


def _print(report: Report) -> None:
    _lines(report.lines)


def _lines(lines: list[str]) -> None:
    """Plain lines, written at once (a big archive has thousands of them)."""
    if lines:
        out.file.write("\n".join(lines) + "\n")
        out.file.flush()


def _finish(report: Report) -> None:
    """Exit 2 after the rest was done when inputs had to be left out, 1 when a step
    failed (a batch, a held-back gate), else return."""
    for error in report.errors:
        err.print(f"l10n: error: {' '.join(str(error).split())}", markup=False)
    if report.errors:
        raise typer.Exit(2)
    if not report.ok:
        raise typer.Exit(1)


@contextmanager
def _progress_bar() -> Iterator[object]:
    """A progress callback drawing a bar on stderr when it is a terminal (else None)."""
    if not err.is_terminal:
        yield None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    bar = Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                   TimeElapsedColumn(), console=err.rich, transient=False)
    tasks: dict[str, object] = {}

    def progress(what: str, done: int, total: int | None) -> None:
        if what not in tasks:
            tasks[what] = bar.add_task(what, total=total)
        bar.update(tasks[what], completed=done, total=total)  # type: ignore[arg-type]

    with bar:
        yield progress


@app.command()
def init(
    folder: Annotated[Path, typer.Argument(
        help="Folder of the new project (default: the current folder).")] = Path("."),
    source_language: Annotated[str, typer.Option(
        metavar="LANG", help="Language the articles are written in.")] = "en",
    languages: Annotated[str, typer.Option(
        metavar="LANGS", help="The project's languages, comma-separated (an article is "
        "translated into those other than its own).")] = "uk,ru,en",
    pyproject: Annotated[bool | None, typer.Option(
        "--pyproject/--l10n-toml", help="Write [tool.l10n] into pyproject.toml, or an "
        "l10n.toml (default: pyproject.toml when the folder has one).")] = None,
) -> None:
    """Start a project: its configuration, the source and locales folders, .gitignore."""
    from l10n.project import init_project

    codes = [c for c in languages.replace(",", " ").split() if c]
    report = init_project(folder, source_language, codes, pyproject)
    _print(report)


@app.command()
def extract(project: ProjectOpt = None) -> None:
    """Write locales/<slug>.pot for every article in the source folder."""
    from l10n import pipeline

    report = pipeline.extract(_load(project))
    _print(report)
    _finish(report)


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
    from l10n import pipeline

    report = pipeline.update(_load(project), obsolete, previous)
    _print(report)
    _finish(report)


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
    from l10n import pipeline

    proj = _load(project)
    with _progress_bar() as progress:
        report = pipeline.translate(proj, backend, target, refresh, via=via,
                                    endpoint=endpoint, progress=progress)  # type: ignore[arg-type]
    _print(report)
    _finish(report)


@app.command()
def align(
    article: Annotated[str | None, typer.Argument(
        metavar="[ARTICLE]", help="An article of the project (path or slug).",
        show_default=False)] = None,
    translation: Annotated[Path | None, typer.Argument(
        metavar="[TRANSLATION]", help="Its published translation, in the same format.",
        show_default=False)] = None,
    lang: Annotated[str, typer.Option(
        "--lang", "-l", metavar="LANG", help="Language of the translation.")] = "",
    folder: Annotated[Path | None, typer.Option(
        "--from", metavar="DIR", help="Align every article that has a file of the same name "
        "in DIR.")] = None,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Print the alignment side by side; write nothing.")] = False,
    project: ProjectOpt = None,
) -> None:
    """Import published translations: fill catalogs and the project's translation memory.

    Sentences aligned with confidence become translations, uncertain ones fuzzy
    suggestions; a translation already in a catalog is never replaced.
    """
    from l10n.align.report import print_outcome, print_side_by_side
    from l10n.align.step import align_article, align_folder

    if not lang:
        raise L10nError("give the language of the translation with --lang")
    if (folder is None) == (article is None or translation is None) or \
            folder is not None and article is not None:
        raise L10nError("give ARTICLE and TRANSLATION, or --from DIR")
    proj = _load(project)
    if folder is not None:
        with _progress_bar() as progress:
            outcomes = align_folder(proj, folder, lang, dry_run=dry_run,
                                    progress=progress)  # type: ignore[arg-type]
    else:
        assert article is not None and translation is not None
        outcomes = [align_article(proj, article, translation, lang, dry_run=dry_run)]
    for outcome in outcomes:
        if dry_run:
            print_side_by_side(outcome, out)
        print_outcome(outcome, out)
    if not dry_run:
        written = sorted({proj.rel(p) for o in outcomes for p in o.written})
        out.print(f"{len(written)} files written" + (": " + ", ".join(written) if written
                                                     else ""), markup=False)


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
    jobs: JobsOpt = None,
) -> None:
    """Gate for CI: completeness, staleness, validity and quality of every catalog.

    Exit status 0 when no error-level problem is found, 1 when the gate fails, 2 on a usage
    or input error (bad configuration, unreadable source).
    """
    from l10n import pipeline
    from l10n.checks import report as fmt

    writers = {"json": fmt.to_json, "github": fmt.to_github}
    if output not in ("text", *writers):
        raise typer.BadParameter("choose text, json or github", param_hint="'--format'")
    proj = _load(project)
    with _progress_bar() as progress:
        result = pipeline.check(proj, lang, jobs=jobs, progress=progress)  # type: ignore[arg-type]
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
    """Show translated, fuzzy and untranslated entries and source words per catalog.

    Missing catalogs are listed (status never fails; 'l10n check' is the gate); an
    unreadable catalog is reported and makes the exit status 2.
    """
    from l10n import pipeline
    from l10n.checks.report import print_status

    report = pipeline.status(_load(project))
    print_status(report, out)
    _finish(report)


@app.command(name="compile")
def compile_(
    project: ProjectOpt = None,
    min_translated: Annotated[float | None, typer.Option(
        min=0, max=100, help="Publish languages with at least this percentage of translated "
        "entries, overriding the configured threshold (for previews).")] = None,
    use_fuzzy: Annotated[bool, typer.Option(
        "--use-fuzzy", help="Use fuzzy translations too (for previews).")] = False,
) -> None:
    """Write .mo files and the localised articles to the output folder."""
    from l10n import pipeline

    report = pipeline.compile(_load(project), min_translated, use_fuzzy or None)
    _print(report)
    _finish(report)


@app.command()
def build(
    project: ProjectOpt = None,
    backend: Annotated[str | None, typer.Option(help="Backend for the translate step.")
                       ] = None,
    jobs: JobsOpt = None,
) -> None:
    """Run the whole chain: extract, update, translate, check, compile.

    Only what changed since the last build is done again (see the cache in
    .l10n-cache/, which is always safe to delete).
    """
    from l10n import pipeline
    from l10n.checks.report import print_status

    proj = _load(project)
    with _progress_bar() as progress:
        report = pipeline.build(proj, backend, jobs=jobs,
                                progress=progress)  # type: ignore[arg-type]
    _print(report)
    # The rows of the articles this build made; the totals count every article.
    print_status(report.status, out, listed=report.rebuilt_slugs)
    gate = "passed" if report.ok else "failed (see the lines above; 'l10n check' for details)"
    written = len(report.written)
    tail = [f"check {gate}; {written} file{'' if written == 1 else 's'} written"
            + (":" if written else "")]
    tail += [f"  {proj.rel(path)}" for path in report.written]
    _lines(tail)
    for error in report.errors:
        err.print(f"l10n: error: {' '.join(str(error).split())}", markup=False)
    if report.errors:
        raise typer.Exit(2)


@app.command()
def report(
    project: ProjectOpt = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="DIR", help="Folder to write the site to (default: "
        "report/ in the output folder).")] = None,
    jobs: JobsOpt = None,
) -> None:
    """Write the review site: every article and language, and each article side by side."""
    from l10n import pipeline

    proj = _load(project)
    with _progress_bar() as progress:
        site = pipeline.report(proj, output, jobs=jobs, progress=progress)  # type: ignore[arg-type]
    from l10n.checks import ERROR, WARNING

    def n(count: int, noun: str) -> str:
        return f"{count} {noun}{'' if count == 1 else 's'}"

    out.print(f"{proj.rel(site.index)}: {n(site.articles, 'article')}, "
              f"{n(site.catalogs, 'catalog')} (check: {n(site.check.count(ERROR), 'error')}, "
              f"{n(site.check.count(WARNING), 'warning')}); {n(len(site.written), 'file')} "
              f"written, {site.unchanged} unchanged"
              + (f", {n(len(site.removed), 'page')} removed" if site.removed else ""),
              markup=False)


@app.command()
def backends(project: ProjectOpt = None) -> None:
    """List the installed translation backends (and the project's default, if in one)."""
    from l10n.config import find_project
    from l10n.translate import registry

    default = None
    given = project if project is not None else _options["project"]
    try:
        find_project(given)
    except L10nError:
        if given is not None:
            raise
    else:
        default = _load(given).config.translate.backend
    for name, entry in sorted(registry().items()):
        mark = "\t(project default)" if name == default else ""
        out.print(f"{name}\t{entry.target}\t({entry.origin}){mark}", markup=False)


def main() -> None:
    """Run the CLI; a user's mistake or a failing disk is one line on stderr and exit 2.

    Any other exception is a bug in l10n and keeps its traceback.
    """
    try:
        code = app(standalone_mode=False, prog_name="l10n")
    except L10nError as exc:
        _fail(str(exc))
    except ClickException as exc:  # a mistyped command or option
        _fail(_usage(exc), getattr(exc, "exit_code", 2) or 2)
    except typer.Abort:
        err.print("l10n: interrupted", markup=False)
        raise SystemExit(130) from None
    except OSError as exc:  # e.g. a read-only folder or a full disk outside fsutil
        where = f"{exc.filename}: " if exc.filename else ""
        _fail(f"{where}{exc.strerror or exc}")
    raise SystemExit(code if isinstance(code, int) else 0)


def _usage(exc: ClickException) -> str:
    """typer's usage error as one line, with where to find the right spelling."""
    ctx = getattr(exc, "ctx", None)
    if type(exc).__name__ == "NoArgsIsHelpError":
        help_text = exc.format_message()  # typer's rich help has been printed already
        if help_text.strip():
            out.print(help_text, markup=False)
        return "a command is needed (see the list above)"
    message = exc.format_message().strip()
    if message[:1].isupper() and message[1:2].islower():
        message = message[0].lower() + message[1:]
    path = ctx.command_path if ctx is not None else "l10n"
    return f"{message} (see '{path} --help')"


def _fail(message: str, code: int = 2) -> NoReturn:
    err.print(f"l10n: error: {' '.join(message.split())}", markup=False)
    raise SystemExit(code) from None


if __name__ == "__main__":
    main()
