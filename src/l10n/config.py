"""Project configuration: ``[tool.l10n]`` in pyproject.toml, or an ``l10n.toml``.

A project is found from the current folder upwards (or given with ``--project``). Unknown
keys and unknown language codes are errors, so a typo never silently falls back to a default.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from l10n.errors import ConfigError
from l10n.languages import is_known

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

TOP_KEYS = {"source_dir", "locales_dir", "dist_dir", "source_language", "languages", "project",
            "articles", "translate", "check", "compile", "update", "segment", "formats",
            "report"}
# Keys allowed inside each section; language codes are allowed too where noted.
SECTION_KEYS: dict[str, set[str]] = {
    "translate": {"backend", "endpoint", "api_key_env", "concurrency", "batch_size", "timeout",
                  "retries", "similarity", "memory", "compendia", "tmx", "glossary",
                  "backends", "cache_dir"},
    "check": {"threshold", "catalogs", "checks", "disable", "enable", "severity", "glossary",
              "length_ratio"},
    "compile": {"threshold", "use_fuzzy", "hreflang", "date_line", "fallback"},
    "update": {"similarity", "obsolete", "width", "compendia", "memory"},
    "segment": {"abbreviations", "abbreviations_final"},
    "formats": {"markdown", "html", "text"},
    "report": {"enabled"},
}
SECTIONS_WITH_LANGUAGES = {"translate", "check", "compile", "segment"}
ARTICLE_KEYS = {"source_language", "format"}
SLUG_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass
class Config:
    root: Path
    file: Path
    source_dir: str = "source"
    locales_dir: str = "locales"
    dist_dir: str = "dist"
    source_language: str = "en"
    languages: list[str] = field(default_factory=lambda: ["uk", "ru", "en"])
    project: str = ""
    articles: dict[str, dict[str, Any]] = field(default_factory=dict)
    sections: dict[str, dict[str, Any]] = field(default_factory=dict)

    def section(self, name: str) -> dict[str, Any]:
        return self.sections.get(name, {})

    @property
    def source_path(self) -> Path:
        return self.root / self.source_dir

    @property
    def locales_path(self) -> Path:
        return self.root / self.locales_dir

    @property
    def dist_path(self) -> Path:
        return self.root / self.dist_dir

    def article_language(self, slug: str) -> str:
        return self.articles.get(slug, {}).get("source_language", self.source_language)

    def targets(self, slug: str) -> list[str]:
        src = self.article_language(slug)
        return [lang for lang in self.languages if lang != src]


def find_project(start: Path | None = None) -> Path:
    """The project file: an l10n.toml, or a pyproject.toml with [tool.l10n], upwards."""
    here = (start or Path.cwd()).resolve()
    if here.is_file():
        return here
    for folder in (here, *here.parents):
        if (folder / "l10n.toml").is_file():
            return folder / "l10n.toml"
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and "tool" in _read_toml(pyproject) and \
                "l10n" in _read_toml(pyproject)["tool"]:
            return pyproject
    raise ConfigError("no l10n project here or above (need l10n.toml or [tool.l10n] in "
                      "pyproject.toml)", here)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        # Python < 3.14 has the position only in the message: "... (at line 3, column 14)".
        at = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        line = getattr(exc, "lineno", None) or (int(at.group(1)) if at else None)
        msg = re.sub(r"\s*\(at (?:line \d+, column \d+|end of document)\)$", "", str(exc))
        raise ConfigError(f"invalid TOML: {msg}", path, line) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read: {exc}", path) from None


def load(project: Path | None = None) -> Config:
    file = find_project(project)
    data = _read_toml(file)
    if file.name == "pyproject.toml":
        data = data.get("tool", {}).get("l10n", {})
    return from_dict(data, file)


def _lang(code: Any, file: Path, where: str) -> str:
    if not isinstance(code, str) or not is_known(code):
        raise ConfigError(f"{where}: unknown language code {code!r}", file)
    return code


def from_dict(data: dict[str, Any], file: Path) -> Config:
    prefix = "tool.l10n." if file.name == "pyproject.toml" else ""
    for key in data:
        if key not in TOP_KEYS:
            raise ConfigError(f"unknown configuration key '{prefix}{key}'", file)
    cfg = Config(root=file.parent, file=file)
    for key in ("source_dir", "locales_dir", "dist_dir", "project"):
        if key in data:
            if not isinstance(data[key], str):
                raise ConfigError(f"'{prefix}{key}' must be a string", file)
            setattr(cfg, key, data[key])
    cfg.source_language = _lang(data.get("source_language", "en"), file,
                                f"{prefix}source_language")
    langs = data.get("languages", cfg.languages)
    if not isinstance(langs, list) or not langs:
        raise ConfigError(f"'{prefix}languages' must be a non-empty list", file)
    cfg.languages = [_lang(code, file, f"{prefix}languages") for code in langs]
    articles = data.get("articles", {})
    if not isinstance(articles, dict):
        raise ConfigError(f"'{prefix}articles' must be a table", file)
    for slug, opts in articles.items():
        check_slug(slug, file)
        if not isinstance(opts, dict):
            raise ConfigError(f"'{prefix}articles.{slug}' must be a table", file)
        for key, value in opts.items():
            if key not in ARTICLE_KEYS:
                raise ConfigError(f"unknown configuration key '{prefix}articles.{slug}.{key}'",
                                  file)
            if key == "source_language":
                _lang(value, file, f"{prefix}articles.{slug}.source_language")
    cfg.articles = articles
    for name, allowed in SECTION_KEYS.items():
        section = data.get(name, {})
        if not isinstance(section, dict):
            raise ConfigError(f"'{prefix}{name}' must be a table", file)
        for key in section:
            if key in allowed:
                continue
            if name in SECTIONS_WITH_LANGUAGES and is_known(key):
                continue
            raise ConfigError(f"unknown configuration key '{prefix}{name}.{key}'", file)
        cfg.sections[name] = section
    if not isinstance(cfg.sections["report"].get("enabled", False), bool):
        raise ConfigError(f"'{prefix}report.enabled' must be true or false", file)
    return cfg


def check_slug(slug: str, file: Path | str) -> str:
    if not SLUG_RE.match(slug) or ".." in slug:
        raise ConfigError(f"invalid article slug {slug!r} (letters, digits, '.', '_', '-'; "
                          "no '/' or '..')", file)
    return slug
