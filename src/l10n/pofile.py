"""Read and write gettext .po/.pot files.

The writer produces exactly the layout GNU ``msgcat`` produces (width 79 by default), so
that our rewrites and a translator's tools do not fight in diffs. msgcat breaks long
strings at Unicode line-breaking opportunities (UAX #14: after spaces, after the hyphen
in ``multi-level``, around dashes...) computed by GNU libunistring; we ask the same
library when the system has it (every system with GNU gettext does) and fall back to an
approximation that breaks after spaces and word-internal hyphens otherwise.

The reader is a single pass over the lines and reports the file, line and cause of every
syntax error, bad escape and duplicate entry.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable
from itertools import accumulate
from pathlib import Path

from l10n.errors import CatalogError
from l10n.gcpause import paused_gc
from l10n.model import Catalog, Message

DEFAULT_WIDTH = 79

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b",
            "f": "\f", "v": "\v"}
_UNESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r", '"': '\\"', "\\": "\\\\", "\a": "\\a",
              "\b": "\\b", "\f": "\\f", "\v": "\\v"}
_ESCAPE_RE = re.compile(r'\\(?:([ntr"\\abfv])|([0-7]{1,3})|x([0-9a-fA-F]{1,2})|(.?))', re.S)
_NEEDS_ESCAPE_RE = re.compile('[\n\t\r"\\\\\a\b\f\v]')
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
    for anything else (the general parsers decide). No copy of the entry is made."""
    if text.find("\\", pos, end) != -1 or text.find("\r", pos, end) != -1:
        return None
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
    if '"' in msgid or '"' in msgstr or "\n" in msgid or "\n" in msgstr:
        return None
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
    while pos <= size:
        end = text.find("\n\n", pos)
        if end == -1:
            end = size
        start = lineno
        lineno += text.count("\n", pos, end) + 2
        if not parser.started:
            stop = end - 1 if end == size and text.endswith("\n") else end
            msg = _plain_at(text, pos, stop, start)
            if msg is not None:
                parser.add(msg)
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


# ---------------------------------------------------------------------------- wrapping

_PROHIBITED, _POSSIBLE = 1, 2
# Characters whose display width is certainly one column (libunistring's uc_width, as
# msgcat counts): printable Latin, Greek and Cyrillic without combining marks or the soft
# hyphen (zero columns), general punctuation such as dashes and curly quotes, currency
# signs, "№" and "™". Strings made of these need no width computation.
_NARROW_RE = re.compile("[\x20-\x7e\u00a0-\u00ac\u00ae-\u02ff\u0370-\u0482\u048a-\u052f"
                        "\u2010-\u2027\u2030-\u205e\u20a0-\u20c0\u2116\u2122]*")


def _load_unistring() -> tuple[Callable[..., int] | None, Callable[..., None] | None]:
    """libunistring's ``u8_width_linebreaks`` and ``u32_possible_linebreaks`` (same rules)."""
    name = ctypes.util.find_library("unistring")
    for candidate in ([name] if name else []) + ["libunistring.so.5", "libunistring.so.2",
                                                  "libunistring.dylib"]:
        try:
            lib = ctypes.CDLL(candidate)
        except OSError:
            continue
        version = "_v2" if hasattr(lib, "u8_width_linebreaks_v2") else ""
        fn = getattr(lib, "u8_width_linebreaks" + version, None)
        if fn is None:
            continue
        fn.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int,
                       ctypes.c_int, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p]
        fn.restype = ctypes.c_int
        possible = getattr(lib, "u32_possible_linebreaks" + version, None)
        if possible is not None:
            possible.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p,
                                 ctypes.c_char_p]
            possible.restype = None
        return fn, possible
    return None, None


_linebreaks, _possible_linebreaks = _load_unistring()
_marks_buffer = ctypes.create_string_buffer(4096)  # reused: written by libunistring
_UTF32 = "utf-32-le" if sys.byteorder == "little" else "utf-32-be"


def exact_wrapping() -> bool:
    """True when long strings are broken exactly as GNU msgcat breaks them."""
    return _linebreaks is not None


