"""A localisation project on disk and the steps of the pipeline over all its articles.

Each step reads what it needs, transforms it with the pure modules (formats, extract,
update, translate, compose, mofile) and writes only files whose content changed.
"""

from __future__ import annotations

import functools
import gettext
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from l10n import config as config_mod
from l10n import pofile
from l10n.check import Stats, stats
from l10n.config import Config
from l10n.errors import CatalogError, L10nError, SourceError
from l10n.extract import extract, same_content
from l10n.formats import accepts, decode, format_for, parse, registry, split_bom
from l10n.fsutil import write_if_changed
from l10n.languages import plural_forms
from l10n.lock import project_lock, remove_stale_temporaries
from l10n.model import Article, Catalog
from l10n.segment import configured_abbreviations
from l10n.update import Memory, init, merge, update_options


@dataclass(frozen=True)
class Source:
    slug: str
    path: Path
    rel: str  # path relative to the project root, with '/' separators
    lang: str


@dataclass
class Report:
    """What a step did: lines for people, files written, and per-catalog statistics."""

    lines: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    stats: list[tuple[str, str, Stats]] = field(default_factory=list)  # slug, lang, stats
    ok: bool = True

    def extend(self, other: Report) -> None:
        self.lines += other.lines
        self.written += other.written
        self.stats += other.stats
        self.ok = self.ok and other.ok


_Step = TypeVar("_Step", bound=Callable[..., "Report"])


def _writes(step: _Step) -> _Step:
    """A step that writes files runs under the project lock (see l10n.lock)."""

    @functools.wraps(step)
    def locked(self: Project, *args: object, **kwargs: object) -> Report:
        with project_lock(self.root):
            remove_stale_temporaries((self.config.locales_path, self.config.dist_path))
            outer, self._pending = self._pending, []
            try:
                report = step(self, *args, **kwargs)
                # Every input of the step was read and found valid: only now write, so a
                # bad catalog or article stops the step with nothing written.
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
        with project_lock(self.root):
            remove_stale_temporaries((self.config.locales_path, self.config.dist_path))
            outer, self._pending = self._pending, None
            try:
                return step(self, *args, **kwargs)
            finally:
                self._pending = outer

    return locked  # type: ignore[return-value]


