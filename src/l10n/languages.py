"""Language codes, their plural rules and gettext headers, from babel's CLDR data.

This is the one place that reads a ``Plural-Forms`` header and the one place that decides
whether two language codes name the same language (``uk_UA`` and ``uk``, ``zh_CN`` and
``zh_Hans``, ``sr@latin`` and ``sr_Latn``). A ``Plural-Forms`` value is judged the way GNU
``msgfmt -c`` judges it: any well-formed rule whose expression gives valid indices is
valid gettext, whether or not it is the rule babel's data gives for the language
(gettext's own Ukrainian rule has three forms; Transifex and Weblate often write four).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from l10n.model import Catalog

# babel is imported where its data is needed: importing it costs 20 ms, a tenth of a
# build with nothing to do, which only checks the configuration's language codes.


@cache
def is_known(code: str) -> bool:
    """Whether babel's CLDR data knows the language ``code``."""
    if _has_data_file(code):  # babel would parse it: found without importing babel
        return True
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(code)
    except (UnknownLocaleError, ValueError, TypeError):
        return False
    return True


def _has_data_file(code: str) -> bool:
    """Whether ``code`` is the name of one of babel's locale data files
    (``babel/locale-data/<code>.dat``, every one of which ``Locale.parse`` accepts)."""
    folder = _babel_data_folder()
    parts = code.split("_")
    return folder is not None and code.isascii() and all(p.isalnum() for p in parts) \
        and os.path.isfile(os.path.join(folder, f"{code}.dat"))


@cache
def _babel_data_folder() -> str | None:
    from importlib.util import find_spec

    spec = find_spec("babel")
    places = list(spec.submodule_search_locations or []) if spec is not None else []
    return os.path.join(places[0], "locale-data") if places else None


@cache
def plural_forms(code: str) -> str:
    """The Plural-Forms header value babel's data gives, e.g. three forms for uk and ru."""
    from babel.messages.plurals import get_plural  # on first use: a costly import

    rule = get_plural(code)
    return f"nplurals={rule.num_plurals}; plural={rule.plural_expr};"


@cache
def display_name(code: str, in_lang: str = "en") -> str:
    from babel import Locale

    return Locale.parse(code).get_display_name(in_lang) or code


# ------------------------------------------------------------------ one language, two codes

# gettext's @modifiers that name a script (``sr@latin``, ``uz@cyrillic``).
_MODIFIER_SCRIPTS = {"latin": "Latn", "cyrillic": "Cyrl", "arabic": "Arab",
                     "devanagari": "Deva", "hebrew": "Hebr", "greek": "Grek",
                     "hans": "Hans", "hant": "Hant"}


@dataclass(frozen=True)
class _Tags:
    language: str
    script: str | None  # explicit or implied by the language and region
    territory: str | None  # only when the code gives one
    variant: str | None  # a modifier that is not a script (ca@valencia), or a variant