def _display_width(s: str) -> int:
    if _NARROW_RE.fullmatch(s):
        return len(s)
    width = 0
    for ch in s:
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


# Overrides for msgcat's breaking: never inside a UTF-8 sequence (continuation bytes)...
_CONTINUATION = bytes(1 if 0x80 <= b < 0xC0 else 0 for b in range(256))
_ESCAPE_PAIR_RE = re.compile(rb"\\.", re.S)


def _escape_portion(portion: str) -> tuple[bytes, bytes]:
    """The escaped UTF-8 bytes of ``portion`` and msgcat's break overrides for them."""
    data = _escape(portion).encode("utf-8")
    overrides = bytearray(data.translate(_CONTINUATION))
    if b"\\" in data:
        # ... nor inside an escape sequence such as \n or \"
        for m in _ESCAPE_PAIR_RE.finditer(data):
            overrides[m.start() + 1] = _PROHIBITED
    if portion.endswith("\n"):
        overrides[-2] = _PROHIBITED  # never break right before a final "\n"
    return data, bytes(overrides)


def _break_native(portion: str, width: int, startcol: int) -> list[str]:
    global _marks_buffer
    data, overrides = _escape_portion(portion)
    n = len(data)
    if n > len(_marks_buffer):
        _marks_buffer = ctypes.create_string_buffer(2 * n)
    assert _linebreaks is not None
    _linebreaks(data, n, width, startcol, 0, overrides, b"UTF-8", _marks_buffer)
    marks = ctypes.string_at(_marks_buffer, n)
    pieces: list[str] = []
    start = 0
    cut = marks.find(b"\2")
    while cut != -1:
        pieces.append(data[start:cut].decode("utf-8"))
        start = cut
        cut = marks.find(b"\2", cut + 1)
    pieces.append(data[start:].decode("utf-8"))
    return pieces


class Opportunities:
    """Break opportunities of many portions (from ``_opportunities``): a byte per
    character of their escaped texts, one after the other, 2 where a line may break
    before that character, as libunistring marks it."""

    __slots__ = ("escaped", "marks", "start")

    def __init__(self, marks: bytearray | None = None) -> None:
        self.marks = marks if marks is not None else bytearray()
        self.start: dict[str, int] = {}  # portion -> where its marks start
        self.escaped: dict[str, str] = {}  # portion -> escaped text, when they differ


_NO_OPPORTUNITIES = Opportunities()
_BATCH = 8192  # portions per libunistring call


def _opportunities(values: Iterable[str], shortest: int) -> Opportunities:
    """Break opportunities of every portion of ``values`` that may need breaking.

    One call to libunistring for a whole catalog costs far less than one call per
    string. The portions are joined with newlines, a mandatory break after which the
    line-breaking rules start afresh, as at the start of a string. Only portions made
    of narrow characters (one column each, so that columns are character indexes) and
    at least ``shortest`` characters long are taken; others are broken one by one.
    """
    if _linebreaks is None or _possible_linebreaks is None:
        return Opportunities()
    plain = _PLAIN_RE.fullmatch
    portions: list[str] = []  # one portion, nothing to escape: the commonest
    others: list[str] = []
    for value in values:
        if len(value) >= shortest:
            (portions if plain(value) else others).append(value)
    texts = portions[:]
    first_escaped = len(portions)
    for value in others:
        for portion in _split_portions(value):
            escaped = _escape(portion)
            if len(escaped) >= shortest and _NARROW_RE.fullmatch(escaped):
                portions.append(portion)
                texts.append(escaped)
    if not texts:
        return Opportunities()
    found = Opportunities()
    for first in range(0, len(texts), _BATCH):  # in batches: a few MiB at a time
        joined = "\n".join(texts[first:first + _BATCH]) + "\n"
        buffer = ctypes.create_string_buffer(len(joined))
        _possible_linebreaks(joined.encode(_UTF32), len(joined), b"UTF-8", buffer)
        found.marks += buffer.raw
    starts = list(accumulate((len(t) + 1 for t in texts), initial=0))
    found.start = dict(zip(portions, starts, strict=False))
    marks = found.marks
    for i in range(first_escaped, len(texts)):
        escaped = found.escaped[portions[i]] = texts[i]
        if "\\" in escaped:
            # msgcat's overrides: never break inside an escape sequence such as \n or \",
            # nor right before a final "\n".
            for m in _ESCAPE_PAIR_STR_RE.finditer(escaped):
                marks[starts[i] + m.start() + 1] = _PROHIBITED
            if portions[i].endswith("\n"):
                marks[starts[i] + len(escaped) - 2] = _PROHIBITED
    return found


