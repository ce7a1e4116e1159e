"""A unit's text as the review page shows it: its inline markup rendered, safely.

What a unit holds depends on its format: HTML units carry inline HTML, Markdown units
Markdown, plain-text units text. The page shows the text the composed article would show,
so markup is rendered, but never as it was written: every fragment goes through an
allow-list that keeps inline text-level elements and the attributes that carry no
behaviour (``lang``, ``dir``, ``title``, ``datetime`` and an ``http(s)``/``mailto`` link
target). Scripts, event handlers, styles, frames and anything that would load a resource
(an image shows as its alt text) never reach the page. A translation whose markup its
format refuses is not rendered at all: the caller shows it as literal text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from functools import lru_cache
from html.parser import HTMLParser

from markdown_it import MarkdownIt

from l10n.model import Unit

# Text-level elements a composed unit may show (WHATWG "phrasing content" without
# embedded or interactive content other than links).
ALLOWED = frozenset({
    "a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "data", "del", "dfn", "em", "i",
    "ins", "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time",
    "u", "var", "wbr"})
VOID = frozenset({"br", "wbr"})
# Elements dropped with their content: scripts, styles, embedded and foreign documents.
DROPPED = frozenset({
    "script", "style", "template", "iframe", "object", "embed", "svg", "math", "noscript",
    "canvas", "audio", "video", "select", "textarea", "head", "title", "noembed", "noframes",
    "xmp"})
SAFE_ATTRS = {"lang", "dir", "title"}
ELEMENT_ATTRS = {"time": {"datetime"}, "del": {"datetime"}, "ins": {"datetime"},
                 "data": {"value"}, "a": {"href"}}
SAFE_LINK = re.compile(r"^(?:https?:|mailto:|#)", re.I)

# Where a unit's text is markup of its format (else a value: an attribute, a title...).
_MARKUP_CONTEXTS = {"html": {"content"}, "markdown": {"inline", "line", "cell"}}


class _Sanitizer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[str] = []
        self.dropping: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.dropping:
            if tag == self.dropping[-1] or tag in DROPPED:
                self.dropping.append(tag)
            return
        if tag in DROPPED:
            self.dropping.append(tag)
            return
        if tag == "img":
            alt = next((v for k, v in attrs if k == "alt" and v), "")
            self.out.append(f'<span class="img">[{html.escape(alt or "image")}]</span>')
            return
        if tag not in ALLOWED:
            return  # the element goes, its text stays
        kept = []
        for name, value in attrs:
            if value is None:
                continue
            if name in SAFE_ATTRS or name in ELEMENT_ATTRS.get(tag, ()):
                if name == "href" and not SAFE_LINK.match(value.strip()):
                    continue
                kept.append(f' {name}="{html.escape(value, quote=True)}"')
        if tag == "a" and kept:
            kept.append(' rel="noopener noreferrer"')
        self.out.append(f"<{tag}{''.join(kept)}>")
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in ALLOWED and tag not in VOID and self.open and self.open[-1] == tag:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.dropping:
            if tag == self.dropping[-1]:
                self.dropping.pop()
            return
        if tag not in self.open:
            return  # closes nothing we opened
        while self.open:
            name = self.open.pop()
            self.out.append(f"</{name}>")
            if name == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self.dropping:
            self.out.append(html.escape(data, quote=False))

    def close(self) -> None:
        super().close()
        while self.open:
            self.out.append(f"</{self.open.pop()}>")


def sanitize(fragment: str) -> str:
    """``fragment`` (inline HTML) reduced to the allow-list, well formed and escaped."""
    if "<" not in fragment and "&" not in fragment:
        return html.escape(fragment, quote=False)
    parser = _Sanitizer()
    parser.feed(fragment)
    parser.close()
    return "".join(parser.out)


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True})


def literal(text: str) -> str:
    """Text shown as written, markup characters included."""
    if "&" in text or "<" in text or ">" in text:
        return html.escape(text, quote=False)
    return text


def value_text(unit: Unit, fmt: str, text: str) -> str:
    """The plain value of a unit that is not markup (an attribute, a title, front matter),
    as a reader sees it; HTML writes such values with character references."""
    if fmt == "html":
        context = getattr(unit, "context", "content")
        if context.startswith("attr") and len(context) == 4 and text[:1] == '"' \
                and text[-1:] == '"':  # an unquoted attribute is composed with quotes
            text = html.unescape(text[1:-1])
        return html.unescape(text)
    return text


def is_markup(unit: Unit, fmt: str) -> bool:
    """Whether the unit's text is markup of its format (rendered)."""
    contexts = _MARKUP_CONTEXTS.get(fmt)
    return contexts is not None and getattr(unit, "context", "") in contexts


def is_value(unit: Unit, fmt: str) -> bool:
    """Whether the unit is a value its markup format writes in an encoding of its own (an
    attribute, ``<title>`` text, a front-matter string), not the text a reader sees."""
    return fmt in _MARKUP_CONTEXTS and not is_markup(unit, fmt)


def render(unit: Unit, fmt: str, composed: str) -> str:
    """Safe HTML for ``composed``, a unit's text as the composed article holds it (the
    format accepted it: a translation through its ``insert`` hook, or its fallback)."""
    if is_markup(unit, fmt):
        if fmt == "markdown":
            return sanitize(_markdown().renderInline(composed))
        return sanitize(composed)
    return literal(value_text(unit, fmt, composed))


def shower(fmt: str) -> Callable[[Unit, str, str], str]:
    """For a format, ``show(unit, composed, value)``: safe HTML of a unit as the composed
    article shows it, given the text composing put there and the plain value it stands for
    (a translation, or the source text), which is what is shown of a unit that is a value
    in the format's own encoding (an HTML attribute, a YAML string)."""
    if fmt not in _MARKUP_CONTEXTS:
        return lambda unit, composed, value: literal(composed)

    def show(unit: Unit, composed: str, value: str) -> str:
        if is_markup(unit, fmt):
            return render(unit, fmt, composed)
        return literal(value_text(unit, fmt, value))

    return show


def plain(unit: Unit, fmt: str, text: str) -> str:
    """The unit's text without markup (for titles)."""
    shown = render(unit, fmt, text)
    return " ".join(html.unescape(re.sub(r"<[^>]*>", "", shown)).split())
