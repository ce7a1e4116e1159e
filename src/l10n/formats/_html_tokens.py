"""An HTML tokenizer that keeps source offsets, following the WHATWG tokenizer states.

The HTML reader needs byte offsets (composing gives the page back unchanged), which no
HTML5 tree builder reports, so it tokenizes the page itself. Where a page is unusual the
tokens must still be the ones a browser sees, or text would be taken for markup and
markup for text: attribute names may hold quotes (``<div "="">``), an unquoted ``"``
inside a quoted value ends it, a tag that never closes swallows the rest of the page,
``<script>`` text follows the script-data escape states (a ``</script>`` inside
``<!-- <script> … -->`` does not end it), ``<title>``/``<textarea>`` are RCDATA, and
inside ``<svg>``/``<math>`` (foreign content) none of that switching happens and CDATA
sections exist. The tree is built elsewhere; this module only tracks how deep the
tokenizer is in foreign content, since that changes how it reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


def _names(words: str) -> frozenset[str]:
    return frozenset(words.split())


RCDATA = _names("title textarea")
# Raw text as a browser (with scripting on) reads it; ``noscript`` included.
RAW_TEXT = _names("style xmp iframe noembed noframes noscript")
# Start tags that leave foreign content (the "breakout" list of the tree builder).
BREAKOUT = _names(
    "b big blockquote body br center code dd div dl dt em embed h1 h2 h3 h4 h5 h6 head hr "
    "i img li listing menu meta nobr ol p pre ruby s small span strong strike sub sup table "
    "tt u ul var")
# Foreign elements whose content is HTML again.
INTEGRATION_POINTS = _names("foreignobject desc title mi mo mn ms mtext annotation-xml")

_SPACE = "\t\n\f\r "
_SPACES = re.compile(r"[\t\n\f\r ]*")
_TAG_NAME = re.compile(r"[^\t\n\f\r />]*")
_ATTR_NAME = re.compile(r"[^\t\n\f\r />][^\t\n\f\r />=]*")
_UNQUOTED = re.compile(r"[^\t\n\f\r >]*")
_DOCTYPE = re.compile(r"<!doctype", re.I)
_COMMENT_END = re.compile(r"--!?>")
_MARKUP = re.compile(r"<(?:[A-Za-z!?]|/[^>]?)", re.S)


@dataclass(slots=True)
class Attr:
    name: str  # lower-cased
    value: str  # as written (character references not decoded)
    start: int  # value span in the source; start == end for an attribute without value
    end: int
    quote: str  # '"', "'" or "" (unquoted, or no value at all)


@dataclass(slots=True)
class Token:
    kind: str  # "start", "end", "text", "comment", "other" (doctype, CDATA, ignored tags)
    start: int
    end: int
    name: str = ""  # tags: lower-cased; text: the raw-text element it is in, if any
    parsed: list[Attr] | None = None  # the attributes, once read (see ``attrs``)
    self_closing: bool = False
    foreign: bool = False  # a tag inside <svg> or <math>
    name_end: int = 0  # start tags: where the tag name ends
    mark: int | None = None  # start tags: their number in the page (set by the reader)
    source: str = ""  # plain tags: the page, to read the attributes from when asked
    attrs_end: int = 0

    @property
    def attrs(self) -> list[Attr]:
        """The attributes, read when first asked for (most tags of a page never are)."""
        if self.parsed is None:
            self.parsed = _plain_attrs(self.source, self.name_end, self.attrs_end)
        return self.parsed

    def attr(self, name: str) -> Attr | None:
        for a in self.attrs:  # the first of repeated attributes counts, as in browsers
            if a.name == name:
                return a
        return None


# The usual tag, read in one match: attributes separated by white space, values quoted or
# plainly unquoted. Anything else takes the state-by-state path below.
_PLAIN_TAG = re.compile(
    r"</?([A-Za-z][^\t\n\f\r />]*)"
    r"((?:[\t\n\f\r ]+[^\t\n\f\r \"'<>/=]+(?:[\t\n\f\r ]*=[\t\n\f\r ]*"
    r"(?:\"[^\"]*\"|'[^']*'|[^\t\n\f\r \"'<>=`]+))?)*)[\t\n\f\r ]*(/?)>")
_PLAIN_ATTR = re.compile(
    r"[\t\n\f\r ]+([^\t\n\f\r \"'<>/=]+)(?:[\t\n\f\r ]*=[\t\n\f\r ]*"
    r"(?:\"([^\"]*)\"|'([^']*)'|([^\t\n\f\r \"'<>=`]+)))?")


def tag_at(text: str, lt: int, end: int) -> Token | None:
    """The start or end tag at ``lt`` (``<x`` or ``</x``, x a letter); None when the page
    ends inside it (browsers then drop it)."""
    m = _PLAIN_TAG.match(text, lt, end)
    if m is not None:
        return Token("end" if text[lt + 1] == "/" else "start", lt, m.end(),
                     m.group(1).lower(), self_closing=bool(m.group(3)), name_end=m.end(1),
                     source=text, attrs_end=m.end(2))
    return _tag_by_states(text, lt, end)


def _plain_attrs(text: str, start: int, end: int) -> list[Attr]:
    attrs: list[Attr] = []
    if start >= end:
        return attrs
    for a in _PLAIN_ATTR.finditer(text, start, end):
        name = a.group(1).lower()
        if a.group(2) is not None:
            attrs.append(Attr(name, a.group(2), a.start(2), a.end(2), '"'))
        elif a.group(3) is not None:
            attrs.append(Attr(name, a.group(3), a.start(3), a.end(3), "'"))
        elif a.group(4) is not None:
            attrs.append(Attr(name, a.group(4), a.start(4), a.end(4), ""))
        else:
            attrs.append(Attr(name, "", a.end(1), a.end(1), ""))
    return attrs


def _tag_by_states(text: str, lt: int, end: int) -> Token | None:
    closing = text[lt + 1] == "/"
    pos = lt + 2 if closing else lt + 1
    name_end = _TAG_NAME.match(text, pos + 1, end).end()
    tok = Token("end" if closing else "start", lt, 0, text[pos:name_end].lower(), [],
                name_end=name_end)
    pos = name_end
    attrs = tok.attrs
    while pos < end:
        c = text[pos]
        if c in _SPACE:
            pos = _SPACES.match(text, pos, end).end()
        elif c == ">":
            tok.end = pos + 1
            return tok
        elif c == "/":
            if pos + 1 < end and text[pos + 1] == ">":
                tok.self_closing = True
                tok.end = pos + 2
                return tok
            pos += 1
        else:
            name_stop = _ATTR_NAME.match(text, pos, end).end()
            name = text[pos:name_stop].lower()
            pos = _SPACES.match(text, name_stop, end).end()
            if pos < end and text[pos] == "=":
                pos = _SPACES.match(text, pos + 1, end).end()
                if pos >= end:
                    return None
                q = text[pos]
                if q == '"' or q == "'":
                    close = text.find(q, pos + 1, end)
                    if close < 0:
                        return None
                    attrs.append(Attr(name, text[pos + 1:close], pos + 1, close, q))
                    pos = close + 1
                else:
                    stop = _UNQUOTED.match(text, pos, end).end()
                    attrs.append(Attr(name, text[pos:stop], pos, stop, ""))
                    pos = stop
            else:
                attrs.append(Attr(name, "", name_stop, name_stop, ""))
    return None


def _markup_at(text: str, lt: int, end: int, foreign: bool) -> Token | None:
    """The markup token at ``lt`` (which holds ``<``), or None when ``<`` is text."""
    nxt = text[lt + 1] if lt + 1 < end else ""
    if nxt.isascii() and nxt.isalpha():
        tok = tag_at(text, lt, end)
        return tok if tok is not None else Token("other", lt, end)
    if nxt == "/":
        after = text[lt + 2] if lt + 2 < end else ""
        if after.isascii() and after.isalpha():
            tok = tag_at(text, lt, end)
            return tok if tok is not None else Token("other", lt, end)
        if after == ">":
            return Token("other", lt, lt + 3)  # "</>" is dropped
        if not after:
            return None
        close = text.find(">", lt + 2, end)  # a bogus comment
        return Token("comment", lt, end if close < 0 else close + 1)
    if nxt == "!":
        if text.startswith("<!--", lt):
            pos = lt + 4
            if text.startswith(">", pos):
                return Token("comment", lt, pos + 1)
            if text.startswith("->", pos):
                return Token("comment", lt, pos + 2)
            m = _COMMENT_END.search(text, pos, end)
            return Token("comment", lt, m.end() if m else end)
        if foreign and text.startswith("<![CDATA[", lt):
            close = text.find("]]>", lt + 9, end)
            return Token("other", lt, end if close < 0 else close + 3)
        close = text.find(">", lt + 2, end)
        kind = "other" if _DOCTYPE.match(text, lt) else "comment"
        return Token(kind, lt, end if close < 0 else close + 1)
    if nxt == "?":
        close = text.find(">", lt + 2, end)
        return Token("comment", lt, end if close < 0 else close + 1)
    return None


def _appropriate_end(text: str, pos: int, end: int, name: str) -> bool:
    """``</name`` at ``pos`` followed by white space, ``/`` or ``>`` (case-insensitive)."""
    stop = pos + 2 + len(name)
    return text[pos + 2:stop].lower() == name and stop < end and text[stop] in "\t\n\f\r />"


def raw_text_end(text: str, pos: int, end: int, name: str) -> int:
    """Where the RCDATA/RAWTEXT content of ``<name>`` that starts at ``pos`` ends."""
    probe = "</"
    while True:
        at = text.find(probe, pos, end)
        if at < 0:
            return end
        if _appropriate_end(text, at, end, name):
            return at
        pos = at + 2


_SCRIPT_EVENTS = re.compile(r"<!--|-->|</script|<script", re.I)


def script_end(text: str, pos: int, end: int) -> int:
    """Where the text of a ``<script>`` that starts at ``pos`` ends: the script-data,
    escaped and double-escaped states of the tokenizer."""
    state = "data"
    while True:
        m = _SCRIPT_EVENTS.search(text, pos, end)
        if m is None:
            return end
        found = m.group().lower()
        at = m.start()
        pos = m.end()
        if found == "<!--":
            if state == "data":
                state = "escaped"
                while pos < end and text[pos] == "-":
                    pos += 1
                if pos < end and text[pos] == ">":  # "<!-->": back to script data
                    state = "data"
                    pos += 1
            else:
                pos = at + 2  # the dashes may start a "-->"
        elif found == "-->":
            if state != "data":
                state = "data"
        elif found == "</script":
            if not (pos < end and text[pos] in "\t\n\f\r />"):
                continue
            if state == "double":
                state = "escaped"
            else:
                return at
        elif found == "<script" and state == "escaped" and pos < end and \
                text[pos] in "\t\n\f\r />":
            state = "double"


def tokenize(text: str, start: int = 0, end: int | None = None,
             raw_text: bool = True) -> list[Token]:
    """HTML tokens with source offsets.

    ``raw_text``: read the content of script, style, title and the like as a browser
    does (a whole page); without it every tag is markup (a unit's text, a translation).
    """
    end = len(text) if end is None else end
    tokens: list[Token] = []
    append = tokens.append
    pos = start
    text_start = start
    # Open elements inside foreign content (<svg>, <math>), innermost last, and whether
    # each one is an integration point (its content is HTML).
    foreign: list[tuple[str, bool]] = []
    find = _MARKUP.search
    while pos < end:
        m = find(text, pos, end)
        if m is None:
            break
        lt = m.start()
        in_foreign = bool(foreign) and not foreign[-1][1]
        tok = _markup_at(text, lt, end, in_foreign)
        if tok is None:
            pos = lt + 1
            continue
        if lt > text_start:
            append(Token("text", text_start, lt))
        append(tok)
        pos = text_start = tok.end
        if tok.kind == "start":
            name = tok.name
            if foreign:
                if in_foreign and (name in BREAKOUT or name == "font" and any(
                        a.name in ("color", "face", "size") for a in tok.attrs)):
                    foreign.clear()
                elif in_foreign:
                    tok.foreign = True
                    if not tok.self_closing:
                        foreign.append((name, name in INTEGRATION_POINTS))
                    continue
            if name in ("svg", "math"):
                tok.foreign = True
                if not tok.self_closing:
                    foreign.append((name, False))
                continue
            if not raw_text:
                continue
            if name == "script":
                stop = script_end(text, pos, end)
            elif name in RAW_TEXT or name in RCDATA:
                stop = raw_text_end(text, pos, end, name)
            elif name == "plaintext":
                stop = end
            else:
                continue
            if stop > pos:
                append(Token("text", pos, stop, name=name))
            pos = text_start = stop
        elif tok.kind == "end" and foreign:
            if in_foreign and name_in(foreign, tok.name):
                tok.foreign = True
                while foreign and foreign.pop()[0] != tok.name:
                    pass
            elif not in_foreign and foreign[-1][0] == tok.name:
                tok.foreign = True
                foreign.pop()
            elif in_foreign and tok.name in ("br", "p"):
                foreign.clear()
    if end > text_start:
        append(Token("text", text_start, end))
    return tokens


def name_in(stack: list[tuple[str, bool]], name: str) -> bool:
    return any(n == name for n, _ in stack)
