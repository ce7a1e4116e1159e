"""How GNU msgcat lays out a string: where its lines break, and how it is escaped.

msgcat breaks long strings at Unicode line-breaking opportunities (UAX #14: after
spaces, after the hyphen in ``multi-level``, around dashes...) computed by GNU
libunistring, then fits pieces greedily into the page width. We ask the same library
when the system has it (every system with GNU gettext does), once for all the strings of
a catalog, and fall back to an approximation that breaks after spaces and word-internal
hyphens otherwise.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import accumulate
from typing import Any

DEFAULT_WIDTH = 79  # msgcat's page width when it is given none

_UNESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r", '"': '\\"', "\\": "\\\\", "\a": "\\a",
              "\b": "\\b", "\f": "\\f", "\v": "\\v"}
_NEEDS_ESCAPE_RE = re.compile('[\n\t\r"\\\\\a\b\f\v]')

_PROHIBITED, _POSSIBLE = 1, 2
# Characters whose display width is certainly one column (libunistring's uc_width, as
# msgcat counts): printable Latin, Greek and Cyrillic without combining marks or the soft
# hyphen (zero columns), general punctuation such as dashes and curly quotes, currency
# signs, "№" and "™". Strings made of these need no width computation.
NARROW_RE = re.compile("[\x20-\x7e\u00a0-\u00ac\u00ae-\u02ff\u0370-\u0482\u048a-\u052f"
                        "\u2010-\u2027\u2030-\u205e\u20a0-\u20c0\u2116\u2122]*")


def _load_unistring() -> tuple[Callable[..., int] | None, Callable[..., None] | None]:
    """libunistring's ``u8_width_linebreaks`` and ``u32_possible_linebreaks`` (same rules)."""
    import ctypes

    for candidate in _candidates():
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


def _candidates() -> Iterator[str]:
    """The library's usual names first: looking it up (ctypes.util.find_library runs
    ldconfig) costs more than most runs' wrapping, so only if none of them loads."""
    yield from ("libunistring.so.5", "libunistring.so.2", "libunistring.dylib")
    import ctypes.util

    name = ctypes.util.find_library("unistring")
    if name:
        yield name


_UNISTRING: tuple[Callable[..., int] | None, Callable[..., None] | None] | None = None


def _unistring() -> tuple[Callable[..., int] | None, Callable[..., None] | None]:
    """The library, looked up on first use (finding it runs ldconfig: importing this
    module stays cheap for commands that write no catalog)."""
    global _UNISTRING
    if _UNISTRING is None:
        _UNISTRING = _load_unistring()
    return _UNISTRING


# ctypes and unicodedata are imported where a string is broken or measured: importing
# this module (for its constants) costs a build with nothing to do nothing.
_marks_buffer: Any = None  # reused: written by libunistring
_UTF32 = "utf-32-le" if sys.byteorder == "little" else "utf-32-be"


def exact_wrapping() -> bool:
    """True when long strings are broken exactly as GNU msgcat breaks them."""
    return _unistring()[0] is not None


def _display_width(s: str) -> int:
    if NARROW_RE.fullmatch(s):
        return len(s)
    import unicodedata

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
    data = escape(portion).encode("utf-8")
    overrides = bytearray(data.translate(_CONTINUATION))
    if b"\\" in data:
        # ... nor inside an escape sequence such as \n or \"
        for m in _ESCAPE_PAIR_RE.finditer(data):
            overrides[m.start() + 1] = _PROHIBITED
    if portion.endswith("\n"):
        overrides[-2] = _PROHIBITED  # never break right before a final "\n"
    return data, bytes(overrides)


def _break_native(portion: str, width: int, startcol: int,
                  protect: Sequence[tuple[int, int]] = ()) -> list[str]:
    """``protect``: spans of characters of the portion that must stay on one line (format
    directives), as (start, end) indexes."""
    import ctypes

    global _marks_buffer
    data, overrides = _escape_portion(portion)
    if protect:
        offsets = list(accumulate((len(escape(ch).encode("utf-8")) for ch in portion),
                                  initial=0))
        changed = bytearray(overrides)
        for start, end in protect:
            for k in range(max(start + 1, 0), min(end, len(portion))):
                changed[offsets[k]] = _PROHIBITED
        overrides = bytes(changed)
    n = len(data)
    if _marks_buffer is None or n > len(_marks_buffer):
        _marks_buffer = ctypes.create_string_buffer(max(4096, 2 * n))
    linebreaks = _unistring()[0]
    assert linebreaks is not None
    linebreaks(data, n, width, startcol, 0, overrides, b"UTF-8", _marks_buffer)
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
    """Break opportunities of many portions (from ``opportunities``): a byte per
    character of their escaped texts, one after the other, 2 where a line may break
    before that character, as libunistring marks it."""

    __slots__ = ("escaped", "marks", "start")

    def __init__(self, marks: bytearray | None = None) -> None:
        self.marks = marks if marks is not None else bytearray()
        self.start: dict[str, int] = {}  # portion -> where its marks start
        self.escaped: dict[str, str] = {}  # portion -> escaped text, when they differ


