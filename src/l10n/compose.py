"""Composing localised articles: catalog lookup, fallback to the source text, and the
publication date of plain-text articles.

The format's hooks decide how a translation is inserted (escaped, or rejected when it
would break the document), how a fallback is marked and how the whole document is
finished (e.g. the HTML ``lang`` attribute, ``<time>`` texts and ``hreflang`` alternates).
The hooks have fixed keyword-only signatures (see :class:`l10n.formats.TextHooks`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from l10n.errors import SourceError
from l10n.formats import Alternate, TextHooks
from l10n.model import Article, Catalog, Unit, render

if TYPE_CHECKING:
    from l10n.dates import localise_date, localise_number, parse_iso_date, read_date

__all__ = ["Alternate", "Composition", "compose", "finish", "localise_date",
           "localise_date_line", "localise_number", "parse_iso_date", "read_date",
           "translations"]

# The date helpers were first documented here: re-exported, and imported (with babel's
# dates and time zones, a tenth of a build that rebuilds one article) when first used.
_FROM_DATES = ("localise_date", "localise_number", "parse_iso_date", "read_date")


def __getattr__(name: str) -> Any:
    if name in _FROM_DATES:
        from l10n import dates

        return getattr(dates, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

@dataclass
class Composition:
    text: str
    units: int
    fallbacks: int
    rejected: list[Unit] = field(default_factory=list)
    translated: int = 0  # units that got a translation (fuzzy ones included when used)
    fuzzy: int = 0  # of those, taken from fuzzy entries (only with use_fuzzy)
    dates: int = 0  # dates localised on date lines
    # Every unit in article order with the text composed for it and how it was obtained:
    # "translated", "fuzzy" (a fuzzy entry, only with use_fuzzy), "fallback" (no usable
    # entry) or "rejected" (the format refused the translation; the source stands in).
    placed: list[tuple[Unit, str, str]] = field(default_factory=list)

    @property
    def percent(self) -> float:
        """Share of the article's units that are published translated (0-100)."""
        return 100.0 * self.translated / self.units if self.units else 100.0


def translations(catalog: Catalog, use_fuzzy: bool = False) -> dict[str, str]:
    """msgid → msgstr for every usable singular entry (fuzzy ones only with ``use_fuzzy``)."""
    return {msgid: msgstr for msgid, (msgstr, _) in _table(catalog, use_fuzzy).items()}


def _table(catalog: Catalog, use_fuzzy: bool) -> dict[str, tuple[str, bool]]:
    table: dict[str, tuple[str, bool]] = {}
    for m in catalog.messages:
        if m.obsolete or m.msgid_plural is not None or not m.msgstr:
            continue
        if m.fuzzy and not use_fuzzy:
            continue
        # An entry without context is the article's own; a context-bound one only fills a gap.
        if m.msgctxt is None or m.msgid not in table:
            table[m.msgid] = (m.msgstr, m.fuzzy)
    return table


def compose(article: Article, catalog: Catalog, target: str, hooks: TextHooks | None = None,
            use_fuzzy: bool = False, *, alternates: Sequence[Alternate] | None = None,
            date_line: re.Pattern[str] | None = None) -> Composition:
    """Render ``article`` in ``target``; missing or rejected translations keep the source.

    ``alternates`` reaches the format's ``finish`` hook (empty unless hreflang links are
    wanted). ``date_line`` localises the publication date on units it matches (see
    :func:`localise_date_line`).
    """
    hooks = hooks or TextHooks()
    table = _table(catalog, use_fuzzy)
    result = Composition(text="", units=0, fallbacks=0)

    def lookup(unit: Unit) -> str:
        result.units += 1
        text, how = _lookup(unit)
        if date_line is not None:
            text, found = localise_date_line(text, unit.text, date_line, article.lang, target,
                                             path=article.path, line=unit.line)
            result.dates += found
        result.placed.append((unit, text, how))
        return text

    def _lookup(unit: Unit) -> tuple[str, str]:
        found = table.get(unit.text)
        if found is not None:
            inserted = hooks.insert(unit, found[0], target=target)
            if inserted is not None:
                result.translated += 1
                result.fuzzy += found[1]
                return inserted, "fuzzy" if found[1] else "translated"
            result.rejected.append(unit)
        result.fallbacks += 1
        return hooks.fallback(unit, source=article.lang, target=target), \
            "fallback" if found is None else "rejected"

    body = render(article, lookup)
    result.text = finish(hooks, body, article, target, alternates or ())
    return result


def finish(hooks: TextHooks, text: str, article: Article, target: str,
           alternates: Sequence[Alternate] = ()) -> str:
    """Call the format's ``finish`` hook (every keyword is always passed)."""
    return hooks.finish(text, article, target=target, alternates=tuple(alternates))


def localise_date_line(text: str, source_text: str, pattern: re.Pattern[str], source: str,
                       target: str, *, path: str | None = None,
                       line: int | None = None) -> tuple[str, int]:
    """Localise the publication date on a date line of a plain-text article.

    ``pattern`` is searched in the source unit ``source_text``; the date is its ``date``
    group, or, without that group, what follows the match (so a marker like ``Published:``
    works). The date, written in ISO form or in the source language's words, is replaced
    in ``text`` (the composed unit: translation or source) by ``target``'s long form.
    When the translator already wrote the date another way, their text is kept. Returns
    the text and the number of dates replaced (0 or 1).
    """
    found = pattern.search(source_text)
    if not found:
        return text, 0
    if "date" in pattern.groupindex:
        written = found.group("date") or ""
    else:
        written = source_text[found.end():]
    written = written.strip().rstrip(".")
    from l10n.dates import localise_date, read_date

    day = read_date(written, source) if written else None
    if day is None:
        raise SourceError(f"date line: cannot read a date in {written or source_text!r} "
                          "(write it as 2024-01-09 or in words, e.g. 'January 9, 2024')",
                          path, line)
    if written not in text:
        return text, 0
    return text.replace(written, localise_date(day.isoformat(), target), 1), 1
