"""The checks `l10n check` runs, by stable name, and the problems they report.

Every check has a name that never changes (it appears in output, configuration and the
``# l10n-ignore: <name>, …`` comments that silence an entry), a default severity and a
one-line description.
"""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"
OFF = "off"
SEVERITIES = (ERROR, WARNING, OFF)


@dataclass(frozen=True)
class CheckInfo:
    name: str
    group: str  # completeness, staleness, validity, conventions or quality
    severity: str
    description: str


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    check: str
    severity: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: [{self.check}] {self.message}"


_ALL = [
    CheckInfo("completeness", "completeness", ERROR,
              "a catalog is translated below its required percentage"),
    CheckInfo("missing", "completeness", ERROR,
              "a target language has no catalog for an article"),
    CheckInfo("stale-pot", "staleness", ERROR,
              "the template differs from what 'l10n extract' would produce from the source"),
    CheckInfo("stale-po", "staleness", ERROR,
              "a catalog differs from what 'l10n update' would make of it"),
    CheckInfo("syntax", "validity", ERROR, "a catalog cannot be read"),
    CheckInfo("duplicate", "validity", ERROR, "the same msgctxt and msgid appear twice"),
    CheckInfo("header", "validity", ERROR, "the catalog has no header entry"),
    CheckInfo("header-fields", "validity", WARNING,
              "a header field msgfmt -c expects is missing, or Content-Type has no charset"),
    CheckInfo("plural-forms", "validity", ERROR,
              "Plural-Forms missing where plural entries need it, malformed, giving an "
              "index out of range, or a translated entry with another number of msgstr[n]"),
    CheckInfo("format", "validity", ERROR,
              "c-format, objc-format, python-format, python-brace-format or "
              "javascript-format directives that msgfmt -c refuses"),
    CheckInfo("newlines", "validity", ERROR,
              "msgid and msgstr do not both begin, or both end, with a newline"),
    CheckInfo("msgfmt", "validity", OFF,
              "what GNU msgfmt -c reports (runs msgfmt when installed; off by default)"),
    CheckInfo("language", "conventions", ERROR,
              "the Language header is missing or names another language than the "
              "catalog's folder"),
    CheckInfo("cldr-plurals", "conventions", WARNING,
              "Plural-Forms is valid but not the rule babel's CLDR data gives for the "
              "language"),
    CheckInfo("placeholders", "quality", ERROR,
              "placeholders such as {name}, %(name)s or %s differ"),
    CheckInfo("markup", "quality", ERROR,
              "inline HTML tags or Markdown (emphasis, code, links, images) differ"),
    CheckInfo("urls", "quality", ERROR, "URLs or e-mail addresses changed or missing"),
    CheckInfo("numbers", "quality", ERROR,
              "a number of the source is missing from the translation"),
    CheckInfo("punctuation", "quality", WARNING,
              "the sentence ends with a different kind of punctuation"),
    CheckInfo("whitespace", "quality", WARNING, "leading or trailing whitespace differs"),
    CheckInfo("identical", "quality", WARNING,
              "the translation is the source text unchanged"),
    CheckInfo("glossary", "quality", WARNING,
              "a glossary term of the source is not rendered as the glossary says"),
    CheckInfo("length", "quality", WARNING,
              "the translation is suspiciously short or long for its source"),
]
CHECKS: dict[str, CheckInfo] = {c.name: c for c in _ALL}
# A catalog with these problems cannot be read, and an unreadable catalog cannot pass the
# gate: they always run as errors, and the configuration may not switch them off or re-rate them.
FIXED = frozenset({"syntax", "duplicate"})
