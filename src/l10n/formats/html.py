"""HTML articles: units from the article's text, inline markup kept inside the units.

Composing must give back the page byte for byte, so units are slices of the source and
the reader needs source offsets, which no HTML5 tree builder reports. The reader therefore
tokenizes the page itself, following the WHATWG tokenizer (``_html_tokens``), and builds
its own element tree with the tree builder's implied and ignored tags. Each run of inline
text it would translate is then checked against the tree that a WHATWG-conforming parser
(selectolax, on the Lexbor engine) builds for the same page: the reader gives every start
tag a marker attribute in a copy of the page, so each element of the parser's tree names
the source tag it came from, and a run is translated only where the parser puts exactly
the same elements and text under the same element. Where a browser reads the page
differently (misnested tags, text that a table pushes out, an unclosed formatting tag
that the parser carries on into later paragraphs), that text stays as it is and the
article gets a note naming the element and its line; the rest of the page is translated.
A page is never refused for its markup.

What is translated is the article, not the site around it: with ``include`` selectors,
the elements they select; otherwise ``<main>`` (or ``role="main"``) when the page has
one, else its ``<article>`` elements, else the whole ``<body>``. Inside, navigation,
asides, forms and their controls, buttons, the page's banner header and footer, ARIA
landmarks of those roles, hidden elements, cookie and consent notices and the
``exclude`` selectors are left out. ``<title>``, the meta description and the Open
Graph/Twitter titles and descriptions are always units; ``alt`` and ``title`` attributes
inside the translated part are units too.

Units: the inline content of the text blocks (``h1``-``h6``, ``p``, ``li``,
``blockquote``, ``figcaption``, ``td``, ``th``, ``dt``, ``dd``) and text standing loose in
containers, split into sentences, each with at least one letter. White space inside a
unit is shown as a browser renders it (one space) and written back as it was. A single
``<br>`` inside a sentence is inline markup; two end the sentence. ``script``, ``style``,
``pre``, ``code``, embeds (``iframe``, ``video``, ``audio``, ``object``, ``svg``,
``math``…) and elements with ``translate="no"`` or class ``notranslate`` are never
translated; inside a sentence such an element is kept whole and must come back unchanged,
as is a ``<time datetime>``, whose text is written in the target language on composing.
"""

from __future__ import annotations

import bisect
import html
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode, SelectolaxError

from l10n.dates import localise_moment
from l10n.errors import ConfigError, SourceError
from l10n.formats import NO_OPTIONS, Alternate, TextHooks
from l10n.formats._html_tokens import (
    INTEGRATION_POINTS,
    RAW_TEXT,
    Attr,
    Token,
    tokenize,
)
from l10n.formats._runs import LETTER, Piece, collapsed, split_run
from l10n.model import Article, Unit, skeleton

__all__ = ["HtmlFormat", "HtmlUnit", "compose_markup", "escape_attr", "escape_text",
           "markup_problems", "set_document_language", "tokenize"]


def _names(words: str) -> frozenset[str]:
    return frozenset(words.split())


VOID = _names("area base br col embed hr img image input link meta source track wbr keygen "
              "param basefont bgsound frame")
# Where the text blocks are and the role their units get.
UNIT_BLOCKS = {"h1": "title", "h2": "heading", "h3": "heading", "h4": "heading",
               "h5": "heading", "h6": "heading", "p": "paragraph", "li": "list-item",
               "blockquote": "quote", "figcaption": "caption", "td": "table-cell",
               "th": "table-cell", "dt": "list-item", "dd": "list-item"}
# A <p> keeps the role of the block it stands in (a quoted paragraph is a quote).
INHERITED_BY_P = {"quote", "caption", "list-item", "table-cell"}
# Elements that end a run of inline content.
BLOCK = _names(
    "address article aside blockquote body center details dialog dir dd div dl dt fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 head header hgroup hr html li listing "
    "main menu nav ol p pre search section summary table caption colgroup col thead tbody "
    "tfoot tr td th ul title meta link base")
# Containers whose loose text (not inside a text block) is still a paragraph.
LOOSE_TEXT = _names("body div section article main aside header footer figure details "
                    "summary address center search hgroup")
# Embeds: kept byte for byte; their human-readable attributes only with `embed_text`.
EMBEDS = _names("iframe video audio object embed svg math canvas")
# Never translated, wherever they stand (inside a sentence: kept whole).
SKIPPED = EMBEDS | _names(
    "script style pre textarea template noscript select xmp noembed noframes plaintext "
    "listing button input option optgroup datalist label output meter progress")
# Left out of the article (whole subtrees): the site around it and forms.
LEFT_OUT = _names("nav aside form dialog menu")
LEFT_OUT_ROLES = _names("navigation search complementary banner contentinfo form menu "
                        "menubar toolbar button dialog alertdialog tablist tab tooltip")
# Site furniture named by its id or class (a readability-style test, for block elements):
# menus, share bars, cookie notices, related links, comments, pagination…
_FURNITURE = re.compile(
    r"-ad-|^ad-|\bads?\b|advert|banner|breadcrumb|comment|consent|cookie|disqus|footer|"
    r"gdpr|header|masthead|menu|\bnav|newsletter|pagination|pager|popup|promo|related|"
    r"remark|replies|\brss\b|share|sharing|shoutbox|sidebar|skip|skyscraper|social|"
    r"sponsor|subscri|toolbar|widget|login|signin|signup|\btags?\b|masthead", re.I)
_CONTENT = re.compile(r"article|body|column|content|main|story|post|entry|text|headline",
                      re.I)
# The sectioning elements under which <header>/<footer> belong to a section, not the page.
SECTIONING = _names("article aside main nav section")
# Inline elements whose content is code or data: kept whole inside a unit.
KEPT_WHOLE = _names("code kbd samp var")
TEXT_ATTRS = ("alt", "title")  # attributes that carry text: translated
EMBED_TEXT_ATTRS = ("title", "aria-label")
META_UNITS = {("name", "description"), ("property", "og:title"),
              ("property", "og:description"), ("name", "og:title"),
              ("name", "og:description"), ("name", "twitter:title"),
              ("name", "twitter:description"), ("property", "twitter:title"),
              ("property", "twitter:description")}
# An atom this long (an inline SVG chart, a data: image) ends the run instead.
LONG_ATOM = 400

# --- the tree builder's categories (WHATWG "parsing HTML documents") ------------------
SPECIAL = _names(
    "address applet area article aside base basefont bgsound blockquote body br button "
    "caption center col colgroup dd details dir div dl dt embed fieldset figcaption figure "
    "footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html iframe img "
    "input keygen li link listing main marquee menu meta nav noembed noframes noscript "
    "object ol p param plaintext pre script search section select source style summary "
    "table tbody td template textarea tfoot th thead title tr track ul wbr xmp")