# Narrow characters that need no escaping: a string of these is its own escaped form.
_PLAIN_RE = re.compile(_NARROW_RE.pattern.replace("\x20-\x7e", r"\x20\x21\x23-\x5b\x5d-\x7e"))
_ESCAPE_PAIR_STR_RE = re.compile(r"\\.", re.S)


def _break_at(escaped: str, marks: bytearray, base: int, width: int,
              startcol: int) -> list[str]:
    """libunistring's greedy fitting (``u8_width_linebreaks``) over known opportunities
    (``marks[base:]`` for the characters of ``escaped``).

    Text between two opportunities is an unbreakable piece; a line takes pieces while
    they fit in ``width`` columns (its first piece even when it does not), so a line
    ends at the last opportunity before the first one that does not fit.
    """
    pieces: list[str] = []
    start, col, n = 0, startcol, len(escaped)
    while col + n - start > width:
        limit = start + width - col  # the last index that still fits on this line
        cut = marks.rfind(b"\2", base + start + 1, base + limit + 1)
        if cut == -1:
            cut = marks.find(b"\2", base + max(limit + 1, start + 1), base + n)
            if cut == -1:
                break
        cut -= base
        pieces.append(escaped[start:cut])
        start, col = cut, 0
    pieces.append(escaped[start:])
    return pieces


_SURE_BREAK_RE = re.compile(r"\w \w")
_FALLBACK_BREAK_RE = re.compile(r"[^ -]*(?:-(?=[^\W\d_])| +|$)|[^ ]+")


def _break_fallback(portion: str, width: int, startcol: int) -> list[str]:
    """Greedy breaking after spaces and word-internal hyphens (no libunistring)."""
    escaped = _escape(portion)
    words = [w for w in _FALLBACK_BREAK_RE.findall(escaped) if w]
    pieces: list[str] = []
    cur, col = "", startcol
    for word in words:
        w = _display_width(word.rstrip(" "))
        if cur and col + w > width:
            pieces.append(cur)
            cur, col = "", 0
        cur += word
        col += _display_width(word)
    pieces.append(cur)
    return pieces


def _escape(s: str) -> str:
    if _NEEDS_ESCAPE_RE.search(s) is None:
        return s
    return "".join(_UNESCAPES.get(ch, ch) for ch in s)


def _split_portions(value: str) -> list[str]:
    """Split after each newline, as gettext does; an empty string is one empty portion."""
    if "\n" not in value[:-1]:
        return [value]
    parts = value.split("\n")
    portions = [p + "\n" for p in parts[:-1]]
    if parts[-1]:
        portions.append(parts[-1])
    return portions


