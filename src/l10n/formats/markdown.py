"""Markdown articles (CommonMark with tables), read with markdown-it-py.

Units: headings, paragraphs (split into sentences), list items, block quotes, table cells,
the alt text and title of an image that stands alone in its paragraph, and the front
matter fields named in the configuration (``title`` and ``description`` by default). Code
blocks, HTML blocks and comments, reference definitions and front-matter keys stay in the
skeleton. Inside a unit the inline markup keeps its Markdown form (``**``, ``_``,
``[text](url)``, ```code```) so that translators can move it.

markdown-it-py gives line maps for blocks but no offsets for inline tokens, so the reader
wraps each inline rule of its parser instance to note where the rule started and stopped;
with that, every emphasis delimiter, link bracket and code span is known by its offsets in
the block, and the block's lines are found in the source to map them back.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import normalizeReference
from markdown_it.helpers import parseLinkDestination, parseLinkLabel, parseLinkTitle
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from l10n.dates import localise_date, read_date
from l10n.errors import ConfigError, SourceError
from l10n.formats import NO_OPTIONS, Alternate, TextHooks
from l10n.formats._runs import Piece, split_run
from l10n.model import Article, Unit, skeleton

DEFAULT_FRONT_MATTER = ("title", "description")
_MARKS = "l10n_marks"  # where the recording rules leave their notes in the parser's env
# Characters that start or end inline markup: left unpaired in a translation, they could
# pair with markup of a neighbouring sentence once the paragraph is put back together.
_MARKUP_CHARS = "`[]*_~<"
_FRONT_MATTER_OPEN = re.compile(r"---[ \t]*\r?\n")
_FRONT_MATTER_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r?\n|$)", re.M)
_YAML_KEY = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*?)[ \t]*(\r?)$", re.M)
_PARAGRAPH = ["paragraph_open", "inline", "paragraph_close"]
_CONTINUATION = re.compile(r"\n[ \t]*(?:>[ \t]?)*")
_YAML_PLAIN_UNSAFE = re.compile(r"""^[-?:,\[\]{}#&*!|>'"%@`\s]|: |:$| #|\s$|\n""")
# Plain values YAML would read as something other than text: numbers, dates, booleans, null.
_YAML_NOT_TEXT = re.compile(r"^(?:[-+.\d][\d.:eE+\-_ TtZz]*|true|false|yes|no|on|off|null|~)$",
                            re.I)


@dataclass
class MarkdownArticle(Article):
    """A Markdown article; ``dates``: the front-matter keys whose values are dates written
    for people (``December 3, 2025``), which composing writes in the target language.
    Machine-readable dates (``date: 2024-01-09``, what static-site generators sort by)
    are never changed."""

    dates: tuple[str, ...] = ()


@dataclass(frozen=True)
class MarkdownUnit(Unit):
    """A unit and where it stands: ``inline`` (a block's inline content), ``line`` (an ATX
    heading: one line), ``cell`` (a table cell), ``alt`` (image alt text), ``title"``
    (an image title in the given quotes) or ``fm…`` (a front-matter value: ``fm-plain``,
    ``fm"``, ``fm'``, ``fm-block:<indent>``)."""

    context: str = "inline"
    # Reference labels the document defines ([foo]: /url), normalised; only for units
    # that hold a bracket, so that composing can keep shortcut references working.
    references: frozenset[str] = frozenset()


def _recording(name: str, fn):
    def rule(state: StateInline, silent: bool) -> bool:
        if silent or name == "text":
            return fn(state, silent)
        start, count, pending = state.pos, len(state.tokens), state.pending
        ok = fn(state, silent)
        if ok:
            new = state.tokens[count:]
            # pushing a token first flushes the text read so far: that is not this rule's
            if pending and new and new[0].type == "text" and new[0].content \
                    and pending.startswith(new[0].content):
                new = new[1:]
            marks = state.env.setdefault(_MARKS, {}).setdefault(id(state.tokens), [])
            marks.append((name, start, state.pos, new))
        return ok

    return rule


def parser() -> MarkdownIt:
    """A CommonMark parser with tables and strikethrough whose inline rules note offsets."""
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    # text_join would replace each block's list of inline tokens, which the notes are
    # filed under; escapes and entities then stay "text_special" tokens: same text.
    md.disable("text_join")
    for r in md.inline.ruler.__rules__:
        r.fn = _recording(r.name, r.fn)
    md.inline.ruler.__cache__ = None
    return md


_MD = parser()


def inline_pieces(content: str, children: list[Token], env: dict[str, Any]) -> list[Piece]:
    """Pieces of one block's inline content, in the content's own offsets."""
    marks = env.get(_MARKS, {}).get(id(children), [])
    state = StateInline(content, _MD, env, [])
    pieces: list[Piece] = []
    for name, start, end, tokens in marks:
        if name in ("emphasis", "strikethrough"):
            # One delimiter run. The parser pairs runs later and rewrites its tokens in
            # place; what closes comes first in a run, what opens comes last.
            pos = start
            for tok in tokens:
                if tok.nesting == -1:
                    pieces.append(Piece("close", pos, pos + len(tok.markup)))
                    pos += len(tok.markup)
            opening = sum(len(tok.markup) for tok in tokens if tok.nesting == 1)
            pieces.append(Piece("text", pos, end - opening))
            pos = end - opening
            for tok in tokens:
                if tok.nesting == 1:
                    pieces.append(Piece("open", pos, pos + len(tok.markup)))
                    pos += len(tok.markup)
        elif name == "link":
            state.pos = start
            label_end = parseLinkLabel(state, start, True)
            pieces.append(Piece("open", start, start + 1))
            pieces.append(Piece("close", label_end, end))
        elif name == "newline":
            hard = any(t.type == "hardbreak" for t in tokens)
            pieces.append(Piece("break", start, end) if hard else Piece("text", start, end, " "))
        elif name in ("escape", "entity"):
            if not tokens:  # "\a" or "&nope;": the parser kept it as plain text
                continue
            if any(t.type == "hardbreak" for t in tokens):
                pieces.append(Piece("break", start, end))
            else:
                reading = "".join(t.content for t in tokens)
                pieces.append(Piece("text", start, end, reading or " "))
        elif name == "backticks" and not any(t.type == "code_inline" for t in tokens):
            continue  # backticks without a closing run: plain text
        elif name in ("backticks", "image", "autolink", "html_inline", "linkify"):
            pieces.append(Piece("atom", start, end))
    pieces = [p for p in pieces if p.end > p.start]
    # A link's opening bracket comes before what starts at the same offset inside it.
    pieces.sort(key=lambda p: (p.start, 0 if p.kind == "open" else 1))
    out: list[Piece] = []
    pos = 0
    for p in pieces:  # plain text fills the gaps
        if p.start > pos:
            out.append(Piece("text", pos, p.start))
        out.append(p)
        pos = max(pos, p.end)
    if pos < len(content):
        out.append(Piece("text", pos, len(content)))
    return out


def plain_text(content: str, pieces: list[Piece]) -> str:
    """The characters of ``content`` that are plain text (no markup, no escapes)."""
    return "".join(content[p.start:p.end] for p in pieces if p.kind == "text" and not p.reading)


# --- locating blocks in the source ----------------------------------------------------

# The line breaks markdown-it counts lines by (it reads a lone CR as one, too).
_LINE_BREAK_RE = re.compile(r"\r\n?|\n")


class _Lines:
    def __init__(self, text: str):
        self.text = text
        breaks = list(_LINE_BREAK_RE.finditer(text))
        self.starts = [0] + [m.end() for m in breaks]
        self.ends = [m.start() for m in breaks] + [len(text)]

    def span(self, n: int) -> tuple[int, int]:
        """Offsets of line n (0-based), without its line break."""
        return self.starts[n], self.ends[n]

    def lineno(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)


class _ContentMap:
    """Offsets in a block's inline content -> offsets in the source."""

    def __init__(self, bases: list[int], lengths: list[int]):
        self.bases = bases
        self.lengths = lengths
        self.line_starts: list[int] = []
        pos = 0
        for n in lengths:
            self.line_starts.append(pos)
            pos += n + 1

    def __call__(self, offset: int) -> int:
        i = bisect.bisect_right(self.line_starts, offset) - 1
        within = offset - self.line_starts[i]
        if within > self.lengths[i]:  # the line break: it ends where the next line starts
            return self.bases[i + 1] if i + 1 < len(self.bases) else \
                self.bases[i] + self.lengths[i]
        return self.bases[i] + within


# --- the reader -------------------------------------------------------------------------

class MarkdownFormat(TextHooks):
    name = "markdown"
    extensions = ("md", "markdown")
    options = {"front_matter": "strings", "dates": "strings"}  # checked by l10n.config

    def parse(self, text: str, *, slug: str, path: str, lang: str,
              options: Mapping[str, Any] = NO_OPTIONS,
              abbreviations: Mapping[str, Sequence[str]] = NO_OPTIONS) -> Article:
        front_matter = _key_list(options, "front_matter", DEFAULT_FRONT_MATTER, path)
        dates = _key_list(options, "dates", (), path)
        return MarkdownReader(text, slug=slug, path=path, lang=lang,
                              front_matter=front_matter, dates=dates,
                              abbreviations=abbreviations).read()

    def insert(self, unit: Unit, translation: str, *, target: str) -> str | None:
        if translation == unit.text:
            return translation
        context = getattr(unit, "context", "inline")
        if context.startswith("fm"):
            return _front_matter_value(translation, context)
        if context.startswith("title"):
            quote = context[5:]
            closing = ")" if quote == "(" else quote
            if "\n\n" in translation:
                return None
            return translation.replace("\\", "\\\\").replace(closing, "\\" + closing)
        defined = getattr(unit, "references", frozenset())
        translation = full_references(unit.text, translation, defined)
        if markup_problems(unit.text, translation, context=context, references=defined):
            return None
        return translation


    def markup_problems(self, source: str, translation: str) -> list[str]:
        """Why ``translation`` of the unit text ``source`` would be rejected (for checks)."""
        return markup_problems(source, translation)

    def finish(self, text: str, article: Article, *, target: str,
               alternates: Sequence[Alternate]) -> str:
        if isinstance(article, MarkdownArticle) and article.dates and target != article.lang:
            text = localise_front_matter_dates(text, article.dates, article.lang, target)
        return text


def localise_front_matter_dates(text: str, keys: Sequence[str], source: str,
                                target: str) -> str:
    """Front-matter values of ``keys`` that are dates in ``source``'s words (or ISO form),
    written the way ``target`` writes a date; quoting is kept, other values are left."""
    at = 1 if text.startswith("\ufeff") else 0
    opening = _FRONT_MATTER_OPEN.match(text, at)
    if not opening:
        return text
    close = _FRONT_MATTER_CLOSE.search(text, opening.end())
    if close is None:
        return text
    edits: list[tuple[int, int, str]] = []
    for m in _YAML_KEY.finditer(text, opening.end(), close.start()):
        if m.group(1) not in keys or not m.group(2):
            continue
        value, start, end = m.group(2), m.start(2), m.end(2)
        quote = value[0] if value[0] in "\"'" and value[-1:] == value[0] else ""
        shown = value[1:-1] if quote else value
        day = read_date(shown, source)
        if day is None:
            continue
        local = localise_date(day.isoformat(), target)
        new = f"{quote}{local}{quote}" if quote else local
        if not quote and (_YAML_PLAIN_UNSAFE.search(local) or _YAML_NOT_TEXT.match(local)):
            new = f'"{local}"'
        edits.append((start, end, new))
    for start, end, new in reversed(edits):
        text = text[:start] + new + text[end:]
    return text


def _key_list(options: Mapping[str, Any], key: str, default: tuple[str, ...],
              path: str) -> tuple[str, ...]:
    value = options.get(key, default)
    if isinstance(value, str) or not isinstance(value, (list, tuple)) or \
            not all(isinstance(k, str) for k in value):
        raise ConfigError(f"'formats.markdown.{key}' must be a list of key names", path)
    return tuple(value)


def _front_matter_value(value: str, context: str) -> str | None:
    if context.startswith("fm-block:"):
        indent = context[len("fm-block:"):]
        return ("\n" + indent).join(value.split("\n"))
    if context == "fm'":
        return None if "\n" in value else value.replace("'", "''")
    if context == "fm-plain" and not _YAML_PLAIN_UNSAFE.search(value) \
            and not _YAML_NOT_TEXT.match(value):
        return value
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return escaped if context == 'fm"' else f'"{escaped}"'


class MarkdownReader:
    def __init__(self, text: str, *, slug: str, path: str, lang: str,
                 front_matter: tuple[str, ...], dates: tuple[str, ...] = (),
                 abbreviations: Mapping[str, Sequence[str]] = NO_OPTIONS):
        self.text = text
        self.lines = _Lines(text)
        self.article = MarkdownArticle(slug=slug, path=path, lang=lang, format="markdown",
                                       dates=dates)
        self.front_matter = front_matter
        self.abbreviations = abbreviations
        self.references: frozenset[str] = frozenset()
        self.found: list[tuple[int, int, MarkdownUnit]] = []
        self.block = 0

    def read(self) -> Article:
        body = 1 if self.text.startswith("\ufeff") else 0
        body = self._front_matter(body)
        first_line = self.lines.lineno(body) - 1
        env: dict[str, Any] = {}
        tokens = _MD.parse(self.text[body:], env)
        self.references = frozenset(env.get("references", {}))
        self._blocks(tokens, first_line, env)
        self.found.sort(key=lambda f: f[0])
        try:
            self.article.parts = skeleton(self.text, self.found)
        except ValueError as exc:
            raise SourceError("overlapping units", self.article.path, exc.args[0].line) from None
        return self.article

    def _add(self, start: int, end: int, role: str, context: str, index: int = 1,
             count: int = 1) -> None:
        text = self.text[start:end]
        unit = MarkdownUnit(text, role, self.block, index, count, self.lines.lineno(start),
                            context=context,
                            references=self.references if "[" in text else frozenset())
        self.found.append((start, end, unit))

    # -- front matter
    def _front_matter(self, at: int) -> int:
        if not _FRONT_MATTER_OPEN.match(self.text, at):
            return at
        inside = _FRONT_MATTER_OPEN.match(self.text, at).end()
        close = _FRONT_MATTER_CLOSE.search(self.text, inside)
        if close is None:
            return at  # no closing line: a thematic break, not front matter
        for m in _YAML_KEY.finditer(self.text, inside, close.start()):
            if m.group(1) not in self.front_matter or not m.group(2):
                continue
            self._front_matter_field(m, close.start())
        return close.end()

    def _front_matter_field(self, m: re.Match[str], stop: int) -> None:
        value, start, end = m.group(2), m.start(2), m.end(2)
        role = "title" if m.group(1) == "title" else "meta"
        if value[0] in "\"'" and len(value) > 1 and value[-1] == value[0]:
            if value[1:-1].strip():
                self.block += 1
                self._add(start + 1, end - 1, role, "fm" + value[0])
            return
        if value[0] in "|>":
            self._block_scalar(m.end(), stop, role)
            return
        if value[0] in "[{&*!%@`#":
            return  # not a plain scalar
        comment = re.search(r"[ \t]#", value)
        if comment:  # a plain scalar ends where a comment starts
            end = start + len(value[:comment.start()].rstrip())
        self.block += 1
        self._add(start, end, role, "fm-plain")

    def _block_scalar(self, at: int, stop: int, role: str) -> None:
        """A ``|`` or ``>`` value: the indented lines that follow, as one unit."""
        first = last = -1
        indent = ""
        for line in self.text[at:stop].splitlines(keepends=True):
            body = line.rstrip("\r\n")
            if body.strip():
                if body[0] not in " \t":
                    break
                if first < 0:
                    indent = body[:len(body) - len(body.lstrip())]
                    first = at + len(indent)
                last = at + len(body.rstrip())
            at += len(line)
        if first >= 0:
            self.block += 1
            self._add(first, last, role, "fm-block:" + indent)

    # -- blocks
    def _blocks(self, tokens: list[Token], first_line: int, env: dict[str, Any]) -> None:
        containers: list[str] = []
        heading: Token | None = None
        row_cursor: dict[int, int] = {}
        previous = ""
        after_image = False  # an emphasized paragraph right after a lone image: its caption
        for tok in tokens:
            in_cell, previous = previous in ("th_open", "td_open"), tok.type
            if tok.type in ("blockquote_open", "list_item_open"):
                containers.append("quote" if tok.type == "blockquote_open" else "list-item")
            elif tok.type in ("blockquote_close", "list_item_close"):
                containers.pop()
            elif tok.type == "heading_open":
                heading = tok
            elif tok.type == "heading_close":
                heading = None
            elif tok.type == "inline" and tok.map is not None:
                lines = range(tok.map[0] + first_line, tok.map[1] + first_line)
                found = len(self.found)
                try:
                    if heading is not None:
                        role = "title" if heading.tag == "h1" else "heading"
                        context = "line" if heading.markup.startswith("#") else "inline"
                        self._inline(tok, lines, role, context, env)
                    elif in_cell:
                        line = lines[0]
                        cursor = row_cursor.get(line, self.lines.span(line)[0])
                        row_cursor[line] = self._cell(tok, line, cursor, env)
                    else:
                        role = containers[-1] if containers else "paragraph"
                        after_image = self._inline(tok, lines, role, "inline", env,
                                                   after_image)
                        continue
                except SourceError as exc:
                    # A block whose text the parser reads differently from the source
                    # (tabs in a lazy line, escaped pipes in a cell): left as written.
                    del self.found[found:]
                    self.article.notes.append((exc.line or lines[0] + 1,
                                               f"{exc.message}; its text is left "
                                               "untranslated"))
                    if in_cell:
                        row_cursor[lines[0]] = self.lines.span(lines[0])[1]
            if tok.type not in ("paragraph_open", "paragraph_close"):
                after_image = False

    def _locate(self, tok: Token, lines: range, atx: bool = False) -> _ContentMap:
        content_lines = tok.content.split("\n")
        bases: list[int] = []
        for k, cl in enumerate(content_lines):
            if k >= len(lines):
                raise SourceError("cannot place a Markdown block in the source",
                                  self.article.path, lines[0] + 1)
            start, end = self.lines.span(lines[k])
            src_line = self.text[start:end]
            at = src_line.find(cl, src_line.find("#")) if atx else _find_suffix(src_line, cl)
            if at < 0:
                raise SourceError("cannot place a Markdown block in the source "
                                  "(unusual tabs or indentation?)", self.article.path,
                                  lines[k] + 1)
            bases.append(start + at)
        return _ContentMap(bases, [len(cl) for cl in content_lines])

    def _inline(self, tok: Token, lines: range, role: str, context: str,
                env: dict[str, Any], after_image: bool = False) -> bool:
        """Units of one block's inline content; True when it is a lone image."""
        if not tok.content.strip():
            return False
        where = self._locate(tok, lines, atx=context == "line")
        pieces = inline_pieces(tok.content, tok.children or [], env)
        if self._lone_image(tok, pieces, where, env):
            return True
        if after_image and role == "paragraph" and pieces[0].kind == "open" and \
                pieces[-1].kind == "close" and tok.content[0] in "*_":
            role = "caption"
        self._run(tok.content, pieces, where, role, context)
        return False

    def _cell(self, tok: Token, line: int, cursor: int, env: dict[str, Any]) -> int:
        start, end = self.lines.span(line)
        if not tok.content.strip():
            return cursor
        at = self.text.find(tok.content, cursor, end)
        if at < 0:
            raise SourceError("cannot place a table cell in the source", self.article.path,
                              line + 1)
        where = _ContentMap([at], [len(tok.content)])
        pieces = inline_pieces(tok.content, tok.children or [], env)
        self._run(tok.content, pieces, where, "table-cell", "cell")
        return at + len(tok.content)

    def _run(self, content: str, pieces: list[Piece], where: _ContentMap, role: str,
             context: str) -> None:
        mapped = [Piece(p.kind, where(p.start), where(p.end), p.reading or
                        ("" if where(p.end) - where(p.start) == p.end - p.start
                         else content[p.start:p.end])) for p in pieces]
        spans = split_run(self.text, mapped, self.article.lang, self.abbreviations)
        if not spans:
            return
        self.block += 1
        for k, (start, end) in enumerate(spans, 1):
            self._add(start, end, role, context, k, len(spans))

    def _lone_image(self, tok: Token, pieces: list[Piece], where: _ContentMap,
                    env: dict[str, Any]) -> bool:
        """An image alone in its paragraph: its alt text and title are the units."""
        solid = [p for p in pieces if not (p.kind == "text" and not tok.content[p.start:p.end]
                                           .strip())]
        if len(solid) != 1 or solid[0].kind != "atom" or \
                not tok.content.startswith("![", solid[0].start):
            return False
        content, start, end = tok.content, solid[0].start, solid[0].end
        state = StateInline(content, _MD, env, [])
        label_end = parseLinkLabel(state, start + 1, False)
        if label_end < 0:
            return False
        after = content[label_end + 1:label_end + 3]
        if not after.startswith("(") and (not after.startswith("[") or after == "[]"):
            return False  # ![foo][] or ![foo]: the alt text is the label; kept as it is
        self.block += 1
        alt = content[start + 2:label_end]
        if alt.strip():
            lead = len(alt) - len(alt.lstrip())
            self._add(where(start + 2 + lead), where(start + 2 + len(alt.rstrip())), "alt",
                      "alt")
        pos = label_end + 1
        if pos < end and content[pos] == "(":
            pos += 1
            while pos < end and content[pos] in " \t\n":
                pos += 1
            dest = parseLinkDestination(content, pos, end)
            pos = dest.pos if dest.ok else pos
            while pos < end and content[pos] in " \t\n":
                pos += 1
            title = parseLinkTitle(content, pos, end)
            if title.ok and title.str.strip() and "\n" not in content[pos:title.pos]:
                self._add(where(pos + 1), where(title.pos - 1), "alt", "title" + content[pos])
        return True


def _find_suffix(line: str, content: str) -> int:
    """Where ``content`` (a line of a block with its container prefix removed) starts."""
    if not content:
        return len(line.rstrip())
    at = line.rfind(content)
    while at >= 0:
        if not line[at + len(content):].strip():
            return at
        at = line.rfind(content, 0, at + len(content) - 1)
    return -1


# --- checking translations -------------------------------------------------------------

def _structure(text: str, references: dict[str, Any] | None = None
               ) -> tuple[list[str], Counter, Counter]:
    """Block token types, inline markup (nested) and unpaired markup characters."""
    env: dict[str, Any] = {}
    # A unit that runs over lines of a block quote or list item holds their prefixes; the
    # composed line reads the same with or without them (lazy continuation).
    text_lines = _CONTINUATION.sub("\n", text)
    # Read alone and after other text on its line: a sentence in the middle of a line
    # cannot start a list or a heading, one at the start of a line can.
    blocks = [t.type for t in _MD.parse(text_lines, env)] + ["|"] + \
        [t.type for t in _MD.parse("x " + text_lines, env)]
    env = {"references": dict(references)} if references else {}
    inline = _MD.parseInline(text, env)[0]
    children = inline.children or []
    nodes: Counter = Counter()
    path: list[tuple] = []
    for t in children:
        if t.nesting == -1:
            if path:
                path.pop()
            continue
        if t.type == "code_inline":
            sig: tuple = ("code", t.content)
        elif t.type == "image":
            sig = ("image", t.attrGet("src"))
        elif t.type == "html_inline":
            sig = ("html", t.content)
        elif t.type == "link_open":
            sig = ("autolink" if t.markup == "autolink" else "link", t.attrGet("href"))
        elif t.nesting == 1:
            sig = (t.type.removesuffix("_open"),)
        else:
            continue
        nodes[(tuple(path), sig)] += 1
        if t.nesting == 1:
            path.append(sig)
    loose = Counter(ch for ch in plain_text(inline.content, inline_pieces(
        inline.content, children, env)) if ch in _MARKUP_CHARS)
    return blocks, nodes, loose


def _describe(sig: tuple) -> str:
    kind = sig[0]
    if kind == "code":
        return f"code span `{sig[1]}`"
    if kind in ("link", "autolink", "image"):
        return f"{kind} to {sig[1]}"
    if kind == "html":
        return f"HTML {sig[1]}"
    return {"em": "emphasis (*…*)", "strong": "strong emphasis (**…**)",
            "s": "strikethrough (~~…~~)"}.get(kind, kind)


_BRACKETED = re.compile(r"(!?)\[([^\[\]\n]*(?:\n[^\[\]\n]+)*)\](\[\])?(?![\[(:])")


def _shortcuts(text: str) -> list[re.Match[str]]:
    """Shortcut and collapsed references (``[foo]``, ``[foo][]``, ``![foo][]``) as text:
    the text is the label."""
    return [m for m in _BRACKETED.finditer(text)
            if m.start() == 0 or text[m.start() - 1] != "\\"]


def full_references(source: str, translation: str, defined: frozenset[str] | set[str]
                    ) -> str:
    """The translation with each shortcut or collapsed reference whose text no longer
    names a defined label (``[фу]`` for the source's ``[foo]``) written as a full
    reference to the source's label (``[фу][foo]``), in order; so a translated link text
    keeps its link."""
    wanted = [(m.group(1), m.group(2)) for m in _shortcuts(source)
              if normalizeReference(m.group(2)) in defined]
    if not wanted:
        return translation
    out: list[str] = []
    pos = 0
    for m in _shortcuts(translation):
        if not wanted:
            break
        label = normalizeReference(m.group(2))
        if label in defined:  # kept as it was: it uses up the source's reference
            for k, (_, src_label) in enumerate(wanted):
                if normalizeReference(src_label) == label:
                    del wanted[k]
                    break
            continue
        bang, src_label = wanted.pop(0)
        out.append(translation[pos:m.start()])
        out.append(f"{m.group(1) or bang}[{m.group(2)}][{src_label}]")
        pos = m.end()
    out.append(translation[pos:])
    return "".join(out)


def markup_problems(source: str, translation: str, *, context: str = "inline",
                    references: frozenset[str] | set[str] | None = None) -> list[str]:
    """What is wrong with the Markdown of ``translation`` against ``source`` (a unit's
    text): code spans, links, images, inline HTML and emphasis missing, extra or nested
    differently; unpaired backticks, brackets or delimiters that could join with the next
    sentence; block structure (a list, heading or second paragraph) the source did not
    have. An empty list means the translation can be composed."""
    problems: list[str] = []
    if context in ("line", "cell", "alt") and "\n" in translation:
        problems.append("a line break is not possible here")
    if context == "cell" and re.search(r"(?<!\\)\|", translation) and \
            not re.search(r"(?<!\\)\|", source):
        problems.append("an unescaped | would split the table cell (write \\|)")
    # Reference links need their definitions, which live elsewhere in the document: the
    # labels given, or (checking a catalog, without the document) every label that the
    # source's brackets could name.
    if references is None:
        references = {normalizeReference(m.group(2)) for m in _shortcuts(source)} | \
            {normalizeReference(m) for m in re.findall(r"\]\[([^\[\]]+)\]", source)}
        translation = full_references(source, translation, references)
    env = {label: {"href": f"#ref:{label}", "title": ""} for label in references}
    src_blocks, src_nodes, src_loose = _structure(source, env)
    tr_blocks, tr_nodes, tr_loose = _structure(translation, env)
    alone = src_blocks.index("|")
    if tr_blocks[tr_blocks.index("|"):] != src_blocks[alone:] or (
            src_blocks[:alone] == _PARAGRAPH and tr_blocks[:tr_blocks.index("|")] != _PARAGRAPH):
        problems.append("the translation changes the block structure (a list, heading, "
                        "code block or new paragraph where the source has none)")
    for (_path, sig) in src_nodes - tr_nodes:
        problems.append(f"missing or moved {_describe(sig)}")
    for (_path, sig) in tr_nodes - src_nodes:
        problems.append(f"extra or moved {_describe(sig)}")
    for ch, n in (tr_loose - src_loose).items():
        what = {"`": "backtick (an unclosed code span)", "[": "bracket", "]": "bracket",
                "<": "'<'"}.get(ch, f"'{ch}'")
        problems.append(f"{n} unpaired {what} that could join the next sentence's markup "
                        f"(escape it as \\{ch})")
    return list(dict.fromkeys(problems))