SCOPE_STOP = _names("applet caption html table td th marquee object template")
TABLE_SCOPE_STOP = _names("html table template")
TABLE_PARTS = _names("table caption colgroup tbody thead tfoot tr td th")
HEADINGS = _names("h1 h2 h3 h4 h5 h6")
HEAD_CONTENT = _names("base basefont bgsound link meta noframes script style template title "
                      "noscript")
FORMATTING = _names("a b big code em font i nobr s small strike strong tt u")
# Start tags that close an open <p> (HTML's "close a p element" rule).
CLOSES_P = _names(
    "address article aside blockquote center details dialog dir div dl fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr main menu nav ol p pre listing "
    "search section summary table ul li dd dt plaintext xmp")
BLOCK_END = _names(
    "address article aside blockquote button center details dialog dir div dl fieldset "
    "figcaption figure footer header hgroup listing main menu nav ol pre search section "
    "summary ul")

_MARK = "data-l10n-mark"
_CHARREF = re.compile(r"&(?:#[0-9]+;?|#[xX][0-9A-Fa-f]+;?|[A-Za-z][A-Za-z0-9]*;?)")
_WHITE = re.compile(r"[ \t\n\r\f]+")


@dataclass(eq=False, slots=True)
class Element:
    name: str
    start_tag: Token | None  # None for the document root and elements a parser implies
    parent: Element | None = None
    children: list[Element | Token] = field(default_factory=list)
    end_tag: Token | None = None
    end: int = 0  # where the element's content ends (its end tag starts there, if any)
    mark: int | None = None  # the source start tag's number (None: implied element)
    foreign: bool = False  # inside <svg> or <math>
    at: int = 0  # where it starts in the source
    local: str = ""  # the name without an XML prefix (<a0:nav> is a nav to its author)

    def attr(self, name: str) -> str | None:
        a = self.start_tag.attr(name) if self.start_tag else None
        return None if a is None else a.value

    def kept_out(self) -> bool:
        """Never translated: translate="no" or class notranslate."""
        translate = self.attr("translate")
        classes = (self.attr("class") or "").split()
        return (translate is not None and translate.strip().lower() == "no") \
            or "notranslate" in classes


def _integration_point(el: Element) -> bool:
    return el.foreign and el.name in INTEGRATION_POINTS


def build_tree(tokens: list[Token], length: int) -> tuple[Element, list[Element]]:
    """Our element tree and the elements in document order, with the implied and ignored
    tags of HTML's tree builder (a subset: what decides where text belongs)."""
    root = Element("#document", None)
    stack = [root]
    order: list[Element] = []
    opened: set[str] = set()  # html, head, body

    depth: Counter[str] = Counter()  # open elements by name: most scope walks are moot

    def close_to(index: int, at: int) -> None:
        while len(stack) > index:
            el = stack.pop()
            el.end = at
            depth[el.name] -= 1

    def in_scope(names: frozenset[str] | set[str], stop: frozenset[str] = SCOPE_STOP,
                 extra: frozenset[str] = frozenset()) -> int:
        for i in range(len(stack) - 1, 0, -1):
            el = stack[i]
            if el.foreign:
                if _integration_point(el):
                    return -1
                continue
            if el.name in names:
                return i
            if el.name in stop or el.name in extra:
                return -1
        return -1

    def add(el: Element, void: bool) -> None:
        stack[-1].children.append(el)
        order.append(el)
        if void:
            el.end = el.start_tag.end if el.start_tag else el.at
        else:
            stack.append(el)
            depth[el.name] += 1

    def finish(i: int, tok: Token) -> None:
        close_to(i + 1, tok.start)
        el = stack.pop()
        depth[el.name] -= 1
        el.end, el.end_tag = tok.start, tok

    for tok in tokens:
        kind = tok.kind
        if kind == "text" or kind == "comment" or kind == "other":
            stack[-1].children.append(tok)
            continue
        name = "img" if tok.name == "image" and not tok.foreign else tok.name
        if kind == "start":
            if tok.foreign and stack[-1].foreign and not _integration_point(stack[-1]):
                el = Element(name, tok, mark=tok.mark, foreign=True, at=tok.start)
                el.parent = stack[-1]
                add(el, tok.self_closing)
                continue
            while stack[-1].foreign and not _integration_point(stack[-1]) and not tok.foreign:
                close_to(len(stack) - 1, tok.start)  # a breakout tag leaves <svg>/<math>
            if name in ("html", "head", "body"):
                if name in opened or (name == "head" and "body" in opened):
                    stack[-1].children.append(tok)  # ignored (attributes merged)
                    continue
                opened.add(name)
                if name == "body":
                    opened.add("head")
            if "head" in opened and "body" not in opened and name not in HEAD_CONTENT \
                    and name not in ("html", "head"):
                i = in_scope({"head"})
                if i > 0:
                    close_to(i, tok.start)  # content after <head> ends it
                opened.add("body")
            if name in CLOSES_P and depth["p"]:
                i = in_scope({"p"}, extra=frozenset(("button",)))
                if i > 0:
                    close_to(i, tok.start)
            if name in HEADINGS and stack[-1].name in HEADINGS:
                close_to(len(stack) - 1, tok.start)
            if (name == "li" and depth["li"]) or (name in ("dd", "dt") and
                                                  (depth["dd"] or depth["dt"])):
                same = {"li"} if name == "li" else {"dd", "dt"}
                for i in range(len(stack) - 1, 0, -1):
                    el = stack[i]
                    if el.name in same and not el.foreign:
                        close_to(i, tok.start)
                        break
                    if el.name in SPECIAL and el.name not in ("address", "div", "p"):
                        break
            elif (name == "a" or name == "nobr" or name == "button") and depth[name]:
                i = in_scope({name})
                if i > 0:
                    close_to(i, tok.start)
            elif name in ("option", "optgroup"):
                if stack[-1].name == "option":
                    close_to(len(stack) - 1, tok.start)
            elif name in ("td", "th", "tr", "tbody", "thead", "tfoot", "caption",
                          "colgroup") and depth["table"]:
                closes = {"td", "th"} if name in ("td", "th") else \
                    ({"td", "th", "tr"} if name == "tr" else
                     {"td", "th", "tr", "tbody", "thead", "tfoot", "caption", "colgroup"})
                i = in_scope(closes, TABLE_SCOPE_STOP)
                if i > 0:
                    close_to(i, tok.start)
            el = Element(name, tok, mark=tok.mark, foreign=tok.foreign, at=tok.start,
                         local=name.rsplit(":", 1)[-1])
            el.parent = stack[-1]
            add(el, name in VOID or (tok.foreign and tok.self_closing))
            continue
        # an end tag
        if tok.foreign:
            for i in range(len(stack) - 1, 0, -1):
                if not stack[i].foreign:
                    break
                if stack[i].name == name:
                    finish(i, tok)
                    break
            else:
                stack[-1].children.append(tok)
            continue
        i = -1
        if name in ("body", "html"):
            pass  # content after </body> still belongs to the body
        elif name == "head":
            i = in_scope({"head"})
        elif name == "p":
            i = in_scope({"p"}, extra=frozenset(("button",)))
            if i < 0:  # a parser makes an empty <p> of it
                el = Element("p", None, stack[-1], at=tok.start)
                add(el, True)
                el.end_tag = tok
                continue
        elif name == "br":
            el = Element("br", None, stack[-1], at=tok.start)
            el.end_tag = tok
            add(el, True)
            continue
        elif name == "li":
            i = in_scope({"li"}, extra=frozenset(("ol", "ul")))
        elif name in HEADINGS:
            i = in_scope(HEADINGS)
        elif name in TABLE_PARTS:
            i = in_scope({name}, TABLE_SCOPE_STOP)
        elif name in BLOCK_END or name in ("dd", "dt", "form", "applet", "marquee",
                                           "object", "template"):
            i = in_scope({name})
        else:  # formatting and ordinary elements: the nearest open one, not past a block
            for k in range(len(stack) - 1, 0, -1):
                el = stack[k]
                if el.name == name and not el.foreign:
                    i = k
                    break
                if el.name in SPECIAL and not el.foreign:
                    break
        if i > 0:
            finish(i, tok)
        else:
            stack[-1].children.append(tok)  # a stray end tag: ignored by browsers
    close_to(1, length)
    root.end = length
    return root, order


