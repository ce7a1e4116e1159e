"""Source formats: one reader per file type, each turning bytes into an Article.

Readers are found by file extension; third-party readers register through the
``l10n.formats`` entry-point group.
"""

from __future__ import annotations

from importlib.metadata import entry_points
from pathlib import Path
from typing import Protocol

from l10n.errors import SourceError
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