NO_OPPORTUNITIES = Opportunities()
_BATCH = 8192  # portions per libunistring call


def opportunities(values: Iterable[str], shortest: int) -> Opportunities:
    """Break opportunities of every portion of ``values`` that may need breaking.

    One call to libunistring for a whole catalog costs far less than one call per
    string. The portions are joined with newlines, a mandatory break after which the
    line-breaking rules start afresh, as at the start of a string. Only portions made
    of narrow characters (one column each, so that columns are character indexes) and
    at least ``shortest`` characters long are taken; others are broken one by one.
    """
    _linebreaks, _possible_linebreaks = _unistring()
    if _linebreaks is None or _possible_linebreaks is None:
        return Opportunities()
    import ctypes

    plain = PLAIN_RE.fullmatch
    portions: list[str] = []  # one portion, nothing to escape: the commonest
    others: list[str] = []
    for value in values:
        if len(value) >= shortest:
            (portions if plain(value) else others).append(value)
    texts = portions[:]
    first_escaped = len(portions)
    for value in others:
        for portion in _split_portions(value):
            escaped = escape(portion)
            if len(escaped) >= shortest and NARROW_RE.fullmatch(escaped):
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
PLAIN_RE = re.compile(NARROW_RE.pattern.replace("\x20-\x7e", r"\x20\x21\x23-\x5b\x5d-\x7e"))
_ESCAPE_PAIR_STR_RE = re.compile(r"\\.", re.S)