def _wrap_string(prefix: str, keyword: str, value: str, page_width: int,
                 opportunities: Opportunities = _NO_OPPORTUNITIES) -> list[str]:
    """Lay out ``keyword "value"`` exactly as msgcat does; ``page_width <= 0``: no wrap.

    ``opportunities`` (from ``_opportunities``) spares a libunistring call per string.
    """
    after_break = len(prefix) + 1  # column after the opening quote of a continuation line
    width = (page_width if page_width > 0 else 1 << 30) - 1 - after_break
    first_col = len(keyword) + 1  # relative to after_break, as msgcat counts
    if first_col + len(value) <= width and _PLAIN_RE.fullmatch(value):
        return [f'{prefix}{keyword} "{value}"']  # short, and its own escaped form
    base = opportunities.start.get(value)
    if base is not None:  # one narrow portion (the common case), too long for one line?
        escaped = opportunities.escaped.get(value, value)
        marks = opportunities.marks
        if first_col + len(escaped) <= width:
            return [f'{prefix}{keyword} "{escaped}"']
        if not _SURE_BREAK_RE.search(escaped) and first_col <= width \
                and len(_break_at(escaped, marks, base, width, first_col)) == 1:
            return [f'{prefix}{keyword} "{escaped}"']  # unbreakable
        pieces = [escaped] if len(escaped) <= width else \
            _break_at(escaped, marks, base, width, 0)
        return [f'{prefix}{keyword} ""', *[f'{prefix}"{p}"' for p in pieces]]
    portions = _split_portions(value)
    lines: list[str] = []
    breaker = _break_native if _linebreaks is not None else _break_fallback
    first = True
    for n, portion in enumerate(portions):
        more = n + 1 < len(portions)
        startcol = first_col if first else 0
        escaped = _escape(portion)
        narrow = _NARROW_RE.fullmatch(escaped) is not None
        base = opportunities.start.get(portion)
        if narrow and startcol + len(escaped) <= width:
            pieces = [escaped]
        elif narrow and first and _SURE_BREAK_RE.search(escaped):
            # Too long after the keyword, and breakable ("word word"): msgcat starts with
            # an empty string and breaks from column 0, below.
            pieces = [escaped, ""]
        elif base is not None:
            pieces = _break_at(escaped, opportunities.marks, base, width,
                               startcol)
        else:
            pieces = breaker(portion, width, startcol)
        if first and portion and (more or startcol > width or len(pieces) > 1):
            lines.append(f'{prefix}{keyword} ""')
            first = False
            if startcol:
                if narrow and len(escaped) <= width:
                    pieces = [escaped]
                elif base is not None:
                    pieces = _break_at(escaped, opportunities.marks,
                                       base, width, 0)
                else:
                    pieces = breaker(portion, width, 0)
        if first:
            lines.append(f'{prefix}{keyword} "{pieces[0]}"')
            lines.extend(f'{prefix}"{p}"' for p in pieces[1:])
            first = False
        else:
            lines.extend(f'{prefix}"{p}"' for p in pieces)
    return lines


def _wrap_refs(refs: list[str], page_width: int) -> list[str]:
    if len(refs) == 1:
        return ["#: " + refs[0]]  # the first reference always goes on the line
    lines: list[str] = []
    cur = "#:"
    for ref in refs:
        if len(cur) > 2 and len(cur) + len(ref) + 1 > page_width:
            lines.append(cur)
            cur = "#:"
        cur += " " + ref
    if len(cur) > 2:
        lines.append(cur)
    return lines


# ---------------------------------------------------------------------------- writing

def _message_lines(m: Message, width: int,
                   opportunities: Opportunities = _NO_OPPORTUNITIES) -> list[str]:
    out: list[str] = []
    for c in m.translator_comments:
        out.append(f"# {c}" if c else "#")
    if not m.obsolete:
        for c in m.extracted_comments:
            out.append(f"#. {c}" if c else "#.")
        if m.references:
            out.extend(_wrap_refs(m.references, width if width > 0 else DEFAULT_WIDTH))
    if m.flags:
        first_msgstr = m.msgstr_plural[0] if m.msgid_plural is not None and m.msgstr_plural \
            else m.msgstr
        # msgcat drops the fuzzy flag of an untranslated entry and prints fuzzy first.
        flags = [f for f in m.flags if f != "fuzzy"] if not m.obsolete else []
        if m.fuzzy and first_msgstr:
            flags.insert(0, "fuzzy")
        if flags:
            out.append("#, " + ", ".join(flags))
    pp = "#~| " if m.obsolete else "#| "
    if m.previous_msgctxt is not None:
        out.extend(_wrap_string(pp, "msgctxt", m.previous_msgctxt, width, opportunities))
    if m.previous_msgid is not None:
        out.extend(_wrap_string(pp, "msgid", m.previous_msgid, width, opportunities))
    if m.previous_msgid_plural is not None:
        out.extend(_wrap_string(pp, "msgid_plural", m.previous_msgid_plural, width,
                                opportunities))
    p = "#~ " if m.obsolete else ""
    if m.msgctxt is not None:
        out.extend(_wrap_string(p, "msgctxt", m.msgctxt, width, opportunities))
    out.extend(_wrap_string(p, "msgid", m.msgid, width, opportunities))
    if m.msgid_plural is not None:
        out.extend(_wrap_string(p, "msgid_plural", m.msgid_plural, width, opportunities))
        for i, s in enumerate(m.msgstr_plural or [""]):
            out.extend(_wrap_string(p, f"msgstr[{i}]", s, width, opportunities))
    else:
        out.extend(_wrap_string(p, "msgstr", m.msgstr, width, opportunities))
    return out