class Project:
    def __init__(self, cfg: Config):
        self.config = cfg
        self.root = cfg.root
        self._pending: list[tuple[Path, bytes | str, Report]] | None = None

    @classmethod
    def load(cls, path: Path | None = None) -> Project:
        return cls(config_mod.load(path))

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
        return found

    def parse(self, src: Source) -> Article:
        try:
            data = src.path.read_bytes()
        except OSError as exc:
            raise SourceError(f"cannot read: {exc.strerror}", src.rel) from None
        bom, text = split_bom(decode(data, src.rel))
        fmt = format_for(src.path)
        # Project abbreviations reach readers that take them (plug-ins need not).
        extra = configured_abbreviations(self.config.section("segment"), src.lang,
                                         self.config.file)
        article = parse(fmt, text, slug=src.slug, path=src.rel, lang=src.lang,
                        options=self.config.section("formats").get(fmt.name),
                        options_file=self.rel(self.config.file),
                        **{k: v for k, v in extra.items() if accepts(fmt, k)})
        if bom:  # kept as a literal so that composed articles keep it, out of every msgid
            article.parts.insert(0, bom)
        return article

    def read_catalog(self, path: Path) -> Catalog:
        return pofile.read_relative(path, self.rel(path))

    def write_catalog(self, path: Path, catalog: Catalog, report: Report) -> None:
        width = self.config.section("update").get("width", pofile.DEFAULT_WIDTH)
        self.write(path, pofile.dumps(catalog, width), report)

    def write(self, path: Path, data: bytes | str, report: Report) -> None:
        """Write at the end of the running step (see ``_writes``), or now outside one."""
        if self._pending is not None:
            self._pending.append((path, data, report))
        elif write_if_changed(path, data):
            report.written.append(path)

    # -- steps
    @_writes
    def extract(self) -> Report:
        report = Report()
        for src in self.sources():
            article = self.parse(src)
            path = self.pot_path(src.slug)
            pot = extract(article, self.config.project or src.slug)
            if path.exists():
                old = self.read_catalog(path)
                if same_content(old, pot, ("POT-Creation-Date",)):
                    pot = old
            self.write_catalog(path, pot, report)
            report.lines.append(f"{self.rel(path)}: {len(pot.messages)} entries "
                                f"from {src.rel}")
        return report

    @_writes
    def update(self, obsolete: bool | None = None, previous: bool = True) -> Report:
        report = Report()
        options = update_options(self.config.section("update"), self.config.file)
        if obsolete is not None:
            options["obsolete"] = obsolete
        options["previous"] = previous
        use_memory = options.pop("memory")
        compendia = options.pop("compendia")
        olds: dict[Path, Catalog] = {}
        memories: dict[str, Memory] = {}
        for _, lang, path in self.catalogs():
            if path.exists():
                olds[path] = po = self.read_catalog(path)
                self._check_language(po, lang, path)
                if use_memory:
                    memories.setdefault(lang, Memory()).add_catalog(po, self.rel(path))
        for rel in compendia if use_memory else ():
            comp = self.read_catalog(self.root / rel)
            lang = comp.language
            if not lang:
                raise CatalogError("a compendium needs a Language header", rel, 1)
            memories.setdefault(lang, Memory()).add_catalog(comp, rel)
        for src in self.sources():
            pot_path = self.pot_path(src.slug)
            if not pot_path.exists():
                raise CatalogError("template missing; run 'l10n extract' first",
                                   self.rel(pot_path))
            pot = self.read_catalog(pot_path)
            for lang in self.config.targets(src.slug):
                path = self.po_path(src.slug, lang)
                extra = dict(options, memory=memories.get(lang), source=self.rel(path))
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

    def _check_language(self, po: Catalog, lang: str, path: Path) -> None:
        if not po.headers and not po.messages:  # e.g. truncated by a crashed editor
            raise CatalogError("empty catalog (if that is intended, delete it and run "
                               "'l10n update' to create it again)", self.rel(path))
        declared = po.headers.get("Language", "")
        if declared and declared.replace("-", "_") != lang.replace("-", "_"):
            raise CatalogError(f"Language header says '{declared}' but the catalog is in the "
                               f"folder for '{lang}'", self.rel(path),
                               _header_line(path, "Language"))
        try:
            _check_plural_forms(po, lang, self.rel(path), 0)
        except CatalogError as exc:  # the header's line, looked up only for the message
            raise CatalogError(exc.message, exc.path, exc.line
                               or _header_line(path, "Plural-Forms")) from None

    def catalogs(self) -> list[tuple[Source, str, Path]]:
        return [(src, lang, self.po_path(src.slug, lang)) for src in self.sources()
                for lang in self.config.targets(src.slug)]

    @_locked
    def translate(self, backend_name: str | None = None, targets: list[str] | None = None,
                  refresh: bool = False, via: str | None = None, endpoint: str | None = None,
                  progress: bool = False) -> Report:
        from l10n.translate.driver import translate_project

        return translate_project(self, backend=backend_name, targets=targets, via=via,
                                 endpoint=endpoint, refresh=refresh, progress=progress)

    def check(self) -> Report:
        """The CI gate as a step of `build` (`l10n check` calls l10n.check.run itself).
        With ``[report] enabled = true`` the review site is written from the same run."""
        from l10n.check import run

        if self.config.section("report").get("enabled", False):
            from l10n.report import write_site

            site = write_site(self)
            result = site.check
            line = f"{self.rel(site.index)}: review site of {site.articles} articles"
            return Report(lines=[*result.lines, line], written=site.written,
                          stats=result.stats, ok=result.ok)
        result = run(self)
        return Report(lines=result.lines, stats=result.stats, ok=result.ok)

    @_writes
    def compile(self, min_translated: float | None = None,
                use_fuzzy: bool | None = None) -> Report:
        from l10n.publish import compile_project

        return compile_project(self, min_translated, use_fuzzy)

    def status(self) -> Report:
        report = Report()
        for src, lang, path in self.catalogs():
            if path.exists():
                report.stats.append((src.slug, lang, stats(self.read_catalog(path))))
        return report

    @_writes
    def build(self, backend_name: str | None = None) -> Report:
        report = Report()
        for step in (self.extract, self.update, lambda: self.translate(backend_name),
                     self.check, self.compile):
            report.extend(step())
        return report


def _counts(s: Stats) -> str:
    return (f"{s.total} entries, {s.translated} translated, {s.fuzzy} fuzzy, "
            f"{s.untranslated} untranslated")


_PLURAL_FORMS = re.compile(r"\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*([^;]+?)\s*;?\s*")


def _check_plural_forms(po: Catalog, lang: str, shown: str, line: int) -> None:
    """A Plural-Forms header msgfmt accepts, with as many forms as the language has."""
    value = po.headers.get("Plural-Forms")
    if value is None:
        return
    m = _PLURAL_FORMS.fullmatch(value)
    if not m:
        raise CatalogError(f"malformed Plural-Forms header {value!r} (expected "
                           "'nplurals=N; plural=EXPRESSION;')", shown, line)
    try:
        gettext.c2py(m.group(2))
    except (ValueError, RecursionError):
        raise CatalogError(f"invalid plural expression {m.group(2)!r} in Plural-Forms",
                           shown, line) from None
    declared = int(m.group(1))
    expected = int(plural_forms(lang).split(";")[0].split("=")[1])
    if declared != expected:
        raise CatalogError(f"Plural-Forms declares nplurals={declared} but '{lang}' has "
                           f"{expected} plural forms", shown, line)
    for msg in po.messages:
        if msg.msgid_plural is not None and len(msg.msgstr_plural) != declared:
            raise CatalogError(f"{len(msg.msgstr_plural)} plural forms where Plural-Forms "
                               f"declares {declared}", shown, msg.lineno)


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
