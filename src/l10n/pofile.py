"""Read and write gettext .po/.pot files.

The writer produces exactly the layout GNU ``msgcat`` produces (width 79 by default), so
that our rewrites and a translator's tools do not fight in diffs; how msgcat breaks and
escapes strings is ``linebreak``'s business.

The reader is a single pass over the entries and reports the file, line and cause of
every syntax error, bad escape and duplicate entry. Entries of the commonest shape are
read straight from the text; any other goes through a line-by-line parser.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from l10n import formatstrings, linebreak
from l10n.errors import CatalogError
from l10n.gcpause import paused_gc
from l10n.model import Catalog, Message

DEFAULT_WIDTH = linebreak.DEFAULT_WIDTH

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b",
            "f": "\f", "v": "\v"}
_ESCAPE_RE = re.compile(r'\\(?:([ntr"\\abfv])|([0-7]{1,3})|x([0-9a-fA-F]{1,2})|(.?))', re.S)
_KEYWORD_RE = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)(?:[ \t]+(.*))?$")
_CHARSET_RE = re.compile(r"charset=([\w.:-]+)")


# ---------------------------------------------------------------------------- reading

def _unquote(token: str, path: str, lineno: int) -> str:
    """The value of one quoted string token ``"..."`` with its escapes resolved."""
    token = token.rstrip()
    if not token.startswith('"'):
        raise CatalogError("expected a string in double quotes", path, lineno)
    if len(token) < 2 or token[-1] != '"':
        raise CatalogError("unterminated string (no closing '\"')", path, lineno)
    body = token[1:-1]
    if "\\" not in body:
        if '"' in body:
            raise CatalogError("unescaped '\"' inside a string", path, lineno)
        return body
    if _odd_backslashes(body):
        raise CatalogError("unterminated string (it ends with a backslash)", path, lineno)

    def sub(m: re.Match[str]) -> str:
        if m.group(1):
            return _ESCAPES[m.group(1)]
        if m.group(2):
            return chr(int(m.group(2), 8))
        if m.group(3):
            return chr(int(m.group(3), 16))
        raise CatalogError(f"invalid escape sequence '\\{m.group(4)}'", path, lineno)

    if '"' in body.replace("\\\\", "").replace('\\"', ""):
        raise CatalogError("unescaped '\"' inside a string", path, lineno)
    return _ESCAPE_RE.sub(sub, body)


def _odd_backslashes(body: str) -> bool:
    return (len(body) - len(body.rstrip("\\"))) % 2 == 1


class _Parser:
    """One pass over the lines of a .po file, one entry at a time."""

    def __init__(self, path: str):
        self.path = path
        self.catalog = Catalog()
        self.messages: list[Message] = []
        self.seen: dict[tuple[str | None, str], int] = {}
        self.have_header = False
        self._reset()

    def _reset(self) -> None:
        self.msg = Message(msgid="")
        self.fields: dict[str, list[str]] = {}
        self.prev: dict[str, list[str]] = {}
        self.target: list[str] | None = None  # where string continuation lines go
        self.prev_target: list[str] | None = None  # the same for '#|' lines
        self.has_msgstr = False
        self.started = False  # anything (comment or keyword) seen for this entry

    def _begin(self, lineno: int) -> None:
        if not self.started:
            self.started = True
            self.msg.lineno = lineno

    def finish(self) -> None:
        if "msgid" not in self.fields:
            if self.fields or self.prev:
                raise CatalogError("entry without msgid", self.path, self.msg.lineno)
            self._reset()  # comments after the last entry: dropped, as msgcat does
            return
        if not self.has_msgstr:
            raise CatalogError("msgid without msgstr", self.path, self.msg.lineno)
        f = self.fields
        m = self.msg
        m.msgid = "".join(f["msgid"])
        if "msgctxt" in f:
            m.msgctxt = "".join(f["msgctxt"])
        if "msgid_plural" in f:
            m.msgid_plural = "".join(f["msgid_plural"])
            forms = sorted((int(k[7:-1]), k) for k in f if k.startswith("msgstr["))
            if [n for n, _ in forms] != list(range(len(forms))):
                raise CatalogError("plural forms must be msgstr[0], msgstr[1], ... in order",
                                   self.path, m.lineno)
            m.msgstr_plural = ["".join(f[k]) for _, k in forms]
        else:
            m.msgstr = "".join(f["msgstr"])
        p = self.prev
        if "msgctxt" in p:
            m.previous_msgctxt = "".join(p["msgctxt"])
        if "msgid" in p:
            m.previous_msgid = "".join(p["msgid"])
        if "msgid_plural" in p:
            m.previous_msgid_plural = "".join(p["msgid_plural"])
        self.add(m)
        self._reset()

    def add(self, m: Message) -> None:
        """Take a complete entry: the header, or a message checked for duplicates."""
        if not m.obsolete:
            key = (m.msgctxt, m.msgid)
            first = self.seen.get(key)
            if first is not None:
                raise CatalogError(f"duplicate message definition (first defined at line "
                                   f"{first})", self.path, m.lineno)
            self.seen[key] = m.lineno
        if m.msgid == "" and m.msgctxt is None and not m.obsolete and not self.have_header \
                and not self.messages:
            self.have_header = True
            c = self.catalog
            c.header_comments = m.translator_comments
            c.header_flags = m.flags
            c.headers = _parse_headers(m.msgstr, self.path, m.lineno)
        else:
            self.messages.append(m)

    def comment(self, line: str, lineno: int) -> None:
        if self.has_msgstr:
            self.finish()
        elif self.fields:
            raise CatalogError("comment inside an entry (msgstr missing before it)",
                               self.path, lineno)
        self._begin(lineno)
        kind = line[1:2]
        m = self.msg
        if kind == ".":
            m.extracted_comments.append(line[3:] if line[2:3] == " " else line[2:])
        elif kind == ":":
            m.references.extend(line[2:].split())
        elif kind == ",":
            m.flags.extend(f for f in (s.strip() for s in line[2:].split(",")) if f)
        elif kind == "|":
            self.previous(line[2:].strip(), lineno)
            return
        else:
            m.translator_comments.append(line[2:] if kind == " " else line[1:])
        self.prev_target = None

    def previous(self, rest: str, lineno: int) -> None:
        if rest.startswith('"'):
            if self.prev_target is None:
                raise CatalogError("'#|' string continuation without a keyword", self.path,
                                   lineno)
            self.prev_target.append(_unquote(rest, self.path, lineno))
            return
        kw, _, value = rest.partition(" ")
        if kw not in ("msgctxt", "msgid", "msgid_plural"):
            raise CatalogError(f"syntax error in '#|' comment: {rest[:30]!r}", self.path,
                               lineno)
        self.prev_target = self.prev[kw] = [_unquote(value.strip(), self.path, lineno)]

    def keyword(self, line: str, lineno: int, obsolete: bool) -> None:
        path = self.path
        if line[0] == '"':
            if self.target is None or not self.fields:
                raise CatalogError("string continuation without a keyword", path, lineno)
            self.target.append(_unquote(line, path, lineno))
            return
        match = _KEYWORD_RE.match(line)
        if match is None:
            raise CatalogError(f"syntax error: unexpected {line[:30]!r}", path, lineno)
        kw = match.group(1)
        value = match.group(3)
        f = self.fields
        if kw in ("msgctxt", "msgid") and self.has_msgstr:
            self.finish()
            f = self.fields
        if kw == "msgctxt" and ("msgctxt" in f or "msgid" in f):
            raise CatalogError("msgctxt after msgid (msgstr missing before it)", path, lineno)
        if kw == "msgid" and "msgid" in f:
            raise CatalogError("msgid without msgstr before it", path, lineno)
        if kw == "msgid_plural" and ("msgid" not in f or "msgid_plural" in f
                                     or self.has_msgstr):
            raise CatalogError("msgid_plural must follow msgid", path, lineno)
        if kw.startswith("msgstr"):
            if "msgid" not in f:
                raise CatalogError(f"{kw} before msgid", path, lineno)
            if kw in f:
                raise CatalogError(f"duplicate {kw}", path, lineno)
            if kw == "msgstr" and "msgid_plural" in f:
                raise CatalogError("msgstr needs an index (msgstr[0]) after msgid_plural",
                                   path, lineno)
            if kw != "msgstr" and "msgid_plural" not in f:
                raise CatalogError(f"{kw} without msgid_plural", path, lineno)
            if kw != "msgstr":  # msgfmt refuses forms out of order; so do we
                expected = f"msgstr[{sum(k.startswith('msgstr[') for k in f)}]"
                if kw != expected:
                    raise CatalogError(f"{kw} where {expected} is expected: plural forms "
                                       "must come in order, msgstr[0] first", path, lineno)
            self.has_msgstr = True
        if value is None:
            raise CatalogError(f"{kw} without a string", path, lineno)
        self._begin(lineno)
        if obsolete:
            self.msg.obsolete = True
        self.prev_target = None
        self.target = f[kw] = [_unquote(value, path, lineno)]


def _string(line: str, skip: int, path: str, lineno: int) -> str:
    """The value of the quoted string that starts at ``line[skip]``."""
    token = line[skip:]
    if token[-1:] == '"' and token[:1] == '"' and "\\" not in token \
            and token.count('"') == 2:
        return token[1:-1]
    return _unquote(token, path, lineno)


def _plain_at(text: str, pos: int, end: int, lineno: int) -> Message | None:
    """The entry ``text[pos:end]`` when it has the commonest shape: comments other than
    ``#|`` and ``#~``, then msgid and msgstr made of string lines without escapes; None
    for anything else (the general parsers decide). No copy of the entry is made; the
    text has no carriage return (``_parse`` checks)."""
    if text.startswith("msgid ", pos):
        at = pos + 6
    else:
        cut = text.find("\nmsgid ", pos, end)
        if cut == -1 or text[pos] != "#":
            return None
        at = cut + 7
    mid = text.find("\nmsgstr ", at, end)
    if mid == -1 or end - mid < 10 or text[at] != '"' or text[mid - 1] != '"' \
            or text[mid + 8] != '"' or text[end - 1] != '"':
        return None
    msgid = text[at + 1:mid - 1]
    if "\n" in msgid:
        msgid = msgid.replace('"\n"', "")
    msgstr = text[mid + 9:end - 1]
    if "\n" in msgstr:
        msgstr = msgstr.replace('"\n"', "")
    # Joints removed, valid strings hold no quote or newline (nor do single lines).
    if '"' in msgid or '"' in msgstr or "\n" in msgid or "\n" in msgstr or "\\" in msgid \
            or "\\" in msgstr:
        return None
    # Message's fields by position, in their declared order (faster than by keyword;
    # tests compare this path with the general parser's).
    if at == pos + 6:
        return Message(msgid, msgstr, None, None, [], [], [], [], [], None, None, None,
                       False, lineno)
    head = text[pos:at - 7]
    translator: list[str] = []
    extracted: list[str] = []
    refs: list[str] = []
    flags: list[str] = []
    if head[:2] == "#:" and "\n" not in head:
        refs = head[2:].split()  # one line of references: the commonest
    else:
        for line in head.split("\n"):
            if line[:1] != "#" or not _comment(line, translator, extracted, refs, flags):
                return None
    return Message(msgid, msgstr, None, None, [], translator, extracted, refs, flags, None,
                   None, None, False, lineno)


def _comment(line: str, translator: list[str], extracted: list[str], refs: list[str],
             flags: list[str]) -> bool:
    """File one comment line of an ordinary entry; False for the kinds the general parser
    handles (previous msgid ``#|``, obsolete ``#~``)."""
    kind = line[1:2]
    if kind == ".":
        extracted.append(line[3:] if line[2:3] == " " else line[2:])
    elif kind == ":":
        refs.extend(line[2:].split())
    elif kind == ",":
        flags.extend(f for f in (x.strip() for x in line[2:].split(",")) if f)
    elif kind == " " or kind == "":
        translator.append(line[2:])
    else:
        return False
    return True


def _fast_entry(lines: list[str], lineno: int, path: str) -> Message | None:
    """One entry of the common shape (comments, msgctxt?, msgid, msgstr), or None when the
    block needs the general parser (obsolete or previous-msgid lines, plurals, errors)."""
    translator: list[str] = []
    extracted: list[str] = []
    refs: list[str] = []
    flags: list[str] = []
    i, n = 0, len(lines)
    while i < n and lines[i][:1] == "#":
        if not _comment(lines[i], translator, extracted, refs, flags):
            return None
        i += 1
    values: list[str | None] = []
    for keyword in ("msgctxt ", "msgid ", "msgstr "):
        if i < n and lines[i].startswith(keyword):
            parts = [_string(lines[i], len(keyword), path, lineno + i)]
            i += 1
            while i < n and lines[i][:1] == '"':
                line = lines[i]
                if line[-1] == '"' and "\\" not in line and line.count('"') == 2:
                    parts.append(line[1:-1])  # _string(), inlined for the common case
                else:
                    parts.append(_unquote(line, path, lineno + i))
                i += 1
            values.append("".join(parts))
        elif keyword == "msgctxt ":
            values.append(None)
        else:
            return None
    if i != n:
        return None
    return Message(msgid=values[1], msgstr=values[2], msgctxt=values[0],  # type: ignore
                   translator_comments=translator, extracted_comments=extracted,
                   references=refs, flags=flags, lineno=lineno)


def parse(text: str, path: str | Path = "<string>") -> Catalog:
    """Parse the text of a .po/.pot file into a Catalog.

    Entries are usually separated by blank lines: each such block is read by a fast path
    when it has the common shape, and line by line by the general parser otherwise.
    """
    with paused_gc():
        return _parse(text, str(path))


def _parse(text: str, path: str) -> Catalog:
    parser = _Parser(path)
    if text.startswith("\ufeff"):
        text = text[1:]
    lineno = 1
    pos, size = 0, len(text)
    fast = "\r" not in text
    seen, messages = parser.seen, parser.messages
    while pos <= size:
        end = text.find("\n\n", pos)
        if end == -1:
            end = size
        start = lineno
        lineno += text.count("\n", pos, end) + 2
        if fast and not parser.started:
            stop = end - 1 if end == size and text.endswith("\n") else end
            msg = _plain_at(text, pos, stop, start)
            if msg is not None:
                key = (None, msg.msgid)
                if not msg.msgid or key in seen:
                    parser.add(msg)  # the header, or a duplicate to report
                else:
                    seen[key] = start
                    messages.append(msg)
                pos = end + 2
                continue
        block = text[pos:end]
        pos = end + 2
        lines = block.split("\n")
        if "\r" in block:
            _general(parser, lines, start)
            continue
        while lines and not lines[0]:
            lines.pop(0)
            start += 1
        while lines and not lines[-1]:
            lines.pop()
        if not lines:
            continue
        if parser.started:
            if not parser.has_msgstr:
                _general(parser, lines, start)
                continue
            parser.finish()
        msg = _fast_entry(lines, start, parser.path) if lines[0][:1] in "#m" else None
        if msg is None:
            _general(parser, lines, start)
        else:
            parser.add(msg)
    parser.finish()
    parser.catalog.messages = parser.messages
    return parser.catalog


def _general(parser: _Parser, lines: list[str], lineno: int) -> None:
    for lineno, line in enumerate(lines, lineno):  # noqa: B020
        if not line or line.isspace():
            continue
        if line[-1] == "\r" or line[0] in " \t":
            line = line.strip()
        c = line[0]
        if c == "m" or c == '"':
            parser.keyword(line, lineno, False)
        elif c == "#":
            if line.startswith("#~"):
                rest = line[2:].lstrip()
                if not rest:
                    continue
                if rest[0] == "|":
                    parser.comment("#|" + rest[1:], lineno)
                elif rest[0] == "#":  # a comment inside an obsolete entry
                    parser.comment(rest, lineno)
                else:
                    parser.keyword(rest, lineno, True)
            else:
                parser.comment(line, lineno)
        else:
            parser.keyword(line, lineno, False)


def _parse_headers(text: str, path: str, lineno: int) -> dict[str, str]:
    headers: dict[str, str] = {}
    for line in text.split("\n"):
        if not line.strip():
            continue
        key, sep, value = line.partition(":")
        if not sep:
            raise CatalogError(f"malformed header line {line!r}", path, lineno)
        headers[key.strip()] = value.strip()
    return headers


def read(path: str | Path) -> Catalog:
    """Read a .po/.pot file; non-UTF-8 files and syntax errors raise CatalogError."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CatalogError(f"cannot read: {exc.strerror}", path) from None
    return from_bytes(data, path)


def from_bytes(data: bytes, path: str | Path = "<bytes>") -> Catalog:
    """A catalog from the bytes of a .po/.pot file (errors name ``path``), as ``read``."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CatalogError("not valid UTF-8 (l10n catalogs are UTF-8)", path, line) from None
    del data
    catalog = parse(text, path)
    charset = _CHARSET_RE.search(catalog.headers.get("Content-Type", ""))
    if charset and charset.group(1).upper() not in ("UTF-8", "UTF8", "CHARSET"):
        raise CatalogError(f"charset {charset.group(1)} is not supported; use UTF-8", path, 1)
    return catalog


def read_relative(path: Path, shown: str) -> Catalog:
    """Read ``path`` but name it ``shown`` (relative to the project) in errors."""
    try:
        return read(path)
    except CatalogError as exc:
        raise CatalogError(exc.message, shown, exc.line) from None


# ---------------------------------------------------------------------------- writing

_WRITTEN_FORMATS = tuple(f"{name}-format" for name in formatstrings.ORDER)
_GETTEXT_FLAGS = frozenset(("fuzzy", "wrap", "no-wrap", *_WRITTEN_FORMATS,
                            *("no-" + f for f in _WRITTEN_FORMATS),
                            *("possible-" + f for f in _WRITTEN_FORMATS)))


def _flags(m: Message) -> list[str]:
    """The flags as msgcat writes them: ``fuzzy`` (only on an entry with a translation),
    the format flags in gettext's order (``possible-c-format`` as ``c-format``), the
    range, ``no-wrap``. msgcat drops flags it does not know; l10n keeps them, after
    these: a write never loses what a file says."""
    present = set(m.flags)
    out = ["fuzzy"] if "fuzzy" in present and m.first_msgstr else []
    if len(present) > len(out):
        for flag in _WRITTEN_FORMATS:
            if flag in present or "possible-" + flag in present:
                out.append(flag)
            elif "no-" + flag in present:
                out.append("no-" + flag)
        if not m.obsolete:  # msgcat keeps no range on an obsolete entry
            out += [f for f in m.flags if f.startswith("range:")][:1]
        if "no-wrap" in present:
            out.append("no-wrap")
        for f in dict.fromkeys(m.flags):
            if f not in _GETTEXT_FLAGS and not f.startswith("range:"):
                out.append(f)
    return out


def _message_lines(m: Message, width: int,
                   opportunities: linebreak.Opportunities = linebreak.NO_OPPORTUNITIES
                   ) -> list[str]:
    out: list[str] = []
    for c in m.translator_comments:
        out.append(f"# {c}" if c else "#")
    if not m.obsolete:
        for c in m.extracted_comments:
            out.append(f"#. {c}" if c else "#.")
        if m.references:
            out.extend(linebreak.wrap_refs(m.references, width if width > 0 else DEFAULT_WIDTH))
    if m.flags:
        flags = _flags(m)
        if flags:
            out.append("#, " + ", ".join(flags))
    # msgcat never breaks a line inside a directive of the entry's (first) format.
    fmt = formatstrings.first_format(m.flags) if m.flags and width > 0 else None

    def wrap(prefix: str, keyword: str, value: str) -> list[str]:
        protect = formatstrings.unbreakable(fmt, value) if fmt is not None else ()
        return linebreak.wrap_string(prefix, keyword, value, width, opportunities, protect)

    pp = "#~| " if m.obsolete else "#| "
    if m.previous_msgctxt is not None:
        out.extend(wrap(pp, "msgctxt", m.previous_msgctxt))
    if m.previous_msgid is not None:
        out.extend(wrap(pp, "msgid", m.previous_msgid))
    if m.previous_msgid_plural is not None:
        out.extend(wrap(pp, "msgid_plural", m.previous_msgid_plural))
    p = "#~ " if m.obsolete else ""
    if m.msgctxt is not None:
        out.extend(wrap(p, "msgctxt", m.msgctxt))
    out.extend(wrap(p, "msgid", m.msgid))
    if m.msgid_plural is not None:
        out.extend(wrap(p, "msgid_plural", m.msgid_plural))
        for i, s in enumerate(m.msgstr_plural or [""]):
            out.extend(wrap(p, f"msgstr[{i}]", s))
    else:
        out.extend(wrap(p, "msgstr", m.msgstr))
    return out


def _common_entries(messages: list[Message], width: int) -> list[str | None]:
    """``_message_lines`` of the commonest entries, each as one string: extracted
    comments, references, msgid and msgstr, whose strings are plain text that either fits
    on the keyword's line or breaks where ``linebreak.fit_prose`` can tell without
    libunistring; None for any other entry. One loop: the hot path of a big write."""
    columns = width - 2  # inside the quotes of a line without prefix
    plain = linebreak.PLAIN_RE.fullmatch
    breakable = linebreak.SURE_BREAK_RE.search
    fit = linebreak.fit_prose

    def quoted(value: str, first_col: int) -> str | None:
        """``value`` after a keyword ending at ``first_col``, as ``linebreak.wrap_string``
        lays it out; None when that needs libunistring."""
        if plain(value) is None:
            return None
        n = len(value)
        if first_col + n <= columns:
            return f'"{value}"'
        # A string longer than a line that fit_prose breaks is breakable by that token.
        if n <= columns and breakable(value) is None:
            return None
        body = fit(value, columns)
        return None if body is None else f'""\n"{body}"'

    texts: list[str | None] = []
    for m in messages:
        if m.msgctxt is not None or m.msgid_plural is not None or m.flags \
                or m.translator_comments or m.previous_msgid is not None \
                or m.previous_msgctxt is not None:
            texts.append(None)
            continue
        msgid = quoted(m.msgid, 6)
        msgstr = quoted(m.msgstr, 7) if msgid is not None else None
        if msgstr is None:
            texts.append(None)
            continue
        head = ""
        if m.extracted_comments:
            head = "".join(f"#. {c}\n" if c else "#.\n" for c in m.extracted_comments)
        refs = m.references
        if len(refs) == 1:
            head += f"#: {refs[0]}\n"
        elif refs:
            head += "\n".join(linebreak.wrap_refs(refs, width)) + "\n"
        texts.append(f"{head}msgid {msgid}\nmsgstr {msgstr}\n")
    return texts


def _written(m: Message) -> bool:
    """msgcat drops obsolete entries without a translation."""
    if not m.obsolete:
        return True
    return bool(m.first_msgstr)


def dumps(catalog: Catalog, width: int = DEFAULT_WIDTH) -> str:
    """Serialise a catalog in msgcat's canonical layout (``width <= 0``: msgcat --no-wrap)."""
    with paused_gc():
        return _dumps(catalog, width)


def _dumps(catalog: Catalog, width: int) -> str:
    lines: list[str] = []  # every entry's lines, then "": blank lines between entries
    if catalog.headers or catalog.header_comments:
        header = Message(msgid="", msgstr="".join(f"{k}: {v}\n" for k, v in
                                                 catalog.headers.items()),
                         translator_comments=list(catalog.header_comments),
                         flags=list(catalog.header_flags))
        lines += _message_lines(header, width)
        lines.append("")
    # The commonest entries first; libunistring is asked only about the others' strings.
    active = [m for m in catalog.messages if not m.obsolete]
    texts = _common_entries(active, width) if width > 0 else [None] * len(active)
    obsolete = [m for m in catalog.messages if m.obsolete and _written(m)]
    found = linebreak.Opportunities()
    if width > 0:
        others = [m for m, text in zip(active, texts, strict=True) if text is None]
        # The longest keyword and prefix ("#~| msgid_plural") leave this many columns.
        found = linebreak.opportunities(_strings(others + obsolete), max(width - 20, 1))
    for m, text in zip(active, texts, strict=True):
        if text is None:
            lines += _message_lines(m, width, found)
            lines.append("")
        else:
            lines.append(text)
    for m in obsolete:
        lines += _message_lines(m, width, found)
        lines.append("")
    return "\n".join(lines)


def _strings(messages: list[Message]) -> Iterable[str]:
    """The strings of every message that may need breaking."""
    for m in messages:
        if m.msgctxt is not None:
            yield m.msgctxt
        if m.previous_msgid is not None:
            yield m.previous_msgid
        yield m.msgid
        if m.msgid_plural is None:
            yield m.msgstr
        else:
            yield m.msgid_plural
            yield from m.msgstr_plural
