"""A localisation project on disk: its configuration, paths, sources and catalogs, and
the lock. It runs no step: the steps (``l10n.catalogs``, ``l10n.translate``,
``l10n.check``, ``l10n.publish``) take a :class:`Project`, and ``l10n.pipeline`` puts them
in order.

Steps write through :meth:`Project.write` and :meth:`Project.remove`, which go to the
project's current *sink*: straight to disk by default, to a list written at the end of a
step inside :meth:`Project.writing` (so that a bad article stops the step with nothing
written), or to temporary files that a build renames at the end (see ``l10n.pipeline``).
"""

from __future__ import annotations

import contextlib
import os
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from l10n import config as config_mod
from l10n.config import Config
from l10n.errors import CatalogError, L10nError, SourceError
from l10n.fsutil import write_if_changed
from l10n.languages import plural_problems, same_language
from l10n.lock import begin_writing, end_writing, project_lock, remove_stale_temporaries
from l10n.model import Article, Catalog
from l10n.results import Report

__all__ = ["Project", "Report", "Sink", "Source"]


@dataclass(frozen=True)
class Source:
    slug: str
    path: Path
    rel: str  # path relative to the project root, with '/' separators
    lang: str


class Sink(Protocol):
    """Where a step's writes go (see the module's docstring)."""

    def write(self, path: Path, data: bytes, report: Report) -> None: ...

    def remove(self, path: Path, report: Report) -> None: ...


class DirectSink:
    """Write and remove at once (outside a step, or a step that saves as it goes)."""

    def __init__(self, project: Project):
        self.project = project

    def write(self, path: Path, data: bytes, report: Report) -> None:
        try:
            if write_if_changed(path, data):
                report.written.append(path)
        except L10nError as exc:  # named relative to the project, like the rest
            raise L10nError(exc.message, self.project.rel(path)) from None

    def remove(self, path: Path, report: Report) -> None:
        remove_output(path, self.project.rel(path))


class DeferredSink(DirectSink):
    """Collect a step's writes and removals; ``flush`` carries them out in order."""

    def __init__(self, project: Project):
        super().__init__(project)
        self.pending: list[tuple[Path, bytes | None, Report]] = []

    def write(self, path: Path, data: bytes, report: Report) -> None:
        self.pending.append((path, data, report))

    def remove(self, path: Path, report: Report) -> None:
        self.pending.append((path, None, report))

    def flush(self) -> None:
        for path, data, report in self.pending:
            if data is None:
                DirectSink.remove(self, path, report)
            else:
                DirectSink.write(self, path, data, report)
        self.pending = []


def remove_output(path: Path, shown: str) -> None:
    """Delete an output that must not stay published (and its folder, once empty)."""
    try:
        path.unlink()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise L10nError(f"cannot remove the previous output: {exc.strerror}", shown) from None
    with contextlib.suppress(OSError):
        path.parent.rmdir()  # only when empty


