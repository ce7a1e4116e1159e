"""Format directives of gettext's ``*-format`` flags, read as GNU gettext (0.21) reads them.

One reading serves two masters: the ``format`` check compares the arguments of a msgid
and its translation (``l10n.checks.validity``), and the writer never breaks a line
inside a directive of an entry with a format flag, as msgcat does (``%(name) r`` has a
space a line could otherwise break at).

Supported: ``c-format`` and ``objc-format`` (printf), ``python-format`` (``%``),
``python-brace-format`` (``str.format``) and ``javascript-format``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass


class FormatError(ValueError):
    """The text is not a valid format string of the flag's kind (gettext's reason)."""


@dataclass(frozen=True)
class Spec:
    """The arguments a format string takes: by name, and by position (1-based)."""

    named: dict[str, str]
    numbered: dict[int, str]
    spans: tuple[tuple[int, int], ...]  # where the directives are, [start, end)


# Each parser also appends to a list the extents msgcat keeps on one line, as it reads.


# A type that matches any other in a relaxed comparison (Python's %.0s).
ANY = "any"
Spans = list[tuple[int, int]]


def _python(text: str, spans: Spans) -> Spec:
    """Python %-format: named and unnamed arguments exclude each other; unnamed ones are
    numbered in order."""
    named: dict[str, str] = {}
    unnamed: list[str] = []
    i, n = 0, len(text)
    while i < n:
        if text[i] != "%":
            i += 1
            continue
        start = i
        i += 1
        name = None
        if i < n and text[i] == "(":
            depth, j = 0, i + 1
            while j < n and not (text[j] == ")" and depth == 0):
                depth += {"(": 1, ")": -1}.get(text[j], 0)
                j += 1
            if j >= n:
                raise FormatError("unterminated directive")
            name, i = text[i + 1:j], j + 1
        while i < n and text[i] in "-+ #0":
            i += 1
        if i < n and text[i] == "*":
            unnamed.append("int")
            i += 1
        else:
            while i < n and text[i].isdigit():
                i += 1
        zero_precision = False
        if i < n and text[i] == ".":
            i += 1
            if i < n and text[i] == "*":
                unnamed.append("int")
                i += 1
            elif i < n and text[i].isdigit():
                zero_precision = True
                while i < n and text[i].isdigit():
                    zero_precision = zero_precision and text[i] == "0"
                    i += 1
        if i < n and text[i] in "hlL":
            i += 1
        if i >= n:
            raise FormatError("unterminated directive")
        conv = text[i]
        i += 1
        kind = {"%": None, "c": "char", "s": "str", "r": "str"}.get(conv, "")
        if kind == "":
            kind = "int" if conv in "iduoxX" else "float" if conv in "eEfgG" else "?"
        if kind == "?":
            raise FormatError(f"'{conv}' is not a valid conversion")
        if kind == "str" and zero_precision:
            kind = ANY
        if kind is not None:
            if name is not None:
                if unnamed:
                    raise FormatError("named and unnamed directives mixed")
                old = named.get(name)
                if old is not None and old != kind and ANY not in (old, kind):
                    raise FormatError(f"argument '{name}' used in incompatible ways")
                named[name] = kind if old in (None, ANY) else old
            else:
                if named:
                    raise FormatError("named and unnamed directives mixed")
                unnamed.append(kind)
        spans.append((start, i))
    if named and unnamed:
        raise FormatError("named and unnamed directives mixed")
    return Spec(named, dict(enumerate(unnamed, 1)), tuple(spans))


_NAME = re.compile(r"[A-Za-z_]\w*")
_NAME_OR_NUMBER = re.compile(r"[A-Za-z_]\w*|\d+")
_STANDARD_SPEC = re.compile(r"(?:.?[<>=^])?[-+ ]?#?0?\d*(?:\.\d+)?[bcdoxXneEfFgG%]?")


def _python_brace(text: str, spans: Spans) -> Spec:
    """Python str.format fields: a name or number with .attribute and [index] parts and
    an optional standard format spec. gettext compares whole fields: ``{a.b}`` is not
    ``{a}``, ``{x:>10}`` is not ``{x}``. (msgcat 0.21 keeps only ``{`` and the first name
    of a field on one line: those are the extents put in ``spans``.)"""
    names: dict[str, str] = {}
    whole: Spans = []
    i, n = 0, len(text)
    while i < n:
        if text[i] != "{":
            i += 1
            continue
        if text.startswith("{{", i):
            i += 2
            continue
        start = i
        i, name_end = _brace_field(text, i, top=True)
        names[text[start + 1:i - 1]] = ANY
        whole.append((start, i))
        spans.append((start, name_end + 1))
    return Spec(names, {}, tuple(whole))


def _brace_field(text: str, i: int, top: bool) -> tuple[int, int]:
    """Where the field starting at ``i`` ends, and where its first name ends."""
    m = _NAME_OR_NUMBER.match(text, i + 1)
    if m is None:
        raise FormatError("a field name must follow '{'")
    i = name_end = m.end()
    while i < len(text) and text[i] in ".[":
        if text[i] == ".":
            m = _NAME.match(text, i + 1)
            if m is None:
                raise FormatError("invalid attribute")
            i = m.end()
        else:
            m = _NAME_OR_NUMBER.match(text, i + 1)
            if m is None or not text.startswith("]", m.end()):
                raise FormatError("invalid index")
            i = m.end() + 1
    if text.startswith(":", i):
        if not top:
            raise FormatError("nested format spec")
        i += 1
        if text.startswith("{", i):
            i, _ = _brace_field(text, i, top=False)
        else:
            i = _STANDARD_SPEC.match(text, i).end()  # type: ignore[union-attr]
    if not text.startswith("}", i):
        raise FormatError("unterminated field")
    return i + 1, name_end


class _Arguments:
    """Positional arguments of printf-like formats: plain ones are numbered in order,
    %N$ ones by N, and the two ways exclude each other."""

    def __init__(self) -> None:
        self.numbered: dict[int, str] = {}
        self.count = 0
        self.explicit = False

    def take(self, number: int | None, kind: str) -> None:
        if number is None:
            if self.explicit:
                raise FormatError("numbered and unnumbered directives mixed")
            self.count += 1
            number = self.count
        else:
            if self.count or number == 0:
                raise FormatError("numbered and unnumbered directives mixed")
            self.explicit = True
        if self.numbered.get(number, kind) != kind:
            raise FormatError(f"argument {number} used in incompatible ways")
        self.numbered[number] = kind


_JS_TYPES = {"c": "char", "s": "str", "b": "int", "d": "int", "o": "int", "x": "int",
             "X": "int", "f": "float", "j": ANY}
_JS_DIRECTIVE = re.compile(r"%(?:(\d+)\$)?[-+ 0I]*\d*(?:\.\d*)?(.?)", re.DOTALL)


def _javascript(text: str, spans: Spans) -> Spec:
    args = _Arguments()
    for m in _JS_DIRECTIVE.finditer(text):
        conv = m.group(2)
        if not conv:
            raise FormatError("unterminated directive")
        if conv != "%":
            kind = _JS_TYPES.get(conv)
            if kind is None:
                raise FormatError(f"'{conv}' is not a valid conversion")
            args.take(int(m.group(1)) if m.group(1) else None, kind)
        spans.append(m.span())
    return Spec({}, args.numbered, tuple(spans))


_C_DIRECTIVE = re.compile(
    r"%(?:(\d+)\$)?[-+ #0'I]*(\*(?:\d+\$)?|\d+)?(?:\.(\*(?:\d+\$)?|\d*))?"
    r"(hh|h|ll|l|L|q|j|z|Z|t)?(.?)", re.DOTALL)
_C_TYPES = {"d": "int", "i": "int", "o": "unsigned", "u": "unsigned", "x": "unsigned",
            "X": "unsigned", "e": "double", "E": "double", "f": "double", "F": "double",
            "g": "double", "G": "double", "a": "double", "A": "double", "c": "char",
            "s": "string", "p": "pointer", "n": "count"}


def _c(text: str, spans: Spans) -> Spec:
    """C printf directives; a string of numbered directives may not skip an argument."""
    args = _Arguments()
    for m in _C_DIRECTIVE.finditer(text):
        conv = m.group(5)
        if not conv:
            raise FormatError("unterminated directive")
        if conv != "%":
            kind = _C_TYPES.get(conv)
            if kind is None:
                raise FormatError(f"'{conv}' is not a valid conversion")
            for star in (m.group(2), m.group(3)):
                if star and star.startswith("*"):
                    args.take(int(star[1:-1]) if len(star) > 1 else None, "int")
            size = m.group(4) or ""
            args.take(int(m.group(1)) if m.group(1) else None,
                      f"{kind}/{size}" if size else kind)
        spans.append(m.span())
    numbered = args.numbered
    if numbered and sorted(numbered) != list(range(1, max(numbered) + 1)):
        raise FormatError("an argument number is skipped")
    return Spec({}, numbered, tuple(spans))


Parser = Callable[[str, Spans], Spec]
PARSERS: dict[str, Parser] = {"c-format": _c, "objc-format": _c, "python-format": _python,
                              "python-brace-format": _python_brace,
                              "javascript-format": _javascript}

# gettext 0.21's table of formats, in its order: msgcat writes format flags in this order,
# and protects the directives of the first format an entry has.
ORDER = ("c", "objc", "python", "python-brace", "java", "java-printf", "csharp",
         "javascript", "scheme", "lisp", "elisp", "librep", "ruby", "sh", "awk", "lua",
         "object-pascal", "smalltalk", "qt", "qt-plural", "kde", "kde-kuit", "boost", "tcl",
         "perl", "perl-brace", "php", "gcc-internal", "gfc-internal", "ycp")


def parse(flag: str, text: str) -> Spec:
    """The directives of ``text`` read as ``flag`` (e.g. ``python-format``) says, or
    FormatError; KeyError for a flag not supported here."""
    return PARSERS[flag](text, [])


def unbreakable(flag: str, text: str) -> list[tuple[int, int]]:
    """The (start, end) extents of ``text`` msgcat never breaks a line inside: its
    directives, as far as it reads (gettext marks the directives before an invalid one,
    not after it); none for a flag not supported here."""
    parser = PARSERS.get(flag)
    found: Spans = []
    if parser is not None:
        with suppress(FormatError):
            parser(text, found)
    return found


def first_format(flags: list[str]) -> str | None:
    """The format flag (``X-format`` or ``possible-X-format``) first in gettext's table,
    which decides where msgcat must not break lines; None without one."""
    present = set(flags)
    for name in ORDER:
        if f"{name}-format" in present or f"possible-{name}-format" in present:
            return f"{name}-format"
    return None
