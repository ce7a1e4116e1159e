"""The review site: a static site that shows editors the state of every article and
language, and each article side by side with its translations (``l10n report``).

The site is a folder (``dist/report/`` by default) that works from ``file://`` or any static
host: ``index.html``, one page per article under ``articles/``, and the style sheet and
script they share. Its figures, states and problems come from the same calls as
``l10n check``, ``l10n status`` and ``l10n compile`` (see :mod:`l10n.report.views`), made
once: the check hands over what it read, article by article.

An article's page depends only on that article's source, template and catalogs (and the
configuration), and a page is rewritten only when its content changed.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from l10n import publish
from l10n.check import ArticleCheck, CheckResult, check_articles
from l10n.formats import TextHooks, format_for
from l10n.fsutil import write_if_changed
from l10n.report import pages, views

if TYPE_CHECKING:
    from l10n.config import CompileSettings, Config
    from l10n.project import Project, Source

__all__ = ["Site", "article_page", "finish_site", "site_folder", "write_site"]

ASSETS = ("report.css", "report.js")
# progress(what, done, total), as the other steps report it.
Progress = Callable[[str, int, "int | None"], None]


@dataclass
class Site:
    """What ``write_site`` did."""

    output: Path
    index: Path
    articles: int = 0
    catalogs: int = 0
    written: list[Path] = field(default_factory=list)  # files whose content changed
    unchanged: int = 0  # files already up to date
    removed: list[Path] = field(default_factory=list)  # pages of articles that are gone
    check: CheckResult = field(default_factory=CheckResult)  # what 'l10n check' finds


def write_site(project: Project, output: Path | None = None, *, jobs: int | None = None,
               progress: Progress | None = None) -> Site:
    """Write the review site of ``project`` to ``output`` (default ``<dist>/report``).

    Articles are independent, so their pages are made by ``jobs`` worker processes (one
    per core by default; 1 for none); the files are the same whatever the number.
    """
    out = Path(output) if output is not None else site_folder(project)
    site = Site(out, out / "index.html")
    sources = project.sources()
    summaries: list[views.ArticleView] = []

    def take(part: _Part) -> None:
        summaries.extend(part.views)
        site.check.catalogs += part.check.catalogs
        site.check.problems += part.check.problems
        site.check.checked_files += part.check.checked_files
        site.written += part.written
        site.unchanged += part.unchanged
        if progress is not None:
            progress("report", len(summaries), len(sources))

    workers = _workers(jobs, len(sources))
    if workers == 1:
        take(_articles(project, out, sources))
    else:
        size = max(_MIN_CHUNK, -(-len(sources) // (workers * 4)))
        chunks = [sources[i:i + size] for i in range(0, len(sources), size)]
        with ProcessPoolExecutor(workers) as pool:
            for part in pool.map(_worker, [project.config] * len(chunks),
                                 [out] * len(chunks), chunks):
                take(part)
    done = finish_site(project, out, summaries, site.check)
    done.written[:0] = site.written
    done.unchanged += site.unchanged
    return done


_MIN_CHUNK = 25  # articles: below two chunks' worth, one process does it all


def _workers(jobs: int | None, articles: int) -> int:
    if jobs is None:
        try:
            jobs = len(os.sched_getaffinity(0))
        except AttributeError:  # not on Linux
            jobs = os.cpu_count() or 1
    return max(1, min(jobs, articles // _MIN_CHUNK))


@dataclass
class _Part:
    """What one run over some articles made: their summaries for the index, their check
    results and the files written."""

    views: list[views.ArticleView] = field(default_factory=list)
    check: CheckResult = field(default_factory=CheckResult)
    written: list[Path] = field(default_factory=list)
    unchanged: int = 0


def _worker(config: Config, out: Path, sources: list[Source]) -> _Part:
    from l10n.project import Project

    return _articles(Project(config), out, sources)


def _articles(project: Project, out: Path, sources: list[Source]) -> _Part:
    """Check each article, write its page, keep its summary (in a worker, or not)."""
    part = _Part()
    opts = publish.settings(project.config)
    for item in check_articles(project, sources=sources):
        part.check.catalogs += item.result.catalogs
        part.check.problems += item.result.problems
        part.check.checked_files += item.result.checked_files
        path, page, view = article_page(project, item, out, opts)
        _write(part, path, page)
        part.views.append(view)
    return part


def site_folder(project: Project) -> Path:
    """Where the site goes unless told (``<dist>/report``)."""
    return project.config.dist_path / "report"


def page_path(out: Path, slug: str) -> Path:
    return out / pages.article_href(slug)


def article_page(project: Project, item: ArticleCheck, out: Path,
                 opts: CompileSettings) -> tuple[Path, str, views.ArticleView]:
    """One article's page: its path, its HTML, and its summary for the index (a build
    makes it in the article's work unit, from what the check holds)."""
    src = item.source
    fmt = format_for(src.path)
    hooks = fmt if isinstance(fmt, TextHooks) else TextHooks()
    article = item.article or project.parse(src)
    view = views.build(project, item, article, hooks, fmt.name, opts)
    page = pages.article_page(view)
    view.units = []  # the index needs the summary only
    return page_path(out, src.slug), page, view


def finish_site(project: Project, out: Path, summaries: list[views.ArticleView],
                check: CheckResult) -> Site:
    """The parts of the site that show every article: the index (from the articles'
    summaries and the whole check), the style sheet and script, and the removal of the
    pages of articles that are gone."""
    site = Site(out, out / "index.html", articles=len(summaries), check=check)
    site.catalogs = sum(len(v.targets) for v in summaries)
    for name in ASSETS:
        _write(site, out / name, resources.files(__name__).joinpath(name).read_bytes())
    name = project.config.project or project.root.resolve().name
    _write(site, site.index, pages.index_page(summaries, check, name,
                                              project.config.languages))
    site.removed = _remove_gone(out / "articles", {v.slug for v in summaries})
    return site


def _write(to: Site | _Part, path: Path, data: str | bytes) -> None:
    if write_if_changed(path, data, durable=False):
        to.written.append(path)
    else:
        to.unchanged += 1


def _remove_gone(folder: Path, slugs: set[str]) -> list[Path]:
    """Pages this site wrote for articles that are no longer in the project."""
    marker = f'<meta name="generator" content="{pages.GENERATOR}">'.encode()
    removed = []
    for path in sorted(folder.glob("*.html")):
        if path.stem in slugs:
            continue
        try:
            with path.open("rb") as fh:
                ours = marker in fh.read(1024)
            if ours:
                path.unlink()
                removed.append(path)
        except OSError:
            continue
    return removed
