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
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path

from l10n.formatstrings import ANY, PARSERS, FormatError, Spec, parse
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

def _compare(flag: str, want: Spec, have: Spec, strict: bool, where: str) -> str | None:
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
        if other is not None and other != kind and (strict or ANY not in (other, kind)):
            return f"{where}: directive for argument {key} is {kind}, msgid's is {other}"
    return None


def format_directives(msg: Message, rule: PluralForms) -> Iterator[Finding]:
    """msgfmt's format check of a checked entry (see ``checked``)."""
    plural = msg.msgid_plural is not None
    source = msg.msgid_plural if plural else msg.msgid
    forms = _forms(msg)
    for flag in msg.flags:
        if flag not in PARSERS or f"no-{flag}" in msg.flags:
            continue
        try:
            want = parse(flag, source or "")
        except FormatError:
            continue  # msgid is not a format string of this kind: nothing to compare
        for i, form in enumerate(forms):
            where = f"msgstr[{i}]" if plural else "msgstr"
            # Strict unless the plural rule uses this form for a few numbers only.
            strict = not plural or len(forms) < 2 or rule.often(i)
            try:
                have = parse(flag, form)
            except FormatError as exc:
                yield "format", msg.lineno, f"{flag}: {where} is not a valid format " \
                                            f"string ({exc})"
                continue
            problem = _compare(flag, want, have, strict, where)
            if problem:
                yield "format", msg.lineno, f"{flag}: {problem}"


def directive_spans(text: str, flags: list[str]) -> list[tuple[int, int]]:
    """Where the directives of the entry's format flags are in ``text`` (none when the
    text is not a valid format string of that kind)."""
    found: list[tuple[int, int]] = []
    for flag in flags:
        if flag in PARSERS:
            with suppress(FormatError):
                found.extend(parse(flag, text).spans)
    return found


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
