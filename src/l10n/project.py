"""A localisation project on disk: its configuration, paths, sources and catalogs, the
lock, and the steps of the pipeline over all its articles.

Each step reads what it needs, transforms it with the pure modules (formats, extract,
update, translate, compose, mofile), writes only files whose content changed, and returns
a :class:`~l10n.results.Report`. A catalog that cannot be read is left out of a step with
an error in its report; the step does the rest.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from l10n import config as config_mod
from l10n import pofile, tmx
from l10n.api import read_article
from l10n.config import Config
from l10n.errors import CatalogError, L10nError, SourceError
from l10n.extract import extract, same_content
from l10n.formats import format_for, registry
from l10n.fsutil import write_if_changed
from l10n.languages import plural_problems, same_language
from l10n.lock import project_lock, remove_stale_temporaries
from l10n.model import Article, Catalog
from l10n.results import Progress, Report
from l10n.stats import Stats, stats
from l10n.update import Memory, init, merge

__all__ = ["Project", "Report", "Source"]


@dataclass(frozen=True)
class Source:
    slug: str
    path: Path
    rel: str  # path relative to the project root, with '/' separators
    lang: str


_Step = TypeVar("_Step", bound=Callable[..., "Report"])


def _writes(step: _Step) -> _Step:
    """A step that writes files runs under the project lock (see l10n.lock)."""

    @functools.wraps(step)
    def locked(self: Project, *args: object, **kwargs: object) -> Report:
        with project_lock(self.root, on_wait=self.on_wait):
            remove_stale_temporaries((self.config.locales_path, self.config.dist_path))
            outer, self._pending = self._pending, []
            try:
                report = step(self, *args, **kwargs)
                # Every input of the step was read: only now write, so a bad article stops
                # the step with nothing written.
                for path, data, to in self._pending:
                    try:
                        if write_if_changed(path, data):
                            to.written.append(path)
                    except L10nError as exc:  # named relative to the project, like the rest
                        raise L10nError(exc.message, self.rel(path)) from None
            finally:
                self._pending = outer
            return report

    return locked  # type: ignore[return-value]


def _locked(step: _Step) -> _Step:
    """A step that saves its work as it goes (translate) runs under the lock, writing at once."""

    @functools.wraps(step)
    def locked(self: Project, *args: object, **kwargs: object) -> Report:
        with project_lock(self.root, on_wait=self.on_wait):
            remove_stale_temporaries((self.config.locales_path, self.config.dist_path))
            outer, self._pending = self._pending, None
            try:
                return step(self, *args, **kwargs)
            finally:
                self._pending = outer

    return locked  # type: ignore[return-value]


class Project:
    """One project on disk.

    ``on_wait(message)`` is called when a writing step has to wait for another process
    that holds the project lock (the command line prints the message on stderr).
    """

    def __init__(self, cfg: Config, *, on_wait: Callable[[str], None] | None = None):
        self.config = cfg
        self.root = cfg.root
        self.on_wait = on_wait
        self._pending: list[tuple[Path, bytes | str, Report]] | None = None

    @classmethod
    def load(cls, path: Path | str | None = None, *,
             on_wait: Callable[[str], None] | None = None) -> Project:
        """The project whose configuration is at ``path`` (a folder, an l10n.toml or a
        pyproject.toml), or found from the current folder upwards."""
        return cls(config_mod.load(Path(path) if path is not None else None), on_wait=on_wait)

    # -- paths
    def pot_path(self, slug: str) -> Path:
        return self.config.locales_path / f"{slug}.pot"

    def po_path(self, slug: str, lang: str) -> Path:
        return self.config.locales_path / lang / "LC_MESSAGES" / f"{slug}.po"

    def rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    # -- sources
    def sources(self) -> list[Source]:
        folder = self.config.source_path
        if not folder.is_dir():
            raise SourceError("source folder not found", self.rel(folder))
        root = self.root.resolve()
        found: list[Source] = []
        try:
            entries = sorted(folder.iterdir())
        except OSError as exc:
            raise SourceError(f"cannot list the source folder: {exc.strerror}",
                              self.rel(folder)) from None
        for path in entries:
            if path.name.startswith(".") or path.is_dir():
                continue
            rel = self.rel(path)
            if path.is_symlink():
                try:
                    target = path.resolve(strict=True)
                except (OSError, RuntimeError):  # dangling link or a loop
                    raise SourceError("broken symbolic link", rel) from None
                if not target.is_relative_to(root):
                    raise SourceError("symbolic link to a file outside the project is "
                                      "refused", rel)
            try:
                format_for(path)
            except SourceError as exc:
                raise SourceError(exc.message, rel) from None
            slug = config_mod.check_slug(path.stem, rel)
            found.append(Source(slug, path, rel, self.config.article_language(slug)))
        slugs = [s.slug for s in found]
        for s in found:
            if slugs.count(s.slug) > 1:
                raise SourceError(f"two source files share the slug '{s.slug}'", s.rel)
        if not found:
            exts = ", ".join(f"*.{e}" for e in sorted(registry()))
            raise SourceError(f"no articles found (looked for {exts})", self.rel(folder))
        self.config.refuse_unknown_slugs(slugs, self.rel(folder))
        return found

    def parse(self, src: Source) -> Article:
        """The article of a source, read with the project's format options and
        abbreviations."""
        fmt = format_for(src.path)
        return read_article(src.path, src.lang, slug=src.slug, shown=src.rel,
                            options=self.config.format_options(fmt.name),
                            **self.config.segment.for_language(src.lang))

    # -- catalogs
    def read_catalog(self, path: Path) -> Catalog:
        return pofile.read_relative(path, self.rel(path))

    def read_target(self, path: Path, lang: str) -> Catalog:
        """A target-language catalog, checked to be usable as the catalog of ``lang``."""
        po = self.read_catalog(path)
        self.check_target(po, lang, path)
        return po

    def try_read(self, path: Path, report: Report, lang: str | None = None) -> Catalog | None:
        """The catalog at ``path``, or None with the error added to ``report`` (a step
        leaves an unreadable catalog out and does the rest)."""
        try:
            return self.read_target(path, lang) if lang else self.read_catalog(path)
        except CatalogError as exc:
            report.errors.append(exc)
            return None

    def write_catalog(self, path: Path, catalog: Catalog, report: Report) -> None:
        self.write(path, pofile.dumps(catalog, self.config.update.width), report)

    def write(self, path: Path, data: bytes | str, report: Report) -> None:
        """Write at the end of the running step (see ``_writes``), or now outside one."""
        if self._pending is not None:
            self._pending.append((path, data, report))
        elif write_if_changed(path, data):
            report.written.append(path)

    def catalogs(self) -> list[tuple[Source, str, Path]]:
        return [(src, lang, self.po_path(src.slug, lang)) for src in self.sources()
                for lang in self.config.targets(src.slug)]

    # -- steps
    @_writes
    def extract(self) -> Report:
        report = Report()
        for src in self.sources():
            article = self.parse(src)
            path = self.pot_path(src.slug)
            pot = extract(article, self.config.project or src.slug)
            if path.exists():
                # An unreadable old template is simply replaced: it is generated.
                old = self.try_read(path, Report())
                if old is not None and same_content(old, pot, ("POT-Creation-Date",)):
                    pot = old
            self.write_catalog(path, pot, report)
            report.lines.append(f"{self.rel(path)}: {_n(len(pot.messages), 'entry')} "
                                f"from {src.rel}")
            report.lines += [f"{src.rel}:{line}: warning: {note}" for line, note in article.notes]
        return report

    @_writes
    def update(self, obsolete: bool | None = None, previous: bool = True) -> Report:
        report = Report()
        settings = self.config.update
        keep_obsolete = settings.obsolete if obsolete is None else obsolete
        olds: dict[Path, Catalog] = {}
        unreadable: set[Path] = set()
        memories: dict[str, Memory] = {}
        for _, lang, path in self.catalogs():
            if not path.exists():
                continue
            po = self.try_read(path, report, lang)
            if po is None:
                unreadable.add(path)
                continue
            olds[path] = po
            if settings.memory:
                memories.setdefault(lang, Memory()).add_catalog(po, self.rel(path))
        for rel in settings.compendia if settings.memory else ():
            comp = self.read_catalog(self.root / rel)
            lang = comp.language
            if not lang:
                raise CatalogError("a compendium needs a Language header", rel, 1)
            memories.setdefault(lang, Memory()).add_catalog(comp, rel)
        for path in tmx.memory_files(self.config.locales_path) if settings.memory else ():
            for lang, found in tmx.catalogs(path, self.rel(path)).items():  # `l10n align`
                memories.setdefault(lang, Memory()).add_catalog(found, self.rel(path))
        for src in self.sources():
            pot_path = self.pot_path(src.slug)
            if not pot_path.exists():
                report.errors.append(CatalogError("template missing; run 'l10n extract' "
                                                  "first", self.rel(pot_path)))
                continue
            pot = self.try_read(pot_path, report)
            if pot is None:
                continue
            for lang in self.config.targets(src.slug):
                path = self.po_path(src.slug, lang)
                if path in unreadable:
                    continue
                extra = {"similarity": settings.similarity, "obsolete": keep_obsolete,
                         "previous": previous, "memory": memories.get(lang),
                         "source": self.rel(path)}
                if path in olds:
                    new = merge(pot, olds[path], **extra)
                    action = "updated"
                    if same_content(olds[path], new, ()):  # keep the translator's layout
                        new, action = olds[path], "unchanged"
                else:
                    new = init(pot, lang, src.slug, **extra)
                    action = "created"
                if action != "unchanged":
                    self.write_catalog(path, new, report)
                s = stats(new)
                report.stats.append((src.slug, lang, s))
                report.lines.append(f"{self.rel(path)}: {action}, {_counts(s)}")
        return report

    def check_target(self, po: Catalog, lang: str, path: Path) -> None:
        """Raise CatalogError when ``po`` (read from ``path``) cannot serve as the catalog
        of ``lang``: empty, of another language, or with a Plural-Forms msgfmt refuses."""
        if not po.headers and not po.messages:  # e.g. truncated by a crashed editor
            raise CatalogError("empty catalog (if that is intended, delete it and run "
                               "'l10n update' to create it again)", self.rel(path))
        declared = po.headers.get("Language", "")
        if declared and not same_language(declared, lang):
            raise CatalogError(f"Language header says '{declared}' but the catalog is in the "
                               f"folder for '{lang}'", self.rel(path),
                               _header_line(path, "Language"))
        _, problems = plural_problems(po)  # what msgfmt refuses; any valid rule will do
        if problems:
            line, message = problems[0]
            raise CatalogError(message, self.rel(path), line or _header_line(path, "Plural-Forms"))

    @_locked
    def translate(self, backend_name: str | None = None, targets: list[str] | None = None,
                  refresh: bool = False, via: str | None = None, endpoint: str | None = None,
                  progress: Progress | None = None) -> Report:
        """Pre-fill untranslated entries; ``progress(what, done, total)`` is called as
        texts are translated."""
        from l10n.translate.driver import translate_project

        return translate_project(self, backend=backend_name, targets=targets, via=via,
                                 endpoint=endpoint, refresh=refresh, progress=progress)

    def check(self, languages: list[str] | None = None) -> Report:
        """The CI gate as a step of `build` (`l10n check` calls l10n.check.run itself).
        With ``[report] enabled = true`` the review site is written from the same run."""
        from l10n.check import run

        if self.config.report.enabled and languages is None:
            from l10n.report import write_site

            site = write_site(self)
            result = site.check
            line = f"{self.rel(site.index)}: review site of {site.articles} articles"
            return Report(lines=[*result.lines, line], written=site.written,
                          stats=result.stats, ok=result.ok)
        result = run(self, languages)
        return Report(lines=result.lines, stats=result.stats, ok=result.ok)

    @_writes
    def compile(self, min_translated: float | None = None,
                use_fuzzy: bool | None = None) -> Report:
        from l10n.publish import compile_project

        return compile_project(self, min_translated, use_fuzzy)

    def status(self) -> Report:
        """Counts per catalog; missing catalogs in ``missing``, unreadable ones in
        ``unreadable`` (and their errors in ``errors``)."""
        report = Report()
        for src, lang, path in self.catalogs():
            if not path.exists():
                report.missing.append((src.slug, lang, self.rel(path)))
                continue
            po = self.try_read(path, report)
            if po is None:
                report.unreadable.append((src.slug, lang, self.rel(path)))
            else:
                report.stats.append((src.slug, lang, stats(po)))
        return report

    @_writes
    def build(self, backend_name: str | None = None,
              progress: Progress | None = None) -> Report:
        report = Report()
        for step in (self.extract, self.update,
                     lambda: self.translate(backend_name, progress=progress),
                     self.check, self.compile):
            report.extend(step())
        return report


def _n(count: int, noun: str) -> str:
    plural = noun[:-1] + "ies" if noun.endswith("y") else noun + "s"
    return f"{count} {noun if count == 1 else plural}"


def _counts(s: Stats) -> str:
    return (f"{_n(s.total, 'entry')}, {s.translated} translated, {s.fuzzy} fuzzy, "
            f"{s.untranslated} untranslated")


def _header_line(path: Path, field: str) -> int:
    """The line of a header field in a catalog file, for error messages (1 if not found)."""
    try:
        with path.open(encoding="utf-8", errors="replace") as fh:
            for lineno, text in enumerate(fh, 1):
                if text.lstrip().startswith(f'"{field}:'):
                    return lineno
                if lineno > 100:  # the header is at the top
                    break
    except OSError:
        pass
    return 1


# -- a new project

GITIGNORE = (".l10n.lock", ".l10n-cache/", "*.mo")


def init_project(folder: Path | str, source_language: str = "en",
                 languages: list[str] | tuple[str, ...] = config_mod.DEFAULT_LANGUAGES,
                 pyproject: bool | None = None) -> Report:
    """Start a project in ``folder``: its configuration (an ``l10n.toml``, or a
    ``[tool.l10n]`` table in the folder's ``pyproject.toml``), the source and locales
    folders, and the ``.gitignore`` entries for what l10n generates.

    ``pyproject`` None: use pyproject.toml when the folder has one. Nothing is asked;
    every key written has its default, and the result is loaded to prove it valid.
    """
    if not Path(folder).is_dir():
        raise L10nError("no such folder", folder)
    root = Path(folder).resolve()
    report = Report()
    for path in (root / "l10n.toml", root / "pyproject.toml"):
        if path.is_file() and (path.name == "l10n.toml" or config_mod.has_l10n_table(path)):
            raise L10nError("already an l10n project", path)
    source_language = config_mod.option("--source-language", source_language,
                                        config_mod.language)
    langs = config_mod.option("--languages", list(languages), config_mod.language_list)
    body = (f'source_dir = "source"          # articles: <slug>.txt, .md or .html\n'
            f'locales_dir = "locales"        # <slug>.pot, <lang>/LC_MESSAGES/<slug>.po\n'
            f'dist_dir = "dist"              # composed articles\n'
            f'source_language = "{source_language}"\n'
            f'languages = [{", ".join(f"{chr(34)}{c}{chr(34)}" for c in langs)}]'
            f'   # an article is translated into the others\n')
    use_pyproject = (root / "pyproject.toml").is_file() if pyproject is None else pyproject
    if use_pyproject:
        path = root / "pyproject.toml"
        old = path.read_text(encoding="utf-8") if path.is_file() else ""
        text = old + ("\n" if old and not old.endswith("\n") else "") + \
            ("\n" if old else "") + "[tool.l10n]\n" + body
        action = "added [tool.l10n] to" if old else "wrote"
    else:
        path = root / "l10n.toml"
        text = "# l10n project configuration; every key is described in the README.\n" + body
        action = "wrote"
    write_if_changed(path, text)
    report.written.append(path)
    report.lines.append(f"{action} {path.name}")
    config = config_mod.load(path)
    for made in (config.source_path, config.locales_path):
        if not made.is_dir():
            made.mkdir(parents=True)
            report.lines.append(f"created {made.relative_to(root).as_posix()}/")
    ignore = root / ".gitignore"
    have = ignore.read_text(encoding="utf-8").splitlines() if ignore.is_file() else []
    wanted = [*GITIGNORE, f"/{config.dist_dir.strip('/')}/"]
    missing = [entry for entry in wanted if entry not in have]
    if missing:
        old = "\n".join(have) + "\n" if have else ""
        write_if_changed(ignore, old + "\n".join(missing) + "\n")
        report.written.append(ignore)
        report.lines.append(f".gitignore: added {', '.join(missing)}")
    report.lines.append(f"next: put articles in {config.source_dir}/ and run 'l10n build'")
    return report
