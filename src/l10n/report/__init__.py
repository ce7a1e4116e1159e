"""The review site: a static site that shows editors the state of every article and
language, and each article side by side with its translations (``l10n report``).

The site is a folder (``dist/report/`` by default) that works from ``file://`` or any static
host: ``index.html``, one page per article under ``articles/``, and the style sheet and
script they share. Its figures, states and problems come from the same calls as
``l10n check``, ``l10n status`` and ``l10n compile`` (see :mod:`l10n.report.views`), made
once: the check hands over what it read, article by article.

An article's page depends only on that article's source, template and catalogs (and the
configuration), and a page is rewritten only when its content changed. Which articles to
draw, in which processes, and what to take from the caches is the pipeline's business
(``l10n.pipeline.report``, and ``l10n.pipeline.build`` with ``[report] enabled``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from l10n.fsutil import write_if_changed
from l10n.results import CheckResult

# The pages and views (and the Markdown renderer under them) are imported where they are
# used: a no-op build only asks where the site goes.

if TYPE_CHECKING:
    from l10n.check import ArticleCheck
    from l10n.config import CompileSettings
    from l10n.project import Project
    from l10n.publish import Decision
    from l10n.report import views

__all__ = ["Site", "article_page", "finish_site", "page_path", "site_folder"]

ASSETS = ("report.css", "report.js")


@dataclass
class Site:
    """What writing the site did (``l10n.pipeline.report``, or a build)."""

    output: Path
    index: Path
    articles: int = 0
    catalogs: int = 0
    written: list[Path] = field(default_factory=list)  # files whose content changed
    unchanged: int = 0  # files already up to date
    removed: list[Path] = field(default_factory=list)  # pages of articles that are gone
    check: CheckResult = field(default_factory=CheckResult)  # what 'l10n check' finds


def site_folder(project: Project) -> Path:
    """Where the site goes unless told (``<dist>/report``)."""
    return project.config.dist_path / "report"


def page_path(out: Path, slug: str) -> Path:
    from l10n.report import pages

    return out / pages.article_href(slug)


def article_page(project: Project, item: ArticleCheck, out: Path, opts: CompileSettings,
                 decided: dict[str, Decision] | None = None
                 ) -> tuple[Path, str, views.ArticleView]:
    """One article's page: its path, its HTML, and its summary for the index (a build
    makes it in the article's work unit, from what the check holds and what compile
    ``decided``)."""
    src = item.source
    from l10n.formats import TextHooks, format_for
    from l10n.report import pages, views

    fmt = format_for(src.path)
    hooks = fmt if isinstance(fmt, TextHooks) else TextHooks()
    article = item.article or project.parse(src)
    view = views.build(project, item, article, hooks, fmt.name, opts, decided)
    page = pages.article_page(view)
    view.units = []  # the index needs the summary only
    return page_path(out, src.slug), page, view


def finish_site(project: Project, out: Path, summaries: list[views.ArticleView],
                check: CheckResult) -> Site:
    """The parts of the site that show every article: the index (from the articles'
    summaries and the whole check), the style sheet and script, and the removal of the
    pages of articles that are gone."""
    from l10n.report import pages

    site = Site(out, out / "index.html", articles=len(summaries), check=check)
    site.catalogs = sum(len(v.targets) for v in summaries)
    for name in ASSETS:
        _write(site, out / name, resources.files(__name__).joinpath(name).read_bytes())
    name = project.config.project or project.root.resolve().name
    _write(site, site.index, pages.index_page(summaries, check, name,
                                              project.config.languages))
    site.removed = _remove_gone(out / "articles", {v.slug for v in summaries})
    return site


def _write(to: Site, path: Path, data: str | bytes) -> None:
    if write_if_changed(path, data, durable=False):
        to.written.append(path)
    else:
        to.unchanged += 1


def _remove_gone(folder: Path, slugs: set[str]) -> list[Path]:
    """Pages this site wrote for articles that are no longer in the project."""
    from l10n.report import pages

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
