"""Source formats: one reader per file type, each turning bytes into an Article.

Readers are found by file extension; third-party readers register through the
``l10n.formats`` entry-point group.
"""

from __future__ import annotations

from importlib.metadata import entry_points
from pathlib import Path
from typing import Any, Protocol

from l10n.errors import ConfigError, SourceError
from l10n.model import Article, Unit


class Format(Protocol):
    """A source format. ``parse`` is required; the composing hooks have text defaults."""

    name: str
    extensions: tuple[str, ...]

    def parse(self, text: str, *, slug: str, path: str, lang: str) -> Article: ...


class TextHooks:
    """Composing hooks for formats whose units are plain text (mixin with defaults).

    A markup format overrides them: ``insert`` escapes a translation or rejects it (returns
    None) when it would break the document; ``fallback`` wraps source text that stands in
    for a missing translation; ``finish`` adjusts the whole composed document (e.g. the
    HTML ``lang`` attribute).
    """

    def insert(self, unit: Unit, translation: str, *, target: str) -> str | None:
        return translation

    def fallback(self, unit: Unit, *, source: str, target: str) -> str:
        return unit.text

    def finish(self, text: str, article: Article, *, target: str) -> str:
        return text


def _builtin() -> dict[str, Format]:
    from l10n.formats.html import HtmlFormat
    from l10n.formats.markdown import MarkdownFormat
    from l10n.formats.text import TextFormat

    formats: list[Format] = [TextFormat(), MarkdownFormat(), HtmlFormat()]
    return {ext: f for f in formats for ext in f.extensions}


def registry() -> dict[str, Format]:
    """Formats by extension (without the dot), built-ins first, then entry points."""
    found = _builtin()
    for ep in entry_points(group="l10n.formats"):
        try:
            fmt = ep.load()()
        except Exception:  # a broken plug-in must not stop the built-in formats
            continue
        for ext in fmt.extensions:
            found.setdefault(ext, fmt)
    return found


def format_for(path: Path) -> Format:
    ext = path.suffix.lstrip(".").lower()
    formats = registry()
    if ext not in formats:
        supported = ", ".join(f".{e}" for e in sorted(formats))
        raise SourceError(f"unknown source format '.{ext}' (supported: {supported})", path)
    return formats[ext]


def parse(fmt: Format, text: str, *, slug: str, path: str, lang: str,
          options: dict[str, Any] | None = None,
          options_file: str | Path | None = None) -> Article:
    """Parse with the format's options from ``[tool.l10n.formats] <name> = {...}``.

    A format lists the keyword options its ``parse`` accepts in ``options``; a wrong
    option is reported against ``options_file`` (the project configuration).
    """
    options = options or {}
    where = options_file or path
    if not isinstance(options, dict):
        raise ConfigError(f"'formats.{fmt.name}' must be a table", where)
    allowed = tuple(getattr(fmt, "options", ()))
    for key in options:
        if key not in allowed:
            known = ", ".join(allowed) or "none"
            raise ConfigError(f"unknown option 'formats.{fmt.name}.{key}' (known: {known})",
                              where)
    try:
        return fmt.parse(text, slug=slug, path=path, lang=lang, **options)
    except ConfigError as exc:
        raise ConfigError(exc.message, where) from None


def decode(data: bytes, path: Path | str) -> str:
    """Decode a source file: UTF-8 only (a BOM is kept in the skeleton), no binary data."""
    if not data:
        raise SourceError("empty file", path)
    if b"\0" in data:
        raise SourceError("binary file (contains NUL bytes)", path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError("not valid UTF-8", path, line) from None