class _CommonLayout:
    """``_message_lines`` for the commonest entries, as one string: extracted comments,
    references, msgid and msgstr, whose strings are plain text that either fits on the
    keyword's line or breaks between words (None for any other entry)."""

    def __init__(self, width: int, found: Opportunities) -> None:
        self.width = width
        self.columns = width - 2  # inside the quotes of a line without prefix
        self.bodies = _continuation_lines(found, self.columns)

    def entry(self, m: Message) -> str | None:
        if m.msgctxt is not None or m.msgid_plural is not None or m.flags \
                or m.translator_comments or m.previous_msgid is not None \
                or m.previous_msgctxt is not None:
            return None
        msgid = self.quoted(m.msgid, 6)
        msgstr = self.quoted(m.msgstr, 7) if msgid is not None else None
        if msgstr is None:
            return None
        head = ""
        if m.extracted_comments:
            head = "".join(f"#. {c}\n" if c else "#.\n" for c in m.extracted_comments)
        refs = m.references
        if len(refs) == 1:
            head += f"#: {refs[0]}\n"
        elif refs:
            head += "\n".join(_wrap_refs(refs, self.width)) + "\n"
        return f"{head}msgid {msgid}\nmsgstr {msgstr}\n"

    def quoted(self, value: str, first_col: int) -> str | None:
        """``value`` quoted after a keyword ending at ``first_col``, as ``_wrap_string``
        lays it out; None when that needs ``_wrap_string``."""
        if first_col + len(value) <= self.columns:
            return f'"{value}"' if _PLAIN_RE.fullmatch(value) else None
        body = self.bodies.get(value)
        return None if body is None else f'""\n"{body}"'


def _continuation_lines(found: Opportunities, columns: int) -> dict[str, str]:
    """For each plain string of ``found`` that may need more than a keyword's line and
    breaks between words: its lines from column 0 (``_break_at``), joined by ``"\\n"``.
    One loop over all of them, the hot path of writing a big catalog."""
    bodies: dict[str, str] = {}
    marks = found.marks
    rfind, find = marks.rfind, marks.find
    escaped = found.escaped
    sure = _SURE_BREAK_RE.search
    shortest = columns - 8  # the longest keyword, msgctxt, leaves this many columns
    for value, base in found.start.items():
        n = len(value)
        if n <= shortest or value in escaped or not sure(value):
            continue
        if n <= columns:
            bodies[value] = value
            continue
        pieces = []
        start = 0
        while n - start > columns:  # _break_at, from column 0
            cut = rfind(b"\2", base + start + 1, base + start + columns + 1)
            if cut == -1:
                cut = find(b"\2", base + start + columns + 1, base + n)
                if cut == -1:
                    break
            cut -= base
            pieces.append(value[start:cut])
            start = cut
        pieces.append(value[start:])
        bodies[value] = '"\n"'.join(pieces)
    return bodies


def _written(m: Message) -> bool:
    """msgcat drops obsolete entries without a translation."""
    if not m.obsolete:
        return True
    return bool(m.msgstr_plural[0] if m.msgid_plural is not None and m.msgstr_plural
                else m.msgstr)


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
    found = Opportunities()
    if width > 0:
        # The longest keyword and prefix ("#~| msgid_plural") leave this many columns.
        found = _opportunities(_strings(catalog.messages), max(width - 20, 1))
    common = _CommonLayout(width, found)
    for m in catalog.messages:
        if not m.obsolete:
            text = common.entry(m) if width > 0 else None
            if text is None:
                lines += _message_lines(m, width, found)
                lines.append("")
            else:
                lines.append(text)
    for m in catalog.messages:
        if m.obsolete and _written(m):
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
