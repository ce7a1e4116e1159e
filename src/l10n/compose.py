"""Composing localised articles: catalog lookup, fallback to the source text, and
locale-aware metadata (publication dates and numbers).

The format's hooks decide how a translation is inserted (escaped, or rejected when it
would break the document), how a fallback is marked and how the whole document is
finished (e.g. the HTML ``lang`` attribute and ``hreflang`` alternates).
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, get_date_format, get_month_names
from babel.numbers import format_decimal

from l10n.errors import SourceError
from l10n.formats import TextHooks
from l10n.model import Article, Catalog, Unit, render

# One alternate version of a document: (language code, href relative to the document).
Alternate = tuple[str, str]


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

    ``alternates`` reaches the format's ``finish`` hook (only when given, so hooks written
    without that keyword keep working). ``date_line`` localises the publication date on
    units it matches (see :func:`localise_date_line`).
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
    result.text = finish(hooks, body, article, target, alternates)
    return result


def finish(hooks: TextHooks, text: str, article: Article, target: str,
           alternates: Sequence[Alternate] | None = None) -> str:
    """Call the format's ``finish`` hook, passing ``alternates`` only when it is given."""
    if alternates is None:
        return hooks.finish(text, article, target=target)
    if not _accepts_alternates(type(hooks)):
        return hooks.finish(text, article, target=target)
    return hooks.finish(text, article, target=target, alternates=list(alternates))


@cache
def _accepts_alternates(cls: type) -> bool:
    try:
        params = inspect.signature(cls.finish).parameters
    except (TypeError, ValueError):
        return False
    return "alternates" in params or any(p.kind is p.VAR_KEYWORD for p in params.values())


# -- localised metadata


def _locale(lang: str) -> Locale:
    try:
        return Locale.parse(lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        raise SourceError(f"unknown language code {lang!r}") from None


@cache
def _date_pattern(lang: str) -> str:
    """The locale's long date pattern without a year abbreviation (``р.``, ``г.``)."""
    pattern = get_date_format("long", locale=_locale(lang)).pattern
    return re.sub(r"(y+)\s*'[^']*'\.?", r"\1", pattern).strip()


def parse_iso_date(iso_date: str, *, path: str | None = None, line: int | None = None) -> date:
    """A date from ISO 8601 text: ``2024-01-09`` or a timestamp (its date part is used)."""
    text = iso_date.strip()
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        pass
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise SourceError(f"not an ISO 8601 date: {iso_date!r}", path, line) from None


def localise_date(iso_date: str, lang: str) -> str:
    """Format an ISO 8601 date the way ``lang`` writes a publication date.

    ``localise_date("2024-01-09", "uk") == "9 січня 2024"``, ``"ru"`` gives
    ``"9 января 2024"`` and ``"en"`` gives ``"January 9, 2024"``. A timestamp
    (``2024-01-09T10:30:00+02:00``) is formatted by its date part, as written. Raises
    :class:`~l10n.errors.SourceError` (without a path: the caller knows the file) for text
    that is not an ISO date.
    """
    day = parse_iso_date(iso_date)
    return format_date(day, _date_pattern(lang), locale=_locale(lang))


def localise_number(value: str | int | float | Decimal, lang: str) -> str:
    """Format a number for ``lang``: ``1234567.5`` → ``1 234 567,5`` (uk, ru), ``1,234,567.5``
    (en). Text must be a plain machine number (``1234.5``); digits after the point are kept.
    """
    try:
        if isinstance(value, bool):
            raise InvalidOperation
        number = Decimal(value.strip() if isinstance(value, str) else str(value))
    except InvalidOperation:
        raise SourceError(f"not a number: {value!r}") from None
    if not number.is_finite():
        raise SourceError(f"not a number: {value!r}")
    exponent = number.as_tuple().exponent
    digits = max(0, -exponent) if isinstance(exponent, int) else 0
    fmt = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(number, format=fmt, locale=_locale(lang))


@cache
def _month_names(lang: str) -> dict[str, int]:
    names: dict[str, int] = {}
    locale = _locale(lang)
    for width in ("wide", "abbreviated"):
        for context in ("format", "stand-alone"):
            for number, name in get_month_names(width, context, locale).items():
                names.setdefault(name.lower().rstrip("."), number)
    return names


_ISO_IN_TEXT = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ][0-9:.+\-Z]+)?")


def read_date(text: str, lang: str) -> date | None:
    """A date written in ``text``: ISO 8601, or ``lang``'s words (``January 9th, 2024``,
    ``9 January 2024``). None when no complete date is found."""
    iso = _ISO_IN_TEXT.search(text)
    if iso:
        try:
            return parse_iso_date(iso.group())
        except SourceError:
            return None
    lowered = text.lower()
    month = None
    for name in sorted(_month_names(lang), key=len, reverse=True):
        found = re.search(rf"(?<!\w){re.escape(name)}\.?(?!\w)", lowered)
        if found:
            month = _month_names(lang)[name]
            lowered = lowered[:found.start()] + " " + lowered[found.end():]
            break
    year = re.search(r"(?<!\d)(\d{4})(?!\d)", lowered)
    if month is None or year is None:
        return None
    rest = lowered[:year.start()] + " " + lowered[year.end():]
    day = re.search(r"(?<!\d)(\d{1,2})(?!\d)", rest)
    if day is None:
        return None
    try:
        return date(int(year.group(1)), month, int(day.group(1)))
    except ValueError:
        return None


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
    day = read_date(written, source) if written else None
    if day is None:
        raise SourceError(f"date line: cannot read a date in {written or source_text!r} "
                          "(write it as 2024-01-09 or in words, e.g. 'January 9, 2024')",
                          path, line)
    if written not in text:
        return text, 0
    return text.replace(written, localise_date(day.isoformat(), target), 1), 1
