"""Source formats: one reader per file type, each turning bytes into an Article.

Readers are found by file extension; third-party readers register through the
``l10n.formats`` entry-point group.
"""

from __future__ import annotations

import inspect
from functools import lru_cache
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any, Protocol

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

    def finish(self, text: str, article: Article, *, target: str,
               alternates: list[tuple[str, str]] | None = None) -> str:
        # alternates: (language, href relative to this document) of every published
        # version, this one included; given only when hreflang links are enabled.
        return text


def _builtin() -> dict[str, Format]:
    from l10n.formats.html import HtmlFormat
    from l10n.formats.markdown import MarkdownFormat
    from l10n.formats.text import TextFormat

    formats: list[Format] = [TextFormat(), MarkdownFormat(), HtmlFormat()]
    return {ext: f for f in formats for ext in f.extensions}


@lru_cache(maxsize=1)  # entry points are scanned once per process
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


BOM = "\ufeff"


def accepts(fmt: Format, keyword: str) -> bool:
    """Whether the format's ``parse`` takes the keyword argument ``keyword``."""
    return keyword in inspect.signature(fmt.parse).parameters


def parse(fmt: Format, text: str, *, slug: str, path: str, lang: str,
          options: dict[str, Any] | None = None, **extra: Any) -> Article:
    """Parse with the format's options from ``[tool.l10n.formats] <name> = {...}``.

    A format declares the keyword options its ``parse`` accepts in ``options`` (a tuple of
    names, or a mapping of name to kind, see ``l10n.config.KINDS``); the configuration
    checks them when the project is loaded.
    """
    return fmt.parse(text, slug=slug, path=path, lang=lang, **(options or {}), **extra)


def decode(data: bytes, path: Path | str) -> str:
    """Decode a source file: UTF-8 only, no binary data, not empty.

    A UTF-8 byte-order mark is accepted and stays at the start of the returned text; the
    caller keeps it out of the first unit (see ``split_bom``).
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SourceError("UTF-16 text is not supported; save the file as UTF-8", path)
    if b"\0" in data:
        line = data[: data.index(b"\0")].count(b"\n") + 1
        raise SourceError("binary file (contains NUL bytes)", path, line)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError(f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file "
                          "as UTF-8", path, line) from None
    if not text.lstrip(BOM).strip():
        raise SourceError("empty file" if not data else "empty file (only white space)", path)
    return text


def split_bom(text: str) -> tuple[str, str]:
    """``(bom, rest)``: readers see the text without the mark; it is put back as a literal."""
    return (BOM, text[1:]) if text.startswith(BOM) else ("", text)
