"""The catalog steps over a project: extract templates, update catalogs, count them.

Each step is also available for one article (``template``, ``update_catalog``), so that
the pipeline can run every step of one article in one go (see ``l10n.pipeline``). Steps
write through the project (``Project.write``) and return a :class:`~l10n.results.Report`;
a catalog that cannot be read is left out with an error in the report, and the step does
the rest.
"""

from __future__ import annotations

import re
from pathlib import Path

from l10n import pofile, tmx
from l10n.errors import CatalogError
from l10n.extract import extract as extract_template
from l10n.extract import same_content
from l10n.model import Article, Catalog
from l10n.project import Project, Source
from l10n.results import Report
from l10n.stats import Stats, stats
from l10n.update import Memory, init, merge

__all__ = ["Memory", "extract", "memory_files", "status", "template", "update",
           "update_catalog"]

_CREATED = re.compile(rb'^"POT-Creation-Date: ([^"\\]*)\\n"$', re.MULTILINE)


def template(project: Project, src: Source, article: Article,
             old: bytes | None) -> tuple[Catalog, bytes]:
    """The template of ``article`` and the bytes of its file.

    ``old`` is the template file as it is (None when there is none). When only its
    creation date would change, the old template stays as it is: no date-only churn.
    """
    name = project.config.project or src.slug
    width = project.config.update.width
    if old is not None:
        created = _CREATED.search(old[:4096])
        if created is not None:  # the usual case: compare bytes, no need to parse
            pot = extract_template(article, name, created=created.group(1).decode("utf-8",
                                                                                "replace"))
            data = pofile.dumps(pot, width).encode("utf-8")
            if data == old:
                return pot, data
        try:  # an unreadable old template is simply replaced: it is generated
            previous: Catalog | None = pofile.from_bytes(old, project.rel(project.pot_path(
                src.slug)))
        except CatalogError:
            previous = None
        pot = extract_template(article, name)
        if previous is not None and same_content(previous, pot, ("POT-Creation-Date",)):
            pot = previous
    else:
        pot = extract_template(article, name)
    return pot, pofile.dumps(pot, width).encode("utf-8")


def extract_lines(project: Project, src: Source, article: Article, pot: Catalog
                  ) -> list[str]:
    """What extracting an article says: its template, and the reader's warnings."""
    return [f"{project.rel(project.pot_path(src.slug))}: {_n(len(pot.messages), 'entry')} "
            f"from {src.rel}",
            *(f"{src.rel}:{line}: warning: {note}" for line, note in article.notes)]


def extract(project: Project) -> Report:
    """Write ``<locales>/<slug>.pot`` for every article."""
    report = Report()
    for src in project.sources():
        article = project.parse(src)
        path = project.pot_path(src.slug)
        try:
            old: bytes | None = path.read_bytes()
        except OSError:
            old = None
        pot, data = template(project, src, article, old)
        project.write(path, data, report)
        report.lines += extract_lines(project, src, article, pot)
    return report


def update_catalog(project: Project, src: Source, lang: str, pot: Catalog,
                   old: Catalog | None, memory: Memory | None, *,
                   obsolete: bool | None = None, previous: bool = True
                   ) -> tuple[Catalog, str]:
    """The catalog of ``src`` in ``lang`` brought up to its template: ``(catalog,
    action)``, the action being ``created``, ``updated`` or ``unchanged`` (then the
    catalog is ``old`` itself, keeping the translator's layout)."""
    settings = project.config.update
    path = project.po_path(src.slug, lang)
    extra = {"similarity": settings.similarity,
             "obsolete": settings.obsolete if obsolete is None else obsolete,
             "previous": previous, "memory": memory, "source": project.rel(path)}
    if old is None:
        return init(pot, lang, src.slug, **extra), "created"
    new = merge(pot, old, **extra)
    if same_content(old, new, ()):
        return old, "unchanged"
    return new, "updated"


def update_line(project: Project, path: Path, action: str, counts: Stats) -> str:
    return (f"{project.rel(path)}: {action}, {_n(counts.total, 'entry')}, "
            f"{counts.translated} translated, {counts.fuzzy} fuzzy, "
            f"{counts.untranslated} untranslated")


def memories(project: Project, catalogs: dict[Path, tuple[str, Catalog]]
             ) -> dict[str, Memory]:
    """The project-wide memory of each language: the finished entries of ``catalogs``
    (path -> language, catalog, in the project's order) and of the compendia."""
    settings = project.config.update
    found: dict[str, Memory] = {}
    if not settings.memory:
        return found
    for path, (lang, po) in catalogs.items():
        found.setdefault(lang, Memory()).add_catalog(po, project.rel(path))
    for lang, catalog, rel in memory_files(project):
        found.setdefault(lang, Memory()).add_catalog(catalog, rel)
    return found


def memory_files(project: Project) -> list[tuple[str, Catalog, str]]:
    """What update suggests from beside the project's catalogs, as (language, catalog,
    name): the compendia, then the project's translation memory (``l10n align``)."""
    found = []
    for rel in project.config.update.compendia:
        comp = project.read_catalog(project.root / rel)
        if not comp.language:
            raise CatalogError("a compendium needs a Language header", rel, 1)
        found.append((comp.language, comp, rel))
    for path in tmx.memory_files(project.config.locales_path):
        for lang, catalog in tmx.catalogs(path, project.rel(path)).items():
            found.append((lang, catalog, project.rel(path)))
    return found


def update(project: Project, obsolete: bool | None = None, previous: bool = True) -> Report:
    """Create missing catalogs from the templates (like msginit), merge existing ones."""
    report = Report()
    olds: dict[Path, tuple[str, Catalog]] = {}
    unreadable: set[Path] = set()
    for _, lang, path in project.catalogs():
        if not path.exists():
            continue
        po = project.try_read(path, report, lang)
        if po is None:
            unreadable.add(path)
        else:
            olds[path] = (lang, po)
    memory = memories(project, olds)
    for src in project.sources():
        pot_path = project.pot_path(src.slug)
        if not pot_path.exists():
            report.errors.append(CatalogError("template missing; run 'l10n extract' "
                                              "first", project.rel(pot_path)))
            continue
        pot = project.try_read(pot_path, report)
        if pot is None:
            continue
        for lang in project.config.targets(src.slug):
            path = project.po_path(src.slug, lang)
            if path in unreadable:
                continue
            old = olds.get(path)
            new, action = update_catalog(project, src, lang, pot, old[1] if old else None,
                                         memory.get(lang), obsolete=obsolete,
                                         previous=previous)
            if action != "unchanged":
                project.write_catalog(path, new, report)
            counts = stats(new)
            report.stats.append((src.slug, lang, counts))
            report.lines.append(update_line(project, path, action, counts))
    return report


def status(project: Project) -> Report:
    """Counts per catalog; missing catalogs in ``missing``, unreadable ones in
    ``unreadable`` (and their errors in ``errors``)."""
    report = Report()
    for src, lang, path in project.catalogs():
        if not path.exists():
            report.missing.append((src.slug, lang, project.rel(path)))
            continue
        po = project.try_read(path, report)
        if po is None:
            report.unreadable.append((src.slug, lang, project.rel(path)))
        else:
            report.stats.append((src.slug, lang, stats(po)))
    return report


def _n(count: int, noun: str) -> str:
    plural = noun[:-1] + "ies" if noun.endswith("y") else noun + "s"
    return f"{count} {noun if count == 1 else plural}"
