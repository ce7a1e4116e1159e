"""The project glossary: ``term,language,translation,notes`` rows in a CSV file.

A term found in a source sentence must appear in the translation as the glossary says.
Ukrainian and Russian inflect nouns (Україна, України, Україною), so both sides are matched
by word stems: a word matches when it starts with the glossary word less its last two
letters.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from l10n.errors import ConfigError

COLUMNS = ("term", "language", "translation")


@dataclass(frozen=True)
class Term:
    term: str
    language: str
    translation: str
    line: int
    source_re: re.Pattern[str]
    target_re: re.Pattern[str]


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


def load(path: Path, shown: str) -> list[Term]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError("glossary file not found", shown) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read glossary: {exc}", shown) from None
    reader = csv.DictReader(text.splitlines())
    fields = [f.strip().lower() for f in reader.fieldnames or []]
    if any(c not in fields for c in COLUMNS):
        raise ConfigError("glossary needs the columns term,language,translation,notes", shown, 1)
    reader.fieldnames = fields
    terms: list[Term] = []
    for row in reader:
        line = reader.line_num
        term = (row.get("term") or "").strip()
        lang = (row.get("language") or "").strip()
        translation = (row.get("translation") or "").strip()
        if not term and not translation:
            continue
        if not term or not lang or not translation:
            raise ConfigError("glossary row needs a term, a language and a translation",
                              shown, line)
        if not re.search(r"\w", term) or not re.search(r"\w", translation):
            raise ConfigError("glossary term and translation need letters or digits",
                              shown, line)
        terms.append(Term(term, lang, translation, line, _source_pattern(term),
                          _stem_pattern(translation)))
    return terms


def same_language(a: str, b: str) -> bool:
    return a.replace("-", "_").lower() == b.replace("-", "_").lower()


def missing_terms(terms: list[Term], source: str, translation: str) -> list[Term]:
    """Terms (already filtered for the target language) used in the source but not rendered."""
    return [t for t in terms if t.source_re.search(source)
            and not t.target_re.search(translation)]
