"""HTML articles: units from the page's text, inline markup kept inside the units.

Composing must give back the page byte for byte, so units are slices of the source and
the reader needs source offsets, which no HTML5 tree builder reports. The reader therefore
tokenizes the page itself (tags, attributes with their value spans, text, comments, raw
text of ``<script>``/``<style>``) and builds its own element tree with the implied end tags
that news pages rely on (``<p>``, ``<li>``, ``<td>``…). That tree is then checked against
the one a WHATWG-conforming parser builds (selectolax, on the Lexbor engine): every element
must be the same one in the same order, and every unit block must hold the same text. A
page the two read differently (misnested or unclosed inline tags) is refused with its line
rather than translated wrongly.

Units: ``<title>``, the ``content`` of ``<meta name="description">``, ``og:title`` and
``og:description``, ``alt`` and ``title`` attributes, and the inline content of the text
blocks (``h1``-``h6``, ``p``, ``li``, ``blockquote``, ``figcaption``, ``td``, ``th``,
``dt``, ``dd``), split into sentences. ``script``, ``style``, ``pre``, ``code`` and
elements with ``translate="no"`` or class ``notranslate`` are never translated; inside a
sentence such an element is kept whole and must come back unchanged.
"""

from __future__ import annotations

import bisect
import html
import re
from collections import Counter
from dataclasses import dataclass, field

from l10n.errors import SourceError
from l10n.formats import TextHooks
from l10n.formats._runs import Piece, split_run
from l10n.model import Article, Unit, skeleton


def _names(words: str) -> frozenset[str]:
    return frozenset(words.split())


VOID = _names("area base br col embed hr img input link meta source track wbr")
RAW_TEXT = _names("script style xmp iframe noembed noframes")
RCDATA = _names("title textarea")
# Where the text blocks are and the role their units get.
UNIT_BLOCKS = {"h1": "title", "h2": "heading", "h3": "heading", "h4": "heading",
               "h5": "heading", "h6": "heading", "p": "paragraph", "li": "list-item",
               "blockquote": "quote", "figcaption": "caption", "td": "table-cell",
               "th": "table-cell", "dt": "list-item", "dd": "list-item"}
# A <p> keeps the role of the block it stands in (a quoted paragraph is a quote).
INHERITED_BY_P = {"quote", "caption", "list-item", "table-cell"}
# Elements that end a run of inline content.
BLOCK = _names(
    "address article aside blockquote body details dialog dd div dl dt fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 head header hgroup hr html li main menu nav ol p "
    "pre section search summary table caption colgroup col thead tbody tfoot tr td th ul "
    "title meta link base")
# Containers whose loose text (not inside a text block) is still a paragraph.
LOOSE_TEXT = _names("body div section article main aside header footer figure details "
                    "summary address center")
# Never translated, wherever they stand.
SKIPPED = _names("script style pre textarea template svg math noscript iframe object "
                    "select canvas audio video xmp noembed noframes")
# Inline elements whose content is code or data: kept whole inside a unit.
KEPT_WHOLE = _names("code kbd samp var")
TEXT_ATTRS = ("alt", "title")  # attributes that carry text: translated
META_UNITS = {("name", "description"), ("property", "og:title"),
              ("property", "og:description"), ("name", "og:title"),
              ("name", "og:description")}
# Start tags that close an open <p> (HTML's "close a p element" rule).
CLOSES_P = _names(
    "address article aside blockquote details dialog div dl fieldset figcaption figure footer "
    "form h1 h2 h3 h4 h5 h6 header hgroup hr main menu nav ol p pre search section table ul "
    "li dd dt")
IMPLIED_BY_PARSER = _names("html head body tbody")