# --- units --------------------------------------------------------------------------

@dataclass(frozen=True)
class HtmlUnit(Unit):
    """A unit and where it stands: element content, RCDATA (``<title>``) or an attribute
    value written with the given quote (``attr"``, ``attr'``, ``attr`` for unquoted)."""

    context: str = "content"


def css_selectors(value: Any, key: Any = None) -> tuple[str, ...]:
    """A list of CSS selectors, each one checked by the parser's selector engine (an option
    kind for the configuration: ``key.bad`` names the file and key)."""
    def bad(what: str) -> ConfigError:
        if key is not None and hasattr(key, "bad"):
            return key.bad(what, value)
        return ConfigError(f"must be {what}, got {value!r}")

    if isinstance(value, str) or not isinstance(value, (list, tuple)) or \
            not all(isinstance(s, str) and s.strip() for s in value):
        raise bad("a list of CSS selectors")
    probe = LexborHTMLParser("<p></p>")
    for selector in value:
        try:
            probe.css(selector)
        except SelectolaxError:
            raise bad(f"a list of CSS selectors ({selector!r} is not a CSS selector)") from None
    return tuple(value)


@dataclass(frozen=True)
class HtmlOptions:
    """``[tool.l10n.formats] html = {...}`` (checked by the configuration when the project
    is loaded; checked again here for direct calls)."""

    include: tuple[str, ...] = ()  # CSS selectors of what to translate (default: see above)
    exclude: tuple[str, ...] = ()  # CSS selectors of what to leave out, in addition
    embed_text: bool = False  # title/aria-label of embeds, SVG <title>/<desc>: units

    @classmethod
    def read(cls, options: Mapping[str, Any], where: str) -> HtmlOptions:
        try:
            include = css_selectors(options.get("include", []))
            exclude = css_selectors(options.get("exclude", []))
        except ConfigError as exc:
            key = "include" if "include" in options and not _valid(options["include"]) \
                else "exclude"
            raise ConfigError(f"'formats.html.{key}' {exc.message}", where) from None
        embed = options.get("embed_text", False)
        if not isinstance(embed, bool):
            raise ConfigError("'formats.html.embed_text' must be true or false", where)
        return cls(include, exclude, embed)


def _valid(value: Any) -> bool:
    try:
        css_selectors(value)
    except ConfigError:
        return False
    return True


class HtmlFormat(TextHooks):
    name = "html"
    extensions = ("html", "htm")
    # Checked by l10n.config when the project is loaded (kinds: see l10n.config.KINDS).
    options = {"include": css_selectors, "exclude": css_selectors, "embed_text": "bool"}

    def parse(self, text: str, *, slug: str, path: str, lang: str,
              options: Mapping[str, Any] = NO_OPTIONS,
              abbreviations: Mapping[str, Sequence[str]] = NO_OPTIONS) -> Article:
        return HtmlReader(text, slug=slug, path=path, lang=lang,
                          options=HtmlOptions.read(options, path),
                          abbreviations=abbreviations).read()

    def insert(self, unit: Unit, translation: str, *, target: str) -> str | None:
        if translation == unit.text:
            return unit.source
        context = getattr(unit, "context", "content")
        if context == "rcdata":
            return escape_text(translation)
        if context.startswith("attr"):
            quote = context[4:]
            value = escape_attr(translation, quote or '"')
            return value if quote else f'"{value}"'
        return compose_markup(unit.text, translation)

    def markup_problems(self, source: str, translation: str) -> list[str]:
        """Why ``translation`` of the unit text ``source`` would be rejected (for checks)."""
        return markup_problems(source, translation)

    def fallback(self, unit: Unit, *, source: str, target: str) -> str:
        if getattr(unit, "context", "content") != "content" or source == target \
                or _unclosed(unit.text):
            return unit.source
        return f'<span lang="{source}">{unit.source}</span>'

    def finish(self, text: str, article: Article, *, target: str,
               alternates: Sequence[Alternate]) -> str:
        if target != article.lang:
            text = localise_times(text, article.lang, target)
            text = set_document_language(text, target)
        if alternates:
            text = set_alternates(text, alternates)
        return text


def set_document_language(text: str, lang: str) -> str:
    """Set ``lang`` (and ``xml:lang`` when present) on the ``<html>`` start tag."""
    for tok in tokenize(text):
        if tok.kind != "start":
            continue
        if tok.name != "html":
            return text  # a fragment without <html>: nothing to set
        edits = [(a.start, a.end, lang if a.quote else f'"{lang}"')
                 for a in (tok.attr("xml:lang"), tok.attr("lang")) if a is not None]
        if tok.attr("lang") is None:
            edits.append((tok.name_end, tok.name_end, f' lang="{lang}"'))
        for start, end, new in sorted(edits, reverse=True):  # later offsets first
            text = text[:start] + new + text[end:]
        return text
    return text


