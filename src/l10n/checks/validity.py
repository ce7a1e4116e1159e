"""What ``msgfmt -c`` checks, in Python, and l10n's own conventions for catalog headers.

Each function yields ``(check name, line, message)``. The validity checks follow GNU
msgfmt (0.21) rule for rule, so that a catalog msgfmt refuses never passes and one it
accepts never fails them:

* a header entry must exist (``header``);
* ``Plural-Forms`` must be well formed, its expression must give an index below
  ``nplurals`` for every n, and every translated plural entry must have ``nplurals``
  forms (``plural-forms``);
* in translated, non-fuzzy entries, ``msgid`` and every ``msgstr`` must agree on leading
  and trailing newlines (``newlines``) and, where a ``*-format`` flag says so, on format
  directives (``format``). A plural form is compared with ``msgid_plural``; a form the
  plural rule uses for a few numbers only (n = 1) may leave directives out, as msgfmt
  allows (``%(num)d year`` → Hebrew ``שנה``).

The conventions are l10n's stricter rules, with their own check names: the ``Language``
header names the language of the catalog's folder (``language``; compared as languages:
``uk_UA`` in ``uk`` is fine), and ``Plural-Forms`` is the rule babel's CLDR data gives for
it (``cldr-plurals``, a warning: any valid rule is valid gettext).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from bisect import bisect_right
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from l10n.languages import (
    PluralForms,
    PluralFormsError,
    parse_plural_forms,
    plural_problems,
    plural_rule,
    same_language,
)
from l10n.model import Catalog, Message

Finding = tuple[str, int, str]

# Fields whose absence msgfmt -c warns about (Content-Type is also read for the charset).
EXPECTED_FIELDS = ("Project-Id-Version", "PO-Revision-Date", "Last-Translator",
                   "Language-Team", "MIME-Version", "Content-Type",
                   "Content-Transfer-Encoding")


def header(catalog: Catalog, lang: str, header_line: int) -> Iterator[Finding]:
    if not catalog.headers:
        yield "header", 1, "no header entry (msgid \"\" with the catalog's header fields)"
        return
    ctype = catalog.headers.get("Content-Type")
    for name in EXPECTED_FIELDS:
        if name not in catalog.headers:
            yield "header-fields", header_line, f"header field '{name}' missing"
    if ctype is not None and not re.search(r"charset=[\w-]+", ctype):
        yield "header-fields", header_line, f"Content-Type has no charset: {ctype!r}"
    declared = catalog.headers.get("Language", "").strip()
    if not declared:
        yield "language", header_line, (f"header field 'Language' missing or empty "
                                        f"(the folder says '{lang}')")
    elif not same_language(declared, lang):
        yield "language", header_line, (f"Language header says '{declared}' but the "
                                        f"catalog is in the folder for '{lang}'")


def plural_forms(catalog: Catalog, lang: str, header_line: int
                 ) -> tuple[PluralForms, list[Finding]]:
    """The catalog's plural rule (gettext's Germanic default when it has none) and the
    findings about it."""
    rule, problems = plural_problems(catalog)
    findings: list[Finding] = [("plural-forms", line or header_line, message)
                               for line, message in problems]
    value = catalog.headers.get("Plural-Forms")
    cldr = plural_rule(lang)
    if value is None or cldr is None or any(line == 0 for line, _ in problems):
        return rule, findings
    try:
        parse_plural_forms(value)
    except PluralFormsError as exc:  # tolerated by msgfmt while no entry is plural
        findings.append(("cldr-plurals", header_line, (
            f"{exc} (msgfmt lets it pass only while no entry has plural forms); the CLDR "
            f"rule for '{lang}' is {cldr.value}")))
        return rule, findings
    if not rule.same_rule(cldr):
        findings.append(("cldr-plurals", header_line, (
            f"Plural-Forms differs from the CLDR rule for '{lang}' (babel): "
            f"nplurals={rule.nplurals}; plural={rule.expression}; where CLDR has "
            f"{cldr.value}")))
    return rule, findings


def checked(msg: Message) -> bool:
    """Whether msgfmt checks an entry: not obsolete, not fuzzy, first msgstr not empty."""
    return msg.translated and msg.msgid != ""


def _forms(msg: Message) -> list[str]:
    return msg.msgstr_plural if msg.msgid_plural is not None else [msg.msgstr]


def newlines(msg: Message) -> Iterator[Finding]:
    """msgfmt's test: msgid_plural and every msgstr begin, and end, with a newline
    exactly when msgid does (an empty plural form counts as not ending with one)."""
    plural = msg.msgid_plural is not None
    begins, ends = msg.msgid.startswith("\n"), msg.msgid.endswith("\n")
    for where, begin_or_end, want, test in (
            ("begin", "begin", begins, lambda s: s.startswith("\n")),
            ("end", "end", ends, lambda s: s.endswith("\n"))):
        if plural and test(msg.msgid_plural or "") != want:
            yield "newlines", msg.lineno, (f"msgid and msgid_plural do not both "
                                           f"{begin_or_end} with '\\n'")
        for i, form in enumerate(_forms(msg)):
            if test(form) != want:
                name = f"msgstr[{i}]" if plural else "msgstr"
                yield "newlines", msg.lineno, (f"msgid and {name} do not both {where} "
                                               "with '\\n'")


# ------------------------------------------------------------------ format directives

class _Invalid(Exception):
    pass


@dataclass(frozen=True)
class _Spec:
    """The arguments a format string takes: by name, and by position (1-based)."""

    named: dict[str, str]
    numbered: dict[int, str]
    spans: tuple[tuple[int, int], ...]  # where the directives are


# A type that matches any other in a relaxed comparison (Python's %.0s).
_ANY = "any"


def _python(text: str) -> _Spec:
    """Python %-format, as gettext parses it (named and unnamed arguments exclude each
    other; unnamed ones are numbered in order)."""
    named: dict[str, str] = {}
    unnamed: list[str] = []
    spans: list[tuple[int, int]] = []
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
                raise _Invalid("unterminated directive")
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
            raise _Invalid("unterminated directive")
        conv = text[i]
        i += 1
        kind = {"%": None, "c": "char", "s": "str", "r": "str"}.get(conv, "")
        if kind == "":
            kind = "int" if conv in "iduoxX" else "float" if conv in "eEfgG" else "?"
        if kind == "?":
            raise _Invalid(f"'{conv}' is not a valid conversion")
        if kind == "str" and zero_precision:
            kind = _ANY
        spans.append((start, i))
        if kind is None:
            continue
        if name is not None:
            if unnamed:
                raise _Invalid("named and unnamed directives mixed")
            old = named.get(name)
            if old is not None and old != kind and _ANY not in (old, kind):
                raise _Invalid(f"argument '{name}' used in incompatible ways")
            named[name] = kind if old in (None, _ANY) else old
        else:
            if named:
                raise _Invalid("named and unnamed directives mixed")
            unnamed.append(kind)
    if named and unnamed:
        raise _Invalid("named and unnamed directives mixed")
    return _Spec(named, dict(enumerate(unnamed, 1)), tuple(spans))


_BRACE_NAME = re.compile(r"[A-Za-z_]\w*|\d+")


def _python_brace(text: str) -> _Spec:
    """Python str.format fields by name (gettext's reading: a field is a name or number
    with .attribute and [index] parts and an optional standard format spec)."""
    names: dict[str, str] = {}
    spans: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        if text[i] != "{":
            i += 1
            continue
        if text.startswith("{{", i):
            i += 2
            continue
        start = i
        i = _brace_field(text, i, names, top=True)
        spans.append((start, i))
    return _Spec(names, {}, tuple(spans))


def _brace_field(text: str, i: int, names: dict[str, str], top: bool) -> int:
    start = i
    m = _BRACE_NAME.match(text, i + 1)
    if m is None:
        raise _Invalid("a field name must follow '{'")
    i = m.end()
    while i < len(text) and text[i] in ".[":
        if text[i] == ".":
            m = re.compile(r"[A-Za-z_]\w*").match(text, i + 1)
            if m is None:
                raise _Invalid("invalid attribute")
            i = m.end()
        else:
            m = _BRACE_NAME.match(text, i + 1)
            if m is None or not text.startswith("]", m.end()):
                raise _Invalid("invalid index")
            i = m.end() + 1
    if text.startswith(":", i):
        if not top:
            raise _Invalid("nested format spec")
        i += 1
        if text.startswith("{", i):
            i = _brace_field(text, i, {}, top=False)
        else:
            spec = re.compile(r"(?:.?[<>=^])?[-+ ]?#?0?\d*(?:\.\d+)?[bcdoxXneEfFgG%]?")
            i = spec.match(text, i).end()  # type: ignore[union-attr]
    if not text.startswith("}", i):
        raise _Invalid("unterminated field")
    if top:  # gettext compares the whole field: {a.b} is not {a}, {x:>10} is not {x}
        names[text[start + 1:i]] = "any"
    return i + 1


_JS_TYPES = {"c": "char", "s": "str", "b": "int", "d": "int", "o": "int", "x": "int",
             "X": "int", "f": "float", "j": _ANY}
_JS_DIRECTIVE = re.compile(r"%(?:(\d+)\$)?[-+ 0I]*\d*(?:\.\d*)?(.?)", re.DOTALL)


def _javascript(text: str) -> _Spec:
    numbered: dict[int, str] = {}
    spans: list[tuple[int, int]] = []
    count = 0
    explicit = False
    for m in _JS_DIRECTIVE.finditer(text):
        conv = m.group(2)
        if not conv:
            raise _Invalid("unterminated directive")
        spans.append(m.span())
        if conv == "%":
            continue
        kind = _JS_TYPES.get(conv)
        if kind is None:
            raise _Invalid(f"'{conv}' is not a valid conversion")
        if m.group(1):
            number = int(m.group(1))
            if number == 0 or count:
                raise _Invalid("invalid argument number")
            explicit = True
        else:
            if explicit:
                raise _Invalid("numbered and unnumbered directives mixed")
            count += 1
            number = count
        if numbered.get(number, kind) != kind:
            raise _Invalid(f"argument {number} used in incompatible ways")
        numbered[number] = kind
    return _Spec({}, numbered, tuple(spans))


_C_DIRECTIVE = re.compile(
    r"%(?:(\d+)\$)?[-+ #0'I]*(\*(?:\d+\$)?|\d+)?(?:\.(\*(?:\d+\$)?|\d*))?"
    r"(hh|h|ll|l|L|q|j|z|Z|t)?(.?)", re.DOTALL)
_C_TYPES = {"d": "int", "i": "int", "o": "unsigned", "u": "unsigned", "x": "unsigned",
            "X": "unsigned", "e": "double", "E": "double", "f": "double", "F": "double",
            "g": "double", "G": "double", "a": "double", "A": "double", "c": "char",
            "s": "string", "p": "pointer", "n": "count"}


def _c(text: str) -> _Spec:
    """C printf directives; positions %1$s and plain ones exclude each other, and a
    numbered string may not skip an argument."""
    numbered: dict[int, str] = {}
    spans: list[tuple[int, int]] = []
    count = 0
    explicit = False

    def take(number: int | None, kind: str) -> None:
        nonlocal count, explicit
        if number is None:
            if explicit:
                raise _Invalid("numbered and unnumbered directives mixed")
            count += 1
            number = count
        else:
            if count or number == 0:
                raise _Invalid("numbered and unnumbered directives mixed")
            explicit = True
        if numbered.get(number, kind) != kind:
            raise _Invalid(f"argument {number} used in incompatible ways")
        numbered[number] = kind

    for m in _C_DIRECTIVE.finditer(text):
        conv = m.group(5)
        if not conv:
            raise _Invalid("unterminated directive")
        spans.append(m.span())
        if conv == "%":
            continue
        kind = _C_TYPES.get(conv)
        if kind is None:
            raise _Invalid(f"'{conv}' is not a valid conversion")
        number = int(m.group(1)) if m.group(1) else None
        for star in (m.group(2), m.group(3)):
            if star and star.startswith("*"):
                take(int(star[1:-1]) if len(star) > 1 else None, "int")
        size = m.group(4) or ""
        take(number, f"{kind}{'/' + size if size else ''}")
    if numbered and sorted(numbered) != list(range(1, max(numbered) + 1)):
        raise _Invalid("an argument number is skipped")
    return _Spec({}, numbered, tuple(spans))


Parser = Callable[[str], _Spec]
# The format flags checked here, as msgfmt checks them; others are left to the msgfmt check.
FORMATS: dict[str, Parser] = {"c-format": _c, "objc-format": _c, "python-format": _python,
                              "python-brace-format": _python_brace,
                              "javascript-format": _javascript}


def _compare(flag: str, want: _Spec, have: _Spec, strict: bool, where: str) -> str | None:
    """msgfmt's verdict on a translation's directives (None when it accepts them)."""
    if flag == "python-format":
        if want.named and have.numbered:
            return f"{where} uses unnamed directives where msgid has named ones"
        if want.numbered and have.named:
            return f"{where} uses named directives where msgid has unnamed ones"
        if want.numbered or have.numbered:
            if len(want.numbered) != len(have.numbered):
                return f"number of directives in msgid and {where} differs"
            return _types(want.numbered, have.numbered, strict, where)
    if flag == "python-brace-format":
        if strict and set(want.named) != set(have.named):
            return _names(set(want.named), set(have.named), where, "{%s}")
        return None
    if flag in ("c-format", "objc-format"):
        a, b = len(want.numbered), len(have.numbered)
        if (a != b) if strict else (a < b):
            return f"number of directives in msgid and {where} differs ({a} and {b})"
        return _types(want.numbered, have.numbered, True, where)
    # named (python-format) or numbered (javascript-format) arguments
    a_keys, b_keys = set(want.named or want.numbered), set(have.named or have.numbered)
    fmt = "%%(%s)" if flag == "python-format" else "argument %s"
    if b_keys - a_keys or (strict and a_keys - b_keys):
        return _names(a_keys, b_keys, where, fmt)
    return _types(want.named or want.numbered, have.named or have.numbered, strict, where)


def _names(want: set, have: set, where: str, fmt: str) -> str:
    parts = [f"{fmt % k} missing" for k in sorted(want - have, key=str)]
    parts += [f"{fmt % k} not in msgid" for k in sorted(have - want, key=str)]
    return f"{where}: " + ", ".join(parts)


def _types(want: dict, have: dict, strict: bool, where: str) -> str | None:
    for key, kind in have.items():
        other = want.get(key)
        if other is not None and other != kind and (strict or _ANY not in (other, kind)):
            return f"{where}: directive for argument {key} is {kind}, msgid's is {other}"
    return None


def format_directives(msg: Message, rule: PluralForms) -> Iterator[Finding]:
    """msgfmt's format check of a checked entry (see ``checked``)."""
    plural = msg.msgid_plural is not None
    source = msg.msgid_plural if plural else msg.msgid
    forms = _forms(msg)
    for flag in msg.flags:
        parse = FORMATS.get(flag)
        if parse is None or f"no-{flag}" in msg.flags:
            continue
        try:
            want = parse(source or "")
        except _Invalid:
            continue  # msgid is not a format string of this kind: nothing to compare
        for i, form in enumerate(forms):
            where = f"msgstr[{i}]" if plural else "msgstr"
            # Strict unless the plural rule uses this form for a few numbers only.
            strict = not plural or len(forms) < 2 or rule.often(i)
            try:
                have = parse(form)
            except _Invalid as exc:
                yield "format", msg.lineno, f"{flag}: {where} is not a valid format " \
                                            f"string ({exc})"
                continue
            problem = _compare(flag, want, have, strict, where)
            if problem:
                yield "format", msg.lineno, f"{flag}: {problem}"