_NAME = r"[A-Za-z][^\s/>\0]*"
_ATTR = re.compile(r"""[\s/]*([^\s"'>/=][^\s"'>/=]*)"""
                   r"""(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
_CHARREF = re.compile(r"&(?:#[0-9]+;?|#[xX][0-9A-Fa-f]+;?|[A-Za-z][A-Za-z0-9]*;?)")


@dataclass
class Attr:
    name: str  # lower-cased
    value: str  # as written (character references not decoded)
    start: int  # value span in the source; start == end for an attribute without value
    end: int
    quote: str  # '"', "'" or "" (unquoted, or no value at all)


@dataclass
class Token:
    kind: str  # "start", "end", "text", "comment", "other"
    start: int
    end: int
    name: str = ""
    attrs: list[Attr] = field(default_factory=list)
    self_closing: bool = False

    def attr(self, name: str) -> Attr | None:
        return next((a for a in self.attrs if a.name == name), None)


def tokenize(text: str, start: int = 0, end: int | None = None,
             raw_text: bool = True) -> list[Token]:
    """HTML tokens with source offsets. ``raw_text``: treat script/style/title as HTML does."""
    end = len(text) if end is None else end
    tokens: list[Token] = []
    pos = start
    text_start = start

    def flush(upto: int) -> None:
        if upto > text_start:
            tokens.append(Token("text", text_start, upto))

    while pos < end:
        lt = text.find("<", pos, end)
        if lt < 0:
            break
        tok = _markup_at(text, lt, end)
        if tok is None:
            pos = lt + 1
            continue
        flush(lt)
        tokens.append(tok)
        pos = text_start = tok.end
        if raw_text and tok.kind == "start" and not tok.self_closing and \
                (tok.name in RAW_TEXT or tok.name in RCDATA):
            close = re.compile(r"</" + re.escape(tok.name) + r"[\s/>]", re.I).search(text, pos, end)
            stop = close.start() if close else end
            if stop > pos:
                tokens.append(Token("text", pos, stop, name=tok.name))
            pos = text_start = stop
    flush(end)
    return tokens


def _markup_at(text: str, lt: int, end: int) -> Token | None:
    if text.startswith("<!--", lt):
        close = text.find("-->", lt + 4, end)
        return Token("comment", lt, end if close < 0 else close + 3)
    if text.startswith(("<!", "<?"), lt):
        close = text.find(">", lt + 2, end)
        return Token("other", lt, end if close < 0 else close + 1)
    m = re.compile(r"</(" + _NAME + r")[^>]*>").match(text, lt, end)
    if m:
        return Token("end", lt, m.end(), m.group(1).lower())
    m = re.compile(r"<(" + _NAME + r")").match(text, lt, end)
    if not m:
        return None
    tok = Token("start", lt, 0, m.group(1).lower())
    pos = m.end()
    while pos < end:
        if text[pos] == ">":
            tok.end = pos + 1
            tok.self_closing = text[pos - 1] == "/"
            return tok
        a = _ATTR.match(text, pos, end)
        if not a or a.end() == pos:
            if text[pos] in " \t\n\r\f/":
                pos += 1
                continue
            break
        name = a.group(1).lower()
        for group, quote in ((2, '"'), (3, "'"), (4, "")):
            if a.group(group) is not None:
                tok.attrs.append(Attr(name, a.group(group), a.start(group), a.end(group), quote))
                break
        else:
            tok.attrs.append(Attr(name, "", a.end(1), a.end(1), ""))
        pos = a.end()
    return None  # a "<" that never closes reads as text


@dataclass
class Element:
    name: str
    start_tag: Token | None  # None for the document root
    parent: Element | None = None
    children: list[Element | Token] = field(default_factory=list)
    end_tag: Token | None = None
    end: int = 0  # where the element's content ends (its end tag starts there, if any)

    @property
    def line_offset(self) -> int:
        return self.start_tag.start if self.start_tag else 0

    def attr(self, name: str) -> str | None:
        a = self.start_tag.attr(name) if self.start_tag else None
        return None if a is None else a.value

    def kept_out(self) -> bool:
        """Never translated: translate="no" or class notranslate."""
        translate = self.attr("translate")
        classes = (self.attr("class") or "").split()
        return (translate is not None and translate.strip().lower() == "no") \
            or "notranslate" in classes


def build_tree(tokens: list[Token], length: int) -> tuple[Element, list[Element]]:
    """Our element tree and the elements in document order, with HTML's implied end tags."""
    root = Element("#document", None)
    stack = [root]
    order: list[Element] = []

    def close_to(index: int, at: int) -> None:
        while len(stack) > index:
            stack.pop().end = at

    def open_index(names: set[str] | frozenset[str], stop: frozenset[str]) -> int:
        for i in range(len(stack) - 1, 0, -1):
            if stack[i].name in names:
                return i
            if stack[i].name in stop:
                return -1
        return -1

    for tok in tokens:
        if tok.kind == "start":
            name = tok.name
            if name in CLOSES_P:
                i = open_index({"p"}, _names("button table td th"))
                if i > 0:
                    close_to(i, tok.start)
            if name == "li":
                i = open_index({"li"}, _names("ul ol table"))
                if i > 0:
                    close_to(i, tok.start)
            elif name in ("dt", "dd"):
                i = open_index({"dt", "dd"}, frozenset(("dl", "table")))
                if i > 0:
                    close_to(i, tok.start)
            elif name in ("td", "th", "tr", "thead", "tbody", "tfoot"):
                closes = {"td", "th"} if name in ("td", "th") else \
                    ({"td", "th", "tr"} if name == "tr" else {"td", "th", "tr", "thead",
                                                               "tbody", "tfoot"})
                i = open_index(closes, frozenset(("table",)))
                if i > 0:
                    close_to(i, tok.start)
            el = Element(name, tok, stack[-1])
            stack[-1].children.append(el)
            order.append(el)
            if name in VOID or tok.self_closing:
                el.end = tok.end
            else:
                stack.append(el)
        elif tok.kind == "end":
            i = open_index({tok.name}, frozenset())
            if i > 0:
                close_to(i + 1, tok.start)
                el = stack.pop()
                el.end, el.end_tag = tok.start, tok
            else:
                stack[-1].children.append(tok)  # a stray end tag: left as it is
        else:
            stack[-1].children.append(tok)
    close_to(1, length)
    root.end = length
    return root, order


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

@dataclass(frozen=True)
class HtmlUnit(Unit):
    """A unit and where it stands: element content, RCDATA (``<title>``) or an attribute
    value written with the given quote (``attr"``, ``attr'``, ``attr`` for unquoted)."""

    context: str = "content"


class HtmlFormat(TextHooks):
    name = "html"
    extensions = ("html", "htm")

    def parse(self, text: str, *, slug: str, path: str, lang: str) -> Article:
        return HtmlReader(text, slug=slug, path=path, lang=lang).read()

    def insert(self, unit: Unit, translation: str, *, target: str) -> str | None:
        if translation == unit.text:
            return translation
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
        if getattr(unit, "context", "content") != "content" or source == target:
            return unit.text
        return f'<span lang="{source}">{unit.text}</span>'

    def finish(self, text: str, article: Article, *, target: str) -> str:
        return set_document_language(text, target)


def set_document_language(text: str, lang: str) -> str:
    """Set ``lang`` (and ``xml:lang`` when present) on the ``<html>`` start tag."""
    for tok in tokenize(text):
        if tok.kind != "start":
            continue
        if tok.name != "html":
            return text  # a fragment without <html>: nothing to set
        for name in ("xml:lang", "lang"):
            a = tok.attr(name)
            if a is not None:
                new = lang if a.quote else f'"{lang}"'
                text = text[:a.start] + new + text[a.end:]
        if tok.attr("lang") is None:
            at = tok.start + len("<html")
            text = text[:at] + f' lang="{lang}"' + text[at:]
        return text
    return text


class HtmlReader:
    def __init__(self, text: str, *, slug: str, path: str, lang: str):
        self.text = text
        self.article = Article(slug=slug, path=path, lang=lang, format="html")
        self.found: list[HtmlUnit] = []
        self.spans: list[tuple[int, int]] = []
        self.block = 0
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line(self, offset: int) -> int:
        return bisect.bisect_right(self._line_starts, offset)

    def read(self) -> Article:
        tokens = tokenize(self.text)
        root, order = build_tree(tokens, len(self.text))
        self.blocks: list[Element] = []
        self._walk(root, None)
        _check_with_html5_parser(self.text, order, self.blocks, self.article.path, self.line)
        placed = sorted(((start, end, unit) for (start, end), unit in
                         zip(self.spans, self.found, strict=True)), key=lambda su: su[0])
        try:
            self.article.parts = skeleton(self.text, placed)
        except ValueError as exc:  # never expected: units come from disjoint parts of the tree
            unit = exc.args[0]
            raise SourceError("overlapping units", self.article.path, unit.line) from None
        return self.article

    def _add(self, start: int, end: int, role: str, context: str, index: int = 1,
             count: int = 1) -> None:
        self.found.append(HtmlUnit(self.text[start:end], role, self.block, index, count,
                                   self.line(start), context))
        self.spans.append((start, end))

    def _attr_units(self, el: Element) -> None:
        tag = el.start_tag
        if tag is None:
            return
        if el.name == "meta":
            content = tag.attr("content")
            keyed = any((k, (el.attr(k) or "").strip().lower()) in META_UNITS
                        for k in ("name", "property"))
            if keyed and content is not None:
                self._attr_unit(content, "meta")
            return
        for name in TEXT_ATTRS:
            a = tag.attr(name)
            if a is not None:
                self._attr_unit(a, "alt")

    def _attr_unit(self, a: Attr, role: str) -> None:
        value = self.text[a.start:a.end]
        lead = len(value) - len(value.lstrip())
        trail = len(value) - len(value.rstrip())
        if not value.strip() or (not a.quote and a.start == a.end):
            return
        self.block += 1
        self._add(a.start + lead, a.end - trail, role, "attr" + a.quote)

    def _walk(self, el: Element, role: str | None) -> None:
        if el.start_tag is not None and (el.name in SKIPPED or el.kept_out()):
            return
        self._attr_units(el)
        if el.name == "title" and el.start_tag is not None:
            start, end = el.start_tag.end, el.end
            self.blocks.append(el)
            self._text_unit(start, end)
            return
        own = UNIT_BLOCKS.get(el.name)
        if own is not None:
            role = role if (el.name == "p" and role in INHERITED_BY_P) else own
            self.blocks.append(el)
        # Text standing loose in a container (a CMS's <div class="text">) is a paragraph.
        run_role = role or ("paragraph" if el.name in LOOSE_TEXT else None)
        run: list[Element | Token] = []
        for child in el.children:
            if isinstance(child, Element) and (child.name in BLOCK or child.name in SKIPPED
                                               or _holds_blocks(child)) \
                    or isinstance(child, Token) and child.kind != "text":
                self._run(run, run_role)
                run = []
                if isinstance(child, Element):
                    self._walk(child, role)
            else:
                run.append(child)
        self._run(run, run_role)

    def _text_unit(self, start: int, end: int) -> None:
        raw = self.text[start:end]
        if raw.strip():
            self.block += 1
            lead = len(raw) - len(raw.lstrip())
            self._add(start + lead, start + len(raw.rstrip()), "title", "rcdata")

    def _run(self, run: list[Element | Token], role: str | None) -> None:
        if role is None:  # not a text block: only the attributes of what stands here
            for node in run:
                if isinstance(node, Element):
                    self._walk(node, None)
            return
        pieces: list[Piece] = []
        for node in run:
            self._pieces(node, pieces)
        spans = split_run(self.text, pieces, self.article.lang)
        if not spans:  # no text, only markup: its images may still have alt text
            for node in run:
                if isinstance(node, Element):
                    self._walk(node, None)
            return
        self.block += 1
        for k, (start, end) in enumerate(spans, 1):
            self._add(start, end, role, "content", k, len(spans))

    def _pieces(self, node: Element | Token, out: list[Piece]) -> None:
        if isinstance(node, Token):
            if node.kind == "text":
                _text_pieces(self.text, node.start, node.end, out)
            else:  # a stray end tag inside a run: keep it as it is
                out.append(Piece("atom", node.start, node.end))
            return
        tag = node.start_tag
        assert tag is not None
        if node.name in VOID or tag.self_closing:
            out.append(Piece("break" if node.name == "br" else "atom", tag.start, tag.end))
            return
        if node.end_tag is None:
            raise SourceError(f"<{node.name}> is not closed inside its block",
                              self.article.path, self.line(tag.start))
        if node.name in KEPT_WHOLE or node.kept_out() or node.name in SKIPPED:
            out.append(Piece("atom", tag.start, node.end_tag.end))
            return
        out.append(Piece("open", tag.start, tag.end))
        for child in node.children:
            self._pieces(child, out)
        out.append(Piece("close", node.end_tag.start, node.end_tag.end))


def _holds_blocks(el: Element) -> bool:
    """An inline element wrapping blocks (``<a><h3>…</h3><p>…</p></a>``) acts as a block."""
    return any(isinstance(c, Element) and (c.name in BLOCK or _holds_blocks(c))
               for c in el.children)


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


def _check_with_html5_parser(text: str, order: list[Element], blocks: list[Element],
                             path: str, line) -> None:
    """Refuse a page that a browser would read differently from our tree."""
    from selectolax.lexbor import LexborHTMLParser

    theirs = [n for n in LexborHTMLParser(text).root.traverse(include_text=False)
              if not n.tag.startswith("-")]
    ours = [el for el in order if not _inside_template(el)]
    i = 0
    matched: dict[int, object] = {}
    for el in ours:
        while i < len(theirs) and theirs[i].tag != el.name and theirs[i].tag in IMPLIED_BY_PARSER:
            i += 1
        if i >= len(theirs) or theirs[i].tag != el.name:
            got = theirs[i].tag if i < len(theirs) else "the end of the page"
            raise SourceError(f"HTML that browsers read differently: <{el.name}> here is "
                              f"<{got}> to an HTML5 parser (unclosed or misnested tag?)",
                              path, line(el.line_offset))
        matched[id(el)] = theirs[i]
        i += 1
    for el in blocks:
        node = matched.get(id(el))
        if node is None:
            continue
        mine = _text_content(text, el)
        if mine != node.text(deep=True):
            raise SourceError(f"HTML that browsers read differently: the text of <{el.name}> "
                              "differs for an HTML5 parser (unclosed or misnested tag?)",
                              path, line(el.line_offset))


def _inside_template(el: Element) -> bool:
    p = el.parent
    while p is not None:
        if p.name == "template":
            return True
        p = p.parent
    return False


def _text_content(text: str, el: Element) -> str:
    out: list[str] = []

    def walk(node: Element | Token) -> None:
        if isinstance(node, Element):
            if node.name == "template":
                return
            for k, child in enumerate(node.children):
                if k == 0 and node.name in ("pre", "textarea", "listing") and \
                        isinstance(child, Token) and child.kind == "text" and \
                        text.startswith("\n", child.start):
                    out.append(text[child.start + 1:child.end])  # the parser drops it
                    continue
                walk(child)
        elif node.kind == "text":
            raw = text[node.start:node.end]
            out.append(raw if node.name in RAW_TEXT else html.unescape(raw))

    walk(el)
    # What an HTML5 parser does to text before building the tree.
    return "".join(out).replace("\r\n", "\n").replace("\r", "\n").replace("\0", "\ufffd")


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
    """The tokens of a unit (text, elements as _Node) and what is wrong with them."""
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
        elif tok.kind == "comment":  # kept as written, like code
            whole = text[tok.start:tok.end]
            out.append(_Node(tok, ("#comment", (), (), whole), tuple(n.signature for n in stack)))
        elif tok.kind == "other":
            problems.append(f"markup not allowed here: {text[tok.start:tok.end]}")
        elif tok.kind == "end":
            if stack and stack[-1].token.name == tok.name:
                stack.pop().end_tag = tok
                out.append(tok)
            else:
                problems.append(f"</{tok.name}> closes nothing open here")
        else:
            path = tuple(n.signature for n in stack)
            if tok.name in KEPT_WHOLE or _kept_out(tok) or tok.name in SKIPPED:
                close = re.compile(r"</" + re.escape(tok.name) + r"\s*>", re.I).search(
                    text, tok.end)
                if close is None:
                    problems.append(f"<{tok.name}> is not closed")
                    continue
                whole = text[tok.start:close.end()]
                node = _Node(Token("start", tok.start, close.end(), tok.name, tok.attrs),
                             _signature(tok, whole), path)
                out.append(node)
                while i < len(tokens) and tokens[i].start < close.end():
                    i += 1
                continue
            if tok.self_closing and tok.name not in VOID:
                problems.append(f"<{tok.name}/> cannot be self-closing")
                continue
            node = _Node(tok, _signature(tok, None), path)
            out.append(node)
            if tok.name not in VOID and not tok.self_closing:
                stack.append(node)
    for node in stack:
        problems.append(f"<{node.token.name}> is not closed")
    return out, problems


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
    src_nodes, _ = _markup(source)
    tr_nodes, problems = _markup(translation)
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
    if tok.kind == "comment" or tok.name in KEPT_WHOLE or _kept_out(tok) or tok.name in SKIPPED:
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
