"""Sentence boundaries for en, uk and ru news text, as spans into the original text.

``sentence_spans`` returns offsets, so the text between sentences stays verbatim in an
article's skeleton; ``sentences`` returns the stripped sentences themselves. The rules are
data (``rules/<lang>.toml``); a project adds abbreviations in its configuration (read
into :class:`l10n.config.SegmentSettings`)::

    [tool.l10n.segment]
    abbreviations = { uk = ["вул"] }        # their period never ends a sentence
    abbreviations_final = { uk = ["тис"] }  # their period may also end one
"""

from __future__ import annotations

from collections.abc import Iterable

from l10n.segment.rules import rules_for
from l10n.segment.splitter import split

__all__ = ["sentence_spans", "sentences"]


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
