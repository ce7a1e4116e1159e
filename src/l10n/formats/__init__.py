"""Source formats: one reader per file type, each turning bytes into an Article.

Readers are found by file extension; third-party readers register through the
``l10n.formats`` entry-point group.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache, lru_cache
from importlib import import_module
from pathlib import Path
from types import MappingProxyType
from typing import Any, Protocol

from l10n.errors import SourceError
from l10n.model import Article, Unit

# One alternate version of a document: (language code, href relative to the document).
Alternate = tuple[str, str]
NO_OPTIONS: Mapping[str, Any] = MappingProxyType({})


class Format(Protocol):
    """A source format: a reader (``parse``) and the composing hooks (see TextHooks).

    Every hook is called with all of its keywords, always: a format (a plug-in too)
    declares them all, so nothing is inspected or dropped at run time.
    """

    name: str
    extensions: tuple[str, ...]
    options: tuple[str, ...]  # the keys it accepts under [tool.l10n.formats] <name>

    def parse(self, text: str, *, slug: str, path: str, lang: str,
              options: Mapping[str, Any], abbreviations: Mapping[str, Sequence[str]]
              ) -> Article:
        """Read ``text``. ``options``: the format's configured options (names checked,
        values the format's to check: raise ConfigError); ``abbreviations``: the project's
        keyword arguments for :func:`l10n.segment.sentence_spans` for ``lang``."""
        ...

    def insert(self, unit: Unit, translation: str, *, target: str) -> str | None: ...

    def fallback(self, unit: Unit, *, source: str, target: str) -> str: ...

    def finish(self, text: str, article: Article, *, target: str,
               alternates: Sequence[Alternate]) -> str: ...


class TextHooks:
    """Composing hooks for formats whose units are plain text (mixin with defaults).

    A markup format overrides them: ``insert`` escapes a translation or rejects it (returns
    None) when it would break the document; ``fallback`` gives the source text that stands
    in for a missing translation (marked up as the format needs); ``finish`` adjusts the
    whole composed document (e.g. the HTML ``lang`` attribute and ``hreflang`` links).
    """

    options: tuple[str, ...] = ()

    def insert(self, unit: Unit, translation: str, *, target: str) -> str | None:
        return unit.source if translation == unit.text else translation

    def fallback(self, unit: Unit, *, source: str, target: str) -> str:
        return unit.source

    def finish(self, text: str, article: Article, *, target: str,
               alternates: Sequence[Alternate]) -> str:
        # alternates: (language, href relative to this document) of every published
        # version, this one included; empty unless hreflang links are enabled.
        return text


# The built-in formats by extension, known without importing them (an archive of text
# articles need not load the HTML reader; a test keeps this in step with the formats).
_BUILTIN = {"txt": "l10n.formats.text:TextFormat",
            "md": "l10n.formats.markdown:MarkdownFormat",
            "markdown": "l10n.formats.markdown:MarkdownFormat",
            "html": "l10n.formats.html:HtmlFormat", "htm": "l10n.formats.html:HtmlFormat"}
BUILTIN_EXTENSIONS = frozenset(_BUILTIN)


@cache
def _instance(target: str) -> Format:
    module, _, name = target.partition(":")
    return getattr(import_module(module), name)()  # type: ignore[no-any-return]


def _builtin() -> dict[str, Format]:
    return {ext: _instance(target) for ext, target in _BUILTIN.items()}


@lru_cache(maxsize=1)  # entry points are scanned once per process
def registry() -> dict[str, Format]:
    """Formats by extension (without the dot), built-ins first, then entry points."""
    from importlib.metadata import entry_points  # costly: only when a plug-in may be needed

    found = dict(_builtin())
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
    if ext in _BUILTIN:  # built-ins win: no need to scan the installed plug-ins
        return _instance(_BUILTIN[ext])
    formats = registry()
    if ext not in formats:
        supported = ", ".join(f".{e}" for e in sorted(formats))
        raise SourceError(f"unknown source format '.{ext}' (supported: {supported})", path)
    return formats[ext]


BOM = "\ufeff"


def parse(fmt: Format, text: str, *, slug: str, path: str, lang: str,
          options: Mapping[str, Any] | None = None,
          abbreviations: Mapping[str, Sequence[str]] | None = None) -> Article:
    """Parse with the format's options from ``[tool.l10n.formats] <name> = {...}``.

    A format declares the options its ``parse`` reads in ``options`` (a tuple of names, or
    a mapping of name to kind, see ``l10n.config.KINDS``); the configuration checks them
    when the project is loaded. Every keyword of the hook is always passed.
    """
    return fmt.parse(text, slug=slug, path=path, lang=lang,
                     options=NO_OPTIONS if options is None else options,
                     abbreviations=NO_OPTIONS if abbreviations is None else abbreviations)


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
