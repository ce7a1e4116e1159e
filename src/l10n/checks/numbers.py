"""Numbers in a sentence as values, so that a source and its translation can be compared.

``3.5`` (English) and ``3,5`` (Ukrainian) are the same value; so are ``1,000`` and
``1 000``, ``2 million`` and ``2 млн``, ``9th`` and ``9``. Digits glued to letters in front
(``G7``, ``F-16``, ``COVID-19``) are codes, not quantities, and are left out: a translation
may legitimately render them differently ("Group of Seven").
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import cache, lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from decimal import Decimal

    # A quantity: an int when it is whole (most are: cheaper than Decimal), a Decimal
    # when it has a fraction. The two compare and hash alike (Decimal("3E+3") == 3000).
    Number = int | Decimal

# babel (number symbols) and decimal (fractions) are imported when a translation with
# numbers is checked: a build of untranslated catalogs never needs them.

# Multipliers written after a number. Word stems cover the inflected forms
# (мільйони, мільйонів, миллиона...).
_SCALES: list[tuple[str, int]] = [
    (r"thousands?|тис\.?|тисяч\w*|тыс\.?|тысяч\w*|k(?![\w])", 3),
    (r"millions?|mln|mn|млн\.?|мільйон\w*|миллион\w*", 6),
    (r"billions?|bn|млрд\.?|мільярд\w*|миллиард\w*", 9),
    (r"trillions?|трлн\.?|трильйон\w*|триллион\w*", 12),
]
_SCALE_RE = re.compile(
    r"[ \u00a0\u202f]?(" + "|".join(f"(?P<e{exp}>{words})" for words, exp in _SCALES) + r")",
    re.IGNORECASE)

# Day.month.year and day/month/year dates are not a decimal and a year: the day and the year
# count, the month does not (a translation may name it: 09.01.2024 → 9 січня 2024).
_DATE_RE = re.compile(r"(?<![\d.,])(\d{1,2})[./](\d{1,2})[./](\d{2,4})(?![\d])")
_NON_DIGITS = re.compile(r"\D")
_SPACES = " \u00a0\u202f\u2009"
# Not preceded by a letter, nor by a letter and a hyphen (codes such as G7 and F-16), nor by
# another digit or separator (the middle of a number).
_LEAD = r"(?<![^\W_])(?<![^\W\d_][-\u2010\u2011])(?<![\d][.,])"


@cache
def _number_re(lang: str) -> re.Pattern[str]:
    from babel import Locale, UnknownLocaleError

    decimal, group, primary, secondary = ".", ",", 3, 3
    try:
        locale = Locale.parse(lang)
        symbols = locale.number_symbols
        symbols = symbols.get("latn", symbols)
        decimal, group = symbols["decimal"], symbols["group"]
        pattern = locale.decimal_formats.get(None)
        if pattern is not None:  # Indian grouping: 12,34,567
            primary, secondary = pattern.grouping[0] or 3, pattern.grouping[1] or 3
    except (UnknownLocaleError, ValueError, TypeError, KeyError, IndexError,
            AttributeError):
        pass
    # A language whose thousands separator is "." (de, nl, da, id, pt, el...) reads
    # "3.500" as 3500 and "3.5" as 3.5: grouping in threes is tried first.
    groups = set(group or ",") | (set(_SPACES) if group in _SPACES else set())
    if group in ("'", "\u2019"):  # Swiss 1'200, typeset 1’200
        groups |= {"'", "\u2019"}
    decimals = set(decimal or ".") | {"."}  # a point is common in any language's news copy
    g = "[" + "".join(map(re.escape, sorted(groups))) + "]"
    d = "[" + "".join(map(re.escape, sorted(decimals))) + "]"
    # An apostrophe between digits is never a decimal mark, so a long leading group is
    # still one number (babel writes 10**9 as "1000000'000" in the Swiss locales).
    lead = "+" if group in ("'", "\u2019") else "{1,3}"
    grouped = rf"\d{lead}(?:{g}\d{{3}})+(?!\d|{g}\d)"
    if (primary, secondary) != (3, 3):
        grouped = (rf"\d{{1,{secondary}}}(?:{g}\d{{{secondary}}})*{g}\d{{{primary}}}"
                   rf"(?!\d|{g}\d)|" + grouped)
    return re.compile(_LEAD + rf"({grouped}|\d+)(?:{d}(\d+))?")


@lru_cache(maxsize=4096)  # a source sentence is read once per target language
def numbers(text: str, lang: str) -> tuple[tuple[Number, str], ...]:
    """The quantities written in ``text`` with digits, each scaled by a following word,
    with the text they were read from."""
    found: list[tuple[Number, str]] = []
    if "." in text or "/" in text:
        for m in _DATE_RE.finditer(text):
            found += [(int(part), part) for part in (m.group(1), m.group(3))]
        if found:
            text = _DATE_RE.sub(" ", text)
    for m in _number_re(lang).finditer(text):
        whole, fraction = m.group(1), m.group(2)
        if not whole.isdigit():
            whole = _NON_DIGITS.sub("", whole)
        if fraction:
            from decimal import Decimal

            value: Number = Decimal(f"{whole}.{fraction}")
        else:
            value = int(whole)
        end = m.end()
        scale = _SCALE_RE.match(text, end)
        if scale:
            exp = next(int(k[1:]) for k, v in scale.groupdict().items() if v)
            value *= 10 ** exp
            end = scale.end()
        if not isinstance(value, int):  # a Decimal
            value = int(value) if value == value.to_integral_value() else value.normalize()
        found.append((value, text[m.start():end]))
    return tuple(found)


def missing_numbers(source: str, source_lang: str, translation: str,
                    target_lang: str) -> list[str]:
    """Numbers of the source (as written there) whose value the translation lacks.

    A value not found among the translation's numbers may still stand there as a bare run
    of digits (a phone number "+380 44 123 45 67" is not "44 123" grouped) or as a Roman
    numeral ("20th century" → "XX століття"); neither is an error.
    """
    # Every number is compared by value: runs of digits alone would take "5,3 %" for a
    # translation of "3.5%". The order may differ ("3 of 5" is "5人中3人" in Japanese).
    unused: dict[Number, list[str]] = defaultdict(list)  # the translation's numbers
    for value, written in numbers(translation, target_lang):
        unused[value].append(written)
    used_runs: Counter[Number] = Counter()
    left: list[tuple[Number, str]] = []
    for value, written in numbers(source, source_lang):
        if unused[value]:
            used_runs.update(int(run) for run in _DIGIT_RUN.findall(unused[value].pop()))
        else:
            left.append((value, written))
    if not left:
        return []
    # Only digits no matched number has claimed may stand in ("353,2" gives no "2").
    loose = _loose_numbers(translation) - used_runs
    out: list[str] = []
    for value, written in left:
        if loose[value]:
            loose[value] -= 1
        else:
            out.append(written)
    return out


_DIGIT_RUN = re.compile(r"\d+")
_ROMAN_RE = re.compile(r"(?<![^\W\d_])[IVXLCDM]{1,7}(?![^\W\d_])")
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def _loose_numbers(text: str) -> Counter[Number]:
    found: Counter[Number] = Counter(int(run) for run in _DIGIT_RUN.findall(text))
    for numeral in _ROMAN_RE.findall(text):
        total = 0
        for i, ch in enumerate(numeral):
            value = _ROMAN[ch]
            following = _ROMAN[numeral[i + 1]] if i + 1 < len(numeral) else 0
            total += -value if value < following else value
        found[total] += 1
    return found