_TIME = re.compile(r"<time[\t\n\f\r />]", re.I)


def localise_times(text: str, source: str, target: str) -> str:
    """Write the text of each ``<time datetime>`` that is a plain date in ``source`` the
    way ``target`` writes it; the ``datetime`` attribute (and anything else) is kept."""
    if not _TIME.search(text):
        return text
    tokens = tokenize(text)
    edits: list[tuple[int, int, str]] = []
    for k, tok in enumerate(tokens):
        if tok.kind != "start" or tok.name != "time" or tok.foreign:
            continue
        machine = tok.attr("datetime")
        if machine is None or k + 2 >= len(tokens):
            continue
        body, close = tokens[k + 1], tokens[k + 2]
        if body.kind != "text" or close.kind != "end" or close.name != "time":
            continue
        shown = html.unescape(text[body.start:body.end])
        moment = localise_moment(html.unescape(machine.value), shown.strip(), source, target)
        if moment is None:
            continue
        lead = shown[:len(shown) - len(shown.lstrip())]
        trail = shown[len(shown.rstrip()):]
        edits.append((body.start, body.end, lead + escape_text(moment) + trail))
    for start, end, new in reversed(edits):
        text = text[:start] + new + text[end:]
    return text


def set_alternates(text: str, alternates: Sequence[Alternate]) -> str:
    """Link every version of the page: ``<link rel="alternate" hreflang=… href=…>`` in the
    ``<head>`` (replacing links the page had for the same languages)."""
    langs = {lang.lower() for lang, _ in alternates}
    tokens = tokenize(text)
    drop: list[Token] = []
    anchor: int | None = None
    indent = "\n"
    for tok in tokens:
        if tok.kind == "start" and tok.name == "link" and not tok.foreign:
            rel = (tok.attr("rel").value if tok.attr("rel") else "").lower().split()
            hreflang = tok.attr("hreflang")
            if "alternate" in rel and hreflang and hreflang.value.strip().lower() in langs:
                drop.append(tok)
        elif tok.kind == "end" and tok.name == "head":
            anchor = tok.start
            line_start = text.rfind("\n", 0, tok.start) + 1
            lead = text[line_start:tok.start]
            indent = "\n" + (lead if not lead.strip() else "")
            break
        elif tok.kind == "start" and tok.name == "body":
            anchor = tok.start
            break
    links = "".join(f'<link rel="alternate" hreflang="{html.escape(lang)}" '
                    f'href="{html.escape(href)}">' + indent for lang, href in alternates)
    if anchor is None:  # no head: after the <html> start tag or the doctype
        for tok in tokens:
            if tok.kind == "start":
                anchor = tok.end if tok.name == "html" else tok.start
                break
            if tok.kind == "other":
                anchor = tok.end
        anchor = anchor or 0
        links = "\n" + links.rstrip()
    elif indent.strip("\n") == "" and anchor > 0 and text[anchor - 1] not in "\n":
        links = links.rstrip("\n")
    for tok in sorted(drop, key=lambda t: -t.start):
        end = tok.end
        while end < len(text) and text[end] in " \t":
            end += 1
        if text.startswith("\r\n", end):
            end += 2
        elif text.startswith("\n", end):
            end += 1
        if tok.start < anchor:
            anchor -= end - tok.start
        text = text[:tok.start] + text[end:]
    return text[:anchor] + links + text[anchor:]


@dataclass
class _Checked:
    """The parser's tree, by the source start tag each element came from."""

    nodes: dict[int, LexborNode]
    cloned: set[int]
    parser: LexborHTMLParser


