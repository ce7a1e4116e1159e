"""Sentence boundaries for en, uk and ru news text, as spans into the original text.

``sentence_spans`` returns offsets, so the text between sentences stays verbatim in an
article's skeleton; ``sentences`` returns the stripped sentences themselves. The rules are
data (``rules/<lang>.toml``); a project adds abbreviations in its configuration::

    [tool.l10n.segment]
    abbreviations = { uk = ["вул"] }        # their period never ends a sentence
    abbreviations_final = { uk = ["тис"] }  # their period may also end one
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from l10n.errors import ConfigError
from l10n.segment.rules import rules_for
from l10n.segment.splitter import split

__all__ = ["sentence_spans", "sentences", "configured_abbreviations"]


def sentence_spans(text: str, lang: str, *, abbreviations: Iterable[str] = (),
                   abbreviations_final: Iterable[str] = ()) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of ``text``, each stripped of whitespace.

    The spans are in order and cover every non-whitespace character exactly once; a line
    break always ends a span. ``abbreviations`` are extra abbreviations (without or with
    their period) whose period never ends a sentence; ``abbreviations_final`` may end one.
    """
    rules = rules_for(lang, tuple(abbreviations), tuple(abbreviations_final))
    return split(text, rules)


def sentences(text: str, lang: str) -> list[str]:
    """The stripped sentences of one block of text, in order."""
    return [text[s:e] for s, e in split(text, rules_for(lang))]


def configured_abbreviations(section: Mapping[str, Any], lang: str,
                             file: Path | str = "") -> dict[str, tuple[str, ...]]:
    """The project's abbreviations for ``lang`` from the ``[segment]`` configuration table.

    Returns keyword arguments for ``sentence_spans``; a malformed value is a ConfigError.
    """
    found: dict[str, tuple[str, ...]] = {}
    for key in ("abbreviations", "abbreviations_final"):
        table = section.get(key, {})
        if not isinstance(table, Mapping):
            raise ConfigError(f"'segment.{key}' must be a table of language = [words]", file)
        words = table.get(lang, [])
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise ConfigError(f"'segment.{key}.{lang}' must be a list of strings", file)
        if words:
            found[key] = tuple(words)
    return found