@cache
def _tags(code: str) -> _Tags | None:
    base = code.strip().split(".", 1)[0]  # zh_TW.Big5: the charset is not the language
    base, _, modifier = base.partition("@")
    modifier = modifier.lower()
    from babel import Locale, UnknownLocaleError
    from babel.core import get_global

    try:
        locale = Locale.parse(base.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return None
    script = locale.script or _MODIFIER_SCRIPTS.get(modifier)
    if script is None:
        likely = get_global("likely_subtags")
        guess = (likely.get(f"{locale.language}_{locale.territory}") if locale.territory
                 else None) or likely.get(locale.language)
        if guess:
            parts = guess.split("_")
            script = next((p for p in parts[1:] if len(p) == 4), None)
    variant = locale.variant or (modifier if modifier and modifier not in _MODIFIER_SCRIPTS
                                 else None)
    return _Tags(locale.language, script, locale.territory, variant)


def same_language(declared: str, expected: str) -> bool:
    """Whether two codes name the same language: the same language in the same script;
    a region or variant counts only when both codes give one (``uk_UA`` is ``uk``,
    ``zh_CN`` is ``zh_Hans``, ``sr@latin`` is ``sr_Latn``; ``pt_PT`` is not ``pt_BR``
    and ``zh_TW`` is not ``zh_Hans``). Codes babel does not know are compared as written
    (ignoring case, ``-`` for ``_`` and a ``.charset``)."""
    a, b = _tags(declared), _tags(expected)
    if a is None or b is None:
        def norm(code: str) -> str:
            return code.strip().split(".", 1)[0].replace("-", "_").lower()
        return norm(declared) == norm(expected)
    if a.language != b.language or (a.script and b.script and a.script != b.script):
        return False
    if a.territory and b.territory and a.territory != b.territory:
        return False
    return not (a.variant and b.variant and a.variant != b.variant)


# ------------------------------------------------------------------ plural rules

_MASK = (1 << 64) - 1  # msgfmt computes in unsigned long
# msgfmt evaluates a rule for n = 0 .. 1000 and takes a form seen 5 times as used for
# infinitely many n ("often"); other forms are for a few numbers only (n = 1, n = 2...).
_CHECKED = range(1001)
_OFTEN = 5


class PluralFormsError(ValueError):
    """A Plural-Forms value that msgfmt refuses. ``incomplete`` when ``nplurals=`` or
    ``plural=`` is missing, which msgfmt tolerates in a catalog without plural entries."""

    def __init__(self, message: str, incomplete: bool = False):
        super().__init__(message)
        self.incomplete = incomplete


class _Syntax(Exception):
    pass


class _DivisionByZero(Exception):
    pass


_TOKEN = re.compile(r"[ \t]*(?:(\d+)|(n)|(==|!=|<=|>=|&&|\|\||[-+*/%<>!?:()])|(;|\n|$)|(.))")
Node = Callable[[int], int]


def _compile(expression: str) -> tuple[Node, int]:
    """The rule as a function of n, and where the expression ended (at ``;``, a line
    break or the end), for gettext's C grammar: ``?:``, ``||``, ``&&``, ``== !=``,
    ``< > <= >=``, ``+ -``, ``* / %``, ``!``, ``n``, numbers and parentheses."""
    tokens: list[str] = []
    end = len(expression)
    pos = 0
    while True:
        m = _TOKEN.match(expression, pos)
        if m is None or m.group(5) is not None:
            raise _Syntax
        if m.group(4) is not None:
            end = m.start(4)
            break
        tokens.append(m.group(1) or m.group(2) or m.group(3))
        pos = m.end()
    at = 0

    def peek() -> str | None:
        return tokens[at] if at < len(tokens) else None

    def take(expected: str | None = None) -> str:
        nonlocal at
        token = peek()
        if token is None or (expected is not None and token != expected):
            raise _Syntax
        at += 1
        return token

    def ternary() -> Node:
        cond = binary(0)
        if peek() != "?":
            return cond
        take("?")
        yes = ternary()
        take(":")
        no = ternary()
        return lambda n: yes(n) if cond(n) else no(n)

    def binary(level: int) -> Node:
        if level == len(_LEVELS):
            return unary()
        left = binary(level + 1)
        while peek() in _LEVELS[level]:
            left = _operator(take(), left, binary(level + 1))
        return left

    def unary() -> Node:
        token = take()
        if token == "!":
            inner = unary()
            return lambda n: 0 if inner(n) else 1
        if token == "n":
            return lambda n: n
        if token.isdigit():
            value = int(token) & _MASK
            return lambda n: value
        if token == "(":
            inner = ternary()
            take(")")
            return inner
        raise _Syntax

    node = ternary()
    if at != len(tokens):
        raise _Syntax
    return node, end


_LEVELS = (("||",), ("&&",), ("==", "!="), ("<", ">", "<=", ">="), ("+", "-"),
           ("*", "/", "%"))


def _operator(op: str, a: Node, b: Node) -> Node:
    if op == "||":
        return lambda n: 1 if a(n) or b(n) else 0
    if op == "&&":
        return lambda n: 1 if a(n) and b(n) else 0
    if op in ("/", "%"):
        def divide(n: int) -> int:
            divisor = b(n)
            if divisor == 0:
                raise _DivisionByZero
            return a(n) // divisor if op == "/" else a(n) % divisor
        return divide
    simple: dict[str, Callable[[int, int], int]] = {
        "==": lambda x, y: int(x == y), "!=": lambda x, y: int(x != y),
        "<": lambda x, y: int(x < y), ">": lambda x, y: int(x > y),
        "<=": lambda x, y: int(x <= y), ">=": lambda x, y: int(x >= y),
        "+": lambda x, y: (x + y) & _MASK, "-": lambda x, y: (x - y) & _MASK,
        "*": lambda x, y: (x * y) & _MASK}
    fn = simple[op]
    return lambda n: fn(a(n), b(n))


@dataclass(frozen=True)
class PluralForms:
    """A checked plural rule: ``nplurals`` and the expression choosing a form for n."""

    nplurals: int
    expression: str
    # How many of n = 0 .. 1000 each form is used for.
    counts: tuple[int, ...] = field(repr=False, compare=False)
    _rule: Node = field(repr=False, compare=False)
    # The form of each n = 0 .. 1000 and of a few big numbers: the rule as a table.
    table: tuple[int, ...] = field(default=(), repr=False, compare=False)

    def index(self, n: int) -> int:
        """The form used for n (0 .. nplurals-1)."""
        return self._rule(n)

    def often(self, form: int) -> bool:
        """Whether a form is used for many numbers (then msgfmt wants every directive of
        ``msgid_plural`` in it); a form for a few numbers only, such as n = 1, may leave
        the number out (``%(num)d year`` → Hebrew ``שנה``)."""
        return form < len(self.counts) and self.counts[form] >= _OFTEN

    def only_for(self, form: int) -> int | None:
        """The one number a form is used for (1 for the singular of most languages), or
        None when it is used for several or none."""
        if form >= len(self.counts) or self.counts[form] != 1:
            return None
        return next(n for n in _CHECKED if self._rule(n) == form)

    def same_rule(self, other: PluralForms) -> bool:
        """Whether both rules choose the same form for every number (the expressions may
        be written differently)."""
        return self.nplurals == other.nplurals and self.table == other.table

    @property
    def value(self) -> str:
        return f"nplurals={self.nplurals}; plural={self.expression};"


# Where no Plural-Forms applies, gettext takes the Germanic rule.
def _germanic(n: int) -> int:
    return int(n != 1)


_BIG = (1_000_000, 1_000_001, 2_000_000, 10**9 + 1)
GERMANIC = PluralForms(2, "n != 1", (1, 1000), _germanic,
                       tuple(_germanic(n) for n in (*_CHECKED, *_BIG)))


@cache
def parse_plural_forms(value: str) -> PluralForms:
    """A ``Plural-Forms`` value as msgfmt reads it, or PluralFormsError with msgfmt's
    reason (``nplurals=`` missing or not a number, an invalid expression, or one that
    divides by zero or gives an index outside 0 .. nplurals-1 for some n up to 1000)."""
    at_nplurals, at_plural = value.find("nplurals="), value.find("plural=")
    if at_nplurals < 0 or at_plural < 0:
        missing = "nplurals=INTEGER" if at_nplurals < 0 else "plural=EXPRESSION"
        raise PluralFormsError(f"Plural-Forms has no {missing}", incomplete=True)
    count = re.match(r"\s*(\d+)", value[at_nplurals + 9:])
    if count is None:
        raise PluralFormsError("invalid nplurals value in Plural-Forms")
    nplurals = int(count.group(1))
    start = at_plural + 7
    try:
        rule, end = _compile(value[start:])
    except (_Syntax, RecursionError):
        raise PluralFormsError(f"invalid plural expression {value[start:].strip()!r} "
                               "in Plural-Forms") from None
    counts = [0] * nplurals
    table: list[int] = []
    for n in _CHECKED:
        try:
            form = rule(n)
        except _DivisionByZero:
            raise PluralFormsError("plural expression can produce division by "
                                   "zero") from None
        if form >= 1 << 63:
            raise PluralFormsError("plural expression can produce negative values")
        if form >= nplurals:
            raise PluralFormsError(f"nplurals = {nplurals} but plural expression can "
                                   f"produce values as large as {form}")
        counts[form] += 1
        table.append(form)
    for n in _BIG:  # msgfmt stops at 1000; a rule may differ at a million (fr, es)
        try:
            table.append(rule(n))
        except _DivisionByZero:
            table.append(-1)
    return PluralForms(nplurals, value[start:start + end].strip(), tuple(counts), rule,
                       tuple(table))


@cache
def plural_rule(code: str) -> PluralForms | None:
    """babel's plural rule for a language (None for a code babel does not know)."""
    from babel import UnknownLocaleError

    try:
        return parse_plural_forms(plural_forms(code))
    except (UnknownLocaleError, ValueError, TypeError):
        return None


def nplurals(catalog: Catalog) -> int:
    """How many msgstr[n] a plural entry of this catalog has: its Plural-Forms' count,
    else the Germanic two (what gettext assumes)."""
    value = catalog.headers.get("Plural-Forms")
    if value is not None:
        try:
            return parse_plural_forms(value).nplurals
        except PluralFormsError:
            pass
    return 2


def plural_problems(catalog: Catalog) -> tuple[PluralForms, list[tuple[int, str]]]:
    """The catalog's plural rule and what ``msgfmt -c`` refuses about it: (line, message)
    pairs, the line 0 for the header. Like msgfmt, only translated entries count (not
    fuzzy, not obsolete, first msgstr not empty); each one whose number of msgstr[n]
    differs from nplurals is reported at its own line.

    The rule returned is the catalog's, else the Germanic rule gettext falls back on.
    """
    plural = [m for m in catalog.messages if m.msgid_plural is not None and m.translated]
    value = catalog.headers.get("Plural-Forms")
    if value is None:
        if plural:
            return GERMANIC, [(plural[0].lineno, "the catalog has plural entries but no "
                                                 "Plural-Forms header")]
        return GERMANIC, []
    try:
        rule = parse_plural_forms(value)
    except PluralFormsError as exc:
        if exc.incomplete and not plural:
            return GERMANIC, []
        return GERMANIC, [(0, str(exc))]
    problems = [(m.lineno, f"{len(m.msgstr_plural)} msgstr[n] forms, but Plural-Forms "
                           f"says nplurals={rule.nplurals}")
                for m in plural if len(m.msgstr_plural) != rule.nplurals]
    return rule, problems
