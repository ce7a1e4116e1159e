"""A localisation project on disk and the steps of the pipeline over all its articles.

Each step reads what it needs, transforms it with the pure modules (formats, extract,
update, translate, compose, mofile) and writes only files whose content changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from l10n import config as config_mod
from l10n import mofile, pofile
from l10n.check import Stats, stats
from l10n.compose import compose
from l10n.config import Config
from l10n.errors import CatalogError, SourceError
from l10n.extract import extract, same_content
from l10n.formats import decode, format_for, registry
from l10n.fsutil import write_if_changed
from l10n.model import Article, Catalog
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


class Project:
    def __init__(self, cfg: Config):
        self.config = cfg
        self.root = cfg.root

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
            raise SourceError("source folder not found", folder)
        root = self.root.resolve()
        found: list[Source] = []
        for path in sorted(folder.iterdir()):
            if path.name.startswith(".") or path.is_dir():
                continue
            if path.is_symlink() and not path.resolve().is_relative_to(root):
                raise SourceError("symbolic link to a file outside the project is refused",
                                  self.rel(path))
            format_for(path)
            slug = config_mod.check_slug(path.stem, self.rel(path))
            found.append(Source(slug, path, self.rel(path), self.config.article_language(slug)))
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
        text = decode(data, src.rel)
        return format_for(src.path).parse(text, slug=src.slug, path=src.rel, lang=src.lang)

    def read_catalog(self, path: Path) -> Catalog:
        return pofile.read_relative(path, self.rel(path))

    def write_catalog(self, path: Path, catalog: Catalog, report: Report) -> None:
        width = self.config.section("update").get("width", pofile.DEFAULT_WIDTH)
        if write_if_changed(path, pofile.dumps(catalog, width)):
            report.written.append(path)

    # -- steps
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
                else:
                    new = init(pot, lang, src.slug, **extra)
                    action = "created"
                self.write_catalog(path, new, report)
                s = stats(new)
                report.stats.append((src.slug, lang, s))
                report.lines.append(f"{self.rel(path)}: {action}, {_counts(s)}")
        return report

    def _check_language(self, po: Catalog, lang: str, path: Path) -> None:
        declared = po.headers.get("Language", "")
        if declared and declared.replace("-", "_") != lang.replace("-", "_"):
            raise CatalogError(f"Language header says '{declared}' but the catalog is in the "
                               f"folder for '{lang}'", self.rel(path), 1)

    def catalogs(self) -> list[tuple[Source, str, Path]]:
        return [(src, lang, self.po_path(src.slug, lang)) for src in self.sources()
                for lang in self.config.targets(src.slug)]

    def translate(self, backend_name: str | None = None, targets: list[str] | None = None,
                  refresh: bool = False) -> Report:
        from l10n.translate import BackendContext, create
        from l10n.translate.driver import fill

        settings = dict(self.config.section("translate"))
        name = backend_name or settings.get("backend", "memory")
        backend = create(name, BackendContext(self.root, self.config.locales_path, settings))
        report = Report()
        for src, lang, path in self.catalogs():
            if targets and lang not in targets:
                continue
            if not path.exists():
                continue
            catalog = self.read_catalog(path)
            result = fill(catalog, backend, src.lang, lang, refresh=refresh)
            self.write_catalog(path, catalog, report)
            report.lines.append(f"{self.rel(path)}: {result.filled} of {result.candidates} "
                                f"untranslated filled by {name} (marked fuzzy)")
        return report

    def thresholds(self, lang: str) -> float:
        section = self.config.section("check")
        return float(section.get(lang, section.get("threshold", 100)))

    def check(self) -> Report:
        report = Report()
        for src, lang, path in self.catalogs():
            if not path.exists():
                report.ok = False
                report.lines.append(f"{self.rel(path)}: missing (run 'l10n update')")
                continue
            s = stats(self.read_catalog(path))
            report.stats.append((src.slug, lang, s))
            need = self.thresholds(lang)
            if s.percent + 1e-9 < need:
                report.ok = False
                report.lines.append(f"{self.rel(path)}: {s.percent:.1f}% translated, "
                                    f"{need:g}% required")
        return report

    def compile(self) -> Report:
        report = Report()
        for src in self.sources():
            article = None
            for lang in self.config.targets(src.slug):
                path = self.po_path(src.slug, lang)
                if not path.exists():
                    report.lines.append(f"{self.rel(path)}: missing, {lang} not composed")
                    continue
                catalog = self.read_catalog(path)
                mo = path.with_suffix(".mo")
                if write_if_changed(mo, mofile.dumps(catalog)):
                    report.written.append(mo)
                article = article or self.parse(src)
                result = compose(article, catalog, lang, format_for(src.path))
                out = self.config.dist_path / lang / src.path.name
                if write_if_changed(out, result.text):
                    report.written.append(out)
                note = (f", {result.fallbacks} of {result.units} units fell back to the "
                        f"source text" if result.fallbacks else "")
                report.lines.append(f"{self.rel(out)}: {result.units} units{note}")
        return report

    def status(self) -> Report:
        report = Report()
        for src, lang, path in self.catalogs():
            if path.exists():
                report.stats.append((src.slug, lang, stats(self.read_catalog(path))))
        return report

    def build(self, backend_name: str | None = None) -> Report:
        report = Report()
        for step in (self.extract, self.update, lambda: self.translate(backend_name),
                     self.check, self.compile):
            report.extend(step())
        return report


def _counts(s: Stats) -> str:
    return (f"{s.total} entries, {s.translated} translated, {s.fuzzy} fuzzy, "
            f"{s.untranslated} untranslated")