class HtmlReader:
    def __init__(self, text: str, *, slug: str, path: str, lang: str,
                 options: HtmlOptions = HtmlOptions(),
                 abbreviations: Mapping[str, Sequence[str]] = NO_OPTIONS):
        self.text = text
        self.article = Article(slug=slug, path=path, lang=lang, format="html")
        self.options = options
        self.abbreviations = abbreviations
        self.found: list[HtmlUnit] = []
        self.spans: list[tuple[int, int]] = []
        self.block = 0
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self._agreed: dict[int, str] = {}  # id(element) -> "" (agrees) or why not
        self._noted: set[int] = set()
        self._ends: dict[int, bool] = {}
        self._page_letters = -1

    def line(self, offset: int) -> int:
        return bisect.bisect_right(self._line_starts, offset)

    def read(self) -> Article:
        tokens = tokenize(self.text)
        marked: list[str] = []
        pos = n = 0
        for tok in tokens:
            if tok.kind == "start":
                tok.mark = n
                marked.append(self.text[pos:tok.name_end])
                marked.append(f' {_MARK}="{n}"')
                pos = tok.name_end
                n += 1
        marked.append(self.text[pos:])
        root, self.order = build_tree(tokens, len(self.text))
        parser = LexborHTMLParser("".join(marked))
        nodes: dict[int, LexborNode] = {}
        cloned: set[int] = set()
        for node in parser.css(f"[{_MARK}]"):
            value = node.attrs.get(_MARK)
            if value is None or not value.isdigit():
                continue
            k = int(value)
            if k in nodes:
                cloned.add(k)
            else:
                nodes[k] = node
        self.checked = _Checked(nodes, cloned, parser)
        self.by_mark = {el.mark: el for el in self.order if el.mark is not None}
        self.excluded = self._selected(self.options.exclude)
        self.regions = regions = self._regions()
        self._walk(root, None, not regions, regions)
        placed = sorted(((start, end, unit) for (start, end), unit in
                         zip(self.spans, self.found, strict=True)), key=lambda su: su[0])
        try:
            self.article.parts = skeleton(self.text, placed)
        except ValueError as exc:  # never expected: units come from disjoint parts of the tree
            unit = exc.args[0]
            raise SourceError("overlapping units", self.article.path, unit.line) from None
        return self.article

    # -- what is translated
    def _selected(self, selectors: Sequence[str]) -> set[int]:
        """Our elements (by id) that the parser's tree gives for CSS ``selectors``."""
        found: set[int] = set()
        for selector in selectors:
            for node in self.checked.parser.css(selector):
                value = node.attrs.get(_MARK) if node.is_element_node else None
                el = self.by_mark.get(int(value)) if value and value.isdigit() else None
                if el is not None:
                    found.add(id(el))
        return found

    def _regions(self) -> set[int]:
        """The elements whose content is the article; empty: the whole page."""
        if self.options.include:
            return self._selected(self.options.include)
        for names in (("main",), ("article",)):
            tops = [el for el in self.order if not el.foreign and (
                el.name in names or (el.attr("role") or "").strip().lower() in names)]
            tops = [el for el in tops if not any(_inside(el, other) for other in tops)]
            if tops:
                return {id(el) for el in tops}
        return set()

    def _left_out(self, el: Element) -> bool:
        """Not part of the article: the site around it, controls, hidden and kept out."""
        name = el.local or el.name
        if name in SKIPPED or name in LEFT_OUT or el.kept_out() or id(el) in self.excluded:
            return True
        tag = el.start_tag
        if tag is None or not tag.attrs:
            return name in ("header", "footer") and _landmark(el)
        role = (el.attr("role") or "").strip().lower()
        if role in LEFT_OUT_ROLES or tag.attr("hidden") is not None:
            return True
        if name in ("header", "footer") and _landmark(el):
            return True
        if name in BLOCK and name not in ("body", "html", "main", "article") and \
                id(el) not in self.regions:
            named = f"{el.attr('id') or ''} {el.attr('class') or ''}"
            if _FURNITURE.search(named) and not _CONTENT.search(named) and \
                    not self._holds_most_text(el):
                return True
        return bool(name in ("ul", "ol", "menu", "dl") and _link_list(self.text, el))

    def _holds_most_text(self, el: Element) -> bool:
        """Whether ``el`` holds half the page's text or more (then it is not furniture,
        whatever its class says: a page wrapper named "…-nav")."""
        node = self.checked.nodes.get(el.mark) if el.mark is not None else None
        if node is None:
            return True
        if self._page_letters < 0:
            body = self.checked.parser.body
            self._page_letters = len(body.text(deep=True)) if body else 0
        return 2 * len(node.text(deep=True)) >= self._page_letters

    # -- walking the tree
    def _add(self, start: int, end: int, role: str, context: str, index: int = 1,
             count: int = 1, text: str | None = None) -> None:
        raw = self.text[start:end]
        text = raw if text is None else text
        self.found.append(HtmlUnit(text, role, self.block, index, count, self.line(start),
                                   raw=None if text == raw else raw, context=context))
        self.spans.append((start, end))

    def _note(self, el: Element, why: str) -> None:
        if id(el) in self._noted:
            return
        self._noted.add(id(el))
        self.article.notes.append((self.line(el.at), f"<{el.name}>: {why}; its text is left "
                                   "untranslated"))

    def _attr_units(self, el: Element, names: Sequence[str] = TEXT_ATTRS) -> None:
        tag = el.start_tag
        if tag is None or not tag.attrs:
            return
        if el.name == "meta":
            content = tag.attr("content")
            keyed = any((k, (el.attr(k) or "").strip().lower()) in META_UNITS
                        for k in ("name", "property"))
            if keyed and content is not None:
                self._attr_unit(el, content, "meta")
            return
        for name in names:
            a = tag.attr(name)
            if a is not None:
                self._attr_unit(el, a, "alt")

    def _attr_unit(self, el: Element, a: Attr, role: str) -> None:
        value = self.text[a.start:a.end]
        if not LETTER.search(html.unescape(value)) or (not a.quote and a.start == a.end):
            return
        if role == "alt" and len(value.split()) <= 2 and _in_link(el):
            return  # an icon's label inside a link or button ("Share", "Menu", a logo)
        node = self.checked.nodes.get(el.mark) if el.mark is not None else None
        if node is None or (node.attrs.get(a.name) or "") != html.unescape(a.value):
            return  # the parser reads the tag differently: leave it as it is
        lead = len(value) - len(value.lstrip())
        trail = len(value) - len(value.rstrip())
        self.block += 1
        self._add(a.start + lead, a.end - trail, role, "attr" + a.quote)

    def _walk(self, el: Element, role: str | None, active: bool, regions: set[int]) -> None:
        if el.start_tag is not None:
            if el.foreign and el.name not in ("svg", "math"):
                return
            if el.name == "title":
                self._title(el)
                return
            if el.name == "meta":
                self._attr_units(el)
                return
            root = id(el) in regions
            if not active and root:
                active = True
            if active and (id(el) in self.excluded if root else self._left_out(el)):
                if self.options.embed_text and el.name in EMBEDS and not el.kept_out():
                    self._embed_units(el)
                return
            if active:
                self._attr_units(el)
        elif el.name == "p" and el.mark is None:
            return  # an empty paragraph a parser makes of a stray </p>
        if not active:
            for child in el.children:
                if isinstance(child, Element):
                    self._walk(child, role, False, regions)
            return
        local = el.local or el.name
        own = UNIT_BLOCKS.get(local)
        if own is not None:
            role = role if (local == "p" and role in INHERITED_BY_P) else own
        # Text standing loose in a container (a CMS's <div class="text">) is a paragraph.
        run_role = role or ("paragraph" if local in LOOSE_TEXT else None)
        run: list[Element | Token] = []
        for child in el.children:
            if isinstance(child, Element):
                if (child.local or child.name) in BLOCK or self._ends_run(child):
                    self._run(run, run_role, el, regions)
                    run = []
                    self._walk(child, role, True, regions)
                    continue
            elif child.kind != "text":
                self._run(run, run_role, el, regions)
                run = []
                continue
            run.append(child)
        self._run(run, run_role, el, regions)

    def _ends_run(self, el: Element) -> bool:
        """An inline element that acts as a block: it wraps blocks, it is a form control
        that holds text, or a long embed; other inline elements left out of the article
        are kept whole inside the sentence."""
        key = id(el)
        known = self._ends.get(key)
        if known is None:
            if self._left_out(el):
                known = el.end - el.at > LONG_ATOM or el.name in ("select", "textarea",
                                                                  "datalist", "template")
            else:
                known = any(isinstance(c, Element) and ((c.local or c.name) in BLOCK or
                                                        self._ends_run(c))
                            for c in el.children)
            self._ends[key] = known
        return known

    def _title(self, el: Element) -> None:
        assert el.start_tag is not None
        start, end = el.start_tag.end, el.end
        raw = self.text[start:end]
        if not LETTER.search(raw):
            return
        node = self.checked.nodes.get(el.mark) if el.mark is not None else None
        if node is None or node.text(deep=True) != _normalise(html.unescape(raw)):
            self._note(el, "browsers read the page title differently")
            return
        self.block += 1
        lead = len(raw) - len(raw.lstrip())
        self._add(start + lead, start + len(raw.rstrip()), "title", "rcdata")

    def _embed_units(self, el: Element) -> None:
        self._attr_units(el, EMBED_TEXT_ATTRS)
        if el.name != "svg":
            return
        for child in _descendants(el):
            if child.name in ("title", "desc") and child.start_tag is not None:
                start, end = child.start_tag.end, child.end
                raw = self.text[start:end]
                if LETTER.search(raw) and "<" not in raw:
                    self.block += 1
                    lead = len(raw) - len(raw.lstrip())
                    self._add(start + lead, start + len(raw.rstrip()), "alt", "rcdata")

    def _run(self, run: list[Element | Token], role: str | None, owner: Element,
             regions: set[int]) -> None:
        if not run:
            return
        if role is None:  # not a text block: only the attributes of what stands here
            for node in run:
                if isinstance(node, Element):
                    self._walk(node, None, True, regions)
            return
        if all(isinstance(n, Token) for n in run) and not any(
                LETTER.search(self.text, n.start, n.end) for n in run):
            return  # white space between blocks, the usual case
        pieces: list[Piece] = []
        for node in run:
            self._pieces(node, pieces)
        _double_breaks(self.text, pieces)
        spans = split_run(self.text, pieces, self.article.lang, self.abbreviations)
        if not spans:
            for node in run:  # no text, only markup: its images may still have alt text
                if isinstance(node, Element):
                    self._walk(node, None, True, regions)
            return
        if self._only_links(run, owner):
            return  # a menu entry, a row of links, a teaser: every word is a link
        why = self._disagreement(owner, run)
        if why:
            self._note(owner, why)
            return
        self.block += 1
        for k, (start, end) in enumerate(spans, 1):
            self._add(start, end, role, "content", k, len(spans),
                      collapsed(self.text, pieces, start, end))
        # Alt and title of a tag between the sentences (a sentence's own tags carry their
        # text attributes inside the unit).
        for node in run:
            if isinstance(node, Element):
                for el in (node, *_descendants(node)):
                    if el.start_tag is not None and el.start_tag.attrs and \
                            el.name not in KEPT_WHOLE and not self._left_out(el) and \
                            not any(a <= el.at < b for a, b in spans):
                        self._attr_units(el)

    def _only_links(self, run: list[Element | Token], owner: Element) -> bool:
        """Whether every word of the run is inside links (navigation: a menu entry, a row
        of links, a teaser's headline), unless the block is the page's or a post's
        title, which often links to itself."""
        links = [el for node in run if isinstance(node, Element)
                 for el in (node, *_descendants(node)) if el.name == "a"]
        if not links or any(a.attr("href") is None for a in links):
            return False
        if len(links) == 1 and (owner.name == "h1" or owner.name in HEADINGS and _CONTENT.search(
                f"{owner.attr('id') or ''} {owner.attr('class') or ''}")):
            return False
        return not _words_outside_links(self.text, run)

    def _pieces(self, node: Element | Token, out: list[Piece]) -> None:
        if isinstance(node, Token):
            if node.kind == "text":
                _text_pieces(self.text, node.start, node.end, out)
            else:  # a comment or a tag browsers ignore: kept as it is
                out.append(Piece("atom", node.start, node.end))
            return
        tag = node.start_tag
        if tag is None:  # a <br> made of </br>
            assert node.end_tag is not None
            out.append(Piece("space" if node.name == "br" else "atom", node.end_tag.start,
                             node.end_tag.end))
            return
        if node.name in VOID or (node.foreign and tag.self_closing):
            out.append(Piece("space" if node.name == "br" else "atom", tag.start, tag.end))
            return
        if node.name in KEPT_WHOLE or node.kept_out() or node.name in SKIPPED or \
                node.name == "time" and tag.attr("datetime") is not None or \
                self._left_out(node):
            out.append(Piece("atom", tag.start,
                             node.end_tag.end if node.end_tag is not None else node.end))
            return
        if node.end_tag is None:  # closed by the end of its block: the start tag alone
            out.append(Piece("atom", tag.start, tag.end))
            for child in node.children:
                self._pieces(child, out)
            return
        out.append(Piece("open", tag.start, tag.end))
        for child in node.children:
            self._pieces(child, out)
        out.append(Piece("close", node.end_tag.start, node.end_tag.end))

    # -- checking a run against the parser's tree
    def _disagreement(self, owner: Element, run: list[Element | Token]) -> str:
        """Why the parser's tree differs from ours where ``run`` stands ("" if it does
        not): the owner's children, and everything inside the run's elements."""
        why = self._compare(owner)
        if why:
            return why
        for node in run:
            if isinstance(node, Element):
                why = self._compare_deep(node)
                if why:
                    return why
        return ""

    def _compare_deep(self, el: Element) -> str:
        if el.name in KEPT_WHOLE or el.name in SKIPPED or el.kept_out() or el.mark is None \
                or el.name in VOID:
            return ""
        why = self._compare(el)
        if why:
            return why
        for child in el.children:
            if isinstance(child, Element):
                why = self._compare_deep(child)
                if why:
                    return why
        return ""

    def _compare(self, el: Element) -> str:
        key = id(el)
        if key in self._agreed:
            return self._agreed[key]
        why = self._compare_children(el)
        self._agreed[key] = why
        return why

    def _compare_children(self, el: Element) -> str:
        if el.start_tag is None or el.mark is None:
            return ""  # the document root or an implied element: nothing to compare with
        node = self.checked.nodes.get(el.mark)
        if node is None:
            return "browsers do not see this element where it is written"
        ours = _our_children(self.text, el)
        theirs = _their_children(node)
        if ours == theirs:
            return ""
        return self._explain(ours, theirs)

    def _explain(self, ours: list[int | str | None], theirs: list[int | str | None]) -> str:
        for a, b in zip(ours, theirs, strict=False):
            if a == b:
                continue
            if isinstance(b, int) and b in self.by_mark and b != a:
                other = self.by_mark[b]
                if b in self.checked.cloned:
                    return (f"browsers carry on the unclosed <{other.name}> of line "
                            f"{self.line(other.at)} here")
                return (f"browsers put the <{other.name}> of line {self.line(other.at)} "
                        "here (an unclosed or misnested tag?)")
            if b is None:
                return "browsers add an element here (an unclosed or misnested tag?)"
            if isinstance(a, int) and a in self.by_mark:
                other = self.by_mark[a]
                return (f"browsers place the <{other.name}> of line {self.line(other.at)} "
                        "elsewhere (an unclosed or misnested tag?)")
            return "browsers read its text differently (an unclosed or misnested tag?)"
        return "browsers read its content differently (an unclosed or misnested tag?)"


