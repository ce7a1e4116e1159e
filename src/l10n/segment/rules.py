"""Per-language segmentation rules, read from ``rules/<lang>.toml`` (data, not code).

A rules file lists abbreviations by how their period behaves, a few closed word classes
(sentence openers, prepositions, verbs of saying, words that continue a name), agency
``dateline`` patterns and optional regular-expression ``break``/``no_break`` rules. The
comments in ``rules/en.toml`` and ``rules/uk.toml`` explain every key.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

# How the period of an abbreviation behaves.
INNER = "inner"  # never ends a sentence
FINAL = "final"  # ends it when the next word starts a sentence
BEFORE_STARTER = "before_starter"  # ends it only before a typical sentence opener
BEFORE_CAPITAL = "before_capital"  # ends it before a capital that does not continue a name
AFTER_NUMBER = "after_number"  # FINAL after a number, INNER elsewhere
CLASSES = (INNER, FINAL, BEFORE_STARTER, BEFORE_CAPITAL, AFTER_NUMBER)
WORD_KEYS = ("starters", "prepositions", "speech_verbs", "letter_words", "scale_words",
             "continuations")


@dataclass(frozen=True)
class BoundaryRule:
    """A regex pair: ``before`` matches the text up to the boundary, ``after`` the rest."""

    before: re.Pattern[str]
    after: re.Pattern[str]


@dataclass
class Rules:
    lang: str
    exact: dict[str, str] = field(default_factory=dict)  # entries with capitals
    folded: dict[str, str] = field(default_factory=dict)  # lower-case entries, any case
    starters: frozenset[str] = frozenset()
    prepositions: frozenset[str] = frozenset()
    speech_verbs: frozenset[str] = frozenset()
    letter_words: frozenset[str] = frozenset()
    scale_words: frozenset[str] = frozenset()
    continuations: frozenset[str] = frozenset()
    breaks: tuple[BoundaryRule, ...] = ()
    no_breaks: tuple[BoundaryRule, ...] = ()
    datelines: tuple[re.Pattern[str], ...] = ()
    # The other quotation convention, kept to measure it against (benchmarks/segment.py):
    # no boundary inside a quotation that closes on the same line.
    whole_quotations: bool = False

    def abbreviation(self, word: str) -> str | None:
        """The class of ``word`` (without its final period), or None if it is not listed."""
        found = self.exact.get(word)
        if found is None:
            found = self.folded.get(word.lower())
        return found

    def add(self, words: Iterable[str], cls: str) -> None:
        for word in words:
            word = word.strip().rstrip(".")
            if not word:
                continue
            table = self.folded if word == word.lower() else self.exact
            table[word] = cls


def _boundary_rules(raw: object, where: str) -> tuple[BoundaryRule, ...]:
    if not isinstance(raw, list):
        raise ValueError(f"{where}: must be an array of tables")
    rules = []
    for item in raw:
        if not isinstance(item, dict) or not {"before", "after"} <= item.keys():
            raise ValueError(f"{where}: every rule needs 'before' and 'after'")
        rules.append(BoundaryRule(re.compile(item["before"]), re.compile(item["after"])))
    return tuple(rules)


def _datelines(raw: object, where: str) -> tuple[re.Pattern[str], ...]:
    if not isinstance(raw, list):
        raise ValueError(f"{where}: must be an array of tables")
    patterns = []
    for item in raw:
        if not isinstance(item, dict) or not isinstance(item.get("pattern"), str):
            raise ValueError(f"{where}: every dateline needs a 'pattern'")
        if item["pattern"].startswith("^"):
            raise ValueError(f"{where}: a pattern is matched at the start of a line; "
                             "write it without '^'")
        patterns.append(re.compile(item["pattern"]))
    return tuple(patterns)


def parse_rules(lang: str, data: dict) -> Rules:
    """Build Rules from the parsed TOML of one language (see rules/en.toml)."""
    rules = Rules(lang)
    abbreviations = data.get("abbreviations", {})
    for cls, words in abbreviations.items():
        if cls not in CLASSES or not isinstance(words, list):
            raise ValueError(f"{lang}: unknown abbreviation class {cls!r}")
        rules.add(words, cls)
    words = data.get("words", {})
    for key, values in words.items():
        if key not in WORD_KEYS or not isinstance(values, list):
            raise ValueError(f"{lang}: unknown word class {key!r}")
    rules.starters = frozenset(w.lower() for w in words.get("starters", ()))
    rules.prepositions = frozenset(w.lower() for w in words.get("prepositions", ()))
    rules.speech_verbs = frozenset(w.lower() for w in words.get("speech_verbs", ()))
    rules.letter_words = frozenset(words.get("letter_words", ()))
    rules.scale_words = frozenset(w.lower().rstrip(".") for w in words.get("scale_words", ()))
    rules.continuations = frozenset(w.lower() for w in words.get("continuations", ()))
    rules.datelines = _datelines(data.get("dateline", []), f"{lang}: dateline")
    if not isinstance(data.get("latin_abbreviations", ""), str):
        raise ValueError(f"{lang}: 'latin_abbreviations' must name a language")
    rules.breaks = _boundary_rules(data.get("break", []), f"{lang}: break")
    rules.no_breaks = _boundary_rules(data.get("no_break", []), f"{lang}: no_break")
    return rules


def _base_language(lang: str) -> str:
    return re.split(r"[-_@.]", lang or "", maxsplit=1)[0].lower()


@cache
def _builtin(lang: str) -> Rules:
    # Beside this module (l10n runs from files: code_fingerprint hashes them too), read
    # without importlib.resources, whose import alone costs a one-article build 1%.
    resource = Path(__file__).parent / "rules" / f"{lang}.toml"
    if not resource.is_file():
        return Rules(lang)  # no language-specific rules: punctuation and initials only
    data = tomllib.loads(resource.read_text(encoding="utf-8"))
    rules = parse_rules(lang, data)
    latin = data.get("latin_abbreviations")
    if latin is not None and _base_language(latin) != lang:
        # Latin-script names in Cyrillic text keep their own abbreviations ("Dr. Oetker").
        other = _builtin(_base_language(latin))
        for table, theirs in ((rules.exact, other.exact), (rules.folded, other.folded)):
            for word, cls in theirs.items():
                if word.isascii():
                    table.setdefault(word, cls)
    return rules


@lru_cache(maxsize=64)
def rules_for(lang: str, inner: tuple[str, ...] = (), final: tuple[str, ...] = ()) -> Rules:
    """The rules for ``lang`` (``uk_UA`` uses ``uk``), plus project abbreviations."""
    base = _builtin(_base_language(lang))
    if not inner and not final:
        return base
    rules = replace(base, exact=dict(base.exact), folded=dict(base.folded))
    rules.add(inner, INNER)
    rules.add(final, FINAL)
    return rules
