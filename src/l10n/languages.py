"""Language codes and their gettext headers, from babel's CLDR data."""

from __future__ import annotations

from functools import cache

from babel import Locale, UnknownLocaleError
from babel.messages.plurals import get_plural


@cache
def is_known(code: str) -> bool:
    try:
        Locale.parse(code)
    except (UnknownLocaleError, ValueError, TypeError):
        return False
    return True


@cache
def plural_forms(code: str) -> str:
    """The Plural-Forms header value, e.g. three forms for uk and ru."""
    rule = get_plural(code)
    return f"nplurals={rule.num_plurals}; plural={rule.plural_expr};"


@cache
def display_name(code: str, in_lang: str = "en") -> str:
    return Locale.parse(code).get_display_name(in_lang) or code