def _inside(el: Element, other: Element) -> bool:
    p = el.parent
    while p is not None:
        if p is other:
            return True
        p = p.parent
    return False


def _link_list(text: str, el: Element) -> bool:
    """A list of links (a menu without <nav>): three items or more with words, the words
    of each inside one link (items without words, separators, do not count)."""
    worded = 0
    for item in el.children:
        if not isinstance(item, Element) or item.name not in ("li", "dt", "dd"):
            continue
        links = [d for d in _descendants(item) if d.name == "a"]
        if not links:
            if _words_outside(text, item, None):
                return False
            continue
        if len(links) != 1 or _words_outside(text, item, links[0]):
            return False
        worded += 1
    return worded >= 3


def _words_outside(text: str, el: Element, inner: Element | None) -> bool:
    """Whether ``el`` has a letter in its text outside ``inner``."""
    for child in el.children:
        if child is inner:
            continue
        if isinstance(child, Element):
            if child.name not in SKIPPED and _words_outside(text, child, inner):
                return True
        elif child.kind == "text" and LETTER.search(text, child.start, child.end):
            return True
    return False


def _words_outside_links(text: str, nodes: Sequence[Element | Token]) -> bool:
    for node in nodes:
        if isinstance(node, Element):
            if node.name != "a" and node.name not in SKIPPED and \
                    _words_outside_links(text, node.children):
                return True
        elif node.kind == "text" and LETTER.search(text, node.start, node.end):
            return True
    return False