class Project:
    """One project on disk.

    ``on_wait(message)`` is called when a writing step has to wait for another process
    that holds the project lock (the command line prints the message on stderr).
    """

    def __init__(self, cfg: Config, *, on_wait: Callable[[str], None] | None = None):
        self.config = cfg
        self.root = cfg.root
        self.on_wait = on_wait
        self.sink: Sink = DirectSink(self)

    @classmethod
    def load(cls, path: Path | str | None = None, *,
             on_wait: Callable[[str], None] | None = None) -> Project:
        """The project whose configuration is at ``path`` (a folder, an l10n.toml or a
        pyproject.toml), or found from the current folder upwards."""
        return cls(config_mod.load(Path(path) if path is not None else None), on_wait=on_wait)

    def __getstate__(self) -> dict[str, Any]:
        # A worker process gets the configuration; callbacks and sinks stay here.
        return {"config": self.config}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["config"])  # type: ignore[misc]

    # -- paths
    def pot_path(self, slug: str) -> Path:
        return self.config.locales_path / f"{slug}.pot"

    def po_path(self, slug: str, lang: str) -> Path:
        return self.config.locales_path / lang / "LC_MESSAGES" / f"{slug}.po"

    def output_path(self, src: Source, lang: str) -> Path:
        """Where the article ``src`` is published in ``lang``."""
        return self.config.dist_path / lang / src.path.name

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
            with os.scandir(folder) as listing:
                entries = sorted((entry for entry in listing if not entry.name.startswith(".")),
                                 key=lambda entry: entry.name)
        except OSError as exc:
            raise SourceError(f"cannot list the source folder: {exc.strerror}",
                              self.rel(folder)) from None
        from l10n.formats import BUILTIN_EXTENSIONS, format_for, registry

        prefix = self.rel(folder)
        for entry in entries:
            try:
                if entry.is_dir():
                    continue
            except OSError:  # a link in a loop: reported below
                pass
            path = folder / entry.name
            rel = f"{prefix}/{entry.name}"
            if entry.is_symlink():
                try:
                    target = path.resolve(strict=True)
                except (OSError, RuntimeError):  # dangling link or a loop
                    raise SourceError("broken symbolic link", rel) from None
                if not target.is_relative_to(root):
                    raise SourceError("symbolic link to a file outside the project is "
                                      "refused", rel)
            dot = entry.name.rfind(".")  # Path.suffix, without parsing the path again
            suffix = entry.name[dot + 1:] if 0 < dot < len(entry.name) - 1 else ""
            if suffix.lower() not in BUILTIN_EXTENSIONS:
                try:
                    format_for(path)
                except SourceError as exc:
                    raise SourceError(exc.message, rel) from None
            stem = entry.name.rsplit(".", 1)[0] if "." in entry.name[1:] else entry.name
            slug = config_mod.check_slug(stem, rel)
            found.append(Source(slug, path, rel, self.config.article_language(slug)))
        slugs = [s.slug for s in found]
        counts = Counter(slugs)
        for s in found:
            if counts[s.slug] > 1:
                raise SourceError(f"two source files share the slug '{s.slug}'", s.rel)
        if not found:
            exts = ", ".join(f"*.{e}" for e in sorted(registry()))
            raise SourceError(f"no articles found (looked for {exts})", self.rel(folder))
        self.config.refuse_unknown_slugs(slugs, self.rel(folder))
        return found

    def parse(self, src: Source, data: bytes | None = None) -> Article:
        """The article of a source, read with the project's format options and
        abbreviations (from ``data``, the file's bytes, when the caller has read them)."""
        from l10n.api import read_article
        from l10n.formats import format_for

        fmt = format_for(src.path)
        return read_article(src.path, src.lang, slug=src.slug, shown=src.rel,
                            options=self.config.format_options(fmt.name), data=data,
                            **self.config.segment.for_language(src.lang))

    # -- catalogs
    def read_catalog(self, path: Path, data: bytes | None = None) -> Catalog:
        from l10n import pofile

        if data is None:
            return pofile.read_relative(path, self.rel(path))
        return pofile.from_bytes(data, self.rel(path))

    def read_target(self, path: Path, lang: str, data: bytes | None = None) -> Catalog:
        """A target-language catalog, checked to be usable as the catalog of ``lang``."""
        po = self.read_catalog(path, data)
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

    def catalogs(self) -> list[tuple[Source, str, Path]]:
        return [(src, lang, self.po_path(src.slug, lang)) for src in self.sources()
                for lang in self.config.targets(src.slug)]

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

    # -- writing
    def write_catalog(self, path: Path, catalog: Catalog, report: Report) -> None:
        from l10n import pofile

        self.write(path, pofile.dumps(catalog, self.config.update.width), report)

    def write(self, path: Path, data: bytes | str, report: Report) -> None:
        """Write ``data`` to ``path`` through the current sink (only if it changed)."""
        self.sink.write(path, data.encode("utf-8") if isinstance(data, str) else data, report)

    def remove(self, path: Path, report: Report) -> None:
        """Remove an output that must not stay (e.g. a preview once a language is held
        back), through the current sink."""
        self.sink.remove(path, report)

    @contextlib.contextmanager
    def locked(self, sweep: bool = False) -> Iterator[None]:
        """Hold the project lock (see l10n.lock); writes go to disk at once.

        The temporary files a killed writer left are removed first, when the lock file
        says that the last writer did not finish (or with ``sweep``)."""
        with project_lock(self.root, on_wait=self.on_wait):
            unfinished, mine = begin_writing(self.root)
            if unfinished or sweep:
                remove_stale_temporaries((self.config.locales_path, self.config.dist_path))
            outer, self.sink = self.sink, DirectSink(self)
            try:
                yield
            finally:
                self.sink = outer
            if mine:  # only a normal end: after an error the next writer sweeps
                end_writing(self.root)

    @contextlib.contextmanager
    def writing(self, sweep: bool = False) -> Iterator[None]:
        """Hold the project lock and keep every write until the block has finished
        without an exception: a bad input stops a step with nothing written."""
        with self.locked(sweep):
            outer = self.sink
            deferred = self.sink = DeferredSink(self)
            try:
                yield
                deferred.flush()
            finally:
                self.sink = outer

    @contextlib.contextmanager
    def writing_to(self, sink: Sink) -> Iterator[None]:
        """Send every write of the block to ``sink`` (no lock: the caller holds it)."""
        outer, self.sink = self.sink, sink
        try:
            yield
        finally:
            self.sink = outer


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