def break_at(escaped: str, marks: bytearray, base: int, width: int,
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


SURE_BREAK_RE = re.compile(r"\w \w")
_FALLBACK_BREAK_RE = re.compile(r"[^ -]*(?:-(?=[^\W\d_])| +|$)|[^ ]+")


def _break_fallback(portion: str, width: int, startcol: int) -> list[str]:
    """Greedy breaking after spaces and word-internal hyphens (no libunistring)."""
    escaped = escape(portion)
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


def escape(s: str) -> str:
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


def wrap_string(prefix: str, keyword: str, value: str, page_width: int,
                opportunities: Opportunities = NO_OPPORTUNITIES,
                protect: Sequence[tuple[int, int]] = ()) -> list[str]:
    """Lay out ``keyword "value"`` exactly as msgcat does; ``page_width <= 0``: no wrap.

    ``opportunities`` (from ``opportunities``) spares a libunistring call per string.
    ``protect``: (start, end) spans of ``value`` no line may break inside (the format
    directives of an entry with a format flag).
    """
    after_break = len(prefix) + 1  # column after the opening quote of a continuation line
    width = (page_width if page_width > 0 else 1 << 30) - 1 - after_break
    first_col = len(keyword) + 1  # relative to after_break, as msgcat counts
    if first_col + len(value) <= width and PLAIN_RE.fullmatch(value):
        return [f'{prefix}{keyword} "{value}"']  # short, and its own escaped form
    if protect and _unistring()[0] is not None:
        return _wrap_protected(prefix, keyword, value, width, first_col, protect)
    base = opportunities.start.get(value)
    if base is not None:  # one narrow portion (the common case), too long for one line?
        escaped = opportunities.escaped.get(value, value)
        marks = opportunities.marks
        if first_col + len(escaped) <= width:
            return [f'{prefix}{keyword} "{escaped}"']
        if not SURE_BREAK_RE.search(escaped) and first_col <= width \
                and len(break_at(escaped, marks, base, width, first_col)) == 1:
            return [f'{prefix}{keyword} "{escaped}"']  # unbreakable
        pieces = [escaped] if len(escaped) <= width else \
            break_at(escaped, marks, base, width, 0)
        return [f'{prefix}{keyword} ""', *[f'{prefix}"{p}"' for p in pieces]]
    portions = _split_portions(value)
    lines: list[str] = []
    breaker = _break_native if _unistring()[0] is not None else _break_fallback
    first = True
    for n, portion in enumerate(portions):
        more = n + 1 < len(portions)
        startcol = first_col if first else 0
        escaped = escape(portion)
        narrow = NARROW_RE.fullmatch(escaped) is not None
        base = opportunities.start.get(portion)
        if narrow and startcol + len(escaped) <= width:
            pieces = [escaped]
        elif narrow and first and SURE_BREAK_RE.search(escaped):
            # Too long after the keyword, and breakable ("word word"): msgcat starts with
            # an empty string and breaks from column 0, below.
            pieces = [escaped, ""]
        elif base is not None:
            pieces = break_at(escaped, opportunities.marks, base, width,
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
                    pieces = break_at(escaped, opportunities.marks,
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


def _wrap_protected(prefix: str, keyword: str, value: str, width: int, first_col: int,
                    protect: Sequence[tuple[int, int]]) -> list[str]:
    """``wrap_string`` for a string with directives to keep whole: each portion is broken
    by libunistring with the directives' insides marked unbreakable."""
    lines: list[str] = []
    first = True
    offset = 0
    portions = _split_portions(value)
    for n, portion in enumerate(portions):
        here = [(a - offset, b - offset) for a, b in protect
                if a < offset + len(portion) and b > offset]
        offset += len(portion)
        more = n + 1 < len(portions)
        startcol = first_col if first else 0
        pieces = _break_native(portion, width, startcol, here)
        if first and portion and (more or startcol > width or len(pieces) > 1):
            lines.append(f'{prefix}{keyword} ""')
            first = False
            if startcol:
                pieces = _break_native(portion, width, 0, here)
        if first:
            lines.append(f'{prefix}{keyword} "{pieces[0]}"')
            lines.extend(f'{prefix}"{p}"' for p in pieces[1:])
            first = False
        else:
            lines.extend(f'{prefix}"{p}"' for p in pieces)
    return lines


def wrap_refs(refs: list[str], page_width: int) -> list[str]:
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


# ----------------------------------------------------- ordinary prose, without libunistring
#
# For the characters of ordinary prose, the rules libunistring applies (UAX #14) reduce to
# a few facts, checked against libunistring itself character by character and over every
# short string of them in tests/test_linebreak.py:
# * a line may break after a space before a letter or a digit, when the character before
#   the space is a letter, a digit, punctuation that ends a phrase or a closing bracket;
# * no line breaks between letters, digits and quotation marks, nor before a full stop,
#   comma, colon, semicolon, question or exclamation mark, nor inside a number such as
#   "20.9" or "67,784";
# * no line breaks before a space.
# They hold for the rules of Unicode 14 and of Unicode 15.1 alike (which changed what
# happens around quotation marks next to spaces, and after a full stop before a digit):
# quotation marks are never taken next to the space that ends a line, and a stop counts as
# unbreakable before a digit only inside a number. So when a line's last space is
# followed, up to the width, only by such characters in such an order, that space ends the
# line exactly as libunistring would have it; any other case asks libunistring.
_LETTERS = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0400-\u0481\u048a-\u04ff"
_ALNUM = _LETTERS + "0-9"
_QUOTES = "'\u2019\u201c\u201d\u00ab\u00bb"
_STOPS = ".,:;"
_MARKS = "?!"
_BEFORE_SPACE = _ALNUM + _STOPS + _MARKS + ")\\]%$\u20ac/\\-\u2013\u2014"
# From the character before a line's last space to the first that no longer fits.
PROSE_CUT_RE = re.compile(
    f"[{_BEFORE_SPACE}] (?=[{_ALNUM}])"
    f"(?:[{_ALNUM}{_QUOTES}]|(?<=[0-9])[{_STOPS}](?=[0-9])|[{_STOPS}{_MARKS}](?![{_ALNUM}]))*"
    "(?: )?")


def fit_prose(value: str, columns: int) -> str | None:
    """``break_at``'s lines of ``value`` from column 0, joined by ``"\\n"``, for a string of
    one-column characters without escapes (``PLAIN_RE``) whose every line ends at a space
    that ``PROSE_CUT_RE`` certifies; None when one does not (ask libunistring)."""
    n = len(value)
    if n <= columns:
        return value
    certified = PROSE_CUT_RE.fullmatch
    pieces = []
    start = 0
    while n - start > columns:
        limit = start + columns  # the last character that may still end this line
        space = value.rfind(" ", start + 1, limit)
        if space == -1 or certified(value, space - 1, limit + 1) is None:
            return None
        pieces.append(value[start:space + 1])
        start = space + 1
    pieces.append(value[start:])
    return '"\n"'.join(pieces)