def directive_spans(text: str, flags: list[str]) -> list[tuple[int, int]]:
    """Where the directives of the entry's format flags are in ``text`` (none when the
    text is not a valid format string of that kind)."""
    spans: list[tuple[int, int]] = []
    for flag in flags:
        parse = FORMATS.get(flag)
        if parse is not None:
            with suppress(_Invalid):
                spans.extend(parse(text).spans)
    return spans


# ------------------------------------------------------------------ quality pairs

def pairs(msg: Message, rule: PluralForms) -> Iterator[tuple[str, str, bool]]:
    """(source, translation, few) for each non-empty form of a translated entry.

    A plural form is compared with ``msgid`` when the rule uses it for n = 1 only, else
    with ``msgid_plural``; ``few`` is true for a form used for a few numbers only, which
    may leave the number out (``%(num)d year`` → Hebrew ``שנה``, ``0 of %(cnt)s`` →
    Arabic "none of").
    """
    if msg.msgid_plural is None:
        if msg.msgstr:
            yield msg.msgid, msg.msgstr, False
        return
    for i, form in enumerate(msg.msgstr_plural):
        if form:
            single = rule.only_for(i) == 1
            yield (msg.msgid if single else msg.msgid_plural), form, not rule.often(i)


# ------------------------------------------------------------------ GNU msgfmt itself

_MSGFMT_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+): (?P<msg>.*)$")


def run_msgfmt(path: Path, shown: str, catalog: Catalog | None = None) -> Iterator[Finding]:
    """Run GNU ``msgfmt -c`` when it is installed and report its fatal findings, each at
    the first line of the entry msgfmt names (msgfmt gives the line of a msgstr)."""
    exe = shutil.which("msgfmt")
    if exe is None:
        return
    proc = subprocess.run([exe, "-c", "-o", "/dev/null", str(path)], capture_output=True,
                          text=True, encoding="utf-8", errors="replace", check=False)
    if proc.returncode == 0:
        return
    starts = sorted(m.lineno for m in catalog.messages if m.lineno) if catalog else []
    for line in proc.stderr.splitlines():
        m = _MSGFMT_LINE.match(line)
        if m and not m.group("msg").startswith("warning:"):
            yield "msgfmt", _entry_start(starts, int(m.group("line"))), m.group("msg")


def _entry_start(starts: list[int], line: int) -> int:
    """The first line of the entry that contains ``line`` (the line itself when it
    comes before every entry, e.g. in the header)."""
    at = bisect_right(starts, line)
    return starts[at - 1] if at else line
