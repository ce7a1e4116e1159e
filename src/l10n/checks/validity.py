"""What ``msgfmt -c`` checks, in Python: header, Plural-Forms, format directives, newlines.

Each function yields ``(check name, line, message)``. Like msgfmt, the directive and
newline checks skip fuzzy entries: they are not compiled into the .mo file.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

from l10n.languages import is_known
from l10n.model import Catalog, Message

Finding = tuple[str, int, str]

# Fields whose absence msgfmt -c warns about (Language and Content-Type are ours to require).
EXPECTED_FIELDS = ("Project-Id-Version", "PO-Revision-Date", "Last-Translator",
                   "Language-Team", "MIME-Version", "Content-Transfer-Encoding")
_PLURAL_FORMS_RE = re.compile(r"^\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*([^;]+);?\s*$")
_PLURAL_EXPR_RE = re.compile(r"^[\sn0-9()?:!=<>%&|+*/-]+$")


def header(catalog: Catalog, lang: str, header_line: int) -> Iterator[Finding]:
    if not catalog.headers:
        yield "header", 1, "no header entry (msgid \"\")"
        return
    ctype = catalog.headers.get("Content-Type")
    if ctype is None:
        yield "header", header_line, "header field 'Content-Type' missing"
    elif not re.search(r"charset=[\w-]+", ctype):
        yield "header", header_line, f"Content-Type has no charset: {ctype!r}"
    declared = catalog.headers.get("Language", "")
    if not declared:
        yield "header", header_line, "header field 'Language' missing or empty"
    elif not is_known(declared):
        yield "header", header_line, f"Language '{declared}' is not a known language code"
    elif declared.replace("-", "_") != lang.replace("-", "_"):
        yield "header", header_line, (f"Language header says '{declared}' but the catalog "
                                      f"is in the folder for '{lang}'")
    for name in EXPECTED_FIELDS:
        if name not in catalog.headers:
            yield "header-fields", header_line, f"header field '{name}' missing"


def plural_forms(catalog: Catalog, lang: str, expected: str,
                 header_line: int) -> Iterator[Finding]:
    """``expected`` is the language's own Plural-Forms value (from babel's CLDR data)."""
    plural_entries = [m for m in catalog.messages if m.msgid_plural is not None
                      and not m.obsolete]
    value = catalog.headers.get("Plural-Forms")
    if value is None:
        if plural_entries:
            yield "plural-forms", header_line, ("catalog has plural entries but no "
                                                "Plural-Forms header")
        return
    m = _PLURAL_FORMS_RE.match(value)
    if not m or not _PLURAL_EXPR_RE.match(m.group(2)) or int(m.group(1)) < 1:
        yield "plural-forms", header_line, f"malformed Plural-Forms: {value!r}"
        return
    nplurals = int(m.group(1))
    want = _PLURAL_FORMS_RE.match(expected)
    if want and int(want.group(1)) != nplurals:
        yield "plural-forms", header_line, (f"nplurals={nplurals} but '{lang}' has "
                                            f"{want.group(1)} plural forms ({expected})")
    for msg in plural_entries:
        if len(msg.msgstr_plural) != nplurals:
            yield "plural-forms", msg.lineno, (f"{len(msg.msgstr_plural)} msgstr[n] forms, "
                                               f"Plural-Forms says nplurals={nplurals}")


def pairs(msg: Message) -> Iterator[tuple[str, str]]:
    """(source, translation) pairs of a translated entry: msgstr[0] goes with msgid."""
    if msg.msgid_plural is None:
        if msg.msgstr:
            yield msg.msgid, msg.msgstr
        return
    for i, form in enumerate(msg.msgstr_plural):
        if form:
            yield (msg.msgid if i == 0 else msg.msgid_plural), form


def newlines(msg: Message) -> Iterator[Finding]:
    if msg.fuzzy:
        return
    for source, translation in pairs(msg):
        if source.startswith("\n") != translation.startswith("\n"):
            yield "newlines", msg.lineno, "msgid and msgstr do not both begin with '\\n'"
        if source.endswith("\n") != translation.endswith("\n"):
            yield "newlines", msg.lineno, "msgid and msgstr do not both end with '\\n'"


_C_DIRECTIVE = re.compile(r"%(?:(\d+)\$)?[-+ #0']*(?:\d+|\*)?(?:\.(?:\d+|\*))?"
                          r"(?:hh|h|ll|l|L|q|j|z|t)?([diouxXeEfFgGaAcspn%])")
_PY_DIRECTIVE = re.compile(r"%(?:\(([^)]*)\))?[-+ #0]*(?:\d+|\*)?(?:\.(?:\d+|\*))?"
                           r"[hlL]?([diouxXeEfFgGcrsa%])")
_BRACE_FIELD = re.compile(r"\{\{|\}\}|\{([^{}!:]*)(?:![rsa])?(?::[^{}]*)?\}")
_INT_TYPES = set("diouxXc")


def _c_signature(text: str) -> tuple[list[str], dict[int, str]]:
    plain: list[str] = []
    positional: dict[int, str] = {}
    for m in _C_DIRECTIVE.finditer(text):
        conv = m.group(2)
        if conv == "%":
            continue
        kind = "int" if conv in _INT_TYPES else conv
        if m.group(1):
            positional[int(m.group(1))] = kind
        else:
            plain.append(kind)
    return plain, positional


def _py_signature(text: str) -> tuple[list[str], dict[str, str]]:
    plain: list[str] = []
    named: dict[str, str] = {}
    for m in _PY_DIRECTIVE.finditer(text):
        conv = m.group(2)
        if conv == "%":
            continue
        kind = "int" if conv in _INT_TYPES else ("str" if conv in "rsa" else conv)
        if m.group(1) is not None:
            named[m.group(1)] = kind
        else:
            plain.append(kind)
    return plain, named


def _brace_fields(text: str) -> set[str]:
    return {m.group(1).split(".")[0].split("[")[0] for m in _BRACE_FIELD.finditer(text)
            if m.group(1) is not None}


def format_directives(msg: Message) -> Iterator[Finding]:
    if msg.fuzzy:
        return
    flags = set(msg.flags)
    for source, translation in pairs(msg):
        if "c-format" in flags:
            a, b = _c_signature(source), _c_signature(translation)
            if a != b and not (b[1] and not b[0] and sorted(b[1].values()) == sorted(a[0])
                               and len(a[0]) == len(b[1])):
                yield "format", msg.lineno, ("c-format directives differ: "
                                             f"{_show_c(a)} in msgid, {_show_c(b)} in msgstr")
        if "python-format" in flags:
            a2, b2 = _py_signature(source), _py_signature(translation)
            if a2 != b2:
                missing = sorted(set(a2[1]) - set(b2[1]))
                extra = sorted(set(b2[1]) - set(a2[1]))
                detail = ", ".join([f"missing %({n})" for n in missing]
                                   + [f"unknown %({n})" for n in extra]) or \
                    "number, order or type of directives differs"
                yield "format", msg.lineno, f"python-format: {detail}"
        if "python-brace-format" in flags:
            a3, b3 = _brace_fields(source), _brace_fields(translation)
            if a3 != b3:
                detail = ", ".join([f"missing {{{n}}}" for n in sorted(a3 - b3)]
                                   + [f"unknown {{{n}}}" for n in sorted(b3 - a3)])
                yield "format", msg.lineno, f"python-brace-format: {detail}"


def _show_c(sig: tuple[list[str], dict[int, str]]) -> str:
    plain, positional = sig
    parts = plain + [f"{k}${v}" for k, v in sorted(positional.items())]
    return "(" + ", ".join(parts) + ")" if parts else "none"


_MSGFMT_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+): (?P<msg>.*)$")


def run_msgfmt(path: Path, shown: str) -> Iterator[Finding]:
    """Run GNU ``msgfmt -c`` when it is installed; report its fatal findings."""
    exe = shutil.which("msgfmt")
    if exe is None:
        return
    proc = subprocess.run([exe, "-c", "-o", "/dev/null", str(path)], capture_output=True,
                          text=True, encoding="utf-8", errors="replace", check=False)
    if proc.returncode == 0:
        return
    for line in proc.stderr.splitlines():
        m = _MSGFMT_LINE.match(line)
        if m and not m.group("msg").startswith("warning:"):
            yield "msgfmt", int(m.group("line")), m.group("msg")
