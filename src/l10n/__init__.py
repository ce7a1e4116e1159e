"""l10n: localise news articles between Ukrainian, Russian and English through gettext.

The public API (see docs/api.md)::

    import l10n

    catalog = l10n.read_catalog("locales/uk/LC_MESSAGES/story.po")
    article = l10n.read_article("source/story.md", "en")
    project = l10n.Project.load(".")
    report = l10n.build(project)

Names are imported when first used, so ``import l10n`` stays cheap for the command line.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

# name -> "module:attribute". No name is that of a module of the package (a submodule,
# once imported, would take its place as an attribute of the package).
_API: dict[str, str] = {
    # errors a user can cause
    "L10nError": "l10n.errors:L10nError",
    "ConfigError": "l10n.errors:ConfigError",
    "SourceError": "l10n.errors:SourceError",
    "CatalogError": "l10n.errors:CatalogError",
    # the model
    "Article": "l10n.model:Article",
    "Unit": "l10n.model:Unit",
    "Catalog": "l10n.model:Catalog",
    "Message": "l10n.model:Message",
    "render": "l10n.model:render",
    # catalogs: read, write, merge, count, compile
    "read_catalog": "l10n.pofile:read",
    "parse_catalog": "l10n.pofile:parse",
    "format_catalog": "l10n.pofile:dumps",
    "write_catalog": "l10n.api:write_catalog",
    "compile_mo": "l10n.mofile:dumps",
    "extract_template": "l10n.extract:extract",
    "merge": "l10n.update:merge",
    "init_catalog": "l10n.update:init",
    "Stats": "l10n.stats:Stats",
    "catalog_stats": "l10n.stats:stats",
    "from_polib": "l10n.polib_bridge:from_polib",
    "to_polib": "l10n.polib_bridge:to_polib",
    # articles: read, segment, compose
    "read_article": "l10n.api:read_article",
    "sentences": "l10n.segment:sentences",
    "sentence_spans": "l10n.segment:sentence_spans",
    "compose_article": "l10n.compose:compose",
    "Composition": "l10n.compose:Composition",
    # the project and its steps
    "Project": "l10n.project:Project",
    "Report": "l10n.results:Report",
    "build": "l10n.pipeline:build",
    "BuildReport": "l10n.pipeline:BuildReport",
    "init_project": "l10n.project:init_project",
    "Config": "l10n.config:Config",
    "load_config": "l10n.config:load",
    "run_check": "l10n.check:run",
    "check_file": "l10n.check:check_file",
    "CheckResult": "l10n.check:CheckResult",
    "write_report": "l10n.pipeline:report",
    "align_article": "l10n.align.step:align_article",
    "align_folder": "l10n.align.step:align_folder",
    "AlignOutcome": "l10n.align.step:ArticleOutcome",
}

__all__ = ["L10nError", "ConfigError", "SourceError", "CatalogError", "Article", "Unit",
           "Catalog", "Message", "render", "read_catalog", "parse_catalog", "format_catalog",
           "write_catalog", "compile_mo", "extract_template", "merge", "init_catalog", "Stats",
           "catalog_stats", "from_polib", "to_polib", "read_article", "sentences",
           "sentence_spans", "compose_article", "Composition", "Project", "Report", "build",
           "BuildReport",
           "init_project", "Config", "load_config", "run_check", "check_file", "CheckResult",
           "write_report", "align_article", "align_folder", "AlignOutcome", "__version__"]


def __getattr__(name: str) -> Any:
    target = _API.get(name)
    if target is None:
        raise AttributeError(f"module 'l10n' has no attribute {name!r}")
    module, _, attr = target.partition(":")
    value = getattr(import_module(module), attr)
    globals()[name] = value  # the next lookup is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