def _in_link(el: Element) -> bool:
    p: Element | None = el
    while p is not None:
        if p.name in ("a", "button") and not p.foreign:
            return True
        p = p.parent
    return False


def _landmark(el: Element) -> bool:
    """A <header>/<footer> of the page (banner, contentinfo), not of a section."""
    p = el.parent
    while p is not None:
        if (p.local or p.name) in SECTIONING and not p.foreign:
            return False
        p = p.parent
    return True


def _descendants(el: Element):
    for child in el.children:
        if isinstance(child, Element):
            yield child
            yield from _descendants(child)


def _normalise(text: str) -> str:
    """What an HTML5 parser does to text before building the tree."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\0", "\ufffd")


def _our_children(text: str, el: Element) -> list[int | str | None]:
    out: list[int | str | None] = []
    buf: list[str] = []
    for child in el.children:
        if isinstance(child, Element):
            if buf:
                out.append(_normalise("".join(buf)))
                buf = []
            out.append(child.mark)
        elif child.kind == "text":
            raw = text[child.start:child.end]
            buf.append(raw if child.name in RAW_TEXT or child.name == "script"
                       else html.unescape(raw))
    if buf:
        out.append(_normalise("".join(buf)))
    return [x for x in out if x != ""]


def _their_children(node: LexborNode) -> list[int | str | None]:
    out: list[int | str | None] = []
    buf: list[str] = []
    for child in node.iter(include_text=True):
        if child.is_text_node:
            buf.append(child.text_content or "")
        elif child.is_element_node:
            if buf:
                out.append("".join(buf))
                buf = []
            value = child.attrs.get(_MARK)
            out.append(int(value) if value and value.isdigit() else None)
    if buf:
        out.append("".join(buf))
    return [x for x in out if x != ""]


def _double_breaks(text: str, pieces: list[Piece]) -> None:
    """Two ``<br>`` in a row (only white space between) end a sentence; one does not."""
    last = -1
    for i, p in enumerate(pieces):
        if p.kind == "space" or p.kind == "break":
            if last >= 0:
                pieces[last] = Piece("break", pieces[last].start, pieces[last].end)
                pieces[i] = Piece("break", p.start, p.end)
            last = i
        elif not (p.kind == "text" and not (p.reading or text[p.start:p.end]).strip()):
            last = -1


def _text_pieces(text: str, start: int, end: int, out: list[Piece]) -> None:
    pos = start
    for m in _CHARREF.finditer(text, start, end):
        decoded = html.unescape(m.group())
        if decoded == m.group():
            continue
        if m.start() > pos:
            out.append(Piece("text", pos, m.start()))
        out.append(Piece("text", m.start(), m.end(), decoded))
        pos = m.end()
    if end > pos:
        out.append(Piece("text", pos, end))

# --- escaping -----------------------------------------------------------------------

def _escape_amp(text: str) -> str:
    """``&`` that does not start a character reference becomes ``&amp;``."""
    out = []
    pos = 0
    for m in re.finditer("&", text):
        ref = _CHARREF.match(text, m.start())
        if ref and ref.group().endswith(";") and html.unescape(ref.group()) != ref.group():
            continue
        out.append(text[pos:m.start()] + "&amp;")
        pos = m.start() + 1
    out.append(text[pos:])
    return "".join(out)


def escape_text(text: str) -> str:
    """Text content: no tag can start, every ``&`` is a reference or ``&amp;``."""
    return _escape_amp(text).replace("<", "&lt;")


def escape_attr(value: str, quote: str) -> str:
    """An attribute value written between ``quote`` (added when the source had none)."""
    value = _escape_amp(value).replace("<", "&lt;").replace(">", "&gt;")
    if quote == "'":
        return value.replace("'", "&#39;")
    return value.replace('"', "&quot;")


# --- units --------------------------------------------------------------------------

# --- checking and composing translations with markup ---------------------------------

@dataclass
class _Node:
    """An element of a unit's inline markup, as written in one text."""

    token: Token
    signature: tuple
    path: tuple  # signatures of the enclosing elements
    end_tag: Token | None = None


def _signature(tok: Token, whole: str | None) -> tuple:
    """What must match between source and translation: the name, the attributes that
    carry no text (decoded), which text attributes there are, and for elements kept whole
    their exact source."""
    attrs = tuple(sorted((a.name, html.unescape(a.value)) for a in tok.attrs
                         if a.name not in TEXT_ATTRS))
    texts = tuple(sorted(a.name for a in tok.attrs if a.name in TEXT_ATTRS))
    return (tok.name, attrs, texts, whole)


