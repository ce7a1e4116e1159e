"""The project glossary: ``term,language,translation,notes`` rows in a CSV file (an
optional ``source_language`` column too), or a TBX file; the same files the translate
step's glossary reads.

A term found in a source sentence must appear in the translation as the glossary says.
Ukrainian and Russian inflect nouns (Україна, України, Україною), so both sides are matched
by word stems: a word matches when it starts with the glossary word less its last two
letters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from l10n.errors import ConfigError
from l10n.translate.glossary import primary, read_glossary

__all__ = ["Term", "load", "missing_terms", "primary"]


@dataclass(frozen=True)
class Term:
    term: str
    language: str
    translation: str
    line: int
    source_re: re.Pattern[str]
    target_re: re.Pattern[str]
    source_language: str = ""


def _stem_pattern(phrase: str) -> re.Pattern[str]:
    words = re.findall(r"\w+", phrase)
    parts = []
    for word in words:
        stem = word[:-2] if len(word) > 4 else word
        parts.append(re.escape(stem) + r"\w*")
    return re.compile(r"(?<!\w)" + r"\W+".join(parts) + r"(?!\w)", re.IGNORECASE)


def _source_pattern(term: str) -> re.Pattern[str]:
    # English inflects little: plural and possessive endings only.
    return re.compile(r"(?<!\w)" + re.escape(term) + r"(?:s|es|'s|’s)?(?!\w)", re.IGNORECASE)


def load(path: Path, shown: str, default_source: str) -> list[Term]:
    """The terms of a CSV or TBX glossary; ``default_source`` is the language of the CSV
    ``term`` column unless a ``source_language`` column says otherwise."""
    return [_term(t.source, t.source_language, t.language, t.translation, t.line, shown)
            for t in read_glossary(path, default_source, shown).terms]


def _term(source: str, source_lang: str, lang: str, translation: str, line: int,
          shown: str) -> Term:
    if not re.search(r"\w", source) or not re.search(r"\w", translation):
        raise ConfigError("glossary term and translation need letters or digits", shown, line)
    return Term(source, primary(lang), translation, line, _source_pattern(source),
                _stem_pattern(translation), primary(source_lang))


def missing_terms(terms: list[Term], source: str, translation: str) -> list[Term]:
    """Terms (already filtered for the target language) used in the source but not rendered."""
    return [t for t in terms if t.source_re.search(source)
            and not t.target_re.search(translation)]
