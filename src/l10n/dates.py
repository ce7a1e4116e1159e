"""Dates and numbers the way a language writes them (babel's CLDR data). No I/O.

Formats use these when they finish a composed document (the visible text of an HTML
``<time datetime>``, a human-readable front-matter date); the compose step uses them for
the date line of plain-text articles.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.dates import (
    format_date,
    format_time,
    get_date_format,
    get_datetime_format,
    get_day_names,
    get_month_names,
)
from babel.numbers import format_decimal

from l10n.errors import SourceError


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


@cache
def _day_words(lang: str) -> frozenset[str]:
    """Month and weekday names of ``lang`` (all widths), lower-cased, without dots."""
    locale = _locale(lang)
    words: set[str] = set(_month_names(lang))
    for width in ("wide", "abbreviated", "short"):
        for context in ("format", "stand-alone"):
            words.update(n.lower().rstrip(".") for n in get_day_names(width, context, locale)
                         .values())
    period = locale.day_periods.get("format", {}).get("abbreviated", {})
    words.update(str(v).lower().replace(".", "") for v in period.values())
    words.update(("am", "pm", "utc", "gmt", "at", "of", "the", "st", "nd", "rd", "th"))
    return frozenset(words)


_WORD = re.compile(r"[^\W\d_]+(?:\.[^\W\d_]+)*\.?")
_TIME_OF_DAY = re.compile(r"(?<!\d)\d{1,2}:\d{2}(?!\d)")
_CLOCK = re.compile(r"(?<![\d-])(\d{1,2}):(\d{2})(?!\d)(?::\d{2})?\s*([AaPp]\.?[Mm]\.?)?")


def is_plain_date(text: str, lang: str) -> bool:
    """Whether ``text`` says a date (and maybe a time of day) and nothing else, in ``lang``
    or in ISO form: ``December 3, 2025``, ``Wed 3 Dec 2025, 10:30``, ``2025-12-03``. Text
    with other words (``Updated December 3``) is not."""
    if read_date(text, lang) is None:
        return False
    words = _day_words(lang)
    return all(w.group().lower().replace(".", "") in words for w in _WORD.finditer(text)
               if not _ISO_IN_TEXT.fullmatch(w.group()))


def localise_moment(machine: str, shown: str, source: str, target: str) -> str | None:
    """The text of an HTML ``<time>`` in ``target``: the date (and the time of day when
    ``shown`` has one) of the machine-readable ``machine`` value (its ``datetime``
    attribute, or the text itself). None when ``shown`` is more than a date in
    ``source``'s words, or ``machine`` is not an ISO date or timestamp."""
    if not is_plain_date(shown, source):
        return None
    text = machine.strip()
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        try:
            moment = datetime.combine(date.fromisoformat(text), datetime.min.time())
        except ValueError:
            return None
    # What readers were shown wins over the machine value (which may be in another zone).
    shown_day = read_date(shown, source) or moment.date()
    day = format_date(shown_day, _date_pattern(target), locale=_locale(target))
    clock_match = _CLOCK.search(shown)
    if clock_match is None:
        return day
    hour, minute = int(clock_match.group(1)), int(clock_match.group(2))
    period = (clock_match.group(3) or "").lower().replace(".", "")
    if period == "pm" and hour < 12:
        hour += 12
    elif period == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return day
    clock = format_time(time(hour, minute), "short", locale=_locale(target))
    combined = get_datetime_format("medium", locale=_locale(target))
    return str(combined).replace("{1}", day).replace("{0}", clock)