def _markup(text: str) -> tuple[list[Token | _Node], list[str]]:
    """The tokens of a unit (text, elements as _Node) and what is wrong with them; an
    element left open is reported as ``unclosed:`` and its signature's description."""
    problems: list[str] = []
    out: list[Token | _Node] = []
    stack: list[_Node] = []
    tokens = tokenize(text, raw_text=False)
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        i += 1
        if tok.kind == "text":
            out.append(tok)
        elif tok.kind == "comment" and not text.startswith("<!--", tok.start):
            problems.append(f"markup not allowed here: {text[tok.start:tok.end]}")
        elif tok.kind == "comment":  # kept as written, like code
            whole = text[tok.start:tok.end]
            out.append(_Node(tok, ("#comment", (), (), whole), tuple(n.signature for n in stack)))
        elif tok.kind == "other":
            problems.append(f"markup not allowed here: {text[tok.start:tok.end]}")
        elif tok.kind == "end":
            if stack and stack[-1].token.name == tok.name:
                stack.pop().end_tag = tok
                out.append(tok)
            elif any(n.token.name == tok.name for n in stack):
                # closes what is open inside it too, as browsers do (<x/> left open, an
                # unclosed tag): allowed where the source does the same
                while stack[-1].token.name != tok.name:
                    inner = stack.pop()
                    if not inner.token.self_closing:
                        problems.append(f"unclosed:{_describe(inner.signature)}")
                stack.pop().end_tag = tok
                out.append(tok)
            else:  # a stray end tag (browsers ignore it): kept as written, like a comment
                whole = text[tok.start:tok.end]
                out.append(_Node(tok, ("#stray", (), (), whole),
                                 tuple(n.signature for n in stack)))
        else:
            path = tuple(n.signature for n in stack)
            if (tok.name in KEPT_WHOLE or _kept_out(tok) or tok.name in SKIPPED or
                    tok.name == "time" and tok.attr("datetime") is not None) and \
                    tok.name not in VOID:
                close = re.compile(r"</" + re.escape(tok.name) + r"\s*>", re.I).search(
                    text, tok.end)
                stop = len(text) if close is None else close.end()
                whole = text[tok.start:stop]
                node = _Node(Token("start", tok.start, stop, tok.name, tok.attrs),
                             _signature(tok, whole), path)
                out.append(node)
                if close is None:  # its block closes it: the rest is the element
                    problems.append(f"unclosed:{_describe(node.signature)}")
                while i < len(tokens) and tokens[i].start < stop:
                    i += 1
                continue
            node = _Node(tok, _signature(tok, None), path)
            if tok.self_closing and tok.name not in VOID:
                # <span/> opens a span for browsers: allowed only where the source has it
                problems.append(f"selfclosing:<{tok.name}/>")
            out.append(node)
            if tok.name not in VOID:
                stack.append(node)
    for node in stack:
        problems.append(f"unclosed:{_describe(node.signature)}")
    return out, problems


def _unclosed(text: str) -> bool:
    """Whether a unit holds a start tag whose element its block closes (see the reader)."""
    return any(p.startswith("unclosed:") for p in _markup(text)[1])


def _kept_out(tok: Token) -> bool:
    translate = tok.attr("translate")
    cls = tok.attr("class")
    return (translate is not None and translate.value.strip().lower() == "no") or \
        (cls is not None and "notranslate" in cls.value.split())


def _describe(sig: tuple) -> str:
    name, attrs, _texts, whole = sig
    if whole is not None:
        return whole
    shown = "".join(f' {k}="{v}"' for k, v in attrs)
    return f"<{name}{shown}>"


def markup_problems(source: str, translation: str) -> list[str]:
    """What is wrong with the inline markup of ``translation`` against ``source`` (a unit's
    text): tags missing, extra, re-nested or with changed attributes, unclosed tags,
    comments. An empty list means the translation can be composed."""
    src_nodes, src_problems = _markup(source)
    tr_nodes, problems = _markup(translation)
    # A start tag that the source leaves open (its block closes the element) may stay
    # open in the translation; any other open tag may not.
    tolerated = ("unclosed:", "selfclosing:")
    allowed = Counter(p for p in src_problems if p.startswith(tolerated))
    for p in list(problems):
        if p.startswith(tolerated):
            problems.remove(p)
            if allowed[p] > 0:
                allowed[p] -= 1
            elif p.startswith("unclosed:"):
                problems.append(f"{p[len('unclosed:'):]} is not closed")
            else:
                problems.append(f"{p[len('selfclosing:'):]} cannot be self-closing")
    want = Counter((n.path, n.signature) for n in src_nodes if isinstance(n, _Node))
    have = Counter((n.path, n.signature) for n in tr_nodes if isinstance(n, _Node))
    where_src = Counter(n.signature for n in src_nodes if isinstance(n, _Node))
    where_tr = Counter(n.signature for n in tr_nodes if isinstance(n, _Node))
    for (_path, sig) in (want - have):
        if where_tr[sig] >= where_src[sig]:
            problems.append(f"{_describe(sig)} is nested differently from the source")
        else:
            problems.append(f"missing {_describe(sig)}")
    for (_path, sig) in (have - want):
        if where_tr[sig] > where_src[sig]:
            if sig[0] in {s[0] for s in where_src}:
                problems.append(f"{_describe(sig)} is not in the source (extra tag or "
                                "changed attributes)")
            else:
                problems.append(f"extra {_describe(sig)} (not in the source)")
    return list(dict.fromkeys(problems))


def compose_markup(source: str, translation: str) -> str | None:
    """The translation with the source's own tags written back and its text escaped; None
    when its markup does not match the source's."""
    if markup_problems(source, translation):
        return None
    src_nodes, _ = _markup(source)
    spare: dict[tuple, list[_Node]] = {}
    for n in src_nodes:
        if isinstance(n, _Node):
            spare.setdefault((n.path, n.signature), []).append(n)
    tr_nodes, _ = _markup(translation)
    ends: dict[int, _Node] = {}  # id of a translation end tag -> source element
    out: list[str] = []
    for n in tr_nodes:
        if isinstance(n, _Node):
            mine = spare[(n.path, n.signature)].pop(0)
            if n.end_tag is not None and mine.end_tag is not None:
                ends[id(n.end_tag)] = mine
            out.append(_start_tag(source, mine.token, n.token))
        elif n.kind == "end":
            mine = ends[id(n)]
            assert mine.end_tag is not None
            out.append(source[mine.end_tag.start:mine.end_tag.end])
        else:
            out.append(escape_text(translation[n.start:n.end]))
    return "".join(out)


def _start_tag(source: str, tok: Token, theirs: Token) -> str:
    """The source's start tag (or whole kept element), with text attributes translated."""
    written = source[tok.start:tok.end]
    if tok.kind != "start" or tok.name in KEPT_WHOLE or _kept_out(tok) or \
            tok.name in SKIPPED or tok.name == "time" and tok.attr("datetime") is not None:
        return written
    for a in sorted((a for a in tok.attrs if a.name in TEXT_ATTRS), key=lambda a: -a.start):
        new = theirs.attr(a.name)
        assert new is not None
        if new.value == a.value:
            continue
        value = escape_attr(html.unescape(new.value), a.quote or '"')
        if not a.quote:
            value = f'"{value}"'
        written = written[:a.start - tok.start] + value + written[a.end - tok.start:]
    return written
